"""Input checks of the layers: shapes and hyperparameters (provided).

Every layer in `cs231n.layers` and `cs231n.fast_layers` starts with one call to a function of
this module (a backward pass: right after it unpacks its cache), and so do the update rules of
`cs231n.optim` and the models' constructors. Each function raises ValueError with one message
naming what is wrong and returns nothing: it hands out no output size or padded input, which the
layers (and you) compute themselves. The autograder uses the same functions, so a bad input gives
the same message everywhere.

This module imports nothing but NumPy, so it works whatever state the files you edit are in.
"""

import numpy as np


def _describe(value):
    """``value`` and its type for a message, e.g. ``'2' (str)``."""
    return f"{value!r} ({type(value).__name__})"


def _is_integer(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_number(value):
    real = isinstance(value, (int, float, np.integer, np.floating))
    return real and not isinstance(value, (bool, np.bool_))


def check_integer(name, value, minimum):
    """Raise unless ``value`` (called ``name``) is an integer, not a bool, and >= ``minimum``."""
    if not _is_integer(value) or value < minimum:
        kind = {0: "a non-negative integer", 1: "a positive integer"}.get(
            minimum, f"an integer >= {minimum}"
        )
        raise ValueError(f"{name} must be {kind}, got {_describe(value)}")


def check_probability(name, value):
    """Raise unless ``value`` (called ``name``) is a number in (0, 1], not a bool."""
    if not _is_number(value) or not 0 < value <= 1:
        raise ValueError(f"{name} must be in (0, 1] (a number), got {_describe(value)}")


def check_ndim(name, array, ndim, layout):
    """Raise unless ``array`` has ``ndim`` dimensions (``layout`` names them, e.g. '(N, D)')."""
    if np.ndim(array) != ndim:
        raise ValueError(f"{name} must have shape {layout}, got shape {np.shape(array)}")


def check_mode(param, layer):
    """Raise unless ``param['mode']`` is 'train' or 'test'."""
    mode = param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"{layer}: mode must be 'train' or 'test', got {mode!r}")


def check_has_key(params, key, name):
    """Raise unless the dict ``params`` (called ``name`` in the message) has ``key``."""
    if key not in params:
        raise ValueError(f"{name} is missing the key {key!r} (got keys {sorted(params)})")


def check_windows_tile(size, window, pad, stride, what):
    """Raise unless windows of width ``window`` moved by ``stride`` tile the padded input exactly.

    The input has length ``size`` along the axis and ``pad`` zeros are added at both ends. The
    windows tile it when ``size + 2 * pad - window`` is a non-negative multiple of ``stride``.
    ``what`` names the axis in the message, e.g. 'conv height'.
    """
    if stride < 1 or pad < 0 or window < 1:
        raise ValueError(
            f"{what}: need stride >= 1, pad >= 0 and window >= 1 "
            f"(got stride={stride}, pad={pad}, window={window})"
        )
    span = size + 2 * pad - window
    if span < 0:
        raise ValueError(
            f"{what}: a window of {window} does not fit an input of {size} with pad {pad}"
        )
    if span % stride:
        raise ValueError(
            f"{what}: (input {size} + 2*pad {pad} - window {window}) = {span} is not "
            f"divisible by stride {stride}; the windows do not tile the input"
        )


# --------------------------------------------------------------------------------------------
# One check per layer
# --------------------------------------------------------------------------------------------


def check_affine_inputs(x, w, b):
    """Raise unless w is (D, M), b is (M,) and each example of x flattens to D features."""
    if np.ndim(w) != 2 or np.shape(b) != (np.shape(w)[1],):
        raise ValueError(
            f"affine: w must be (D, M) and b (M,), got w {np.shape(w)}, b {np.shape(b)}"
        )
    if np.ndim(x) < 1 or int(np.prod(np.shape(x)[1:])) != np.shape(w)[0]:
        raise ValueError(
            f"affine: x of shape {np.shape(x)} flattens to {int(np.prod(np.shape(x)[1:]))} "
            f"features per example but w expects {np.shape(w)[0]}"
        )


def check_scores_and_labels(x, y, name):
    """Raise unless x is (N, C) scores of N >= 1 examples and y holds N integer labels in [0, C)."""
    check_ndim(f"{name}: scores x", x, 2, "(N, C)")
    if x.shape[0] == 0:
        raise ValueError(
            f"{name}: scores x hold no example (shape {x.shape}); the mean needs N >= 1"
        )
    y = np.asarray(y)
    if y.shape != (x.shape[0],):
        raise ValueError(f"{name}: labels y must have shape ({x.shape[0]},), got {y.shape}")
    if not np.issubdtype(y.dtype, np.integer) or y.size and (y.min() < 0 or y.max() >= x.shape[1]):
        raise ValueError(f"{name}: labels y must be integers in [0, {x.shape[1]})")


def check_norm_inputs(x, gamma, beta, layer):
    """Raise unless x is (N, D) and gamma, beta are (D,) (batch and layer normalization)."""
    check_ndim(f"{layer}: x", x, 2, "(N, D)")
    D = np.shape(x)[1]
    if np.shape(gamma) != (D,) or np.shape(beta) != (D,):
        raise ValueError(
            f"{layer}: gamma and beta must have shape ({D},), "
            f"got {np.shape(gamma)} and {np.shape(beta)}"
        )


def check_batchnorm_inputs(x, gamma, beta, bn_param):
    """Raise unless x is (N, D), gamma and beta are (D,) and bn_param['mode'] is valid."""
    check_norm_inputs(x, gamma, beta, "batchnorm")
    check_mode(bn_param, "batchnorm")
    D = np.shape(x)[1]
    for key in ("running_mean", "running_var"):
        if key in bn_param and np.shape(bn_param[key]) != (D,):
            raise ValueError(
                f"batchnorm: bn_param[{key!r}] must have shape ({D},), one value per feature, "
                f"got {np.shape(bn_param[key])}"
            )


def check_dropout_param(dropout_param):
    """Raise unless dropout_param has a keep probability 'p' in (0, 1] and a valid 'mode'."""
    check_has_key(dropout_param, "p", "dropout_param")
    check_probability("dropout: keep probability dropout_param['p']", dropout_param["p"])
    check_mode(dropout_param, "dropout")


def check_conv_shapes(x_shape, w_shape, conv_param):
    """Raise unless x (N, C, H, W) and filters w (F, C, HH, WW) fit ``conv_param``.

    ``conv_param`` must hold 'stride' and 'pad', and the filters must tile the padded input
    along both axes (see `check_windows_tile`).
    """
    if len(x_shape) != 4:
        raise ValueError(f"conv: x must have shape (N, C, H, W), got {tuple(x_shape)}")
    if len(w_shape) != 4:
        raise ValueError(f"conv: w must have shape (F, C, HH, WW), got {tuple(w_shape)}")
    _, C, H, W = x_shape
    _, C_w, HH, WW = w_shape
    if C != C_w:
        raise ValueError(
            f"conv: x has {C} channels but w expects {C_w} (x {tuple(x_shape)}, w {tuple(w_shape)})"
        )
    check_has_key(conv_param, "stride", "conv_param")
    check_has_key(conv_param, "pad", "conv_param")
    stride, pad = conv_param["stride"], conv_param["pad"]
    check_integer("conv_param['stride']", stride, 1)
    check_integer("conv_param['pad']", pad, 0)
    check_windows_tile(H, HH, pad, stride, "conv height")
    check_windows_tile(W, WW, pad, stride, "conv width")


def check_conv_inputs(x, w, b, conv_param):
    """`check_conv_shapes`, and b must have one entry per filter: shape (F,)."""
    check_conv_shapes(np.shape(x), np.shape(w), conv_param)
    F = np.shape(w)[0]
    if np.shape(b) != (F,):
        raise ValueError(f"conv: b must have shape ({F},), got {np.shape(b)}")


def check_pool_inputs(x_shape, pool_param):
    """Raise unless x is (N, C, H, W) and the pool of ``pool_param`` tiles it (no padding).

    ``pool_param`` must hold 'pool_height', 'pool_width' and 'stride'.
    """
    if len(x_shape) != 4:
        raise ValueError(f"max pool: x must have shape (N, C, H, W), got {tuple(x_shape)}")
    _, _, H, W = x_shape
    for key in ("pool_height", "pool_width", "stride"):
        check_has_key(pool_param, key, "pool_param")
        check_integer(f"pool_param[{key!r}]", pool_param[key], 1)
    stride = pool_param["stride"]
    check_windows_tile(H, pool_param["pool_height"], 0, stride, "max pool height")
    check_windows_tile(W, pool_param["pool_width"], 0, stride, "max pool width")


def check_spatial_batchnorm_inputs(x):
    """Raise unless x is (N, C, H, W) (gamma, beta and bn_param are checked by batchnorm)."""
    check_ndim("spatial batchnorm: x", x, 4, "(N, C, H, W)")


def check_groupnorm_inputs(x, gamma, beta, G):
    """Raise unless x is (N, C, H, W), G divides C and gamma, beta are (1, C, 1, 1)."""
    check_ndim("spatial groupnorm: x", x, 4, "(N, C, H, W)")
    C = np.shape(x)[1]
    if not isinstance(G, (int, np.integer)) or G < 1 or C % G:
        raise ValueError(
            f"groupnorm: the group count G must be a positive integer dividing C={C}, got G={G!r}"
        )
    if np.shape(gamma) != (1, C, 1, 1) or np.shape(beta) != (1, C, 1, 1):
        raise ValueError(
            f"groupnorm: gamma and beta must have shape (1, {C}, 1, 1), "
            f"got {np.shape(gamma)} and {np.shape(beta)}"
        )


# --------------------------------------------------------------------------------------------
# Upstream gradients of the backward passes (where the cache tells the forward output's shape)
# --------------------------------------------------------------------------------------------


def check_dout(layer, dout, shape, layout):
    """Raise unless ``dout`` has ``shape``, the shape ``layout`` (e.g. '(N, M)') of the output."""
    if np.shape(dout) != tuple(shape):
        raise ValueError(
            f"{layer}: dout must have the shape of the forward output {layout} = {tuple(shape)}, "
            f"got {np.shape(dout)}"
        )


def check_affine_dout(dout, x, w):
    """Raise unless dout is (N, M) for x with N examples and w of shape (D, M)."""
    check_dout("affine_backward", dout, (np.shape(x)[0], np.shape(w)[1]), "(N, M)")


def check_relu_dout(dout, x):
    """Raise unless dout has the shape of x."""
    check_dout("relu_backward", dout, np.shape(x), "(shape of x)")


def check_dropout_dout(dout, mask):
    """Raise unless dout has the shape of the train-time mask (test mode has none: no check)."""
    if mask is not None:
        check_dout("dropout_backward", dout, np.shape(mask), "(shape of x)")


def check_conv_dout(dout, x, w, conv_param):
    """Raise unless dout is (N, F, H_out, W_out) for the convolution of x by w."""
    (N, _, H, W), (F, _, HH, WW) = np.shape(x), np.shape(w)
    stride, pad = conv_param["stride"], conv_param["pad"]
    shape = (N, F, 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride)
    check_dout("conv_backward_naive", dout, shape, "(N, F, H_out, W_out)")


def check_pool_dout(dout, x, pool_param):
    """Raise unless dout is (N, C, H_out, W_out) for the max pool of x."""
    N, C, H, W = np.shape(x)
    stride = pool_param["stride"]
    H_out = 1 + (H - pool_param["pool_height"]) // stride
    W_out = 1 + (W - pool_param["pool_width"]) // stride
    check_dout("max_pool_backward_naive", dout, (N, C, H_out, W_out), "(N, C, H_out, W_out)")


# --------------------------------------------------------------------------------------------
# Update rules (cs231n.optim) and models (cs231n.classifiers)
# --------------------------------------------------------------------------------------------


def check_update_inputs(rule, w, dw, config, hyperparameters, state_arrays=()):
    """Raise unless an update rule's inputs fit together.

    dw must have the shape of w; ``config`` must be a dict whose keys are all among
    ``hyperparameters`` (numbers) and ``state_arrays`` (arrays of w's shape), so that a misspelt
    key is refused instead of silently replaced by its default.
    """
    if np.shape(dw) != np.shape(w):
        raise ValueError(
            f"{rule}: dw must have the shape of w {np.shape(w)}, got {np.shape(dw)}; "
            "the update would change the parameter's shape"
        )
    if not isinstance(config, dict):
        raise ValueError(f"{rule}: config must be a dict or None, got {type(config).__name__}")
    valid = (*hyperparameters, *state_arrays)
    unknown = [key for key in config if key not in valid]
    if unknown:
        raise ValueError(
            f"{rule}: unknown key{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(map(repr, unknown))} in config (a Solver's optim_config); "
            f"valid keys: {', '.join(valid)}"
        )
    for key in hyperparameters:
        if key in config and not _is_number(config[key]):
            raise ValueError(
                f"{rule}: config[{key!r}] must be a number, got {_describe(config[key])}"
            )
    for key in state_arrays:
        if key in config and np.shape(config[key]) != np.shape(w):
            raise ValueError(
                f"{rule}: config[{key!r}] must have the shape of w {np.shape(w)}, "
                f"got {np.shape(config[key])}"
            )


def check_float_dtype(dtype, model):
    """Raise unless ``dtype`` is a floating-point type (integer weights would all round to 0)."""
    try:
        kind, shown = np.dtype(dtype).kind, np.dtype(dtype).name
    except TypeError:
        kind, shown = None, repr(dtype)
    if kind != "f":
        raise ValueError(
            f"{model}: dtype must be a floating-point type such as np.float32 or np.float64, "
            f"got {shown}"
        )
