"""Checks of the unflatten_parameters reference: it inverts torch's parameters_to_vector, the
network rebuilt from theta computes what the module computes, and the length check matters
because vector_to_parameters has none."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("unflatten_parameters", "q02_neural_network.yaml")
REFERENCE = EX.reference


def _mlp(layer_sizes: list[int]):
    import torch
    from torch import nn

    torch.manual_seed(0)
    layers = [nn.Linear(a, b, dtype=torch.float64) for a, b in itertools.pairwise(layer_sizes)]
    return nn.Sequential(*layers)


def test_hand_worked_example() -> None:
    (W1, b1), (W2, b2) = REFERENCE.reference(np.arange(11.0), [3, 2, 1])
    np.testing.assert_array_equal(W1, [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
    np.testing.assert_array_equal(b1, [6.0, 7.0])
    np.testing.assert_array_equal(W2, [[8.0, 9.0]])
    np.testing.assert_array_equal(b2, [10.0])


@pytest.mark.parametrize("layer_sizes", [[1, 1], [4, 3], [5, 7, 2], [3, 8, 8, 1], [2, 1, 6]])
def test_inverts_parameters_to_vector(layer_sizes: list[int]) -> None:
    from torch.nn.utils import parameters_to_vector

    model = _mlp(layer_sizes)
    theta = parameters_to_vector(model.parameters()).detach().numpy()
    layers = REFERENCE.reference(theta, layer_sizes)
    assert len(layers) == len(model)
    for (W, b), linear in zip(layers, model, strict=True):
        np.testing.assert_array_equal(W, linear.weight.detach().numpy())
        np.testing.assert_array_equal(b, linear.bias.detach().numpy())
    flat_again = np.concatenate([part.ravel() for layer in layers for part in layer])
    np.testing.assert_array_equal(flat_again, theta)


def test_the_network_is_a_function_of_theta() -> None:
    """f(x; theta) rebuilt from the flat vector equals the module's output (ReLU between)."""
    import torch
    from torch import nn
    from torch.nn.utils import parameters_to_vector

    sizes = [4, 6, 5, 3]
    linears = list(_mlp(sizes))
    model = nn.Sequential(linears[0], nn.ReLU(), linears[1], nn.ReLU(), linears[2])
    theta = parameters_to_vector(model.parameters()).detach().numpy()
    x = np.random.default_rng(0).normal(size=(7, 4))
    h = x
    for i, (W, b) in enumerate(REFERENCE.reference(theta, sizes)):
        h = h @ W.T + b
        if i < len(sizes) - 2:
            h = np.maximum(h, 0.0)
    np.testing.assert_allclose(h, model(torch.from_numpy(x)).detach().numpy(), rtol=1e-12)


def test_vector_to_parameters_ignores_extra_entries_but_the_reference_refuses_them() -> None:
    import torch
    from torch.nn.utils import vector_to_parameters

    model = _mlp([2, 3])
    vector_to_parameters(torch.arange(12.0, dtype=torch.float64), model.parameters())
    assert model[0].bias.tolist() == [6.0, 7.0, 8.0]  # entries 9, 10, 11 silently dropped
    with pytest.raises(ValueError):
        REFERENCE.reference(np.arange(12.0), [2, 3])
    with pytest.raises(ValueError):
        REFERENCE.reference(np.arange(8.0), [2, 3])


def test_returns_copies_so_the_caller_cannot_alias_theta() -> None:
    theta = np.arange(9.0)
    ((W, _),) = REFERENCE.reference(theta, [2, 3])
    W[0, 0] = 100.0
    assert theta[0] == 0.0


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case(range(3)):
        actual = as_numpy(_outcome(function, as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name


def _outcome(function, args):
    try:
        return function(*args)
    except ValueError:
        return ("raises", "ValueError")
