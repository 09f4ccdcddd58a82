"""Reference for `clip_loss`: CLIP's symmetric InfoNCE loss (Radford et al., 2021) on a batch of
N matching (image, text) pairs: L2-normalise the embeddings, scale the N x N cosine-similarity
matrix by logit_scale (already exponentiated, = 1/tau), and average the image->text (rows) and
text->image (columns) cross-entropies, whose targets are the diagonal."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _cross_entropy_diagonal(logits: np.ndarray) -> float:
    """Mean over rows i of -log softmax(row i)[i] = logsumexp(row i) - logits[i, i]."""
    top = logits.max(axis=1)
    logsumexp = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
    return float((logsumexp - np.diag(logits)).mean())


def reference(image_emb: np.ndarray, text_emb: np.ndarray, logit_scale: float) -> float:
    """(CE(logits, diag) + CE(logits.T, diag)) / 2, logits = s * normalised I @ normalised T^T."""
    if not logit_scale > 0:
        raise ValueError(f"logit_scale must be positive, got {logit_scale}")
    images = image_emb / np.linalg.norm(image_emb, axis=1, keepdims=True)
    texts = text_emb / np.linalg.norm(text_emb, axis=1, keepdims=True)
    logits_per_image = logit_scale * images @ texts.T
    return 0.5 * (
        _cross_entropy_diagonal(logits_per_image) + _cross_entropy_diagonal(logits_per_image.T)
    )


def oracle(image_emb: np.ndarray, text_emb: np.ndarray, logit_scale: float) -> float:
    """open_clip's ClipLoss on one device: F.normalize, then F.cross_entropy both ways."""
    import torch
    import torch.nn.functional as F

    if not logit_scale > 0:
        raise ValueError(f"logit_scale must be positive, got {logit_scale}")
    images = F.normalize(torch.from_numpy(image_emb), dim=-1)
    texts = F.normalize(torch.from_numpy(text_emb), dim=-1)
    logits_per_image = logit_scale * images @ texts.T
    logits_per_text = logit_scale * texts @ images.T
    labels = torch.arange(len(images))
    loss = (
        F.cross_entropy(logits_per_image, labels) + F.cross_entropy(logits_per_text, labels)
    ) / 2
    return float(loss)


def _case(
    name: str,
    images: list[list[float]] | np.ndarray,
    texts: list[list[float]] | np.ndarray,
    logit_scale: float,
    raises: str | None = None,
) -> Case:
    return Case(
        name,
        (np.array(images, dtype=np.float64), np.array(texts, dtype=np.float64), logit_scale),
        raises=raises,
    )


def edge_cases() -> list[Case]:
    """One pair, orthogonal pairs, unequal norms, asymmetric similarities, CLIP's initial and
    maximal scales, bad scales."""
    rng = np.random.default_rng(16)
    images = rng.normal(size=(8, 16))
    texts = images + 0.8 * rng.normal(size=(8, 16))
    close = np.random.default_rng(0)
    near = 1.0 + 0.2 * close.normal(size=(4, 4))
    return [
        _case(
            "one pair: the only candidate is the right one, loss 0",
            [[1.0, 2.0]],
            [[3.0, -1.0]],
            5.0,
        ),
        _case(
            "three orthogonal pairs of norm 3, logit_scale = 2: normalise first, then "
            "loss = log(e^2 + 2) - 2 in both directions",
            [[3.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 3.0]],
            [[3.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 3.0]],
            2.0,
        ),
        _case(
            "rows of very different norms (0.1 to 20): normalise each embedding (axis 1), not "
            "each feature over the batch",
            [[0.1, 0.0], [0.0, 20.0], [2.0, 2.0]],
            [[4.0, 1.0], [0.5, 1.0], [0.0, -3.0]],
            2.0,
        ),
        _case(
            "asymmetric similarities: image->text (rows) and text->image (columns) differ; "
            "average both",
            [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]],
            [[1.0, 0.0], [0.6, 0.8], [-0.6, 0.8]],
            3.0,
        ),
        Case(
            "logit_scale = 100 (CLIP's cap): four pairs all within a few degrees of each "
            "other, told apart only by a sharp softmax",
            (near, near + 0.05 * close.normal(size=(4, 4)), 100.0),
        ),
        Case(
            "eight noisy pairs, D = 16, logit_scale = 1/0.07 (CLIP's initial value)",
            (images, texts, 1 / 0.07),
        ),
        _case(
            "logit_scale = 0: raise ValueError",
            [[1.0, 0.0], [0.0, 1.0]],
            [[1.0, 0.0], [0.0, 1.0]],
            0.0,
            raises="ValueError",
        ),
        _case(
            "logit_scale = -14.3 (a negative scale rewards the wrong pairs): raise ValueError",
            [[1.0, 0.0], [0.0, 1.0]],
            [[1.0, 0.5], [0.5, 1.0]],
            -14.3,
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Noisy matching pairs with row norms spread over two orders of magnitude."""
    n, dim = int(rng.integers(2, 13)), int(rng.integers(2, 33))
    images = rng.normal(size=(n, dim))
    texts = images + rng.uniform(0.3, 2.0) * rng.normal(size=(n, dim))
    images *= 10.0 ** rng.uniform(-1.0, 1.0, size=(n, 1))
    texts *= 10.0 ** rng.uniform(-1.0, 1.0, size=(n, 1))
    logit_scale = 1 / 0.07 if index % 3 == 0 else float(np.round(rng.uniform(1.0, 100.0), 3))
    name = f"random #{index}: N={n}, D={dim}, logit_scale={logit_scale:.3f}"
    return Case(name, (images, texts, logit_scale))
