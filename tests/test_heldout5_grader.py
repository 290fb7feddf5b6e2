"""Held-out round 5 (docs/heldout_round5.md), students against the hidden grader: row 1, a zip
holding two copies of a student file (a stale backup folder beside the real one) was graded
from the shorter path, the stale stubs, and nothing said which copy was graded."""

import types
import zipfile

from instructor.grader.grade import grade_submission
from instructor.grader.intake import GRADED_FILES, RELEASE_STAMP, read_submission

STUB = b"def affine_forward(x, w, b):\n    raise NotImplementedError\n"
SOLVED = b"def affine_forward(x, w, b):\n    return x.reshape(len(x), -1) @ w + b, None\n"
NOTE = (
    "2 copies of cs231n/layers.py in the submission: graded old/cs231n/layers.py, not "
    "assignment2/cs231n/layers.py (submit one copy)"
)


def _two_copies(tmp_path):
    path = tmp_path / "alice.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("old/cs231n/layers.py", STUB)
        archive.writestr("assignment2/cs231n/layers.py", SOLVED)
        archive.writestr("assignment2/cs231n/optim.py", b"")
    return path


def test_the_copy_graded_is_named_in_a_zip_and_a_folder(tmp_path):
    path = _two_copies(tmp_path)
    submission = read_submission(path)
    assert submission.files["cs231n/layers.py"] == STUB and submission.notes == [NOTE]
    folder = tmp_path / "alice"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    submission = read_submission(folder)
    assert submission.files["cs231n/layers.py"] == STUB and submission.notes == [NOTE]


def test_the_note_reaches_the_student_and_the_staff(tmp_path):
    workspace = types.SimpleNamespace(files={})  # no check asked: no sandbox started
    result = grade_submission("alice", _two_copies(tmp_path), [], workspace)
    assert result.error == NOTE


def test_one_copy_or_two_release_stamps_give_no_note(tmp_path):
    path = tmp_path / "bob.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("assignment2/cs231n/layers.py", SOLVED)
        archive.writestr("release.json", b"{}")
        archive.writestr("old/release.json", b"{}")
    assert read_submission(path, GRADED_FILES + (RELEASE_STAMP,)).notes == []
