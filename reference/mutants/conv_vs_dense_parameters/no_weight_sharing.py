"""Mutant: counts a separate filter at every output position (a locally connected layer),
i.e. forgets that a convolution shares one filter across all positions."""


def conv_vs_dense_parameters(h, w, c_in, c_out, k):
    inputs, outputs = c_in * h * w, c_out * h * w
    return h * w * c_out * (c_in * k * k + 1), inputs * outputs + outputs
