"""Helpers of the autograder's checks: run a function and turn what it returns into measurements.

Relative errors and numeric gradients come from `cs231n.gradient_check`, thresholds from
`cs231n.tolerances`: the notebooks' check cells and the unit tests use the same ones.
"""

import dataclasses
import functools
import importlib
import itertools
import math

import numpy as np

from .. import diagnose
from ..gradient_check import eval_numerical_gradient, rel_error
from ..tolerances import TOLERANCES
from . import core
from .core import (
    CheckFailed,
    Measurement,
    WatchedModule,
    changed_inputs,
    check_hints,
    failure_hints,
)


def module(name):
    """Import ``cs231n.<name>`` (lazily, so one broken file only fails its own checks); the
    graded layers come with their calls `watched` for inputs changed in place."""
    imported = importlib.import_module(f"cs231n.{name}")
    return WatchedModule(imported) if name in ("layers", "layer_utils") else imported


def check(part, name, requires=(), covers=None):
    """`cs231n.grading.core.check`, the registered check failing when a graded layer it called
    changed one of its input arrays in place (`inputs_unchanged`), even where its numbers are
    right: the caller's array (the notebook's x, dout) is not what it passed any more."""
    register = core.check(part, name, requires, covers)

    def decorate(function):
        @functools.wraps(function)
        def run():
            return inputs_unchanged(function())

        register(run)
        return run  # the module's name for it, as pickle finds it

    return decorate


def inputs_unchanged(measurements):
    """``measurements``, and a failing requirement when a `watched` layer changed an input
    array in place during the check (its hint, `cs231n.grading.core.INPLACE_SENTENCE`, names
    the function and the input); nothing is added when none changed."""
    measurements = list(measurements)
    if changed_inputs():
        measurements.append(requirement("inputs unchanged (none changed in place)", False))
    return measurements


def as_array(label, value, shape=None):
    """``value`` as a float64 array, after checking it is array-like (and has ``shape``)."""
    if value is None:
        raise CheckFailed(
            f"{label} is None (did you forget to assign or return it?)",
            label,
            [diagnose.Symptom("none", "{name} is None")],
        )
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise CheckFailed(f"{label} is not a numeric array: {error}") from error
    if shape is not None and array.shape != tuple(shape):
        raise CheckFailed(
            f"{label} has shape {array.shape}, expected {tuple(shape)}",
            label,
            [diagnose.shape_symptom(array.shape, shape)],
        )
    return array


def compare(label, actual, expected, threshold, before=None, candidates=None):
    """Relative error of ``actual`` against ``expected`` (shapes must match). When it fails,
    the measurement carries the symptoms of the difference (`cs231n.diagnose`); ``before`` is
    the array's value before the call, when it is state the function must update;
    ``candidates`` maps known mistakes to what they would give."""
    expected = np.asarray(expected, dtype=np.float64)
    raw = actual
    actual = as_array(label, actual, expected.shape)
    found = Measurement(f"{label} rel. error", rel_error(actual, expected), threshold)
    if found.passed:
        return found
    # A boolean answer (a comparison's result) is recognized by its dtype, whatever its size.
    boolean = isinstance(raw, np.ndarray) and raw.dtype == np.bool_
    return dataclasses.replace(
        found,
        symptoms=tuple(diagnose.diagnose(raw if boolean else actual, expected, before, candidates)),
    )


def deviation(label, value, target, threshold, candidates=None):
    """Largest absolute difference between a statistic and its target; ``candidates`` maps
    known mistakes to the statistic they give."""
    value = as_array(label, value)
    found = Measurement(f"{label} max |diff|", float(np.max(np.abs(value - target))), threshold)
    if found.passed:
        return found
    target = np.broadcast_to(np.asarray(target, dtype=np.float64), value.shape)
    known = {
        name: np.broadcast_to(np.asarray(produced, dtype=np.float64), value.shape)
        for name, produced in (candidates or {}).items()
    }
    return dataclasses.replace(
        found, symptoms=tuple(diagnose.diagnose(value, target, candidates=known))
    )


def with_hints(function, measurements):
    """``measurements`` with the hints of the check of ``function`` on its first failing one."""
    measurements = list(measurements)
    found = check_hints(function, measurements)
    for index, m in enumerate(measurements):
        if not m.passed:
            measurements[index] = dataclasses.replace(m, hints=tuple(found))
            break
    return measurements


def hint_lines(measurements):
    """The ``hint: ...`` lines carried by ``measurements`` (none when all pass)."""
    if all(m.passed for m in measurements):
        return []
    lines = []
    for m in measurements:
        lines += [f"hint: {h}" for h in m.hints if f"hint: {h}" not in lines]
    return lines


def _sizes_of(header, arrays):
    """The sizes that name constant factors, read from a hidden-grader request: N is the first
    axis of the first argument (of the last model call's X), p a dropout probability."""

    def array(value):
        if isinstance(value, dict) and "$a" in value:
            return arrays.get(value["$a"])
        return None

    args = header.get("args") or []
    if header.get("op") == "model" and header.get("calls"):
        args = header["calls"][-1].get("args") or []
    first = array(args[0]) if args else None
    n = first.shape[0] if first is not None and first.ndim >= 1 else None
    p = None
    for value in args:
        if isinstance(value, dict) and isinstance(value.get("p"), (int, float)):
            p = value["p"]
    inputs = [a for a in arrays.values() if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
    # A loss layer's labels y (integers, one per example): where the correct classes are.
    second = array(args[1]) if len(args) > 1 else None
    labels = None
    if (
        header.get("op") == "call"
        and second is not None
        and second.dtype.kind in "iu"
        and second.shape == (n,)
    ):
        labels = second
    return {"N": n, "p": p, "inputs": inputs, "labels": labels}


def hinted(function, judge, header=None, arrays=None):
    """Wrap a hidden-grader ``judge(value) -> measurements`` so that its failing measurements
    carry the hints of ``function`` (and a wrong shape's ``CheckFailed`` says why)."""

    def judge_with_hints(value):
        diagnose.set_sizes(**_sizes_of(header or {}, arrays or {}))
        try:
            return with_hints(function, judge(value))
        except CheckFailed as error:
            lines = [f"hint: {h}" for h in failure_hints(function, error)]
            if not lines:
                raise
            raise CheckFailed("\n".join([str(error), *lines]), error.label) from None
        finally:
            diagnose.set_sizes()

    return judge_with_hints


def step_mistakes(rule, w, expected_w, before, expected_state, epsilon=1e-8, dw=None):
    """Known mistakes of an update rule's step and the next_w they give, derived from the
    expected step: the step taken the wrong way, for RMSProp the step taken with the cache from
    before its update or without the square root of the cache, and for Adam the step without the
    square root of the bias-corrected v, and the step without its gradient factor (RMSProp's
    dw, given as ``dw``; Adam's bias-corrected m). ``before`` and
    ``expected_state`` map the rule's state keys to their values before and after the call."""
    w, expected_w = np.asarray(w, dtype=np.float64), np.asarray(expected_w, dtype=np.float64)
    step = w - expected_w
    known = {"the step taken the wrong way": w + step}
    rate = before.get("learning_rate")
    if rate is not None and np.ndim(rate) == 0 and float(rate) not in (0.0, 1.0):
        known["the step multiplied by the learning rate again"] = w - float(rate) * step
    if rule == "sgd_momentum" and "velocity" in expected_state:
        weight = float(before.get("momentum", 0.9))
        new = np.asarray(expected_state["velocity"], dtype=np.float64)
        old = np.asarray(before.get("velocity", np.zeros_like(new)), dtype=np.float64)
        if old.shape == new.shape and weight:  # a look-ahead step (Nesterov's momentum)
            known["Nesterov's step"] = w - weight * old + (1 + weight) * new
        if old.shape == new.shape and np.any(old != new):
            known["the step with the velocity from before its update"] = w + old
        step_rate = float(before.get("learning_rate", 1e-2))
        gradient = _gradient_from_velocity(before, expected_state, weight, step_rate)
        if gradient is not None:
            for mistake, velocity in _velocity_mistakes(
                before, gradient, weight, step_rate
            ).items():
                known[mistake] = w + velocity
            # dw changed before use: next_w moves as the velocity's gradient term does.
            for mistake, changed in changed_gradients(gradient).items():
                known[mistake] = expected_w - step_rate * (changed - gradient)
    if rule == "rmsprop" and "cache" in expected_state:
        new = np.asarray(expected_state["cache"], dtype=np.float64)
        old = np.asarray(before.get("cache", np.zeros_like(new)), dtype=np.float64)
        # The step is proportional to 1 / (root of the cache + epsilon): rescale it.
        root = np.sqrt(new) + epsilon
        if np.all(np.sqrt(old) + epsilon > 0) and np.all(new + epsilon > 0):
            known["the step with the cache before its update"] = w - step * root / (
                np.sqrt(old) + epsilon
            )
            known["the step without the square root"] = w - step * root / (new + epsilon)
            known["the step multiplied by the root of the cache"] = w - step * root**2
            decay = float(before.get("decay_rate", 0.99))
            if 0 < decay < 1:  # Adam's bias correction, which RMSProp does not have
                known["the step with the cache divided by 1 - decay_rate"] = w - step * root / (
                    np.sqrt(new / (1 - decay)) + epsilon
                )
        gradient = None if dw is None else np.asarray(dw, dtype=np.float64)
        if gradient is not None and gradient.shape == step.shape and np.all(gradient != 0):
            known["the step without the gradient"] = w - step / gradient
    if rule == "adam" and "v" in expected_state and "t" in expected_state:
        # The step is proportional to 1 / (sqrt(v_hat) + epsilon), v_hat = v / (1 - beta2**t).
        t = float(np.asarray(expected_state["t"]))
        beta2 = float(before.get("beta2", 0.999))
        if 0 < beta2 < 1 and t >= 1:
            v_hat = np.asarray(expected_state["v"], dtype=np.float64) / (1 - beta2**t)
            if np.all(v_hat + epsilon > 0):
                root = np.sqrt(v_hat) + epsilon
                known["the step without the square root"] = w - step * root / (v_hat + epsilon)
            beta1 = float(before.get("beta1", 0.9))
            m_hat = np.asarray(expected_state.get("m", 0.0), dtype=np.float64) / (1 - beta1**t)
            if 0 < beta1 < 1 and m_hat.shape == step.shape and np.all(m_hat != 0):
                known["the step without the gradient"] = w - step / m_hat
                # The same with the bias correction folded into the step size (m uncorrected).
                known["the step without the gradient, m uncorrected"] = w - step / (
                    m_hat * (1 - beta1**t)
                )
                # The raw gradient where the moment belongs (corrected or not).
                gradient = None if dw is None else np.asarray(dw, dtype=np.float64)
                if gradient is not None and gradient.shape == step.shape:
                    known["dw in place of the first moment m"] = w - step * gradient / m_hat
                    known["dw in place of m, its bias correction kept"] = w - step * gradient / (
                        m_hat * (1 - beta1**t)
                    )
                # The step with other bias corrections of m and v than 1 - beta**t: none at
                # all, or those of t before its increment.
                v = v_hat * (1 - beta2**t)
                corrections = {"the step without the bias corrections": (1.0, 1.0)}
                if t >= 2:
                    corrections["the bias corrections with t before its increment"] = (
                        1 - beta1 ** (t - 1),
                        1 - beta2 ** (t - 1),
                    )
                for mistake, (first, second) in corrections.items():
                    if np.all(v / second + epsilon > 0):
                        known[mistake] = w - step * ((1 - beta1**t) / first) * (
                            np.sqrt(v_hat) + epsilon
                        ) / (np.sqrt(v / second) + epsilon)
    return known


# Each state's running average, its weight of the old value and its default, and what it adds.
_STATE = {
    "velocity": ("momentum", 0.9),
    "cache": ("decay_rate", 0.99),
    "m": ("beta1", 0.9),
    "v": ("beta2", 0.999),
}


def _gradient_from_velocity(before, expected_state, weight, rate):
    """dw, from the expected new velocity (momentum * v - learning_rate * dw); None if the rate
    is 0."""
    if rate == 0:
        return None
    new = np.asarray(expected_state["velocity"], dtype=np.float64)
    old = np.asarray(before.get("velocity", np.zeros_like(new)), dtype=np.float64)
    return (weight * old - new) / rate if old.shape == new.shape else None


def _velocity_mistakes(before, dw, weight, rate):
    """The velocities two mistakes of SGD with momentum give: momentum multiplying the gradient
    term too (momentum * (v - learning_rate * dw)), the gradient term without the learning
    rate (momentum * v - dw)."""
    old = np.asarray(before.get("velocity", np.zeros_like(dw)), dtype=np.float64)
    if old.shape != dw.shape or weight in (0.0, 1.0):
        return {}
    return {
        "the momentum applied to the gradient term too": weight * (old - rate * dw),
        "the gradient term without the learning rate": weight * old - dw,
    }


def changed_gradients(dw):
    """dw changed before an update rule uses it: only its sign kept, or clipped to [-1, 1]."""
    dw = np.asarray(dw, dtype=np.float64)
    changed = {}
    if np.any(np.abs(np.abs(dw) - 1) > 1e-3):
        changed["the sign of dw in place of dw"] = np.sign(dw)
    if np.any(np.abs(dw) > 1):
        changed["dw clipped to [-1, 1]"] = np.clip(dw, -1.0, 1.0)
    return changed


def state_mistakes(key, dw, before, expected_state):
    """Known mistakes of an update rule's stored state ``key`` and the value each gives, from
    the expected state: the bias-corrected moment stored (Adam's m / (1 - beta1**t)), its square
    root stored, or the update applied twice. ``before`` is the config passed in."""
    if key == "t" and key in expected_state and float(np.asarray(before.get("t", 0))) != 0:
        # The count restarted: what a config without t gives (the first call's count).
        return {"the state restarted at each call": 1.0}
    if key not in _STATE or key not in expected_state:
        return {}
    value = np.asarray(expected_state[key], dtype=np.float64)
    dw = np.asarray(dw, dtype=np.float64)
    weight_name, default = _STATE[key]
    weight = float(before.get(weight_name, default))
    known = {}
    if key == "velocity":
        rate = float(before.get("learning_rate", 1e-2))
        known["the update applied twice"] = weight * value - rate * dw
        if key in before:  # the old velocity not read: restarted from zeros
            old = np.asarray(before[key], dtype=np.float64)
            known["the state restarted at each call"] = value - weight * old
        known.update(_velocity_mistakes(before, dw, weight, rate))
        for mistake, changed in changed_gradients(dw).items():
            known[mistake] = value - rate * (changed - dw)
    else:
        new = dw * dw if key in ("cache", "v") else dw
        # The average moved from value as far again as it moved from the old one to value.
        start = np.asarray(before.get(key, np.zeros_like(value)), dtype=np.float64)
        known["the update applied twice"] = value + weight * (value - start)
        for mistake, changed in changed_gradients(dw).items():
            changed = changed * changed if key in ("cache", "v") else changed
            known[mistake] = value + (1 - weight) * (changed - new)
        if key in before:
            old = np.asarray(before[key], dtype=np.float64)
            known["the new term without its weight"] = weight * old + new
            # The value config holds not read: the average restarted from zeros.
            known["the state restarted at each call"] = value - weight * old
            known["the old value without its weight"] = old + (1 - weight) * new
    if key in ("cache", "v") and np.all(value >= 0):
        known["its square root"] = np.sqrt(value)
    if key == "cache" and 0 < weight < 1:  # Adam's correction at t = 1; RMSProp has none
        known["divided by 1 - decay_rate"] = value / (1 - weight)
    t = expected_state.get("t")
    if key in ("m", "v") and t is not None and weight**t != 1:
        known["the bias-corrected value"] = value / (1 - weight ** float(t))
    return known


def size_failure(label, shapes, expected_shapes, formulas):
    """The failure of an output of the wrong height and width, naming the output-size mistake
    when exactly one of ``formulas`` explains it: ``shapes`` are the output's shapes in one or
    more cases (None where a case did not run), ``formulas`` maps, per case, each known mistake
    to the (height, width) it gives."""
    shape, expected = tuple(shapes[0]), tuple(expected_shapes[0])
    symptom = diagnose.shape_symptom(shape, expected)

    def explains(name):  # every wrong size is the mistake's, every other one is right
        used = False
        for got, right, sizes in zip(shapes, expected_shapes, formulas):
            if got is None or len(got) != len(right):
                return False
            for size, right_size, its in zip(got[-2:], right[-2:], sizes[name]):
                if size != right_size and size != its:
                    return False
                used = used or size != right_size
        return used

    exact = [
        name
        for name in formulas[0]
        if all(
            got is not None and tuple(got[-2:]) == tuple(sizes[name])
            for got, sizes in zip(shapes, formulas)
        )
    ]
    matched = exact or [name for name in formulas[0] if explains(name)]
    if "spatial" in symptom.names and len(matched) == 1:
        symptom = dataclasses.replace(symptom, names=(*symptom.names, matched[0]))
    return CheckFailed(f"{label} has shape {shape}, expected {expected}", label, [symptom])


def requirement(label, holds):
    """A yes/no property, as a measurement: 0 if it holds, 1 if not (threshold 0)."""
    return Measurement(label, 0.0 if holds else 1.0, 0.0)


def same_dtype(label, value, source, name="x"):
    """A yes/no measurement: ``value`` (an output, a gradient) has the dtype of the input
    ``source`` (float64 in the checks; a cast to float32 stays within most tolerances)."""
    dtype = np.asarray(source).dtype
    return requirement(
        f"{label} keeps {name}'s dtype ({dtype.name} here)", np.asarray(value).dtype == dtype
    )


def raw_input_used(out, x, gamma, beta):
    """A yes/no measurement that fails only when ``out`` is the input itself, scaled and
    shifted (gamma * x + beta) or returned as it is: a normalization whose x_hat is unused."""
    try:
        out = np.asarray(out, dtype=np.float64)
        used = any(
            out.shape == np.shape(raw) and np.allclose(out, raw, rtol=1e-7, atol=1e-9)
            for raw in (gamma * x + beta, x)
        )
    except (TypeError, ValueError):
        used = False
    return requirement("x_hat unused: out is gamma * x + beta", not used)


def gamma_upstreams(dout, gamma):
    """For a normalization's backward pass (``upstreams`` of `backward_measurements`): dx as
    a backward pass that leaves gamma out or applies it twice computes it, the true dx for the
    upstream dout / gamma or dout * gamma (gamma scales the upstream gradient of x_hat).
    ``gamma`` must broadcast against dout."""
    return {
        "gamma left out": (dout / gamma, ("dx",)),
        "gamma applied twice": (dout * gamma, ("dx",)),
    }


def reordered_upstreams(dout):
    """For a spatial layer built on a 2-D one (``upstreams`` of `backward_measurements`): dx
    and dgamma as a backward pass computes them that turns dout into rows of (N*H*W, C) in
    another order than the forward pass turned x (height and width exchanged; the channel axis
    not moved last), the true gradients for dout with its entries moved accordingly."""
    dout = np.asarray(dout, dtype=np.float64)
    if dout.ndim != 4:
        return {}
    N, C, H, W = dout.shape
    return {
        "dout's height and width exchanged": (
            dout.transpose(0, 1, 3, 2).reshape(N, C, H, W),
            ("dx", "dgamma"),
        ),
        "dout reshaped without moving the channel axis last": (
            dout.reshape(N, H, W, C).transpose(0, 3, 1, 2),
            ("dx", "dgamma"),
        ),
        # Rows of (N*H*W, C) as the columns of a (C, N*H*W) reshape (after the channel axis
        # moved last): each row takes C consecutive entries of one column instead.
        "dout's rows taken from a reshape to (C, N*H*W), transposed": (
            dout.transpose(0, 2, 3, 1).reshape(C, -1).T.reshape(N, H, W, C).transpose(0, 3, 1, 2),
            ("dx", "dgamma", "dbeta"),
        ),
    }


def gamma_products(gamma):
    """``known`` mistakes of a normalization's dx: the right dx times or divided by gamma
    (gamma applied once more, or undone, after the backward pass of x_hat)."""
    return {
        "dx times gamma": lambda expected: expected * gamma,
        "dx divided by gamma": lambda expected: expected / gamma,
    }


def scale_in_gradients(gamma, known=None):
    """``known`` mistakes of a normalization's gradients (`backward_measurements`), with those
    of its dgamma and dbeta added: the right gradient times gamma (dout * gamma, the gradient
    of x_hat, used where dout belongs)."""
    gamma = np.asarray(gamma, dtype=np.float64)

    def times_gamma(expected):
        expected = np.asarray(expected, dtype=np.float64)
        return expected * gamma.reshape(expected.shape) if gamma.size == expected.size else None

    found = {name: dict(mistakes) for name, mistakes in (known or {}).items()}
    for name in ("dgamma", "dbeta"):
        found.setdefault(name, {})["the right gradient times gamma"] = times_gamma
    return found


def unpack(label, result, count):
    """Check that a function returned a tuple of ``count`` items and return it."""
    if not isinstance(result, tuple) or len(result) != count:
        got = f"a tuple of {len(result)}" if isinstance(result, tuple) else type(result).__name__
        raise CheckFailed(f"{label} must return a tuple of {count} items, got {got}")
    return result


def zero_gradient(label, analytic):
    """A gradient that is exactly zero in theory (a bias right before batchnorm): numeric noise
    makes its relative error meaningless, so its size is measured instead."""
    return deviation(f"{label} (exactly 0 in theory)", analytic, 0.0, TOLERANCES["zero gradient"])


def partial_upstreams(dout):
    """Parts of ``dout`` that a gradient overwritten (``=``) instead of accumulated (``+=``) in a
    loop ends up holding: the last example's, and for images the last window's; and dout of
    ones, what a gradient that leaves dout out holds."""
    dout = np.asarray(dout, dtype=np.float64)
    parts = {}
    if dout.ndim >= 2 and dout.shape[0] > 1:
        last = np.zeros_like(dout)
        last[-1] = dout[-1]
        parts["the last example only"] = last
    if dout.ndim == 4 and dout.shape[2] * dout.shape[3] > 1:
        window = np.zeros_like(dout)
        window[-1, :, -1, -1] = dout[-1, :, -1, -1]
        parts["the last window only"] = window
    parts["dout left out"] = np.ones_like(dout)  # what a gradient without dout holds
    # dout changed before it is used: clipped (as gradient clipping does, but inside a layer),
    # or only its sign, its absolute value or its positive part kept.
    if np.any(np.abs(dout) > 1):
        parts["dout clipped to [-1, 1]"] = np.clip(dout, -1.0, 1.0)
    if np.any(np.abs(np.abs(dout) - 1) > 1e-3):
        parts["the sign of dout in place of dout"] = np.sign(dout)
    if np.any(dout < 0):
        parts["the absolute value of dout in place of dout"] = np.abs(dout)
        parts["dout's positive part only (dout through a ReLU)"] = np.maximum(dout, 0.0)
    return parts


def affine_mistakes(x, dout):
    """``known`` mistakes of affine_backward (`backward_measurements`): dw from x reshaped to
    (D, N), the numbers of x in other places, where its transpose belongs."""
    x, dout = np.asarray(x, dtype=np.float64), np.asarray(dout, dtype=np.float64)
    N = x.shape[0] if x.ndim else 0
    if N < 2 or x.size // N < 2 or dout.shape[:1] != (N,):
        return {}
    return {
        "dw": {
            "x reshaped to (D, N) instead of transposed": x.reshape(-1, N) @ dout,
            "the outer product of the batch sums": np.outer(
                x.reshape(N, -1).sum(axis=0), dout.sum(axis=0)
            ),
        }
    }


def known_partials(expected, dout, parts):
    """Known mistakes of one gradient, from its expected value and dout: ``parts`` maps a
    partial upstream (`partial_upstreams`) to the gradient it gives; the local gradient alone
    is the expected one divided by dout (elementwise layers)."""
    known = {}
    upstream = np.asarray(dout, dtype=np.float64)
    if np.shape(expected) == upstream.shape and np.all(upstream != 0):
        local = np.asarray(expected, dtype=np.float64) / upstream
        known["the local gradient without dout"] = local
        if local.ndim == 2 and local.shape[0] == local.shape[1] > 1:
            known["a matrix product of dout and the local gradient"] = upstream @ local
            known["a matrix product of the local gradient and dout"] = local @ upstream
    known.update(parts)
    return known


def times_inputs(expected, inputs):
    """The expected gradient times each of ``inputs`` (a name -> the array) of its shape, entry
    by entry: an input's value where only its position (a 0/1 indicator) belongs."""
    known = {}
    for name, value in (inputs or {}).items():
        value = np.asarray(value, dtype=np.float64)
        if value.shape == np.shape(expected):
            known[f"the right gradient times {name}, entry by entry"] = expected * value
    return known


# Numeric gradients kept for a repair's trials (`cs231n.grading.repair`), which run a backward
# check again with the same forward function and inputs: None (not kept) outside a repair.
NUMERIC_MEMO = None


def _memo_key(forward, inputs, douts, wrt, h):
    function = getattr(forward, "__wrapped__", forward)
    parts = [id(function), tuple(wrt), h]
    for value in [*inputs, *douts]:
        if isinstance(value, np.ndarray):
            parts.append((value.shape, value.dtype.str, value.tobytes()))
        else:
            parts.append(repr(value))
    return tuple(parts)


def _numeric_gradients(forward, inputs, douts, wrt, h):
    """Numeric gradients of ``sum(forward(*inputs)[0] * dout)`` for each dout of ``douts`` (one
    pass of perturbations serves them all): ``{index: [gradient per dout]}``."""
    if NUMERIC_MEMO is None:
        return _numeric_gradients_of(forward, inputs, douts, wrt, h)
    key = _memo_key(forward, inputs, douts, wrt, h)
    if key not in NUMERIC_MEMO:
        NUMERIC_MEMO[key] = _numeric_gradients_of(forward, inputs, douts, wrt, h)
    return {index: [g.copy() for g in grads] for index, grads in NUMERIC_MEMO[key].items()}


def _numeric_gradients_of(forward, inputs, douts, wrt, h):
    found = {}
    for index in wrt:
        value = np.array(inputs[index])
        grads = [np.zeros(value.shape, dtype=np.float64) for _ in douts]
        args = list(inputs)
        for ix in np.ndindex(*value.shape):
            old = value[ix]
            args[index] = value
            value[ix] = old + h
            plus = np.array(forward(*args)[0], dtype=np.float64)
            value[ix] = old - h
            minus = np.array(forward(*args)[0], dtype=np.float64)
            value[ix] = old
            for grad, upstream in zip(grads, douts):
                grad[ix] = np.sum((plus - minus) * upstream) / (2 * h)
        found[index] = grads
    return found


def backward_measurements(
    forward,
    backward,
    inputs,
    dout,
    names,
    threshold,
    h=1e-5,
    zero_grads=(),
    known=None,
    sizes=None,
    upstreams=None,
):
    """Compare ``backward(dout, cache)`` with numeric gradients for every input in ``names``.

    ``forward(*inputs)`` must return ``(out, cache)``; ``inputs`` is a list of arrays, and
    ``names`` gives for each input its gradient's name (or None for a non-array argument).
    Gradients named in ``zero_grads`` must be zero. ``known`` maps a gradient's name to known
    mistakes and what they give (``{"dx": {"the kernel flipped": ...}}``); a gradient that
    holds only part of dout's contribution (overwritten in a loop) is recognized as well.
    ``sizes`` adds to what `cs231n.diagnose.sizes` names (``{"axis terms": ...}``).
    ``upstreams`` maps a known mistake to ``(upstream, gradient names)``: those gradients, as
    the mistake computes them, equal the true gradients for that upstream in place of dout
    (gamma left out of dx: the upstream dout / gamma).
    """
    p = [a["p"] for a in inputs if isinstance(a, dict) and "p" in a]
    # The inputs' shapes, to recognize an input's own axes in a gradient's shape.
    shapes = {
        name[1:]: np.shape(value)
        for name, value in zip(names, inputs)
        if name and isinstance(value, np.ndarray)
    }
    # An array input a gradient is off by (a buffer started as a copy of it, not zeros).
    arrays = {
        name[1:]: np.array(value, dtype=np.float64)
        for name, value in zip(names, inputs)
        if name and isinstance(value, np.ndarray)
    }
    extra_sizes = dict(sizes or {})
    named_inputs = {**arrays, **extra_sizes.pop("named", {})}
    diagnose.set_sizes(
        N=np.shape(inputs[0])[0],
        p=p[0] if p else None,
        inputs=[dout],
        input_shapes=shapes,
        named=named_inputs,
        **extra_sizes,
    )
    _, cache = unpack(forward.__name__, forward(*inputs), 2)
    grads = backward(dout, cache)
    array_names = [name for name in names if name is not None]
    if len(array_names) > 1:
        grads = unpack(backward.__name__, grads, len(array_names))
    else:
        grads = (grads,)
    wrt = [index for index, name in enumerate(names) if name is not None]
    measured = [index for index in wrt if names[index] not in zero_grads]
    parts = partial_upstreams(dout)
    extra = dict(upstreams or {})
    douts = [dout, *parts.values(), *(upstream for upstream, _ in extra.values())]
    every = _numeric_gradients(forward, inputs, douts, measured, h)
    numeric = {index: grads[0] for index, grads in every.items()}
    measurements = []
    for position, index in enumerate(wrt):
        name = names[index]
        if name in zero_grads:
            measurements.append(zero_gradient(name, grads[position]))
        else:
            # Another gradient's expected value, to recognize one computed in place of another.
            others = {
                f"the expected {names[other]}": numeric[other]
                for other in measured
                if other != index and np.shape(numeric[other]) == np.shape(numeric[index])
            }
            others.update(known_partials(numeric[index], dout, dict(zip(parts, every[index][1:]))))
            for position_of, (mistake, (_, affected)) in enumerate(extra.items()):
                if name in affected:
                    others[mistake] = every[index][1 + len(parts) + position_of]
            for mistake, value in (known or {}).get(name, {}).items():
                value = value(numeric[index]) if callable(value) else value
                if value is not None:
                    others[mistake] = value
            # A ReLU's mask (where the gradient's own input is positive) applied in a layer
            # that has none.
            own = arrays.get(name[1:])
            if own is not None and own.shape == np.shape(numeric[index]) and np.any(own <= 0):
                mask = (own > 0).astype(np.float64)
                others.setdefault(
                    "the gradient masked where its input is positive",
                    (np.asarray(numeric[index], dtype=np.float64) * mask),
                )
            # Last, so that a known mistake of the function's own is named first.
            others.update(
                {k: v for k, v in times_inputs(numeric[index], arrays).items() if k not in others}
            )
            measurements.append(
                compare(name, grads[position], numeric[index], threshold, candidates=others)
            )
    if all(m.passed for m in measurements):
        measurements += [
            same_dtype(names[index], grads[position], inputs[index], names[index][1:])
            for position, index in enumerate(wrt)
            if names[index] not in zero_grads and isinstance(inputs[index], np.ndarray)
        ]
    if not all(m.passed for m in measurements):
        expected = {
            position: numeric[index]
            for position, index in enumerate(wrt)
            if names[index] not in zero_grads
        }
        swapped = _cache_order(backward, dout, cache, expected, len(array_names), threshold)
        if swapped:  # first: the first failing measurement of the check gives its hint
            measurements.insert(0, requirement(f"cache unpacked as packed ({swapped})", False))
    return measurements


def _cache_order(backward, dout, cache, expected, count, threshold):
    """``entries i and j`` when ``backward`` gives the expected gradients (``expected`` maps a
    position among its outputs to one) once entries i and j of the tuple ``cache`` are swapped:
    it unpacks them in another order than the forward pass packs them. None otherwise."""
    if type(cache) not in (tuple, list) or not 2 <= len(cache) <= 8:
        return None
    for i, j in itertools.combinations(range(len(cache)), 2):
        entries = list(cache)
        entries[i], entries[j] = entries[j], entries[i]
        try:
            with np.errstate(all="ignore"):
                got = backward(np.copy(dout), type(cache)(entries))
            got = got if count > 1 else (got,)
            if type(got) not in (tuple, list) or len(got) != count:
                continue
            if all(
                np.shape(got[p]) == np.shape(e)
                and rel_error(np.asarray(got[p], dtype=np.float64), e) <= threshold
                for p, e in expected.items()
            ):
                return f"entries {i} and {j}"
        except Exception:  # noqa: BLE001 - a swap the backward pass cannot use says nothing
            continue
    return None


def model_gradient_measurements(model, X, y, threshold, label="", h=1e-5, zero_grads=()):
    """Numeric gradient check of every parameter of ``model`` (float64 params); the gradients
    of the parameters in ``zero_grads`` must be zero."""
    diagnose.set_sizes(N=np.shape(X)[0])
    result = unpack("model.loss(X, y)", model.loss(X, y), 2)
    _, grads = result
    if not isinstance(grads, dict) or set(grads) != set(model.params):
        keys = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        raise CheckFailed(f"grads{label} has keys {keys}, expected {sorted(model.params)}")
    numeric = {
        name: eval_numerical_gradient(
            lambda _: model.loss(X, y)[0], model.params[name], verbose=False, h=h
        )
        for name in sorted(model.params)
        if name not in zero_grads
    }
    measurements = []
    constant = bool(numeric) and not any(np.any(value) for value in numeric.values())
    loss_said = False
    for name in sorted(model.params):
        if name in zero_grads:
            measurements.append(zero_gradient(f"d{name}{label}", grads[name]))
            continue
        # A regularization gradient that does not match the loss's term is a multiple of W.
        diagnose.set_sizes(
            N=np.shape(X)[0],
            named={name: np.copy(model.params[name])},
            coefficients={"reg": getattr(model, "reg", 0.0)},
        )
        # Another parameter's gradient, to recognize gradients stored under each other's names.
        others = {
            f"the expected d{other}": value
            for other, value in numeric.items()
            if other != name and np.shape(value) == np.shape(numeric[name])
        }
        others.update(regularization_alone(name, model.params[name], getattr(model, "reg", 0.0)))
        measurement = compare(
            f"d{name}{label}", grads[name], numeric[name], threshold, candidates=others
        )
        # A parameter the loss does not depend on at all, with a gradient that is not zero: the
        # forward pass never uses it (first: the first failing measurement gives the hint).
        # When the loss depends on no parameter at all, that is said once, for the loss.
        if not measurement.passed and constant and not loss_said:
            loss_said = True
            measurements.insert(0, requirement(f"loss (changes with the parameters){label}", False))
        elif not measurement.passed and not constant and not np.any(numeric[name]):
            try:
                used = not np.any(np.asarray(grads[name], dtype=np.float64))
            except (TypeError, ValueError):
                used = True
            if not used:
                measurements.append(
                    requirement(f"d{name} (of a parameter the loss uses){label}", False)
                )
        measurements.append(measurement)
    return measurements


def regularization_alone(name, W, reg):
    """What a weight's gradient holds when the regularization's gradient replaced (``=``) the
    data gradient instead of being added to it: reg * W (all zeros at reg 0)."""
    if not name.startswith("W"):
        return {}
    return {"the regularization gradient alone": reg * np.asarray(W, dtype=np.float64)}


def standardized_measurements(label, out, axis, mean, std, shape, known_std=None, known_mean=None):
    """Statistics of ``out`` along ``axis`` must equal ``mean`` and ``std`` (per feature).
    Statistics that match gamma and beta swapped are recognized; ``known_std`` and
    ``known_mean`` map other known mistakes to the std and mean they give."""
    out = as_array(label, out, shape)
    out_mean, out_std = out.mean(axis=axis), out.std(axis=axis)
    # gamma and beta swapped: the mean is gamma and the std is |beta|, both at once.
    swapped = {}
    if np.allclose(out_mean, std, rtol=1e-6, atol=1e-9) and np.allclose(
        out_std, np.abs(mean), rtol=1e-6, atol=1e-9
    ):
        swapped = {"gamma and beta swapped": None}
    return [
        deviation(
            f"{label} mean",
            out_mean,
            mean,
            TOLERANCES["normalized mean"],
            {**{k: std for k in swapped}, **(known_mean or {})},
        ),
        deviation(
            f"{label} std",
            out_std,
            std,
            TOLERANCES["normalized std"],
            {**{k: np.abs(mean) for k in swapped}, **(known_std or {})},
        ),
    ]


def init_measurements(
    model, shapes, weight_scale, dtype, extra_ones=(), extra_zeros=(), other_shapes=None
):
    """Parameter names, shapes, dtype, initial values (weights ~ N(0, weight_scale^2)).
    ``other_shapes`` maps a known mistake to the parameters' shapes it gives (the hidden sizes
    in reverse order): every shape as that mistake gives it names it."""
    params = getattr(model, "params", None)
    if not isinstance(params, dict):
        raise CheckFailed("model.params must be a dict")
    if set(params) != set(shapes):
        raise CheckFailed(f"model.params has keys {sorted(params)}, expected {sorted(shapes)}")
    actual = {name: np.shape(params[name]) for name in sorted(shapes)}
    for mistake, wrong in (other_shapes or {}).items():
        if actual != shapes and actual == {name: tuple(wrong[name]) for name in sorted(shapes)}:
            name = next(n for n in sorted(shapes) if actual[n] != tuple(shapes[n]))
            label = f"params[{name!r}]"
            raise CheckFailed(
                f"{label} has shape {actual[name]}, expected {tuple(shapes[name])}",
                label,
                [
                    diagnose.Symptom(
                        "matches",
                        f"every parameter has the shape {mistake} gives",
                        names=(mistake,),
                        shapes=(actual[name], tuple(shapes[name])),
                    )
                ],
            )
    measurements = []
    # One array stored under two names (a chained assignment): changing one changes the other.
    arrays = [(name, params[name]) for name in sorted(shapes)]
    for i, (name, value) in enumerate(arrays):
        for other, other_value in arrays[i + 1 :]:
            if isinstance(value, np.ndarray) and isinstance(other_value, np.ndarray):
                if np.shares_memory(value, other_value):
                    measurements.append(
                        requirement(f"{name} and {other} are separate arrays", False)
                    )
    for name in sorted(shapes):
        value = as_array(f"params[{name!r}]", params[name], shapes[name])
        measurements.append(
            requirement(
                f"params[{name!r}] has dtype {np.dtype(dtype).name}",
                np.asarray(params[name]).dtype == dtype,
            )
        )
        if name.startswith("W"):
            # Six standard errors of the sample std and mean of n normal draws: a correct
            # initialization fails with probability under 1e-7 even for 92 weights (Student's t
            # has heavier tails; five allowed 3e-6 there), a wrong scale always fails.
            n = value.size
            measurements.append(
                Measurement(
                    f"|std({name}) / weight_scale - 1|",
                    abs(value.std() / weight_scale - 1),
                    max(0.05, 6 / np.sqrt(2 * n)),
                )
            )
            if measurements[-1].passed:  # a wrong scale is the std's failure alone
                measurements += tail_measurements(name, value, weight_scale)
            # The mean relative to the weights' own spread: a wrong scale alone is the std's
            # failure, not an off-centre distribution.
            spread = float(value.std()) or weight_scale
            measurements.append(
                Measurement(
                    f"|mean({name})| / std({name})", abs(value.mean()) / spread, 6 / np.sqrt(n)
                )
            )
        elif name.startswith("b") or name in extra_zeros:
            # A shift (beta) that holds ones holds its scale's (gamma's) start value.
            ones = {"ones": 1.0} if name in extra_zeros else {}
            measurements.append(deviation(f"{name} (zeros)", value, 0.0, 0.0, ones))
        elif name in extra_ones:
            measurements.append(deviation(f"{name} (ones)", value, 1.0, 0.0))
    return measurements


# Normal draws put an expected TAIL_COUNT of n weights beyond the tail bound (in units of
# weight_scale); none beyond it happens with probability (1 - q)^n <= exp(-TAIL_COUNT), 9.4e-14
# for 30, under 1e-11 for the fewer than 100 weight matrices one run of the grader checks.
TAIL_COUNT = 30


def tail_bound(n, count=TAIL_COUNT):
    """The t with n * P(|z| > t) = count for a standard normal z (bisection on erfc)."""
    low, high = 0.0, 40.0
    for _ in range(100):
        middle = (low + high) / 2
        if n * math.erfc(middle / math.sqrt(2)) > count:
            low = middle
        else:
            high = middle
    return low


def tail_measurements(name, value, weight_scale):
    """Weights drawn from N(0, weight_scale^2) reach beyond `tail_bound` (about 3 standard
    deviations for 10^4 weights); clipped or truncated draws, or uniform ones, never do. Only
    for matrices large enough that the bound lies beyond 1.64 (400 weights or more)."""
    n = value.size
    if n < 400 or not weight_scale:
        return []
    bound = tail_bound(n)
    beyond = int(np.count_nonzero(np.abs(value) > bound * abs(weight_scale)))
    return [requirement(f"tails of {name}: some |{name}| > {bound:.2f} * weight_scale", beyond > 0)]


def regularization_measurements(model, X, y, reg):
    """The loss must grow by exactly ``0.5 * reg * sum(W**2)`` over the weight matrices."""
    model.reg = 0.0
    base = float(model.loss(X, y)[0])
    model.reg = reg
    regularized = float(model.loss(X, y)[0])
    penalty = sum(
        0.5 * reg * float(np.sum(np.asarray(v, dtype=np.float64) ** 2))
        for k, v in model.params.items()
        if k.startswith("W")
    )
    weights = [v for k, v in model.params.items() if k.startswith("W")]
    total = sum(float(np.sum(np.abs(np.asarray(w, dtype=np.float64)))) for w in weights)

    def squares(arrays):
        return 0.5 * reg * sum(float(np.sum(np.asarray(a, dtype=np.float64) ** 2)) for a in arrays)

    # Other penalties: the squares summed over other parameters, a sum squared.
    numbered = sorted((k for k in model.params if k.startswith("W")), key=_layer)
    others = {
        "every parameter squared, not only the weights": squares(model.params.values()),
        "the square of each weight matrix's sum": 0.5
        * reg
        * sum(float(np.sum(np.asarray(w, dtype=np.float64))) ** 2 for w in weights),
    }
    if len(numbered) > 1:
        others["only the last weight matrix"] = squares([model.params[numbered[-1]]])
        others["only the first weight matrix"] = squares([model.params[numbered[0]]])
    return [
        compare(
            f"loss increase from reg={reg}",
            regularized - base,
            penalty,
            TOLERANCES["regularization"],
            # a penalty on the weights' absolute values (L1), with and without the 1/2
            candidates={
                "an L1 penalty": 0.5 * reg * total,
                "an L1 penalty without the 1/2": reg * total,
                **{k: v for k, v in others.items() if abs(v - penalty) > 1e-6 * abs(penalty)},
            },
        )
    ]


def _layer(name):
    """``3`` for ``W3`` (names without a number first)."""
    digits = name.lstrip("W")
    return int(digits) if digits.isdigit() else -1


def initial_loss_measurements(model, X, y, num_classes):
    """With tiny weights the scores are ~0, so the softmax loss is ~log(num_classes)."""
    loss = float(unpack("model.loss(X, y)", model.loss(X, y), 2)[0])
    expected = np.log(num_classes)
    return [
        Measurement(
            "|initial loss - log(C)| / log(C)",
            abs(loss - expected) / expected,
            TOLERANCES["initial loss"],
        )
    ]


def then_if_passed(measurements, more):
    """``measurements``, and ``more()`` (a further case) only when they all pass: a further
    case that fails for the same cause would only blur what the first ones say."""
    if all(m.passed for m in measurements):
        return measurements + more()
    return measurements
