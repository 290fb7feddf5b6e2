"""Sandwich layers: short chains of layers used together, e.g. affine -> ReLU (provided).

A chain is built from layers given as ``(forward, backward, *params)``. `chain_forward` runs the
forward functions in order and keeps each layer's backward function with its cache;
`chain_backward` runs them in reverse and returns ``(dx, *param_grads)``, with the parameter
gradients in the order the parameters were given to the forward pass. Every sandwich below is
one such chain; the convolutional ones use the fast layers.
"""
from .fast_layers import (conv_backward_fast, conv_forward_fast, max_pool_backward_fast,
                          max_pool_forward_fast)
from .layers import (affine_backward, affine_forward, batchnorm_backward_alt, batchnorm_forward,
                     layernorm_backward, layernorm_forward, relu_backward, relu_forward,
                     spatial_batchnorm_backward, spatial_batchnorm_forward)

AFFINE = (affine_forward, affine_backward)
RELU = (relu_forward, relu_backward)
CONV = (conv_forward_fast, conv_backward_fast)
MAX_POOL = (max_pool_forward_fast, max_pool_backward_fast)
SPATIAL_BATCHNORM = (spatial_batchnorm_forward, spatial_batchnorm_backward)
NORMALIZATIONS = {
    "batchnorm": (batchnorm_forward, batchnorm_backward_alt),
    "layernorm": (layernorm_forward, layernorm_backward),
}


def chain_forward(x, *layers):
    """Run x through ``layers``, each ``(forward, backward, *params)``.

    Returns
    -------
    out : output of the last layer
    cache : list of (backward, layer_cache), for `chain_backward`
    """
    cache = []
    for forward, backward, *params in layers:
        x, layer_cache = forward(x, *params)
        cache.append((backward, layer_cache))
    return x, cache


def chain_backward(dout, cache):
    """Backward pass of a chain. Returns ``(dx, *param_grads)`` in the forward order of params."""
    param_grads = []
    for backward, layer_cache in reversed(cache):
        grads = backward(dout, layer_cache)
        if isinstance(grads, tuple):          # layers with parameters return (dx, *param grads)
            dout, *layer_param_grads = grads
            param_grads = layer_param_grads + param_grads
        else:
            dout = grads
    return (dout, *param_grads)


def affine_relu_forward(x, w, b):
    """affine -> ReLU. Returns ``(out, cache)``."""
    return chain_forward(x, (*AFFINE, w, b), RELU)


def affine_relu_backward(dout, cache):
    """Returns ``(dx, dw, db)``."""
    return chain_backward(dout, cache)


def affine_norm_relu_forward(x, w, b, gamma, beta, norm_param, normalization):
    """affine -> batch/layer norm -> ReLU; with ``normalization=None`` simply affine -> ReLU.

    Parameters
    ----------
    normalization : None, 'batchnorm' or 'layernorm'
    gamma, beta, norm_param : the normalization's parameters (ignored when it is None)
    """
    if normalization is None:
        return affine_relu_forward(x, w, b)
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"unknown normalization {normalization!r}; "
                         f"use None, {', '.join(map(repr, NORMALIZATIONS))}")
    norm = (*NORMALIZATIONS[normalization], gamma, beta, norm_param)
    return chain_forward(x, (*AFFINE, w, b), norm, RELU)


def affine_norm_relu_backward(dout, cache):
    """Returns ``(dx, dw, db)``, followed by ``dgamma, dbeta`` when there is a normalization."""
    return chain_backward(dout, cache)


def conv_relu_forward(x, w, b, conv_param):
    """conv -> ReLU. Returns ``(out, cache)``."""
    return chain_forward(x, (*CONV, w, b, conv_param), RELU)


def conv_relu_backward(dout, cache):
    """Returns ``(dx, dw, db)``."""
    return chain_backward(dout, cache)


def conv_relu_pool_forward(x, w, b, conv_param, pool_param):
    """conv -> ReLU -> max pool. Returns ``(out, cache)``."""
    return chain_forward(x, (*CONV, w, b, conv_param), RELU, (*MAX_POOL, pool_param))


def conv_relu_pool_backward(dout, cache):
    """Returns ``(dx, dw, db)``."""
    return chain_backward(dout, cache)


def conv_bn_relu_forward(x, w, b, gamma, beta, conv_param, bn_param):
    """conv -> spatial batchnorm -> ReLU. Returns ``(out, cache)``."""
    return chain_forward(x, (*CONV, w, b, conv_param),
                         (*SPATIAL_BATCHNORM, gamma, beta, bn_param), RELU)


def conv_bn_relu_backward(dout, cache):
    """Returns ``(dx, dw, db, dgamma, dbeta)``."""
    return chain_backward(dout, cache)


def conv_bn_relu_pool_forward(x, w, b, gamma, beta, conv_param, bn_param, pool_param):
    """conv -> spatial batchnorm -> ReLU -> max pool. Returns ``(out, cache)``."""
    return chain_forward(x, (*CONV, w, b, conv_param),
                         (*SPATIAL_BATCHNORM, gamma, beta, bn_param), RELU,
                         (*MAX_POOL, pool_param))


def conv_bn_relu_pool_backward(dout, cache):
    """Returns ``(dx, dw, db, dgamma, dbeta)``."""
    return chain_backward(dout, cache)
