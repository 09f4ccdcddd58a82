"""Reference for `distillation_loss`: Hinton et al.'s (2015) knowledge-distillation loss,
alpha * T^2 * KL(softmax(teacher / T) || softmax(student / T)) averaged over the batch
("batchmean"), plus (1 - alpha) * the cross-entropy of the student's own logits (T = 1)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def reference(
    student_logits: np.ndarray,
    teacher_logits: np.ndarray,
    labels: np.ndarray,
    temperature: float,
    alpha: float,
) -> float:
    """alpha T^2 sum_ik p_ik (log p_ik - log q_ik) / N + (1 - alpha) mean_i(-log softmax(s)_y)."""
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    n = len(labels)
    log_q = _log_softmax(student_logits / temperature)
    log_p = _log_softmax(teacher_logits / temperature)
    kl = float((np.exp(log_p) * (log_p - log_q)).sum() / n)  # 0 * finite = 0 where p underflows
    hard = float(-_log_softmax(student_logits)[np.arange(n), labels].mean())
    return alpha * temperature**2 * kl + (1.0 - alpha) * hard


def oracle(
    student_logits: np.ndarray,
    teacher_logits: np.ndarray,
    labels: np.ndarray,
    temperature: float,
    alpha: float,
) -> float:
    """F.kl_div(log q, log p, reduction="batchmean", log_target=True) and F.cross_entropy."""
    import torch
    import torch.nn.functional as F

    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    s, t = torch.from_numpy(student_logits), torch.from_numpy(teacher_logits)
    soft = F.kl_div(
        F.log_softmax(s / temperature, dim=1),
        F.log_softmax(t / temperature, dim=1),
        reduction="batchmean",
        log_target=True,
    )
    hard = F.cross_entropy(s, torch.from_numpy(labels))
    return float(alpha * temperature**2 * soft + (1 - alpha) * hard)


def _case(
    name: str,
    student: list[list[float]] | np.ndarray,
    teacher: list[list[float]] | np.ndarray,
    labels: list[int],
    temperature: float,
    alpha: float,
    raises: str | None = None,
) -> Case:
    return Case(
        name,
        (
            np.array(student, dtype=np.float64),
            np.array(teacher, dtype=np.float64),
            np.array(labels, dtype=np.int64),
            temperature,
            alpha,
        ),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """Student = teacher, alpha 1 and 0 at T != 1, saturated teachers, bad temperatures."""
    rng = np.random.default_rng(15)
    same = [[2.0, 0.0, -1.0], [0.5, 1.5, 0.0]]
    return [
        _case(
            "student = teacher, T = 2, alpha = 0.5: the KL term is 0, the loss is "
            "0.5 * cross-entropy",
            same,
            same,
            [0, 2],
            2.0,
            0.5,
        ),
        _case(
            "alpha = 1, T = 1: only the KL term, KL(teacher || student)",
            [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]],
            [[3.0, 0.0, -3.0], [0.0, 0.0, 2.0]],
            [0, 0],
            1.0,
            1.0,
        ),
        _case(
            "alpha = 1, T = 4: the soft term is multiplied by T^2 = 16, both softmaxes at T = 4",
            [[1.0, 0.0, -1.0, 0.0], [0.0, 2.0, 0.0, -2.0]],
            [[6.0, 2.0, -2.0, 0.0], [-4.0, 4.0, 8.0, 0.0]],
            [0, 2],
            4.0,
            1.0,
        ),
        _case(
            "alpha = 0, T = 3: only the hard cross-entropy, computed at temperature 1 (not T)",
            [[2.0, -1.0, 0.5], [0.0, 1.0, 3.0], [1.0, 1.0, -2.0]],
            [[0.0, 5.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 4.0]],
            [0, 2, 1],
            3.0,
            0.0,
        ),
        _case(
            "teacher logits of +-1000 at T = 1: its softmax underflows to exact zeros, which "
            "contribute 0 (use log-softmax, not log(0))",
            [[1.0, 0.0, -1.0], [0.0, 0.0, 0.0]],
            [[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]],
            [0, 1],
            1.0,
            0.9,
        ),
        _case(
            "temperature = 0: raise ValueError",
            [[1.0, 0.0]],
            [[0.0, 1.0]],
            [0],
            0.0,
            0.5,
            raises="ValueError",
        ),
        _case(
            "temperature = -2: raise ValueError",
            [[1.0, 0.0], [0.0, 1.0]],
            [[0.0, 1.0], [2.0, 0.0]],
            [0, 1],
            -2.0,
            0.5,
            raises="ValueError",
        ),
        Case(
            "six samples, ten classes, T = 2.5, alpha = 0.7",
            (
                rng.normal(scale=2.0, size=(6, 10)),
                rng.normal(scale=4.0, size=(6, 10)),
                rng.integers(0, 10, size=6),
                2.5,
                0.7,
            ),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random student and (sharper) teacher logits, T in 1..10, alpha in [0, 1]."""
    n, num_classes = int(rng.integers(1, 11)), int(rng.integers(2, 11))
    student = rng.normal(scale=2.0, size=(n, num_classes))
    teacher = rng.normal(scale=4.0, size=(n, num_classes))
    labels = rng.integers(0, num_classes, size=n)
    temperature = float([1.0, 2.0, 4.0, 10.0, np.round(rng.uniform(0.5, 8.0), 3)][index % 5])
    alpha = float(np.round(rng.uniform(0.0, 1.0), 3))
    name = f"random #{index}: N={n}, K={num_classes}, T={temperature}, alpha={alpha}"
    return Case(name, (student, teacher, labels, temperature, alpha))
