"""Mutant: the right boxes, returned in index order (a boolean 'kept' mask turned into indices
with np.nonzero / np.sort) instead of by decreasing score."""

import numpy as np


def _iou(box, others):
    w = np.clip(np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]), 0, None)
    h = np.clip(np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]), 0, None)
    inter = w * h
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1])
    return inter / (area + areas - inter)


def nms(boxes, scores, iou_threshold):
    if np.any(boxes[:, 2] <= boxes[:, 0]) or np.any(boxes[:, 3] <= boxes[:, 1]):
        raise ValueError("invalid box")
    kept = np.zeros(len(scores), dtype=bool)
    for i in np.argsort(-scores, kind="stable"):
        if not np.any(_iou(boxes[i], boxes[kept]) > iou_threshold):
            kept[i] = True
    return np.nonzero(kept)[0].astype(np.int64)
