"""Held-out round 11 (docs/heldout_round11.md), the hidden grader's holes fixed in the next
session: row 17, a grading run stopped with Ctrl-C left a grades.csv of 2 of 7 students (and its
manifest) that said nothing of the 5 missing; row 18, a regrade into a copy of OUT made with
``cp -r OUT/* shared/`` (the glob leaves ``.grader-output.json`` behind) removed the TA's edited
grades.csv without a word."""

import os
import shutil
import types

import pytest
from test_heldout10_grader import fake_grading

import instructor.grader.__main__ as grader
from instructor.grader.grade import CheckResult, SubmissionResult

ISOLATION = types.SimpleNamespace(describe=lambda: "isolation: none (test)")


def test_an_interrupted_run_writes_partial_grades_naming_who_is_missing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    entries = [(name, tmp_path / name) for name in ("ann", "bob", "cy")]
    fake_grading(monkeypatch, 1.0)

    def stopped_after_one(entries, checks, workspace, limits, budget, jobs, on_result):
        on_result(SubmissionResult("ann", [CheckResult("FC", "f", "passed", 1.0, 1.0, "")]))
        raise grader.Interrupted("SIGINT")  # Ctrl-C while bob and cy are graded

    monkeypatch.setattr(grader, "run_workers", stopped_after_one)
    with pytest.raises(grader.Interrupted):
        grader.grade_all(entries, out, progress=False, isolation=ISOLATION)
    assert not (out / "grades.csv").exists() and not (out / "histogram.png").exists()
    assert (out / "grades.partial.csv").read_text().splitlines()[1].startswith("ann,1,1,")
    assert (out / "INTERRUPTED.txt").read_text() == (
        "grading stopped by SIGINT after 1 of 3 submissions: grades.partial.csv holds those 1; "
        "these 2 were not graded (run the same command again to grade everyone):\nbob\ncy\n"
    )
    assert sorted(grader.changed_output(out)) == []  # recorded in the manifest, as written
    fake_grading(monkeypatch, 1.0)  # the same command again: everyone, no partial file left
    grader.grade_all(entries, out, progress=False, isolation=ISOLATION)
    assert sorted(os.listdir(out)) == [
        grader.MANIFEST,
        "grades.csv",
        "histogram.png",
        "results",
    ]
    assert len((out / "grades.csv").read_text().splitlines()) == 4


def test_grades_without_the_manifest_are_never_removed(tmp_path, monkeypatch):
    out, shared = tmp_path / "out", tmp_path / "shared"
    fake_grading(monkeypatch, 1.0)
    grader.grade_all([("ann", tmp_path / "ann")], out, progress=False, isolation=ISOLATION)
    shared.mkdir()
    for path in out.iterdir():  # cp -r OUT/* shared/: the glob leaves the dotfile manifest
        if not path.name.startswith("."):
            copy = shutil.copytree if path.is_dir() else shutil.copy2
            copy(path, shared / path.name)
    edited = (shared / "grades.csv").read_text().replace("\n", ",late_penalty\n", 1)
    (shared / "grades.csv").write_text(edited)
    with pytest.raises(FileExistsError) as refused:
        grader.grade_all([("bob", tmp_path / "bob")], shared, progress=False, isolation=ISOLATION)
    message = str(refused.value)
    assert "\n" not in message
    assert message == (
        f"{shared} holds a grades.csv but no {grader.MANIFEST} (the grader's record of what it "
        "wrote; a copy made with cp -r OUT/* leaves it behind), so whether staff changed it "
        "cannot be told, and this run would replace it; copy what you want to keep out of that "
        "folder and remove it there, or give another folder for the results"
    )
    assert (shared / "grades.csv").read_text() == edited
    assert (shared / "results" / "ann" / "results.json").is_file()
    # a run killed before it wrote any grades (results/ only, no manifest) is removed as before
    (shared / "grades.csv").unlink()
    (shared / "histogram.png").unlink()
    os.close(grader.prepare_output(shared))
    assert list(shared.iterdir()) == []
