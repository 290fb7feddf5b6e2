"""Held-out round 2, rows 30 and 36 (docs/heldout_round2.md), each written as the attack first.

Row 36, a careless TA: the reviewed release record edited by hand so that a graded function
keeps its stub but holds a solution line above it, with the same line added in the master
outside the markers, both committed. The record and the release agree, and a line that the
record's text holds used to count as provided code, so the solution line shipped.
"""

import shutil

import pytest
from shared_builds import assemble_release
from test_release import LAYERS_PY, git, master_copy  # noqa: F401 (master_copy: a fixture)

from instructor import release

SOLUTION_LINE = "out = x.reshape(x.shape[0], -1) @ w + b"  # affine_forward's own solution


def _with_line_above(text, function, anchor):
    """``text`` with SOLUTION_LINE put just above ``anchor`` inside ``function``."""
    head, body = text.split(f"def {function}(", 1)
    body, tail = body.split("\ndef ", 1)
    assert anchor in body
    body = body.replace(anchor, f"    {SOLUTION_LINE}\n{anchor}", 1)
    return f"{head}def {function}({body}\ndef {tail}"


def _record(master):
    return master / "instructor/release_record/stubs" / (LAYERS_PY + ".txt")


def _hand_edit(master):
    """The attack of row 36: master and record both carry the solution line, committed."""
    layers = master / LAYERS_PY
    assert SOLUTION_LINE in layers.read_text("utf-8")  # inside the markers, as recorded
    layers.write_text(
        _with_line_above(layers.read_text("utf-8"), "affine_forward", "    # BEGIN SOLUTION\n"),
        "utf-8",
    )
    record = _record(master)
    stub_begin = f"    {release.STUB_BEGIN}\n"
    record.write_text(
        _with_line_above(record.read_text("utf-8"), "affine_forward", stub_begin), "utf-8"
    )
    git(master, "commit", "-qam", "hand-edited record: a line above the stub")


def test_a_solution_line_added_by_hand_above_a_kept_stub_does_not_ship(
    master_copy,  # noqa: F811
    tmp_path,
):
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    _hand_edit(master)
    out = tmp_path / "out" / "release"
    with pytest.raises(release.LeakError, match=r"cs231n/layers.py: solution line 'out = x"):
        release.build_release(master, out)
    assert not out.exists() and not out.with_suffix(".zip").exists()
    assert release.main([str(out), "--master", str(master)]) == 1  # one line, no traceback


def test_the_same_edit_uncommitted_does_not_ship_either(master_copy, tmp_path):  # noqa: F811
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    _hand_edit(master)
    git(master, "reset", "-q", "--soft", "HEAD~1")
    with pytest.raises(release.LeakError, match="solution line 'out = x"):
        release.assemble_release(master)


def test_recording_the_same_line_without_confirmation_is_refused(
    master_copy,  # noqa: F811
    tmp_path,
    capsys,
):
    """Through the documented workflow (--record) the line needs --ships-code affine_forward;
    without it nothing is recorded."""
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    layers = master / LAYERS_PY
    layers.write_text(
        _with_line_above(layers.read_text("utf-8"), "affine_forward", "    # BEGIN SOLUTION\n"),
        "utf-8",
    )
    before = _record(master).read_text("utf-8")
    assert release.main(["--record", "--master", str(master)]) == 1
    assert "--ships-code affine_forward" in capsys.readouterr().err
    assert _record(master).read_text("utf-8") == before


def test_a_confirmed_line_ships_and_stays_confirmed_only_as_recorded(
    master_copy,  # noqa: F811
    tmp_path,
):
    """--ships-code affine_forward is a recorded decision: the build then ships the line, and a
    later hand edit of that function's recorded text is no longer covered by it."""
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    layers = master / LAYERS_PY
    layers.write_text(
        _with_line_above(layers.read_text("utf-8"), "affine_forward", "    # BEGIN SOLUTION\n"),
        "utf-8",
    )
    assert (
        release.main(["--record", "--master", str(master), "--ships-code", "affine_forward"]) == 0
    )
    built = release.assemble_release(master)
    assert built.files[LAYERS_PY].decode("utf-8").count(SOLUTION_LINE) == 1
    git(master, "add", "-A")
    git(master, "commit", "-qm", "recorded with --ships-code affine_forward")
    # A second solution line added by hand to master and record, in the confirmed function.
    second = "dx = (dout @ w.T).reshape(x.shape)"
    for path in (layers, _record(master)):
        text = path.read_text("utf-8")
        anchor = f"    {SOLUTION_LINE}\n"  # the first: the confirmed one, above the stub
        head, body = text.split("def affine_forward(", 1)
        body = body.replace(anchor, f"    {second}\n{anchor}", 1)
        path.write_text(f"{head}def affine_forward({body}", "utf-8")
    git(master, "commit", "-qam", "hand edit")
    with pytest.raises(release.LeakError, match="solution line"):
        release.assemble_release(master)


def test_the_master_builds_and_keeps_its_provided_lines_in_graded_functions():
    """The 15 provided lines of graded functions that are also solution lines elsewhere (e.g.
    ``stride, pad = conv_param[...]``) were in the earliest committed record of their function,
    so the master still builds with no leak found."""
    from pathlib import Path

    master = Path(__file__).resolve().parent.parent
    built = release.assemble_release(master)
    layers = built.files[LAYERS_PY].decode("utf-8")
    assert "conv_param" in layers and built.significant_lines


# --------------------------------------------------------------------------------------------
# Row 30, a careless TA: grading with a stale bundle (built from another master than the
# students' release). Submissions carried no release version, so nothing could tell.
# --------------------------------------------------------------------------------------------

import json  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

from cs231n import submit  # noqa: E402
from instructor.grader import intake, report  # noqa: E402
from instructor.grader.grade import CheckResult, SubmissionResult  # noqa: E402

MASTER = Path(__file__).resolve().parent.parent
STAMP_FILES = intake.GRADED_FILES + (intake.RELEASE_STAMP,)


@pytest.fixture(scope="module")
def built():
    return assemble_release(MASTER)


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _stamp(digest):
    return json.dumps({"release_sha256": digest}).encode("ascii")


def test_the_release_carries_its_identity_and_the_master_none(built, tmp_path):
    stamp = json.loads(built.files[release.RELEASE_STAMP])
    assert stamp == {"release_sha256": release.release_digest(built.files)}
    # The grader's sandboxes start from the release's cs231n/ files: the same digest.
    package = {k: v for k, v in built.files.items() if k.startswith("cs231n/")}
    assert release.release_digest(package) == stamp["release_sha256"]
    changed = dict(package, **{"cs231n/solver.py": package["cs231n/solver.py"] + b"\n"})
    assert release.release_digest(changed) != stamp["release_sha256"]
    assert not (MASTER / release.RELEASE_STAMP).exists()
    # make submit copies it from a release folder, and writes none from the master.
    folder = tmp_path / "student"
    (folder / "cs231n").mkdir(parents=True)
    (folder / "release.json").write_bytes(built.files[release.RELEASE_STAMP])
    files, _ = submit.collect(folder)
    assert json.loads(files["release.json"]) == stamp
    assert "release.json" not in submit.collect(MASTER)[0]


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"{", "not the release's stamp"),
        (b'{"release_sha256": "' + b"Z" * 64 + b'"}', "not the release's stamp"),
        (b"[" * 3000 + b"]" * 1000, "not the release's stamp"),
        (b" " * 5000, "larger than"),
    ],
)
def test_submit_leaves_a_bad_stamp_out_in_one_line(tmp_path, content, problem):
    (tmp_path / "release.json").write_bytes(content)
    stamp, said = submit.release_stamp(tmp_path)
    assert stamp is None and problem in said and "\n" not in said


def _graded(tmp_path, members, expected):
    submission = intake.read_submission(_zip(tmp_path / "s.zip", members), STAMP_FILES)
    warning = intake.stamp_warning(submission, expected)
    assert intake.RELEASE_STAMP not in submission.files  # never handed to the sandbox
    assert intake.RELEASE_STAMP not in submission.problems  # never a reason a check fails
    return warning


def test_a_stale_bundle_is_a_warning_per_submission_never_a_zero(tmp_path):
    ours, theirs = "a" * 64, "b" * 64
    layers = {"cs231n/layers.py": b"x = 1\n"}
    assert _graded(tmp_path, {**layers, "release.json": _stamp(ours)}, ours) == ""
    assert _graded(tmp_path, layers, ours) == ""  # an older submit tool, a zip made by hand
    warning = _graded(tmp_path, {**layers, "sub/release.json": _stamp(theirs)}, ours)
    assert warning.startswith("WARNING: the submission's release.json")
    assert "made from release bbbbbbbbbbbb" in warning
    assert "aaaaaaaaaaaa" in warning and "stale" in warning
    # In the student's results.json and the staff's grades.csv; the score is untouched.
    result = SubmissionResult(
        "alice", [CheckResult("FC", "affine_forward", "passed", 1.0, 1.0, "")], warning=warning
    )
    written = report.results_json(result)
    assert written["output"].splitlines()[0] == warning and written["score"] == 1.0
    report.write_grades([result], tmp_path / "grades.csv")
    rows = (tmp_path / "grades.csv").read_text("utf-8").splitlines()
    assert rows[0].endswith(",error,warning") and rows[1].startswith("alice,1,1,")
    assert rows[1].endswith(f'"{warning}"')  # quoted: it holds commas


@pytest.mark.parametrize(
    "content",
    [b"{", b"\xff\xfe", b'{"release_sha256": 3}', b"[" * 3000, b'"x"', b" " * 5000],
)
def test_a_malformed_or_huge_stamp_is_one_line_never_a_traceback(tmp_path, content):
    warning = _graded(tmp_path, {"cs231n/layers.py": b"", "release.json": content}, "a" * 64)
    assert warning.startswith("release stamp ignored:") and "\n" not in warning


def test_the_grader_warns_on_a_stale_stamp_and_not_on_its_own(built, tmp_path):
    """End to end through `grade_submission` (the CLI's and the Gradescope path's one function),
    in the real sandbox: the release's own stamp gives no warning, another one a warning, and
    the scores are the same."""
    from sandbox_support import isolation_or_skip
    from shared_builds import build_checks, release_tree

    from instructor.grader.grade import grade_submission
    from instructor.grader.sandbox import Workspace

    workspace = Workspace(release_tree(MASTER), isolation_or_skip())
    checks = build_checks(seed=5)
    try:
        graded = {}
        for name, stamp in (
            ("current", built.files[release.RELEASE_STAMP]),
            ("stale", _stamp("0" * 64)),
        ):
            folder = tmp_path / name
            for relpath in intake.GRADED_FILES:  # the release's stubs, as handed in
                (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
                (folder / relpath).write_bytes(built.files[relpath])
            (folder / "release.json").write_bytes(stamp)
            graded[name] = grade_submission(name, folder, checks, workspace)
    finally:
        workspace.remove()
    assert graded["current"].warning == ""
    assert "made from release 000000000000" in graded["stale"].warning
    assert graded["stale"].score == graded["current"].score == 0  # stubs: no point either way
    assert [r.status for r in graded["stale"].results] == [
        r.status for r in graded["current"].results
    ]
    output = report.results_json(graded["stale"])["output"]
    assert output.splitlines()[0] == graded["stale"].warning
