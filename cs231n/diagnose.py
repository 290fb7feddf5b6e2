"""Why is an answer wrong? The structure of the difference between an answer and the expected one.

A failing check knows *that* an array is wrong; this module finds *how*: the answer has another
shape (an axis kept or summed away, transposed), it is the expected array times a constant (N,
1/N, 2, p, -1, ...), transposed, flipped, off by a term that is constant along one axis, wrong only
on the border or only where the expected value is zero, NaN or inf, or unchanged from its value
before the call. Each finding is a `Symptom`; `cs231n.hints` turns symptoms into sentences in the
graded function's own terms.

Only facts that hold for the arrays at hand are reported, and only when they hold exactly (up to
rounding): a symptom is never a guess.

Sizes that give a constant factor its meaning (the batch size N, the keep probability p) are
set by the check that compares, with `sizes`.
"""

import contextlib
import dataclasses
import itertools
import math

import numpy as np

# How close two arrays must be for a transformation of one to "explain" the other.
EXACT = 1e-6

_SIZES = {}


@contextlib.contextmanager
def sizes(**values):
    """Within this block, constant factors are named after these sizes (``N=10, p=0.5``)."""
    saved = dict(_SIZES)
    _SIZES.update({k: v for k, v in values.items() if v is not None})
    try:
        yield
    finally:
        _SIZES.clear()
        _SIZES.update(saved)


def set_sizes(**values):
    """Replace the sizes used to name factors (for callers that cannot use a ``with`` block)."""
    _SIZES.clear()
    _SIZES.update({k: v for k, v in values.items() if v is not None})


@dataclasses.dataclass(frozen=True)
class Symptom:
    """One exact finding about an answer.

    kind : "shape", "nonfinite", "zero", "unchanged", "factor", "transpose", "flip", "offset",
        "column factor", "border", "leak", "blocked", "some entries"
    fact : a sentence that states the finding, with ``{name}`` for the array's name
    factor : the constant of a "factor" symptom
    names : what that constant is, given the sizes (``("1/N",)``); the most specific first
    axis : the axis of an "offset" or "column factor", or the one kept or summed away of "shape"
    shapes : the (actual, expected) shapes of a "shape" symptom
    """

    kind: str
    fact: str
    factor: float = None
    names: tuple = ()
    axis: int = None
    shapes: tuple = None

    def describe(self, name):
        return self.fact.format(name=name)


def _close(a, b, within=None):
    """``a`` equals ``b`` up to rounding (and to ``within``, a bound on the difference)."""
    if not a.size:
        return True
    scale = max(float(np.max(np.abs(b))), 1e-12)
    bound = EXACT * scale if within is None else min(EXACT * scale, within)
    return bool(np.max(np.abs(a - b)) <= bound)


def _explained(residual, expected, within):
    """A residual at rounding level of ``expected`` (and below ``within``)."""
    bound = min(EXACT * max(float(np.max(np.abs(expected))), 1e-12), within)
    return bool(np.max(np.abs(residual)) <= bound)


def factor_names(factor, values=None):
    """Names of the constant ``factor`` given sizes such as N and p: ``("N",)`` for 10 when
    N = 10; an integer or its inverse names itself (``("3",)``, ``("1/3",)``)."""
    values = dict(_SIZES if values is None else values)
    candidates = []
    n, p = values.get("N"), values.get("p")
    if n:
        candidates += [
            ("N", n),
            ("1/N", 1 / n),
            ("-N", -n),
            ("-1/N", -1 / n),
            ("1/N^2", 1 / n**2),
            ("N^2", float(n * n)),
        ]
        if n > 1:
            candidates += [
                ("sqrt((N-1)/N)", math.sqrt((n - 1) / n)),
                ("sqrt(N/(N-1))", math.sqrt(n / (n - 1))),
                ("(N-1)/N", (n - 1) / n),
                ("N/(N-1)", n / (n - 1)),
                ("N-1", n - 1.0),
                ("1/(N-1)", 1 / (n - 1)),
            ]
    if p:
        candidates += [("p", p), ("1/p", 1 / p), ("p^2", p * p), ("1/p^2", 1 / p**2)]
        if p < 1:
            candidates += [
                ("1-p", 1 - p),
                ("1/(1-p)", 1 / (1 - p)),
                ("p/(1-p)", p / (1 - p)),
                ("(1-p)/p", (1 - p) / p),
            ]
            if math.floor(1 / p) != 1 / p:  # 1/p rounded down to a whole number, times p
                candidates.append(("p*floor(1/p)", p * math.floor(1 / p)))
    for key in ("D", "C", "HW", "NHW", "window"):
        if values.get(key):
            candidates += [(key, float(values[key])), (f"1/{key}", 1 / values[key])]
            if n and n != values[key]:  # divided by one size instead of the other
                candidates += [(f"N/{key}", n / values[key]), (f"{key}/N", values[key] / n)]
    candidates += [("-1", -1.0), ("2", 2.0), ("1/2", 0.5), ("-2", -2.0), ("-1/2", -0.5)]
    found = [name for name, value in candidates if abs(factor - value) <= 1e-6 * abs(value)]
    # N or 1/N that no small constant explains as well (N = 2 makes 1/N and 1/2 the same).
    for name in ("N", "1/N"):
        if name in found and not {"2", "1/2", "-1", "-2", "-1/2"} & set(found):
            found.append(f"{name}, not a small constant")
    for k in range(2, 1001):
        for name, value in ((str(k), k), (f"1/{k}", 1 / k)):
            if abs(factor - value) <= 1e-6 * value and name not in found:
                found.append(name)
    return tuple(dict.fromkeys(found))


def _coefficient_names(coefficient):
    """Names of a term's coefficient as a multiple of a named hyperparameter (``2*lr``, ``-reg``),
    given by the check with ``sizes(coefficients={"lr": 1e-2})``."""
    found = []
    n = _SIZES.get("N")
    # A term of the loss divided (or multiplied) by N where its gradient is not, or the other
    # way around: the gradient is off by (1 - 1/N), (1/N - 1), (1 - N) or (N - 1) times it.
    per_batch = []
    if n and n > 1:
        small = (1, -1, 2, -2, 0.5, -0.5)  # a multiple equal to one of these says nothing of N
        per_batch = [
            (multiple, prefix)
            for multiple, prefix in (
                ((n - 1) / n, "(N-1)/N*"),
                (-(n - 1) / n, "-(N-1)/N*"),
                (1.0 - n, "(1-N)*"),
                (n - 1.0, "(N-1)*"),
            )
            if all(abs(multiple - k) > 1e-9 for k in small)
        ]
    for key, unit in _SIZES.get("coefficients", {}).items():
        if not unit:
            continue
        for multiple, prefix in (
            (1, ""),
            (-1, "-"),
            (2, "2*"),
            (-2, "-2*"),
            (0.5, "1/2*"),
            (-0.5, "-1/2*"),
            *per_batch,
        ):
            if abs(coefficient - multiple * unit) <= 1e-4 * abs(unit):
                if multiple == -0.5 and n == 2:
                    # with N = 2, a division by N is also a factor 1/2: say both (first)
                    found.append(f"-1/2*{key} or -(N-1)/N*{key}")
                found.append(f"{prefix}{key}")
    return tuple(found)


def _times(factor):
    if factor > 1:
        return f"{factor:.4g} times too large"
    return f"{1 / factor:.4g} times too small"


def shape_symptom(actual_shape, expected_shape):
    """How a wrong shape relates to the expected one."""
    a, e = tuple(actual_shape), tuple(expected_shape)
    return dataclasses.replace(_unflattened(a, e) or _shape_relation(a, e), shapes=(a, e))


def _unflattened(a, e):
    """An input's own axes (all but its batch axis, in order or reversed) where the expected
    shape has their product: that input was used without being flattened to (N, D). The inputs'
    shapes are set by the check, with ``sizes(input_shapes={"x": (10, 2, 3)})``."""
    for name, shape in _SIZES.get("input_shapes", {}).items():
        rest = tuple(int(n) for n in shape[1:])
        if len(rest) < 2:
            continue
        for run in dict.fromkeys((rest, rest[::-1])):
            size = math.prod(run)
            for start in range(len(a) - len(run) + 1):
                if a[start : start + len(run)] == run and (
                    a[:start] + (size,) + a[start + len(run) :] == e
                ):
                    order = " (reversed)" if run != rest else ""
                    return Symptom(
                        "shape",
                        f"{{name}} has shape {a}, expected {e}: {name}'s own axes {run}{order} "
                        f"stand where their product, {size}, belongs: {name} was not reshaped "
                        f"to one row per example, (N, {size})",
                        axis=start,
                        names=("unflattened", name),
                    )
    return None


def _one_per(a, e):
    """``" (one value per example ...)"``: what a vector in place of a number holds, when its
    length is the batch size N or the number of classes C (and not both)."""
    if e != () or len(a) != 1:
        return ""
    n, c = _SIZES.get("N"), _SIZES.get("C")
    if a[0] == n and a[0] != c:
        return f" ({{name}} holds one value per example, N = {n}, where one number belongs)"
    if a[0] == c and a[0] != n:
        return f" ({{name}} holds one value per class, C = {c}, where one number belongs)"
    return ""


def _shape_relation(a, e):
    fact = f"{{name}} has shape {a}, expected {e}"
    if len(a) == len(e) + 1:
        for axis in range(len(a)):
            if a[:axis] + a[axis + 1 :] == e and a[axis] == 1:
                return Symptom(
                    "shape",
                    f"{fact}: an extra axis {axis} of length 1 (a sum or mean with "
                    "keepdims=True, or a row or column where a 1-D array belongs)",
                    axis=axis,
                    names=("extra axis of length 1",),
                )
        for axis in range(len(a)):
            if a[:axis] + a[axis + 1 :] == e:
                return Symptom(
                    "shape",
                    f"{fact}: it keeps an extra axis {axis} of length "
                    f"{a[axis]} that must be summed away{_one_per(a, e)}",
                    axis=axis,
                    names=("kept",),
                )
    if len(a) + 1 == len(e):
        for axis in range(len(e)):
            if e[:axis] + e[axis + 1 :] == a:
                return Symptom(
                    "shape",
                    f"{fact}: axis {axis} (length {e[axis]}) was summed away but must be kept",
                    axis=axis,
                    names=("summed", f"axis {axis} missing"),
                )
    if len(a) == len(e) and sorted(a) == sorted(e) and a == e[::-1]:
        return Symptom("shape", f"{fact}: it is transposed", names=("transposed",))
    if len(a) == len(e) and sorted(a) == sorted(e):
        return Symptom(
            "shape",
            f"{fact}: the same axes in another order (its axes were permuted differently)",
            names=("permuted",),
        )
    if len(a) == len(e) >= 3 and a[:-2] == e[:-2]:
        grown = {a[-2] - e[-2], a[-1] - e[-1]}
        if len(grown) == 1 and (grow := grown.pop()) > 0 and grow % 2 == 0:
            return Symptom(
                "shape",
                f"{fact}: it is larger by {grow // 2} on each side of the last two axes",
                names=("padded",),
            )
        if a[-2:] == (0, 0) and 0 not in e[-2:]:
            return Symptom(
                "shape",
                f"{fact}: it is empty in its last two (spatial) axes",
                names=("spatial", "empty"),
            )
        if a[-2] - e[-2] == a[-1] - e[-1] < 0:
            shrink = e[-1] - a[-1]
            return Symptom(
                "shape",
                f"{fact}: only its last two (spatial) axes differ, both {shrink} too small",
                names=("spatial", "smaller"),
            )
        if a[-2:] != e[-2:]:
            return Symptom(
                "shape", f"{fact}: only its last two (spatial) axes differ", names=("spatial",)
            )
    if int(np.prod(a)) == int(np.prod(e)):
        return Symptom(
            "shape",
            f"{fact}: the right number of entries in another shape (a reshape is missing)",
            names=("reshape",),
        )
    if len(a) == len(e) == 1:  # a reduction over another axis is likely; the catalog says
        return Symptom("shape", fact, names=("wrong axis",))
    return Symptom("shape", fact)


def diagnose(actual, expected, before=None, candidates=None):
    """The symptoms of ``actual`` against ``expected`` (arrays of the same shape), most specific
    first; empty when no exact structure explains the difference. ``before`` is the value the
    array had before the call (optimizer state, running statistics), if any; ``candidates``
    maps known mistakes to what they produce (``{"flipped kernel": ...}``)."""
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape:
        return [shape_symptom(a.shape, e.shape)]
    if np.asarray(actual).dtype == np.bool_:  # a comparison's result, never a real number
        return [_ZERO_ONE]
    if not np.all(np.isfinite(a)):
        if np.all(np.isfinite(e)):
            what = "NaN" if np.any(np.isnan(a)) else "inf"
            return [
                Symptom(
                    "nonfinite",
                    f"{{name}} contains {what} (an overflow, or a division by zero)",
                    names=(what,),
                )
            ]
        return []
    if not np.all(np.isfinite(e)) or a.size == 0:
        return []
    if _close(a, e):
        return []
    # A transformation explains the difference only if it leaves far less than the difference;
    # a difference near rounding level (a precision problem, not a formula) is not diagnosed.
    # A known mistake's exact value may explain a smaller one (a tiny constant in a formula),
    # as long as the difference is far above float64's rounding.
    explains = 1e-3 * float(np.max(np.abs(a - e)))
    if explains < 1e-12 * float(np.max(np.abs(e))):
        return []
    matched = _matches(a, candidates, explains)
    if matched or explains < 1e-8 * float(np.max(np.abs(e))):
        return matched
    if before is not None:
        b = np.asarray(before, dtype=np.float64)
        if b.shape == a.shape and np.array_equal(a, b):
            return [Symptom("unchanged", "{name} still holds its value from before the call")]
    for index, value in enumerate(_SIZES.get("inputs", ())):
        value = np.asarray(value)
        if value.shape == a.shape and np.array_equal(a, value):
            return [Symptom("unchanged", "{name} is the value passed in, unchanged", axis=index)]
    if np.any(e) and float(np.max(np.abs(a))) <= EXACT * float(np.max(np.abs(e))):
        return [Symptom("zero", "{name} is all zeros")]  # up to rounding
    if a.size == 1:
        return _scalar(float(a.ravel()[0]), float(e.ravel()[0]))
    whole = _whole_numbers(a, e)
    if whole:
        return whole
    found = []
    denominator = float(np.sum(e * e))
    if denominator > 0:
        factor = float(np.sum(a * e)) / denominator
        if abs(factor - 1) > 1e-4 and factor != 0 and _close(a, factor * e, explains):
            names = factor_names(factor)
            if abs(factor + 1) <= 1e-6:
                return [Symptom("factor", "{name} has the wrong sign", factor, ("-1",))]
            text = f"{{name}} is {_times(abs(factor))}" + (
                ", with the wrong sign" if factor < 0 else ""
            )
            numeric = [n for n in names if not any(c.isalpha() for c in n)]
            if names and not numeric:  # "(a factor 1/N)" only when no plain number explains it
                text += f" (a factor {names[0]})"
            return [Symptom("factor", text, factor, names)]
    if a.ndim >= 2 and a.shape[-1] == a.shape[-2]:
        if _close(a, np.swapaxes(e, -1, -2), explains):
            return [Symptom("transpose", "{name} is the transpose of the expected array")]
    if a.ndim >= 2 and (a.shape[-1] > 1 or a.shape[-2] > 1):
        if _close(a, e[..., ::-1, ::-1], explains):
            return [Symptom("flip", "{name} is flipped in both spatial axes (rotated 180 degrees)")]
    same = _same_along(a, e, explains)
    if same:
        return same
    difference = a - e
    for name, value in _SIZES.get("named", {}).items():
        value = np.asarray(value, dtype=np.float64)
        norm = float(np.sum(value * value))
        if value.shape == a.shape and norm > 0:
            coefficient = float(np.sum(difference * value)) / norm
            if _explained(difference - coefficient * value, e, explains):
                # Off by the named array itself, once (a buffer that starts from it), or
                # by minus it.
                whole = [
                    f"{sign}{name}"
                    for sign, unit in (("+", 1.0), ("-", -1.0))
                    if abs(coefficient - unit) <= 1e-6
                ]
                return [
                    Symptom(
                        "term",
                        f"{{name}} is off by exactly {coefficient:.3g} times {name}",
                        coefficient,
                        (name, *whole, *_coefficient_names(coefficient)),
                    )
                ]
    for name, (value, axis, *scale) in _SIZES.get("axis terms", {}).items():
        found_term, coefficient = _axis_term(
            difference, np.asarray(value, dtype=np.float64), axis, e, explains
        )
        if found_term:
            names = (f"{name} {found_term}",)
            if scale:
                names += _term_scale_names(name, coefficient, *scale)
            return [
                Symptom(
                    "axis term",
                    f"{{name}} is off by a multiple of {name} that is the same all along axis "
                    f"{axis}" + (" (and a constant)" if found_term == "and an offset" else ""),
                    names=names,
                    axis=axis,
                )
            ]
    if a.ndim >= 3:
        for order in itertools.permutations(range(e.ndim)):
            if order != tuple(range(e.ndim)) and _close(
                a, e.transpose(order).reshape(a.shape), explains
            ):
                return [
                    Symptom(
                        "scrambled",
                        "{name} holds the right numbers in the wrong places "
                        "(its axes were reordered, e.g. by a reshape without the "
                        "matching transpose)",
                    )
                ]
    if a.ndim >= 2 and 2 < a.shape[0] <= 2000:
        order = _row_order(a, e, explains)
        if order is not None:
            return [
                Symptom(
                    "rows reordered",
                    "{name} holds the right rows (along axis 0) in another order",
                    axis=0,
                )
            ]
    if a.ndim >= 2:
        constant = [
            axis
            for axis in range(a.ndim)
            if a.shape[axis] > 1
            and _explained(difference - difference.mean(axis=axis, keepdims=True), e, explains)
        ]
        if constant:
            varying = tuple(k for k in range(a.ndim) if k not in constant and a.shape[k] > 1)
            names = (f"varies along {varying}",)
            # The expected array's own constant along that axis (a term through a mean):
            # the offset as a multiple of it.
            term = _SIZES.get("offset terms", {}).get(constant[0])
            if term is not None and a.ndim == 2 and len(constant) == 1:
                name, scale, *meanings = term
                scale = np.asarray(scale, dtype=np.float64).reshape(-1)
                offset = difference.mean(axis=constant[0]).reshape(-1)
                if scale.shape == offset.shape and np.all(scale != 0):
                    names += _ratio_names(name, (scale + offset) / scale, *(meanings or [{}]))
            # The same amount in every entry is a fact, but on structured inputs (evenly
            # spaced grids) many a scramble gives one too: no term is named for it.
            everywhere = not varying
            found.append(
                Symptom(
                    "offset",
                    "{name} is off by the same amount in every entry"
                    if everywhere
                    else f"{{name}} is off by an amount that is the same all along axis "
                    f"{' and '.join(map(str, constant))} (a term is missing or extra)",
                    names=names,
                    axis=constant[0],
                )
            )
        # A ratio of 0 or 1 in every entry is entries left at zero, not a factor (below).
        if not found and np.all(e != 0) and not _zero_or_right(a, e):
            ratio = a / e
            for axis in range(a.ndim):
                if a.shape[axis] < 2:
                    continue
                along = ratio.mean(axis=axis, keepdims=True)
                if _close(ratio, np.broadcast_to(along, a.shape), 1e-3 * np.ptp(ratio)):
                    found.append(
                        Symptom(
                            "column factor",
                            f"{{name}} is off by a factor that differs across entries but is the "
                            f"same all along axis {axis}",
                            axis=axis,
                            names=_column_scale_names(along, axis),
                        )
                    )
                    break
    if found:
        return found
    scale = max(float(np.max(np.abs(e))), 1e-12)
    wrong = np.abs(difference) > EXACT * scale
    count, total = int(wrong.sum()), wrong.size
    edge = _one_edge(a, wrong)
    if edge:
        return [edge]
    if a.ndim == 4 and a.shape[2] > 2 and a.shape[3] > 2:
        border = np.ones(a.shape[2:], dtype=bool)
        border[1:-1, 1:-1] = False
        if not np.any(wrong & ~border) and count:
            return [
                Symptom(
                    "border",
                    "{name} is wrong only on the border of the image (the "
                    f"outer rows and columns: {count} of {total} entries)",
                )
            ]
    if count and np.array_equal(a != 0, e == 0) and np.any(e) and np.any(a):
        return [
            Symptom(
                "inverted mask",
                "{name} is nonzero exactly where it must be zero and zero where it must not",
            )
        ]
    if count < total:
        labels = _SIZES.get("labels")
        at_labels = np.zeros_like(wrong)
        if labels is not None and a.ndim == 2 and len(labels) == a.shape[0]:
            at_labels[np.arange(a.shape[0]), np.asarray(labels)] = True
        if a.ndim == 2 and a.shape[1] > 1 and count and not np.any(wrong & ~at_labels):
            return [
                Symptom(
                    "one per row",
                    "{name} is wrong only at each example's correct class, right everywhere else",
                )
            ]
        if np.all(e[wrong] == 0):
            return [
                Symptom(
                    "leak",
                    f"{{name}} is nonzero at {count} entries where it must be "
                    "zero, and right everywhere else",
                )
            ]
        if np.all(a[wrong] == 0):
            return [
                Symptom(
                    "blocked",
                    f"{{name}} is zero at {count} entries where it must not "
                    "be, and right everywhere else",
                )
            ]
        if labels is None and a.ndim == 2 and a.shape[1] > 1 and np.all(wrong.sum(axis=1) == 1):
            return [
                Symptom(
                    "one per row",
                    "{name} is wrong at exactly one entry in each row, right everywhere else",
                )
            ]
        if count <= total // 2:
            return [
                Symptom(
                    "some entries",
                    f"only {count} of {total} entries of {{name}} are wrong; the others are right",
                )
            ]
    return []


def _zero_or_right(a, e):
    """Every entry of ``a`` is either its expected value or zero (and some are zero)."""
    scale = max(float(np.max(np.abs(e))), 1e-12)
    right = np.abs(a - e) <= EXACT * scale
    zero = np.abs(a) <= EXACT * scale
    return bool(np.all(right | zero) and np.any(zero & ~right))


def _at_labels(wrong):
    """Every wrong entry of an (N, C) array is at its row's label (``sizes(labels=...)``)."""
    labels = _SIZES.get("labels")
    if labels is None or wrong.ndim != 2 or len(labels) != wrong.shape[0]:
        return False
    at = np.zeros_like(wrong)
    at[np.arange(wrong.shape[0]), np.asarray(labels)] = True
    return not np.any(wrong & ~at)


def _one_edge(a, wrong):
    """Wrong in exactly every entry of the last (or first) index along one axis of length 2 or
    more, and right everywhere else: a loop or slice over that axis that stops one short (or
    starts one late); said to be never written when those entries are all zero."""
    if a.ndim < 2 or not wrong.any():
        return None
    for axis in range(a.ndim):
        n = a.shape[axis]
        if n < 2:
            continue
        for index, which in ((n - 1, "last"), (0, "first")):
            mask = np.zeros(a.shape, dtype=bool)
            mask[(slice(None),) * axis + (index,)] = True
            # a slice of one entry is one wrong entry, not an edge; entries at the labels are
            # the correct classes' (a rule of their own)
            if np.array_equal(wrong, mask) and mask.sum() >= 2 and not _at_labels(wrong):
                zero = bool(np.all(a[mask] == 0))
                loop = "stops one short" if which == "last" else "starts one late"
                fact = (
                    f"{{name}} is wrong in every entry of the {which} index along axis {axis} "
                    f"(index {index} of {n}) and right everywhere else"
                )
                if zero:
                    fact += (
                        f", where it is zero: those entries are left at zero (as a loop or a "
                        f"slice over axis {axis} that {loop} leaves them)"
                    )
                # one name: cases that agree on the kind but not on the edge say nothing
                name = f"{which} index of axis {axis}" + (", zero" if zero else "")
                return Symptom("edge", fact, axis=axis, names=(name,))
    return None


def _matches(a, candidates, explains):
    """The symptom of the known mistakes (``candidates``: a mistake -> what it gives) whose
    value ``a`` is, up to ``explains``, named after the first; empty when none is. Every one
    that matches is among its names: two that give the same value here may differ in another
    case, which then says which one it is."""
    found = []
    for mistake, produced in (candidates or {}).items():
        produced = np.asarray(produced, dtype=np.float64)
        if produced.shape == a.shape and _close(a, produced, explains):
            found.append(mistake)
    if not found:
        return []
    return [Symptom("matches", f"{{name}} is what {found[0]} gives", names=tuple(found))]


_ZERO_ONE = Symptom(
    "whole numbers",
    "{name} holds only 0s and 1s (True/False, the result of a comparison), where real numbers "
    "belong",
    names=("0/1", "indices"),
)


def _row_order(a, e, explains):
    """The rows of ``e`` that the rows of ``a`` are, in order, when ``a`` holds every row of
    ``e`` once in another order (rows that repeat in ``e`` make no claim); else None."""
    rows_a = a.reshape(a.shape[0], -1)
    rows_e = e.reshape(e.shape[0], -1)
    bound = min(EXACT * max(float(np.max(np.abs(e))), 1e-12), explains)
    distances = np.max(np.abs(rows_a[:, None, :] - rows_e[None, :, :]), axis=2)
    matches = distances <= bound
    if not np.all(matches.sum(axis=1) == 1) or not np.all(matches.sum(axis=0) == 1):
        return None
    order = np.argmax(matches, axis=1)
    return None if np.array_equal(order, np.arange(len(order))) else order


def _whole_numbers(a, e):
    """An answer of whole numbers only (0 and 1 alone: a comparison's True/False) where the
    expected array holds fractions: a comparison or an index stored where a value belongs."""
    if not np.array_equal(a, np.round(a)):
        return []
    # An expected array of whole numbers up to rounding (a numeric gradient of one) is no
    # array of fractions.
    if np.allclose(e, np.round(e), rtol=0, atol=EXACT * max(1.0, float(np.max(np.abs(e))))):
        return []
    values = np.unique(a)
    if values.size < 2 and not np.any(values):
        return []
    if set(values.tolist()) <= {0.0, 1.0}:
        return [_ZERO_ONE]
    low, high = int(values[0]), int(values[-1])
    return [
        Symptom(
            "whole numbers",
            f"{{name}} holds only whole numbers from {low} to {high} (indices or counts), "
            "where real numbers belong",
            names=("indices",) if low >= 0 else (),
        )
    ]


def _same_along(a, e, explains):
    """An answer (of three or more axes) that is the same at every index of its first axis,
    or of its first two, where the expected one is not: what belongs to one filter, example or
    channel was given to all of them."""
    if a.ndim < 3:
        return []
    for axes in ((0, 1), (0,), (1,)):
        if any(a.shape[k] < 2 for k in axes):
            continue
        if _close(a, np.broadcast_to(a.mean(axis=axes, keepdims=True), a.shape), explains) and not (
            _close(e, np.broadcast_to(e.mean(axis=axes, keepdims=True), e.shape), explains)
        ):
            where = " and ".join(map(str, axes))
            return [
                Symptom(
                    "same along",
                    f"{{name}} is the same at every index of axis {where}, unlike the expected "
                    "array",
                    names=(f"axes {axes}", *(f"axis {k}" for k in axes)),
                    axis=axes[0],
                )
            ]
    return []


def _column_scale_names(along, axis):
    """``("std^2",)`` when the factor (the same all along ``axis``) is a power of a named
    per-position scale (``sizes(**{"column scales": {"std": ..., "axis": 0}})``)."""
    scales = dict(_SIZES.get("column scales", {}))
    if scales.pop("axis", None) != axis:
        return ()
    found = []
    for name, scale in scales.items():
        scale = np.asarray(scale, dtype=np.float64)
        try:
            scale = np.broadcast_to(scale, along.shape)
        except ValueError:
            continue
        if np.ptp(scale) <= 1e-6 * np.max(np.abs(scale)):
            continue  # one number everywhere: a plain factor, not this
        for power in (2, -2, 1, -1):
            if np.allclose(along, scale**power, rtol=1e-5, atol=0):
                found.append(f"{name}^{power}")
    return tuple(found)


def _axis_term(difference, value, axis, expected, explains):
    """Whether ``difference`` is ``value`` times a coefficient that is constant along ``axis``
    ("alone"), or that plus a constant along ``axis`` ("and an offset"); None otherwise. Also
    returns the coefficients (one per position of the other axis)."""
    if value.shape != difference.shape or difference.ndim != 2:
        return None, None
    d, v = np.moveaxis(difference, axis, 0), np.moveaxis(value, axis, 0)
    if d.shape[0] < 3:
        return None, None
    for kind, centre in (("alone", False), ("and an offset", True)):
        dd = d - d.mean(axis=0) if centre else d
        vv = v - v.mean(axis=0) if centre else v
        norm = np.sum(vv * vv, axis=0)
        if np.any(norm == 0):
            return None, None
        coefficient = np.sum(dd * vv, axis=0) / norm
        if _explained(dd - coefficient * vv, expected, explains):
            if centre and _explained(dd, expected, explains):
                return None, None  # a constant alone: an offset, not this
            return kind, coefficient
    return None, None


def _term_scale_names(name, coefficient, scale, ratios=None):
    """What a term's wrong coefficient means, when the expected array holds ``name`` times
    ``scale`` (one number per position of the other axis): the term has ``scale`` times a ratio
    instead, and the ratio is the same number everywhere (``"x term times 1/N"``), or 1/scale
    (the scale left out), scale (applied twice), 1/scale**2 (divided by where it multiplies),
    or one of ``ratios`` (a meaning -> the ratio it gives)."""
    scale = np.asarray(scale, dtype=np.float64).reshape(-1)
    coefficient = np.asarray(coefficient, dtype=np.float64).reshape(-1)
    if scale.shape != coefficient.shape or np.any(scale == 0):
        return ()
    ratio = (scale + coefficient) / scale
    return _ratio_names(
        name,
        ratio,
        {
            "its scale left out": 1 / scale,
            "its scale applied twice": scale,
            "divided by its scale": 1 / scale**2,
            **(ratios or {}),
        },
    )


def _ratio_names(name, ratio, meanings):
    """``"<name> term times 1/N"`` when ``ratio`` is one number everywhere (``"<name> term left
    out"`` for 0), and ``"<name> term <meaning>"`` for each of ``meanings`` (a meaning -> the
    ratio it gives, one per position) that varies and equals ``ratio``."""

    def same(a, b):
        # Ratios are numbers near 1; the expected arrays may be numeric gradients.
        return bool(np.all(np.abs(a - b) <= 1e-5 * np.maximum(np.abs(b), 1.0)))

    found = []
    constant = same(ratio, np.full_like(ratio, ratio.mean()))
    if constant:
        found += [f"{name} term times {n}" for n in factor_names(float(ratio.mean()))]
        found.append(
            f"{name} term left out"
            if abs(ratio.mean()) <= 1e-5
            else f"{name} term times a constant"
        )
    for meaning, value in meanings.items():
        value = np.broadcast_to(np.asarray(value, dtype=np.float64).reshape(-1), ratio.shape)
        if np.ptp(value) > 1e-6 * np.max(np.abs(value)) and same(ratio, value):
            found.append(f"{name} term {meaning}")
    return tuple(found)


def _scalar(a, e):
    """A single number: only a named factor or an offset of exactly 1 says something."""
    if e != 0:
        factor = a / e
        names = factor_names(factor)
        if abs(factor + 1) <= 1e-6:
            return [Symptom("factor", "{name} has the wrong sign", factor, ("-1",))]
        meaningful = [n for n in names if any(c.isalpha() for c in n) or n in ("2", "1/2")]
        if meaningful:
            names = tuple(meaningful)
            return [
                Symptom(
                    "factor",
                    f"{{name}} is {_times(abs(factor))} (a factor {names[0]})",
                    factor,
                    names,
                )
            ]
    offsets = [("1", 1.0)]
    if _SIZES.get("C", 0) > 2:  # one per other class
        offsets.append(("C-1", _SIZES["C"] - 1.0))
    for name, size in offsets:
        for offset in (size, -size):
            if abs(a - e - offset) <= 1e-6 * max(1.0, abs(e)):
                word = "larger" if offset > 0 else "smaller"
                return [
                    Symptom(
                        "scalar offset",
                        f"{{name}} is exactly {size:g} {word} than expected",
                        offset,
                        (("+" if offset > 0 else "-") + name,),
                    )
                ]
    return []
