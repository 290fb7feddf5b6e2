"""A backward pass is checked against numeric gradients of the student's own forward pass
(cs231n.grading.core.MEASURED_THROUGH). While that forward pass fails, the backward check gets
one hint naming the forward pass, no repair and no symptom hints (held-out round 12, row 17: a
repair hint told a student with a wrong forward pass to break a right backward pass), and a
backward pass that "passes" against it says so on its line.
"""

import tempfile
from pathlib import Path

import diagnose_blind as blind

L = "cs231n/layers.py"
ON = {"CS231N_REPAIR_SECONDS": "6"}
FORWARD_RIGHT = "    out = x.reshape(x.shape[0], -1) @ w + b\n"
FORWARD_WRONG = "    out = x.reshape(x.shape[0], -1) @ w - b\n"
BACKWARD_RIGHT = "    db = dout.sum(axis=0)\n"
BACKWARD_FIT_TO_WRONG_FORWARD = "    db = -dout.sum(axis=0)\n"
HINT = (
    "affine_backward is checked against numeric gradients of your affine_forward, which fails "
    "its own check: fix affine_forward first, then check affine_backward again"
)


def _grade(edits, check, env=ON):
    """The local grader's line and hints for ``check`` with ``edits`` made to layers.py."""
    with tempfile.TemporaryDirectory(prefix="through-") as folder:
        (old, new), *more = edits
        blind.mutated_copy(folder, L, old, new)
        path = Path(folder) / L
        for old, new in more:
            text = path.read_text()
            assert text.count(old) == 1, old
            path.unlink()  # the copy's files are hard links to the package's own
            path.write_text(text.replace(old, new))
        reply = blind._SERVER.request(folder, check, env=env)
    status, detail, hints, _ = blind.parse_report(reply["report"], check)
    return status, detail, hints


def test_a_right_backward_pass_under_a_wrong_forward_pass_gets_only_the_forward_hint():
    status, _, hints = _grade([(FORWARD_RIGHT, FORWARD_WRONG)], "affine_backward")
    assert status == "FAILED"
    assert len(hints) == 1 and hints[0].startswith(HINT), hints  # no repair, no "wrong sign"


def test_a_backward_pass_fitted_to_a_wrong_forward_pass_says_so_when_it_passes():
    status, detail, hints = _grade(
        [(FORWARD_RIGHT, FORWARD_WRONG), (BACKWARD_RIGHT, BACKWARD_FIT_TO_WRONG_FORWARD)],
        "affine_backward",
    )
    assert status == "passed"
    assert detail.endswith("measured through your affine_forward, which fails"), detail


def test_with_the_forward_pass_right_the_backward_mistake_keeps_its_own_hints():
    status, _, hints = _grade([(BACKWARD_RIGHT, BACKWARD_FIT_TO_WRONG_FORWARD)], "affine_backward")
    assert status == "FAILED"
    assert hints and not any(h.startswith(HINT) for h in hints), hints


def test_a_notebook_check_cell_gives_only_the_forward_hint(tmp_path):
    blind.mutated_copy(tmp_path, L, FORWARD_RIGHT, FORWARD_WRONG)
    lines = blind.notebook_check_lines(
        tmp_path, "check('affine_backward db', -np.arange(3.0), np.arange(3.0), 1e-8)", ON
    )
    assert "FAIL" in lines[0], lines
    assert len(lines) == 2 and lines[1].startswith("hint: " + HINT), lines
