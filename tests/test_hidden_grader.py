"""The hidden grader (instructor/grader) on a corpus built from the master: the solution scores
full marks, stubs score 0, a half-finished submission its exact share, and every way of gaming the
grader scores 0 on the gamed functions and full marks elsewhere."""

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sandbox_support import isolation_or_skip
from shared_builds import assemble_release, build_checks, release_tree

from cs231n import layers
from cs231n.grading.core import FAILED, NOT_IMPLEMENTED, PASSED, CheckFailed
from cs231n.grading.isolation import Limits
from instructor.grader.__main__ import grade_all, submissions_in
from instructor.grader.corpus import GAMED_CHECKS, HALF_FINISHED_PASSES, build_corpus
from instructor.grader.grade import grade_submission
from instructor.grader.report import results_json
from instructor.grader.sandbox import Workspace
from instructor.release import master_files

MASTER = Path(__file__).resolve().parent.parent
LIMITS = Limits(wall=3.0, cpu=60.0, memory_mb=2048)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    private = tmp_path_factory.mktemp("private")  # pytest's temp folders are 0700
    stolen = private / "layers.py"
    shutil.copy(MASTER / "cs231n" / "layers.py", stolen)
    release = assemble_release(MASTER)
    corpus = build_corpus(MASTER, folder, release.files, stolen_path=stolen)
    workspace = Workspace(release_tree(MASTER), isolation_or_skip())
    yield {
        "checks": build_checks(seed=5),
        "corpus": corpus,
        "workspace": workspace,
        "stolen": stolen,
    }
    workspace.remove()


def grade(setup, variant):
    result = grade_submission(
        variant, setup["corpus"][variant], setup["checks"], setup["workspace"], limits=LIMITS
    )
    return {r.name: r for r in result.results}, result


def test_master_scores_full_marks(setup):
    results, submission = grade(setup, "master")
    failed = {name: r.message for name, r in results.items() if r.status != PASSED}
    assert failed == {}
    assert submission.score == submission.max_score == 34


def test_release_stubs_score_zero_not_implemented(setup):
    results, submission = grade(setup, "stubs")
    assert submission.score == 0
    assert {r.status for r in results.values()} == {NOT_IMPLEMENTED}
    assert all("NotImplementedError" in r.message for r in results.values())


def test_half_finished_gets_exactly_its_share(setup):
    results, submission = grade(setup, "half_finished")
    passed = {name for name, r in results.items() if r.status == PASSED}
    assert passed == HALF_FINISHED_PASSES
    assert submission.score == len(HALF_FINISHED_PASSES) == 16


@pytest.mark.parametrize("variant", sorted(GAMED_CHECKS))
def test_gamed_variant_scores_zero_there_and_full_elsewhere(setup, variant):
    results, _ = grade(setup, variant)
    zero = {name for name, r in results.items() if r.score == 0}
    assert zero == GAMED_CHECKS[variant], {n: results[n].message for n in zero}
    expected_reason = {
        "os_exit": "exited with code 0",
        "infinite_loop": "timed out after 3 s",
        "system_exit": "SystemExit",
    }
    for name in GAMED_CHECKS[variant]:
        assert expected_reason.get(variant, "") in results[name].message


@pytest.mark.parametrize(
    "where, old, new",
    [
        (
            "the scores",
            "        loss, dout = softmax_loss(scores, y)\n",
            "        if self.use_dropout:\n"
            "            scores, scores_cache_d = dropout_forward(scores, self.dropout_param)\n"
            "        loss, dout = softmax_loss(scores, y)\n"
            "        if self.use_dropout:\n"
            "            dout = dropout_backward(dout, scores_cache_d)\n",
        ),
        (
            "the input X",
            "        hidden = X\n",
            "        if self.use_dropout:\n"
            "            hidden, _ = dropout_forward(X, self.dropout_param)\n"
            "        else:\n"
            "            hidden = X\n",
        ),
    ],
)
def test_the_child_records_where_dropout_goes(setup, tmp_path, where, old, new):
    """Dropout on the scores or the input too, the same in both passes: only where the sandboxed
    child saw dropout_forward called tells it (the master passes: test_master_scores_full_marks)."""
    folder = tmp_path / "submission"
    shutil.copytree(setup["corpus"]["master"], folder)
    path = folder / "cs231n" / "classifiers" / "fc_net.py"
    text = path.read_text()
    assert text.count(old) == 1
    path.write_text(text.replace(old, new))
    checks = [c for c in setup["checks"] if c.name == "FullyConnectedNet.loss[dropout]"]
    [result] = grade_submission("d", folder, checks, setup["workspace"], limits=LIMITS).results
    assert result.status == FAILED, result.message
    assert f"hint: dropout is applied to {where}" in result.message


@pytest.mark.parametrize(
    "rule, old, new, what",
    [
        ("sgd_momentum", "    next_w = w + v\n", "    w += v\n    next_w = w\n", "w"),
        (
            "adam",
            '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n',
            '    dw *= 1 - beta1\n    config["m"] = beta1 * config["m"] + dw\n',
            "dw",
        ),
    ],
)
def test_an_update_rule_changing_its_inputs_in_place_fails(setup, tmp_path, rule, old, new, what):
    """Right next_w and config, but the caller's w or dw changed: the sandboxed child watches the
    graded update rules' array inputs (config's arrays may be updated in place)."""
    folder = tmp_path / "submission"
    shutil.copytree(setup["corpus"]["master"], folder)
    path = folder / "cs231n" / "optim.py"
    text = path.read_text()
    assert text.count(old) == 1
    path.write_text(text.replace(old, new))
    checks = [c for c in setup["checks"] if c.name == rule]
    [result] = grade_submission("o", folder, checks, setup["workspace"], limits=LIMITS).results
    assert result.status == FAILED, result.message
    assert f"hint: {rule} changed its input {what} in place" in result.message


def test_student_code_cannot_read_a_copy_of_the_reference(setup):
    assert os.access(setup["stolen"], os.R_OK)  # the copy exists and this process reads it
    results, _ = grade(setup, "read_reference")
    assert results["layernorm_forward"].score == 0
    assert "FileNotFoundError" in results["layernorm_forward"].message  # not even visible
    failed = [r for r in results.values() if r.score == 0]  # it and what calls it (layernorm)
    assert all("FileNotFoundError" in r.message for r in failed), [r.message for r in failed]


def test_results_json_has_gradescopes_fields(setup):
    _, submission = grade(setup, "half_finished")
    data = json.loads(json.dumps(results_json(submission)))
    assert set(data) >= {"score", "tests", "output", "visibility", "execution_time"}
    assert data["score"] == sum(t["score"] for t in data["tests"]) == 16
    visibilities = {"hidden", "after_due_date", "after_published", "visible"}
    assert data["visibility"] in visibilities and data["stdout_visibility"] in visibilities
    for test in data["tests"]:
        assert {"name", "score", "max_score", "output", "visibility", "status"} <= set(test)
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed") and test["visibility"] in visibilities


def test_grade_all_writes_results_csv_and_histogram(setup, tmp_path):
    private_master = tmp_path / "master"  # tmp_path is 0700: a child cannot read the copy
    folder = tmp_path / "submissions"
    folder.mkdir()
    for variant in ("master", "stubs"):
        shutil.copytree(setup["corpus"][variant], folder / variant)
    with zipfile.ZipFile(folder / "zipped.zip", "w") as archive:
        for path in Path(setup["corpus"]["half_finished"]).rglob("*.py"):
            archive.write(path, f"submission/{path.relative_to(setup['corpus']['half_finished'])}")
    for relpath in master_files(MASTER):
        (private_master / relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(MASTER / relpath, private_master / relpath)
    git = ["git", "-C", str(private_master), "-c", "user.name=t", "-c", "user.email=t@localhost"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "copy"]):
        subprocess.run(git + command, check=True, capture_output=True)
    out = tmp_path / "out"
    results = grade_all(
        submissions_in(folder),
        out,
        jobs=2,
        seed=3,
        limits=LIMITS,
        master=private_master,
        progress=False,
    )
    scores = {r.name: r.score for r in results}
    assert scores == {"master": 34, "stubs": 0, "zipped": 16}
    rows = list(csv.DictReader(open(out / "grades.csv")))
    assert [row["submission"] for row in rows] == ["master", "stubs", "zipped"]
    assert rows[2]["Dropout"] == "3" and rows[2]["FullyConnectedNets: affine_forward"] == "1"
    assert rows[2]["FullyConnectedNets"] == "11" and rows[2]["ConvolutionalNetworks"] == "0"
    for name in scores:
        results = json.loads((out / "results" / name / "results.json").read_text())
        assert results["score"] == scores[name]
    assert (out / "histogram.png").stat().st_size > 1000


def test_autograder_bundle_in_a_simulated_gradescope_layout(setup, tmp_path):
    bundle = tmp_path / "autograder.zip"
    built = subprocess.run(
        [sys.executable, "-m", "instructor.autograder", str(bundle)],
        cwd=MASTER,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert "setup.sh" in names and "run_autograder" in names
        # never the master's notebooks (their written answers) nor the release's templates
        assert not [n for n in names if n.startswith(("notebooks/", "release_files/"))]
        assert not [n for n in names if n.endswith(".ipynb")]
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    os.chmod(root / "run_autograder", 0o755)
    shutil.copytree(setup["corpus"]["half_finished"], root / "submission")
    work = tmp_path / "work"
    work.mkdir()
    environment = dict(
        os.environ, AUTOGRADER_ROOT=str(root), PYTHON=sys.executable, TMPDIR=str(work)
    )
    environment.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(root / "run_autograder")], env=environment, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("isolation: ")  # which sandbox graded, for the staff
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 16 and len(results["tests"]) == 34
    assert list(work.iterdir()) == []  # no work folder left behind


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "instructor.grader", *map(str, args)],
        cwd=MASTER,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_errors_are_one_line(tmp_path):
    done = run_cli(tmp_path / "nowhere", tmp_path / "out")
    assert done.returncode == 2 and "is not a folder" in done.stderr
    assert "Traceback" not in done.stderr
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    (tmp_path / "subs" / "alice.zip").write_bytes(b"")
    done = run_cli(tmp_path / "subs", tmp_path / "out")
    assert done.returncode == 2 and "two submissions named alice" in done.stderr


def test_grading_stops_when_the_child_would_not_import_the_sandbox(setup):
    from instructor.grader.grade import check_import_path
    from instructor.grader.runner import Child

    child = Child(setup["workspace"], {}, limits=LIMITS)
    try:
        with pytest.raises(RuntimeError, match="not from its sandbox"):
            check_import_path(child, "/elsewhere")
    finally:
        child.close()


def test_conv_backward_has_a_pad_0_case_whose_empty_dx_is_named():
    """A dx cropped with pad:-pad is empty when pad is 0 (blind set E's E45)."""
    check = next(c for c in build_checks(0) if c.name == "conv_backward_naive")
    task = next(t for t in check.tasks if t.label.endswith("pad 0"))
    header, arrays = task.header, task.arrays
    x, w, b, param = [
        arrays[a["$a"]] if isinstance(a, dict) and "$a" in a else a for a in header["args"]
    ]
    dout = arrays[header["dout"]["$a"]]
    dx, dw, db = layers.conv_backward_naive(dout, layers.conv_forward_naive(x, w, b, param)[1])
    assert all(m.passed for m in task.judge({"grads": (dx, dw, db)}))
    with pytest.raises(CheckFailed, match="it is empty in height and width") as failed:
        task.judge({"grads": (dx[:, :, 0:-0, 0:-0], dw, db)})
    assert "pad:-pad is then 0:0" in str(failed.value)
