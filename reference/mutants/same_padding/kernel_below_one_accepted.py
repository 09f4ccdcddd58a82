"""Mutant: never checks the kernel size, so kernel = 0 gives a padding of -1."""


def same_padding(kernel, stride=1, dilation=1, input_size=None):
    if stride < 1 or dilation < 1 or (input_size is not None and input_size < 1):
        raise ValueError("arguments must be positive")
    span = dilation * (kernel - 1) + 1
    if stride > 1:
        if input_size is None:
            raise ValueError("a stride needs input_size")
        outputs = -(-input_size // stride)
        total = max((outputs - 1) * stride + span - input_size, 0)
    else:
        total = span - 1
    return total // 2, total - total // 2
