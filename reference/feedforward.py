"""Reference for `feedforward`: the forward pass of a fully connected network (an MLP).

h_0 = x;  h_l = act(h_{l-1} W_l^T + b_l) for every layer but the last;  output = h_{L-1} W_L^T + b_L
Weights are laid out as in nn.Linear: W_l has shape (out_features, in_features).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from quizprep.grading.cases import Case


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) written with tanh, which cannot overflow for any z."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
}


def reference(
    x: np.ndarray, weights: list[tuple[np.ndarray, np.ndarray]], activation: str
) -> np.ndarray:
    """Apply the layers in order, with the activation between layers but not after the last."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}: use relu, tanh or sigmoid")
    act = ACTIVATIONS[activation]
    h = np.asarray(x, dtype=np.float64)
    for index, (W, b) in enumerate(weights):
        h = h @ W.T + b
        if index < len(weights) - 1:
            h = act(h)
    return h


def oracle(
    x: np.ndarray, weights: list[tuple[np.ndarray, np.ndarray]], activation: str
) -> np.ndarray:
    """The same network built as an nn.Sequential of nn.Linear layers and activation modules."""
    import torch
    from torch import nn

    modules = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    if activation not in modules:
        raise ValueError(f"unknown activation {activation!r}")
    layers: list[nn.Module] = []
    for index, (W, b) in enumerate(weights):
        linear = nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        layers.append(linear)
        if index < len(weights) - 1:
            layers.append(modules[activation]())
    network = nn.Sequential(*layers)
    with torch.no_grad():
        return network(torch.from_numpy(np.asarray(x, dtype=np.float64))).numpy()


def _layers(*pairs: tuple[list[list[float]], list[float]]) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in pairs]


def _x(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Where the activation goes (and does not), the (out, in) layout, a stable sigmoid."""
    two_layers = _layers(
        (
            [[1.0, -1.0, 0.5], [-0.5, 2.0, 1.0], [1.5, 0.5, -1.0], [0.0, -1.0, 1.0]],
            [0.1, -0.2, 0.0, 0.5],
        ),
        ([[1.0, -2.0, 0.5, 1.0], [-1.0, 0.5, 1.0, -0.5]], [-0.5, 0.25]),
    )
    x = _x([[1.0, 2.0, -1.0], [-2.0, 0.5, 1.0], [0.5, -1.5, 2.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]])
    return [
        Case("no layers (empty list): the network is the identity", (x, [], "tanh")),
        Case(
            "unknown activation 'swish' with no layers: still raise ValueError",
            (x, [], "swish"),
            raises="ValueError",
        ),
        Case(
            "batch of one (N=1), layers 4 -> 5 -> 2",
            (
                _x([[0.5, -1.0, 2.0, 0.0]]),
                _layers(
                    (
                        [
                            [1.0, 0.0, -1.0, 0.5],
                            [0.5, 1.0, 0.5, -1.0],
                            [-1.0, 1.0, 0.0, 2.0],
                            [0.25, -0.5, 1.0, 1.0],
                            [2.0, 1.0, -0.5, 0.0],
                        ],
                        [0.0, -0.5, 0.5, 0.0, -1.0],
                    ),
                    ([[1.0, -1.0, 0.5, 0.5, -0.5], [0.5, 0.5, -1.0, 1.0, 1.0]], [0.0, 0.1]),
                ),
                "sigmoid",
            ),
        ),
        Case(
            "sigmoid hidden layer with pre-activations of +-800: exp must not overflow to NaN",
            (
                _x([[1.0, -1.0], [-2.0, 2.0], [0.5, 0.0]]),
                _layers(
                    ([[400.0, -400.0], [-400.0, 400.0], [1.0, 0.5]], [0.0, 0.0, -0.25]),
                    ([[1.0, -2.0, 0.5], [-1.0, 0.5, 2.0]], [0.5, 0.0]),
                ),
                "sigmoid",
            ),
        ),
        Case(
            "one layer: a plain linear map, no activation (outputs may be negative)",
            (x, two_layers[:1], "relu"),
        ),
        Case(
            "unknown activation 'softmax' with a single layer (never applied): still raise "
            "ValueError",
            (x, two_layers[:1], "softmax"),
            raises="ValueError",
        ),
        Case(
            "two layers (3 -> 4 -> 2), relu: hidden negatives are zeroed", (x, two_layers, "relu")
        ),
        Case(
            "unknown activation 'gelu': raise ValueError",
            (x, two_layers, "gelu"),
            raises="ValueError",
        ),
        Case(
            "three layers, tanh (2 -> 3 -> 3 -> 1)",
            (
                _x([[1.0, -1.0], [0.5, 2.0], [-1.5, 0.25]]),
                _layers(
                    ([[1.0, 0.5], [-1.0, 1.0], [0.5, -2.0]], [0.0, 0.5, -0.5]),
                    ([[1.0, -1.0, 0.5], [0.5, 0.5, 0.5], [-1.0, 2.0, 0.0]], [0.1, 0.2, 0.3]),
                    ([[2.0, -1.0, 1.0]], [-0.25]),
                ),
                "tanh",
            ),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random MLP of 1 to 4 layers with a random activation."""
    n = int(rng.integers(1, 7))
    widths = [int(w) for w in rng.integers(1, 7, size=int(rng.integers(2, 6)))]
    layers = [
        (rng.normal(size=(out, inp)) / np.sqrt(inp), rng.normal(scale=0.5, size=out))
        for inp, out in ((widths[i], widths[i + 1]) for i in range(len(widths) - 1))
    ]
    activation = str(rng.choice(["relu", "tanh", "sigmoid"]))
    x = rng.normal(size=(n, widths[0]))
    shape = " -> ".join(map(str, widths))
    return Case(f"random #{index}: {activation} MLP {shape}, N={n}", (x, layers, activation))
