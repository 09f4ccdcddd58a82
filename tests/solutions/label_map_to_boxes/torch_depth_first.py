"""Alternative solution with PyTorch tensors: a depth-first flood fill with an explicit stack
writes an object id into a tensor, then torch.nonzero gives each object's pixels."""

import torch


def label_map_to_boxes(labels):
    height, width = labels.shape
    grid = labels.tolist()
    ids = torch.full((height, width), -1, dtype=torch.int64)
    count = 0
    for row in range(height):
        for col in range(width):
            if grid[row][col] == 0 or ids[row, col] >= 0:
                continue
            cls, stack = grid[row][col], [(row, col)]
            ids[row, col] = count
            while stack:
                y, x = stack.pop()
                for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                    inside = 0 <= ny < height and 0 <= nx < width
                    if inside and grid[ny][nx] == cls and ids[ny, nx] < 0:
                        ids[ny, nx] = count
                        stack.append((ny, nx))
            count += 1
    boxes = torch.zeros((count, 4), dtype=torch.int64)
    classes = torch.zeros(count, dtype=torch.int64)
    areas = torch.zeros(count, dtype=torch.int64)
    for k in range(count):
        pixels = torch.nonzero(ids == k)  # (n, 2) rows of (y, x)
        boxes[k] = torch.stack(
            [pixels[:, 1].min(), pixels[:, 0].min(), pixels[:, 1].max(), pixels[:, 0].max()]
        )
        classes[k] = labels[pixels[0, 0], pixels[0, 1]]
        areas[k] = pixels.shape[0]
    return boxes, classes, areas
