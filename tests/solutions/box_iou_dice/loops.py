"""box_iou_dice one pair of boxes at a time, with plain Python numbers."""

import numpy as np


def _area(box):
    x1, y1, x2, y2 = box
    if x2 < x1 or y2 < y1:
        raise ValueError(f"invalid box {box}")
    return (x2 - x1) * (y2 - y1)


def box_iou_dice(boxes1, boxes2):
    areas1 = [_area(b) for b in boxes1.tolist()]
    areas2 = [_area(b) for b in boxes2.tolist()]
    iou = np.zeros((len(areas1), len(areas2)))
    dice = np.zeros((len(areas1), len(areas2)))
    for i, (ax1, ay1, ax2, ay2) in enumerate(boxes1.tolist()):
        for j, (bx1, by1, bx2, by2) in enumerate(boxes2.tolist()):
            width = max(0.0, min(ax2, bx2) - max(ax1, bx1))
            height = max(0.0, min(ay2, by2) - max(ay1, by1))
            intersection = width * height
            total = areas1[i] + areas2[j]
            if total > 0:  # total == 0 only for two zero-area boxes: leave 0
                iou[i, j] = intersection / (total - intersection)
                dice[i, j] = 2 * intersection / total
    return iou, dice
