"""Reference for `normalize_activations`: LayerNorm, RMSNorm and (training-mode) BatchNorm of a
batch of token vectors x of shape (N, T, D), in NumPy.

    layer:  per token (n, t), over the D features:   y = (x - mean) / sqrt(var + eps) * g + b
    rms:    per token (n, t), over the D features:   y = x / sqrt(mean(x^2) + eps) * g
            (no mean subtracted, no shift: RMSNorm has only the gain g)
    batch:  per feature d, over the N * T tokens:    y = (x - mean) / sqrt(var + eps) * g + b
            (training mode: the batch's own statistics; var is biased, divided by N * T)
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

KINDS = ("layer", "rms", "batch")


def reference(
    x: np.ndarray,
    kind: str,
    gamma: np.ndarray,
    beta: np.ndarray | None = None,
    eps: float = 1e-5,
) -> np.ndarray:
    """Normalise x (N, T, D) as `kind` says; gamma (D,), beta (D,) or None."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if kind == "rms":
        if beta is not None:
            raise ValueError("RMSNorm has no shift (beta): pass beta=None")
        rms = np.sqrt((x**2).mean(axis=-1, keepdims=True) + eps)
        return x / rms * gamma
    if kind == "layer":
        axes: tuple[int, ...] = (-1,)
    else:
        n, t = x.shape[0], x.shape[1]
        if n * t < 2:
            raise ValueError("batch statistics need more than 1 value per feature")
        axes = (0, 1)
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)  # biased
    y = (x - mean) / np.sqrt(var + eps) * gamma
    return y if beta is None else y + beta


def oracle(
    x: np.ndarray,
    kind: str,
    gamma: np.ndarray,
    beta: np.ndarray | None = None,
    eps: float = 1e-5,
) -> np.ndarray:
    """F.layer_norm, F.rms_norm, and F.batch_norm in training mode on the (N, D, T) layout
    that BatchNorm1d expects (channels second)."""
    import torch
    import torch.nn.functional as F

    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    xt, g = torch.from_numpy(x), torch.from_numpy(gamma)
    b = None if beta is None else torch.from_numpy(beta)
    d = x.shape[-1]
    if kind == "layer":
        return F.layer_norm(xt, (d,), g, b, eps).numpy()
    if kind == "rms":
        if b is not None:
            raise ValueError("nn.RMSNorm has no bias")
        return F.rms_norm(xt, (d,), g, eps).numpy()
    # F.batch_norm raises ValueError itself for one value per channel in training mode
    y = F.batch_norm(xt.permute(0, 2, 1), None, None, g, b, training=True, eps=eps)
    return y.permute(0, 2, 1).contiguous().numpy()


def _case(
    name: str,
    x: object,
    kind: str,
    gamma: object,
    beta: object = None,
    eps: float = 1e-5,
    raises: str | None = None,
) -> Case:
    x = np.array(x, dtype=np.float64)
    gamma = np.array(gamma, dtype=np.float64)
    beta = None if beta is None else np.array(beta, dtype=np.float64)
    return Case(name, (x, kind, gamma), {"beta": beta, "eps": eps}, raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: each kind on a tiny input, the axes, the biased variance, eps inside the
    square root, RMSNorm without the mean, and the three refusals."""
    rng = np.random.default_rng(16)
    one_token = [[[1.0, 2.0, 3.0, 6.0]]]
    shifted = [[[4.0, 5.0, 6.0, 9.0], [1.0, 1.0, 1.0, 5.0]]]  # a mean far from 0
    seq = rng.normal(loc=1.0, scale=2.0, size=(3, 4, 5))
    tiny = 0.1 * rng.normal(size=(2, 3, 4))
    ones4, zeros4 = [1.0] * 4, [0.0] * 4
    return [
        _case(
            "layer, one token [1, 2, 3, 6], gamma=1, beta=0: (x - 3) / sqrt(3.5 + eps), the "
            "variance divided by D=4 (biased)",
            one_token,
            "layer",
            ones4,
            zeros4,
        ),
        _case(
            "rms, one token [1, 2, 3, 6], gamma=1: x / sqrt(mean(x^2) + eps) = x / sqrt(12.5), "
            "no mean subtracted",
            one_token,
            "rms",
            ones4,
        ),
        _case(
            "rms with tokens whose mean is far from 0: RMSNorm does not centre them",
            shifted,
            "rms",
            [1.0, 2.0, 0.5, -1.0],
        ),
        _case(
            "layer with gamma and beta on (N=3, T=4, D=5): statistics per token, over D only",
            seq,
            "layer",
            rng.normal(size=5),
            rng.normal(size=5),
        ),
        _case(
            "batch on (N=3, T=4, D=5): per feature, over all N*T = 12 tokens (not per time step)",
            seq,
            "batch",
            rng.normal(size=5),
            rng.normal(size=5),
        ),
        _case(
            "batch with N=1, T=6: the tokens of one sequence still give 6 values per feature",
            rng.normal(size=(1, 6, 3)),
            "batch",
            [1.0, 1.0, 1.0],
            [0.0, 0.5, -0.5],
        ),
        _case(
            "layer, beta=None: no shift, only the gain",
            rng.normal(size=(2, 2, 3)),
            "layer",
            [2.0, -1.0, 0.5],
        ),
        _case(
            "small activations (std 0.1) with eps = 0.05: eps goes inside the square root, "
            "sqrt(var + eps)",
            tiny,
            "layer",
            ones4,
            zeros4,
            eps=0.05,
        ),
        _case(
            "rms of small activations with eps = 0.05: sqrt(mean(x^2) + eps)",
            tiny,
            "rms",
            ones4,
            eps=0.05,
        ),
        _case(
            "batch of small activations with eps = 0.05",
            tiny,
            "batch",
            ones4,
            zeros4,
            eps=0.05,
        ),
        _case(
            "rms with a beta: RMSNorm has no shift, raise ValueError",
            shifted,
            "rms",
            ones4,
            zeros4,
            raises="ValueError",
        ),
        _case(
            "batch with N*T = 1: one value per feature, raise ValueError",
            one_token,
            "batch",
            ones4,
            zeros4,
            raises="ValueError",
        ),
        _case(
            "kind='group' is not one of layer, rms, batch: raise ValueError",
            seq[:, :, :4],
            "group",
            ones4,
            zeros4,
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random kind and shape; activations with a random offset and scale."""
    kind = KINDS[index % 3]
    n, t, d = int(rng.integers(1, 5)), int(rng.integers(2, 7)), int(rng.integers(2, 17))
    x = rng.normal(loc=rng.normal(scale=2.0), scale=rng.uniform(0.2, 3.0), size=(n, t, d))
    gamma = rng.normal(loc=1.0, scale=0.5, size=d)
    beta = None if kind == "rms" or rng.random() < 0.3 else rng.normal(size=d)
    eps = float(rng.choice([1e-5, 1e-6, 1e-3]))
    name = f"random #{index}: {kind}, (N, T, D) = ({n}, {t}, {d}), eps={eps:g}"
    return Case(name, (x, kind, gamma), {"beta": beta, "eps": eps})
