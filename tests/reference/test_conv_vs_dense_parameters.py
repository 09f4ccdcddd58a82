"""Checks of the conv_vs_dense_parameters reference: exact Python ints, and a convolution whose
count does not depend on the image size."""

from __future__ import annotations

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("conv_vs_dense_parameters", "q62_conv_vs_dense.yaml")
REFERENCE = EX.reference


def test_returns_exact_python_ints() -> None:
    for case in EX.every_case():
        conv, dense = REFERENCE.reference(*case.args)
        assert type(conv) is int and type(dense) is int, case.name
    assert REFERENCE.reference(224, 224, 3, 64, 7) == (9472, 483_385_147_392 + 3_211_264)


def test_conv_count_ignores_image_size_dense_grows_with_its_square() -> None:
    small_conv, small_dense = REFERENCE.reference(8, 8, 3, 16, 3)
    large_conv, large_dense = REFERENCE.reference(16, 16, 3, 16, 3)
    assert small_conv == large_conv == 16 * (3 * 9 + 1)
    assert large_dense - 16 * 256 == 16 * (small_dense - 16 * 64)
