"""Mistake: passes the scalar gradient of a sum down as it is, instead of one value per summed
entry (so the summed array's gradient comes back 0-d, or is broadcast wrongly later)."""

import numpy as np

OPS = ("add", "mul", "matmul", "tanh", "exp", "relu", "sum")


def unbroadcast(grad, shape):
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def reverse_mode_autograd(graph, inputs):
    values = [np.asarray(x, dtype=float) for x in inputs]
    for op in graph:
        node = len(values)
        name, args = op[0], op[1:]
        if name not in OPS:
            raise ValueError(f"unknown op {name!r}")
        for i in args:
            if not 0 <= i < node:
                raise ValueError(f"node {node} uses node {i}")
        a = values[args[0]]
        b = values[args[1]] if len(args) > 1 else None
        if name == "add":
            out = a + b
        elif name == "mul":
            out = a * b
        elif name == "matmul":
            out = a @ b
        elif name == "tanh":
            out = np.tanh(a)
        elif name == "exp":
            out = np.exp(a)
        elif name == "relu":
            out = np.maximum(a, 0.0)
        else:
            out = np.asarray(a.sum())
        values.append(out)
    if values[-1].shape != ():
        raise ValueError("the output must be a scalar")

    grads = {len(values) - 1: np.ones(())}

    def accumulate(i, share):
        grads[i] = grads[i] + share if i in grads else share

    for t in reversed(range(len(graph))):
        node = len(inputs) + t
        if node not in grads:
            continue
        name, args = graph[t][0], graph[t][1:]
        g, out = grads[node], values[node]
        a = values[args[0]]
        if name == "add":
            b = values[args[1]]
            accumulate(args[0], unbroadcast(g, a.shape))
            accumulate(args[1], unbroadcast(g, b.shape))
        elif name == "mul":
            b = values[args[1]]
            accumulate(args[0], unbroadcast(g * b, a.shape))
            accumulate(args[1], unbroadcast(g * a, b.shape))
        elif name == "matmul":
            b = values[args[1]]
            accumulate(args[0], g @ b.T)
            accumulate(args[1], a.T @ g)
        elif name == "tanh":
            accumulate(args[0], g * (1 - out**2))
        elif name == "exp":
            accumulate(args[0], g * out)
        elif name == "relu":
            accumulate(args[0], g * (a > 0))
        else:
            accumulate(args[0], g)  # the mistake: g is a scalar, not one value per entry
    grads_out = [grads.get(i, np.zeros_like(values[i])) for i in range(len(inputs))]
    return float(values[-1]), grads_out
