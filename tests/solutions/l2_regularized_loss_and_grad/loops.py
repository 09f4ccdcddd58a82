"""Alternative solution: one sample at a time, accumulating the loss and the gradients."""


def l2_regularized_loss_and_grad(w, b, X, y, lam):
    n, d = X.shape
    loss = 0.0
    grad_w = [0.0] * d
    grad_b = 0.0
    for i in range(n):
        residual = sum(X[i, j] * w[j] for j in range(d)) + b - y[i]
        loss += residual * residual / n
        for j in range(d):
            grad_w[j] += 2.0 * residual * X[i, j] / n
        grad_b += 2.0 * residual / n
    for j in range(d):
        loss += 0.5 * lam * w[j] * w[j]
        grad_w[j] += lam * w[j]
    return loss, grad_w, grad_b
