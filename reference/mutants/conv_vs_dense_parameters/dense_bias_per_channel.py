"""Mutant: gives the dense layer one bias per output channel (c_out) instead of one per output
unit (c_out * h * w)."""


def conv_vs_dense_parameters(h, w, c_in, c_out, k):
    inputs, outputs = c_in * h * w, c_out * h * w
    return c_out * (c_in * k * k + 1), inputs * outputs + c_out
