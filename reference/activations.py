"""Reference for `activations`: four activation functions and their derivatives."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

LEAKY_SLOPE = 0.01
NAMES = ("relu", "sigmoid", "tanh", "leaky_relu")


def reference(x: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(phi(x), phi'(x)) element-wise; the kinks at 0 take PyTorch's autograd values."""
    if name == "relu":
        return np.maximum(x, 0.0), (x > 0).astype(np.float64)  # derivative 0 at x = 0
    if name == "leaky_relu":
        return np.where(x > 0, x, LEAKY_SLOPE * x), np.where(x > 0, 1.0, LEAKY_SLOPE)
    if name == "sigmoid":
        small = np.exp(-np.abs(x))  # <= 1: never overflows
        value = np.where(x >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
        return value, value * (1.0 - value)  # from the output, not the input
    if name == "tanh":
        value = np.tanh(x)
        return value, 1.0 - value**2
    raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(NAMES)}")


def oracle(x: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's functions, differentiated by autograd (the derivative is element-wise)."""
    import torch
    import torch.nn.functional as F

    functions = {
        "relu": torch.relu,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "leaky_relu": lambda t: F.leaky_relu(t, LEAKY_SLOPE),
    }
    if name not in functions:
        raise ValueError(f"unknown activation {name!r}")
    inputs = torch.tensor(x, requires_grad=True)
    value = functions[name](inputs)
    value.backward(torch.ones_like(value))
    assert inputs.grad is not None
    return value.detach().numpy(), inputs.grad.numpy()


def _case(name: str, x: list[float] | list[list[float]], activation: str) -> Case:
    return Case(name, (np.array(x, dtype=np.float64), activation))


def edge_cases() -> list[Case]:
    """Fixed cases: the kink at 0, saturation at +-1000, derivatives from outputs, bad names."""
    return [
        _case(
            "relu at exactly 0: the derivative is 0, as PyTorch's autograd uses",
            [-2.0, -0.5, 0.0, 0.5, 2.0],
            "relu",
        ),
        _case(
            "leaky_relu: slope 0.01 for x <= 0 (PyTorch uses 0.01 at exactly 0)",
            [-100.0, -1.0, 0.0, 1.0, 3.0],
            "leaky_relu",
        ),
        _case(
            "sigmoid: the derivative is s(1 - s) of the output s, not x(1 - x) of the input",
            [-3.0, -1.0, 0.0, 0.5, 2.0],
            "sigmoid",
        ),
        _case(
            "tanh: the derivative is 1 - t^2 of the output t, not 1 - x^2 of the input",
            [-2.0, -0.5, 0.0, 0.25, 1.5],
            "tanh",
        ),
        _case(
            "sigmoid at +-1000: 1 and 0 with derivative 0 (exp(x)/(1 + exp(x)) is nan)",
            [-1000.0, -40.0, 40.0, 1000.0],
            "sigmoid",
        ),
        _case(
            "tanh at +-1000: +-1 with derivative 0 (building it from exp overflows to nan)",
            [-1000.0, -20.0, 20.0, 1000.0],
            "tanh",
        ),
        _case(
            "relu of a 2-D input keeps its shape (2, 3)",
            [[1.0, -2.0, 0.0], [-0.5, 3.0, 0.0]],
            "relu",
        ),
        _case("sigmoid of a 2-D input (3, 2)", [[0.0, 1.0], [-1.0, 4.0], [2.5, -6.0]], "sigmoid"),
        _case(
            "tanh of a 3-D input (2, 2, 2): any shape works element-wise",
            [[[0.0, 1.0], [-1.0, 2.0]], [[0.5, -0.5], [3.0, -3.0]]],
            "tanh",
        ),
        Case(
            "an unknown activation name ('gelu') raises ValueError",
            (np.array([0.5, -1.0]), "gelu"),
            raises="ValueError",
        ),
        Case(
            "names are exact: 'ReLU' is not one of the four names, so it raises ValueError",
            (np.array([0.5, -1.0]), "ReLU"),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random activation on a random 1-D or 2-D input; half-integers so exact zeros appear."""
    name = str(rng.choice(NAMES))
    shape = tuple(int(v) for v in rng.integers(1, 7, size=int(rng.integers(1, 3))))
    if rng.random() < 0.5:
        x = 0.5 * rng.integers(-8, 9, size=shape).astype(np.float64)
    else:
        x = float(rng.choice([1.0, 5.0, 50.0])) * rng.normal(size=shape)
    return Case(f"random #{index}: {name} on an input of shape {shape}", (x, name))
