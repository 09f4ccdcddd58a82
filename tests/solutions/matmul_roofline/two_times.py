"""Alternative solution: the two roofs as two times, compute time and memory time; the slower
one is the estimate and tells the bound (a tie counts as compute-bound)."""


def matmul_roofline(m, n, k, bytes_per_element, peak_flops, bandwidth):
    if m < 1 or n < 1 or k < 1 or bytes_per_element < 1:
        raise ValueError("m, n, k and bytes_per_element must be at least 1")
    if peak_flops <= 0 or bandwidth <= 0:
        raise ValueError("peak_flops and bandwidth must be positive")
    flops = 2 * m * n * k
    bytes_moved = (m * k + k * n + m * n) * bytes_per_element
    compute_time = flops / peak_flops
    memory_time = bytes_moved / bandwidth
    time = max(compute_time, memory_time)
    compute_bound = memory_time <= compute_time
    return flops, bytes_moved, flops / bytes_moved, flops / time, time, compute_bound
