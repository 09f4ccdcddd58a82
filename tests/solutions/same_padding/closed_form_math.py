"""Alternative solution: TensorFlow's rule with math.ceil (as timm's get_same_padding writes it);
at stride 1 it reduces to d(k - 1)."""

import math


def same_padding(kernel, stride=1, dilation=1, input_size=None):
    if min(kernel, stride, dilation) < 1 or (input_size is not None and input_size < 1):
        raise ValueError("kernel, stride, dilation and input_size must be positive")
    if stride > 1 and input_size is None:
        raise ValueError("'same' padding with a stride needs the input size")
    n = input_size if input_size is not None else 1  # at stride 1 the result does not depend on n
    total = max((math.ceil(n / stride) - 1) * stride + (kernel - 1) * dilation + 1 - n, 0)
    return total // 2, total - total // 2
