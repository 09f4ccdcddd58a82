"""Mutant: joins the corpus (each word repeated by its count) and the text into single streams,
so pairs are counted and merged across word boundaries."""

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
    stream = [b for word, count in word_counts.items() for _ in range(count) for b in word.encode()]
    merges = []
    for r in range(num_merges):
        counts = {}
        for pair in itertools.pairwise(stream):
            counts[pair] = counts.get(pair, 0) + 1
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        stream = _merge(stream, best, 256 + r)
    ids = [b for word in text for b in word.encode()]
    for r, pair in enumerate(merges):
        ids = _merge(ids, pair, 256 + r)
    return np.array(merges, dtype=np.int64).reshape(-1, 2), np.array(ids, dtype=np.int64)
