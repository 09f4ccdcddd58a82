"""Alternative solution: count the window positions directly instead of using the formula."""


def _pair(value):
    if isinstance(value, (tuple, list)):
        return tuple(int(v) for v in value)
    return int(value), int(value)


def conv2d_output_shape(input_size, kernel_size, stride=1, padding=0, dilation=1):
    if padding == "same":
        if _pair(stride) != (1, 1):
            raise ValueError("padding='same' needs stride 1")
        return _pair(input_size)
    if padding == "valid":
        padding = 0
    result = []
    for n, k, s, p, d in zip(
        _pair(input_size),
        _pair(kernel_size),
        _pair(stride),
        _pair(padding),
        _pair(dilation),
        strict=True,
    ):
        last_tap = d * (k - 1)  # offset of the kernel's last tap from its first
        starts = range(0, n + 2 * p - last_tap, s)  # first taps whose last tap is inside
        if len(starts) == 0:
            raise ValueError("the kernel does not fit in the padded input")
        result.append(len(starts))
    return tuple(result)
