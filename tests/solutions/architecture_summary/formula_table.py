"""Alternative solution: a table of parameter formulas, sizes checked in a first pass, and the
receptive field grown from the input up with the jump (the distance between neighbouring
outputs, in input pixels)."""

FORMULAS = {
    "dense": lambda n_in, n_out: n_in * n_out + n_out,
    "conv2d": lambda c_in, c_out, k, s: c_out * (c_in * k * k + 1),
    "maxpool": lambda k, s: 0,
    "rnn": lambda d, h: h * (d + h + 2),
    "lstm": lambda d, h: 4 * h * (d + h + 2),
    "gru": lambda d, h: 3 * h * (d + h + 2),
    "attention": lambda d, heads: 4 * d * (d + 1),
}


def architecture_summary(layers):
    for layer in layers:
        if layer[0] not in FORMULAS:
            raise ValueError(f"unknown layer type {layer[0]!r}")
        if layer[0] == "attention" and layer[1] % layer[2]:
            raise ValueError("the number of heads must divide d_model")
    sized = [layer for layer in layers if layer[0] != "maxpool"]
    outputs = [layer[1] if layer[0] == "attention" else layer[2] for layer in sized]
    for layer, previous_output in zip(sized[1:], outputs, strict=False):
        if layer[1] != previous_output:
            raise ValueError(f"{layer} does not follow a layer with {previous_output} outputs")
    params = [FORMULAS[layer[0]](*layer[1:]) for layer in layers]
    receptive_field, jump = 1, 1
    for layer in layers:
        if layer[0] in ("conv2d", "maxpool"):
            receptive_field += (layer[-2] - 1) * jump
            jump *= layer[-1]
    return params, sum(params), receptive_field, jump
