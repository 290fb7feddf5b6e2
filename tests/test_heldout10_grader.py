"""Held-out round 10 (docs/heldout_round10.md), the grader's and the bundle's holes fixed after
the round, each tested in process (no grading run): row 16, a tolerance loosened in the master's
working tree and never committed graded a wrong affine_backward as right in both graders,
silently; row 22, a forged release stamp made the grader declare its own grades doubtful;
row 24, ``cs231n/./layers.py`` after ``cs231n/layers.py`` was one file for ``unzip`` and two for
the zip reader; row 27, valid Python 3.12 failed under the grader's 3.11 with no word of versions;
row 28, a ``.tar.gz`` submission was left out without a word; row 29, a re-run removed the TA's
edited grades.csv without a word."""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import types
import zipfile

import pytest

import instructor.autograder.__main__ as bundle
import instructor.grader.__main__ as grader
from instructor.grader import grade, intake, preflight, report, sandbox
from instructor.grader.grade import CheckResult, SubmissionResult
from instructor.release import uncommitted_changes

TOLERANCES = 'TOLERANCES = {"affine_backward": 1e-8}\n'


def git(root, *args):
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def master(tmp_path):
    """A committed stand-in for the master: what grading reads and what it does not."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    root = tmp_path / "master"
    for relpath, text in {
        "cs231n/tolerances.py": TOLERANCES,
        "instructor/shipped.py": "STUDENT_FILES = ()\n",
        "notebooks/1_FullyConnectedNets.ipynb": "{}\n",
        "setup.py": "",
    }.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "master")
    return root


def loosen(root):
    (root / "cs231n/tolerances.py").write_text(TOLERANCES.replace("1e-8", "1e-1"))


# ---------------------------------------------------------------------------------------------
# Row 16: uncommitted changes to what grading uses
# ---------------------------------------------------------------------------------------------


def test_uncommitted_changes_to_what_grading_reads_are_named(master, tmp_path):
    assert uncommitted_changes(master) == []
    (master / "notebooks/1_FullyConnectedNets.ipynb").write_text("[]\n")  # not read by grading
    assert uncommitted_changes(master) == []
    loosen(master)
    (master / "cs231n/classifiers").mkdir()
    (master / "cs231n/classifiers/extra.py").write_text("x = 1\n")
    (master / "instructor/shipped.py").unlink()
    assert uncommitted_changes(master) == [
        "cs231n/classifiers/extra.py (new, untracked)",
        "cs231n/tolerances.py (modified)",
        "instructor/shipped.py (deleted)",
    ]
    git(master, "add", "-A")  # staged is not committed either
    assert "cs231n/tolerances.py (modified)" in uncommitted_changes(master)
    assert uncommitted_changes(tmp_path / "nowhere") is None  # no checkout: the build refuses


def test_the_grader_refuses_a_dirty_master_in_one_line_unless_allowed(
    master, tmp_path, monkeypatch, capsys
):
    graded = []
    monkeypatch.setattr(grader, "MASTER", master)
    monkeypatch.setattr(grader, "grade_all", lambda entries, *a, **k: graded.append(entries) or [])
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    arguments = [str(tmp_path / "subs"), str(tmp_path / "out")]
    assert grader.main(arguments) == 0 and len(graded) == 1  # clean: graded, nothing said
    assert "uncommitted" not in capsys.readouterr().err
    loosen(master)
    assert grader.main(arguments) == 2 and len(graded) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error
    assert "uncommitted changes to what grading uses: cs231n/tolerances.py (modified)" in error
    assert "--allow-dirty" in error and not (tmp_path / "out").exists()
    assert grader.main([*arguments, "--allow-dirty"]) == 0 and len(graded) == 2
    error = capsys.readouterr().err
    assert "WARNING: grading with uncommitted changes" in error
    assert "cs231n/tolerances.py (modified)" in error


def test_the_bundle_refuses_a_dirty_master_in_one_line_unless_allowed(
    master, tmp_path, monkeypatch, capsys
):
    def fake_bundle(path, master=None):
        path.write_bytes(b"PK\x05\x06" + bytes(18))
        return {}

    monkeypatch.setattr(bundle, "MASTER", master)
    monkeypatch.setattr(bundle, "reference_checks", lambda seed: [])
    monkeypatch.setattr(bundle, "write_bundle", fake_bundle)
    target = tmp_path / "autograder.zip"
    loosen(master)
    assert bundle.main([str(target)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("autograder bundle not written: the master has uncommitted changes")
    assert "cs231n/tolerances.py (modified)" in error and error.count("\n") == 1
    assert not target.exists()
    assert bundle.main([str(target), "--allow-dirty"]) == 0 and target.exists()
    error = capsys.readouterr().err
    assert "WARNING" in error and "cs231n/tolerances.py (modified)" in error


# ---------------------------------------------------------------------------------------------
# Row 22: the release stamp is the submission's claim
# ---------------------------------------------------------------------------------------------


def test_a_forged_release_stamp_is_reported_as_the_submissions_claim():
    forged = json.dumps({intake.STAMP_KEY: "ab" * 32}).encode()
    submission = intake.Submission({intake.RELEASE_STAMP: forged}, {})
    warning = intake.stamp_warning(submission, "f6" * 32)
    assert "says it was made from release abababababab" in warning
    assert "f6f6f6f6f6f6" in warning and "if that claim is true" in warning
    assert "may be wrong" not in warning and "not the student's doing" not in warning


# ---------------------------------------------------------------------------------------------
# Row 24: member names unzip makes one
# ---------------------------------------------------------------------------------------------


def test_names_unzip_makes_one_are_one_file_with_a_note(tmp_path):
    path = tmp_path / "a9_dotpath.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("cs231n/layers.py", "copy = 'A'\n")
        archive.writestr("cs231n/./layers.py", "copy = 'B'\n")
        archive.writestr("cs231n//optim.py", "optim = 1\n")
    read = intake.read_submission(path)
    assert read.files["cs231n/layers.py"] == b"copy = 'B'\n"  # the copy unzip -o keeps
    assert read.files["cs231n/optim.py"] == b"optim = 1\n"
    (note,) = read.notes
    assert "cs231n/layers.py is in the zip 2 times" in note and "cs231n/./layers.py" in note
    if shutil.which("unzip"):  # Gradescope's extraction grades the same copy
        subprocess.run(["unzip", "-qo", str(path), "-d", str(tmp_path / "u")], check=True)
        unzipped = intake.read_submission(tmp_path / "u")
        assert unzipped.files["cs231n/layers.py"] == b"copy = 'B'\n"


# ---------------------------------------------------------------------------------------------
# Row 27: a syntax error that is a newer Python's syntax
# ---------------------------------------------------------------------------------------------

PY312 = b"""import numpy as np


def relu_forward(x):
    if not isinstance(x, np.ndarray):
        raise TypeError(f"expected an array, got {", ".join([type(x).__name__])}")
    return np.maximum(x, 0), x
"""
TYPO = b"def relu_forward(x:\n    return x, x\n"


def test_a_syntax_error_of_newer_python_says_which_python_grades():
    message = "relu_forward: syntax error: syntax error in cs231n/layers.py line 6: f-string: x"
    files = {"cs231n/layers.py": PY312}
    hinted = grade.with_version_hint(message, files, (3, 11, 7))
    assert hinted.startswith(message + "\nhint: the grader runs Python 3.11.7")
    assert "reuses the f-string's own quotes" in hinted and "only Python 3.12" in hinted
    assert grade.with_version_hint(message, files, (3, 12, 1)) == message  # 3.12 reads it
    typo = "relu_forward: syntax error: syntax error in cs231n/layers.py line 1: x"
    assert grade.with_version_hint(typo, {"cs231n/layers.py": TYPO}, (3, 11, 7)) == typo
    assert "except*" in grade.newer_syntax_hint(b"try:\n    f()\nexcept* E:\n", 3, (3, 10))
    assert grade.newer_syntax_hint(b"try:\n    f()\nexcept* E:\n", 3, (3, 11)) is None
    assert "type parameters" in grade.newer_syntax_hint(b"def f[T](x: T):\n", 1, (3, 11))
    backslash = b"s = f\"{'\\\\n'.join(rows)}\"\n"
    assert "backslash" in grade.newer_syntax_hint(backslash, 1, (3, 11))
    assert grade.newer_syntax_hint(b"s = f\"{d['k']!r:>8} {{x}}\" + (\n", 1, (3, 11)) is None


def test_grade_submission_adds_the_version_hint(tmp_path, monkeypatch):
    if sys.version_info < (3, 12):  # what the grader's child reports for that file here
        with pytest.raises(SyntaxError) as raised:
            compile(PY312, "cs231n/layers.py", "exec")
        assert raised.value.lineno == 6
    (tmp_path / "alice" / "cs231n").mkdir(parents=True)
    (tmp_path / "alice" / "cs231n" / "layers.py").write_bytes(PY312)
    child = types.SimpleNamespace(stop=lambda: None, close=lambda: None, starts=1)
    monkeypatch.setattr(grade, "start_child", lambda *args: child)
    reason = "x: syntax error: syntax error in cs231n/layers.py line 6: f-string: expecting '}'"
    monkeypatch.setattr(grade, "judge_check", lambda *args: (grade.FAILED, reason))
    check = types.SimpleNamespace(
        part="FC", name="relu_forward", points=1.0, covers=("relu_forward",), sandbox="full"
    )
    workspace = types.SimpleNamespace(files={})
    monkeypatch.setattr(grade, "with_version_hint", _hint_at(grade.with_version_hint, (3, 11, 7)))
    result = grade.grade_submission("alice", tmp_path / "alice", [check], workspace)
    (checked,) = result.results
    assert checked.message.startswith(reason + "\nhint: the grader runs Python 3.11.7")


def _hint_at(function, version):
    return lambda message, files: function(message, files, version)


# ---------------------------------------------------------------------------------------------
# Row 28: archives of other kinds are named, not passed over
# ---------------------------------------------------------------------------------------------


def test_an_archive_that_is_not_a_zip_is_named_among_the_left_out(tmp_path, monkeypatch, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    layers = b"x = 1\n"
    with tarfile.open(subs / "bob.tar.gz", "w:gz") as archive:
        info = tarfile.TarInfo("cs231n/layers.py")
        info.size = len(layers)
        archive.addfile(info, io.BytesIO(layers))
    for name in ("ctrl.zip", "dave.ZIP", "erin"):  # erin: a zip the LMS saved without its name
        with zipfile.ZipFile(subs / name, "w") as archive:
            archive.writestr("cs231n/layers.py", layers)
    (subs / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0 not a student")
    (subs / "notes.txt").write_text("TA notes")
    skipped = []
    assert [name for name, _ in grader.submissions_in(subs, skipped=skipped)] == ["ctrl", "dave"]
    assert len(skipped) == 2
    assert skipped[0].startswith("bob.tar.gz: not a zip or a folder (a tar.gz archive)")
    assert skipped[1].startswith("erin: not a zip or a folder (a zip without the .zip name)")
    for name in ("ctrl.zip", "dave.ZIP", "erin"):
        (subs / name).unlink()
    monkeypatch.setattr(grader, "MASTER", tmp_path / "no-master")
    assert grader.main([str(subs), str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert "left out bob.tar.gz: not a zip or a folder" in error
    assert "no .zip file or folder" in error and "Traceback" not in error


# ---------------------------------------------------------------------------------------------
# Row 29: an earlier grading's output that staff changed is not removed
# ---------------------------------------------------------------------------------------------


def fake_grading(monkeypatch, score):
    """`grade_all` with everything but its bookkeeping of OUT replaced (no sandbox, no child)."""
    monkeypatch.setattr(sandbox, "release_tree", lambda master: {})
    monkeypatch.setattr(
        sandbox, "Workspace", lambda files, isolation: types.SimpleNamespace(remove=lambda: None)
    )
    monkeypatch.setattr(grade, "reference_checks", lambda seed: [])
    monkeypatch.setattr(preflight, "preflight", lambda *args: None)
    monkeypatch.setattr(report, "plot_histograms", lambda results, path: path.write_bytes(b"PNG"))

    def workers(entries, checks, workspace, limits, budget, jobs, on_result):
        for name, _ in entries:
            on_result(SubmissionResult(name, [CheckResult("FC", "f", "passed", score, 1.0, "")]))

    monkeypatch.setattr(grader, "run_workers", workers)


def test_a_rerun_refuses_to_remove_an_edited_grades_csv(tmp_path, monkeypatch):
    out = tmp_path / "out"
    isolation = types.SimpleNamespace(describe=lambda: "isolation: none (test)")
    run = [[("ann", tmp_path / "ann")], out]
    fake_grading(monkeypatch, 1.0)
    grader.grade_all(*run, progress=False, isolation=isolation)
    assert (out / grader.MANIFEST).is_file()
    fake_grading(monkeypatch, 0.0)
    grader.grade_all(*run, progress=False, isolation=isolation)  # unchanged: replaced
    assert "ann,0" in (out / "grades.csv").read_text()
    edited = (out / "grades.csv").read_text().replace("\n", ",late_penalty\n", 1)
    (out / "grades.csv").write_text(edited)
    with pytest.raises(FileExistsError, match=r"changed since the grader wrote it \(grades.csv:"):
        grader.grade_all(*run, progress=False, isolation=isolation)
    assert (out / "grades.csv").read_text() == edited  # kept, as the TA saved it
    results = out / "results" / "ann" / "results.json"
    (out / "grades.csv").unlink()  # the TA moved it out; a results.json edited too
    results.write_text(results.read_text().replace('"score": 0', '"score": 1'))
    with pytest.raises(FileExistsError, match="results/ann/results.json"):
        grader.prepare_output(out)
    os.remove(out / grader.MANIFEST)  # no manifest (a killed run, an older grader): as before
    os.close(grader.prepare_output(out))
    assert list(out.iterdir()) == []
