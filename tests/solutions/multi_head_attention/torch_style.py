"""multi_head_attention for torch tensors: F.linear for the projections and
F.scaled_dot_product_attention (which scales by 1/sqrt(head dim)) for the heads."""

import torch.nn.functional as F


def multi_head_attention(x, W_in, b_in, W_out, b_out, num_heads):
    E = x.shape[-1]
    if num_heads < 1:
        raise ValueError(f"num_heads must be at least 1, got {num_heads}")
    if E % num_heads != 0:
        raise ValueError(f"embed_dim {E} is not divisible by num_heads {num_heads}")
    q, k, v = F.linear(x, W_in, b_in).chunk(3, dim=-1)
    q, k, v = (t.unflatten(-1, (num_heads, -1)).transpose(1, 2) for t in (q, k, v))
    heads = F.scaled_dot_product_attention(q, k, v)  # (N, h, L, d)
    return F.linear(heads.transpose(1, 2).flatten(2), W_out, b_out)
