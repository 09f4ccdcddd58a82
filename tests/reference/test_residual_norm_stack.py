"""Checks of the residual_norm_stack reference (modern pack): the identity path of Pre-LN, the
depth scaling of the gradients near the output (Xiong et al., 2020), finite differences, and
PyTorch's TransformerEncoderLayer placements."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("residual_norm_stack", "q01_pre_post_norm.yaml", MODERN)
REFERENCE = EX.reference


def _stack(seed: int, layers: int, n: int = 4, d: int = 16, hidden: int = 32):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    W1 = rng.normal(scale=np.sqrt(2.0 / d), size=(layers, d, hidden))
    W2 = rng.normal(scale=np.sqrt(1.0 / hidden), size=(layers, hidden, d))
    return x, W1, W2, rng.normal(size=(n, d))


def test_pre_ln_identity_path_passes_the_gradient_unchanged() -> None:
    x, W1, W2, grad_y = _stack(0, 5)
    _, stream, weights = REFERENCE.reference(x, W1, np.zeros_like(W2), grad_y, "pre")
    np.testing.assert_allclose(stream, stream[-1], rtol=1e-12)  # branches off: pure identity
    assert (weights > 0).all()  # W2 still gets a gradient: relu(LN(h) W1)^T g


def test_gradient_near_the_output_shrinks_with_depth_only_in_pre_ln() -> None:
    def top_w2_grad(layers: int, placement: str) -> float:
        values = [REFERENCE.reference(*_stack(s, layers), placement)[2][-1] for s in range(6)]
        return float(np.mean(values))

    pre_ratio = top_w2_grad(4, "pre") / top_w2_grad(64, "pre")  # about sqrt(16) = 4
    post_ratio = top_w2_grad(4, "post") / top_w2_grad(64, "post")  # about 1
    assert 2.5 < pre_ratio < 6.0
    assert 0.7 < post_ratio < 1.4


def test_pre_ln_stream_grows_post_ln_stays_normalised() -> None:
    x, W1, W2, grad_y = _stack(1, 16)
    y_pre, _, _ = REFERENCE.reference(x, W1, W2, grad_y, "pre", eps=0.0)
    y_post, _, _ = REFERENCE.reference(x, W1, W2, grad_y, "post", eps=0.0)
    for y in (y_pre, y_post):  # both outputs are layer-normalised rows
        np.testing.assert_allclose(y.mean(axis=1), 0.0, atol=1e-12)
        np.testing.assert_allclose(y.var(axis=1), 1.0, rtol=1e-10)


def test_stream_gradient_matches_finite_differences() -> None:
    x, W1, W2, grad_y = _stack(2, 3, n=2, d=5, hidden=7)
    for placement in ("pre", "post"):
        _, stream, _ = REFERENCE.reference(x, W1, W2, grad_y, placement)
        grad = np.zeros_like(x)
        step = 1e-6
        for index in np.ndindex(x.shape):
            bumped = [x.copy(), x.copy()]
            bumped[0][index] += step
            bumped[1][index] -= step
            up, down = (
                (REFERENCE.reference(b, W1, W2, grad_y, placement)[0] * grad_y).sum()
                for b in bumped
            )
            grad[index] = (up - down) / (2 * step)
        np.testing.assert_allclose(stream[0], np.linalg.norm(grad), rtol=1e-6)


def test_shapes_and_empty_stack() -> None:
    x, W1, W2, grad_y = _stack(3, 0)
    y, stream, weights = REFERENCE.reference(x, W1, W2, grad_y, "post")
    np.testing.assert_array_equal(y, x)
    assert stream.shape == (1,) and weights.shape == (0,)
    np.testing.assert_allclose(stream[0], np.linalg.norm(grad_y))
    x, W1, W2, grad_y = _stack(3, 7)
    _, stream, weights = REFERENCE.reference(x, W1, W2, grad_y, "pre")
    assert stream.shape == (8,) and weights.shape == (7,)


def test_placements_are_those_of_torch_encoder_layer() -> None:
    import torch

    def by_hand(block: torch.nn.TransformerEncoderLayer, x: torch.Tensor) -> torch.Tensor:
        def attention(z: torch.Tensor) -> torch.Tensor:
            return block.self_attn(z, z, z, need_weights=False)[0]

        def mlp(z: torch.Tensor) -> torch.Tensor:
            return block.linear2(torch.relu(block.linear1(z)))

        h = x
        for norm, sublayer in ((block.norm1, attention), (block.norm2, mlp)):
            h = h + sublayer(norm(h)) if block.norm_first else norm(h + sublayer(h))
        return h

    torch.manual_seed(0)
    x = torch.randn(2, 3, 8, dtype=torch.float64)
    for norm_first in (False, True):
        block = torch.nn.TransformerEncoderLayer(
            8, 2, 16, dropout=0.0, batch_first=True, norm_first=norm_first, dtype=torch.float64
        )
        with torch.no_grad():
            for norm in (block.norm1, block.norm2):
                norm.weight.normal_()
                norm.bias.normal_()
            torch.testing.assert_close(block(x), by_hand(block, x))
