"""Reference for `lstm_cell`: one step of an LSTM, in the convention of `torch.nn.LSTMCell`.

Rows of W_ih, W_hh, b_ih and b_hh are stacked as [input i; forget f; candidate g; output o]:

    i  = sigmoid(x W_ii^T + b_ii + h W_hi^T + b_hi)     gates: values in (0, 1)
    f  = sigmoid(x W_if^T + b_if + h W_hf^T + b_hf)
    g  = tanh(x W_ig^T + b_ig + h W_hg^T + b_hg)        candidate: values in (-1, 1)
    o  = sigmoid(x W_io^T + b_io + h W_ho^T + b_ho)
    c' = f * c + i * g                                  f = 1 KEEPS the old cell
    h' = o * tanh(c')
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
    c: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(h_new, c_new), each (N, H), for inputs x (N, D) and states h, c (N, H)."""
    pre = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh  # (N, 4H): i, f, g, o pre-activations
    a_i, a_f, a_g, a_o = np.split(pre, 4, axis=1)
    i, f, o = _sigmoid(a_i), _sigmoid(a_f), _sigmoid(a_o)
    g = np.tanh(a_g)
    c_new = f * c + i * g
    h_new = o * np.tanh(c_new)
    return h_new, c_new


def oracle(
    x: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """`torch.nn.LSTMCell` in float64 with the given weights copied in."""
    import torch

    D, H = x.shape[1], h.shape[1]
    cell = torch.nn.LSTMCell(D, H, bias=True, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.copy_(torch.from_numpy(W_ih))
        cell.weight_hh.copy_(torch.from_numpy(W_hh))
        cell.bias_ih.copy_(torch.from_numpy(b_ih))
        cell.bias_hh.copy_(torch.from_numpy(b_hh))
        h_new, c_new = cell(torch.from_numpy(x), (torch.from_numpy(h), torch.from_numpy(c)))
    return h_new.numpy().copy(), c_new.numpy().copy()


def _case(
    name: str,
    rng: np.random.Generator,
    N: int,
    D: int,
    H: int,
    scale: float = 1.0,
    zero_state: bool = False,
    cell_scale: float = 1.0,
) -> Case:
    """Gaussian x, h in (-1, 1), c ~ N(0, cell_scale^2), weights ~ N(0, scale^2 / fan_in),
    biases ~ N(0, scale^2)."""
    x = rng.normal(size=(N, D))
    if zero_state:
        h, c = np.zeros((N, H)), np.zeros((N, H))
    else:
        h = rng.uniform(-1.0, 1.0, size=(N, H))
        c = rng.normal(scale=cell_scale, size=(N, H))
    W_ih = rng.normal(scale=scale / np.sqrt(D), size=(4 * H, D))
    W_hh = rng.normal(scale=scale / np.sqrt(H), size=(4 * H, H))
    b_ih = rng.normal(scale=scale, size=4 * H)
    b_hh = rng.normal(scale=scale, size=4 * H)
    return Case(name, (x, h, c, W_ih, W_hh, b_ih, b_hh))


def edge_cases() -> list[Case]:
    """Fixed cases: each one exposes a different mistake."""
    rng = np.random.default_rng(48)
    cases = [
        _case("a batch of one (N=1)", rng, 1, 3, 3),
        _case("hidden size different from input size (D=7, H=4): catches transposes", rng, 5, 7, 4),
        _case("zero states (h=0, c=0): c' = i * g", rng, 3, 4, 5, zero_state=True),
        _case(
            "large weights (pre-activations of tens): gates saturate near 0 or 1",
            rng,
            6,
            5,
            4,
            scale=12.0,
        ),
        _case(
            "a large cell state (|c| up to ~15): h' = o * tanh(c') saturates",
            rng,
            4,
            3,
            6,
            cell_scale=6.0,
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
    c = rng.normal(scale=2.0, size=(N, H))
    zero_ih, zero_hh = np.zeros((4 * H, D)), np.zeros((4 * H, H))
    cases.append(
        Case(
            "all weights and biases zero: every gate is 1/2 (not 0 or 1), g = 0, so c' = c/2",
            (x, h, c, zero_ih, zero_hh, np.zeros(4 * H), np.zeros(4 * H)),
        )
    )
    b_ih = rng.normal(scale=1.5, size=4 * H)
    b_hh = rng.normal(scale=1.5, size=4 * H)
    cases.append(
        Case(
            "zero weights, non-zero biases: each gate block gets its own bias",
            (x, h, c, zero_ih, zero_hh, b_ih, b_hh),
        )
    )
    # the simplest, most diagnostic cases first (zero weights, a single step or head)
    order = (0, 7, 8, 2, 1, 3, 4, 6, 5)
    assert sorted(order) == list(range(len(cases)))
    return [cases[i] for i in order]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random sizes (N up to 16, D and H up to 10) and weight scales."""
    N = int(rng.integers(1, 17))
    D = int(rng.integers(1, 11))
    H = int(rng.integers(1, 11))
    scale = float(rng.uniform(0.5, 3.0))
    return _case(f"random #{index}: N={N}, D={D}, H={H}", rng, N, D, H, scale, cell_scale=2.0)
