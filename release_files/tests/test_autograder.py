"""The autograder as pytest tests: one test per function you implement (see cs231n/grade.py).

    pytest                         # everything
    pytest -k Dropout              # one notebook part
    pytest -k affine_forward       # one function
    pytest -m dropout              # one part by its marker: fully_connected,
                                   # batch_normalization, dropout, convolutional

A test fails when the function is not implemented yet (it still raises NotImplementedError) or
when an error is above its threshold; the message says which and by how much.
"""

import pytest

from cs231n.grading import NOT_IMPLEMENTED, PART_MARKERS, PASSED, all_checks, run_check


def _param(graded):
    test_id = f"{graded.part}/{graded.name}".replace("[", "-").replace("]", "")
    return pytest.param(graded, id=test_id, marks=getattr(pytest.mark, PART_MARKERS[graded.part]))


@pytest.mark.parametrize("graded", [_param(c) for c in all_checks()])
def test_function(graded):
    result = run_check(graded)
    if result.status == NOT_IMPLEMENTED:
        pytest.fail(f"{graded.name} is not implemented yet: {result.summary()}", pytrace=False)
    if result.status != PASSED:
        failing = [m.describe() for m in result.measurements if not m.passed]
        details = "\n  ".join(failing or [result.summary()])
        pytest.fail(f"{graded.name} failed:\n  {details}", pytrace=False)
