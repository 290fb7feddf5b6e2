"""Layers of a neural network, written out in NumPy.

Every layer is a pair of plain functions:

    out, cache = layer_forward(inputs..., params)
    d_inputs... = layer_backward(dout, cache)

The forward pass returns its output and a ``cache`` tuple with whatever the backward pass needs;
the backward pass receives the upstream gradient ``dout`` (same shape as ``out``) and returns the
gradient with respect to every input, each with the shape of that input.

The parts you implement are marked with TODO comments.
"""

import numpy as np

from .checks import (
    check_affine_dout,
    check_affine_inputs,
    check_batchnorm_inputs,
    check_conv_dout,
    check_conv_inputs,
    check_dropout_dout,
    check_dropout_param,
    check_groupnorm_inputs,
    check_ndim,
    check_norm_inputs,
    check_pool_dout,
    check_pool_inputs,
    check_relu_dout,
    check_scores_and_labels,
    check_spatial_batchnorm_inputs,
)

# --------------------------------------------------------------------------------------------
# Affine and ReLU
# --------------------------------------------------------------------------------------------


def affine_forward(x, w, b):
    """Fully connected (affine) layer: ``out = x_flat @ w + b``.

    Parameters
    ----------
    x : ndarray, shape (N, d_1, ..., d_k)
        A minibatch of N examples; each is flattened to a vector of D = d_1 * ... * d_k.
    w : ndarray, shape (D, M)
    b : ndarray, shape (M,)

    Returns
    -------
    out : ndarray, shape (N, M)
    cache : tuple (x, w, b)
    """
    check_affine_inputs(x, w, b)
    # TODO: Flatten each example of x into a row and compute the affine output.
    # BEGIN SOLUTION
    out = x.reshape(x.shape[0], -1) @ w + b
    # END SOLUTION
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    """Backward pass of the affine layer.

    Parameters
    ----------
    dout : ndarray, shape (N, M)
    cache : tuple (x, w, b) from `affine_forward`

    Returns
    -------
    dx : ndarray, shape (N, d_1, ..., d_k), like x
    dw : ndarray, shape (D, M)
    db : ndarray, shape (M,)
    """
    x, w, b = cache
    check_affine_dout(dout, x, w)
    # TODO: Compute dx (reshaped back to the shape of x), dw and db.
    # BEGIN SOLUTION
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=0)
    # END SOLUTION
    return dx, dw, db


def relu_forward(x):
    """Rectified linear unit, elementwise ``max(0, x)``.

    Returns ``out`` (same shape as x) and ``cache = x``.
    """
    # TODO: Implement the ReLU forward pass.
    # BEGIN SOLUTION
    out = np.maximum(x, 0)
    # END SOLUTION
    cache = x
    return out, cache


def relu_backward(dout, cache):
    """Backward pass of ReLU: the gradient flows only where the input was positive.

    Returns ``dx`` with the shape of x.
    """
    x = cache
    check_relu_dout(dout, x)
    # TODO: Implement the ReLU backward pass.
    # BEGIN SOLUTION
    dx = dout * (x > 0)
    # END SOLUTION
    return dx


# --------------------------------------------------------------------------------------------
# Loss layers
# --------------------------------------------------------------------------------------------


def softmax_loss(x, y):
    """Softmax (cross-entropy) loss, averaged over the minibatch, and its gradient.

    Parameters
    ----------
    x : ndarray, shape (N, C)
        Class scores; x[i, j] is the score of class j for example i.
    y : ndarray of int, shape (N,)
        Correct labels, 0 <= y[i] < C.

    Returns
    -------
    loss : float
    dx : ndarray, shape (N, C)
    """
    check_scores_and_labels(x, y, "softmax_loss")
    # TODO: Compute the loss and dx. Subtract each row's max before exponentiating
    # (softmax is unchanged by the shift, and exp no longer overflows).
    # BEGIN SOLUTION
    N = x.shape[0]
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1
    dx /= N
    # END SOLUTION
    return loss, dx


def svm_loss(x, y):
    """Multiclass SVM (hinge) loss with margin 1, averaged over the minibatch, and its gradient.

    Parameters
    ----------
    x : ndarray, shape (N, C)
    y : ndarray of int, shape (N,)

    Returns
    -------
    loss : float
    dx : ndarray, shape (N, C)
    """
    check_scores_and_labels(x, y, "svm_loss")
    # TODO: Compute the loss and dx.
    # BEGIN SOLUTION
    N = x.shape[0]
    correct = x[np.arange(N), y][:, None]
    margins = np.maximum(0, x - correct + 1.0)
    margins[np.arange(N), y] = 0
    loss = margins.sum() / N
    positive = (margins > 0).astype(x.dtype)
    dx = positive
    dx[np.arange(N), y] -= positive.sum(axis=1)
    dx /= N
    # END SOLUTION
    return loss, dx


# --------------------------------------------------------------------------------------------
# Batch normalization (Ioffe & Szegedy, 2015) and layer normalization (Ba et al., 2016)
# --------------------------------------------------------------------------------------------


def batchnorm_forward(x, gamma, beta, bn_param):
    """Batch normalization of each feature over the minibatch.

    In 'train' mode each feature is standardized with the minibatch mean and (biased) variance,
    then scaled by gamma and shifted by beta. Running averages are kept for 'test' mode:

        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var = momentum * running_var + (1 - momentum) * sample_var

    Parameters
    ----------
    x : ndarray, shape (N, D)
    gamma, beta : ndarray, shape (D,)
    bn_param : dict
        'mode': 'train' or 'test' (required); 'eps' (default 1e-5); 'momentum' (default 0.9);
        'running_mean', 'running_var': ndarray (D,), created as zeros on first use and
        updated in place in this dict.

    Returns
    -------
    out : ndarray, shape (N, D)
    cache : tuple for `batchnorm_backward` (None in 'test' mode)
    """
    check_batchnorm_inputs(x, gamma, beta, bn_param)
    D = x.shape[1]
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    cache = None
    if mode == "train":
        # TODO: Normalize x with the minibatch statistics, scale and shift it, update the
        # running averages, and store in cache what batchnorm_backward needs.
        # BEGIN SOLUTION
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = (x - mean) * inv_std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, inv_std, gamma)
        # END SOLUTION
    else:
        # TODO: Normalize x with the running averages, then scale and shift it.
        # BEGIN SOLUTION
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
        # END SOLUTION

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    """Backward pass of batch normalization, step by step through the computation graph.

    The forward pass computes, per feature:
    mean = sum(x) / N;  xc = x - mean;  var = sum(xc**2) / N;  inv_std = (var + eps)**-0.5;
    x_hat = xc * inv_std;  out = gamma * x_hat + beta.

    Parameters
    ----------
    dout : ndarray, shape (N, D)
    cache : from `batchnorm_forward` in 'train' mode

    Returns
    -------
    dx : ndarray, shape (N, D)
    dgamma, dbeta : ndarray, shape (D,)
    """
    check_ndim("batchnorm_backward: dout", dout, 2, "(N, D)")
    # TODO: Backpropagate through each step of the graph above, last step first.
    # BEGIN SOLUTION
    x_hat, inv_std, gamma = cache
    N = dout.shape[0]
    xc = x_hat / inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc
    dinv_std = (dx_hat * xc).sum(axis=0)  # ... and via inv_std
    dvar = dinv_std * -0.5 * inv_std**3  # inv_std = (var + eps)**-0.5
    dxc += dvar * 2 * xc / N  # var = sum(xc**2) / N
    dmean = -dxc.sum(axis=0)  # xc = x - mean
    dx = dxc + dmean / N  # mean = sum(x) / N
    # END SOLUTION
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    """Backward pass of batch normalization from the simplified closed form.

    With dx_hat = dout * gamma, the gradient with respect to x is
        dx = inv_std / N * (N * dx_hat - sum(dx_hat) - x_hat * sum(dx_hat * x_hat))
    (sums over the batch axis). Same inputs and outputs as `batchnorm_backward`.
    """
    check_ndim("batchnorm_backward_alt: dout", dout, 2, "(N, D)")
    # TODO: Implement the closed form above.
    # BEGIN SOLUTION
    x_hat, inv_std, gamma = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    # END SOLUTION
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    """Layer normalization: standardize each example over its features, then scale and shift.

    Train and test time behave the same; there are no running averages.

    Parameters
    ----------
    x : ndarray, shape (N, D)
    gamma, beta : ndarray, shape (D,)
    ln_param : dict, optional key 'eps' (default 1e-5)

    Returns
    -------
    out : ndarray, shape (N, D)
    cache : tuple for `layernorm_backward`
    """
    check_norm_inputs(x, gamma, beta, "layernorm")
    eps = ln_param.get("eps", 1e-5)
    # TODO: Normalize each row of x. Hint: this is batchnorm's train-time normalization of x.T.
    # BEGIN SOLUTION
    mean = x.mean(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta
    cache = (x_hat, inv_std, gamma)
    # END SOLUTION
    return out, cache


def layernorm_backward(dout, cache):
    """Backward pass of layer normalization.

    Returns ``dx`` of shape (N, D) and ``dgamma``, ``dbeta`` of shape (D,).
    """
    check_ndim("layernorm_backward: dout", dout, 2, "(N, D)")
    # TODO: Compute the gradients. Hint: reuse batchnorm_backward_alt on transposed arrays.
    # BEGIN SOLUTION
    x_hat, inv_std, gamma = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    # Per example, layer norm is batch norm of x.T with gamma = 1: reuse its closed form.
    ones = np.ones(x_hat.shape[0], dtype=x_hat.dtype)
    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))
    dx = dx_t.T
    # END SOLUTION
    return dx, dgamma, dbeta


# --------------------------------------------------------------------------------------------
# Dropout (Srivastava et al., 2014), inverted: scaled at train time, identity at test time
# --------------------------------------------------------------------------------------------


def dropout_forward(x, dropout_param):
    """Inverted dropout.

    Parameters
    ----------
    x : ndarray, any shape
    dropout_param : dict
        'p': probability of KEEPING each neuron, in (0, 1];
        'mode': 'train' (drop and rescale by 1/p) or 'test' (return x unchanged);
        'seed' (optional): makes the mask deterministic, for gradient checks.

    Returns
    -------
    out : ndarray, same shape and dtype as x
    cache : tuple (dropout_param, mask); mask is None in 'test' mode
    """
    check_dropout_param(dropout_param)
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        rand = np.random.RandomState(dropout_param["seed"]).rand
    else:
        rand = np.random.rand

    mask = None
    if mode == "train":
        # TODO: Draw a mask (of x's dtype) that keeps each unit with probability p and divides
        # kept units by p (use rand(*x.shape) for the random numbers), and apply it.
        # BEGIN SOLUTION
        mask = (rand(*x.shape) < p).astype(x.dtype) / p
        out = x * mask
        # END SOLUTION
    else:
        out = x
    cache = (dropout_param, mask)
    return out, cache


def dropout_backward(dout, cache):
    """Backward pass of inverted dropout. Returns ``dx`` with the shape of ``dout``."""
    dropout_param, mask = cache
    check_dropout_dout(dout, mask)
    if dropout_param["mode"] == "test":
        return dout
    # TODO: Implement the train-time backward pass.
    # BEGIN SOLUTION
    dx = dout * mask
    # END SOLUTION
    return dx


# --------------------------------------------------------------------------------------------
# Convolution and max pooling, naive loops (fast versions are in cs231n/fast_layers.py)
# --------------------------------------------------------------------------------------------


def conv_forward_naive(x, w, b, conv_param):
    """Convolution (cross-correlation) of N images with F filters, with zero padding.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    w : ndarray, shape (F, C, HH, WW)
    b : ndarray, shape (F,)
    conv_param : dict
        'stride': step between neighbouring windows; 'pad': zeros added on every border.
        ``H_out = 1 + (H + 2 * pad - HH) / stride`` must be an integer, and likewise for W.

    Returns
    -------
    out : ndarray, shape (N, F, H_out, W_out)
    cache : tuple (x, w, b, conv_param)
    """
    check_conv_inputs(x, w, b, conv_param)
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    # TODO: Compute the output size H_out, W_out; pad x with zeros (np.pad; do not modify x);
    # slide every filter over every image.
    # BEGIN SOLUTION
    H_out = 1 + (H + 2 * pad - HH) // stride
    W_out = 1 + (W + 2 * pad - WW) // stride
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    window = x_pad[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    # END SOLUTION
    cache = (x, w, b, conv_param)
    return out, cache


def conv_backward_naive(dout, cache):
    """Backward pass of the naive convolution.

    Returns
    -------
    dx : ndarray, shape (N, C, H, W)
    dw : ndarray, shape (F, C, HH, WW)
    db : ndarray, shape (F,)
    """
    x, w, b, conv_param = cache
    check_conv_dout(dout, x, w, conv_param)
    # TODO: Every output element came from one window of the padded input and one filter:
    # send its gradient back to both. Remove the padding from dx at the end.
    # BEGIN SOLUTION
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, F, H_out, W_out = dout.shape
    HH, WW = w.shape[2:]
    H, W = x.shape[2:]
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]
                    dx_pad[n, :, rows, cols] += w[f] * dout[n, f, i, j]
    dx = dx_pad[:, :, pad : pad + H, pad : pad + W]
    # END SOLUTION
    return dx, dw, db


def max_pool_forward_naive(x, pool_param):
    """Max pooling over (pool_height x pool_width) windows moved by 'stride', without padding.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    pool_param : dict with 'pool_height', 'pool_width', 'stride'

    Returns
    -------
    out : ndarray, shape (N, C, H_out, W_out), H_out = 1 + (H - pool_height) / stride
    cache : tuple (x, pool_param)
    """
    check_pool_inputs(np.shape(x), pool_param)
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    # TODO: Compute the output size H_out, W_out, then take the maximum of every window, for all
    # images and channels at once.
    # BEGIN SOLUTION
    H_out = 1 + (H - ph) // stride
    W_out = 1 + (W - pw) // stride
    out = np.zeros((N, C, H_out, W_out), dtype=x.dtype)
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]
            out[:, :, i, j] = window.max(axis=(2, 3))
    # END SOLUTION
    cache = (x, pool_param)
    return out, cache


def max_pool_backward_naive(dout, cache):
    """Backward pass of max pooling.

    Each window's upstream gradient goes to ONE input position: the first maximum of the window
    in row-major order (what ``np.argmax`` on the flattened window returns). When several
    elements tie for the maximum this is a valid subgradient, while copying the gradient to all
    tied positions would not be. Gradients of overlapping windows add up.

    Returns ``dx`` of shape (N, C, H, W).
    """
    x, pool_param = cache
    check_pool_dout(dout, x, pool_param)
    # TODO: Route each window's gradient to the position of its maximum (see the tie rule above).
    # BEGIN SOLUTION
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    n_idx, c_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]
            first_max = window.reshape(N, C, -1).argmax(axis=2)
            rows = i * stride + first_max // pw
            cols = j * stride + first_max % pw
            dx[n_idx, c_idx, rows, cols] += dout[:, :, i, j]
    # END SOLUTION
    return dx


# --------------------------------------------------------------------------------------------
# Normalization for convolutional layers
# --------------------------------------------------------------------------------------------


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    """Batch normalization per channel, with statistics over the batch and both spatial axes.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    gamma, beta : ndarray, shape (C,)
    bn_param : dict, as for `batchnorm_forward`

    Returns
    -------
    out : ndarray, shape (N, C, H, W)
    cache : for `spatial_batchnorm_backward`
    """
    check_spatial_batchnorm_inputs(x)
    # TODO: Reshape x so that vanilla batchnorm_forward does the work, and reshape back.
    # BEGIN SOLUTION
    N, C, H, W = x.shape
    x_rows = x.transpose(0, 2, 3, 1).reshape(-1, C)  # one row per (n, h, w)
    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)
    out = out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    # END SOLUTION
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    """Backward pass of spatial batch normalization.

    Returns ``dx`` of shape (N, C, H, W) and ``dgamma``, ``dbeta`` of shape (C,).
    """
    check_ndim("spatial_batchnorm_backward: dout", dout, 4, "(N, C, H, W)")
    # TODO: Reshape dout like x in the forward pass and reuse batchnorm_backward_alt.
    # BEGIN SOLUTION
    N, C, H, W = dout.shape
    dout_rows = dout.transpose(0, 2, 3, 1).reshape(-1, C)
    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)
    dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    # END SOLUTION
    return dx, dgamma, dbeta


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    """Group normalization (Wu & He, 2018): per example, standardize each of G groups of channels.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    gamma, beta : ndarray, shape (1, C, 1, 1)
    G : int, number of groups; must divide C (channels [0, C/G) form group 0, and so on)
    gn_param : dict, optional key 'eps' (default 1e-5)

    Returns
    -------
    out : ndarray, shape (N, C, H, W)
    cache : for `spatial_groupnorm_backward`
    """
    check_groupnorm_inputs(x, gamma, beta, G)
    N, C, H, W = x.shape
    eps = gn_param.get("eps", 1e-5)
    # TODO: Standardize each group of each example (hint: x.reshape(N * G, -1) puts one group
    # per row, which is layer normalization), then scale and shift per channel.
    # BEGIN SOLUTION
    groups = x.reshape(N * G, -1)
    D = groups.shape[1]
    ones, zeros = np.ones(D, dtype=x.dtype), np.zeros(D, dtype=x.dtype)
    x_hat_groups, ln_cache = layernorm_forward(groups, ones, zeros, {"eps": eps})
    x_hat = x_hat_groups.reshape(N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, ln_cache)
    # END SOLUTION
    return out, cache


def spatial_groupnorm_backward(dout, cache):
    """Backward pass of spatial group normalization.

    Returns ``dx`` of shape (N, C, H, W) and ``dgamma``, ``dbeta`` of shape (1, C, 1, 1).
    """
    check_ndim("spatial_groupnorm_backward: dout", dout, 4, "(N, C, H, W)")
    # TODO: Compute dgamma and dbeta, then push dout * gamma back through the group standardization.
    # BEGIN SOLUTION
    x_hat, gamma, ln_cache = cache
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)
    dx_hat_groups = (dout * gamma).reshape(ln_cache[0].shape)
    dx_groups, _, _ = layernorm_backward(dx_hat_groups, ln_cache)
    dx = dx_groups.reshape(dout.shape)
    # END SOLUTION
    return dx, dgamma, dbeta
