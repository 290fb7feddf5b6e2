"""Machinery of the autograder: checks, measurements, results.

A *check* grades one function you implement (``affine_forward``, ``FullyConnectedNet.loss``, ...)
in one notebook part. It runs the function on fixed inputs and returns *measurements*: a relative
error against a known answer or a numeric gradient, or a statistic that must be close to a target
value, each with a threshold (`cs231n.tolerances`). The check passes when every measurement is
within its threshold. The helpers that take measurements are in `cs231n.grading.measure`.
"""

import dataclasses
import functools
import importlib
import inspect
import math
import os
import re
import traceback
import warnings

import numpy as np

from .. import diagnose, exception_hints, hints
from . import isolation

PARTS = ("FullyConnectedNets", "BatchNormalization", "Dropout", "ConvolutionalNetworks")

# The pytest marker of each part: ``pytest -m dropout`` runs the master's tests of the Dropout
# part, and ``python -m cs231n.grade --part dropout`` grades it.
PART_MARKERS = {
    "FullyConnectedNets": "fully_connected",
    "BatchNormalization": "batch_normalization",
    "Dropout": "dropout",
    "ConvolutionalNetworks": "convolutional",
}

PASSED, FAILED, NOT_IMPLEMENTED = "passed", "failed", "not implemented"

# Wall-clock seconds one check may take (the reference solution needs under 2 s for any check).
TIME_LIMIT = 30.0

# The folder that holds the package: syntax errors are reported relative to it (cs231n/layers.py).
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class CheckFailed(AssertionError):
    """The function ran but its output cannot be measured (wrong type, shape, keys, ...).

    ``label`` and ``symptoms`` say what was wrong with which array (`cs231n.diagnose`)."""

    def __init__(self, message, label="", symptoms=()):
        super().__init__(message)
        self.label, self.symptoms = label, tuple(symptoms)

    def __reduce__(self):
        return type(self), (str(self), self.label, self.symptoms)


class TrialFailed(Exception):
    """A measurement failed in a repair's trial (`cs231n.grading.repair`), which stops there."""


# True in a repair's trial only: the first failing measurement stops the check.
_STOP_AT_FAILURE = []


def stops_at_failure():
    """Whether this is a repair's trial, where the first failing measurement ends the check."""
    return bool(_STOP_AT_FAILURE)


@dataclasses.dataclass(frozen=True)
class Measurement:
    """One number compared with a threshold: passes when ``value <= threshold`` (NaN fails).

    A failing measurement may carry ``symptoms`` (`cs231n.diagnose.Symptom`: how the array is
    wrong) and ``hints`` (sentences saying why, `cs231n.hints`)."""

    label: str
    value: float
    threshold: float
    symptoms: tuple = ()
    hints: tuple = ()

    def __post_init__(self):
        if _STOP_AT_FAILURE and not self.passed:  # a repair's trial: one failure is enough
            raise TrialFailed(self.label)

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
    run: object  # callable () -> list of Measurement
    requires: tuple = ()  # (module, attribute) pairs that must exist for the check to apply
    covers: tuple = ()  # qualified names of the functions it grades

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
    hints: list = dataclasses.field(default_factory=list)
    # Whether the check ran to its end in its child (no time-out, no crash of the child), the
    # seeds `fresh_random_state` gave there and its seconds: for a repair of a failed check
    # (`cs231n.grading.repair.run_check_repaired`).
    ran: bool = False
    seeds: list = dataclasses.field(default_factory=list)
    check_seconds: float = 0.0
    # The forward pass this backward check is measured through, when it fails its own check
    # (`MEASURED_THROUGH`): this check's numbers then say little about the backward pass.
    failing_forward: str = ""

    def hint_lines(self):
        """``hint: ...`` lines to print under the FAILED line (none for a passing check)."""
        if self.status != FAILED:
            return []
        return [f"hint: {hint}" for hint in self.hints]

    def summary(self):
        """One line: the worst measurement, or why there is none."""
        if self.status == PASSED and self.failing_forward:
            return f"{self._summary()}; measured through your {self.failing_forward}, which fails"
        return self._summary()

    def _summary(self):
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


# --------------------------------------------------------------------------------------------
# Inputs changed in place
# --------------------------------------------------------------------------------------------

# What the graded layers did to their input arrays during the current check: one sentence per
# input changed (`watched`). Dicts (bn_param, conv_param, config) are not watched: their state
# (running averages, ...) is meant to be written.
_CHANGED = []

INPLACE_SENTENCE = (
    "{function} changed {what} in place (an array assigned by `=` is the same array, "
    "not a copy; e.g. a `*=` or `-=` on it changes the caller's array): work on a copy or "
    "write the result to a new array"
)


def check_seed_from_environment():
    """The seed ``CS231N_CHECK_SEED`` gives (as the project's tests set it), or None."""
    seed = os.environ.get("CS231N_CHECK_SEED", "").strip()
    return int(seed) % 2**32 if seed.isdigit() else None


# Read once, when the grading package is imported: `python -m cs231n.grade` and the release's
# pytest checks import it before any student module, and `run_check_isolated` passes it to each
# check's child. A student file that sets the variable when imported changes nothing (held-out
# round 11, row 5: `os.environ["CS231N_CHECK_SEED"] = "7"` in layers.py, read at the draw, let a
# table of seed 7's inputs pass affine_forward).
CHECK_SEED = check_seed_from_environment()


def fresh_random_state():
    """A RandomState seeded afresh at each run (from ``os.urandom``; `CHECK_SEED` fixes the
    seed): a probe no one knows in advance, so a table of the fixed test vectors' answers fails
    where the function must compute (held-out round 10, row 5: a lookup table passed the forward
    checks, whose every input was known)."""
    if _REPLAY:  # a repair (`cs231n.grading.repair`) runs the check again on the same values
        seed = _REPLAY.pop(0)
    elif CHECK_SEED is not None:
        seed = CHECK_SEED
    else:
        seed = int.from_bytes(os.urandom(4), "little")
    _SEEDS.append(seed)
    return np.random.RandomState(seed)


# The seeds `fresh_random_state` gave during the current check, and those it gives next.
_SEEDS, _REPLAY = [], []


def replay_seeds(seeds):
    """Make `fresh_random_state` give ``seeds`` first, in order (a repair's run of a check)."""
    _REPLAY[:] = list(seeds)


def _arrays_in(value, name, depth=0):
    """``(name, array)`` for the arrays of an argument: itself, or the entries of a tuple or list
    (a cache) one level down; dicts are skipped."""
    if isinstance(value, np.ndarray):
        return [(name if depth else f"its input {name}", value)]
    if isinstance(value, (tuple, list)) and depth == 0:
        found = []
        for item in value:
            found += _arrays_in(item, f"an array in its input {name}", depth + 1)
        return found
    return []


def _same(before, after):
    if before.shape != after.shape or before.dtype != after.dtype:
        return False
    if before.dtype.kind in "fc":
        return bool(np.all((before == after) | (np.isnan(before) & np.isnan(after))))
    return bool(np.all(before == after))


def watched(function):
    """``function`` that records, when it returns or raises, which input arrays it changed."""
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        names = []

    @functools.wraps(function)
    def call(*args, **kwargs):
        named = [
            (names[i] if i < len(names) else f"argument {i + 1}", a) for i, a in enumerate(args)
        ]
        named += list(kwargs.items())
        snapshots = []
        for name, value in named:
            snapshots += [(n, a, a.copy()) for n, a in _arrays_in(value, name)]
        try:
            return function(*args, **kwargs)
        finally:
            for what, array, before in snapshots:
                sentence = INPLACE_SENTENCE.format(function=function.__name__, what=what)
                try:
                    changed = not _same(before, array)
                except Exception:  # hints are help: a comparison that fails says nothing
                    changed = False
                if changed and sentence not in _CHANGED:
                    _CHANGED.append(sentence)

    return call


class WatchedModule:
    """A module whose functions are `watched` (the graded layers, as the checks call them)."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        value = getattr(self._module, name)
        if inspect.isfunction(value):
            return watched(value)
        return value


def changed_inputs():
    """The sentences of the inputs changed in place since the current check started."""
    return list(_CHANGED)


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


def check_hints(name, measurements):
    """The hints of a check named ``name`` from its measurements (none if all pass)."""
    return _safely(hints.check_hints, name, [(m.label, m.passed, m.symptoms) for m in measurements])


def failure_hints(name, error):
    """The hints of a check stopped by ``CheckFailed`` (a wrong shape, wrong keys, ...)."""
    if not getattr(error, "symptoms", ()):
        return _safely(exception_hints.failure_hints, name, str(error))
    return _safely(hints.check_hints, name, [(error.label, False, error.symptoms)])


def _safely(function, *args):
    """Hints are help, never a reason for grading to fail: a bug in them gives no hint."""
    try:
        return list(function(*args))
    except Exception:
        return []


# A backward pass is checked against numeric gradients of your own forward pass (the local
# grader has no reference solution). While that forward pass fails its own check, the numbers
# describe the forward pass's mistake as much as the backward pass's: a right backward pass fails,
# and an edit that makes it "pass" breaks it. Such a check then gets one hint, naming the forward.
MEASURED_THROUGH = {
    "affine_backward": "affine_forward",
    "relu_backward": "relu_forward",
    "batchnorm_backward": "batchnorm_forward",
    "batchnorm_backward_alt": "batchnorm_forward",
    "layernorm_backward": "layernorm_forward",
    "dropout_backward": "dropout_forward",
    "conv_backward_naive": "conv_forward_naive",
    "max_pool_backward_naive": "max_pool_forward_naive",
    "spatial_batchnorm_backward": "spatial_batchnorm_forward",
    "spatial_groupnorm_backward": "spatial_groupnorm_forward",
}


def failing_forward(graded):
    """The name of the forward pass ``graded`` is measured through when that forward pass fails
    (or is not implemented) in its own check, else "". Runs that check here (a forward check
    takes well under a second); the caller's random state and seeds are left as they were."""
    forward = MEASURED_THROUGH.get(graded.name)
    checks = [c for c in REGISTRY if c.name == forward]
    if not checks:
        return ""
    seeds, changed, replay = list(_SEEDS), list(_CHANGED), list(_REPLAY)
    _REPLAY.clear()
    try:
        result = run_check(checks[0])
    finally:
        _SEEDS[:], _CHANGED[:], _REPLAY[:] = seeds, changed, replay
    return forward if result.status != PASSED else ""


def forward_hint(graded, forward):
    return (
        f"{graded.name} is checked against numeric gradients of your {forward}, which fails its "
        f"own check: fix {forward} first, then check {graded.name} again (until then its result "
        f"says little about {graded.name} itself; do not change it to match)"
    )


def run_check(graded):
    """Run one check; never raises. NotImplementedError anywhere means "not implemented"."""
    result = _run_check(graded)
    if graded.name in MEASURED_THROUGH and result.status != NOT_IMPLEMENTED:
        result.failing_forward = failing_forward(graded)
        if result.failing_forward and result.status == FAILED:
            result.hints = [forward_hint(graded, result.failing_forward)]
    return result


def _run_check(graded):
    state = np.random.get_state()
    diagnose.set_sizes()
    _CHANGED.clear()
    _SEEDS.clear()
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
        found = failure_hints(graded.name, error)
        return Result(graded, FAILED, [], str(error), changed_inputs() + found)
    except SyntaxError as error:  # a student file does not parse: say where, not importlib's frame
        return Result(graded, FAILED, [], isolation.describe_syntax_error(error, _ROOT))
    except Exception as error:  # a crash in student code is a failure, with where it happened
        where = traceback.extract_tb(error.__traceback__)[-1]
        return Result(
            graded,
            FAILED,
            [],
            f"{type(error).__name__}: {error} "
            f"(at {where.filename.rsplit('/', 1)[-1]}:{where.lineno} in {where.name})",
            changed_inputs() + _safely(exception_hints.crash_hints, error, graded.name),
        )
    finally:
        np.random.set_state(state)
    status = PASSED if measurements and all(m.passed for m in measurements) else FAILED
    found = []
    if status == FAILED:
        # Numbers computed from an input changed in place say nothing reliable about the formula.
        found = changed_inputs() or check_hints(graded.name, measurements)
    return Result(graded, status, measurements, hints=found)


# CPU seconds a failed check's repair may take (`cs231n.grading.repair`), unless
# CS231N_REPAIR_SECONDS says otherwise (0: no repair).
REPAIR_SECONDS = 6.0


def repair_seconds():
    """The repair budget of one failed check: ``CS231N_REPAIR_SECONDS`` or `REPAIR_SECONDS`."""
    try:
        value = float(os.environ.get("CS231N_REPAIR_SECONDS", REPAIR_SECONDS))
    except ValueError:
        value = REPAIR_SECONDS
    return value if value >= 0 else REPAIR_SECONDS  # NaN and negative numbers: the default


def _run_check_in_child(graded, seed=None):
    global CHECK_SEED
    CHECK_SEED = seed  # the parent's, whatever this process's environment says
    result = run_check(graded)
    fields = (result.status, result.measurements, result.message, result.hints)
    return fields, list(_SEEDS), result.failing_forward


def run_check_isolated(graded, time_limit=TIME_LIMIT):
    """`run_check` in a child process (`cs231n.grading.isolation`), so that nothing the graded
    code does (an endless loop, ``os._exit``, ``SystemExit``, a crash) stops the grader: a check
    that times out, exits or crashes fails with the reason. Never raises. (The local grader adds
    the hint of a one-edit repair to a failed check: `cs231n.grading.repair.run_check_repaired`.)
    """
    limits = isolation.Limits(wall=time_limit)
    outcome = isolation.run_isolated(_run_check_in_child, graded, CHECK_SEED, limits=limits)
    if outcome.ok:
        fields, seeds, forward = outcome.value
        return Result(
            graded,
            *fields,
            ran=True,
            seeds=seeds,
            check_seconds=outcome.seconds,
            failing_forward=forward,
        )
    if outcome.status == isolation.TIMED_OUT:
        return Result(graded, FAILED, [], f"{outcome.reason} (endless loop?)")
    return Result(graded, FAILED, [], outcome.reason)


def _applicable(checks):
    return [c.applies() for c in checks]


def applicable_checks(checks):
    """The checks whose functions exist, found in a child process: importing student files to
    look must not run their code here. When that fails, every check applies (and reports why)."""
    outcome = isolation.run_isolated(_applicable, list(checks), limits=isolation.Limits(wall=60))
    if not outcome.ok:
        return list(checks)
    return [c for c, applies in zip(checks, outcome.value) if applies]
