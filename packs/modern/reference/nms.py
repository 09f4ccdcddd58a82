"""Reference for `nms`: greedy non-maximum suppression, as torchvision.ops.nms defines it.

Boxes are (x1, y1, x2, y2) with x1 < x2 and y1 < y2, in continuous coordinates (the width is
x2 - x1, no "+ 1" pixel convention). The boxes are visited by decreasing score, equal scores by
lower index (a stable sort; torchvision's own sort does not promise that order). A box is kept
unless its IoU with a box *already kept* is strictly greater than the threshold; kept boxes are
returned in the order they were visited.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(boxes: np.ndarray) -> None:
    if np.any(boxes[:, 2] <= boxes[:, 0]) or np.any(boxes[:, 3] <= boxes[:, 1]):
        raise ValueError("every box needs x1 < x2 and y1 < y2 (is it [x, y, w, h]?)")


def _iou(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """IoU of one box (4,) with each of `others` (K, 4)."""
    width = np.clip(np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]), 0, None)
    height = np.clip(np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]), 0, None)
    intersection = width * height
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1])
    return intersection / (area + areas - intersection)


def reference(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Indices of the kept boxes, highest score first (ties: lower index first)."""
    _check(boxes)
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    for i in order:
        if not keep or not np.any(_iou(boxes[i], boxes[keep]) > iou_threshold):
            keep.append(int(i))
    return np.array(keep, dtype=np.int64)


def oracle(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """The same in PyTorch (torchvision is not a dependency): the full IoU matrix, a stable
    descending sort, and a running 'suppressed' mask that only kept boxes write to."""
    import torch

    b, s = torch.from_numpy(boxes), torch.from_numpy(scores)
    if bool(((b[:, 2] <= b[:, 0]) | (b[:, 3] <= b[:, 1])).any()):
        raise ValueError("every box needs x1 < x2 and y1 < y2")
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(b[:, None, :2], b[None, :, :2])
    rb = torch.min(b[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    iou = inter / (area[:, None] + area[None, :] - inter)
    order = torch.sort(s, descending=True, stable=True).indices
    suppressed = torch.zeros(len(s), dtype=torch.bool)
    keep = []
    for i in order.tolist():
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= iou[i] > iou_threshold
    return torch.tensor(keep, dtype=torch.int64).numpy()


def _case(
    name: str,
    boxes: list[list[float]],
    scores: list[float],
    iou_threshold: float,
    raises: str | None = None,
) -> Case:
    return Case(
        name,
        (
            np.array(boxes, dtype=np.float64).reshape(-1, 4),
            np.array(scores, dtype=np.float64),
            float(iou_threshold),
        ),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """Fixed cases, each aimed at a mistake: IoU exactly at the threshold, chains where a
    suppressed box must not suppress, ties, order of the output, +1 pixel areas, bad boxes."""
    return [
        _case("no boxes: an empty integer array", [], [], 0.5),
        _case("one box: kept", [[0, 0, 2, 2]], [0.3], 0.5),
        _case(
            "IoU exactly 0.5 = threshold: keep both, [0, 1] (only IoU > threshold suppresses)",
            [[0, 0, 4, 1], [0, 0, 2, 1]],
            [0.9, 0.8],
            0.5,
        ),
        _case(
            "touching boxes (IoU 0) with threshold 0: keep all, [1, 2, 0] (0 > 0 is false)",
            [[0, 0, 1, 1], [1, 0, 2, 1], [0, 1, 1, 2]],
            [0.5, 0.7, 0.6],
            0.0,
        ),
        _case(
            "equal scores: visit the lower index first, and return [0, 2] in that order",
            [[0, 0, 2, 2], [0, 0, 2, 2], [5, 5, 7, 7]],
            [0.5, 0.5, 0.5],
            0.5,
        ),
        _case(
            "a chain A-B-C: A suppresses B, and B (suppressed) must not suppress C: keep [0, 2]",
            [[0, 0, 4, 2], [2, 0, 6, 2], [4, 0, 8, 2]],
            [0.9, 0.8, 0.7],
            0.3,
        ),
        _case(
            "the kept list is in score order, [2, 1, 0], not in index order",
            [[0, 0, 2, 2], [10, 0, 12, 2], [20, 0, 22, 2]],
            [0.2, 0.5, 0.9],
            0.5,
        ),
        _case(
            "compare with every kept box, not just the last: box 3 overlaps box 0; keep [0, 1, 2]",
            [[0, 0, 2, 2], [10, 0, 12, 2], [20, 0, 22, 2], [0, 0, 2, 2.5]],
            [0.9, 0.8, 0.7, 0.6],
            0.5,
        ),
        _case(
            "[0,0,2,2] vs [1,0,3,2]: IoU 1/3 (+1 on widths gives 1/2), threshold 0.4: keep [0, 1]",
            [[0, 0, 2, 2], [1, 0, 3, 2]],
            [0.6, 0.4],
            0.4,
        ),
        _case(
            "a box with x2 < x1 (given as [x, y, w, h]?): raise ValueError",
            [[0, 0, 2, 2], [5, 5, 2, 7]],
            [0.9, 0.8],
            0.5,
            raises="ValueError",
        ),
        _case(
            "a box with y2 < y1: raise ValueError",
            [[0, 0, 2, 2], [1, 4, 3, 1]],
            [0.9, 0.8],
            0.5,
            raises="ValueError",
        ),
        _case(
            "two clusters of duplicates with mixed scores, threshold 0.5: keep [4, 1, 5]",
            [
                [0, 0, 10, 10],
                [1, 1, 11, 11],
                [20, 20, 30, 30],
                [0, 1, 10, 11],
                [21, 20, 31, 30],
                [40, 0, 44, 4],
            ],
            [0.6, 0.9, 0.75, 0.8, 0.95, 0.1],
            0.5,
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Up to 14 boxes with integer corners on a small grid (many overlaps, IoU often exactly
    a dyadic threshold), scores rounded to 0.1 (ties), thresholds 0, 0.25, 0.5 or 0.75."""
    n = int(rng.integers(2, 15))
    corners = rng.integers(0, 12, size=(n, 2))
    sizes = rng.integers(1, 7, size=(n, 2))
    boxes = np.concatenate([corners, corners + sizes], axis=1).astype(np.float64)
    scores = np.round(rng.uniform(0.0, 1.0, size=n), 1)
    threshold = float(rng.choice([0.0, 0.25, 0.5, 0.75]))
    return Case(
        f"random #{index}: {n} boxes on a grid, threshold {threshold}",
        (boxes, scores, threshold),
    )
