"""Mutant: pads kernel // 2 on each side (ignoring evenness and dilation), at any stride."""


def same_padding(kernel, stride=1, dilation=1, input_size=None):
    if kernel < 1 or stride < 1 or dilation < 1 or (input_size is not None and input_size < 1):
        raise ValueError("arguments must be positive")
    if stride > 1 and input_size is None:
        raise ValueError("a strided 'same' padding needs the input size")
    return kernel // 2, kernel // 2
