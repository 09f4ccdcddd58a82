"""Alternative solution: the whole IoU matrix at once (NumPy broadcasting), then one pass over
the boxes in score order with a 'suppressed' mask that only kept boxes write to."""

import numpy as np


def nms(boxes, scores, iou_threshold):
    x1, y1, x2, y2 = boxes.T
    if np.any(x2 <= x1) or np.any(y2 <= y1):
        raise ValueError("boxes must be [x1, y1, x2, y2] with x1 < x2 and y1 < y2")
    area = (x2 - x1) * (y2 - y1)
    overlap_w = np.clip(np.minimum(x2[:, None], x2) - np.maximum(x1[:, None], x1), 0, None)
    overlap_h = np.clip(np.minimum(y2[:, None], y2) - np.maximum(y1[:, None], y1), 0, None)
    inter = overlap_w * overlap_h
    iou = inter / (area[:, None] + area[None, :] - inter)
    suppressed = np.zeros(len(scores), dtype=bool)
    keep = []
    for i in np.lexsort((np.arange(len(scores)), -scores)):
        if not suppressed[i]:
            keep.append(i)
            suppressed |= iou[i] > iou_threshold
    return np.array(keep, dtype=np.int64)
