"""Mutant: follows TensorFlow's strided "SAME", ceil(n / s), where PyTorch raises ValueError."""


def _pair(value):
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def conv2d_output_shape(input_size, kernel_size, stride=1, padding=0, dilation=1):
    sizes, kernels, strides, dilations = map(_pair, (input_size, kernel_size, stride, dilation))
    if padding == "same":
        return tuple(-(-n // s) for n, s in zip(sizes, strides))
    paddings = (0, 0) if padding == "valid" else _pair(padding)
    out = []
    for n, k, s, p, d in zip(sizes, kernels, strides, paddings, dilations):
        if n + 2 * p < d * (k - 1) + 1:
            raise ValueError("kernel larger than the padded input")
        out.append((n + 2 * p - d * (k - 1) - 1) // s + 1)
    return tuple(out)
