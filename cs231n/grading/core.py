"""Machinery of the autograder: checks, measurements, results.

A *check* grades one function you implement (``affine_forward``, ``FullyConnectedNet.loss``, ...)
in one notebook part. It runs the function on fixed inputs and returns *measurements*: a relative
error against a known answer or a numeric gradient, or a statistic that must be close to a target
value, each with a threshold. The check passes when every measurement is within its threshold.

Numeric gradients use centred differences in float64 (`cs231n.gradient_check`). The expected
values are the test vectors of the notebooks, not a reference solution.
"""
import dataclasses
import importlib
import math
import re
import traceback
import warnings

import numpy as np

PARTS = ("FullyConnectedNets", "BatchNormalization", "Dropout", "ConvolutionalNetworks")

PASSED, FAILED, NOT_IMPLEMENTED = "passed", "failed", "not implemented"

# Thresholds. Correct code stays one to several orders of magnitude below them; real bugs
# (a wrong formula, axis or scale) land orders of magnitude above.
VECTOR_TOL = 1e-6      # relative error against a test vector printed with 8 decimals
LAYER_GRAD_TOL = 1e-5  # relative error of a layer's backward pass against numeric gradients
MODEL_GRAD_TOL = 1e-3  # same for a whole network (ReLU kinks and tiny entries add noise)
MEAN_TOL = 1e-6        # |mean - target| of normalized outputs
STD_TOL = 1e-4         # |std - target| of normalized outputs (eps shifts it by ~1e-7)


class CheckFailed(AssertionError):
    """The function ran but its output cannot be measured (wrong type, shape, keys, ...)."""


@dataclasses.dataclass(frozen=True)
class Measurement:
    """One number compared with a threshold: passes when ``value <= threshold`` (NaN fails)."""
    label: str
    value: float
    threshold: float

    @property
    def passed(self):
        return bool(self.value <= self.threshold)  # False for NaN

    @property
    def badness(self):
        """How close to failing: value / threshold (inf for NaN or a zero threshold exceeded)."""
        if math.isnan(self.value):
            return math.inf
        if self.threshold == 0:
            return 0.0 if self.value == 0 else math.inf
        return self.value / self.threshold

    def describe(self):
        sign = "<=" if self.passed else ">"
        return f"{self.label}: {self.value:.2e} {sign} {self.threshold:.0e}"


@dataclasses.dataclass(frozen=True)
class Check:
    """A graded function: its notebook part, its name and the code that measures it."""
    part: str
    name: str
    run: object            # callable () -> list of Measurement
    requires: tuple = ()   # (module, attribute) pairs that must exist for the check to apply
    covers: tuple = ()     # qualified names of the functions it grades

    @property
    def id(self):
        return f"{self.part}::{self.name}"

    def applies(self):
        """False when a function it grades does not exist in this version of the package."""
        for module, attribute in self.requires:
            try:
                if not hasattr(importlib.import_module(module), attribute):
                    return False
            except Exception:  # a broken module is reported by the check itself
                return True
        return True


@dataclasses.dataclass
class Result:
    check: Check
    status: str
    measurements: list
    message: str = ""

    def summary(self):
        """One line: the worst measurement, or why there is none."""
        if self.status == NOT_IMPLEMENTED:
            return self.message
        failing = [m for m in self.measurements if not m.passed]
        if self.message:
            return self.message
        if failing:
            return "; ".join(m.describe() for m in failing)
        if self.measurements:
            return max(self.measurements, key=lambda m: m.badness).describe()
        return ""


REGISTRY = []


def check(part, name, requires=(), covers=None):
    """Register the decorated function as the check of ``name`` in notebook ``part``.

    ``name`` is the graded function's qualified name, optionally followed by a variant in
    brackets (``FullyConnectedNet.loss[dropout]``); ``covers`` lists the graded functions when
    there are several (default: ``name`` without the variant).
    """
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}; expected one of {PARTS}")
    covers = tuple(covers) if covers else (name.split("[")[0],)

    def register(function):
        REGISTRY.append(Check(part, name, function, tuple(requires), covers))
        return function

    return register


def _stub_owner(error):
    """The function named by a release stub's message ``"<name>: TODO ..."``, if any."""
    match = re.match(r"^(?P<name>[^:]+): TODO", str(error))
    return match.group("name") if match else None


def run_check(graded):
    """Run one check; never raises. NotImplementedError anywhere means "not implemented"."""
    state = np.random.get_state()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            measurements = list(graded.run())
    except NotImplementedError as error:
        owner = _stub_owner(error)
        if owner is None:
            message = f"NotImplementedError: {error}"
        elif owner in graded.covers:
            message = "still raises NotImplementedError"
        else:
            message = f"needs {owner}, which still raises NotImplementedError"
        return Result(graded, NOT_IMPLEMENTED, [], message)
    except CheckFailed as error:
        return Result(graded, FAILED, [], str(error))
    except Exception as error:  # a crash in student code is a failure, with where it happened
        where = traceback.extract_tb(error.__traceback__)[-1]
        return Result(graded, FAILED, [], f"{type(error).__name__}: {error} "
                      f"(at {where.filename.rsplit('/', 1)[-1]}:{where.lineno} in {where.name})")
    finally:
        np.random.set_state(state)
    status = PASSED if measurements and all(m.passed for m in measurements) else FAILED
    return Result(graded, status, measurements)


def all_checks(part=None):
    """The registered checks that apply, in notebook order, optionally of one part only."""
    from . import checks_conv, checks_dropout, checks_fc, checks_norm  # noqa: F401 (registers)
    if part is not None and part not in PARTS:
        raise ValueError(f"unknown part {part!r}; expected one of {', '.join(PARTS)}")
    order = {name: index for index, name in enumerate(PARTS)}
    selected = [c for c in REGISTRY if (part is None or c.part == part) and c.applies()]
    return sorted(selected, key=lambda c: order[c.part])  # stable: registration order within a part


# --------------------------------------------------------------------------------------------
# Helpers used by the checks
# --------------------------------------------------------------------------------------------


def module(name):
    """Import ``cs231n.<name>`` (lazily, so one broken file only fails its own checks)."""
    return importlib.import_module(f"cs231n.{name}")


def rel_error(x, y):
    """``max |x - y| / max(1e-8, |x| + |y|)``, the notebooks' relative error."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def as_array(label, value, shape=None):
    """``value`` as a float64 array, after checking it is array-like (and has ``shape``)."""
    if value is None:
        raise CheckFailed(f"{label} is None (did you forget to assign or return it?)")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise CheckFailed(f"{label} is not a numeric array: {error}") from error
    if shape is not None and array.shape != tuple(shape):
        raise CheckFailed(f"{label} has shape {array.shape}, expected {tuple(shape)}")
    return array


def compare(label, actual, expected, threshold):
    """Relative error of ``actual`` against ``expected`` (shapes must match)."""
    expected = np.asarray(expected, dtype=np.float64)
    actual = as_array(label, actual, expected.shape)
    return Measurement(f"{label} rel. error", rel_error(actual, expected), threshold)


def deviation(label, value, target, threshold):
    """Largest absolute difference between a statistic and its target."""
    value = as_array(label, value)
    return Measurement(f"{label} max |diff|", float(np.max(np.abs(value - target))), threshold)


def requirement(label, holds):
    """A yes/no property, as a measurement: 0 if it holds, 1 if not (threshold 0)."""
    return Measurement(label, 0.0 if holds else 1.0, 0.0)


def unpack(label, result, count):
    """Check that a function returned a tuple of ``count`` items and return it."""
    if not isinstance(result, tuple) or len(result) != count:
        got = f"a tuple of {len(result)}" if isinstance(result, tuple) else type(result).__name__
        raise CheckFailed(f"{label} must return a tuple of {count} items, got {got}")
    return result


def numeric_gradient_array(f, x, dout, h=1e-5):
    """Numeric gradient of ``sum(f(x) * dout)`` with respect to x (float64)."""
    return module("gradient_check").eval_numerical_gradient_array(f, x, dout, h=h)


def numeric_gradient(f, x, h=1e-5):
    """Numeric gradient of the scalar ``f(x)`` with respect to x (float64)."""
    return module("gradient_check").eval_numerical_gradient(f, x, verbose=False, h=h)
