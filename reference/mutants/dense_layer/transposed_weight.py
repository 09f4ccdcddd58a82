"""Mutant: x @ W + b, treating W as (in_features, out_features) (Keras's kernel layout)."""


def dense_layer(x, W, b):
    return x @ W + b
