"""Mutant: merges the transposed update A^T B^T (the x @ W convention) into an nn.Linear-style
weight of shape (d_out, d_in). Shape-valid only when d_in = d_out; the forward pass is right."""


def lora_forward_and_merge(x, W, b, A, B, alpha):
    d_out, d_in = W.shape
    r = A.shape[0]
    if x.shape[-1] != d_in or A.shape != (r, d_in) or B.shape != (d_out, r) or b.shape != (d_out,):
        raise ValueError("shapes do not fit")
    scale = alpha / r
    return x @ W.T + b + scale * ((x @ A.T) @ B.T), W + scale * (A.T @ B.T)
