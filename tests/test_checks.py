"""cs231n.checks: the provided input checks return nothing and name what is wrong."""

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from cs231n import checks, fast_layers
from cs231n import layers as L

GOOD_CALLS = [
    (checks.check_windows_tile, (7, 3, 1, 2, "conv height")),
    (checks.check_affine_inputs, (np.zeros((2, 3, 4)), np.zeros((12, 5)), np.zeros(5))),
    (checks.check_scores_and_labels, (np.zeros((3, 4)), np.array([0, 3, 1]), "svm_loss")),
    (checks.check_batchnorm_inputs, (np.zeros((4, 3)), np.ones(3), np.zeros(3), {"mode": "test"})),
    (checks.check_dropout_param, ({"p": 1.0, "mode": "train"},)),
    (
        checks.check_conv_inputs,
        (np.zeros((1, 3, 5, 5)), np.zeros((2, 3, 3, 3)), np.zeros(2), {"stride": 2, "pad": 1}),
    ),
    (checks.check_pool_inputs, ((1, 3, 6, 4), {"pool_height": 2, "pool_width": 2, "stride": 2})),
    (
        checks.check_groupnorm_inputs,
        (np.zeros((2, 6, 3, 3)), np.ones((1, 6, 1, 1)), np.zeros((1, 6, 1, 1)), 3),
    ),
    (checks.check_affine_dout, (np.zeros((2, 5)), np.zeros((2, 3, 4)), np.zeros((12, 5)))),
    (checks.check_relu_dout, (np.zeros((2, 3)), np.zeros((2, 3)))),
    (checks.check_dropout_dout, (np.zeros((2, 3)), None)),
    (
        checks.check_conv_dout,
        (
            np.zeros((1, 2, 3, 3)),
            np.zeros((1, 3, 5, 5)),
            np.zeros((2, 3, 3, 3)),
            {"stride": 2, "pad": 1},
        ),
    ),
    (
        checks.check_pool_dout,
        (
            np.zeros((1, 3, 2, 1)),
            np.zeros((1, 3, 4, 2)),
            {"pool_height": 2, "pool_width": 2, "stride": 2},
        ),
    ),
    (
        checks.check_update_inputs,
        (
            "adam",
            np.zeros(3),
            np.ones(3),
            {"t": 2, "m": np.zeros(3)},
            ("learning_rate", "t"),
            ("m",),
        ),
    ),
    (checks.check_float_dtype, (np.float32, "FullyConnectedNet")),
]


@pytest.mark.parametrize("check, args", GOOD_CALLS, ids=[c.__name__ for c, _ in GOOD_CALLS])
def test_checks_return_nothing_for_valid_inputs(check, args):
    assert check(*args) is None  # no output size or padded input for the student to reuse


@pytest.mark.parametrize(
    "size, window, pad, stride, message",
    [
        (
            6,
            3,
            1,
            2,
            r"conv height: \(input 6 \+ 2\*pad 1 - window 3\) = 5 is not divisible by "
            r"stride 2; the windows do not tile the input",
        ),
        (2, 5, 0, 1, "conv height: a window of 5 does not fit an input of 2 with pad 0"),
        (4, 2, 0, 0, r"conv height: need stride >= 1, pad >= 0 and window >= 1 \(got stride=0"),
    ],
)
def test_windows_that_do_not_tile_are_named(size, window, pad, stride, message):
    with pytest.raises(ValueError, match=message):
        checks.check_windows_tile(size, window, pad, stride, "conv height")


def test_pool_keys_and_tiling_are_checked():
    with pytest.raises(ValueError, match="pool_param is missing the key 'stride'"):
        checks.check_pool_inputs((1, 1, 4, 4), {"pool_height": 2, "pool_width": 2})
    with pytest.raises(ValueError, match="max pool width"):
        checks.check_pool_inputs((1, 1, 4, 5), {"pool_height": 2, "pool_width": 2, "stride": 2})


def test_checks_import_only_numpy():
    tree = ast.parse(Path(checks.__file__).read_text("utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"numpy"}


# --------------------------------------------------------------------------------------------
# Issue 14, item 7: inputs that used to be accepted silently (or failed deep inside NumPy) get
# one ValueError naming the argument, and change nothing.
# --------------------------------------------------------------------------------------------


def conv_case():
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((2, 3, 5, 5)), rng.standard_normal((4, 3, 3, 3)), np.zeros(4)
    return x, w, b


def test_conv_backward_naive_refuses_dout_of_the_wrong_shape():
    x, w, b = conv_case()
    out, cache = L.conv_forward_naive(x, w, b, {"stride": 1, "pad": 1})
    assert out.shape == (2, 4, 5, 5)
    with pytest.raises(
        ValueError,
        match=r"conv_backward_naive: dout must have the shape of the forward output "
        r"\(N, F, H_out, W_out\) = \(2, 4, 5, 5\), got \(2, 4, 3, 3\)",
    ):
        L.conv_backward_naive(np.ones((2, 4, 3, 3)), cache)


def backward_cases():
    """(backward, cache, dout of the right shape, dout of a wrong shape, message)."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 6))
    w, b = rng.standard_normal((6, 3)), np.zeros(3)
    images = rng.standard_normal((2, 3, 4, 4))
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    gamma, beta = np.ones(6), np.zeros(6)
    channel_gamma, channel_beta = np.ones(3), np.zeros(3)
    group_gamma, group_beta = np.ones((1, 3, 1, 1)), np.zeros((1, 3, 1, 1))
    bn_cache = L.batchnorm_forward(x, gamma, beta, {"mode": "train"})[1]
    return {
        "affine_backward": (
            L.affine_backward,
            L.affine_forward(x, w, b)[1],
            (4, 3),
            (3, 4),
            r"affine_backward: dout .* \(N, M\) = \(4, 3\), got \(3, 4\)",
        ),
        "relu_backward": (
            L.relu_backward,
            L.relu_forward(x)[1],
            (4, 6),
            (4, 1),
            r"relu_backward: dout .* = \(4, 6\), got \(4, 1\)",
        ),
        "dropout_backward": (
            L.dropout_backward,
            L.dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 0})[1],
            (4, 6),
            (1, 6),
            r"dropout_backward: dout .* = \(4, 6\), got \(1, 6\)",
        ),
        "max_pool_backward_naive": (
            L.max_pool_backward_naive,
            L.max_pool_forward_naive(images, pool_param)[1],
            (2, 3, 2, 2),
            (2, 3, 4, 4),
            r"max_pool_backward_naive: dout .* = \(2, 3, 2, 2\), got \(2, 3, 4, 4\)",
        ),
        "batchnorm_backward": (
            L.batchnorm_backward,
            bn_cache,
            (4, 6),
            (4, 6, 1),
            r"batchnorm_backward: dout must have shape \(N, D\), got shape \(4, 6, 1\)",
        ),
        "batchnorm_backward_alt": (
            L.batchnorm_backward_alt,
            bn_cache,
            (4, 6),
            (24,),
            r"batchnorm_backward_alt: dout must have shape \(N, D\)",
        ),
        "layernorm_backward": (
            L.layernorm_backward,
            L.layernorm_forward(x, gamma, beta, {})[1],
            (4, 6),
            (24,),
            r"layernorm_backward: dout must have shape \(N, D\)",
        ),
        "spatial_batchnorm_backward": (
            L.spatial_batchnorm_backward,
            L.spatial_batchnorm_forward(images, channel_gamma, channel_beta, {"mode": "train"})[1],
            (2, 3, 4, 4),
            (2, 48),
            r"spatial_batchnorm_backward: dout must have shape \(N, C, H, W\)",
        ),
        "spatial_groupnorm_backward": (
            L.spatial_groupnorm_backward,
            L.spatial_groupnorm_forward(images, group_gamma, group_beta, 3, {})[1],
            (2, 3, 4, 4),
            (2, 48),
            r"spatial_groupnorm_backward: dout must have shape \(N, C, H, W\)",
        ),
    }


@pytest.mark.parametrize("name", sorted(backward_cases()))
def test_every_backward_pass_refuses_dout_of_the_wrong_shape(name):
    backward, cache, good_shape, bad_shape, message = backward_cases()[name]
    backward(np.ones(good_shape), cache)  # the right shape goes through
    with pytest.raises(ValueError, match=message):
        backward(np.ones(bad_shape), cache)


@pytest.mark.parametrize("loss", [L.softmax_loss, L.svm_loss], ids=["softmax", "svm"])
def test_losses_refuse_a_minibatch_without_examples(loss):
    name = loss.__name__
    with pytest.raises(ValueError, match=rf"{name}: scores x hold no example \(shape \(0, 10\)\)"):
        loss(np.zeros((0, 10)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("mode", ["test", "train"])
@pytest.mark.parametrize("key", ["running_mean", "running_var"])
def test_batchnorm_refuses_running_statistics_of_another_shape(mode, key):
    bn_param = {"mode": mode, "running_mean": np.zeros(3), "running_var": np.ones(3)}
    bn_param[key] = np.zeros(1) if key == "running_mean" else np.ones(1)
    before = {k: np.copy(v) for k, v in bn_param.items() if k != "mode"}
    with pytest.raises(
        ValueError, match=rf"batchnorm: bn_param\['{key}'\] must have shape \(3,\).*got \(1,\)"
    ):
        L.batchnorm_forward(np.random.randn(4, 3), np.ones(3), np.zeros(3), bn_param)
    for k, v in before.items():
        assert np.array_equal(bn_param[k], v)  # nothing changed


def test_spatial_batchnorm_refuses_running_statistics_of_another_shape():
    bn_param = {"mode": "test", "running_mean": np.zeros(1), "running_var": np.ones(3)}
    with pytest.raises(ValueError, match=r"bn_param\['running_mean'\] must have shape \(3,\)"):
        L.spatial_batchnorm_forward(np.ones((2, 3, 2, 2)), np.ones(3), np.zeros(3), bn_param)


@pytest.mark.parametrize(
    "p, shown", [(True, "True (bool)"), ("0.5", "'0.5' (str)"), (None, "None (NoneType)")]
)
def test_dropout_refuses_a_keep_probability_that_is_not_a_number(p, shown):
    with pytest.raises(
        ValueError,
        match=rf"dropout: keep probability dropout_param\['p'\] must be in \(0, 1\] \(a number\), "
        rf"got {re.escape(shown)}",
    ):
        L.dropout_forward(np.ones((2, 3)), {"mode": "train", "p": p})


def test_dropout_accepts_numpy_and_integer_keep_probabilities():
    out, _ = L.dropout_forward(np.ones((2, 3)), {"mode": "train", "p": np.float32(1.0)})
    assert np.array_equal(out, np.ones((2, 3)))
    out, _ = L.dropout_forward(np.ones((2, 3)), {"mode": "train", "p": 1})
    assert np.array_equal(out, np.ones((2, 3)))


CONV_FORWARDS = {
    "conv_forward_naive": L.conv_forward_naive,
    "conv_forward_fast": fast_layers.conv_forward_fast,
    "conv_forward_im2col": fast_layers.conv_forward_im2col,
}
POOL_FORWARDS = {
    "max_pool_forward_naive": L.max_pool_forward_naive,
    "max_pool_forward_fast": fast_layers.max_pool_forward_fast,
    "max_pool_forward_reshape": fast_layers.max_pool_forward_reshape,
    "max_pool_forward_im2col": fast_layers.max_pool_forward_im2col,
}


@pytest.mark.parametrize("forward", sorted(CONV_FORWARDS))
@pytest.mark.parametrize(
    "key, value, shown",
    [
        ("stride", 1.0, "1.0 (float)"),
        ("stride", "1", "'1' (str)"),
        ("stride", True, "True (bool)"),
        ("pad", 1.0, "1.0 (float)"),
        ("pad", "1", "'1' (str)"),
        ("pad", -1, "-1 (int)"),
    ],
)
def test_conv_stride_and_pad_must_be_integers(forward, key, value, shown):
    x, w, b = conv_case()
    conv_param = {"stride": 1, "pad": 1, key: value}
    kind = "a positive" if key == "stride" else "a non-negative"
    with pytest.raises(
        ValueError,
        match=rf"conv_param\['{key}'\] must be {kind} integer, got {re.escape(shown)}",
    ):
        CONV_FORWARDS[forward](x, w, b, conv_param)


def test_conv_accepts_numpy_integer_stride_and_pad():
    x, w, b = conv_case()
    out, _ = L.conv_forward_naive(x, w, b, {"stride": np.int64(2), "pad": np.int32(1)})
    assert out.shape == (2, 4, 3, 3)


@pytest.mark.parametrize("forward", sorted(POOL_FORWARDS))
@pytest.mark.parametrize("key", ["pool_height", "pool_width", "stride"])
@pytest.mark.parametrize("value, shown", [(2.0, "2.0 (float)"), ("2", "'2' (str)")])
def test_pool_sizes_and_stride_must_be_integers(forward, key, value, shown):
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2, key: value}
    with pytest.raises(
        ValueError,
        match=rf"pool_param\['{key}'\] must be a positive integer, got {re.escape(shown)}",
    ):
        POOL_FORWARDS[forward](np.ones((1, 1, 4, 4)), pool_param)


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.bool_, np.complex128, "int32"])
def test_models_refuse_dtypes_that_are_not_floating_point(dtype):
    # The example: dtype=np.int32 rounded every initial weight to 0.
    from cs231n.classifiers import FullyConnectedNet, ThreeLayerConvNet

    message = r"dtype must be a floating-point type such as np.float32 or np.float64"
    with pytest.raises(ValueError, match=rf"FullyConnectedNet: {message}"):
        FullyConnectedNet([5], input_dim=4, num_classes=3, dtype=dtype)
    with pytest.raises(ValueError, match=rf"ThreeLayerConvNet: {message}"):
        ThreeLayerConvNet(input_dim=(3, 8, 8), num_filters=2, filter_size=3, dtype=dtype)


def test_models_accept_every_floating_point_dtype():
    from cs231n.classifiers import FullyConnectedNet

    for dtype in (np.float16, np.float32, np.float64, "float32"):
        model = FullyConnectedNet([5], input_dim=4, num_classes=3, dtype=dtype)
        assert model.params["W1"].dtype == np.dtype(dtype)
        assert np.any(model.params["W1"] != 0)


def test_model_hyperparameters_of_the_wrong_type_are_named():
    from cs231n.classifiers import FullyConnectedNet, ThreeLayerConvNet

    with pytest.raises(
        ValueError, match=r"dropout_keep_ratio must be in \(0, 1\] \(a number\), got True \(bool\)"
    ):
        FullyConnectedNet([5], input_dim=4, num_classes=3, dropout_keep_ratio=True)
    with pytest.raises(
        ValueError, match=r"filter_size must be a positive integer, got 3.0 \(float\)"
    ):
        ThreeLayerConvNet(input_dim=(3, 8, 8), filter_size=3.0)
