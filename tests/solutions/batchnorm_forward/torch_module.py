"""Alternative solution: nn.BatchNorm1d itself, on the inputs' device and dtype."""

import torch


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5, training=True
):
    layer = torch.nn.BatchNorm1d(
        x.shape[1], eps=eps, momentum=momentum, device=x.device, dtype=x.dtype
    )
    with torch.no_grad():
        layer.weight.copy_(gamma)
        layer.bias.copy_(beta)
        layer.running_mean.copy_(running_mean)
        layer.running_var.copy_(running_var)
        layer.train(training)
        y = layer(x)
    return y, layer.running_mean, layer.running_var
