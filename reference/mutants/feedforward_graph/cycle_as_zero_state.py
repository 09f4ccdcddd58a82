"""Mutant: a recursion from the output that, on reaching a node still being evaluated (a
cycle), uses zeros for its value, like an RNN's initial state, instead of raising ValueError."""

import numpy as np


def feedforward_graph(x, nodes, output):
    by_name = {node["name"]: node for node in nodes}
    for node in nodes:
        for source in node["inputs"]:
            if source != "x" and source not in by_name:
                raise ValueError(f"unknown input {source!r}")
    values = {"x": x}
    in_progress = set()

    def visit(name):
        if name in values:
            return values[name]
        node = by_name[name]
        if name in in_progress:  # a cycle: take the value as zeros for now
            return np.zeros((x.shape[0], node["bias"].shape[0]))
        in_progress.add(name)
        z = node["bias"] + sum(
            visit(source) @ W.T for source, W in zip(node["inputs"], node["weights"])
        )
        in_progress.discard(name)
        values[name] = z if name == output else np.maximum(z, 0.0)
        return values[name]

    return visit(output)
