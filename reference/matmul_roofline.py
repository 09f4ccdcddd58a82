"""Reference for `matmul_roofline`: the roofline estimate of one matrix product C = A @ B, with
A of shape (m, k), B (k, n) and C (m, n).

    flops       = 2 m n k                      (one multiply-add = 2 FLOPs)
    bytes_moved = b (m k + k n + m n)          (A and B read once, C written once)
    intensity   = flops / bytes_moved          (FLOP per byte)
    attainable  = min(peak_flops, intensity * bandwidth)
    time        = flops / attainable = max(flops / peak_flops, bytes_moved / bandwidth)
    compute_bound = intensity >= peak_flops / bandwidth   (at or beyond the ridge point)
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(m: int, n: int, k: int, b: int, peak_flops: float, bandwidth: float) -> None:
    if min(m, n, k, b) < 1:
        raise ValueError(f"m, n, k and bytes_per_element must be at least 1, got {m, n, k, b}")
    if not (peak_flops > 0 and bandwidth > 0):
        raise ValueError(f"peak_flops and bandwidth must be positive, got {peak_flops, bandwidth}")


def reference(
    m: int, n: int, k: int, bytes_per_element: int, peak_flops: float, bandwidth: float
) -> tuple[int, int, float, float, float, bool]:
    """The two roofs: a product is limited by arithmetic or by memory traffic, whichever is
    slower."""
    _check(m, n, k, bytes_per_element, peak_flops, bandwidth)
    flops = 2 * m * n * k
    bytes_moved = bytes_per_element * (m * k + k * n + m * n)
    intensity = flops / bytes_moved
    attainable = min(peak_flops, intensity * bandwidth)
    time = max(flops / peak_flops, bytes_moved / bandwidth)
    compute_bound = intensity >= peak_flops / bandwidth
    return flops, bytes_moved, intensity, float(attainable), time, compute_bound


ELEMENT_DTYPES = {1: "uint8", 2: "bfloat16", 4: "float32", 8: "float64"}


def oracle(
    m: int, n: int, k: int, bytes_per_element: int, peak_flops: float, bandwidth: float
) -> tuple[int, int, float, float, float, bool]:
    """A real matmul on meta tensors (shapes and dtypes, no data): FlopCounterMode counts its
    FLOPs, and the bytes are the sizes of its operands and its result as torch stores them."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    _check(m, n, k, bytes_per_element, peak_flops, bandwidth)
    a = torch.empty(m, k, device="meta")
    b = torch.empty(k, n, device="meta")
    with FlopCounterMode(display=False) as counter:
        c = torch.mm(a, b)
    flops = counter.get_total_flops()
    dtype = getattr(torch, ELEMENT_DTYPES.get(bytes_per_element, "uint8"))
    per_element = torch.empty(0, dtype=dtype).element_size()
    if bytes_per_element not in ELEMENT_DTYPES:
        per_element = bytes_per_element
    bytes_moved = sum(t.numel() for t in (a, b, c)) * per_element
    rates = torch.tensor([peak_flops, flops / bytes_moved * bandwidth], dtype=torch.float64)
    attainable = rates.min().item()
    compute_roof_lower = bool(rates[0] <= rates[1])
    return (
        flops,
        bytes_moved,
        flops / bytes_moved,
        attainable,
        flops / attainable,
        compute_roof_lower,
    )


def edge_cases() -> list[Case]:
    """Fixed cases: hand-sized products, the ridge point exactly, a matrix-vector product, a
    large bf16 matmul, and each invalid input."""
    return [
        Case(
            "1x1x1 in float32 on a 1 TFLOP/s, 1 TB/s device: 2 FLOPs, 12 bytes, memory-bound",
            (1, 1, 1, 4, 1.0e12, 1.0e12),
        ),
        Case(
            "6x6x6 in 1-byte elements: intensity 432/108 = 4 FLOP/byte is exactly the ridge "
            "(peak 4e12, bandwidth 1e12): both roofs meet, which counts as compute-bound",
            (6, 6, 6, 1, 4.0e12, 1.0e12),
        ),
        Case(
            "matrix-vector product (n=1) of a 4096x4096 bf16 matrix on an H100-like device "
            "(989 TFLOP/s, 3.35 TB/s): about 1 FLOP/byte, memory-bound",
            (4096, 1, 4096, 2, 989.0e12, 3.35e12),
        ),
        Case(
            "8192x8192x8192 in bf16 on an H100-like device (989 TFLOP/s, 3.35 TB/s): about "
            "2731 FLOP/byte, compute-bound",
            (8192, 8192, 8192, 2, 989.0e12, 3.35e12),
        ),
        Case(
            "a tall-skinny product (m=65536, n=64, k=64) in float32: the output write is "
            "half of the traffic",
            (65536, 64, 64, 4, 60.0e12, 2.0e12),
        ),
        Case(
            "a square 448 fp16 product on a 312 TFLOP/s, 2.0 TB/s device: 149 FLOP/byte, just "
            "below the ridge at 156, so memory-bound",
            (448, 448, 448, 2, 312.0e12, 2.0e12),
        ),
        Case(
            "m = 0: an empty product is not allowed, raise ValueError",
            (0, 8, 8, 4, 1e12, 1e11),
            raises="ValueError",
        ),
        Case("k = -3: raise ValueError", (8, 8, -3, 4, 1e12, 1e11), raises="ValueError"),
        Case(
            "bytes_per_element = 0: raise ValueError", (8, 8, 8, 0, 1e12, 1e11), raises="ValueError"
        ),
        Case("peak_flops = 0: raise ValueError", (8, 8, 8, 4, 0.0, 1e11), raises="ValueError"),
        Case(
            "a negative bandwidth: raise ValueError",
            (8, 8, 8, 4, 1e12, -1e11),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Log-uniform sizes from 1 to 16384, an element size of 1, 2, 4 or 8 bytes, and a device
    from 1 to 2000 TFLOP/s and 50 GB/s to 8 TB/s, kept away from the ridge (where the label is
    a tie that rounding could flip)."""
    while True:
        m, n, k = (round(2 ** rng.uniform(0, 14)) for _ in range(3))
        b = int(rng.choice([1, 2, 4, 8]))
        peak = float(10 ** rng.uniform(12, 15.3))
        bandwidth = float(10 ** rng.uniform(10.7, 12.9))
        intensity = 2 * m * n * k / (b * (m * k + k * n + m * n))
        if abs(intensity / (peak / bandwidth) - 1) > 1e-6:
            break
    return Case(
        f"random #{index}: m={m}, n={n}, k={k}, {b}-byte elements, "
        f"{peak / 1e12:.3g} TFLOP/s, {bandwidth / 1e12:.3g} TB/s",
        (m, n, k, b, peak, bandwidth),
    )
