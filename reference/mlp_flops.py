"""Reference for `mlp_flops`: FLOPs of a fully connected network, forward or one training step."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(layer_sizes: list[int] | tuple[int, ...], batch: int) -> None:
    if len(layer_sizes) < 2:
        raise ValueError("need at least an input size and one layer's output size")
    if min(layer_sizes) < 1 or batch < 1:
        raise ValueError("layer sizes and the batch must be positive")


def reference(
    layer_sizes: list[int] | tuple[int, ...], batch: int = 1, training: bool = False
) -> int:
    """2 FLOPs per multiply-add: a layer n_in -> n_out costs 2 * batch * n_in * n_out forward.

    A training step adds the backward pass: every layer's weight gradient (same cost again) and
    the gradient with respect to its input, except for the first layer (the data needs none)."""
    _check(layer_sizes, batch)
    per_layer = [
        2 * batch * layer_sizes[i] * layer_sizes[i + 1] for i in range(len(layer_sizes) - 1)
    ]
    forward = sum(per_layer)
    if not training:
        return forward
    weight_gradients = forward
    input_gradients = forward - per_layer[0]
    return forward + weight_gradients + input_gradients


def oracle(layer_sizes: list[int] | tuple[int, ...], batch: int = 1, training: bool = False) -> int:
    """torch.utils.flop_counter.FlopCounterMode on nn.Linear layers with ReLUs between (meta
    tensors: shapes only, nothing is computed). It counts 2 FLOPs per multiply-add and nothing
    for bias adds and activations."""
    import torch
    from torch import nn
    from torch.utils.flop_counter import FlopCounterMode

    _check(layer_sizes, batch)
    layers: list[nn.Module] = []
    for i in range(len(layer_sizes) - 1):
        layers += [nn.Linear(layer_sizes[i], layer_sizes[i + 1], device="meta"), nn.ReLU()]
    network = nn.Sequential(*layers[:-1])
    inputs = torch.empty(batch, layer_sizes[0], device="meta")
    with FlopCounterMode(display=False) as counter:
        outputs = network(inputs)
        if training:
            outputs.sum().backward()
    return int(counter.get_total_flops())


def edge_cases() -> list[Case]:
    """Fixed cases: one layer, the batch factor, deep networks, training steps, invalid input."""
    return [
        Case("1 -> 1: one multiply-add is 2 FLOPs (no extra FLOP for the bias add)", ([1, 1],)),
        Case("one layer 3 -> 2, batch 1: 6 multiply-adds = 12 FLOPs", ([3, 2],)),
        Case("the cost is linear in the batch: 3 -> 2 with batch=8", ([3, 2],), {"batch": 8}),
        Case("MNIST MLP 784 -> 256 -> 128 -> 10, batch 1", ([784, 256, 128, 10],)),
        Case(
            "a tuple of sizes with a bottleneck: (1000, 1, 1000)", ((1000, 1, 1000),), {"batch": 4}
        ),
        Case(
            "training one layer: forward + weight gradient only, the data needs no gradient (2x)",
            ([3, 2],),
            {"training": True},
        ),
        Case(
            "training 784 -> 256 -> 128 -> 10: 3x forward minus the first layer's input gradient",
            ([784, 256, 128, 10],),
            {"batch": 32, "training": True},
        ),
        Case(
            "training a deep narrow net 8 -> 8 -> 8 -> 8 -> 8 -> 1",
            ([8, 8, 8, 8, 8, 1],),
            {"batch": 2, "training": True},
        ),
        Case(
            "a transformer-sized layer 4096 -> 16384 at batch 2048 (about 2.7e11 FLOPs)",
            ([4096, 16384],),
            {"batch": 2048},
        ),
        Case("only an input size, no layer: raise ValueError", ([784],), raises="ValueError"),
        Case(
            "only an input size, training=True: raise ValueError in training mode too",
            ([784],),
            {"training": True},
            raises="ValueError",
        ),
        Case("no sizes at all (an empty list): raise ValueError", ([],), raises="ValueError"),
        Case("a layer of width 0: raise ValueError", ([10, 0, 5],), raises="ValueError"),
        Case(
            "an input size of -3 (the first entry counts too): raise ValueError",
            ([-3, 4],),
            raises="ValueError",
        ),
        Case(
            "a layer of width 0, training=True: raise ValueError in training mode too",
            ([10, 0, 5],),
            {"training": True},
            raises="ValueError",
        ),
        Case("batch=0: raise ValueError", ([10, 5],), {"batch": 0}, raises="ValueError"),
        Case(
            "a negative batch (-2): raise ValueError",
            ([10, 5],),
            {"batch": -2},
            raises="ValueError",
        ),
        Case(
            "batch=0, training=True: raise ValueError in training mode too",
            ([10, 5],),
            {"batch": 0, "training": True},
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random MLP of 1 to 5 layers, a random batch, forward or training."""
    sizes = [int(s) for s in rng.integers(1, 2049, size=int(rng.integers(2, 7)))]
    batch = int(rng.choice([1, 8, 32, 128, 512]))
    training = bool(rng.random() < 0.5)
    return Case(
        f"random #{index}: sizes {sizes}, batch {batch}, training={training}",
        (sizes,),
        {"batch": batch, "training": training},
    )
