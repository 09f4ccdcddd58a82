"""Mutant: pads d(k - 1) whatever the stride, the stride-1 rule (no input size needed)."""


def same_padding(kernel, stride=1, dilation=1, input_size=None):
    if kernel < 1 or stride < 1 or dilation < 1 or (input_size is not None and input_size < 1):
        raise ValueError("arguments must be positive")
    total = dilation * (kernel - 1)
    return total // 2, total - total // 2
