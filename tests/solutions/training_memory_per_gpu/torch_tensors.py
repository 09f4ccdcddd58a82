"""Alternative solution: PyTorch integer tensors; per-parameter bytes as a vector, multiplied
by how many parameters each state keeps on this GPU."""

import torch


def training_memory_per_gpu(
    num_params, num_gpus, zero_stage, tensor_parallel, pipeline_stages, micro_batches
):
    if not 0 <= zero_stage <= 3:
        raise ValueError("zero_stage must be 0, 1, 2 or 3")
    counts = torch.tensor([num_params, num_gpus, tensor_parallel, pipeline_stages, micro_batches])
    if bool((counts < 1).any()):
        raise ValueError("counts must be >= 1")
    model_parallel = tensor_parallel * pipeline_stages
    if num_gpus % model_parallel:
        raise ValueError("num_gpus is not a multiple of tensor_parallel * pipeline_stages")
    n = torch.tensor(num_params, dtype=torch.int64)
    local = torch.div(n + model_parallel - 1, model_parallel, rounding_mode="floor")
    data_parallel = num_gpus // model_parallel
    shard = torch.div(local + data_parallel - 1, data_parallel, rounding_mode="floor")
    bytes_per = torch.tensor([2, 2, 12])  # params, grads, optimizer
    sharded = torch.tensor([zero_stage >= 3, zero_stage >= 2, zero_stage >= 1])
    held = torch.where(sharded, shard, local) * bytes_per
    p, m = pipeline_stages, micro_batches
    return {
        "params": held[0],
        "grads": held[1],
        "optimizer": held[2],
        "total": held.sum(),
        "bubble": torch.tensor((p - 1) / (m + p - 1), dtype=torch.float64),
    }
