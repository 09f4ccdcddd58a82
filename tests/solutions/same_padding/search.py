"""Alternative solution: try totals 0, 1, 2, ... until the convolution gives the wanted number
of outputs, using the output-size formula floor((n + p - span) / s) + 1."""


def same_padding(kernel, stride=1, dilation=1, input_size=None):
    if kernel < 1 or stride < 1 or dilation < 1 or (input_size is not None and input_size < 1):
        raise ValueError("kernel, stride, dilation and input_size must be positive")
    if stride > 1 and input_size is None:
        raise ValueError("'same' padding with a stride needs the input size")
    span = dilation * (kernel - 1) + 1
    n = input_size if input_size is not None else span  # any size works at stride 1
    wanted = n if stride == 1 else -(-n // stride)
    total = 0
    while n + total < span or (n + total - span) // stride + 1 != wanted:
        total += 1
    left = total // 2
    return left, total - left
