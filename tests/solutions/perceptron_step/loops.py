"""Alternative solution: plain Python loops, no vectorised dot product."""


def perceptron_step(w, b, x, y, lr):
    activation = b
    for w_i, x_i in zip(w, x, strict=True):
        activation += w_i * x_i
    prediction = 1 if activation >= 0 else 0
    if prediction == y:
        return w.copy(), float(b)
    step = lr * (y - prediction)
    w_new = w.copy()
    for i in range(len(w_new)):
        w_new[i] += step * x[i]
    return w_new, float(b + step)
