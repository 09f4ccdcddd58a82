"""Reference for `training_memory_per_gpu`: the bytes of parameters, gradients and Adam state
that one GPU holds under mixed precision (2 + 2 + 12 bytes per parameter), with tensor and
pipeline model parallelism and ZeRO stage 0-3 sharding over the data-parallel group, plus the
GPipe pipeline bubble (p - 1) / (m + p - 1)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

PARAM_BYTES, GRAD_BYTES, OPTIMIZER_BYTES = 2, 2, 12
"""fp16/bf16 weights; fp16/bf16 gradients; fp32 master weights + Adam's m and v (4 + 4 + 4)."""


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _check(num_params, num_gpus, zero_stage, tensor_parallel, pipeline_stages, micro_batches):
    if zero_stage not in (0, 1, 2, 3):
        raise ValueError(f"zero_stage must be 0, 1, 2 or 3, got {zero_stage}")
    counts = (num_params, num_gpus, tensor_parallel, pipeline_stages, micro_batches)
    if min(counts) < 1:
        raise ValueError(f"every count must be at least 1, got {counts}")
    if num_gpus % (tensor_parallel * pipeline_stages):
        raise ValueError("num_gpus must be a multiple of tensor_parallel * pipeline_stages")


def reference(num_params, num_gpus, zero_stage, tensor_parallel, pipeline_stages, micro_batches):
    """Model-parallel slice (padded), then a ZeRO shard of it (padded) for what the stage
    partitions; the rest is held in full."""
    _check(num_params, num_gpus, zero_stage, tensor_parallel, pipeline_stages, micro_batches)
    model_parallel = tensor_parallel * pipeline_stages
    data_parallel = num_gpus // model_parallel
    local = _ceil_div(num_params, model_parallel)
    shard = _ceil_div(local, data_parallel)
    params = PARAM_BYTES * (shard if zero_stage >= 3 else local)
    grads = GRAD_BYTES * (shard if zero_stage >= 2 else local)
    optimizer = OPTIMIZER_BYTES * (shard if zero_stage >= 1 else local)
    bubble = (pipeline_stages - 1) / (micro_batches + pipeline_stages - 1)
    return {
        "params": params,
        "grads": grads,
        "optimizer": optimizer,
        "total": params + grads + optimizer,
        "bubble": bubble,
    }


def oracle(num_params, num_gpus, zero_stage, tensor_parallel, pipeline_stages, micro_batches):
    """Sharding simulated with PyTorch on the meta device (no memory): a flat parameter tensor
    is padded and torch.chunk'ed over the model-parallel ranks, then over the data-parallel
    ranks as FSDP pads its FlatParameter; each state is a tensor of its dtype and its bytes are
    numel * element_size. The bubble comes from a simulated GPipe schedule."""
    import torch
    import torch.nn.functional as F

    _check(num_params, num_gpus, zero_stage, tensor_parallel, pipeline_stages, micro_batches)

    def first_chunk(flat: torch.Tensor, ranks: int) -> torch.Tensor:
        padded = F.pad(flat, (0, (-flat.numel()) % ranks))
        chunks = torch.chunk(padded, ranks)
        assert len(chunks) == ranks and len({c.numel() for c in chunks}) == 1
        return chunks[0]

    flat = torch.empty(num_params, device="meta", dtype=torch.float16)
    local = first_chunk(flat, tensor_parallel * pipeline_stages)
    shard = first_chunk(local, num_gpus // (tensor_parallel * pipeline_stages))

    def nbytes(tensor: torch.Tensor, dtype: torch.dtype) -> int:
        return tensor.to(dtype).numel() * tensor.to(dtype).element_size()

    params = nbytes(shard if zero_stage >= 3 else local, torch.float16)
    grads = nbytes(shard if zero_stage >= 2 else local, torch.float16)
    held = shard if zero_stage >= 1 else local
    optimizer = 3 * nbytes(held, torch.float32)  # master weights, exp_avg, exp_avg_sq

    # GPipe forward schedule: micro-batch j runs on stage s at time step s + j.
    steps = micro_batches + pipeline_stages - 1
    busy = torch.zeros(pipeline_stages, steps, dtype=torch.bool)
    for stage in range(pipeline_stages):
        busy[stage, stage : stage + micro_batches] = True
    bubble = 1.0 - busy.double().mean().item()
    return {
        "params": params,
        "grads": grads,
        "optimizer": optimizer,
        "total": params + grads + optimizer,
        "bubble": bubble,
    }


def _case(name, *args, raises=None) -> Case:
    return Case(name, tuple(int(a) for a in args), raises=raises)


def edge_cases() -> list[Case]:
    """One parameter; the ZeRO paper's 7.5B-on-64-GPUs table; padding of uneven shards; a 3-D
    layout where ZeRO shards over the data-parallel group only; bubbles; bad inputs."""
    psi = 7_500_000_000
    return [
        _case("1 parameter on 1 GPU, stage 0: 2 + 2 + 12 = 16 bytes, no bubble", 1, 1, 0, 1, 1, 1),
        _case("ZeRO paper: 7.5B parameters, 64 GPUs, stage 0 (DDP): 120 GB", psi, 64, 0, 1, 1, 1),
        _case("ZeRO paper: 7.5B parameters, 64 GPUs, stage 1: 31.4 GB", psi, 64, 1, 1, 1, 1),
        _case("ZeRO paper: 7.5B parameters, 64 GPUs, stage 2: 16.6 GB", psi, 64, 2, 1, 1, 1),
        _case("ZeRO paper: 7.5B parameters, 64 GPUs, stage 3: 1.9 GB", psi, 64, 3, 1, 1, 1),
        _case(
            "10 parameters over 4 GPUs at stage 3: shards are padded to 3 parameters",
            10,
            4,
            3,
            1,
            1,
            1,
        ),
        _case(
            "1001 parameters, tensor parallel 2 on 4 GPUs, stage 2: slices of 501, shards of 251",
            1001,
            4,
            2,
            2,
            1,
            1,
        ),
        _case(
            "8 GPUs = tensor 2 x pipeline 2 x data 2, stage 1: ZeRO shards over the 2 "
            "data-parallel GPUs; 4 micro-batches",
            1000,
            8,
            1,
            2,
            2,
            4,
        ),
        _case(
            "pipeline of 4 stages, 8 micro-batches: bubble 3/11",
            4_000_000,
            4,
            0,
            1,
            4,
            8,
        ),
        _case(
            "pipeline of 4 stages, 1 micro-batch: bubble 3/4",
            4_000_000,
            8,
            3,
            1,
            4,
            1,
        ),
        _case(
            "zero_stage = 4 does not exist: raise ValueError",
            1000,
            4,
            4,
            1,
            1,
            1,
            raises="ValueError",
        ),
        _case("zero_stage = -1: raise ValueError", 1000, 4, -1, 1, 1, 1, raises="ValueError"),
        _case(
            "6 GPUs cannot be split into tensor-parallel groups of 4: raise ValueError",
            1000,
            6,
            1,
            4,
            1,
            1,
            raises="ValueError",
        ),
        _case("num_params = 0: raise ValueError", 0, 4, 1, 1, 1, 1, raises="ValueError"),
        _case("micro_batches = 0: raise ValueError", 1000, 4, 1, 1, 1, 0, raises="ValueError"),
        _case("tensor_parallel = 0: raise ValueError", 1000, 4, 1, 0, 1, 1, raises="ValueError"),
        _case("num_gpus = 0: raise ValueError", 1000, 0, 1, 1, 1, 1, raises="ValueError"),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Realistic sizes (plus an odd remainder, so that shards need padding) on layouts
    data x tensor x pipeline, with every ZeRO stage."""
    billions = float(rng.choice([0.125, 1.3, 7.0, 13.0, 70.0, 175.0]))
    num_params = int(billions * 1e9) + int(rng.integers(0, 1000))
    tensor_parallel = int(rng.choice([1, 2, 4, 8]))
    pipeline_stages = int(rng.choice([1, 2, 4, 8]))
    data_parallel = int(rng.integers(1, 17))
    num_gpus = tensor_parallel * pipeline_stages * data_parallel
    zero_stage = index % 4
    micro_batches = int(rng.integers(1, 33))
    return _case(
        f"random #{index}: {num_params} parameters, {num_gpus} GPUs = tensor {tensor_parallel} "
        f"x pipeline {pipeline_stages} x data {data_parallel}, ZeRO {zero_stage}, "
        f"{micro_batches} micro-batches",
        num_params,
        num_gpus,
        zero_stage,
        tensor_parallel,
        pipeline_stages,
        micro_batches,
    )
