"""Reference for `reverse_mode_autograd`: what a framework's autograd does, on a small graph.

The nodes are numbered: the inputs are nodes 0 .. n-1, and op number t of `graph` creates node
n + t from earlier nodes. Forward evaluates the nodes in order; backward seeds the (scalar) last
node with gradient 1 and walks the ops in reverse, each adding its operands' share of the
gradient (chain rule), summed back over broadcast axes. A node used twice receives two shares:
they add up.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

ARITY = {"add": 2, "mul": 2, "matmul": 2, "tanh": 1, "exp": 1, "relu": 1, "sum": 1}


def _check(graph: list, num_inputs: int) -> None:
    for t, op in enumerate(graph):
        node = num_inputs + t
        if op[0] not in ARITY:
            raise ValueError(f"op {t}: unknown op {op[0]!r}")
        for operand in op[1:]:
            if not 0 <= operand < node:
                raise ValueError(f"op {t} (node {node}) uses node {operand}: not an earlier node")


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum a gradient of the broadcast result back to an operand's shape: over the leading axes
    broadcasting added, and over the axes where the operand had size 1."""
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))
    axes = tuple(axis for axis, size in enumerate(shape) if size == 1 and grad.shape[axis] != 1)
    return grad.sum(axis=axes, keepdims=True).reshape(shape)


def _forward(op: tuple, values: list[np.ndarray]) -> np.ndarray:
    name, args = op[0], [values[i] for i in op[1:]]
    if name == "add":
        return args[0] + args[1]
    if name == "mul":
        return args[0] * args[1]
    if name == "matmul":
        return args[0] @ args[1]
    if name == "tanh":
        return np.tanh(args[0])
    if name == "exp":
        return np.exp(args[0])
    if name == "relu":
        return np.maximum(args[0], 0.0)
    return np.asarray(args[0].sum())  # "sum": a 0-d array


def _local_gradients(op: tuple, values: list[np.ndarray], out: np.ndarray, g: np.ndarray) -> list:
    """Each operand's share of the gradient g of the op's output `out`."""
    name, args = op[0], [values[i] for i in op[1:]]
    if name == "add":
        return [_unbroadcast(g, args[0].shape), _unbroadcast(g, args[1].shape)]
    if name == "mul":
        return [_unbroadcast(g * args[1], args[0].shape), _unbroadcast(g * args[0], args[1].shape)]
    if name == "matmul":
        return [g @ args[1].T, args[0].T @ g]
    if name == "tanh":
        return [g * (1.0 - out * out)]
    if name == "exp":
        return [g * out]
    if name == "relu":
        return [g * (args[0] > 0)]  # relu'(0) = 0, as in PyTorch
    return [np.broadcast_to(g, args[0].shape).copy()]  # "sum"


def reference(graph: list, inputs: list) -> tuple[float, list[np.ndarray]]:
    """(value of the last node, [d output / d input_i for every input])."""
    values = [np.asarray(x, dtype=np.float64) for x in inputs]
    _check(graph, len(values))
    for op in graph:
        values.append(_forward(op, values))
    if values[-1].shape != ():
        raise ValueError(f"the output must be a scalar, got shape {values[-1].shape}")
    grads: list[np.ndarray | None] = [None] * len(values)
    grads[-1] = np.ones(())
    for t in reversed(range(len(graph))):
        node = len(inputs) + t
        if grads[node] is None:  # this node does not reach the output
            continue
        shares = _local_gradients(graph[t], values, values[node], grads[node])
        for operand, share in zip(graph[t][1:], shares, strict=True):
            grads[operand] = share if grads[operand] is None else grads[operand] + share
    input_grads = [
        np.zeros_like(values[i]) if grads[i] is None else grads[i] for i in range(len(inputs))
    ]
    return float(values[-1]), input_grads


def oracle(graph: list, inputs: list) -> tuple[float, list[np.ndarray]]:
    """The same graph run with torch operations on leaf tensors; torch.autograd.grad does the
    backward pass (allow_unused: inputs the output does not depend on get zeros)."""
    import torch

    _check(graph, len(inputs))
    ops = {
        "add": torch.add,
        "mul": torch.mul,
        "matmul": torch.matmul,
        "tanh": torch.tanh,
        "exp": torch.exp,
        "relu": torch.relu,
        "sum": torch.sum,
    }
    leaves = [torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True) for x in inputs]
    values = list(leaves)
    for op in graph:
        values.append(ops[op[0]](*(values[i] for i in op[1:])))
    output = values[-1]
    if output.dim() != 0:
        raise ValueError(f"the output must be a scalar, got shape {tuple(output.shape)}")
    grads = torch.autograd.grad(output, leaves, allow_unused=True)
    return float(output.detach()), [
        torch.zeros_like(leaf).numpy() if g is None else g.numpy()
        for leaf, g in zip(leaves, grads, strict=True)
    ]


def _case(name: str, graph: list, inputs: list, raises: str | None = None) -> Case:
    arrays = [np.asarray(x, dtype=np.float64) for x in inputs]
    return Case(name, (graph, arrays), raises=raises)


def edge_cases() -> list[Case]:
    """Reuse first (the accumulation bug), then chains, broadcasting, matmul, and the raises."""
    rng = np.random.default_rng(28)
    return [
        _case("x * x at x = 3: x is used twice, so dx = 3 + 3 = 6", [("mul", 0, 0)], [3.0]),
        _case(
            "sum(x) of a vector: every entry gets gradient 1",
            [("sum", 0)],
            [[1.0, 2.0, 3.0]],
        ),
        _case(
            "x used by two ops: sum(tanh(x) * x), dx = tanh(x) + x (1 - tanh(x)^2)",
            [("tanh", 0), ("mul", 1, 0), ("sum", 2)],
            [[0.5, -1.0, 2.0]],
        ),
        _case(
            "a chain exp(tanh(x)) then sum: backward must visit the ops last to first",
            [("tanh", 0), ("exp", 1), ("sum", 2)],
            [[0.5, -0.25]],
        ),
        _case(
            "relu at -1, 0 and 2: its derivative is 0, 0 and 1",
            [("relu", 0), ("mul", 1, 1), ("sum", 2)],
            [[-1.0, 0.0, 2.0]],
        ),
        _case(
            "a bias b (2,) broadcast over x (3, 2): db sums over the 3 rows",
            [("add", 0, 1), ("tanh", 2), ("sum", 3)],
            [[[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]], [0.5, -0.5]],
        ),
        _case(
            "a scalar a times a matrix X: da sums over every entry",
            [("mul", 0, 1), ("exp", 2), ("sum", 3)],
            [0.5, [[1.0, -1.0], [0.5, 0.0]]],
        ),
        _case(
            "a column (2, 1) times a row (1, 3): both operands were broadcast",
            [("mul", 0, 1), ("tanh", 2), ("sum", 3)],
            [[[1.0], [-2.0]], [[0.5, 1.0, -0.5]]],
        ),
        _case(
            "square matmul A @ B (2x2): dA = G B^T and dB = A^T G, not transposed",
            [("matmul", 0, 1), ("tanh", 2), ("sum", 3)],
            [[[1.0, 2.0], [0.0, -1.0]], [[0.5, -0.5], [1.0, 0.25]]],
        ),
        _case(
            "an input the output does not use gets a zero gradient",
            [("exp", 0), ("sum", 2)],
            [[0.1, -0.2], [[1.0, 2.0]]],
        ),
        _case(
            "a two-layer network sum(tanh(X W1 + b1) W2), X (4, 3)",
            [("matmul", 0, 1), ("add", 4, 2), ("tanh", 5), ("matmul", 6, 3), ("sum", 7)],
            [
                rng.normal(size=(4, 3)),
                rng.normal(size=(3, 5)),
                rng.normal(size=5),
                rng.normal(size=(5, 2)),
            ],
        ),
        _case(
            "an unknown op 'sigmoid': raise ValueError",
            [("sigmoid", 0), ("sum", 1)],
            [[0.5, 1.0]],
            "ValueError",
        ),
        _case(
            "a negative node index (-1): raise ValueError",
            [("tanh", 0), ("mul", 1, -1), ("sum", 2)],
            [[0.5, 1.0]],
            "ValueError",
        ),
        _case(
            "an op that uses its own node (node 1 = tanh(node 1)): raise ValueError",
            [("tanh", 1), ("sum", 1)],
            [[0.5, 1.0]],
            "ValueError",
        ),
        _case(
            "an op that uses a later node (node 1 = node 0 + node 2): raise ValueError",
            [("add", 0, 2), ("exp", 0), ("sum", 2)],
            [[0.5, 1.0]],
            "ValueError",
        ),
        _case(
            "the output tanh(x) is a vector, not a scalar: raise ValueError",
            [("tanh", 0)],
            [[0.5, 1.0, -1.0]],
            "ValueError",
        ),
    ]


def _broadcasts_to(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    try:
        return np.broadcast_shapes(shape, target) == target
    except ValueError:
        return False


def _random_graph(rng: np.random.Generator, values: list[np.ndarray]) -> list:
    """Random ops whose operands fit together, mostly building on the newest node (so that most
    nodes reach the output) and often reusing older ones; every value stays moderate."""
    graph: list = []
    for _ in range(int(rng.integers(3, 9))):
        name = str(rng.choice(["add", "mul", "matmul", "tanh", "exp", "relu"]))
        newest = len(values) - 1
        nodes = range(len(values))
        if name in ("add", "mul", "matmul"):
            if name == "matmul":
                pairs = [
                    (i, j)
                    for i in nodes
                    for j in nodes
                    if values[i].ndim == 2
                    and values[j].ndim == 2
                    and values[i].shape[1] == values[j].shape[0]
                ]
            else:
                pairs = [
                    pair
                    for i in nodes
                    for j in nodes
                    if _broadcasts_to(values[j].shape, values[i].shape)
                    for pair in ((i, j), (j, i))
                ]
            recent = [pair for pair in pairs if newest in pair]
            pool = recent if recent and rng.random() < 0.8 else pairs
            if not pool:
                continue
            op = (name, *(int(v) for v in pool[int(rng.integers(len(pool)))]))
        else:
            candidates = [
                i for i in nodes if name != "exp" or np.abs(values[i]).max(initial=0.0) < 3.0
            ]
            if not candidates:
                continue
            pick = newest if newest in candidates and rng.random() < 0.7 else None
            if pick is None:
                pick = int(candidates[int(rng.integers(len(candidates)))])
            op = (name, pick)
        result = _forward(op, values)
        if np.abs(result).max(initial=0.0) > 50.0:
            continue
        graph.append(op)
        values.append(result)
    # the output adds up the sums of every node nothing uses yet (the newest one among them), so
    # that every input reaches it, like a loss with several terms
    used = {operand for op in graph for operand in op[1:]}
    dangling = [node for node in range(len(values)) if node not in used]
    graph.append(("sum", dangling[-1]))
    total = len(values)
    for node in dangling[:-1]:
        graph += [("sum", node), ("add", total, total + 1)]
        total += 2
    return graph


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random inputs (matrices that chain, a bias vector, a scalar) and a random graph on them,
    ending with a sum of sums; nodes are often used more than once."""
    n, k, m = (int(v) for v in rng.integers(1, 5, size=3))
    inputs = [
        rng.normal(size=(n, k)),
        rng.normal(size=(k, m)),
        rng.normal(size=m),
        np.asarray(rng.normal()),
    ]
    graph = _random_graph(rng, [x.copy() for x in inputs])
    ops = ", ".join(op[0] for op in graph)
    return Case(f"random graph #{index} ({len(graph)} ops: {ops})", (graph, inputs))
