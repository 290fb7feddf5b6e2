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


def _tile(rows, padding, fill):
    """Place ``rows`` (lists of same-shaped (H, W, C) images) on one canvas, left to right."""
    H, W, C = np.shape(rows[0][0])
    num_cols = max(len(row) for row in rows)
    canvas = np.full(
        (len(rows) * (H + padding) - padding, num_cols * (W + padding) - padding, C),
        fill,
        dtype=np.float64,
    )
    for r, row in enumerate(rows):
        for c, image in enumerate(row):
            top, left = r * (H + padding), c * (W + padding)
            canvas[top : top + H, left : left + W] = image
    return canvas


def _scale_to_unit(canvas):
    low, high = canvas.min(), canvas.max()
    return (canvas - low) / (high - low) if high > low else np.zeros_like(canvas)


def vis_grid(Xs):
    """Tile images into a square grid and scale the whole grid (not each image) to [0, 1].

    Parameters
    ----------
    Xs : ndarray, shape (N, H, W, C)

    Returns
    -------
    grid : ndarray, shape (G*H + (G-1), G*W + (G-1), C) with G = ceil(sqrt(N)); one pixel of
        the images' minimum separates neighbours
    """
    if np.ndim(Xs) != 4 or len(Xs) == 0:
        raise ValueError(
            f"vis_grid: Xs must have shape (N, H, W, C) with N >= 1, got {np.shape(Xs)}"
        )
    grid_size = ceil(sqrt(len(Xs)))
    rows = [list(Xs[i : i + grid_size]) for i in range(0, len(Xs), grid_size)]
    return _scale_to_unit(_tile(rows, padding=1, fill=np.min(Xs)))


def vis_nn(rows):
    """Show a table of images, one list per row, scaled together to [0, 1].

    Parameters
    ----------
    rows : list of lists of ndarray, each (H, W, C), all the same shape

    Returns
    -------
    grid : ndarray, shape (R*H + (R-1), K*W + (K-1), C) with R rows and K the longest row
    """
    shapes = {np.shape(image) for row in rows for image in row}
    if len(shapes) != 1 or len(next(iter(shapes))) != 3:
        raise ValueError(f"vis_nn: rows must hold images of one shape (H, W, C), got {shapes}")
    low = min(np.min(image) for row in rows for image in row)
    return _scale_to_unit(_tile(rows, padding=1, fill=low))
