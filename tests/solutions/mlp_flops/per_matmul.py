"""Alternative solution: count every matrix product of the forward and backward passes, the way
a FLOP counter sees them: (M, K) @ (K, N) costs 2 * M * K * N."""

import itertools


def matmul_flops(m, k, n):
    return 2 * m * k * n


def mlp_flops(layer_sizes, batch=1, training=False):
    if len(layer_sizes) < 2:
        raise ValueError("an MLP needs an input size and at least one layer")
    if batch < 1 or any(size < 1 for size in layer_sizes):
        raise ValueError("sizes and batch must be >= 1")
    total = 0
    for index, (n_in, n_out) in enumerate(itertools.pairwise(layer_sizes)):
        total += matmul_flops(batch, n_in, n_out)  # Y = X @ W.T
        if training:
            total += matmul_flops(n_out, batch, n_in)  # dW = dY.T @ X
            if index > 0:
                total += matmul_flops(batch, n_out, n_in)  # dX = dY @ W
    return total
