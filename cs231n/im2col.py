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


def im2col_batched(x, HH, WW, pad, stride, out=None, h0=0, h1=None):
    """One column matrix per sample for output rows [h0, h1) (default: all), written into ``out``
    (N, C * HH * WW, (h1 - h0) * W_out) if given.

    ``cols[n, (c * HH + i) * WW + j, (h - h0) * W_out + w] = x_padded[n, c, h * stride + i,
    w * stride + j]``. Returns an (N, C * HH * WW, H_out, W_out) array when ``out`` is None and the
    band is the whole output.
    """
    N, C, H, W = x.shape
    H_out, W_out = _output_size(H, W, HH, WW, pad, stride)
    h1 = H_out if h1 is None else h1
    x_padded = np.ascontiguousarray(_pad(x, pad))
    s0, s1, s2, s3 = x_padded.strides
    view = np.lib.stride_tricks.as_strided(
        x_padded[:, :, h0 * stride :],
        shape=(N, C, HH, WW, h1 - h0, W_out),
        strides=(s0, s1, s2, s3, stride * s2, stride * s3),
        writeable=False,
    )
    if out is None:
        cols = np.ascontiguousarray(view)
        if (h0, h1) == (0, H_out):
            return cols.reshape(N, C * HH * WW, H_out, W_out)
        return cols.reshape(N, C * HH * WW, (h1 - h0) * W_out)
    # out may be a slice of a larger buffer: write through a 6-D view of its rows.
    row_stride = out.strides[1]
    target = np.lib.stride_tricks.as_strided(
        out,
        shape=(N, C, HH, WW, h1 - h0, W_out),
        strides=(
            out.strides[0],
            HH * WW * row_stride,
            WW * row_stride,
            row_stride,
            W_out * out.itemsize,
            out.itemsize,
        ),
    )
    target[...] = view
    return out


def col2im_batched(cols, HH, WW, pad, stride, out, h0=0, h1=None, add=False):
    """Adjoint of :func:`im2col_batched`: add the columns of output rows [h0, h1) (default: all)
    back into ``out`` (N, C, H, W), which is zeroed first unless ``add`` is True."""
    N, C, H, W = out.shape
    H_out, W_out = _output_size(H, W, HH, WW, pad, stride)
    h1 = H_out if h1 is None else h1
    rows_out = h1 - h0
    row_stride = cols.strides[1]
    by_tap = np.lib.stride_tricks.as_strided(
        cols,
        shape=(N, C, HH, WW, rows_out, W_out),
        strides=(
            cols.strides[0],
            HH * WW * row_stride,
            WW * row_stride,
            row_stride,
            W_out * cols.itemsize,
            cols.itemsize,
        ),
        writeable=False,
    )
    padded = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=out.dtype)
    if add:
        padded[:, :, pad : pad + H, pad : pad + W] = out
    for i in range(HH):
        for j in range(WW):
            top = h0 * stride + i
            rows = slice(top, top + stride * rows_out, stride)
            columns = slice(j, j + stride * W_out, stride)
            padded[:, :, rows, columns] += by_tap[:, :, i, j]
    out[...] = padded[:, :, pad : pad + H, pad : pad + W]
    return out
