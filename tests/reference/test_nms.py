"""Checks of the nms reference: the greedy rule on hand-made layouts, its agreement with the
textbook 'pop the best, drop its overlaps' loop, and what the cases exercise."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("nms", "q25_non_max_suppression.yaml", MODERN)
REFERENCE = EX.reference


def _iou(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    width = np.clip(np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]), 0, None)
    height = np.clip(np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]), 0, None)
    inter = width * height
    area = (box[2] - box[0]) * (box[3] - box[1])
    return inter / (area + (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1]) - inter)


def _boxes(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float64).reshape(-1, 4)


def test_a_duplicate_goes_and_a_separate_object_stays() -> None:
    boxes = _boxes([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]])
    keep = REFERENCE.reference(boxes, np.array([0.9, 0.8, 0.7]), 0.5)
    np.testing.assert_array_equal(keep, [0, 2])
    assert keep.dtype.kind == "i"


def test_threshold_one_keeps_everything_and_zero_keeps_only_disjoint_boxes() -> None:
    boxes = _boxes([[0, 0, 2, 2], [0, 0, 2, 2], [1, 1, 3, 3], [5, 5, 6, 6]])
    scores = np.array([0.1, 0.4, 0.3, 0.2])
    np.testing.assert_array_equal(REFERENCE.reference(boxes, scores, 1.0), [1, 2, 3, 0])
    np.testing.assert_array_equal(REFERENCE.reference(boxes, scores, 0.0), [1, 3])


def test_matches_the_pop_and_filter_loop_on_every_case() -> None:
    def textbook(boxes: np.ndarray, scores: np.ndarray, threshold: float) -> list[int]:
        remaining = list(np.argsort(-scores, kind="stable"))
        keep = []
        while remaining:
            best = remaining.pop(0)
            keep.append(int(best))
            remaining = [j for j in remaining if _iou(boxes[best], boxes[[j]])[0] <= threshold]
        return keep

    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        assert REFERENCE.reference(*case.args).tolist() == textbook(*case.args), case.name


def test_kept_boxes_pairwise_overlap_at_most_the_threshold() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        boxes, _, threshold = case.args
        keep = REFERENCE.reference(*case.args)
        for i in keep:
            others = [j for j in keep if j != i]
            if others:
                assert np.all(_iou(boxes[i], boxes[others]) <= threshold)


def test_random_cases_have_ties_and_exact_threshold_overlaps() -> None:
    cases = [c for s in range(5) for c in EX.random_cases(s)]
    assert sum(len(set(c.args[1].tolist())) < len(c.args[1]) for c in cases) >= 20
    exact = 0
    for case in cases:
        boxes, _, threshold = case.args
        if threshold > 0:
            for i in range(len(boxes)):
                exact += int(np.sum(_iou(boxes[i], boxes[i + 1 :]) == threshold))
    assert exact > 0
