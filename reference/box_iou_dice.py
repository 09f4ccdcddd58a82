"""Reference for `box_iou_dice`: pairwise IoU and Dice of two sets of axis-aligned boxes.

Boxes are (x1, y1, x2, y2) with x1 <= x2 and y1 <= y2, in continuous coordinates: the width is
x2 - x1 (no "+ 1" pixel convention). For boxes A and B

    IoU  = |A ∩ B| / |A ∪ B|,  |A ∪ B| = |A| + |B| - |A ∩ B|
    Dice = 2 |A ∩ B| / (|A| + |B|)  = 2 IoU / (1 + IoU)

When both boxes have zero area the ratios are 0/0; this exercise defines both as 0 (a
degenerate box matches nothing). torchvision.ops.box_iou returns NaN there instead.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(boxes: np.ndarray, name: str) -> None:
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(f"{name} must have shape (K, 4), not {boxes.shape}")
    if np.any(boxes[:, 2] < boxes[:, 0]) or np.any(boxes[:, 3] < boxes[:, 1]):
        raise ValueError(f"{name} has a box with x2 < x1 or y2 < y1")


def reference(boxes1: np.ndarray, boxes2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(iou, dice), each (N, M), for boxes1 (N, 4) and boxes2 (M, 4)."""
    _check(boxes1, "boxes1")
    _check(boxes2, "boxes2")
    area1 = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
    area2 = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
    top_left = np.maximum(boxes1[:, None, :2], boxes2[None, :, :2])  # (N, M, 2)
    bottom_right = np.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])
    overlap = np.clip(bottom_right - top_left, 0.0, None)  # disjoint boxes overlap by 0, not < 0
    intersection = overlap[..., 0] * overlap[..., 1]
    total = area1[:, None] + area2[None, :]
    union = total - intersection
    empty = union <= 0  # both boxes have zero area (then total is 0 too)
    iou = np.where(empty, 0.0, intersection / np.where(empty, 1.0, union))
    dice = np.where(empty, 0.0, 2.0 * intersection / np.where(empty, 1.0, total))
    return iou, dice


def oracle(boxes1: np.ndarray, boxes2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same in PyTorch (torchvision is not a dependency), torchvision.ops.box_iou-style."""
    import torch

    _check(boxes1, "boxes1")
    _check(boxes2, "boxes2")
    a, b = torch.from_numpy(boxes1), torch.from_numpy(boxes2)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    total = area_a[:, None] + area_b[None, :]
    union = total - inter
    iou = torch.nan_to_num(inter / union, nan=0.0)  # 0/0 only when both areas are 0
    dice = torch.nan_to_num(2 * inter / total, nan=0.0)
    return iou.numpy().copy(), dice.numpy().copy()


def _boxes(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float64).reshape(-1, 4)


def edge_cases() -> list[Case]:
    """Fixed cases: identical, disjoint, touching, nested, degenerate, empty and invalid boxes
    (x2 < x1 and y2 < y1, in boxes1 and in boxes2)."""
    square = [[0, 0, 2, 2]]
    return [
        Case("identical boxes: IoU 1, Dice 1", (_boxes(square), _boxes(square))),
        Case(
            "[0,0,2,2] vs [1,1,3,3] (integer corners; width is x2 - x1, no +1): IoU 1/7, Dice 1/4",
            (_boxes(square), _boxes([[1, 1, 3, 3]])),
        ),
        Case(
            "disjoint boxes, apart in both x and y: 0 (clamp the overlap at 0)",
            (_boxes(square), _boxes([[5, 6, 8, 9]])),
        ),
        Case(
            "disjoint in x but overlapping in y: 0, not negative",
            (_boxes([[0, 0, 2, 4]]), _boxes([[3, 1, 6, 3]])),
        ),
        Case(
            "boxes that touch along an edge or at a corner: zero overlap area",
            (_boxes(square), _boxes([[2, 0, 4, 2], [2, 2, 3, 3]])),
        ),
        Case(
            "a box inside another: IoU = small area / large area",
            (_boxes([[1, 1, 3, 2]]), _boxes([[0, 0, 4, 4]])),
        ),
        Case(
            "zero-area boxes (a point and a line) against a real box: 0",
            (_boxes([[1, 1, 1, 1], [0, 1, 2, 1]]), _boxes(square)),
        ),
        Case(
            "two identical zero-area boxes: 0/0, defined here as 0 (not NaN)",
            (_boxes([[1, 1, 1, 1], [0, 1, 3, 1]]), _boxes([[1, 1, 1, 1], [0, 1, 3, 1]])),
        ),
        Case(
            "3 predictions vs 5 ground-truth boxes: the result is (3, 5), rows follow boxes1",
            (
                _boxes([[0, 0, 4, 4], [2, 2, 6, 5], [10, 10, 12, 11]]),
                _boxes(
                    [[1, 1, 4, 4], [0, 0, 1, 1], [3, 3, 7, 7], [9, 9, 13, 12], [2.5, 0, 3.5, 8]]
                ),
            ),
        ),
        Case(
            "no predicted boxes (N=0): an empty (0, M) result",
            (_boxes([]), _boxes([[0, 0, 1, 1], [1, 1, 2, 3]])),
        ),
        Case(
            "float coordinates in a 1000-pixel image",
            (
                _boxes([[100.5, 200.25, 400.75, 500.0], [650.2, 10.0, 990.9, 300.3]]),
                _boxes([[150.0, 250.5, 420.0, 480.5], [600.0, 0.0, 900.0, 200.0]]),
            ),
        ),
        Case(
            "no ground-truth boxes (M=0): an empty (N, 0) result",
            (_boxes([[0, 0, 1, 1], [1, 1, 2, 3]]), _boxes([])),
        ),
        Case(
            "a box in boxes2 with x2 < x1: must raise ValueError",
            (_boxes(square), _boxes([[3, 0, 1, 2]])),
            raises="ValueError",
        ),
        Case(
            "a box in boxes2 with y2 < y1: must raise ValueError",
            (_boxes(square), _boxes([[0, 3, 2, 1]])),
            raises="ValueError",
        ),
        Case(
            "the second box of boxes1 has x2 < x1: must raise ValueError",
            (_boxes([[0, 0, 2, 2], [4, 1, 1, 3]]), _boxes([[1, 1, 3, 3]])),
            raises="ValueError",
        ),
        Case(
            "the second box of boxes1 has y2 < y1: must raise ValueError",
            (_boxes([[0, 0, 2, 2], [1, 4, 3, 1]]), _boxes([[1, 1, 3, 3]])),
            raises="ValueError",
        ),
    ]


def _random_boxes(rng: np.random.Generator, count: int, integer: bool) -> np.ndarray:
    """Boxes in a 20x20 area; integer corners make touching and nested boxes likely."""
    if integer:
        corners = rng.integers(0, 13, size=(count, 2))
        sizes = rng.integers(0, 8, size=(count, 2))
    else:
        corners = rng.uniform(0.0, 12.0, size=(count, 2))
        sizes = rng.uniform(0.0, 8.0, size=(count, 2))
    return np.concatenate([corners, corners + sizes], axis=1).astype(np.float64)


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random N, M up to 8; even indices use integer corners, odd ones floats."""
    N = int(rng.integers(1, 9))
    M = int(rng.integers(1, 9))
    integer = index % 2 == 0
    kind = "integer" if integer else "float"
    return Case(
        f"random #{index}: {N} vs {M} boxes, {kind} corners",
        (_random_boxes(rng, N, integer), _random_boxes(rng, M, integer)),
    )
