"""Mutant: gives each filter k*k weights, as if it saw only one input channel."""


def conv_vs_dense_parameters(h, w, c_in, c_out, k):
    inputs, outputs = c_in * h * w, c_out * h * w
    return c_out * (k * k + 1), inputs * outputs + outputs
