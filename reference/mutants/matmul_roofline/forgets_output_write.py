"""Mutant: counts only the reads of A and B, not the write of C."""


def matmul_roofline(m, n, k, bytes_per_element, peak_flops, bandwidth):
    if min(m, n, k, bytes_per_element) < 1:
        raise ValueError("sizes must be at least 1")
    if not (peak_flops > 0 and bandwidth > 0):
        raise ValueError("rates must be positive")
    flops = 2 * m * n * k
    bytes_moved = bytes_per_element * (m * k + k * n)  # C is written too
    intensity = flops / bytes_moved
    attainable = min(peak_flops, intensity * bandwidth)
    compute_bound = intensity >= peak_flops / bandwidth
    return flops, bytes_moved, intensity, attainable, flops / attainable, compute_bound
