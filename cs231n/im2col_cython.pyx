# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled kernels behind :mod:`cs231n.fast_layers`.

Build with ``pip install -e .`` or ``python setup.py build_ext --inplace`` from the project root.
Every kernel works for float32 and float64 (a Cython fused type); float32 stays float32.

Column layouts
--------------
* ``im2col_cython`` / ``col2im_cython``: ``cols`` has shape ``(C * HH * WW, H_out * W_out * N)``.
  Row ``(c * HH + i) * WW + j`` holds filter tap ``(c, i, j)``; column ``(h * W_out + w) * N + n``
  holds output position ``(h, w)`` of sample ``n`` (the layout of ``cs231n.im2col.im2col_indices``).
* ``im2col_6d_cython`` / ``col2im_6d_cython``: ``cols`` has shape ``(C, HH, WW, N, H_out, W_out)``,
  the layout ``conv_forward_strides`` multiplies with the filters.

All index arithmetic is integer arithmetic (``//``, no ``/``), so the module compiles with
Cython 3's true division.
"""
import numpy as np

from cs231n import checks, parallel

cimport cython
from cython cimport floating
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy, memset


def _check_geometry(Py_ssize_t H, Py_ssize_t W, Py_ssize_t field_height, Py_ssize_t field_width,
                    Py_ssize_t padding, Py_ssize_t stride):
    """Return ``(H_out, W_out)`` or raise ValueError (the rule of cs231n.checks) when the windows
    do not tile the input: the kernels below index without bounds checks."""
    checks.check_windows_tile(H, field_height, padding, stride, "im2col height")
    checks.check_windows_tile(W, field_width, padding, stride, "im2col width")
    return (H + 2 * padding - field_height) // stride + 1, (W + 2 * padding - field_width) // stride + 1


def _as_float_array(a):
    """C-contiguous float32/float64 view or copy of ``a`` (other dtypes become float64)."""
    a = np.asarray(a)
    if a.dtype != np.float32 and a.dtype != np.float64:
        a = a.astype(np.float64)
    return np.ascontiguousarray(a)


# --------------------------------------------------------------------------------------------
# Threads: the kernels release the GIL, so big calls are split over samples between the threads
# of cs231n.parallel (NUM_THREADS, PARALLEL_MIN_ELEMENTS; safe to call from several threads).
# --------------------------------------------------------------------------------------------
def _split_over_samples(work, Py_ssize_t N, Py_ssize_t elements):
    """Run ``work(n0, n1)`` over [0, N), split into contiguous ranges run by parallel threads."""
    parallel.run_split(work, N, parallel.thread_count(N, elements))


def _output_buffer(out, shape, dtype):
    if out is None:
        return np.empty(shape, dtype=dtype)
    if out.shape != shape or out.dtype != dtype or not out.flags.c_contiguous:
        raise ValueError(f"out must be a C-contiguous {np.dtype(dtype).name} array of shape {shape}, "
                         f"got {out.dtype.name} {out.shape}")
    return out


# --------------------------------------------------------------------------------------------
# im2col / col2im with the (C*HH*WW, H_out*W_out*N) layout
# --------------------------------------------------------------------------------------------
def im2col_cython(x, Py_ssize_t field_height, Py_ssize_t field_width, Py_ssize_t padding,
                  Py_ssize_t stride):
    """Stretch the receptive fields of ``x`` (N, C, H, W) into columns.

    Returns
    -------
    cols : ndarray, shape (C * field_height * field_width, H_out * W_out * N), dtype of ``x``
    """
    x = _as_float_array(x)
    N, C, H, W = x.shape
    H_out, W_out = _check_geometry(H, W, field_height, field_width, padding, stride)
    cols = np.empty((C * field_height * field_width, H_out * W_out * N), dtype=x.dtype)
    _im2col_inner(x, cols, field_height, field_width, padding, stride, H_out, W_out)
    return cols


cdef void _im2col_inner_impl(const floating[:, :, :, ::1] x, floating[:, ::1] cols,
                             Py_ssize_t fh, Py_ssize_t fw, Py_ssize_t pad, Py_ssize_t stride,
                             Py_ssize_t H_out, Py_ssize_t W_out) noexcept nogil:
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3]
    cdef Py_ssize_t c, i, j, row, h, w, n, col, hh, ww
    for c in range(C):
        for i in range(fh):
            for j in range(fw):
                row = (c * fh + i) * fw + j
                for h in range(H_out):
                    hh = h * stride + i - pad
                    for w in range(W_out):
                        ww = w * stride + j - pad
                        col = (h * W_out + w) * N
                        if hh < 0 or hh >= H or ww < 0 or ww >= W:
                            for n in range(N):
                                cols[row, col + n] = 0
                        else:
                            for n in range(N):
                                cols[row, col + n] = x[n, c, hh, ww]


def _im2col_inner(const floating[:, :, :, ::1] x, floating[:, ::1] cols, Py_ssize_t fh,
                  Py_ssize_t fw, Py_ssize_t pad, Py_ssize_t stride, Py_ssize_t H_out,
                  Py_ssize_t W_out):
    with nogil:
        _im2col_inner_impl(x, cols, fh, fw, pad, stride, H_out, W_out)


def col2im_cython(cols, Py_ssize_t N, Py_ssize_t C, Py_ssize_t H, Py_ssize_t W,
                  Py_ssize_t field_height, Py_ssize_t field_width, Py_ssize_t padding,
                  Py_ssize_t stride):
    """Adjoint of :func:`im2col_cython`: add every column entry back into an image.

    Returns
    -------
    dx : ndarray, shape (N, C, H, W), dtype of ``cols``
    """
    cols = _as_float_array(cols)
    H_out, W_out = _check_geometry(H, W, field_height, field_width, padding, stride)
    expected = (C * field_height * field_width, H_out * W_out * N)
    if cols.shape != expected:
        raise ValueError(f"cols has shape {cols.shape}, expected {expected}")
    dx = np.zeros((N, C, H, W), dtype=cols.dtype)
    _col2im_inner(cols, dx, field_height, field_width, padding, stride, H_out, W_out)
    return dx


cdef void _col2im_inner_impl(const floating[:, ::1] cols, floating[:, :, :, ::1] dx,
                             Py_ssize_t fh, Py_ssize_t fw, Py_ssize_t pad, Py_ssize_t stride,
                             Py_ssize_t H_out, Py_ssize_t W_out) noexcept nogil:
    cdef Py_ssize_t N = dx.shape[0], C = dx.shape[1], H = dx.shape[2], W = dx.shape[3]
    cdef Py_ssize_t c, i, j, row, h, w, n, col, hh, ww
    for c in range(C):
        for i in range(fh):
            for j in range(fw):
                row = (c * fh + i) * fw + j
                for h in range(H_out):
                    hh = h * stride + i - pad
                    if hh < 0 or hh >= H:
                        continue
                    for w in range(W_out):
                        ww = w * stride + j - pad
                        if ww < 0 or ww >= W:
                            continue
                        col = (h * W_out + w) * N
                        for n in range(N):
                            dx[n, c, hh, ww] += cols[row, col + n]


def _col2im_inner(const floating[:, ::1] cols, floating[:, :, :, ::1] dx, Py_ssize_t fh,
                  Py_ssize_t fw, Py_ssize_t pad, Py_ssize_t stride, Py_ssize_t H_out,
                  Py_ssize_t W_out):
    with nogil:
        _col2im_inner_impl(cols, dx, fh, fw, pad, stride, H_out, W_out)


# --------------------------------------------------------------------------------------------
# im2col / col2im with the (C, HH, WW, N, H_out, W_out) layout
# --------------------------------------------------------------------------------------------
def im2col_6d_cython(x, Py_ssize_t HH, Py_ssize_t WW, Py_ssize_t pad, Py_ssize_t stride, out=None):
    """Receptive fields of ``x`` (N, C, H, W) as a C-contiguous (C, HH, WW, N, H_out, W_out) array.

    ``cols[c, i, j, n, h, w] = x_padded[n, c, h * stride + i, w * stride + j]``. If ``out`` (a
    C-contiguous array of that shape and of the dtype of ``x``) is given, it is filled and returned.
    """
    x = _as_float_array(x)
    N, C, H, W = x.shape
    H_out, W_out = _check_geometry(H, W, HH, WW, pad, stride)
    shape = (C, HH, WW, N, H_out, W_out)
    cols = _output_buffer(out, shape, x.dtype)
    cols_rows = cols.reshape(C * HH * WW, N, H_out, W_out)
    _split_over_samples(
        lambda n0, n1: _im2col_6d_inner(x, cols_rows, HH, WW, pad, stride, n0, n1),
        N, cols.size)
    return cols


cdef inline void _valid_columns(Py_ssize_t offset, Py_ssize_t W, Py_ssize_t W_out, Py_ssize_t stride,
                                Py_ssize_t* w_lo, Py_ssize_t* w_hi) noexcept nogil:
    """Output columns w with 0 <= w * stride + offset < W are [w_lo, w_hi); the rest read padding."""
    cdef Py_ssize_t lo = 0, hi = 0
    if offset < 0:
        lo = (-offset + stride - 1) // stride
    if W - offset > 0:
        hi = (W - offset + stride - 1) // stride
    if hi > W_out:
        hi = W_out
    if lo > hi:
        lo = hi
    w_lo[0] = lo
    w_hi[0] = hi


cdef void _im2col_6d_impl(const floating[:, :, :, ::1] x, floating[:, :, :, ::1] cols,
                          Py_ssize_t HH, Py_ssize_t WW, Py_ssize_t pad, Py_ssize_t stride,
                          Py_ssize_t n0, Py_ssize_t n1) noexcept nogil:
    cdef Py_ssize_t C = x.shape[1], H = x.shape[2], W = x.shape[3]
    cdef Py_ssize_t H_out = cols.shape[2], W_out = cols.shape[3]
    cdef Py_ssize_t c, i, j, n, h, w, hh, row, w_lo, w_hi, offset
    cdef const floating* src
    cdef floating* dst
    for c in range(C):
        for i in range(HH):
            for j in range(WW):
                row = (c * HH + i) * WW + j
                offset = j - pad
                _valid_columns(offset, W, W_out, stride, &w_lo, &w_hi)
                for n in range(n0, n1):
                    for h in range(H_out):
                        dst = &cols[row, n, h, 0]
                        hh = h * stride + i - pad
                        if hh < 0 or hh >= H:
                            for w in range(W_out):
                                dst[w] = 0
                            continue
                        src = &x[n, c, hh, 0]
                        for w in range(w_lo):
                            dst[w] = 0
                        if stride == 1:
                            for w in range(w_lo, w_hi):
                                dst[w] = src[w + offset]
                        else:
                            for w in range(w_lo, w_hi):
                                dst[w] = src[w * stride + offset]
                        for w in range(w_hi, W_out):
                            dst[w] = 0


def _im2col_6d_inner(const floating[:, :, :, ::1] x, floating[:, :, :, ::1] cols, Py_ssize_t HH,
                     Py_ssize_t WW, Py_ssize_t pad, Py_ssize_t stride, Py_ssize_t n0, Py_ssize_t n1):
    with nogil:
        _im2col_6d_impl(x, cols, HH, WW, pad, stride, n0, n1)


def col2im_6d_cython(cols, Py_ssize_t N, Py_ssize_t C, Py_ssize_t H, Py_ssize_t W,
                     Py_ssize_t HH, Py_ssize_t WW, Py_ssize_t pad, Py_ssize_t stride, out=None):
    """Adjoint of :func:`im2col_6d_cython`: add ``cols`` (C, HH, WW, N, H_out, W_out) into an image.

    Returns
    -------
    dx : ndarray, shape (N, C, H, W), dtype of ``cols``
        Written into ``out`` (overwritten, C-contiguous, same dtype) when it is given.
    """
    cols = _as_float_array(cols)
    H_out, W_out = _check_geometry(H, W, HH, WW, pad, stride)
    expected = (C, HH, WW, N, H_out, W_out)
    if cols.shape != expected:
        raise ValueError(f"cols has shape {cols.shape}, expected {expected}")
    dx = _output_buffer(out, (N, C, H, W), cols.dtype)
    cols_rows = cols.reshape(C * HH * WW, N, H_out, W_out)

    def work(n0, n1):
        dx[n0:n1] = 0
        _col2im_6d_inner(cols_rows, dx, HH, WW, pad, stride, n0, n1)

    _split_over_samples(work, N, cols.size)
    return dx


cdef void _col2im_6d_impl(const floating[:, :, :, ::1] cols, floating[:, :, :, ::1] dx,
                          Py_ssize_t HH, Py_ssize_t WW, Py_ssize_t pad, Py_ssize_t stride,
                          Py_ssize_t n0, Py_ssize_t n1) noexcept nogil:
    cdef Py_ssize_t C = dx.shape[1], H = dx.shape[2], W = dx.shape[3]
    cdef Py_ssize_t H_out = cols.shape[2], W_out = cols.shape[3]
    cdef Py_ssize_t c, i, j, n, h, w, hh, row, w_lo, w_hi, offset
    cdef const floating* src
    cdef floating* dst
    for c in range(C):
        for i in range(HH):
            for j in range(WW):
                row = (c * HH + i) * WW + j
                offset = j - pad
                _valid_columns(offset, W, W_out, stride, &w_lo, &w_hi)
                for n in range(n0, n1):
                    for h in range(H_out):
                        hh = h * stride + i - pad
                        if hh < 0 or hh >= H:
                            continue
                        src = &cols[row, n, h, 0]
                        dst = &dx[n, c, hh, 0]
                        if stride == 1:
                            for w in range(w_lo, w_hi):
                                dst[w + offset] += src[w]
                        else:
                            for w in range(w_lo, w_hi):
                                dst[w * stride + offset] += src[w]


def _col2im_6d_inner(const floating[:, :, :, ::1] cols, floating[:, :, :, ::1] dx, Py_ssize_t HH,
                     Py_ssize_t WW, Py_ssize_t pad, Py_ssize_t stride, Py_ssize_t n0, Py_ssize_t n1):
    with nogil:
        _col2im_6d_impl(cols, dx, HH, WW, pad, stride, n0, n1)


# --------------------------------------------------------------------------------------------
# im2col / col2im with one (C*HH*WW, rows*W_out) matrix per sample, for a band of output rows:
# cols has shape (N, C*HH*WW, (h1 - h0)*W_out) (the whole output when h0 = 0, h1 = H_out).
# No threads here: conv_forward_strides splits the batch over its own threads and works through
# each sample in bands small enough for the columns to stay in the CPU's L2 cache.
# --------------------------------------------------------------------------------------------
def _check_band(x_shape, cols, Py_ssize_t HH, Py_ssize_t WW, Py_ssize_t pad, Py_ssize_t stride,
                Py_ssize_t h0, Py_ssize_t h1):
    """Return ``(h1, W_out)`` (h1 = ``H_out`` when it was -1); raise ValueError unless ``cols``
    fits the band."""
    N, C, H, W = x_shape[0], x_shape[1], x_shape[2], x_shape[3]
    H_out, W_out = _check_geometry(H, W, HH, WW, pad, stride)
    if h1 == -1:
        h1 = H_out
    if not 0 <= h0 <= h1 <= H_out:
        raise ValueError(f"output rows [{h0}, {h1}) are not inside [0, {H_out})")
    expected = (N, C * HH * WW, (h1 - h0) * W_out)
    shape = tuple(cols.shape[:3])
    if shape != expected:
        raise ValueError(f"cols has shape {shape}, expected {expected}")
    if cols.strides[2] != cols.itemsize or cols.strides[1] % cols.itemsize:
        raise ValueError(f"the rows of cols must be contiguous, got strides {cols.strides[:3]}")
    return h1, W_out


def im2col_batched_cython(const floating[:, :, :, ::1] x, floating[:, :, :] cols,
                          Py_ssize_t HH, Py_ssize_t WW, Py_ssize_t pad, Py_ssize_t stride,
                          Py_ssize_t h0=0, Py_ssize_t h1=-1):
    """Fill ``cols`` (N, C*HH*WW, (h1-h0)*W_out) with the receptive fields of output rows
    [h0, h1) (default: all) of ``x`` (N, C, H, W).

    ``cols[n, (c*HH + i)*WW + j, (h - h0)*W_out + w] = x_padded[n, c, h*stride + i, w*stride + j]``.
    ``x`` must be C-contiguous; ``cols`` only needs contiguous rows (a slice ``buffer[:, :, :k]``
    of a larger buffer works; one row of cols per filter tap). Both have the same float dtype.
    """
    cdef Py_ssize_t n, W_out
    h1, W_out = _check_band(x.shape, cols, HH, WW, pad, stride, h0, h1)
    with nogil:
        for n in range(x.shape[0]):
            _im2col_sample(&x[n, 0, 0, 0], &cols[n, 0, 0], cols.strides[1] // sizeof(floating),
                           x.shape[1], x.shape[2], x.shape[3], HH, WW, pad, stride, h0, h1, W_out)


def col2im_batched_cython(const floating[:, :, :] cols, floating[:, :, :, ::1] dx,
                          Py_ssize_t HH, Py_ssize_t WW, Py_ssize_t pad, Py_ssize_t stride,
                          Py_ssize_t h0=0, Py_ssize_t h1=-1, bint add=False):
    """Adjoint of :func:`im2col_batched_cython`: add the columns of output rows [h0, h1) back into
    ``dx`` (N, C, H, W), which is zeroed first unless ``add`` is True."""
    cdef Py_ssize_t n, k, W_out, size = dx.shape[1] * dx.shape[2] * dx.shape[3]
    cdef floating* plane
    h1, W_out = _check_band(dx.shape, cols, HH, WW, pad, stride, h0, h1)
    with nogil:
        for n in range(dx.shape[0]):
            if not add:
                plane = &dx[n, 0, 0, 0]
                for k in range(size):
                    plane[k] = 0
            _col2im_sample(&cols[n, 0, 0], cols.strides[1] // sizeof(floating), &dx[n, 0, 0, 0],
                           dx.shape[1], dx.shape[2], dx.shape[3], HH, WW, pad, stride, h0, h1,
                           W_out)


cdef void _im2col_sample(const floating* x, floating* cols, Py_ssize_t ld, Py_ssize_t C,
                         Py_ssize_t H, Py_ssize_t W, Py_ssize_t HH, Py_ssize_t WW, Py_ssize_t pad,
                         Py_ssize_t stride, Py_ssize_t h0, Py_ssize_t h1,
                         Py_ssize_t W_out) noexcept nogil:
    # One row of cols per filter tap (c, i, j), ld elements apart; W_out entries per output row.
    cdef Py_ssize_t c, i, j, h, w, hh, w_lo, w_hi, offset
    cdef const floating* src
    cdef floating* dst
    cdef floating* tap_row = cols
    for c in range(C):
        for i in range(HH):
            for j in range(WW):
                offset = j - pad
                _valid_columns(offset, W, W_out, stride, &w_lo, &w_hi)
                dst = tap_row
                for h in range(h0, h1):
                    hh = h * stride + i - pad
                    if hh < 0 or hh >= H:
                        memset(dst, 0, W_out * sizeof(floating))
                    else:
                        src = x + (c * H + hh) * W
                        memset(dst, 0, w_lo * sizeof(floating))
                        if stride == 1:
                            memcpy(dst + w_lo, src + w_lo + offset, (w_hi - w_lo) * sizeof(floating))
                        else:
                            for w in range(w_lo, w_hi):
                                dst[w] = src[w * stride + offset]
                        memset(dst + w_hi, 0, (W_out - w_hi) * sizeof(floating))
                    dst += W_out
                tap_row += ld


cdef void _col2im_sample(const floating* cols, Py_ssize_t ld, floating* dx, Py_ssize_t C,
                         Py_ssize_t H, Py_ssize_t W, Py_ssize_t HH, Py_ssize_t WW, Py_ssize_t pad,
                         Py_ssize_t stride, Py_ssize_t h0, Py_ssize_t h1,
                         Py_ssize_t W_out) noexcept nogil:
    cdef Py_ssize_t c, i, j, h, w, hh, w_lo, w_hi, offset
    cdef const floating* src
    cdef const floating* tap_row = cols
    cdef floating* dst
    for c in range(C):
        for i in range(HH):
            for j in range(WW):
                offset = j - pad
                _valid_columns(offset, W, W_out, stride, &w_lo, &w_hi)
                src = tap_row
                for h in range(h0, h1):
                    hh = h * stride + i - pad
                    if hh >= 0 and hh < H:
                        dst = dx + (c * H + hh) * W
                        if stride == 1:
                            for w in range(w_lo, w_hi):
                                dst[w + offset] += src[w]
                        else:
                            for w in range(w_lo, w_hi):
                                dst[w * stride + offset] += src[w]
                    src += W_out
                tap_row += ld


# --------------------------------------------------------------------------------------------
# Max pooling
# --------------------------------------------------------------------------------------------
def max_pool_forward_cython(x, Py_ssize_t pool_height, Py_ssize_t pool_width, Py_ssize_t stride):
    """Max pooling of ``x`` (N, C, H, W) without padding.

    Returns
    -------
    out : ndarray, shape (N, C, H_out, W_out), dtype of ``x``
    argmax : ndarray of int32, shape (N, C, H_out, W_out)
        Flat index ``h * W + w`` (inside the ``(H, W)`` plane) of the FIRST maximal element of each
        window in row-major order: the element that receives the gradient. NaN counts as maximal.
    """
    x = _as_float_array(x)
    N, C, H, W = x.shape
    if H * W >= 2 ** 31:
        raise ValueError(f"max pool planes of {H}x{W} are too large for int32 indices")
    H_out, W_out = _check_geometry(H, W, pool_height, pool_width, 0, stride)
    out = np.empty((N * C, H_out, W_out), dtype=x.dtype)
    argmax = np.empty((N * C, H_out, W_out), dtype=np.int32)
    planes = x.reshape(N * C, H, W)
    _split_over_samples(
        lambda p0, p1: _max_pool_forward_inner(planes, out, argmax, pool_height, pool_width,
                                               stride, p0, p1),
        N * C, x.size)
    return out.reshape(N, C, H_out, W_out), argmax.reshape(N, C, H_out, W_out)


cdef void _max_pool_forward_impl(const floating[:, :, ::1] x, floating[:, :, ::1] out,
                                 int[:, :, ::1] argmax, Py_ssize_t ph, Py_ssize_t pw,
                                 Py_ssize_t stride, Py_ssize_t p0, Py_ssize_t p1) noexcept nogil:
    # Row by row of the output: start from each window's first element, then visit the other
    # window offsets in row-major order, each in one pass along the row (straight-line code
    # the compiler can vectorize). Strict '>' keeps the first maximum; a NaN wins over numbers
    # (like np.max / np.argmax) and the first NaN stays.
    cdef Py_ssize_t W = x.shape[2]
    cdef Py_ssize_t H_out = out.shape[1], W_out = out.shape[2]
    cdef Py_ssize_t p, h, w, i, j
    cdef const floating* plane
    cdef const floating* window
    cdef floating* out_row
    cdef int* argmax_row
    cdef floating best, value
    cdef int top, offset, step = <int>stride
    cdef bint take
    if ph == 2 and pw == 2 and stride == 2:
        _max_pool_2x2_impl(x, out, argmax, p0, p1)
        return
    for p in range(p0, p1):
        plane = &x[p, 0, 0]
        for h in range(H_out):
            out_row = &out[p, h, 0]
            argmax_row = &argmax[p, h, 0]
            top = <int>(h * stride * W)
            for w in range(W_out):
                out_row[w] = plane[top + w * step]
                argmax_row[w] = top + <int>w * step
            for i in range(ph):
                for j in range(pw):
                    if i == 0 and j == 0:
                        continue
                    offset = top + <int>(i * W + j)
                    window = plane + offset
                    for w in range(W_out):
                        value = window[w * step]
                        best = out_row[w]
                        take = (value > best) | ((value != value) & (best == best))
                        out_row[w] = value if take else best
                        argmax_row[w] = offset + <int>w * step if take else argmax_row[w]


cdef void _max_pool_2x2_impl(const floating[:, :, ::1] x, floating[:, :, ::1] out,
                            int[:, :, ::1] argmax, Py_ssize_t p0, Py_ssize_t p1) noexcept nogil:
    # The 2x2 pool with stride 2 (the one every network here uses), written out with the same
    # rule, in the same row-major order, as the general loop above.
    cdef Py_ssize_t W = x.shape[2]
    cdef Py_ssize_t H_out = out.shape[1], W_out = out.shape[2]
    cdef Py_ssize_t p, h, w
    cdef const floating* upper
    cdef const floating* lower
    cdef floating* out_row
    cdef int* argmax_row
    cdef floating best, value
    cdef int index, best_index
    for p in range(p0, p1):
        for h in range(H_out):
            upper = &x[p, 2 * h, 0]
            lower = upper + W
            out_row = &out[p, h, 0]
            argmax_row = &argmax[p, h, 0]
            for w in range(W_out):
                index = <int>(2 * h * W + 2 * w)
                best = upper[2 * w]
                best_index = index
                value = upper[2 * w + 1]
                if value > best or (value != value and best == best):
                    best = value
                    best_index = index + 1
                value = lower[2 * w]
                if value > best or (value != value and best == best):
                    best = value
                    best_index = index + <int>W
                value = lower[2 * w + 1]
                if value > best or (value != value and best == best):
                    best = value
                    best_index = index + <int>W + 1
                out_row[w] = best
                argmax_row[w] = best_index


def _max_pool_forward_inner(const floating[:, :, ::1] x, floating[:, :, ::1] out,
                            int[:, :, ::1] argmax, Py_ssize_t ph, Py_ssize_t pw,
                            Py_ssize_t stride, Py_ssize_t p0, Py_ssize_t p1):
    with nogil:
        _max_pool_forward_impl(x, out, argmax, ph, pw, stride, p0, p1)


def max_pool_backward_cython(dout, argmax, Py_ssize_t H, Py_ssize_t W):
    """Route ``dout`` (N, C, H_out, W_out) to the positions in ``argmax``; overlaps add up.

    Parameters
    ----------
    dout : ndarray, shape (N, C, H_out, W_out)
    argmax : ndarray of int32, shape (N, C, H_out, W_out), from :func:`max_pool_forward_cython`
    H, W : int
        Height and width of the pooled input.

    Returns
    -------
    dx : ndarray, shape (N, C, H, W), dtype of ``dout``
    """
    dout = _as_float_array(dout)
    argmax = np.ascontiguousarray(argmax, dtype=np.int32)
    if argmax.shape != dout.shape or dout.ndim != 4:
        raise ValueError(f"dout has shape {dout.shape} but argmax has shape {argmax.shape}")
    N, C, H_out, W_out = dout.shape
    if argmax.size and (argmax.min() < 0 or argmax.max() >= H * W):
        raise ValueError(f"argmax holds positions outside a {H}x{W} plane")
    dx = np.empty((N * C, H * W), dtype=dout.dtype)
    dout_rows = dout.reshape(N * C, H_out * W_out)
    argmax_rows = argmax.reshape(N * C, H_out * W_out)

    def work(p0, p1):
        _max_pool_backward_inner(dout_rows, argmax_rows, dx, p0, p1)

    _split_over_samples(work, N * C, dx.size)
    return dx.reshape(N, C, H, W)


cdef void _max_pool_backward_impl(const floating[:, ::1] dout, const int[:, ::1] argmax,
                                  floating[:, ::1] dx, Py_ssize_t p0, Py_ssize_t p1) noexcept nogil:
    cdef Py_ssize_t p, k, H_W = dx.shape[1]
    cdef floating* dx_row
    cdef const floating* dout_row
    cdef const int* argmax_row
    for p in range(p0, p1):
        dx_row = &dx[p, 0]
        dout_row = &dout[p, 0]
        argmax_row = &argmax[p, 0]
        for k in range(H_W):
            dx_row[k] = 0
        for k in range(dout.shape[1]):
            dx_row[argmax_row[k]] += dout_row[k]


def _max_pool_backward_inner(const floating[:, ::1] dout, const int[:, ::1] argmax,
                             floating[:, ::1] dx, Py_ssize_t p0, Py_ssize_t p1):
    with nogil:
        _max_pool_backward_impl(dout, argmax, dx, p0, p1)


# --------------------------------------------------------------------------------------------
# Winograd F(2x2, 3x3) transforms (cs231n.winograd): 3x3 stride-1 convolutions in 2x2 tiles.
# For sample n, tile t = ty * T_w + tx covers outputs rows 2ty, 2ty+1 and columns 2tx, 2tx+1 and
# reads the 4x4 input patch at (2ty - pad, 2tx - pad); reads outside x are zeros. Arrays with
# 16 leading planes hold entry xi = 4a + b of each tile; their columns are the tiles of samples
# n0..n1-1 in order, T_h * T_w per sample.
# --------------------------------------------------------------------------------------------
def _check_winograd(x_shape, planes_shape, Py_ssize_t channels, Py_ssize_t pad, Py_ssize_t n0,
                    Py_ssize_t n1):
    """Return ``(T_h, T_w)``; raise ValueError unless the tile planes have shape (16, channels,
    tiles of samples [n0, n1))."""
    N, H, W = x_shape[0], x_shape[2], x_shape[3]
    H_out, W_out = H + 2 * pad - 2, W + 2 * pad - 2
    if pad < 0 or H_out < 1 or W_out < 1 or not 0 <= n0 <= n1 <= N:
        raise ValueError(f"no 3x3 output for x of shape {tuple(x_shape)} with pad {pad}, "
                         f"samples [{n0}, {n1})")
    T_h, T_w = (H_out + 1) // 2, (W_out + 1) // 2
    expected = (16, channels, (n1 - n0) * T_h * T_w)
    if tuple(planes_shape) != expected:
        raise ValueError(f"tile planes have shape {tuple(planes_shape)}, expected {expected}")
    return T_h, T_w


def winograd_tiles_cython(const floating[:, :, :, ::1] x, floating[:, :, ::1] V, Py_ssize_t pad,
                          Py_ssize_t n0, Py_ssize_t n1):
    """V[4a + b, c, tile] = (B^T d B)[a, b] for the 4x4 input patch d of each tile (channel c)."""
    cdef Py_ssize_t T_h, T_w
    T_h, T_w = _check_winograd((x.shape[0], x.shape[1], x.shape[2], x.shape[3]),
                               (V.shape[0], V.shape[1], V.shape[2]), x.shape[1], pad, n0, n1)
    with nogil:
        _winograd_tiles(&x[0, 0, 0, 0], &V[0, 0, 0], V.strides[0] // sizeof(floating),
                        V.strides[1] // sizeof(floating), x.shape[1], x.shape[2], x.shape[3], pad,
                        T_h, T_w, n0, n1)


cdef void _padded_rows(const floating* channel, floating* rows, Py_ssize_t H, Py_ssize_t W,
                       Py_ssize_t pad, Py_ssize_t top, Py_ssize_t width) noexcept nogil:
    """rows[a, k] = channel[top + a - pad, k - pad] for a < 4, k < width; zero outside."""
    cdef Py_ssize_t a, hh, lo = pad if pad < width else width
    cdef Py_ssize_t hi = pad + W if pad + W < width else width
    for a in range(4):
        hh = top + a - pad
        memset(rows + a * width, 0, width * sizeof(floating))
        if 0 <= hh < H and hi > lo:
            memcpy(rows + a * width + lo, channel + hh * W + lo - pad, (hi - lo) * sizeof(floating))


cdef void _winograd_tiles(const floating* x, floating* V, Py_ssize_t plane, Py_ssize_t ld,
                          Py_ssize_t C, Py_ssize_t H, Py_ssize_t W, Py_ssize_t pad, Py_ssize_t T_h,
                          Py_ssize_t T_w, Py_ssize_t n0, Py_ssize_t n1) noexcept nogil:
    # Per channel and tile row: the 4 input rows (padded) into d, their row transform B^T d into
    # r, then each of the 16 planes written as one run of T_w tiles.
    cdef Py_ssize_t width = 2 * T_w + 2
    cdef floating* d = <floating*> malloc(8 * width * sizeof(floating))
    cdef floating* r = d + 4 * width
    cdef Py_ssize_t n, c, ty, tx, a, k
    cdef floating* row
    cdef floating* out
    if d == NULL:
        return
    for n in range(n0, n1):
        for c in range(C):
            for ty in range(T_h):
                _padded_rows(x + (n * C + c) * H * W, d, H, W, pad, 2 * ty, width)
                for k in range(width):  # rows: B^T d
                    r[k] = d[k] - d[2 * width + k]
                    r[width + k] = d[width + k] + d[2 * width + k]
                    r[2 * width + k] = d[2 * width + k] - d[width + k]
                    r[3 * width + k] = d[width + k] - d[3 * width + k]
                out = V + c * ld + ((n - n0) * T_h + ty) * T_w
                for a in range(4):  # columns: (B^T d) B, plane 4a + b
                    row = r + a * width
                    for tx in range(T_w):
                        out[4 * a * plane + tx] = row[2 * tx] - row[2 * tx + 2]
                    for tx in range(T_w):
                        out[(4 * a + 1) * plane + tx] = row[2 * tx + 1] + row[2 * tx + 2]
                    for tx in range(T_w):
                        out[(4 * a + 2) * plane + tx] = row[2 * tx + 2] - row[2 * tx + 1]
                    for tx in range(T_w):
                        out[(4 * a + 3) * plane + tx] = row[2 * tx + 1] - row[2 * tx + 3]
    free(d)


def winograd_tiles_adjoint_cython(const floating[:, :, ::1] dV, floating[:, :, :, ::1] dx,
                                  Py_ssize_t pad, Py_ssize_t n0, Py_ssize_t n1):
    """Adjoint of :func:`winograd_tiles_cython`: dx[n0:n1] = sum over tiles of B dV B^T placed
    at each tile's patch (entries in the padding dropped). dx[n0:n1] is overwritten."""
    cdef Py_ssize_t T_h, T_w
    T_h, T_w = _check_winograd((dx.shape[0], dx.shape[1], dx.shape[2], dx.shape[3]),
                               (dV.shape[0], dV.shape[1], dV.shape[2]), dx.shape[1], pad, n0, n1)
    with nogil:
        _winograd_tiles_adjoint(&dV[0, 0, 0], &dx[0, 0, 0, 0], dV.strides[0] // sizeof(floating),
                                dV.strides[1] // sizeof(floating), dx.shape[1], dx.shape[2],
                                dx.shape[3], pad, T_h, T_w, n0, n1)


cdef void _winograd_tiles_adjoint(const floating* dV, floating* dx, Py_ssize_t plane,
                                  Py_ssize_t ld, Py_ssize_t C, Py_ssize_t H, Py_ssize_t W,
                                  Py_ssize_t pad, Py_ssize_t T_h, Py_ssize_t T_w, Py_ssize_t n0,
                                  Py_ssize_t n1) noexcept nogil:
    # Per channel and tile row: B dV B^T of each tile added into 4 padded rows acc (neighbouring
    # tiles overlap by 2 columns), then the rows that lie inside x added into dx.
    cdef Py_ssize_t width = 2 * T_w + 2
    cdef floating* acc = <floating*> malloc(4 * width * sizeof(floating))
    cdef floating v[16]
    cdef floating e[16]
    cdef Py_ssize_t n, c, ty, tx, p, q, k, hh, lo, hi
    cdef const floating* tiles
    cdef floating* channel
    if acc == NULL:
        return
    lo = pad if pad < width else width
    hi = pad + W if pad + W < width else width
    for n in range(n0, n1):
        for c in range(C):
            channel = dx + (n * C + c) * H * W
            memset(channel, 0, H * W * sizeof(floating))
            for ty in range(T_h):
                memset(acc, 0, 4 * width * sizeof(floating))
                tiles = dV + c * ld + ((n - n0) * T_h + ty) * T_w
                for tx in range(T_w):
                    for k in range(16):
                        v[k] = tiles[k * plane + tx]
                    for q in range(4):  # rows: B v
                        e[q] = v[q]
                        e[4 + q] = v[4 + q] - v[8 + q] + v[12 + q]
                        e[8 + q] = v[4 + q] + v[8 + q] - v[q]
                        e[12 + q] = -v[12 + q]
                    for p in range(4):  # columns: (B v) B^T, added at the tile's patch
                        acc[p * width + 2 * tx] += e[4 * p]
                        acc[p * width + 2 * tx + 1] += e[4 * p + 1] - e[4 * p + 2] + e[4 * p + 3]
                        acc[p * width + 2 * tx + 2] += e[4 * p + 1] + e[4 * p + 2] - e[4 * p]
                        acc[p * width + 2 * tx + 3] -= e[4 * p + 3]
                for p in range(4):
                    hh = 2 * ty + p - pad
                    if 0 <= hh < H:
                        for k in range(lo, hi):
                            channel[hh * W + k - pad] += acc[p * width + k]
    free(acc)


def winograd_outputs_cython(const floating[:, :, ::1] M, const floating[::1] bias,
                            floating[:, :, :, ::1] out, Py_ssize_t n0, Py_ssize_t n1):
    """out[n0:n1] = A^T m A + bias for the 4x4 products m of each tile (the 2x2 outputs of tiles
    that hang over the edge are cropped)."""
    cdef Py_ssize_t T_h = (out.shape[2] + 1) // 2, T_w = (out.shape[3] + 1) // 2
    if ((M.shape[0], M.shape[1], M.shape[2]) != (16, out.shape[1], (n1 - n0) * T_h * T_w)
            or bias.shape[0] != out.shape[1] or not 0 <= n0 <= n1 <= out.shape[0]):
        raise ValueError(f"tile products of shape {(M.shape[0], M.shape[1], M.shape[2])} do not fit an output of "
                         f"shape {(out.shape[0], out.shape[1], out.shape[2], out.shape[3])}, samples [{n0}, {n1})")
    with nogil:
        _winograd_outputs(&M[0, 0, 0], &bias[0], &out[0, 0, 0, 0], M.strides[0] // sizeof(floating),
                          M.strides[1] // sizeof(floating), out.shape[1], out.shape[2],
                          out.shape[3], T_h, T_w, n0, n1)


cdef void _winograd_outputs(const floating* M, const floating* bias, floating* out,
                            Py_ssize_t plane, Py_ssize_t ld, Py_ssize_t F, Py_ssize_t H_out,
                            Py_ssize_t W_out, Py_ssize_t T_h, Py_ssize_t T_w, Py_ssize_t n0,
                            Py_ssize_t n1) noexcept nogil:
    # Per filter and tile row: the row transform A^T m of every tile into s (8 runs of T_w, each
    # plane read in order), then the 2x2 outputs of each tile.
    cdef floating* s = <floating*> malloc(8 * T_w * sizeof(floating))
    cdef Py_ssize_t n, f, ty, tx, b, i, h, w
    cdef const floating* tiles
    cdef floating* row
    cdef floating y0, y1
    if s == NULL:
        return
    for n in range(n0, n1):
        for f in range(F):
            for ty in range(T_h):
                tiles = M + f * ld + ((n - n0) * T_h + ty) * T_w
                for b in range(4):  # rows: A^T m
                    for tx in range(T_w):
                        s[b * T_w + tx] = (tiles[b * plane + tx] + tiles[(4 + b) * plane + tx]
                                           + tiles[(8 + b) * plane + tx])
                    for tx in range(T_w):
                        s[(4 + b) * T_w + tx] = (tiles[(4 + b) * plane + tx]
                                                 - tiles[(8 + b) * plane + tx]
                                                 - tiles[(12 + b) * plane + tx])
                for i in range(2):  # columns: (A^T m) A, plus the bias
                    h = 2 * ty + i
                    if h >= H_out:
                        break
                    row = out + ((n * F + f) * H_out + h) * W_out
                    for tx in range(T_w):
                        w = 2 * tx
                        y0 = s[4 * i * T_w + tx] + s[(4 * i + 1) * T_w + tx] + s[(4 * i + 2) * T_w + tx]
                        y1 = s[(4 * i + 1) * T_w + tx] - s[(4 * i + 2) * T_w + tx] - s[(4 * i + 3) * T_w + tx]
                        row[w] = y0 + bias[f]
                        if w + 1 < W_out:
                            row[w + 1] = y1 + bias[f]
    free(s)


def winograd_outputs_adjoint_cython(const floating[:, :, :, ::1] dout, floating[:, :, ::1] dM,
                                    Py_ssize_t n0, Py_ssize_t n1):
    """Adjoint of :func:`winograd_outputs_cython` (without the bias): dM[:, :, tiles of n0..n1-1]
    = A dy A^T for the 2x2 upstream gradients dy of each tile (zero where a tile hangs over)."""
    cdef Py_ssize_t T_h = (dout.shape[2] + 1) // 2, T_w = (dout.shape[3] + 1) // 2
    if ((dM.shape[0], dM.shape[1], dM.shape[2]) != (16, dout.shape[1], (n1 - n0) * T_h * T_w)
            or not 0 <= n0 <= n1 <= dout.shape[0]):
        raise ValueError(f"tile gradients of shape {(dM.shape[0], dM.shape[1], dM.shape[2])} do not fit dout of "
                         f"shape {(dout.shape[0], dout.shape[1], dout.shape[2], dout.shape[3])}, samples [{n0}, {n1})")
    with nogil:
        _winograd_outputs_adjoint(&dout[0, 0, 0, 0], &dM[0, 0, 0], dM.strides[0] // sizeof(floating),
                                  dM.strides[1] // sizeof(floating), dout.shape[1], dout.shape[2],
                                  dout.shape[3], T_h, T_w, n0, n1)


cdef void _winograd_outputs_adjoint(const floating* dout, floating* dM, Py_ssize_t plane,
                                    Py_ssize_t ld, Py_ssize_t F, Py_ssize_t H_out,
                                    Py_ssize_t W_out, Py_ssize_t T_h, Py_ssize_t T_w,
                                    Py_ssize_t n0, Py_ssize_t n1) noexcept nogil:
    # Per filter and tile row: the 2x2 gradients of every tile into dy (4 runs of T_w, zero where
    # a tile hangs over), the row transform A dy into q (8 runs), then each of the 16 planes
    # written as one run of T_w tiles.
    cdef floating* dy = <floating*> malloc(12 * T_w * sizeof(floating))
    cdef floating* q = dy + 4 * T_w
    cdef Py_ssize_t n, f, ty, tx, a, i, j, h, w
    cdef const floating* row
    cdef floating* tiles
    cdef floating* q0
    cdef floating* q1
    if dy == NULL:
        return
    for n in range(n0, n1):
        for f in range(F):
            for ty in range(T_h):
                for i in range(2):
                    h = 2 * ty + i
                    for j in range(2):
                        for tx in range(T_w):
                            w = 2 * tx + j
                            if h < H_out and w < W_out:
                                dy[(2 * i + j) * T_w + tx] = dout[((n * F + f) * H_out + h) * W_out + w]
                            else:
                                dy[(2 * i + j) * T_w + tx] = 0
                for j in range(2):  # rows: A dy; q[2a + j] is row a, column j
                    for tx in range(T_w):
                        q[j * T_w + tx] = dy[j * T_w + tx]
                        q[(2 + j) * T_w + tx] = dy[j * T_w + tx] + dy[(2 + j) * T_w + tx]
                        q[(4 + j) * T_w + tx] = dy[j * T_w + tx] - dy[(2 + j) * T_w + tx]
                        q[(6 + j) * T_w + tx] = -dy[(2 + j) * T_w + tx]
                tiles = dM + f * ld + ((n - n0) * T_h + ty) * T_w
                for a in range(4):  # columns: (A dy) A^T, plane 4a + b
                    q0 = q + 2 * a * T_w
                    q1 = q0 + T_w
                    for tx in range(T_w):
                        tiles[4 * a * plane + tx] = q0[tx]
                    for tx in range(T_w):
                        tiles[(4 * a + 1) * plane + tx] = q0[tx] + q1[tx]
                    for tx in range(T_w):
                        tiles[(4 * a + 2) * plane + tx] = q0[tx] - q1[tx]
                    for tx in range(T_w):
                        tiles[(4 * a + 3) * plane + tx] = -q1[tx]
    free(dy)
