"""Checks of the architecture_summary reference: its counts against real PyTorch modules, and its
receptive field against a perturbation probe of real Conv2d and MaxPool2d stacks."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("architecture_summary", "q26_network_types.yaml")
REFERENCE = EX.reference


def test_resnet_stem_by_hand() -> None:
    params, total, receptive_field, jump = REFERENCE.reference(
        [("conv2d", 3, 64, 7, 2), ("maxpool", 3, 2)]
    )
    assert params.tolist() == [64 * 3 * 7 * 7 + 64, 0] and total == 9472
    assert (receptive_field, jump) == (11, 4)


@pytest.mark.parametrize(
    "layer",
    [
        ("dense", 7, 3),
        ("conv2d", 5, 6, 3, 2),
        ("rnn", 9, 4),
        ("lstm", 9, 4),
        ("gru", 9, 4),
        ("attention", 12, 3),
    ],
)
def test_counts_match_pytorch_modules_on_the_cpu(layer: tuple) -> None:
    from torch import nn

    kind, *args = layer
    module = {
        "dense": lambda: nn.Linear(*args),
        "conv2d": lambda: nn.Conv2d(*args[:3], stride=args[3]),
        "rnn": lambda: nn.RNN(*args),
        "lstm": lambda: nn.LSTM(*args),
        "gru": lambda: nn.GRU(*args),
        "attention": lambda: nn.MultiheadAttention(*args),
    }[kind]()
    params, total, _, _ = REFERENCE.reference([layer])
    assert params.tolist() == [total] == [sum(p.numel() for p in module.parameters())]


def test_recurrent_layers_have_two_bias_vectors() -> None:
    from torch import nn

    names = {name for name, _ in nn.LSTM(6, 3).named_parameters()}
    assert names == {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"}
    assert REFERENCE.reference([("lstm", 6, 3)])[1] == 4 * 3 * (6 + 3 + 2)


def test_heads_do_not_change_the_attention_count() -> None:
    counts = {REFERENCE.reference([("attention", 48, heads)])[1] for heads in (1, 2, 3, 4, 6, 8)}
    assert counts == {4 * 48 * 48 + 4 * 48}


def _probe_with_perturbations(spatial: list[tuple], size: int) -> tuple[int, int]:
    """Receptive field and jump of real Conv2d (positive weights) and MaxPool2d layers, found by
    raising one input column at a time by 1000 and seeing which outputs of row 0 change."""
    import torch
    from torch import nn

    torch.manual_seed(0)
    layers = []
    for layer in spatial:
        if layer[0] == "conv2d":
            conv = nn.Conv2d(1, 1, layer[3], stride=layer[4], dtype=torch.float64)
            nn.init.uniform_(conv.weight, 0.1, 1.0)
            layers.append(conv)
        else:
            layers.append(nn.MaxPool2d(layer[1], stride=layer[2]))
    network = nn.Sequential(*layers)
    x = torch.rand(1, 1, size, size, dtype=torch.float64)
    with torch.no_grad():
        base = network(x)[0, 0, 0, :2]
        touched: list[list[int]] = [[], []]
        for column in range(size):
            bumped = x.clone()
            bumped[..., column] += 1000.0
            changed = network(bumped)[0, 0, 0, :2] != base
            for output in (0, 1):
                if changed[output]:
                    touched[output].append(column)
    receptive_field = touched[0][-1] - touched[0][0] + 1
    return receptive_field, touched[1][0] - touched[0][0]


def test_receptive_field_matches_real_conv_and_maxpool_stacks() -> None:
    cases = [c for c in EX.every_case(range(4)) if not c.raises]
    checked = 0
    for case in cases:
        (layers,) = case.args
        spatial = [layer for layer in layers if layer[0] in ("conv2d", "maxpool")]
        if not spatial:
            continue
        _, _, receptive_field, jump = REFERENCE.reference(layers)
        if receptive_field + jump > 400:
            continue
        got = _probe_with_perturbations(spatial, receptive_field + jump + 1)
        # a 1x1, stride-2 layer leaves gaps inside the field: the span is still the field
        assert got == (receptive_field, jump), case.name
        checked += 1
    assert checked >= 8


def test_total_is_a_python_int_and_params_are_integers() -> None:
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        params, total, receptive_field, jump = REFERENCE.reference(*case.args)
        assert params.dtype.kind == "i" and type(total) is int, case.name
        assert type(receptive_field) is int and type(jump) is int, case.name


def test_spatial_layers_only_enter_the_receptive_field() -> None:
    cnn = [("conv2d", 3, 8, 5, 2), ("maxpool", 2, 2), ("conv2d", 8, 8, 3, 1)]
    with_head = [*cnn, ("dense", 8, 4)]
    assert (
        REFERENCE.reference(cnn)[2:] == REFERENCE.reference(with_head)[2:] == (15, 4)
    )  # 5, then + 1·2, then + 2·4
    assert REFERENCE.reference([("lstm", 3, 3), ("attention", 3, 1)])[2:] == (1, 1)
    assert np.array_equal(REFERENCE.reference(with_head)[0][:3], REFERENCE.reference(cnn)[0])
