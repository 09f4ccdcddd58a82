"""Mutant: encodes a word by repeatedly applying the learned merge whose pair occurs most often
in that word (ties: the earlier merge), instead of the merge learned first."""

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
    rank = {pair: r for r, pair in enumerate(merges)}
    ids = []
    for word in text:
        tokens = list(word.encode())
        while True:
            here = {}
            for pair in itertools.pairwise(tokens):
                if pair in rank:
                    here[pair] = here.get(pair, 0) + 1
            if not here:
                break
            pair = min(here, key=lambda p: (-here[p], rank[p]))
            tokens = _merge(tokens, pair, 256 + rank[pair])
        ids += tokens
    return np.array(merges, dtype=np.int64).reshape(-1, 2), np.array(ids, dtype=np.int64)
