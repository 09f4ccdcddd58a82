"""box_iou_dice for torch tensors (any device), broadcasting (N, 1, .) against (1, M, .)."""

import torch


def box_iou_dice(boxes1, boxes2):
    for boxes in (boxes1, boxes2):
        if bool((boxes[:, 2:] < boxes[:, :2]).any()):
            raise ValueError("a box has x2 < x1 or y2 < y1")
    area1 = (boxes1[:, 2:] - boxes1[:, :2]).prod(dim=1)
    area2 = (boxes2[:, 2:] - boxes2[:, :2]).prod(dim=1)
    low = torch.maximum(boxes1[:, None, :2], boxes2[None, :, :2])
    high = torch.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])
    intersection = (high - low).clamp(min=0).prod(dim=2)
    total = area1[:, None] + area2[None, :]
    union = total - intersection
    safe_union = torch.where(union > 0, union, torch.ones_like(union))
    safe_total = torch.where(total > 0, total, torch.ones_like(total))
    return intersection / safe_union, 2 * intersection / safe_total
