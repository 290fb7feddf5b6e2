"""The blind held-out sets (tests/diagnose_blind.py), asserting only what is stable: every
mistake fails its check, and every correct alternative passes it with no hint.

Whether a hint names the right cause is measured, not asserted (``python tests/diagnose_blind.py
A``): the share moves with the engine. Entries that expose a defect of a check (a mistake it
cannot see, a correct alternative it rejects) are strict xfails, so fixing the check shows here.
"""

import diagnose_blind as blind
import pytest


def _marks(entry_id):
    if entry_id in blind.CHECK_GAPS:
        return [pytest.mark.xfail(strict=True, reason=blind.CHECK_GAPS[entry_id])]
    return []


MISTAKES = [
    pytest.param(*entry[1:5], id=entry[0], marks=_marks(entry[0]))
    for mistakes, _ in blind.SETS.values()
    for entry in mistakes
]
CORRECT = [
    pytest.param(*entry[1:5], id=entry[0], marks=_marks(entry[0]))
    for _, correct in blind.SETS.values()
    for entry in correct
]


@pytest.mark.parametrize("file, old, new, check", MISTAKES)
def test_mistake_fails_its_check(file, old, new, check):
    result = blind.grade_one_check(file, old, new, check)
    assert result["status"] == "FAILED", result


@pytest.mark.parametrize("file, old, new, check", CORRECT)
def test_correct_alternative_passes_without_hint(file, old, new, check):
    result = blind.grade_one_check(file, old, new, check)
    assert result["status"] == "passed", result
    assert result["hints"] == [], result
