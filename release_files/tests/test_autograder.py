"""The autograder as pytest tests: one test per function you implement (see cs231n/grade.py).

    pytest                         # everything
    pytest -k Dropout              # one notebook part
    pytest -k affine_forward       # one function
    pytest -m dropout              # one part by its marker: fully_connected,
                                   # batch_normalization, dropout, convolutional

A function that still raises NotImplementedError is reported as "not implemented" (not as a
failure), so that the summary reads like "2 passed, 1 failed, 31 not implemented". A test fails
when an error is above its threshold (the message says which and by how much, and lines beginning
``hint:`` say why when the error's structure shows it), or when the code loops past the time
limit, exits or crashes (each check runs in its own process).
"""

import pytest

from cs231n.grading import NOT_IMPLEMENTED, PART_MARKERS, PASSED, all_checks, run_check_isolated

# The reason of a "not implemented" test starts with this (conftest.py counts them apart).
NOT_IMPLEMENTED_PREFIX = "not implemented yet: "


def _param(graded):
    test_id = f"{graded.part}/{graded.name}".replace("[", "-").replace("]", "")
    return pytest.param(graded, id=test_id, marks=getattr(pytest.mark, PART_MARKERS[graded.part]))


@pytest.mark.parametrize("graded", [_param(c) for c in all_checks()])
def test_function(graded):
    result = run_check_isolated(graded)
    if result.status == NOT_IMPLEMENTED:
        pytest.skip(f"{NOT_IMPLEMENTED_PREFIX}{graded.name} ({result.summary()})")
    if result.status != PASSED:
        failing = [m.describe() for m in result.measurements if not m.passed]
        details = "\n  ".join(failing or [result.summary()])
        hints = "".join(f"\n{line}" for line in result.hint_lines())  # "hint: why it failed"
        pytest.fail(f"{graded.name} failed:\n  {details}{hints}", pytrace=False)
