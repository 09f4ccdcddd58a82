"""Alternative solution: other weights (hidden OR and AND, output OR - 2 AND), with loops."""

W1 = [[1.0, 1.0], [1.0, 1.0]]
b1 = [-0.5, -1.5]
W2 = [[1.0, -2.0]]
b2 = [-0.5]


def step(z):
    return 1.0 if z >= 0 else 0.0


def xor_network(x):
    predictions = []
    for sample in x:
        hidden = []
        for row, bias in zip(W1, b1, strict=True):
            hidden.append(step(sum(w * v for w, v in zip(row, sample, strict=True)) + bias))
        output = step(sum(w * h for w, h in zip(W2[0], hidden, strict=True)) + b2[0])
        predictions.append(output)
    return predictions
