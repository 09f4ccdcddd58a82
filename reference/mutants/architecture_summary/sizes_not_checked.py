"""Mistake: Never checks that each layer's input size matches the previous layer's output size."""

import numpy as np

GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def architecture_summary(layers):
    params = []
    for layer in layers:
        kind = layer[0]
        if kind == "dense":
            _, n_in, n_out = layer
            count = n_out * n_in + n_out
        elif kind == "conv2d":
            _, c_in, c_out, k, _ = layer
            count = c_out * c_in * k * k + c_out
        elif kind == "maxpool":
            count = 0
        elif kind in GATES:
            _, d, h = layer
            count = GATES[kind] * h * (d + h + 2)
        elif kind == "attention":
            _, d, heads = layer
            if d % heads:
                raise ValueError("heads must divide d_model")
            count = 4 * d * d + 4 * d
        else:
            raise ValueError(f"unknown layer type {kind!r}")
        params.append(count)
    receptive_field, jump = 1, 1
    for layer in layers:
        if layer[0] in ("conv2d", "maxpool"):
            k, s = layer[-2], layer[-1]
            receptive_field += (k - 1) * jump
            jump *= s
    return np.array(params, dtype=np.int64), sum(params), receptive_field, jump
