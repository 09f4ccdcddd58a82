"""Mutant: leaves out the ReLU, so the two layers collapse into one linear map."""


def mlp_forward(x, W1, b1, W2, b2):
    hidden = x @ W1.T + b1
    return hidden @ W2.T + b2
