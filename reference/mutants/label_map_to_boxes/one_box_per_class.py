"""Mutant: one box per class around all its pixels (semantic segmentation read as if each class
were one object), so separate objects of the same class share a box."""

import numpy as np


def label_map_to_boxes(labels):
    boxes, classes, areas = [], [], []
    seen = []
    for cls in labels.reshape(-1):
        if cls != 0 and int(cls) not in seen:
            seen.append(int(cls))
    for cls in seen:
        rows, cols = np.nonzero(labels == cls)
        boxes.append([cols.min(), rows.min(), cols.max(), rows.max()])
        classes.append(cls)
        areas.append(rows.size)
    return (
        np.array(boxes, dtype=np.int64).reshape(-1, 4),
        np.array(classes, dtype=np.int64),
        np.array(areas, dtype=np.int64),
    )
