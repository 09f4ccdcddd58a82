"""Reference for `unflatten_parameters`: cut the flat parameter vector theta of an MLP back into
the (weight, bias) pairs of its nn.Linear layers, in the order torch's parameters_to_vector
flattens them."""

from __future__ import annotations

import itertools

import numpy as np

from quizprep.grading.cases import Case


def _check(theta: np.ndarray, layer_sizes: list[int]) -> None:
    """ValueError unless every size is at least 1 and theta has exactly the right length."""
    if any(n < 1 for n in layer_sizes):
        raise ValueError(f"every layer size must be at least 1, got {layer_sizes}")
    needed = sum(n_out * (n_in + 1) for n_in, n_out in itertools.pairwise(layer_sizes))
    if len(theta) != needed:
        raise ValueError(f"layer sizes {layer_sizes} need {needed} parameters, got {len(theta)}")


def reference(theta: np.ndarray, layer_sizes: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Walk along theta: per layer, n_out * n_in weights (row-major, shape (n_out, n_in)),
    then n_out biases."""
    _check(theta, layer_sizes)
    layers = []
    offset = 0
    for n_in, n_out in itertools.pairwise(layer_sizes):
        weight = theta[offset : offset + n_out * n_in].reshape(n_out, n_in)
        offset += n_out * n_in
        bias = theta[offset : offset + n_out]
        offset += n_out
        layers.append((weight.copy(), bias.copy()))
    return layers


def oracle(theta: np.ndarray, layer_sizes: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """torch.nn.utils.vector_to_parameters into an nn.Sequential of nn.Linear layers. It does not
    check the length itself (extra entries are silently ignored), so the oracle compares it with
    the model's own parameter count first."""
    import torch
    from torch import nn
    from torch.nn.utils import vector_to_parameters

    if min(layer_sizes) < 1:
        raise ValueError(f"every layer size must be at least 1, got {layer_sizes}")
    model = nn.Sequential(
        *(
            nn.Linear(n_in, n_out, dtype=torch.float64)
            for n_in, n_out in itertools.pairwise(layer_sizes)
        )
    )
    if len(theta) != sum(p.numel() for p in model.parameters()):
        raise ValueError("theta does not have one entry per parameter of the model")
    vector_to_parameters(torch.from_numpy(theta.astype(np.float64)), model.parameters())
    return [
        (layer.weight.detach().numpy().copy(), layer.bias.detach().numpy().copy())
        for layer in model
    ]


def _size(layer_sizes: list[int]) -> int:
    return sum(n_out * (n_in + 1) for n_in, n_out in itertools.pairwise(layer_sizes))


def _case(
    name: str, theta: np.ndarray | list[float], layer_sizes: list[int], raises: str | None = None
) -> Case:
    return Case(name, (np.asarray(theta, dtype=np.float64), layer_sizes), raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: single layers (rectangular and square), two and four layers, and every
    way theta and the sizes can disagree."""
    rng = np.random.default_rng(2)
    return [
        _case("one layer 1 -> 1: theta = [weight, bias] = [2, -1]", [2.0, -1.0], [1, 1]),
        _case(
            "one layer 2 -> 3, theta = 0..8: W = [[0, 1], [2, 3], [4, 5]], b = [6, 7, 8]",
            np.arange(9.0),
            [2, 3],
        ),
        _case(
            "one square layer 2 -> 2, theta = 0..5: W = [[0, 1], [2, 3]], b = [4, 5]",
            np.arange(6.0),
            [2, 2],
        ),
        _case(
            "two layers 3 -> 2 -> 1, theta = 0..10: W1 = 0..5, b1 = [6, 7], W2 = [[8, 9]], b2 = 10",
            np.arange(11.0),
            [3, 2, 1],
        ),
        _case(
            "theta one entry too long for 2 -> 3 (10 instead of 9): raise ValueError",
            np.arange(10.0),
            [2, 3],
            raises="ValueError",
        ),
        _case(
            "theta lacks the last bias entry of 3 -> 2 -> 1 (10, not 11): raise ValueError",
            np.arange(10.0),
            [3, 2, 1],
            raises="ValueError",
        ),
        _case(
            "a hidden layer of size 0 (3 -> 0 -> 2, theta of length 2): raise ValueError",
            [1.0, 2.0],
            [3, 0, 2],
            raises="ValueError",
        ),
        _case(
            "an input size of 0 (0 -> 2, theta of length 2): raise ValueError",
            [1.0, 2.0],
            [0, 2],
            raises="ValueError",
        ),
        _case(
            "a chain of single units 1 -> 1 -> 1 -> 1 -> 1",
            rng.normal(size=_size([1, 1, 1, 1, 1])),
            [1, 1, 1, 1, 1],
        ),
        _case(
            "logistic regression on 5 features (5 -> 1)",
            rng.normal(size=_size([5, 1])),
            [5, 1],
        ),
        _case(
            "a small MLP 8 -> 4 -> 3 with random parameters",
            rng.normal(size=_size([8, 4, 3])),
            [8, 4, 3],
        ),
        _case(
            "an autoencoder shape 6 -> 2 -> 6 (equal input and output sizes)",
            rng.normal(size=_size([6, 2, 6])),
            [6, 2, 6],
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random MLP of 1 to 4 layers, sizes 1 to 9, theta drawn from N(0, 1)."""
    depth = int(rng.integers(1, 5))
    sizes = [int(v) for v in rng.integers(1, 10, size=depth + 1)]
    theta = rng.normal(size=_size(sizes))
    name = f"random MLP #{index}: {' -> '.join(map(str, sizes))} ({len(theta)} parameters)"
    return Case(name, (theta, sizes))
