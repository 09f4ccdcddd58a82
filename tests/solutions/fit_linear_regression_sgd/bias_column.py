"""Alternative solution: fold the bias into the weights with a column of ones, one vector theta."""

import numpy as np


def fit_linear_regression_sgd(X, y, lr, batch_size, order):
    design = np.hstack([X, np.ones((X.shape[0], 1))])
    theta = np.zeros(design.shape[1])
    for epoch_order in order:
        batches = [epoch_order[i : i + batch_size] for i in range(0, len(epoch_order), batch_size)]
        for batch in batches:
            A, t = design[batch], y[batch]
            theta = theta - lr * 2.0 * A.T @ (A @ theta - t) / A.shape[0]
    return theta[:-1], float(theta[-1])
