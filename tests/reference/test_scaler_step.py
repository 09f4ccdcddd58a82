"""Checks of the scaler_step reference: GradScaler's state machine over many steps, against
torch's own scale-update kernel, and what the edge cases exercise."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("scaler_step", "q17_mixed_precision.yaml", MODERN)
REFERENCE = EX.reference


def test_a_long_run_matches_torch_amp_update_scale() -> None:
    import torch

    rng = np.random.default_rng(1)
    params, scale, tracker = np.zeros(3), 2.0**16, 0
    s, t = torch.tensor([scale]), torch.tensor([0], dtype=torch.int32)
    for _ in range(300):
        grads = rng.normal(size=3) * scale
        overflow = rng.random() < 0.05
        if overflow:
            grads[1] = np.inf
        params, scale, tracker, skipped = REFERENCE.reference(
            params, grads, scale, tracker, 0.01, growth_interval=7
        )
        torch._amp_update_scale_(s, t, torch.tensor([float(overflow)]), 2.0, 0.5, 7)
        assert skipped == overflow
        assert scale == s.item() and tracker == t.item()
    assert np.all(np.isfinite(params))


def test_an_overflow_leaves_the_parameters_exactly_unchanged() -> None:
    params = np.array([1.0, -2.0, 3.0])
    for bad in (np.inf, -np.inf, np.nan):
        new, scale, tracker, skipped = REFERENCE.reference(
            params, np.array([1.0, bad, 1.0]), 8.0, 3, 0.1, growth_interval=4
        )
        assert skipped and scale == 4.0 and tracker == 0
        np.testing.assert_array_equal(new, params)
        assert new is not params


def test_the_update_does_not_depend_on_the_scale() -> None:
    rng = np.random.default_rng(2)
    params, grads = rng.normal(size=5), rng.normal(size=5)
    steps = [
        REFERENCE.reference(params, grads * s, s, 0, 0.1, max_norm=0.5)[0]
        for s in (1.0, 2.0**8, 2.0**16)
    ]
    for step in steps[1:]:
        np.testing.assert_allclose(step, steps[0], rtol=1e-12)


def test_the_edge_cases_cover_every_branch() -> None:
    outcomes = {
        (r[3], r[2] == 0 and not r[3], "max_norm" in c.kwargs)
        for c in REFERENCE.edge_cases()
        for r in [REFERENCE.reference(*c.args, **c.kwargs)]
    }
    assert (True, False, False) in outcomes  # overflow
    assert (False, True, False) in outcomes  # growth
    assert (False, False, False) in outcomes  # plain clean step
    assert (False, False, True) in outcomes  # clipping


def test_random_cases_mix_overflows_growth_and_clipping() -> None:
    results = [
        (c, REFERENCE.reference(*c.args, **c.kwargs)) for s in range(5) for c in EX.random_cases(s)
    ]
    assert sum(r[3] for _, r in results) >= 5
    assert sum((not r[3]) and r[2] == 0 for _, r in results) >= 3
    assert sum("max_norm" in c.kwargs for c, _ in results) >= 5
