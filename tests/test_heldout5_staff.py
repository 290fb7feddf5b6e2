"""Held-out round 5 (docs/heldout_round5.md), a careless TA or instructor, and round 4's row 18:
the release's behavioural check of provided code (`instructor.provided_oracle`) called a
provided function with the graded inputs only, so a paraphrased graded answer behind a switch
the inputs never set (a required keyword-only argument, a mode string, a ``**options`` key)
shipped once its record digest was written by hand."""

import json
import os
import zipfile

import pytest
from heldout3_support import oracle_hits
from shared_builds import assemble_release
from test_release import MASTER

from cs231n import grading, layers
from cs231n.grading.core import run_check
from instructor import provided_oracle as ORACLE
from instructor import release, shipped
from instructor.autograder import __main__ as bundle
from instructor.grader import __main__ as grader

GRADIENT_CHECK = "cs231n/gradient_check.py"
SWITCHED = """

def _indices_switched(x, w=None, b=None, *, affine):
    if affine:
        return x.reshape(len(x), -1).dot(w) + b
    return np.ndindex(*np.shape(x))


def _indices_mode(x, w=None, b=None, mode="grid"):
    if mode == "dense":
        return x.reshape(len(x), -1).dot(w) + b
    return np.ndindex(*np.shape(x))


def _indices_options(x, w=None, b=None, **options):
    if options.get("layout"):
        return x.reshape(len(x), -1).dot(w) + b
    return np.ndindex(*np.shape(x))
"""


@pytest.fixture(scope="module")
def built():
    return assemble_release(MASTER)


def test_row_18_a_paraphrase_behind_a_switch_is_found(built):
    """Round 4 row 18 and two variants of it: each switch is tried, each paraphrase named."""
    files = dict(built.files)
    files[GRADIENT_CHECK] = files[GRADIENT_CHECK] + SWITCHED.encode("utf-8")
    assert oracle_hits(files) == [
        f"cs231n.gradient_check._indices_{name} reproduces affine_forward"
        for name in ("mode", "options", "switched")
    ]


def test_every_provided_module_is_imported_by_the_check(built):
    """Found with row 18: matplotlib's first import runs a process, which the check forbade
    before it imported the provided modules, so nothing in ``cs231n.plotting`` was checked.
    That the check imports every module of the master's release (``broken`` empty) is
    asserted by the one run of the check on it, in tests/test_heldout3_provided.py
    (`test_the_behavioural_check_finds_the_fast_layers_and_allows_only_them`: a module not
    imported stops the check before any hit is named)."""
    assert "cs231n.plotting" in ORACLE.provided_modules(built.files, shipped.STUDENT_FILES)


# Round 5, row 11: `python -m instructor.release ~/site --force` (the build had said to use
# --force) replaced a course website's folder with the release; --force now replaces only an
# earlier release (a folder holding release.json).
def test_force_never_replaces_a_folder_that_is_not_an_earlier_release(built, tmp_path):
    site = tmp_path / "site"
    (site / "lectures").mkdir(parents=True)
    (site / "index.html").write_text("course site")
    (site / "lectures" / "1.pdf").write_text("slides")
    with pytest.raises(FileExistsError, match="not an earlier release .* even with --force"):
        release.write_release(built, site, force=True)
    assert sorted(p.name for p in site.rglob("*")) == ["1.pdf", "index.html", "lectures"]
    assert not (tmp_path / "site.zip").exists()


def test_force_still_replaces_an_earlier_release_with_a_stale_file(built, tmp_path):
    earlier = tmp_path / "release"
    release.write_release(built, earlier, make_zip=False)
    (earlier / "cs231n" / "layers_solution.py").write_text("stale")
    with pytest.raises(FileExistsError, match="an earlier release.*use --force"):
        release.write_release(built, earlier, make_zip=False)
    release.write_release(built, earlier, force=True, make_zip=False)
    assert not (earlier / "cs231n" / "layers_solution.py").exists()
    assert (earlier / release.RELEASE_STAMP).is_file()


# Round 5, row 12: the bundle (which holds the reference solution) written into the student
# release folder, which is then published as it is.
def test_the_bundle_is_never_written_inside_a_release(built, tmp_path, capsys):
    published = tmp_path / "release"
    release.write_release(built, published, make_zip=False)
    for target in (published / "autograder.zip", published / "cs231n" / "autograder.zip"):
        assert bundle.main([str(target)]) == 2
        error = capsys.readouterr().err
        assert "inside the student release" in error and error.count("\n") == 1
        assert not target.exists()


# Round 5, row 13: a reference bug the local checks did not see (relu_backward's `x >= 0`, after
# `--record` as the refusal suggested) went into the bundle, and every honest student lost
# relu_backward on the hidden grader's large input, which holds exact zeros.
def test_the_local_relu_check_sees_a_gradient_through_zero(monkeypatch):
    check = next(c for c in grading.all_checks() if c.name == "relu_backward")
    assert run_check(check).status == grading.PASSED
    monkeypatch.setattr(layers, "relu_backward", lambda dout, cache: dout * (cache >= 0))
    result = run_check(check)
    assert result.status == grading.FAILED
    assert result.hints == [
        "dx is not 0 where x is exactly 0: the gradient flows only where the input was "
        "positive (x > 0, not x >= 0)"
    ]


def test_the_bundle_is_not_written_from_a_reference_that_fails_its_checks(
    tmp_path, monkeypatch, capsys
):
    def broken(seed):
        raise RuntimeError("the master fails its own local checks (relu_backward): ...")

    monkeypatch.setattr(bundle, "reference_checks", broken)
    target = tmp_path / "autograder.zip"
    assert bundle.main([str(target)]) == 1
    error = capsys.readouterr().err
    assert "fails its own local checks (relu_backward)" in error and error.count("\n") == 1
    assert not target.exists() and list(tmp_path.iterdir()) == []


# Round 5, row 14: `--budget 3` (a re-grade made "faster") gave the master 28/34, silently.
def test_the_grader_refuses_a_budget_shorter_than_honest_code_needs(tmp_path, capsys):
    (tmp_path / "submissions" / "alice").mkdir(parents=True)
    out = tmp_path / "out"
    assert grader.main([str(tmp_path / "submissions"), str(out), "--budget", "3"]) == 2
    error = capsys.readouterr().err
    assert "--budget 3 is shorter than the 120 s" in error and error.count("\n") == 1
    assert not out.exists()


# Round 5, row 10: two grading runs into one OUT at the same time both wrote there (the second
# removed the first's results while it ran); the second is now refused while the first runs.
def test_a_second_run_into_the_same_output_is_refused_while_the_first_runs(tmp_path):
    out = tmp_path / "out"
    lock = grader.prepare_output(out)
    try:
        (out / "grades.csv").write_text("first run")
        with pytest.raises(FileExistsError, match="being written by another grading run"):
            grader.prepare_output(out)
        assert (out / "grades.csv").read_text() == "first run"
    finally:
        os.close(lock)
    grader.write_manifest(out)  # the first run ended (round 11 row 18: no manifest, refused)
    os.close(grader.prepare_output(out))  # once the first has ended, OUT is taken again
    assert list(out.iterdir()) == []


# Round 5, row 18: the release's zip (OUTDIR.zip) replaced the TA's own course.zip.
def test_the_release_zip_never_replaces_another_archive(built, tmp_path):
    course = tmp_path / "course.zip"
    with zipfile.ZipFile(course, "w") as archive:
        archive.writestr("notes.txt", "last term")
    before = course.read_bytes()
    with pytest.raises(FileExistsError, match="not an earlier release's zip"):
        release.write_release(built, tmp_path / "course", force=True)
    assert course.read_bytes() == before and not (tmp_path / "course").exists()
    release.write_release(built, tmp_path / "release")
    release.write_release(built, tmp_path / "release")  # an earlier release's zip is replaced
    with zipfile.ZipFile(tmp_path / "release.zip") as archive:
        assert f"release/{release.RELEASE_STAMP}" in archive.namelist()


def test_the_gradescope_run_refuses_a_budget_or_wall_under_what_honest_code_needs(tmp_path):
    from instructor.autograder import run as gradescope

    for option in (["--budget", "3"], ["--wall", "1"]):
        results = tmp_path / "results.json"
        assert gradescope.main([str(tmp_path), str(results), *option]) == 1
        output = json.loads(results.read_text())
        assert output["score"] == 0 and "misconfigured (not your fault)" in output["output"]
