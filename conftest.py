"""pytest set-up for the whole repository, so that `pytest --nbval notebooks` typed as it is runs
the checks of `make test`.

The nbval options themselves (current environment's kernel, the sanitizer) are in pyproject.toml;
here the sanitizer's path is made absolute (for runs from another folder), and a notebook run
defaults to fast mode (``CS231N_FAST=1``, as CI) and quiet data loading (``CS231N_QUIET=1``: the
first load of CIFAR-10 prints progress that no committed output has).
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    option = config.option
    if not (getattr(option, "nbval", False) or getattr(option, "nbval_lax", False)):
        return
    sanitizer = getattr(option, "nbval_sanitize_with", None)
    if sanitizer and not Path(sanitizer).is_absolute() and not Path(sanitizer).exists():
        option.nbval_sanitize_with = str(ROOT / sanitizer)
    os.environ.setdefault("CS231N_FAST", "1")
    os.environ.setdefault("CS231N_QUIET", "1")
