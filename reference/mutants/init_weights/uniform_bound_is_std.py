"""Mutant: uses the standard deviation as the uniform bound, U(-std, std),
forgetting the factor sqrt(3)."""

import math


def init_weights(noise, fan_in, fan_out, scheme, nonlinearity, negative_slope=0.01):
    gains = {
        "linear": 1.0,
        "sigmoid": 1.0,
        "tanh": 5 / 3,
        "relu": math.sqrt(2),
        "leaky_relu": math.sqrt(2 / (1 + negative_slope**2)),
    }
    if scheme not in ("xavier_uniform", "xavier_normal", "he_uniform", "he_normal"):
        raise ValueError(scheme)
    if nonlinearity not in gains:
        raise ValueError(nonlinearity)
    g = gains[nonlinearity]
    std = (
        g * math.sqrt(2 / (fan_in + fan_out))
        if scheme.startswith("xavier")
        else g * math.sqrt(1 / fan_in)
    )
    if scheme.endswith("uniform"):
        bound = std
        return bound * (2 * noise - 1)
    return std * noise
