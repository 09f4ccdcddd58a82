"""Mutant: flattens the input to 2-D (x.reshape(-1, D)) and returns the 2-D result, so a single
sample (D,) gives (1, M) and a batch of sequences (B, T, D) gives (B*T, M)."""


def dense_layer(x, W, b):
    return x.reshape(-1, W.shape[1]) @ W.T + b
