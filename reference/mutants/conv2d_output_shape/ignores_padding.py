"""Mutant: ignores numeric padding: (n - d(k-1) - 1) // s + 1."""


def _pair(value):
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def conv2d_output_shape(input_size, kernel_size, stride=1, padding=0, dilation=1):
    sizes, kernels, strides, dilations = map(_pair, (input_size, kernel_size, stride, dilation))
    if padding == "same":
        if strides != (1, 1):
            raise ValueError("padding='same' is not supported for strided convolutions")
        return sizes
    out = []
    for n, k, s, d in zip(sizes, kernels, strides, dilations):
        if n < d * (k - 1) + 1:
            raise ValueError("kernel larger than the input")
        out.append((n - d * (k - 1) - 1) // s + 1)
    return tuple(out)
