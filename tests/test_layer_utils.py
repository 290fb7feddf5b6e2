"""Sandwich layers: each checked against numeric gradients, including parameter order."""

import numpy as np
import pytest

from cs231n import layer_utils as U
from cs231n.gradient_check import gradient_errors
from cs231n.tolerances import TOLERANCES

randn = np.random.randn
CONV = {"stride": 1, "pad": 1}
POOL = {"pool_height": 2, "pool_width": 2, "stride": 2}


def test_affine_relu():
    errors = gradient_errors(
        U.affine_relu_forward, U.affine_relu_backward, [randn(2, 3, 4), randn(12, 10), randn(10)]
    )
    assert max(errors) < TOLERANCES["affine_relu_backward"], errors


@pytest.mark.parametrize(
    "normalization, norm_param", [(None, None), ("batchnorm", {"mode": "train"}), ("layernorm", {})]
)
def test_affine_norm_relu(normalization, norm_param):
    x, w, b = randn(6, 5), randn(5, 7), randn(7)
    if normalization is None:
        errors = gradient_errors(
            U.affine_norm_relu_forward,
            U.affine_norm_relu_backward,
            [x, w, b],
            params=(None, None, None, None),
        )
        assert max(errors) < TOLERANCES["affine_norm_relu_backward"], errors
        return
    gamma, beta = randn(7), randn(7)
    forward = lambda x, w, b, gamma, beta: U.affine_norm_relu_forward(  # noqa: E731
        x, w, b, gamma, beta, norm_param, normalization
    )
    # A bias right before batch norm has no effect, so its gradient is zero.
    errors = gradient_errors(
        forward,
        U.affine_norm_relu_backward,
        [x, w, b, gamma, beta],
        zero_grads=(2,) if normalization == "batchnorm" else (),
    )
    assert max(errors) < TOLERANCES["affine_norm_relu_backward"], errors


def test_affine_norm_relu_rejects_unknown_normalization():
    with pytest.raises(ValueError, match="unknown normalization 'groupnorm'"):
        U.affine_norm_relu_forward(randn(2, 3), randn(3, 4), randn(4), None, None, {}, "groupnorm")


def test_conv_relu():
    errors = gradient_errors(
        U.conv_relu_forward,
        U.conv_relu_backward,
        [randn(2, 3, 8, 8), randn(3, 3, 3, 3), randn(3)],
        params=(CONV,),
    )
    assert max(errors) < TOLERANCES["conv_relu_backward"], errors


def test_conv_relu_pool():
    errors = gradient_errors(
        U.conv_relu_pool_forward,
        U.conv_relu_pool_backward,
        [randn(2, 3, 8, 8), randn(3, 3, 3, 3), randn(3)],
        params=(CONV, POOL),
    )
    assert max(errors) < TOLERANCES["conv_relu_pool_backward"], errors


def test_conv_bn_relu():
    errors = gradient_errors(
        U.conv_bn_relu_forward,
        U.conv_bn_relu_backward,
        [randn(2, 3, 6, 6), randn(4, 3, 3, 3), randn(4), randn(4), randn(4)],
        params=(CONV, {"mode": "train"}),
        zero_grads=(2,),
    )
    assert max(errors) < TOLERANCES["conv_bn_relu_backward"], errors


def test_conv_bn_relu_pool():
    forward = lambda x, w, b, gamma, beta: U.conv_bn_relu_pool_forward(  # noqa: E731
        x, w, b, gamma, beta, CONV, {"mode": "train"}, POOL
    )
    errors = gradient_errors(
        forward,
        U.conv_bn_relu_pool_backward,
        [randn(2, 3, 6, 6), randn(4, 3, 3, 3), randn(4), randn(4), randn(4)],
        zero_grads=(2,),
    )
    assert max(errors) < TOLERANCES["conv_bn_relu_pool_backward"], errors
