"""Checks of the reverse_mode_autograd reference: hand-worked gradients, finite differences on
the random graphs, and agreement with a torch.nn model."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("reverse_mode_autograd", "q28_deep_learning_frameworks.yaml")
REFERENCE = EX.reference


def test_x_times_x_plus_x_by_hand() -> None:
    output, (grad,) = REFERENCE.reference([("mul", 0, 0), ("add", 1, 0)], [np.array(3.0)])
    assert output == 12.0
    assert grad.shape == () and grad == 7.0  # two shares of 3 from the product, 1 from the sum


def test_a_value_used_k_times_gets_k_shares() -> None:
    x = np.array([0.3, -1.2])
    for uses in range(1, 6):
        graph = [("add", 0, 0)] + [("add", 1 + k, 0) for k in range(uses - 2)]
        graph = (graph if uses > 1 else []) + [("sum", len(graph) if uses > 1 else 0)]
        _, (grad,) = REFERENCE.reference(graph, [x])
        np.testing.assert_allclose(grad, np.full(2, float(uses)))


def test_bias_gradient_sums_over_the_batch() -> None:
    x, b = np.arange(6.0).reshape(3, 2), np.array([0.5, -0.5])
    _, (dx, db) = REFERENCE.reference([("add", 0, 1), ("sum", 2)], [x, b])
    np.testing.assert_array_equal(dx, np.ones((3, 2)))
    np.testing.assert_array_equal(db, [3.0, 3.0])


_FORWARD = {
    "add": np.add,
    "mul": np.multiply,
    "matmul": np.matmul,
    "tanh": np.tanh,
    "exp": np.exp,
    "relu": lambda a: np.maximum(a, 0.0),
    "sum": lambda a: np.asarray(a.sum()),
}


def _numeric_gradient(graph: list, inputs: list, which: int, step: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(inputs[which])
    for index in np.ndindex(inputs[which].shape):
        shifted = []
        for sign in (1.0, -1.0):
            moved = [x.copy() for x in inputs]
            moved[which][index] += sign * step
            shifted.append(REFERENCE.reference(graph, moved)[0])
        grad[index] = (shifted[0] - shifted[1]) / (2 * step)
    return grad


def test_gradients_match_finite_differences_on_random_graphs() -> None:
    checked = 0
    for case in EX.random_cases(0) + EX.random_cases(1):
        graph, inputs = case.args
        values = [*inputs]
        kinks = False  # relu at (almost) 0 has no derivative to compare with
        for op in graph:
            values.append(_FORWARD[op[0]](*(values[i] for i in op[1:])))
            kinks |= op[0] == "relu" and bool(np.any(np.abs(values[op[1]]) < 1e-4))
        if kinks:
            continue
        _, grads = REFERENCE.reference(graph, inputs)
        for which, grad in enumerate(grads):
            numeric = _numeric_gradient(graph, inputs, which)
            np.testing.assert_allclose(grad, numeric, rtol=1e-4, atol=1e-6, err_msg=case.name)
        checked += 1
    assert checked >= 10


def test_two_layer_network_matches_torch_nn() -> None:
    import torch

    rng = np.random.default_rng(1)
    X, W1, b1, W2 = (rng.normal(size=s) for s in [(4, 3), (3, 5), (5,), (5, 2)])
    graph = [("matmul", 0, 1), ("add", 4, 2), ("tanh", 5), ("matmul", 6, 3), ("sum", 7)]
    output, (dX, dW1, db1, dW2) = REFERENCE.reference(graph, [X, W1, b1, W2])

    first = torch.nn.Linear(3, 5, dtype=torch.float64)
    second = torch.nn.Linear(5, 2, bias=False, dtype=torch.float64)
    with torch.no_grad():  # nn.Linear stores weights as (out, in)
        first.weight.copy_(torch.from_numpy(W1.T))
        first.bias.copy_(torch.from_numpy(b1))
        second.weight.copy_(torch.from_numpy(W2.T))
    inputs = torch.from_numpy(X).requires_grad_()
    loss = second(torch.tanh(first(inputs))).sum()
    loss.backward()
    assert np.isclose(output, loss.item())
    np.testing.assert_allclose(dX, inputs.grad.numpy())
    np.testing.assert_allclose(dW1, first.weight.grad.numpy().T)
    np.testing.assert_allclose(db1, first.bias.grad.numpy())
    np.testing.assert_allclose(dW2, second.weight.grad.numpy().T)


def test_random_graphs_reuse_nodes_and_reach_every_input() -> None:
    cases = EX.random_cases(2)
    reused = 0
    for case in cases:
        graph, inputs = case.args
        operands = [i for op in graph for i in op[1:]]
        reused += len(operands) != len(set(operands))
        assert set(range(len(inputs))) <= set(operands), case.name
    assert reused >= len(cases) // 2
