"""Alternative solution: tensors in and out, the gain from torch.nn.init.calculate_gain."""

import math

import torch


def init_weights(noise, fan_in, fan_out, scheme, nonlinearity, negative_slope=0.01):
    family, _, distribution = scheme.partition("_")
    if family not in ("xavier", "he") or distribution not in ("uniform", "normal"):
        raise ValueError(f"unknown scheme {scheme!r}")
    gain = torch.nn.init.calculate_gain(nonlinearity, negative_slope)  # ValueError if unknown
    fan = (fan_in + fan_out) / 2 if family == "xavier" else fan_in
    std = gain / math.sqrt(fan)
    if distribution == "uniform":
        return torch.lerp(torch.full_like(noise, -1.0), torch.ones_like(noise), noise) * (
            math.sqrt(3) * std
        )
    return noise * std
