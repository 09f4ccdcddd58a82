"""Reference for `feedforward_graph`: evaluate a feedforward network given as a directed acyclic
graph of dense nodes, in a topological order.

The input is the node "x". A node has one weight matrix per input and a bias:
    z = sum_j h[inputs[j]] @ weights[j].T + bias,   h = relu(z), or h = z for the output node.
Nodes may be listed in any order and may take inputs from any other node (skip connections);
an unknown input name, or a cycle (a recurrent network), raises ValueError.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np

from quizprep.grading.cases import Case

Node = dict[str, Any]


def _check_inputs(nodes: list[Node]) -> None:
    names = {node["name"] for node in nodes}
    for node in nodes:
        for source in node["inputs"]:
            if source != "x" and source not in names:
                raise ValueError(f"node {node['name']!r} takes the unknown input {source!r}")


def _topological_order(nodes: list[Node]) -> list[str]:
    """Kahn's algorithm: repeatedly take a node whose inputs are all computed. Nodes left over
    at the end lie on a cycle, or after one."""
    waiting = {node["name"]: 0 for node in nodes}  # inputs not yet computed, with repeats
    consumers: dict[str, list[str]] = {name: [] for name in waiting}
    for node in nodes:
        for source in node["inputs"]:
            if source != "x":
                waiting[node["name"]] += 1
                consumers[source].append(node["name"])
    ready = deque(name for name, count in waiting.items() if count == 0)
    order = []
    while ready:
        name = ready.popleft()
        order.append(name)
        for consumer in consumers[name]:
            waiting[consumer] -= 1
            if waiting[consumer] == 0:
                ready.append(consumer)
    if len(order) < len(nodes):
        stuck = sorted(name for name, count in waiting.items() if count > 0)
        raise ValueError(f"the graph has a cycle through {stuck}: that network is recurrent")
    return order


def reference(x: np.ndarray, nodes: list[Node], output: str) -> np.ndarray:
    """Check the names, order the nodes topologically, then evaluate each one once."""
    _check_inputs(nodes)
    by_name = {node["name"]: node for node in nodes}
    values = {"x": np.asarray(x, dtype=np.float64)}
    for name in _topological_order(nodes):
        node = by_name[name]
        z = node["bias"] + sum(
            values[source] @ W.T for source, W in zip(node["inputs"], node["weights"], strict=True)
        )
        values[name] = z if name == output else np.maximum(z, 0.0)
    return values[output]


def oracle(x: np.ndarray, nodes: list[Node], output: str) -> np.ndarray:
    """The network as a torch ModuleDict of nn.Linear layers, one per node, each applied to the
    concatenation of the node's inputs (its weight is the per-input matrices side by side),
    run in the order graphlib.TopologicalSorter gives."""
    import graphlib

    import torch
    from torch import nn

    _check_inputs(nodes)
    graph = {node["name"]: {s for s in node["inputs"] if s != "x"} for node in nodes}
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:  # a ValueError subclass; raise the plain one
        raise ValueError(f"the graph has a cycle: {error.args[1]}") from None
    layers = nn.ModuleDict()
    for node in nodes:
        weight = torch.cat([torch.from_numpy(W) for W in node["weights"]], dim=1)
        layer = nn.Linear(weight.shape[1], weight.shape[0], dtype=torch.float64)
        with torch.no_grad():
            layer.weight.copy_(weight)
            layer.bias.copy_(torch.from_numpy(node["bias"]))
        layers[node["name"]] = layer
    by_name = {node["name"]: node for node in nodes}
    values = {"x": torch.from_numpy(x)}
    with torch.no_grad():
        for name in order:
            z = layers[name](torch.cat([values[s] for s in by_name[name]["inputs"]], dim=1))
            values[name] = z if name == output else torch.relu(z)
    return values[output].numpy()


def _node(name: str, inputs: list[str], weights: list[Any], bias: list[float]) -> Node:
    return {
        "name": name,
        "inputs": inputs,
        "weights": [np.array(W, dtype=np.float64) for W in weights],
        "bias": np.array(bias, dtype=np.float64),
    }


def _x(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Fixed cases: the linear output, list order vs topological order, skip connections,
    several consumers of one node, cycles and unknown names."""
    rng = np.random.default_rng(10)
    chain = [
        _node("h", ["x"], [[[1.0, -1.0], [-1.0, 1.0]]], [0.0, 0.0]),
        _node("out", ["h"], [[[1.0, 2.0]]], [-1.0]),
    ]
    x2 = _x([[2.0, 1.0], [1.0, 3.0]])
    diamond = [  # listed backwards: out first, then the two branches
        _node("out", ["left", "right"], [[[1.0]], [[-1.0]]], [0.5]),
        _node("right", ["x"], [[[-1.0, 0.5]]], [0.0]),
        _node("left", ["x"], [[[1.0, 1.0]]], [-2.0]),
    ]
    deep = [
        _node("h3", ["h2", "h1"], [rng.normal(size=(3, 4)), rng.normal(size=(3, 2))], [0.1] * 3),
        _node("out", ["h3", "x"], [rng.normal(size=(2, 3)), rng.normal(size=(2, 3))], [0.0] * 2),
        _node("h1", ["x"], [rng.normal(size=(2, 3))], [0.2, -0.2]),
        _node("h2", ["h1", "x"], [rng.normal(size=(4, 2)), rng.normal(size=(4, 3))], [0.0] * 4),
    ]
    return [
        Case(
            "one node, the output: x W^T + b with no ReLU (the output is -0.5)",
            (_x([[1.0, -2.0]]), [_node("out", ["x"], [[[1.0, 1.0]]], [0.5])], "out"),
        ),
        Case("a chain x -> h -> out, listed in order: ReLU on h, not on out", (x2, chain, "out")),
        Case(
            "the same chain listed output first: evaluate h before out (topological order)",
            (x2, chain[::-1], "out"),
        ),
        Case(
            "a skip connection: out takes h and x (its weights sum over both inputs)",
            (
                x2,
                [
                    _node("h", ["x"], [[[1.0, -1.0]]], [0.0]),
                    _node("out", ["h", "x"], [[[2.0]], [[1.0, 1.0]]], [0.0]),
                ],
                "out",
            ),
        ),
        Case(
            "two branches of x merge in out, listed out first",
            (_x([[1.0, 2.0], [3.0, -1.0], [0.0, 0.0]]), diamond, "out"),
        ),
        Case(
            "four nodes in a shuffled list, skip connections from x and h1",
            (rng.normal(size=(5, 3)), deep, "out"),
        ),
        Case(
            "a self-loop, h takes h: a cycle, raise ValueError",
            (
                x2,
                [
                    _node("h", ["x", "h"], [[[1.0, 0.0]], [[1.0]]], [0.0]),
                    _node("out", ["h"], [[[1.0]]], [0.0]),
                ],
                "out",
            ),
            raises="ValueError",
        ),
        Case(
            "a cycle a -> b -> a before the output: raise ValueError",
            (
                x2,
                [
                    _node("a", ["x", "b"], [[[1.0, 1.0]], [[0.5]]], [0.0]),
                    _node("b", ["a"], [[[1.0]]], [0.0]),
                    _node("out", ["b"], [[[1.0]]], [0.0]),
                ],
                "out",
            ),
            raises="ValueError",
        ),
        Case(
            "out takes 'h2', which is not a node: raise ValueError",
            (
                x2,
                [
                    _node("h", ["x"], [[[1.0, 1.0]]], [0.0]),
                    _node("out", ["h", "h2"], [[[1.0]], [[1.0]]], [0.0]),
                ],
                "out",
            ),
            raises="ValueError",
        ),
    ]


def _random_dag(rng: np.random.Generator, count: int) -> tuple[list[list[int]], list[int]]:
    """Inputs of nodes 1..count in a topological numbering (0 is x), and their widths; every
    node but the last (the output) feeds a later node."""
    inputs: list[list[int]] = []
    for i in range(1, count + 1):
        k = int(rng.integers(1, min(3, i) + 1))
        inputs.append(sorted(int(s) for s in rng.choice(i, size=k, replace=False)))
    for j in range(1, count):
        if not any(j in inputs[i - 1] for i in range(j + 1, count + 1)):
            consumer = int(rng.integers(j + 1, count + 1))
            inputs[consumer - 1].append(j)
    widths = [int(w) for w in rng.integers(1, 6, size=count + 1)]
    return inputs, widths


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random DAG of 1 to 7 nodes with skip connections, listed in a shuffled order and with
    shuffled names; every fourth case gets a back edge, which makes a cycle."""
    count = int(rng.integers(1, 8)) if index % 4 != 3 else int(rng.integers(2, 8))
    n = int(rng.integers(1, 6))
    inputs, widths = _random_dag(rng, count)
    labels = ["x", *(f"h{k}" for k in rng.permutation(count) + 1)]
    cyclic = index % 4 == 3
    if cyclic:  # target takes an input from itself or from a node downstream of it
        target = int(rng.integers(1, count + 1))
        downstream = [target]
        for i in range(target + 1, count + 1):
            if any(s in downstream for s in inputs[i - 1]):
                downstream.append(i)
        inputs[target - 1].append(int(rng.choice(downstream)))
    nodes = []
    for i in range(1, count + 1):
        weights = [
            rng.normal(scale=1.0 / np.sqrt(widths[s]), size=(widths[i], widths[s]))
            for s in inputs[i - 1]
        ]
        nodes.append(
            {
                "name": labels[i],
                "inputs": [labels[s] for s in inputs[i - 1]],
                "weights": weights,
                "bias": rng.normal(scale=0.5, size=widths[i]),
            }
        )
    order = rng.permutation(count)
    nodes = [nodes[int(k)] for k in order]
    x = rng.normal(size=(n, widths[0]))
    kind = "with a cycle, raise ValueError" if cyclic else "shuffled list"
    return Case(
        f"random graph #{index}: {count} nodes, {kind}",
        (x, nodes, labels[count]),
        raises="ValueError" if cyclic else None,
    )
