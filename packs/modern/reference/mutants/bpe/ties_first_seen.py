"""Mutant: breaks ties between equally frequent pairs by the first one counted (what
max(counts, key=counts.get) does on a dict), not by the smallest pair."""

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
    words = [(list(word.encode()), count) for word, count in word_counts.items()]
    merges = []
    for r in range(num_merges):
        counts = {}
        for tokens, count in words:
            for pair in itertools.pairwise(tokens):
                counts[pair] = counts.get(pair, 0) + count
        if not counts:
            break
        best = max(counts, key=counts.get)
        merges.append(best)
        words = [(_merge(tokens, best, 256 + r), count) for tokens, count in words]
    ids = []
    for word in text:
        tokens = list(word.encode())
        for r, pair in enumerate(merges):
            tokens = _merge(tokens, pair, 256 + r)
        ids += tokens
    return np.array(merges, dtype=np.int64).reshape(-1, 2), np.array(ids, dtype=np.int64)
