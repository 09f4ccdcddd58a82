"""Mistake: Hands a broadcast operand the gradient in the result's shape, without summing over the
broadcast axes."""

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

    grads = [np.zeros_like(v) for v in values]
    grads[-1] = np.ones(())
    for t in reversed(range(len(graph))):
        node = len(inputs) + t
        name, args = graph[t][0], graph[t][1:]
        g, out = grads[node], values[node]
        a = values[args[0]]
        if name == "add":
            grads[args[0]] = grads[args[0]] + g
            b = values[args[1]]
            grads[args[1]] = grads[args[1]] + g
        elif name == "mul":
            b = values[args[1]]
            grads[args[0]] = grads[args[0]] + g * b
            grads[args[1]] = grads[args[1]] + g * a
        elif name == "matmul":
            b = values[args[1]]
            grads[args[0]] = grads[args[0]] + g @ b.T
            grads[args[1]] = grads[args[1]] + a.T @ g
        elif name == "tanh":
            grads[args[0]] = grads[args[0]] + g * (1 - out**2)
        elif name == "exp":
            grads[args[0]] = grads[args[0]] + g * out
        elif name == "relu":
            grads[args[0]] = grads[args[0]] + g * (a > 0)
        else:
            grads[args[0]] = grads[args[0]] + g * np.ones_like(a)
    return float(values[-1]), grads[: len(inputs)]
