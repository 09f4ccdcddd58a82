"""Alternative solution: the full batch in one go (the accumulated gradient must equal it), and
the per-micro-batch losses as segment sums of the per-sequence token losses."""

import numpy as np


def accumulated_gradient(H, targets, W, micro_batch_sizes):
    sizes = np.asarray(micro_batch_sizes)
    if np.any(sizes < 1) or sizes.sum() != H.shape[0]:
        raise ValueError("micro-batch sizes must be >= 1 and add up to B")
    real = targets != -100
    count = real.sum()
    if count == 0:
        raise ValueError("no target token")
    logits = np.einsum("btd,dv->btv", H, W)
    log_z = np.logaddexp.reduce(logits, axis=-1)
    labels = np.where(real, targets, 0)
    token_loss = np.where(
        real, log_z - np.take_along_axis(logits, labels[..., None], -1)[..., 0], 0
    )
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    losses = np.add.reduceat(token_loss.sum(axis=1), starts) / count
    probs = np.exp(logits - log_z[..., None])
    one_hot = labels[..., None] == np.arange(W.shape[1])
    dlogits = (probs - one_hot) * real[..., None] / count
    return losses, np.einsum("btd,btv->dv", H, dlogits)
