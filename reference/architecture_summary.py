"""Reference for `architecture_summary`: the parameters of each layer of a network written as a
list of layer specs (dense, convolutional, pooling, recurrent, attention), as PyTorch builds
them, and the receptive field and jump of its convolution/pooling stack.

Parameter counts (PyTorch's defaults, biases included):

    ("dense", n_in, n_out)             nn.Linear            n_out * n_in + n_out
    ("conv2d", c_in, c_out, k, s)      nn.Conv2d            c_out * c_in * k * k + c_out
    ("maxpool", k, s)                  nn.MaxPool2d         0
    ("rnn", d, h)                      nn.RNN               1 * h * (d + h + 2)
    ("lstm", d, h)                     nn.LSTM              4 * h * (d + h + 2)
    ("gru", d, h)                      nn.GRU               3 * h * (d + h + 2)
    ("attention", d_model, heads)      nn.MultiheadAttention 4 * d_model**2 + 4 * d_model

(the recurrent layers have two bias vectors, b_ih and b_hh, per gate block). The receptive field
of the conv2d/maxpool layers, in order, along one spatial axis: r = 1, j = 1, then per layer
r += (k - 1) * j and j *= s.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

GATE_BLOCKS = {"rnn": 1, "lstm": 4, "gru": 3}
KNOWN = ("dense", "conv2d", "maxpool", "rnn", "lstm", "gru", "attention")


def _sizes(layer: tuple) -> tuple[int, int] | None:
    """(input size, output size) of a layer, or None for a pooling layer (it keeps the size)."""
    kind = layer[0]
    if kind == "maxpool":
        return None
    if kind == "attention":
        return layer[1], layer[1]
    return layer[1], layer[2]


def _parameters(layer: tuple) -> int:
    kind = layer[0]
    if kind == "dense":
        _, n_in, n_out = layer
        return n_out * n_in + n_out
    if kind == "conv2d":
        _, c_in, c_out, k, _stride = layer
        return c_out * c_in * k * k + c_out
    if kind == "maxpool":
        return 0
    if kind in GATE_BLOCKS:
        _, d, h = layer
        return GATE_BLOCKS[kind] * h * (d + h + 2)  # W_ih, W_hh, b_ih, b_hh per gate block
    _, d_model, _heads = layer  # attention: in-projection (q, k, v) and out-projection
    return 3 * d_model * d_model + 3 * d_model + d_model * d_model + d_model


def _check(layers: list) -> None:
    """Unknown types, heads that do not divide d_model, and sizes that do not chain."""
    previous = None  # output size of the nearest earlier layer that has one
    for position, layer in enumerate(layers):
        kind = layer[0]
        if kind not in KNOWN:
            raise ValueError(f"layer {position}: unknown layer type {kind!r}")
        if kind == "attention" and layer[1] % layer[2] != 0:
            raise ValueError(f"layer {position}: {layer[2]} heads do not divide d_model={layer[1]}")
        sizes = _sizes(layer)
        if sizes is None:
            continue
        if previous is not None and sizes[0] != previous:
            raise ValueError(f"layer {position} expects size {sizes[0]}, gets {previous}")
        previous = sizes[1]


def reference(layers: list) -> tuple[np.ndarray, int, int, int]:
    """(parameters per layer, total, receptive field, jump)."""
    _check(layers)
    params = np.array([_parameters(layer) for layer in layers], dtype=np.int64)
    receptive_field, jump = 1, 1
    for layer in layers:
        if layer[0] in ("conv2d", "maxpool"):
            kernel, stride = layer[-2], layer[-1]
            receptive_field += (kernel - 1) * jump
            jump *= stride
    return params, int(params.sum()), receptive_field, jump


def _module(layer: tuple):  # returns a torch module
    import torch
    from torch import nn

    meta = torch.device("meta")
    kind = layer[0]
    if kind == "dense":
        return nn.Linear(layer[1], layer[2], device=meta)
    if kind == "conv2d":
        return nn.Conv2d(layer[1], layer[2], layer[3], stride=layer[4], device=meta)
    if kind == "maxpool":
        return nn.MaxPool2d(layer[1], stride=layer[2])
    if kind == "rnn":
        return nn.RNN(layer[1], layer[2], device=meta)
    if kind == "lstm":
        return nn.LSTM(layer[1], layer[2], device=meta)
    if kind == "gru":
        return nn.GRU(layer[1], layer[2], device=meta)
    try:
        return nn.MultiheadAttention(layer[1], layer[2], device=meta)
    except AssertionError as error:  # "embed_dim must be divisible by num_heads"
        raise ValueError(str(error)) from error


def _probe_receptive_field(spatial: list[tuple[int, int, str]]) -> tuple[int, int]:
    """Receptive field and jump measured with autograd on a 1-D stand-in of the spatial stack:
    all-ones kernels and average pooling (max pooling has the same window, but its gradient
    reaches only the maximum). The input grows until there are two outputs; the span of the
    inputs with a non-zero gradient for output 0 is the receptive field, and the shift of that
    span for output 1 is the jump."""
    import torch
    from torch import nn

    if not spatial:
        return 1, 1
    stack = []
    for kernel, stride, kind in spatial:
        if kind == "conv2d":
            conv = nn.Conv1d(1, 1, kernel, stride=stride, bias=False, dtype=torch.float64)
            nn.init.ones_(conv.weight)
            stack.append(conv)
        else:
            stack.append(nn.AvgPool1d(kernel, stride=stride))
    network = nn.Sequential(*stack)
    length = 1
    while True:
        x = torch.ones(1, 1, length, dtype=torch.float64, requires_grad=True)
        try:
            y = network(x)
        except RuntimeError:  # input smaller than a kernel
            y = None
        if y is not None and y.shape[-1] >= 2:
            break
        length *= 2
    starts = []
    for position in (0, 1):
        (grad,) = torch.autograd.grad(y[0, 0, position], x, retain_graph=True)
        touched = torch.nonzero(grad[0, 0]).flatten()
        starts.append(int(touched[0]))
        if position == 0:
            receptive_field = int(touched[-1] - touched[0]) + 1
    return receptive_field, starts[1] - starts[0]


def oracle(layers: list) -> tuple[np.ndarray, int, int, int]:
    """Build the PyTorch modules (on the meta device: no memory) and count their parameters;
    measure the receptive field and the jump with autograd."""
    previous = None
    params = []
    for position, layer in enumerate(layers):
        if layer[0] not in KNOWN:
            raise ValueError(f"layer {position}: unknown layer type {layer[0]!r}")
        module = _module(layer)
        params.append(sum(p.numel() for p in module.parameters()))
        if layer[0] == "maxpool":
            continue
        expects = layer[1]
        if previous is not None and expects != previous:
            raise ValueError(f"layer {position} expects size {expects}, gets {previous}")
        previous = layer[1] if layer[0] == "attention" else layer[2]
    spatial = [
        (layer[-2], layer[-1], layer[0]) for layer in layers if layer[0] in ("conv2d", "maxpool")
    ]
    receptive_field, jump = _probe_receptive_field(spatial)
    counts = np.array(params, dtype=np.int64)
    return counts, int(counts.sum()), receptive_field, jump


def edge_cases() -> list[Case]:
    """One case per layer type first, then receptive fields, whole networks, and the raises."""

    def case(name: str, layers: list, raises: str | None = None) -> Case:
        return Case(name, (layers,), raises=raises)

    return [
        case(
            "one dense layer 3 -> 2: 3*2 weights + 2 biases, no spatial layers", [("dense", 3, 2)]
        ),
        case(
            "one conv2d 3 -> 8 channels, 3x3 kernel: each filter spans all 3 input channels",
            [("conv2d", 3, 8, 3, 1)],
        ),
        case("one rnn layer d=4 -> h=5: W_ih, W_hh and two bias vectors", [("rnn", 4, 5)]),
        case("one lstm layer d=6 -> h=3: four gate blocks, two biases each", [("lstm", 6, 3)]),
        case("one gru layer d=6 -> h=3: three blocks (reset, update, candidate)", [("gru", 6, 3)]),
        case(
            "attention d_model=8 with 2 heads: q, k, v and output projections, 8x8 each",
            [("attention", 8, 2)],
        ),
        case(
            "attention d_model=16 with 1 head and with 4 heads: the heads split d_model, "
            "the count is the same",
            [("attention", 16, 1), ("attention", 16, 4)],
        ),
        case(
            "two 3x3 convolutions with stride 2: receptive field 7, jump 4",
            [("conv2d", 1, 4, 3, 2), ("conv2d", 4, 4, 3, 2)],
        ),
        case(
            "conv 3x3, max-pool 2 stride 2, conv 3x3: pooling grows the receptive field (8) "
            "and the jump (2)",
            [("conv2d", 1, 2, 3, 1), ("maxpool", 2, 2), ("conv2d", 2, 2, 3, 1)],
        ),
        case(
            "ResNet stem: conv 7x7 stride 2 then max-pool 3x3 stride 2: receptive field 11, jump 4",
            [("conv2d", 3, 64, 7, 2), ("maxpool", 3, 2)],
        ),
        case(
            "a 1x1 convolution with stride 2 under a 3x3 one: receptive field 5, jump 2",
            [("conv2d", 2, 2, 1, 2), ("conv2d", 2, 2, 3, 1)],
        ),
        case(
            "max-pool first (nothing to check it against), then a conv",
            [("maxpool", 2, 2), ("conv2d", 3, 8, 3, 1)],
        ),
        case(
            "small CNN classifier: conv, pool, conv, pool, then a dense layer on the 32 channels",
            [
                ("conv2d", 3, 16, 3, 1),
                ("maxpool", 2, 2),
                ("conv2d", 16, 32, 3, 1),
                ("maxpool", 2, 2),
                ("dense", 32, 10),
            ],
        ),
        case(
            "sequence classifier: lstm 32 -> 64, then a dense layer to 5 classes",
            [("lstm", 32, 64), ("dense", 64, 5)],
        ),
        case(
            "transformer block (no norms): attention 64 with 8 heads, then an MLP 64 -> 256 -> 64",
            [("attention", 64, 8), ("dense", 64, 256), ("dense", 256, 64)],
        ),
        case(
            "stacked recurrent layers: rnn 10 -> 20, gru 20 -> 20, lstm 20 -> 8",
            [("rnn", 10, 20), ("gru", 20, 20), ("lstm", 20, 8)],
        ),
        case(
            "an unknown layer type ('batchnorm'): raise ValueError",
            [("conv2d", 3, 8, 3, 1), ("batchnorm", 8)],
            "ValueError",
        ),
        case(
            "sizes do not chain (dense 3 -> 4, then dense 5 -> 2): raise ValueError",
            [("dense", 3, 4), ("dense", 5, 2)],
            "ValueError",
        ),
        case(
            "channels do not chain across a max-pool (8 channels, then a conv expecting 16): "
            "raise ValueError",
            [("conv2d", 3, 8, 3, 1), ("maxpool", 2, 2), ("conv2d", 16, 32, 3, 1)],
            "ValueError",
        ),
        case(
            "3 heads do not divide d_model = 10: raise ValueError",
            [("attention", 10, 3)],
            "ValueError",
        ),
    ]


def _random_cnn(rng: np.random.Generator) -> list:
    layers, channels = [], int(rng.choice([1, 3]))
    for depth in range(int(rng.integers(1, 5))):
        if depth > 0 and rng.random() < 0.3:
            layers.append(("maxpool", int(rng.integers(2, 4)), int(rng.integers(1, 3))))
        else:
            out = int(rng.choice([4, 8, 16, 32, 64]))
            kernel, stride = int(rng.choice([1, 3, 5, 7])), int(rng.integers(1, 4))
            layers.append(("conv2d", channels, out, kernel, stride))
            channels = out
    layers.append(("dense", channels, int(rng.integers(2, 11))))
    return layers


def _random_sequence(rng: np.random.Generator) -> list:
    layers, size = [], int(rng.integers(2, 65))
    for _ in range(int(rng.integers(1, 4))):
        kind = str(rng.choice(["rnn", "lstm", "gru"]))
        hidden = int(rng.integers(2, 129))
        layers.append((kind, size, hidden))
        size = hidden
    layers.append(("dense", size, int(rng.integers(2, 21))))
    return layers


def _random_transformer(rng: np.random.Generator) -> list:
    heads = int(rng.choice([1, 2, 4, 8]))
    d_model = heads * int(rng.choice([4, 8, 16, 32]))
    hidden = 4 * d_model
    layers = []
    for _ in range(int(rng.integers(1, 3))):
        layers += [
            ("attention", d_model, heads),
            ("dense", d_model, hidden),
            ("dense", hidden, d_model),
        ]
    return layers


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random CNN, recurrent or transformer-like stack, in turn."""
    family = ("cnn", "recurrent", "transformer")[index % 3]
    build = {"cnn": _random_cnn, "recurrent": _random_sequence, "transformer": _random_transformer}
    layers = build[family](rng)
    kinds = ", ".join(layer[0] for layer in layers)
    return Case(f"random {family} #{index} ({len(layers)} layers: {kinds})", (layers,))
