"""Mutant: checks y2 < y1 but never x2 < x1; otherwise correct."""

import numpy as np


def box_iou_dice(boxes1, boxes2):
    for boxes in (boxes1, boxes2):
        if np.any(boxes[:, 3] < boxes[:, 1]):
            raise ValueError("y2 < y1")
    area1 = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
    area2 = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
    lt = np.maximum(boxes1[:, None, :2], boxes2[None, :, :2])
    rb = np.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])
    wh = np.clip(rb - lt, 0.0, None)
    inter = wh[..., 0] * wh[..., 1]
    total = area1[:, None] + area2[None, :]
    union = total - inter
    empty = union <= 0
    iou = np.where(empty, 0.0, inter / np.where(empty, 1.0, union))
    dice = np.where(empty, 0.0, 2 * inter / np.where(empty, 1.0, total))
    return iou, dice
