"""Alternative solution: collections.Counter for the pair counts, and GPT-2's encoder loop
(merge the adjacent pair of lowest rank until none is a known merge)."""

from collections import Counter
from itertools import pairwise

import numpy as np


def _merge(symbols, pair, new):
    out, i = [], 0
    while i < len(symbols):
        if symbols[i : i + 2] == list(pair):
            out.append(new)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def bpe(word_counts, num_merges, text):
    corpus = Counter({tuple(w.encode("utf-8")): c for w, c in word_counts.items()})
    ranks = {}
    for r in range(num_merges):
        pairs = Counter()
        for symbols, count in corpus.items():
            for pair in pairwise(symbols):
                pairs[pair] += count
        if not pairs:
            break
        top = max(pairs.values())
        best = min(p for p, n in pairs.items() if n == top)
        ranks[best] = r
        corpus = Counter({tuple(_merge(list(s), best, 256 + r)): c for s, c in corpus.items()})
    ids = []
    for word in text:
        symbols = list(word.encode("utf-8"))
        while len(symbols) > 1:
            pair = min(pairwise(symbols), key=lambda p: ranks.get(p, float("inf")))
            if pair not in ranks:
                break
            symbols = _merge(symbols, pair, 256 + ranks[pair])
        ids.extend(symbols)
    merges = sorted(ranks, key=ranks.get)
    return np.array(merges, dtype=np.int64).reshape(-1, 2), np.array(ids, dtype=np.int64)
