"""Mutant: ZeRO stage 1 also shards the gradients (it behaves like stage 2)."""


def training_memory_per_gpu(
    num_params, num_gpus, zero_stage, tensor_parallel, pipeline_stages, micro_batches
):
    if zero_stage not in (0, 1, 2, 3):
        raise ValueError("zero_stage must be 0, 1, 2 or 3")
    if min(num_params, num_gpus, tensor_parallel, pipeline_stages, micro_batches) < 1:
        raise ValueError("counts must be at least 1")
    if num_gpus % (tensor_parallel * pipeline_stages):
        raise ValueError("num_gpus must be a multiple of tensor_parallel * pipeline_stages")
    model_parallel = tensor_parallel * pipeline_stages
    data_parallel = num_gpus // model_parallel
    local = -(-num_params // model_parallel)
    shard = -(-local // data_parallel)
    params = 2 * (shard if zero_stage >= 3 else local)
    grads = 2 * (shard if zero_stage >= 1 else local)
    optimizer = 12 * (shard if zero_stage >= 1 else local)
    bubble = (pipeline_stages - 1) / (micro_batches + pipeline_stages - 1)
    return {
        "params": params,
        "grads": grads,
        "optimizer": optimizer,
        "total": params + grads + optimizer,
        "bubble": bubble,
    }
