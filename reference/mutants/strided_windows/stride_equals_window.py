"""Mutant: ignores `stride` and cuts the input into non-overlapping chunks of `window`."""


def strided_windows(x, window, stride):
    if window > len(x):
        raise ValueError("window longer than the input")
    count = len(x) // window
    return x[: count * window].reshape(count, window)
