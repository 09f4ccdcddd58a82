"""Reference for `apply_rope`: rotary position embeddings (Su et al., 2021, RoFormer).

Pair i of the head dimension (i = 0 .. d/2 - 1) turns by the angle m * theta_i at position m,
theta_i = base^(-2i/d). The two layouts differ only in which coordinates form pair i:
"interleaved" (RoFormer, Meta's original LLaMA code, GPT-J) pairs (2i, 2i + 1); "half"
(GPT-NeoX, Hugging Face Llama: `rotate_half`) pairs (i, i + d/2).
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

LAYOUTS = ("interleaved", "half")


def _check(d: int, layout: str) -> None:
    if d % 2:
        raise ValueError(f"the last dimension must be even to form pairs, got d = {d}")
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be 'interleaved' or 'half', got {layout!r}")


def _pair_indices(d: int, layout: str) -> tuple[np.ndarray, np.ndarray]:
    """The coordinates (first, second) of each of the d/2 pairs."""
    i = np.arange(d // 2)
    if layout == "interleaved":
        return 2 * i, 2 * i + 1
    return i, i + d // 2


def reference(x: np.ndarray, positions: np.ndarray, base: float, layout: str) -> np.ndarray:
    """Rotate pair i of row t by positions[t] * base^(-2i/d), in float64."""
    d = x.shape[-1]
    _check(d, layout)
    theta = float(base) ** (-2.0 * np.arange(d // 2, dtype=np.float64) / d)  # (d/2,)
    angles = np.asarray(positions, dtype=np.float64)[:, None] * theta  # (T, d/2)
    cos, sin = np.cos(angles), np.sin(angles)
    first, second = _pair_indices(d, layout)
    a, b = x[..., first].astype(np.float64), x[..., second].astype(np.float64)
    out = np.empty(x.shape, dtype=np.float64)
    out[..., first] = a * cos - b * sin  # (a + ib) * e^{i angle}
    out[..., second] = a * sin + b * cos
    return out


def oracle(x: np.ndarray, positions: np.ndarray, base: float, layout: str) -> np.ndarray:
    """PyTorch, the two ways real code does it: complex multiplication by e^{i m theta} on
    (d/2, 2) views (Meta's LLaMA, `torch.view_as_complex`) for "interleaved", and
    x * cos + rotate_half(x) * sin with duplicated angles (GPT-NeoX, Hugging Face) for "half"."""
    import torch

    d = x.shape[-1]
    _check(d, layout)
    xt = torch.from_numpy(np.asarray(x, dtype=np.float64))
    inv_freq = 1.0 / (float(base) ** (torch.arange(0, d, 2, dtype=torch.float64) / d))
    angles = torch.outer(torch.from_numpy(np.asarray(positions)).to(torch.float64), inv_freq)
    if layout == "interleaved":
        pairs = torch.view_as_complex(xt.reshape(*xt.shape[:-1], d // 2, 2).contiguous())
        turned = pairs * torch.polar(torch.ones_like(angles), angles)
        return torch.view_as_real(turned).flatten(-2).numpy()
    emb = torch.cat([angles, angles], dim=-1)  # (T, d): angle i for coordinates i and i + d/2
    x1, x2 = xt[..., : d // 2], xt[..., d // 2 :]
    rotate_half = torch.cat([-x2, x1], dim=-1)
    return (xt * emb.cos() + rotate_half * emb.sin()).numpy()


def _x(values: object) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def _pos(values: object) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def edge_cases() -> list[Case]:
    """Fixed cases: position 0, one pair, the frequencies, both layouts, KV-cache offsets,
    large positions, heads, and the two stated raises."""
    rng = np.random.default_rng(5)
    return [
        Case(
            "position 0 is the identity: nothing turns (d = 4, interleaved)",
            (_x([[1.0, 2.0, 3.0, 4.0]]), _pos([0]), 10000.0, "interleaved"),
        ),
        Case(
            "d = 2, one pair (1, 0) at position 1: turned counter-clockwise by 1 rad to "
            "(cos 1, sin 1)",
            (_x([[1.0, 0.0]]), _pos([1]), 10000.0, "half"),
        ),
        Case(
            "d = 4, base 100, interleaved: pair 1 turns by 100^(-2/4) = 0.1 rad per position",
            (_x([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0]]), _pos([1, 2]), 100.0, "interleaved"),
        ),
        Case(
            "d = 4, half layout: the pairs are (x0, x2) and (x1, x3), not (x0, x1) and (x2, x3)",
            (_x([[1.0, 2.0, 3.0, 4.0]]), _pos([1]), 100.0, "half"),
        ),
        Case(
            "d = 6, interleaved: the pairs are (x0, x1), (x2, x3), (x4, x5)",
            (
                _x([[1.0, -2.0, 3.0, 0.5, -1.0, 2.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]]),
                _pos([3, 4]),
                10.0,
                "interleaved",
            ),
        ),
        Case(
            "odd d = 3: the coordinates cannot be paired, raise ValueError",
            (_x([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), _pos([0, 1]), 10000.0, "interleaved"),
            raises="ValueError",
        ),
        Case(
            "an unknown layout 'rotate_half' (the layouts are 'interleaved' and 'half'): "
            "raise ValueError",
            (_x([[1.0, 2.0, 3.0, 4.0]]), _pos([2]), 10000.0, "rotate_half"),
            raises="ValueError",
        ),
        Case(
            "KV cache: 4 new tokens at positions 17..20 (not 0..3), heads (2, 3, 4, 8), half",
            (rng.normal(size=(2, 3, 4, 8)), _pos([17, 18, 19, 20]), 10000.0, "half"),
        ),
        Case(
            "positions 4093..4096 with base 500000 (Llama 3): angles in the thousands of "
            "radians, computed in float64",
            (rng.normal(size=(4, 16)), _pos([4093, 4094, 4095, 4096]), 500000.0, "interleaved"),
        ),
        Case(
            "positions need not be consecutive: [5, 0, 9], d = 8, interleaved",
            (rng.normal(size=(3, 3, 8)), _pos([5, 0, 9]), 10000.0, "interleaved"),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    d = int(rng.choice([2, 4, 6, 8, 16, 32]))
    t = int(rng.integers(1, 9))
    leading = [(), (3,), (2, 2)][int(rng.integers(0, 3))]
    offset = int(rng.integers(0, 64))
    positions = offset + np.arange(t, dtype=np.int64)
    base = float(rng.choice([100.0, 10000.0, 500000.0]))
    layout = LAYOUTS[int(rng.integers(0, 2))]
    x = rng.normal(size=(*leading, t, d))
    return Case(
        f"random #{index}: x {x.shape}, positions {offset}..{offset + t - 1}, base {base:g}, "
        f"{layout}",
        (x, positions, base, layout),
    )
