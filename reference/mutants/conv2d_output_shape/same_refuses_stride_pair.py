"""Mutant: padding="same" compares the stride argument itself with 1, so the pair (1, 1)
is refused with ValueError although both strides are 1."""


def _pair(value):
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def conv2d_output_shape(input_size, kernel_size, stride=1, padding=0, dilation=1):
    if padding == "same":
        if stride != 1:
            raise ValueError("padding='same' needs stride 1")
        return _pair(input_size)
    sizes, kernels, strides, dilations = map(_pair, (input_size, kernel_size, stride, dilation))
    paddings = (0, 0) if padding == "valid" else _pair(padding)
    out = []
    for n, k, s, p, d in zip(sizes, kernels, strides, paddings, dilations):
        if n + 2 * p < d * (k - 1) + 1:
            raise ValueError("the dilated kernel does not fit in the padded input")
        out.append((n + 2 * p - d * (k - 1) - 1) // s + 1)
    return tuple(out)
