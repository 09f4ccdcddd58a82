"""Reference for `tiled_attention`: exact attention computed block by block over the keys with
the online softmax (Milakov and Gimelshein, 2018), as FlashAttention does (Dao et al., 2022),
returning the per-query log-sum-exp that FlashAttention saves for its backward pass."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """One pass over key blocks: running max m, running sum row_sum of exp(s - m), unnormalised
    output acc; both rescaled by exp(m_old - m_new) whenever the max grows."""
    scale = 1.0 / np.sqrt(q.shape[-1])
    s_total = k.shape[-2]
    m = np.full(q.shape[:-1], -np.inf)
    row_sum = np.zeros(q.shape[:-1])
    acc = np.zeros((*q.shape[:-1], v.shape[-1]))
    for start in range(0, s_total, block_size):
        kb, vb = k[..., start : start + block_size, :], v[..., start : start + block_size, :]
        scores = q @ np.swapaxes(kb, -1, -2) * scale  # (..., T, block): all the memory we use
        m_new = np.maximum(m, scores.max(axis=-1))
        alpha = np.exp(m - m_new)  # 0 on the first block (m = -inf), else <= 1
        p = np.exp(scores - m_new[..., None])
        row_sum = alpha * row_sum + p.sum(axis=-1)
        acc = alpha[..., None] * acc + p @ vb
        m = m_new
    return acc / row_sum[..., None], m + np.log(row_sum)


def oracle(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Exact attention in PyTorch: the full (T, S) score matrix, torch.softmax and
    torch.logsumexp (block_size does not change the result)."""
    import torch

    qt, kt, vt = (torch.from_numpy(a) for a in (q, k, v))
    scores = qt @ kt.transpose(-1, -2) / q.shape[-1] ** 0.5
    return (torch.softmax(scores, dim=-1) @ vt).numpy(), torch.logsumexp(scores, dim=-1).numpy()


def _a(values: object) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Fixed cases: one key, a max that grows at every block, a short last block, one block,
    huge positive and negative scores, heads."""
    rng = np.random.default_rng(7)
    rising_k = _a([[float(j), 0.0, 0.0, 0.0] for j in range(4)])  # scores 0, 1, 2, 3
    rising_v = _a([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0], [-1.0, 3.0]])
    # d = 4 and integer entries: the scores (q.k / 2) are exact even in float32.
    big_q = _a([[40.0, 40.0, 0.0, 0.0], [40.0, 40.0, 1.0, 0.0]])
    big_k = _a([[20.0, 20.0, 0.0, 0.0], [20.0, 19.0, 1.0, 0.0], [19.0, 20.0, 0.0, 1.0]])
    big_v = _a([[1.0, 2.0], [3.0, -1.0], [0.0, 5.0]])
    return [
        Case(
            "one key (score 1.5): the output is its value, lse is its score",
            (_a([[1.5, 1.5, 0.0, 0.0]]), _a([[1.0, 1.0, 0.0, 0.0]]), _a([[2.0, -1.0, 0.5]]), 1),
        ),
        Case(
            "scores rising key after key, block_size 1: the running max grows at every "
            "block, so the old sum and output must be rescaled each time",
            (_a([[2.0, 0.0, 0.0, 0.0]]), rising_k, rising_v, 1),
        ),
        Case(
            "S = 5 keys in blocks of 2: the last block holds one key",
            (
                _a([[0.5, -1.0], [1.0, 1.0]]),
                _a([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5], [3.0, 2.0]]),
                _a([[1.0], [2.0], [3.0], [4.0], [10.0]]),
                2,
            ),
        ),
        Case(
            "block_size 8 > S = 3: everything in one block",
            (*(rng.normal(size=(2, 3, 4)) for _ in range(2)), rng.normal(size=(2, 3, 2)), 8),
        ),
        Case(
            "scores near +800 (exp overflows float64): subtract the running max",
            (big_q, big_k, big_v, 2),
        ),
        Case(
            "query 0's scores near +800, query 1's near -800 (exp(s - 0) underflows to 0): the "
            "running max must start at -inf, not 0",
            (big_q * _a([[1.0], [-1.0]]), big_k, big_v, 2),
        ),
        Case(
            "heads (2, 3), T = 4, S = 10 in blocks of 3, dv = 5",
            (
                rng.normal(size=(2, 3, 4, 8)),
                rng.normal(size=(2, 3, 10, 8)),
                rng.normal(size=(2, 3, 10, 5)),
                3,
            ),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    leading = [(), (2,), (2, 2)][int(rng.integers(0, 3))]
    t, s = int(rng.integers(1, 7)), int(rng.integers(1, 17))
    d, dv = int(rng.choice([2, 4, 8, 16])), int(rng.choice([1, 3, 8]))
    block = int(rng.integers(1, s + 3))
    spread = float(rng.choice([1.0, 3.0]))
    q = rng.normal(scale=spread, size=(*leading, t, d))
    k = rng.normal(scale=spread, size=(*leading, s, d))
    v = rng.normal(size=(*leading, s, dv))
    return Case(
        f"random #{index}: q {q.shape}, S = {s}, dv = {dv}, block_size {block}", (q, k, v, block)
    )
