"""The student's submission step (cs231n/submit.py, `make submit` in the release): what goes in
the zip, what it reports as missing, and that the hidden grader scores a finished one in full."""

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sandbox_support import isolation_or_skip
from shared_builds import build_checks, release_tree

from cs231n import submit
from instructor import shipped
from instructor.grader.grade import grade_submission
from instructor.grader.sandbox import Workspace
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
    stamp = {"release.json"}  # the release's identity, for the grader's stale-bundle warning
    assert names == set(submit.CODE_FILES) | set(submit.NOTEBOOKS) | answers | stamp
    with zipfile.ZipFile(root / "submission.zip") as archive:
        stamped = json.loads(archive.read("release.json"))
    assert stamped == json.loads((release / "release.json").read_bytes())


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


# --------------------------------------------------------------------------------------------
# Hostile and careless input: one clear line, never a traceback, never outside the folder
# --------------------------------------------------------------------------------------------


def _notebook(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _markdown(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text, outputs=(), count=1):
    return {
        "cell_type": "code",
        "metadata": {},
        "source": text,
        "execution_count": count,
        "outputs": list(outputs),
    }


def _folder(tmp_path, notebooks=None):
    """A minimal assignment folder: the four code files and four notebooks (``notebooks`` maps a
    notebook's index to the bytes or JSON to write instead of a small executed one)."""
    root = tmp_path / "assignment"
    for relpath in submit.CODE_FILES:
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text("def f():\n    return 1\n")
    for index, relpath in enumerate(submit.NOTEBOOKS):
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        content = (notebooks or {}).get(index, _notebook(_code("print(1)")))
        data = content if isinstance(content, bytes) else json.dumps(content).encode()
        (root / relpath).write_bytes(data)
    return root


def _submit(root, capsys):
    status = submit.main(["--root", str(root)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out, captured.err


MALFORMED = {
    "a JSON list": (b"[1, 2, 3]", "not a notebook (the file holds a JSON list)"),
    "cells not a list": (b'{"cells": {"a": 1}}', "not a notebook (no list of cells)"),
    "a cell that is a string": (b'{"cells": ["print(1)"]}', "cell 1 is a JSON str, not a cell"),
    "a source that is a number": (
        b'{"cells": [{"cell_type": "code", "source": 7, "outputs": []}]}',
        "cell 1's source is int, not text",
    ),
    "outputs that are a dict": (
        b'{"cells": [{"cell_type": "code", "source": "", "outputs": {"x": 1}}]}',
        "cell 1: outputs are not a list of outputs",
    ),
    "an execution count that is text": (
        b'{"cells": [{"cell_type": "code", "source": "", "execution_count": "1"}]}',
        "cell 1: execution_count is str, not a number",
    ),
    "invalid UTF-8": (b'{"cells": [\xff]}', "not UTF-8 text (byte 11)"),
    "truncated JSON": (b'{"cells": [', "not a notebook (invalid JSON"),
    "JSON nested 100000 deep": (b"[" * 100_000 + b"]" * 100_000, "not a notebook (JSON nested"),
    "an unknown cell type": (b'{"cells": [{"cell_type": 3}]}', "unknown cell_type '3'"),
}


@pytest.mark.parametrize("shape", sorted(MALFORMED))
def test_a_malformed_notebook_is_one_line_and_the_rest_is_submitted(shape, tmp_path, capsys):
    content, message = MALFORMED[shape]
    root = _folder(tmp_path, {2: content})
    status, out, _ = _submit(root, capsys)
    assert status == 0
    lines = [line for line in out.splitlines() if "3_Dropout" in line]
    assert len(lines) == 1 and message in lines[0], out
    with zipfile.ZipFile(root / "submission.zip") as archive:
        names = set(archive.namelist())
        assert archive.read("notebooks/3_Dropout.ipynb") == content  # the file as it is
    assert "answers/3_Dropout.html" not in names and "answers/2_BatchNormalization.html" in names


def test_odd_outputs_render_without_a_crash(tmp_path, capsys):
    odd = _notebook(
        _code("x", [{"output_type": "display_data", "data": "not a dict"}]),
        _code("y", [{"output_type": "display_data", "data": {"image/png": "@@not base64@@"}}]),
        _code("z", [{"output_type": "error", "ename": None, "traceback": [1, 2]}]),
        _code("w", [{"output_type": "stream", "name": "stdout", "text": ["a", "b\n"]}]),
        _code("v", [{"output_type": "execute_result", "data": {"text/plain": ["1"]}}]),
        {"cell_type": "raw", "source": ["raw <b>text</b>"]},
    )
    root = _folder(tmp_path, {0: odd})
    status, out, _ = _submit(root, capsys)
    assert status == 0
    with zipfile.ZipFile(root / "submission.zip") as archive:
        page = archive.read("answers/1_FullyConnectedNets.html").decode()
    assert "could not be decoded" in page and "ab\n" in page
    assert "raw &lt;b&gt;text&lt;/b&gt;" in page


def test_the_zip_is_compressed(release, tmp_path, capsys):
    root = tmp_path / "finished"
    shutil.copytree(release, root)
    for relpath in shipped.STUDENT_FILES:
        shutil.copy(MASTER / relpath, root / relpath)
    status, out, _ = _submit(root, capsys)
    assert status == 0 and "compressed from" in out
    with zipfile.ZipFile(root / "submission.zip") as archive:
        infos = archive.infolist()
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos)
        raw = sum(info.file_size for info in infos)
    assert (root / "submission.zip").stat().st_size < 0.8 * raw


def test_a_file_over_the_grader_cap_is_left_out_with_a_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(submit, "MAX_NOTEBOOK_BYTES", 2000)
    big = _notebook(_code("print(1)", [{"output_type": "stream", "text": "x" * 5000}]))
    root = _folder(tmp_path, {3: big})
    status, out, _ = _submit(root, capsys)
    assert status == 0
    assert (
        "notebooks/4_ConvolutionalNetworks.ipynb: larger than 0 MB, the most the course's grader "
        "reads; left out of the zip (clear large outputs and save)"
    ) in out
    with zipfile.ZipFile(root / "submission.zip") as archive:
        assert "notebooks/4_ConvolutionalNetworks.ipynb" not in archive.namelist()


def test_symlinks_out_of_the_folder_are_refused(tmp_path, capsys):
    root = _folder(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OUTSIDE-THE-FOLDER")
    (root / "cs231n/optim.py").unlink()
    (root / "cs231n/optim.py").symlink_to(secret)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "classifiers").mkdir(parents=True)
    (elsewhere / "classifiers" / "cnn.py").write_text("SECRET-IN-A-LINKED-FOLDER")
    shutil.rmtree(root / "cs231n/classifiers")
    (root / "cs231n/classifiers").symlink_to(elsewhere / "classifiers")
    target = tmp_path / "victim.zip"
    target.write_text("untouched")
    (root / "submission.zip").symlink_to(target)
    status, out, _ = _submit(root, capsys)
    assert status == 0
    assert "cs231n/optim.py: cs231n/optim.py is a symlink" in out
    assert "cs231n/classifiers/cnn.py: cs231n/classifiers is a symlink" in out
    assert target.read_text() == "untouched"  # the zip replaced the link, did not follow it
    assert not (root / "submission.zip").is_symlink()
    with zipfile.ZipFile(root / "submission.zip") as archive:
        content = b"".join(archive.read(name) for name in archive.namelist())
    assert b"SECRET" not in content
    assert [p.name for p in root.iterdir() if p.name.startswith(".submission")] == []


HOSTILE_MARKDOWN = """\
**Your answer:** <script>alert('markdown')</script> <img src=x onerror="alert(1)">
[click](javascript:alert(2)) <iframe src="https://example.org"></iframe>
<a href="https://example.org" onclick="alert(3)">a link</a> <style>body{display:none}</style>
$\\text{<script>alert(4)</script>}$ <svg><script>alert(5)</script></svg>
<img src="https://example.org/tracker.png"> <object data="x.swf"></object>
"""


def test_the_rendered_answers_carry_no_active_content(tmp_path, capsys):
    html_output = {
        "output_type": "display_data",
        "data": {
            "text/html": "<b>ok</b><script>alert(0)</script><div onmouseover=alert(6)>d</div>"
        },
    }
    notebook = _notebook(_markdown(HOSTILE_MARKDOWN), _code("show()", [html_output]))
    root = _folder(tmp_path, {0: notebook})
    status, _, _ = _submit(root, capsys)
    assert status == 0
    with zipfile.ZipFile(root / "submission.zip") as archive:
        page = archive.read("answers/1_FullyConnectedNets.html").decode()
    lowered = page.lower()
    for active in ("<script", "onerror", "onclick", "onmouseover", "javascript:", "<iframe"):
        assert active not in lowered, active
    for loader in ("<style>body", "<svg", "<object", 'src="https', "src=x"):
        assert loader not in lowered, loader
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert '<a href="https://example.org">a link</a>' in page  # passive content stays
    assert "<b>ok</b>" in page and "<div>d</div>" in page


def test_equations_are_rendered_as_mathml_without_the_network():
    html = submit.markdown_to_html(
        "Inline $x^2 + \\frac{a}{b}$, code `$not math$`, display\n\n"
        "$$\\begin{aligned} a &= b, \\\\ c &= d \\end{aligned}$$\n\n"
        "```\nprice = '$5 and $6'\n```\n"
    )
    assert '<math display="inline"><mrow><msup><mi>x</mi><mn>2</mn></msup>' in html
    assert "<mfrac>" in html
    assert "<code>$not math$</code>" in html
    assert '<math display="block"><mtable><mtr><mtd columnalign="right">' in html
    assert html.count("<mtr>") == 2 and "<mi>&amp;</mi>" not in html and "<mi>&</mi>" not in html
    assert "price = '$5 and $6'" in html
    page = submit.render_html("n", {"cells": [{"cell_type": "markdown", "source": "$y$"}]})
    assert "<math" in page and "mathjax" not in page.lower()
    assert not re.search(r"(src|href)=", page)  # nothing the page would load


def test_a_folder_that_is_not_the_assignment_is_one_line(tmp_path, capsys):
    status, _, err = _submit(tmp_path, capsys)
    assert status == 2 and err.count("\n") == 1 and "not the assignment folder" in err


# --------------------------------------------------------------------------------------------
# make run and make submit agree: the release's `make run` saves the notebooks that ran
# --------------------------------------------------------------------------------------------


def test_release_make_run_saves_the_notebooks_that_make_submit_hands_in(release, tmp_path):
    makefile = (release / "Makefile").read_text("utf-8")
    recipe = makefile[makefile.index("\nrun:") :].split("\n\n")[0]
    assert "$(PYTHON) -m cs231n.run_notebooks --in-place" in recipe
    readme = (release / "README.md").read_text("utf-8")
    assert "make submit" in readme.split("## Check your work")[0][:800]  # next to make run
    assert "## Hand in" in readme and "saves the executed notebooks into `notebooks/`" in readme

    source = os.environ.get("CIFAR10_SOURCE")
    cache = MASTER / "datasets" / "cifar10-cache"
    if not source and not cache.is_dir():
        pytest.skip("no CIFAR-10: set CIFAR10_SOURCE")
    root = tmp_path / "student"
    shutil.copytree(release, root)
    if cache.is_dir():  # the decoded images, as make run's data step leaves them
        shutil.copytree(cache, root / "datasets" / "cifar10-cache", copy_function=os.link)
    environment = dict(os.environ, PYTHONPATH=str(root), CS231N_NO_CYTHON="1", MPLBACKEND="Agg")
    if source and "://" not in source:
        environment["CIFAR10_SOURCE"] = str(Path(source).resolve())
    ran = subprocess.run(
        [sys.executable, "-m", "cs231n.run_notebooks", "--only", "3", "--in-place"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert ran.returncode == 1 and "is not implemented yet" in ran.stdout, ran.stdout + ran.stderr
    done = run_submit(root)
    assert done.returncode == 0, done.stderr
    assert "notebooks/3_Dropout.ipynb: not executed" not in done.stdout
    assert "notebooks/3_Dropout.ipynb: cell" in done.stdout  # stopped at the first stub
    assert "NotImplementedError: dropout_forward: TODO" in done.stdout
    assert "notebooks/1_FullyConnectedNets.ipynb: not executed" in done.stdout  # not run


def test_a_fifo_in_place_of_a_notebook_is_refused_without_waiting(tmp_path, capsys):
    root = _folder(tmp_path)
    fifo = root / submit.NOTEBOOKS[1]
    fifo.unlink()
    os.mkfifo(fifo)
    status, out, _ = _submit(root, capsys)
    assert status == 0 and "notebooks/2_BatchNormalization.ipynb: not a regular file" in out
