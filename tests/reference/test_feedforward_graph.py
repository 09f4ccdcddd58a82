"""Checks of the feedforward_graph reference: a hand-worked graph, agreement with torch modules
written by hand, independence of the listing order, and what the cases guarantee."""

from __future__ import annotations

import graphlib
import itertools

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("feedforward_graph", "q10_feedforward.yaml")
REFERENCE = EX.reference


def node(name, inputs, weights, bias):
    return {
        "name": name,
        "inputs": inputs,
        "weights": [np.asarray(W, dtype=np.float64) for W in weights],
        "bias": np.asarray(bias, dtype=np.float64),
    }


def test_hand_worked_diamond() -> None:
    # left = relu(x1 + x2 - 2), right = relu(-x1 + 0.5 x2), out = left - right + 0.5
    nodes = [
        node("out", ["left", "right"], [[[1.0]], [[-1.0]]], [0.5]),
        node("right", ["x"], [[[-1.0, 0.5]]], [0.0]),
        node("left", ["x"], [[[1.0, 1.0]]], [-2.0]),
    ]
    x = np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 0.0], [-4.0, 0.0]])
    # left: 1, 0, 0, 0; right: 0, 0, 0, 4; out: 1.5, 0.5, 0.5, -3.5 (linear, so negative)
    np.testing.assert_array_equal(
        REFERENCE.reference(x, nodes, "out"), [[1.5], [0.5], [0.5], [-3.5]]
    )


def test_a_residual_block_matches_a_torch_module() -> None:
    import torch
    from torch import nn

    class Block(nn.Module):
        """out = fc2(relu(fc1(x))) + skip(x): a ResNet-style skip connection."""

        def __init__(self) -> None:
            super().__init__()
            self.fc1 = nn.Linear(4, 6, dtype=torch.float64)
            self.fc2 = nn.Linear(6, 3, dtype=torch.float64)
            self.skip = nn.Linear(4, 3, bias=False, dtype=torch.float64)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.fc2(torch.relu(self.fc1(x))) + self.skip(x)

    torch.manual_seed(0)
    block = Block()
    p = {k: v.detach().numpy() for k, v in block.state_dict().items()}
    nodes = [
        node("out", ["h", "x"], [p["fc2.weight"], p["skip.weight"]], p["fc2.bias"]),
        node("h", ["x"], [p["fc1.weight"]], p["fc1.bias"]),
    ]
    x = np.random.default_rng(1).normal(size=(7, 4))
    with torch.no_grad():
        expected = block(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(REFERENCE.reference(x, nodes, "out"), expected, rtol=1e-12)


def test_a_chain_is_an_mlp() -> None:
    import torch
    from torch import nn

    torch.manual_seed(2)
    mlp = nn.Sequential(
        nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 2)
    ).double()
    layers = [m for m in mlp if isinstance(m, nn.Linear)]
    names = ["h1", "h2", "out"]
    nodes = [
        node(name, [previous], [layer.weight.detach().numpy()], layer.bias.detach().numpy())
        for name, previous, layer in zip(names, ["x", *names[:-1]], layers, strict=True)
    ]
    x = np.random.default_rng(3).normal(size=(6, 3))
    with torch.no_grad():
        expected = mlp(torch.from_numpy(x)).numpy()
    for order in itertools.permutations(nodes):
        np.testing.assert_allclose(REFERENCE.reference(x, list(order), "out"), expected, rtol=1e-12)


def test_the_listing_order_does_not_matter() -> None:
    rng = np.random.default_rng(5)
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        x, nodes, output = case.args
        want = REFERENCE.reference(x, nodes, output)
        for _ in range(3):
            shuffled = [nodes[int(i)] for i in rng.permutation(len(nodes))]
            np.testing.assert_allclose(REFERENCE.reference(x, shuffled, output), want, rtol=1e-12)


def _is_cyclic(nodes) -> bool:
    graph = {n["name"]: {s for s in n["inputs"] if s != "x"} for n in nodes}
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError:
        return True
    return False


def _ancestors(nodes, name, seen=None) -> set[str]:
    by_name = {n["name"]: n for n in nodes}
    seen = set() if seen is None else seen
    for source in by_name[name]["inputs"]:
        if source in by_name and source not in seen:
            seen.add(source)
            _ancestors(nodes, source, seen)
    return seen


def test_random_cases_keep_the_task_promises_and_mix_cycles_in() -> None:
    cyclic = unsorted = 0
    for seed in range(10):
        for case in EX.random_cases(seed):
            _, nodes, output = case.args
            names = [n["name"] for n in nodes]
            assert len(set(names)) == len(names) and "x" not in names
            assert output in names
            assert _ancestors(nodes, output) | {output} == set(names), case.name
            for n in nodes:
                assert n["inputs"] and len(n["inputs"]) == len(n["weights"])
                assert n["bias"].shape == (n["weights"][0].shape[0],)
            assert (case.raises == "ValueError") == _is_cyclic(nodes), case.name
            cyclic += case.raises is not None
            position = {name: i for i, name in enumerate(names)}
            unsorted += any(
                position.get(s, -1) > position[n["name"]] for n in nodes for s in n["inputs"]
            )
    assert cyclic >= 20
    assert unsorted >= 40


@pytest.mark.parametrize("name", ["self-loop", "cycle a -> b -> a", "not a node"])
def test_the_raising_edge_cases_raise_value_error(name: str) -> None:
    case = next(c for c in REFERENCE.edge_cases() if name in c.name)
    with pytest.raises(ValueError):
        REFERENCE.reference(*case.args)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
