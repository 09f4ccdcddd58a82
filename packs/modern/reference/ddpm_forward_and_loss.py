"""Reference for `ddpm_forward_and_loss`: the DDPM forward process in closed form and the
simple noise-prediction loss (Ho et al., 2020).

With 0-based steps t = 0 .. T-1 and alpha_bar[t] = prod_{s=0}^{t} (1 - betas[s]) (the product
includes step t):

    x_t  = sqrt(alpha_bar[t]) * x0 + sqrt(1 - alpha_bar[t]) * noise
    loss = mean over every element of (predicted_noise - noise) ** 2      (F.mse_loss)

Each sample of the batch has its own t, so the per-sample coefficients broadcast over the
sample's remaining axes.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    x0: np.ndarray,
    t: np.ndarray,
    noise: np.ndarray,
    betas: np.ndarray,
    predicted_noise: np.ndarray,
) -> tuple[np.ndarray, float]:
    """(x_t, loss) for a batch x0 (B, ...), steps t (B,), the schedule betas (T,)."""
    num_steps = len(betas)
    if np.any(t < 0) or np.any(t >= num_steps):
        raise ValueError(f"every t must be in 0..{num_steps - 1}, got {t.tolist()}")
    alpha_bar = np.cumprod(1.0 - betas)[t]
    alpha_bar = alpha_bar.reshape((-1,) + (1,) * (x0.ndim - 1))  # (B, 1, ..., 1)
    x_t = np.sqrt(alpha_bar) * x0 + np.sqrt(1.0 - alpha_bar) * noise
    loss = float(np.mean((predicted_noise - noise) ** 2))
    return x_t, loss


def oracle(
    x0: np.ndarray,
    t: np.ndarray,
    noise: np.ndarray,
    betas: np.ndarray,
    predicted_noise: np.ndarray,
) -> tuple[np.ndarray, float]:
    """PyTorch: alpha_bar from a cumulative sum of log(1 - beta), gathered per sample, and
    torch.nn.functional.mse_loss."""
    import torch
    import torch.nn.functional as F

    steps = torch.from_numpy(t)
    if bool(((steps < 0) | (steps >= len(betas))).any()):
        raise ValueError("t out of range")
    log_alpha_bar = torch.cumsum(torch.log1p(-torch.from_numpy(betas)), dim=0)
    alpha_bar = torch.exp(log_alpha_bar.gather(0, steps))
    x = torch.from_numpy(x0)
    alpha_bar = alpha_bar.view(-1, *([1] * (x.dim() - 1)))
    eps = torch.from_numpy(noise)
    x_t = alpha_bar.sqrt() * x + (1 - alpha_bar).sqrt() * eps
    loss = F.mse_loss(torch.from_numpy(predicted_noise), eps)
    return x_t.numpy(), float(loss)


def _case(
    name: str,
    x0: np.ndarray,
    t: list[int],
    noise: np.ndarray,
    betas: np.ndarray,
    predicted_noise: np.ndarray,
    raises: str | None = None,
) -> Case:
    args = (
        np.asarray(x0, dtype=np.float64),
        np.array(t, dtype=np.int64),
        np.asarray(noise, dtype=np.float64),
        np.asarray(betas, dtype=np.float64),
        np.asarray(predicted_noise, dtype=np.float64),
    )
    return Case(name, args, raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: t = 0, x0 = 0, a perfect prediction, per-sample t on 3-D batches, a square
    batch, the end of Ho et al.'s linear schedule, and t out of range."""
    rng = np.random.default_rng(26)
    three = np.array([0.1, 0.2, 0.3])
    linear = np.linspace(1e-4, 0.02, 1000)  # Ho et al. (2020): T = 1000
    x_small, eps_small = np.array([[1.0, -2.0, 0.5]]), np.array([[0.5, 1.0, -1.0]])
    x3, eps3 = rng.normal(size=(3, 2, 4)), rng.normal(size=(3, 2, 4))
    square_x, square_eps = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    return [
        _case(
            "t = 0: alpha_bar_0 = 1 - beta_0 = 0.9 (the product includes step t)",
            x_small,
            [0],
            eps_small,
            three,
            np.zeros((1, 3)),
        ),
        _case(
            "x0 = 0, t = 1: x_t = sqrt(1 - 0.72) * noise; a perfect prediction: loss 0",
            np.zeros((2, 2)),
            [1, 1],
            np.array([[1.0, -1.0], [2.0, 0.5]]),
            three,
            np.array([[1.0, -1.0], [2.0, 0.5]]),
        ),
        _case(
            "t = 2 (the last step of 3): alpha_bar = 0.9 * 0.8 * 0.7, not alpha_2 = 0.7",
            x_small,
            [2],
            eps_small,
            three,
            eps_small + 0.5,
        ),
        _case(
            "per-sample t = [0, 3, 1] on a (3, 2, 4) batch: each coefficient scales its own sample",
            x3,
            [0, 3, 1],
            eps3,
            np.array([0.05, 0.1, 0.2, 0.4]),
            eps3 + rng.normal(scale=0.3, size=(3, 2, 4)),
        ),
        _case(
            "a square batch (3 samples of 3 values): coefficients go along the batch axis",
            square_x,
            [2, 0, 1],
            square_eps,
            three,
            np.zeros((3, 3)),
        ),
        _case(
            "Ho et al.'s linear schedule (1e-4 to 0.02, T = 1000), t = 999: nearly pure noise",
            np.array([[1.0, -1.0, 0.5, 2.0], [0.0, 3.0, -2.0, 1.0]]),
            [999, 500],
            np.array([[0.2, -0.4, 1.0, 0.0], [1.5, -0.5, 0.3, -1.0]]),
            linear,
            np.zeros((2, 4)),
        ),
        _case(
            "t = -1 is out of range (it must not wrap to the last step): raise ValueError",
            x_small,
            [-1],
            eps_small,
            three,
            eps_small,
            raises="ValueError",
        ),
        _case(
            "t = T = 3 is out of range (steps are 0-based, 0..T-1): raise ValueError",
            np.zeros((2, 3)),
            [0, 3],
            np.zeros((2, 3)),
            three,
            np.zeros((2, 3)),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A batch of 1-5 samples, shaped (B, D) or (B, C, H, W); a linear or cosine schedule of
    T = 4..64 steps; per-sample t; a noisy prediction of the noise."""
    batch = int(rng.integers(1, 6))
    num_steps = int(rng.integers(4, 65))
    if index % 2 == 0:
        shape: tuple[int, ...] = (batch, int(rng.integers(1, 9)))
    else:
        shape = (batch, int(rng.integers(1, 4)), int(rng.integers(1, 5)), int(rng.integers(1, 5)))
    if index % 3 == 0:  # cosine schedule (Nichol and Dhariwal, 2021)
        steps = np.arange(num_steps + 1) / num_steps
        f = np.cos((steps + 0.008) / 1.008 * np.pi / 2) ** 2
        betas = np.clip(1.0 - f[1:] / f[:-1], 0.0, 0.999)
        kind = "cosine"
    else:
        betas = np.linspace(1e-4, float(rng.uniform(0.02, 0.3)), num_steps)
        kind = "linear"
    noise = rng.normal(size=shape)
    return Case(
        f"random #{index}: x0 {shape}, {kind} schedule, T = {num_steps}",
        (
            rng.normal(size=shape),
            rng.integers(0, num_steps, size=batch),
            noise,
            betas,
            noise + rng.normal(scale=0.5, size=shape),
        ),
    )
