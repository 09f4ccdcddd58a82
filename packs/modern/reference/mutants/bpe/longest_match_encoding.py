"""Mutant: encodes by greedy longest match from the left over the learned vocabulary (what
WordPiece does), instead of replaying the merges in the order they were learned."""

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
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        words = [(_merge(tokens, best, 256 + r), count) for tokens, count in words]
    spelled = {i: bytes([i]) for i in range(256)}
    for r, (a, b) in enumerate(merges):
        spelled[256 + r] = spelled[a] + spelled[b]
    by_bytes = {v: k for k, v in spelled.items()}
    ids = []
    for word in text:
        data, start = word.encode(), 0
        while start < len(data):
            end = len(data)
            while data[start:end] not in by_bytes:
                end -= 1
            ids.append(by_bytes[data[start:end]])
            start = end
    return np.array(merges, dtype=np.int64).reshape(-1, 2), np.array(ids, dtype=np.int64)
