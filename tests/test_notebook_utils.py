"""Check lines of the notebooks: the measured error is shown, the verdict is what nbval compares."""

import math
import re
from pathlib import Path

import pytest

from cs231n.notebook_utils import check

SANITIZE = Path(__file__).resolve().parent.parent / "notebooks" / "nbval_sanitize.cfg"


@pytest.mark.parametrize(
    "error, threshold, line",
    [
        (0.82, 1e-8, "db: relative error 8.2e-01  FAIL (needs < 1e-08)"),
        (3.14e-11, 1e-8, "db: relative error 3.1e-11  PASS (needs < 1e-08)"),
        (math.nan, 1e-8, "db: relative error nan  FAIL (needs < 1e-08)"),
        (1e-8, 1e-8, "db: relative error 1.0e-08  FAIL (needs < 1e-08)"),
    ],
)
def test_check_prints_the_error_and_a_verdict(capsys, error, threshold, line):
    check("db", error, threshold)
    assert capsys.readouterr().out == line + "\n"


def sanitize(text):
    """Apply the notebooks' nbval sanitizers as nbval reads and applies them."""
    pairs = re.findall(r"^regex: (.*)$\n^replace: (.*)$", SANITIZE.read_text(), re.MULTILINE)
    assert len(pairs) >= 3
    for regex, replace in pairs:
        text = re.sub(regex, replace, text)
    return text


def test_nbval_ignores_the_number_but_compares_the_verdict(capsys):
    check("  W1", 1.5e-7, 1e-4)
    check("  W1", 2.5e-9, 1e-4)
    check("  W1", 0.3, 1e-4)
    passed, passed_again, failed = capsys.readouterr().out.splitlines()
    assert (
        sanitize(passed)
        == sanitize(passed_again)
        == "  W1: relative error ERROR  PASS (needs < 1e-04)"
    )
    assert sanitize(failed) == "  W1: relative error ERROR  FAIL (needs < 1e-04)"
