"""Mutant: one raster pass that copies the label of the pixel above (or else the one to the left)
of the same class and starts a new label otherwise, without merging labels that later turn out
to be the same object: a U shape or a snake is split into several objects."""

import numpy as np


def label_map_to_boxes(labels):
    height, width = labels.shape
    ids = np.full((height, width), -1)
    count = 0
    for y in range(height):
        for x in range(width):
            cls = labels[y, x]
            if cls == 0:
                continue
            if y > 0 and labels[y - 1, x] == cls:
                ids[y, x] = ids[y - 1, x]
            elif x > 0 and labels[y, x - 1] == cls:
                ids[y, x] = ids[y, x - 1]
            else:
                ids[y, x] = count
                count += 1
    boxes, classes, areas = [], [], []
    for label in range(count):
        rows, cols = np.nonzero(ids == label)
        boxes.append([cols.min(), rows.min(), cols.max(), rows.max()])
        classes.append(int(labels[rows[0], cols[0]]))
        areas.append(rows.size)
    return (
        np.array(boxes, dtype=np.int64).reshape(-1, 4),
        np.array(classes, dtype=np.int64),
        np.array(areas, dtype=np.int64),
    )
