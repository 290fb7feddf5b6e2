"""Hints from exceptions, key lists and state not written back (cs231n.exception_hints).

Student code is simulated by functions compiled with the file name of a student file (their
source registered with linecache, as Python does for a file on disk); the last tests run the
mechanism where it is used: the local grader's `run_check` and the hidden grader's sandbox.
"""

import shutil
from pathlib import Path

import numpy as np
import pytest

from cs231n import exception_hints
from cs231n.exception_hints import (
    clean_facts,
    crash_hints,
    exception_facts,
    failure_hints,
    key_hints,
)
from cs231n.grading import FAILED, PASSED, Check, all_checks, run_check

ROOT = Path(__file__).resolve().parent.parent
STUDENT = "/course/cs231n/layers.py"
NET = "/course/cs231n/classifiers/cnn.py"
PROVIDED = "/course/cs231n/layer_utils.py"
CHECKING = "/course/cs231n/grading/checks_fake.py"


def raised(function, *args):
    try:
        function(*args)
    except Exception as error:
        return error
    raise AssertionError("expected an exception")


def hints_of(function, *args, check=""):
    return crash_hints(raised(function, *args), check)


def test_builtin_max_on_an_array(files):
    code = files(STUDENT, "def relu_forward(x):\n    out = max(x, 0)\n    return out\n")
    found = hints_of(code["relu_forward"], np.ones((3, 4)), check="relu_forward")
    assert len(found) == 1 and "Python's built-in max" in found[0] and "np.maximum" in found[0]


def test_if_on_an_array(files):
    code = files(STUDENT, "def f(x):\n    if x > 0:\n        return x\n    return 0\n")
    assert "got an array as its condition" in hints_of(code["f"], np.ones(3))[0]


def test_float_size_computed_with_a_division(files):
    source = (
        "def conv(x, stride):\n"
        "    H_out = 1 + (x.shape[0] - 1) / stride\n"
        "    for i in range(H_out):\n"
        "        pass\n"
    )
    code = files(STUDENT, source)
    [hint] = hints_of(code["conv"], np.ones(5), 2)
    assert hint.startswith("H_out is a float (3.0): computed with /")


def test_float_size_not_from_a_division_says_only_what_is_certain(files):
    code = files(STUDENT, "def f(n):\n    return np.zeros(n * 0.5)\n")
    [hint] = hints_of(code["f"], 4)
    assert "computed with" not in hint and "an integer" in hint


def test_none_from_the_cache_names_the_forward_function(files):
    source = (
        "def dropout_backward(dout, cache):\n"
        "    dropout_param, mask = cache\n"
        "    return dout * mask\n"
    )
    code = files(STUDENT, source)
    [hint] = hints_of(code["dropout_backward"], np.ones(3), ({}, None))
    assert hint.startswith(
        "mask is None: it comes from cache, which holds None in that place; dropout_forward"
    )


def test_a_cache_from_another_forward_function(files):
    utils = files(
        PROVIDED,
        "def affine_relu_backward(dout, cache):\n    fc_cache, relu_cache = cache\n",
    )
    net = files(
        NET,
        "def loss(d):\n    cache2 = (1, 2, 3)\n    return affine_relu_backward(d, cache2)\n",
        affine_relu_backward=utils["affine_relu_backward"],
    )
    found = hints_of(net["loss"], 0)
    assert found[0].startswith(
        "affine_relu_backward got cache2, a cache of 3 items, and unpacks 2: in loss, cache2 was "
        "not made by affine_relu_forward"
    )


def test_matrix_product_names_both_operands_and_the_sizes_that_differ(files):
    code = files(STUDENT, "def affine_backward(dout, w):\n    return dout @ w\n")
    [hint] = hints_of(code["affine_backward"], np.ones((4, 5)), np.ones((3, 5)))
    assert hint.startswith("in dout @ w, dout has shape (4, 5) and w has shape (3, 5)")
    assert "dout's last axis (5) to equal w's first axis (3)" in hint


def test_broadcast_names_the_operands_and_the_axis(files):
    code = files(STUDENT, "def f(x, mean):\n    return (x - mean) * 2\n")
    [hint] = hints_of(code["f"], np.ones((4, 3)), np.ones(4))
    assert hint.startswith("x has shape (4, 3) and mean has shape (4,): they disagree in axis 1")


def test_a_broadcast_between_two_products_names_no_operand_it_cannot_be_sure_of(files):
    # Set H's H22: the velocity (4,) against dw (4, 5); "config['learning_rate'] has shape
    # (4,)" was named, a wrong hint (the unknown-shaped factor of either product may be a number).
    code = files(
        STUDENT, "def f(v, dw, config):\n    return config['mu'] * v - config['lr'] * dw\n"
    )
    hints = hints_of(code["f"], np.zeros(4), np.ones((4, 5)), {"mu": 0.9, "lr": 0.1})
    assert not any("config['lr'] has shape" in hint for hint in hints), hints
    assert not any("config['mu'] has shape" in hint for hint in hints), hints


def test_a_cache_unpacked_in_another_order_than_it_was_packed(files):
    from cs231n.checks import check_dout

    code = files(
        STUDENT,
        "def scale_backward(dout, cache):\n"
        "    factor, x = cache\n"
        "    check_dout('scale_backward', dout, np.shape(x), '(shape of x)')\n"
        "    return dout * factor\n",
        check_dout=check_dout,
    )
    [hint] = hints_of(code["scale_backward"], np.ones((3, 4)), (np.ones((3, 4)), 2.0))
    assert "unpacked in another order than scale_forward packed them" in hint, hint


def test_a_reduction_without_keepdims(files):
    source = "def f(x):\n    mean = x.mean(axis=1)\n    return x - mean\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((4, 3)))
    assert found[1].startswith("mean comes from x.mean over axis 1 without keepdims=True")
    source = "def f(x):\n    return np.exp(x) / np.sum(np.exp(x), axis=1)\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((4, 3)))
    assert found[0].startswith("np.exp(x) has shape (4, 3) and np.sum(np.exp(x), axis=1) has")
    assert found[1].startswith("np.sum(np.exp(x), axis=1) comes from np.sum over axis 1")
    source = "def f(x):\n    return x - np.log(x.sum(axis=1))\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((4, 3)))
    assert found[1].startswith("np.log(x.sum(axis=1)) comes from x.sum over axis 1")
    source = "def f(x):\n    mean = x.mean(axis=0)\n    return x - mean[:2]\n"
    assert len(hints_of(files(STUDENT, source)["f"], np.ones((4, 3)))) <= 1  # not that


def test_padding_mistakes_of_a_convolution(files):
    source = (
        "def conv_forward_naive(x, w):\n"
        "    x_pad = np.pad(x, 1)\n"
        "    window = x_pad[0, :, 0:3, 0:3]\n"
        "    return window * w[0]\n"
    )
    found = hints_of(
        files(STUDENT, source)["conv_forward_naive"], np.ones((2, 3, 4, 4)), np.ones((2, 3, 3, 3))
    )
    assert any("np.pad padded axes 0, 1, 2 and 3" in h for h in found), found
    source = (
        "def conv_backward_naive(x, dw):\n"
        "    x_pad = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))\n"
        "    dw[0] += x[0, :, 2:5, 2:5]\n"
    )
    found = hints_of(
        files(STUDENT, source)["conv_backward_naive"], np.ones((2, 3, 4, 4)), np.zeros((2, 3, 3, 3))
    )
    assert any(h.startswith("the window is sliced from x, the input before padding") for h in found)


def test_list_index_past_the_end(files):
    code = files(STUDENT, "def f(dims):\n    for i in range(1, 4):\n        dims[i]\n")
    [hint] = hints_of(code["f"], [1, 2, 3])
    assert hint == "dims[i]: the index is 3, but dims is a list of 3 entries (indices 0 to 2)"


def test_in_place_update_and_slice_assignment_name_both_shapes(files):
    code = files(STUDENT, "def f(db, dout):\n    db += dout\n    return db\n")
    [hint] = hints_of(code["f"], np.zeros(3), np.ones((2, 3)))
    assert hint.startswith("db += ...: db has shape (3,) but the value has shape (2, 3)")
    code = files(STUDENT, "def f(out, x):\n    out[0, :2] = x\n")
    [hint] = hints_of(code["f"], np.zeros((2, 3)), np.ones(3))
    assert hint.startswith("out[0, :2] = x: the slice has shape (2,) but the value has shape (3,)")


def test_python_and_numpy_calls_that_take_other_arguments(files):
    code = files(STUDENT, "import math\ndef f(x):\n    return math.exp(x)\n")
    assert hints_of(code["f"], np.ones(3))[0].startswith("math.exp works on one number")
    code = files(STUDENT, "def f(a, b):\n    return np.zeros(a, b)\n")
    assert hints_of(code["f"], 2, 3)[0].startswith("np.zeros takes the shape as one tuple")
    code = files(STUDENT, "def f(a, b):\n    return np.random.randn((a, b))\n")
    assert "separate numbers" in hints_of(code["f"], 2, 3)[0]


def test_unbound_name_and_a_tuple_used_as_an_array(files):
    source = (
        "def dropout_forward(x, mode):\n    if mode == 'train':\n        out = x\n    return out\n"
    )
    code = files(STUDENT, source)
    [hint] = hints_of(code["dropout_forward"], 1, "test")
    assert hint.startswith("out is read in dropout_forward before any value was given to it")
    code = files(
        STUDENT,
        "def relu_forward(x):\n    return x, x\n"
        "def loss(x):\n    h = relu_forward(x)\n    return h * 0.5\n",
    )
    [hint] = hints_of(code["loss"], 1.0)
    assert hint.startswith("h is a tuple of 2 items, what relu_forward returns")
    code = files(STUDENT, "def f(x):\n    shape = np.shape(x)\n    return shape * 0.5\n")
    assert hints_of(code["f"], np.ones(3)) == []  # a tuple that is not a layer's result


def test_a_reshape_to_another_size_names_the_array_and_its_shape(files):
    code = files(STUDENT, "def f(x, N):\n    return x.reshape(N, 4)\n")
    [hint] = hints_of(code["f"], np.ones((2, 3)), 2)
    assert hint.startswith("x has shape (2, 3), 6 entries, and cannot be reshaped to (2,4)")


def test_python_type_mistakes(files):
    code = files(STUDENT, "def f(params, i):\n    return params['W' + i]\n")
    assert hints_of(code["f"], {}, 1)[0].startswith("a str and an int were joined with +")
    code = files(STUDENT, "def f_backward(dout, cache):\n    return dout * cache['x']\n")
    assert hints_of(code["f_backward"], 1, (1, 2))[0].startswith("cache is a tuple of 2 items")
    code = files(STUDENT, "def loss(params):\n    return params['W0']\n")
    assert hints_of(code["loss"], {"W1": 1}, check="FullyConnectedNet.loss")[0].startswith(
        "the layers' parameters are numbered from 1"
    )
    code = files(STUDENT, "def f(x):\n    return np.zeros(x, x, x, x)\n")
    assert hints_of(code["f"], 2)[0].startswith("np.zeros takes the shape as one tuple")
    code = files(STUDENT, "def f(x):\n    return np.random.rand(x.shape) < 0.5\n")
    assert "separate numbers" in hints_of(code["f"], np.ones((2, 3)))[0]


def test_numbers_written_into_a_boolean_or_integer_array(files):
    source = "def f(x):\n    dx = x > 0\n    dx[np.arange(2), 1] -= dx.sum(axis=1)\n    return dx\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((2, 3)))
    assert found[0].startswith("dx is a boolean array") and "astype" in found[0]
    source = "def f(x):\n    mask = x > 0\n    return np.divide(mask, 2, out=mask)\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((2, 3)))
    assert found[0].startswith("an in-place operation (divide) writes numbers into a boolean")
    source = "def f(y):\n    counts = np.zeros(3, dtype=int)\n    counts /= y.size\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones(3))
    assert found[0].startswith("an in-place operation (divide) writes fractional numbers")
    source = "def f(x):\n    return (x > 0) - (x > 1)\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones(3))
    assert found[0].startswith("numpy does not subtract boolean arrays")
    # A float array written into another float array raises nothing to explain.
    source = "def f(x):\n    raise TypeError('Cannot cast ufunc add output')\n"
    assert hints_of(files(STUDENT, source)["f"], np.ones(3)) == []


WINDOW = np.arange(4.0).reshape(2, 2)


def test_a_flat_argmax_used_as_a_row_index(files):
    source = (
        "def max_pool_backward_naive(window, dx):\n"
        "    idx = np.argmax(window)\n"
        "    dx[idx, 0] = 1\n"
    )
    found = hints_of(files(STUDENT, source)["max_pool_backward_naive"], WINDOW, np.ones((2, 2)))
    assert found[0].startswith("idx comes from np.argmax without an axis")
    source = source.replace("np.argmax(window)", "np.argmax(window, axis=0)[0] + 5")
    found = hints_of(files(STUDENT, source)["max_pool_backward_naive"], WINDOW, np.ones((2, 2)))
    assert not any("argmax" in h for h in found)


def test_a_gradient_allocated_with_douts_shape(files):
    source = (
        "def max_pool_backward_naive(dout, x):\n"
        "    dx = np.zeros_like(dout)\n"
        "    dx[0, 3] += dout[0, 1]\n"
    )
    code = files(STUDENT, source)["max_pool_backward_naive"]
    found = hints_of(code, np.ones((2, 2)), np.ones((4, 4)), check="max_pool_backward_naive")
    assert found == [
        "dx has dout's shape, (2, 2), not x's, (4, 4): dx is the gradient of x, so it is "
        "allocated with x's shape (indices into x run past the end of an array of dout's size)"
    ]
    # dx of x's shape: the index itself runs too far, and the allocation is not blamed.
    found = hints_of(code, np.ones((2, 2)), np.ones((2, 2)), check="max_pool_backward_naive")
    assert found and not any("dout's shape" in h for h in found)
    # A broadcast while writing into it is explained the same way (after the shapes it names).
    source = (
        "def conv_backward_naive(dout, x):\n    dx = np.zeros_like(dout)\n    dx[0, :] += x[0]\n"
    )
    code = files(STUDENT, source)["conv_backward_naive"]
    found = hints_of(code, np.ones((2, 2)), np.ones((2, 3)), check="conv_backward_naive")
    assert any(h.startswith("dx has dout's shape, (2, 2), not x's, (2, 3)") for h in found)


# ---------------------------------------------------------------------------- f20x: set F's classes


def test_caret_is_xor_not_a_power(files):
    code = files("/course/cs231n/optim.py", "def rmsprop(w, dw):\n    return w - dw ^ 2\n")
    [hint] = hints_of(code["rmsprop"], np.ones(3), np.ones(3))
    assert hint.startswith("^ is bitwise xor in Python, not a power") and "**" in hint
    # an error about ^ on a line without ^ gets no such hint
    other = files(STUDENT, "def f(x):\n    return np.bitwise_xor(x, 2)\n")
    assert not any("xor" in h for h in hints_of(other["f"], np.ones(3)))


@pytest.mark.parametrize(
    "line, expected",
    [
        ("np.maximum(x, axis=1)", "np.maximum is elementwise"),
        ("np.maximum(x, 0, axis=1)", "np.maximum is elementwise"),
        ("np.minimum(x, axis=0)", "np.min(a, axis=...)"),
        ("np.add(x, axis=0)", "np.sum(a, axis=...)"),
    ],
)
def test_an_elementwise_function_used_as_a_reduction(files, line, expected):
    code = files(STUDENT, f"def f(x):\n    return {line}\n")
    [hint] = hints_of(code["f"], np.ones((2, 3)))
    assert expected in hint and "takes no axis" in hint


def test_a_whole_array_assigned_to_one_entry(files):
    source = "def conv(out, window, w, b):\n    out[0, 1] = np.sum(window * w[1]) + b\n"
    code = files(STUDENT, source)
    [hint] = hints_of(code["conv"], np.zeros((2, 3)), np.ones(4), np.ones((3, 4)), np.ones(3))
    assert hint.startswith("out[0, 1] is one entry (one number), but the value uses b, a whole")
    # two whole arrays on the line: which one is meant is not certain, no hint
    two = files(STUDENT, "def g(out, a, b):\n    out[0, 1] = a + b\n")
    assert hints_of(two["g"], np.zeros((2, 3)), np.ones(3), np.ones(3)) == []
    # a slice of out is not one entry
    part = files(STUDENT, "def h(out, b):\n    out[0, 1:2] = [b, b]\n")
    assert not any("one entry" in h for h in hints_of(part["h"], np.zeros((2, 3)), np.ones(3)))


def test_a_tuple_of_caches_given_to_a_backward_pass(files):
    layer = files(
        STUDENT,
        "def dropout_backward(dout, cache):\n"
        "    dropout_param, mask = cache\n"
        "    return dout * np.asarray(mask)\n",
    )
    net = files(
        NET,
        "def loss(dout, caches):\n    return dropout_backward(dout, caches[0])\n",
        dropout_backward=layer["dropout_backward"],
    )
    # a tuple kept in a cache on purpose (a shape) is not blamed on the cache
    affine = files(
        "/course2/cs231n/layers.py",
        "def affine_backward(dout, cache):\n"
        "    w, x_shape = cache\n"
        "    return np.reshape(dout @ w.T, x_shape) + np.ones(x_shape[::-1])\n",
    )
    error = raised(affine["affine_backward"], np.ones((2, 3)), (np.ones((4, 3)), (2, 4)))
    found = crash_hints(error, "affine_backward")
    assert found and not any("holds other caches" in h for h in found)
    pair = ((np.ones((2, 3)), np.ones(3)), (np.ones((2, 3)), np.ones((2, 3))))
    found = hints_of(net["loss"], np.ones((2, 3)), [(pair[0], pair)])
    assert found and found[0].startswith(
        "mask, unpacked from the cache dropout_backward got, is a tuple of 2 items where "
        "dropout_forward stores an array: that cache (caches[0]) holds other caches"
    )


def test_index_arrays_that_do_not_pair_up(files):
    softmax = files(
        STUDENT, "def softmax_loss(x, y):\n    N = x.shape[1]\n    return x[np.arange(N), y]\n"
    )
    [hint] = hints_of(softmax["softmax_loss"], np.ones((6, 4)), np.zeros(6, dtype=int))
    assert hint.startswith("np.arange(N) has 4 entries and y has 6") and "columns" in hint
    pool = files(
        STUDENT,
        "def pool(dx, rows, cols):\n"
        "    n_idx, c_idx = np.meshgrid(np.arange(3), np.arange(2))\n"
        "    dx[n_idx, c_idx, rows, cols] += 1\n",
    )
    index = np.zeros((3, 2), dtype=int)
    [hint] = hints_of(pool["pool"], np.zeros((3, 2, 4, 4)), index, index)
    assert hint.startswith("n_idx and c_idx come from np.meshgrid with indexing='xy'")
    # the same grids with indexing='ij' of the wrong sizes: only what the shapes show
    other = files(
        STUDENT,
        "def pool(dx, rows, cols):\n"
        "    n_idx, c_idx = np.meshgrid(np.arange(2), np.arange(3), indexing='ij')\n"
        "    dx[n_idx, c_idx, rows, cols] += 1\n",
    )
    [hint] = hints_of(other["pool"], np.zeros((3, 3, 4, 4)), index, index)
    assert hint.startswith("the arrays indexing dx together (n_idx, c_idx, rows and cols)")


def test_arrays_handed_over_partly_transposed(files):
    code = files(
        STUDENT,
        "def batchnorm_backward_alt(dout, cache):\n"
        "    x_hat, inv_std = cache\n"
        "    return inv_std * (dout - x_hat)\n"
        "def layernorm_backward(dout, x_hat, inv_std):\n"
        "    return batchnorm_backward_alt(dout.T, (x_hat.T, inv_std))\n",
    )
    arrays = np.ones((4, 5)), np.ones((4, 5)), np.ones((4, 1))
    found = hints_of(code["layernorm_backward"], *arrays)
    assert found[0].startswith(
        "layernorm_backward hands batchnorm_backward_alt dout.T and x_hat.T transposed but "
        "inv_std as it is, shape (4, 1)"
    )


CHECKS_PY = "/course/cs231n/checks.py"


def _checks(files):
    return files(
        CHECKS_PY,
        "def check_norm_inputs(x, gamma, layer):\n"
        "    if gamma.shape != (x.shape[1],):\n"
        "        raise ValueError(f'{layer}: gamma and beta must have shape ({x.shape[1]},), '\n"
        "                         f'got {gamma.shape} and {gamma.shape}')\n"
        "def check_has_key(params, key, name):\n"
        "    if key not in params:\n"
        "        keys = sorted(params)\n"
        "        raise ValueError(f'{name} is missing the key {key!r} (got keys {keys})')\n",
    )


def test_a_norm_layer_refusing_gamma_of_another_length(files):
    checks = _checks(files)
    layers = files(
        STUDENT,
        "def layernorm_forward(x, gamma):\n"
        "    check_norm_inputs(x, gamma, 'layernorm')\n"
        "def batchnorm_forward(x, gamma):\n"
        "    check_norm_inputs(x, gamma, 'batchnorm')\n"
        "def spatial_groupnorm_forward(x, G):\n"
        "    groups = x.reshape(x.shape[0] * G, -1)\n"
        "    layernorm_forward(groups, np.ones(groups.shape[0]))\n"
        "def spatial_batchnorm_forward(x, gamma):\n"
        "    x_rows = x.transpose(0, 2, 3, 1).reshape(-1, x.shape[-1])\n"
        "    batchnorm_forward(x_rows, gamma)\n",
        check_norm_inputs=checks["check_norm_inputs"],
    )
    [hint] = hints_of(layers["spatial_groupnorm_forward"], np.ones((2, 6, 4, 5)), 2)
    assert hint.startswith("layernorm_forward got x of shape (4, 60) and gamma and beta of")
    assert "x's number of rows" in hint
    [hint] = hints_of(layers["spatial_batchnorm_forward"], np.ones((2, 3, 4, 5)), np.ones(3))
    assert hint.startswith("spatial_batchnorm_forward hands batchnorm_forward rows of 5 values")
    assert "width W" in hint
    # called directly, with no function of yours around it: only the sizes
    [hint] = hints_of(layers["batchnorm_forward"], np.ones((4, 5)), np.ones(3))
    assert hint.startswith("batchnorm_forward got x with 5 columns and gamma and beta of length 3")


def test_param_dicts_swapped_or_mixed_up(files):
    checks = _checks(files)
    net = files(
        NET,
        "def conv_relu_pool(conv_param, pool_param):\n"
        "    check_has_key(conv_param, 'pad', 'conv_param')\n"
        "def loss(conv_param, pool_param):\n"
        "    conv_relu_pool(pool_param, conv_param)\n"
        "def loss_same(conv_param, pool_param):\n"
        "    conv_relu_pool(pool_param, pool_param)\n",
        check_has_key=checks["check_has_key"],
    )
    conv, pool = {"stride": 1, "pad": 1}, {"pool_height": 2, "pool_width": 2, "stride": 2}
    found = hints_of(net["loss"], conv, pool)
    assert found[0].startswith(
        "the dict passed as conv_param holds pool_param's keys (pool_height, pool_width and "
        "stride): pool_param was given where conv_param belongs; in loss, the call's"
    )
    found = hints_of(net["loss_same"], conv, pool)
    assert "belongs" in found[0] and "swapped" not in found[0]
    # a conv_param missing its pad but holding no pool keys: not a mix-up
    assert hints_of(net["loss"], {"stride": 1}, {"stride": 1}) == []


def test_layernorm_run_as_batchnorm_is_named_only_in_a_layernorm_check():
    facts = {
        "type": "ValueError",
        "message": "batchnorm: mode must be 'train' or 'test', got None",
        "frames": [{"role": "student", "file": "fc_net.py", "function": "F.loss", "line": "x"}],
    }
    found = exception_hints.exception_hints(facts, "FullyConnectedNet.loss[layernorm]")
    assert found and "batch norm instead of layer norm" in found[0]
    assert exception_hints.exception_hints(facts, "FullyConnectedNet.loss[batchnorm]") == []


def _upstream(got, expected, line, kinds, source="", function="Net.loss"):
    return {
        "type": "ValueError",
        "message": f"dout has shape {got}, expected {expected}",
        "frames": [
            {
                "role": "student",
                "file": "cnn.py",
                "function": function,
                "line": line,
                "kinds": kinds,
                "source": source,
            },
            {"role": "provided", "file": "fast_layers.py", "function": "_check_dout", "line": "r"},
        ],
    }


def test_the_upstream_gradient_a_backward_call_gets():
    line = "_, dw = conv_backward(dpooled, cache1)"
    kinds = {"pooled": "array (2, 3, 4, 4)", "dpooled": "array (2, 48)"}
    [hint] = exception_hints.exception_hints(_upstream((2, 48), (2, 3, 4, 4), line, kinds))
    assert hint.startswith("conv_backward got dpooled of shape (2, 48): the same 96 numbers")
    assert "(pooled, shape (2, 3, 4, 4), here)" in hint
    # another output's gradient
    message = "relu_backward: dout must have the shape of the forward output (shape of x) = "
    facts = _upstream(
        (2, 5),
        (2, 7),
        "dx, dw = relu_backward(dscores, cache)",
        {"scores": "array (2, 5)", "dscores": "array (2, 5)", "dhidden": "array (2, 7)"},
    )
    facts["message"] = message + "(2, 7), got (2, 5)"
    found = exception_hints.exception_hints(facts)
    assert found[0].startswith("Net.loss passes dscores (shape (2, 5)), the gradient of the")
    # the same dout in a loop that never assigns it
    source = (
        "def loss(self, X):\n    dout = X\n    for i in range(3):\n"
        "        dx = relu_backward(dout, cache)\n    return dx\n"
    )
    facts = _upstream(
        (2, 5), (2, 7), "dx = relu_backward(dout, cache)", {"dout": "array (2, 5)"}, source
    )
    facts["message"] = message + "(2, 7), got (2, 5)"
    found = exception_hints.exception_hints(facts)
    assert found[0].startswith("dout, the upstream gradient relu_backward gets in a loop of")
    # its result stored under another name
    facts = _upstream(
        (2, 5),
        (2, 7),
        "dprev, dw = relu_backward(dout, cache)",
        {"dout": "array (2, 5)", "dprev": "array (2, 7)"},
    )
    facts["message"] = message + "(2, 7), got (2, 5)"
    found = exception_hints.exception_hints(facts)
    assert found[0].startswith("Net.loss passes dout to relu_backward but stores the gradient")


def test_a_key_without_the_loop_variable_and_gamma_without_normalization(files):
    net = files(
        "/course/cs231n/classifiers/fc_net.py",
        "def loss(params, grads, L):\n"
        "    for i in range(1, L + 1):\n"
        "        W = params[f'W{L}']\n"
        "        grads[f'W{i}'] += W\n",
    )
    params = {"W1": np.ones((2, 3)), "W2": np.ones((3, 4))}
    found = hints_of(net["loss"], params, {k: v.copy() for k, v in params.items()}, 2)
    assert found[0].startswith("W is params[f'W{L}'] on every pass of the loop over i")
    facts = {
        "type": "KeyError",
        "message": "'gamma1'",
        "frames": [
            {
                "role": "student",
                "file": "fc_net.py",
                "function": "F.loss",
                "line": "g = self.params[f'gamma{i}']",
                "kinds": {"self.bn_params": "list 0"},
            }
        ],
    }
    found = exception_hints.exception_hints(facts, "FullyConnectedNet.loss")
    assert found[0].startswith("gamma1 is read from self.params in a check with normalization=None")
    assert not any(
        "only with normalization" in h
        for h in exception_hints.exception_hints(facts, "FullyConnectedNet.loss[batchnorm]")
    )


def test_a_deep_chain_of_provided_frames_keeps_the_student_frame(files):
    chain = files(
        PROVIDED,
        "def p1(d):\n    return p2(d)\ndef p2(d):\n    return p3(d)\ndef p3(d):\n    return p4(d)\n"
        "def p4(d):\n    return p5(d)\ndef p5(d):\n    return p6(d)\ndef p6(d):\n    return p7(d)\n"
        "def p7(d):\n    return d['missing']\n",
    )
    net = files(NET, "def loss(d):\n    return p1(d)\n", p1=chain["p1"])
    facts = exception_facts(raised(net["loss"], {}))
    assert len(facts["frames"]) == exception_hints.MAX_FRAMES
    assert facts["frames"][0]["function"] == "loss" and facts["frames"][-1]["function"] == "p7"


def test_code_written_for_one_number_of_dimensions(files):
    code = files(
        STUDENT,
        "def affine_forward(x, w):\n    return x.reshape(len(x), x.shape[1] * x.shape[3]) @ w\n"
        "def affine_unpacked(x):\n    N, C, H, W = x.shape\n    return N\n",
    )
    found = hints_of(code["affine_forward"], np.ones((2, 6)), np.ones((6, 3)))
    assert found[0].startswith("x.shape[3]: x has 2 axes here (shape (2, 6))")
    assert "any number of dimensions" in found[1]
    found = hints_of(code["affine_unpacked"], np.ones((2, 6)))
    assert found[0].startswith("N, C, H, W = x.shape: x has 2 axes here (shape (2, 6)), not 4")


def test_running_averages_not_kept_in_the_models_bn_params():
    check = "FullyConnectedNet.loss[batchnorm]"
    [hint] = failure_hints(check, "self.bn_params[1] has no 'running_var' after train-mode loss")
    assert hint.startswith("self.bn_params[1] has no running_var after train-mode calls")
    assert "a copy of the dict, or a new one" in hint
    message = "test-time scores do not change when self.bn_params[0]['running_mean'] does"
    [hint] = failure_hints(check, message)
    assert hint.startswith("test-mode scores ignore the running averages in self.bn_params")


def test_a_constructor_that_seeds_the_generator_itself():
    message = "FullyConnectedNet draws the same W1 after np.random.seed(1) and after np.random"
    [hint] = failure_hints("FullyConnectedNet.__init__", message + ".seed(2)")
    assert "np.random.seed in __init__" in hint


def test_an_unknown_exception_gets_no_hint(files):
    code = files(STUDENT, "def f(x):\n    raise RuntimeError('something else')\n")
    assert hints_of(code["f"], 1) == []


def test_an_exception_of_checking_code_is_not_blamed_on_the_student(files):
    student = files(STUDENT, "def relu_forward(x):\n    return x\n")
    checking = files(
        CHECKING,
        "def check():\n    out = relu_forward(np.ones(3))\n    return max(out, 0)\n",
        relu_forward=student["relu_forward"],
    )
    error = raised(checking["check"])
    assert exception_facts(error) is None and crash_hints(error) == []
    # ... nor when student code calls checking code that raises
    calls_checking = files("/course/cs231n/optim.py", "def sgd(f):\n    return f()\n")
    error = raised(calls_checking["sgd"], checking["check"])
    assert exception_facts(error) is None
    # ... nor when no student file is in the traceback at all
    assert exception_facts(raised(lambda: max(np.ones(3), 0))) is None


def test_a_check_whose_own_code_raises_names_the_exception_without_a_hint(files):
    student = files(STUDENT, "def relu_forward(x):\n    return np.maximum(x, 0)\n")
    checking = files(
        CHECKING,
        "def run():\n    out = relu_forward(-np.ones(3))\n    return [max(out, 0)]\n",
        relu_forward=student["relu_forward"],
    )
    result = run_check(Check("FullyConnectedNets", "relu_forward", checking["run"]))
    assert result.status == FAILED and result.hints == []
    assert result.message.startswith("ValueError: The truth value of an array")


def test_facts_from_a_child_are_read_as_text_only(files):
    code = files(STUDENT, "def relu_forward(x):\n    out = max(x, 0)\n")
    facts = exception_facts(raised(code["relu_forward"], np.ones(3)))
    assert clean_facts(facts)["frames"][-1]["function"] == "relu_forward"
    forged = dict(facts, message="x" * 10**6)
    forged["frames"] = [dict(facts["frames"][-1], function="f\nhint: forged", line=42)]
    cleaned = clean_facts(forged)
    assert len(cleaned["message"]) == exception_hints.MAX_TEXT
    assert "\n" not in cleaned["frames"][0]["function"] and cleaned["frames"][0]["line"] == ""
    for garbage in (None, [], "text", {"frames": "x"}, {"frames": [1]}, {"frames": []}):
        assert clean_facts(garbage) is None and exception_hints.exception_hints(garbage) == []
    # a student name that reaches a sentence stays on one line
    forged = dict(facts, type="ValueError", message="too many values to unpack (expected 2)")
    forged["frames"] = [
        {"role": "student", "file": "cnn.py", "function": "loss\rhint: x", "line": "f(d, cache2)"},
        {
            "role": "provided",
            "file": "layer_utils.py",
            "function": "affine_relu_backward",
            "line": "a, b = cache",
            "kinds": {"cache": "tuple 3"},
        },
    ]
    found = exception_hints.exception_hints(forged, "ThreeLayerConvNet.loss")
    assert found and all("\n" not in h and "\r" not in h for h in found)
    # source too deep for the parser: no hint from it, no exception
    forged["frames"][-1].update(line="-" * 290 + "1", source="-" * 7990 + "1")
    assert isinstance(exception_hints.exception_hints(forged, "ThreeLayerConvNet.loss"), list)


def test_a_notebook_shows_the_hints_under_the_traceback(files, capsys):
    from IPython.core.interactiveshell import InteractiveShell

    from cs231n import notebook_utils

    shell = InteractiveShell.instance()
    try:
        notebook_utils._install_exception_hints()
        code = files(STUDENT, "def relu_forward(x):\n    out = max(x, 0)\n    return out\n")
        shell.user_ns.update(relu_forward=code["relu_forward"], np=np)
        shell.run_cell("relu_forward(np.ones(3))")
        shell.run_cell("max(np.ones(3), 0)")  # the notebook's own code: a traceback alone
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()
    out = capsys.readouterr().out
    assert out.count("truth value of an array") == 2 and out.count("hint:") == 1
    # The hint follows the first traceback and comes before the second (IPython's colours and
    # layout differ between versions, so only the order of the messages is compared).
    first_error = out.index("truth value of an array")
    second_error = out.index("truth value of an array", first_error + 1)
    hint = out.index("hint:")
    assert first_error < hint < second_error
    assert "Python's built-in max" in out[hint:second_error]


# --------------------------------------------------------------------------------------------
# Key lists and state
# --------------------------------------------------------------------------------------------

PLAIN = ["W1", "W2", "W3", "b1", "b2", "b3"]
NORMED = PLAIN + ["gamma1", "gamma2", "beta1", "beta2"]


@pytest.mark.parametrize(
    "actual, expected, check, hint",
    [
        (NORMED, PLAIN, "FullyConnectedNet.__init__", "should not exist: with normalization=None"),
        (
            PLAIN + ["gamma1", "beta1"],
            NORMED,
            "FullyConnectedNet.__init__[batchnorm]",
            "gamma2 and beta2 missing: each of the 2 hidden layers",
        ),
        (
            PLAIN,
            NORMED,
            "FullyConnectedNet.__init__[layernorm]",
            "missing with normalization='layernorm'",
        ),
        (
            NORMED + ["gamma3", "beta3"],
            NORMED,
            "FullyConnectedNet.__init__[batchnorm]",
            "gamma3/beta3 should not exist: the last affine layer",
        ),
        (
            ["W1", "W2", "b1", "b2"],
            PLAIN,
            "FullyConnectedNet.__init__",
            "W3 and b3 missing: the net has len(hidden_dims) + 1 = 3 affine layers",
        ),
        (
            PLAIN + ["W4", "b4"],
            PLAIN,
            "FullyConnectedNet.__init__",
            "W4 and b4 should not exist",
        ),
        (["W0", "W1", "W2", "b0", "b1", "b2"], PLAIN, "FullyConnectedNet.__init__", "from 1"),
    ],
)
def test_parameter_keys(actual, expected, check, hint):
    found = key_hints("params", actual, expected, check)
    assert any(hint in h for h in found), found


def test_gradient_keys_and_messages_of_the_checks():
    message = f"grads (reg=0.0) has keys {sorted(PLAIN)}, expected {sorted(NORMED)}"
    [hint] = failure_hints("FullyConnectedNet.loss[batchnorm]", message)
    assert hint.startswith("grads has no gamma1, gamma2, beta1 and beta2: every parameter")
    [hint] = key_hints("grads", [k for k in NORMED if k != "W1"] + ["dW1"], NORMED)
    assert hint.startswith("grads has dW1: its keys are the parameters' own names")
    [hint] = key_hints("grads", NORMED + ["W4", "scores"], NORMED)
    assert hint.startswith("grads has W4, which are not in self.params")  # named keys only
    assert key_hints("grads", NORMED, NORMED) == [] and key_hints("params", PLAIN, PLAIN) == []
    for message in (
        "bn_param['running_mean'] after a train step is None (did you forget ...)",
        "spatial_batchnorm_forward did not update bn_param['running_mean']",
    ):
        [hint] = failure_hints("spatial_batchnorm_forward", message)
        assert hint.startswith("bn_param['running_mean'] is not set after the call")
    assert failure_hints("relu_forward", "out has shape (3,), expected (4,)") == []


# --------------------------------------------------------------------------------------------
# Where the hints are used
# --------------------------------------------------------------------------------------------

CHECKS = {c.name: c for c in all_checks()}
EXERCISED = (
    "relu_forward",
    "max_pool_forward_naive",
    "dropout_backward",
    "TwoLayerNet.loss",
    "FullyConnectedNet.__init__",
    "FullyConnectedNet.__init__[batchnorm]",
    "FullyConnectedNet.loss[batchnorm]",
    "spatial_batchnorm_forward",
)


@pytest.mark.parametrize("name", EXERCISED)
def test_the_reference_solution_gets_no_hint(name):
    result = run_check(CHECKS[name])
    assert result.status == PASSED and result.hints == [], result.summary()


MUTATIONS = {  # a student file's line -> a mistake, with the hint its check must give
    "relu_forward": (
        "cs231n/layers.py",
        "    out = np.maximum(x, 0)\n",
        "    out = max(x, 0)\n",
        "Python's built-in max",
    ),
    "dropout_backward": (
        "cs231n/layers.py",
        "    cache = (dropout_param, mask)\n",
        "    cache = (dropout_param, None)\n",
        "mask is None: it comes from cache",
    ),
    "FullyConnectedNet.__init__[batchnorm]": (
        "cs231n/classifiers/fc_net.py",
        "            if normalization is not None and i < self.num_layers:\n",
        "            if normalization is not None:\n",
        "gamma3/beta3 should not exist",
    ),
    "spatial_batchnorm_forward": (
        "cs231n/layers.py",
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, dict(bn_param))\n",
        "into the bn_param dict that was passed in",
    ),
}


def test_the_hidden_grader_gives_the_same_hints(tmp_path):
    """Facts come from the sandboxed child; the parent turns them into hint lines."""
    from sandbox_support import isolation_or_skip
    from shared_builds import build_checks, release_tree

    from cs231n.grading.isolation import Limits
    from instructor.grader.grade import grade_submission
    from instructor.grader.sandbox import Workspace

    workspace = Workspace(release_tree(ROOT), isolation_or_skip())
    try:
        checks = [c for c in build_checks(seed=5) if c.name in MUTATIONS]
        submission = tmp_path / "student"
        for relpath in ("cs231n/layers.py", "cs231n/classifiers/fc_net.py"):
            (submission / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / relpath, submission / relpath)
        for relpath, old, new, _ in MUTATIONS.values():
            path = submission / relpath
            text = path.read_text()
            assert text.count(old) == 1
            path.write_text(text.replace(old, new))
        limits = Limits(wall=10.0, cpu=60.0, memory_mb=2048)
        result = grade_submission("student", submission, checks, workspace, limits=limits)
    finally:
        workspace.remove()
    messages = {r.name: r.message for r in result.results}
    for name, (_, _, _, hint) in MUTATIONS.items():
        lines = messages[name].splitlines()
        assert any(line.startswith("hint: ") and hint in line for line in lines), messages[name]


def test_an_argument_of_init_read_in_another_method(files):
    source = (
        "class Net:\n"
        "    def __init__(self, reg):\n"
        "        self.reg = reg\n"
        "    def loss(self, W):\n"
        "        return 0.5 * reg * (W * W).sum()\n"
    )
    code = files(NET, source)
    [hint] = hints_of(code["Net"](0.1).loss, np.ones(3))
    assert hint.startswith("reg is not a name in Net.loss") and "self.reg" in hint


def test_a_value_of_the_forward_pass_read_in_the_backward_pass(files):
    source = (
        "def layernorm_backward(dout, cache):\n"
        "    x_hat, gamma = cache\n"
        "    return dout * gamma / std\n"
    )
    code = files(STUDENT, source)
    [hint] = hints_of(code["layernorm_backward"], np.ones(3), (np.ones(3), np.ones(3)))
    assert hint.startswith("std is not defined in layernorm_backward: a backward pass has only")
    assert "layernorm_forward computes reaches it only through the cache" in hint


def test_an_undefined_name_close_to_a_local_one_is_a_typo(files):
    code = files(STUDENT, "def f(x):\n    total = x.sum()\n    return totl\n")
    [hint] = hints_of(code["f"], np.ones(3))
    assert hint.startswith("totl is not defined in f: is it total")


def test_an_undefined_name_elsewhere_gets_no_guess(files):
    code = files(STUDENT, "def f(x):\n    return x * scale\n")
    assert hints_of(code["f"], np.ones(3)) == []


def test_argmax_over_a_tuple_of_axes(files):
    source = "def pool(x):\n    return np.argmax(x, axis=(1, 2))\n"
    code = files(STUDENT, source)
    [hint] = hints_of(code["pool"], np.ones((2, 3, 3)))
    assert hint.startswith("np.argmax takes one axis (an int), not a tuple of axes")


def test_a_max_over_an_empty_window(files):
    source = (
        "def pool(x, size):\n"
        "    out = np.zeros(2)\n"
        "    for i in range(2):\n"
        "        out[i:] = x[3 * i + size : 3 * i + 2 * size].max()\n"
        "    return out\n"
    )
    code = files(STUDENT, source)
    [hint] = hints_of(code["pool"], np.ones(5), 2)
    assert hint.startswith("the maximum runs over an empty slice of x")


def test_a_spatial_layer_hands_the_layer_it_is_built_on_its_own_gamma(files):
    layers = files(
        STUDENT,
        "def layernorm_forward(x, gamma, beta, ln_param):\n"
        "    check_norm_inputs(x, gamma, beta, 'layernorm')\n"
        "def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):\n"
        "    rows = x.reshape(x.shape[0] * G, -1)\n"
        "    return layernorm_forward(rows, gamma, beta, gn_param)\n",
        check_norm_inputs=__import__("cs231n.checks").checks.check_norm_inputs,
    )
    gamma = np.ones((1, 4, 1, 1))
    [hint] = hints_of(
        layers["spatial_groupnorm_forward"], np.ones((2, 4, 3, 3)), gamma, gamma, 2, {}
    )
    assert hint.startswith(
        "spatial_groupnorm_forward hands layernorm_forward its own gamma and beta, of shape "
        "(1, 4, 1, 1), but layernorm_forward takes one value per feature of the rows it "
        "normalizes, shape (18,)"
    )
