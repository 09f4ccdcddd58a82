"""Facts about the rnn_forward exercise: the recurrence is causal, the state carries over,
and a float32 learner passes the tolerance."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_torch

EX = ExerciseUnderTest.load("rnn_forward", "q46_rnn.yaml")
REFERENCE = EX.reference


def test_last_output_is_the_final_state() -> None:
    for case in EX.every_case(range(2)):
        outputs, h_T = REFERENCE.reference(*case.args)
        np.testing.assert_array_equal(outputs[-1], h_T)


def test_outputs_are_causal_and_chunks_carry_the_state() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "long sequence" in c.name)
    xs, h0, *weights = case.args
    outputs, h_T = REFERENCE.reference(*case.args)
    first, h_mid = REFERENCE.reference(xs[:25], h0, *weights)
    np.testing.assert_allclose(first, outputs[:25])  # later inputs do not change earlier states
    second, h_end = REFERENCE.reference(xs[25:], h_mid, *weights)
    np.testing.assert_allclose(second, outputs[25:])
    np.testing.assert_allclose(h_end, h_T)


def test_zero_weights_give_tanh_of_the_biases_at_every_step() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "zero weights, non-zero biases" in c.name)
    outputs, _ = REFERENCE.reference(*case.args)
    b_ih, b_hh = case.args[4], case.args[5]
    np.testing.assert_allclose(outputs, np.broadcast_to(np.tanh(b_ih + b_hh), outputs.shape))


def test_matches_batch_first_rnn_after_transposing() -> None:
    import torch

    case = REFERENCE.edge_cases()[1]
    xs, h0, W_ih, W_hh, b_ih, b_hh = case.args
    rnn = torch.nn.RNN(xs.shape[2], h0.shape[1], batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        for name, value in zip(
            ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
            (W_ih, W_hh, b_ih, b_hh),
            strict=True,
        ):
            getattr(rnn, name).copy_(torch.from_numpy(value))
        output, _ = rnn(torch.from_numpy(xs.transpose(1, 0, 2)), torch.from_numpy(h0)[None])
    np.testing.assert_allclose(
        output.numpy().transpose(1, 0, 2), REFERENCE.reference(*case.args)[0], atol=1e-12
    )


def test_a_float32_learner_passes_the_tolerance() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py", "solution")
    for case in EX.every_case(range(5)):
        outputs, h_T = function(*as_torch(case.args, torch.float32))
        expected = REFERENCE.reference(*case.args)
        assert EX.within_tolerance(outputs, expected[0]), case.name
        assert EX.within_tolerance(h_T, expected[1]), case.name
