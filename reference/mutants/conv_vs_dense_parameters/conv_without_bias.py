"""Mutant: counts the convolution's weights but forgets its c_out biases."""


def conv_vs_dense_parameters(h, w, c_in, c_out, k):
    inputs, outputs = c_in * h * w, c_out * h * w
    return c_out * c_in * k * k, inputs * outputs + outputs
