"""Reference for `autoencoder_loss`: a tied-weight autoencoder, its MSE and gradients by hand.

h = sigmoid(x W^T + b_enc)       (N, H)   encoder, W is (H, D)
x_hat = h W + b_dec              (N, D)   decoder, the same W transposed
loss = mean over all N * D entries of (x_hat - x)**2
W is used twice, so dW is the sum of the decoder path and the encoder path.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.grading.cases import Case


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z) without overflow for very negative z."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def reference(
    x: np.ndarray, W: np.ndarray, b_enc: np.ndarray, b_dec: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Forward, then the chain rule; the two uses of W each contribute a gradient."""
    h = _sigmoid(x @ W.T + b_enc)
    x_hat = h @ W + b_dec
    residual = x_hat - x
    loss = float(np.mean(residual**2))

    d_x_hat = 2.0 * residual / residual.size  # (N, D): the mean runs over N * D entries
    dW_decoder = h.T @ d_x_hat  # (H, D): x_hat = h W
    d_h = d_x_hat @ W.T  # (N, H)
    d_z = d_h * h * (1.0 - h)  # sigmoid'(z) = h (1 - h)
    dW_encoder = d_z.T @ x  # (H, D): z = x W^T
    return loss, dW_decoder + dW_encoder, d_z.sum(axis=0), d_x_hat.sum(axis=0)


def oracle(
    x: np.ndarray, W: np.ndarray, b_enc: np.ndarray, b_dec: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """The same model in PyTorch; autograd adds up both uses of the one leaf W."""
    import torch
    import torch.nn.functional as F

    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in (W, b_enc, b_dec)]
    tW, tb_enc, tb_dec = params
    inputs = torch.from_numpy(np.asarray(x, dtype=np.float64))
    hidden = torch.sigmoid(F.linear(inputs, tW, tb_enc))
    recon = F.linear(hidden, tW.T, tb_dec)
    loss = F.mse_loss(recon, inputs)
    loss.backward()
    grads: list[Any] = [p.grad.numpy() for p in params]
    return loss.item(), grads[0], grads[1], grads[2]


def _arrays(*values: object) -> tuple[np.ndarray, ...]:
    return tuple(np.array(v, dtype=np.float64) for v in values)


def edge_cases() -> list[Case]:
    """Fixed cases: both paths of W, W = 0, saturated units, exact reconstruction, shapes."""
    x = [[1.0, -0.5, 2.0], [0.0, 1.0, -1.0], [0.5, 0.5, 0.5], [-1.0, 2.0, 0.0]]
    W = [[0.5, -1.0, 0.25], [1.0, 0.5, -0.5]]
    one_x, one_W, one_b_enc = _arrays(
        [[0.5, -1.0, 1.5]], [[1.0, 0.5, -0.5], [0.25, -1.0, 2.0]], [0.1, -0.2]
    )
    hidden = 1 / (1 + np.exp(-(one_x @ one_W.T + one_b_enc)))
    exact_b_dec = (one_x - hidden @ one_W)[0]
    cases = [
        Case(
            "H=2 < D=3, N=4: dW = decoder path h^T dx_hat + encoder path dz^T x",
            _arrays(x, W, [0.1, -0.3], [0.0, 0.5, -0.5]),
        ),
        Case(
            "the mean runs over all N*D = 2*5 entries",
            _arrays(
                [[1.0, 0.0, -1.0, 2.0, 0.5], [0.5, -0.5, 1.0, 0.0, -2.0]],
                [[0.2, -0.4, 0.6, 0.1, -0.3]],
                [0.5],
                [0.1, 0.0, -0.1, 0.2, 0.0],
            ),
        ),
        Case(
            "W = 0: the encoder path of dW is 0, only the decoder path remains",
            _arrays(x, np.zeros((2, 3)), [0.5, -1.0], [0.25, 0.0, -0.25]),
        ),
        Case(
            "saturated hidden units (b_enc = +-30): sigmoid'(z) ~ 0, the encoder path vanishes",
            _arrays(x, W, [30.0, -30.0], [0.0, 0.0, 0.0]),
        ),
        Case(
            "overcomplete: H=4 > D=2",
            _arrays(
                [[1.0, -1.0], [0.5, 2.0], [-1.5, 0.0]],
                [[1.0, 0.5], [-0.5, 1.0], [0.25, -0.75], [1.5, 0.0]],
                [0.0, 0.5, -0.5, 0.25],
                [0.1, -0.1],
            ),
        ),
        Case(
            "one sample reconstructed exactly (b_dec = x - h W): zero loss and zero gradients",
            (one_x, one_W, one_b_enc, exact_b_dec),
        ),
    ]
    # the simplest, most diagnostic cases first
    order = (5, 2, 0, 1, 3, 4)
    assert sorted(order) == list(range(len(cases)))
    return [cases[i] for i in order]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random batch and tied autoencoder, under- or overcomplete."""
    n, d, h = int(rng.integers(1, 9)), int(rng.integers(1, 7)), int(rng.integers(1, 7))
    x = rng.normal(size=(n, d))
    W = rng.normal(size=(h, d)) / np.sqrt(d)
    b_enc = rng.normal(scale=0.5, size=h)
    b_dec = rng.normal(scale=0.5, size=d)
    return Case(f"random #{index}: N={n}, D={d}, H={h}", (x, W, b_enc, b_dec))
