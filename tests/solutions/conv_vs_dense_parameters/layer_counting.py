"""Alternative solution: count weight-tensor shapes and bias vectors, as a parameter summary
table would list them."""

import math


def conv_vs_dense_parameters(h, w, c_in, c_out, k):
    conv_shapes = [(c_out, c_in, k, k), (c_out,)]
    dense_shapes = [(c_out * h * w, c_in * h * w), (c_out * h * w,)]
    return sum(math.prod(s) for s in conv_shapes), sum(math.prod(s) for s in dense_shapes)
