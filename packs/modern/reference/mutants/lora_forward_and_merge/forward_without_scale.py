"""Mutant: the merge scales B A by alpha / r, but the forward pass adds the adapter unscaled."""


def lora_forward_and_merge(x, W, b, A, B, alpha):
    d_out, d_in = W.shape
    r = A.shape[0]
    if x.shape[-1] != d_in or A.shape != (r, d_in) or B.shape != (d_out, r) or b.shape != (d_out,):
        raise ValueError("shapes do not fit")
    scale = alpha / r
    return x @ W.T + b + (x @ A.T) @ B.T, W + scale * (B @ A)
