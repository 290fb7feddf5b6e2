"""Sandwich layers: short stacks of layers that are used together, e.g. affine -> ReLU (provided).

Each forward function calls its layers in order and returns the output with a cache tuple of
every layer's cache. Each backward function unpacks those caches by name and calls the layers'
backward functions in reverse order. This is the pattern that `FullyConnectedNet.loss` and
`ThreeLayerConvNet.loss` then ask you to write. The convolutional sandwiches use the fast layers.

As in the course, ``from cs231n.layer_utils import *`` also gives every layer of ``layers.py`` and
every fast layer (with the im2col helpers): course notebooks and models rely on that.
"""

from .fast_layers import *  # noqa: F403 (the course's star-import surface)
from .fast_layers import (
    conv_backward_fast,
    conv_forward_fast,
    max_pool_backward_fast,
    max_pool_forward_fast,
)
from .layers import *  # noqa: F403 (the course's star-import surface)
from .layers import (
    affine_backward,
    affine_forward,
    batchnorm_backward_alt,
    batchnorm_forward,
    layernorm_backward,
    layernorm_forward,
    relu_backward,
    relu_forward,
    spatial_batchnorm_backward,
    spatial_batchnorm_forward,
)

NORMALIZATIONS = ("batchnorm", "layernorm")


def affine_relu_forward(x, w, b):
    """affine -> ReLU.

    Returns ``out`` of shape (N, M) and ``cache = (fc_cache, relu_cache)``.
    """
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    cache = (fc_cache, relu_cache)
    return out, cache


def affine_relu_backward(dout, cache):
    """Backward pass of `affine_relu_forward`. Returns ``(dx, dw, db)``."""
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    return dx, dw, db


def affine_norm_relu_forward(x, w, b, gamma, beta, norm_param, normalization):
    """affine -> batch/layer norm -> ReLU; with ``normalization=None`` simply affine -> ReLU.

    Parameters
    ----------
    x : ndarray, shape (N, d_1, ..., d_k)
    w : ndarray, shape (D, M)
    b : ndarray, shape (M,)
    gamma, beta : ndarray, shape (M,), the normalization's scale and shift (ignored when None)
    norm_param : dict, bn_param or ln_param (ignored when ``normalization`` is None)
    normalization : None, 'batchnorm' or 'layernorm'

    Returns
    -------
    out : ndarray, shape (N, M)
    cache : tuple (fc_cache, normalization, norm_cache, relu_cache); norm_cache is None
        without a normalization
    """
    if normalization is not None and normalization not in NORMALIZATIONS:
        raise ValueError(
            f"unknown normalization {normalization!r}; "
            f"use None, {', '.join(map(repr, NORMALIZATIONS))}"
        )
    a, fc_cache = affine_forward(x, w, b)
    norm_cache = None
    if normalization == "batchnorm":
        a, norm_cache = batchnorm_forward(a, gamma, beta, norm_param)
    elif normalization == "layernorm":
        a, norm_cache = layernorm_forward(a, gamma, beta, norm_param)
    out, relu_cache = relu_forward(a)
    cache = (fc_cache, normalization, norm_cache, relu_cache)
    return out, cache


def affine_norm_relu_backward(dout, cache):
    """Backward pass of `affine_norm_relu_forward`.

    Returns ``(dx, dw, db)``, followed by ``(dgamma, dbeta)`` when there is a normalization.
    """
    fc_cache, normalization, norm_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    if normalization is None:
        dx, dw, db = affine_backward(da, fc_cache)
        return dx, dw, db
    if normalization == "batchnorm":
        da, dgamma, dbeta = batchnorm_backward_alt(da, norm_cache)
    else:
        da, dgamma, dbeta = layernorm_backward(da, norm_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    return dx, dw, db, dgamma, dbeta


def conv_relu_forward(x, w, b, conv_param):
    """conv -> ReLU.

    Returns ``out`` of shape (N, F, H_out, W_out) and ``cache = (conv_cache, relu_cache)``.
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    out, relu_cache = relu_forward(a)
    cache = (conv_cache, relu_cache)
    return out, cache


def conv_relu_backward(dout, cache):
    """Backward pass of `conv_relu_forward`. Returns ``(dx, dw, db)``."""
    conv_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    return dx, dw, db


def conv_relu_pool_forward(x, w, b, conv_param, pool_param):
    """conv -> ReLU -> max pool.

    Returns ``out`` and ``cache = (conv_cache, relu_cache, pool_cache)``.
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    s, relu_cache = relu_forward(a)
    out, pool_cache = max_pool_forward_fast(s, pool_param)
    cache = (conv_cache, relu_cache, pool_cache)
    return out, cache


def conv_relu_pool_backward(dout, cache):
    """Backward pass of `conv_relu_pool_forward`. Returns ``(dx, dw, db)``."""
    conv_cache, relu_cache, pool_cache = cache
    ds = max_pool_backward_fast(dout, pool_cache)
    da = relu_backward(ds, relu_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    return dx, dw, db


def conv_bn_relu_forward(x, w, b, gamma, beta, conv_param, bn_param):
    """conv -> spatial batchnorm -> ReLU.

    Returns ``out`` and ``cache = (conv_cache, bn_cache, relu_cache)``.
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    an, bn_cache = spatial_batchnorm_forward(a, gamma, beta, bn_param)
    out, relu_cache = relu_forward(an)
    cache = (conv_cache, bn_cache, relu_cache)
    return out, cache


def conv_bn_relu_backward(dout, cache):
    """Backward pass of `conv_bn_relu_forward`. Returns ``(dx, dw, db, dgamma, dbeta)``."""
    conv_cache, bn_cache, relu_cache = cache
    dan = relu_backward(dout, relu_cache)
    da, dgamma, dbeta = spatial_batchnorm_backward(dan, bn_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    return dx, dw, db, dgamma, dbeta


def conv_bn_relu_pool_forward(x, w, b, gamma, beta, conv_param, bn_param, pool_param):
    """conv -> spatial batchnorm -> ReLU -> max pool.

    Returns ``out`` and ``cache = (conv_cache, bn_cache, relu_cache, pool_cache)``.
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    an, bn_cache = spatial_batchnorm_forward(a, gamma, beta, bn_param)
    s, relu_cache = relu_forward(an)
    out, pool_cache = max_pool_forward_fast(s, pool_param)
    cache = (conv_cache, bn_cache, relu_cache, pool_cache)
    return out, cache


def conv_bn_relu_pool_backward(dout, cache):
    """Backward pass of `conv_bn_relu_pool_forward`. Returns ``(dx, dw, db, dgamma, dbeta)``."""
    conv_cache, bn_cache, relu_cache, pool_cache = cache
    ds = max_pool_backward_fast(dout, pool_cache)
    dan = relu_backward(ds, relu_cache)
    da, dgamma, dbeta = spatial_batchnorm_backward(dan, bn_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    return dx, dw, db, dgamma, dbeta
