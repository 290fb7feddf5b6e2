"""Hidden tasks that tell a model's backward pass from finite differences of its loss.

A model's ``loss(X, y)`` can return gradients without a backward pass: perturb every parameter
in turn and difference the loss (the provided `cs231n.gradient_check.eval_numerical_gradient`
does it in one line). On the small models of `cases` that is exact enough and quick. The loss
is a scalar, so no colouring helps: every parameter needs its own forward passes. Each task
here gives the model a parameter count (over 800,000) that honest backpropagation handles in
milliseconds and finite differences (two forward passes per parameter, 0.1 ms or more each)
cannot finish within `honesty.LARGE_WALL` seconds of the parent's clock. The gradients are
compared with the reference model's (exact shapes and dtypes), as on the small models.
"""

import dataclasses

import numpy as np

from cs231n.classifiers.cnn import ThreeLayerConvNet
from cs231n.classifiers.fc_net import FullyConnectedNet
from cs231n.grading.core import CheckFailed
from cs231n.grading.measure import as_array, compare, requirement, unpack, zero_gradient
from cs231n.tolerances import TOLERANCES

from .honesty import LARGE_WALL, exact_array

LARGE_FC = {"input_dim": 3072, "hidden_dims": [256, 256], "num_classes": 10}  # 855,050 params
# W2 alone is 32 * 16 * 16 x 100 = 819,200 parameters. One image and 3x3 filters keep every
# array of the fast conv and pool layers under `cs231n.parallel.PARALLEL_MIN_ELEMENTS`: no
# thread is started (a child whose uid ran out of processes can still answer).
LARGE_CONV = {
    "input_dim": (3, 32, 32),
    "num_filters": 32,
    "filter_size": 3,
    "hidden_dim": 100,
    "num_classes": 10,
}
BATCH = 3


def parameter_count(params):
    return sum(int(np.size(value)) for value in params.values())


def _draw_params(reference, rng):
    """New parameters for ``reference`` of the same shapes and dtypes, drawn from ``rng``."""
    params = {}
    for name, value in reference.params.items():
        scale = 5e-2 if name.startswith("W") else 0.1
        draw = scale * rng.standard_normal(np.shape(value)) + (1.0 if "gamma" in name else 0.0)
        params[name] = draw.astype(value.dtype)
    reference.params = {name: value.copy() for name, value in params.items()}
    return params


def large_model_task(cases, label, target, kwargs, X, y, threshold, rng, zero=(), values=True):
    """One ``model.loss(X, y)`` of the student's model (built with ``kwargs``) on parameters
    drawn by the parent, on a model too large for finite differences; every gradient must be
    an ndarray of its parameter's shape and dtype and, when ``values``, the reference's within
    ``threshold`` (with dropout the masks are the student's: the check's other tasks judge)."""
    make = ThreeLayerConvNet if target == cases.CONV_NET else FullyConnectedNet
    reference = make(**kwargs)
    params = _draw_params(reference, rng)
    loss, grads = reference.loss(X, y)
    label = f"{label}, {parameter_count(params)} parameters: too many for finite differences"

    def judge(value):
        results = value.get("results") or []
        if len(results) != 1:
            raise CheckFailed("model.loss did not answer")
        got_loss, got_grads = unpack("model.loss(X, y)", results[0], 2)
        if not isinstance(got_grads, dict) or set(got_grads) != set(grads):
            keys = sorted(got_grads) if isinstance(got_grads, dict) else type(got_grads)
            raise CheckFailed(f"grads has keys {keys}, expected {sorted(grads)}")
        found = [exact_array(f"d{name}", got_grads[name], grads[name]) for name in sorted(grads)]
        if not values:
            finite = all(np.all(np.isfinite(got_grads[name])) for name in grads)
            return found + [
                requirement(f"loss and gradients are finite [{label}]", finite),
                requirement("the loss is finite", bool(np.isfinite(as_array("loss", got_loss)))),
            ]
        found.append(compare(f"loss [{label}]", got_loss, loss, threshold))
        for name in sorted(grads):
            if name in zero:
                found.append(zero_gradient(f"d{name} [{label}]", got_grads[name]))
            else:
                found.append(
                    compare(
                        f"d{name} vs reference [{label}]", got_grads[name], grads[name], threshold
                    )
                )
        return found

    task = cases.model_task(label, target, kwargs, [({"params": params}, [X, y])], judge)
    return dataclasses.replace(task, wall=LARGE_WALL)


def large_model_tasks(rng, cases):
    """Check name -> [task] for every model loss check whose gradients finite differences
    could fake. ``cases`` is `instructor.grader.cases` (for its task builders)."""
    X_fc = rng.standard_normal((BATCH, LARGE_FC["input_dim"]))
    y_fc = rng.integers(LARGE_FC["num_classes"], size=BATCH)
    tasks = {}
    for name, extra, zero in (
        ("FullyConnectedNet.loss", {}, ()),
        ("FullyConnectedNet.loss[batchnorm]", {"normalization": "batchnorm"}, ("b1", "b2")),
        ("FullyConnectedNet.loss[layernorm]", {"normalization": "layernorm"}, ()),
        ("FullyConnectedNet.loss[dropout]", {"dropout_keep_ratio": 0.5, "seed": 5}, ()),
    ):
        kwargs = dict(LARGE_FC, reg=0.3, dtype=np.float64, **extra)
        tasks[name] = [
            large_model_task(
                cases,
                "large net",
                cases.FC_NET,
                kwargs,
                X_fc,
                y_fc,
                TOLERANCES[name],
                rng,
                zero,
                values="dropout_keep_ratio" not in extra,
            )
        ]
    X_conv = rng.standard_normal((1, *LARGE_CONV["input_dim"]))
    y_conv = rng.integers(LARGE_CONV["num_classes"], size=1)
    kwargs = dict(LARGE_CONV, reg=0.3, dtype=np.float64)
    threshold = TOLERANCES["ThreeLayerConvNet.loss"]
    tasks["ThreeLayerConvNet.loss"] = [
        large_model_task(cases, "large net", cases.CONV_NET, kwargs, X_conv, y_conv, threshold, rng)
    ]
    return tasks


def add_large_models(checks, rng, cases):
    """``checks`` with the tasks of `large_model_tasks` appended to their model loss checks."""
    extra = large_model_tasks(rng, cases)
    for check in checks:
        check.tasks = list(check.tasks) + extra.pop(check.name, [])
    if extra:
        raise KeyError(f"no hidden check named {sorted(extra)}")
    return checks
