"""Alternative solution: PyTorch tensors, as open_clip's ClipLoss computes it on one device."""

import torch
import torch.nn.functional as F


def clip_loss(image_emb, text_emb, logit_scale):
    if logit_scale <= 0:
        raise ValueError("logit_scale is 1/temperature and must be positive")
    image_features = F.normalize(image_emb, dim=-1)
    text_features = F.normalize(text_emb, dim=-1)
    logits_per_image = logit_scale * image_features @ text_features.T
    logits_per_text = logits_per_image.T
    labels = torch.arange(logits_per_image.shape[0], device=logits_per_image.device)
    return (
        F.cross_entropy(logits_per_image, labels) + F.cross_entropy(logits_per_text, labels)
    ) / 2
