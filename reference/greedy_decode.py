"""Reference for `greedy_decode`: greedy decoding with a toy decoder given as data.

The decoder's step is a table: `logits_table[i]` are the next-token logits after token i (a
decoder whose state is its last token). From `start_token`, repeatedly append the argmax
token (ties go to the lowest index), stopping after `end_token` (kept) or `max_len` tokens.
The start token is the decoder's first input, not part of the output.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    logits_table: np.ndarray, start_token: int, end_token: int, max_len: int
) -> np.ndarray:
    """Feed each chosen token back in as the next input."""
    tokens: list[int] = []
    current = start_token
    while len(tokens) < max_len:
        current = int(np.argmax(logits_table[current]))  # the first maximum on ties
        tokens.append(current)
        if current == end_token:
            break
    return np.array(tokens, dtype=np.int64)


def oracle(logits_table: np.ndarray, start_token: int, end_token: int, max_len: int) -> np.ndarray:
    """The same loop with torch.argmax (documented to return the first maximal index)."""
    import torch

    table = torch.from_numpy(logits_table)
    tokens = []
    current = torch.tensor(start_token)
    for _ in range(max_len):
        current = torch.argmax(table[current])
        tokens.append(current)
        if current.item() == end_token:
            break
    return torch.stack(tokens).numpy().astype(np.int64)


def _table(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float64)


# A 5-token table: 0 -> 2 -> 4 -> 1 -> 3 -> 0 ...; column argmaxes differ from row argmaxes.
CHAIN = _table(
    [
        [0.1, 0.5, 2.0, -1.0, 0.3],
        [-0.5, 0.0, 0.2, 1.5, 1.0],
        [1.2, -2.0, 0.4, 0.0, 3.0],
        [2.5, 0.7, -0.3, 0.1, 0.0],
        [0.0, 1.8, 1.1, -0.4, 0.9],
    ]
)


# A 4-token table where 0 -> 1 -> 2 -> 1 -> 2 ... never reaches 3.
LOOP = _table(
    [
        [0.0, 1.0, 0.5, -1.0],
        [0.2, -0.5, 1.5, 0.0],
        [-1.0, 2.0, 0.0, 1.0],
        [1.0, 0.0, 0.0, 0.5],
    ]
)


def edge_cases() -> list[Case]:
    """Fixed cases: stopping at the end token, at max_len, ties, start = end, reading rows."""
    ties = _table(
        [[0.0, 1.0, 1.0, 1.0], [2.0, 0.0, 2.0, 2.0], [0.5, 0.5, 0.0, 0.5], [0.0, 0.0, 0.0, 0.0]]
    )
    return [
        Case(
            "end token 1 reached after 3 steps (0 -> 2 -> 4 -> 1): it is kept, then decoding stops",
            (CHAIN, 0, 1, 10),
        ),
        Case(
            "the end token 3 is never produced (1 -> 2 -> 1 ...): stop after exactly max_len = 7",
            (LOOP, 0, 3, 7),
        ),
        Case(
            "ties in every row: argmax picks the lowest index",
            (ties, 3, 2, 6),
        ),
        Case(
            "start token = end token (one token for BOS and EOS): only generated tokens stop",
            (CHAIN, 3, 3, 10),
        ),
        Case(
            "max_len = 1: exactly one token, the argmax of the start token's row",
            (CHAIN, 4, 0, 1),
        ),
        Case(
            "the first generated token is the end token: output is just [end]",
            (CHAIN, 1, 3, 5),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random table (logits rounded to 0.5, so ties happen), start, end and max_len."""
    vocab = int(rng.integers(2, 11))
    table = np.round(2.0 * rng.normal(size=(vocab, vocab))) / 2.0
    start, end = (int(t) for t in rng.integers(0, vocab, size=2))
    max_len = int(rng.integers(1, 13))
    name = f"random #{index}: V={vocab}, start={start}, end={end}, max_len={max_len}"
    return Case(name, (table, start, end, max_len))
