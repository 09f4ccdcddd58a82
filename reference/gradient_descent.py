"""Reference for `gradient_descent`: plain gradient descent on a quadratic, returning the path."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(A: np.ndarray, b: np.ndarray, x0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """Minimise f(x) = 1/2 x^T A x - b^T x (A symmetric) with x <- x - lr * (A x - b).

    Returns every iterate, x0 first: shape (steps + 1, D)."""
    x = np.array(x0, dtype=np.float64)
    path = [x.copy()]
    for _ in range(steps):
        x = x - lr * (A @ x - b)  # a new array each step, so path rows are not aliases
        path.append(x)
    return np.stack(path)


def oracle(A: np.ndarray, b: np.ndarray, x0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """torch.optim.SGD (no momentum) on the same objective, gradients from autograd."""
    import torch

    A_t, b_t = torch.from_numpy(A), torch.from_numpy(b)
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([x], lr=lr)
    path = [x.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        loss = 0.5 * x @ A_t @ x - b_t @ x
        loss.backward()
        optimizer.step()
        path.append(x.detach().clone())
    return torch.stack(path).numpy()


def _case(
    name: str, A: list[list[float]], b: list[float], x0: list[float], lr: float, steps: int
) -> Case:
    return Case(
        name,
        (
            np.array(A, dtype=np.float64),
            np.array(b, dtype=np.float64),
            np.array(x0, dtype=np.float64),
            lr,
            steps,
        ),
    )


def edge_cases() -> list[Case]:
    """Fixed cases: zero steps, one step, the limit lr < 2/lambda_max, ill-conditioning."""
    return [
        _case(
            "steps=0: the path is just x0, shape (1, D)",
            [[1.0, 0.0], [0.0, 3.0]],
            [1.0, 2.0],
            [0.5, -0.5],
            0.1,
            0,
        ),
        _case(
            "one step from x0 = 0: x1 = lr * b (the gradient at 0 is -b)",
            [[4.0, 1.0, 0.0], [1.0, 3.0, 0.0], [0.0, 0.0, 2.0]],
            [1.0, -2.0, 0.5],
            [0.0, 0.0, 0.0],
            0.1,
            1,
        ),
        _case(
            "A = I and lr = 1: one step lands exactly on the minimum x* = b and stays",
            [[1.0, 0.0], [0.0, 1.0]],
            [3.0, -2.0],
            [10.0, 10.0],
            1.0,
            4,
        ),
        _case(
            "a few steps on a coupled 2-D quadratic (rows: x0, x1, x2, x3)",
            [[2.0, 0.5], [0.5, 1.0]],
            [1.0, -1.0],
            [0.0, 0.0],
            0.3,
            3,
        ),
        _case(
            "x0 is already the minimum (A x0 = b): the gradient is 0, nothing moves",
            [[2.0, 0.0], [0.0, 4.0]],
            [2.0, -4.0],
            [1.0, -1.0],
            0.2,
            5,
        ),
        _case(
            "lr above 2/lambda_max (2.5/4): the iterates oscillate and grow (divergence)",
            [[4.0, 0.0], [0.0, 1.0]],
            [0.0, 0.0],
            [1.0, 1.0],
            0.625,
            12,
        ),
        _case(
            "ill-conditioned (kappa = 100): fast along one axis, slow along the other",
            [[100.0, 0.0], [0.0, 1.0]],
            [100.0, 1.0],
            [0.0, 0.0],
            0.019,
            25,
        ),
        _case("one dimension (D=1)", [[2.0]], [1.0], [-3.0], 0.25, 6),
        _case(
            "negative b and x0 far away, many steps",
            [[3.0, 1.0, 0.5], [1.0, 2.0, 0.25], [0.5, 0.25, 1.5]],
            [-1.0, -2.0, -0.5],
            [5.0, -4.0, 3.0],
            0.2,
            40,
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random symmetric positive definite A (eigenvalues in [0.2, 5]) and a stable lr."""
    d = int(rng.integers(1, 7))
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    eigenvalues = rng.uniform(0.2, 5.0, size=d)
    A = (q * eigenvalues) @ q.T
    A = (A + A.T) / 2  # exactly symmetric, so autograd's (A + A^T)/2 x equals A x
    b = rng.normal(size=d)
    x0 = rng.normal(scale=2.0, size=d)
    lr = float(rng.uniform(0.05, 1.9) / eigenvalues.max())
    steps = int(rng.integers(1, 31))
    return Case(
        f"random SPD quadratic #{index} (D={d}, lr={lr:.3g}, steps={steps})", (A, b, x0, lr, steps)
    )
