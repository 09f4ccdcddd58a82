"""Reference for `moe_route`: top-k routing of a mixture-of-experts layer with Mixtral's gate
weights (softmax over the k selected logits) and the Switch Transformer's load-balancing loss
E * sum_i f_i P_i (f_i: fraction of tokens whose top-1 expert is i; P_i: mean router
probability of expert i)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def reference(x, W_gate, k):
    """Stable descending sort of the router logits (ties: lower expert index first)."""
    num_tokens, num_experts = x.shape[0], W_gate.shape[1]
    if not 1 <= k <= num_experts:
        raise ValueError(f"k must be between 1 and {num_experts}, got {k}")
    logits = x @ W_gate
    order = np.argsort(-logits, axis=1, kind="stable")
    indices = order[:, :k]
    gates = _softmax(np.take_along_axis(logits, indices, axis=1))
    fraction = np.bincount(order[:, 0], minlength=num_experts) / num_tokens
    mean_probability = _softmax(logits).mean(axis=0)
    return indices, gates, float(num_experts * np.sum(fraction * mean_probability))


def oracle(x, W_gate, k):
    """PyTorch, as Hugging Face's Mixtral block computes the gates (softmax over all experts,
    keep the top k, divide by their sum), with a stable torch.sort (torch.topk does not promise
    an order for ties) and one-hot counts for f."""
    import torch
    import torch.nn.functional as F

    num_experts = W_gate.shape[1]
    if not 1 <= k <= num_experts:
        raise ValueError(f"k must be between 1 and {num_experts}, got {k}")
    logits = torch.from_numpy(x) @ torch.from_numpy(W_gate)
    probabilities = F.softmax(logits, dim=-1)
    _, order = torch.sort(logits, dim=-1, descending=True, stable=True)
    indices = order[:, :k]
    weights = probabilities.gather(1, indices)
    gates = weights / weights.sum(dim=-1, keepdim=True)
    tokens_per_expert = F.one_hot(order[:, 0], num_experts).double().mean(dim=0)
    loss = num_experts * torch.sum(tokens_per_expert * probabilities.mean(dim=0))
    return indices.numpy(), gates.numpy(), loss.item()


def _case(name, x, W_gate, k, raises=None) -> Case:
    return Case(
        name, (np.array(x, dtype=np.float64), np.array(W_gate, dtype=np.float64), k), raises=raises
    )


def edge_cases() -> list[Case]:
    """One token; tied logits (a zero token, duplicated router columns); k >= 2 where top-1
    and top-k counts differ; huge logits; k = E; k out of range."""
    return [
        _case(
            "one token, k = 1: logits [0, 1, 2], expert 2 with gate 1",
            [[1.0, 0.0]],
            [[0.0, 1.0, 2.0], [0.0, 0.0, 0.0]],
            1,
        ),
        _case(
            "a token of zeros ties all 5 experts: k = 3 picks experts 0, 1, 2 (lower index first)",
            [[0.0, 0.0], [0.0, 0.0]],
            [[1.0, -1.0, 2.0, 0.5, 0.0], [0.0, 1.0, 0.0, -1.0, 3.0]],
            3,
        ),
        _case(
            "experts 1 and 3 have identical router columns: every tie goes to expert 1",
            [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
            [[0.0, 2.0, 1.0, 2.0], [0.0, 1.0, 3.0, 1.0]],
            2,
        ),
        _case(
            "k = 2: each token's top 2 differ from its top 1, so f counts top-1 choices only",
            [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0]],
            [[3.0, 2.0, 0.0, -1.0], [0.0, 1.0, 2.0, 0.5]],
            2,
        ),
        _case(
            "logits near +-1000: the softmaxes must subtract the maximum",
            [[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]],
            [[1000.0, 999.0, -1000.0], [-1000.0, 998.0, 1000.0]],
            2,
        ),
        _case(
            "k = E = 3: the gates are the full softmax, in sorted order",
            [[1.0, 2.0], [-1.0, 0.5]],
            [[0.5, -0.5, 1.0], [1.0, 0.0, -1.0]],
            3,
        ),
        _case(
            "k = 0 selects no expert: raise ValueError",
            [[1.0, 2.0]],
            [[0.5, -0.5, 1.0], [1.0, 0.0, -1.0]],
            0,
            raises="ValueError",
        ),
        _case(
            "k = 4 with only 3 experts: raise ValueError",
            [[1.0, 2.0]],
            [[0.5, -0.5, 1.0], [1.0, 0.0, -1.0]],
            4,
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """T up to 16 tokens, E up to 8 experts, k up to 4; every other case has small integer
    inputs, so logits tie."""
    num_tokens, dim = int(rng.integers(1, 17)), int(rng.integers(2, 9))
    num_experts = int(rng.integers(2, 9))
    k = int(rng.integers(1, min(num_experts, 4) + 1))
    if index % 2:
        x = rng.integers(-1, 2, size=(num_tokens, dim)).astype(np.float64)
        W_gate = rng.integers(-1, 2, size=(dim, num_experts)).astype(np.float64)
        kind = "integer inputs (tied logits)"
    else:
        x = rng.normal(size=(num_tokens, dim))
        W_gate = rng.normal(size=(dim, num_experts))
        kind = "normal inputs"
    return Case(
        f"random #{index}: {num_tokens} tokens, {num_experts} experts, k = {k}, {kind}",
        (x, W_gate, k),
    )
