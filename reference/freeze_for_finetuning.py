"""Reference for `freeze_for_finetuning`: one SGD step of fine-tuning with a frozen backbone.

backbone:  h = relu(x W1^T + b1)          frozen: W1, b1 never change
head:      logits = h W2^T + b2           trained
loss:      mean cross-entropy of logits against integer targets y
step:      torch.optim.SGD(lr, weight_decay) on the head only; the frozen parameters have
           no gradient, so the optimizer does not touch them (no weight decay either)
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    lr: float,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """(W1, b1, W2_new, b2_new, loss before the step); backpropagation stops at the head."""
    h = np.maximum(0.0, x @ W1.T + b1)  # frozen features
    logits = h @ W2.T + b2
    shifted = logits - logits.max(axis=1, keepdims=True)  # stable log-softmax
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(y)
    loss = -float(log_probs[np.arange(n), y].mean())
    grad_logits = np.exp(log_probs)
    grad_logits[np.arange(n), y] -= 1.0
    grad_logits /= n
    grad_W2 = grad_logits.T @ h
    grad_b2 = grad_logits.sum(axis=0)
    W2_new = W2 - lr * (grad_W2 + weight_decay * W2)  # SGD's weight decay: L2 in the gradient
    b2_new = b2 - lr * (grad_b2 + weight_decay * b2)
    return W1.copy(), b1.copy(), W2_new, b2_new, loss


def oracle(
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    lr: float,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """nn.Sequential(Linear, ReLU) backbone with requires_grad=False, nn.Linear head,
    F.cross_entropy, and torch.optim.SGD given every parameter (it skips those without grad)."""
    import torch

    hidden, inputs = W1.shape
    classes = W2.shape[0]
    backbone = torch.nn.Sequential(torch.nn.Linear(inputs, hidden), torch.nn.ReLU()).double()
    head = torch.nn.Linear(hidden, classes).double()
    with torch.no_grad():
        for layer, weight, bias in [(backbone[0], W1, b1), (head, W2, b2)]:
            layer.weight.copy_(torch.from_numpy(weight))
            layer.bias.copy_(torch.from_numpy(bias))
    backbone.requires_grad_(False)
    model = torch.nn.Sequential(backbone, head)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, weight_decay=weight_decay)
    loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(x)), torch.from_numpy(y))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return (
        backbone[0].weight.detach().numpy(),
        backbone[0].bias.detach().numpy(),
        head.weight.detach().numpy(),
        head.bias.detach().numpy(),
        loss.item(),
    )


def _case(
    name: str,
    W1: object,
    b1: object,
    W2: object,
    b2: object,
    x: object,
    y: list[int],
    lr: float,
    weight_decay: float = 0.0,
) -> Case:
    floats = tuple(np.array(a, dtype=np.float64) for a in (W1, b1, W2, b2, x))
    return Case(name, (*floats, np.array(y, dtype=np.int64), lr), {"weight_decay": weight_decay})


def edge_cases() -> list[Case]:
    """Fixed cases: a zero head, lr = 0, the backbone must not move (with and without weight
    decay, which the head's bias gets too), dead ReLU units, a batch of one, one class for the
    whole batch, large logits, shapes that differ."""
    rng = np.random.default_rng(33)
    W1 = [[1.0, -0.5, 0.25], [0.5, 1.0, -1.0], [-0.75, 0.5, 0.5], [0.25, 0.25, 1.0]]  # (4, 3)
    b1 = [0.1, -0.2, 0.0, 0.3]
    W2 = [[0.5, -1.0, 0.25, 0.0], [-0.5, 0.5, 1.0, -0.25]]  # (2, 4)
    b2 = [0.05, -0.05]
    x = [[1.0, 2.0, -1.0], [0.5, -1.0, 2.0], [-1.5, 0.5, 0.5], [2.0, 0.0, 1.0]]
    zero_head = np.zeros((2, 4)).tolist()
    return [
        _case(
            "head all zeros (W2 = 0, b2 = 0): logits 0, loss = log 2, W2 and b2 move",
            W1, b1, zero_head, [0.0, 0.0], x, [0, 1, 1, 1], 1.0,
        ),
        _case(
            "lr = 0: nothing moves, only the loss (before the step) is computed",
            W1, b1, W2, b2, x, [0, 1, 1, 0], 0.0, 0.1,
        ),
        _case(
            "frozen backbone, trained head: W1 and b1 come back unchanged, W2 and b2 move",
            W1, b1, W2, b2, x, [0, 1, 1, 0], 0.5,
        ),
        _case(
            "weight_decay=0.1: the frozen backbone must not decay either (no update at all)",
            W1, b1, W2, b2, x, [1, 0, 1, 1], 0.5, 0.1,
        ),
        _case(
            "dead ReLU units (b1 = -10): their features are 0, so their head columns only decay",
            W1, [-10.0, 0.0, -10.0, 0.5], W2, b2, x, [0, 1, 0, 1], 1.0, 0.01,
        ),
        _case(
            "batch of one (N=1): the mean over the batch is that sample's loss",
            W1, b1, W2, b2, [[0.5, -0.5, 1.5]], [1], 0.1,
        ),
        _case(
            "every target is class 2 of 3: the head's bias for class 2 grows",
            rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=(3, 3)), np.zeros(3),
            rng.normal(size=(5, 2)), [2, 2, 2, 2, 2], 0.3,
        ),
        _case(
            "large logits (about ±5000): the cross-entropy must be computed stably",
            W1, b1, np.array(W2) * 2000.0, b2, x, [1, 1, 0, 0], 1e-5,
        ),
        _case(
            "D=5 inputs, H=3 hidden units, K=4 classes: W1 is (3, 5), W2 is (4, 3)",
            rng.normal(size=(3, 5)), rng.normal(size=3), rng.normal(size=(4, 3)),
            rng.normal(size=4), rng.normal(size=(6, 5)), [3, 0, 1, 2, 3, 1], 0.2, 0.05,
        ),
    ]  # fmt: skip


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random small backbone and head, batch and step settings."""
    inputs, hidden, batch = (int(n) for n in rng.integers(1, 8, size=3))
    classes = int(rng.integers(2, 6))
    W1 = rng.normal(size=(hidden, inputs)) / np.sqrt(inputs)
    b1 = rng.normal(scale=0.5, size=hidden)
    W2 = rng.normal(size=(classes, hidden)) / np.sqrt(hidden)
    b2 = rng.normal(scale=0.5, size=classes)
    x = rng.normal(size=(batch, inputs))
    y = rng.integers(0, classes, size=batch)
    lr = float(rng.choice([0.01, 0.1, 0.5, 1.0]))
    weight_decay = float(rng.choice([0.0, 0.0, 0.01, 0.1]))
    return Case(
        f"random #{index}: D={inputs}, H={hidden}, K={classes}, N={batch}, lr={lr}, "
        f"weight_decay={weight_decay}",
        (W1, b1, W2, b2, x, y, lr),
        {"weight_decay": weight_decay},
    )
