"""Small helpers shared by the notebooks: fast mode, headline numbers, one-line checks (provided).

Fast mode
---------
Setting the environment variable ``CS231N_FAST=1`` shrinks training sets, epochs and sweeps so
that all notebooks run in a few minutes (CI does this). It changes sizes only, never which code
runs: every notebook cell picks its sizes with ``pick(full=..., fast=...)``.

Headline numbers
----------------
``report(name, value)`` prints a result and, when the notebook runner
(``python -m cs231n.run_notebooks``) set ``CS231N_REPORT`` to a file, appends it there, so that the
runner can summarize every notebook's headline numbers.
"""

import json
import os

import numpy as np

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


def check(name, error, threshold):
    """Print the measured relative error and a verdict, e.g.
    ``db: relative error 8.2e-01  FAIL (needs < 1e-08)``.

    The exact error depends on the machine's floating-point libraries, whether it is below the
    threshold does not (a NaN error fails).
    """
    verdict = "PASS" if error < threshold else "FAIL"
    print(f"{name}: relative error {error:.1e}  {verdict} (needs < {threshold:.0e})")


def print_mean_std(x, axis=0, decimals=4):
    """Print the means and standard deviations of x along ``axis``, rounded for stable output."""
    # Adding 0.0 turns -0.0 (a mean of -1e-17 rounded) into 0.0, whose sign cannot vary by machine.
    print(f"  means: {np.round(x.mean(axis=axis), decimals) + 0.0}")
    print(f"  stds:  {np.round(x.std(axis=axis), decimals) + 0.0}")
