"""Alternative solution: which states each ZeRO stage partitions, as a table, and math.ceil
on exact integer fractions."""

import math
from fractions import Fraction

BYTES = {"params": 2, "grads": 2, "optimizer": 12}
SHARDED_FROM = {"optimizer": 1, "grads": 2, "params": 3}


def training_memory_per_gpu(
    num_params, num_gpus, zero_stage, tensor_parallel, pipeline_stages, micro_batches
):
    if zero_stage not in SHARDED_FROM.values() and zero_stage != 0:
        raise ValueError("zero_stage must be 0, 1, 2 or 3")
    if any(n < 1 for n in (num_params, num_gpus, tensor_parallel, pipeline_stages, micro_batches)):
        raise ValueError("all counts must be positive")
    model_parallel = tensor_parallel * pipeline_stages
    if num_gpus % model_parallel != 0:
        raise ValueError("num_gpus must be divisible by tensor_parallel * pipeline_stages")
    local = math.ceil(Fraction(num_params, model_parallel))
    shard = math.ceil(Fraction(local, num_gpus // model_parallel))
    result = {
        name: BYTES[name] * (shard if zero_stage >= SHARDED_FROM[name] else local)
        for name in ("params", "grads", "optimizer")
    }
    result["total"] = sum(result.values())
    p, m = pipeline_stages, micro_batches
    result["bubble"] = Fraction(p - 1, m + p - 1).__float__()
    return result
