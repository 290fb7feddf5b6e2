"""The autograder's checks, one per function you implement, grouped by notebook part.

Run them with ``python -m cs231n.grade`` (see `cs231n.grade`) or ``pytest`` in the release.
"""
from .core import (FAILED, NOT_IMPLEMENTED, PARTS, PASSED, Check, CheckFailed, Measurement, Result,
                   all_checks, run_check)

__all__ = ["FAILED", "NOT_IMPLEMENTED", "PARTS", "PASSED", "Check", "CheckFailed", "Measurement",
           "Result", "all_checks", "run_check"]
