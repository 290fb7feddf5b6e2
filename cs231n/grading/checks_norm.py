"""Checks of the BatchNormalization part: batch and layer normalization, normalized FC nets."""

import dataclasses

import numpy as np

from .. import diagnose
from ..tolerances import TOLERANCES
from .checks_fc import fc_gradient_check, fc_init_check, fc_net
from .core import CheckFailed
from .known_statistics import BATCHNORM_TEST_MODE, NORMALIZATION_MISTAKES, NORMALIZATION_TERMS
from .measure import (
    as_array,
    backward_measurements,
    check,
    compare,
    gamma_products,
    gamma_upstreams,
    module,
    raw_input_used,
    requirement,
    same_dtype,
    scale_in_gradients,
    standardized_measurements,
    then_if_passed,
    unpack,
)

PART = "BatchNormalization"


def _layers():
    return module("layers")


def _arrays(value):
    """``value`` of `known_statistics` with its lists as arrays (tuples and dicts kept)."""
    if isinstance(value, list):
        return np.asarray(value, dtype=np.float64)
    if isinstance(value, tuple):
        return tuple(_arrays(v) for v in value)
    if isinstance(value, dict):
        return {k: _arrays(v) for k, v in value.items()}
    return value


def _known_terms(axis):
    """The sizes that name a wrong term of dx (`cs231n.diagnose`) for the backward check's fixed
    inputs: data (`known_statistics.NORMALIZATION_TERMS`)."""
    return _arrays(NORMALIZATION_TERMS[axis])


def _known_statistics(axis, scale=1.0, shift=0.0):
    """The means and stds along ``axis`` of what known mistakes give on the check's fixed input
    (`known_statistics`: data), for out scaled by ``scale`` and shifted by ``shift``."""
    known = NORMALIZATION_MISTAKES[axis]
    scale = np.asarray(scale, dtype=np.float64)
    means = {m: scale * np.asarray(v) + shift for m, v in known["means"].items()}
    stds = {m: np.abs(scale) * np.asarray(v) for m, v in known["stds"].items()}
    return means, stds


def _bn_inputs():
    """The notebook's train-mode input: relu(X W1) W2 with N, D1, D2, D3 = 200, 50, 60, 3."""
    np.random.seed(231)
    X = np.random.randn(200, 50)
    W1, W2 = np.random.randn(50, 60), np.random.randn(60, 3)
    return np.maximum(0, X.dot(W1)).dot(W2)


@check(PART, "batchnorm_forward")
def batchnorm_forward():
    forward = _layers().batchnorm_forward
    a = _bn_inputs()
    N, D = a.shape
    diagnose.set_sizes(N=N)
    gamma, beta = np.asarray([1.0, 2.0, 3.0]), np.asarray([11.0, 12.0, 13.0])
    measurements = []
    out, _ = unpack("batchnorm_forward", forward(a, np.ones(D), np.zeros(D), {"mode": "train"}), 2)
    dtype = same_dtype("out", out, a)
    means, stds = _known_statistics(0)
    measurements += standardized_measurements(
        "out (gamma=1, beta=0)", out, 0, 0.0, 1.0, (N, D), stds, means
    )
    out, _ = forward(a, gamma, beta, {"mode": "train"})
    measurements.insert(0, raw_input_used(out, a, gamma, beta))
    means, stds = _known_statistics(0, gamma, beta)
    measurements += standardized_measurements(
        "out (gamma, beta)",
        out,
        0,
        beta,
        gamma,
        (N, D),
        stds,
        means,
    )

    # Running averages: running = momentum * running + (1 - momentum) * batch statistic.
    running_mean, running_var = np.asarray([1.0, -2.0, 3.0]), np.asarray([4.0, 5.0, 6.0])
    bn_param = {
        "mode": "train",
        "momentum": 0.8,
        "running_mean": running_mean.copy(),
        "running_var": running_var.copy(),
    }
    forward(a, gamma, beta, bn_param)
    diagnose.set_sizes(N=N, inputs=[running_mean, running_var])
    for key, before, statistic, others in (
        ("running_mean", running_mean, a.mean(axis=0), {}),
        (
            "running_var",
            running_var,
            a.var(axis=0),
            {"the batch's std": a.std(axis=0), "the unbiased variance": a.var(axis=0, ddof=1)},
        ),
    ):
        if key not in bn_param:
            raise CheckFailed(f"batchnorm_forward did not store bn_param[{key!r}]")
        # Known mistakes: the weights swapped, the batch's statistic alone, another statistic.
        known = {
            "momentum and 1 - momentum swapped": 0.2 * before + 0.8 * statistic,
            "the batch's statistic alone": statistic,
            "the running average restarted from zeros": 0.2 * statistic,
            **{name: 0.8 * before + 0.2 * other for name, other in others.items()},
        }
        measurements.append(
            compare(
                f"bn_param[{key!r}] after a train step",
                bn_param[key],
                0.8 * before + 0.2 * statistic,
                TOLERANCES["batchnorm_forward"],
                before,
                candidates=known,
            )
        )

    # Test mode normalizes with the running averages in bn_param and leaves them alone. They are
    # set to fixed values here, for which the expected outputs are data (computed on the
    # instructor's side, see known_statistics), and the layer runs on the first rows of a.
    test = BATCHNORM_TEST_MODE
    rows = a[: len(test["out"])]
    stored_mean, stored_var = np.asarray(test["running_mean"]), np.asarray(test["running_var"])
    bn_param.update(mode="test", running_mean=stored_mean.copy(), running_var=stored_var.copy())
    out, _ = forward(rows, gamma, beta, bn_param)
    expected = np.asarray(test["out"])
    # Test mode normalizing with the batch's statistics gives train mode's output.
    batch_out, _ = forward(rows, gamma, beta, {"mode": "train"})
    measurements.append(
        compare(
            "test-mode out",
            out,
            expected,
            TOLERANCES["batchnorm_forward"],
            candidates={
                "the batch's statistics": np.asarray(batch_out, dtype=np.float64),
                "beta left out": expected - beta,
                "gamma left out": (expected - beta) / gamma + beta,
                "multiplied by the std where divided": np.asarray(
                    test["multiplied by the std where divided"]
                ),
                **_not_divided(out, rows, gamma, beta),
            },
        )
    )
    measurements.append(
        compare("running_mean after a test step", bn_param["running_mean"], stored_mean, 0.0)
    )
    return then_if_passed(
        measurements, lambda: [dtype, *_from_an_empty_bn_param(forward, a, gamma, beta)]
    )


def _not_divided(out, x, gamma, beta):
    """``candidates`` of a test-mode out from the out itself: gamma * (x - c) + beta with one
    constant c per feature (fitted to the answer), an x shifted but never divided by a std."""
    try:
        out = np.asarray(out, dtype=np.float64)
        if out.shape != x.shape or not np.all(gamma != 0) or len(x) < 2:
            return {}
        shift = np.mean(x - (out - beta) / gamma, axis=0)
        return {"x shifted but not divided by a std": gamma * (x - shift) + beta}
    except (TypeError, ValueError):
        return {}


def _from_an_empty_bn_param(forward, a, gamma, beta):
    """The running averages start at zero: a train step from an empty bn_param stores what a
    step from zeros stores."""
    D = a.shape[1]
    empty = {"mode": "train"}
    zeros = {"mode": "train", "running_mean": np.zeros(D), "running_var": np.zeros(D)}
    forward(a, gamma, beta, empty)
    forward(a, gamma, beta, zeros)
    measurements = []
    for key in ("running_mean", "running_var"):
        if key not in empty:
            raise CheckFailed(f"batchnorm_forward did not store bn_param[{key!r}]")
        measurements.append(
            compare(
                f"bn_param[{key!r}] from an empty bn_param, after a train step",
                empty[key],
                zeros[key],
                TOLERANCES["batchnorm_forward"],
            )
        )
    return measurements


def _bn_backward_inputs():
    np.random.seed(231)
    N, D = 4, 5
    x = 5 * np.random.randn(N, D) + 12
    gamma, beta, dout = np.random.randn(D), np.random.randn(D), np.random.randn(N, D)
    return x, gamma, beta, dout


def _x_hat(forward, x, param):
    """The normalized input, as the layer's own forward pass computes it (gamma=1, beta=0): a
    dx off by a multiple of it has a wrong term through the variance."""
    ones, zeros = np.ones(x.shape[1]), np.zeros(x.shape[1])
    try:
        return np.asarray(forward(x, ones, zeros, dict(param))[0], dtype=np.float64)
    except Exception:  # the forward pass's own check reports its errors
        return None


def _bn_backward_measurements(backward):
    x, gamma, beta, dout = _bn_backward_inputs()
    forward = _layers().batchnorm_forward
    # dgamma from x - mean instead of x_hat: each feature's entry times its std.
    std = np.sqrt(x.var(axis=0) + 1e-5)
    return backward_measurements(
        forward,
        backward,
        [x, gamma, beta, {"mode": "train"}],
        dout,
        ["dx", "dgamma", "dbeta", None],
        TOLERANCES[backward.__name__],
        sizes={"D": x.shape[1], **_known_terms(0)},
        known=scale_in_gradients(
            gamma,
            {
                "dgamma": {
                    "x - mean in place of x_hat": lambda expected: expected * std,
                    "the std's inverse in place of x_hat": (dout / std).sum(axis=0),
                },
                "dx": gamma_products(gamma),
            },
        ),
        upstreams=gamma_upstreams(dout, gamma),
    )


@check(PART, "batchnorm_backward")
def batchnorm_backward():
    return _bn_backward_measurements(_layers().batchnorm_backward)


@check(PART, "batchnorm_backward_alt")
def batchnorm_backward_alt():
    return _bn_backward_measurements(_layers().batchnorm_backward_alt)


@check(PART, "layernorm_forward")
def layernorm_forward():
    forward = _layers().layernorm_forward
    np.random.seed(231)
    X = np.random.randn(4, 50)
    W1, W2 = np.random.randn(50, 60), np.random.randn(60, 3)
    a = np.maximum(0, X.dot(W1)).dot(W2)
    N, D = a.shape
    diagnose.set_sizes(N=D)  # the statistics are over the D features of each example
    out, _ = unpack("layernorm_forward", forward(a, np.ones(D), np.zeros(D), {}), 2)
    dtype = same_dtype("out", out, a)
    means, stds = _known_statistics(1)
    measurements = standardized_measurements(
        "out (gamma=1, beta=0)", out, 1, 0.0, 1.0, (N, D), stds, means
    )
    out, _ = forward(a, 3 * np.ones(D), 5 * np.ones(D), {})
    measurements.insert(0, raw_input_used(out, a, 3.0, 5.0))
    means, stds = _known_statistics(1, 3.0, 5.0)
    measurements += standardized_measurements(
        "out (gamma=3, beta=5)",
        out,
        1,
        5.0,
        3.0,
        (N, D),
        stds,
        means,
    )
    return then_if_passed(measurements, lambda: [dtype])


@check(PART, "layernorm_backward")
def layernorm_backward():
    layers = _layers()
    x, gamma, beta, dout = _bn_backward_inputs()
    row_std = np.sqrt(x.var(axis=1, keepdims=True) + 1e-5)
    return backward_measurements(
        layers.layernorm_forward,
        layers.layernorm_backward,
        [x, gamma, beta, {}],
        dout,
        ["dx", "dgamma", "dbeta", None],
        TOLERANCES["layernorm_backward"],
        sizes={"D": x.shape[1], **_known_terms(1)},
        known=scale_in_gradients(
            gamma,
            {
                "dx": gamma_products(gamma),
                "dgamma": {"the std's inverse in place of x_hat": (dout / row_std).sum(axis=0)},
            },
        ),
        upstreams=gamma_upstreams(dout, gamma),
    )


@check(
    PART,
    "affine_norm_relu_forward/backward",
    requires=[("cs231n.layer_utils", "affine_norm_relu_forward")],
    covers=["affine_norm_relu_forward", "affine_norm_relu_backward"],
)
def affine_norm_relu():
    layer_utils = module("layer_utils")
    rng = np.random.RandomState(231)
    x, w, b = rng.randn(6, 4), rng.randn(4, 5), rng.randn(5)
    gamma, beta, dout = rng.randn(5), rng.randn(5), rng.randn(6, 5)
    measurements = []
    for normalization, param in (("batchnorm", {"mode": "train"}), ("layernorm", {})):

        def forward(x, w, b, gamma, beta, normalization=normalization, param=param):
            return layer_utils.affine_norm_relu_forward(x, w, b, gamma, beta, param, normalization)

        forward.__name__ = "affine_norm_relu_forward"
        found = backward_measurements(
            forward,
            layer_utils.affine_norm_relu_backward,
            [x, w, b, gamma, beta],
            dout,
            ["dx", "dw", "db", "dgamma", "dbeta"],
            TOLERANCES["affine_norm_relu_backward"],
            zero_grads=("db",) if normalization == "batchnorm" else (),
        )
        measurements += [
            dataclasses.replace(m, label=f"{m.label} ({normalization})") for m in found
        ]
    return measurements


@check(PART, "FullyConnectedNet.__init__[batchnorm]")
def fc_init_batchnorm():
    return fc_init_check("batchnorm")


@check(PART, "FullyConnectedNet.loss[batchnorm]")
def fc_loss_batchnorm():
    measurements = fc_gradient_check(
        TOLERANCES["FullyConnectedNet.loss[batchnorm]"], num_inputs=10, normalization="batchnorm"
    )
    return measurements + test_time_measurements()


def test_time_measurements():
    """At test time (y is None) batch normalization uses the running averages: each example's
    scores do not depend on the other examples of the batch, and the averages do not move."""
    np.random.seed(231)
    D, C = 15, 10
    X, y = np.random.randn(10, D), np.random.randint(C, size=10)
    model = fc_net(
        [20, 30],
        input_dim=D,
        num_classes=C,
        weight_scale=5e-2,
        dtype=np.float64,
        normalization="batchnorm",
    )
    for _ in range(3):  # train-time calls that set the running averages
        model.loss(X, y)
    running = _running_averages(model)
    dicts = list(getattr(model, "bn_params", None) or [])
    scores = as_array("test-time scores", model.loss(X), (10, C))
    unchanged = _running_averages(model)
    now = list(getattr(model, "bn_params", None) or [])
    if not _same(running, unchanged) and any(
        a is not b for a, b in zip(dicts, now)
    ):  # the dicts that hold the averages were replaced during the call
        raise CheckFailed(
            "after a test-time call of loss, self.bn_params holds other dicts than those the "
            "train-time calls wrote their running averages into, with other running averages",
            "self.bn_params",
        )
    part = model.loss(X[:3])
    measurements = [
        requirement(
            "test-time scores (y is None) leave the running averages unchanged",
            _same(running, unchanged),
        ),
        compare("test-time scores of 3 examples alone = their rows of 10", part, scores[:3], 1e-10),
    ]
    if all(m.passed for m in measurements):
        _running_averages_kept(model, running, X, scores)
    return measurements


def _running_averages_kept(model, running, X, scores):
    """The running averages live in self.bn_params, where test mode reads them (a layer given a
    copy of its bn_param keeps them in the copy: test mode then normalizes with none)."""
    for i, averages in enumerate(running):
        for key in ("running_mean", "running_var"):
            if key not in averages:
                raise CheckFailed(
                    f"self.bn_params[{i}] has no {key!r} after train-mode loss calls",
                    "self.bn_params",
                )
    if not running:
        return
    kept = model.bn_params[0]["running_mean"]
    model.bn_params[0]["running_mean"] = kept + 1.0
    moved = as_array("test-time scores", model.loss(X), scores.shape)
    model.bn_params[0]["running_mean"] = kept
    if np.array_equal(moved, scores):
        # Scores that depend on nothing (gamma 0, say) say nothing about the running averages.
        other = as_array("test-time scores", model.loss(2.0 * X + 1.0), scores.shape)
        if np.array_equal(other, scores):
            raise CheckFailed("test-time scores do not depend on X at all", "self.bn_params")
        raise CheckFailed(
            "test-time scores do not change when self.bn_params[0]['running_mean'] does",
            "self.bn_params",
        )


def _running_averages(model):
    """Copies of the running averages kept in the model's bn_params (the mode may change)."""
    params = getattr(model, "bn_params", None) or []
    return [
        {k: np.array(v) for k, v in p.items() if k.startswith("running")}
        for p in params
        if isinstance(p, dict)
    ]


def _same(a, b):
    return len(a) == len(b) and all(
        u.keys() == v.keys() and all(np.array_equal(u[k], v[k]) for k in u) for u, v in zip(a, b)
    )


@check(PART, "FullyConnectedNet.__init__[layernorm]")
def fc_init_layernorm():
    return fc_init_check("layernorm")


@check(PART, "FullyConnectedNet.loss[layernorm]")
def fc_loss_layernorm():
    return fc_gradient_check(
        TOLERANCES["FullyConnectedNet.loss[layernorm]"], num_inputs=10, normalization="layernorm"
    )
