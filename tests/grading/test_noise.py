"""Float noise probes of pack check: float32 copies of the inputs, and an oracle run on a device."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from quizprep.bank.pack import Pack, load_pack
from quizprep.grading.grader import Grader
from quizprep.grading.noise import (
    cast_floats,
    has_floats,
    max_rel_diff,
    measure,
    on_device,
    torch_on,
)

ROOT = Path(__file__).resolve().parents[2]


def test_only_float64_arrays_are_cast() -> None:
    value = (np.ones(2), [np.arange(3)], {"w": np.zeros(1)}, 2.5)
    cast = cast_floats(value, np.float32)
    assert cast[0].dtype == np.float32 and cast[2]["w"].dtype == np.float32
    assert cast[1][0].dtype == np.arange(3).dtype and cast[3] == 2.5
    assert has_floats(value) and not has_floats((np.arange(3), 1.0))


def test_max_rel_diff_walks_structures() -> None:
    expected = (np.array([1.0, 0.0, 4.0]), {"b": 2.0})
    actual = (np.array([1.1, 5.0, 4.0]), {"b": 2.0})
    assert max_rel_diff(expected, actual) == pytest.approx(0.1)  # zeros in expected are skipped


def test_float32_noise_against_the_tolerance(tiny_pack: Pack) -> None:
    exercise = tiny_pack.exercise("scaled_sum")
    assert exercise is not None
    grader = Grader(tiny_pack, seed=0)
    data = grader.cases(exercise, 0)
    noise = measure(exercise, data, "float32", grader.reference(exercise).reference)
    assert noise.error is None and noise.cases == len(data.cases)
    assert 1e-9 < noise.max_rel_diff < 1e-3
    tight = exercise.model_copy(
        update={"tolerance": exercise.tolerance.model_copy(update={"rtol": 1e-12, "atol": 0.0})}
    )
    message = measure(tight, data, "float32", grader.reference(exercise).reference).too_tight(tight)
    assert message is not None and message.startswith(
        "tolerance rtol=1e-12, atol=0 is tighter than the reference's own float32 noise"
    )
    assert "say 'float64 is required' in the task" in message
    # a task that says float32 is wrong is not warned about float32 noise
    strict = tight.model_copy(update={"task": tight.task + " Here float64 is\nrequired."})
    assert (
        measure(strict, data, "float32", grader.reference(exercise).reference).too_tight(strict)
        is None
    )


def test_torch_on_a_device_restores_torch(tiny_pack: Pack) -> None:
    torch = pytest.importorskip("torch")
    from_numpy, to_numpy = torch.from_numpy, torch.Tensor.numpy
    exercise = tiny_pack.exercise("scaled_sum")
    assert exercise is not None
    grader = Grader(tiny_pack, seed=0)
    oracle = grader.reference(exercise).oracle
    assert oracle is not None
    noise = measure(
        exercise, grader.cases(exercise, 0), "cpu float64", on_device(oracle, "cpu"), dtype=None
    )
    assert noise.error is None and noise.failing == 0 and noise.max_rel_diff < 1e-12
    with pytest.raises(RuntimeError), torch_on("cpu"):
        raise RuntimeError("restored even so")
    assert torch.from_numpy is from_numpy and torch.Tensor.numpy is to_numpy
    assert str(torch.get_default_device()) == "cpu"


@pytest.mark.cuda
def test_oracles_run_on_cuda() -> None:
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device here")
    pack = load_pack(ROOT / "examples" / "normalisation")
    grader = Grader(pack, seed=0, device="cuda")
    for exercise in pack.exercises:
        module = grader.reference(exercise)
        assert module.oracle is not None
        on_cuda = module.remote("oracle", device="cuda")  # in the grader's helper process
        data = grader.cases(exercise, 0)
        for variant, dtype in (("CUDA float64", None), ("CUDA float32", np.float32)):
            noise = measure(exercise, data, variant, on_cuda, dtype=dtype)
            assert noise.error is None, (exercise.id, noise.error)
            assert noise.too_tight(exercise) is None, noise
