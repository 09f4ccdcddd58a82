"""Reference for `perceptron_step`: one update of Rosenblatt's perceptron learning rule."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    w: np.ndarray, b: float, x: np.ndarray, y: int, lr: float
) -> tuple[np.ndarray, float]:
    """Predict with the step function, then move the weights by lr * (y - y_hat) * x."""
    activation = float(np.dot(w, x)) + b
    y_hat = 1 if activation >= 0 else 0
    error = y - y_hat  # -1, 0 or +1: nothing changes when the prediction is right
    return w + lr * error * x, float(b + lr * error)


def oracle(w: np.ndarray, b: float, x: np.ndarray, y: int, lr: float) -> tuple[np.ndarray, float]:
    """The same rule written with PyTorch: the error signal is (y - step(w.x + b))."""
    import torch

    w_t = torch.from_numpy(np.asarray(w, dtype=np.float64))
    x_t = torch.from_numpy(np.asarray(x, dtype=np.float64))
    activation = torch.dot(w_t, x_t) + b
    y_hat = torch.heaviside(activation, torch.tensor(1.0, dtype=torch.float64))
    error = y - y_hat
    return (w_t + lr * error * x_t).numpy(), float(b + lr * error)


def _case(name: str, w: list[float], b: float, x: list[float], y: int, lr: float) -> Case:
    return Case(
        name, (np.array(w, dtype=np.float64), float(b), np.array(x, dtype=np.float64), y, lr)
    )


def edge_cases() -> list[Case]:
    """Fixed cases: the threshold itself, correct predictions, both kinds of error, zero weights."""
    return [
        _case(
            "w.x+b exactly 0 with y=1 is a correct prediction: nothing changes",
            [0.5, 0.5],
            -1.0,
            [1.0, 1.0],
            1,
            0.5,
        ),
        _case(
            "correct positive prediction (w.x+b>0, y=1): nothing changes",
            [2.0, -1.0, 0.5],
            0.5,
            [1.0, 0.5, 2.0],
            1,
            0.5,
        ),
        _case(
            "zero weights and bias with y=1: already correct, nothing changes",
            [0.0, 0.0, 0.0],
            0.0,
            [1.0, 2.0, 3.0],
            1,
            1.0,
        ),
        _case("one feature (D=1)", [-2.0], 0.5, [1.5], 1, 0.25),
        _case(
            "misclassified negative (y=0, w.x+b>0): w -= lr*x, b -= lr",
            [1.0, 0.5],
            0.25,
            [2.0, 1.0],
            0,
            0.5,
        ),
        _case(
            "w.x+b exactly 0 counts as predicting 1, so y=0 is a mistake and updates",
            [1.0, -1.0],
            0.0,
            [2.0, 2.0],
            0,
            0.5,
        ),
        _case(
            "zero weights and bias predict 1 (activation 0), so y=0 updates",
            [0.0, 0.0, 0.0, 0.0],
            0.0,
            [1.0, -2.0, 0.5, 3.0],
            0,
            1.0,
        ),
        _case(
            "correct negative prediction (w.x+b<0, y=0): nothing changes",
            [1.0, 1.0],
            -0.5,
            [-1.0, -2.0],
            0,
            0.25,
        ),
        _case(
            "x all zeros: only the bias can move (w.x = 0, b < 0, y = 1)",
            [1.5, -2.0],
            -0.5,
            [0.0, 0.0],
            1,
            0.5,
        ),
        _case(
            "small learning rate scales the step (lr=0.01)",
            [0.25, -0.75, 1.0],
            -1.0,
            [1.0, 1.0, 0.5],
            1,
            0.01,
        ),
        _case(
            "misclassified positive (y=1, w.x+b<0): w += lr*x, b += lr",
            [0.5, -1.0, 0.25],
            -0.5,
            [1.0, 2.0, -2.0],
            1,
            0.5,
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random sample, misclassified about two times in three so most cases update."""
    d = int(rng.integers(1, 9))
    w = rng.normal(size=d)
    b = float(rng.normal())
    x = rng.normal(scale=2.0, size=d)
    y_hat = 1 if float(np.dot(w, x)) + b >= 0 else 0
    y = 1 - y_hat if rng.random() < 0.67 else y_hat
    lr = float(rng.choice([0.01, 0.1, 0.5, 1.0]))
    return Case(f"random sample #{index} (D={d}, lr={lr})", (w, b, x, y, lr))
