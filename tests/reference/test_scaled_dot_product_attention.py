"""Checks of the scaled_dot_product_attention reference: masks, fully masked rows, float32."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("scaled_dot_product_attention", "q53_attention.yaml")
REFERENCE = EX.reference


def test_weights_sum_to_one_over_the_keys() -> None:
    """With v all ones, every row that can attend to something returns exactly ones."""
    for case in EX.every_case(range(3)):
        q, k, v = case.args
        out = REFERENCE.reference(q, k, np.ones_like(v), **case.kwargs)
        mask = case.kwargs.get("mask")
        allowed = np.ones(out.shape[:-1], dtype=bool)
        if mask is not None:
            allowed = np.broadcast_to(mask, (*q.shape[:-1], k.shape[-2])).any(axis=-1)
        np.testing.assert_allclose(out[allowed], 1.0, rtol=1e-12, err_msg=case.name)
        np.testing.assert_array_equal(out[~allowed], 0.0, err_msg=case.name)


def test_a_fully_masked_row_is_zero_and_leaves_the_other_rows_alone() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "all masked" in c.name)
    mask = case.kwargs["mask"]
    out = REFERENCE.reference(*case.args, mask=mask)
    assert not np.isnan(out).any()
    np.testing.assert_array_equal(out[~mask.any(axis=1)], 0.0)
    np.testing.assert_allclose(out, REFERENCE.oracle(*case.args, mask=mask), atol=1e-12)
    q, k, v = case.args
    keep = mask.any(axis=1)
    alone = REFERENCE.reference(q[keep], k, v, mask=mask[keep])
    np.testing.assert_allclose(out[keep], alone, rtol=1e-12)


def test_masked_keys_do_not_matter() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "causal" in c.name)
    q, k, v = case.args
    changed_k, changed_v = k.copy(), v.copy()
    changed_k[-1] = 1e6  # the last key is visible only to the last query
    changed_v[-1] = -1e6
    before = REFERENCE.reference(q, k, v, **case.kwargs)
    after = REFERENCE.reference(q, changed_k, changed_v, **case.kwargs)
    np.testing.assert_array_equal(after[:-1], before[:-1])


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        args, kwargs = as_torch(case.args, torch.float32), as_torch(case.kwargs)
        actual = as_numpy(function(*args, **kwargs))
        assert EX.close(actual, EX.expected(case)), case.name
