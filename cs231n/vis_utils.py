"""Pictures of weights and images (provided)."""

from math import ceil, sqrt

import numpy as np


def visualize_grid(Xs, ubound=255.0, padding=1):
    """Tile a batch of images into one image, each rescaled to [0, ubound].

    Parameters
    ----------
    Xs : ndarray, shape (N, H, W, C)
    ubound : float, the output range is [0, ubound]
    padding : int, blank pixels between neighbouring images

    Returns
    -------
    grid : ndarray, shape (G*H + (G-1)*padding, G*W + (G-1)*padding, C) with G = ceil(sqrt(N))
    """
    if np.ndim(Xs) != 4:
        raise ValueError(f"visualize_grid: Xs must have shape (N, H, W, C), got {np.shape(Xs)}")
    N, H, W, C = Xs.shape
    grid_size = int(ceil(sqrt(N)))
    grid_height = H * grid_size + padding * (grid_size - 1)
    grid_width = W * grid_size + padding * (grid_size - 1)
    grid = np.zeros((grid_height, grid_width, C))
    for index in range(N):
        row, col = divmod(index, grid_size)
        image = Xs[index]
        low, high = np.min(image), np.max(image)
        scale = ubound / (high - low) if high > low else 0.0
        top, left = row * (H + padding), col * (W + padding)
        grid[top : top + H, left : left + W] = scale * (image - low)
    return grid
