"""Reference for `accumulated_gradient`: gradient accumulation for a token-level cross-entropy
with padding, where the micro-batches hold different numbers of real tokens. Each micro-batch's
summed token loss is divided by the number of real tokens of the WHOLE accumulated batch, so
the accumulated gradient is exactly the full batch's."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

IGNORE = -100


def _check(targets: np.ndarray, micro_batch_sizes: list[int]) -> int:
    batch = targets.shape[0]
    if any(size < 1 for size in micro_batch_sizes):
        raise ValueError(f"every micro-batch needs at least one sequence: {micro_batch_sizes}")
    if sum(micro_batch_sizes) != batch:
        raise ValueError(f"micro-batch sizes {micro_batch_sizes} do not add up to B = {batch}")
    num_tokens = int(np.sum(targets != IGNORE))
    if num_tokens == 0:
        raise ValueError("no target token in the batch: the mean loss is undefined")
    return num_tokens


def reference(
    H: np.ndarray, targets: np.ndarray, W: np.ndarray, micro_batch_sizes: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """For each micro-batch: logits = H_k @ W, summed cross-entropy over its real tokens,
    divided by the real tokens of the whole batch; the gradients add up."""
    num_tokens = _check(targets, micro_batch_sizes)
    losses = np.zeros(len(micro_batch_sizes))
    grad = np.zeros_like(W, dtype=np.float64)
    start = 0
    for k, size in enumerate(micro_batch_sizes):
        h, t = H[start : start + size], targets[start : start + size]
        start += size
        logits = h @ W  # (n, T, V)
        logits = logits - logits.max(axis=-1, keepdims=True)
        log_probs = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
        mask = t != IGNORE
        safe = np.where(mask, t, 0)
        picked = np.take_along_axis(log_probs, safe[..., None], axis=-1)[..., 0]
        losses[k] = (0.0 - np.sum(picked * mask)) / num_tokens  # +0.0 (not -0.0) when empty
        dlogits = np.exp(log_probs)
        np.put_along_axis(
            dlogits, safe[..., None], np.take_along_axis(dlogits, safe[..., None], -1) - 1, -1
        )
        dlogits *= mask[..., None] / num_tokens
        grad += np.einsum("ntd,ntv->dv", h, dlogits)
    return losses, grad


def oracle(
    H: np.ndarray, targets: np.ndarray, W: np.ndarray, micro_batch_sizes: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """torch autograd: one .backward() per micro-batch into the same W.grad, each on
    F.cross_entropy(reduction="sum", ignore_index=-100) / (real tokens of the whole batch)."""
    import torch
    import torch.nn.functional as F

    num_tokens = _check(targets, micro_batch_sizes)
    w = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    losses = []
    for h, t in zip(
        torch.tensor(H, dtype=torch.float64).split(micro_batch_sizes),
        torch.tensor(targets).split(micro_batch_sizes),
        strict=True,
    ):
        logits = h @ w
        loss = (
            F.cross_entropy(
                logits.reshape(-1, w.shape[1]),
                t.reshape(-1),
                ignore_index=IGNORE,
                reduction="sum",
            )
            / num_tokens
        )
        loss.backward()  # accumulates into w.grad
        losses.append(loss.item())
    assert w.grad is not None
    return np.array(losses), w.grad.numpy()


def _case(
    name: str,
    rng_seed: int,
    shape: tuple[int, int, int, int],
    lengths: list[int],
    sizes: list[int],
    raises: str | None = None,
) -> Case:
    """A batch of B sequences of T positions; sequence b has lengths[b] real tokens, then
    padding (target -100)."""
    batch, steps, dim, vocab = shape
    rng = np.random.default_rng(rng_seed)
    H = rng.normal(size=(batch, steps, dim))
    W = rng.normal(scale=0.7, size=(dim, vocab))
    targets = rng.integers(0, vocab, size=(batch, steps))
    targets[np.arange(steps)[None, :] >= np.asarray(lengths)[:, None]] = IGNORE
    return Case(name, (H, targets, W, sizes), raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: one micro-batch, equal ones, unequal sizes without padding, equal sizes with
    unequal padding, an all-padding micro-batch, and the three invalid inputs."""
    return [
        _case(
            "one micro-batch holding the whole batch (2 sequences, no padding): the plain mean "
            "cross-entropy over 6 tokens",
            0,
            (2, 3, 2, 3),
            [3, 3],
            [2],
        ),
        _case(
            "2 micro-batches of 2 sequences, no padding: equal token counts, each micro-batch "
            "mean is divided by the number of steps 2",
            1,
            (4, 3, 3, 4),
            [3, 3, 3, 3],
            [2, 2],
        ),
        _case(
            "micro-batches of 1 and 3 sequences, no padding (4 and 12 tokens): weight each by "
            "its share of the tokens, 1/4 and 3/4, not 1/2 each",
            2,
            (4, 4, 3, 5),
            [4, 4, 4, 4],
            [1, 3],
        ),
        _case(
            "2 micro-batches of 2 sequences with different padding (10 and 3 real tokens): "
            "weight by real tokens, not by sequences",
            3,
            (4, 5, 3, 4),
            [5, 5, 2, 1],
            [2, 2],
        ),
        _case(
            "padding only at the end of a few sequences (12 of 16 positions real): the mean is "
            "over real tokens, padding is not in the denominator",
            4,
            (4, 4, 2, 3),
            [4, 4, 1, 3],
            [4],
        ),
        _case(
            "the middle micro-batch is all padding: it adds 0 to the loss and the gradient "
            "(its own mean would be 0/0 = NaN)",
            5,
            (5, 3, 3, 4),
            [3, 2, 0, 0, 3],
            [2, 2, 1],
        ),
        _case(
            "one sequence per micro-batch (K = B = 5), lengths 1 to 5",
            6,
            (5, 5, 2, 6),
            [1, 2, 3, 4, 5],
            [1, 1, 1, 1, 1],
        ),
        _case(
            "micro-batch sizes add up to 3 but the batch has 4 sequences: raise ValueError",
            7,
            (4, 2, 2, 3),
            [2, 2, 2, 2],
            [2, 1],
            raises="ValueError",
        ),
        _case(
            "micro-batch sizes add up to 5 but the batch has 4 sequences: raise ValueError",
            8,
            (4, 2, 2, 3),
            [2, 2, 2, 2],
            [3, 2],
            raises="ValueError",
        ),
        _case(
            "a micro-batch of 0 sequences ([2, 0, 2] for 4): raise ValueError",
            9,
            (4, 2, 2, 3),
            [2, 2, 2, 2],
            [2, 0, 2],
            raises="ValueError",
        ),
        _case(
            "every target is padding (-100): the mean loss is undefined, raise ValueError",
            10,
            (3, 2, 2, 3),
            [0, 0, 0],
            [1, 2],
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random batch with random right-padding (sometimes a sequence with no real token) and a
    random split into micro-batches of unequal sizes."""
    batch, steps = int(rng.integers(2, 7)), int(rng.integers(1, 9))
    dim, vocab = int(rng.integers(1, 6)), int(rng.integers(2, 8))
    lengths = rng.integers(0, steps + 1, size=batch)
    lengths[int(rng.integers(0, batch))] = max(1, steps - 1)  # at least one real token
    num_micro = int(rng.integers(1, batch + 1))
    cuts = np.sort(rng.choice(np.arange(1, batch), size=num_micro - 1, replace=False))
    sizes = np.diff(np.concatenate([[0], cuts, [batch]])).astype(int).tolist()
    H = rng.normal(size=(batch, steps, dim))
    W = rng.normal(scale=0.7, size=(dim, vocab))
    targets = rng.integers(0, vocab, size=(batch, steps))
    targets[np.arange(steps)[None, :] >= lengths[:, None]] = IGNORE
    return Case(
        f"random #{index}: B={batch}, T={steps}, D={dim}, V={vocab}, real tokens per sequence "
        f"{lengths.tolist()}, micro-batches {sizes}",
        (H, targets, W, sizes),
    )
