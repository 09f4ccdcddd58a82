"""Alternative solution: einsum over explicit indices, shapes checked one by one."""

import numpy as np


def lora_forward_and_merge(x, W, b, A, B, alpha):
    d_out, d_in = W.shape
    r = A.shape[0]
    expected = {
        "x[-1]": (x.shape[-1], d_in),
        "A": (A.shape, (r, d_in)),
        "B": (B.shape, (d_out, r)),
        "b": (b.shape, (d_out,)),
    }
    for name, (got, want) in expected.items():
        if got != want:
            raise ValueError(f"{name}: got {got}, want {want}")
    scale = alpha / r
    low = np.einsum("...i,ri->...r", x, A)
    y = np.einsum("...i,oi->...o", x, W) + b + scale * np.einsum("...r,or->...o", low, B)
    merged = W + scale * np.einsum("or,ri->oi", B, A)
    return y, merged
