"""Mutant: marks suppressed boxes by setting their score to -inf in the caller's array (the
kept indices are right, but the input is changed in place)."""

import numpy as np


def nms(boxes, scores, iou_threshold):
    if np.any(boxes[:, 2] <= boxes[:, 0]) or np.any(boxes[:, 3] <= boxes[:, 1]):
        raise ValueError("invalid box")
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    keep = []
    for i in np.argsort(-scores, kind="stable"):
        if scores[i] == -np.inf:
            continue
        keep.append(int(i))
        w = np.clip(
            np.minimum(boxes[i, 2], boxes[:, 2]) - np.maximum(boxes[i, 0], boxes[:, 0]), 0, None
        )
        h = np.clip(
            np.minimum(boxes[i, 3], boxes[:, 3]) - np.maximum(boxes[i, 1], boxes[:, 1]), 0, None
        )
        inter = w * h
        iou = inter / (area[i] + area - inter)
        overlapping = iou > iou_threshold
        overlapping[keep] = False
        scores[overlapping] = -np.inf
    return np.array(keep, dtype=np.int64)
