"""Alternative solution: PyTorch modules on the inputs' device and dtype, the backbone frozen
with requires_grad_(False), the optimizer given only the trainable parameters."""

import torch
from torch import nn


def freeze_for_finetuning(W1, b1, W2, b2, x, y, lr, weight_decay=0.0):
    hidden, inputs = W1.shape
    like = {"device": W1.device, "dtype": W1.dtype}
    backbone = nn.Sequential(nn.Linear(inputs, hidden, **like), nn.ReLU())
    head = nn.Linear(hidden, W2.shape[0], **like)
    with torch.no_grad():
        backbone[0].weight.copy_(W1)
        backbone[0].bias.copy_(b1)
        head.weight.copy_(W2)
        head.bias.copy_(b2)
    model = nn.Sequential(backbone, head)
    for p in backbone.parameters():
        p.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.SGD(trainable, lr=lr, weight_decay=weight_decay)
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    params = [backbone[0].weight, backbone[0].bias, head.weight, head.bias]
    return (*(p.detach() for p in params), loss.item())
