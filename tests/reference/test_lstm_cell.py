"""Facts about the lstm_cell exercise: gates are fractions, the forget gate keeps memory, and a
float32 learner passes the tolerance."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_torch

EX = ExerciseUnderTest.load("lstm_cell", "q48_lstm.yaml")
REFERENCE = EX.reference


def test_zero_weights_halve_the_cell() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "all weights and biases zero" in c.name)
    h_new, c_new = REFERENCE.reference(*case.args)
    c = case.args[2]
    np.testing.assert_allclose(c_new, c / 2)
    np.testing.assert_allclose(h_new, 0.5 * np.tanh(c / 2))


def test_forget_gate_of_one_and_input_gate_of_zero_keep_the_cell() -> None:
    case = REFERENCE.edge_cases()[1]
    x, h, c, W_ih, W_hh, b_ih, b_hh = case.args
    H = h.shape[1]
    b_ih = b_ih.copy()
    b_ih[:H] = -60.0  # i = sigmoid(~-60) = 0 to double precision
    b_ih[H : 2 * H] = 60.0  # f = 1
    _, c_new = REFERENCE.reference(x, h, c, W_ih, W_hh, b_ih, b_hh)
    np.testing.assert_allclose(c_new, c)


def test_hidden_state_is_bounded_but_the_cell_is_not() -> None:
    for case in EX.every_case(range(3)):
        h_new, _ = REFERENCE.reference(*case.args)
        assert np.all(np.abs(h_new) < 1.0)
    case = next(c for c in REFERENCE.edge_cases() if "large cell state" in c.name)
    assert np.abs(REFERENCE.reference(*case.args)[1]).max() > 1.0


def test_huge_pre_activations_do_not_overflow() -> None:
    rng = np.random.default_rng(0)
    N, D, H = 3, 4, 5
    args = (
        rng.normal(size=(N, D)) * 1000,
        rng.uniform(-1, 1, size=(N, H)),
        rng.normal(size=(N, H)),
        rng.normal(size=(4 * H, D)),
        rng.normal(size=(4 * H, H)),
        np.zeros(4 * H),
        np.zeros(4 * H),
    )
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        result = REFERENCE.reference(*args)
    assert all(np.all(np.isfinite(part)) for part in result)
    assert REFERENCE.oracle is not None
    assert EX.close(result, REFERENCE.oracle(*args))


def test_a_float32_learner_passes_the_tolerance() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py", "solution")
    for case in EX.every_case(range(5)):
        h_new, c_new = function(*as_torch(case.args, torch.float32))
        expected = REFERENCE.reference(*case.args)
        assert EX.within_tolerance(h_new, expected[0]), case.name
        assert EX.within_tolerance(c_new, expected[1]), case.name
