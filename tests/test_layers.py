"""Every layer of cs231n.layers: fixed test vectors, numeric gradient checks and input errors."""

import numpy as np
import pytest

from cs231n import layers as L
from cs231n.gradient_check import gradient_errors, rel_error
from cs231n.grading import vectors
from cs231n.tolerances import TOLERANCES

randn = np.random.randn


# ------------------------------------------------------------------ affine and ReLU


def test_affine_forward_matches_the_reference_vector():
    inputs, expected = vectors.affine_forward_case()
    out, _ = L.affine_forward(*inputs)
    assert rel_error(out, expected) < TOLERANCES["affine_forward"]


@pytest.mark.parametrize("x_shape, M", [((10, 2, 3), 5), ((4, 7), 3), ((1, 2, 2, 2), 4)])
def test_affine_backward(x_shape, M):
    x = randn(*x_shape)
    w = randn(int(np.prod(x_shape[1:])), M)
    b = randn(M)
    errors = gradient_errors(L.affine_forward, L.affine_backward, [x, w, b])
    assert max(errors) < TOLERANCES["affine_backward"], errors


def test_affine_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="flattens to 6 features.*expects 5"):
        L.affine_forward(randn(2, 2, 3), randn(5, 4), randn(4))
    with pytest.raises(ValueError, match="b"):
        L.affine_forward(randn(2, 6), randn(6, 4), randn(3))


def test_relu_forward_matches_the_reference_vector():
    x, expected = vectors.relu_forward_case()
    out, _ = L.relu_forward(x)
    assert rel_error(out, expected) < TOLERANCES["relu_forward"]


def test_relu_backward():
    x = randn(10, 10)
    errors = gradient_errors(L.relu_forward, L.relu_backward, [x])
    assert max(errors) < TOLERANCES["relu_backward"], errors


# ------------------------------------------------------------------ losses


def _loss_grad_error(loss_fn, x, y):
    from cs231n.gradient_check import eval_numerical_gradient

    _, dx = loss_fn(x, y)
    numeric = eval_numerical_gradient(lambda x: loss_fn(x, y)[0], x, verbose=False)
    return rel_error(dx, numeric)


def test_softmax_loss_value_and_gradient():
    x = 0.001 * randn(50, 10)
    y = np.random.randint(10, size=50)
    loss, _ = L.softmax_loss(x, y)
    assert abs(loss - np.log(10)) < 0.01
    assert _loss_grad_error(L.softmax_loss, x, y) < TOLERANCES["softmax_loss"]


def test_softmax_loss_is_stable_for_huge_scores():
    loss, dx = L.softmax_loss(np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([0, 0]))
    assert np.isfinite(loss) and np.all(np.isfinite(dx))
    assert loss == pytest.approx(500.0)


def test_svm_loss_value_and_gradient():
    x = 0.001 * randn(50, 10)
    y = np.random.randint(10, size=50)
    loss, _ = L.svm_loss(x, y)
    assert abs(loss - 9) < 0.01
    assert _loss_grad_error(L.svm_loss, x, y) < TOLERANCES["svm_loss"]


@pytest.mark.parametrize("loss_fn", [L.softmax_loss, L.svm_loss])
def test_losses_reject_bad_labels(loss_fn):
    with pytest.raises(ValueError, match="labels"):
        loss_fn(randn(3, 4), np.array([0, 1]))
    with pytest.raises(ValueError, match="labels"):
        loss_fn(randn(3, 4), np.array([0, 1, 4]))


# ------------------------------------------------------------------ batch norm and layer norm


def test_batchnorm_train_normalizes_then_scales_and_shifts():
    x = 5 * randn(200, 3) + np.array([1.0, -10.0, 30.0])
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([11.0, 12.0, 13.0])
    out, _ = L.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    assert np.allclose(out.mean(axis=0), beta)
    assert np.allclose(out.std(axis=0), gamma, atol=1e-5)


def test_batchnorm_running_averages_and_test_mode():
    bn_param = {"mode": "train", "momentum": 0.9}
    gamma, beta = np.ones(3), np.zeros(3)
    x = randn(50, 3)
    L.batchnorm_forward(x, gamma, beta, bn_param)
    assert np.allclose(bn_param["running_mean"], 0.1 * x.mean(axis=0))
    assert np.allclose(bn_param["running_var"], 0.1 * x.var(axis=0))
    for _ in range(200):
        L.batchnorm_forward(2 * randn(200, 3) + 7, gamma, beta, bn_param)
    bn_param["mode"] = "test"
    out, cache = L.batchnorm_forward(2 * randn(5000, 3) + 7, gamma, beta, bn_param)
    assert cache is None
    assert np.allclose(out.mean(axis=0), 0, atol=0.1)
    assert np.allclose(out.std(axis=0), 1, atol=0.1)


@pytest.mark.parametrize("shape", [(4, 5), (10, 3), (3, 7)])
@pytest.mark.parametrize("backward", [L.batchnorm_backward, L.batchnorm_backward_alt])
def test_batchnorm_backward(shape, backward):
    N, D = shape
    x = 5 * randn(N, D) + 12
    gamma, beta = randn(D), randn(D)
    errors = gradient_errors(
        L.batchnorm_forward, backward, [x, gamma, beta], params=({"mode": "train"},)
    )
    assert max(errors) < TOLERANCES[backward.__name__], errors


def test_batchnorm_backward_alt_equals_backward():
    x = 5 * randn(100, 50) + 12
    gamma, beta, dout = randn(50), randn(50), randn(100, 50)
    _, cache = L.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    for graph, closed_form in zip(
        L.batchnorm_backward(dout, cache), L.batchnorm_backward_alt(dout, cache)
    ):
        assert (
            rel_error(graph, closed_form)
            < TOLERANCES["batchnorm_backward vs batchnorm_backward_alt"]
        )


def test_batchnorm_rejects_bad_mode_and_shapes():
    with pytest.raises(ValueError, match="mode"):
        L.batchnorm_forward(randn(4, 3), np.ones(3), np.zeros(3), {"mode": "eval"})
    with pytest.raises(ValueError, match="gamma"):
        L.batchnorm_forward(randn(4, 3), np.ones(4), np.zeros(4), {"mode": "train"})


def test_layernorm_forward_normalizes_each_example():
    x = randn(4, 50) * np.array([[1], [10], [30], [4]]) - 40
    out, _ = L.layernorm_forward(x, 3 * np.ones(50), 5 * np.ones(50), {})
    assert np.allclose(out.mean(axis=1), 5)
    assert np.allclose(out.std(axis=1), 3, atol=1e-5)


@pytest.mark.parametrize("shape", [(4, 5), (3, 8), (6, 3)])
def test_layernorm_backward(shape):
    N, D = shape
    x = 5 * randn(N, D) + 12
    gamma, beta = randn(D), randn(D)
    errors = gradient_errors(
        L.layernorm_forward, L.layernorm_backward, [x, gamma, beta], params=({},)
    )
    assert max(errors) < TOLERANCES["layernorm_backward"], errors


# ------------------------------------------------------------------ dropout


@pytest.mark.parametrize("p", [0.25, 0.4, 0.7])
def test_dropout_forward_statistics(p):
    x = randn(500, 500) + 10
    out, _ = L.dropout_forward(x, {"mode": "train", "p": p})
    assert abs(out.mean() - x.mean()) < 0.05
    assert abs((out == 0).mean() - (1 - p)) < 0.01
    assert np.allclose(out[out != 0], x[out != 0] / p)
    out_test, _ = L.dropout_forward(x, {"mode": "test", "p": p})
    assert np.array_equal(out_test, x)


def test_dropout_seed_makes_the_mask_deterministic():
    x = randn(20, 20)
    param = {"mode": "train", "p": 0.5, "seed": 123}
    assert np.array_equal(L.dropout_forward(x, param)[0], L.dropout_forward(x, param)[0])
    assert not np.array_equal(
        L.dropout_forward(x, {"mode": "train", "p": 0.5})[0],
        L.dropout_forward(x, {"mode": "train", "p": 0.5})[0],
    )


def test_dropout_keeps_dtype():
    x = randn(5, 5).astype(np.float32)
    out, cache = L.dropout_forward(x, {"mode": "train", "p": 0.5})
    assert out.dtype == np.float32
    assert L.dropout_backward(np.ones_like(x), cache).dtype == np.float32


def test_dropout_backward():
    x = randn(10, 10) + 10
    param = {"mode": "train", "p": 0.2, "seed": 123}
    errors = gradient_errors(L.dropout_forward, L.dropout_backward, [x], params=(param,))
    assert max(errors) < TOLERANCES["dropout_backward"], errors


@pytest.mark.parametrize("p", [0, -0.1, 1.5])
def test_dropout_rejects_keep_probability_outside_0_1(p):
    with pytest.raises(ValueError, match="keep probability"):
        L.dropout_forward(randn(3, 3), {"mode": "train", "p": p})


def test_dropout_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode"):
        L.dropout_forward(randn(3, 3), {"mode": "training", "p": 0.5})


# ------------------------------------------------------------------ convolution and pooling


def test_conv_forward_matches_the_reference_vector():
    inputs, expected = vectors.conv_forward_case()
    out, _ = L.conv_forward_naive(*inputs)
    assert rel_error(out, expected) < TOLERANCES["conv_forward_naive"]


def test_conv_forward_does_not_modify_its_input():
    x = randn(2, 3, 5, 5)
    x_copy = x.copy()
    L.conv_forward_naive(x, randn(2, 3, 3, 3), randn(2), {"stride": 1, "pad": 2})
    assert np.array_equal(x, x_copy)


CONV_CASES = [
    # x shape, w shape, stride, pad
    ((4, 3, 5, 5), (2, 3, 3, 3), 1, 1),
    ((2, 3, 7, 5), (3, 3, 3, 3), 2, 1),  # non-square input, stride 2
    ((1, 2, 6, 9), (2, 2, 2, 3), 2, 0),  # non-square filter
    ((2, 1, 4, 4), (3, 1, 1, 1), 1, 0),  # 1x1 filter, one channel
    ((2, 2, 5, 4), (2, 2, 3, 2), 3, 2),  # stride 3, pad 2
]


@pytest.mark.parametrize("x_shape, w_shape, stride, pad", CONV_CASES)
def test_conv_backward(x_shape, w_shape, stride, pad):
    x, w, b = randn(*x_shape), randn(*w_shape), randn(w_shape[0])
    errors = gradient_errors(
        L.conv_forward_naive,
        L.conv_backward_naive,
        [x, w, b],
        params=({"stride": stride, "pad": pad},),
    )
    assert max(errors) < TOLERANCES["conv_backward_naive"], errors


def test_conv_rejects_hyperparameters_that_do_not_tile():
    with pytest.raises(ValueError, match="not divisible by stride 2"):
        L.conv_forward_naive(
            randn(1, 3, 6, 6), randn(2, 3, 3, 3), randn(2), {"stride": 2, "pad": 1}
        )
    with pytest.raises(ValueError, match="does not fit"):
        L.conv_forward_naive(
            randn(1, 3, 2, 2), randn(2, 3, 5, 5), randn(2), {"stride": 1, "pad": 0}
        )


def test_conv_rejects_mismatched_channels_and_bias():
    with pytest.raises(ValueError, match="3 channels but w expects 2"):
        L.conv_forward_naive(
            randn(1, 3, 4, 4), randn(2, 2, 3, 3), randn(2), {"stride": 1, "pad": 1}
        )
    with pytest.raises(ValueError, match="b must have shape"):
        L.conv_forward_naive(
            randn(1, 3, 4, 4), randn(2, 3, 3, 3), randn(3), {"stride": 1, "pad": 1}
        )
    with pytest.raises(ValueError, match="missing the key 'pad'"):
        L.conv_forward_naive(randn(1, 3, 4, 4), randn(2, 3, 3, 3), randn(2), {"stride": 1})


def test_max_pool_forward_matches_the_reference_vector():
    inputs, expected = vectors.max_pool_forward_case()
    out, _ = L.max_pool_forward_naive(*inputs)
    assert rel_error(out, expected) < TOLERANCES["max_pool_forward_naive"]


POOL_CASES = [
    ((3, 2, 8, 8), 2, 2, 2),
    ((2, 3, 7, 5), 3, 3, 2),  # overlapping windows, non-square input
    ((2, 2, 5, 9), 2, 3, 3),  # non-square window
    ((1, 1, 5, 5), 1, 1, 1),
]


@pytest.mark.parametrize("x_shape, ph, pw, stride", POOL_CASES)
def test_max_pool_backward(x_shape, ph, pw, stride):
    x = randn(*x_shape)
    param = {"pool_height": ph, "pool_width": pw, "stride": stride}
    errors = gradient_errors(
        L.max_pool_forward_naive, L.max_pool_backward_naive, [x], params=(param,)
    )
    assert max(errors) < TOLERANCES["max_pool_backward_naive"], errors


def test_max_pool_ties_route_the_gradient_to_the_first_maximum():
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 1, 1] = x[0, 0, 1, 0] = 5.0  # a tie inside the top-left window
    param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    out, cache = L.max_pool_forward_naive(x, param)
    dx = L.max_pool_backward_naive(np.ones_like(out), cache)
    expected = np.zeros((4, 4))
    expected[1, 0] = 1  # first max in row-major order of the top-left window
    expected[0, 2] = expected[2, 0] = expected[2, 2] = 1  # all-zero windows: their first element
    assert np.array_equal(dx[0, 0], expected)
    assert dx.sum() == out.size  # each window passes on exactly its own gradient


def test_max_pool_rejects_windows_that_do_not_tile():
    with pytest.raises(ValueError, match="max pool height"):
        L.max_pool_forward_naive(
            randn(1, 1, 5, 4), {"pool_height": 2, "pool_width": 2, "stride": 2}
        )


# ---------------------------------------------------------- spatial batch norm and group norm


def test_spatial_batchnorm_forward_per_channel_statistics():
    x = 4 * randn(2, 3, 4, 5) + 10
    gamma, beta = np.array([3.0, 4.0, 5.0]), np.array([6.0, 7.0, 8.0])
    out, _ = L.spatial_batchnorm_forward(x, gamma, beta, {"mode": "train"})
    assert np.allclose(out.mean(axis=(0, 2, 3)), beta)
    assert np.allclose(out.std(axis=(0, 2, 3)), gamma, atol=1e-5)


def test_spatial_batchnorm_test_mode_uses_running_averages():
    bn_param = {"mode": "train"}
    gamma, beta = np.ones(4), np.zeros(4)
    for _ in range(100):
        L.spatial_batchnorm_forward(2.3 * randn(10, 4, 11, 12) + 13, gamma, beta, bn_param)
    bn_param["mode"] = "test"
    out, _ = L.spatial_batchnorm_forward(2.3 * randn(10, 4, 11, 12) + 13, gamma, beta, bn_param)
    assert np.allclose(out.mean(axis=(0, 2, 3)), 0, atol=0.1)
    assert np.allclose(out.std(axis=(0, 2, 3)), 1, atol=0.1)


@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (3, 2, 3, 2)])
def test_spatial_batchnorm_backward(shape):
    x = 5 * randn(*shape) + 12
    gamma, beta = randn(shape[1]), randn(shape[1])
    errors = gradient_errors(
        L.spatial_batchnorm_forward,
        L.spatial_batchnorm_backward,
        [x, gamma, beta],
        params=({"mode": "train"},),
    )
    assert max(errors) < TOLERANCES["spatial_batchnorm_backward"], errors


def test_spatial_groupnorm_forward_per_group_statistics():
    N, C, H, W, G = 2, 6, 4, 5, 2
    x = 4 * randn(N, C, H, W) + 10
    out, _ = L.spatial_groupnorm_forward(x, np.ones((1, C, 1, 1)), np.zeros((1, C, 1, 1)), G, {})
    groups = out.reshape(N * G, -1)
    assert np.allclose(groups.mean(axis=1), 0)
    assert np.allclose(groups.std(axis=1), 1, atol=1e-5)


@pytest.mark.parametrize("shape, G", [((2, 6, 4, 5), 2), ((3, 4, 3, 2), 4), ((2, 3, 2, 2), 1)])
def test_spatial_groupnorm_backward(shape, G):
    C = shape[1]
    x = 5 * randn(*shape) + 12
    gamma, beta = randn(1, C, 1, 1), randn(1, C, 1, 1)
    # Group statistics over few elements: the original notebook accepts errors up to ~1e-6.
    errors = gradient_errors(
        L.spatial_groupnorm_forward, L.spatial_groupnorm_backward, [x, gamma, beta], params=(G, {})
    )
    assert max(errors) < TOLERANCES["spatial_groupnorm_backward"], errors


@pytest.mark.parametrize("G", [4, 0, 2.0])
def test_spatial_groupnorm_rejects_group_counts_that_do_not_divide_C(G):
    with pytest.raises(ValueError, match="group count"):
        L.spatial_groupnorm_forward(
            randn(2, 6, 3, 3), np.ones((1, 6, 1, 1)), np.zeros((1, 6, 1, 1)), G, {}
        )
