"""Alternative solution in PyTorch: pop the best remaining box, drop the remaining boxes that
overlap it by more than the threshold, repeat (the textbook loop)."""

import torch


def nms(boxes, scores, iou_threshold):
    if bool((boxes[:, 2] <= boxes[:, 0]).any() or (boxes[:, 3] <= boxes[:, 1]).any()):
        raise ValueError("boxes must be [x1, y1, x2, y2] with x1 < x2 and y1 < y2")
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    remaining = torch.sort(scores, descending=True, stable=True).indices
    keep = []
    while remaining.numel() > 0:
        best, rest = remaining[0], remaining[1:]
        keep.append(int(best))
        lt = torch.maximum(boxes[best, :2], boxes[rest, :2])
        rb = torch.minimum(boxes[best, 2:], boxes[rest, 2:])
        wh = (rb - lt).clamp(min=0)
        inter = wh[:, 0] * wh[:, 1]
        iou = inter / (area[best] + area[rest] - inter)
        remaining = rest[iou <= iou_threshold]
    return torch.tensor(keep, dtype=torch.int64)
