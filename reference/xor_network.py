"""Reference for `xor_network`: a 2-2-1 network of step units that computes XOR.

Many weight sets compute XOR, so the exercise grades what the learner's network *predicts* on
batches of 0/1 inputs, never the weights themselves: any correct network passes.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def weights() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One valid set: hidden units OR and NAND, output unit AND of the two."""
    W1 = np.array([[1.0, 1.0], [-1.0, -1.0]])  # x1 + x2 - 0.5 >= 0: OR; 1.5 - x1 - x2 >= 0: NAND
    b1 = np.array([-0.5, 1.5])
    W2 = np.array([[1.0, 1.0]])  # h1 + h2 - 1.5 >= 0: AND
    b2 = np.array([-1.5])
    return W1, b1, W2, b2


def step(z: np.ndarray) -> np.ndarray:
    """Heaviside step with step(0) = 1."""
    return (z >= 0).astype(np.float64)


def reference(x: np.ndarray) -> np.ndarray:
    """The network's predictions, shape (N,): step(step(x W1^T + b1) W2^T + b2)."""
    W1, b1, W2, b2 = weights()
    hidden = step(x @ W1.T + b1)
    return step(hidden @ W2.T + b2)[:, 0]


def oracle(x: np.ndarray) -> np.ndarray:
    """What any correct network must output: torch.logical_xor of the two inputs."""
    import torch

    inputs = torch.from_numpy(x) != 0
    return torch.logical_xor(inputs[:, 0], inputs[:, 1]).double().numpy()


def _case(name: str, rows: list[int]) -> Case:
    return Case(name, (CORNERS[rows].copy(),))


def edge_cases() -> list[Case]:
    """Fixed cases: the truth table, each corner on its own, repeats and shuffles."""
    return [
        _case("(1,1) alone: XOR is 0 (an OR unit would say 1)", [3]),
        _case("(0,0) alone: XOR is 0", [0]),
        _case("(0,1) alone: XOR is 1 (an AND unit would say 0)", [1]),
        _case("(1,0) alone: XOR is 1", [2]),
        _case("only equal inputs (1,1), (0,0), (1,1): all 0", [3, 0, 3]),
        _case("the truth table (0,0), (0,1), (1,0), (1,1): XOR is 0, 1, 1, 0", [0, 1, 2, 3]),
        _case(
            "the corners shuffled and repeated (N=10)",
            [2, 3, 0, 1, 1, 3, 2, 0, 0, 1],
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random batch of corners of the unit square."""
    n = int(rng.integers(1, 33))
    rows = rng.integers(0, 4, size=n)
    return Case(f"random batch of corners #{index} (N={n})", (CORNERS[rows].copy(),))
