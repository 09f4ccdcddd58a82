"""Mutant: estimates the time as flops / peak_flops, ignoring the memory roof."""


def matmul_roofline(m, n, k, bytes_per_element, peak_flops, bandwidth):
    if min(m, n, k, bytes_per_element) < 1:
        raise ValueError("sizes must be at least 1")
    if not (peak_flops > 0 and bandwidth > 0):
        raise ValueError("rates must be positive")
    flops = 2 * m * n * k
    bytes_moved = bytes_per_element * (m * k + k * n + m * n)
    intensity = flops / bytes_moved
    attainable = min(peak_flops, intensity * bandwidth)
    compute_bound = intensity >= peak_flops / bandwidth
    return flops, bytes_moved, intensity, attainable, flops / peak_flops, compute_bound
