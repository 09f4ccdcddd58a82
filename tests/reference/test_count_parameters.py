"""Checks of the count_parameters reference: facts about counting dense-layer parameters."""

from __future__ import annotations

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("count_parameters", "q59_counting_parameters.yaml")
REFERENCE = EX.reference


def test_returns_a_python_int() -> None:
    for case in EX.every_case(range(3)):
        assert type(REFERENCE.reference(*case.args, **case.kwargs)) is int, case.name


def test_the_mnist_network_has_101770_parameters_and_torch_agrees() -> None:
    assert REFERENCE.reference([784, 128, 10]) == 101_770
    assert REFERENCE.oracle is not None
    assert REFERENCE.oracle([784, 128, 10]) == 101_770
    assert REFERENCE.oracle([784, 128, 10], bias=False) == 784 * 128 + 128 * 10


def test_layers_add_up() -> None:
    sizes = [12, 7, 5, 3]
    whole = REFERENCE.reference(sizes)
    assert whole == sum(REFERENCE.reference(sizes[i : i + 2]) for i in range(len(sizes) - 1))
    assert REFERENCE.reference(sizes) - REFERENCE.reference(sizes, bias=False) == 7 + 5 + 3
