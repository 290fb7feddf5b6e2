"""Fully connected networks: a two-layer net, and a net of any depth with optional batch/layer
norm and dropout."""

import numpy as np

from ..checks import check_float_dtype, check_probability

# CS231n course notebooks run `from cs231n.classifiers.fc_net import *` and then call layers such
# as batchnorm_forward or svm_loss by name, so this module re-exports every layer and sandwich
# (and, as the course's does, the fast layers).
from ..fast_layers import *  # noqa: F403, RUF100
from ..layer_utils import *  # noqa: F403, RUF100
from ..layer_utils import (
    affine_norm_relu_backward,
    affine_norm_relu_forward,
    affine_relu_backward,
    affine_relu_forward,
)
from ..layers import *  # noqa: F403, RUF100
from ..layers import (
    affine_backward,
    affine_forward,
    dropout_backward,
    dropout_forward,
    softmax_loss,
)

NORMALIZATIONS = (None, "batchnorm", "layernorm")


class TwoLayerNet:
    """Two-layer network: affine - relu - affine - softmax (the CS231n course's first model).

    Parameters
    ----------
    input_dim : int, size D of the (flattened) input
    hidden_dim : int, size H of the hidden layer
    num_classes : int, number C of classes
    weight_scale : float, standard deviation of the random initial weights
    reg : float, L2 regularization strength (loss term 0.5 * reg * sum(W**2), weights only);
        read at every call of ``loss``, so it can be changed after construction

    Attributes
    ----------
    params : dict with 'W1' (D, H), 'b1' (H,), 'W2' (H, C), 'b2' (C,), all float64
    """

    def __init__(
        self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0
    ):
        self.params = {}
        self.reg = reg

        # TODO: Initialize W1 and W2 (in this order) from a normal distribution with standard
        # deviation weight_scale (np.random.randn), and b1, b2 with zeros.
        # BEGIN SOLUTION
        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = np.zeros(hidden_dim)
        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = np.zeros(num_classes)
        # END SOLUTION

    def loss(self, X, y=None):
        """Compute class scores, or the loss and its gradients.

        Parameters
        ----------
        X : ndarray, shape (N, d_1, ..., d_k), flattening to input_dim features
        y : ndarray of int, shape (N,), or None

        Returns
        -------
        If y is None: scores, ndarray (N, num_classes).
        Otherwise: (loss, grads) where grads maps 'W1', 'b1', 'W2', 'b2' to their gradients.
        """
        # TODO: Forward pass with affine_relu_forward and affine_forward; keep the caches.
        # BEGIN SOLUTION
        hidden, hidden_cache = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, scores_cache = affine_forward(hidden, self.params["W2"], self.params["b2"])
        # END SOLUTION

        if y is None:
            return scores

        # TODO: Backward pass: softmax loss plus 0.5 * reg * sum(W**2) for W1 and W2, and the
        # gradient of every parameter in grads.
        # BEGIN SOLUTION
        grads = {}
        loss, dscores = softmax_loss(scores, y)
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)
        for name in ("W1", "W2"):
            W = self.params[name]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[name] += self.reg * W
        # END SOLUTION
        return loss, grads


class FullyConnectedNet:
    """Fully connected network with L = len(hidden_dims) + 1 layers:

        {affine - [batch/layer norm] - relu - [dropout]} x (L - 1) - affine - softmax

    Parameters
    ----------
    hidden_dims : list of int, the size of each hidden layer
    input_dim : int, size of the (flattened) input
    num_classes : int
    dropout_keep_ratio : float in (0, 1], probability of keeping a unit; 1 means no dropout
    normalization : None, 'batchnorm' or 'layernorm'
    reg : float, L2 regularization strength (loss term 0.5 * reg * sum(W**2), weights only)
    weight_scale : float, standard deviation of the random initial weights
    dtype : numpy float type of all parameters (float64 for gradient checks)
    seed : int or None; when given, dropout masks are deterministic (for gradient checks)
    dropout : float or None, the 2020 course's name for dropout_keep_ratio (give only one)

    Attributes
    ----------
    params : dict mapping 'W1', 'b1', ..., 'WL', 'bL' (and 'gamma1', 'beta1', ... up to layer
        L - 1 when normalizing) to arrays. Wi has shape (fan_in, fan_out); the rest (fan_out,).
    """

    def __init__(
        self,
        hidden_dims,
        input_dim=3 * 32 * 32,
        num_classes=10,
        dropout_keep_ratio=1,
        normalization=None,
        reg=0.0,
        weight_scale=1e-2,
        dtype=np.float32,
        seed=None,
        dropout=None,
    ):
        if dropout is not None:
            if dropout_keep_ratio != 1:
                raise ValueError(
                    "give the keep probability once: dropout (its 2020 name) or "
                    f"dropout_keep_ratio, not both (got {dropout} and "
                    f"{dropout_keep_ratio})"
                )
            dropout_keep_ratio = dropout
        if normalization not in NORMALIZATIONS:
            raise ValueError(
                f"unknown normalization {normalization!r}; use one of {NORMALIZATIONS}"
            )
        check_probability("FullyConnectedNet: dropout_keep_ratio", dropout_keep_ratio)
        check_float_dtype(dtype, "FullyConnectedNet")
        self.normalization = normalization
        self.use_dropout = dropout_keep_ratio != 1
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}

        # TODO: Initialize Wi from a normal distribution with standard deviation weight_scale,
        # bi with zeros, and, when normalizing, gamma_i with ones and beta_i with zeros for every
        # layer but the last.
        # BEGIN SOLUTION
        dims = [input_dim, *hidden_dims, num_classes]
        for i in range(1, self.num_layers + 1):
            fan_in, fan_out = dims[i - 1], dims[i]
            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)
            self.params[f"b{i}"] = np.zeros(fan_out)
            if normalization is not None and i < self.num_layers:
                self.params[f"gamma{i}"] = np.ones(fan_out)
                self.params[f"beta{i}"] = np.zeros(fan_out)
        # END SOLUTION

        # Dropout and normalization layers keep their mode (and running statistics) here.
        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed
        self.bn_params = []
        if normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for _ in range(self.num_layers - 1)]
        elif normalization == "layernorm":
            self.bn_params = [{} for _ in range(self.num_layers - 1)]

        for name, value in self.params.items():
            self.params[name] = value.astype(dtype)

    def loss(self, X, y=None):
        """Compute class scores, or the loss and its gradients.

        Parameters
        ----------
        X : ndarray, shape (N, d_1, ..., d_k), flattening to input_dim features
        y : ndarray of int, shape (N,), or None

        Returns
        -------
        If y is None: scores, ndarray (N, num_classes) (test-time forward pass).
        Otherwise: (loss, grads) where grads maps every key of self.params to its gradient.
        """
        X = X.astype(self.dtype)
        mode = "test" if y is None else "train"
        if self.use_dropout:
            self.dropout_param["mode"] = mode
        if self.normalization == "batchnorm":
            for bn_param in self.bn_params:
                bn_param["mode"] = mode

        # TODO: Forward pass: run the hidden layers (affine_norm_relu_forward from layer_utils
        # does affine - [norm] - relu; add dropout_forward after it when self.use_dropout), then
        # the last affine layer. Keep every cache for the backward pass.
        # BEGIN SOLUTION
        L = self.num_layers
        hidden = X
        caches = []
        for i in range(1, L):
            hidden, cache = affine_norm_relu_forward(
                hidden,
                self.params[f"W{i}"],
                self.params[f"b{i}"],
                self.params.get(f"gamma{i}"),
                self.params.get(f"beta{i}"),
                self.bn_params[i - 1] if self.bn_params else None,
                self.normalization,
            )
            dropout_cache = None
            if self.use_dropout:
                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)
            caches.append((cache, dropout_cache))
        scores, scores_cache = affine_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])
        # END SOLUTION

        if y is None:
            return scores

        # TODO: Backward pass: softmax loss plus 0.5 * reg * sum(W**2) over all weight matrices,
        # and the gradient of every parameter in grads (same keys as self.params).
        # BEGIN SOLUTION
        grads = {}
        loss, dout = softmax_loss(scores, y)
        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, scores_cache)
        for i in range(L - 1, 0, -1):
            cache, dropout_cache = caches[i - 1]
            if self.use_dropout:
                dout = dropout_backward(dout, dropout_cache)
            dout, *param_grads = affine_norm_relu_backward(dout, cache)
            names = ["W", "b"] + (["gamma", "beta"] if self.normalization else [])
            grads.update({f"{name}{i}": grad for name, grad in zip(names, param_grads)})
        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W
        # END SOLUTION
        return loss, grads
