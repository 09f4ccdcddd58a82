"""Mutant: never checks peak_flops and bandwidth, so a zero or negative rate gives a result
(or a division by zero) instead of ValueError."""


def matmul_roofline(m, n, k, bytes_per_element, peak_flops, bandwidth):
    if min(m, n, k, bytes_per_element) < 1:
        raise ValueError("sizes must be at least 1")
    flops = 2 * m * n * k
    bytes_moved = bytes_per_element * (m * k + k * n + m * n)
    intensity = flops / bytes_moved
    attainable = min(peak_flops, intensity * bandwidth)
    time = max(flops / peak_flops, bytes_moved / bandwidth)
    compute_bound = intensity >= peak_flops / bandwidth
    return flops, bytes_moved, intensity, attainable, time, compute_bound
