"""Reference for `label_map_to_boxes`: turn a semantic segmentation (one class per pixel) into
detection-style objects (one box, class and area per object).

A semantic label map says which class each pixel has but not which object it belongs to, so the
objects have to be recovered: here an object is a 4-connected component of pixels of one
non-background class. Boxes are [x1, y1, x2, y2] with inclusive pixel indices (x = column,
y = row), torchvision's `masks_to_boxes` convention; areas are pixel counts (the mask area, as in
COCO's `area` field), not box areas. Objects come in the order a row-by-row scan first meets them.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from quizprep.grading.cases import Case


def reference(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flood fill (breadth first) from each not-yet-visited foreground pixel, in raster order."""
    labels = np.asarray(labels)
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
                for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
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


def oracle(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Independent PyTorch version: label propagation. Every foreground pixel starts with its
    own row-major index; each sweep gives it the smallest index among itself and its up, down,
    left and right neighbours of the same class, until nothing changes. Each component then
    carries the index of its first pixel in raster order, so sorting those indices gives the
    scan order; boxes and areas come from scatter_reduce over the pixel coordinates."""
    import torch

    lab = torch.as_tensor(np.asarray(labels), dtype=torch.int64)
    height, width = lab.shape
    foreground = lab != 0
    none = height * width  # larger than every pixel index
    flat = torch.arange(height * width, dtype=torch.int64).reshape(height, width)
    ids = torch.where(foreground, flat, torch.full_like(flat, none))
    same_down = foreground[:-1, :] & (lab[:-1, :] == lab[1:, :])  # pixel and the one below
    same_right = foreground[:, :-1] & (lab[:, :-1] == lab[:, 1:])  # pixel and the one right
    while True:
        new = ids.clone()
        new[1:, :] = torch.where(same_down, torch.minimum(new[1:, :], ids[:-1, :]), new[1:, :])
        new[:-1, :] = torch.where(same_down, torch.minimum(new[:-1, :], ids[1:, :]), new[:-1, :])
        new[:, 1:] = torch.where(same_right, torch.minimum(new[:, 1:], ids[:, :-1]), new[:, 1:])
        new[:, :-1] = torch.where(same_right, torch.minimum(new[:, :-1], ids[:, 1:]), new[:, :-1])
        if torch.equal(new, ids):
            break
        ids = new
    roots, component = torch.unique(ids[foreground], sorted=True, return_inverse=True)
    count = roots.numel()
    rows, cols = torch.nonzero(foreground, as_tuple=True)  # same raster order as ids[foreground]

    def reduce(values: torch.Tensor, how: str) -> torch.Tensor:
        start = values.new_zeros(count)
        return start.scatter_reduce(0, component, values, how, include_self=False)

    boxes = torch.stack(
        [reduce(cols, "amin"), reduce(rows, "amin"), reduce(cols, "amax"), reduce(rows, "amax")],
        dim=1,
    )
    areas = torch.bincount(component, minlength=count)
    classes = lab.reshape(-1)[roots]
    return boxes.reshape(-1, 4).numpy(), classes.numpy(), areas.numpy()


def _case(name: str, rows: list[str]) -> Case:
    """A label map drawn as strings: '.' is background, a digit is that class."""
    labels = np.array([[0 if ch == "." else int(ch) for ch in row] for row in rows], dtype=np.int64)
    return Case(name, (labels,))


def edge_cases() -> list[Case]:
    """Fixed cases, each aimed at a mistake: inclusive corners and x before y, one object per
    component (not per class), 4- not 8-connectivity, class boundaries, no wrap-around, scan
    order, pixel areas, components that a single raster pass splits, and no objects at all."""
    return [
        _case("all background: no objects, arrays of shape (0, 4), (0,) and (0,)", ["...", "..."]),
        _case(
            "a single pixel of class 1 at row 1, column 2: box [2, 1, 2, 1] (x first, inclusive)",
            ["....", "..1.", "...."],
        ),
        _case(
            "a 2-row, 3-column rectangle at rows 1-2, columns 1-3: box [1, 1, 3, 2]",
            [".....", ".111.", ".111.", "....."],
        ),
        _case("the whole image is one object: box [0, 0, W - 1, H - 1]", ["22222", "22222"]),
        _case(
            "two separate blobs of the same class: two objects, not one box per class",
            ["11...", "11...", "...11", "...11"],
        ),
        _case(
            "two pixels touching only at a corner: not 4-connected, so two objects",
            ["1..", ".1.", "..."],
        ),
        _case(
            "two touching regions of different classes: two objects, one per class",
            ["1122", "1122", "...."],
        ),
        _case(
            "class 1 at the left and right borders of a row: the image does not wrap around",
            ["1...1", ".....", "1...."],
        ),
        _case(
            "a class-2 object is met before a class-1 object: objects come in scan order",
            ["..2..", "..2..", "1...."],
        ),
        _case(
            "an L-shaped object: its area is its 5 pixels, not the 9 of its box",
            ["1..", "1..", "111"],
        ),
        _case(
            "a U shape: its two arms join only at the bottom row, one object",
            ["1.1", "1.1", "111"],
        ),
        _case(
            "two lone pixels of class 3 in a sea of background: background (0) is never an object",
            ["......", ".3....", "......", "....3."],
        ),
        _case(
            "a ring of class 1 around a hole of class 2: two objects, one box inside the other",
            ["11111", "12221", "12221", "11111"],
        ),
        _case(
            "a snake that doubles back: one object, long paths between its pixels",
            ["1111111", "......1", "1111111", "1......", "1111111"],
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Overlapping random rectangles of classes 1 to 3 painted in turn, plus scattered single
    pixels: same-class rectangles merge, different classes touch, pixels touch at corners."""
    height, width = int(rng.integers(1, 17)), int(rng.integers(1, 21))
    num_classes = int(rng.integers(1, 4))
    labels = np.zeros((height, width), dtype=np.int64)
    rectangles = int(rng.integers(0, 7))
    for _ in range(rectangles):
        top, left = int(rng.integers(0, height)), int(rng.integers(0, width))
        bottom = int(rng.integers(top, min(height, top + 6))) + 1
        right = int(rng.integers(left, min(width, left + 8))) + 1
        labels[top:bottom, left:right] = int(rng.integers(1, num_classes + 1))
    scattered = rng.random((height, width)) < 0.08
    labels[scattered] = rng.integers(0, num_classes + 1, size=int(scattered.sum()))
    return Case(
        f"random #{index}: a {height}x{width} map, {rectangles} rectangle(s), "
        f"classes 1 to {num_classes}",
        (labels,),
    )
