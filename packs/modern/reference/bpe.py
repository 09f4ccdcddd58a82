"""Reference for `bpe`: train a byte-level byte-pair encoding (Sennrich et al., 2016; bytes as
the base alphabet as in GPT-2, Radford et al., 2019) on a word-count table, then encode words.

Token ids: 0..255 are the UTF-8 bytes, merge r creates id 256 + r. Pairs are counted inside
words only, each position once (so "aaa" holds the pair (a, a) twice), weighted by the word's
count; the most frequent pair is merged, ties going to the smallest (left id, right id).
Merging replaces occurrences left to right without overlap. Encoding applies the merges in the
order they were learned. Training stops early when no word has two tokens left.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

from quizprep.grading.cases import Case


def _merge(tokens: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    out, i = [], 0
    while i < len(tokens):
        if i + 1 < len(tokens) and (tokens[i], tokens[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def reference(
    word_counts: dict[str, int], num_merges: int, text: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Count, merge, repeat; then replay the merges on each word of `text`."""
    words = [(list(word.encode("utf-8")), count) for word, count in word_counts.items()]
    merges: list[tuple[int, int]] = []
    for r in range(num_merges):
        counts: dict[tuple[int, int], int] = {}
        for tokens, count in words:
            for pair in itertools.pairwise(tokens):
                counts[pair] = counts.get(pair, 0) + count
        if not counts:
            break
        best = min(counts, key=lambda pair: (-counts[pair], pair))
        merges.append(best)
        words = [(_merge(tokens, best, 256 + r), count) for tokens, count in words]
    ids: list[int] = []
    for word in text:
        tokens = list(word.encode("utf-8"))
        for r, pair in enumerate(merges):
            tokens = _merge(tokens, pair, 256 + r)
        ids += tokens
    return np.array(merges, dtype=np.int64).reshape(-1, 2), np.array(ids, dtype=np.int64)


def oracle(
    word_counts: dict[str, int], num_merges: int, text: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """An independent implementation, since no PyTorch op does BPE: Sennrich et al.'s original
    style for training (each word a string of space-separated symbols, merged with a regular
    expression) and GPT-2's `bpe()` loop for encoding (repeatedly merge the adjacent pair of
    lowest rank)."""
    vocab = {" ".join(str(b) for b in w.encode("utf-8")): c for w, c in word_counts.items()}
    ranks: dict[tuple[str, str], int] = {}
    for r in range(num_merges):
        pairs: dict[tuple[str, str], int] = {}
        for word, count in vocab.items():
            symbols = word.split()
            for i in range(len(symbols) - 1):
                pairs[symbols[i], symbols[i + 1]] = (
                    pairs.get((symbols[i], symbols[i + 1]), 0) + count
                )
        if not pairs:
            break
        best = max(pairs, key=lambda p: (pairs[p], -int(p[0]), -int(p[1])))
        ranks[best] = r
        pattern = re.compile(r"(?<!\S)" + re.escape(" ".join(best)) + r"(?!\S)")
        vocab = {pattern.sub(str(256 + r), word): count for word, count in vocab.items()}
    ids: list[int] = []
    for w in text:
        symbols = [str(b) for b in w.encode("utf-8")]
        while len(symbols) > 1:
            pairs_here = set(itertools.pairwise(symbols))
            bigram = min(pairs_here, key=lambda p: ranks.get(p, float("inf")))
            if bigram not in ranks:
                break
            merged, i = [], 0
            while i < len(symbols):
                if i < len(symbols) - 1 and (symbols[i], symbols[i + 1]) == bigram:
                    merged.append(str(256 + ranks[bigram]))
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        ids += [int(s) for s in symbols]
    merges = sorted(ranks, key=ranks.get)
    return (
        np.array([[int(a), int(b)] for a, b in merges], dtype=np.int64).reshape(-1, 2),
        np.array(ids, dtype=np.int64),
    )


def edge_cases() -> list[Case]:
    """Fixed cases: one merge, word counts, ties, stopping early, word boundaries, merge order,
    overlapping pairs, unseen and multi-byte characters, and Sennrich's example."""
    return [
        Case("one word, one merge: {'ab': 3} merges (a, b) into 256", ({"ab": 3}, 1, ["ab", "ba"])),
        Case(
            "pair counts are weighted by the word counts: (c, d) x 3 beats (a, b) x 1",
            ({"ab": 1, "cd": 3}, 1, ["abcd"]),
        ),
        Case(
            "a tie in counts goes to the smallest pair: (a, b) = (97, 98) before (b, a)",
            ({"ba": 1, "ab": 1}, 1, ["abba"]),
        ),
        Case(
            "no pair left: {'ab': 2} stops after 1 merge although 3 are asked",
            ({"ab": 2}, 3, ["abab"]),
        ),
        Case(
            "pairs never span two words: 'xa' and 'ay' do not make (a, x) or (y, a)",
            ({"xa": 2, "ay": 2, "b": 5}, 3, ["xay", "ayxa"]),
        ),
        Case(
            "encode in the order learned: (b, c) came first, so 'abc' is a + bc, not ab + c",
            ({"bc": 3, "ab": 2}, 2, ["abc", "abcab"]),
        ),
        Case(
            "overlapping pairs: 'aaaa' counts (a, a) three times, merges left to right",
            ({"aaaa": 1, "aaa": 1}, 3, ["aaaaa", "aaa"]),
        ),
        Case(
            "bytes never seen in training (z, and the two UTF-8 bytes of é) stay as they are",
            ({"hello": 2, "help": 1}, 4, ["help", "zé", "hello"]),
        ),
        Case(
            "Sennrich et al.'s example: low x5, lower x2, newest x6, widest x3, 10 merges",
            ({"low": 5, "lower": 2, "newest": 6, "widest": 3}, 10, ["lowest", "newer", "wider"]),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """3 to 8 random words over 'abcd' with counts 1 to 6, 1 to 12 merges, 2 to 5 words of
    text over 'abcde'."""
    letters = np.array(list("abcde"))
    word_counts: dict[str, int] = {}
    while len(word_counts) < int(rng.integers(3, 9)):
        word = "".join(rng.choice(letters[:4], size=int(rng.integers(1, 7))))
        if len(word_counts) == 0 and len(word) < 2:
            continue  # at least one pair to merge
        word_counts[word] = int(rng.integers(1, 7))
    num_merges = int(rng.integers(1, 13))
    text = [
        "".join(rng.choice(letters, size=int(rng.integers(1, 9))))
        for _ in range(int(rng.integers(2, 6)))
    ]
    name = f"random #{index}: {len(word_counts)} words, {num_merges} merges, text {text}"
    return Case(name, (word_counts, num_merges, text))
