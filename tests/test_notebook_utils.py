"""Check lines of the notebooks: the measured error is shown, the verdict is what nbval compares."""

import math
import re
from pathlib import Path

import numpy as np
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
    out = capsys.readouterr().out
    assert plain(out) == line + "\n"
    # FAIL stands out (bold red), PASS does not shout (green); nbval compares the plain text.
    colour = "\x1b[1;31mFAIL\x1b[0m" if "FAIL" in line else "\x1b[32mPASS\x1b[0m"
    assert colour in out


def plain(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


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


def test_check_of_arrays_prints_the_same_line_and_a_hint_on_failure(capsys):
    rng = np.random.default_rng(0)
    dout = rng.standard_normal((10, 5))
    check("affine_backward db", dout.sum(axis=0), dout.sum(axis=0), 1e-8)
    passed = plain(capsys.readouterr().out)
    assert passed == "affine_backward db: relative error 0.0e+00  PASS (needs < 1e-08)\n"

    check("affine_backward db", dout.mean(axis=0), dout.sum(axis=0), 1e-8, N=10)
    failed = plain(capsys.readouterr().out).splitlines()
    assert re.fullmatch(
        r"affine_backward db: relative error 8\.2e-01  FAIL \(needs < 1e-08\)", failed[0]
    )
    assert failed[1].startswith("hint: db is N times too small")
    assert len(failed) == 2


def test_a_wrong_shape_is_a_fail_line_naming_both_shapes_not_a_traceback(capsys):
    dout = np.ones((10, 5))
    check("affine_backward db", dout.sum(axis=1), dout.sum(axis=0), 1e-8)
    lines = plain(capsys.readouterr().out).splitlines()
    assert lines[0] == "affine_backward db: shape (10,), expected (5,)  FAIL (needs < 1e-08)"
    assert lines[1].startswith("hint: db needs one entry per output unit")


def test_a_failure_without_a_sure_cause_gets_no_hint(capsys):
    rng = np.random.default_rng(1)
    check("affine_backward dx", rng.standard_normal((4, 3)), rng.standard_normal((4, 3)), 1e-8)
    lines = plain(capsys.readouterr().out).splitlines()
    assert len(lines) == 1 and "FAIL" in lines[0]


def test_the_sanitizer_strips_colours_first(capsys):
    check("  W1", np.ones(3), np.ones(3) * 1.1, 1e-4)
    out = capsys.readouterr().out
    assert "\x1b[" in out
    assert sanitize(out.splitlines()[0]) == "  W1: relative error ERROR  FAIL (needs < 1e-04)"
