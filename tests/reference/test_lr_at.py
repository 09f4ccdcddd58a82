"""Checks of the lr_at reference: noam is a warm-up + inverse square root, every schedule is
continuous at its peak, the cosine ends at min_lr, and steps are 0-based."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("lr_at", "q20_lr_warmup.yaml", MODERN)
REFERENCE = EX.reference
STEPS = np.arange(0, 3000)


def test_noam_is_inverse_sqrt_with_its_peak() -> None:
    for d_model, warmup in ((512, 4000), (64, 10), (1024, 1)):
        noam = REFERENCE.reference(STEPS, "noam", 2.0, warmup, d_model=d_model)
        peak = 2.0 * (d_model * warmup) ** -0.5
        np.testing.assert_allclose(
            noam, REFERENCE.reference(STEPS, "inverse_sqrt", peak, warmup), rtol=1e-12
        )


def test_the_peak_is_at_step_warmup_minus_one() -> None:
    for schedule, kwargs in (("noam", {"d_model": 256}), ("inverse_sqrt", {})):
        rates = REFERENCE.reference(STEPS, schedule, 1.0, 100, **kwargs)
        assert int(np.argmax(rates)) == 99
    rates = REFERENCE.reference(STEPS, "cosine", 1.0, 100, total_steps=1000, min_lr=0.1)
    assert rates[99] == 1.0 and rates[0] == 0.01
    assert rates[999] == 0.1 and np.all(rates[999:] == 0.1)
    assert np.all(np.diff(rates[99:1000]) <= 0)


def test_schedules_are_continuous_after_the_warmup() -> None:
    for schedule, kwargs in (
        ("noam", {"d_model": 128}),
        ("inverse_sqrt", {}),
        ("cosine", {"total_steps": 5000}),
    ):
        rates = REFERENCE.reference(STEPS, schedule, 1.0, 500, **kwargs)
        assert np.max(np.abs(np.diff(rates))) < 2.5 / 500


def test_first_update_uses_lambda_lr_counter_zero() -> None:
    import torch

    p = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=1.0)
    noam = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda k: 512**-0.5 * min((k + 1) ** -0.5, (k + 1) * 4000**-1.5)
    )
    used = []
    for _ in range(5):
        used.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        noam.step()
    np.testing.assert_allclose(
        used, REFERENCE.reference(np.arange(5), "noam", 1.0, 4000, d_model=512), rtol=1e-12
    )


def test_random_cases_cover_all_schedules_around_the_peak() -> None:
    cases = [c for s in range(4) for c in EX.random_cases(s)]
    assert {c.args[1] for c in cases} == {"noam", "cosine", "inverse_sqrt"}
    assert all(c.args[3] - 1 in c.args[0].tolist() for c in cases)
