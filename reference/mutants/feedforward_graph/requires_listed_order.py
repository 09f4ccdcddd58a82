"""Mutant: evaluates the nodes in the order they are listed and rejects a node listed before
one of its inputs as "not feedforward", although the list may be in any order."""

import numpy as np


def feedforward_graph(x, nodes, output):
    names = {node["name"] for node in nodes}
    for node in nodes:
        for source in node["inputs"]:
            if source != "x" and source not in names:
                raise ValueError(f"unknown input {source!r}")
    values = {"x": x}
    for node in nodes:
        if any(source not in values for source in node["inputs"]):
            raise ValueError(f"{node['name']} comes before one of its inputs: not feedforward")
        z = node["bias"] + sum(
            values[source] @ W.T for source, W in zip(node["inputs"], node["weights"])
        )
        values[node["name"]] = z if node["name"] == output else np.maximum(z, 0.0)
    return values[output]
