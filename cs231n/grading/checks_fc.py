"""Checks of the FullyConnectedNets part: affine, ReLU, loss layers, update rules, the FC net."""

import dataclasses
import itertools

import numpy as np

from .. import diagnose
from ..gradient_check import eval_numerical_gradient
from ..tolerances import TOLERANCES
from . import core, known_statistics, vectors
from .core import CheckFailed, Measurement, _same, fresh_random_state, watched
from .measure import (
    affine_mistakes,
    as_array,
    backward_measurements,
    changed_gradients,
    check,
    compare,
    init_measurements,
    initial_loss_measurements,
    model_gradient_measurements,
    module,
    regularization_measurements,
    requirement,
    same_dtype,
    state_mistakes,
    step_mistakes,
    then_if_passed,
    unpack,
)

PART = "FullyConnectedNets"


def _layers():
    return module("layers")


@check(PART, "affine_forward")
def affine_forward():
    (x, w, b), expected = vectors.affine_forward_case()
    threshold = TOLERANCES["affine_forward"]
    affine = _layers().affine_forward
    # x may have any number of axes after the first: the same numbers in 2, 3 and 5 axes
    # flatten to the same rows, so out is the same.
    shapes = ((2, 4, 5, 6), (2, 120), (2, 4, 30), (2, 2, 2, 5, 6))
    outs = [unpack("affine_forward", affine(x.reshape(shape), w, b), 2)[0] for shape in shapes]
    flat_right = (
        as_array("out", outs[1]).shape == expected.shape
        and compare("out", outs[1], expected, threshold).passed
    )
    # b added to every row of w before the product, x @ (w + b): each example's sum of
    # features times b where b belongs once.
    row_sums = x.reshape(x.shape[0], -1).sum(axis=1, keepdims=True)
    bias_in_w = {"b added to the rows of w": expected + (row_sums - 1) * b}
    measurements = []
    for shape, out in zip(shapes, outs):
        label = "out" if len(shape) == 4 else f"out (x of {len(shape)} axes, shape {shape})"
        known = reordered_flattens(affine, x.reshape(shape), w, b, out) if flat_right else {}
        known.update(bias_in_w)
        measurements.append(compare(label, out, expected, threshold, candidates=known))
    dtype = np.asarray(outs[0]).dtype
    return then_if_passed(
        measurements,
        lambda: [
            requirement("out keeps x's dtype (float64 here)", dtype == x.dtype),
            _with_negative_outputs(affine, x, w, b, expected),
            _scaled_afresh(affine, x, w, b, expected),
        ],
    )


def _scaled_afresh(affine, x, w, b, expected):
    """x and b scaled by a factor drawn afresh each run scale out by it (the layer is linear):
    an input no table of the fixed vector's answers knows."""
    scale = fresh_random_state().uniform(3.0, 10.0)
    out, _ = unpack("affine_forward", affine(scale * x, w, scale * b), 2)
    return compare(
        "out (x and b scaled by a factor drawn afresh)",
        out,
        scale * expected,
        TOLERANCES["affine_forward"],
    )


def _with_negative_outputs(affine, x, w, b, expected):
    """The course's case has only positive outputs: b lowered by 3 makes some negative (out
    moves by the same -3), and a layer that zeroes them is seen."""
    out, _ = unpack("affine_forward", affine(x, w, b - 3.0), 2)
    lowered = expected - 3.0
    return compare(
        "out (b - 3: some outputs negative)",
        out,
        lowered,
        TOLERANCES["affine_forward"],
        candidates={"its negative entries set to 0": np.maximum(lowered, 0.0)},
    )


def reordered_flattens(affine, x, w, b, out):
    """What affine_forward gives on ``x`` when it flattens each example's axes in another order
    (a transpose or order="F" before the reshape), the order whose result is nearest to ``out``:
    the student's own function, right on 2-d inputs, called on x's axes reordered and flattened
    in the default order."""
    N = x.shape[0]
    out = np.asarray(out, dtype=np.float64)
    nearest, distance = None, np.inf
    for order in itertools.permutations(range(1, x.ndim)):
        if order != tuple(range(1, x.ndim)):
            flat = np.ascontiguousarray(x.transpose(0, *order)).reshape(N, -1)
            produced, _ = unpack("affine_forward", affine(flat, w, b), 2)
            produced = as_array("out", produced)
            if produced.shape == out.shape and np.max(np.abs(produced - out)) < distance:
                nearest, distance = produced, np.max(np.abs(produced - out))
    return {} if nearest is None else {"x flattened with its axes in another order": nearest}


@check(PART, "affine_backward")
def affine_backward():
    rng = np.random.RandomState(231)
    x, w, b = rng.randn(10, 2, 3), rng.randn(6, 5), rng.randn(5)
    dout = rng.randn(10, 5)
    layers = _layers()
    return backward_measurements(
        layers.affine_forward,
        layers.affine_backward,
        [x, w, b],
        dout,
        ["dx", "dw", "db"],
        TOLERANCES["affine_backward"],
        known=affine_mistakes(x, dout),
    )


@check(PART, "relu_forward")
def relu_forward():
    x, expected = vectors.relu_forward_case()
    out, _ = unpack("relu_forward", _layers().relu_forward(x), 2)

    def mask(expected):
        return {"the mask of the positive entries": (np.asarray(expected) > 0).astype(np.float64)}

    threshold = TOLERANCES["relu_forward"]
    first = compare("out", out, expected, threshold, candidates=mask(expected))
    measurements = [relu_parts(x, first, out, expected)]
    # The conv net calls ReLU on (N, F, H, W) activations: the same entries, and their known
    # outputs, arranged in four axes (ReLU acts entry by entry, so out keeps x's shape).
    x4 = np.stack([x, x[::-1]]).reshape(2, 3, 2, 2)
    expected4 = np.stack([expected, expected[::-1]]).reshape(2, 3, 2, 2)
    out4, _ = unpack("relu_forward", _layers().relu_forward(x4), 2)
    measurements.append(
        relu_parts(
            x4,
            compare("out (x of four axes)", out4, expected4, threshold, candidates=mask(expected4)),
            out4,
            expected4,
        )
    )
    # ReLU scales with a positive factor (relu(c x) = c relu(x)), here one drawn afresh each run,
    # which no table of the fixed vector's answers knows; the course's x lies in [-0.5, 0.5],
    # where a ReLU capped at 1 (np.clip(x, 0, 1)) is right too (blind set M).
    scale = fresh_random_state().uniform(3.0, 10.0)
    out_scaled, _ = unpack("relu_forward", _layers().relu_forward(scale * x), 2)
    measurements.append(
        relu_parts(
            scale * x,
            compare("out (x scaled by 3 to 10)", out_scaled, scale * expected, threshold),
            out_scaled,
            scale * expected,
        )
    )
    dtype = np.asarray(out).dtype
    return then_if_passed(
        measurements, lambda: [requirement("out keeps x's dtype (float64 here)", dtype == x.dtype)]
    )


def relu_parts(x, measurement, out, expected):
    """``measurement`` of ReLU's out, with a symptom when nothing else explains it: which of
    two groups of entries is wrong, those where x is negative or those where it is positive
    (out against the expected out, group by group)."""
    if measurement.passed or any(s.kind != "some entries" for s in measurement.symptoms):
        return measurement
    x, out = np.asarray(x, dtype=np.float64), np.asarray(out, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    negative, positive = x < 0, x > 0
    if out.shape != x.shape or not (np.any(negative) and np.any(positive)):
        return measurement
    wrong = np.abs(out - expected) > 1e-6 * float(np.max(np.abs(expected)))
    parts = {
        (True, True): "both parts",
        (True, False): "negative entries",
        (False, True): "positive entries",
    }.get((bool(np.any(wrong[negative])), bool(np.any(wrong[positive]))))
    if parts is None:
        return measurement
    fact = {
        "both parts": "{name} is wrong both where x is negative and where x is positive",
        "negative entries": "{name} is wrong where x is negative (and right where it is positive)",
        "positive entries": "{name} is wrong where x is positive (and right where it is negative)",
    }[parts]
    symptom = diagnose.Symptom("relu parts", fact, names=(parts,))
    return dataclasses.replace(measurement, symptoms=(symptom,))


@check(PART, "relu_backward")
def relu_backward():
    rng = np.random.RandomState(231)
    x, dout = rng.randn(10, 10), rng.randn(10, 10)
    layers = _layers()
    measurements = backward_measurements(
        layers.relu_forward, layers.relu_backward, [x], dout, ["dx"], TOLERANCES["relu_backward"]
    )
    return then_if_passed(measurements, lambda: _relu_dx_at_zero(layers, x, dout))


def _relu_dx_at_zero(layers, x, dout):
    """At an input of exactly 0 (where numeric gradients say nothing) the gradient does not flow:
    dx is 0 there, as the hidden grader's large input checks (dout let through is caught; a
    0/0 of a ratio is left to that check)."""
    x = np.where(np.arange(x.size).reshape(x.shape) % 3 == 0, 0.0, x)
    _, cache = unpack("relu_forward", layers.relu_forward(x), 2)
    dx = as_array("dx", layers.relu_backward(dout, cache), x.shape)
    at_zero = np.abs(dx[x == 0])
    worst = float(np.max(at_zero, initial=0.0, where=~np.isnan(at_zero)))
    return [Measurement("dx where x == 0 max |dx|", worst, 0.0)]  # its hint: cs231n.hints


# The expected loss of the check's two sets of scores (0.001 * randn, the notebook's, and randn),
# and what known mistakes give on them, computed once from the defining formulas.
LOSS_CASES = {
    "softmax_loss": (
        2.302545844500738,
        2.7671651847797984,
        {
            "probabilities normalized over the batch": (3.911957507691746, 4.42834536976803),
            "every label taken for every example": (2.30261195482826, 2.72083857327177),
            "each column's maximum subtracted (axis 0)": (2.3024954136097175, 2.874136500071899),
            # After set K (PyTorch's log_softmax on the same scores): -log p averaged over every
            # class of every example; the log of each exponential summed where the log of their
            # sum belongs (after the maximum is subtracted).
            "every class's log-probability averaged": (2.302585569591114, 2.732709478925744),
            "the log taken before the sum over classes": (
                -0.013880997200039045,
                -13.682784664236625,
            ),
        },
    ),
    "svm_loss": (
        8.999602749096233,
        11.100240170648625,
        {
            "margins without the delta": (0.004980372598215624, 5.254390809976343),
            "negative margins not clipped": (None, 9.34455705854055),
            "margins with the delta subtracted": (0.0, 1.950633705917124),
            "squared margins (a squared hinge)": (8.999224657268565, 26.060676006944792),
            "no margin counted (a loss of 0)": (0.0, 0.0),
        },
    ),
}


# The expected loss of scores of spread 100 (100 * randn, drawn after the two sets above): a
# row's scores lie up to 420 apart (a correct class's probability is down to 1e-183, margins
# reach hundreds), so scores clipped or squashed anywhere change the loss; computed with
# PyTorch's cross_entropy and multi_margin_loss (times the number of classes).
WIDE_LOSS = {"softmax_loss": 166.87364507361497, "svm_loss": 546.5733403175467}


def every_row_mistakes(name, expected, y):
    """What dx of a loss layer (``name``: softmax_loss or svm_loss) holds when each example's
    correct-class term is written to ``dx[:, y]`` (the columns y of every row, with numpy's
    last-write-wins for repeated labels) instead of one entry per row; from the expected dx:
    the term is -1/N for softmax, the whole correct-class entry for the SVM (the correct class
    has no margin of its own)."""
    try:
        expected = np.array(expected, dtype=np.float64)
        y = np.asarray(y)
        N = expected.shape[0]
        if expected.ndim != 2 or y.shape != (N,) or N < 2:
            return {}
        rows = np.arange(N)
        term = expected[rows, y].copy() if name == "svm_loss" else np.full(N, -1.0 / N)
        rest = expected.copy()
        rest[rows, y] -= term
        wrong = rest.copy()
        wrong[:, y] = wrong[:, y] + term[None, :]
        return {"the correct class's term at columns y of every row": wrong}
    except (IndexError, TypeError, ValueError):
        return {}


def probability_mistakes(name, expected, y):
    """What softmax's dx holds when each probability p enters as p * (1 - p) (a sigmoid's
    derivative, the diagonal of softmax's Jacobian) where p belongs: from the expected dx,
    (p - one_hot(y)) / N, the probabilities are read back. ``{}`` for other losses."""
    if name != "softmax_loss":
        return {}
    try:
        expected = np.array(expected, dtype=np.float64)
        N = expected.shape[0]
        if expected.ndim != 2 or np.shape(y) != (N,):
            return {}
        p = N * expected
        p[np.arange(N), np.asarray(y)] += 1
        return {"p * (1 - p) in place of each probability p": expected - p * p / N}
    except (IndexError, TypeError, ValueError):
        return {}


def margin_value_mistakes(name, case):
    """What the SVM's dx holds on the check's fixed scores ``case`` ("dx" or "dx (scores of
    spread 1)") when each margin that counts enters with its value instead of the 0/1
    indicator of being positive (the hinge's slope): data computed on the instructor's side.
    ``{}`` for other losses."""
    if name != "svm_loss":
        return {}
    values = np.asarray(known_statistics.SVM_MARGIN_VALUES[case])
    return {"the margins' values in place of their 0/1 indicator": values}


def log_constant_mistakes(name, spread_loss):
    """What softmax's loss is on the check's two sets of scores when a small constant eps is
    added to the probabilities inside the log, log(p + eps): eps read off the loss of scores of
    spread 1 and rounded to one significant digit (a constant someone writes: 1e-7, 5e-8), then
    the loss it gives, to second order in eps (the coefficients are data:
    `known_statistics.LOG_EPSILON_TERMS`). ``{}`` for other losses."""
    if name != "softmax_loss":
        return {}
    terms = known_statistics.LOG_EPSILON_TERMS
    expected = LOSS_CASES[name][:2]
    try:
        change = float(np.asarray(spread_loss, dtype=np.float64)) - expected[1]
    except (TypeError, ValueError):
        return {}
    first, second = terms[1]
    eps = change / first
    eps = change / (first + second * eps)  # the second-order term, once
    if not 1e-15 <= eps <= 1e-4:
        return {}
    eps = float(f"{eps:.0e}")
    return {
        "a small constant added to the probabilities inside the log": tuple(
            loss + first * eps + second * eps**2 for loss, (first, second) in zip(expected, terms)
        )
    }


def _loss_layer(function):
    expected_loss, expected_spread_loss, mistakes = LOSS_CASES[function.__name__]
    np.random.seed(231)
    num_classes, num_inputs = 10, 50
    x = 0.001 * np.random.randn(num_inputs, num_classes)
    y = np.random.randint(num_classes, size=num_inputs)
    diagnose.set_sizes(N=num_inputs, C=num_classes, labels=y)
    loss, dx = unpack(function.__name__, function(x, y), 2)
    as_array("loss", loss, ())  # one number (the checks below test its truth value)
    if core.stops_at_failure():  # a repair's trial: a wrong loss fails before the slow part
        compare("loss", loss, expected_loss, TOLERANCES[function.__name__])
    numeric = eval_numerical_gradient(lambda z: function(z, y)[0], x.copy(), verbose=False)
    # Scores near 1000 overflow exp unless each row's maximum is subtracted first; their spread
    # stays small, so the shifted probabilities do not round to 0 (both textbook forms pass).
    big_loss, big_dx = function(1000.0 + np.random.randn(num_inputs, num_classes), y)
    finite = bool(np.isfinite(big_loss) and np.all(np.isfinite(as_array("dx", big_dx))))
    # Scores of spread 1: some SVM margins are negative (clipped to 0), unlike the tiny ones.
    spread = np.random.randn(num_inputs, num_classes)
    spread_loss, spread_dx = unpack(function.__name__, function(spread.copy(), y), 2)
    spread_numeric = eval_numerical_gradient(
        lambda z: function(z, y)[0], spread.copy(), verbose=False
    )
    wide = 100.0 * np.random.randn(num_inputs, num_classes)
    name, threshold = function.__name__, TOLERANCES[function.__name__]

    log_eps = log_constant_mistakes(name, spread_loss)

    def known(index):
        return {
            **{k: v[index] for k, v in mistakes.items() if v[index] is not None},
            **{k: v[index] for k, v in log_eps.items()},
        }

    # Overflow is only in question when ordinary scores give finite values.
    ordinary = all(
        np.all(np.isfinite(as_array(label, value)))
        for label, value in (("loss", loss), ("dx", dx), ("loss", spread_loss), ("dx", spread_dx))
    )
    measurements = [
        compare("loss", loss, expected_loss, threshold, candidates=known(0)),
        compare(
            "dx",
            dx,
            numeric,
            threshold,
            candidates={
                **every_row_mistakes(function.__name__, numeric, y),
                **margin_value_mistakes(function.__name__, "dx"),
                **probability_mistakes(function.__name__, numeric, y),
            },
        ),
        *([requirement("finite for scores near 1000", finite)] if ordinary else []),
        compare(
            "loss (scores of spread 1)",
            spread_loss,
            expected_spread_loss,
            threshold,
            candidates=known(1),
        ),
        compare(
            "dx (scores of spread 1)",
            spread_dx,
            spread_numeric,
            10 * threshold,
            candidates={
                **every_row_mistakes(function.__name__, spread_numeric, y),
                **margin_value_mistakes(function.__name__, "dx (scores of spread 1)"),
                **probability_mistakes(function.__name__, spread_numeric, y),
            },
        ),
    ]
    return then_if_passed(
        measurements,
        lambda: [
            compare(
                "loss (scores of spread 100)",
                unpack(name, function(wide, y), 2)[0],
                WIDE_LOSS[name],
                threshold,
            ),
            same_dtype("dx", dx, x),
        ],
    )


@check(PART, "softmax_loss")
def softmax_loss():
    return _loss_layer(_layers().softmax_loss)


@check(PART, "svm_loss")
def svm_loss():
    return _loss_layer(_layers().svm_loss)


# --------------------------------------------------------------------------------------------
# Update rules (test vectors of the notebook)
# --------------------------------------------------------------------------------------------


def one_scale_step(w, dw, next_w):
    """``candidates`` of RMSProp's next_w: a step that is one number
    times dw for every entry, that number fitted to the answer itself (a scale shared by all
    entries, such as the root of the cache's mean, where each entry has its own)."""
    try:
        step = np.asarray(next_w, dtype=np.float64) - np.asarray(w, dtype=np.float64)
        dw = np.asarray(dw, dtype=np.float64)
        if step.shape != dw.shape or not np.any(dw):
            return {}
        scale = float(np.sum(step * dw) / np.sum(dw * dw))
        return {"a step of one scale for every entry": w + scale * dw} if scale else {}
    except (TypeError, ValueError):
        return {}


def _update(rule_name):
    # Watched: an update rule that changes the caller's w or dw in place gets that hint.
    rule = watched(getattr(module("optim"), rule_name))
    w, dw, config, expected = vectors.optimizer_case(rule_name)
    before = {key: np.copy(value) for key, value in config.items()}
    w_before = np.copy(w)
    named = {"dw": dw}
    if "velocity" in config:
        named["the old velocity"] = np.copy(config["velocity"])
    rate = config.get("learning_rate")
    coefficients = {"lr": rate}
    if "velocity" in config and rate:  # momentum's default, 0.9, when the config has none
        coefficients["lr*momentum"] = rate * config.get("momentum", 0.9)
    diagnose.set_sizes(inputs=[w], named=named, coefficients=coefficients)
    dw_before = np.copy(dw)
    next_w, config = unpack(rule_name, rule(w, dw, config), 2)
    unchanged = [
        requirement(f"{name} (an input) unchanged", _same(before_call, array))
        for name, before_call, array in (("w", w_before, w), ("dw", dw_before, dw))
    ]
    # An array stored or returned in place of another is recognized by its expected value.
    known = {f"the expected {key}": value for key, value in expected.items()}
    # A running average with its two weights swapped: old + new - expected.
    swapped = {
        key: before[key] + (dw * dw if key in ("cache", "v") else dw) - expected[key]
        for key in ("cache", "m", "v")
        if key in expected and key in before
    }
    # The learning rate read where the decay weight belongs: the same value as the weights
    # swapped when learning_rate = 1 - the weight (RMSProp's case: 1e-2 and 0.99), then named
    # as both.
    swap_names, as_rate = {}, {}
    for key in swapped:
        new = dw * dw if key in ("cache", "v") else dw
        value = rate * before[key] + (1 - rate) * new if rate is not None else None
        if value is not None and np.allclose(value, swapped[key], rtol=diagnose.EXACT, atol=0):
            swap_names[key] = "the decay weights swapped, or learning_rate as the decay weight"
        elif value is not None:
            as_rate[key] = value
    measurements = [
        compare(
            "next_w",
            next_w,
            expected["next_w"],
            TOLERANCES[rule_name],
            candidates={
                **{k: v for k, v in known.items() if k != "the expected next_w"},
                **step_mistakes(rule_name, w_before, expected["next_w"], before, expected, dw=dw),
                **(one_scale_step(w_before, dw, next_w) if rule_name == "rmsprop" else {}),
            },
        )
    ]
    for key, value in expected.items():
        if key == "next_w":
            continue
        if key not in config:
            raise CheckFailed(f"{rule_name} did not store config[{key!r}]")
        measurements.append(
            compare(
                f"config[{key!r}]",
                config[key],
                value,
                TOLERANCES[rule_name],
                before.get(key),
                candidates={
                    **{k: v for k, v in known.items() if k != f"the expected {key}"},
                    **(
                        {swap_names.get(key, "the decay weights swapped"): swapped[key]}
                        if key in swapped
                        else {}
                    ),
                    **(
                        {"learning_rate as the decay weight": as_rate[key]}
                        if key in as_rate
                        else {}
                    ),
                    **state_mistakes(key, dw, before, expected),
                },
            )
        )
    measurements += unchanged
    return then_if_passed(measurements, lambda: [same_dtype("next_w", next_w, w_before, "w")])


def _first_step(rule_name):
    """The first call with no config at all, for a matrix w: the state starts at zero, so
    momentum's first step is plain SGD and Adam's (its corrected moments are dw and dw**2)
    moves each weight by learning_rate against the sign of its gradient."""
    rng = np.random.RandomState(231)
    w, dw = rng.randn(4, 5), rng.randn(4, 5)
    next_w, config = unpack(rule_name, getattr(module("optim"), rule_name)(w, dw.copy()), 2)
    if not isinstance(config, dict):
        raise CheckFailed(f"{rule_name} must return (next_w, config) with config a dict")
    stored = (
        ("learning_rate", "epsilon", "t") if rule_name == "adam" else ("learning_rate", "velocity")
    )
    for key in stored:
        if key not in config:
            raise CheckFailed(f"{rule_name} did not store config[{key!r}] in a config it made")
    lr, label = config["learning_rate"], "next_w after a first call with no config"
    if rule_name == "sgd_momentum":
        expected_w, expected_v = w - lr * dw, -lr * dw
        # dw changed before use: both move as the gradient term does.
        moved = {m: -lr * (value - dw) for m, value in changed_gradients(dw).items()}
        return [
            compare(
                label,
                next_w,
                expected_w,
                TOLERANCES[rule_name],
                candidates={m: expected_w + move for m, move in moved.items()},
            ),
            compare(
                "config['velocity'] after a first call with no config (it starts at 0)",
                config["velocity"],
                expected_v,
                TOLERANCES[rule_name],
                candidates={m: expected_v + move for m, move in moved.items()},
            ),
        ]
    step = lr * dw / (np.abs(dw) + config["epsilon"])
    return [
        compare(
            "config['t'] after a first call with no config (it starts at 0)",
            config["t"],
            1,
            TOLERANCES[rule_name],
            0,
        ),
        compare(label, next_w, w - step, TOLERANCES[rule_name]),
    ]


@check(PART, "sgd_momentum")
def sgd_momentum():
    return then_if_passed(_update("sgd_momentum"), lambda: _first_step("sgd_momentum"))


@check(PART, "rmsprop")
def rmsprop():
    return _update("rmsprop")


@check(PART, "adam")
def adam():
    return then_if_passed(_update("adam"), lambda: _first_step("adam"))


# --------------------------------------------------------------------------------------------
# FullyConnectedNet
# --------------------------------------------------------------------------------------------


def fc_net(*args, **kwargs):
    return module("classifiers.fc_net").FullyConnectedNet(*args, **kwargs)


def fc_shapes(dims, normalization):
    shapes = {}
    for i in range(1, len(dims)):
        shapes[f"W{i}"], shapes[f"b{i}"] = (dims[i - 1], dims[i]), (dims[i],)
        if normalization and i < len(dims) - 1:
            shapes[f"gamma{i}"], shapes[f"beta{i}"] = (dims[i],), (dims[i],)
    return shapes


def fc_init_measurements(model, dims, normalization, dtype):
    """`init_measurements` of a FullyConnectedNet of layer sizes ``dims`` built with weight_scale
    3e-2 (gamma at ones, beta at zeros), naming W shapes of the hidden sizes in reverse order
    (shared with the hidden grader)."""
    hidden = range(1, len(dims) - 1)
    reversed_sizes = [dims[0], *dims[-2:0:-1], dims[-1]]
    return init_measurements(
        model,
        fc_shapes(dims, normalization),
        3e-2,
        dtype,
        [f"gamma{i}" for i in hidden],
        [f"beta{i}" for i in hidden],
        other_shapes={
            "the hidden sizes in reverse order": fc_shapes(reversed_sizes, normalization)
        },
    )


def fc_init_check(normalization):
    np.random.seed(231)
    dims = [120, 100, 80, 50]
    measurements = []
    for dtype in (np.float32, np.float64):
        model = fc_net(
            dims[1:-1],
            input_dim=dims[0],
            num_classes=dims[-1],
            normalization=normalization,
            weight_scale=3e-2,
            dtype=dtype,
        )
        measurements += fc_init_measurements(model, dims, normalization, dtype)
    if all(m.passed for m in measurements):
        _draws_from_the_callers_generator(dims, normalization)
    return measurements


def _draws_from_the_callers_generator(dims, normalization):
    """Two constructions after two different seeds draw different weights: __init__ draws from
    the generator as the caller left it (it does not seed it itself)."""
    weights = []
    for seed in (1, 2):
        np.random.seed(seed)
        model = fc_net(
            dims[1:-1], input_dim=dims[0], num_classes=dims[-1], normalization=normalization
        )
        weights.append(np.array(model.params.get("W1")))
    if weights[0].shape == weights[1].shape and np.array_equal(weights[0], weights[1]):
        raise CheckFailed(
            "FullyConnectedNet draws the same W1 after np.random.seed(1) and after "
            "np.random.seed(2)",
            "W1",
        )


@check(PART, "FullyConnectedNet.__init__")
def fc_init():
    return fc_init_check(None)


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
        model = fc_net(
            [H1, H2],
            input_dim=D,
            num_classes=C,
            reg=reg,
            weight_scale=5e-2,
            dtype=np.float64,
            **kwargs,
        )
        measurements += model_gradient_measurements(
            model, X, y, threshold, f" (reg={reg})", zero_grads=zero_grads
        )
    measurements += regularization_measurements(model, X, y, 3.14)
    return measurements


def last_layer_measurements(model, X, last):
    """The scores are the last affine layer's output: negating its weights and bias negates
    them (nothing may follow it, such as a ReLU)."""
    params = model.params
    scores = as_array("scores", model.loss(X))
    model.params = dict(
        params, **{f"W{last}": -params[f"W{last}"], f"b{last}": -params[f"b{last}"]}
    )
    try:
        flipped = as_array("scores", model.loss(X), scores.shape)
    finally:
        model.params = params
    return [
        requirement(
            "scores with the last layer's W and b negated = -scores",
            np.allclose(flipped, -scores, rtol=1e-9, atol=1e-12),
        )
    ]


@check(PART, "FullyConnectedNet.loss")
def fc_loss():
    np.random.seed(231)
    N, D, C = 7, 15, 10
    X, y = np.random.randn(N, D), np.random.randint(C, size=N)
    model = fc_net([20, 30], input_dim=D, num_classes=C, weight_scale=1e-3, dtype=np.float64)
    scores = model.loss(X)
    measurements = [
        requirement("loss(X) returns scores of shape (N, C)", np.shape(scores) == (N, C))
    ]
    measurements += initial_loss_measurements(model, X, y, C)
    measurements += last_layer_measurements(model, X, 3)
    measurements += fc_gradient_check(TOLERANCES["FullyConnectedNet.loss"])
    return measurements


# --------------------------------------------------------------------------------------------
# TwoLayerNet (the 2019-2020 courses' first model)
# --------------------------------------------------------------------------------------------


def two_layer_net(*args, **kwargs):
    return module("classifiers.fc_net").TwoLayerNet(*args, **kwargs)


def _standard_normal_draws(seed, skip, shape):
    """Standard-normal numbers of a generator seeded with ``seed``, after ``skip`` of them: what
    np.random.randn (or normal, or standard_normal) draws after np.random.seed(seed)."""
    stream = np.random.RandomState(seed)
    stream.standard_normal(skip)
    return stream.standard_normal(shape)


def draw_order_measurements(params, shapes, weight_scale, seed):
    """TwoLayerNet's TODO asks for W1, then W2, from NumPy's global generator: after
    np.random.seed(seed), W1 / weight_scale is that generator's first len(W1) standard-normal
    numbers, and W2 / weight_scale the next ones (laid out in the weight's shape, or drawn in
    the transposed shape and transposed). Claimed only for weights whose shapes, scale and
    centre are right: anything else is `init_measurements`' failure."""
    order = [("W1", 0), ("W2", int(np.prod(shapes["W1"])))]
    measurements = []
    for name, skip in order:
        weight = np.asarray(params[name], dtype=np.float64) / weight_scale
        rows, cols = shapes[name]
        drawn = [
            _standard_normal_draws(seed, skip, (rows, cols)),
            _standard_normal_draws(seed, skip, (cols, rows)).T,
        ]
        if any(np.allclose(weight, z, rtol=1e-9, atol=1e-12) for z in drawn):
            measurements.append(requirement(f"{name} drawn in its turn from np.random", True))
            continue
        if name == "W1":
            w2_first = _standard_normal_draws(seed, int(np.prod(shapes["W2"])), (rows, cols))
            if np.allclose(weight, w2_first, rtol=1e-9, atol=1e-12):
                measurements.append(requirement("W1 drawn after W2", False))
                break
        measurements.append(requirement(f"{name} drawn in its turn from np.random", False))
        break
    return measurements


@check(PART, "TwoLayerNet.__init__")
def two_layer_init():
    np.random.seed(231)
    model = two_layer_net(input_dim=120, hidden_dim=80, num_classes=20, weight_scale=3e-2)
    shapes = {"W1": (120, 80), "b1": (80,), "W2": (80, 20), "b2": (20,)}
    measurements = init_measurements(model, shapes, 3e-2, np.float64)
    if all(m.passed for m in measurements):
        measurements += draw_order_measurements(model.params, shapes, 3e-2, 231)
    return measurements


def l1_penalties(reg, weights):
    """What a penalty on the weights' absolute values (L1) adds to the loss, with and without
    the 1/2: known mistakes of the regularization term."""
    total = sum(float(np.sum(np.abs(np.asarray(w, dtype=np.float64)))) for w in weights)
    return {"an L1 penalty": 0.5 * reg * total, "an L1 penalty without the 1/2": reg * total}


@check(PART, "TwoLayerNet.loss")
def two_layer_loss():
    params, X, y, expected_scores, expected_loss, expected_loss_reg = vectors.two_layer_net_case()
    model = two_layer_net(
        input_dim=X.shape[1], hidden_dim=params["b1"].size, num_classes=params["b2"].size
    )
    model.params = {name: value.copy() for name, value in params.items()}
    threshold = TOLERANCES["TwoLayerNet.loss"]
    measurements = [compare("scores", model.loss(X), expected_scores, threshold)]
    for reg, expected in ((0.0, expected_loss), (1.0, expected_loss_reg)):
        model.reg = reg
        loss = unpack("model.loss(X, y)", model.loss(X, y), 2)[0]
        # The course's regularization term, to recognize it missing or doubled.
        penalty = 0.5 * reg * sum(float(np.sum(params[k] ** 2)) for k in ("W1", "W2"))
        known = {"the regularization term alone": penalty}
        if reg:
            known["the regularization term missing"] = expected - penalty
            known["the regularization term doubled"] = expected + penalty
            known.update(
                {
                    name: expected - penalty + value
                    for name, value in l1_penalties(reg, [params["W1"], params["W2"]]).items()
                }
            )
        measurements.append(
            compare(f"loss (reg={reg})", loss, expected, threshold, candidates=known)
        )
    for reg in (0.0, 0.7):
        model.reg = reg
        measurements += model_gradient_measurements(model, X, y, threshold, f" (reg={reg})")
    # Every hidden unit is active on the course's vector: a missing ReLU shows only here.
    X, y, expected_scores, expected_loss = vectors.two_layer_net_inactive_case()
    linear_scores = vectors.two_layer_net_inactive_linear_scores()
    model.reg = 0.0
    tag = " (inactive hidden units)"
    measurements.append(
        compare(
            f"scores{tag}",
            model.loss(X),
            expected_scores,
            threshold,
            candidates={"the scores without the hidden ReLU": linear_scores},
        )
    )
    loss = unpack("model.loss(X, y)", model.loss(X, y), 2)[0]
    measurements.append(
        compare(
            f"loss{tag}",
            loss,
            expected_loss,
            threshold,
            candidates={"the regularization term alone": 0.0},
        )
    )
    measurements += model_gradient_measurements(model, X, y, threshold, tag)
    # The same inputs through an output layer of weights -W2 and bias 3 - b2: the scores are 3
    # minus the ones above, of both signs (scores are unbounded; nothing may clip them).
    model.params = dict(model.params, W2=-params["W2"], b2=3.0 - params["b2"])
    expected = 3.0 - np.asarray(expected_scores)
    clipped = {
        "the scores through a ReLU": np.maximum(expected, 0.0),
        "the scores without the hidden ReLU": 3.0 - linear_scores,
    }
    measurements.append(
        compare("scores (some negative)", model.loss(X), expected, threshold, candidates=clipped)
    )
    return measurements
