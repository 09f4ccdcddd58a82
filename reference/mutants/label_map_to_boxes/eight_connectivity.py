"""Mutant: diagonal neighbours count (8-connectivity), so pixels touching only at a
corner are merged into one object."""

from collections import deque

import numpy as np


def label_map_to_boxes(labels):
    height, width = labels.shape
    visited = np.zeros((height, width), dtype=bool)
    boxes, classes, areas = [], [], []
    for row in range(height):
        for col in range(width):
            cls = labels[row, col]
            if cls == 0 or visited[row, col]:
                continue
            visited[row, col] = True
            queue = deque([(row, col)])
            x1, y1, x2, y2, area = col, row, col, row, 0
            while queue:
                y, x = queue.popleft()
                area += 1
                x1, y1, x2, y2 = min(x1, x), min(y1, y), max(x2, x), max(y2, y)
                for ny, nx in [
                    (y + dy, x + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx
                ]:
                    inside = 0 <= ny < height and 0 <= nx < width
                    if inside and not visited[ny, nx] and labels[ny, nx] == cls:
                        visited[ny, nx] = True
                        queue.append((ny, nx))
            boxes.append([x1, y1, x2, y2])
            classes.append(int(cls))
            areas.append(area)
    return (
        np.array(boxes, dtype=np.int64).reshape(-1, 4),
        np.array(classes, dtype=np.int64),
        np.array(areas, dtype=np.int64),
    )
