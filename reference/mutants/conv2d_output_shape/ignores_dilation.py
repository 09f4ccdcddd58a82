"""Mutant: ignores dilation, as if the kernel covered only k pixels instead of d(k-1)+1."""


def _pair(value):
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def conv2d_output_shape(input_size, kernel_size, stride=1, padding=0, dilation=1):
    sizes, kernels, strides = map(_pair, (input_size, kernel_size, stride))
    if padding == "same":
        if strides != (1, 1):
            raise ValueError("padding='same' is not supported for strided convolutions")
        return sizes
    paddings = (0, 0) if padding == "valid" else _pair(padding)
    out = []
    for n, k, s, p in zip(sizes, kernels, strides, paddings):
        if n + 2 * p < k:
            raise ValueError("kernel larger than the padded input")
        out.append((n + 2 * p - k) // s + 1)
    return tuple(out)
