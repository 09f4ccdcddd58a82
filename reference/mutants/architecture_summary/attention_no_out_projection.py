"""Mistake: Counts only the query, key and value projections of multi-head attention, not the
output projection."""

import numpy as np

GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def architecture_summary(layers):
    params = []
    previous = None
    for layer in layers:
        kind = layer[0]
        if kind == "dense":
            _, n_in, n_out = layer
            count, sizes = n_out * n_in + n_out, (n_in, n_out)
        elif kind == "conv2d":
            _, c_in, c_out, k, _ = layer
            count, sizes = c_out * c_in * k * k + c_out, (c_in, c_out)
        elif kind == "maxpool":
            count, sizes = 0, None
        elif kind in GATES:
            _, d, h = layer
            count, sizes = GATES[kind] * h * (d + h + 2), (d, h)
        elif kind == "attention":
            _, d, heads = layer
            if d % heads:
                raise ValueError("heads must divide d_model")
            count, sizes = 3 * d * d + 3 * d, (d, d)
        else:
            raise ValueError(f"unknown layer type {kind!r}")
        if sizes is not None:
            if previous is not None and sizes[0] != previous:
                raise ValueError("sizes do not chain")
            previous = sizes[1]
        params.append(count)
    receptive_field, jump = 1, 1
    for layer in layers:
        if layer[0] in ("conv2d", "maxpool"):
            k, s = layer[-2], layer[-1]
            receptive_field += (k - 1) * jump
            jump *= s
    return np.array(params, dtype=np.int64), sum(params), receptive_field, jump
