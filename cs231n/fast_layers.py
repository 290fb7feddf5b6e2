"""Fast convolution and max-pooling layers.

They take the same inputs and return the same ``(out, cache)`` / gradients as the naive layers in
:mod:`cs231n.layers`, and they validate hyperparameters with the same helpers, so the error
messages match: a stride / pad / filter size that does not tile the input raises ValueError.

Convolution is done with matrix products: the receptive fields of each sample are copied into a
(C*HH*WW, H_out*W_out) column matrix ("im2col"), multiplied with the filters by BLAS, and the
backward pass adds the column gradients back into the image ("col2im"). The batch is split over
worker threads (``cs231n.parallel``), each with one BLAS thread, working through its samples in
blocks small enough for the columns to stay in the CPU's L2 cache (bands of output rows for large
samples); the backward pass rebuilds the columns from x instead of keeping them all in memory.
float32 inputs stay float32 (mixed inputs use the common
dtype). With the compiled extension, 3x3 convolutions with stride 1 instead use Winograd's
F(2x2, 3x3) (:mod:`cs231n.winograd`): 2.25 times fewer multiplications than the matrix products
of im2col (``USE_WINOGRAD = False`` turns it off).

Max pooling and ties
--------------------
In every pooling window the upstream gradient goes to exactly ONE element: the FIRST maximal
element in row-major order inside the window (what ``np.argmax`` of the flattened window returns).
Where windows overlap, the contributions of all windows are added. The naive layers follow the
same rule, so fast and naive agree even on inputs full of ties (ReLU outputs, constant images).

The compiled extension
----------------------
The kernels live in the Cython module ``cs231n.im2col_cython``. Build it from the project root with
``pip install -e .`` or ``python setup.py build_ext --inplace``. Without it every function still
works through a pure-NumPy path (``cs231n.im2col``) with the same results, only slower; importing
this module then issues one warning saying how to build the extension.

* ``HAVE_CYTHON`` (bool): True when the extension was imported.
* ``USE_CYTHON`` (bool, default ``HAVE_CYTHON``): module-level switch, read at every call. Set it to
  False (e.g. ``monkeypatch.setattr(fast_layers, "USE_CYTHON", False)``) to force the NumPy path.
* Environment variable ``CS231N_NO_CYTHON=1``, read at import: do not even import the extension
  (``HAVE_CYTHON`` is then False and no warning is issued).

The compiled kernels release the GIL. Large calls are split over ``cs231n.parallel.NUM_THREADS``
threads (default: the available cores, at most 8; set it to 1 to keep everything in the calling
thread); while they run, BLAS uses one thread each, whatever the caller set. Importing this
module also makes OpenBLAS's idle helper threads sleep at once (or, where that cannot be done,
sets one BLAS thread for the process; ``cs231n.parallel`` says why), so a model's loss runs the
same called directly as inside the Solver. Any number of Python threads may call these layers at
once.

Functions
---------
``conv_forward_fast`` / ``conv_backward_fast`` take the Winograd path for 3x3 stride-1
convolutions (when the extension is built) and are ``conv_forward_strides`` /
``conv_backward_strides`` otherwise (cache ``(x, w, b, conv_param)`` either way; one column
matrix per sample, laid out as (n, C*HH*WW, H_out, W_out)); ``conv_forward_im2col`` /
``conv_backward_im2col`` build the columns of the whole batch in the (C*HH*WW, H_out*W_out*N)
layout and keep them in the cache ``(x, w, b, conv_param, x_cols)``.

``max_pool_forward_fast`` uses the compiled pooling kernel when available; otherwise
``max_pool_forward_reshape`` when the pool tiles the input exactly (pool_height == pool_width ==
stride) and ``max_pool_forward_im2col`` for every other valid pool. Its cache is tagged
``('cython' | 'reshape' | 'im2col', cache)`` and ``max_pool_backward_fast`` dispatches on the tag.
"""

import os
import warnings

import numpy as np

from . import im2col as _numpy_cols
from . import parallel, winograd
from .checks import check_conv_shapes, check_pool_inputs

# The course's fast_layers.py star-imports im2col, so `from cs231n.fast_layers import *` gives
# these three too (course notebooks and student helpers call them through this module).
from .im2col import col2im_indices, get_im2col_indices, im2col_indices  # noqa: F401

BUILD_HINT = (
    "build it from the project root with `pip install -e .` or "
    "`python setup.py build_ext --inplace`, then restart the Python kernel"
)


class CythonExtensionWarning(RuntimeWarning):
    """The compiled extension is missing; the slower pure-NumPy layers are used."""


_DISABLED_BY_ENV = os.environ.get("CS231N_NO_CYTHON", "").strip() not in ("", "0")

HAVE_CYTHON = False
if not _DISABLED_BY_ENV:
    try:
        from .im2col_cython import (
            col2im_6d_cython,
            col2im_batched_cython,
            col2im_cython,
            im2col_6d_cython,
            im2col_batched_cython,
            im2col_cython,
            max_pool_backward_cython,
            max_pool_forward_cython,
        )

        HAVE_CYTHON = True
    except ImportError as _error:
        warnings.warn(
            f"The Cython extension cs231n.im2col_cython is not available ({_error}). The fast "
            "layers fall back to pure NumPy: same results, slower. "
            f"To get full speed, {BUILD_HINT}.",
            CythonExtensionWarning,
            stacklevel=2,
        )

USE_CYTHON = HAVE_CYTHON
USE_WINOGRAD = True


def _cython_enabled():
    return USE_CYTHON and HAVE_CYTHON


def _float_dtype(*arrays):
    """Common dtype of ``arrays``; non-float inputs compute in float64."""
    dtype = np.result_type(*arrays)
    if dtype not in (np.float32, np.float64):
        dtype = np.dtype(np.float64)
    return dtype


def _im2col_6d(x, HH, WW, pad, stride, out=None):
    """(C, HH, WW, N, H_out, W_out) columns of ``x``, written into ``out`` when given."""
    if _cython_enabled():
        return im2col_6d_cython(x, HH, WW, pad, stride, out=out)
    cols = _numpy_cols.im2col_6d(x, HH, WW, pad, stride)
    if out is None:
        return cols
    out[...] = cols
    return out


def _col2im_6d(cols, N, C, H, W, HH, WW, pad, stride, out=None):
    """Image gradient (N, C, H, W) from column gradients, written into ``out`` when given."""
    if _cython_enabled():
        return col2im_6d_cython(cols, N, C, H, W, HH, WW, pad, stride, out=out)
    dx = _numpy_cols.col2im_6d(cols, N, C, H, W, HH, WW, pad, stride)
    if out is None:
        return dx
    out[...] = dx
    return out


# Each thread works through its samples in blocks whose columns take about BLOCK_BYTES, so they
# stay in the CPU's L2 cache between im2col, the matrix products and col2im: several whole samples
# when they fit, else one sample in bands of output rows (a 64-channel 3x3 conv on 32x32 images:
# 4 bands of 8 rows, 576 x 256 columns). The NumPy fallback takes whole samples, CHUNK_ELEMENTS
# column entries at a time (fewer, larger NumPy calls pay off more there).
BLOCK_BYTES = 640 << 10
CHUNK_ELEMENTS = 1 << 20


def _blocks(start, stop, taps, H_out, W_out, itemsize):
    """Blocks ``(n0, n1, h0, h1)``: samples [n0, n1), output rows [h0, h1), covering [start, stop)
    in order (the bands of one sample in row order)."""
    row_elements = taps * W_out
    if _cython_enabled():
        rows_per_block = max(1, BLOCK_BYTES // max(1, row_elements * itemsize))
    else:
        rows_per_block = max(1, CHUNK_ELEMENTS // max(1, row_elements))
    if rows_per_block >= H_out:
        samples = rows_per_block // max(1, H_out)
        return [(n0, min(n0 + samples, stop), 0, H_out) for n0 in range(start, stop, samples)]
    bands = -(-H_out // rows_per_block)
    edges = [H_out * k // bands for k in range(bands + 1)]  # bands of (nearly) equal height
    return [(n, n + 1, edges[k], edges[k + 1]) for n in range(start, stop) for k in range(bands)]


def _column_buffer(blocks, taps, W_out, dtype):
    """One (samples, taps, rows * W_out) buffer large enough for every block of ``blocks``."""
    samples = max((n1 - n0 for n0, n1, _, _ in blocks), default=0)
    rows = max((h1 - h0 for _, _, h0, h1 in blocks), default=0)
    return np.empty((samples, taps, rows * W_out), dtype=dtype)


def _im2col_block(x, cols, HH, WW, pad, stride, h0, h1):
    """Fill ``cols`` (n, C*HH*WW, (h1-h0)*W_out) with the receptive fields of output rows
    [h0, h1) of ``x`` (n, C, H, W)."""
    if _cython_enabled():
        im2col_batched_cython(x, cols, HH, WW, pad, stride, h0, h1)
    else:
        _numpy_cols.im2col_batched(x, HH, WW, pad, stride, out=cols, h0=h0, h1=h1)


def _col2im_block(cols, dx, HH, WW, pad, stride, h0, h1, add):
    """Add the column gradients ``cols`` of output rows [h0, h1) into ``dx`` (n, C, H, W), zeroed
    first unless ``add``."""
    if _cython_enabled():
        col2im_batched_cython(cols, dx, HH, WW, pad, stride, h0, h1, add)
    else:
        _numpy_cols.col2im_batched(cols, HH, WW, pad, stride, out=dx, h0=h0, h1=h1, add=add)


def _conv_output_shape(x_shape, w_shape, conv_param):
    """``(N, F, H_out, W_out)`` of a convolution, after `cs231n.checks.check_conv_shapes`."""
    check_conv_shapes(x_shape, w_shape, conv_param)
    (N, _, H, W), (F, _, HH, WW) = x_shape, w_shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    return N, F, 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride


def _pool_output_shape(x_shape, pool_param):
    """``(N, C, H_out, W_out)`` of a max pool, after `cs231n.checks.check_pool_inputs`."""
    check_pool_inputs(x_shape, pool_param)
    N, C, H, W = x_shape
    pool_height, pool_width, stride = _pool_geometry(pool_param)
    return N, C, 1 + (H - pool_height) // stride, 1 + (W - pool_width) // stride


def _check_bias(b, num_filters):
    if np.shape(b) != (num_filters,):
        raise ValueError(
            f"b must have shape ({num_filters},) for {num_filters} filters, got {np.shape(b)}"
        )


def _check_dout(dout, expected_shape):
    if np.shape(dout) != tuple(expected_shape):
        raise ValueError(f"dout has shape {np.shape(dout)}, expected {tuple(expected_shape)}")


# ---------------------------------------------------------------------------------------------
# Convolution
# ---------------------------------------------------------------------------------------------
def _conv_inputs(x, w, b, conv_param):
    """Checked conv inputs: ``(x, w, b, compute dtype, (N, F, H_out, W_out))``."""
    x, w, b = np.asarray(x), np.asarray(w), np.asarray(b)
    out_shape = _conv_output_shape(x.shape, w.shape, conv_param)
    _check_bias(b, out_shape[1])
    return x, w, b, _float_dtype(x, w, b), out_shape


def conv_forward_strides(x, w, b, conv_param):
    """Fast convolution forward pass (same contract as ``conv_forward_naive``).

    The batch is split over ``cs231n.parallel.NUM_THREADS`` threads. Each thread copies the
    receptive fields of a few samples into one (C * HH * WW, H_out * W_out) column matrix per
    sample, and one BLAS product per sample turns it into that sample's (F, H_out * W_out) output.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    w : ndarray, shape (F, C, HH, WW)
    b : ndarray, shape (F,)
    conv_param : dict with 'stride' and 'pad' (zero padding on both sides)

    Returns
    -------
    out : ndarray, shape (N, F, H_out, W_out)
    cache : tuple (x, w, b, conv_param), as for the naive layer
    """
    x, w, b, dtype, (N, F, H_out, W_out) = _conv_inputs(x, w, b, conv_param)
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, C, HH, WW = w.shape
    taps, positions = C * HH * WW, H_out * W_out

    images = np.ascontiguousarray(x, dtype=dtype)
    filters = np.ascontiguousarray(w, dtype=dtype).reshape(F, taps)
    bias = np.asarray(b, dtype=dtype).reshape(F, 1)
    out = np.empty((N, F, positions), dtype=dtype)

    def work(start, stop):
        blocks = _blocks(start, stop, taps, H_out, W_out, dtype.itemsize)
        buffer = _column_buffer(blocks, taps, W_out, dtype)
        for n0, n1, h0, h1 in blocks:
            cols = buffer[: n1 - n0, :, : (h1 - h0) * W_out]
            _im2col_block(images[n0:n1], cols, HH, WW, pad, stride, h0, h1)
            np.matmul(filters, cols, out=out[n0:n1, :, h0 * W_out : h1 * W_out])
        out[start:stop] += bias

    parallel.run_split(work, N, parallel.thread_count(N, N * taps * positions))
    return out.reshape(N, F, H_out, W_out), (x, w, b, conv_param)


def conv_backward_strides(dout, cache):
    """Fast convolution backward pass (same contract as ``conv_backward_naive``).

    Split over threads like the forward pass; each thread rebuilds the columns of its samples from
    x (cheaper than keeping them all in memory) and adds up its own part of dw.

    Parameters
    ----------
    dout : ndarray, shape (N, F, H_out, W_out)
    cache : tuple (x, w, b, conv_param) from :func:`conv_forward_strides`

    Returns
    -------
    dx : ndarray, shape (N, C, H, W)
    dw : ndarray, shape (F, C, HH, WW)
    db : ndarray, shape (F,)
    """
    x, w, b, conv_param = cache
    N, F, H_out, W_out = _conv_output_shape(x.shape, w.shape, conv_param)
    _check_dout(dout, (N, F, H_out, W_out))
    dtype = _float_dtype(x, w, b)
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, C, H, W = x.shape
    _, _, HH, WW = w.shape
    taps, positions = C * HH * WW, H_out * W_out

    images = np.ascontiguousarray(x, dtype=dtype)
    filters_t = np.ascontiguousarray(w, dtype=dtype).reshape(F, taps).T
    dout = np.ascontiguousarray(dout, dtype=dtype).reshape(N, F, positions)
    dx = np.empty((N, C, H, W), dtype=dtype)

    def work(start, stop):
        # dw is added up transposed: BLAS runs cols @ dout.T faster than dout @ cols.T here
        # (the operand it reads transposed is the small one).
        dw_t = np.zeros((taps, F), dtype=dtype)
        product = np.empty((taps, F), dtype=dtype)
        blocks = _blocks(start, stop, taps, H_out, W_out, dtype.itemsize)
        buffer = _column_buffer(blocks, taps, W_out, dtype)
        for n0, n1, h0, h1 in blocks:
            cols = buffer[: n1 - n0, :, : (h1 - h0) * W_out]
            _im2col_block(images[n0:n1], cols, HH, WW, pad, stride, h0, h1)
            dout_block = dout[n0:n1, :, h0 * W_out : h1 * W_out]
            for k in range(n1 - n0):
                dw_t += np.matmul(cols[k], dout_block[k].T, out=product)
            # The column gradients overwrite the columns, which are no longer needed; a sample's
            # first band zeroes its part of dx, the others add to it.
            np.matmul(filters_t, dout_block, out=cols)
            _col2im_block(cols, dx[n0:n1], HH, WW, pad, stride, h0, h1, add=h0 > 0)
        return dw_t

    threads = parallel.thread_count(N, N * taps * positions)
    dw = sum(parallel.run_split(work, N, threads)).T
    db = dout.sum(axis=(0, 2))
    return dx, dw.reshape(F, C, HH, WW), db


def conv_forward_im2col(x, w, b, conv_param):
    """Convolution forward pass with the (C*HH*WW, H_out*W_out*N) column layout.

    Same inputs and outputs as :func:`conv_forward_strides`; the cache is
    ``(x, w, b, conv_param, x_cols)`` with ``x_cols`` of shape (C * HH * WW, H_out * W_out * N).
    """
    x, w, b, dtype, (N, F, H_out, W_out) = _conv_inputs(x, w, b, conv_param)
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, C, HH, WW = w.shape

    if _cython_enabled():
        x_cols = im2col_cython(x.astype(dtype, copy=False), HH, WW, pad, stride)
    else:
        x_cols = _numpy_cols.im2col_indices(x.astype(dtype, copy=False), HH, WW, pad, stride)
    out = np.asarray(w, dtype=dtype).reshape(F, -1) @ x_cols
    out += np.asarray(b, dtype=dtype)[:, None]
    out = np.ascontiguousarray(out.reshape(F, H_out, W_out, N).transpose(3, 0, 1, 2))
    return out, (x, w, b, conv_param, x_cols)


def conv_backward_im2col(dout, cache):
    """Backward pass of :func:`conv_forward_im2col`; returns ``(dx, dw, db)``."""
    x, w, b, conv_param, x_cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = _conv_output_shape(x.shape, w.shape, conv_param)
    _check_dout(dout, (N, F, H_out, W_out))
    dtype = x_cols.dtype

    dout = np.asarray(dout, dtype=dtype)
    db = dout.sum(axis=(0, 2, 3))
    dout_rows = dout.transpose(1, 2, 3, 0).reshape(F, -1)  # (F, H_out * W_out * N)
    dw = (dout_rows @ x_cols.T).reshape(w.shape)
    dx_cols = np.asarray(w, dtype=dtype).reshape(F, -1).T @ dout_rows
    if _cython_enabled():
        dx = col2im_cython(dx_cols, N, C, H, W, HH, WW, pad, stride)
    else:
        dx = _numpy_cols.col2im_indices(dx_cols, (N, C, H, W), HH, WW, pad, stride)
    return dx, dw, db


def _winograd_enabled(w_shape, conv_param):
    return USE_WINOGRAD and _cython_enabled() and winograd.applies(w_shape, conv_param)


def conv_forward_fast(x, w, b, conv_param):
    """Fast convolution forward pass (same contract as ``conv_forward_naive``).

    3x3 convolutions with stride 1 use Winograd's F(2x2, 3x3) (:mod:`cs231n.winograd`) when the
    extension is built and ``USE_WINOGRAD`` is True; every other one is
    :func:`conv_forward_strides`. The cache is ``(x, w, b, conv_param)`` either way.
    """
    x, w, b, dtype, (N, F, H_out, W_out) = _conv_inputs(x, w, b, conv_param)
    if not _winograd_enabled(w.shape, conv_param):
        return conv_forward_strides(x, w, b, conv_param)
    out = np.empty((N, F, H_out, W_out), dtype=dtype)
    images = np.ascontiguousarray(x, dtype=dtype)
    winograd.forward(images, np.asarray(w, dtype=dtype), b, conv_param["pad"], out)
    return out, (x, w, b, conv_param)


def conv_backward_fast(dout, cache):
    """Fast convolution backward pass for :func:`conv_forward_fast`; returns ``(dx, dw, db)``."""
    x, w, b, conv_param = cache
    if not _winograd_enabled(np.shape(w), conv_param):
        return conv_backward_strides(dout, cache)
    N, F, H_out, W_out = _conv_output_shape(x.shape, w.shape, conv_param)
    _check_dout(dout, (N, F, H_out, W_out))
    dtype = _float_dtype(x, w, b)
    images = np.ascontiguousarray(x, dtype=dtype)
    dout = np.ascontiguousarray(dout, dtype=dtype)
    dx = np.empty(images.shape, dtype=dtype)
    dw = winograd.backward(images, np.asarray(w, dtype=dtype), dout, conv_param["pad"], dx)
    return dx, dw, dout.sum(axis=(0, 2, 3))


# ---------------------------------------------------------------------------------------------
# Max pooling
# ---------------------------------------------------------------------------------------------
def _pool_geometry(pool_param):
    return pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]


def _pool_tiles_exactly(pool_param):
    pool_height, pool_width, stride = _pool_geometry(pool_param)
    return pool_height == pool_width == stride


def max_pool_forward_fast(x, pool_param):
    """Fast max-pooling forward pass (same contract as ``max_pool_forward_naive``).

    Gradient routing (see the module docstring): each window sends its gradient to its FIRST
    maximal element in row-major order; overlapping windows add up.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    pool_param : dict with 'pool_height', 'pool_width', 'stride' (no padding)

    Returns
    -------
    out : ndarray, shape (N, C, H_out, W_out)
    cache : tuple (method, method_cache) with method 'cython', 'reshape' or 'im2col'
    """
    check_pool_inputs(np.shape(x), pool_param)
    if _cython_enabled():
        pool_height, pool_width, stride = _pool_geometry(pool_param)
        x = np.asarray(x)
        out, argmax = max_pool_forward_cython(
            x.astype(_float_dtype(x), copy=False), pool_height, pool_width, stride
        )
        return out, ("cython", (x, pool_param, argmax))
    if _pool_tiles_exactly(pool_param):
        out, reshape_cache = max_pool_forward_reshape(x, pool_param)
        return out, ("reshape", reshape_cache)
    out, im2col_cache = max_pool_forward_im2col(x, pool_param)
    return out, ("im2col", im2col_cache)


def max_pool_backward_fast(dout, cache):
    """Backward pass of :func:`max_pool_forward_fast`.

    Parameters
    ----------
    dout : ndarray, shape (N, C, H_out, W_out)
    cache : tuple from :func:`max_pool_forward_fast`

    Returns
    -------
    dx : ndarray, shape (N, C, H, W); per window, dout goes to the first maximal element only
    """
    method, method_cache = cache
    if method == "reshape":
        return max_pool_backward_reshape(dout, method_cache)
    if method == "im2col":
        return max_pool_backward_im2col(dout, method_cache)
    if method == "cython":
        x, pool_param, argmax = method_cache
        _check_dout(dout, argmax.shape)
        if not HAVE_CYTHON:
            raise ValueError("this cache was made by the compiled kernel, which is not available")
        dout = np.asarray(dout, dtype=_float_dtype(x, dout))
        return max_pool_backward_cython(dout, argmax, x.shape[2], x.shape[3])
    raise ValueError(f"unknown max-pool method {method!r} in cache")


def max_pool_forward_reshape(x, pool_param):
    """Max pooling for pools that tile the input: pool_height == pool_width == stride.

    Returns
    -------
    out : ndarray, shape (N, C, H // stride, W // stride)
    cache : tuple (x, pool_param)

    Raises
    ------
    ValueError
        If the pool is not square with a stride equal to its size, or does not tile H and W.
    """
    N, C, H_out, W_out = _pool_output_shape(np.shape(x), pool_param)
    if not _pool_tiles_exactly(pool_param):
        raise ValueError(
            "max_pool_forward_reshape needs pool_height == pool_width == stride, got "
            f"{_pool_geometry(pool_param)}; use max_pool_forward_fast instead"
        )
    size = pool_param["stride"]
    x = np.asarray(x)
    windows = x.astype(_float_dtype(x), copy=False).reshape(N, C, H_out, size, W_out, size)
    out = windows.max(axis=(3, 5))
    return out, (x, pool_param)


def max_pool_backward_reshape(dout, cache):
    """Backward pass of :func:`max_pool_forward_reshape` (first maximum of each window wins)."""
    x, pool_param = cache
    N, C, H, W = x.shape
    size = pool_param["stride"]
    H_out, W_out = H // size, W // size
    _check_dout(dout, (N, C, H_out, W_out))
    dtype = _float_dtype(x, dout)

    # (N, C, H_out, W_out, size * size): each window flattened in row-major order.
    windows = x.reshape(N, C, H_out, size, W_out, size).transpose(0, 1, 2, 4, 3, 5)
    first_max = windows.reshape(N, C, H_out, W_out, size * size).argmax(axis=-1)
    dwindows = np.zeros((N, C, H_out, W_out, size * size), dtype=dtype)
    np.put_along_axis(
        dwindows, first_max[..., None], np.asarray(dout, dtype=dtype)[..., None], axis=-1
    )
    dx = dwindows.reshape(N, C, H_out, W_out, size, size).transpose(0, 1, 2, 4, 3, 5)
    return dx.reshape(N, C, H, W)


def max_pool_forward_im2col(x, pool_param):
    """Max pooling for any valid pool (overlapping or not), through im2col columns.

    Returns
    -------
    out : ndarray, shape (N, C, H_out, W_out)
    cache : tuple (x, pool_param, first_max); first_max (N * C * H_out * W_out,) is the
        row-major index inside each window of its first maximal element
    """
    N, C, H_out, W_out = _pool_output_shape(np.shape(x), pool_param)
    pool_height, pool_width, stride = _pool_geometry(pool_param)
    x = np.asarray(x)
    _, _, H, W = x.shape
    planes = x.astype(_float_dtype(x), copy=False).reshape(N * C, 1, H, W)
    # (pool_height * pool_width, N * C * H_out * W_out): one column per window.
    cols = _im2col_6d(planes, pool_height, pool_width, 0, stride).reshape(
        pool_height * pool_width, -1
    )
    first_max = cols.argmax(axis=0)
    out = cols[first_max, np.arange(cols.shape[1])].reshape(N, C, H_out, W_out)
    return out, (x, pool_param, first_max)


def max_pool_backward_im2col(dout, cache):
    """Backward pass of :func:`max_pool_forward_im2col` (first maximum wins, overlaps add)."""
    x, pool_param, first_max = cache
    pool_height, pool_width, stride = _pool_geometry(pool_param)
    N, C, H, W = x.shape
    H_out, W_out = _pool_output_shape(x.shape, pool_param)[2:]
    _check_dout(dout, (N, C, H_out, W_out))
    dtype = _float_dtype(x, dout)

    dcols = np.zeros((pool_height * pool_width, first_max.size), dtype=dtype)
    dcols[first_max, np.arange(first_max.size)] = np.asarray(dout, dtype=dtype).ravel()
    dcols = dcols.reshape(1, pool_height, pool_width, N * C, H_out, W_out)
    dx = _col2im_6d(dcols, N * C, 1, H, W, pool_height, pool_width, 0, stride)
    return dx.reshape(N, C, H, W)
