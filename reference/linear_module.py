"""Reference for `linear_module`: a fully connected layer written like torch.nn.Linear, with its
own backward pass.

forward:   y = x W^T + b            x: (..., in), W: (out, in), b: (out,), y: (..., out)
backward:  dW = G^T X,  db = sum of G's rows,  dx = grad_out W
           where X and G are x and grad_out with every leading axis flattened into one.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


class Linear:
    """What nn.Linear computes, by hand: parameters, a forward pass that remembers its input,
    and a backward pass that fills the parameters' gradients and returns the input's."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray) -> None:
        self.weight, self.bias = weight, bias
        self.weight_grad = np.zeros_like(weight)
        self.bias_grad = np.zeros_like(bias)
        self._x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """y = x W^T + b on the last axis, whatever the leading axes are."""
        self._x = x
        return x @ self.weight.T + self.bias

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        """Accumulate dW and db (as autograd does) and return dx."""
        assert self._x is not None, "forward first"
        out_features, in_features = self.weight.shape
        rows_x = self._x.reshape(-1, in_features)  # every leading axis is a batch axis
        rows_g = grad_out.reshape(-1, out_features)
        self.weight_grad = self.weight_grad + rows_g.T @ rows_x
        self.bias_grad = self.bias_grad + rows_g.sum(axis=0)
        return grad_out @ self.weight


def reference(
    W: np.ndarray, b: np.ndarray, x: np.ndarray, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Build the layer, run forward on x and backward with grad_out: (y, dW, db, dx)."""
    layer = Linear(W, b)
    y = layer.forward(x)
    dx = layer.backward(grad_out)
    return y, layer.weight_grad, layer.bias_grad, dx


def oracle(
    W: np.ndarray, b: np.ndarray, x: np.ndarray, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """torch.nn.Linear with the given parameters; autograd computes the gradients."""
    import torch

    out_features, in_features = W.shape
    layer = torch.nn.Linear(in_features, out_features, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W))
        layer.bias.copy_(torch.from_numpy(b))
    inputs = torch.tensor(x, requires_grad=True)
    y = layer(inputs)
    y.backward(torch.from_numpy(grad_out))
    assert layer.weight.grad is not None and layer.bias.grad is not None
    assert inputs.grad is not None
    return (
        y.detach().numpy(),
        layer.weight.grad.numpy(),
        layer.bias.grad.numpy(),
        inputs.grad.numpy(),
    )


def _case(name: str, W: object, b: object, x: object, grad_out: object) -> Case:
    arrays = (np.array(a, dtype=np.float64) for a in (W, b, x, grad_out))
    return Case(name, tuple(arrays))


def edge_cases() -> list[Case]:
    """Fixed cases: non-square and square layers, batch of one, unbatched and 3-D inputs,
    grad_out of ones, zero weights."""
    rng = np.random.default_rng(28)
    sequences = rng.normal(size=(2, 4, 3))
    return [
        _case(
            "non-square layer (in=3, out=2): W is (out, in), so y = x @ W.T + b",
            [[1.0, -2.0, 0.5], [0.0, 1.0, 3.0]],
            [0.5, -1.0],
            [[1.0, 2.0, 3.0], [-1.0, 0.0, 2.0], [0.5, 0.5, -0.5], [2.0, -1.0, 1.0]],
            [[1.0, 0.0], [0.0, 1.0], [2.0, -1.0], [-0.5, 0.5]],
        ),
        _case(
            "square layer (in=out=3): a transposed W gives wrong numbers, not a shape error",
            [[1.0, 2.0, 0.0], [-1.0, 0.5, 1.0], [0.0, 3.0, -2.0]],
            [0.0, 1.0, -1.0],
            [[1.0, -1.0, 2.0], [0.5, 2.0, 0.0]],
            [[1.0, -2.0, 0.5], [0.0, 1.0, 1.0]],
        ),
        _case(
            "grad_out all ones (the backward of y.sum()): db is the batch size per output",
            [[0.5, -0.5], [1.0, 1.0], [2.0, 0.0]],
            [0.0, 0.0, 1.0],
            [[1.0, 2.0], [3.0, -1.0], [0.0, 1.0], [-2.0, 0.5], [1.0, 1.0]],
            np.ones((5, 3)),
        ),
        _case(
            "batch of one (N=1)",
            [[1.0, 0.0, -1.0, 2.0], [0.5, 0.5, 0.5, 0.5]],
            [1.0, -2.0],
            [[2.0, -1.0, 0.0, 1.0]],
            [[0.5, -3.0]],
        ),
        _case(
            "one sample without a batch axis: x (in,), y and grad_out (out,), dW = outer(g, x)",
            [[1.0, -1.0, 0.0], [2.0, 0.5, 1.0], [0.0, 1.0, -2.0]],
            [0.25, 0.0, -0.5],
            [1.0, 2.0, -3.0],
            [2.0, -1.0, 0.5],
        ),
        _case(
            "3-D input (batch 2, time 4, in 3): the layer acts on the last axis; dW and db sum "
            "over both leading axes",
            rng.normal(size=(5, 3)),
            rng.normal(size=5),
            sequences,
            rng.normal(size=(2, 4, 5)),
        ),
        _case(
            "zero weights: y = b on every row and dx = 0, but dW and db are not 0",
            np.zeros((2, 3)),
            [1.0, -1.0],
            [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
            [[1.0, -1.0], [0.5, 2.0]],
        ),
        _case(
            "one input and one output feature (in=out=1)",
            [[3.0]],
            [-1.0],
            [[2.0], [-1.0]],
            [[1.0], [0.5]],
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random layer and input; x is unbatched, a batch or a batch of sequences."""
    in_features, out_features = (int(n) for n in rng.integers(1, 7, size=2))
    leading = [(), (int(rng.integers(1, 6)),), tuple(int(n) for n in rng.integers(1, 4, size=2))][
        int(rng.choice(3, p=[0.2, 0.5, 0.3]))
    ]
    W = rng.normal(size=(out_features, in_features)) / np.sqrt(in_features)
    b = rng.normal(scale=0.5, size=out_features)
    x = rng.normal(size=(*leading, in_features))
    grad_out = rng.normal(size=(*leading, out_features))
    return Case(
        f"random #{index}: in={in_features}, out={out_features}, x of shape {x.shape}",
        (W, b, x, grad_out),
    )
