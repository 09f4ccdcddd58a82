"""Alternative solution: a depth-first recursion from the output, memoising each node's value
and marking the nodes in progress, so that meeting one again means a cycle."""

import numpy as np


def feedforward_graph(x, nodes, output):
    by_name = {node["name"]: node for node in nodes}
    values = {"x": x}
    in_progress = set()

    def value_of(name):
        if name in values:
            return values[name]
        if name not in by_name:
            raise ValueError(f"unknown input {name!r}")
        if name in in_progress:
            raise ValueError(f"cycle through {name!r}: the network is recurrent")
        in_progress.add(name)
        node = by_name[name]
        z = node["bias"].copy()
        for source, W in zip(node["inputs"], node["weights"], strict=True):
            z = z + value_of(source) @ W.T
        in_progress.discard(name)
        values[name] = z if name == output else np.maximum(z, 0.0)
        return values[name]

    result = value_of(output)
    for node in nodes:  # every node feeds the output, but check all names and cycles anyway
        value_of(node["name"])
    return result
