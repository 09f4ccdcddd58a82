"""Alternative solution: the classic two-pass labelling. The first raster pass links each pixel
to its upper and left neighbours of the same class in a union-find forest; the second collects
boxes and areas per root, in the order the scan first met each object."""

import numpy as np


def label_map_to_boxes(labels):
    height, width = labels.shape
    parent = list(range(height * width))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]  # path halving
            i = parent[i]
        return i

    def union(i, j):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    for y in range(height):
        for x in range(width):
            cls = labels[y, x]
            if cls == 0:
                continue
            if y > 0 and labels[y - 1, x] == cls:
                union(y * width + x, (y - 1) * width + x)
            if x > 0 and labels[y, x - 1] == cls:
                union(y * width + x, y * width + x - 1)

    objects = {}  # root -> [x1, y1, x2, y2, class, area]; dicts keep insertion (scan) order
    for y in range(height):
        for x in range(width):
            if labels[y, x] == 0:
                continue
            root = find(y * width + x)
            if root not in objects:
                objects[root] = [x, y, x, y, int(labels[y, x]), 0]
            box = objects[root]
            box[0], box[1] = min(box[0], x), min(box[1], y)
            box[2], box[3] = max(box[2], x), max(box[3], y)
            box[5] += 1
    rows = np.array(list(objects.values()), dtype=np.int64).reshape(-1, 6)
    return rows[:, :4], rows[:, 4], rows[:, 5]
