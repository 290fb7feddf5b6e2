"""Checks of the FullyConnectedNets part: affine, ReLU, loss layers, update rules, the FC net."""
import numpy as np

from . import vectors
from .core import (LAYER_GRAD_TOL, MODEL_GRAD_TOL, VECTOR_TOL, CheckFailed, Measurement,
                   as_array, check, compare, deviation, module, numeric_gradient,
                   numeric_gradient_array, requirement, unpack)

PART = "FullyConnectedNets"


def _layers():
    return module("layers")


@check(PART, "affine_forward")
def affine_forward():
    inputs, expected = vectors.affine_forward_case()
    out, _ = unpack("affine_forward", _layers().affine_forward(*inputs), 2)
    return [compare("out", out, expected, VECTOR_TOL)]


def zero_gradient(label, analytic):
    """A gradient that is exactly zero in theory (a bias right before batchnorm): numeric noise
    makes its relative error meaningless, so its size is measured instead."""
    return deviation(f"{label} (exactly 0 in theory)", analytic, 0.0, 1e-7)


def backward_measurements(forward, backward, inputs, dout, names, threshold, h=1e-5,
                          zero_grads=()):
    """Compare ``backward(dout, cache)`` with numeric gradients for every input in ``names``.

    ``forward(*inputs)`` must return ``(out, cache)``; ``inputs`` is a list of arrays, and
    ``names`` gives for each input its gradient's name (or None for a non-array argument).
    Gradients named in ``zero_grads`` must be zero.
    """
    _, cache = unpack(forward.__name__, forward(*inputs), 2)
    grads = backward(dout, cache)
    array_names = [name for name in names if name is not None]
    if len(array_names) > 1:
        grads = unpack(backward.__name__, grads, len(array_names))
    else:
        grads = (grads,)
    measurements, position = [], 0
    for index, name in enumerate(names):
        if name is None:
            continue

        def f(value, index=index):
            args = list(inputs)
            args[index] = value
            return forward(*args)[0]

        if name in zero_grads:
            measurements.append(zero_gradient(name, grads[position]))
        else:
            numeric = numeric_gradient_array(f, inputs[index].copy(), dout, h=h)
            measurements.append(compare(name, grads[position], numeric, threshold))
        position += 1
    return measurements


@check(PART, "affine_backward")
def affine_backward():
    rng = np.random.RandomState(231)
    x, w, b = rng.randn(10, 2, 3), rng.randn(6, 5), rng.randn(5)
    dout = rng.randn(10, 5)
    layers = _layers()
    return backward_measurements(layers.affine_forward, layers.affine_backward, [x, w, b], dout,
                                 ["dx", "dw", "db"], LAYER_GRAD_TOL)


@check(PART, "relu_forward")
def relu_forward():
    x, expected = vectors.relu_forward_case()
    out, _ = unpack("relu_forward", _layers().relu_forward(x), 2)
    return [compare("out", out, expected, VECTOR_TOL)]


@check(PART, "relu_backward")
def relu_backward():
    rng = np.random.RandomState(231)
    x, dout = rng.randn(10, 10), rng.randn(10, 10)
    layers = _layers()
    return backward_measurements(layers.relu_forward, layers.relu_backward, [x], dout, ["dx"],
                                 LAYER_GRAD_TOL)


def _loss_layer(function, expected_loss):
    np.random.seed(231)
    num_classes, num_inputs = 10, 50
    x = 0.001 * np.random.randn(num_inputs, num_classes)
    y = np.random.randint(num_classes, size=num_inputs)
    loss, dx = unpack(function.__name__, function(x, y), 2)
    numeric = numeric_gradient(lambda z: function(z, y)[0], x.copy())
    big_loss, big_dx = function(1000.0 * np.random.randn(num_inputs, num_classes), y)
    finite = bool(np.isfinite(big_loss) and np.all(np.isfinite(as_array("dx", big_dx))))
    return [compare("loss", loss, expected_loss, VECTOR_TOL),
            compare("dx", dx, numeric, LAYER_GRAD_TOL),
            requirement("finite for scores of size 1000", finite)]


@check(PART, "softmax_loss")
def softmax_loss():
    return _loss_layer(_layers().softmax_loss, 2.302545844500738)


@check(PART, "svm_loss")
def svm_loss():
    return _loss_layer(_layers().svm_loss, 8.999602749096233)


# --------------------------------------------------------------------------------------------
# Update rules (test vectors of the notebook)
# --------------------------------------------------------------------------------------------

def _update(rule_name):
    rule = getattr(module("optim"), rule_name)
    w, dw, config, expected = vectors.optimizer_case(rule_name)
    next_w, config = unpack(rule_name, rule(w, dw, config), 2)
    measurements = [compare("next_w", next_w, expected.pop("next_w"), VECTOR_TOL)]
    for key, value in expected.items():
        if key not in config:
            raise CheckFailed(f"{rule_name} did not store config[{key!r}]")
        measurements.append(compare(f"config[{key!r}]", config[key], value, VECTOR_TOL))
    return measurements


@check(PART, "sgd_momentum")
def sgd_momentum():
    return _update("sgd_momentum")


@check(PART, "rmsprop")
def rmsprop():
    return _update("rmsprop")


@check(PART, "adam")
def adam():
    return _update("adam")


# --------------------------------------------------------------------------------------------
# FullyConnectedNet
# --------------------------------------------------------------------------------------------


def fc_net(*args, **kwargs):
    return module("classifiers.fc_net").FullyConnectedNet(*args, **kwargs)


def init_measurements(model, shapes, weight_scale, dtype, extra_ones=(), extra_zeros=()):
    """Parameter names, shapes, dtype, initial values (weights ~ N(0, weight_scale^2))."""
    params = getattr(model, "params", None)
    if not isinstance(params, dict):
        raise CheckFailed("model.params must be a dict")
    if set(params) != set(shapes):
        raise CheckFailed(f"model.params has keys {sorted(params)}, expected {sorted(shapes)}")
    measurements = []
    for name in sorted(shapes):
        value = as_array(f"params[{name!r}]", params[name], shapes[name])
        measurements.append(requirement(f"params[{name!r}] has dtype {np.dtype(dtype).name}",
                                        np.asarray(params[name]).dtype == dtype))
        if name.startswith("W"):
            # Five standard errors of the sample std and mean of n normal draws: a correct
            # initialization essentially never fails, a wrong scale or distribution always does.
            n = value.size
            measurements.append(Measurement(f"|std({name}) / weight_scale - 1|",
                                            abs(value.std() / weight_scale - 1),
                                            max(0.05, 5 / np.sqrt(2 * n))))
            measurements.append(Measurement(f"|mean({name})| / weight_scale",
                                            abs(value.mean()) / weight_scale, 5 / np.sqrt(n)))
        elif name.startswith("b") or name in extra_zeros:
            measurements.append(deviation(f"{name} (zeros)", value, 0.0, 0.0))
        elif name in extra_ones:
            measurements.append(deviation(f"{name} (ones)", value, 1.0, 0.0))
    return measurements


def fc_shapes(dims, normalization):
    shapes = {}
    for i in range(1, len(dims)):
        shapes[f"W{i}"], shapes[f"b{i}"] = (dims[i - 1], dims[i]), (dims[i],)
        if normalization and i < len(dims) - 1:
            shapes[f"gamma{i}"], shapes[f"beta{i}"] = (dims[i],), (dims[i],)
    return shapes


def fc_init_check(normalization):
    np.random.seed(231)
    dims = [120, 100, 80, 50]
    measurements = []
    for dtype in (np.float32, np.float64):
        model = fc_net(dims[1:-1], input_dim=dims[0], num_classes=dims[-1],
                       normalization=normalization, weight_scale=3e-2, dtype=dtype)
        ones = [f"gamma{i}" for i in range(1, len(dims) - 1)]
        zeros = [f"beta{i}" for i in range(1, len(dims) - 1)]
        measurements += init_measurements(model, fc_shapes(dims, normalization), 3e-2, dtype,
                                          ones, zeros)
    return measurements


@check(PART, "FullyConnectedNet.__init__")
def fc_init():
    return fc_init_check(None)


def model_gradient_measurements(model, X, y, threshold, label="", h=1e-5, zero_grads=()):
    """Numeric gradient check of every parameter of ``model`` (float64 params); the gradients
    of the parameters in ``zero_grads`` must be zero."""
    result = unpack("model.loss(X, y)", model.loss(X, y), 2)
    _, grads = result
    if not isinstance(grads, dict) or set(grads) != set(model.params):
        keys = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        raise CheckFailed(f"grads{label} has keys {keys}, expected {sorted(model.params)}")
    measurements = []
    for name in sorted(model.params):
        if name in zero_grads:
            measurements.append(zero_gradient(f"d{name}{label}", grads[name]))
            continue
        numeric = numeric_gradient(lambda _: model.loss(X, y)[0], model.params[name], h=h)
        measurements.append(compare(f"d{name}{label}", grads[name], numeric, threshold))
    return measurements


def regularization_measurements(model, X, y, reg):
    """The loss must grow by exactly ``0.5 * reg * sum(W**2)`` over the weight matrices."""
    model.reg = 0.0
    base = float(model.loss(X, y)[0])
    model.reg = reg
    regularized = float(model.loss(X, y)[0])
    penalty = sum(0.5 * reg * float(np.sum(np.asarray(v, dtype=np.float64) ** 2))
                  for k, v in model.params.items() if k.startswith("W"))
    return [compare(f"loss increase from reg={reg}", regularized - base, penalty, VECTOR_TOL)]


def fc_gradient_check(threshold, num_inputs=2, **kwargs):
    """The notebook's 2-15-(20, 30)-10 gradient check, at reg 0 and 3.14.

    With batchnorm the hidden biases cancel out (their gradients must be zero)."""
    zero_grads = ("b1", "b2") if kwargs.get("normalization") == "batchnorm" else ()
    np.random.seed(231)
    D, H1, H2, C = 15, 20, 30, 10
    X = np.random.randn(num_inputs, D)
    y = np.random.randint(C, size=num_inputs)
    measurements = []
    for reg in (0.0, 3.14):
        model = fc_net([H1, H2], input_dim=D, num_classes=C, reg=reg, weight_scale=5e-2,
                       dtype=np.float64, **kwargs)
        measurements += model_gradient_measurements(model, X, y, threshold, f" (reg={reg})",
                                                    zero_grads=zero_grads)
    measurements += regularization_measurements(model, X, y, 3.14)
    return measurements


def initial_loss_measurements(model, X, y, num_classes):
    """With tiny weights the scores are ~0, so the softmax loss is ~log(num_classes)."""
    loss = float(unpack("model.loss(X, y)", model.loss(X, y), 2)[0])
    expected = np.log(num_classes)
    return [Measurement("|initial loss - log(C)| / log(C)", abs(loss - expected) / expected, 0.01)]


@check(PART, "FullyConnectedNet.loss")
def fc_loss():
    np.random.seed(231)
    N, D, C = 7, 15, 10
    X, y = np.random.randn(N, D), np.random.randint(C, size=N)
    model = fc_net([20, 30], input_dim=D, num_classes=C, weight_scale=1e-3, dtype=np.float64)
    scores = model.loss(X)
    measurements = [requirement("loss(X) returns scores of shape (N, C)",
                                np.shape(scores) == (N, C))]
    measurements += initial_loss_measurements(model, X, y, C)
    measurements += fc_gradient_check(MODEL_GRAD_TOL)
    return measurements


# --------------------------------------------------------------------------------------------
# TwoLayerNet (the 2019-2020 courses' first model)
# --------------------------------------------------------------------------------------------


def two_layer_net(*args, **kwargs):
    return module("classifiers.fc_net").TwoLayerNet(*args, **kwargs)


@check(PART, "TwoLayerNet.__init__")
def two_layer_init():
    np.random.seed(231)
    model = two_layer_net(input_dim=120, hidden_dim=80, num_classes=20, weight_scale=3e-2)
    shapes = {"W1": (120, 80), "b1": (80,), "W2": (80, 20), "b2": (20,)}
    return init_measurements(model, shapes, 3e-2, np.float64)


@check(PART, "TwoLayerNet.loss")
def two_layer_loss():
    params, X, y, expected_scores, expected_loss, expected_loss_reg = vectors.two_layer_net_case()
    model = two_layer_net(input_dim=X.shape[1], hidden_dim=params["b1"].size,
                          num_classes=params["b2"].size)
    model.params = {name: value.copy() for name, value in params.items()}
    measurements = [compare("scores", model.loss(X), expected_scores, VECTOR_TOL)]
    for reg, expected in ((0.0, expected_loss), (1.0, expected_loss_reg)):
        model.reg = reg
        loss = unpack("model.loss(X, y)", model.loss(X, y), 2)[0]
        measurements.append(compare(f"loss (reg={reg})", loss, expected, VECTOR_TOL))
    for reg in (0.0, 0.7):
        model.reg = reg
        measurements += model_gradient_measurements(model, X, y, MODEL_GRAD_TOL, f" (reg={reg})")
    return measurements
