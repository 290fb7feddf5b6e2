"""A three-layer convolutional network."""

import numpy as np

from ..checks import check_float_dtype, check_integer

# Like fc_net: `from cs231n.classifiers.cnn import *` also gives every layer, as in the course.
from ..fast_layers import *  # noqa: F403, RUF100
from ..layer_utils import *  # noqa: F403, RUF100
from ..layer_utils import (
    affine_relu_backward,
    affine_relu_forward,
    conv_relu_pool_backward,
    conv_relu_pool_forward,
)
from ..layers import *  # noqa: F403, RUF100
from ..layers import affine_backward, affine_forward, softmax_loss


class ThreeLayerConvNet:
    """conv - relu - 2x2 max pool - affine - relu - affine - softmax

    The convolution keeps the spatial size (stride 1, pad (filter_size - 1) // 2); the pool halves
    it. An even filter_size needs one more row and column of padding than an odd one: the input
    gets an extra row of zeros at the bottom and an extra column at the right, as with PyTorch's
    ``padding='same'``. Inputs are minibatches of shape (N, C, H, W). It uses the fast conv and
    pool layers.

    Parameters
    ----------
    input_dim : tuple (C, H, W); H and W must be even
    num_filters : int, filters in the conv layer
    filter_size : int, width and height of each filter
    hidden_dim : int, units in the hidden affine layer
    num_classes : int
    weight_scale : float, standard deviation of the random initial weights
    reg : float, L2 regularization strength (0.5 * reg * sum(W**2), weights only)
    dtype : numpy float type of the parameters and of the computation. float64 by default, which
        is what the course's model computes in (its float32 parameters meet float64 data);
        float32 is about twice as fast for training.

    Attributes
    ----------
    params : dict with 'W1' (F, C, fs, fs), 'b1' (F,), 'W2' (F * H/2 * W/2, hidden_dim),
        'b2' (hidden_dim,), 'W3' (hidden_dim, num_classes), 'b3' (num_classes,)
    """

    def __init__(
        self,
        input_dim=(3, 32, 32),
        num_filters=32,
        filter_size=7,
        hidden_dim=100,
        num_classes=10,
        weight_scale=1e-3,
        reg=0.0,
        dtype=np.float64,
    ):
        C, H, W = input_dim
        check_integer("ThreeLayerConvNet: filter_size", filter_size, 1)
        check_float_dtype(dtype, "ThreeLayerConvNet")
        if H % 2 or W % 2:
            raise ValueError(
                f"the 2x2 pool needs an even height and width, got input_dim {input_dim}"
            )
        self.params = {}
        self.reg = reg
        self.dtype = dtype

        # TODO: Initialize W1, W2, W3 with standard deviation weight_scale and biases with zeros.
        # BEGIN SOLUTION
        pooled_size = num_filters * (H // 2) * (W // 2)
        self.params["W1"] = weight_scale * np.random.randn(num_filters, C, filter_size, filter_size)
        self.params["b1"] = np.zeros(num_filters)
        self.params["W2"] = weight_scale * np.random.randn(pooled_size, hidden_dim)
        self.params["b2"] = np.zeros(hidden_dim)
        self.params["W3"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b3"] = np.zeros(num_classes)
        # END SOLUTION

        for name, value in self.params.items():
            self.params[name] = value.astype(dtype)

    def loss(self, X, y=None):
        """Scores of shape (N, num_classes) when y is None, otherwise ``(loss, grads)``."""
        X = X.astype(self.dtype)
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]
        filter_size = W1.shape[2]
        conv_param = {"stride": 1, "pad": (filter_size - 1) // 2}
        pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
        if filter_size % 2 == 0:
            X = np.pad(X, ((0, 0), (0, 0), (0, 1), (0, 1)))

        # TODO: Forward pass, with the sandwich layers of cs231n.layer_utils.
        # BEGIN SOLUTION
        pooled, cache1 = conv_relu_pool_forward(X, W1, b1, conv_param, pool_param)
        hidden, cache2 = affine_relu_forward(pooled, W2, b2)
        scores, cache3 = affine_forward(hidden, W3, b3)
        # END SOLUTION

        if y is None:
            return scores

        # TODO: Backward pass: softmax loss with L2 regularization (0.5 * reg * sum(W**2)).
        # BEGIN SOLUTION
        grads = {}
        loss, dscores = softmax_loss(scores, y)
        dhidden, grads["W3"], grads["b3"] = affine_backward(dscores, cache3)
        dpooled, grads["W2"], grads["b2"] = affine_relu_backward(dhidden, cache2)
        _, grads["W1"], grads["b1"] = conv_relu_pool_backward(dpooled, cache1)
        for name in ("W1", "W2", "W3"):
            loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)
            grads[name] += self.reg * self.params[name]
        # END SOLUTION
        return loss, grads
