"""Mutant: an unknown nonlinearity gets gain 1 (dict.get with a default) instead of a
ValueError."""

import math


def init_weights(noise, fan_in, fan_out, scheme, nonlinearity, negative_slope=0.01):
    gains = {
        "tanh": 5 / 3,
        "relu": math.sqrt(2),
        "leaky_relu": math.sqrt(2 / (1 + negative_slope**2)),
    }
    if scheme not in ("xavier_uniform", "xavier_normal", "he_uniform", "he_normal"):
        raise ValueError(scheme)
    g = gains.get(nonlinearity, 1.0)
    if scheme.startswith("xavier"):
        std = g * math.sqrt(2 / (fan_in + fan_out))
    else:
        std = g * math.sqrt(1 / fan_in)
    if scheme.endswith("uniform"):
        return math.sqrt(3) * std * (2 * noise - 1)
    return std * noise
