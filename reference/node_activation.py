"""Reference for `node_activation`: the pre-activation z and activation a of one node, written in
the layer notation of deep-learning courses.

Layer 0 is the input, a^[0] = x. For l = 1..L:

    z^[l]_j = sum_k w^[l]_jk a^[l-1]_k + b^[l]_j        w^[l]_jk: node k of layer l-1 -> node j of l
    a^[l]_j = g(z^[l]_j) for the hidden layers (l < L);  a^[L]_j = z^[L]_j (linear output layer)

W^[l] = weights[l - 1] has shape (n_l, n_{l-1}), so row j holds the weights into node j; nodes are
0-based Python indices.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from quizprep.grading.cases import Case


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
}


def _check(weights: list[np.ndarray], layer: int, node: int, activation: str) -> None:
    """The three stated raises, in the order the task gives them."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}: use relu, tanh or sigmoid")
    if not 1 <= layer <= len(weights):
        raise ValueError(f"layer must be between 1 and L = {len(weights)}, got {layer}")
    n_l = weights[layer - 1].shape[0]
    if not 0 <= node < n_l:
        raise IndexError(f"layer {layer} has nodes 0..{n_l - 1}, got node = {node}")


def reference(
    x: np.ndarray,
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    layer: int,
    node: int,
    activation: str,
) -> tuple[np.ndarray, np.ndarray]:
    """(z^[l]_j, a^[l]_j) for every sample: the layers before l in full, then row j of W^[l]."""
    _check(weights, layer, node, activation)
    g = ACTIVATIONS[activation]
    a = np.asarray(x, dtype=np.float64)  # a^[0]
    for W, b in zip(
        weights[: layer - 1], biases[: layer - 1], strict=True
    ):  # layers 1 .. l-1: hidden
        a = g(a @ W.T + b)
    z = a @ weights[layer - 1][node] + biases[layer - 1][node]  # sum_k w_jk a_k + b_j
    return z, (z if layer == len(weights) else g(z))


def oracle(
    x: np.ndarray,
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    layer: int,
    node: int,
    activation: str,
) -> tuple[np.ndarray, np.ndarray]:
    """The network built as nn.Sequential(Linear, act, Linear, act, ..., Linear); forward hooks
    record every Linear's output (z^[l]) and every activation module's output (a^[l])."""
    import torch
    from torch import nn

    _check(weights, layer, node, activation)
    modules = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    linears: list[nn.Linear] = []
    layers: list[nn.Module] = []
    for index, (W, b) in enumerate(zip(weights, biases, strict=True)):
        linear = nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        linears.append(linear)
        layers.append(linear)
        if index < len(weights) - 1:
            layers.append(modules[activation]())
    network = nn.Sequential(*layers)
    seen: dict[nn.Module, torch.Tensor] = {}
    for module in network:
        module.register_forward_hook(lambda m, _inputs, out: seen.__setitem__(m, out))
    with torch.no_grad():
        network(torch.from_numpy(np.asarray(x, dtype=np.float64)))
    position = layers.index(linears[layer - 1])
    z = seen[linears[layer - 1]]
    a = seen[layers[position + 1]] if layer < len(weights) else z
    return z[:, node].numpy(), a[:, node].numpy()


def _net(*layers: tuple[list[list[float]], list[float]]) -> tuple[list, list]:
    weights = [np.array(W, dtype=np.float64) for W, _ in layers]
    biases = [np.array(b, dtype=np.float64) for _, b in layers]
    return weights, biases


def _x(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Simplest first: one layer, the hidden/output rule, w_jk vs w_kj on square layers, the
    layer and node numbering, and every stated raise."""
    # 2 -> 3 -> 2: hidden layer 1 has three nodes, output layer 2 has two.
    w2, b2 = _net(
        ([[1.0, -1.0], [2.0, 0.5], [-1.0, -1.0]], [0.0, -1.0, 0.5]),
        ([[1.0, 2.0, -1.0], [0.5, -1.0, 1.0]], [0.25, -0.5]),
    )
    x2 = _x([[1.0, 2.0], [-1.0, 0.5], [2.0, -1.0], [0.0, 0.0]])
    # 3 -> 3 -> 3 -> 3 (square): reading W[k, j] instead of W[j, k] gives other numbers.
    w3, b3 = _net(
        ([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.0], [0.5, -0.5, 1.0]], [0.0, 0.5, -0.5]),
        ([[0.0, 1.0, -1.0], [2.0, 0.0, 0.5], [1.0, 1.0, 1.0]], [0.1, -0.2, 0.0]),
        ([[1.0, -2.0, 0.5], [0.0, 1.0, 1.0], [-1.0, 0.5, 2.0]], [0.0, 0.0, 0.3]),
    )
    x3 = _x([[1.0, -1.0, 0.5], [0.5, 2.0, -1.0], [-1.0, 0.0, 1.0]])
    # 4 -> 2 -> 3 -> 1, a batch of one.
    w4, b4 = _net(
        ([[0.5, -1.0, 1.0, 0.0], [1.0, 1.0, -0.5, 2.0]], [0.2, -0.1]),
        ([[1.0, -1.0], [0.5, 2.0], [-2.0, 1.0]], [0.0, 0.5, 0.0]),
        ([[1.0, -0.5, 2.0]], [-0.3]),
    )
    x4 = _x([[1.0, 0.5, -2.0, 1.5]])
    one_w, one_b = _net(([[2.0, -1.0, 0.5]], [1.0]))
    x1 = _x([[1.0, 1.0, 2.0], [0.0, -1.0, 4.0]])
    return [
        Case(
            "a single layer (L=1), layer=1, node=0: the output node is linear, "
            "a = z = x @ W[0] + b[0]",
            (x1, one_w, one_b, 1, 0, "relu"),
        ),
        Case(
            "2 -> 3 -> 2, layer=1, node=0: hidden node 0 (row 0 of weights[0]), relu zeroes z < 0",
            (x2, w2, b2, 1, 0, "relu"),
        ),
        Case(
            "2 -> 3 -> 2, layer=1, node=2: the last hidden node (nodes are 0-based)",
            (x2, w2, b2, 1, 2, "relu"),
        ),
        Case(
            "2 -> 3 -> 2, layer=2, node=1: a node of the output layer L, which has no activation",
            (x2, w2, b2, 2, 1, "relu"),
        ),
        Case(
            "square layers 3 -> 3 -> 3 -> 3, layer=1, node=1: its weights are row 1 of W^[1] "
            "(w_jk), not column 1",
            (x3, w3, b3, 1, 1, "tanh"),
        ),
        Case(
            "square layers, tanh, layer=2, node=0: layer 1's activations feed layer 2",
            (x3, w3, b3, 2, 0, "tanh"),
        ),
        Case(
            "square layers, sigmoid, layer=3, node=2: the output node after two hidden layers",
            (x3, w3, b3, 3, 2, "sigmoid"),
        ),
        Case(
            "4 -> 2 -> 3 -> 1, one sample, layer=2, node=2: hidden layer 2, shape (1,)",
            (x4, w4, b4, 2, 2, "relu"),
        ),
        Case(
            "4 -> 2 -> 3 -> 1, one sample, layer=3, node=0: the network's output",
            (x4, w4, b4, 3, 0, "sigmoid"),
        ),
        Case(
            "layer=0 is the input layer, which has no pre-activation: raise ValueError",
            (x2, w2, b2, 0, 0, "relu"),
            raises="ValueError",
        ),
        Case(
            "layer=3 in a network of L=2 layers: raise ValueError",
            (x2, w2, b2, 3, 0, "relu"),
            raises="ValueError",
        ),
        Case(
            "node=3 in a layer of 3 nodes (0, 1, 2): raise IndexError",
            (x2, w2, b2, 1, 3, "relu"),
            raises="IndexError",
        ),
        Case(
            "node=-1 is not a node: raise IndexError (no Python wrap-around)",
            (x2, w2, b2, 1, -1, "relu"),
            raises="IndexError",
        ),
        Case(
            "unknown activation 'gelu': raise ValueError",
            (x2, w2, b2, 1, 0, "gelu"),
            raises="ValueError",
        ),
        Case(
            "unknown activation 'ReLU' (names are lower case), output layer of L=1: raise "
            "ValueError",
            (x1, one_w, one_b, 1, 0, "ReLU"),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random network of 1 to 4 layers; a random layer in 1..L and a node of it."""
    n = int(rng.integers(1, 7))
    widths = [int(w) for w in rng.integers(1, 6, size=int(rng.integers(2, 6)))]
    weights = [
        rng.normal(size=(widths[i + 1], widths[i])) / np.sqrt(widths[i])
        for i in range(len(widths) - 1)
    ]
    biases = [rng.normal(scale=0.5, size=widths[i + 1]) for i in range(len(widths) - 1)]
    num_layers = len(weights)
    layer = int(rng.integers(1, num_layers + 1))
    node = int(rng.integers(0, widths[layer]))
    activation = str(rng.choice(["relu", "tanh", "sigmoid"]))
    x = rng.normal(size=(n, widths[0]))
    shape = " -> ".join(map(str, widths))
    return Case(
        f"random #{index}: {activation} network {shape}, N={n}, node={node} of layer={layer}",
        (x, weights, biases, layer, node, activation),
    )
