"""Reference for `architecture_masks`: the attention masks (True = may attend) and the positions
trained by the loss of an encoder-only (BERT), decoder-only (GPT), prefix-LM (UniLM, T5's prefix
LM) and encoder-decoder (T5, BART) Transformer."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

KINDS = ("encoder", "decoder", "prefix_lm", "encoder_decoder")


def _causal(n: int) -> np.ndarray:
    """allowed[i, j] = j <= i: each position sees itself and the past."""
    return np.arange(n)[None, :] <= np.arange(n)[:, None]


def reference(kind, seq_len, prefix_len=None, tgt_len=None):
    """The masks of one architecture, as a dict of boolean arrays."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    L = seq_len
    positions = np.arange(L)
    if kind == "encoder":
        return {"self": np.ones((L, L), dtype=bool)}
    if kind == "decoder":
        return {"self": _causal(L), "loss": positions < L - 1}
    if kind == "prefix_lm":
        P = np.asarray(prefix_len)
        if (P < 0).any():
            raise ValueError("prefix lengths cannot be negative")
        if (P > L).any():
            raise ValueError(f"prefix lengths cannot exceed seq_len={L}")
        in_prefix = positions[None, :] < P[:, None]  # (B, L): key j is a prefix token
        allowed = _causal(L)[None, :, :] | in_prefix[:, None, :]
        # output i predicts token i + 1: train the predictions of tokens P .. L-1 only
        loss = (positions[None, :] >= P[:, None] - 1) & (positions[None, :] < L - 1)
        return {"self": allowed, "loss": loss}
    T = tgt_len
    return {
        "encoder_self": np.ones((L, L), dtype=bool),
        "decoder_self": _causal(T),
        "cross": np.ones((T, L), dtype=bool),
        "loss": np.ones(T, dtype=bool),  # decoder input is shifted right: every output is trained
    }


def oracle(kind, seq_len, prefix_len=None, tgt_len=None):
    """PyTorch: nn.Transformer's own causal mask (a float mask, -inf above the diagonal: allowed
    where it is 0), torch.ones for full attention, torch comparisons for the prefix and loss."""
    import torch
    from torch import nn

    if kind not in KINDS:
        raise ValueError("unknown kind")

    def causal(n: int) -> torch.Tensor:
        return nn.Transformer.generate_square_subsequent_mask(n) == 0

    L = seq_len
    if kind == "encoder":
        return {"self": torch.ones(L, L, dtype=torch.bool).numpy()}
    if kind == "decoder":
        loss = torch.ones(L, dtype=torch.bool)
        loss[-1:] = False
        return {"self": causal(L).numpy(), "loss": loss.numpy()}
    if kind == "prefix_lm":
        P = torch.as_tensor(np.asarray(prefix_len))
        if bool((P < 0).any()) or bool((P > L).any()):
            raise ValueError("prefix length out of range")
        allowed = causal(L).expand(len(P), L, L).clone()
        loss = torch.zeros(len(P), L, dtype=torch.bool)
        for b, p in enumerate(P.tolist()):
            allowed[b, :, :p] = True  # every query sees the whole prefix
            loss[b, max(p - 1, 0) : L - 1] = True
        return {"self": allowed.numpy(), "loss": loss.numpy()}
    T = tgt_len
    return {
        "encoder_self": torch.ones(L, L, dtype=torch.bool).numpy(),
        "decoder_self": causal(T).numpy(),
        "cross": torch.ones(T, L, dtype=torch.bool).numpy(),
        "loss": torch.ones(T, dtype=torch.bool).numpy(),
    }


def _prefix_case(name: str, seq_len: int, prefixes: list[int], raises: str | None = None) -> Case:
    return Case(name, ("prefix_lm", seq_len, np.array(prefixes, dtype=np.int64)), raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: each kind once, prefixes of 0 (a plain decoder) and L (a full encoder), a
    decoder longer than its source and shorter, one token, and each stated ValueError."""
    return [
        Case(
            "decoder, one token: it sees itself, and has no next token to predict", ("decoder", 1)
        ),
        Case("encoder, 3 tokens: every token sees every token", ("encoder", 3)),
        Case(
            "decoder, 4 tokens: causal, the diagonal included; no loss at the last", ("decoder", 4)
        ),
        _prefix_case(
            "prefix LM, 6 tokens, prefixes 2, 0, 6 and 3 (0 = a decoder, 6 = no target)",
            6,
            [2, 0, 6, 3],
        ),
        _prefix_case("prefix LM, 5 tokens, prefix 1: the same masks as a plain decoder", 5, [1]),
        Case(
            "encoder-decoder, source 4, target 3: the decoder sees the whole source",
            ("encoder_decoder", 4),
            {"tgt_len": 3},
        ),
        Case(
            "encoder-decoder, source 2, target 5: cross-attention is (5, 2)",
            ("encoder_decoder", 2),
            {"tgt_len": 5},
        ),
        Case(
            "kind 'gpt' is not one of the four: raise ValueError", ("gpt", 4), raises="ValueError"
        ),
        _prefix_case(
            "a prefix of 7 in a 6-token sequence: raise ValueError", 6, [2, 7], raises="ValueError"
        ),
        _prefix_case("a negative prefix length: raise ValueError", 6, [-1, 3], raises="ValueError"),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random kind and size; prefix LMs get a batch of prefix lengths from 0 to L."""
    kind = KINDS[int(rng.integers(0, 4))]
    seq_len = int(rng.integers(1, 25))
    if kind == "prefix_lm":
        batch = int(rng.integers(1, 5))
        prefixes = rng.integers(0, seq_len + 1, size=batch)
        return _prefix_case(
            f"random #{index}: prefix LM, {seq_len} tokens, prefixes {prefixes.tolist()}",
            seq_len,
            prefixes.tolist(),
        )
    if kind == "encoder_decoder":
        tgt_len = int(rng.integers(1, 17))
        return Case(
            f"random #{index}: encoder-decoder, source {seq_len}, target {tgt_len}",
            (kind, seq_len),
            {"tgt_len": tgt_len},
        )
    return Case(f"random #{index}: {kind}, {seq_len} tokens", (kind, seq_len))
