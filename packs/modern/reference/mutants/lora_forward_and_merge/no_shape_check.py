"""Mutant: no shape checks; NumPy raises for most mismatches, but a B with one row or a bias
with one entry broadcasts silently."""


def lora_forward_and_merge(x, W, b, A, B, alpha):
    scale = alpha / A.shape[0]
    return x @ W.T + b + scale * ((x @ A.T) @ B.T), W + scale * (B @ A)
