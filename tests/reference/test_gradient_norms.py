"""Checks of the gradient_norms reference: the edge cases show what they claim to show."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("gradient_norms", "q29_vanishing_gradients.yaml")
REFERENCE = EX.reference
CASES = {case.name.split(":")[0]: case for case in REFERENCE.edge_cases()}


def _norms(prefix: str) -> np.ndarray:
    case = next(c for name, c in CASES.items() if name.startswith(prefix))
    return np.asarray(REFERENCE.reference(*case.args))


def test_sigmoid_norms_vanish_toward_the_input_and_relu_ones_do_not() -> None:
    sigmoid = _norms("sigmoid, 8 layers")
    assert np.all(np.diff(sigmoid) > 0)
    assert sigmoid[0] / sigmoid[-1] < 1e-3
    relu = _norms("relu, 8 layers of width 4 with He")
    assert 0.1 < relu[0] / relu[-1] < 10


def test_an_inactive_relu_layer_cuts_the_gradient_below_it() -> None:
    norms = _norms("relu, 8 narrow layers")
    assert np.all(norms[:6] == 0.0) and np.all(norms[6:] > 0.1)


def test_returns_one_float_per_layer() -> None:
    for case in EX.every_case(range(2)):
        if case.raises is None:
            norms = REFERENCE.reference(*case.args)
            assert norms.shape == (len(case.args[0]),) and norms.dtype == np.float64


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises is None:
            actual = as_numpy(function(*as_torch(case.args, torch.float32)))
            assert EX.close(actual, EX.expected(case)), case.name
