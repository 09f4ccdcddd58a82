"""Mutant: no check of the boxes, so a box with x2 < x1 or y2 < y1 (often an [x, y, w, h] box)
gets a negative area and a meaningless IoU instead of a ValueError."""

import numpy as np


def _iou(box, others):
    w = np.clip(np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]), 0, None)
    h = np.clip(np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]), 0, None)
    inter = w * h
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1])
    return inter / (area + areas - inter)


def nms(boxes, scores, iou_threshold):
    keep = []
    for i in np.argsort(-scores, kind="stable"):
        if not keep or not np.any(_iou(boxes[i], boxes[keep]) > iou_threshold):
            keep.append(int(i))
    return np.array(keep, dtype=np.int64)
