"""Checks of the node_activation reference: the notation (w_jk = W[j, k], layer 0 = input, a
linear output layer), agreement with a whole-network forward pass, and a hand-worked node."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("node_activation", "q12_network_layers.yaml")
REFERENCE = EX.reference


def _relu_net():
    weights = [np.array([[1.0, -1.0], [2.0, 0.5]]), np.array([[1.0, 3.0]])]
    biases = [np.array([0.5, -1.0]), np.array([-1.0])]
    return np.array([[1.0, 2.0]]), weights, biases


def test_hand_worked_network() -> None:
    # z^[1] = W^[1] x + b^[1] = (1 - 2 + 0.5, 2 + 1 - 1) = (-0.5, 2); a^[1] = relu = (0, 2);
    # z^[2]_0 = 1*0 + 3*2 - 1 = 5, and the output layer is linear.
    x, weights, biases = _relu_net()
    for layer, node, want in ((1, 0, (-0.5, 0.0)), (1, 1, (2.0, 2.0)), (2, 0, (5.0, 5.0))):
        z, a = REFERENCE.reference(x, weights, biases, layer, node, "relu")
        np.testing.assert_array_equal(z, [want[0]])
        np.testing.assert_array_equal(a, [want[1]])


def test_w_jk_feeds_node_j_from_node_k() -> None:
    """Changing w^[l]_jk = W^[l][j, k] moves z^[l]_j by the change times a^[l-1]_k and leaves the
    other nodes of layer l alone."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(5, 3))
    weights = [rng.normal(size=(4, 3)), rng.normal(size=(3, 4)), rng.normal(size=(2, 3))]
    biases = [rng.normal(size=4), rng.normal(size=3), rng.normal(size=2)]
    layer, node, k, step = 2, 1, 3, 0.7
    _, a_prev_k = REFERENCE.reference(x, weights, biases, layer - 1, k, "tanh")
    changed = [w.copy() for w in weights]
    changed[layer - 1][node, k] += step
    for other in range(3):
        before, _ = REFERENCE.reference(x, weights, biases, layer, other, "tanh")
        after, _ = REFERENCE.reference(x, changed, biases, layer, other, "tanh")
        moved = step * a_prev_k if other == node else np.zeros(5)
        np.testing.assert_allclose(after - before, moved, atol=1e-12)


def test_output_layer_matches_the_whole_network() -> None:
    """Node j of layer L is column j of the network's output (the feedforward computation)."""
    for case in EX.every_case(range(4)):
        x, weights, biases, layer, node, activation = case.args
        if case.raises or layer != len(weights):
            continue
        h = x
        for index, (W, b) in enumerate(zip(weights, biases, strict=True)):
            h = h @ W.T + b
            if index < len(weights) - 1:
                h = {"relu": lambda v: np.maximum(v, 0), "tanh": np.tanh}.get(
                    activation, lambda v: 1 / (1 + np.exp(-v))
                )(h)
        z, a = REFERENCE.reference(*case.args)
        np.testing.assert_allclose(z, h[:, node])
        np.testing.assert_array_equal(a, z)


def test_hidden_activation_is_g_of_z() -> None:
    g = {
        "relu": lambda v: np.maximum(v, 0),
        "tanh": np.tanh,
        "sigmoid": lambda v: 1 / (1 + np.exp(-v)),
    }
    checked = 0
    for case in EX.every_case(range(4)):
        _, weights, _, layer, _, activation = case.args
        if case.raises or layer == len(weights):
            continue
        z, a = REFERENCE.reference(*case.args)
        np.testing.assert_allclose(a, g[activation](z))
        checked += 1
    assert checked >= 10


def test_cases_cover_every_layer_position() -> None:
    positions = {
        ("output" if c.args[3] == len(c.args[1]) else "hidden", c.args[3] > 1)
        for c in REFERENCE.edge_cases()
        if c.raises is None
    }
    assert positions == {("output", False), ("output", True), ("hidden", False), ("hidden", True)}


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case(range(5)):
        if case.raises is None:
            actual = as_numpy(function(*as_torch(case.args, torch.float32)))
            assert EX.close(actual, EX.expected(case)), case.name
