"""The hidden tests: inputs drawn by the parent, expected values from the reference solution.

Each `HiddenCheck` grades one function of the local grader's list (same part and name) with
*tasks*: a request for the child (which function to call on which inputs) and a *judge* that
turns the child's answer into measurements (`cs231n.grading.core.Measurement`), comparing it with
values the parent computed from the master's solution:

* forward passes on the notebooks' fixed vectors and on fresh random inputs of several shapes
  (odd sizes, batch of 1, strides and pads);
* backward passes against the reference's gradients *and* numeric gradients of the reference's
  forward (never only against the student's own forward);
* update rules on the fixed vectors and random states; models on loss, scores and every gradient.

`build_checks(seed)` draws everything once per grading run; every submission of the run gets the
same inputs, and no input or expected value ever reaches the child before its request (expected
values never do).
"""

import copy
import dataclasses
import sys

import numpy as np

from cs231n import diagnose
from cs231n import layer_utils as ref_utils
from cs231n import layers as ref_layers
from cs231n import optim as ref_optim
from cs231n.classifiers.cnn import ThreeLayerConvNet
from cs231n.classifiers.fc_net import FullyConnectedNet
from cs231n.gradient_check import eval_numerical_gradient, numeric_gradients, rel_error
from cs231n.grading import checks_conv, vectors
from cs231n.grading.checks_dropout import (
    PLACEMENT_SIZES,
    dropped_share,
    mask_consistency,
    own_mask,
    placement_measurements,
)
from cs231n.grading.checks_fc import (
    every_row_mistakes,
    fc_init_measurements,
    fc_shapes,
    probability_mistakes,
)
from cs231n.grading.core import CheckFailed
from cs231n.grading.measure import (
    affine_mistakes,
    as_array,
    compare,
    hinted,
    init_measurements,
    known_partials,
    partial_upstreams,
    regularization_alone,
    reordered_upstreams,
    requirement,
    scale_in_gradients,
    state_mistakes,
    step_mistakes,
    times_inputs,
    unpack,
    zero_gradient,
)
from cs231n.tolerances import TOLERANCES

from .honesty import exact_array, harden
from .large_models import add_large_models

LAYERS, UTILS, OPTIM = "cs231n.layers", "cs231n.layer_utils", "cs231n.optim"
FC_NET = "cs231n.classifiers.fc_net:FullyConnectedNet"
CONV_NET = "cs231n.classifiers.cnn:ThreeLayerConvNet"


@dataclasses.dataclass
class Task:
    """One request to the child and the judge of its answer (``judge(value) -> measurements``)."""

    label: str
    header: dict
    arrays: dict
    judge: object
    wall: float = None  # seconds for this request, if shorter than the limits' wall time


@dataclasses.dataclass
class HiddenCheck:
    part: str
    name: str
    covers: tuple
    tasks: list
    points: float = 1.0
    # `sandbox.SANDBOX_VARIANTS`: "plain" (the fast layers stand-ins), "full" for the checks
    # that call them by design, "naive" (no fast layers at all): set in `honesty`
    sandbox: str = "plain"

    @property
    def id(self):
        return f"{self.part}::{self.name}"


class Request:
    """Builds a request header whose arrays travel as references (``{"$a": key}``)."""

    def __init__(self):
        self.arrays = {}

    def value(self, value):
        if isinstance(value, np.ndarray):
            key = f"i{len(self.arrays)}"
            self.arrays[key] = value
            return {"$a": key}
        if isinstance(value, type) and issubclass(value, np.generic):
            return {"$dtype": value.__name__}
        if isinstance(value, tuple):
            return {"$tuple": [self.value(v) for v in value]}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, np.generic):
            return value.item()
        return value


def call_task(label, target, args, judge, kwargs=None, return_args=()):
    request = Request()
    header = {
        "op": "call",
        "target": target,
        "args": request.value(list(args)),
        "kwargs": request.value(kwargs or {}),
        "return_args": list(return_args),
    }
    return Task(label, header, request.arrays, judge)


def backward_task(label, forward, backward, args, dout, judge):
    request = Request()
    header = {
        "op": "backward",
        "forward": forward,
        "backward": backward,
        "args": request.value(list(args)),
        "dout": request.value(dout),
    }
    return Task(label, header, request.arrays, judge)


def model_task(label, target, kwargs, calls, judge, record=None):
    """``calls``: list of ``(set, args)``: attributes to set (``params``, ``reg``), then
    ``model.loss(*args)``. ``record``: the name of a function whose inputs' shapes the child
    records during the calls, as the model's module calls it (the answer's ``recorded``)."""
    request = Request()
    header = {
        "op": "model",
        "target": target,
        "kwargs": request.value(kwargs),
        "calls": [{"set": request.value(s), "args": request.value(list(a))} for s, a in calls],
    }
    if record:
        header["record"] = record
    return Task(label, header, request.arrays, judge)


def _suffix(measurements, label):
    return [dataclasses.replace(m, label=f"{m.label} [{label}]") for m in measurements]


def _first(label, result):
    """The output of a layer that must return ``(out, cache)``."""
    return unpack(label, result, 2)[0]


# --------------------------------------------------------------------------------------------
# Generic layer tasks
# --------------------------------------------------------------------------------------------


def forward_tasks(name, cases, threshold, module=LAYERS, reference=None, mistakes=None):
    """``cases``: list of ``(label, args)``; expected out = reference(*args)[0]. ``mistakes``
    (args -> {mistake: out}) gives what known mistakes would return, to name them."""
    reference = reference or getattr(ref_layers, name)
    tasks = []
    for label, args in cases:
        expected = reference(*_copy(args))[0]
        known = mistakes(*_copy(args)) if mistakes else {}

        def judge(value, expected=expected, label=label, known=known):
            out = _first(name, value["result"])
            dtype = np.asarray(out).dtype
            found = [
                compare("out", out, expected, threshold, candidates=known),
                requirement(f"out has dtype {expected.dtype}", dtype == expected.dtype),
            ]
            return _suffix(found, label)

        tasks.append(call_task(label, f"{module}:{name}", args, judge))
    return tasks


def backward_tasks(
    forward_name,
    backward_name,
    cases,
    threshold,
    module=LAYERS,
    zero=(),
    sizes=None,
    upstreams=None,
    mistakes=None,
):
    """``cases``: list of ``(label, args, grad_names, dout)``: grads compared with the
    reference's backward and with numeric gradients of the reference forward. ``sizes``
    (args, dout -> dict) adds to what `cs231n.diagnose.sizes` names; ``upstreams`` (dout ->
    {mistake: (upstream, gradient names)}) names gradients that are the reference's for another
    upstream (`cs231n.grading.measure.backward_measurements`); ``mistakes`` (args, dout ->
    {gradient name: {mistake: value}}) adds known mistakes of the function."""
    forward = getattr(ref_layers if module == LAYERS else ref_utils, forward_name)
    backward = getattr(ref_layers if module == LAYERS else ref_utils, backward_name)
    tasks = []
    for label, args, names, dout in cases:
        out, cache = forward(*_copy(args))
        expected = backward(dout, cache)
        expected = expected if isinstance(expected, tuple) else (expected,)
        wrt = [i for i, n in enumerate(names) if n is not None]
        numeric = numeric_gradients(forward, _copy(args), dout, wrt=wrt)
        # A draw where even the reference disagrees with finite differences (an input on a ReLU
        # kink) would measure the draw, not the student: compare with the reference only there.
        numeric = [n if rel_error(n, e) <= threshold else None for n, e in zip(numeric, expected)]
        grad_names = [names[i] for i in wrt]
        # Known mistakes, from the reference: a gradient that holds only part of dout's
        # contribution (overwritten in a loop), the local gradient without dout.
        parts = {}
        for mistake, upstream in partial_upstreams(dout).items():
            got = backward(upstream, forward(*_copy(args))[1])
            parts[mistake] = got if isinstance(got, tuple) else (got,)
        known = [
            known_partials(e, dout, {m: p[k] for m, p in parts.items()})
            for k, e in enumerate(expected)
        ]
        grad_order = [n for n in names if n is not None]
        for mistake, (upstream, affected) in (upstreams(dout) if upstreams else {}).items():
            got = backward(upstream, forward(*_copy(args))[1])
            got = got if isinstance(got, tuple) else (got,)
            for k, gname in enumerate(grad_order):
                if gname in affected and k < len(got):
                    known[k][mistake] = got[k]
        own = mistakes(_copy(args), dout) if mistakes else {}
        for k, gname in enumerate(n for n in names if n is not None):
            known[k].update(own.get(gname, {}))
        # The array inputs, to name a gradient off by one of them or times one of them.
        arrays = {
            n[1:]: np.array(a, dtype=np.float64)
            for n, a in zip(names, args)
            if n and isinstance(a, np.ndarray)
        }
        if "dgamma" in names:  # a normalization: gamma where only dx has it
            scaled = scale_in_gradients(args[names.index("dgamma")])
            for k, gname in enumerate(n for n in names if n is not None):
                for mistake, times in scaled.get(gname, {}).items():
                    value = times(expected[k]) if k < len(expected) else None
                    if value is not None:
                        known[k][mistake] = value
        for k, e in enumerate(expected):  # last: a known mistake of its own is named first
            known[k].update({m: v for m, v in times_inputs(e, arrays).items() if m not in known[k]})

        # The inputs' shapes, to recognize an input's own axes in a gradient's shape.
        shapes = {
            n[1:]: np.shape(a) for n, a in zip(names, args) if n and isinstance(a, np.ndarray)
        }

        def judge_grads(
            value,
            expected=expected,
            numeric=numeric,
            grad_names=grad_names,
            label=label,
            known=known,
        ):
            grads = value.get("grads")
            if grads is None and "forward" in value and not isinstance(value["forward"], tuple):
                raise CheckFailed(f"{forward_name} must return (out, cache)")
            grads = (
                unpack(backward_name, grads, len(grad_names)) if len(grad_names) > 1 else (grads,)
            )
            measurements = []
            for grad, exp, num, gname, mistakes in zip(grads, expected, numeric, grad_names, known):
                measurements.append(exact_array(gname, grad, exp))
                if gname in zero:
                    measurements.append(zero_gradient(gname, grad))
                    continue
                measurements.append(
                    compare(f"{gname} vs reference", grad, exp, threshold, candidates=mistakes)
                )
                if num is not None:
                    measurements.append(
                        compare(
                            f"{gname} vs numeric", grad, num, threshold * 10, candidates=mistakes
                        )
                    )
            return _suffix(measurements, label)

        more = sizes(_copy(args), dout) if sizes else {}

        def judge(value, shapes=shapes, judge_grads=judge_grads, more=more, arrays=arrays):
            with diagnose.sizes(input_shapes=shapes, named=arrays, **more):
                return judge_grads(value)

        tasks.append(
            backward_task(
                label, f"{module}:{forward_name}", f"{module}:{backward_name}", args, dout, judge
            )
        )
    return tasks


def _copy(args):
    return [
        a.copy() if isinstance(a, np.ndarray) else (dict(a) if isinstance(a, dict) else a)
        for a in args
    ]


# --------------------------------------------------------------------------------------------
# FullyConnectedNets
# --------------------------------------------------------------------------------------------


def affine_cases(rng):
    cases = [("fixed vector", list(vectors.affine_forward_case()[0]))]
    for n, dims, m in (((1), (3,), 4), (5, (2, 3), 7), (3, (3, 1, 5), 1), (2, (2, 1, 3, 2), 3)):
        x = rng.standard_normal((n, *dims))
        cases.append(
            (
                f"x {x.shape}, M={m}",
                [x, rng.standard_normal((x[0].size, m)), rng.standard_normal(m)],
            )
        )
    return cases


def relu_cases(rng):
    cases = [("fixed vector", [vectors.relu_forward_case()[0]])]
    for shape in ((1, 1), (3, 5), (2, 3, 4, 5)):
        cases.append((f"x {shape}", [rng.standard_normal(shape)]))
    return cases


def _with_dout(cases, rng, names, reference):
    result = []
    for label, args in cases:
        out = reference(*_copy(args))[0]
        result.append((label, args, names, rng.standard_normal(out.shape)))
    return result


# The margins are svm_loss's own first step: computed here, on the instructor's side, never in
# the provided code a release ships (the local grader reads this mistake's values on its fixed
# scores from cs231n/grading/known_statistics.py, which tests/test_known_statistics.py checks).
def margin_value_mistakes(name, x, y, expected_dx):
    """What the SVM's dx holds when each margin that counts enters with its value instead of
    the 0/1 indicator of being positive (the hinge's slope); which margins count is read from
    the expected dx (its positive entries). ``{}`` for other losses."""
    if name != "svm_loss":
        return {}
    try:
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y)
        rows = np.arange(x.shape[0])
        counted = np.asarray(expected_dx, dtype=np.float64) > 0
        values = np.where(counted, x - x[rows, y][:, None] + 1.0, 0.0)
        values[rows, y] = -values.sum(axis=1)
        return {"the margins' values in place of their 0/1 indicator": values / x.shape[0]}
    except (IndexError, TypeError, ValueError):
        return {}


def loss_tasks(name, rng):
    reference = getattr(ref_layers, name)
    threshold = TOLERANCES[name]
    tasks = []
    # The last scores sit near 1000: exp overflows unless each row's maximum is subtracted, and
    # their small spread keeps the shifted probabilities away from 0 (both textbook forms pass).
    # Scores of spread 100 (a row's scores hundreds apart) come from their own generator.
    wide = np.random.default_rng(100)
    for n, c, scale, offset, draws in (
        (1, 3, 1.0, 0.0, rng),
        (7, 10, 0.5, 0.0, rng),
        (20, 4, 2.0, 0.0, rng),
        (5, 6, 1.0, 1000.0, rng),
        (9, 7, 100.0, 0.0, wide),
    ):
        x, y = offset + scale * draws.standard_normal((n, c)), draws.integers(c, size=n)
        loss, dx = reference(x.copy(), y)
        numeric = None
        if offset == 0.0:
            numeric = eval_numerical_gradient(lambda z: reference(z, y)[0], x.copy(), verbose=False)
            numeric = numeric if rel_error(numeric, dx) <= threshold else None
        label = f"x {x.shape}" + (" (scores near 1000)" if offset else "")
        label += " (scores of spread 100)" if scale == 100.0 else ""

        def judge(value, loss=loss, dx=dx, numeric=numeric, label=label, y=y, x=x):
            got_loss, got_dx = unpack(name, value["result"], 2)
            known = {
                **every_row_mistakes(name, dx, y),
                **margin_value_mistakes(name, x, y, dx),
                **probability_mistakes(name, dx, y),
            }
            # The labels name the correct class's entries of dx (a mistake only there).
            with diagnose.sizes(labels=y):
                found = [
                    compare("loss", got_loss, loss, threshold),
                    exact_array("dx", got_dx, dx),
                    compare("dx vs reference", got_dx, dx, threshold, candidates=known),
                ]
                if numeric is not None:
                    found.append(
                        compare("dx vs numeric", got_dx, numeric, threshold * 10, candidates=known)
                    )
            return _suffix(found, label)

        tasks.append(call_task(label, f"{LAYERS}:{name}", [x, y], judge))
    return tasks


def _changed_codes(value):
    """The argument positions the child says the call changed in place (0-d int arrays)."""
    codes = value.get("changed") if isinstance(value, dict) else None
    return {
        int(code)
        for code in (codes if isinstance(codes, list) else [])[:8]
        if (isinstance(code, np.ndarray) and code.shape == () and code.dtype.kind in "iu")
        or (isinstance(code, (int, np.integer)) and not isinstance(code, bool))
    }


def update_tasks(rule, rng):
    reference = getattr(ref_optim, rule)
    threshold = TOLERANCES[rule]
    w, dw, config, _ = vectors.optimizer_case(rule)
    shape = (3, 7)
    state = {
        "sgd_momentum": lambda: {"velocity": rng.standard_normal(shape), "momentum": 0.8},
        "rmsprop": lambda: {"cache": rng.random(shape), "decay_rate": 0.95},
        "adam": lambda: {
            "m": rng.standard_normal(shape),
            "v": rng.random(shape),
            "t": 3,
            "beta1": 0.85,
        },
    }[rule]
    cases = [("fixed vector", w, dw, config)]
    cases.append(
        (
            "random state",
            rng.standard_normal(shape),
            rng.standard_normal(shape),
            dict(state(), learning_rate=float(rng.uniform(1e-3, 1e-1))),
        )
    )
    cases.append(
        (
            "no state yet",
            rng.standard_normal((5,)),
            rng.standard_normal((5,)),
            {"learning_rate": 0.05},
        )
    )
    # An empty config for a matrix w (its own generator: the others' draws stay as they were).
    fresh = np.random.default_rng(4)
    cases.append(("empty config, w of shape (4, 6)", *fresh.standard_normal((2, 4, 6)), {}))
    tasks = []
    for label, w, dw, config in cases:
        expected_w, expected_config = reference(w.copy(), dw.copy(), _copy([config])[0])
        mistakes = step_mistakes(rule, w, expected_w, config, expected_config, dw=dw)

        def judge(
            value,
            expected_w=expected_w,
            expected_config=expected_config,
            label=label,
            mistakes=mistakes,
            dw=dw,
            config=config,
        ):
            next_w, got_config = unpack(rule, value["result"], 2)
            found = [compare("next_w", next_w, expected_w, threshold, candidates=mistakes)]
            changed = _changed_codes(value)
            found += [
                requirement(f"{name} (an input) unchanged", code not in changed)
                for code, name in ((0, "w"), (1, "dw"))
            ]
            if not isinstance(got_config, dict):
                raise CheckFailed(f"{rule} must return (next_w, config) with config a dict")
            for key, exp in sorted(expected_config.items()):
                if key not in got_config:
                    raise CheckFailed(f"{rule} did not store config[{key!r}]")
                found.append(
                    compare(
                        f"config[{key!r}]",
                        got_config[key],
                        exp,
                        threshold,
                        config.get(key),
                        candidates=state_mistakes(key, dw, config, expected_config),
                    )
                )
            return _suffix(found, label)

        tasks.append(call_task(label, f"{OPTIM}:{rule}", [w, dw, config], judge))
    return tasks


class _Params:
    def __init__(self, params):
        self.params = params


def fc_init_tasks(normalization):
    tasks = []
    dims = [121, 97, 80, 53]
    for dtype in (np.float32, np.float64):
        kwargs = {
            "hidden_dims": dims[1:-1],
            "input_dim": dims[0],
            "num_classes": dims[-1],
            "normalization": normalization,
            "weight_scale": 3e-2,
            "dtype": dtype,
        }

        def judge(value, dtype=dtype):
            model = _Params(value["params"])
            return _suffix(
                fc_init_measurements(model, dims, normalization, dtype), np.dtype(dtype).name
            )

        tasks.append(model_task(f"dims {dims}", FC_NET, kwargs, [], judge))
    return tasks


def model_loss_tasks(
    label, target, make_reference, kwargs, params, X, y, threshold, zero=(), regs=(0.0, 1.3)
):
    """Scores, loss and gradients of the student's model with the parent's ``params``, at each
    regularization strength, against the reference model (and its numeric gradients)."""
    calls, expected = [], []
    model = make_reference(0.0)  # one model, called in the child's order (running statistics)
    for reg in regs:
        model.reg = reg
        model.params = {k: v.copy() for k, v in params.items()}
        scores = model.loss(X)
        probe = copy.deepcopy(model)  # numeric gradients must not move the running statistics
        loss, grads = model.loss(X, y)
        numeric = {}
        for name in sorted(params):
            if name not in zero:
                estimate = eval_numerical_gradient(
                    lambda _, probe=probe: probe.loss(X, y)[0], probe.params[name], verbose=False
                )
                # as in backward_tasks: a draw the reference itself fails is not used
                if rel_error(estimate, grads[name]) <= threshold:
                    numeric[name] = estimate
        expected.append((reg, scores, loss, grads, numeric))
        calls += [({"params": params, "reg": reg}, [X]), ({"params": params, "reg": reg}, [X, y])]

    def judge(value):
        results = value.get("results") or []
        found = []
        for index, (reg, scores, loss, grads, numeric) in enumerate(expected):
            tag = f" (reg={reg})"
            # The scores of the later cases are test-time scores after a train-time call (the
            # running averages of batch normalization have moved).
            after = f" (reg={reg}, after a train-time call)" if index else tag
            found.append(compare(f"scores{after}", results[2 * index], scores, threshold))
            got_loss, got_grads = unpack("model.loss(X, y)", results[2 * index + 1], 2)
            found.append(compare(f"loss{tag}", got_loss, loss, threshold))
            if not isinstance(got_grads, dict) or set(got_grads) != set(grads):
                keys = sorted(got_grads) if isinstance(got_grads, dict) else type(got_grads)
                raise CheckFailed(f"grads has keys {keys}, expected {sorted(grads)}")
            for name in sorted(grads):
                found.append(exact_array(f"d{name}{tag}", got_grads[name], grads[name]))
                if name in zero:
                    found.append(zero_gradient(f"d{name}{tag}", got_grads[name]))
                    continue
                # A regularization gradient off by a multiple of the weights is named, and so is
                # a gradient stored under another parameter's name.
                others = {
                    f"the expected d{other}": value
                    for other, value in grads.items()
                    if other != name and np.shape(value) == np.shape(grads[name])
                }
                others.update(regularization_alone(name, params[name], reg))
                with diagnose.sizes(named={name: params[name]}, coefficients={"reg": reg}):
                    found.append(
                        compare(
                            f"d{name} vs reference{tag}",
                            got_grads[name],
                            grads[name],
                            threshold,
                            candidates=others,
                        )
                    )
                    if name in numeric:
                        found.append(
                            compare(
                                f"d{name} vs numeric{tag}",
                                got_grads[name],
                                numeric[name],
                                threshold * 10,
                                candidates=others,
                            )
                        )
        return _suffix(found, label)

    return model_task(label, target, kwargs, calls, judge)


def fc_loss_tasks(
    rng, normalization=None, threshold=None, sizes=((1, 9, 6, 8, 4), (5, 7, 5, 6, 3))
):
    tasks = []
    for n, d, h1, h2, c in sizes:
        if normalization == "batchnorm" and n < 2:
            n = 4
        dims = [d, h1, h2, c]
        params = {}
        for name, shape in fc_shapes(dims, normalization).items():
            scale = 0.3 if name.startswith("W") else 0.1
            params[name] = scale * rng.standard_normal(shape) + (1.0 if "gamma" in name else 0.0)
        X, y = rng.standard_normal((n, d)), rng.integers(c, size=n)
        kwargs = {
            "hidden_dims": [h1, h2],
            "input_dim": d,
            "num_classes": c,
            "dtype": np.float64,
            "normalization": normalization,
            "weight_scale": 1e-2,
        }

        def make(reg, kwargs=kwargs):
            return FullyConnectedNet(**dict(kwargs, reg=reg))

        zero = ("b1", "b2") if normalization == "batchnorm" else ()
        tasks.append(
            model_loss_tasks(
                f"N={n}, dims {dims}", FC_NET, make, kwargs, params, X, y, threshold, zero=zero
            )
        )
    return tasks


# --------------------------------------------------------------------------------------------
# BatchNormalization
# --------------------------------------------------------------------------------------------


def batchnorm_forward_tasks(name, shapes, rng, spatial=False):
    reference = getattr(ref_layers, name)
    threshold = TOLERANCES[name]
    tasks = []
    for shape in shapes:
        channels = shape[1]
        x = 2.0 * rng.standard_normal(shape) + 1.5
        gamma, beta = rng.standard_normal(channels), rng.standard_normal(channels)
        for mode in ("train", "test"):
            param = {
                "mode": mode,
                "momentum": 0.8,
                "eps": 1e-5,
                "running_mean": rng.standard_normal(channels),
                "running_var": rng.random(channels) + 0.5,
            }
            reference_param = _copy([param])[0]
            out = reference(x.copy(), gamma, beta, reference_param)[0]
            label = f"x {shape}, {mode} mode"

            known = {}
            if mode == "train" and not spatial and x.ndim == 2:
                known = _norm_mistakes(0)(x, gamma, beta, param)
            if mode == "test" and not spatial and x.ndim == 2:
                spread = np.sqrt(param["running_var"] + param["eps"])
                known = {
                    "multiplied by the std where divided": gamma
                    * (x - param["running_mean"])
                    * spread
                    + beta
                }

            def judge(
                value, out=out, expected_param=reference_param, label=label, mode=mode, known=known
            ):
                got_out = _first(name, value["result"])
                found = [compare("out", got_out, out, threshold, candidates=known)]
                if mode == "train":
                    got = value["args"][0]
                    for key in ("running_mean", "running_var"):
                        if not isinstance(got, dict) or key not in got:
                            raise CheckFailed(f"{name} did not update bn_param[{key!r}]")
                        found.append(
                            compare(f"bn_param[{key!r}]", got[key], expected_param[key], threshold)
                        )
                return _suffix(found, label)

            tasks.append(
                call_task(
                    label, f"{LAYERS}:{name}", [x, gamma, beta, param], judge, return_args=[3]
                )
            )
    return tasks


def batchnorm_empty_param_task():
    """A train step from an empty bn_param: the running averages start at zero."""
    draws = np.random.default_rng(5)
    x = 2.0 * draws.standard_normal((6, 4)) + 1.5
    gamma, beta = draws.standard_normal(4), draws.standard_normal(4)
    expected_param = {"mode": "train"}
    ref_layers.batchnorm_forward(x.copy(), gamma, beta, expected_param)
    label = "x (6, 4), train mode from an empty bn_param"

    def judge(value):
        got = value["args"][0]
        found = []
        for key in ("running_mean", "running_var"):
            if not isinstance(got, dict) or key not in got:
                raise CheckFailed(f"batchnorm_forward did not store bn_param[{key!r}]")
            found.append(
                compare(
                    f"bn_param[{key!r}] from an empty bn_param, after a train step",
                    got[key],
                    expected_param[key],
                    TOLERANCES["batchnorm_forward"],
                )
            )
        return _suffix(found, label)

    args = [x, gamma, beta, {"mode": "train"}]
    return call_task(label, f"{LAYERS}:batchnorm_forward", args, judge, return_args=[3])


def norm_backward_cases(forward, shapes, rng, param, extra=()):
    cases = []
    for shape in shapes:
        channels = shape[1]
        x = 2.0 * rng.standard_normal(shape) + 0.5
        gamma, beta = rng.standard_normal(channels), rng.standard_normal(channels)
        if extra:
            gamma, beta = gamma.reshape(1, channels, 1, 1), beta.reshape(1, channels, 1, 1)
        args = [x, gamma, beta, *extra, dict(param)]
        out = forward(*_copy(args))[0]
        names = ["dx", "dgamma", "dbeta"] + [None] * (len(extra) + 1)
        cases.append((f"x {shape}", args, names, rng.standard_normal(out.shape)))
    return cases


# The terms of a normalization's dx are the staged backward pass itself: they are computed here,
# on the instructor's side, never in the provided code a release ships (the local grader names
# no term).
def term_sizes(x, gamma, dout, x_hat, axis):
    """What names a wrong term of a normalization's dx (`cs231n.diagnose` sizes), ``axis``
    the one its statistics are taken over. dx holds, per feature (batch norm, axis 0) or per
    example (layer norm, axis 1), dx_hat = dout * gamma times inv_std, x_hat times a
    coefficient (through the variance) and a constant (through the mean): each term as the
    expected dx holds it, to say by what factor a wrong one is off."""
    std = np.sqrt(x.var(axis=axis, keepdims=True) + 1e-5)
    dx_hat = dout * gamma
    own_x_hat = (x - x.mean(axis=axis, keepdims=True)) / std
    through_variance = -(dx_hat * own_x_hat).mean(axis=axis, keepdims=True) / std
    terms = {"dx_hat": (dx_hat, axis, 1 / std)}
    if x_hat is not None:
        x_hat_ratios = {
            "x_hat where x - mean belongs": 1 / std,
            "x - mean where x_hat belongs": std,
            "without its factor inv_std / size": x.shape[axis] * std,
        }
        terms = {"x_hat": (x_hat, axis, through_variance, x_hat_ratios), **terms}
    through_mean = -dx_hat.mean(axis=axis, keepdims=True) / std
    return {
        "axis terms": terms,
        "offset terms": {axis: ("mean", through_mean)},
        # batch norm: the number of features, to name a 1/N taken from it
        **({"D": x.shape[1]} if axis == 0 else {}),
        "column scales": {"std": std, "axis": axis},
    }


def _norm_terms(axis):
    """``sizes`` of `backward_tasks` for a normalization along ``axis`` (0: batch norm, 1: layer
    norm): its dx's terms, to name one that is off (`term_sizes`)."""

    def sizes(args, dout):
        x, gamma = np.asarray(args[0], dtype=np.float64), np.asarray(args[1], dtype=np.float64)
        if x.ndim != 2 or x.shape[axis] < 3:
            return {}
        std = np.sqrt(x.var(axis=axis, keepdims=True) + 1e-5)
        x_hat = (x - x.mean(axis=axis, keepdims=True)) / std
        found = term_sizes(x, gamma, dout, x_hat, axis)
        return {**found, "D": x.shape[1]} if axis == 1 else found

    return sizes


def _norm_mistakes(axis):
    """What a normalization along ``axis`` gives with two known mistakes: the mean not
    subtracted, and the statistics taken along the other axis."""

    def mistakes(x, gamma, beta, param):
        eps = param.get("eps", 1e-5)
        std = np.sqrt(x.var(axis=axis, keepdims=True) + eps)
        other = 1 - axis
        across = (x - x.mean(axis=other, keepdims=True)) / np.sqrt(
            x.var(axis=other, keepdims=True) + eps
        )
        mean = x.mean(axis=axis, keepdims=True)
        return {
            "the mean not subtracted": gamma * x / std + beta,
            "normalized over the other axis": gamma * across + beta,
            "x_hat unused": gamma * x + beta,
            "only the mean divided by the std": gamma * (x - mean / std) + beta,
            "multiplied by the std where divided": gamma * (x - mean) * std + beta,
        }

    return mistakes


def layernorm_forward_tasks(rng):
    tasks = []
    for shape in ((1, 5), (4, 3), (6, 11)):
        x = 3.0 * rng.standard_normal(shape) - 1.0
        gamma, beta = rng.standard_normal(shape[1]), rng.standard_normal(shape[1])
        args = [x, gamma, beta, {"eps": 1e-5}]
        tasks += forward_tasks(
            "layernorm_forward", [(f"x {shape}", args)], 1e-6, mistakes=_norm_mistakes(1)
        )
    return tasks


def affine_norm_relu_tasks(rng):
    tasks = []
    for normalization, param in (("batchnorm", {"mode": "train"}), ("layernorm", {})):
        for n, d, m in ((6, 4, 5), (3, 7, 4)):
            x, w, b = (
                rng.standard_normal((n, d)),
                rng.standard_normal((d, m)),
                rng.standard_normal(m),
            )
            gamma, beta = rng.standard_normal(m), rng.standard_normal(m)
            args = [x, w, b, gamma, beta, param, normalization]
            dout = rng.standard_normal((n, m))
            names = ["dx", "dw", "db", "dgamma", "dbeta", None, None]
            zero = ("db",) if normalization == "batchnorm" else ()
            tasks += backward_tasks(
                "affine_norm_relu_forward",
                "affine_norm_relu_backward",
                [(f"{normalization}, x {(n, d)}, M={m}", args, names, dout)],
                TOLERANCES["affine_norm_relu_backward"],
                module=UTILS,
                zero=zero,
            )
    return tasks


# --------------------------------------------------------------------------------------------
# Dropout
# --------------------------------------------------------------------------------------------


def dropout_forward_tasks(rng):
    x = rng.standard_normal((400, 500)) + 10
    tasks = []
    for p in (0.25, 0.6, 0.8):

        def judge_train(value, p=p):
            out, cache = unpack("dropout_forward", value["result"], 2)
            out = as_array("train-mode out", out, x.shape)
            kept = out != 0
            return _suffix(
                [
                    *dropped_share(kept, p),
                    compare("kept units = x / p", out[kept], x[kept] / p, 1e-12),
                    *mask_consistency(out, cache, p),
                ],
                f"train, p={p}",
            )

        def judge_test(value, p=p):
            out = _first("dropout_forward", value["result"])
            return _suffix([compare("out = x", out, x, 0.0)], f"test, p={p}")

        tasks.append(
            call_task(
                f"train p={p}",
                f"{LAYERS}:dropout_forward",
                [x, {"mode": "train", "p": p}],
                judge_train,
            )
        )
        tasks.append(
            call_task(
                f"test p={p}",
                f"{LAYERS}:dropout_forward",
                [x, {"mode": "test", "p": p}],
                judge_test,
            )
        )

    def judge_seeded(value, p=0.6):
        out = as_array("train-mode out", _first("dropout_forward", value["result"]), x.shape)
        kept = out != 0
        return _suffix(
            [*dropped_share(kept, p), compare("kept units = x / p", out[kept], x[kept] / p, 1e-12)],
            f"train, p={p}, with a seed",
        )

    # The seeded draw is a draw of its own: it keeps the same share of units.
    tasks.append(
        call_task(
            "train p=0.6 seeded",
            f"{LAYERS}:dropout_forward",
            [x, {"mode": "train", "p": 0.6, "seed": 11}],
            judge_seeded,
        )
    )
    small = (rng.standard_normal((7, 9)) + 5).astype(np.float32)

    def judge_dtype(value):
        out = np.asarray(_first("dropout_forward", value["result"]))
        return [requirement("float32 input gives float32 output", out.dtype == np.float32)]

    tasks.append(
        call_task(
            "float32",
            f"{LAYERS}:dropout_forward",
            [small, {"mode": "train", "p": 0.5, "seed": 7}],
            judge_dtype,
        )
    )
    return tasks


def dropout_backward_tasks(rng):
    tasks = []
    for shape, p, mode in (((1, 13), 0.3, "train"), ((9, 10), 0.7, "train"), ((4, 5), 0.5, "test")):
        x, dout = rng.standard_normal(shape) + 10, rng.standard_normal(shape)
        param = {"mode": mode, "p": p, "seed": int(rng.integers(1000))}

        def judge(value, dout=dout, p=p, mode=mode, x=x):
            forward = value.get("forward")
            if not isinstance(forward, tuple):
                raise CheckFailed("dropout_forward must return (out, cache)")
            out = as_array("dropout_forward out", forward[0], x.shape)
            grads = value.get("grads")
            expected = dout * (out != 0) / p if mode == "train" else dout
            known = own_mask(grads, dout, out, p) if mode == "train" else {}
            return _suffix(
                [
                    exact_array("dx", grads, expected),
                    compare(
                        "dx", grads, expected, TOLERANCES["dropout_backward"], candidates=known
                    ),
                ],
                f"{mode}, x {x.shape}, p={p}",
            )

        tasks.append(
            backward_task(
                f"{mode} {shape}",
                f"{LAYERS}:dropout_forward",
                f"{LAYERS}:dropout_backward",
                [x, param],
                dout,
                judge,
            )
        )
    return tasks


def fc_dropout_tasks(rng):
    """With dropout the masks are the student's own random draws: scores at test time and the
    loss and gradients with keep ratio 1 are compared with the reference; at train time the loss
    must change and depend on the seed only."""
    n, d, h1, h2, c = 3, 8, 9, 7, 5
    dims = [d, h1, h2, c]
    params = {k: 0.3 * rng.standard_normal(s) for k, s in fc_shapes(dims, None).items()}
    X, y = rng.standard_normal((n, d)), rng.integers(c, size=n)
    base = {"hidden_dims": [h1, h2], "input_dim": d, "num_classes": c, "dtype": np.float64}
    threshold = TOLERANCES["FullyConnectedNet.loss[dropout]"]
    tasks = [
        model_loss_tasks(
            "keep ratio 1",
            FC_NET,
            lambda reg: FullyConnectedNet(**dict(base, reg=reg)),
            dict(base, dropout_keep_ratio=1),
            params,
            X,
            y,
            threshold,
            regs=(0.0,),
        )
    ]
    plain = FullyConnectedNet(**base)
    plain.params = {k: v.copy() for k, v in params.items()}
    scores, (loss, _) = plain.loss(X), plain.loss(X, y)
    kwargs = dict(base, dropout_keep_ratio=0.5, seed=123)
    calls = [({"params": params}, [X]), ({"params": params}, [X, y]), ({"params": params}, [X, y])]

    def judge(value):
        results = value.get("results") or []
        first, second = (unpack("model.loss(X, y)", r, 2)[0] for r in results[1:3])
        return [
            compare("test-time scores = scores without dropout", results[0], scores, 1e-10),
            requirement(
                "train-time loss differs from the loss without dropout",
                not np.isclose(float(as_array("loss", first)), loss, rtol=1e-9, atol=0),
            ),
            requirement(
                "same seed, same train-time loss",
                np.array_equal(as_array("loss", first), as_array("loss", second)),
            ),
        ]

    tasks.append(model_task("keep ratio 0.5", FC_NET, kwargs, calls, judge))

    # Where dropout goes (the local grader's rule): a mistake consistent between the forward
    # and the backward pass, dropout on the input or the scores too, passes the tasks above.
    n, d, hidden_dims, c = PLACEMENT_SIZES
    placement = dict(
        base, hidden_dims=list(hidden_dims), input_dim=d, num_classes=c, dropout_keep_ratio=0.5
    )
    [own] = rng.spawn(1)  # its own stream: the later checks' inputs stay what they were
    params = {
        k: 0.3 * own.standard_normal(s) for k, s in fc_shapes([d, *hidden_dims, c], None).items()
    }
    X, y = own.standard_normal((n, d)), own.integers(c, size=n)

    def judge_placement(value):
        [result] = value.get("results") or [None]
        loss = as_array("loss", unpack("model.loss(X, y)", result, 2)[0])
        found = [requirement("train-time loss is finite", bool(np.all(np.isfinite(loss))))]
        recorded = value.get("recorded")
        shapes = []
        for shape in recorded if isinstance(recorded, list) else []:
            if not isinstance(shape, np.ndarray) or shape.ndim != 1 or shape.dtype.kind not in "iu":
                return found  # not the child's record: no claim on where dropout goes
            shapes.append(tuple(int(k) for k in shape))
        return found + placement_measurements(shapes, n, d, hidden_dims, c)

    tasks.append(
        model_task(
            "where dropout goes",
            FC_NET,
            placement,
            [({"params": params}, [X, y])],
            judge_placement,
            record="dropout_forward",
        )
    )
    return tasks


# --------------------------------------------------------------------------------------------
# ConvolutionalNetworks
# --------------------------------------------------------------------------------------------

CONV_SHAPES = (  # x shape, (F, HH, WW), stride, pad
    ((1, 3, 5, 7), (2, 3, 3), 2, 1),
    ((2, 2, 6, 6), (3, 2, 4), 1, 0),
    ((3, 1, 7, 7), (2, 5, 5), 1, 2),
)
POOL_SHAPES = (  # x shape, pool height, width, stride
    ((1, 2, 5, 7), 3, 3, 2),
    ((2, 3, 4, 4), 2, 2, 2),
    ((3, 1, 6, 5), 2, 3, 1),
)


def conv_cases(rng, fixed=True):
    cases = []
    if fixed:
        cases.append(("fixed vector", list(vectors.conv_forward_case()[0])))
    for shape, (f, hh, ww), stride, pad in CONV_SHAPES:
        x = rng.standard_normal(shape)
        w = rng.standard_normal((f, shape[1], hh, ww))
        cases.append(
            (
                f"x {shape}, w {w.shape}, stride {stride}, pad {pad}",
                [x, w, rng.standard_normal(f), {"stride": stride, "pad": pad}],
            )
        )
    return cases


def pool_cases(rng, fixed=True):
    cases = []
    if fixed:
        cases.append(("fixed vector", list(vectors.max_pool_forward_case()[0])))
    for shape, ph, pw, stride in POOL_SHAPES:
        param = {"pool_height": ph, "pool_width": pw, "stride": stride}
        cases.append(
            (f"x {shape}, pool {ph}x{pw}, stride {stride}", [rng.standard_normal(shape), param])
        )
    return cases


def groupnorm_forward_tasks(rng):
    tasks = []
    for shape, groups in (((3, 6, 4, 5), 2), ((1, 6, 3, 3), 3), ((3, 4, 5, 3), 4)):
        x = 2.0 * rng.standard_normal(shape) + 1.0
        gamma = rng.standard_normal((1, shape[1], 1, 1))
        beta = rng.standard_normal((1, shape[1], 1, 1))
        args = [x, gamma, beta, groups, {"eps": 1e-5}]
        tasks += forward_tasks(
            "spatial_groupnorm_forward",
            [(f"x {shape}, G={groups}", args)],
            1e-6,
            mistakes=lambda x, gamma, beta, G, param: {
                mistake: out * gamma + beta
                for mistake, out in checks_conv.group_mistakes(
                    ref_layers, x, G, param.get("eps", 1e-5)
                ).items()
            },
        )
    return tasks


def conv_net_init_tasks():
    kwargs = {
        "input_dim": (3, 10, 12),
        "num_filters": 6,
        "filter_size": 5,
        "hidden_dim": 23,
        "num_classes": 4,
        "weight_scale": 1e-2,
    }
    shapes = {
        "W1": (6, 3, 5, 5),
        "b1": (6,),
        "W2": (6 * 5 * 6, 23),
        "b2": (23,),
        "W3": (23, 4),
        "b3": (4,),
    }
    tasks = []
    for dtype in (np.float32, np.float64):

        def judge(value, dtype=dtype):
            return _suffix(
                init_measurements(_Params(value["params"]), shapes, 1e-2, dtype),
                np.dtype(dtype).name,
            )

        tasks.append(
            model_task(f"{np.dtype(dtype).name}", CONV_NET, dict(kwargs, dtype=dtype), [], judge)
        )
    # An even filter size: the conv still keeps the input's height and width, so W2 is as for
    # an odd one (the local check's case, checks_conv._even_filter_init_measurements).
    even = dict(kwargs, filter_size=4, dtype=np.float64)
    even_shapes = dict(shapes, W1=(6, 3, 4, 4))

    def judge_even(value):
        return _suffix(
            init_measurements(_Params(value["params"]), even_shapes, 1e-2, np.float64), "filter 4"
        )

    tasks.append(model_task("filter size 4", CONV_NET, even, [], judge_even))
    return tasks


def conv_net_loss_tasks(rng):
    tasks = []
    # An even filter size (the provided code pads one more row and column) draws from its own
    # generator: the other cases' draws stay as they were.
    for n, (c, h, w), f, fs, hidden, classes, draws in (
        (1, (3, 6, 8), 3, 3, 7, 5, rng),
        (3, (2, 4, 4), 2, 5, 6, 3, rng),
        (2, (3, 6, 4), 2, 4, 5, 4, np.random.default_rng(4)),
    ):
        shapes = {
            "W1": (f, c, fs, fs),
            "b1": (f,),
            "W2": (f * h * w // 4, hidden),
            "b2": (hidden,),
            "W3": (hidden, classes),
            "b3": (classes,),
        }
        params = {k: 0.3 * draws.standard_normal(s) for k, s in shapes.items()}
        X, y = draws.standard_normal((n, c, h, w)), draws.integers(classes, size=n)
        kwargs = {
            "input_dim": (c, h, w),
            "num_filters": f,
            "filter_size": fs,
            "hidden_dim": hidden,
            "num_classes": classes,
            "dtype": np.float64,
        }

        def make(reg, kwargs=kwargs):
            return ThreeLayerConvNet(**dict(kwargs, reg=reg))

        tasks.append(
            model_loss_tasks(
                f"N={n}, input {(c, h, w)}, filter {fs}",
                CONV_NET,
                make,
                kwargs,
                params,
                X,
                y,
                TOLERANCES["ThreeLayerConvNet.loss"],
            )
        )
    return tasks


# --------------------------------------------------------------------------------------------
# All checks
# --------------------------------------------------------------------------------------------


def build_checks(seed):
    """Every hidden check, with inputs drawn from ``seed`` and expected values computed now."""
    rng = np.random.default_rng(seed)
    FC, BN, DO, CN = "FullyConnectedNets", "BatchNormalization", "Dropout", "ConvolutionalNetworks"
    checks = []

    def add(part, name, tasks, covers=None):
        # Failing measurements carry hints in the function's terms (cs231n.hints).
        tasks = [
            dataclasses.replace(t, judge=hinted(name, t.judge, t.header, t.arrays)) for t in tasks
        ]
        checks.append(HiddenCheck(part, name, tuple(covers or (name.split("[")[0],)), tasks))

    affine = affine_cases(rng)
    add(FC, "affine_forward", forward_tasks("affine_forward", affine, 1e-7))
    add(
        FC,
        "affine_backward",
        backward_tasks(
            "affine_forward",
            "affine_backward",
            _with_dout(affine[1:], rng, ["dx", "dw", "db"], ref_layers.affine_forward),
            TOLERANCES["affine_backward"],
            mistakes=lambda args, dout: affine_mistakes(args[0], dout),
        ),
    )
    relu = relu_cases(rng)
    add(FC, "relu_forward", forward_tasks("relu_forward", relu, 1e-7))
    add(
        FC,
        "relu_backward",
        backward_tasks(
            "relu_forward",
            "relu_backward",
            _with_dout(relu[1:], rng, ["dx"], ref_layers.relu_forward),
            TOLERANCES["relu_backward"],
        ),
    )
    add(FC, "softmax_loss", loss_tasks("softmax_loss", rng))
    add(FC, "svm_loss", loss_tasks("svm_loss", rng))
    for rule in ("sgd_momentum", "rmsprop", "adam"):
        add(FC, rule, update_tasks(rule, rng))
    add(FC, "FullyConnectedNet.__init__", fc_init_tasks(None))
    add(
        FC, "FullyConnectedNet.loss", fc_loss_tasks(rng, None, TOLERANCES["FullyConnectedNet.loss"])
    )

    add(
        BN,
        "batchnorm_forward",
        batchnorm_forward_tasks("batchnorm_forward", ((4, 3), (1, 5), (17, 6)), rng)
        + [batchnorm_empty_param_task()],
    )
    bn_cases = norm_backward_cases(
        ref_layers.batchnorm_forward, ((4, 3), (9, 6)), rng, {"mode": "train"}
    )
    for name in ("batchnorm_backward", "batchnorm_backward_alt"):
        add(
            BN,
            name,
            backward_tasks(
                "batchnorm_forward", name, bn_cases, TOLERANCES[name], sizes=_norm_terms(0)
            ),
        )
    add(BN, "layernorm_forward", layernorm_forward_tasks(rng))
    ln_cases = norm_backward_cases(
        ref_layers.layernorm_forward, ((1, 4), (5, 7)), rng, {"eps": 1e-5}
    )
    add(
        BN,
        "layernorm_backward",
        backward_tasks(
            "layernorm_forward",
            "layernorm_backward",
            ln_cases,
            TOLERANCES["layernorm_backward"],
            sizes=_norm_terms(1),
        ),
    )
    add(
        BN,
        "affine_norm_relu_forward/backward",
        affine_norm_relu_tasks(rng),
        covers=("affine_norm_relu_forward", "affine_norm_relu_backward"),
    )
    for normalization in ("batchnorm", "layernorm"):
        add(BN, f"FullyConnectedNet.__init__[{normalization}]", fc_init_tasks(normalization))
        add(
            BN,
            f"FullyConnectedNet.loss[{normalization}]",
            fc_loss_tasks(
                rng, normalization, TOLERANCES[f"FullyConnectedNet.loss[{normalization}]"]
            ),
        )

    add(DO, "dropout_forward", dropout_forward_tasks(rng))
    add(DO, "dropout_backward", dropout_backward_tasks(rng))
    add(DO, "FullyConnectedNet.loss[dropout]", fc_dropout_tasks(rng))

    conv = conv_cases(rng)
    add(
        CN,
        "conv_forward_naive",
        forward_tasks("conv_forward_naive", conv, 1e-7, mistakes=checks_conv._index_mistakes),
    )
    add(
        CN,
        "conv_backward_naive",
        backward_tasks(
            "conv_forward_naive",
            "conv_backward_naive",
            _with_dout(conv[1:], rng, ["dx", "dw", "db", None], ref_layers.conv_forward_naive),
            TOLERANCES["conv_backward_naive"],
        ),
    )
    pool = pool_cases(rng)
    add(
        CN,
        "max_pool_forward_naive",
        forward_tasks(
            "max_pool_forward_naive",
            pool,
            1e-7,
            mistakes=lambda x, pool_param: {
                **checks_conv._pool_mistakes(x, pool_param),
                **checks_conv._window_reductions(x, pool_param),
            },
        ),
    )
    add(
        CN,
        "max_pool_backward_naive",
        backward_tasks(
            "max_pool_forward_naive",
            "max_pool_backward_naive",
            _with_dout(pool[1:], rng, ["dx", None], ref_layers.max_pool_forward_naive),
            TOLERANCES["max_pool_backward_naive"],
            sizes=lambda args, dout: {"window": args[1]["pool_height"] * args[1]["pool_width"]},
        ),
    )
    add(
        CN,
        "spatial_batchnorm_forward",
        batchnorm_forward_tasks(
            "spatial_batchnorm_forward", ((2, 3, 4, 5), (1, 2, 3, 3), (5, 4, 2, 3)), rng
        ),
    )
    sbn = norm_backward_cases(
        ref_layers.spatial_batchnorm_forward, ((2, 3, 4, 5), (4, 2, 3, 3)), rng, {"mode": "train"}
    )
    add(
        CN,
        "spatial_batchnorm_backward",
        backward_tasks(
            "spatial_batchnorm_forward",
            "spatial_batchnorm_backward",
            sbn,
            TOLERANCES["spatial_batchnorm_backward"],
            upstreams=reordered_upstreams,
            sizes=lambda args, dout: {"HW": args[0].shape[2] * args[0].shape[3]},
        ),
    )
    add(CN, "spatial_groupnorm_forward", groupnorm_forward_tasks(rng))
    gn_cases = []
    for shape, groups in (((2, 6, 4, 5), 3), ((1, 4, 3, 3), 2)):
        gn_cases += norm_backward_cases(
            ref_layers.spatial_groupnorm_forward, (shape,), rng, {"eps": 1e-5}, extra=(groups,)
        )
    add(
        CN,
        "spatial_groupnorm_backward",
        backward_tasks(
            "spatial_groupnorm_forward",
            "spatial_groupnorm_backward",
            gn_cases,
            TOLERANCES["spatial_groupnorm_backward"],
            mistakes=lambda args, dout: checks_conv.group_axis_mistakes(
                ref_layers, args[0], args[1], args[3], dout, args[4].get("eps", 1e-5)
            ),
        ),
    )
    add(CN, "ThreeLayerConvNet.__init__", conv_net_init_tasks())
    add(CN, "ThreeLayerConvNet.loss", conv_net_loss_tasks(rng))
    # the tasks of `honesty` (randomness, method, exact answers), then `large_models`' (a
    # model's gradients by backpropagation, not finite differences of its loss)
    checks = harden(checks, rng, sys.modules[__name__])
    return add_large_models(checks, rng, sys.modules[__name__])
