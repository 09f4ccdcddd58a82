"""Reference for `perplexity`: per-sequence and corpus perplexity of a causal language model.

`logits[:, i]` is the model's prediction after reading `targets[:, : i + 1]`, so it scores the
next token `targets[:, i + 1]` (the Hugging Face convention: labels = input ids, shifted inside
the loss). Positions whose target equals `ignore_index` (padding) do not count.

    nll[b, i]      = -log softmax(logits[b, i])[targets[b, i + 1]]
    per_sequence_b = exp(sum_i nll[b, i] / count_b)
    corpus         = exp(sum_{b, i} nll[b, i] / sum_b count_b)      (token-weighted)
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    logits: np.ndarray, targets: np.ndarray, ignore_index: int
) -> tuple[np.ndarray, float]:
    """(per-sequence perplexities (B,), corpus perplexity) for logits (B, L, V), targets (B, L)."""
    predictions, next_tokens = logits[:, :-1], targets[:, 1:]
    counted = next_tokens != ignore_index
    counts = counted.sum(axis=1)
    if np.any(counts == 0):
        raise ValueError("every sequence needs at least one counted next-token target")
    shifted = predictions - predictions.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    safe = np.where(counted, next_tokens, 0)
    nll = -np.take_along_axis(log_probs, safe[..., None], axis=-1)[..., 0]
    nll = np.where(counted, nll, 0.0)
    per_sequence = np.exp(nll.sum(axis=1) / counts)
    corpus = float(np.exp(nll.sum() / counts.sum()))
    return per_sequence, corpus


def oracle(logits: np.ndarray, targets: np.ndarray, ignore_index: int) -> tuple[np.ndarray, float]:
    """torch.nn.functional.cross_entropy(ignore_index=...) on the shifted pairs: reduction
    'none' summed per sequence, and its default 'mean' (over counted tokens) for the corpus."""
    import torch
    import torch.nn.functional as F

    z = torch.from_numpy(logits)[:, :-1]
    y = torch.from_numpy(targets)[:, 1:]
    counts = (y != ignore_index).sum(1)
    if bool((counts == 0).any()):
        raise ValueError("a sequence has nothing to score")
    flat_z, flat_y = z.reshape(-1, z.shape[-1]), y.reshape(-1)
    nll = F.cross_entropy(flat_z, flat_y, ignore_index=ignore_index, reduction="none")
    per_sequence = torch.exp(nll.view(y.shape).sum(1) / counts)
    corpus = torch.exp(F.cross_entropy(flat_z, flat_y, ignore_index=ignore_index))
    return per_sequence.numpy(), float(corpus)


def _case(
    name: str,
    logits: np.ndarray,
    targets: list[list[int]],
    ignore_index: int,
    raises: str | None = None,
) -> Case:
    return Case(
        name,
        (np.asarray(logits, dtype=np.float64), np.array(targets, dtype=np.int64), ignore_index),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """Fixed cases: uniform predictions, the shift, padding (right, left, pad id 0), lengths
    that differ, huge logits, and sequences with nothing to predict."""
    rng = np.random.default_rng(28)
    # A model that is sure of the *next* token: logits[0, i] puts 8 on targets[0, i + 1].
    sure = np.zeros((1, 4, 5))
    for i, token in enumerate([3, 1, 4]):
        sure[0, i, token] = 8.0
    # Sequence 0 scores one token badly, sequence 1 scores five tokens well.
    uneven = np.zeros((2, 6, 4))
    uneven[0, 0, 2] = 3.0  # the target is 1, so this is a confident mistake
    for i, token in enumerate([1, 2, 3, 0, 1]):
        uneven[1, i, token] = 4.0
    return [
        _case(
            "uniform logits over V = 5: perplexity 5 for each sequence and the corpus",
            np.zeros((2, 4, 5)),
            [[0, 1, 2, 3], [4, 4, 0, 1]],
            -100,
        ),
        _case(
            "logits[:, i] predict targets[:, i + 1]: a confident, correct model has perplexity ~1",
            sure,
            [[2, 3, 1, 4]],
            -100,
        ),
        _case(
            "right padding (-100): padded targets count neither in the sum nor in the count",
            rng.normal(size=(2, 5, 6)),
            [[1, 2, 3, -100, -100], [4, 0, 5, 2, 1]],
            -100,
        ),
        _case(
            "1 token vs 5 tokens: the corpus value is token-weighted, not a mean over sequences",
            uneven,
            [[0, 1, -100, -100, -100, -100], [0, 1, 2, 3, 0, 1]],
            -100,
        ),
        _case(
            "left padding, and the pad id 0 as ignore_index (a real vocabulary id)",
            rng.normal(size=(2, 6, 7)),
            [[0, 0, 0, 5, 3, 6], [2, 4, 1, 6, 5, 3]],
            0,
        ),
        _case(
            "logits around +-1000: use the log-sum-exp trick (log-softmax), not exp",
            np.array([[[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0], [0.0, 0.0, 0.0]]]),
            [[2, 0, 2]],
            -100,
        ),
        _case(
            "a sequence whose next-token targets are all padding: raise ValueError",
            rng.normal(size=(2, 3, 4)),
            [[1, 2, 3], [1, -100, -100]],
            -100,
            raises="ValueError",
        ),
        _case(
            "sequences of one token predict nothing: raise ValueError",
            rng.normal(size=(2, 1, 4)),
            [[1], [3]],
            -100,
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """B = 1-4 sequences of L = 2-12 tokens over V = 3-20, logits of scale up to 3, right or
    left padding of random length, ignore_index -100 or the pad id 0."""
    batch, length, vocab = (
        int(rng.integers(1, 5)),
        int(rng.integers(2, 13)),
        int(rng.integers(3, 21)),
    )
    ignore_index = -100 if index % 2 == 0 else 0
    low = 0 if ignore_index < 0 else 1  # with pad id 0, real tokens are 1..V-1
    targets = rng.integers(low, vocab, size=(batch, length))
    for b in range(batch):
        real = int(rng.integers(2, length + 1))  # at least one next-token target stays
        if rng.uniform() < 0.5:
            targets[b, real:] = ignore_index
        else:
            targets[b, : length - real] = ignore_index
    logits = rng.normal(scale=float(rng.uniform(0.5, 3.0)), size=(batch, length, vocab))
    return Case(
        f"random #{index}: B={batch}, L={length}, V={vocab}, ignore_index={ignore_index}",
        (logits, targets, ignore_index),
    )
