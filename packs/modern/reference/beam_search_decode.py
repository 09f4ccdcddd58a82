"""Reference for `beam_search_decode`: beam search with the GNMT length penalty (Wu et al.,
2016) over a toy decoder given as data.

The decoder's state is its last token: `logits_table[i]` are the next-token logits after token
i, so log p(next | prefix) = log_softmax(logits_table[last])[next]. The beam shrinks by one for
every finished hypothesis (the textbook variant of Jurafsky and Martin's *Speech and Language
Processing*); hypotheses still open after `max_len` steps are kept as they are. The winner
maximises log P(Y) / lp(Y), lp(Y) = ((5 + |Y|) / 6) ** alpha, |Y| counting the end token.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _length_penalty(length: int, alpha: float) -> float:
    return ((5.0 + length) / 6.0) ** alpha


def _log_softmax(table: np.ndarray) -> np.ndarray:
    shifted = table - table.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def reference(
    logits_table: np.ndarray,
    start_token: int,
    end_token: int,
    beam_width: int,
    max_len: int,
    alpha: float,
) -> tuple[np.ndarray, float]:
    """Python lists of (tokens, log-prob); a stable sort ranks the candidates."""
    log_probs = _log_softmax(np.asarray(logits_table, dtype=np.float64))
    vocab = log_probs.shape[0]
    active: list[tuple[list[int], float]] = [([], 0.0)]
    finished: list[tuple[list[int], float]] = []
    for _ in range(max_len):
        if not active:
            break
        room = beam_width - len(finished)
        candidates = [
            ([*tokens, v], score + float(log_probs[tokens[-1] if tokens else start_token, v]))
            for tokens, score in active
            for v in range(vocab)
        ]
        candidates.sort(key=lambda c: -c[1])  # stable: ties keep beam order, then token order
        active = []
        for tokens, score in candidates[:room]:
            (finished if tokens[-1] == end_token else active).append((tokens, score))
    finished += active  # cut at max_len: they compete as they are
    best_tokens, best_score = finished[0][0], -np.inf
    for tokens, score in finished:  # strict >: the earliest wins a tie
        normalised = score / _length_penalty(len(tokens), alpha)
        if normalised > best_score:
            best_tokens, best_score = tokens, normalised
    return np.array(best_tokens, dtype=np.int64), float(best_score)


def oracle(
    logits_table: np.ndarray,
    start_token: int,
    end_token: int,
    beam_width: int,
    max_len: int,
    alpha: float,
) -> tuple[np.ndarray, float]:
    """Tensors of beams: every active beam is extended at once, the (beams x V) scores are
    flattened beam-major and ranked with a stable torch.sort, and the finished rows are split
    off with a boolean mask."""
    import torch

    log_probs = torch.log_softmax(torch.from_numpy(np.asarray(logits_table, np.float64)), dim=1)
    vocab = log_probs.shape[0]
    sequences = torch.empty((1, 0), dtype=torch.int64)
    scores = torch.zeros(1, dtype=torch.float64)
    last = torch.tensor([start_token])
    done: list[tuple[torch.Tensor, torch.Tensor]] = []
    for _ in range(max_len):
        if sequences.shape[0] == 0:
            break
        room = beam_width - len(done)
        extended = (scores[:, None] + log_probs[last]).reshape(-1)
        order = torch.sort(extended, descending=True, stable=True).indices[:room]
        beam, token = order // vocab, order % vocab
        sequences = torch.cat([sequences[beam], token[:, None]], dim=1)
        scores, last = extended[order], token
        ended = token == end_token
        done += list(zip(sequences[ended], scores[ended], strict=True))
        sequences, scores, last = sequences[~ended], scores[~ended], last[~ended]
    done += list(zip(sequences, scores, strict=True))
    lengths = torch.tensor([len(seq) for seq, _ in done], dtype=torch.float64)
    normalised = torch.stack([s for _, s in done]) / ((5.0 + lengths) / 6.0) ** alpha
    best = int(torch.argmax(normalised))  # the first maximum
    return done[best][0].numpy(), float(normalised[best])


def _table(probabilities: list[list[float]], offsets: list[float]) -> np.ndarray:
    """Logits whose softmax is (about) `probabilities`, each row shifted by its own offset:
    logits are log-probabilities only up to a constant per row."""
    p = np.maximum(np.array(probabilities, dtype=np.float64), 1e-9)
    return np.log(p) + np.array(offsets, dtype=np.float64)[:, None]


# Tokens: 0 start, 1 end, 2 A, 3 B, 4 x, 5 y, 6 z. From the start: A 0.6, B 0.4; A -> x or y
# (0.5 each); B -> z 0.9; then the end token. Greedy finds "A x" (0.30), a wider beam "B z"
# (0.36). Row 3 (B) has the largest offset, so raw logits make B look even better.
GREEDY_TRAP = _table(
    [
        [0.0, 0.0, 0.6, 0.4, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.0],
        [0.0, 0.1, 0.0, 0.0, 0.0, 0.0, 0.9],
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    ],
    [0.0, 1.0, -2.0, 3.0, 0.5, -1.0, 0.0],
)

# Tokens: 0 start, 1 end, 2 A, 3 B, 4 C. From the start: end 0.55, A 0.45; then A -> B -> C
# -> end, each 0.99. The short output [end] has log-prob -0.60, the long [A, B, C, end] -0.83:
# without normalisation the short one wins; with alpha = 1 the long one (-0.83 / 1.5 = -0.55).
SHORT_OR_LONG = _table(
    [
        [0.0, 0.55, 0.45, 0.0, 0.0],
        [0.2, 0.2, 0.2, 0.2, 0.2],
        [0.0, 0.01, 0.0, 0.99, 0.0],
        [0.0, 0.01, 0.0, 0.0, 0.99],
        [0.0, 0.99, 0.01, 0.0, 0.0],
    ],
    [0.0, -1.0, 2.0, -0.5, 1.0],
)

# Tokens: 0 start, 1 end, 2 A, 3 B, 4 C, 5 D. From the start: A 0.6, end 0.35; A -> B 0.52 or
# C 0.48; B -> D 0.6 or end 0.4; C and D -> end 0.99. [end] finishes at step 1 and takes one of
# the 2 places, so only [A, B] goes on, to [A, B, D, end] (-1.09 with alpha 1): [end] (-1.00,
# row 0 is renormalised) wins. A beam that stays at width 2 also keeps [A, C] and finds
# [A, C, end] (-0.90).
SHRINKING = _table(
    [
        [0.0, 0.35, 0.6, 0.0, 0.0, 0.0],
        [0.2, 0.2, 0.2, 0.2, 0.2, 0.0],
        [0.0, 0.0, 0.0, 0.52, 0.48, 0.0],
        [0.0, 0.4, 0.0, 0.0, 0.0, 0.6],
        [0.0, 0.99, 0.01, 0.0, 0.0, 0.0],
        [0.0, 0.99, 0.0, 0.01, 0.0, 0.0],
    ],
    [0.5, 0.0, -1.0, 1.5, 0.0, -0.5],
)

# Tokens 0..3 with end token 3 never likely: 0 -> 1 -> 2 -> 1 -> 2 ... (a loop).
LOOP = _table(
    [
        [0.05, 0.7, 0.2, 0.05],
        [0.1, 0.05, 0.8, 0.05],
        [0.05, 0.75, 0.15, 0.05],
        [0.25, 0.25, 0.25, 0.25],
    ],
    [0.0, 0.5, -0.5, 0.0],
)


def edge_cases() -> list[Case]:
    """Fixed cases: beam 1 is greedy, the greedy trap, the length penalty, max_len, ties."""
    uniform = np.zeros((3, 3))
    rng = np.random.default_rng(10)
    mixed = np.round(rng.normal(scale=1.5, size=(6, 6)), 2)
    return [
        Case(
            "beam_width 1 is greedy decoding: A then x then the end", (GREEDY_TRAP, 0, 1, 1, 5, 0.0)
        ),
        Case(
            "beam_width 2 finds B z end (0.36), which greedy misses (A x end, 0.30)",
            (GREEDY_TRAP, 0, 1, 2, 5, 0.0),
        ),
        Case(
            "alpha 0 (no normalisation) prefers the short output [end]",
            (SHORT_OR_LONG, 0, 1, 2, 6, 0.0),
        ),
        Case(
            "alpha 1: the GNMT penalty ((5 + 4) / 6) makes the long output win",
            (SHORT_OR_LONG, 0, 1, 2, 6, 1.0),
        ),
        Case(
            "alpha 0.6 and beam 3: the score is log P / ((5 + |Y|) / 6) ** 0.6",
            (SHORT_OR_LONG, 0, 1, 3, 6, 0.6),
        ),
        Case(
            "each finished hypothesis takes a place: the beam shrinks from 2 to 1 after [end]",
            (SHRINKING, 0, 1, 2, 6, 1.0),
        ),
        Case(
            "the end token never comes: after max_len = 4 steps the open beams compete as they are",
            (LOOP, 0, 3, 2, 4, 0.6),
        ),
        Case(
            "all scores tie (uniform rows): ties go to the earlier beam, then the lower token",
            (uniform, 0, 2, 2, 3, 1.0),
        ),
        Case(
            "beam_width 5 over a vocabulary of 3: fewer candidates than the beam at first",
            (np.array([[0.0, 1.0, 0.5], [0.2, 0.0, 1.0], [1.5, 0.3, -0.4]]), 0, 2, 5, 4, 0.8),
        ),
        Case(
            "start token = end token = 0: only generated tokens finish a hypothesis",
            (mixed, 0, 0, 2, 5, 0.6),
        ),
        Case(
            "a random-looking 6-token model, beam 3, alpha 0.7",
            (mixed, 2, 0, 3, 7, 0.7),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random logits table (scale 2), start, end, beam width 1..4, max_len 1..8 and alpha in
    {0, 0.6, 1} or uniform in [0, 1.5]."""
    vocab = int(rng.integers(3, 9))
    table = rng.normal(scale=2.0, size=(vocab, vocab))
    start, end = (int(t) for t in rng.integers(0, vocab, size=2))
    table[:, end] += 1.0  # the end token is likely enough to be chosen now and then
    beam_width, max_len = int(rng.integers(1, 5)), int(rng.integers(1, 9))
    alpha = [0.0, 0.6, 1.0, float(np.round(rng.uniform(0.0, 1.5), 2))][index % 4]
    name = (
        f"random #{index}: V={vocab}, start={start}, end={end}, beam_width={beam_width}, "
        f"max_len={max_len}, alpha={alpha}"
    )
    return Case(name, (table, start, end, beam_width, max_len, alpha))
