"""Reference for `replace_head`: swap the classification head of a pretrained network for a new
task, and say which parameters would be trained.

The pretrained model is backbone + head:

    features = relu(x W1^T + b1)            backbone, W1: (F, D), b1: (F,)
    logits   = features W_old^T + b_old     old head for K classes, W_old: (K, F)

Replacing the head for C new classes drops the old head entirely and puts a new
nn.Linear(F, C) (W_new, b_new) on the same features. With `freeze_backbone` the backbone's
parameters stop training (feature extraction / linear probing) and only the new head trains;
without it everything trains (fine-tuning). The old head's parameters are no longer in the
model, so they are neither trainable nor frozen.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    x: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W_old: np.ndarray,
    b_old: np.ndarray,
    W_new: np.ndarray,
    b_new: np.ndarray,
    freeze_backbone: bool,
) -> tuple[np.ndarray, int, int]:
    """(logits of the new model (N, C), trainable parameter count, frozen parameter count)."""
    features = np.maximum(x @ W1.T + b1, 0.0)
    logits = features @ W_new.T + b_new
    backbone_params = W1.size + b1.size
    head_params = W_new.size + b_new.size  # C * (F + 1); the old head (W_old, b_old) is gone
    if freeze_backbone:
        return logits, int(head_params), int(backbone_params)
    return logits, int(backbone_params + head_params), 0


def oracle(
    x: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W_old: np.ndarray,
    b_old: np.ndarray,
    W_new: np.ndarray,
    b_new: np.ndarray,
    freeze_backbone: bool,
) -> tuple[np.ndarray, int, int]:
    """Build the pretrained nn.Sequential, freeze it, then assign a new nn.Linear head and count
    parameters by `requires_grad`, the usual PyTorch recipe."""
    import torch
    from torch import nn

    (F, D), (K, C) = W1.shape, (W_old.shape[0], W_new.shape[0])
    model = nn.Sequential(
        nn.Sequential(nn.Linear(D, F, dtype=torch.float64), nn.ReLU()),
        nn.Linear(F, K, dtype=torch.float64),
    )
    with torch.no_grad():
        for parameter, value in zip(model.parameters(), (W1, b1, W_old, b_old), strict=True):
            parameter.copy_(torch.from_numpy(value))
    if freeze_backbone:
        for parameter in model.parameters():
            parameter.requires_grad_(False)
    model[1] = nn.Linear(F, C, dtype=torch.float64)  # a new module: requires_grad=True
    with torch.no_grad():
        model[1].weight.copy_(torch.from_numpy(W_new))
        model[1].bias.copy_(torch.from_numpy(b_new))
        logits = model(torch.from_numpy(x))
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)
    return logits.numpy().copy(), int(trainable), int(frozen)


def _case(
    name: str,
    rng: np.random.Generator,
    N: int,
    D: int,
    F: int,
    K: int,
    C: int,
    freeze_backbone: bool,
    zero_head: bool = False,
) -> Case:
    """Gaussian inputs and weights scaled by 1/sqrt(fan_in); a zero new head when asked."""
    x = rng.normal(size=(N, D))
    W1 = rng.normal(scale=1.0 / np.sqrt(D), size=(F, D))
    b1 = rng.normal(scale=0.5, size=F)
    W_old = rng.normal(scale=1.0 / np.sqrt(F), size=(K, F))
    b_old = rng.normal(scale=0.5, size=K)
    if zero_head:
        W_new, b_new = np.zeros((C, F)), rng.normal(size=C)
    else:
        W_new = rng.normal(scale=1.0 / np.sqrt(F), size=(C, F))
        b_new = rng.normal(scale=0.5, size=C)
    return Case(name, (x, W1, b1, W_old, b_old, W_new, b_new, freeze_backbone))


def edge_cases() -> list[Case]:
    """Fixed cases: frozen and unfrozen backbones, binary and wider heads, the same number of
    classes, a zero-weight head and a batch of one."""
    rng = np.random.default_rng(55)
    cases = [
        _case(
            "frozen backbone (D=4, F=6): only the new head's C*(F+1) = 21 parameters train",
            rng,
            5,
            4,
            6,
            5,
            3,
            True,
        ),
        _case(
            "fine-tune everything (freeze_backbone=False): backbone and new head train, 0 frozen",
            rng,
            5,
            4,
            6,
            5,
            3,
            False,
        ),
        _case(
            "binary head (C=1) on a frozen backbone: logits of shape (N, 1)",
            rng,
            4,
            3,
            5,
            4,
            1,
            True,
        ),
        _case(
            "more new classes than old (K=3 -> C=10): the old head's shape does not matter",
            rng,
            6,
            5,
            4,
            3,
            10,
            True,
        ),
        _case(
            "same number of classes (C=K=4): still a new head, use W_new and b_new, not W_old",
            rng,
            3,
            4,
            6,
            4,
            4,
            False,
        ),
        _case(
            "zero-initialised new head weights: every logit equals b_new",
            rng,
            4,
            3,
            5,
            6,
            3,
            True,
            zero_head=True,
        ),
        _case("a batch of one (N=1), fine-tuning", rng, 1, 7, 8, 5, 2, False),
    ]
    # the simplest, most diagnostic cases first
    order = (6, 5, 0, 1, 2, 3, 4)
    assert sorted(order) == list(range(len(cases)))
    return [cases[i] for i in order]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random sizes (N up to 8, D and F up to 32, K and C up to 20), frozen half the time."""
    N = int(rng.integers(1, 9))
    D, F = (int(v) for v in rng.integers(1, 33, size=2))
    K, C = (int(v) for v in rng.integers(1, 21, size=2))
    freeze = bool(rng.random() < 0.5)
    name = f"random #{index}: N={N}, D={D}, F={F}, K={K} -> C={C}, freeze_backbone={freeze}"
    return _case(name, rng, N, D, F, K, C, freeze)
