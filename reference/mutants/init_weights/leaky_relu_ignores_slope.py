"""Mutant: leaky ReLU gets ReLU's gain sqrt(2), whatever negative_slope is."""

import math


def init_weights(noise, fan_in, fan_out, scheme, nonlinearity, negative_slope=0.01):
    gains = {
        "linear": 1.0,
        "sigmoid": 1.0,
        "tanh": 5 / 3,
        "relu": math.sqrt(2),
        "leaky_relu": math.sqrt(2),
    }
    if scheme not in ("xavier_uniform", "xavier_normal", "he_uniform", "he_normal"):
        raise ValueError(scheme)
    if nonlinearity not in gains:
        raise ValueError(nonlinearity)
    g = gains[nonlinearity]
    if scheme.startswith("xavier"):
        std = g * math.sqrt(2 / (fan_in + fan_out))
    else:
        std = g * math.sqrt(1 / fan_in)
    if scheme.endswith("uniform"):
        return math.sqrt(3) * std * (2 * noise - 1)
    return std * noise
