"""Checks of the Dropout part: inverted dropout and FC nets with dropout."""

import numpy as np

from .. import diagnose
from ..tolerances import TOLERANCES
from .checks_fc import fc_net
from .core import Measurement
from .measure import (
    as_array,
    backward_measurements,
    check,
    compare,
    deviation,
    model_gradient_measurements,
    module,
    requirement,
    unpack,
)

PART = "Dropout"


def _layers():
    return module("layers")


def mask_consistency(out, cache, p):
    """The units out keeps are those the mask in the cache, ``(dropout_param, mask)``, keeps
    (x has no zeros): the backward pass uses that mask, so out must come from the same one."""
    mask = cache[1] if isinstance(cache, tuple) and len(cache) == 2 else None
    if not isinstance(mask, np.ndarray) or mask.shape != out.shape:
        return []
    return [
        requirement(
            f"out is zero where the cache's mask is (p={p})", np.array_equal(out != 0, mask != 0)
        )
    ]


def dropped_share(kept, p, suffix=""):
    """The share of units out drops against 1 - p, that each example (row of ``kept``, out
    != 0 for an x without zeros) has a mask of its own, and that each unit of an example has a
    draw of its own. One mask shared by every example (drawn for one row, broadcast over the
    batch), or one draw per example (broadcast over its units), keeps the right share only on
    average over that many draws: its share is then no sign of a wrong p unless it is far off
    even for that many draws (4 standard deviations)."""
    shared = bool(np.all(kept == kept[0]))
    per_example = kept.ndim == 2 and kept.shape[1] > 1 and bool(np.all(kept == kept[:, :1]))
    share = 1 - kept.mean()
    found = [requirement(f"each example has its own mask{suffix}", not shared)]
    if per_example and not shared:
        found.append(requirement(f"each unit has its own draw{suffix}", False))
    draws = kept[0].size if shared else kept.shape[0] if per_example else None
    if draws is None or abs(share - (1 - p)) > 4 * np.sqrt(p * (1 - p) / draws):
        found.append(deviation(f"fraction of zeros - (1 - p){suffix}", share, 1 - p, 0.01))
    return found


@check(PART, "dropout_forward")
def dropout_forward():
    forward = _layers().dropout_forward
    np.random.seed(231)
    x = np.random.randn(500, 500) + 10
    measurements = []
    for p in (0.25, 0.4, 0.7):
        diagnose.set_sizes(p=p)
        out, cache = unpack("dropout_forward", forward(x, {"mode": "train", "p": p}), 2)
        out = as_array(f"train-mode out (p={p})", out, x.shape)
        kept = out != 0
        measurements += mask_consistency(out, cache, p)
        measurements += dropped_share(kept, p, f" (p={p})")
        alone = {"the mask alone, without x": np.full(int(kept.sum()), 1 / p)}
        measurements.append(
            compare(f"kept units = x / p (p={p})", out[kept], x[kept] / p, 1e-12, candidates=alone)
        )
        measurements.append(
            Measurement(f"|mean(out) / mean(x) - 1| (p={p})", abs(out.mean() / x.mean() - 1), 0.01)
        )
        test_out, _ = forward(x, {"mode": "test", "p": p})
        measurements.append(compare(f"test-mode out = x (p={p})", test_out, x, 0.0))

    seeded = {"mode": "train", "p": 0.5, "seed": 123}
    first, second = forward(x, dict(seeded))[0], forward(x, dict(seeded))[0]
    other = forward(x, dict(seeded, seed=124))[0]
    measurements.append(requirement("same seed gives the same mask", np.array_equal(first, second)))
    measurements.append(
        requirement("another seed gives another mask", not np.array_equal(first, other))
    )
    # The seeded draw is a draw of its own (a generator made from the seed): it must keep the
    # same share of units as the unseeded one.
    measurements += dropped_share(as_array("seeded out", first, x.shape) != 0, 0.5, " with a seed")
    # Of distinct sizes (x above is square): a mask drawn in x's shape reversed shows here.
    small = x[:10, :7].astype(np.float32)
    small_out = np.asarray(forward(small, dict(seeded))[0])
    measurements.append(
        requirement("float32 input gives float32 output", small_out.dtype == np.float32)
    )
    return measurements


def own_mask(dx, dout, out, p):
    """``candidates`` of a train-mode dx (`compare`) from the dx itself: when dx is dout / p
    where it is nonzero, but those places are not the units the forward pass kept (``out`` is
    nonzero there; x has no zeros), a mask of another draw: it keeps some dropped units and
    drops some kept ones (a mask dropping or keeping too many has its own symptom)."""
    try:
        dx, dout = np.asarray(dx, dtype=np.float64), np.asarray(dout, dtype=np.float64)
        kept = np.asarray(out) != 0
        if dx.shape != dout.shape or kept.shape != dx.shape or not np.all(dout != 0):
            return {}
        own = dx != 0
        if not (np.any(own & ~kept) and np.any(kept & ~own)):
            return {}
        return {
            "a mask other than the forward pass's": dout * own / p,
            "a mask other than the forward pass's, without 1/p": dout * own,
        }
    except (TypeError, ValueError):
        return {}


@check(PART, "dropout_backward")
def dropout_backward():
    layers = _layers()
    np.random.seed(231)
    x, dout = np.random.randn(10, 10) + 10, np.random.randn(10, 10)
    param = {"mode": "train", "p": 0.2, "seed": 123}
    # The same random state for both runs: a backward pass drawing a mask of its own draws the
    # same one in the run that is measured.
    state = np.random.get_state()
    out, cache = unpack("dropout_forward", layers.dropout_forward(x, dict(param)), 2)
    dx = layers.dropout_backward(dout, cache)
    np.random.set_state(state)
    measurements = backward_measurements(
        layers.dropout_forward,
        layers.dropout_backward,
        [x, param],
        dout,
        ["dx", None],
        TOLERANCES["dropout_backward"],
        known={"dx": own_mask(dx, dout, out, param["p"])},
    )
    # A property of dx alone, whatever its other values: a unit the forward pass dropped (out is
    # 0 there; x has no zeros) passes no gradient back.
    dropped = np.asarray(out) == 0
    if np.shape(dx) == dropped.shape and np.any(dropped):
        holds = bool(np.all(as_array("dx", dx)[dropped] == 0))
        measurements.append(requirement("dropped units get no gradient (dx = 0 there)", holds))
    _, cache = layers.dropout_forward(x, {"mode": "test", "p": 0.2})
    measurements.append(
        compare("test-mode dx = dout", layers.dropout_backward(dout, cache), dout, 0.0)
    )
    return measurements


# The sizes of the net whose calls of dropout_forward are recorded: N, D, the hidden widths and
# C all differ, so an array's shape says which layer it comes from.
PLACEMENT_SIZES = (3, 9, (11, 13), 6)


def record_dropout_inputs(model, X, y):
    """The shapes of the arrays ``model.loss(X, y)`` hands to ``dropout_forward``, as the module
    that defines the model's ``loss`` looks that name up (its globals), replaced for this one
    call and put back; None when the name is not there or loss is no plain function."""
    names = getattr(getattr(type(model), "loss", None), "__globals__", None)
    if not isinstance(names, dict) or not callable(names.get("dropout_forward")):
        return None
    original = names["dropout_forward"]
    shapes = []

    def recorded(*args, **kwargs):
        x = args[0] if args else kwargs.get("x")
        shapes.append(tuple(int(n) for n in np.shape(x)))
        return original(*args, **kwargs)

    names["dropout_forward"] = recorded
    try:
        model.loss(X, y)
    finally:
        names["dropout_forward"] = original
    return shapes


def placement_measurements(shapes, N, D, hidden_dims, C):
    """Where the train-time forward pass applied dropout, from the shapes of the arrays it gave
    dropout_forward (`record_dropout_inputs`): once on each hidden layer's output (N, H_i), in
    order, never on the input X (N, D) nor on the scores (N, C). No claim when no call was seen
    (dropout written inline, or called under another name)."""
    if not shapes:
        return []
    hidden = [(N, H) for H in hidden_dims]
    return [
        requirement("input X kept out of dropout_forward", (N, D) not in shapes),
        requirement("scores kept out of dropout_forward", (N, C) not in shapes),
        requirement(
            "hidden layers each through dropout_forward once",
            [s for s in shapes if s in hidden] == hidden,
        ),
    ]


@check(PART, "FullyConnectedNet.loss[dropout]")
def fc_loss_dropout():
    np.random.seed(231)
    N, D, H1, H2, C = 2, 10, 12, 14, 10
    X, y = np.random.randn(N, D), np.random.randint(C, size=N)
    measurements = []
    for keep in (0.75, 0.5):
        model = fc_net(
            [H1, H2],
            input_dim=D,
            num_classes=C,
            weight_scale=5e-2,
            dtype=np.float64,
            dropout_keep_ratio=keep,
            seed=123,
        )
        # With a seed, every call draws the same masks: the numeric gradient needs that.
        first, second = model.loss(X, y)[0], model.loss(X, y)[0]
        repeats = requirement(
            f"loss(X, y) the same in two calls with seed=123 (keep={keep})",
            bool(np.isclose(first, second, rtol=1e-12, atol=0)),
        )
        if not repeats.passed:
            return [repeats]
        measurements += model_gradient_measurements(
            model, X, y, TOLERANCES["FullyConnectedNet.loss[dropout]"], f" (keep={keep})"
        )

    # Dropout is on at train time only: test-time scores equal those of the same net without it.
    plain = fc_net([H1, H2], input_dim=D, num_classes=C, weight_scale=5e-2, dtype=np.float64)
    plain.params = {k: v.copy() for k, v in model.params.items()}
    measurements.append(
        compare("test-time scores (no dropout)", model.loss(X), plain.loss(X), 1e-12)
    )
    train_loss, plain_loss = model.loss(X, y)[0], plain.loss(X, y)[0]
    measurements.append(
        requirement(
            "train-time loss differs from the loss without dropout",
            not np.isclose(train_loss, plain_loss, rtol=1e-9, atol=0),
        )
    )

    # Where dropout goes: a mistake that is consistent between the forward and the backward
    # pass (dropout on the input or the scores too) passes the gradient checks.
    N, D, hidden_dims, C = PLACEMENT_SIZES
    model = fc_net(
        list(hidden_dims),
        input_dim=D,
        num_classes=C,
        weight_scale=5e-2,
        dtype=np.float64,
        dropout_keep_ratio=0.5,
        seed=123,
    )
    X, y = np.random.randn(N, D), np.random.randint(C, size=N)
    shapes = record_dropout_inputs(model, X, y)
    measurements += placement_measurements(shapes, N, D, hidden_dims, C)
    return measurements
