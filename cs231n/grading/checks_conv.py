"""Checks of the ConvolutionalNetworks part: naive conv and pool, spatial norms, the conv net."""

import dataclasses

import numpy as np

from .. import diagnose
from ..checks import check_conv_inputs, check_pool_inputs
from ..tolerances import TOLERANCES
from . import vectors
from .core import CheckFailed, fresh_random_state
from .known_statistics import SPATIAL_BATCHNORM_TEST_MODE
from .measure import (
    as_array,
    backward_measurements,
    check,
    compare,
    deviation,
    gamma_products,
    gamma_upstreams,
    init_measurements,
    initial_loss_measurements,
    model_gradient_measurements,
    module,
    raw_input_used,
    regularization_measurements,
    reordered_upstreams,
    requirement,
    same_dtype,
    scale_in_gradients,
    size_failure,
    standardized_measurements,
    then_if_passed,
    unpack,
)

PART = "ConvolutionalNetworks"


def _layers():
    return module("layers")


def _known_mistakes(x, w, b, conv_param):
    """What common mistakes give, to recognize them: the kernel flipped (a true convolution),
    windows that start every pixel whatever the stride, and those of `_index_mistakes`."""
    from ..fast_layers import conv_forward_fast

    flipped = np.ascontiguousarray(w[:, :, ::-1, ::-1])
    out = conv_forward_fast(x.copy(), w, b, conv_param)[0]
    every_pixel = conv_forward_fast(x.copy(), w, b, dict(conv_param, stride=1))[0]
    H_out, W_out, stride = out.shape[2], out.shape[3], conv_param["stride"]
    known = {
        "the kernel flipped": conv_forward_fast(x.copy(), flipped, b, conv_param)[0],
        "windows that start every pixel": every_pixel[:, :, :H_out, :W_out],
    }
    if stride > 1:  # the stride forgotten along one axis only
        known["windows that start every pixel along the rows"] = every_pixel[
            :, :, :H_out, ::stride
        ][:, :, :, :W_out]
        known["windows that start every pixel along the columns"] = every_pixel[
            :, :, ::stride, :W_out
        ][:, :, :H_out]
    return {**known, **_index_mistakes(x, w, b, conv_param)}


def _index_mistakes(x, w, b, conv_param):
    """What a wrong index or loop gives: out[n, f] from filter w[n], from image x[f], with
    bias b[n], or from every filter at once (the window times w, not w[f]); each window's
    products averaged instead of summed; loops over output positions that step by the stride
    (only every stride-th position computed, the others left 0)."""
    from ..fast_layers import conv_forward_fast

    N, F = x.shape[0], w.shape[0]
    full = conv_forward_fast(x.copy(), w, np.zeros(F), conv_param)[0]  # (N, F, H_out, W_out)
    bias = b[None, :, None, None]
    stride = conv_param["stride"]
    strided = np.zeros(full.shape)  # the loops over output positions stepping by the stride
    strided[:, :, ::stride, ::stride] = (full + bias)[:, :, ::stride, ::stride]
    known = {
        "the window's sum divided by its size (a mean)": full / w[0].size + bias,
        # A mean over one part of the window: the channels, or each channel's HH x WW area.
        "the window's sum divided by the number of channels": full / w.shape[1] + bias,
        "the window's sum divided by its area": full / (w.shape[2] * w.shape[3]) + bias,
        **({"only every stride-th output position computed": strided} if stride > 1 else {}),
        "every filter at once": np.repeat(full.sum(axis=1, keepdims=True), F, axis=1) + bias,
    }
    if N <= F:
        known["the filter indexed by the image"] = (
            np.stack([np.broadcast_to(full[n, n], full.shape[1:]) for n in range(N)]) + bias
        )
    if F <= N:
        known["the image indexed by the filter"] = (
            np.stack([full[f, f] for f in range(F)], axis=0)[None] + bias
        )
    if N <= F:
        known["the bias indexed by the image"] = full + b[:N, None, None, None]
    known.update(_padding_mistakes(x, w, b, conv_param))
    return known


def _padding_mistakes(x, w, b, conv_param):
    """What padding x with its own values instead of zeros gives (np.pad's other modes)."""
    from ..fast_layers import conv_forward_fast

    pad = int(conv_param.get("pad", 0))
    if pad <= 0 or x.ndim != 4:
        return {}
    known = {}
    for mode in ("edge", "reflect", "symmetric", "wrap"):
        try:
            padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode=mode)
        except ValueError:  # reflect needs a pad smaller than the image
            continue
        known[f"x padded in mode {mode!r}"] = conv_forward_fast(
            np.ascontiguousarray(padded), w, b, dict(conv_param, pad=0)
        )[0]
    return known


def _dx_of_flipped_kernel(x, w, b, conv_param, dout):
    """dx as a backward pass that flips the kernel computes it (provided fast layers)."""
    from ..fast_layers import conv_backward_fast, conv_forward_fast

    flipped = np.ascontiguousarray(w[:, :, ::-1, ::-1])
    _, cache = conv_forward_fast(x.copy(), flipped, b, conv_param)
    return conv_backward_fast(dout.copy(), cache)[0]


def _dx_of_other_crops(x, w, b, conv_param, dout):
    """dx as a crop of the padded input's gradient at another place than pad rows and columns
    in from each side (its top-left corner, its bottom-right one, or anywhere else)."""
    from ..fast_layers import conv_backward_fast, conv_forward_fast

    pad = int(conv_param.get("pad", 0))
    if pad <= 0:
        return {}
    H, W = x.shape[2:]
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    _, cache = conv_forward_fast(np.ascontiguousarray(padded), w, b, dict(conv_param, pad=0))
    dx_pad = conv_backward_fast(dout.copy(), cache)[0]
    known = {}
    for top in range(2 * pad + 1):
        for left in range(2 * pad + 1):
            if (top, left) == (pad, pad):
                continue
            name = {
                (0, 0): "the padded gradient cropped at its top-left corner",
                (2 * pad, 2 * pad): "the padded gradient cropped at its bottom-right corner",
            }.get((top, left), f"the padded gradient cropped from row {top} and column {left}")
            known[name] = dx_pad[:, :, top : top + H, left : left + W]
    return known


def _conv_sizes(x_shape, w_shape, conv_param):
    """The (height, width) of the output, and what known output-size mistakes give."""
    (H, W), (HH, WW) = x_shape[2:], w_shape[2:]
    stride, pad = conv_param["stride"], conv_param["pad"]

    def size(height, width, step=stride, one=1):
        return (one + (height - HH) // step, one + (width - WW) // step)

    right = size(H + 2 * pad, W + 2 * pad)
    return right, {
        "the output size without the padding": size(H, W),
        "the output size with padding on one side only": size(H + pad, W + pad),
        "the output size without the 1 +": size(H + 2 * pad, W + 2 * pad, one=0),
        "the output size without the stride": size(H + 2 * pad, W + 2 * pad, step=1),
    }


# A second input whose sizes tell the output-size mistakes apart (the fixed vector's do not).
CONV_PROBE = ((1, 2, 7, 6), (2, 2, 3, 4), {"stride": 1, "pad": 2})


def _output_shape(function, *args):
    try:
        return np.shape(function(*args)[0])
    except Exception:  # the main case reports the error
        return None


@check(PART, "conv_forward_naive")
def conv_forward_naive():
    from ..fast_layers import conv_forward_fast

    conv = _layers().conv_forward_naive
    (x, w, b, conv_param), expected = vectors.conv_forward_case()
    x_before = x.copy()
    out, _ = unpack("conv_forward_naive", conv(x, w, b, conv_param), 2)
    probe_x_shape, probe_w_shape, probe_param = CONV_PROBE
    rng = fresh_random_state()  # values drawn afresh: no table knows them
    probe = (rng.randn(*probe_x_shape), rng.randn(*probe_w_shape), rng.randn(probe_w_shape[0]))
    probe_shape = (*probe_x_shape[:1], probe_w_shape[0], *_conv_sizes(*CONV_PROBE)[0])
    probe_formulas = _conv_sizes(*CONV_PROBE)[1]
    if np.shape(out) != expected.shape:
        shapes = [np.shape(out), _output_shape(conv, *probe, probe_param)]
        formulas = [_conv_sizes(x.shape, w.shape, conv_param)[1], probe_formulas]
        raise size_failure("out", shapes, [expected.shape, probe_shape], formulas)
    measurements = [
        compare(
            "out",
            out,
            expected,
            TOLERANCES["conv_forward_naive"],
            candidates=_known_mistakes(x_before, w, b, conv_param),
        ),
        requirement("x is not modified", np.array_equal(x, x_before)),
    ]
    # Other sizes (non-square x and w, stride 1, pad 2), against the provided fast layer.
    probe_out = unpack("conv_forward_naive", conv(*probe, probe_param), 2)[0]
    if np.shape(probe_out) != probe_shape:
        raise size_failure("out", [np.shape(probe_out)], [probe_shape], [probe_formulas])
    measurements.append(
        compare(
            f"out for x {probe_x_shape}, w {probe_w_shape}, pad {probe_param['pad']}",
            probe_out,
            conv_forward_fast(*probe, probe_param)[0],
            TOLERANCES["conv_forward_naive"],
            candidates=_known_mistakes(*probe, probe_param),
        )
    )
    dtype = np.asarray(out).dtype
    return then_if_passed(
        measurements,
        lambda: [
            requirement("out keeps x's dtype (float64 here)", dtype == x.dtype),
            _distinct_sizes(conv, rng),
        ],
    )


# An input whose sizes all differ (N, C, F, H, W, HH, WW, H_out, W_out = 2, 5, 6, 7, 9, 4, 3, 8,
# 11), more filters than channels: the fixed vector has C == F == 3 and N == H_out == W_out == 2
# and the probe C == F == 2, where a loop or reshape that takes one size for another passes.
CONV_DISTINCT = ((2, 5, 7, 9), (6, 5, 4, 3), {"stride": 1, "pad": 2})


def _distinct_sizes(conv, rng):
    from ..fast_layers import conv_forward_fast

    x_shape, w_shape, conv_param = CONV_DISTINCT
    x, w, b = rng.randn(*x_shape), rng.randn(*w_shape), rng.randn(w_shape[0])
    expected = conv_forward_fast(x, w, b, conv_param)[0]
    out = unpack("conv_forward_naive", conv(x.copy(), w.copy(), b.copy(), conv_param), 2)[0]
    C, F = x_shape[1], w_shape[0]
    channels_only = expected.copy()
    channels_only[:, C:] = 0.0  # what the loop over the channels, range(C), leaves
    return compare(
        f"out for x {x_shape}, w {w_shape} (all sizes distinct)",
        out,
        expected,
        TOLERANCES["conv_forward_naive"],
        candidates={
            **_known_mistakes(x, w, b, conv_param),
            **({"the filters looped over range(C)": channels_only} if F > C else {}),
        },
    )


# A case whose sizes all differ (N, C, F, H, W, HH, WW, H_out, W_out = 1, 3, 2, 7, 10, 4, 5,
# 6, 8; the others have C == HH, F == H_out or N == C), where a loop or reshape that takes one size
# for another shows; N = 1 keeps its numeric gradients cheap (the others have N > 1).
DISTINCT_BACKWARD = ((1, 3, 7, 10), (2, 3, 4, 5), (1, 2, 6, 8), {"stride": 1, "pad": 1})


@check(PART, "conv_backward_naive")
def conv_backward_naive():
    layers = _layers()
    np.random.seed(231)
    measurements = []
    # The notebook's case (stride 1, pad 1), a strided one with more filters than channels, and
    # one without padding (a crop of the padded gradient must then keep every row and column).
    for x_shape, w_shape, out_shape, conv_param in (
        ((4, 3, 5, 5), (2, 3, 3, 3), (4, 2, 5, 5), {"stride": 1, "pad": 1}),
        ((2, 3, 7, 7), (4, 3, 3, 3), (2, 4, 4, 4), {"stride": 2, "pad": 1}),
        ((2, 2, 5, 4), (3, 2, 3, 2), (2, 3, 3, 3), {"stride": 1, "pad": 0}),
        DISTINCT_BACKWARD,
    ):
        if x_shape == DISTINCT_BACKWARD[0] and not all(m.passed for m in measurements):
            break  # only once the others pass: it adds nothing to what they say
        x, w = np.random.randn(*x_shape), np.random.randn(*w_shape)
        b, dout = np.random.randn(w_shape[0]), np.random.randn(*out_shape)
        check_conv_inputs(x, w, b, conv_param)  # the case itself is valid
        found = backward_measurements(
            layers.conv_forward_naive,
            layers.conv_backward_naive,
            [x, w, b, conv_param],
            dout,
            ["dx", "dw", "db", None],
            TOLERANCES["conv_backward_naive"],
            known={
                "dx": {
                    "the kernel flipped": _dx_of_flipped_kernel(x, w, b, conv_param, dout),
                    **_dx_of_other_crops(x, w, b, conv_param, dout),
                }
            },
            sizes={
                "NHW": out_shape[0] * out_shape[2] * out_shape[3],
                "HW": out_shape[2] * out_shape[3],
            },
        )
        case = f"stride {conv_param['stride']}, pad {conv_param['pad']}"
        if x_shape == DISTINCT_BACKWARD[0]:
            case += f", x {x_shape}, w {w_shape}"
        # Before a gradient's own measurements: the first failing one of an array gives its hint.
        for grad, other in (("dx", "w"), ("dw", "x")):
            if not all(m.passed for m in found if m.label.startswith(grad)):
                measurements += _built_without(layers, x, w, b, conv_param, dout, grad, other, case)
        measurements += [dataclasses.replace(m, label=f"{m.label} ({case})") for m in found]
    return measurements


def _built_without(layers, x, w, b, conv_param, dout, grad, other, case):
    """A failing requirement when ``grad`` (dx or dw), as the backward pass computes it, stays
    the same with ``other`` (w or x) doubled, though it is linear in it (dx in w, dw in x):
    it is then built without ``other``."""
    position = {"dx": 0, "dw": 1}[grad]
    grads = []
    try:
        for scale in (1.0, 2.0):
            inputs = (scale * x, w) if other == "x" else (x, scale * w)
            _, cache = layers.conv_forward_naive(*inputs, b, conv_param)
            got = layers.conv_backward_naive(dout, cache)[position]
            grads.append(np.asarray(got, dtype=np.float64))
    except Exception:  # the measurements of this case already say what is wrong
        return []
    same = grads[0].shape == grads[1].shape and np.allclose(grads[0], grads[1], rtol=1e-12)
    if not same or not np.any(grads[0]):
        return []
    return [
        requirement(f"{grad} changes with {other}: {grad} with {other} doubled ({case})", False)
    ]


def _pool_sizes(x_shape, pool_param):
    """The (height, width) of the output, and what known output-size mistakes give."""
    H, W = x_shape[2:]
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]

    def size(rows, columns, step=stride, one=1):
        return (one + (H - rows) // step, one + (W - columns) // step)

    return size(ph, pw), {
        "the output size without the 1 +": size(ph, pw, one=0),
        "the output size without the stride": size(ph, pw, step=1),
        "the output size with pool_height and pool_width swapped": size(pw, ph),
    }


def _pool_mistakes(x, pool_param):
    """What common mistakes give, from the provided fast layer: windows that start every
    pixel whatever the stride, one maximum over every example and channel at once, and each
    window's largest absolute value."""
    from ..fast_layers import max_pool_forward_fast

    out = max_pool_forward_fast(x.copy(), pool_param)[0]
    every_pixel = max_pool_forward_fast(x.copy(), dict(pool_param, stride=1))[0]
    return {
        "windows that start every pixel": every_pixel[:, :, : out.shape[2], : out.shape[3]],
        "each window's largest absolute value": max_pool_forward_fast(
            np.abs(np.asarray(x, dtype=np.float64)), pool_param
        )[0],
        "one maximum over every example and channel": np.broadcast_to(
            out.max(axis=(0, 1), keepdims=True), out.shape
        ),
    }


def _windows(x, pool_param):
    """Each pooling window of ``x``: ((i, j), (row, col) of its corner, its values)."""
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    H, W = x.shape[2:]
    for i in range(1 + (H - ph) // stride):
        for j in range(1 + (W - pw) // stride):
            row, col = i * stride, j * stride
            yield (i, j), (row, col), x[:, :, row : row + ph, col : col + pw]


def _window_reductions(x, pool_param):
    """out as another reduction of each window than its maximum gives it."""
    x = np.asarray(x, dtype=np.float64)
    known = {}
    for name, reduce in (
        ("each window's mean", np.mean),
        ("each window's sum", np.sum),
        ("each window's minimum", np.min),
    ):
        places = list(_windows(x, pool_param))
        H_out = 1 + max(i for (i, _), _, _ in places)
        W_out = 1 + max(j for (_, j), _, _ in places)
        out = np.zeros((*x.shape[:2], H_out, W_out))
        for (i, j), _, window in places:
            out[:, :, i, j] = reduce(window, axis=(2, 3))
        known[name] = out
    return known


def _dx_without_window_offset(x, pool_param, dout):
    """dx when each maximum's position in its window is used as a position in x (the window's
    corner, i * stride and j * stride, not added): every window's gradient, from the provided
    fast layer on that window alone, added at x's top-left corner."""
    from ..fast_layers import max_pool_backward_fast, max_pool_forward_fast

    x = np.asarray(x, dtype=np.float64)
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    single = {"pool_height": ph, "pool_width": pw, "stride": 1}
    gradient = np.zeros(x.shape)
    for (i, j), _, window in _windows(x, pool_param):
        _, cache = max_pool_forward_fast(np.ascontiguousarray(window), single)
        upstream = dout[:, :, i : i + 1, j : j + 1].copy()
        gradient[:, :, :ph, :pw] += max_pool_backward_fast(upstream, cache)
    return gradient


def _dx_at_first_entries(x, pool_param, dout):
    """dx when every window's gradient goes to its first (top-left) entry, whatever x holds:
    the argmax taken of something constant (the window of dx, zeros so far) instead of x's
    window; the provided fast layer on an input whose values fall along rows and columns."""
    from ..fast_layers import max_pool_backward_fast, max_pool_forward_fast

    N, C, H, W = np.shape(x)
    falling = -np.add.outer(np.arange(H), np.arange(W)) * np.ones((N, C, 1, 1))
    _, cache = max_pool_forward_fast(falling, pool_param)
    return max_pool_backward_fast(np.asarray(dout, dtype=np.float64), cache)


def _dx_of_windows_without_stride(x, pool_param, dout, read_at_stride):
    """dx when each window's gradient goes to the window at row i and column j (not i * stride
    and j * stride): the window's maximum found where the window lies (``read_at_stride``) or
    in the window at (i, j) too; from the provided fast layer on each window alone."""
    from ..fast_layers import max_pool_backward_fast, max_pool_forward_fast

    x = np.asarray(x, dtype=np.float64)
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    single = {"pool_height": ph, "pool_width": pw, "stride": 1}
    gradient = np.zeros(x.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            top, left = (i * stride, j * stride) if read_at_stride else (i, j)
            window = np.ascontiguousarray(x[:, :, top : top + ph, left : left + pw])
            if window.shape[2:] != (ph, pw):
                return None
            _, cache = max_pool_forward_fast(window, single)
            upstream = dout[:, :, i : i + 1, j : j + 1].copy()
            gradient[:, :, i : i + ph, j : j + pw] += max_pool_backward_fast(upstream, cache)
    return gradient


def _stride_mistakes(x, pool_param, dout):
    """``known`` mistakes of max_pool_backward_naive's dx that leave out the stride."""
    known = {}
    for name, read_at_stride in (
        ("the maximum's position offset by i and j, not i * stride and j * stride", True),
        ("windows that start every pixel", False),
    ):
        found = _dx_of_windows_without_stride(x, pool_param, dout, read_at_stride)
        if found is not None:
            known[name] = found
    return known


POOL_PROBE = ((1, 2, 9, 8), {"pool_height": 3, "pool_width": 2, "stride": 2})


@check(PART, "max_pool_forward_naive")
def max_pool_forward_naive():
    from ..fast_layers import max_pool_forward_fast

    pool = _layers().max_pool_forward_naive
    (x, pool_param), expected = vectors.max_pool_forward_case()
    out, _ = unpack("max_pool_forward_naive", pool(x, pool_param), 2)
    probe_x_shape, probe_param = POOL_PROBE
    probe_x = fresh_random_state().randn(*probe_x_shape)  # drawn afresh: no table knows it
    probe_shape = (*probe_x_shape[:2], *_pool_sizes(*POOL_PROBE)[0])
    probe_formulas = _pool_sizes(*POOL_PROBE)[1]
    if np.shape(out) != expected.shape:
        shapes = [np.shape(out), _output_shape(pool, probe_x, probe_param)]
        formulas = [_pool_sizes(x.shape, pool_param)[1], probe_formulas]
        raise size_failure("out", shapes, [expected.shape, probe_shape], formulas)
    measurements = [
        compare(
            "out",
            out,
            expected,
            TOLERANCES["max_pool_forward_naive"],
            candidates={**_pool_mistakes(x, pool_param), **_window_reductions(x, pool_param)},
        )
    ]
    # Other sizes (non-square, overlapping windows), against the provided fast layer.
    probe_out = unpack("max_pool_forward_naive", pool(probe_x.copy(), probe_param), 2)[0]
    if np.shape(probe_out) != probe_shape:
        raise size_failure("out", [np.shape(probe_out)], [probe_shape], [probe_formulas])
    window = f"{probe_param['pool_height']}x{probe_param['pool_width']}"
    measurements.append(
        compare(
            f"out for x {probe_x_shape}, pool {window}, stride {probe_param['stride']}",
            probe_out,
            max_pool_forward_fast(probe_x.copy(), probe_param)[0],
            TOLERANCES["max_pool_forward_naive"],
            candidates={
                **_pool_mistakes(probe_x, probe_param),
                **_window_reductions(probe_x, probe_param),
            },
        )
    )
    dtype = np.asarray(out).dtype
    return then_if_passed(
        measurements,
        lambda: [
            requirement("out keeps x's dtype (float64 here)", dtype == x.dtype),
            _pool_distinct_sizes(pool),
        ],
    )


# An input whose sizes all differ (N, C, H, W, H_out, W_out = 2, 3, 11, 8, 5, 4): the fixed
# vector has N == H_out == W_out == 2 and the probe H_out == W_out == 4.
POOL_DISTINCT = ((2, 3, 11, 8), {"pool_height": 3, "pool_width": 2, "stride": 2})


def _pool_distinct_sizes(pool):
    from ..fast_layers import max_pool_forward_fast

    x_shape, pool_param = POOL_DISTINCT
    x = fresh_random_state().randn(*x_shape)
    out = unpack("max_pool_forward_naive", pool(x.copy(), pool_param), 2)[0]
    return compare(
        f"out for x {x_shape} (all sizes distinct)",
        out,
        max_pool_forward_fast(x.copy(), pool_param)[0],
        TOLERANCES["max_pool_forward_naive"],
        candidates={**_pool_mistakes(x, pool_param), **_window_reductions(x, pool_param)},
    )


@check(PART, "max_pool_backward_naive")
def max_pool_backward_naive():
    layers = _layers()
    np.random.seed(231)
    measurements = []
    # The notebook's 2x2/2 case, then overlapping 2x3 windows with stride 2, then (once those
    # pass) one whose sizes all differ (N, C, H, W, H_out, W_out = 2, 3, 8, 5, 6, 4: in the
    # others H == W, or H_out == C), where a loop that takes one size for another shows.
    for x_shape, out_shape, pool_param in (
        ((3, 2, 8, 8), (3, 2, 4, 4), {"pool_height": 2, "pool_width": 2, "stride": 2}),
        ((2, 3, 6, 9), (2, 3, 3, 4), {"pool_height": 2, "pool_width": 3, "stride": 2}),
        ((2, 3, 8, 5), (2, 3, 6, 4), {"pool_height": 3, "pool_width": 2, "stride": 1}),
    ):
        if x_shape == (2, 3, 8, 5) and not all(m.passed for m in measurements):
            break
        x, dout = np.random.randn(*x_shape), np.random.randn(*out_shape)
        check_pool_inputs(x.shape, pool_param)  # the case itself is valid
        found = backward_measurements(
            layers.max_pool_forward_naive,
            layers.max_pool_backward_naive,
            [x, pool_param],
            dout,
            ["dx", None],
            TOLERANCES["max_pool_backward_naive"],
            known={
                "dx": {
                    "the window's corner not added": _dx_without_window_offset(x, pool_param, dout),
                    "every window's gradient at its first entry": _dx_at_first_entries(
                        x, pool_param, dout
                    ),
                    **_stride_mistakes(x, pool_param, dout),
                }
            },
            sizes={"window": pool_param["pool_height"] * pool_param["pool_width"]},
        )
        window = f"{pool_param['pool_height']}x{pool_param['pool_width']}"
        # Before dx's own measurements: the first failing one of an array gives its hint.
        if any(
            m.label.startswith("dx")
            and not m.passed
            and all(s.kind == "some entries" for s in m.symptoms)
            for m in found
        ):
            measurements += _gradient_in_its_window(layers, x, pool_param, dout, window)
        measurements += [dataclasses.replace(m, label=f"{m.label} ({window})") for m in found]
    return measurements


def _gradient_in_its_window(layers, x, pool_param, dout, window):
    """A failing requirement when dx, though wrong, gives each window (windows that do not
    overlap) exactly its dout in total and nothing outside the windows: each window's gradient
    lands in its own window, but not at its maximum."""
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    if stride < ph or stride < pw:  # overlapping windows share entries
        return []
    try:
        _, cache = layers.max_pool_forward_naive(x.copy(), pool_param)
        dx = np.asarray(layers.max_pool_backward_naive(dout.copy(), cache), dtype=np.float64)
    except Exception:  # the measurements already say what is wrong
        return []
    if dx.shape != x.shape:
        return []
    covered = np.zeros(x.shape, dtype=bool)
    for (i, j), (row, col), _ in _windows(x, pool_param):
        totals = dx[:, :, row : row + ph, col : col + pw].sum(axis=(2, 3))
        if not np.allclose(totals, dout[:, :, i, j], rtol=1e-9, atol=1e-12):
            return []
        covered[:, :, row : row + ph, col : col + pw] = True
    if np.any(dx[~covered]):
        return []
    return [requirement(f"dx at each window's maximum, not elsewhere in it ({window})", False)]


# --------------------------------------------------------------------------------------------
# Spatial batch normalization and group normalization
# --------------------------------------------------------------------------------------------


def _channels_last(out, C):
    """(N, C, H, W) -> (N*H*W, C), so per-channel statistics are along axis 0."""
    return np.asarray(out, dtype=np.float64).transpose(0, 2, 3, 1).reshape(-1, C)


@check(PART, "spatial_batchnorm_forward")
def spatial_batchnorm_forward():
    forward = _layers().spatial_batchnorm_forward
    np.random.seed(231)
    N, C, H, W = 2, 3, 4, 5
    x = 4 * np.random.randn(N, C, H, W) + 10
    gamma, beta = np.asarray([3.0, 4.0, 5.0]), np.asarray([6.0, 7.0, 8.0])
    out, _ = unpack(
        "spatial_batchnorm_forward", forward(x, np.ones(C), np.zeros(C), {"mode": "train"}), 2
    )
    dtype = same_dtype("out", out, x)
    as_array("out", out, x.shape)
    measurements = standardized_measurements(
        "out (gamma=1, beta=0)", _channels_last(out, C), 0, 0.0, 1.0, (N * H * W, C)
    )
    # Standardized channels are not enough: each entry of out must come from the entry of x in
    # its place, so within a channel out rises with x exactly (correlation 1).
    measurements = then_if_passed(measurements, lambda: [_in_place_per_channel(x, out, C)])
    bn_param = {"mode": "train"}
    out, _ = forward(x, gamma, beta, bn_param)
    per_channel = (1, C, 1, 1)
    measurements.insert(
        0, raw_input_used(out, x, gamma.reshape(per_channel), beta.reshape(per_channel))
    )
    measurements += standardized_measurements(
        "out (gamma, beta)", _channels_last(out, C), 0, beta, gamma, (N * H * W, C)
    )
    measurements.append(
        compare(
            "bn_param['running_mean'] after a train step",
            bn_param.get("running_mean"),
            0.1 * _channels_last(x, C).mean(axis=0),
            TOLERANCES["spatial_batchnorm_forward"],
        )
    )
    # Test mode with the running averages that train step stored, on the first columns of x:
    # the expected out is data (computed on the instructor's side, see known_statistics).
    bn_param["mode"] = "test"
    columns = x[:, :, :, : SPATIAL_BATCHNORM_TEST_MODE["columns"]]
    out, _ = forward(columns, gamma, beta, bn_param)
    expected = np.asarray(SPATIAL_BATCHNORM_TEST_MODE["out"])
    measurements.append(
        compare("test-mode out", out, expected, TOLERANCES["spatial_batchnorm_forward"])
    )
    return then_if_passed(measurements, lambda: [dtype])


def _in_place_per_channel(x, out, C):
    """1 - correlation of x and out within each channel (0 when out is x standardized in place)."""
    inputs, outputs = _channels_last(x, C).T, _channels_last(out, C).T
    return deviation(
        "out per channel in x's order: 1 - correlation(x, out)",
        np.asarray([1 - np.corrcoef(a, b)[0, 1] for a, b in zip(inputs, outputs)]),
        0.0,
        1e-9,
    )


def _spatial_backward_inputs(gamma_shape):
    np.random.seed(231)
    N, C, H, W = 2, 6, 4, 5
    x = 5 * np.random.randn(N, C, H, W) + 12
    gamma, beta = np.random.randn(*gamma_shape), np.random.randn(*gamma_shape)
    dout = np.random.randn(N, C, H, W)
    return x, gamma, beta, dout


@check(PART, "spatial_batchnorm_backward")
def spatial_batchnorm_backward():
    layers = _layers()
    x, gamma, beta, dout = _spatial_backward_inputs((6,))
    # A known mistake: rows of (N*H*W, C) taken from dout without moving the channel axis last.
    unordered = {"dout reshaped without moving the channel axis last": dout.reshape(-1, 6).sum(0)}
    return backward_measurements(
        layers.spatial_batchnorm_forward,
        layers.spatial_batchnorm_backward,
        [x, gamma, beta, {"mode": "train"}],
        dout,
        ["dx", "dgamma", "dbeta", None],
        TOLERANCES["spatial_batchnorm_backward"],
        known=scale_in_gradients(
            gamma, {"dbeta": unordered, "dx": gamma_products(gamma.reshape(1, -1, 1, 1))}
        ),
        upstreams={
            **gamma_upstreams(dout, gamma.reshape(1, -1, 1, 1)),
            **reordered_upstreams(dout),
        },
        sizes={"HW": x.shape[2] * x.shape[3]},
    )


def group_mistakes(layers, x, G, eps=1e-5):
    """What spatial group normalization gives (with gamma = 1 and beta = 0) with three known
    mistakes in forming the groups, each ``{mistake: out}``: groups across the batch (x as G
    rows, each mixing the examples), each example as one group, each channel as its own group.
    Each row of those is normalized by ``layers.layernorm_forward`` (the student's own here,
    the reference in the hidden grader); ``{}`` when it raises. A mistake that gives the right
    groups for these sizes (N = 1, G = 1, G = C) is left out."""
    x = np.asarray(x, dtype=np.float64)
    N, C = x.shape[:2]

    def normalized(rows):
        groups = x.reshape(rows, -1)
        ones, zeros = np.ones(groups.shape[1]), np.zeros(groups.shape[1])
        out, _ = layers.layernorm_forward(groups, ones, zeros, {"eps": eps})
        return np.asarray(out, dtype=np.float64).reshape(x.shape)

    mistakes = (
        ("groups across the batch", G),
        ("each example as one group", N),
        ("each channel as its own group", N * C),
    )
    rows_of = [rows for _, rows in mistakes] + [N * G]
    # Two mistakes that give the same groups for these sizes (N = G, say) are not told apart.
    try:
        return {mistake: normalized(rows) for mistake, rows in mistakes if rows_of.count(rows) == 1}
    except Exception:  # noqa: BLE001 - candidates only: the student's layer norm may be unfinished
        return {}


def _group_statistics(outs, N, G):
    """The mean and std of each of the N * G groups of each out of ``outs`` (a mistake -> out)."""
    means = {m: out.reshape(N * G, -1).mean(axis=1) for m, out in outs.items()}
    stds = {m: out.reshape(N * G, -1).std(axis=1) for m, out in outs.items()}
    return means, stds


@check(PART, "spatial_groupnorm_forward")
def spatial_groupnorm_forward():
    layers = _layers()
    forward = layers.spatial_groupnorm_forward
    np.random.seed(231)
    N, C, H, W, G = 2, 6, 4, 5, 2
    x = 4 * np.random.randn(N, C, H, W) + 10
    measurements = []
    ones, zeros = np.ones((1, C, 1, 1)), np.zeros((1, C, 1, 1))
    out, _ = unpack("spatial_groupnorm_forward", forward(x, ones, zeros, G, {}), 2)
    dtype = same_dtype("out", out, x)
    groups = as_array("out", out, x.shape).reshape(N * G, -1)
    means, stds = _group_statistics(group_mistakes(layers, x, G), N, G)
    measurements += standardized_measurements(
        "out per group (gamma=1, beta=0)", groups, 1, 0.0, 1.0, groups.shape, stds, means
    )
    # Standardized groups are not enough: each entry of out must come from the entry of x in
    # its place, so within a group out rises with x exactly (correlation 1).
    inputs = x.reshape(N * G, -1)

    def uncorrelated(rows):
        return np.asarray([1 - np.corrcoef(a, b)[0, 1] for a, b in zip(inputs, rows)])

    # Known mistakes that standardize each group but not as one (each channel on its own).
    known = {
        mistake: uncorrelated(wrong.reshape(N * G, -1))
        for mistake, wrong in group_mistakes(layers, x, G).items()
    }
    measurements.append(
        deviation(
            "out per group in x's order: 1 - correlation(x, out)",
            uncorrelated(groups),
            0.0,
            1e-9,
            candidates=known,
        )
    )
    gamma = np.random.rand(1, C, 1, 1) + 0.5
    beta = np.random.randn(1, C, 1, 1)
    for groups_count in (2, 3):
        out, _ = forward(x, gamma, beta, groups_count, {})
        if groups_count == 2:
            measurements.insert(0, raw_input_used(out, x, gamma, beta))
        x_hat = (np.asarray(out, dtype=np.float64) - beta) / gamma
        rows = x_hat.reshape(N * groups_count, -1)
        means, stds = _group_statistics(group_mistakes(layers, x, groups_count), N, groups_count)
        measurements += standardized_measurements(
            f"(out - beta) / gamma per group (G={groups_count})",
            rows,
            1,
            0.0,
            1.0,
            rows.shape,
            stds,
            means,
        )
    return then_if_passed(measurements, lambda: [dtype])


def group_axis_mistakes(layers, x, gamma, groups_count, dout, eps=1e-5):
    """``known`` mistakes of spatial_groupnorm_backward: dx when the rows of (N*G, group size)
    go through ``layers.batchnorm_backward_alt`` (statistics over the rows, axis 0) with the
    cache of ``layers.layernorm_forward`` (over each row). ``layers`` is the module whose
    functions the mistake calls: the student's own here, the reference in the hidden grader."""
    try:
        x, dout = np.asarray(x, dtype=np.float64), np.asarray(dout, dtype=np.float64)
        rows = x.reshape(x.shape[0] * groups_count, -1)
        if rows.shape[0] < 2:
            return {"dx": {}}
        ones, zeros = np.ones(rows.shape[1]), np.zeros(rows.shape[1])
        _, cache = layers.layernorm_forward(rows, ones, zeros, {"eps": eps})
        dx_hat = (dout * np.asarray(gamma, dtype=np.float64)).reshape(rows.shape)
        wrong = layers.batchnorm_backward_alt(dx_hat, cache)[0]
        return {"dx": {"the batch-norm closed form over the group rows": wrong.reshape(x.shape)}}
    except Exception:  # noqa: BLE001 - a candidate only: the student's functions may be unfinished
        return {"dx": {}}


@check(PART, "spatial_groupnorm_backward")
def spatial_groupnorm_backward():
    layers = _layers()
    x, gamma, beta, dout = _spatial_backward_inputs((1, 6, 1, 1))
    measurements = []
    for G in (2, 3):
        found = backward_measurements(
            layers.spatial_groupnorm_forward,
            layers.spatial_groupnorm_backward,
            [x, gamma, beta, G, {}],
            dout,
            ["dx", "dgamma", "dbeta", None, None],
            TOLERANCES["spatial_groupnorm_backward"],
            known=scale_in_gradients(
                gamma,
                {
                    "dx": {
                        **gamma_products(gamma),
                        **group_axis_mistakes(layers, x, gamma, G, dout)["dx"],
                    }
                },
            ),
            upstreams=gamma_upstreams(dout, gamma),
        )
        measurements += [dataclasses.replace(m, label=f"{m.label} (G={G})") for m in found]
    return measurements


# --------------------------------------------------------------------------------------------
# ThreeLayerConvNet
# --------------------------------------------------------------------------------------------


def conv_net(*args, **kwargs):
    return module("classifiers.cnn").ThreeLayerConvNet(*args, **kwargs)


@check(PART, "ThreeLayerConvNet.__init__")
def three_layer_init():
    np.random.seed(231)
    measurements = []
    for dtype in (np.float32, np.float64):
        model = conv_net(
            input_dim=(3, 16, 12),
            num_filters=20,
            filter_size=5,
            hidden_dim=60,
            num_classes=20,
            weight_scale=2e-2,
            dtype=dtype,
        )
        shapes = {
            "W1": (20, 3, 5, 5),
            "b1": (20,),
            "W2": (20 * 8 * 6, 60),
            "b2": (60,),
            "W3": (60, 20),
            "b3": (20,),
        }
        _pooled_size_mistakes(model, shapes["W2"], num_filters=20, height=16, width=12)
        measurements += init_measurements(model, shapes, 2e-2, dtype)
    return then_if_passed(measurements, _even_filter_init_measurements)


def _even_filter_init_measurements():
    """An even filter size: the conv still keeps the input's height and width (the provided
    padding gives it one more row and column), so W2 is as for an odd one."""
    model = conv_net(input_dim=(3, 16, 12), num_filters=4, filter_size=4, hidden_dim=10)
    params = getattr(model, "params", None)
    shape = np.shape(params.get("W2")) if isinstance(params, dict) else None
    return [requirement("params['W2'] (filter_size=4) has shape (192, 10)", shape == (192, 10))]


def _pooled_size_mistakes(model, expected, num_filters, height, width):
    """A W2 whose first size is the pooled height (or width) used twice, on a non-square
    input: fails naming it."""
    params = getattr(model, "params", None)
    shape = np.shape(params.get("W2")) if isinstance(params, dict) else None
    for mistake, rows in (
        ("the height used twice", num_filters * (height // 2) ** 2),
        ("the width used twice", num_filters * (width // 2) ** 2),
    ):
        if shape == (rows, expected[1]) and rows != expected[0]:
            symptom = diagnose.shape_symptom(shape, expected)
            raise CheckFailed(
                f"params['W2'] has shape {shape}, expected {tuple(expected)}",
                "params['W2']",
                [dataclasses.replace(symptom, names=(*symptom.names, mistake))],
            )


@check(PART, "ThreeLayerConvNet.loss")
def three_layer_loss():
    np.random.seed(231)
    N, input_dim, C = 8, (3, 16, 16), 10
    X, y = np.random.randn(N, *input_dim), np.random.randint(C, size=N)
    model = conv_net(
        input_dim=input_dim,
        num_filters=8,
        filter_size=3,
        hidden_dim=20,
        weight_scale=1e-3,
        dtype=np.float64,
    )
    measurements = [
        requirement("loss(X) returns scores of shape (N, C)", np.shape(model.loss(X)) == (N, C))
    ]
    measurements += initial_loss_measurements(model, X, y, C)

    num_inputs, input_dim = 2, (3, 8, 8)
    X, y = np.random.randn(num_inputs, *input_dim), np.random.randint(C, size=num_inputs)
    model = conv_net(
        input_dim=input_dim,
        num_filters=3,
        filter_size=3,
        hidden_dim=7,
        weight_scale=5e-2,
        dtype=np.float64,
    )
    measurements += model_gradient_measurements(
        model, X, y, TOLERANCES["ThreeLayerConvNet.loss"], h=1e-6
    )
    measurements += regularization_measurements(model, X, y, 0.5)
    # With reg > 0 the weight gradients include the regularization's (model.reg is 0.5 here).
    measurements += model_gradient_measurements(
        model, X, y, TOLERANCES["ThreeLayerConvNet.loss"], " (reg=0.5)", h=1e-6
    )

    return then_if_passed(
        measurements, lambda: _even_filter_measurements(C) + _distinct_size_measurements()
    )


def _distinct_size_measurements():
    """Inputs whose sizes all differ (N, C, H, W, F, hidden, classes = 5, 3, 14, 10, 7, 11, 6;
    above, H == W and N == F or C == F): the scores' shape and the initial loss, with a
    generator of its own (the draws above stay as they were)."""
    N, input_dim, classes = 5, (3, 14, 10), 6
    rng = np.random.RandomState(232)
    X, y = rng.randn(N, *input_dim), rng.randint(classes, size=N)
    model = conv_net(
        input_dim=input_dim,
        num_filters=7,
        filter_size=3,
        hidden_dim=11,
        num_classes=classes,
        weight_scale=1e-3,
        dtype=np.float64,
    )
    label = f"loss(X) for X {X.shape}, 7 filters, 11 hidden units, 6 classes"
    shape = requirement(
        f"{label} returns scores of shape (N, C)", np.shape(model.loss(X)) == (N, 6)
    )
    return [shape, *initial_loss_measurements(model, X, y, classes)]


def _even_filter_measurements(C):
    """An even filter size: the provided padding gives it one more row and column of zeros,
    so the conv still keeps the spatial size and W2 still fits."""
    num_inputs, input_dim = 2, (3, 8, 8)
    X, y = np.random.randn(num_inputs, *input_dim), np.random.randint(C, size=num_inputs)
    model = conv_net(
        input_dim=input_dim,
        num_filters=2,
        filter_size=4,
        hidden_dim=5,
        weight_scale=5e-2,
        dtype=np.float64,
    )
    shape = requirement(
        "loss(X) with filter_size=4 returns scores of shape (N, C)",
        np.shape(model.loss(X)) == (num_inputs, C),
    )
    return [shape] + model_gradient_measurements(
        model, X, y, TOLERANCES["ThreeLayerConvNet.loss"], " (filter size 4)", h=1e-6
    )
