"""Mutant: padding="same" checks the height's stride only, so a stride of 1 in height
and 2 in width returns the input size instead of raising ValueError."""


def _pair(value):
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def conv2d_output_shape(input_size, kernel_size, stride=1, padding=0, dilation=1):
    sizes, kernels, strides, dilations = map(_pair, (input_size, kernel_size, stride, dilation))
    if padding == "same":
        if strides[0] != 1:
            raise ValueError("padding='same' needs stride 1")
        return sizes
    paddings = (0, 0) if padding == "valid" else _pair(padding)
    out = []
    for n, k, s, p, d in zip(sizes, kernels, strides, paddings, dilations):
        if n + 2 * p < d * (k - 1) + 1:
            raise ValueError("the dilated kernel does not fit in the padded input")
        out.append((n + 2 * p - d * (k - 1) - 1) // s + 1)
    return tuple(out)
