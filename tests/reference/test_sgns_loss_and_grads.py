"""Checks of the sgns_loss_and_grads reference: finite differences, the closed forms of special
cases, accumulation of repeated rows, stability, and gradient descent on it."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("sgns_loss_and_grads", "q12_word_embeddings.yaml", MODERN)
REFERENCE = EX.reference


def test_gradients_match_finite_differences() -> None:
    for case in [*REFERENCE.edge_cases()[:6], *EX.random_cases(0)[:4]]:
        w_in, w_out = case.args[3], case.args[4]
        _, d_in, d_out = REFERENCE.reference(*case.args)
        for table, grad, position in ((w_in, d_in, 3), (w_out, d_out, 4)):
            for row, col in np.ndindex(*table.shape):
                step = np.zeros_like(table)
                step[row, col] = 1e-6
                args = list(case.args)
                args[position] = table + step
                up = REFERENCE.reference(*args)[0]
                args[position] = table - step
                down = REFERENCE.reference(*args)[0]
                assert np.isclose(grad[row, col], (up - down) / 2e-6, atol=1e-6), case.name


def test_zero_embeddings_give_one_plus_k_log_two() -> None:
    center, context, negatives = np.array([0, 1]), np.array([1, 0]), np.array([[2, 3, 4]] * 2)
    loss, d_in, d_out = REFERENCE.reference(
        center, context, negatives, np.zeros((5, 3)), np.zeros((5, 3))
    )
    assert np.isclose(loss, 4 * np.log(2)) and not d_in.any() and not d_out.any()


def test_repeated_rows_add_up() -> None:
    rng = np.random.default_rng(0)
    w_in, w_out = rng.normal(size=(2, 6, 3))
    center, context, negatives = np.array([2, 2]), np.array([0, 1]), np.array([[3, 3], [0, 4]])
    _, d_in, d_out = REFERENCE.reference(center, context, negatives, w_in, w_out)
    parts = [
        REFERENCE.reference(center[[b]], context[[b]], negatives[[b]], w_in, w_out) for b in (0, 1)
    ]
    np.testing.assert_allclose(d_in, (parts[0][1] + parts[1][1]) / 2)  # the mean of two pairs
    np.testing.assert_allclose(d_out, (parts[0][2] + parts[1][2]) / 2)
    assert set(np.flatnonzero(np.abs(d_in).sum(1))) == {2}
    assert set(np.flatnonzero(np.abs(d_out).sum(1))) == {0, 1, 3, 4}


def test_large_scores_stay_finite() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "1200" in c.name)
    loss, d_in, d_out = REFERENCE.reference(*case.args)
    assert np.isfinite(loss) and np.isfinite(d_in).all() and np.isfinite(d_out).all()
    assert np.isclose(loss, (1200 + 1200 + 30 + np.log(2) + 20 + np.logaddexp(0, -20)) / 2)


def test_gradient_descent_separates_the_pair_from_its_negatives() -> None:
    center, context, negatives = np.array([0]), np.array([1]), np.array([[2, 2, 2]])
    w_in, w_out = np.array([[0.5], [0.0], [0.0]]), np.array([[0.0], [0.3], [0.1]])
    losses = []
    for _ in range(300):
        loss, d_in, d_out = REFERENCE.reference(center, context, negatives, w_in, w_out)
        w_in, w_out = w_in - 0.5 * d_in, w_out - 0.5 * d_out
        losses.append(loss)
    assert losses[-1] < 0.1 * losses[0]
    assert w_out[1, 0] * w_in[0, 0] > 2 and w_out[2, 0] * w_in[0, 0] < -2


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_index_add.py")
    for case in EX.every_case(range(5)):
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
