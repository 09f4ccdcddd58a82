"""Reference for `head_and_loss`: the output activation and the loss that go with each kind of
prediction task (binary, multi-class, multi-label, regression, counts), computed stably."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

TASKS = ("binary", "multiclass", "multilabel", "regression", "count")


def _check(task: str, outputs: np.ndarray, targets: np.ndarray) -> None:
    """ValueError for an unknown task or shapes that do not go together."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; expected one of {', '.join(TASKS)}")
    if task == "multiclass":
        ok = outputs.ndim == 2 and targets.shape == (outputs.shape[0],)
    elif task == "multilabel":
        ok = outputs.ndim == 2 and targets.shape == outputs.shape
    elif task == "regression":
        ok = targets.shape == outputs.shape
    else:  # binary, count
        ok = outputs.ndim == 1 and targets.shape == outputs.shape
    if not ok:
        raise ValueError(
            f"{task}: outputs {outputs.shape} and targets {targets.shape} do not match"
        )


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) written so that exp never sees a positive argument."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def reference(task: str, outputs: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, float]:
    """(predictions, mean loss) for the task's head."""
    _check(task, outputs, targets)
    z = outputs
    if task in ("binary", "multilabel"):
        # -[y log s(z) + (1 - y) log(1 - s(z))] = max(z, 0) - z y + log(1 + exp(-|z|))
        per_entry = np.maximum(z, 0.0) - z * targets + np.log1p(np.exp(-np.abs(z)))
        return _sigmoid(z), float(per_entry.mean())
    if task == "multiclass":
        shifted = z - z.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        nll = -log_probs[np.arange(len(targets)), targets]
        return np.exp(log_probs), float(nll.mean())
    if task == "regression":
        return z.astype(np.float64, copy=True), float(np.mean((z - targets) ** 2))
    # count: z is the log of the Poisson rate; NLL without the log(y!) constant
    rate = np.exp(z)
    return rate, float(np.mean(rate - targets * z))


def oracle(task: str, outputs: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, float]:
    """The same with torch.nn.functional's losses (default mean reduction)."""
    import torch
    import torch.nn.functional as F

    _check(task, outputs, targets)
    z, y = torch.from_numpy(outputs), torch.from_numpy(targets)
    if task in ("binary", "multilabel"):
        predictions, loss = torch.sigmoid(z), F.binary_cross_entropy_with_logits(z, y)
    elif task == "multiclass":
        predictions, loss = torch.softmax(z, dim=1), F.cross_entropy(z, y)
    elif task == "regression":
        predictions, loss = z.clone(), F.mse_loss(z, y)
    else:
        predictions, loss = torch.exp(z), F.poisson_nll_loss(z, y, log_input=True, full=False)
    return predictions.numpy(), float(loss)


def _case(name: str, task: str, outputs: list, targets: list, raises: str | None = None) -> Case:
    integer = task == "multiclass" and raises is None
    return Case(
        name,
        (
            task,
            np.array(outputs, dtype=np.float64),
            np.array(targets, dtype=np.int64 if integer else np.float64),
        ),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """Each head on small hand-made batches, the overflow traps, and every stated ValueError."""
    return [
        _case("binary, zero logits: p = 0.5, loss log 2", "binary", [0.0, 0.0], [1.0, 0.0]),
        _case(
            "regression, (N, 1) outputs against (N,) targets: raise ValueError (broadcasting "
            "would compare every output with every target)",
            "regression",
            [[1.0], [2.0], [3.0]],
            [1.0, 2.0, 3.0],
            raises="ValueError",
        ),
        _case(
            "binary, (N, 1) logits against (N,) labels: raise ValueError",
            "binary",
            [[2.0], [-1.0]],
            [1.0, 0.0],
            raises="ValueError",
        ),
        _case(
            'task "classification" is not one of the five: raise ValueError',
            "classification",
            [[0.5, 1.0], [2.0, 0.0]],
            [[0.5, 1.0], [2.0, 0.0]],
            raises="ValueError",
        ),
        _case(
            "multilabel, (N, K) logits against (N,) targets: raise ValueError",
            "multilabel",
            [[0.5, -1.0, 2.0], [1.0, 0.0, -2.0]],
            [1.0, 0.0],
            raises="ValueError",
        ),
        _case(
            "multiclass, logits must be 2-D (N, K): raise ValueError for 1-D logits",
            "multiclass",
            [0.5, 1.0, -1.0],
            [0.0, 1.0, 2.0],
            raises="ValueError",
        ),
        _case(
            "multilabel, every label on with logit 0: each of the 3 sigmoids is 0.5 (softmax "
            "would give 1/3 each)",
            "multilabel",
            [[0.0, 0.0, 0.0]],
            [[1.0, 1.0, 1.0]],
        ),
        _case(
            "count, log-rate 0 (rate 1) and 2 events: loss 1 - 2*0 = 1",
            "count",
            [0.0, 0.0],
            [2.0, 0.0],
        ),
        _case(
            "regression, (N, 2) outputs: identity head, mean over all N*2 squared errors",
            "regression",
            [[1.0, 2.0], [0.0, -1.0]],
            [[0.0, 2.0], [2.0, 1.0]],
        ),
        _case(
            "binary, confidently wrong by 40: sigmoid(40) rounds to 1, log(1 - 1) is -inf; "
            "loss 40 from the logit",
            "binary",
            [40.0, -40.0],
            [0.0, 1.0],
        ),
        _case(
            "binary, logits +-1000 (right and wrong): loss (0 + 1000) / 2 = 500, finite",
            "binary",
            [1000.0, -1000.0],
            [1.0, 1.0],
        ),
        _case(
            "multiclass, logits of 1000: exp overflows unless each row is shifted by its max",
            "multiclass",
            [[1000.0, 999.0, 990.0], [-1000.0, 1000.0, 0.0]],
            [0, 2],
        ),
        _case(
            "binary, moderate logits and labels: probabilities and mean BCE",
            "binary",
            [2.0, -1.0, 0.5, -3.0],
            [1.0, 0.0, 0.0, 1.0],
        ),
        _case(
            "multiclass, 4 samples and 3 classes: softmax rows and mean cross-entropy",
            "multiclass",
            [[2.0, 0.5, -1.0], [0.1, 0.2, 0.3], [-2.0, 1.0, 0.0], [1.5, 1.5, -0.5]],
            [0, 2, 1, 1],
        ),
        _case(
            "multilabel, 2 samples with 2 and 0 positive labels of 4: mean over all 8 entries",
            "multilabel",
            [[3.0, -1.0, 0.5, -2.0], [-0.5, 1.0, -3.0, 0.25]],
            [[1.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
        ),
        _case(
            "count, log-rates -1, 0.5, 2 against counts 0, 3, 7",
            "count",
            [-1.0, 0.5, 2.0],
            [0.0, 3.0, 7.0],
        ),
        _case(
            "count, negative log-rates (rates below 1) with a few events",
            "count",
            [-2.0, -0.5, -3.0, 1.0],
            [1.0, 0.0, 2.0, 4.0],
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Each task in turn, random shapes; classification logits sometimes huge."""
    task = TASKS[index % len(TASKS)]
    n, k = int(rng.integers(1, 13)), int(rng.integers(2, 7))
    scale = float(rng.choice([0.5, 2.0, 10.0, 300.0]))
    if task == "binary":
        outputs = scale * rng.normal(size=n)
        soft = bool(rng.random() < 0.3)
        targets = rng.random(size=n) if soft else rng.integers(0, 2, size=n).astype(np.float64)
    elif task == "multiclass":
        outputs = scale * rng.normal(size=(n, k))
        targets = rng.integers(0, k, size=n).astype(np.int64)
    elif task == "multilabel":
        outputs = scale * rng.normal(size=(n, k))
        targets = rng.integers(0, 2, size=(n, k)).astype(np.float64)
    elif task == "regression":
        shape = (n,) if rng.random() < 0.5 else (n, k)
        outputs = rng.normal(scale=3.0, size=shape)
        targets = outputs + rng.normal(size=shape)
    else:
        outputs = rng.normal(scale=1.5, size=n)
        targets = rng.poisson(np.exp(outputs)).astype(np.float64)
    name = f"random #{index}: {task}, outputs {outputs.shape}"
    if task in ("binary", "multiclass", "multilabel"):
        name += f", logits ~ {scale:g} * N(0, 1)"
    return Case(name, (task, outputs, targets))
