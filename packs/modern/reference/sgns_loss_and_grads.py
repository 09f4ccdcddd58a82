"""Reference for `sgns_loss_and_grads`: the skip-gram negative-sampling loss of word2vec
(Mikolov et al., 2013) and its gradients with respect to both embedding tables.

For a batch of (center c, context o, negatives k_1..k_K) with v = W_in[c], u = W_out[.]:
    loss = mean over the batch of  -log sigma(u_o . v) - sum_k log sigma(-u_k . v)
computed with -log sigma(x) = softplus(-x) (no overflow), and the gradients scattered back to
the rows of W_in and W_out, adding up the rows that occur more than once.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -x))  # 1 / (1 + exp(-x)) without overflow


def reference(
    center: np.ndarray,
    context: np.ndarray,
    negatives: np.ndarray,
    W_in: np.ndarray,
    W_out: np.ndarray,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Scores, softplus losses, sigmoid gradients; np.add.at scatters with accumulation."""
    batch = center.shape[0]
    v = W_in[center]  # (B, D)
    u_pos = W_out[context]  # (B, D)
    u_neg = W_out[negatives]  # (B, K, D)
    s_pos = np.einsum("bd,bd->b", u_pos, v)
    s_neg = np.einsum("bkd,bd->bk", u_neg, v)
    loss = (np.logaddexp(0.0, -s_pos).sum() + np.logaddexp(0.0, s_neg).sum()) / batch
    g_pos = (_sigmoid(s_pos) - 1.0) / batch  # d loss / d s_pos
    g_neg = _sigmoid(s_neg) / batch  # d loss / d s_neg
    d_v = g_pos[:, None] * u_pos + np.einsum("bk,bkd->bd", g_neg, u_neg)
    d_in = np.zeros_like(W_in, dtype=np.float64)
    d_out = np.zeros_like(W_out, dtype=np.float64)
    np.add.at(d_in, center, d_v)
    np.add.at(d_out, context, g_pos[:, None] * v)
    np.add.at(d_out, negatives, g_neg[:, :, None] * v[:, None, :])
    return float(loss), d_in, d_out


def oracle(
    center: np.ndarray,
    context: np.ndarray,
    negatives: np.ndarray,
    W_in: np.ndarray,
    W_out: np.ndarray,
) -> tuple[float, np.ndarray, np.ndarray]:
    """PyTorch autograd through F.embedding and F.logsigmoid (whose backward accumulates the
    gradients of repeated rows)."""
    import torch
    import torch.nn.functional as F

    w_in = torch.from_numpy(W_in).clone().requires_grad_(True)
    w_out = torch.from_numpy(W_out).clone().requires_grad_(True)
    c, o, k = (torch.from_numpy(a) for a in (center, context, negatives))
    v = F.embedding(c, w_in)
    s_pos = (F.embedding(o, w_out) * v).sum(-1)
    s_neg = torch.bmm(F.embedding(k, w_out), v.unsqueeze(-1)).squeeze(-1)
    loss = -(F.logsigmoid(s_pos) + F.logsigmoid(-s_neg).sum(-1)).mean()
    loss.backward()
    return loss.item(), w_in.grad.numpy(), w_out.grad.numpy()


def _ints(values: list) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def _floats(values: list) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Fixed cases: one pair, zero vectors, repeated rows in every role, large scores."""
    rng = np.random.default_rng(12)
    w_in, w_out = rng.normal(scale=0.5, size=(6, 3)), rng.normal(scale=0.5, size=(6, 3))
    # pair 0: v = (30, 30, 0) scores -1200 with its context and +1200, 30 with its negatives;
    # pair 1: v = (1, 0, 0) scores 0 with its context and -20, 20 with its negatives
    big_in = _floats([[30.0, 30.0, 0.0], [1.0, 0.0, 0.0]])
    big_out = _floats(
        [
            [-20.0, -20.0, 0.0],
            [0.0, 1.0, 0.0],
            [20.0, 20.0, 0.0],
            [0.0, 1.0, 0.0],
            [-20.0, 0.0, 0.0],
            [20.0, 0.0, 0.0],
        ]
    )
    return [
        Case(
            "one pair, one negative, D=1: loss = softplus(-u_o v) + softplus(u_k v)",
            (
                _ints([0]),
                _ints([1]),
                _ints([[2]]),
                _floats([[0.5], [1.0], [-1.0]]),
                _floats([[0.0], [1.5], [2.0]]),
            ),
        ),
        Case(
            "zero embeddings: every score is 0, the loss is (1 + K) log 2 per pair",
            (
                _ints([0, 1]),
                _ints([2, 3]),
                _ints([[1, 2, 3], [0, 2, 3]]),
                np.zeros((4, 2)),
                np.zeros((4, 2)),
            ),
        ),
        Case(
            "the context word is also drawn as a negative: its W_out row gets both gradients",
            (_ints([0]), _ints([3]), _ints([[3, 1]]), w_in, w_out),
        ),
        Case(
            "one negative drawn twice in a row: both draws count, in the loss and the gradient",
            (_ints([1, 2]), _ints([4, 0]), _ints([[5, 5, 2], [3, 1, 3]]), w_in, w_out),
        ),
        Case(
            "the same center word three times in a batch: its W_in gradients add up",
            (_ints([2, 2, 2]), _ints([0, 1, 4]), _ints([[3, 5], [0, 4], [1, 3]]), w_in, w_out),
        ),
        Case(
            "a mean over a batch of 4, a sum over K = 3 negatives (negatives recur across rows)",
            (
                _ints([0, 1, 2, 3]),
                _ints([4, 5, 0, 1]),
                _ints([[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 0]]),
                w_in,
                w_out,
            ),
        ),
        Case(
            "scores of -1200 and +1200: log(sigmoid(x)) overflows, use -softplus(-x)",
            (_ints([0, 1]), _ints([0, 1]), _ints([[2, 3], [4, 5]]), big_in, big_out),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """V in 5..20 words, D in 2..8, a batch of 1..6 pairs with 1..5 negatives each (indices
    drawn with repetition, so rows repeat), embeddings of scale 0.5 (scale 3 every fourth)."""
    vocab, dim = int(rng.integers(5, 21)), int(rng.integers(2, 9))
    batch, k = int(rng.integers(1, 7)), int(rng.integers(1, 6))
    scale = 3.0 if index % 4 == 3 else 0.5
    w_in, w_out = rng.normal(scale=scale, size=(2, vocab, dim))
    center, context = rng.integers(0, vocab, size=(2, batch))
    negatives = rng.integers(0, vocab, size=(batch, k))
    name = f"random #{index}: V={vocab}, D={dim}, B={batch}, K={k}, scale {scale}"
    return Case(name, (center, context, negatives, w_in, w_out))
