"""Mutant: treats the network as a chain, using only each node's first input and weight, so
skip connections and merging branches are dropped."""

import numpy as np


def feedforward_graph(x, nodes, output):
    by_name = {node["name"]: node for node in nodes}
    for node in nodes:
        for source in node["inputs"]:
            if source != "x" and source not in by_name:
                raise ValueError(f"unknown input {source!r}")
    values = {"x": x}
    state = {}

    def visit(name):
        if name in values:
            return values[name]
        if state.get(name) == "visiting":
            raise ValueError("cycle")
        state[name] = "visiting"
        node = by_name[name]
        # only the first input, as in a sequential stack of layers
        z = visit(node["inputs"][0]) @ node["weights"][0].T + node["bias"]
        values[name] = z if name == output else np.maximum(z, 0.0)
        return values[name]

    for node in nodes:
        visit(node["name"])
    return values[output]
