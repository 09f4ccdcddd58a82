"""Reference for `scaler_step`: one optimizer step of dynamic loss scaling, as
torch.amp.GradScaler does it (unscale, optional clipping, skip on inf/NaN, update the scale)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    params: np.ndarray,
    scaled_grads: np.ndarray,
    scale: float,
    growth_tracker: int,
    lr: float,
    growth_factor: float = 2.0,
    backoff_factor: float = 0.5,
    growth_interval: int = 2000,
    max_norm: float | None = None,
) -> tuple[np.ndarray, float, int, bool]:
    """Unscale, check for inf/NaN anywhere, clip the unscaled gradient (if max_norm), take the
    SGD step unless there was an overflow; then back off or count towards growth."""
    grads = scaled_grads * (1.0 / scale)
    found_inf = not bool(np.all(np.isfinite(grads)))
    if found_inf:
        return params.copy(), float(scale * backoff_factor), 0, True
    if max_norm is not None:
        norm = float(np.sqrt(np.sum(grads**2)))
        grads = grads * min(1.0, max_norm / (norm + 1e-6))  # clip_grad_norm_'s coefficient
    new_params = params - lr * grads
    tracker = growth_tracker + 1
    if tracker == growth_interval:
        return new_params, float(scale * growth_factor), 0, False
    return new_params, float(scale), tracker, False


def oracle(
    params: np.ndarray,
    scaled_grads: np.ndarray,
    scale: float,
    growth_tracker: int,
    lr: float,
    growth_factor: float = 2.0,
    backoff_factor: float = 0.5,
    growth_interval: int = 2000,
    max_norm: float | None = None,
) -> tuple[np.ndarray, float, int, bool]:
    """torch.amp.GradScaler on the CPU driving torch.optim.SGD, with its state set to (scale,
    growth_tracker): unscale_, clip_grad_norm_, step, update."""
    import torch

    p = torch.nn.Parameter(torch.tensor(params, dtype=torch.float64))
    optimizer = torch.optim.SGD([p], lr=lr)
    scaler = torch.amp.GradScaler(
        "cpu",
        init_scale=scale,
        growth_factor=growth_factor,
        backoff_factor=backoff_factor,
        growth_interval=growth_interval,
    )
    scaler.scale(torch.ones(()))  # creates the scale and the growth tracker
    assert scaler._growth_tracker is not None
    scaler._growth_tracker.fill_(growth_tracker)
    p.grad = torch.tensor(scaled_grads, dtype=torch.float64)
    scaler.unscale_(optimizer)
    if max_norm is not None:
        torch.nn.utils.clip_grad_norm_([p], max_norm)
    skipped = sum(v.item() for v in scaler._found_inf_per_device(optimizer).values()) > 0
    scaler.step(optimizer)
    scaler.update()
    return (
        p.detach().numpy(),
        float(scaler.get_scale()),
        int(scaler._growth_tracker.item()),
        skipped,
    )


def _a(values: list[float]) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Fixed cases: a clean step, the step that grows the scale, inf / -inf / NaN overflows
    (skip and back off, also when growth was due), clipping after unscaling."""
    inf, nan = float("inf"), float("nan")
    params = _a([1.0, -2.0, 0.5])
    return [
        Case(
            "clean step, scale 1024, tracker 0 of 3: SGD on grads / 1024, tracker becomes 1",
            (params, _a([1024.0, -2048.0, 512.0]), 1024.0, 0, 0.1),
            {"growth_interval": 3},
        ),
        Case(
            "clean step with tracker 2 of growth_interval 3: the 3rd clean step doubles the "
            "scale and resets the tracker to 0",
            (params, _a([1024.0, -2048.0, 512.0]), 1024.0, 2, 0.1),
            {"growth_interval": 3},
        ),
        Case(
            "an inf in one gradient: skip the whole step (params unchanged), halve the scale, "
            "tracker back to 0",
            (params, _a([inf, 10.0, -4.0]), 65536.0, 5, 0.1),
            {"growth_interval": 10},
        ),
        Case(
            "a NaN (no inf) in the gradients: it is an overflow too, skip and back off",
            (params, _a([nan, 8.0, 2.0]), 65536.0, 4, 0.1),
            {"growth_interval": 10},
        ),
        Case(
            "-inf with the growth due on this step: the overflow wins, back off (no growth)",
            (params, _a([3.0, -inf, 1.0]), 256.0, 1, 0.5),
            {"growth_interval": 2},
        ),
        Case(
            "growth_interval 1: every clean step grows the scale, the tracker stays 0",
            (params, _a([2.0, 4.0, -8.0]), 4.0, 0, 0.25),
            {"growth_interval": 1},
        ),
        Case(
            "scale 65536 (2**16, GradScaler's init_scale), default interval 2000, tracker 1998: "
            "the 1999th clean step does not grow yet",
            (params, _a([6553.6, -32768.0, 131072.0]), 65536.0, 1998, 0.01),
        ),
        Case(
            "tracker 1999 of the default 2000: this clean step grows the scale to 131072",
            (params, _a([6553.6, -32768.0, 131072.0]), 65536.0, 1999, 0.01),
        ),
        Case(
            "max_norm 1 and unscaled norm 5: clip the UNSCALED gradient to norm 1, then step",
            (_a([0.0, 0.0]), _a([3.0 * 512, 4.0 * 512]), 512.0, 0, 1.0),
            {"growth_interval": 100, "max_norm": 1.0},
        ),
        Case(
            "max_norm 10 and unscaled norm 5 (scaled norm 2560): no clipping at all",
            (_a([1.0, 1.0]), _a([3.0 * 512, 4.0 * 512]), 512.0, 0, 0.1),
            {"growth_interval": 100, "max_norm": 10.0},
        ),
        Case(
            "overflow with max_norm set: still skipped (clipping does not repair an inf)",
            (_a([1.0, 1.0]), _a([inf, 4.0]), 512.0, 7, 0.1),
            {"growth_interval": 100, "max_norm": 1.0},
        ),
        Case(
            "other factors: growth_factor 4, backoff_factor 0.25, an overflow",
            (params, _a([1.0, inf, inf]), 4096.0, 3, 0.1),
            {"growth_factor": 4.0, "backoff_factor": 0.25, "growth_interval": 5},
        ),
        Case(
            "other factors: growth_factor 4, the 5th clean step grows the scale 4x",
            (params, _a([8.0, -16.0, 4096.0]), 4096.0, 4, 0.1),
            {"growth_factor": 4.0, "backoff_factor": 0.25, "growth_interval": 5},
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random gradients at a random power-of-two scale; some overflow (inf or NaN), some are
    due to grow, some are clipped."""
    n = int(rng.integers(1, 9))
    scale = float(2.0 ** rng.integers(0, 20))
    growth_interval = int(rng.choice([1, 2, 3, 5, 100, 2000]))
    growth_tracker = int(rng.integers(0, growth_interval))
    if rng.random() < 0.3:
        growth_tracker = growth_interval - 1
    params = rng.normal(size=n)
    scaled_grads = rng.normal(size=n) * scale
    kind = rng.choice(["clean", "clean", "inf", "nan"])
    if kind != "clean":
        scaled_grads[int(rng.integers(0, n))] = float("inf") if kind == "inf" else float("nan")
    kwargs: dict = {"growth_interval": growth_interval}
    if rng.random() < 0.4:
        kwargs["max_norm"] = float(rng.choice([0.1, 0.5, 1.0, 5.0]))
    lr = float(rng.choice([1e-3, 1e-2, 0.1, 1.0]))
    return Case(
        f"random #{index}: {n} params, scale 2**{int(np.log2(scale))}, {kind} gradients, "
        f"tracker {growth_tracker} of {growth_interval}"
        + (f", max_norm {kwargs['max_norm']}" if "max_norm" in kwargs else ""),
        (params, scaled_grads, scale, growth_tracker, lr),
        kwargs,
    )
