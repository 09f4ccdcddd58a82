"""Mutant: skips an input that is not "x" or a node instead of raising ValueError, so the node
silently loses that term."""

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
    graph = {
        node["name"]: {s for s in node["inputs"] if s in by_name} for node in nodes
    }  # unknown names dropped
    values = {"x": x}
    for name in _order(graph):
        node = by_name[name]
        z = node["bias"] + sum(
            values[source] @ W.T
            for source, W in zip(node["inputs"], node["weights"])
            if source in values
        )
        values[name] = z if name == output else np.maximum(z, 0.0)
    return values[output]
