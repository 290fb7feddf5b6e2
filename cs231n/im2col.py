"""Pure-NumPy im2col / col2im: the fallback for the compiled ``cs231n.im2col_cython``.

Two column layouts are used (both match the compiled kernels exactly):

* ``im2col_indices`` / ``col2im_indices``: ``cols`` has shape ``(C * fh * fw, H_out * W_out * N)``.
  Row ``(c * fh + i) * fw + j`` is filter tap ``(c, i, j)``; column ``(h * W_out + w) * N + n`` is
  output position ``(h, w)`` of sample ``n``.
* ``im2col_6d`` / ``col2im_6d``: ``cols`` has shape ``(C, HH, WW, N, H_out, W_out)`` with
  ``cols[c, i, j, n, h, w] = x_padded[n, c, h * stride + i, w * stride + j]``.

``col2im_*`` are the adjoints (transposes) of ``im2col_*``: every column entry is added back to the
pixel it was read from, so pixels shared by overlapping windows accumulate. None of them uses the
slow ``np.add.at``: they loop over the ``fh * fw`` filter taps, and within one tap the strided slice
touches each pixel at most once, so a plain ``+=`` is exact.
"""

import numpy as np

from .checks import check_windows_tile


def _output_size(H, W, field_height, field_width, padding, stride):
    """Return ``(H_out, W_out)``; raise ValueError if the windows do not tile the padded input."""
    check_windows_tile(H, field_height, padding, stride, "im2col height")
    check_windows_tile(W, field_width, padding, stride, "im2col width")
    return (H + 2 * padding - field_height) // stride + 1, (
        W + 2 * padding - field_width
    ) // stride + 1


def _pad(x, padding):
    if padding == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)), mode="constant")


def get_im2col_indices(x_shape, field_height, field_width, padding=1, stride=1):
    """Index arrays that gather the receptive fields of a padded input.

    Parameters
    ----------
    x_shape : tuple (N, C, H, W)
    field_height, field_width, padding, stride : int

    Returns
    -------
    k : ndarray, shape (C * fh * fw, 1)
        Channel of each row.
    i, j : ndarray, shape (C * fh * fw, H_out * W_out)
        Row and column (in the padded input) read by each (row, output position).
    """
    N, C, H, W = x_shape
    H_out, W_out = _output_size(H, W, field_height, field_width, padding, stride)
    tap_row = np.tile(np.repeat(np.arange(field_height), field_width), C)
    tap_col = np.tile(np.arange(field_width), field_height * C)
    out_row = stride * np.repeat(np.arange(H_out), W_out)
    out_col = stride * np.tile(np.arange(W_out), H_out)
    i = tap_row.reshape(-1, 1) + out_row.reshape(1, -1)
    j = tap_col.reshape(-1, 1) + out_col.reshape(1, -1)
    k = np.repeat(np.arange(C), field_height * field_width).reshape(-1, 1)
    return k, i, j


def im2col_indices(x, field_height, field_width, padding=1, stride=1):
    """Receptive fields of ``x`` (N, C, H, W) as columns, by fancy indexing.

    Returns
    -------
    cols : ndarray, shape (C * fh * fw, H_out * W_out * N), dtype of ``x``
    """
    k, i, j = get_im2col_indices(x.shape, field_height, field_width, padding, stride)
    gathered = _pad(x, padding)[:, k, i, j]  # (N, C*fh*fw, H_out*W_out)
    return gathered.transpose(1, 2, 0).reshape(k.shape[0], -1)


def col2im_indices(cols, x_shape, field_height=3, field_width=3, padding=1, stride=1):
    """Adjoint of :func:`im2col_indices`: add the columns back into an image of shape ``x_shape``.

    Returns
    -------
    dx : ndarray, shape ``x_shape``, dtype of ``cols``
    """
    N, C, H, W = x_shape
    H_out, W_out = _output_size(H, W, field_height, field_width, padding, stride)
    expected = (C * field_height * field_width, H_out * W_out * N)
    if cols.shape != expected:
        raise ValueError(f"cols has shape {cols.shape}, expected {expected}")
    cols_6d = cols.reshape(C, field_height, field_width, H_out, W_out, N).transpose(
        0, 1, 2, 5, 3, 4
    )
    return col2im_6d(cols_6d, N, C, H, W, field_height, field_width, padding, stride)


def im2col_6d(x, HH, WW, pad, stride):
    """Receptive fields of ``x`` (N, C, H, W) as a C-contiguous (C, HH, WW, N, H_out, W_out) array.

    Built from a strided view of the padded input, then copied once.
    """
    N, C, H, W = x.shape
    H_out, W_out = _output_size(H, W, HH, WW, pad, stride)
    x_padded = np.ascontiguousarray(_pad(x, pad))
    s0, s1, s2, s3 = x_padded.strides
    view = np.lib.stride_tricks.as_strided(
        x_padded,
        shape=(C, HH, WW, N, H_out, W_out),
        strides=(s1, s2, s3, s0, stride * s2, stride * s3),
        writeable=False,
    )
    return np.ascontiguousarray(view)


def col2im_6d(cols, N, C, H, W, HH, WW, pad, stride):
    """Adjoint of :func:`im2col_6d`: add ``cols`` (C, HH, WW, N, H_out, W_out) into an image.

    Returns
    -------
    dx : ndarray, shape (N, C, H, W), dtype of ``cols``
    """
    H_out, W_out = _output_size(H, W, HH, WW, pad, stride)
    expected = (C, HH, WW, N, H_out, W_out)
    if cols.shape != expected:
        raise ValueError(f"cols has shape {cols.shape}, expected {expected}")
    dx_padded = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=cols.dtype)
    by_tap = cols.transpose(1, 2, 3, 0, 4, 5)  # (HH, WW, N, C, H_out, W_out)
    for i in range(HH):
        for j in range(WW):
            rows = slice(i, i + stride * H_out, stride)
            columns = slice(j, j + stride * W_out, stride)
            dx_padded[:, :, rows, columns] += by_tap[i, j]
    if pad == 0:
        return dx_padded
    return dx_padded[:, :, pad:-pad, pad:-pad].copy()


def im2col_batched(x, HH, WW, pad, stride, out=None):
    """One column matrix per sample: (N, C * HH * WW, H_out, W_out), written into ``out`` if given.

    ``cols[n, (c * HH + i) * WW + j, h, w] = x_padded[n, c, h * stride + i, w * stride + j]``.
    """
    N, C, H, W = x.shape
    H_out, W_out = _output_size(H, W, HH, WW, pad, stride)
    x_padded = np.ascontiguousarray(_pad(x, pad))
    s0, s1, s2, s3 = x_padded.strides
    view = np.lib.stride_tricks.as_strided(
        x_padded,
        shape=(N, C, HH, WW, H_out, W_out),
        strides=(s0, s1, s2, s3, stride * s2, stride * s3),
        writeable=False,
    )
    if out is None:
        return np.ascontiguousarray(view).reshape(N, C * HH * WW, H_out, W_out)
    out.reshape(N, C, HH, WW, H_out, W_out)[...] = view
    return out


def col2im_batched(cols, HH, WW, pad, stride, out):
    """Adjoint of :func:`im2col_batched`: overwrite ``out`` (N, C, H, W) with the column sums."""
    N, C, H, W = out.shape
    H_out, W_out = cols.shape[2:]
    by_tap = cols.reshape(N, C, HH, WW, H_out, W_out)
    if pad == 0:
        padded = out
        padded[...] = 0
    else:
        padded = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=out.dtype)
    for i in range(HH):
        for j in range(WW):
            rows = slice(i, i + stride * H_out, stride)
            columns = slice(j, j + stride * W_out, stride)
            padded[:, :, rows, columns] += by_tap[:, :, i, j]
    if pad:
        out[...] = padded[:, :, pad:-pad, pad:-pad]
    return out
