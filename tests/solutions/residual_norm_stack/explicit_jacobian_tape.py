"""Alternative solution: NumPy with a tape of vector-Jacobian closures, one per operation; the
LayerNorm backward is written through the normalised output, (g - mean(g) - y mean(g y)) / sigma."""

import numpy as np


def _layer_norm(z, eps):
    mu = z.mean(axis=1, keepdims=True)
    sigma = np.sqrt(z.var(axis=1, keepdims=True) + eps)
    y = (z - mu) / sigma

    def vjp(g):
        d = z.shape[1]
        return (d * g - g.sum(axis=1, keepdims=True) - y * (g * y).sum(axis=1, keepdims=True)) / (
            d * sigma
        )

    return y, vjp


def _mlp(h, w1, w2):
    pre = h @ w1
    a = np.where(pre > 0, pre, 0.0)

    def vjp(g):  # gradient of the input, and of w2
        return ((g @ w2.T) * (pre > 0)) @ w1.T, a.T @ g

    return a @ w2, vjp


def residual_norm_stack(x, W1, W2, grad_y, placement, eps=1e-5):
    if placement == "pre":
        pre_ln = True
    elif placement == "post":
        pre_ln = False
    else:
        raise ValueError("placement is 'pre' or 'post'")
    tape = []  # per layer: a function from grad of h_{l+1} to (grad of h_l, grad of W2[l])
    h = x
    for w1, w2 in zip(W1, W2, strict=True):
        if pre_ln:
            u, ln_vjp = _layer_norm(h, eps)
            f, mlp_vjp = _mlp(u, w1, w2)
            h = h + f

            def step(g, ln_vjp=ln_vjp, mlp_vjp=mlp_vjp):
                g_u, g_w2 = mlp_vjp(g)
                return g + ln_vjp(g_u), g_w2
        else:
            f, mlp_vjp = _mlp(h, w1, w2)
            h, ln_vjp = _layer_norm(h + f, eps)

            def step(g, ln_vjp=ln_vjp, mlp_vjp=mlp_vjp):
                g_sum = ln_vjp(g)
                g_h, g_w2 = mlp_vjp(g_sum)
                return g_sum + g_h, g_w2

        tape.append(step)
    if pre_ln:
        y, final_vjp = _layer_norm(h, eps)
        g = final_vjp(grad_y)
    else:
        y, g = h, grad_y
    stream = np.zeros(len(tape) + 1)
    weights = np.zeros(len(tape))
    stream[-1] = np.sqrt((g**2).sum())
    for layer in range(len(tape) - 1, -1, -1):
        g, g_w2 = tape[layer](g)
        stream[layer] = np.sqrt((g**2).sum())
        weights[layer] = np.sqrt((g_w2**2).sum())
    return y, stream, weights
