"""The autograder's checks, one per function you implement, grouped by notebook part.

Run them with ``python -m cs231n.grade`` (see `cs231n.grade`) or ``pytest`` in the release.
"""

from . import checks_conv, checks_dropout, checks_fc, checks_norm
from .core import (
    FAILED,
    NOT_IMPLEMENTED,
    PART_MARKERS,
    PARTS,
    PASSED,
    REGISTRY,
    TIME_LIMIT,
    Check,
    CheckFailed,
    Measurement,
    Result,
    applicable_checks,
    run_check,
    run_check_isolated,
)

# The modules above register their checks in REGISTRY when imported, in notebook order.
CHECK_MODULES = (checks_fc, checks_norm, checks_dropout, checks_conv)


def all_checks(part=None):
    """The registered checks that apply, in notebook order, optionally of one part only."""
    if part is not None and part not in PARTS:
        raise ValueError(f"unknown part {part!r}; expected one of {', '.join(PARTS)}")
    order = {name: index for index, name in enumerate(PARTS)}
    selected = applicable_checks([c for c in REGISTRY if part is None or c.part == part])
    return sorted(selected, key=lambda c: order[c.part])  # stable: registration order within a part


__all__ = [
    "FAILED",
    "NOT_IMPLEMENTED",
    "PARTS",
    "PART_MARKERS",
    "PASSED",
    "Check",
    "CheckFailed",
    "Measurement",
    "Result",
    "TIME_LIMIT",
    "all_checks",
    "run_check",
    "run_check_isolated",
]
