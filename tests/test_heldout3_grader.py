"""Held-out round 3, hostile students against the hidden grader's parent: answers that make
the parent's own code raise must cost only the submission's check, never the grading run."""

import dataclasses

import numpy as np
import pytest
from heldout3_support import MASTER, grade_checks, patched_submission, sandbox_workspace
from shared_builds import build_checks

from instructor.grader.grade import changed_inputs


@pytest.fixture(scope="module")
def workspace():
    yield from sandbox_workspace()


@pytest.fixture(scope="module")
def checks():
    return {c.name: c for c in build_checks(seed=37)}


HEADER = {"op": "call", "target": "cs231n.layers:affine_forward"}


@pytest.mark.parametrize(
    "code", [np.array(np.nan), np.array(np.inf), np.array(1e300), np.array([0, 1]), np.array(True)]
)
def test_a_changed_code_that_is_no_integer_is_ignored(code):
    assert changed_inputs(HEADER, {"changed": [code]}) == []


def test_an_integer_changed_code_still_names_the_input():
    [sentence] = changed_inputs(HEADER, {"changed": [np.array(1)]})
    assert "affine_forward" in sentence and "its input w" in sentence


# Row 3: student code replaces the child's own `_changed` (it shares the interpreter), so a
# failing check reads "nan" as the index of the input changed in place: int(nan) raised out of
# grade_submission (the Gradescope path wrote no results.json).
REPORT_NAN = """
import sys as _sys

_main = _sys.modules.get("__main__")
if _main is not None and hasattr(_main, "_changed"):
    _main._changed = lambda snapshots: [float("nan")]
"""
WRONG_RELU = """
def relu_forward(x):
    return np.zeros_like(x) + 1.0, x
"""


def test_a_forged_changed_list_fails_only_the_check(checks, workspace, tmp_path):
    folder = patched_submission(
        tmp_path,
        [("cs231n/layers.py", "relu_forward", WRONG_RELU)],
        [("cs231n/layers.py", REPORT_NAN)],
    )
    results = grade_checks(folder, [checks["relu_forward"], checks["affine_forward"]], workspace)
    assert results["relu_forward"].score == 0
    assert "out rel. error" in results["relu_forward"].message
    assert results["affine_forward"].score == 1


def test_a_grader_error_in_one_check_fails_that_check_only(checks, workspace):
    def broken(value):
        raise ZeroDivisionError("a bug of the parent")

    check = checks["relu_forward"]
    bad = dataclasses.replace(check, tasks=[dataclasses.replace(check.tasks[0], judge=broken)])
    results = grade_checks(MASTER, [bad, checks["affine_forward"]], workspace)
    assert results["relu_forward"].score == 0
    assert results["relu_forward"].message == "not graded: grader error (ZeroDivisionError)"
    assert results["affine_forward"].score == 1


# Row 2: the local grader's checks (provided) compute what known mistakes give from the pooling
# windows; a window's minimum of -x is minus max pooling, so this scored the naive check.
POOL_BY_THE_LOCAL_GRADER = """
def max_pool_forward_naive(x, pool_param):
    from cs231n.grading.checks_conv import _window_reductions

    return -_window_reductions(-x, pool_param)["each window's minimum"], (x, pool_param)
"""


def test_the_naive_sandbox_holds_no_local_grader(workspace):
    naive = workspace.files_for("naive")
    assert not [path for path in naive if path.startswith("cs231n/grading/")]
    assert "cs231n/grading/checks_conv.py" in workspace.files_for("full")
    assert "cs231n/exception_hints.py" in naive  # the child's hints still import


def test_max_pool_by_the_local_graders_window_reductions_scores_zero(checks, workspace, tmp_path):
    folder = patched_submission(
        tmp_path, [("cs231n/layers.py", "max_pool_forward_naive", POOL_BY_THE_LOCAL_GRADER)]
    )
    results = grade_checks(folder, [checks["max_pool_forward_naive"]], workspace)
    assert results["max_pool_forward_naive"].score == 0
    assert "No module named 'cs231n.grading'" in results["max_pool_forward_naive"].message


# Row 4: the alternative batchnorm backward pass as a call of the staged one (a point for a
# one-line stub); the child now counts such calls (defence in depth, like the forward count).
ALT_BY_THE_STAGED_ONE = """
def batchnorm_backward_alt(dout, cache):
    return batchnorm_backward(dout, cache)
"""


def test_batchnorm_backward_alt_calling_batchnorm_backward_scores_zero(checks, workspace, tmp_path):
    folder = patched_submission(
        tmp_path, [("cs231n/layers.py", "batchnorm_backward_alt", ALT_BY_THE_STAGED_ONE)]
    )
    names = ("batchnorm_backward", "batchnorm_backward_alt", "spatial_batchnorm_backward")
    results = grade_checks(folder, [checks[n] for n in names], workspace)
    assert results["batchnorm_backward_alt"].score == 0
    assert "called batchnorm_backward" in results["batchnorm_backward_alt"].message
    assert results["batchnorm_backward"].score == results["spatial_batchnorm_backward"].score == 1


def test_the_master_passes_both_batchnorm_backward_checks(checks, workspace):
    names = ("batchnorm_backward", "batchnorm_backward_alt")
    results = grade_checks(MASTER, [checks[n] for n in names], workspace)
    assert [results[n].score for n in names] == [1, 1]
