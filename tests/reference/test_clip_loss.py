"""Checks of the clip_loss reference: chance level log N, invariance to the embeddings' norms,
the two directions, and what the (already exponentiated) logit scale does."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("clip_loss", "q16_clip_loss.yaml", MODERN)
REFERENCE = EX.reference.reference


def test_uninformative_embeddings_give_log_n() -> None:
    same = np.ones((6, 4))
    assert math.isclose(REFERENCE(same, same, 14.3), math.log(6))


def test_orthogonal_pairs_have_the_closed_form() -> None:
    eye = 3.0 * np.eye(3)
    assert math.isclose(REFERENCE(eye, eye, 2.0), math.log(math.exp(2.0) + 2) - 2.0)


def test_norms_do_not_matter_but_the_scale_does() -> None:
    rng = np.random.default_rng(0)
    images = rng.normal(size=(5, 8))
    texts = images + 0.1 * rng.normal(size=(5, 8))
    base = REFERENCE(images, texts, 14.3)
    rescaled = images * rng.uniform(0.1, 10.0, size=(5, 1))
    assert math.isclose(REFERENCE(rescaled, 0.01 * texts, 14.3), base)
    # every pair is its row's and column's best match: a sharper softmax only helps
    cosines = images @ texts.T / np.outer(*(np.linalg.norm(x, axis=1) for x in (images, texts)))
    assert (cosines.argmax(axis=0) == np.arange(5)).all()
    assert (cosines.argmax(axis=1) == np.arange(5)).all()
    assert REFERENCE(images, texts, 100.0) < base < REFERENCE(images, texts, 1.0)


def test_symmetric_in_images_and_texts_and_averages_two_directions() -> None:
    images = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    texts = np.array([[1.0, 0.0], [0.6, 0.8], [-0.6, 0.8]])
    assert math.isclose(REFERENCE(images, texts, 3.0), REFERENCE(texts, images, 3.0))
    logits = 3.0 * images @ (texts / np.linalg.norm(texts, axis=1, keepdims=True)).T
    rows = np.mean(np.log(np.exp(logits).sum(axis=1)) - np.diag(logits))
    cols = np.mean(np.log(np.exp(logits).sum(axis=0)) - np.diag(logits))
    assert not math.isclose(rows, cols)
    assert math.isclose(REFERENCE(images, texts, 3.0), (rows + cols) / 2)


def test_permuting_the_pairs_together_changes_nothing() -> None:
    rng = np.random.default_rng(1)
    images, texts = rng.normal(size=(7, 6)), rng.normal(size=(7, 6))
    order = rng.permutation(7)
    assert math.isclose(
        REFERENCE(images[order], texts[order], 20.0), REFERENCE(images, texts, 20.0)
    )
    shuffled_texts = REFERENCE(images, texts[order], 20.0)
    assert not math.isclose(shuffled_texts, REFERENCE(images, texts, 20.0))


@pytest.mark.parametrize("scale", [0.0, -1.0])
def test_nonpositive_scale_raises(scale: float) -> None:
    with pytest.raises(ValueError):
        REFERENCE(np.eye(2), np.eye(2), scale)


def test_float32_torch_learner_passes() -> None:
    import torch

    from tests.reference.support import as_numpy, as_torch

    function = EX.entry_of(EX.solution_dir / "torch_open_clip.py")
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
