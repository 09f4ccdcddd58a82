"""Reference for `q_learning_update`: one step of tabular Q-learning (Watkins, 1989).

target = r                                   if s_next is terminal (done)
       = r + gamma * max_a' Q[s_next, a']    otherwise
Q_new[s, a] = Q[s, a] + alpha * (target - Q[s, a]); every other entry is unchanged.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    Q: np.ndarray,
    s: int,
    a: int,
    r: float,
    s_next: int,
    done: bool,
    alpha: float,
    gamma: float,
) -> np.ndarray:
    """Move Q[s, a] a fraction alpha of the way towards the TD target, on a copy of Q."""
    bootstrap = 0.0 if done else gamma * float(np.max(Q[s_next]))  # no future after the end
    target = r + bootstrap
    Q_new = np.array(Q, dtype=np.float64, copy=True)
    Q_new[s, a] += alpha * (target - Q[s, a])
    return Q_new


def oracle(
    Q: np.ndarray,
    s: int,
    a: int,
    r: float,
    s_next: int,
    done: bool,
    alpha: float,
    gamma: float,
) -> np.ndarray:
    """The same update as PyTorch sees it: one SGD step (lr = alpha) on the semi-gradient loss
    0.5 * (target - Q[s, a])**2, with the target detached (no gradient through max Q[s_next])."""
    import torch

    table = torch.nn.Parameter(torch.tensor(Q, dtype=torch.float64))
    optimizer = torch.optim.SGD([table], lr=alpha)
    with torch.no_grad():
        target = r + (1.0 - float(done)) * gamma * table[s_next].max()
    loss = 0.5 * (target - table[s, a]) ** 2
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return table.detach().numpy()


def _case(
    name: str,
    Q: list[list[float]],
    s: int,
    a: int,
    r: float,
    s_next: int,
    done: bool,
    alpha: float,
    gamma: float,
) -> Case:
    return Case(name, (np.array(Q, dtype=np.float64), s, a, r, s_next, done, alpha, gamma))


def edge_cases() -> list[Case]:
    """Terminal steps, the max over the *next* state, self-loops, alpha and gamma extremes."""
    table = [[0.0, 1.0, -0.5], [2.0, -1.0, 0.5], [0.25, 4.0, 3.0], [-2.0, -3.0, -1.5]]
    return [
        _case(
            "one state, one action, not terminal: Q = [[q]] loops to itself",
            [[1.5]],
            0,
            0,
            -0.5,
            0,
            False,
            0.2,
            0.9,
        ),
        _case(
            "self-loop (s_next == s): the target uses the old Q[s]",
            table,
            2,
            0,
            2.0,
            2,
            False,
            0.5,
            0.5,
        ),
        _case(
            "gamma = 0: the target is the immediate reward", table, 2, 1, 3.0, 1, False, 0.5, 0.0
        ),
        _case(
            "ordinary step: target r + gamma * max Q[s_next]",
            table,
            0,
            2,
            1.0,
            1,
            False,
            0.5,
            0.9,
        ),
        _case(
            "terminal transition (done=True): the target is r alone, Q[s_next] is ignored",
            table,
            1,
            0,
            -1.0,
            2,
            True,
            0.5,
            0.9,
        ),
        _case(
            "next state's values all negative: the max is negative, not 0",
            table,
            0,
            1,
            0.5,
            3,
            False,
            0.25,
            0.95,
        ),
        _case(
            "the biggest value in the table is in another state: max over Q[s_next] only",
            table,
            1,
            2,
            0.0,
            0,
            False,
            0.5,
            0.9,
        ),
        _case(
            "alpha = 1: Q[s, a] becomes the target",
            table,
            1,
            1,
            0.5,
            2,
            False,
            1.0,
            0.9,
        ),
        _case(
            "greedy next action differs from the action taken: max, not Q[s_next, a]",
            table,
            3,
            0,
            1.0,
            2,
            False,
            0.1,
            0.99,
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random table and transition; one step in three ends the episode."""
    n_states = int(rng.integers(1, 7))
    n_actions = int(rng.integers(1, 6))
    Q = rng.normal(scale=2.0, size=(n_states, n_actions))
    s, s_next = (int(v) for v in rng.integers(0, n_states, size=2))
    a = int(rng.integers(0, n_actions))
    r = float(np.round(rng.normal(), 3))
    done = bool(rng.random() < 1 / 3)
    alpha = float(rng.choice([0.01, 0.1, 0.5, 0.9]))
    gamma = float(rng.choice([0.0, 0.5, 0.9, 0.99]))
    return Case(
        f"random #{index}: {n_states} states x {n_actions} actions, done={done}",
        (Q, s, a, r, s_next, done, alpha, gamma),
    )
