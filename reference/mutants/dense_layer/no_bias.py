"""Mutant: forgets the bias."""


def dense_layer(x, W, b):
    return x @ W.T
