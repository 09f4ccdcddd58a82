"""Mutant: puts the odd pixel of the total padding on the left instead of the right."""


def same_padding(kernel, stride=1, dilation=1, input_size=None):
    if kernel < 1 or stride < 1 or dilation < 1 or (input_size is not None and input_size < 1):
        raise ValueError("arguments must be positive")
    span = dilation * (kernel - 1) + 1
    if stride == 1:
        total = span - 1
    elif input_size is None:
        raise ValueError("a strided 'same' padding needs the input size")
    else:
        total = max((-(-input_size // stride) - 1) * stride + span - input_size, 0)
    right = total // 2
    return total - right, right
