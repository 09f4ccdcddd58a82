"""Reference for `filtered_distribution`: the distribution a sampler actually draws the next
token from, after temperature, top-k and top-p (nucleus) filtering, in that order (the order of
Hugging Face's TemperatureLogitsWarper, TopKLogitsWarper and TopPLogitsWarper).

Tie rules (both keep equal tokens together, so the result never depends on a sort order):
top-k keeps every token whose scaled logit is >= the k-th largest; top-p keeps token i when the
probability of the tokens *strictly* more likely than i is below top_p, which is the smallest
set with mass >= top_p plus any token as likely as its least likely member.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(temperature: float, top_k: int, top_p: float) -> None:
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    if top_k < 0:
        raise ValueError(f"top_k must be >= 0 (0 disables it), got {top_k}")
    if not 0 < top_p <= 1:
        raise ValueError(f"top_p must be in (0, 1], got {top_p}")


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))  # -inf entries give exactly 0
    return e / e.sum(axis=-1, keepdims=True)


def reference(logits: np.ndarray, temperature: float, top_k: int, top_p: float) -> np.ndarray:
    """Temperature, then top-k (ties at the k-th value kept), then top-p on the renormalised
    top-k distribution (ties with the last kept token kept); rows renormalised to sum to 1."""
    _check(temperature, top_k, top_p)
    z = np.asarray(logits, dtype=np.float64) / temperature
    vocab = z.shape[-1]
    if 0 < top_k < vocab:
        kth = np.sort(z, axis=-1)[:, vocab - top_k]  # the k-th largest scaled logit
        z = np.where(z >= kth[:, None], z, -np.inf)
    p = _softmax(z)
    if top_p < 1:
        # mass_above[b, i] = sum of p[b, j] over the tokens j strictly more likely than i
        mass_above = (p[:, None, :] * (p[:, None, :] > p[:, :, None])).sum(axis=-1)
        p = np.where(mass_above < top_p, p, 0.0)
        p = p / p.sum(axis=-1, keepdims=True)
    return p


def oracle(logits: np.ndarray, temperature: float, top_k: int, top_p: float) -> np.ndarray:
    """PyTorch, written like Hugging Face's warpers: torch.topk's k-th value as the top-k
    threshold; an ascending sort and a cumulative sum for top-p, whose cut (which depends on
    the sort order among equal scores) is then widened to every token as likely as the least
    likely one kept."""
    import torch

    _check(temperature, top_k, top_p)
    scores = torch.from_numpy(np.asarray(logits, dtype=np.float64)) / temperature
    if top_k > 0:
        k = min(top_k, scores.shape[-1])
        kth = torch.topk(scores, k, dim=-1).values[..., -1:]
        scores = scores.masked_fill(scores < kth, -float("inf"))
    if top_p < 1:
        sorted_scores, sorted_index = torch.sort(scores, descending=False)
        cumulative = sorted_scores.softmax(dim=-1).cumsum(dim=-1)
        sorted_remove = cumulative <= 1 - top_p
        sorted_remove[..., -1:] = False  # the most likely token always stays
        remove = sorted_remove.scatter(-1, sorted_index, sorted_remove)
        lowest_kept = scores.masked_fill(remove, float("inf")).amin(dim=-1, keepdim=True)
        scores = scores.masked_fill(scores < lowest_kept, -float("inf"))
    return torch.softmax(scores, dim=-1).numpy()


def _case(
    name: str,
    logits: list[list[float]],
    temperature: float,
    top_k: int,
    top_p: float,
    raises: str | None = None,
) -> Case:
    return Case(
        name, (np.array(logits, dtype=np.float64), temperature, top_k, top_p), raises=raises
    )


def edge_cases() -> list[Case]:
    """Fixed cases: each filter alone, their order, ties, stability, and every stated raise."""
    inf = float("inf")
    log = np.log
    return [
        _case(
            "no filtering (top_k=0, top_p=1), temperature 1: plain softmax",
            [[0.0, 1.0, 2.0]],
            1.0,
            0,
            1.0,
        ),
        _case(
            "temperature 2 alone flattens: softmax(z / 2)",
            [[0.0, 1.0, 3.0]],
            2.0,
            0,
            1.0,
        ),
        _case(
            "top-p keeps the token that crosses p: probs (0.5, 0.3, 0.2), p=0.6 keeps two",
            [[log(0.5), log(0.3), log(0.2)]],
            1.0,
            0,
            0.6,
        ),
        _case(
            "a tiny top_p still keeps one token, the most likely",
            [[0.3, 2.0, -1.0, 1.0]],
            1.0,
            0,
            1e-6,
        ),
        _case(
            "top-k alone, k=2 of distinct logits: the two largest, renormalised",
            [[0.5, 2.0, -1.0, 1.5, 0.0]],
            1.0,
            2,
            1.0,
        ),
        _case(
            "top-k ties at the boundary are all kept: k=2 of (1, 3, 2, 2, 0) keeps 3 tokens",
            [[1.0, 3.0, 2.0, 2.0, 0.0]],
            1.0,
            2,
            1.0,
        ),
        _case(
            "top-p ties: logits (2, 1, 1, 0), p=0.6 keeps both tokens of logit 1",
            [[2.0, 1.0, 1.0, 0.0]],
            1.0,
            0,
            0.6,
        ),
        _case(
            "temperature comes before top-p: T=2 flattens, so p=0.7 keeps two tokens, not one",
            [[3.0, 1.5, 1.0, 0.0]],
            2.0,
            0,
            0.7,
        ),
        _case(
            "top-p runs on the renormalised top-k distribution: k=2, p=0.5 keeps one token",
            [[log(0.4), log(0.3), log(0.2), log(0.1)]],
            1.0,
            2,
            0.5,
        ),
        _case(
            "T=0.01 and logits near 10: exp(z / T) overflows unless you subtract the max",
            [[10.0, 9.95, -5.0, 9.0]],
            0.01,
            0,
            0.999,
        ),
        _case(
            "banned tokens (-inf) stay at 0; top_k larger than V keeps every token",
            [[-inf, 1.0, 0.5, -inf, 0.0]],
            1.5,
            10,
            1.0,
        ),
        _case(
            "top_k=1 is greedy whatever the temperature",
            [[0.2, -0.3, 0.9, 0.1], [1.0, 4.0, 2.0, 3.0]],
            5.0,
            1,
            1.0,
        ),
        _case(
            "a batch: each row is filtered on its own (T=0.7, k=3, p=0.8)",
            [
                [1.0, 0.0, 2.5, 2.0, -1.0, 0.5],
                [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                [-2.0, 3.0, 2.9, -1.0, 0.4, 2.8],
            ],
            0.7,
            3,
            0.8,
        ),
        _case(
            "temperature 0 is not sampling: raise ValueError",
            [[1.0, 2.0, 3.0]],
            0.0,
            0,
            1.0,
            raises="ValueError",
        ),
        _case(
            "negative top_k: raise ValueError",
            [[1.0, 2.0, 3.0]],
            1.0,
            -1,
            1.0,
            raises="ValueError",
        ),
        _case(
            "top_p = 0: raise ValueError",
            [[1.0, 2.0, 3.0]],
            1.0,
            0,
            0.0,
            raises="ValueError",
        ),
        _case(
            "top_p = 1.5 (above 1): raise ValueError",
            [[1.0, 2.0, 3.0]],
            1.0,
            0,
            1.5,
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A batch of logits (every other case rounded to 0.5, so ties happen), a temperature in
    [0.3, 2], top_k off or 1..V+2, top_p off or in [0.05, 0.99]."""
    batch, vocab = int(rng.integers(1, 5)), int(rng.integers(2, 33))
    logits = rng.normal(scale=2.0, size=(batch, vocab))
    if index % 2 == 0:
        logits = np.round(2.0 * logits) / 2.0
    temperature = float(np.round(rng.uniform(0.3, 2.0), 2))
    top_k = 0 if rng.random() < 0.3 else int(rng.integers(1, vocab + 3))
    top_p = 1.0 if rng.random() < 0.25 else float(np.round(rng.uniform(0.05, 0.99), 3))
    name = f"random #{index}: B={batch}, V={vocab}, T={temperature}, top_k={top_k}, top_p={top_p}"
    return Case(name, (logits, temperature, top_k, top_p))
