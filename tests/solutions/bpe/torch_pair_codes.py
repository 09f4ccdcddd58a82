"""Alternative solution: PyTorch counts the pairs: each adjacent pair (a, b) becomes the code
a * 2**20 + b (so codes sort like the pairs), weighted counts come from torch.bincount over
torch.unique's inverse, and the first maximum of the sorted unique codes is the smallest pair."""

import torch

SHIFT = 2**20


def _merge(tokens, pair, new_id):
    out, i = [], 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i] == pair[0] and tokens[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def bpe(word_counts, num_merges, text):
    words = [list(w.encode("utf-8")) for w in word_counts]
    counts = list(word_counts.values())
    merges = []
    for r in range(num_merges):
        codes, weights = [], []
        for tokens, count in zip(words, counts, strict=True):
            t = torch.tensor(tokens, dtype=torch.int64)
            codes.append(t[:-1] * SHIFT + t[1:])
            weights.append(torch.full((len(tokens) - 1,), count, dtype=torch.int64))
        codes, weights = torch.cat(codes), torch.cat(weights)
        if codes.numel() == 0:
            break
        unique, inverse = torch.unique(codes, sorted=True, return_inverse=True)
        totals = torch.bincount(inverse, weights=weights.double())
        best_code = int(unique[torch.argmax(totals)])  # argmax: the first maximum
        best = (best_code // SHIFT, best_code % SHIFT)
        merges.append(best)
        words = [_merge(tokens, best, 256 + r) for tokens in words]
    ids = []
    for w in text:
        tokens = list(w.encode("utf-8"))
        for r, pair in enumerate(merges):
            tokens = _merge(tokens, pair, 256 + r)
        ids += tokens
    return torch.tensor(merges, dtype=torch.int64).reshape(-1, 2), torch.tensor(ids)
