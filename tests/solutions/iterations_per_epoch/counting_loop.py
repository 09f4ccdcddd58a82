"""Alternative solution: walk through the data set batch by batch, as a training loop does."""


def iterations_per_epoch(n, batch_size, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    iterations = 0
    for start in range(0, n, batch_size):
        size = min(batch_size, n - start)
        if size < batch_size and drop_last:
            break
        iterations += 1
    return iterations
