"""Alternative solution: PyTorch tensors in, an int64 tensor out, using torch.argmax."""

import torch


def greedy_decode(logits_table, start_token, end_token, max_len):
    out = torch.empty(max_len, dtype=torch.int64, device=logits_table.device)
    token, length = start_token, 0
    for step in range(max_len):
        token = int(torch.argmax(logits_table[token]))
        out[step] = token
        length = step + 1
        if token == end_token:
            break
    return out[:length]
