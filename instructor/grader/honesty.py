"""Hidden tasks that tell doing the work from faking its measurements.

`cases` measures values; a fake can produce the values without the method the course asks for.
These tasks measure the method, from what the parent can verify:

* **randomness** — dropout masks must be random and independent (fraction kept, no row/column
  structure, no correlation between neighbours, a new mask per unseeded call, the same mask for
  the same seed, asked again of a new child process (`fresh`), and another for another seed);
  initial weights must be Gaussian (kurtosis and a Kolmogorov-Smirnov distance to
  N(0, weight_scale^2)), uncorrelated, and new per construction;
* **dropout in the model** — train-time loss and gradients must depend on the seed, differ from
  the net without dropout, and be the gradients of that loss (central differences by the parent);
* **analytic backward passes** — a backward pass must handle, within `LARGE_WALL` seconds
  measured by the parent, inputs so large that finite differences (two forward passes per input)
  cannot finish; on a small input the child also counts the calls of the forward functions,
  by their code (aliases and threads included), and the calls given complex arrays (defence in
  depth only: student code shares that interpreter and can bypass the count);
* **naive layers** — the naive conv/pool checks run in a second child whose sandbox does not
  hold the provided fast layers, im2col code and compiled extension at all (`sandbox.FAST_FILES`):
  no earlier import, kept reference or read from disk can reach them there;
* **exact answers** — every gradient must be an ndarray of the reference's shape and dtype (a
  scalar 0.0 is not a zero gradient);
* **analytic loss gradients** — ``softmax_loss`` and ``svm_loss`` are also called on 2 examples
  of 65,536 classes (`large_loss_task`): dx by differences of the loss needs a pass per class
  even coloured over the rows, and runs out of `LARGE_WALL`.

Every judgment is the parent's, from returned arrays and its own clock; the child runs no probe
code of this module (its only probe, the call count, is part of the protected child code).
Every large input but ReLU's needs at least 65,536 forward passes of *coloured* finite
differences (many inputs with disjoint footprints perturbed at once, by a complex step): over
500,000 for each of conv's dx and dw, 1,048,576 for max pool's dx (`large_backward_cases`),
which no such fake gets through in `LARGE_WALL`.

What stays open:

* a student who copies vectorised code into their own naive layer (not a gamed point: the
  student's own file computes the answer; see docs/heldout_round4.md, item b);
* ReLU by differences with a step adapted to each entry, or by a complex step with the child's
  count removed and put back around the probe (its Jacobian is diagonal: one colour; a complex
  probe of a counted forward function, also from a thread, fails the counted task);
* max-pool dx by *bisection* through a forward pass the student writes again: keep the half of
  each window's candidates whose maximum is the window's (log2(window) passes; measured: 21
  forward passes, 0.07 s, exact on the large input). Through the graded forward function (by
  name, alias or a copy of its code) it fails the count (`MAX_FORWARD_CALLS_OF`); through a
  second max-over-windows of the student's own it is an argmax by tournament, which needs the
  whole derivation (one input per window gets its gradient, with weight 1);
* reverse-mode automatic differentiation of the student's own forward pass (object arrays of
  scalar nodes, say): it costs what honest scalar loops cost, times a constant (not measured).

Computing conv's dx as a convolution of dout with the flipped filters, or dw as one of x with
dout, through `conv_forward_naive` is the analytic derivation, not a fake.
"""

import dataclasses
from math import erf, sqrt

import numpy as np

from cs231n import layers as ref_layers
from cs231n.classifiers.fc_net import FullyConnectedNet
from cs231n.gradient_check import rel_error
from cs231n.grading.core import CheckFailed, Measurement
from cs231n.grading.measure import as_array, compare, requirement, unpack, zero_gradient
from cs231n.tolerances import TOLERANCES

from .runner import LARGE_WALL

_CASES = None  # instructor.grader.cases, given to `harden`


def _cases():
    if _CASES is None:
        raise RuntimeError("honesty tasks are built by instructor.grader.cases.build_checks")
    return _CASES


# --------------------------------------------------------------------------------------------
# Sandboxes and call counts
# --------------------------------------------------------------------------------------------

NAIVE_CHECKS = (
    "conv_forward_naive",
    "conv_backward_naive",
    "max_pool_forward_naive",
    "max_pool_backward_naive",
)
# The checks whose graded code calls the provided fast conv/pool layers by design (the
# convolutional net's loss, through layer_utils' sandwiches): only they run in the "full"
# sandbox; every other check in the "plain" one, where the fast layers are stand-ins (held-out
# round 12, row 1: an affine layer scored by a 1x1 `conv_forward_fast`).
FAST_LAYER_CHECKS = ("ThreeLayerConvNet.loss",)
MAX_FORWARD_CALLS = 5  # by one forward + backward request; finite differences need thousands
# Max pool's dx by bisection (keep the half of each window's candidates whose maximum is the
# window's, asking the forward pass) needs only log2(window) forward passes over the windows
# stacked as images: 4 for the counted 3x3 windows. Honest code calls the forward pass once, or
# twice when the backward pass recomputes it (held-out round 4).
MAX_FORWARD_CALLS_OF = {"max_pool_backward_naive": 2}
# LARGE_WALL: seconds for forward + backward on a large input (honest: up to ~1 s, fully
# scalar naive conv and pool included; see `large_backward_cases`); kept in `runner`, which
# the command line reads without importing the layers.


def counted(task, module="cs231n.layers", limit=MAX_FORWARD_CALLS):
    """``task`` (a forward + backward request on a small input, where finite differences are
    quick but need many calls) with the calls of the module's forward functions counted by the
    child's own code and judged here. Defence in depth only: student code runs in the same
    interpreter and can bypass the count; the guard it cannot fake is `large_backward_task`'s
    time limit."""

    def count(value, key):
        found = value.get(key) if isinstance(value, dict) else None
        if not isinstance(found, np.ndarray) or found.shape != () or found.dtype.kind not in "iu":
            raise CheckFailed("the grader's count of forward calls is missing")
        return int(found)

    def judge(value):
        found = task.judge(value)
        calls = count(value, "forward_calls")
        if int(calls) > limit:
            raise CheckFailed(
                f"one forward and one backward pass called the forward functions {int(calls)} "
                f"times (at most {limit}); the backward pass must compute the "
                "gradient analytically, not by finite differences or by a search through "
                "the forward pass"
            )
        if count(value, "complex_forward_calls"):
            raise CheckFailed(
                "the backward pass called a forward function with a complex input (a "
                "complex-step derivative): it must compute the gradient analytically"
            )
        return found + [requirement("forward functions called and counted", int(calls) >= 1)]

    header = dict(task.header, count=module)
    return dataclasses.replace(
        task, label=f"{task.label} [forward calls counted]", header=header, judge=judge
    )


# Graded backward passes that must not call each other: each is its own exercise (the
# alternative batchnorm backward is a simplified formula, not a call of the staged one).
OWN_WORK = {
    "batchnorm_backward": ("batchnorm_backward_alt",),
    "batchnorm_backward_alt": ("batchnorm_backward",),
}


def own_work(task, others):
    """``task`` (a forward + backward request) failing when the backward pass calls one of
    ``others`` (graded functions of its module, by name) instead of computing the gradient.
    Defence in depth, counted by the child's own code: an alias taken at import escapes it
    (held-out round 3, row 4)."""

    def judge(value):
        found = task.judge(value)
        calls = value.get("other_calls") if isinstance(value, dict) else None
        if not isinstance(calls, np.ndarray) or calls.shape != () or calls.dtype.kind not in "iu":
            raise CheckFailed("the grader's count of calls is missing")
        backward = task.header["backward"].partition(":")[2]
        if int(calls):
            raise CheckFailed(
                f"{backward} called {' or '.join(others)}: it must compute the gradient itself"
            )
        return found

    header = dict(task.header, others=list(others))
    return dataclasses.replace(task, header=header, judge=judge)


# --------------------------------------------------------------------------------------------
# Exact answers
# --------------------------------------------------------------------------------------------


def exact_array(label, value, expected):
    """An ndarray with the reference's shape and dtype (not a scalar, a list or another dtype)."""
    expected = np.asarray(expected)
    if not isinstance(value, np.ndarray):
        raise CheckFailed(f"{label} must be an ndarray, got {type(value).__name__}")
    as_array(label, value, expected.shape)  # a wrong shape fails with the hint that explains it
    return requirement(f"{label} has dtype {expected.dtype}", value.dtype == expected.dtype)


# --------------------------------------------------------------------------------------------
# Statistics of random draws (thresholds far in the tails: correct code essentially never fails)
# --------------------------------------------------------------------------------------------

Z = 6.0  # standard errors
# sqrt(n) x the KS distance of n draws of the right law exceeds 3.0 with probability 3e-8
# (Kolmogorov); uniform weights of the right std are at 0.053 sqrt(n), 8 for the grader's n.
KS_LAMBDA = 3.0


def _normal_cdf(z):
    return 0.5 * (1.0 + np.vectorize(erf)(z / sqrt(2.0)))


def gaussian_measurements(label, values, scale):
    """``values`` (any shape, pooled) look like independent N(0, scale^2) draws."""
    z = np.sort(np.asarray(values, dtype=np.float64).ravel()) / scale
    n = z.size
    excess = np.mean((z - z.mean()) ** 4) / np.var(z) ** 2 - 3.0
    cdf = _normal_cdf(z)
    steps = np.arange(1, n + 1) / n
    distance = max(np.max(steps - cdf), np.max(cdf - (steps - 1.0 / n)))

    return [
        Measurement(
            f"|excess kurtosis of {label}| (0 for a Gaussian)", abs(excess), Z * np.sqrt(24 / n)
        ),
        Measurement(
            f"Kolmogorov-Smirnov distance of {label} to N(0, weight_scale^2)",
            distance,
            KS_LAMBDA / np.sqrt(n),
        ),
    ]


def correlation(a, b):
    a, b = np.asarray(a, dtype=np.float64).ravel(), np.asarray(b, dtype=np.float64).ravel()
    a, b = a - a.mean(), b - b.mean()
    denominator = np.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / denominator) if denominator > 0 else 1.0


def independence_measurements(label, matrix):
    """Neighbouring entries of a 2-d (or flattened to 2-d) draw are uncorrelated."""
    matrix = np.asarray(matrix, dtype=np.float64)
    matrix = matrix.reshape(matrix.shape[0], -1)
    found = []
    for axis, (a, b) in (
        ("rows", (matrix[:-1], matrix[1:])),
        ("columns", (matrix[:, :-1], matrix[:, 1:])),
    ):
        if a.size >= 30:
            found.append(
                Measurement(
                    f"|correlation of neighbouring {axis} of {label}|",
                    abs(correlation(a, b)),
                    Z / np.sqrt(a.size),
                )
            )
    return found


def mask_measurements(label, kept, p):
    """A keep mask (bool, 2-d) looks like independent Bernoulli(p) draws."""

    kept = np.asarray(kept, dtype=np.float64)
    rows, columns = kept.shape
    found = independence_measurements(label, kept)
    for axis, counts, size in (
        ("row", kept.sum(axis=1), columns),
        ("column", kept.sum(axis=0), rows),
    ):
        ratio = counts.var() / (size * p * (1 - p))
        found.append(
            Measurement(
                f"|variance of kept units per {axis} / binomial variance - 1| of {label}",
                abs(ratio - 1),
                Z * np.sqrt(2 / len(counts)),
            )
        )
    return found


def kept_mask(label, result, x):
    """The kept units of a dropout output (x has no zeros)."""
    _first = _cases()._first

    out = as_array(label, _first("dropout_forward", result), x.shape)
    return out != 0


# --------------------------------------------------------------------------------------------
# Dropout
# --------------------------------------------------------------------------------------------


def fresh(task):
    """``task`` asked of a new child process (`grade.judge_check` stops the old one first), so
    nothing student code kept from earlier calls can answer it (held-out round 4: masks kept
    per seed in a dict, the seed never used, passed "same seed, same mask")."""
    return dataclasses.replace(task, header=dict(task.header, fresh=True))


def dropout_forward_tasks(rng):
    """Masks of unseeded calls are random, independent and new per call; seeded ones repeat."""
    LAYERS, call_task = _cases().LAYERS, _cases().call_task

    x = rng.standard_normal((400, 500)) + 10
    p = 0.6
    seed = int(rng.integers(1, 10_000))
    masks = {}
    target = f"{LAYERS}:dropout_forward"

    def judge_first(value):
        masks["first"] = kept_mask("train-mode out", value["result"], x)
        return mask_measurements("the mask", masks["first"], p)

    def judge_again(value):
        kept = kept_mask("train-mode out", value["result"], x)
        return [
            Measurement(
                "|correlation of the masks of two unseeded calls| (a new mask per call)",
                abs(correlation(kept, masks["first"])),
                Z / np.sqrt(kept.size),
            )
        ]

    def judge_seeded(value):
        masks["seeded"] = kept_mask("train-mode out", value["result"], x)
        return mask_measurements("the seeded mask", masks["seeded"], p)

    def judge_same_seed(value):
        kept = kept_mask("train-mode out", value["result"], x)
        return [
            requirement(
                "same seed, same mask, in a new process (the seed must set the random state)",
                np.array_equal(kept, masks["seeded"]),
            )
        ]

    def judge_other_seed(value):
        kept = kept_mask("train-mode out", value["result"], x)
        return [
            Measurement(
                "|correlation of the masks of two seeds|",
                abs(correlation(kept, masks["seeded"])),
                Z / np.sqrt(kept.size),
            )
        ]

    train = {"mode": "train", "p": p}
    return [
        call_task("random mask", target, [x, dict(train)], judge_first),
        call_task("second unseeded call", target, [x, dict(train)], judge_again),
        call_task(f"seed {seed}", target, [x, dict(train, seed=seed)], judge_seeded),
        fresh(  # a mask kept per seed in the process, the seed never used, repeats only there
            call_task(
                f"seed {seed} again, in a new process",
                target,
                [x, dict(train, seed=seed)],
                judge_same_seed,
            )
        ),
        call_task(f"seed {seed + 1}", target, [x, dict(train, seed=seed + 1)], judge_other_seed),
    ]


def dropout_backward_tasks(rng):
    """dx uses the mask of the forward pass: unseeded (a mask regenerated from the seed would
    differ), and with zeros in x (a mask recovered from out != 0 would be wrong there)."""
    cases = _cases()
    LAYERS, backward_task, call_task = cases.LAYERS, cases.backward_task, cases.call_task

    shape, p = (30, 40), 0.4
    x = rng.standard_normal(shape) + 10
    dout = rng.standard_normal(shape)
    threshold = TOLERANCES["dropout_backward"]
    forward, backward = f"{LAYERS}:dropout_forward", f"{LAYERS}:dropout_backward"

    def judge_unseeded(value):
        result = value.get("forward")
        if not isinstance(result, tuple):
            raise CheckFailed("dropout_forward must return (out, cache)")
        kept = as_array("dropout_forward out", result[0], shape) != 0
        grads = value.get("grads")
        expected = dout * kept / p
        return [
            exact_array("dx", grads, expected),
            compare("dx (unseeded)", grads, expected, threshold),
        ]

    seed = int(rng.integers(1, 10_000))
    zeros = x * (rng.random(shape) < 0.7)
    seen = {}

    def judge_mask(value):
        seen["kept"] = kept = kept_mask("train-mode out", value["result"], x)
        spread = Z * np.sqrt(p * (1 - p) / kept.size)
        return [Measurement("|fraction kept - p| (seeded)", abs(kept.mean() - p), spread)]

    def judge_zeros(value):
        grads = value.get("grads")
        expected = dout * seen["kept"] / p
        return [
            exact_array("dx", grads, expected),
            compare("dx where x has zeros (the mask, not out != 0)", grads, expected, threshold),
        ]

    param = {"mode": "train", "p": p}
    return [
        backward_task("train, unseeded", forward, backward, [x, dict(param)], dout, judge_unseeded),
        call_task(f"mask of seed {seed}", forward, [x, dict(param, seed=seed)], judge_mask),
        backward_task(
            f"seed {seed}, x with zeros",
            forward,
            backward,
            [zeros, dict(param, seed=seed)],
            dout,
            judge_zeros,
        ),
    ]


def fc_dropout_tasks(rng, h=1e-5, coordinates=10):
    """Train-time loss of the net with dropout: it is the loss of the net with the student's
    own dropout masks after each hidden ReLU (the masks dropout_forward draws for that seed), it
    depends on the seed, its gradients differ from the net's without dropout, and they are the
    gradients of that loss (central differences of the student's own loss, same seed)."""
    cases = _cases()
    FC_NET, fc_shapes, model_task = cases.FC_NET, cases.fc_shapes, cases.model_task
    call_task, LAYERS = cases.call_task, cases.LAYERS
    keep, seed = 0.5, 11

    n, d, h1, h2, c = 6, 7, 12, 10, 4
    dims = [d, h1, h2, c]
    params = {k: 0.4 * rng.standard_normal(s) for k, s in fc_shapes(dims, None).items()}
    X, y = rng.standard_normal((n, d)), rng.integers(c, size=n)
    base = {"hidden_dims": [h1, h2], "input_dim": d, "num_classes": c, "dtype": np.float64}
    plain = FullyConnectedNet(**base)
    plain.params = {k: v.copy() for k, v in params.items()}
    _, plain_grads = plain.loss(X, y)
    names = sorted(params)
    probes = []
    for _ in range(coordinates):
        name = names[int(rng.integers(len(names)))]
        probes.append((name, tuple(int(rng.integers(s)) for s in params[name].shape)))
    calls = [({"params": params}, [X, y])]
    for name, index in probes:
        for sign in (1, -1):
            moved = {k: v.copy() for k, v in params.items()}
            moved[name][index] += sign * h
            calls.append(({"params": moved}, [X, y]))
    seen = {}

    def judge_mask(layer, shape):
        def judge_layer(value):
            out = as_array("dropout_forward out", cases._first("dropout_forward", value["result"]))
            if out.shape != shape:
                raise CheckFailed(f"dropout_forward out has shape {out.shape}, expected {shape}")
            seen[layer] = (out != 0) / keep
            spread = Z * np.sqrt(keep * (1 - keep) / out.size)
            return [
                Measurement(
                    f"|fraction kept - p| (mask of hidden layer {layer})",
                    abs((out != 0).mean() - keep),
                    spread,
                )
            ]

        return judge_layer

    def loss_with_masks():
        """The reference net's train-time loss with the student's masks."""
        hidden = X
        for i, layer in ((1, 1), (2, 2)):
            affine = ref_layers.affine_forward(hidden, params[f"W{i}"], params[f"b{i}"])[0]
            hidden = ref_layers.relu_forward(affine)[0] * seen[layer]
        scores = ref_layers.affine_forward(hidden, params["W3"], params["b3"])[0]
        return ref_layers.softmax_loss(scores, y)[0]

    def judge(value):
        results = value.get("results") or []
        if len(results) != len(calls):
            raise CheckFailed("model.loss did not answer every call")
        loss, grads = unpack("model.loss(X, y)", results[0], 2)
        if not isinstance(grads, dict) or set(grads) != set(params):
            raise CheckFailed(f"grads must have the keys {sorted(params)}")
        seen["loss"] = float(as_array("loss", loss))
        losses = [float(as_array("loss", unpack("model.loss", r, 2)[0])) for r in results[1:]]
        numeric = np.array(
            [(losses[2 * i] - losses[2 * i + 1]) / (2 * h) for i in range(len(probes))]
        )
        analytic = np.array([as_array(f"d{name}", grads[name])[index] for name, index in probes])
        together = np.concatenate([as_array(k, grads[k]).ravel() for k in names])
        without = np.concatenate([plain_grads[k].ravel() for k in names])
        found = [exact_array(f"d{k}", grads[k], params[k]) for k in names]
        found += [
            Measurement(
                "train-time loss vs the net's loss with dropout_forward's masks for this seed "
                "after each hidden ReLU",
                rel_error(np.array(seen["loss"]), np.array(loss_with_masks())),
                1e-9,
            ),
            Measurement(
                "train-time gradients vs central differences of the train-time loss (same seed)",
                rel_error(analytic, numeric),
                1e-5,
            ),
            requirement(
                "train-time gradients differ from the gradients without dropout",
                rel_error(together, without) > 1e-3,
            ),
        ]
        return found

    def judge_other_seed(value):
        results = value.get("results") or []
        loss = float(as_array("loss", unpack("model.loss(X, y)", results[0], 2)[0]))
        return [
            requirement(
                "another seed, another train-time loss (dropout draws new masks)",
                not np.isclose(loss, seen["loss"], rtol=1e-9, atol=0),
            )
        ]

    kwargs = dict(base, dropout_keep_ratio=keep)
    param = {"mode": "train", "p": keep, "seed": seed}
    return [
        call_task(
            "mask, hidden layer 1",
            f"{LAYERS}:dropout_forward",
            [np.ones((n, h1)), dict(param)],
            judge_mask(1, (n, h1)),
        ),
        call_task(
            "mask, hidden layer 2",
            f"{LAYERS}:dropout_forward",
            [np.ones((n, h2)), dict(param)],
            judge_mask(2, (n, h2)),
        ),
        model_task(f"dropout, seed {seed}", FC_NET, dict(kwargs, seed=seed), calls, judge),
        model_task("dropout, seed 12", FC_NET, dict(kwargs, seed=12), calls[:1], judge_other_seed),
    ]


# --------------------------------------------------------------------------------------------
# Initialization
# --------------------------------------------------------------------------------------------


def init_tasks(target, kwargs, weight_scale, label):
    """Two constructions: weights Gaussian with std weight_scale, neighbours uncorrelated, and
    the second construction's weights independent of the first's."""
    model_task = _cases().model_task

    seen = {}

    def weights(value):
        params = value.get("params")
        if not isinstance(params, dict):
            raise CheckFailed("model.params must be a dict")
        names = sorted(k for k in params if k.startswith("W"))
        if not names:
            raise CheckFailed("model.params has no weights W1, W2, ...")
        return {k: as_array(f"params[{k!r}]", params[k]) for k in names}

    def judge_first(value):
        seen["W"] = found = weights(value)
        pooled = np.concatenate([w.ravel() for w in found.values()])
        measurements = gaussian_measurements("the weights", pooled, weight_scale)
        for name, w in found.items():
            measurements += independence_measurements(name, w)
        return measurements

    def judge_second(value):
        found = weights(value)
        if set(found) != set(seen["W"]):
            raise CheckFailed("two constructions gave different weights")
        measurements = []
        for name, w in found.items():
            if w.shape != seen["W"][name].shape:
                raise CheckFailed(f"two constructions gave {name} of different shapes")
            measurements.append(
                Measurement(
                    f"|correlation of {name} of two constructions| (new random draws)",
                    abs(correlation(w, seen["W"][name])),
                    Z / np.sqrt(w.size),
                )
            )
        return measurements

    return [
        model_task(f"{label}: distribution", target, kwargs, [], judge_first),
        model_task(f"{label}: a second construction", target, kwargs, [], judge_second),
    ]


# --------------------------------------------------------------------------------------------
# Backward passes on inputs too large for finite differences
# --------------------------------------------------------------------------------------------


def large_backward_task(forward_name, backward_name, args, names, threshold, rng, zero=()):
    """One forward + backward of the student's layer on a large input, compared with the
    reference (exact shapes and dtypes). Analytic gradients take milliseconds; finite
    differences need two forward passes per input entry (tens of thousands) and run out of
    time."""
    LAYERS, backward_task = _cases().LAYERS, _cases().backward_task

    forward = getattr(ref_layers, forward_name)
    backward = getattr(ref_layers, backward_name)
    copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    out, cache = forward(*[dict(a) if isinstance(a, dict) else a for a in copies])
    dout = rng.standard_normal(out.shape)
    expected = backward(dout, cache)
    expected = expected if isinstance(expected, tuple) else (expected,)
    grad_names = [n for n in names if n is not None]
    size = sum(a.size for a in args if isinstance(a, np.ndarray))
    label = f"large input ({size} entries: too many for finite differences in {LARGE_WALL:g} s)"

    def judge(value):
        grads = value.get("grads")
        if grads is None:
            raise CheckFailed(f"{forward_name} must return (out, cache)")
        grads = unpack(backward_name, grads, len(grad_names)) if len(grad_names) > 1 else (grads,)
        found = []
        for grad, exp, name in zip(grads, expected, grad_names):
            found.append(exact_array(name, grad, exp))
            if name in zero:
                found.append(zero_gradient(name, grad))
            else:
                found.append(compare(f"{name} vs reference [{label}]", grad, exp, threshold))
        return found

    task = backward_task(
        label, f"{LAYERS}:{forward_name}", f"{LAYERS}:{backward_name}", args, dout, judge
    )
    return dataclasses.replace(task, wall=LARGE_WALL)


COLOURS = 65_536  # forward passes the cheapest finite differences need on a normalization input
CONV_CHANNELS, CONV_WINDOW = 32, 128  # conv: one 32 x 128 x 128 window, 524,288 colours
POOL_WINDOW = 1024  # max pool: one 1024 x 1024 window, 1,048,576 colours


def large_backward_cases(rng):
    """backward check name -> (forward, args, gradient names): every input large enough that
    finite differences cannot finish in `LARGE_WALL`, even *coloured* ones.

    Coloured differences perturb at once every input whose outputs do not overlap, so they
    need one forward pass per colour, not per input: a normalization needs one per entry of
    what it normalizes over (per row of batchnorm's N, per column of layernorm's D, per
    position of spatial batchnorm's N x H x W, of a group's C/G x H x W), affine one per input
    feature (for dx, and again for dw). Each input below has 65,536 colours over 131,072 or
    more entries: over 130,000 forward passes each copying the input, where the honest
    backward pass is one or two array operations. (Measured here, a complex-step
    batchnorm_backward over the rows of a (512, 128) input passed in 1.7 s; over (65536, 2)
    it does not finish in 15 s.) ReLU's Jacobian is diagonal (one colour: nothing stops a
    one-sided difference of the whole array).

    Conv and pool colour by position inside a window: inputs one window apart never share an
    output, so coloured differences need C x HH x WW forward passes for conv's dx (all images
    at once) and as many for dw (all filters at once), pool_height x pool_width for pool,
    whatever N, H and W. Honest loops pay (output positions) x (window size); coloured
    differences pay (window size) passes, each over the whole input. So the large inputs have
    as few output positions as possible and huge windows: conv one 32 x 128 x 128 window over
    x (1, 32, 126, 126) padded by 1 (every entry of x and w in it: 524,288 colours for dw,
    508,032 for dx), pool one 1024 x 1024 window (1,048,576 colours; x clipped at 2, so some
    24,000 entries tie for its maximum and the first of them takes dout).

    Measured on this machine (Intel Xeon, 2 cores, load 4 to 6 from parallel work, one BLAS
    thread as in the child). In the bwrap child with the production limits, the large task
    (sending the input, forward, backward, answer) took: the master's naive layers 0.26 s
    (conv) and 0.20 s (pool); fully scalar loops over every index (`corpus` variant
    ``naive_layers_fully_scalar``) 1.1 s and 0.9 s; the coloured-difference fakes (`corpus`
    ``COLOURED_DIFFERENCES``: complex step, vectorised forward through BLAS, probes stacked
    along N or F) timed out at 15 s. In process, the conv fake's dx loop ran at 344 colours/s
    (~1,500 s for dx alone), the pool fake at 484 colours/s (~2,200 s), and unit probes of a
    linear forward (calloc'd zero pages, 256 per BLAS product) at 1,600 probes/s (~330 s for
    dw alone). Scalar loops with chained indexing (x[n][c][i][j]) took 0.85 s and 0.82 s in
    process, and peak memory stayed under 100 MB. The earlier inputs (x (4, 16, 32, 32), w
    3 x 3, pad 1; pool 2 x 2 on (8, 16, 32, 32)) let both fakes through (4.7 s and 0.03 s in
    the child) and cost fully scalar loops more (3.2 s for conv): these replace them. Plain
    per-entry differences are far slower still (`corpus` ``finite_differences``)."""
    normal = rng.standard_normal
    relu_x = normal((256, 512)) * (rng.random((256, 512)) < 0.8)  # exact zeros: dx is 0 there
    # and tiny positive entries (1e-300 to 1e-8), where dx is dout: a one-sided difference
    # (relu(x) - relu(x - h)) / h of the whole array is x / h there, not 1, for any fixed h
    tiny = rng.random((256, 512)) < 0.05
    relu_x[tiny] = 10.0 ** rng.uniform(-300, -8, tiny.sum())
    # one window of 1024 x 1024, clipped at 2: some 24,000 entries tie for its maximum (the
    # first in row-major order takes the gradient)
    pool_x = np.minimum(normal((1, 1, POOL_WINDOW, POOL_WINDOW)), 2.0)
    rows = COLOURS  # batchnorm: one colour per row
    return {
        "affine_backward": (
            "affine_forward",
            [normal((2, 256, COLOURS // 256)), normal((COLOURS, 8)), normal(8)],
            ["dx", "dw", "db"],
        ),
        "relu_backward": ("relu_forward", [relu_x], ["dx"]),
        "batchnorm_backward": (
            "batchnorm_forward",
            [normal((rows, 2)) * 2 + 1, normal(2), normal(2), {"mode": "train"}],
            ["dx", "dgamma", "dbeta", None],
        ),
        "batchnorm_backward_alt": (
            "batchnorm_forward",
            [normal((rows, 2)) * 2 + 1, normal(2), normal(2), {"mode": "train"}],
            ["dx", "dgamma", "dbeta", None],
        ),
        "layernorm_backward": (
            "layernorm_forward",
            [normal((2, COLOURS)) * 3 - 1, normal(COLOURS), normal(COLOURS), {"eps": 1e-5}],
            ["dx", "dgamma", "dbeta", None],
        ),
        "conv_backward_naive": (
            "conv_forward_naive",
            [
                normal((1, CONV_CHANNELS, CONV_WINDOW - 2, CONV_WINDOW - 2)),
                normal((1, CONV_CHANNELS, CONV_WINDOW, CONV_WINDOW)),
                normal(1),
                {"stride": 1, "pad": 1},  # one window, over the whole padded image
            ],
            ["dx", "dw", "db", None],
        ),
        "max_pool_backward_naive": (
            "max_pool_forward_naive",
            [
                pool_x,
                {"pool_height": POOL_WINDOW, "pool_width": POOL_WINDOW, "stride": POOL_WINDOW},
            ],
            ["dx", None],
        ),
        "spatial_batchnorm_backward": (  # N x H x W = 65,536 positions
            "spatial_batchnorm_forward",
            [normal((64, 2, 32, 32)) + 0.5, normal(2), normal(2), {"mode": "train"}],
            ["dx", "dgamma", "dbeta", None],
        ),
        "spatial_groupnorm_backward": (  # C/G x H x W = 4 x 128 x 128 = 65,536 per group
            "spatial_groupnorm_forward",
            [
                normal((2, 8, 128, 128)),
                normal((1, 8, 1, 1)),
                normal((1, 8, 1, 1)),
                2,
                {"eps": 1e-5},
            ],
            ["dx", "dgamma", "dbeta", None, None],
        ),
    }


LOSSES = ("softmax_loss", "svm_loss")
LOSS_CLASSES = COLOURS  # the large loss input: 2 examples of 65,536 classes


def large_loss_task(name, rng):
    """One call of the student's ``softmax_loss`` or ``svm_loss`` on 2 examples of 65,536
    classes, compared with the reference (exact shape and dtype of dx). A loss is a scalar, so
    finite differences of it need a pass per score; even a per-row loss differenced one class
    column at a time (every row at once, the cheapest colouring) needs 65,536 passes over
    131,072 scores, where the analytic gradient is a few array operations (held-out round 6:
    every loss input was at most 20 x 4, and both losses' dx by differences scored)."""
    call_task, layers_module = _cases().call_task, _cases().LAYERS
    reference = getattr(ref_layers, name)
    x = rng.standard_normal((2, LOSS_CLASSES))
    y = rng.integers(LOSS_CLASSES, size=2)
    loss, dx = reference(x.copy(), y.copy())
    threshold = TOLERANCES[name]
    label = (
        f"large input (x (2, {LOSS_CLASSES}): too many classes for finite differences in "
        f"{LARGE_WALL:g} s)"
    )

    def judge(value):
        got_loss, got_dx = unpack(name, value["result"], 2)
        return [
            compare(f"loss [{label}]", got_loss, loss, threshold),
            exact_array("dx", got_dx, dx),
            compare(f"dx vs reference [{label}]", got_dx, dx, threshold),
        ]

    task = call_task(label, f"{layers_module}:{name}", [x, y], judge)
    return dataclasses.replace(task, wall=LARGE_WALL)


# --------------------------------------------------------------------------------------------
# Adding all of this to the checks of `cases.build_checks`
# --------------------------------------------------------------------------------------------


def harden(checks, rng, cases):
    """The checks of `cases.build_checks` with the tasks of this module added (draws from
    ``rng`` after every other input, so the other checks' inputs do not change). ``cases`` is
    the module `instructor.grader.cases`, whose task builders this module uses (it does not
    import it: `cases` imports this module)."""
    global _CASES
    _CASES = cases
    CONV_NET, FC_NET = cases.CONV_NET, cases.FC_NET

    large = large_backward_cases(rng)
    extra = {
        "dropout_forward": dropout_forward_tasks(rng),
        "dropout_backward": dropout_backward_tasks(rng),
        "FullyConnectedNet.loss[dropout]": fc_dropout_tasks(rng),
    }
    fc_init = {
        "hidden_dims": [97, 80],
        "input_dim": 121,
        "num_classes": 53,
        "weight_scale": 3e-2,
        "dtype": np.float64,
    }
    for name, normalization in (
        ("FullyConnectedNet.__init__", None),
        ("FullyConnectedNet.__init__[batchnorm]", "batchnorm"),
        ("FullyConnectedNet.__init__[layernorm]", "layernorm"),
    ):
        extra[name] = init_tasks(FC_NET, dict(fc_init, normalization=normalization), 3e-2, name)
    conv_init = {
        "input_dim": (3, 16, 16),
        "num_filters": 8,
        "filter_size": 5,
        "hidden_dim": 40,
        "num_classes": 10,
        "weight_scale": 2e-2,
        "dtype": np.float64,
    }
    extra["ThreeLayerConvNet.__init__"] = init_tasks(CONV_NET, conv_init, 2e-2, "ThreeLayerConvNet")
    for name, (forward, args, names) in large.items():
        task = large_backward_task(forward, name, args, names, TOLERANCES[name], rng)
        extra[name] = [task]
    for name in LOSSES:  # drawn last: every other input stays as it was
        extra[name] = [large_loss_task(name, rng)]
    for check in checks:
        tasks = list(check.tasks) + extra.pop(check.name, [])
        if check.name in large:  # the first (small) task again, its forward calls counted
            limit = MAX_FORWARD_CALLS_OF.get(check.name, MAX_FORWARD_CALLS)
            tasks.insert(-1, counted(check.tasks[0], limit=limit))
        if check.name in OWN_WORK:
            tasks = [
                own_work(t, OWN_WORK[check.name]) if t.header.get("op") == "backward" else t
                for t in tasks
            ]
        if check.name in NAIVE_CHECKS:  # a child whose sandbox has no fast layers at all
            check.sandbox = "naive"
        elif check.name in FAST_LAYER_CHECKS:  # the fast layers real
            check.sandbox = "full"
        else:  # the fast layers stand-ins
            check.sandbox = "plain"
        check.tasks = tasks
    if extra:
        raise KeyError(f"no hidden check named {sorted(extra)}")
    return checks
