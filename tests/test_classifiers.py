"""FullyConnectedNet and ThreeLayerConvNet: initial loss, every gradient, input errors."""

import numpy as np
import pytest

from cs231n.classifiers import FullyConnectedNet, ThreeLayerConvNet
from cs231n.gradient_check import eval_numerical_gradient, rel_error


def max_grad_error(model, X, y, h=1e-5, zero_grads=()):
    """Relative error between analytic and numeric gradients, per parameter.

    Parameters named in ``zero_grads`` have a gradient of exactly zero in theory (a bias right
    before batch norm): for them both gradients must be ~0 instead, since a relative error of
    two rounding errors means nothing.
    """
    _, grads = model.loss(X, y)
    errors = {}
    for name in sorted(model.params):
        numeric = eval_numerical_gradient(
            lambda _: model.loss(X, y)[0], model.params[name], verbose=False, h=h
        )
        if name in zero_grads:
            assert np.abs(grads[name]).max() < 1e-12 and np.abs(numeric).max() < 1e-8, name
        else:
            errors[name] = rel_error(grads[name], numeric)
    return errors


def small_problem(N=3, D=15, C=10):
    X = np.random.randn(N, D)
    y = np.random.randint(C, size=N)
    return X, y


def test_fc_net_initial_loss_matches_the_reference():
    X, y = small_problem(N=2)
    for reg, expected in [(0, 2.300479089768492), (3.14, 7.052114776533016)]:
        model = FullyConnectedNet(
            [20, 30], input_dim=15, num_classes=10, reg=reg, weight_scale=5e-2, dtype=np.float64
        )
        assert model.loss(X, y)[0] == pytest.approx(expected, rel=1e-10)


def test_fc_net_parameters_and_shapes():
    model = FullyConnectedNet([7, 6], input_dim=5, num_classes=4, normalization="batchnorm")
    shapes = {name: value.shape for name, value in model.params.items()}
    assert shapes == {
        "W1": (5, 7),
        "b1": (7,),
        "gamma1": (7,),
        "beta1": (7,),
        "W2": (7, 6),
        "b2": (6,),
        "gamma2": (6,),
        "beta2": (6,),
        "W3": (6, 4),
        "b3": (4,),
    }
    assert all(value.dtype == np.float32 for value in model.params.values())
    scores = model.loss(np.random.randn(3, 5))
    assert scores.shape == (3, 4)


@pytest.mark.parametrize("normalization", [None, "batchnorm", "layernorm"])
@pytest.mark.parametrize("reg", [0.0, 3.14])
def test_fc_net_gradients(normalization, reg):
    X, y = small_problem(N=4)
    model = FullyConnectedNet(
        [20, 30],
        input_dim=15,
        num_classes=10,
        reg=reg,
        weight_scale=5e-2,
        dtype=np.float64,
        normalization=normalization,
    )
    loss = model.loss(X, y)[0]
    if reg == 0 and normalization is None:
        assert abs(loss - np.log(10)) < 0.1
    # Batch norm over 4 examples puts some ReLU inputs close to their kink: a smaller step
    # keeps the numeric gradient on one side of it.
    batchnorm = normalization == "batchnorm"
    errors = max_grad_error(
        model, X, y, h=1e-6 if batchnorm else 1e-5, zero_grads=("b1", "b2") if batchnorm else ()
    )
    # The original notebooks accept errors up to ~1e-5 (W2 without reg) and 1e-4 (batch norm);
    # a wrong gradient gives errors near 1.
    assert max(errors.values()) < 1e-4, errors


@pytest.mark.parametrize("keep", [0.75, 0.5])
def test_fc_net_gradients_with_dropout(keep):
    X, y = small_problem(N=2)
    model = FullyConnectedNet(
        [20, 30],
        input_dim=15,
        num_classes=10,
        weight_scale=5e-2,
        dtype=np.float64,
        dropout_keep_ratio=keep,
        seed=123,
    )
    errors = max_grad_error(model, X, y)
    assert max(errors.values()) < 1e-5, errors


def test_fc_net_dropout_is_off_at_test_time():
    model = FullyConnectedNet([50], input_dim=15, dropout_keep_ratio=0.5, dtype=np.float64)
    X = np.random.randn(4, 15)
    assert np.array_equal(model.loss(X), model.loss(X))


def test_fc_net_rejects_bad_arguments():
    with pytest.raises(ValueError, match="unknown normalization 'groupnorm'"):
        FullyConnectedNet([10], normalization="groupnorm")
    with pytest.raises(ValueError, match="dropout_keep_ratio"):
        FullyConnectedNet([10], dropout_keep_ratio=0)


def test_conv_net_initial_loss_is_about_log_C():
    model = ThreeLayerConvNet(input_dim=(3, 16, 16), num_filters=8, hidden_dim=20)
    X = np.random.randn(20, 3, 16, 16)
    y = np.random.randint(10, size=20)
    loss, _ = model.loss(X, y)
    assert abs(loss - np.log(10)) < 0.01
    model.reg = 0.5
    assert model.loss(X, y)[0] > loss


@pytest.mark.parametrize("reg", [0.0, 0.5])
def test_conv_net_gradients(reg):
    model = ThreeLayerConvNet(
        input_dim=(3, 8, 8),
        num_filters=3,
        filter_size=3,
        hidden_dim=7,
        weight_scale=1e-1,
        reg=reg,
        dtype=np.float64,
    )
    X = np.random.randn(2, 3, 8, 8)
    y = np.random.randint(10, size=2)
    errors = max_grad_error(model, X, y, h=1e-6)
    assert max(errors.values()) < 1e-5, errors


def test_conv_net_scores_and_shapes():
    model = ThreeLayerConvNet(
        input_dim=(1, 6, 10), num_filters=4, filter_size=5, hidden_dim=9, num_classes=3
    )
    assert model.params["W1"].shape == (4, 1, 5, 5)
    assert model.params["W2"].shape == (4 * 3 * 5, 9)
    assert model.loss(np.random.randn(2, 1, 6, 10)).shape == (2, 3)


def test_conv_net_rejects_bad_geometry():
    with pytest.raises(ValueError, match="filter_size must be a positive integer"):
        ThreeLayerConvNet(filter_size=0)
    with pytest.raises(ValueError, match="even"):
        ThreeLayerConvNet(input_dim=(3, 31, 32))


@pytest.mark.parametrize("filter_size", [2, 4])
def test_conv_net_with_an_even_filter_keeps_the_spatial_size(filter_size):
    model = ThreeLayerConvNet(
        input_dim=(3, 8, 6),
        num_filters=3,
        filter_size=filter_size,
        hidden_dim=7,
        weight_scale=1e-1,
        reg=0.5,
    )
    assert model.params["W1"].shape == (3, 3, filter_size, filter_size)
    assert model.params["W2"].shape == (3 * 4 * 3, 7)
    X = np.random.randn(2, 3, 8, 6)
    y = np.random.randint(10, size=2)
    assert model.loss(X).shape == (2, 10)
    errors = max_grad_error(model, X, y, h=1e-6)
    assert max(errors.values()) < 1e-5, errors


def test_conv_net_even_filter_pads_the_bottom_and_right():
    """The first layer equals a convolution of the input padded 'same' style (PyTorch's rule)."""
    from cs231n.layers import conv_forward_naive, max_pool_forward_naive

    model = ThreeLayerConvNet(
        input_dim=(2, 6, 6),
        num_filters=2,
        filter_size=4,
        hidden_dim=3,
        num_classes=2,
        weight_scale=1.0,
    )
    model.params["W2"] = np.eye(2 * 3 * 3, 3)  # pass three pooled values through
    model.params["W3"] = np.eye(3, 2)
    X = np.random.randn(1, 2, 6, 6)
    padded = np.pad(X, ((0, 0), (0, 0), (1, 2), (1, 2)))
    conv, _ = conv_forward_naive(
        padded, model.params["W1"], model.params["b1"], {"stride": 1, "pad": 0}
    )
    pooled, _ = max_pool_forward_naive(
        np.maximum(conv, 0), {"pool_height": 2, "pool_width": 2, "stride": 2}
    )
    expected = np.maximum(pooled.reshape(1, -1)[:, :3], 0)[:, :2]
    assert np.allclose(model.loss(X), expected)


def test_conv_net_computes_in_float64_by_default():
    model = ThreeLayerConvNet(input_dim=(3, 8, 8), num_filters=2, hidden_dim=5)
    assert all(value.dtype == np.float64 for value in model.params.values())
    X = np.random.randn(2, 3, 8, 8)
    assert model.loss(X).dtype == np.float64
    fast = ThreeLayerConvNet(input_dim=(3, 8, 8), num_filters=2, hidden_dim=5, dtype=np.float32)
    assert all(value.dtype == np.float32 for value in fast.params.values())
    _, grads = fast.loss(X, np.array([1, 2]))
    assert all(grad.dtype == np.float32 for grad in grads.values())
