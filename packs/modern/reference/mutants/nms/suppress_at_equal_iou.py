"""Mutant: suppresses when IoU >= threshold, so a box whose IoU equals the threshold is dropped
(and with threshold 0 even disjoint boxes are)."""

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
    keep = []
    for i in np.argsort(-scores, kind="stable"):
        if not keep or not np.any(_iou(boxes[i], boxes[keep]) >= iou_threshold):
            keep.append(int(i))
    return np.array(keep, dtype=np.int64)
