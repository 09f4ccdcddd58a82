"""Reference for `init_weights`: Xavier/Glorot and He/Kaiming initialisation, as
torch.nn.init computes them, applied to noise the grader passes in (so grading is
deterministic).

    gain:     linear, sigmoid 1; tanh 5/3; relu sqrt(2); leaky_relu sqrt(2 / (1 + slope^2))
    xavier:   std = gain * sqrt(2 / (fan_in + fan_out))
    he:       std = gain * sqrt(1 / fan_in)                 (torch's mode="fan_in")
    uniform:  U(-bound, bound), bound = sqrt(3) * std       from u in [0, 1): bound * (2u - 1)
    normal:   N(0, std^2)                                   from z ~ N(0, 1): std * z
"""

from __future__ import annotations

import math

import numpy as np

from quizprep.grading.cases import Case

SCHEMES = ("xavier_uniform", "xavier_normal", "he_uniform", "he_normal")


def gain(nonlinearity: str, negative_slope: float = 0.01) -> float:
    """The recommended gain of torch.nn.init.calculate_gain."""
    if nonlinearity in ("linear", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        return math.sqrt(2.0 / (1.0 + negative_slope**2))
    raise ValueError(f"unsupported nonlinearity {nonlinearity!r}")


def reference(
    noise: np.ndarray,
    fan_in: int,
    fan_out: int,
    scheme: str,
    nonlinearity: str,
    negative_slope: float = 0.01,
) -> np.ndarray:
    """Weights of noise's shape: uniform schemes map u in [0, 1) to U(-bound, bound), normal
    schemes scale standard-normal z by std."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}")
    g = gain(nonlinearity, negative_slope)
    if scheme.startswith("xavier"):
        std = g * math.sqrt(2.0 / (fan_in + fan_out))  # Glorot: average of the two fans
    else:
        std = g * math.sqrt(1.0 / fan_in)  # He: fan_in, the variance of the forward pass
    if scheme.endswith("uniform"):
        bound = math.sqrt(3.0) * std  # U(-a, a) has variance a^2 / 3
        return bound * (2.0 * noise - 1.0)
    return std * noise


def oracle(
    noise: np.ndarray,
    fan_in: int,
    fan_out: int,
    scheme: str,
    nonlinearity: str,
    negative_slope: float = 0.01,
) -> np.ndarray:
    """torch.nn.init's own functions, read off exactly: run the init on a (fan_out, fan_in)
    probe with a seeded generator, divide by the generator's raw draws to get its std (normal)
    or bound (uniform), and apply that to the noise."""
    import torch

    init = {
        "xavier_uniform": lambda t, g: torch.nn.init.xavier_uniform_(
            t, gain=torch.nn.init.calculate_gain(nonlinearity, negative_slope), generator=g
        ),
        "xavier_normal": lambda t, g: torch.nn.init.xavier_normal_(
            t, gain=torch.nn.init.calculate_gain(nonlinearity, negative_slope), generator=g
        ),
        "he_uniform": lambda t, g: torch.nn.init.kaiming_uniform_(
            t, a=negative_slope, mode="fan_in", nonlinearity=nonlinearity, generator=g
        ),
        "he_normal": lambda t, g: torch.nn.init.kaiming_normal_(
            t, a=negative_slope, mode="fan_in", nonlinearity=nonlinearity, generator=g
        ),
    }
    if scheme not in init:
        raise ValueError(f"unknown scheme {scheme!r}")
    probe = torch.empty(fan_out, fan_in, dtype=torch.float64)
    init[scheme](probe, torch.Generator().manual_seed(0))
    raw_draw = torch.rand if scheme.endswith("uniform") else torch.randn
    raw = raw_draw(fan_out, fan_in, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    if scheme.endswith("uniform"):  # probe = -bound + 2 * bound * raw
        i = int(torch.argmax(torch.abs(2 * raw - 1)))
        bound = float(probe.flatten()[i] / (2 * raw.flatten()[i] - 1))
        return (bound * (2 * torch.from_numpy(noise) - 1)).numpy()
    i = int(torch.argmax(torch.abs(raw)))
    std = float(probe.flatten()[i] / raw.flatten()[i])
    return (std * torch.from_numpy(noise)).numpy()


def _uniform(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random(shape)


def _normal(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape)


def edge_cases() -> list[Case]:
    """Fixed cases: each scheme, each gain, fans that differ (so fan_in, fan_out and their
    average give different numbers), a conv kernel, and the inputs to refuse."""
    corners = np.array([[0.0, 0.5, 0.75], [0.25, 1.0 - 1e-12, 0.1]])  # -bound, 0, bound/2, ...
    return [
        Case(
            "he_normal, relu, z = 1 everywhere, fan_in=2: every weight is the std, sqrt(2/2) = 1",
            (np.ones((3, 2)), 2, 3, "he_normal", "relu"),
        ),
        Case(
            "he_uniform, linear, u = 0 everywhere, fan_in=3: every weight is -bound = -1",
            (np.zeros((2, 3)), 3, 2, "he_uniform", "linear"),
        ),
        Case(
            "xavier_uniform, linear, fan_in=3, fan_out=2: u=0 -> -sqrt(6/5), u=0.5 -> 0",
            (corners, 3, 2, "xavier_uniform", "linear"),
        ),
        Case(
            "xavier_uniform with fan_in=400, fan_out=100: the bound uses fan_in + fan_out",
            (_uniform((100, 400), 1), 400, 100, "xavier_uniform", "sigmoid"),
        ),
        Case(
            "xavier_normal, tanh: gain 5/3, std = 5/3 * sqrt(2/(fan_in + fan_out))",
            (_normal((6, 10), 2), 10, 6, "xavier_normal", "tanh"),
        ),
        Case(
            "he_normal, relu, fan_in=8, fan_out=4: std = sqrt(2/fan_in) = 0.5",
            (_normal((4, 8), 3), 8, 4, "he_normal", "relu"),
        ),
        Case(
            "he_uniform, relu, fan_in=50: bound = sqrt(6/fan_in) (sqrt(3) times the std)",
            (_uniform((20, 50), 4), 50, 20, "he_uniform", "relu"),
        ),
        Case(
            "he_normal, leaky_relu with negative_slope=0.2: gain sqrt(2/(1 + 0.2^2))",
            (_normal((5, 12), 5), 12, 5, "he_normal", "leaky_relu"),
            {"negative_slope": 0.2},
        ),
        Case(
            "he_normal, linear: gain 1, std = sqrt(1/fan_in) (LeCun normal)",
            (_normal((3, 9), 6), 9, 3, "he_normal", "linear"),
        ),
        Case(
            "conv kernel (16, 8, 3, 3), he_uniform relu: fan_in = 8*3*3 = 72, fan_out = 144",
            (_uniform((16, 8, 3, 3), 7), 72, 144, "he_uniform", "relu"),
        ),
        Case(
            "conv kernel (4, 2, 5, 5), xavier_uniform relu: fans 50 and 100, gain sqrt(2)",
            (_uniform((4, 2, 5, 5), 8), 50, 100, "xavier_uniform", "relu"),
        ),
        Case(
            "xavier_uniform, leaky_relu with the default negative_slope=0.01",
            (_uniform((7, 11), 11), 11, 7, "xavier_uniform", "leaky_relu"),
        ),
        Case(
            "unknown scheme 'orthogonal': raise ValueError",
            (_uniform((2, 2), 9), 2, 2, "orthogonal", "linear"),
            raises="ValueError",
        ),
        Case(
            "unknown nonlinearity 'swish': raise ValueError",
            (_normal((2, 2), 10), 2, 2, "he_normal", "swish"),
            raises="ValueError",
        ),
        Case(
            "unknown nonlinearity 'gelu' with a Xavier scheme: raise ValueError",
            (_uniform((3, 2), 12), 2, 3, "xavier_uniform", "gelu"),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random layer (dense or conv), scheme and nonlinearity, with matching noise."""
    scheme = str(rng.choice(SCHEMES))
    nonlinearity = str(rng.choice(["linear", "sigmoid", "tanh", "relu", "leaky_relu"]))
    if rng.random() < 0.6:
        fan_in, fan_out = (int(n) for n in rng.integers(1, 300, size=2))
        shape: tuple[int, ...] = (fan_out, fan_in)
    else:
        out_c, in_c, k = (int(n) for n in rng.integers(1, 9, size=3))
        shape, fan_in, fan_out = (out_c, in_c, k, k), in_c * k * k, out_c * k * k
    noise = rng.random(shape) if scheme.endswith("uniform") else rng.normal(size=shape)
    slope = float(rng.choice([0.01, 0.1, 0.2, 0.3]))
    return Case(
        f"random #{index}: {scheme}, {nonlinearity}, weight shape {shape}, "
        f"fan_in={fan_in}, fan_out={fan_out}",
        (noise, fan_in, fan_out, scheme, nonlinearity),
        {"negative_slope": slope},
    )
