"""Small helpers shared by the notebooks: fast mode, headline numbers, one-line checks (provided).

Fast mode
---------
Setting the environment variable ``CS231N_FAST=1`` shrinks training sets, epochs and sweeps so
that all notebooks run in a few minutes (CI does this). It changes sizes only, never which code
runs: every notebook cell picks its sizes with ``pick(full=..., fast=...)``.

Exceptions
----------
In a notebook, an exception raised by your code is shown as usual, followed by lines
``hint: ...`` when the failing line of your code shows why (`cs231n.exception_hints`).

Headline numbers
----------------
``report(name, value)`` prints a result and, when the notebook runner
(``python -m cs231n.run_notebooks``) set ``CS231N_REPORT`` to a file, appends it there, so that the
runner can summarize every notebook's headline numbers.
"""

import json
import os

import numpy as np

from . import diagnose, exception_hints, hints
from .gradient_check import rel_error

FAST = os.environ.get("CS231N_FAST", "0") == "1"


def pick(full, fast):
    """``fast`` in fast mode (CS231N_FAST=1), ``full`` otherwise."""
    return fast if FAST else full


def report(name, value):
    """Print a headline result and record it for the notebook runner's summary."""
    print(f"{name}: {value}")
    path = os.environ.get("CS231N_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"name": name, "value": value, "fast": FAST}) + "\n")


# The verdict in colour (bold red FAIL, green PASS) for JupyterLab, Colab and terminals; the
# plain text, which nbval compares, is the same without the escape codes.
_COLOURS = {"PASS": "\x1b[32m", "FAIL": "\x1b[1;31m", "hint": "\x1b[35m"}
_RESET = "\x1b[0m"


def _coloured(word, text=None):
    return f"{_COLOURS[word]}{word if text is None else text}{_RESET}"


def check(name, actual, expected=None, threshold=None, function=None, array=None, **sizes):
    """Compare ``actual`` with ``expected`` and print the relative error and a verdict, e.g.
    ``db: relative error 8.2e-01  FAIL (needs < 1e-08)``, followed on a failure by the lines
    ``hint: ...`` that say why, when the error's structure shows it (`cs231n.hints`).

    Parameters
    ----------
    name : str, what is compared, e.g. ``"affine_backward db"``
    actual : array, what your code computed
    expected : array, the known answer or numeric gradient
    threshold : float, the largest relative error that passes
    function : str, the graded function, for hints in its terms (default: the first word of
        ``name`` when it names one, e.g. ``affine_backward``)
    array : str, the array's name in that function (default: the last word of ``name``)
    **sizes : sizes that name constant factors in hints, e.g. ``N=10`` (batch size), ``p=0.5``

    ``check(name, error, threshold)`` (an error already measured, e.g. by `rel_error`) prints
    the same line without hints. Arrays of different shapes are a FAIL naming both shapes. The
    exact error depends on the machine's floating-point libraries, whether it is below the
    threshold does not (a NaN error fails).
    """
    if threshold is None:  # check(name, error, threshold)
        error, threshold = float(actual), expected
        _print_verdict(f"{name}: relative error {error:.1e}", error < threshold, threshold)
        return
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    function = function or _function_named_in(name)
    array = array or (name.split()[-1] if name.split() else name)
    if actual.shape != expected.shape:
        _print_verdict(f"{name}: shape {actual.shape}, expected {expected.shape}", False, threshold)
        symptoms = [diagnose.shape_symptom(actual.shape, expected.shape)]
    else:
        error = rel_error(actual, expected)
        passed = bool(error < threshold)
        _print_verdict(f"{name}: relative error {error:.1e}", passed, threshold)
        if passed:
            return
        with diagnose.sizes(**sizes):
            symptoms = diagnose.diagnose(actual, expected)
    found, only_these = _repair_hints(function)
    if not only_these:
        found += hints.check_hints(function or "", [(array, False, tuple(symptoms))])
    for hint in found:
        print(_coloured("hint", "hint:"), hint)


def _repair_hints(function):
    """The one-edit repair of ``function`` that makes its grader check pass, when there is
    exactly one (`cs231n.grading.repair`; a few seconds, only after a FAIL), and whether those
    are the only hints to give (a backward pass whose forward pass fails its own check)."""
    if not function:
        return [], False
    try:
        from .grading import repair
    except Exception:  # hints are help: without the grader, no repair
        return [], False
    return repair.notebook_hints(function)


def _print_verdict(text, passed, threshold):
    verdict = "PASS" if passed else "FAIL"
    print(f"{text}  {_coloured(verdict)} (needs < {threshold:.0e})")


def _function_named_in(name):
    first = name.split()[0] if name.split() else ""
    return first if first in hints.CATALOG else None


def print_mean_std(x, axis=0, decimals=4):
    """Print the means and standard deviations of x along ``axis``, rounded for stable output."""
    # Adding 0.0 turns -0.0 (a mean of -1e-17 rounded) into 0.0, whose sign cannot vary by machine.
    print(f"  means: {np.round(x.mean(axis=axis), decimals) + 0.0}")
    print(f"  stds:  {np.round(x.std(axis=axis), decimals) + 0.0}")


def _show_with_hints(shell, etype, value, tb, tb_offset=None):
    """IPython's traceback of an exception, then the hints its line of student code gives."""
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    try:
        found = exception_hints.hints_for_exception(value)
    except Exception:  # hints are help: the traceback above stands alone
        found = []
    for hint in found:
        print(_coloured("hint", "hint:"), hint)


def _install_exception_hints():
    """In an IPython kernel without another custom handler, show hints under tracebacks."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and not getattr(shell, "custom_exceptions", ()):
        shell.set_custom_exc((Exception,), _show_with_hints)


_install_exception_hints()
