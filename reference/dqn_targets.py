"""Reference for `dqn_targets`: the regression targets of a DQN update, with a target network,
terminal masking and, optionally, the double-DQN decoupling of action selection and evaluation."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(next_q_online: np.ndarray, next_q_target: np.ndarray) -> None:
    if next_q_online.shape != next_q_target.shape:
        raise ValueError(
            f"next_q_online {next_q_online.shape} and next_q_target {next_q_target.shape} differ"
        )


def reference(
    rewards: np.ndarray,
    next_q_online: np.ndarray,
    next_q_target: np.ndarray,
    dones: np.ndarray,
    gamma: float,
    double: bool,
) -> np.ndarray:
    """y = r + gamma * (1 - done) * Q_target(s', a*), a* = argmax of Q_target (DQN) or of
    Q_online (double DQN), ties to the lowest action index."""
    _check(next_q_online, next_q_target)
    rows = np.arange(len(rewards))
    if double:
        best = np.argmax(next_q_online, axis=1)  # select with the online network
        bootstrap = next_q_target[rows, best]  # evaluate with the target network
    else:
        bootstrap = next_q_target.max(axis=1)
    not_done = np.where(dones, 0.0, 1.0)
    return rewards + gamma * not_done * bootstrap


def oracle(
    rewards: np.ndarray,
    next_q_online: np.ndarray,
    next_q_target: np.ndarray,
    dones: np.ndarray,
    gamma: float,
    double: bool,
) -> np.ndarray:
    """The same with torch: argmax + gather for double DQN, max for DQN, masked_fill for ends."""
    import torch

    _check(next_q_online, next_q_target)
    r = torch.from_numpy(rewards)
    q_online, q_target = torch.from_numpy(next_q_online), torch.from_numpy(next_q_target)
    if double:
        best = q_online.argmax(dim=1, keepdim=True)
        bootstrap = q_target.gather(1, best).squeeze(1)
    else:
        bootstrap = q_target.max(dim=1).values
    bootstrap = bootstrap.masked_fill(torch.from_numpy(dones), 0.0)
    return (r + gamma * bootstrap).numpy()


def _case(
    name: str,
    rewards: list[float],
    online: list[list[float]],
    target: list[list[float]],
    dones: list[bool],
    gamma: float,
    double: bool,
    raises: str | None = None,
) -> Case:
    return Case(
        name,
        (
            np.array(rewards, dtype=np.float64),
            np.array(online, dtype=np.float64),
            np.array(target, dtype=np.float64),
            np.array(dones, dtype=bool),
            gamma,
            double,
        ),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """One transition at a time first, then terminal masking, the double-DQN split, ties."""
    return [
        _case(
            "one transition, DQN: 1 + 0.9 * max(2, 3) = 3.7 (from the target network)",
            [1.0],
            [[3.0, 3.0]],
            [[2.0, 3.0]],
            [False],
            0.9,
            False,
        ),
        _case(
            "a terminal transition: the target is the reward alone, 1",
            [1.0],
            [[2.0, 2.0]],
            [[2.0, 2.0]],
            [True],
            0.9,
            False,
        ),
        _case(
            "online (2 actions) and target (3 actions) of different shapes: raise ValueError",
            [1.0, 0.0],
            [[1.0, 2.0], [0.0, 1.0]],
            [[1.0, 2.0, 3.0], [0.0, 1.0, 2.0]],
            [False, False],
            0.9,
            True,
            raises="ValueError",
        ),
        _case(
            "one transition, DQN: the max comes from the target net (4), not the online net (5)",
            [0.0],
            [[1.5, 5.0]],
            [[4.0, 2.0]],
            [False],
            0.5,
            False,
        ),
        _case(
            "one transition, double DQN: the online net picks action 1, the target net values it "
            "at 2: 0 + 0.5 * 2 = 1",
            [0.0],
            [[1.5, 5.0]],
            [[4.0, 2.0]],
            [False],
            0.5,
            True,
        ),
        _case(
            "double DQN with tied online values: the lowest action (0) is chosen, worth 1",
            [0.5],
            [[3.0, 3.0, 1.0]],
            [[1.0, 2.0, 9.0]],
            [False],
            1.0,
            True,
        ),
        _case(
            "gamma = 0: the targets are the rewards",
            [1.5, -2.0, 0.25],
            [[1.0, 7.0], [3.0, 0.0], [2.0, 2.5]],
            [[4.0, 1.0], [0.5, 6.0], [3.0, -1.0]],
            [False, False, True],
            0.0,
            True,
        ),
        _case(
            "a batch with terminal and non-terminal transitions, DQN, each row its own max",
            [1.0, -1.0, 0.0, 2.0],
            [[0.5, 1.0, 0.0], [2.0, 1.0, 3.0], [1.0, 1.5, -1.0], [0.0, 0.0, 4.0]],
            [[1.0, 0.0, 2.0], [3.0, 4.0, 1.0], [-1.0, -2.0, -0.5], [5.0, 1.0, 0.0]],
            [False, True, False, True],
            0.99,
            False,
        ),
        _case(
            "the same batch, double DQN",
            [1.0, -1.0, 0.0, 2.0],
            [[0.5, 1.0, 0.0], [2.0, 1.0, 3.0], [1.0, 1.5, -1.0], [0.0, 0.0, 4.0]],
            [[1.0, 0.0, 2.0], [3.0, 4.0, 1.0], [-1.0, -2.0, -0.5], [5.0, 1.0, 0.0]],
            [False, True, False, True],
            0.99,
            True,
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random batches; double DQN on odd indices; every third case rounded so that ties occur."""
    n, num_actions = int(rng.integers(1, 17)), int(rng.integers(2, 7))
    online = rng.normal(scale=3.0, size=(n, num_actions))
    target = online + rng.normal(scale=1.0, size=(n, num_actions))
    if index % 3 == 0:
        online, target = np.round(online), np.round(target)
    rewards = rng.normal(size=n)
    dones = rng.random(size=n) < 0.25
    gamma = float(rng.choice([0.5, 0.9, 0.99, 1.0]))
    double = bool(index % 2)
    kind = "double DQN" if double else "DQN"
    name = (
        f"random #{index}: {kind}, N={n}, A={num_actions}, gamma={gamma:g}, "
        f"{int(dones.sum())} terminal"
    )
    return Case(name, (rewards, online, target, dones, gamma, double))
