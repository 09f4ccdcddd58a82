"""Facts about the box_iou_dice exercise: it agrees with counting pixels, Dice is a function of
IoU, the result is symmetric, and a float32 learner passes the tolerance."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_torch

EX = ExerciseUnderTest.load("box_iou_dice", "q63_detection_segmentation_metrics.yaml")
REFERENCE = EX.reference


def _mask(box: np.ndarray, scale: int) -> np.ndarray:
    """The unit cells covered by a box whose corners are multiples of 1/scale, on a 0..25 grid."""
    x1, y1, x2, y2 = (np.asarray(box) * scale).round().astype(int)
    grid = np.zeros((25 * scale, 25 * scale), dtype=bool)
    grid[y1:y2, x1:x2] = True
    return grid


def test_matches_a_brute_force_rasterisation() -> None:
    cases = [c for c in EX.every_case() if "integer corners" in c.name]
    cases += [c for c in REFERENCE.edge_cases() if c.raises is None and np.all(c.args[1] < 25)]
    assert len(cases) > 100
    for case in cases:
        boxes1, boxes2 = case.args
        if np.any(boxes1 >= 25):
            continue
        iou, dice = REFERENCE.reference(boxes1, boxes2)
        for i, a in enumerate(boxes1):
            for j, b in enumerate(boxes2):
                mask_a, mask_b = _mask(a, 2), _mask(b, 2)  # scale 2: half-integer corners too
                inter = np.sum(mask_a & mask_b)
                union = np.sum(mask_a | mask_b)
                total = mask_a.sum() + mask_b.sum()
                assert np.isclose(iou[i, j], inter / union if union else 0.0), case.name
                assert np.isclose(dice[i, j], 2 * inter / total if total else 0.0), case.name


def test_dice_is_a_function_of_iou_and_the_result_is_symmetric() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        iou, dice = REFERENCE.reference(*case.args)
        np.testing.assert_allclose(dice, 2 * iou / (1 + iou))
        assert np.all((iou >= 0) & (iou <= dice) & (dice <= 1))
        iou_t, dice_t = REFERENCE.reference(*case.args[::-1])
        np.testing.assert_allclose(iou_t, iou.T)
        np.testing.assert_allclose(dice_t, dice.T)


def test_empty_input_gives_an_empty_matrix() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "N=0" in c.name)
    iou, dice = REFERENCE.reference(*case.args)
    assert iou.shape == dice.shape == (0, case.args[1].shape[0])


def test_a_float32_learner_passes_the_tolerance() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py", "solution")
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        iou, dice = function(*as_torch(case.args, torch.float32))
        expected = REFERENCE.reference(*case.args)
        assert EX.within_tolerance(iou, expected[0]), case.name
        assert EX.within_tolerance(dice, expected[1]), case.name
