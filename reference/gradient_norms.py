"""Reference for `gradient_norms`: how large the gradient of each layer's weights is.

A plain feed-forward network, the activation after every layer (the last one too):

    h_0 = x,    a_l = h_{l-1} W_l^T + b_l,    h_l = act(a_l)    for l = 1..L
    loss = sum of every entry of h_L

The result is ||d loss / d W_l|| (Frobenius norm) for l = 1..L, the first layer first.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

ACTIVATIONS = ("sigmoid", "tanh", "relu")

Layers = tuple[tuple[np.ndarray, np.ndarray], ...]


def _forward(a: np.ndarray, activation: str) -> np.ndarray:
    if activation == "sigmoid":
        return 1.0 / (1.0 + np.exp(-a))
    if activation == "tanh":
        return np.tanh(a)
    return np.maximum(a, 0.0)


def _derivative(a: np.ndarray, h: np.ndarray, activation: str) -> np.ndarray:
    """act'(a), written with the output h = act(a) where that is simplest."""
    if activation == "sigmoid":
        return h * (1.0 - h)
    if activation == "tanh":
        return 1.0 - h * h
    return (a > 0).astype(a.dtype)  # ReLU'(0) is taken as 0, as PyTorch does


def reference(weights: Layers, x: np.ndarray, activation: str) -> np.ndarray:
    """Forward pass keeping every pre-activation and output, then backpropagate from
    d loss / d h_L = 1, recording the norm of each dW on the way down."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; expected one of {ACTIVATIONS}")
    outputs, pre_activations = [x], []
    for W, b in weights:
        pre_activations.append(outputs[-1] @ W.T + b)
        outputs.append(_forward(pre_activations[-1], activation))
    norms = np.zeros(len(weights))
    grad_h = np.ones_like(outputs[-1])
    for layer in reversed(range(len(weights))):
        a, h = pre_activations[layer], outputs[layer + 1]
        grad_a = grad_h * _derivative(a, h, activation)
        norms[layer] = np.linalg.norm(grad_a.T @ outputs[layer])  # dW = grad_a^T h_{l-1}
        grad_h = grad_a @ weights[layer][0]
    return norms


def oracle(weights: Layers, x: np.ndarray, activation: str) -> np.ndarray:
    """The same network in PyTorch (float64); autograd computes every dW."""
    import torch
    import torch.nn.functional as F

    functions = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu}
    if activation not in functions:
        raise ValueError(f"unknown activation {activation!r}")
    params = [
        (torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True))
        for W, b in weights
    ]
    h = torch.tensor(x)
    for W, b in params:
        h = functions[activation](F.linear(h, W, b))
    h.sum().backward()
    return np.array([float(W.grad.norm()) for W, _ in params if W.grad is not None])


def _network(
    rng: np.random.Generator, widths: list[int], gain: float = 1.0
) -> tuple[Layers, np.ndarray]:
    """Layers with weights of standard deviation gain / sqrt(fan_in), biases 0.1 * N(0, 1)."""
    layers = tuple(
        (
            rng.normal(scale=gain / np.sqrt(widths[i]), size=(widths[i + 1], widths[i])),
            rng.normal(scale=0.1, size=widths[i + 1]),
        )
        for i in range(len(widths) - 1)
    )
    return layers, rng.normal(size=(3, widths[0]))


def edge_cases() -> list[Case]:
    """Fixed cases, the simplest first: L = 1, a batch of one, ReLU'(0), zero weights that stop
    the gradient, non-square layers, saturation, deep sigmoid vs relu, an unknown activation."""
    deep_sigmoid = _network(np.random.default_rng(29), [4] * 9)
    deep_relu = _network(np.random.default_rng(39), [4] * 9, gain=np.sqrt(2.0))
    dead_relu = _network(np.random.default_rng(33), [4] * 9, gain=np.sqrt(2.0))
    shapes = _network(np.random.default_rng(31), [3, 5, 2, 1])
    saturated = _network(np.random.default_rng(5), [3, 4, 4], gain=20.0)
    # the first hidden unit's pre-activation is exactly 0 for both samples
    relu_zero = (
        (
            (np.array([[1.0, -1.0], [1.0, 0.0]]), np.array([0.0, 0.0])),
            (np.array([[-1.0, 2.0]]), np.array([0.5])),
        ),
        np.array([[1.0, 1.0], [0.5, 0.5]]),
    )
    # the second layer's weights are 0 (its bias is not): nothing flows back to layer 1
    zero_top = (
        (
            (np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([0.1, -0.2])),
            (np.zeros((2, 2)), np.array([0.5, -0.5])),
        ),
        np.array([[1.0, 2.0]]),
    )
    one_layer = _network(np.random.default_rng(32), [3, 2])
    return [
        Case(
            "a single sigmoid layer with W = 0 and b = 0: dW = 0.25 * (column sums of x)",
            (((np.zeros((1, 2)), np.zeros(1)),), np.array([[1.0, 2.0]]), "sigmoid"),
        ),
        Case("a single sigmoid layer (L = 1)", (*one_layer, "sigmoid")),
        Case(
            "batch of one sample, sigmoid 2 -> 3 -> 2",
            (_network(np.random.default_rng(33), [2, 3, 2])[0], np.array([[0.5, -1.5]]), "sigmoid"),
        ),
        Case(
            "relu with some pre-activations exactly 0: ReLU'(0) = 0, as in PyTorch",
            (*relu_zero, "relu"),
        ),
        Case(
            "tanh, the top layer's weights all 0 (bias not): the first layer's gradient is 0",
            (*zero_top, "tanh"),
        ),
        Case(
            "tanh, non-square layers 3 -> 5 -> 2 -> 1: W_l is (out, in), dW_l = delta^T h_(l-1)",
            (*shapes, "tanh"),
        ),
        Case(
            "tanh with large weights: saturated units (|a| >> 1) pass almost no gradient",
            (*saturated, "tanh"),
        ),
        Case(
            "sigmoid, 8 layers of width 4: the first layer's gradient is ~3000x below the last's",
            (*deep_sigmoid, "sigmoid"),
        ),
        Case(
            "relu, 8 layers of width 4 with He-scaled weights: no geometric shrinking",
            (*deep_relu, "relu"),
        ),
        Case(
            "relu, 8 narrow layers where a whole layer is inactive: no gradient gets below it",
            (*dead_relu, "relu"),
        ),
        Case(
            "unknown activation 'softplus': raise ValueError",
            (one_layer[0], one_layer[1], "softplus"),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random network: 1-8 layers of widths 2-6, any activation, a batch of 1-5."""
    activation = str(rng.choice(ACTIVATIONS))
    depth = int(rng.integers(1, 9))
    widths = [int(w) for w in rng.integers(2, 7, size=depth + 1)]
    gain = float(rng.choice([0.5, 1.0, 2.0, 3.0]))
    while True:  # redraw a ReLU network whose units all died, which would give only zeros
        layers, _ = _network(rng, widths, gain)
        x = rng.normal(size=(int(rng.integers(1, 6)), widths[0]))
        if reference(layers, x, activation).any():
            break
    return Case(
        f"random #{index}: {activation}, {depth} layer(s), widths {widths}, gain {gain:g}",
        (layers, x, activation),
    )
