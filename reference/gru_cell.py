"""Reference for `gru_cell`: one step of a GRU, in the convention of `torch.nn.GRUCell`.

Rows of W_ih, W_hh, b_ih and b_hh are stacked as [reset r; update z; candidate n]:

    r  = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)
    z  = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
    n  = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))     r acts AFTER the hidden matmul
    h' = (1 - z) * n + z * h                                z keeps the OLD state
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)) without overflow for large |x|."""
    return np.exp(-np.logaddexp(0.0, -x))


def reference(
    x: np.ndarray,
    h: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> np.ndarray:
    """The new hidden state (N, H) for a batch of inputs x (N, D) and states h (N, H)."""
    gi = x @ W_ih.T + b_ih  # (N, 3H): input part of the r, z, n pre-activations
    gh = h @ W_hh.T + b_hh  # (N, 3H): hidden part, bias included
    i_r, i_z, i_n = np.split(gi, 3, axis=1)
    h_r, h_z, h_n = np.split(gh, 3, axis=1)
    r = _sigmoid(i_r + h_r)
    z = _sigmoid(i_z + h_z)
    n = np.tanh(i_n + r * h_n)
    return (1.0 - z) * n + z * h


def oracle(
    x: np.ndarray,
    h: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> np.ndarray:
    """`torch.nn.GRUCell` in float64 with the given weights copied in."""
    import torch

    D, H = x.shape[1], h.shape[1]
    cell = torch.nn.GRUCell(D, H, bias=True, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.copy_(torch.from_numpy(W_ih))
        cell.weight_hh.copy_(torch.from_numpy(W_hh))
        cell.bias_ih.copy_(torch.from_numpy(b_ih))
        cell.bias_hh.copy_(torch.from_numpy(b_hh))
        out = cell(torch.from_numpy(x), torch.from_numpy(h))
    return out.numpy().copy()


def _case(
    name: str,
    rng: np.random.Generator,
    N: int,
    D: int,
    H: int,
    scale: float = 1.0,
    zero_state: bool = False,
) -> Case:
    """Gaussian x, states in (-1, 1), weights ~ N(0, scale^2 / fan_in), biases ~ N(0, scale^2)."""
    x = rng.normal(size=(N, D))
    h = np.zeros((N, H)) if zero_state else rng.uniform(-1.0, 1.0, size=(N, H))
    W_ih = rng.normal(scale=scale / np.sqrt(D), size=(3 * H, D))
    W_hh = rng.normal(scale=scale / np.sqrt(H), size=(3 * H, H))
    b_ih = rng.normal(scale=scale, size=3 * H)
    b_hh = rng.normal(scale=scale, size=3 * H)
    return Case(name, (x, h, W_ih, W_hh, b_ih, b_hh))


def edge_cases() -> list[Case]:
    """Fixed cases: each one exposes a different convention mistake."""
    rng = np.random.default_rng(49)
    cases = [
        _case("a batch of one (N=1)", rng, 1, 3, 3),
        _case("hidden size different from input size (H=4, D=7): catches transposes", rng, 5, 7, 4),
        _case(
            "zero hidden state (h=0): the reset gate only scales b_hn",
            rng,
            3,
            4,
            5,
            zero_state=True,
        ),
        _case(
            "large weights (pre-activations of tens): gates saturate at 0 or 1", rng, 6, 5, 4, 12.0
        ),
        _case("a large batch (N=256)", rng, 256, 6, 8),
        _case(
            "pre-activations of about +-1000: exp overflows, yet no gate may be NaN",
            rng,
            4,
            3,
            5,
            scale=600.0,
        ),
    ]

    N, D, H = 4, 3, 5
    x = rng.normal(size=(N, D))
    h = rng.uniform(-1.0, 1.0, size=(N, H))
    zero_ih, zero_hh = np.zeros((3 * H, D)), np.zeros((3 * H, H))
    cases.append(
        Case(
            "all weights and biases zero: r = z = 1/2, n = 0, so h' = h/2",
            (x, h, zero_ih, zero_hh, np.zeros(3 * H), np.zeros(3 * H)),
        )
    )
    b_ih = rng.normal(scale=1.5, size=3 * H)
    b_hh = rng.normal(scale=1.5, size=3 * H)
    cases.append(
        Case(
            "zero weights, non-zero biases: n = tanh(b_in + r * b_hn), h' = (1 - z) n + z h",
            (x, h, zero_ih, zero_hh, b_ih, b_hh),
        )
    )
    # the simplest, most diagnostic cases first (zero weights, a single step or head)
    order = (0, 6, 7, 2, 1, 3, 5, 4)
    assert sorted(order) == list(range(len(cases)))
    return [cases[i] for i in order]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random sizes (N up to 16, D and H up to 10) and weight scales."""
    N = int(rng.integers(1, 17))
    D = int(rng.integers(1, 11))
    H = int(rng.integers(1, 11))
    scale = float(rng.uniform(0.5, 3.0))
    return _case(f"random #{index}: N={N}, D={D}, H={H}", rng, N, D, H, scale)
