"""The fast conv / max-pool layers agree with the naive layers, with and without the extension.

Every comparison runs four times: with the compiled kernels (skipped with a reason when
``cs231n.im2col_cython`` is not built) and with the pure-NumPy fallback forced through the
``fast_layers.USE_CYTHON`` switch, each with 1 and 2 worker threads (``cs231n.parallel``, with
splitting forced even for tiny calls).
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cs231n import fast_layers, im2col, parallel
from cs231n.layers import (
    conv_backward_naive,
    conv_forward_naive,
    max_pool_backward_naive,
    max_pool_forward_naive,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

CONV_VARIANTS = {
    "fast": (fast_layers.conv_forward_fast, fast_layers.conv_backward_fast),
    "im2col": (fast_layers.conv_forward_im2col, fast_layers.conv_backward_im2col),
}


@pytest.fixture(params=["cython-1", "cython-2", "numpy-1", "numpy-2"])
def backend(request, monkeypatch):
    """Compiled kernels or the pure-NumPy fallback, with 1 or 2 threads (split even when tiny)."""
    kind, threads = request.param.split("-")
    monkeypatch.setattr(parallel, "NUM_THREADS", int(threads))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ELEMENTS", 0)
    if kind == "cython":
        if not fast_layers.HAVE_CYTHON:
            pytest.skip(
                "cs231n.im2col_cython is not built (run `pip install -e .` or "
                "`python setup.py build_ext --inplace`), or CS231N_NO_CYTHON is set"
            )
        monkeypatch.setattr(fast_layers, "USE_CYTHON", True)
    else:
        monkeypatch.setattr(fast_layers, "USE_CYTHON", False)
    return kind


def relative_error(actual, expected):
    """Largest absolute difference, relative to the largest magnitude in either array."""
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape
    scale = max(np.abs(actual).max(initial=0.0), np.abs(expected).max(initial=0.0))
    if scale == 0.0:
        return 0.0
    return np.abs(actual - expected).max() / scale


def conv_case(rng, N, C, H, W, F, HH, WW):
    x = rng.standard_normal((N, C, H, W))
    w = rng.standard_normal((F, C, HH, WW))
    b = rng.standard_normal(F)
    return x, w, b


def check_conv_against_naive(x, w, b, conv_param, variant, tolerance=1e-9):
    forward, backward = CONV_VARIANTS[variant]
    expected_out, naive_cache = conv_forward_naive(x, w, b, conv_param)
    out, cache = forward(x, w, b, conv_param)
    assert out.shape == expected_out.shape
    assert relative_error(out, expected_out) < tolerance

    dout = np.random.default_rng(7).standard_normal(out.shape)
    for name, fast_grad, naive_grad in zip(
        ("dx", "dw", "db"), backward(dout, cache), conv_backward_naive(dout, naive_cache)
    ):
        assert fast_grad.shape == naive_grad.shape, name
        assert relative_error(fast_grad, naive_grad) < tolerance, name


@st.composite
def conv_shapes(draw):
    stride = draw(st.integers(1, 3))
    pad = draw(st.integers(0, 3))
    HH, WW = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    H_out, W_out = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    # Pick the input size so that the filters tile the padded input exactly.
    H = (H_out - 1) * stride + HH - 2 * pad
    W = (W_out - 1) * stride + WW - 2 * pad
    if H < 1:
        H += stride * (-H // stride + 1)
    if W < 1:
        W += stride * (-W // stride + 1)
    dims = dict(
        N=draw(st.integers(1, 3)),
        C=draw(st.integers(1, 3)),
        H=H,
        W=W,
        F=draw(st.integers(1, 3)),
        HH=HH,
        WW=WW,
    )
    return dims, {"stride": stride, "pad": pad}


@pytest.mark.parametrize("variant", sorted(CONV_VARIANTS))
@HYPOTHESIS
@given(case=conv_shapes(), seed=st.integers(0, 2**16))
def test_conv_matches_naive_on_random_shapes(backend, variant, case, seed):
    dims, conv_param = case
    x, w, b = conv_case(np.random.default_rng(seed), **dims)
    check_conv_against_naive(x, w, b, conv_param, variant)


ODD_CONV_CASES = [
    # (N, C, H, W), (F, HH, WW), stride, pad
    ((1, 1, 5, 5), (1, 1, 1), 1, 0),  # 1x1 filter, N = C = F = 1
    ((2, 3, 7, 9), (4, 3, 5), 2, 1),  # non-square input and filter
    ((3, 2, 10, 7), (2, 4, 1), 3, 3),  # stride 3, pad 3, a 4x1 filter
    ((1, 3, 6, 11), (5, 2, 3), 2, 2),
    ((2, 1, 9, 5), (3, 3, 2), 3, 0),
    ((2, 2, 1, 1), (2, 3, 3), 1, 1),  # a single pixel, all padding around it
    ((4, 3, 8, 8), (6, 3, 3), 1, 1),  # the usual "same" 3x3 convolution
    ((2, 3, 31, 31), (2, 3, 3), 2, 1),  # the notebook's timing geometry, smaller batch
]


@pytest.mark.parametrize("variant", sorted(CONV_VARIANTS))
@pytest.mark.parametrize("x_shape, w_dims, stride, pad", ODD_CONV_CASES)
def test_conv_matches_naive_on_odd_shapes(backend, variant, x_shape, w_dims, stride, pad):
    (N, C, H, W), (F, HH, WW) = x_shape, w_dims
    x, w, b = conv_case(np.random.default_rng(0), N, C, H, W, F, HH, WW)
    check_conv_against_naive(x, w, b, {"stride": stride, "pad": pad}, variant)


def test_conv_forward_matches_notebook_vector(backend):
    x = np.linspace(-0.1, 0.5, num=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
    w = np.linspace(-0.2, 0.3, num=3 * 3 * 4 * 4).reshape(3, 3, 4, 4)
    b = np.linspace(-0.1, 0.2, num=3)
    out, _ = fast_layers.conv_forward_fast(x, w, b, {"stride": 2, "pad": 1})
    expected_first_channel = [[-0.08759809, -0.10987781], [-0.18387192, -0.2109216]]
    expected_last_channel = [[2.36270298, 2.36904306], [2.38090835, 2.38247847]]
    np.testing.assert_allclose(out[0, 0], expected_first_channel, rtol=1e-7)
    np.testing.assert_allclose(out[1, 2], expected_last_channel, rtol=1e-7)


def test_conv_blocks_cover_the_batch_in_order(backend):
    """Whole samples when they fit in a block, else bands of output rows, in row order."""
    blocks = fast_layers._blocks(2, 5, taps=1, H_out=4, W_out=1, itemsize=1)
    if fast_layers._cython_enabled():
        assert blocks == [(2, 5, 0, 4)]
    blocks = fast_layers._blocks(2, 4, taps=576, H_out=32, W_out=32, itemsize=4)
    covered = [(n, h) for n0, n1, h0, h1 in blocks for n in range(n0, n1) for h in range(h0, h1)]
    assert covered == [(n, h) for n in range(2, 4) for h in range(32)]
    if fast_layers._cython_enabled():  # 576 x 32 float32 columns per output row: bands of 8 rows
        assert [(h0, h1) for _, _, h0, h1 in blocks[:4]] == [(0, 8), (8, 16), (16, 24), (24, 32)]


@pytest.mark.parametrize("block_bytes, chunk_elements", [(1, 1), (300, 60), (1 << 30, 1 << 30)])
def test_conv_blocks_and_bands_match_naive(backend, monkeypatch, block_bytes, chunk_elements):
    """Bands of one output row, bands of a few rows, several samples per block: same result."""
    monkeypatch.setattr(fast_layers, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(fast_layers, "CHUNK_ELEMENTS", chunk_elements)
    for (H, W), stride, pad, size in [
        ((11, 11), 1, 1, 3),
        ((11, 11), 2, 1, 3),
        ((11, 11), 1, 3, 7),
        ((11, 11), 3, 0, 2),
        ((7, 12), 1, 0, 3),
    ]:
        x, w, b = conv_case(np.random.default_rng(3), 5, 2, H, W, 3, size, size)
        check_conv_against_naive(x, w, b, {"stride": stride, "pad": pad}, "fast")


@pytest.mark.parametrize("variant", sorted(CONV_VARIANTS))
def test_conv_float32_stays_float32(backend, variant):
    x, w, b = conv_case(np.random.default_rng(1), 2, 3, 8, 7, 4, 3, 2)
    conv_param = {"stride": 1, "pad": 1}
    forward, backward = CONV_VARIANTS[variant]
    out32, cache = forward(
        x.astype(np.float32), w.astype(np.float32), b.astype(np.float32), conv_param
    )
    out64, cache64 = conv_forward_naive(x, w, b, conv_param)
    assert out32.dtype == np.float32
    assert relative_error(out32, out64) < 1e-5
    dout = np.random.default_rng(2).standard_normal(out64.shape)
    grads32 = backward(dout.astype(np.float32), cache)
    for grad32, grad64 in zip(grads32, conv_backward_naive(dout, cache64)):
        assert grad32.dtype == np.float32
        assert relative_error(grad32, grad64) < 1e-5


def test_conv_does_not_modify_inputs(backend):
    x, w, b = conv_case(np.random.default_rng(4), 2, 2, 5, 5, 2, 3, 3)
    copies = [a.copy() for a in (x, w, b)]
    out, cache = fast_layers.conv_forward_fast(x, w, b, {"stride": 1, "pad": 2})
    fast_layers.conv_backward_fast(np.ones_like(out), cache)
    for original, copy in zip((x, w, b), copies):
        np.testing.assert_array_equal(original, copy)


# ---------------------------------------------------------------------------------------------
# Max pooling
# ---------------------------------------------------------------------------------------------
POOL_VARIANTS = {
    "fast": (fast_layers.max_pool_forward_fast, fast_layers.max_pool_backward_fast),
    "im2col": (fast_layers.max_pool_forward_im2col, fast_layers.max_pool_backward_im2col),
    "reshape": (fast_layers.max_pool_forward_reshape, fast_layers.max_pool_backward_reshape),
}


def pool_input(rng, shape, kind):
    if kind == "normal":
        return rng.standard_normal(shape)
    if kind == "relu":  # about half zeros: many tied maxima
        return np.maximum(rng.standard_normal(shape), 0.0) * (rng.random(shape) < 0.3)
    if kind == "small_integers":
        return rng.integers(0, 3, size=shape).astype(np.float64)
    if kind == "constant":
        return np.full(shape, 1.5)
    raise ValueError(kind)


def check_pool_against_naive(x, pool_param, variant):
    forward, backward = POOL_VARIANTS[variant]
    expected_out, naive_cache = max_pool_forward_naive(x, pool_param)
    out, cache = forward(x, pool_param)
    np.testing.assert_array_equal(out, expected_out)
    dout = np.random.default_rng(11).standard_normal(out.shape)
    dx = backward(dout, cache)
    expected_dx = max_pool_backward_naive(dout, naive_cache)
    assert dx.shape == x.shape
    # Overlapping windows add several contributions, possibly in another order: round-off only.
    assert relative_error(dx, expected_dx) < 1e-12
    # Each window's gradient lands on exactly one input element.
    assert np.isclose(dx.sum(), dout.sum())


@st.composite
def pool_cases(draw):
    pool_height, pool_width = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride = draw(st.integers(1, 3))
    H = (draw(st.integers(1, 4)) - 1) * stride + pool_height
    W = (draw(st.integers(1, 4)) - 1) * stride + pool_width
    shape = (draw(st.integers(1, 3)), draw(st.integers(1, 3)), H, W)
    kind = draw(st.sampled_from(["normal", "relu", "small_integers", "constant"]))
    return shape, {"pool_height": pool_height, "pool_width": pool_width, "stride": stride}, kind


@pytest.mark.parametrize("variant", ["fast", "im2col"])
@HYPOTHESIS
@given(case=pool_cases(), seed=st.integers(0, 2**16))
def test_max_pool_matches_naive_on_random_shapes(backend, variant, case, seed):
    shape, pool_param, kind = case
    check_pool_against_naive(
        pool_input(np.random.default_rng(seed), shape, kind), pool_param, variant
    )


@pytest.mark.parametrize("variant", sorted(POOL_VARIANTS))
@pytest.mark.parametrize("kind", ["normal", "relu", "small_integers", "constant"])
@pytest.mark.parametrize("shape, size", [((2, 3, 8, 8), 2), ((1, 2, 6, 9), 3), ((3, 1, 4, 10), 2)])
def test_max_pool_tiling_pools_match_naive(backend, variant, kind, shape, size):
    pool_param = {"pool_height": size, "pool_width": size, "stride": size}
    check_pool_against_naive(pool_input(np.random.default_rng(5), shape, kind), pool_param, variant)


@pytest.mark.parametrize("variant", ["fast", "im2col"])
@pytest.mark.parametrize("kind", ["normal", "relu", "small_integers", "constant"])
@pytest.mark.parametrize(
    "shape, pool",
    [
        ((2, 3, 7, 9), (3, 3, 2)),  # overlapping square windows
        ((1, 2, 6, 9), (2, 3, 1)),  # non-square, stride 1
        ((2, 2, 9, 9), (3, 3, 3)),  # tiles, but 3x3 with stride 3 through the general path
        ((2, 1, 5, 8), (1, 2, 2)),
    ],
)
def test_max_pool_general_pools_match_naive(backend, variant, kind, shape, pool):
    pool_param = dict(zip(("pool_height", "pool_width", "stride"), pool))
    check_pool_against_naive(pool_input(np.random.default_rng(6), shape, kind), pool_param, variant)


@pytest.mark.parametrize("variant", ["fast", "im2col"])
def test_max_pool_tie_rule_first_maximum_and_overlaps_add(backend, variant):
    """All-equal input, 2x2 windows with stride 1: each window picks its top-left element."""
    forward, backward = POOL_VARIANTS[variant]
    x = np.zeros((1, 1, 3, 3))
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 1}
    out, cache = forward(x, pool_param)
    dx = backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    np.testing.assert_array_equal(dx[0, 0], [[1, 2, 0], [3, 4, 0], [0, 0, 0]])

    # A tie for the maximum in the second row of a window: the row-major first one wins, and
    # the element shared by both overlapping windows receives both contributions.
    x = np.array([[[[0.0, 5.0, 1.0], [5.0, 0.0, 5.0]]]])
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 1}
    out, cache = forward(x, pool_param)
    np.testing.assert_array_equal(out[0, 0], [[5.0, 5.0]])
    dx = backward(np.array([[[[10.0, 1.0]]]]), cache)
    np.testing.assert_array_equal(dx[0, 0], [[0, 11, 0], [0, 0, 0]])


@pytest.mark.parametrize("variant", sorted(POOL_VARIANTS))
def test_max_pool_tie_rule_on_tiling_pool(backend, variant):
    forward, backward = POOL_VARIANTS[variant]
    x = np.array(
        [[[[1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 0.0, 2.0], [3.0, 0.0, 7.0, 7.0], [0.0, 3.0, 7.0, 7.0]]]]
    )
    out, cache = forward(x, {"pool_height": 2, "pool_width": 2, "stride": 2})
    np.testing.assert_array_equal(out[0, 0], [[1, 2], [3, 7]])
    dx = backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    np.testing.assert_array_equal(
        dx[0, 0], [[1, 0, 0, 0], [0, 0, 0, 2], [3, 0, 4, 0], [0, 0, 0, 0]]
    )


@pytest.mark.parametrize("variant", ["fast", "im2col"])
@pytest.mark.parametrize("pool", [(2, 2, 2), (3, 3, 2), (2, 2, 1)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_max_pool_nan_is_maximal_and_the_first_nan_wins(backend, variant, pool, dtype):
    # As np.max / np.argmax: a window with a NaN outputs NaN, and its gradient goes to its
    # first NaN in row-major order. The 2x2 pool with stride 2 has its own compiled kernel.
    rng = np.random.default_rng(7)
    x = pool_input(rng, (2, 3, 9, 9) if pool[2] == 2 and pool[0] == 3 else (2, 3, 8, 8), "relu")
    x[rng.random(x.shape) < 0.15] = np.nan
    x = x.astype(dtype)
    pool_param = dict(zip(("pool_height", "pool_width", "stride"), pool))
    forward, backward = POOL_VARIANTS[variant]
    expected_out, naive_cache = max_pool_forward_naive(x, pool_param)
    out, cache = forward(x, pool_param)
    assert np.isnan(expected_out).any()
    np.testing.assert_array_equal(out, expected_out)
    dout = rng.standard_normal(out.shape).astype(dtype)
    dx, expected_dx = backward(dout, cache), max_pool_backward_naive(dout, naive_cache)
    # Overlapping windows add up in another order: round-off of the dtype only.
    assert relative_error(dx, expected_dx) < (1e-12 if dtype == np.float64 else 1e-6)


def test_max_pool_fast_picks_the_method(monkeypatch):
    x = np.random.default_rng(0).standard_normal((2, 2, 6, 6))
    monkeypatch.setattr(fast_layers, "USE_CYTHON", False)
    assert (
        fast_layers.max_pool_forward_fast(x, {"pool_height": 2, "pool_width": 2, "stride": 2})[1][0]
        == "reshape"
    )
    assert (
        fast_layers.max_pool_forward_fast(x, {"pool_height": 2, "pool_width": 2, "stride": 1})[1][0]
        == "im2col"
    )
    assert (
        fast_layers.max_pool_forward_fast(x, {"pool_height": 3, "pool_width": 1, "stride": 1})[1][0]
        == "im2col"
    )


def test_max_pool_float32_stays_float32(backend):
    x = np.random.default_rng(2).standard_normal((2, 3, 8, 8)).astype(np.float32)
    for pool in (
        {"pool_height": 2, "pool_width": 2, "stride": 2},
        {"pool_height": 3, "pool_width": 2, "stride": 1},
    ):
        out, cache = fast_layers.max_pool_forward_fast(x, pool)
        dx = fast_layers.max_pool_backward_fast(np.ones_like(out), cache)
        assert out.dtype == np.float32 and dx.dtype == np.float32
        np.testing.assert_array_equal(out, max_pool_forward_naive(x, pool)[0])


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", sorted(CONV_VARIANTS))
@pytest.mark.parametrize(
    "x_shape, w_shape, conv_param, message",
    [
        ((1, 3, 5, 5), (2, 3, 2, 2), {"stride": 2, "pad": 0}, "stride"),  # (5 - 2) % 2 != 0
        ((1, 3, 6, 6), (2, 3, 3, 3), {"stride": 2, "pad": 1}, "stride"),  # (6 + 2 - 3) % 2 != 0
        ((1, 3, 2, 2), (2, 3, 5, 5), {"stride": 1, "pad": 0}, "fit"),  # filter larger than input
        ((1, 3, 5, 5), (2, 4, 3, 3), {"stride": 1, "pad": 1}, "channels"),
        ((1, 3, 5, 5), (2, 3, 3, 3), {"stride": 0, "pad": 1}, "stride"),
        ((1, 3, 5, 5), (2, 3, 3, 3), {"stride": 1}, "pad"),
        ((3, 5, 5), (2, 3, 3, 3), {"stride": 1, "pad": 1}, "shape"),
    ],
)
def test_conv_rejects_bad_hyperparameters(backend, variant, x_shape, w_shape, conv_param, message):
    forward, _ = CONV_VARIANTS[variant]
    with pytest.raises(ValueError, match=message):
        forward(np.zeros(x_shape), np.zeros(w_shape), np.zeros(w_shape[0]), conv_param)


def test_conv_rejects_bad_bias_and_dout(backend):
    x, w, b = conv_case(np.random.default_rng(0), 2, 3, 5, 5, 4, 3, 3)
    with pytest.raises(ValueError, match="b must have shape"):
        fast_layers.conv_forward_fast(x, w, b[:3], {"stride": 1, "pad": 1})
    out, cache = fast_layers.conv_forward_fast(x, w, b, {"stride": 1, "pad": 1})
    with pytest.raises(ValueError, match="dout has shape"):
        fast_layers.conv_backward_fast(out[:, :3], cache)


@pytest.mark.parametrize("variant", sorted(POOL_VARIANTS))
@pytest.mark.parametrize(
    "pool_param",
    [
        {"pool_height": 2, "pool_width": 2, "stride": 2},  # 7 is not a multiple of 2
        {"pool_height": 3, "pool_width": 3, "stride": 3},
        {"pool_height": 9, "pool_width": 2, "stride": 1},  # taller than the input
    ],
)
def test_max_pool_rejects_non_tiling_pools(backend, variant, pool_param):
    forward, _ = POOL_VARIANTS[variant]
    with pytest.raises(ValueError, match="max pool"):
        forward(np.zeros((1, 2, 7, 8)), pool_param)


def test_max_pool_reshape_rejects_pools_it_cannot_do(backend):
    with pytest.raises(ValueError, match="pool_height == pool_width == stride"):
        fast_layers.max_pool_forward_reshape(
            np.zeros((1, 1, 6, 6)), {"pool_height": 2, "pool_width": 2, "stride": 1}
        )
    with pytest.raises(ValueError, match="pool_height == pool_width == stride"):
        fast_layers.max_pool_forward_reshape(
            np.zeros((1, 1, 6, 8)), {"pool_height": 3, "pool_width": 2, "stride": 3}
        )


def test_max_pool_rejects_bad_dout(backend):
    out, cache = fast_layers.max_pool_forward_fast(
        np.zeros((2, 2, 4, 4)), {"pool_height": 2, "pool_width": 2, "stride": 2}
    )
    with pytest.raises(ValueError, match="dout has shape"):
        fast_layers.max_pool_backward_fast(np.zeros((2, 2, 3, 2)), cache)


# ---------------------------------------------------------------------------------------------
# im2col kernels: compiled == NumPy, and col2im is the adjoint of im2col
# ---------------------------------------------------------------------------------------------
IM2COL_CASES = [((2, 3, 7, 8), 3, 2, 1, 2), ((1, 2, 5, 5), 1, 1, 0, 1), ((3, 1, 7, 6), 4, 3, 3, 3)]


@pytest.mark.parametrize("x_shape, fh, fw, pad, stride", IM2COL_CASES)
def test_col2im_is_the_adjoint_of_im2col(x_shape, fh, fw, pad, stride):
    rng = np.random.default_rng(8)
    x = rng.standard_normal(x_shape)
    N, C, H, W = x_shape
    cols = im2col.im2col_indices(x, fh, fw, pad, stride)
    other = rng.standard_normal(cols.shape)
    back = im2col.col2im_indices(other, x_shape, fh, fw, pad, stride)
    np.testing.assert_allclose(np.vdot(cols, other), np.vdot(x, back), rtol=1e-12)
    cols_6d = im2col.im2col_6d(x, fh, fw, pad, stride)
    other_6d = rng.standard_normal(cols_6d.shape)
    back_6d = im2col.col2im_6d(other_6d, N, C, H, W, fh, fw, pad, stride)
    np.testing.assert_allclose(np.vdot(cols_6d, other_6d), np.vdot(x, back_6d), rtol=1e-12)


def cols_6d_shape(x_shape, fh, fw, pad, stride):
    """(H_out, W_out) of a geometry that tiles the input."""
    _, _, H, W = x_shape
    return (H + 2 * pad - fh) // stride + 1, (W + 2 * pad - fw) // stride + 1


@pytest.mark.skipif(not fast_layers.HAVE_CYTHON, reason="cs231n.im2col_cython is not built")
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("x_shape, fh, fw, pad, stride", IM2COL_CASES)
def test_compiled_im2col_matches_numpy(dtype, x_shape, fh, fw, pad, stride):
    from cs231n import im2col_cython

    rng = np.random.default_rng(9)
    x = rng.standard_normal(x_shape).astype(dtype)
    N, C, H, W = x_shape
    cols = im2col_cython.im2col_cython(x, fh, fw, pad, stride)
    assert cols.dtype == dtype
    np.testing.assert_array_equal(cols, im2col.im2col_indices(x, fh, fw, pad, stride))
    back = im2col_cython.col2im_cython(cols, N, C, H, W, fh, fw, pad, stride)
    np.testing.assert_allclose(
        back, im2col.col2im_indices(cols, x_shape, fh, fw, pad, stride), rtol=1e-6
    )
    H_out, W_out = cols_6d_shape(x_shape, fh, fw, pad, stride)
    batched = np.empty((N, C * fh * fw, H_out * W_out), dtype)
    im2col_cython.im2col_batched_cython(x, batched, fh, fw, pad, stride)
    np.testing.assert_array_equal(
        batched.reshape(N, -1, H_out, W_out), im2col.im2col_batched(x, fh, fw, pad, stride)
    )
    back_batched = np.full(x_shape, np.nan, dtype=dtype)
    im2col_cython.col2im_batched_cython(batched, back_batched, fh, fw, pad, stride)
    expected = im2col.col2im_batched(batched, fh, fw, pad, stride, out=np.empty(x_shape, dtype))
    np.testing.assert_allclose(back_batched, expected, rtol=1e-6)
    cols_6d = im2col_cython.im2col_6d_cython(x, fh, fw, pad, stride)
    np.testing.assert_array_equal(cols_6d, im2col.im2col_6d(x, fh, fw, pad, stride))
    back_6d = im2col_cython.col2im_6d_cython(cols_6d, N, C, H, W, fh, fw, pad, stride)
    np.testing.assert_allclose(
        back_6d, im2col.col2im_6d(cols_6d, N, C, H, W, fh, fw, pad, stride), rtol=1e-6
    )


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("x_shape, fh, fw, pad, stride", IM2COL_CASES)
def test_bands_of_output_rows_add_up_to_the_whole(compiled, x_shape, fh, fw, pad, stride):
    """im2col of a band of output rows, written into a slice of a larger buffer, is that band's
    part of the whole; col2im of the bands, added up, is col2im of the whole."""
    if compiled and not fast_layers.HAVE_CYTHON:
        pytest.skip("cs231n.im2col_cython is not built")
    from cs231n import im2col_cython

    im2col_rows = (
        im2col_cython.im2col_batched_cython
        if compiled
        else (lambda x, out, *geometry: im2col.im2col_batched(x, *geometry[:4], out, *geometry[4:]))
    )
    col2im_rows = (
        im2col_cython.col2im_batched_cython
        if compiled
        else (
            lambda cols, dx, *geometry: im2col.col2im_batched(
                cols, *geometry[:4], dx, *geometry[4:]
            )
        )
    )
    rng = np.random.default_rng(12)
    x = rng.standard_normal(x_shape)
    N, C, H, W = x_shape
    H_out, W_out = cols_6d_shape(x_shape, fh, fw, pad, stride)
    whole = im2col.im2col_batched(x, fh, fw, pad, stride).reshape(N, C * fh * fw, H_out, W_out)
    gradient = rng.standard_normal(whole.shape)
    expected_dx = im2col.col2im_batched(gradient, fh, fw, pad, stride, out=np.empty(x_shape))
    buffer = np.full((N, C * fh * fw, 2 * W_out + 3), np.nan)
    dx = np.full(x_shape, np.nan)
    for h0 in range(0, H_out, 2):
        h1 = min(h0 + 2, H_out)
        band = buffer[:, :, : (h1 - h0) * W_out]
        im2col_rows(x, band, fh, fw, pad, stride, h0, h1)
        np.testing.assert_array_equal(band.reshape(N, -1, h1 - h0, W_out), whole[:, :, h0:h1])
        band[...] = gradient[:, :, h0:h1].reshape(N, -1, (h1 - h0) * W_out)
        col2im_rows(band, dx, fh, fw, pad, stride, h0, h1, h0 > 0)
    np.testing.assert_allclose(dx, expected_dx, rtol=1e-12)


@pytest.mark.skipif(not fast_layers.HAVE_CYTHON, reason="cs231n.im2col_cython is not built")
def test_compiled_band_kernels_reject_a_wrong_band():
    from cs231n import im2col_cython

    x = np.zeros((2, 3, 8, 8))
    with pytest.raises(ValueError, match="output rows"):
        im2col_cython.im2col_batched_cython(x, np.zeros((2, 27, 8)), 3, 3, 1, 1, 7, 9)
    with pytest.raises(ValueError, match="cols has shape"):
        im2col_cython.im2col_batched_cython(x, np.zeros((2, 27, 9)), 3, 3, 1, 1, 0, 1)
    with pytest.raises(ValueError, match="cols has shape"):
        im2col_cython.col2im_batched_cython(np.zeros((2, 27, 16)), x, 3, 3, 1, 1, 0, 1)


@pytest.mark.skipif(not fast_layers.HAVE_CYTHON, reason="cs231n.im2col_cython is not built")
def test_compiled_kernels_split_over_threads_give_the_same_result(monkeypatch):
    from cs231n import im2col_cython

    x = np.random.default_rng(10).standard_normal((5, 3, 9, 8))
    monkeypatch.setattr(parallel, "NUM_THREADS", 1)
    single = im2col_cython.im2col_6d_cython(x, 3, 2, 1, 1)
    pooled = im2col_cython.max_pool_forward_cython(x, 3, 2, 2)
    monkeypatch.setattr(parallel, "NUM_THREADS", 3)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ELEMENTS", 0)
    np.testing.assert_array_equal(im2col_cython.im2col_6d_cython(x, 3, 2, 1, 1), single)
    for threaded, serial in zip(im2col_cython.max_pool_forward_cython(x, 3, 2, 2), pooled):
        np.testing.assert_array_equal(threaded, serial)
    back = im2col_cython.col2im_6d_cython(single, 5, 3, 9, 8, 3, 2, 1, 1)
    np.testing.assert_allclose(back, im2col.col2im_6d(single, 5, 3, 9, 8, 3, 2, 1, 1), rtol=1e-12)


def test_layers_from_many_python_threads_at_once(backend, monkeypatch):
    """Python threads call the fast layers concurrently while the pool size keeps changing.

    Before the pool was guarded by a lock, a thread could shut the shared pool down while another
    was submitting to it ("cannot schedule new futures after shutdown").
    """
    rng = np.random.default_rng(11)
    x, w, b = conv_case(rng, 6, 3, 10, 10, 4, 3, 3)
    conv_param = {"stride": 1, "pad": 1}
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    dout = rng.standard_normal((6, 4, 10, 10))
    expected_out, naive_cache = conv_forward_naive(x, w, b, conv_param)
    expected_grads = conv_backward_naive(dout, naive_cache)
    expected_pool = max_pool_forward_naive(expected_out, pool_param)[0]
    failures, calls = [], [0]
    deadline = time.monotonic() + 1.5

    def hammer(index):
        try:
            while time.monotonic() < deadline:
                # Pool sizes above the core count, changing between calls (the old pool was
                # replaced whenever the requested size changed).
                parallel.NUM_THREADS = 3 + (calls[0] + index) % 4
                out, cache = fast_layers.conv_forward_fast(x, w, b, conv_param)
                grads = fast_layers.conv_backward_fast(dout, cache)
                pooled, _ = fast_layers.max_pool_forward_fast(out, pool_param)
                assert relative_error(out, expected_out) < 1e-9
                for grad, expected in zip(grads, expected_grads):
                    assert relative_error(grad, expected) < 1e-9
                assert relative_error(pooled, expected_pool) < 1e-9
                calls[0] += 1
        except BaseException as error:  # reported by the main thread
            failures.append(repr(error))

    monkeypatch.setattr(parallel, "NUM_THREADS", 4)
    threads = [threading.Thread(target=hammer, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert failures == []
    assert calls[0] >= 8


# ---------------------------------------------------------------------------------------------
# Fallback switches
# ---------------------------------------------------------------------------------------------
def run_python(code, **env):
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_missing_extension_warns_once_and_still_works():
    code = (
        "import sys, warnings\n"
        "sys.modules['cs231n.im2col_cython'] = None  # makes the import fail\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    from cs231n import fast_layers\n"
        "    import importlib; importlib.import_module('cs231n.fast_layers')\n"
        "    import numpy as np\n"
        "    ones = np.ones((1, 1, 3, 3))\n"
        "    out, cache = fast_layers.conv_forward_fast(ones, ones, np.zeros(1),\n"
        "                                               {'stride': 1, 'pad': 1})\n"
        "    fast_layers.conv_backward_fast(out, cache)\n"
        "print(fast_layers.HAVE_CYTHON, out[0, 0, 1, 1])\n"
        "print(len(caught))\n"
        "print(caught[0].category.__name__, caught[0].message)\n"
    )
    have_cython, count, message = run_python(code, CS231N_NO_CYTHON="").splitlines()
    assert have_cython == "False 9.0"
    assert count == "1"
    assert message.startswith("CythonExtensionWarning")
    assert "pip install -e ." in message and "python setup.py build_ext --inplace" in message


def test_environment_variable_forces_the_fallback_silently():
    code = (
        "import warnings\n"
        "warnings.simplefilter('error')\n"
        "from cs231n import fast_layers\n"
        "print(fast_layers.HAVE_CYTHON, fast_layers.USE_CYTHON)\n"
    )
    assert run_python(code, CS231N_NO_CYTHON="1").strip() == "False False"


def test_have_cython_is_a_bool():
    assert isinstance(fast_layers.HAVE_CYTHON, bool)
    assert isinstance(fast_layers.USE_CYTHON, bool)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_compiled_kernels_work_in_a_forked_child():
    """The kernels' worker threads do not survive fork(); the child must start its own."""
    code = (
        "import os, numpy as np\n"
        "from cs231n import fast_layers\n"
        "x = np.random.default_rng(0).standard_normal((8, 16, 32, 32))\n"
        "w, b = np.ones((4, 16, 3, 3)), np.zeros(4)\n"
        "expected, _ = fast_layers.conv_forward_fast(x, w, b, {'stride': 1, 'pad': 1})\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    out, _ = fast_layers.conv_forward_fast(x, w, b, {'stride': 1, 'pad': 1})\n"
        "    os._exit(0 if np.array_equal(out, expected) else 3)\n"
        "print(os.waitpid(pid, 0)[1])\n"
    )
    assert run_python(code).strip() == "0"


# ---------------------------------------------------------------------------------------------
# Winograd F(2x2, 3x3): 3x3 stride-1 convolutions with the extension (cs231n.winograd)
# ---------------------------------------------------------------------------------------------
needs_cython = pytest.mark.skipif(
    not fast_layers.HAVE_CYTHON, reason="cs231n.im2col_cython is not built"
)


@st.composite
def winograd_shapes(draw):
    """3x3 stride-1 geometries: odd and even output sizes (tiles that hang over), pad 0 to 3."""
    pad = draw(st.integers(0, 3))
    H_out, W_out = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    H, W = H_out + 2 - 2 * pad, W_out + 2 - 2 * pad
    if H < 1 or W < 1:
        pad = 0
        H, W = H_out + 2, W_out + 2
    dims = dict(
        N=draw(st.integers(1, 4)), C=draw(st.integers(1, 5)), H=H, W=W,
        F=draw(st.integers(1, 5)), HH=3, WW=3,
    )  # fmt: skip
    return dims, {"stride": 1, "pad": pad}


@needs_cython
@pytest.mark.parametrize("threads", [1, 2])
@HYPOTHESIS
@given(case=winograd_shapes(), seed=st.integers(0, 2**16))
def test_winograd_matches_naive_on_random_shapes(monkeypatch, threads, case, seed):
    monkeypatch.setattr(parallel, "NUM_THREADS", threads)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ELEMENTS", 0)
    monkeypatch.setattr(fast_layers, "USE_CYTHON", True)
    used = []
    monkeypatch.setattr(
        fast_layers.winograd, "forward",
        lambda *args, _forward=fast_layers.winograd.forward: used.append(1) or _forward(*args),
    )  # fmt: skip
    dims, conv_param = case
    x, w, b = conv_case(np.random.default_rng(seed), **dims)
    check_conv_against_naive(x, w, b, conv_param, "fast")
    assert used, "a 3x3 stride-1 convolution did not take the Winograd path"


@needs_cython
@pytest.mark.parametrize("block_bytes", [1, 1 << 12, 1 << 30])
@pytest.mark.parametrize("dtype, tolerance", [(np.float64, 1e-12), (np.float32, 2e-5)])
def test_winograd_blocks_and_float32_match_naive(monkeypatch, block_bytes, dtype, tolerance):
    """One sample per block, a few, or the whole batch; float32 stays float32, within rounding
    of float32 (the transforms add at most a few terms of the same size)."""
    monkeypatch.setattr(fast_layers.winograd, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(parallel, "NUM_THREADS", 2)
    rng = np.random.default_rng(3)
    x, w, b = (a.astype(dtype) for a in conv_case(rng, 7, 6, 11, 8, 5, 3, 3))
    conv_param = {"stride": 1, "pad": 1}
    out, cache = fast_layers.conv_forward_fast(x, w, b, conv_param)
    expected, naive_cache = conv_forward_naive(
        x.astype(np.float64), w.astype(np.float64), b.astype(np.float64), conv_param
    )
    assert out.dtype == dtype and relative_error(out, expected) < tolerance
    dout = rng.standard_normal(out.shape).astype(dtype)
    grads = fast_layers.conv_backward_fast(dout, cache)
    expected_grads = conv_backward_naive(dout.astype(np.float64), naive_cache)
    for name, grad, expected_grad in zip(("dx", "dw", "db"), grads, expected_grads):
        assert grad.dtype == dtype, name
        assert relative_error(grad, expected_grad) < tolerance, name


@needs_cython
@pytest.mark.parametrize("x_shape, pad", [((2, 3, 5, 7), 1), ((1, 2, 4, 4), 0), ((3, 1, 2, 3), 2)])
def test_winograd_transposed_kernels_are_adjoints(x_shape, pad):
    """<T x, V> = <x, T^T V> for the tile transform and <T M, y> = <M, T^T y> for the output
    transform (the backward pass is exact only if each kernel is the other's adjoint)."""
    from cs231n import im2col_cython

    rng = np.random.default_rng(4)
    N, C, H, W = x_shape
    H_out, W_out = H + 2 * pad - 2, W + 2 * pad - 2
    tiles = N * ((H_out + 1) // 2) * ((W_out + 1) // 2)
    x = rng.standard_normal(x_shape)
    V = np.empty((16, C, tiles))
    im2col_cython.winograd_tiles_cython(x, V, pad, 0, N)
    other = rng.standard_normal(V.shape)
    back = np.full(x_shape, np.nan)
    im2col_cython.winograd_tiles_adjoint_cython(other, back, pad, 0, N)
    np.testing.assert_allclose(np.vdot(V, other), np.vdot(x, back), rtol=1e-12)

    M = rng.standard_normal((16, 4, tiles))
    y = np.full((N, 4, H_out, W_out), np.nan)
    im2col_cython.winograd_outputs_cython(M, np.zeros(4), y, 0, N)
    dy = rng.standard_normal(y.shape)
    dM = np.full(M.shape, np.nan)
    im2col_cython.winograd_outputs_adjoint_cython(dy, dM, 0, N)
    np.testing.assert_allclose(np.vdot(y, dy), np.vdot(M, dM), rtol=1e-12)


@needs_cython
def test_winograd_kernels_refuse_arrays_that_do_not_fit():
    from cs231n import im2col_cython

    x = np.zeros((2, 3, 6, 6))
    with pytest.raises(ValueError, match="tile planes have shape"):
        im2col_cython.winograd_tiles_cython(x, np.empty((16, 3, 17)), 1, 0, 2)
    with pytest.raises(ValueError, match="no 3x3 output"):
        im2col_cython.winograd_tiles_cython(np.zeros((1, 1, 1, 1)), np.empty((16, 1, 1)), 0, 0, 1)
    with pytest.raises(ValueError, match="do not fit"):
        im2col_cython.winograd_outputs_cython(
            np.empty((16, 3, 5)), np.zeros(3), np.empty((2, 3, 6, 6)), 0, 2
        )
    with pytest.raises(ValueError, match="do not fit"):
        im2col_cython.winograd_outputs_adjoint_cython(
            np.zeros((2, 3, 6, 6)), np.empty((16, 3, 5)), 0, 3
        )


@needs_cython
def test_other_convolutions_and_the_switch_keep_the_im2col_path(monkeypatch):
    calls = []
    monkeypatch.setattr(fast_layers.winograd, "forward", lambda *args: calls.append(args))
    rng = np.random.default_rng(5)
    for w_dims, stride in [((2, 3, 3), 2), ((2, 5, 5), 1), ((2, 3, 1), 1)]:
        x, w, b = conv_case(rng, 2, 2, 7, 7, *w_dims)
        check_conv_against_naive(x, w, b, {"stride": stride, "pad": 1}, "fast")
    monkeypatch.setattr(fast_layers, "USE_WINOGRAD", False)
    x, w, b = conv_case(rng, 2, 2, 6, 6, 2, 3, 3)
    check_conv_against_naive(x, w, b, {"stride": 1, "pad": 1}, "fast")
    assert calls == []
