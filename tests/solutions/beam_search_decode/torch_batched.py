"""Alternative solution: PyTorch, the open beams as one (n, t) tensor; all n x V extensions are
scored at once and ranked with a stable sort of the beam-major flattening."""

import torch


def beam_search_decode(logits_table, start_token, end_token, beam_width, max_len, alpha):
    log_probs = torch.log_softmax(logits_table, dim=-1)
    vocab = log_probs.shape[0]
    seqs = torch.zeros((1, 0), dtype=torch.long)
    scores = torch.zeros(1, dtype=log_probs.dtype)
    last = torch.tensor([start_token])
    finished = []
    for _ in range(max_len):
        if len(seqs) == 0:
            break
        flat = (scores[:, None] + log_probs[last]).flatten()
        keep = torch.sort(flat, descending=True, stable=True).indices[: beam_width - len(finished)]
        seqs = torch.cat([seqs[keep // vocab], (keep % vocab)[:, None]], dim=1)
        scores, last = flat[keep], keep % vocab
        for row, score in zip(seqs[last == end_token], scores[last == end_token], strict=True):
            finished.append((row, score))
        open_ = last != end_token
        seqs, scores, last = seqs[open_], scores[open_], last[open_]
    finished += list(zip(seqs, scores, strict=True))
    best, best_score = None, None
    for row, score in finished:
        normalised = score / ((5.0 + len(row)) / 6.0) ** alpha
        if best_score is None or normalised > best_score:
            best, best_score = row, normalised
    return best, float(best_score)
