"""Reference for `rnn_forward`: an Elman RNN (tanh) over a whole sequence, as `torch.nn.RNN`.

    h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh),   t = 1 .. T

The outputs are the hidden states h_1 .. h_T (not h_0, and no output projection); the second
result is the last state h_T, which nn.RNN returns as h_n.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    xs: np.ndarray,
    h0: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(outputs (T, N, H), h_T (N, H)) for inputs xs (T, N, D) and initial states h0 (N, H)."""
    h = h0
    outputs = []
    for x_t in xs:  # the same weights at every step
        h = np.tanh(x_t @ W_ih.T + b_ih + h @ W_hh.T + b_hh)
        outputs.append(h)
    return np.stack(outputs), h


def oracle(
    xs: np.ndarray,
    h0: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """A one-layer `torch.nn.RNN` (tanh, float64) with the given weights copied in."""
    import torch

    D, H = xs.shape[2], h0.shape[1]
    rnn = torch.nn.RNN(D, H, nonlinearity="tanh", dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(W_ih))
        rnn.weight_hh_l0.copy_(torch.from_numpy(W_hh))
        rnn.bias_ih_l0.copy_(torch.from_numpy(b_ih))
        rnn.bias_hh_l0.copy_(torch.from_numpy(b_hh))
        outputs, h_n = rnn(torch.from_numpy(xs), torch.from_numpy(h0)[None])
    return outputs.numpy().copy(), h_n[0].numpy().copy()


def _case(
    name: str,
    rng: np.random.Generator,
    T: int,
    N: int,
    D: int,
    H: int,
    scale: float = 1.0,
    zero_state: bool = False,
) -> Case:
    """Gaussian inputs, states in (-1, 1), weights ~ N(0, scale^2 / fan_in), biases ~ N(0, 0.25)."""
    xs = rng.normal(size=(T, N, D))
    h0 = np.zeros((N, H)) if zero_state else rng.uniform(-1.0, 1.0, size=(N, H))
    W_ih = rng.normal(scale=scale / np.sqrt(D), size=(H, D))
    W_hh = rng.normal(scale=scale / np.sqrt(H), size=(H, H))
    b_ih = rng.normal(scale=0.5, size=H)
    b_hh = rng.normal(scale=0.5, size=H)
    return Case(name, (xs, h0, W_ih, W_hh, b_ih, b_hh))


def edge_cases() -> list[Case]:
    """Fixed cases: each one exposes a different mistake."""
    rng = np.random.default_rng(46)
    cases = [
        _case("a single time step and a batch of one (T=1, N=1)", rng, 1, 1, 3, 3),
        _case(
            "hidden size different from input size (D=6, H=4): catches transposed weights",
            rng,
            5,
            3,
            6,
            4,
        ),
        _case("zero initial state (h0=0) over 4 steps", rng, 4, 2, 3, 5, zero_state=True),
        _case("large weights: tanh saturates at +-1", rng, 6, 3, 4, 4, scale=10.0),
        _case("a long sequence (T=60): the state must be carried step to step", rng, 60, 2, 3, 4),
    ]

    T, N, D, H = 5, 3, 4, 4
    xs = rng.normal(size=(T, N, D))
    h0 = rng.uniform(-1.0, 1.0, size=(N, H))
    W_hh = rng.normal(scale=1.0 / np.sqrt(H), size=(H, H))
    cases.append(
        Case(
            "zero input weights and biases: the sequence evolves from h0 alone, "
            "h_t = tanh(h_{t-1} W_hh^T)",
            (xs, h0, np.zeros((H, D)), W_hh, np.zeros(H), np.zeros(H)),
        )
    )
    cases.append(
        Case(
            "zero weights, non-zero biases: every h_t = tanh(b_ih + b_hh)",
            (
                xs,
                h0,
                np.zeros((H, D)),
                np.zeros((H, H)),
                rng.normal(size=H),
                rng.normal(size=H),
            ),
        )
    )
    # the simplest, most diagnostic cases first (zero weights, a single step or head)
    order = (0, 6, 5, 2, 1, 3, 4)
    assert sorted(order) == list(range(len(cases)))
    return [cases[i] for i in order]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random sizes (T up to 12, N up to 8, D and H up to 8) and weight scales."""
    T = int(rng.integers(1, 13))
    N = int(rng.integers(1, 9))
    D = int(rng.integers(1, 9))
    H = int(rng.integers(1, 9))
    scale = float(rng.uniform(0.5, 2.5))
    return _case(f"random #{index}: T={T}, N={N}, D={D}, H={H}", rng, T, N, D, H, scale)
