"""The student's submission step (cs231n/submit.py, `make submit` in the release): what goes in
the zip, what it reports as missing, and that the hidden grader scores a finished one in full."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sandbox_support import isolation_or_skip

from cs231n import submit
from instructor import shipped
from instructor.grader.cases import build_checks
from instructor.grader.grade import grade_submission
from instructor.grader.sandbox import Workspace, release_tree
from instructor.release import build_release

MASTER = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("release") / "release"
    build_release(MASTER, outdir, make_zip=False)
    return outdir


def run_submit(root):
    environment = dict(os.environ)
    environment.pop("PYTHONPATH", None)  # the release's own package, as a student runs it
    return subprocess.run(
        ["make", "submit", f"PYTHON={sys.executable}"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_file_lists_match_the_release():
    assert set(submit.CODE_FILES) | set(submit.NOTEBOOKS) == set(shipped.STUDENT_FILES)
    assert "cs231n/submit.py" in shipped.PROVIDED_FILES


def test_fresh_release_reports_everything_missing(release, tmp_path):
    root = tmp_path / "fresh"
    shutil.copytree(release, root)
    (root / "notes.txt").write_text("private notes")  # nothing else of the machine goes in
    done = run_submit(root)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for notebook in submit.NOTEBOOKS:
        assert f"{notebook}: not executed" in out
    assert (
        "cs231n/layers.py: still raise NotImplementedError: affine_forward, affine_backward" in out
    )
    assert "FullyConnectedNet.__init__, FullyConnectedNet.loss" in out
    assert "answer in cell" in out and "is blank" in out
    with zipfile.ZipFile(root / "submission.zip") as archive:
        names = set(archive.namelist())
    answers = {f"answers/{Path(n).stem}.html" for n in submit.NOTEBOOKS}
    assert names == set(submit.CODE_FILES) | set(submit.NOTEBOOKS) | answers


def test_notebook_with_an_error_is_reported():
    notebook = {
        "cells": [
            {"cell_type": "code", "source": "1", "execution_count": 1, "outputs": []},
            {
                "cell_type": "code",
                "source": "f()",
                "execution_count": 2,
                "outputs": [{"output_type": "error", "ename": "NameError", "evalue": "f"}],
            },
            {"cell_type": "code", "source": "2", "execution_count": None, "outputs": []},
        ]
    }
    problems = submit.notebook_problems("n.ipynb", notebook)
    assert problems == [
        "n.ipynb: 1 code cell(s) not executed (cells 3)",
        "n.ipynb: cell 2 stopped with NameError: f",
    ]


def test_finished_release_submission_scores_full_marks(release, tmp_path):
    root = tmp_path / "finished"
    shutil.copytree(release, root)
    for relpath in shipped.STUDENT_FILES:  # the master's solutions and executed notebooks
        shutil.copy(MASTER / relpath, root / relpath)
    done = run_submit(root)
    assert done.returncode == 0, done.stderr
    assert "Everything is implemented, executed and answered." in done.stdout
    zipped = root / "submission.zip"
    with zipfile.ZipFile(zipped) as archive:
        page = archive.read("answers/1_FullyConnectedNets.html").decode("utf-8")
        notebook = json.loads(archive.read("notebooks/1_FullyConnectedNets.ipynb"))
    assert "<html" in page.lower() and notebook["cells"]
    workspace = Workspace(release_tree(MASTER), isolation_or_skip())
    try:
        result = grade_submission("finished", zipped, build_checks(seed=11), workspace)
    finally:
        workspace.remove()
    assert result.score == result.max_score == 34, [
        (r.name, r.message) for r in result.results if r.score == 0
    ]
