"""Reference for `residual_norm_stack`: a stack of L residual blocks with a ReLU MLP sublayer,
in the Pre-LN or the Post-LN placement, its output and the gradient-norm profile of one
backward pass, in NumPy.

    f_l(h) = relu(h @ W1[l]) @ W2[l]          LN = LayerNorm over the last axis, no gain/shift
    pre:   h_{l+1} = h_l + f_l(LN(h_l)),      y = LN(h_L)      (final norm, as GPT-2)
    post:  h_{l+1} = LN(h_l + f_l(h_l)),      y = h_L          (Vaswani et al., 2017)
    loss = sum(y * grad_y)
    returns y, ||d loss / d h_l|| for l = 0..L, ||d loss / d W2[l]|| for l = 0..L-1
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _layer_norm(z: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """(normalised z, 1 / sqrt(var + eps)) over the last axis, biased variance."""
    centred = z - z.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt((centred**2).mean(axis=-1, keepdims=True) + eps)
    return centred * inv_std, inv_std


def _layer_norm_backward(g: np.ndarray, y: np.ndarray, inv_std: np.ndarray) -> np.ndarray:
    """The gradient through y = LN(z) from the gradient g of y: the Jacobian removes the mean of
    g and its component along y, then divides by the standard deviation."""
    return inv_std * (g - g.mean(axis=-1, keepdims=True) - y * (g * y).mean(axis=-1, keepdims=True))


def reference(
    x: np.ndarray,
    W1: np.ndarray,
    W2: np.ndarray,
    grad_y: np.ndarray,
    placement: str,
    eps: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Forward through the stack, then backward from grad_y, recording the norms."""
    if placement not in ("pre", "post"):
        raise ValueError(f"placement must be 'pre' or 'post', got {placement!r}")
    layers = W1.shape[0]
    h = x
    saved = []
    for w1, w2 in zip(W1, W2, strict=True):
        if placement == "pre":
            u, inv_std = _layer_norm(h, eps)  # the sublayer's input
            a = np.maximum(u @ w1, 0.0)
            h = h + a @ w2
            saved.append((u, inv_std, a))
        else:
            a = np.maximum(h @ w1, 0.0)
            h, inv_std = _layer_norm(h + a @ w2, eps)
            saved.append((h, inv_std, a))  # h here is the block's LN output
    if placement == "pre":
        y, final_inv_std = _layer_norm(h, eps)
        g = _layer_norm_backward(grad_y, y, final_inv_std)
    else:
        y, g = h, grad_y
    stream = [0.0] * (layers + 1)
    weights = [0.0] * layers
    stream[layers] = np.linalg.norm(g)
    for layer in reversed(range(layers)):
        w1, w2 = W1[layer], W2[layer]
        if placement == "pre":
            u, inv_std, a = saved[layer]
            g_f = g  # the residual branch and the identity path both get g
            weights[layer] = np.linalg.norm(a.T @ g_f)
            g_pre = (g_f @ w2.T) * (a > 0)
            g = g + _layer_norm_backward(g_pre @ w1.T, u, inv_std)
        else:
            out, inv_std, a = saved[layer]
            g_sum = _layer_norm_backward(g, out, inv_std)  # through LN(h + f(h))
            weights[layer] = np.linalg.norm(a.T @ g_sum)
            g_pre = (g_sum @ w2.T) * (a > 0)
            g = g_sum + g_pre @ w1.T
        stream[layer] = np.linalg.norm(g)
    return y, np.array(stream), np.array(weights)


def oracle(
    x: np.ndarray,
    W1: np.ndarray,
    W2: np.ndarray,
    grad_y: np.ndarray,
    placement: str,
    eps: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PyTorch autograd through F.layer_norm, with retain_grad on every residual state."""
    import torch
    import torch.nn.functional as F

    if placement not in ("pre", "post"):
        raise ValueError("unknown placement")
    d = x.shape[-1]
    h = torch.from_numpy(x).clone().requires_grad_()
    states = [h]
    w2s = [torch.from_numpy(w).clone().requires_grad_() for w in W2]
    for w1, w2 in zip(torch.from_numpy(W1), w2s, strict=True):
        if placement == "pre":
            h = h + torch.relu(F.layer_norm(h, (d,), eps=eps) @ w1) @ w2
        else:
            h = F.layer_norm(h + torch.relu(h @ w1) @ w2, (d,), eps=eps)
        h.retain_grad()
        states.append(h)
    y = F.layer_norm(h, (d,), eps=eps) if placement == "pre" else h
    (y * torch.from_numpy(grad_y)).sum().backward()
    stream = torch.stack([s.grad.norm() for s in states])
    weights = torch.stack([w.grad.norm() for w in w2s]) if w2s else torch.zeros(0)
    return y.detach().numpy(), stream.numpy(), weights.to(torch.float64).numpy()


def make_case(
    name: str,
    rng: np.random.Generator,
    layers: int,
    n: int,
    d: int,
    hidden: int,
    placement: str,
    x_scale: float = 1.0,
    eps: float = 1e-5,
    raises: str | None = None,
) -> Case:
    """He-initialised W1 (D, F), W2 ~ N(0, 1/F); x ~ N(0, x_scale^2); grad_y ~ N(0, 1)."""
    x = x_scale * rng.normal(size=(n, d))
    W1 = rng.normal(scale=np.sqrt(2.0 / d), size=(layers, d, hidden))
    W2 = rng.normal(scale=np.sqrt(1.0 / hidden), size=(layers, hidden, d))
    grad_y = rng.normal(size=(n, d))
    return Case(name, (x, W1, W2, grad_y, placement), {"eps": eps}, raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases, simplest first: no layers (only the final norm, or nothing), one layer of
    each placement, deeper stacks, inputs far from unit scale, a large eps, a bad placement."""
    rng = np.random.default_rng(1)
    return [
        make_case(
            "post, no layers (L = 0): y = x, one stream norm ||grad_y||", rng, 0, 2, 3, 4, "post"
        ),
        make_case(
            "pre, no layers (L = 0): only the final LayerNorm, y = LN(x)", rng, 0, 2, 3, 4, "pre"
        ),
        make_case("post, one layer: y = LN(x + f(x))", rng, 1, 2, 4, 6, "post"),
        make_case("pre, one layer: y = LN(x + f(LN(x)))", rng, 1, 2, 4, 6, "pre"),
        make_case(
            "pre, 3 layers, inputs of scale 5: the residual adds f(LN(h)) to the raw h",
            rng,
            3,
            3,
            5,
            8,
            "pre",
            x_scale=5.0,
        ),
        make_case("post, 3 layers, inputs of scale 5", rng, 3, 3, 5, 8, "post", x_scale=5.0),
        make_case(
            "pre, 6 layers: norms listed bottom (input) to top, L + 1 and L of them",
            rng,
            6,
            4,
            6,
            12,
            "pre",
        ),
        make_case("post, 6 layers", rng, 6, 4, 6, 12, "post"),
        make_case(
            "post, 2 layers with eps = 0.5: eps inside the square root, in the backward too",
            rng,
            2,
            2,
            4,
            8,
            "post",
            eps=0.5,
        ),
        make_case(
            "placement 'sandwich' is neither 'pre' nor 'post': raise ValueError",
            rng,
            2,
            2,
            4,
            8,
            "sandwich",
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random depth (1-8), batch, width and hidden size; the placement alternates."""
    placement = ("pre", "post")[index % 2]
    layers, n = int(rng.integers(1, 9)), int(rng.integers(1, 5))
    d, hidden = int(rng.integers(2, 11)), int(rng.integers(2, 17))
    x_scale = float(rng.choice([0.5, 1.0, 3.0]))
    eps = float(rng.choice([1e-5, 1e-3]))
    name = f"random #{index}: {placement}, L={layers}, N={n}, D={d}, F={hidden}, eps={eps:g}"
    return make_case(name, rng, layers, n, d, hidden, placement, x_scale, eps)
