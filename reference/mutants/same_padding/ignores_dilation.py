"""Mutant: uses the kernel size k where the dilated extent d(k - 1) + 1 belongs."""


def same_padding(kernel, stride=1, dilation=1, input_size=None):
    if kernel < 1 or stride < 1 or dilation < 1 or (input_size is not None and input_size < 1):
        raise ValueError("arguments must be positive")
    if stride == 1:
        total = kernel - 1
    elif input_size is None:
        raise ValueError("a strided 'same' padding needs the input size")
    else:
        total = max((-(-input_size // stride) - 1) * stride + kernel - input_size, 0)
    return total // 2, total - total // 2
