"""Builds many test modules need, made once per test process (xdist worker) and shared.

- `build_checks(seed)`: the hidden grader's checks (7-10 s: numeric gradients of the reference
  answers), built by a dozen modules, several with the same seed. The build is the same whatever
  NumPy's global random state (its draws come from the seed), but not if a test has replaced a
  reference function: the cache is keyed by the seed and by the reference modules' functions,
  so a build under a monkeypatch is never given to a test without it (or the reverse).
- `release_tree(master)` (the grader's sandbox files) and `assemble_release(master)` (the
  release in memory), 1-2 s each, for this repository only: a master copy a test edits is
  assembled afresh at each call. This repository does not change while the tests run.

Each caller gets its own deep copy (arrays and dicts; bytes are shared, they cannot change), so a
test that changes what it got changes nobody else's.
"""

import copy
import importlib
import inspect
from pathlib import Path

from instructor import release as _release
from instructor.grader import sandbox as _sandbox
from instructor.grader.cases import build_checks as _build_checks

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_MODULES = (
    "cs231n.layers",
    "cs231n.layer_utils",
    "cs231n.fast_layers",
    "cs231n.optim",
    "cs231n.gradient_check",
    "cs231n.classifiers.fc_net",
    "cs231n.classifiers.cnn",
)
_BUILT = {}


def _references():
    """Every function and class attribute of the reference modules, as they are now."""
    found = []
    for name in REFERENCE_MODULES:
        for attribute, value in sorted(vars(importlib.import_module(name)).items()):
            if inspect.isfunction(value):
                found.append((name, attribute, value))
            elif inspect.isclass(value):
                members = tuple(sorted((k, v) for k, v in vars(value).items() if callable(v)))
                found.append((name, attribute, value, members))
    return tuple(found)


def _shared(key, build):
    if key not in _BUILT:
        _BUILT[key] = build()
    return copy.deepcopy(_BUILT[key])


def build_checks(seed):
    """What `instructor.grader.cases.build_checks(seed)` returns."""
    return _shared(("checks", seed, _references()), lambda: _build_checks(seed))


def release_tree(master):
    """What `instructor.grader.sandbox.release_tree(master)` returns."""
    if Path(master).resolve() != ROOT:
        return _sandbox.release_tree(master)
    return _shared(("tree",), lambda: _sandbox.release_tree(master))


def assemble_release(master):
    """What `instructor.release.assemble_release(master)` returns."""
    if Path(master).resolve() != ROOT:
        return _release.assemble_release(master)
    return _shared(("release",), lambda: _release.assemble_release(master))
