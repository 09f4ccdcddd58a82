"""Checks of the label_map_to_boxes reference: painted rectangles come back as their inclusive
boxes, every foreground pixel is in exactly one object, objects come in scan order, and what a
semantic map cannot tell apart (touching objects of one class) merges."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("label_map_to_boxes", "q45_detection_vs_segmentation.yaml")
REFERENCE = EX.reference


def test_separated_rectangles_come_back_as_their_inclusive_boxes() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        labels = np.zeros((24, 30), dtype=np.int64)
        painted = []
        for cell_row in range(3):  # one rectangle per 8x10 cell, a free row/column between cells
            for cell_col in range(3):
                if rng.random() < 0.3:
                    continue
                h, w = int(rng.integers(1, 8)), int(rng.integers(1, 10))
                top, left = cell_row * 8 + int(rng.integers(0, 8 - h)), cell_col * 10
                left += int(rng.integers(0, 10 - w))
                cls = int(rng.integers(1, 4))
                labels[top : top + h, left : left + w] = cls
                painted.append(((top, left), [left, top, left + w - 1, top + h - 1], cls, h * w))
        painted.sort(key=lambda item: item[0])  # scan order = (top, left) for rectangles
        boxes, classes, areas = REFERENCE.reference(labels)
        assert boxes.tolist() == [item[1] for item in painted]
        assert classes.tolist() == [item[2] for item in painted]
        assert areas.tolist() == [item[3] for item in painted]


def test_objects_partition_the_foreground_in_scan_order() -> None:
    for case in EX.every_case(range(5)):
        (labels,) = case.args
        boxes, classes, areas = REFERENCE.reference(labels)
        assert boxes.dtype.kind == classes.dtype.kind == areas.dtype.kind == "i", case.name
        assert boxes.shape == (len(classes), 4) and areas.shape == classes.shape, case.name
        assert areas.sum() == np.count_nonzero(labels), case.name
        assert (classes > 0).all() and (areas >= 1).all(), case.name
        widths, heights = boxes[:, 2] - boxes[:, 0] + 1, boxes[:, 3] - boxes[:, 1] + 1
        assert (widths >= 1).all() and (heights >= 1).all(), case.name
        assert (areas <= widths * heights).all(), case.name
        assert (boxes[:, 2] < labels.shape[1]).all() and (boxes[:, 3] < labels.shape[0]).all()
        # the first pixel of each object (top row of its box, first pixel of its class there)
        firsts = []
        for (x1, y1, x2, _), cls in zip(boxes, classes, strict=True):
            row = labels[y1, x1 : x2 + 1]
            firsts.append(y1 * labels.shape[1] + x1 + int(np.argmax(row == cls)))
        assert firsts == sorted(firsts), case.name


def test_touching_objects_of_one_class_merge_but_not_across_classes() -> None:
    two_people = np.array([[1, 1, 1, 1], [1, 1, 1, 1]])  # two 2x2 "persons" side by side
    boxes, classes, areas = REFERENCE.reference(two_people)
    assert boxes.tolist() == [[0, 0, 3, 1]] and areas.tolist() == [8]
    person_and_bike = np.array([[1, 1, 2, 2], [1, 1, 2, 2]])
    boxes, classes, areas = REFERENCE.reference(person_and_bike)
    assert boxes.tolist() == [[0, 0, 1, 1], [2, 0, 3, 1]] and classes.tolist() == [1, 2]


def test_ring_around_a_hole() -> None:
    labels = np.array([[1, 1, 1, 1, 1], [1, 2, 2, 2, 1], [1, 1, 1, 1, 1]])
    boxes, classes, areas = REFERENCE.reference(labels)
    assert boxes.tolist() == [[0, 0, 4, 2], [1, 1, 3, 1]]
    assert classes.tolist() == [1, 2] and areas.tolist() == [12, 3]


def test_separated_objects_match_torchvision_style_boxes_of_their_instance_masks() -> None:
    """When no two objects of a class touch, the semantic map loses nothing: boxing each instance
    mask the way torchvision.ops.masks_to_boxes does (torch.where, then min and max of x and y)
    gives the reference's boxes, and the mask sizes its areas."""
    import torch

    rng = np.random.default_rng(1)
    for _ in range(30):
        masks = []
        labels = np.zeros((20, 20), dtype=np.int64)
        for index in range(int(rng.integers(1, 5))):  # blobs in separate 5-row bands
            lengths = rng.integers(1, 21, size=4)  # each row a run from column 0: connected
            blob = np.arange(20)[None, :] < lengths[:, None]
            mask = np.zeros((20, 20), dtype=bool)
            mask[index * 5 : index * 5 + 4] = blob
            masks.append(mask)
            labels[mask] = index % 2 + 1
        instance = torch.from_numpy(np.stack(masks))
        expected = torch.zeros((len(masks), 4), dtype=torch.int64)
        for n, mask in enumerate(instance):
            y, x = torch.where(mask)
            expected[n] = torch.stack([x.min(), y.min(), x.max(), y.max()])
        boxes, classes, areas = REFERENCE.reference(labels)
        assert np.array_equal(boxes, expected.numpy())
        assert areas.tolist() == [int(m.sum()) for m in masks]
        assert classes.tolist() == [n % 2 + 1 for n in range(len(masks))]
