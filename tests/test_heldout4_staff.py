"""Held-out round 4 (docs/heldout_round4.md), a careless TA: a wrong folder given to the release,
the autograder bundle or the grader must be refused in one line, before anything is deleted,
overwritten or graded."""

import shutil
import subprocess
import sys

import pytest
from test_release import MASTER, commit_all, git, master_copy  # noqa: F401 (a fixture)

from instructor import release
from instructor import release_record as RECORD_MODULE
from instructor.autograder import __main__ as bundle
from instructor.grader import __main__ as grader


def _snapshot(root):
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}


@pytest.mark.parametrize("where", [".", "..", "cs231n"])
def test_the_release_never_replaces_the_master(master_copy, capsys, where):  # noqa: F811
    """`python -m instructor.release . --force` from the master replaced the master (its .git,
    instructor tools and solutions) with the release."""
    before = _snapshot(master_copy / "cs231n")
    outdir = master_copy / where
    assert release.main([str(outdir), "--master", str(master_copy), "--force"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "would delete" in error and "Traceback" not in error
    assert (master_copy / ".git").is_dir() and _snapshot(master_copy / "cs231n") == before


def test_an_untracked_folder_of_the_master_is_still_a_release_folder(master_copy, tmp_path):  # noqa: F811
    release.check_outdir(master_copy, master_copy / "release")  # `make release`: no error


@pytest.mark.parametrize(
    "out, why",
    [
        (".", "does not end in .zip"),
        ("cs231n/layers.py", "does not end in .zip"),
        ("missing/autograder.zip", "does not exist"),
    ],
)
def test_the_autograder_bundle_refuses_a_wrong_target(tmp_path, monkeypatch, capsys, out, why):
    """`python -m instructor.autograder cs231n/layers.py` overwrote the master's solved layers
    with the bundle; a folder or a missing folder gave a traceback."""
    monkeypatch.chdir(MASTER)
    before = (MASTER / "cs231n/layers.py").read_bytes()
    assert bundle.main([out]) == 2
    error = capsys.readouterr().err
    assert why in error and error.count("\n") == 1
    assert (MASTER / "cs231n/layers.py").read_bytes() == before


def test_the_autograder_bundle_refuses_a_tracked_zip(master_copy):  # noqa: F811
    (master_copy / "kept.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    git(master_copy, "add", "kept.zip")
    problem = bundle.out_problem(master_copy / "kept.zip", master=master_copy)
    assert "git tracks" in problem
    assert bundle.out_problem(master_copy / "autograder.zip", master=master_copy) is None


@pytest.mark.parametrize("where", [".", "cs231n", ".."])
def test_the_grader_refuses_the_master_as_submissions(tmp_path, where):
    """`python -m instructor.grader . OUT` from the master graded its nine folders as students
    (cs231n, with the reference solution, at 28/34 in a short budget)."""
    run = subprocess.run(
        [sys.executable, "-m", "instructor.grader", where, str(tmp_path / "out")],
        cwd=MASTER,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert "not a folder of submissions" in run.stderr or "not submissions" in run.stderr
    assert run.stderr.count("\n") == 1 and not (tmp_path / "out").exists()


def test_a_folder_of_submissions_beside_the_master_is_graded(tmp_path):
    assert grader.master_folder_problem(tmp_path) is None


# Open item (c) of round 3: a provided record edited by hand. Writing the exact digest of new
# code is a deliberate bypass, the same record as `--record --ships-code NAME` confirmed without
# reading (the behavioural check of provided code is the backstop for both). The accidents that
# edit a record are refused in one line: a merge conflict left in it, a unit twice (both sides
# kept), a digest cut short or copied with a typo.
RECORD = "instructor/release_record/provided/cs231n/gradient_check.py.txt"
RECORD_ERROR = RECORD_MODULE.RecordError


def _edited_record(master, change):
    path = master / RECORD
    original = path.read_text("utf-8")
    path.write_text(change(original.splitlines(keepends=True)), "utf-8")
    return original


@pytest.mark.parametrize(
    "change, what",
    [
        (
            lambda ls: "".join(
                ls[:1]
                + ["<<<<<<< HEAD\n"]
                + ls[1:2]
                + ["=======\n"]
                + [ls[1].split()[0] + " " + "0" * 32 + "\n", ">>>>>>> t\n"]
                + ls[2:]
            ),
            "is not a record line",
        ),
        (lambda ls: "".join(ls + [ls[1].split()[0] + " " + "0" * 32 + "\n"]), "names a unit twice"),
        (lambda ls: "".join(ls[:1] + [ls[1][:-5] + "\n"] + ls[2:]), "is not a record line"),
    ],
    ids=["conflict-markers", "both-sides-kept", "digest-cut-short"],
)
def test_a_provided_record_edited_by_hand_is_refused(master_copy, change, what):  # noqa: F811
    original = _edited_record(master_copy, change)
    try:
        with pytest.raises(RECORD_ERROR) as error:
            RECORD_MODULE.read_provided(master_copy, "cs231n/gradient_check.py")
        message = str(error.value)
        assert what in message and RECORD in message and "--record" in message
        assert "\n" not in message
    finally:
        (master_copy / RECORD).write_text(original, "utf-8")


def test_the_build_stops_at_a_conflict_left_in_a_provided_record(master_copy, capsys):  # noqa: F811
    original = _edited_record(master_copy, lambda ls: "".join(ls[:1] + ["<<<<<<< HEAD\n"] + ls[1:]))
    try:
        out = master_copy.parent / "release"
        assert release.main([str(out), "--master", str(master_copy)]) == 1
        error = capsys.readouterr().err
        assert "is not a record line (a merge conflict" in error and not out.exists()
    finally:
        (master_copy / RECORD).write_text(original, "utf-8")


def test_a_first_record_of_provided_code_needs_first_record(master_copy, tmp_path, capsys):  # noqa: F811
    """A new term's repository started afresh from a copy of the master without its record
    (`rm -rf .git instructor/release_record/provided`, `git init`): `--record` took every
    provided definition as reviewed, silently, a paraphrased reference among them."""
    master = tmp_path / "new-term"
    shutil.copytree(master_copy, master, ignore=shutil.ignore_patterns(".git"))
    shutil.rmtree(master / "instructor/release_record/provided")
    commit_all(master)
    record = master / "instructor/release_record"
    before = {p: p.read_bytes() for p in record.rglob("*") if p.is_file()}
    assert release.main(["--record", "--master", str(master)]) == 1
    error = capsys.readouterr().err
    assert "no commit of this master holds a record of provided code" in error
    assert "--record --first-record" in error and "Traceback" not in error
    assert {p: p.read_bytes() for p in record.rglob("*") if p.is_file()} == before
    assert release.main(["--record", "--master", str(master), "--first-record"]) == 0
    assert (record / "provided/cs231n/gradient_check.py.txt").is_file()


def test_the_grader_refuses_a_wall_time_shorter_than_the_large_checks_need(tmp_path, capsys):
    """`--wall 0.25` (a re-grade made "faster") gave the master's own solutions 0/34, with
    nothing but "graded 1 submissions" on the command line."""
    (tmp_path / "submissions" / "honest").mkdir(parents=True)
    out = tmp_path / "out"
    assert grader.main([str(tmp_path / "submissions"), str(out), "--wall", "0.25"]) == 2
    error = capsys.readouterr().err
    assert "--wall 0.25 is shorter than the 15 s" in error and error.count("\n") == 1
    assert not out.exists()
