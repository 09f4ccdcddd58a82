"""Mutant: an off-by-one loop that never counts the output layer."""


def count_parameters(layer_sizes, bias=True):
    total = 0
    for i in range(len(layer_sizes) - 2):
        total += layer_sizes[i] * layer_sizes[i + 1] + (layer_sizes[i + 1] if bias else 0)
    return total
