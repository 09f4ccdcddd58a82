"""Alternative solution: a tape of closures. Forward records, for every op, a function that
turns the gradient of its output into the gradients of its operands; backward plays the tape
in reverse, accumulating into a dict keyed by node."""

import numpy as np


def _reduce_to(grad, shape):
    extra = grad.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, size in enumerate(shape) if size == 1 and grad.shape[extra + i] != 1
    )
    return grad.sum(axis=axes).reshape(shape)


def _record(name, a, b):
    """(value, backward) of one op; backward(g) returns one gradient per operand."""
    if name == "add":
        return a + b, lambda g: (_reduce_to(g, a.shape), _reduce_to(g, b.shape))
    if name == "mul":
        return a * b, lambda g: (_reduce_to(g * b, a.shape), _reduce_to(g * a, b.shape))
    if name == "matmul":
        return a @ b, lambda g: (g @ b.T, a.T @ g)
    if name == "tanh":
        y = np.tanh(a)
        return y, lambda g: (g * (1.0 - y * y),)
    if name == "exp":
        y = np.exp(a)
        return y, lambda g: (g * y,)
    if name == "relu":
        return np.where(a > 0, a, 0.0), lambda g: (np.where(a > 0, g, 0.0),)
    if name == "sum":
        return np.array(a.sum()), lambda g: (np.full(a.shape, float(g)),)
    raise ValueError(f"unknown op {name!r}")


def reverse_mode_autograd(graph, inputs):
    values = [np.array(x, dtype=np.float64) for x in inputs]
    tape = []
    for op in graph:
        operands = op[1:]
        if any(i < 0 or i >= len(values) for i in operands):
            raise ValueError(f"{op}: operands must be earlier nodes")
        a = values[operands[0]]
        b = values[operands[1]] if len(operands) > 1 else None
        value, backward = _record(op[0], a, b)
        tape.append((len(values), operands, backward))
        values.append(value)
    if np.ndim(values[-1]) != 0:
        raise ValueError("the last node must be a scalar")
    grads = {len(values) - 1: np.array(1.0)}
    for node, operands, backward in reversed(tape):
        if node in grads:
            for i, share in zip(operands, backward(grads[node]), strict=True):
                grads[i] = grads[i] + share if i in grads else share
    return float(values[-1]), [grads.get(i, np.zeros_like(values[i])) for i in range(len(inputs))]
