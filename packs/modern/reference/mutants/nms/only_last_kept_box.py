"""Mutant: compares each box only with the previous kept box (keep[-1]) instead of with every
kept box, so a duplicate of an earlier kept box survives once another box was kept between."""

import numpy as np


def _iou(box, other):
    w = max(min(box[2], other[2]) - max(box[0], other[0]), 0.0)
    h = max(min(box[3], other[3]) - max(box[1], other[1]), 0.0)
    inter = w * h
    area = (box[2] - box[0]) * (box[3] - box[1])
    area_other = (other[2] - other[0]) * (other[3] - other[1])
    return inter / (area + area_other - inter)


def nms(boxes, scores, iou_threshold):
    if np.any(boxes[:, 2] <= boxes[:, 0]) or np.any(boxes[:, 3] <= boxes[:, 1]):
        raise ValueError("invalid box")
    keep = []
    for i in np.argsort(-scores, kind="stable"):
        if not keep or _iou(boxes[i], boxes[keep[-1]]) <= iou_threshold:
            keep.append(int(i))
    return np.array(keep, dtype=np.int64)
