"""Mutant: never checks the sizes, so m, n, k or bytes_per_element below 1 give a result (or a
division by zero) instead of ValueError."""


def matmul_roofline(m, n, k, bytes_per_element, peak_flops, bandwidth):
    if not (peak_flops > 0 and bandwidth > 0):
        raise ValueError("rates must be positive")
    flops = 2 * m * n * k
    bytes_moved = bytes_per_element * (m * k + k * n + m * n)
    intensity = flops / bytes_moved
    attainable = min(peak_flops, intensity * bandwidth)
    time = max(flops / peak_flops, bytes_moved / bandwidth)
    compute_bound = intensity >= peak_flops / bandwidth
    return flops, bytes_moved, intensity, attainable, time, compute_bound
