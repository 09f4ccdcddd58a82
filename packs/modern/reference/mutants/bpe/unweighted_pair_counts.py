"""Mutant: counts each distinct word once, ignoring how often it occurs in the corpus."""

import itertools

import numpy as np


def _merge(tokens, pair, new_id):
    out, i = [], 0
    while i < len(tokens):
        if i + 1 < len(tokens) and (tokens[i], tokens[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def bpe(word_counts, num_merges, text):
    words = [list(word.encode()) for word in word_counts]
    merges = []
    for r in range(num_merges):
        counts = {}
        for tokens in words:
            for pair in itertools.pairwise(tokens):
                counts[pair] = counts.get(pair, 0) + 1
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        words = [_merge(tokens, best, 256 + r) for tokens in words]
    ids = []
    for word in text:
        tokens = list(word.encode())
        for r, pair in enumerate(merges):
            tokens = _merge(tokens, pair, 256 + r)
        ids += tokens
    return np.array(merges, dtype=np.int64).reshape(-1, 2), np.array(ids, dtype=np.int64)
