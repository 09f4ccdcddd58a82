"""Alternative solution: build each layer as a PyTorch module on the meta device and count its
parameters; the receptive field walks the spatial layers from the output back to the input."""

import torch
from torch import nn

META = torch.device("meta")


def _module(layer):
    kind, *args = layer
    if kind == "dense":
        return nn.Linear(*args, device=META)
    if kind == "conv2d":
        c_in, c_out, k, s = args
        return nn.Conv2d(c_in, c_out, k, stride=s, device=META)
    if kind == "maxpool":
        return nn.MaxPool2d(*args)
    if kind in ("rnn", "lstm", "gru"):
        return {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind](*args, device=META)
    if kind == "attention":
        d_model, heads = args
        if d_model % heads != 0:
            raise ValueError(f"{heads} heads do not divide {d_model}")
        return nn.MultiheadAttention(d_model, heads, device=META)
    raise ValueError(f"unknown layer type {kind!r}")


def architecture_summary(layers):
    counts, previous = [], None
    for layer in layers:
        counts.append(sum(p.numel() for p in _module(layer).parameters()))
        if layer[0] != "maxpool":
            if previous is not None and layer[1] != previous:
                raise ValueError(f"{layer} does not take {previous} features")
            previous = layer[1] if layer[0] == "attention" else layer[2]
    spatial = [layer[-2:] for layer in layers if layer[0] in ("conv2d", "maxpool")]
    receptive_field, jump = 1, 1
    for k, s in reversed(spatial):  # one output of the top layer, traced down to the input
        receptive_field = (receptive_field - 1) * s + k
        jump *= s
    params = torch.tensor(counts, dtype=torch.int64)
    return params, int(params.sum()), receptive_field, jump
