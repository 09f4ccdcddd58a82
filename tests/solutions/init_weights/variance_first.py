"""Alternative solution: NumPy, reasoning from the target variance (Var(W) = gain^2 / fan)."""

import numpy as np

GAIN_SQUARED = {"linear": 1.0, "sigmoid": 1.0, "tanh": 25.0 / 9.0, "relu": 2.0}


def init_weights(noise, fan_in, fan_out, scheme, nonlinearity, negative_slope=0.01):
    if nonlinearity == "leaky_relu":
        gain_squared = 2.0 / (1.0 + negative_slope**2)
    elif nonlinearity in GAIN_SQUARED:
        gain_squared = GAIN_SQUARED[nonlinearity]
    else:
        raise ValueError(f"unsupported nonlinearity {nonlinearity!r}")
    fans = {"xavier": (fan_in + fan_out) / 2.0, "he": float(fan_in)}
    family, _, distribution = scheme.partition("_")
    if family not in fans or distribution not in ("uniform", "normal"):
        raise ValueError(f"unknown scheme {scheme!r}")
    variance = gain_squared / fans[family]
    if distribution == "uniform":  # U(-a, a) has variance a^2 / 3
        return np.sqrt(3.0 * variance) * (2.0 * noise - 1.0)
    return np.sqrt(variance) * noise
