"""Reference for `lora_forward_and_merge`: a LoRA-adapted linear layer (Hu et al., 2021),
y = x W^T + b + (alpha/r) (x A^T) B^T, and its merged weight W + (alpha/r) B A."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check_shapes(x, W, b, A, B) -> None:
    d_out, d_in = W.shape
    r = A.shape[0]
    if x.shape[-1] != d_in:
        raise ValueError(f"x has {x.shape[-1]} features, W expects {d_in}")
    if A.shape != (r, d_in):
        raise ValueError(f"A has shape {A.shape}, expected (r, {d_in})")
    if B.shape != (d_out, r):
        raise ValueError(f"B has shape {B.shape}, expected ({d_out}, {r})")
    if b.shape != (d_out,):
        raise ValueError(f"b has shape {b.shape}, expected ({d_out},)")


def reference(x, W, b, A, B, alpha):
    """The adapter path for y (never forming B A), and the merged weight."""
    _check_shapes(x, W, b, A, B)
    scale = alpha / A.shape[0]
    y = x @ W.T + b + scale * ((x @ A.T) @ B.T)
    merged_W = W + scale * (B @ A)
    return y, merged_W


def oracle(x, W, b, A, B, alpha):
    """PyTorch modules as PEFT builds them (a frozen nn.Linear, lora_A and lora_B without bias);
    load_state_dict checks every shape. The merged weight is read off the adapted layer itself:
    it is linear in x, so feeding it the identity (minus its output at 0) gives W_eff^T."""
    import torch

    x, W, b, A, B = (torch.from_numpy(np.asarray(v, dtype=np.float64)) for v in (x, W, b, A, B))
    d_out, d_in = W.shape
    r = A.shape[0]
    base = torch.nn.Linear(d_in, d_out, dtype=torch.float64)
    lora_a = torch.nn.Linear(d_in, r, bias=False, dtype=torch.float64)
    lora_b = torch.nn.Linear(r, d_out, bias=False, dtype=torch.float64)
    try:
        base.load_state_dict({"weight": W, "bias": b})
        lora_a.load_state_dict({"weight": A})
        lora_b.load_state_dict({"weight": B})
    except RuntimeError as exc:
        raise ValueError(str(exc)) from exc
    if x.shape[-1] != d_in:
        raise ValueError("x does not fit W")
    scale = alpha / r

    def layer(inputs):
        return base(inputs) + scale * lora_b(lora_a(inputs))

    with torch.no_grad():
        y = layer(x)
        eye = torch.eye(d_in, dtype=torch.float64)
        merged = (layer(eye) - layer(torch.zeros(1, d_in, dtype=torch.float64))).T
    return y.numpy(), merged.numpy()


def _case(name, x, W, b, A, B, alpha, raises=None) -> Case:
    arrays = (np.array(v, dtype=np.float64) for v in (x, W, b, A, B))
    return Case(name, (*arrays, alpha), raises=raises)


def edge_cases() -> list[Case]:
    """Zero-initialised B, square weights (where a transposed merge is shape-valid), scales
    alpha/r of 2 and 1/2, leading batch dimensions, and one case per shape mismatch."""
    W3 = [[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [3.0, 1.0, 0.0]]
    return [
        _case(
            "B = 0 (LoRA's initialisation): y is the base layer's output, merged_W = W",
            [[1.0, 2.0]],
            [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
            [0.0, 0.0, 1.0],
            [[1.0, 1.0]],
            [[0.0], [0.0], [0.0]],
            8.0,
        ),
        _case(
            "W = 0, b = 0, r = 1, alpha = 1 (scale 1): y = (x . a) b_col",
            [[1.0, 2.0], [0.0, 1.0]],
            [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]],
            [0.0, 0.0, 0.0],
            [[1.0, -1.0]],
            [[1.0], [2.0], [0.0]],
            1.0,
        ),
        _case(
            "square 3x3 W, r = 2, alpha = 4: scale alpha/r = 2, and B A is not symmetric",
            [[1.0, 0.0, 1.0], [2.0, -1.0, 0.0]],
            W3,
            [0.5, 0.0, -0.5],
            [[1.0, 0.0, 2.0], [0.0, 1.0, 0.0]],
            [[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]],
            4.0,
        ),
        _case(
            "r = 4 on a 4x4 W (full rank), alpha = 2: scale 1/2",
            [[1.0, -1.0, 0.0, 2.0]],
            [
                [1.0, 0.0, 0.0, 0.0],
                [0.0, 2.0, 0.0, 0.0],
                [0.0, 0.0, 3.0, 0.0],
                [1.0, 0.0, 0.0, 1.0],
            ],
            [1.0, 1.0, 1.0, 1.0],
            [
                [1.0, 2.0, 0.0, 0.0],
                [0.0, 1.0, 3.0, 0.0],
                [0.0, 0.0, 1.0, 4.0],
                [5.0, 0.0, 0.0, 1.0],
            ],
            [
                [0.0, 1.0, 0.0, 0.0],
                [0.0, 0.0, 1.0, 0.0],
                [0.0, 0.0, 0.0, 1.0],
                [1.0, 0.0, 0.0, 0.0],
            ],
            2.0,
        ),
        _case(
            "x of shape (2, 2, 3) (batch, tokens, d_in), d_out = 2, r = 2, alpha = 16",
            [[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], [[0.0, 0.0, 1.0], [1.0, 1.0, 1.0]]],
            [[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]],
            [0.0, 1.0],
            [[0.5, 0.0, -0.5], [0.0, 0.25, 0.0]],
            [[1.0, 0.0], [-1.0, 1.0]],
            16.0,
        ),
        _case(
            "x has 3 features but W expects 2: raise ValueError",
            [[1.0, 2.0, 3.0]],
            [[1.0, 0.0], [0.0, 1.0]],
            [0.0, 0.0],
            [[1.0, 1.0]],
            [[1.0], [1.0]],
            1.0,
            raises="ValueError",
        ),
        _case(
            "A has 3 columns but d_in = 2: raise ValueError",
            [[1.0, 2.0]],
            [[1.0, 0.0], [0.0, 1.0]],
            [0.0, 0.0],
            [[1.0, 1.0, 1.0]],
            [[1.0], [1.0]],
            1.0,
            raises="ValueError",
        ),
        _case(
            "B has 1 row but d_out = 3 (it would broadcast silently): raise ValueError",
            [[1.0, 2.0]],
            [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
            [0.0, 0.0, 0.0],
            [[1.0, 1.0]],
            [[2.0]],
            1.0,
            raises="ValueError",
        ),
        _case(
            "B has 2 columns but A has r = 1 row: raise ValueError",
            [[1.0, 2.0]],
            [[1.0, 0.0], [0.0, 1.0]],
            [0.0, 0.0],
            [[1.0, 1.0]],
            [[1.0, 0.0], [0.0, 1.0]],
            1.0,
            raises="ValueError",
        ),
        _case(
            "b has 1 entry but d_out = 2 (it would broadcast silently): raise ValueError",
            [[1.0, 2.0]],
            [[1.0, 0.0], [0.0, 1.0]],
            [5.0],
            [[1.0, 1.0]],
            [[1.0], [1.0]],
            1.0,
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Square or rectangular weights, r from 1 to 8, alpha in {1, 8, 16, 32}, and sometimes a
    (batch, tokens, d_in) input."""
    d_in = int(rng.integers(2, 17))
    d_out = d_in if index % 3 == 0 else int(rng.integers(2, 17))
    r = int(rng.integers(1, min(d_in, d_out, 8) + 1))
    alpha = float(rng.choice([1.0, 8.0, 16.0, 32.0]))
    shape = (
        (int(rng.integers(1, 4)), int(rng.integers(1, 5)))
        if index % 2
        else (int(rng.integers(1, 7)),)
    )
    x = rng.normal(size=(*shape, d_in))
    W = rng.normal(size=(d_out, d_in)) / np.sqrt(d_in)
    b = rng.normal(size=d_out)
    A = rng.normal(size=(r, d_in)) / np.sqrt(d_in)
    B = rng.normal(size=(d_out, r)) * 0.1
    return Case(
        f"random #{index}: x {x.shape}, W ({d_out}, {d_in}), r = {r}, alpha = {alpha:g}",
        (x, W, b, A, B, alpha),
    )
