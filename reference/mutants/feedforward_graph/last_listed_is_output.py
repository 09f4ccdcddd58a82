"""Mutant: takes the last node of the list as the output (linear, and returned) instead of the
node named by `output`."""

import graphlib

import numpy as np


def _order(graph):
    """A topological order; graphlib's CycleError (a ValueError) becomes a plain ValueError."""
    try:
        return list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        raise ValueError(f"the graph has a cycle: {error.args[1]}") from None


def feedforward_graph(x, nodes, output):
    by_name = {node["name"]: node for node in nodes}
    for node in nodes:
        for source in node["inputs"]:
            if source != "x" and source not in by_name:
                raise ValueError(f"unknown input {source!r}")
    last = nodes[-1]["name"]  # assumes the list ends with the output
    graph = {node["name"]: {s for s in node["inputs"] if s != "x"} for node in nodes}
    values = {"x": x}
    for name in _order(graph):
        node = by_name[name]
        z = node["bias"] + sum(
            values[source] @ W.T for source, W in zip(node["inputs"], node["weights"])
        )
        values[name] = z if name == last else np.maximum(z, 0.0)
    return values[last]
