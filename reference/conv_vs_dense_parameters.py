"""Reference for `conv_vs_dense_parameters`: the parameters of a k x k convolution and of the
dense layer that computes an output of the same size from the whole image."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(h: int, w: int, c_in: int, c_out: int, k: int) -> tuple[int, int]:
    """Conv2d(c_in, c_out, k, padding="same") and Linear(c_in*h*w, c_out*h*w), with biases."""
    conv = c_out * (c_in * k * k + 1)  # one k x k x c_in filter and one bias per output channel
    inputs, outputs = c_in * h * w, c_out * h * w
    dense = inputs * outputs + outputs  # every output unit sees every input value
    return conv, dense


def oracle(h: int, w: int, c_in: int, c_out: int, k: int) -> tuple[int, int]:
    """Count the parameters of the real PyTorch layers, built on the meta device (no memory)."""
    import warnings

    import torch
    from torch import nn

    meta = torch.device("meta")
    conv = nn.Conv2d(c_in, c_out, k, padding="same", device=meta)
    dense = nn.Linear(c_in * h * w, c_out * h * w, device=meta)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an even kernel with "same" warns about a padded copy
        shape = conv(torch.empty(1, c_in, h, w, device=meta)).shape
    assert shape[1:].numel() == dense.out_features  # the two layers give outputs of one size
    return (
        sum(p.numel() for p in conv.parameters()),
        sum(p.numel() for p in dense.parameters()),
    )


def edge_cases() -> list[Case]:
    """Fixed cases: the classic image sizes, 1x1 kernels, one channel, non-square images."""
    return [
        Case("CIFAR-10: 32x32 RGB, 3x3 conv to 64 channels", (32, 32, 3, 64, 3)),
        Case("MNIST: 28x28 grayscale (c_in = 1), 5x5 conv to 32 channels", (28, 28, 1, 32, 5)),
        Case(
            "ImageNet: 224x224 RGB, 7x7 conv to 64 channels (the dense layer is huge)",
            (224, 224, 3, 64, 7),
        ),
        Case("1x1 convolution (k = 1) mixing 256 channels into 64", (14, 14, 256, 64, 1)),
        Case("a single pixel (h = w = 1), 3x3 conv, 16 -> 8 channels", (1, 1, 16, 8, 3)),
        Case("non-square image 20x12, c_in != c_out (5 -> 7), k = 3", (20, 12, 5, 7, 3)),
        Case("even kernel k = 4 with 'same' padding, 16x16, 2 -> 3", (16, 16, 2, 3, 4)),
        Case("one channel in and out: 8x8, k = 3", (8, 8, 1, 1, 3)),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random image size, channels and kernel size."""
    h, w = (int(v) for v in rng.integers(1, 129, size=2))
    c_in = int(rng.choice([1, 2, 3, 8, 16, 32, 64, 128]))
    c_out = int(rng.choice([1, 4, 16, 32, 64, 256]))
    k = int(rng.choice([1, 2, 3, 5, 7]))
    return Case(
        f"random layer #{index} ({h}x{w}x{c_in} -> {c_out} channels, k={k})", (h, w, c_in, c_out, k)
    )
