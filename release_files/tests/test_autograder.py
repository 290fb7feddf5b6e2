"""The autograder as pytest tests: one test per function you implement (see cs231n/grade.py).

    pytest                         # everything
    pytest -k Dropout              # one notebook part
    pytest -k affine_forward       # one function

A test fails when the function is not implemented yet (it still raises NotImplementedError) or
when an error is above its threshold; the message says which and by how much.
"""

import pytest

from cs231n.grading import NOT_IMPLEMENTED, PASSED, all_checks, run_check

CHECKS = all_checks()


def _test_id(graded):
    return f"{graded.part}/{graded.name}".replace("[", "-").replace("]", "")


@pytest.mark.parametrize("graded", CHECKS, ids=[_test_id(c) for c in CHECKS])
def test_function(graded):
    result = run_check(graded)
    if result.status == NOT_IMPLEMENTED:
        pytest.fail(f"{graded.name} is not implemented yet: {result.summary()}", pytrace=False)
    if result.status != PASSED:
        failing = [m.describe() for m in result.measurements if not m.passed]
        details = "\n  ".join(failing or [result.summary()])
        pytest.fail(f"{graded.name} failed:\n  {details}", pytrace=False)
