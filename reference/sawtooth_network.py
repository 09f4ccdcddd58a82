"""Reference for `sawtooth_network`: Telgarsky's deep, narrow ReLU network whose output has
2**depth linear pieces on [0, 1] from only 2 ReLU units per layer."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(x: np.ndarray, depth: int) -> np.ndarray:
    """Compose the tent layer z -> 2 relu(z) - 4 relu(z - 1/2) `depth` times (depth 0: z = x)."""
    z = np.array(x, dtype=np.float64)
    for _ in range(depth):
        z = 2.0 * np.maximum(z, 0.0) - 4.0 * np.maximum(z - 0.5, 0.0)
    return z


def oracle(x: np.ndarray, depth: int) -> np.ndarray:
    """The network built from nn.Linear and nn.ReLU layers with the tent weights."""
    import torch
    from torch import nn

    layers: list[nn.Module] = []
    for _ in range(depth):
        hidden = nn.Linear(1, 2, dtype=torch.float64)
        out = nn.Linear(2, 1, dtype=torch.float64)
        with torch.no_grad():
            hidden.weight.copy_(torch.tensor([[1.0], [1.0]]))
            hidden.bias.copy_(torch.tensor([0.0, -0.5]))
            out.weight.copy_(torch.tensor([[2.0, -4.0]]))
            out.bias.zero_()
        layers += [hidden, nn.ReLU(), out]
    network = nn.Sequential(*layers)
    with torch.no_grad():
        return network(torch.from_numpy(np.asarray(x, dtype=np.float64))[:, None])[:, 0].numpy()


def _grid(n: int) -> np.ndarray:
    return np.linspace(0.0, 1.0, n)


def edge_cases() -> list[Case]:
    """Fixed cases: depth 0 and 1, the breakpoints at multiples of 2**-depth, a deep network."""
    return [
        Case("depth 0: no layers, the network is the identity", (_grid(5), 0)),
        Case("depth 1: one tent, 2x up to x = 1/2 then 2 - 2x", (_grid(9), 1)),
        Case(
            "depth 2: two teeth (4 linear pieces), peaks at x = 1/4 and 3/4",
            (np.arange(17) / 16.0, 2),
        ),
        Case("depth 3 at multiples of 1/16: alternately 0, 1/2 and 1", (np.arange(17) / 16.0, 3)),
        Case(
            "x in [1/2, 1] only (where the second ReLU is active), depth 1",
            (_grid(11) / 2 + 0.5, 1),
        ),
        Case("a single input x = 0.3, depth 4", (np.array([0.3]), 4)),
        Case("depth 8: 256 linear pieces on a fine grid", (_grid(513), 8)),
        Case(
            "non-dyadic points (thirds and sevenths), depth 5",
            (np.array([1 / 3, 2 / 3, 1 / 7, 6 / 7]), 5),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random inputs in [0, 1] and a random depth from 0 to 8."""
    n = int(rng.integers(1, 51))
    depth = int(rng.integers(0, 9))
    return Case(
        f"random inputs #{index} (N={n}, depth={depth})", (rng.uniform(0.0, 1.0, size=n), depth)
    )
