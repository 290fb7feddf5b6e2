"""Held-out round 2, careless course staff with the grader's command line: the output folder
given as the submissions folder, and a second run into the output folder of an earlier one."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_release import commit_all, master_copy  # noqa: F401 (a fixture)

from instructor.grader.__main__ import prepare_output, submissions_in, write_manifest

MASTER = Path(__file__).resolve().parent.parent


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "instructor.grader", *map(str, args)],
        cwd=MASTER,
        capture_output=True,
        text=True,
        timeout=120,
    )


def earlier_output(out, names):
    (out / "grades.csv").write_text("submission,score\n" + "".join(f"{n},1\n" for n in names))
    (out / "histogram.png").write_bytes(b"\x89PNG")
    for name in names:
        (out / "results" / name).mkdir(parents=True)
        (out / "results" / name / "results.json").write_text(json.dumps({"score": 1}))
    write_manifest(out)  # as the grader leaves it (without one it is refused: round 11 row 18)


def test_out_as_the_submissions_folder_is_refused_before_grading(tmp_path):
    zips = tmp_path / "zips"
    zips.mkdir()
    (zips / "alice.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    done = run_cli(zips, zips)
    assert done.returncode == 2
    assert "OUT must not be the submissions folder" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in zips.iterdir()) == ["alice.zip"]  # nothing written there


def test_a_second_run_leaves_no_result_of_the_first(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    earlier_output(out, ["alice", "withdrawn"])
    prepare_output(out)
    assert list(out.iterdir()) == []  # withdrawn's old results.json would have stayed


@pytest.mark.parametrize("other", ["alice.zip", "notes.txt", "bob"])
def test_an_output_folder_holding_anything_else_is_refused(tmp_path, other):
    out = tmp_path / "course"
    out.mkdir()
    earlier_output(out, ["alice"])
    (out / other).write_text("not the grader's") if "." in other else (out / other).mkdir()
    with pytest.raises(FileExistsError, match="not an earlier grading's output"):
        prepare_output(out)
    assert (out / "results" / "alice" / "results.json").is_file()  # nothing removed


def test_the_cli_refuses_a_course_folder_as_out_in_one_line(tmp_path):
    zips, course = tmp_path / "zips", tmp_path / "course"
    zips.mkdir()
    course.mkdir()
    (zips / "alice.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (course / "syllabus.md").write_text("course notes")
    done = run_cli(zips, course)
    assert done.returncode == 1, done.stderr
    assert "not an earlier grading's output (syllabus.md)" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in course.iterdir()) == ["syllabus.md"]


def test_submissions_in_still_skips_an_output_folder_inside_it(tmp_path):
    zips = tmp_path / "zips"
    (zips / "out" / "results").mkdir(parents=True)
    (zips / "alice.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    assert [name for name, _ in submissions_in(zips, zips / "out")] == ["alice"]


def test_a_renamed_graded_function_stops_the_grader_in_one_line(master_copy, tmp_path):  # noqa: F811
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    layers = master / "cs231n" / "layers.py"
    layers.write_text(layers.read_text("utf-8").replace("def affine_forward(", "def affine_fwd("))
    commit_all(master)  # a master that renamed it (uncommitted, the grader would refuse first)
    zips = tmp_path / "zips"
    zips.mkdir()
    (zips / "alice.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    done = subprocess.run(
        [sys.executable, "-m", "instructor.grader", str(zips), str(tmp_path / "out")],
        cwd=master,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "grade-submissions: the release differs from its reviewed record" in done.stderr
    assert "affine_forward is missing" in done.stderr
    assert "Traceback" not in done.stderr


def test_checks_the_master_cannot_build_are_one_error(monkeypatch):
    from instructor.grader import cases
    from instructor.grader.grade import reference_checks

    def renamed(seed):
        raise AttributeError("module 'cs231n.layers' has no attribute 'affine_forward'")

    monkeypatch.setattr(cases, "build_checks", renamed)
    with pytest.raises(RuntimeError, match=r"cannot be built from the master \(AttributeError"):
        reference_checks(3)
