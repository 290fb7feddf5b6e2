"""The student release (instructor/release.py): marker transformation, file selection, leak check,
determinism, and the release's own autograder on the stubs and on the master's code."""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from cs231n.grading import all_checks
from instructor import release, shipped
from instructor import release_record as RECORD

MASTER = Path(__file__).resolve().parent.parent
STUB_MESSAGE = "TODO \u2014 implement this part (see the TODO above)"

# --------------------------------------------------------------------------------------------
# The transformation, on small synthetic inputs
# --------------------------------------------------------------------------------------------

FUNCTIONS = '''\
import numpy as np


def forward(x):
    """Docstring stays."""
    if x is None:
        raise ValueError("x")
    # TODO: compute out.
    # BEGIN SOLUTION
    out = 2 * x
    # END SOLUTION
    return out


class Net:
    def loss(self, X):
        def helper(z):
            # BEGIN SOLUTION
            return z + 1
            # END SOLUTION
        # TODO: the loss.
        # BEGIN SOLUTION
        value = helper(X)
        # END SOLUTION
        return value
'''
MODULE = FUNCTIONS + "\n\n# BEGIN SOLUTION\nCONSTANT = 42\n# END SOLUTION\n"


def stub_lines(label, indent):
    return [
        indent + release.STUB_BEGIN,
        f'{indent}raise NotImplementedError("{label}: {STUB_MESSAGE}")',
        indent + release.STUB_END,
    ]


def test_code_regions_become_stubs_named_after_the_enclosing_function():
    result = release.stub_python_file(MODULE, "pkg/mod.py")
    assert result.labels == ["forward", "Net.loss.helper", "Net.loss", "pkg/mod.py (module level)"]
    lines = result.text.splitlines()
    start = lines.index("    # TODO: compute out.")
    assert lines[start + 1 : start + 4] == stub_lines("forward", "    ")
    assert lines[start + 4] == "    return out"
    assert '    """Docstring stays."""' in lines
    assert "            return z + 1" not in lines and "CONSTANT = 42" not in lines
    assert stub_lines("Net.loss.helper", " " * 12)[1] in lines
    assert result.solution_lines == [
        "    out = 2 * x",
        "            return z + 1",
        "        value = helper(X)",
        "CONSTANT = 42",
    ]


def test_stubbed_function_raises_not_implemented_with_its_name():
    namespace = {}
    exec(compile(release.stub_python_file(FUNCTIONS, "mod.py").text, "mod.py", "exec"), namespace)
    with pytest.raises(NotImplementedError, match=r"^forward: TODO"):
        namespace["forward"](1.0)
    with pytest.raises(NotImplementedError, match=r"^Net\.loss: TODO"):
        namespace["Net"]().loss(1.0)


def test_transformation_is_idempotent_and_keeps_files_without_regions():
    once = release.stub_python_file(MODULE, "mod.py").text
    assert release.stub_python_file(once, "mod.py").text == once
    plain = "x = 1\r\ny = 2"
    assert release.stub_python_file(plain, "plain.py").text == plain


def test_line_endings_and_missing_final_newline_are_kept():
    source = "def f():\r\n    # BEGIN SOLUTION\r\n    return 1\r\n    # END SOLUTION"
    text = release.stub_python_file(source, "crlf.py").text
    assert text.split("\r\n") == ["def f():", *stub_lines("f", "    ")]


def test_comment_only_region_at_the_end_of_a_function_belongs_to_it():
    source = "def f():\n    x = 1\n    # BEGIN SOLUTION\n    # just a comment\n    # END SOLUTION\n"
    assert release.stub_code(source, "f.py").labels == ["f"]


@pytest.mark.parametrize(
    "source, line, fragment",
    [
        ("# BEGIN SOLUTION\nx = 1\n# BEGIN SOLUTION\ny = 2\n# END SOLUTION\n", 3, "cannot nest"),
        ("x = 1\n# END SOLUTION\n", 2, "without a BEGIN"),
        ("x = 0\n# BEGIN SOLUTION\nx = 1\n", 2, "never closed"),
        ("# BEGIN SOLUTION\n\n   \n# END SOLUTION\n", 1, "empty solution region"),
        ("#BEGIN SOLUTION\nx = 1\n#END SOLUTION\n", 1, "looks like a solution marker"),
        ("# BEGIN SOLUTION: part 1\nx = 1\n# END SOLUTION\n", 1, "looks like a solution marker"),
        ("# BEGIN SOLUTON\nx = 1\n# END SOLUTON\n", 1, "looks like a solution marker"),
        ("# SOLUTION BEGIN\nx = 1\n# SOLUTION END\n", 1, "looks like a solution marker"),
        ("x = 0\n# BEGIN\u00a0SOLUTION\nx = 1\n", 2, "looks like a solution marker"),
        ("x = 0\n# BEGIN SOLU\u200bTION\nx = 1\n", 2, "looks like a solution marker"),
        ("#BEGINSOLUTON\nx = 1\n", 1, "looks like a solution marker"),
        ("def f():\n    # BEGIN SOLUTION\n    x = 1\n# END SOLUTION\n", 4, "indented differently"),
        (
            "def f():\n    # BEGIN SOLUTION\n    x = 1\n  y = 2\n    # END SOLUTION\n",
            4,
            "indented less",
        ),
    ],
)
def test_bad_markers_are_errors_naming_file_and_line(source, line, fragment):
    with pytest.raises(release.MarkerError, match=fragment) as error:
        release.stub_python_file(source, "bad.py")
    assert str(error.value).startswith(f"bad.py:{line}:")


def test_markdown_answers_are_blanked_and_surrounding_text_kept():
    source = (
        "**Question:** why?\n\n<!-- BEGIN SOLUTION -->\nBecause of X.\nAnd Y.\n"
        "<!-- END SOLUTION -->\n\nMore text."
    )
    result = release.stub_markdown(source, "nb cell 2")
    assert result.text == f"**Question:** why?\n\n{release.ANSWER_STUB}\n\nMore text."
    assert result.answers == 1 and result.solution_lines == ["Because of X.", "And Y."]
    with pytest.raises(release.MarkerError, match="never closed"):
        release.stub_markdown("<!-- BEGIN SOLUTION -->\nanswer\n", "nb cell 3")


def make_notebook(cells):
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3"}},
        "cells": cells,
    }


def code_cell(source, cell_id):
    return {
        "cell_type": "code",
        "id": cell_id,
        "execution_count": 7,
        "metadata": {"tags": ["keep"], "execution": {"iopub.status.idle": "2024"}},
        "outputs": [{"output_type": "stream", "name": "stdout", "text": ["secret 0.57\n"]}],
        "source": source,
    }


def markdown_cell(source, cell_id):
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": source}


NOTEBOOK = make_notebook(
    [
        markdown_cell("# Fully connected nets\n## Train a good model", "m1"),
        code_cell(
            [
                "%matplotlib inline\n",
                "best_model = None\n",
                "# TODO: train it.\n",
                "# BEGIN SOLUTION\n",
                "best_model = train()\n",
                "# END SOLUTION\n",
            ],
            "c1",
        ),
        code_cell(
            "def run_experiment(mode):\n    # BEGIN SOLUTION\n    return mode * 2\n"
            "    # END SOLUTION\n",
            "c2",
        ),
        markdown_cell(
            "**Inline question:** ...\n<!-- BEGIN SOLUTION -->\nIt overfits.\n"
            "<!-- END SOLUTION -->",
            "m2",
        ),
    ]
)


def test_notebook_cells_are_stubbed_and_outputs_cleared():
    notebook, result = release.stub_notebook(NOTEBOOK, "notebooks/1_FullyConnectedNets.ipynb")
    first, second = notebook["cells"][1], notebook["cells"][2]
    assert result.labels == ["FullyConnectedNets: Train a good model", "run_experiment"]
    assert result.answers == 1
    assert "".join(first["source"]).splitlines() == [
        "%matplotlib inline",
        "best_model = None",
        "# TODO: train it.",
        *stub_lines("FullyConnectedNets: Train a good model", ""),
    ]
    assert stub_lines("run_experiment", "    ")[1] in "".join(second["source"])
    assert release.ANSWER_STUB in "".join(notebook["cells"][3]["source"])
    for cell in (first, second):
        assert cell["outputs"] == [] and cell["execution_count"] is None
        assert cell["metadata"] == {}  # stripped: editors and extensions store anything there
    assert [cell["id"] for cell in notebook["cells"]] == ["m1", "c1", "c2", "m2"]
    assert NOTEBOOK["cells"][1]["outputs"], "the input notebook must not be modified"
    again, _ = release.stub_notebook(notebook, "notebooks/FullyConnectedNets.ipynb")
    assert release.dump_notebook(again) == release.dump_notebook(notebook)


def test_notebook_marker_errors_name_the_cell():
    bad = make_notebook([code_cell("x = 1\n# END SOLUTION\n", "c1")])
    with pytest.raises(release.MarkerError, match=r"^nb\.ipynb cell 1:2: END SOLUTION"):
        release.stub_notebook(bad, "nb.ipynb")


def test_release_pyproject_swaps_the_pytest_table_and_completes_packages():
    master = (
        '[project]\nname = "x"\n\n[tool.setuptools]\npackages = ["cs231n"]\n\n'
        '[tool.pytest.ini_options]\ntestpaths = ["tests", "notebooks"]\n\n[tool.other]\na = 1\n'
    )
    table = '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
    text = release.release_pyproject(master, table, ["cs231n", "cs231n.grading"])
    config = release.tomllib.loads(text)
    assert config["tool"]["pytest"]["ini_options"] == {"testpaths": ["tests"]}
    assert config["tool"]["setuptools"]["packages"] == ["cs231n", "cs231n.grading"]
    assert config["tool"]["other"] == {"a": 1} and config["project"]["name"] == "x"


def test_leak_search_ignores_lines_that_are_also_outside_regions():
    significant = release.significant_solution_lines(
        ["    return out, cache", "    out = x @ w + b", "    )", "    pass"], {"return out, cache"}
    )
    assert significant == {"out = x @ w + b"}
    files = {
        "a.py": b"def f():\n    out = x @ w + b\n",
        "b.txt": b"# BEGIN SOLUTION\n",
        "c.py": b"return out, cache\n",
    }
    leaks = release.find_leaks(files, significant)
    assert leaks == ["a.py: solution line 'out = x @ w + b'", "b.txt: marker '# BEGIN SOLUTION'"]


# --------------------------------------------------------------------------------------------
# A synthetic master (no git), with its own lists of shipped files
# --------------------------------------------------------------------------------------------


def write_files(root, files):
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)


def git(root, *args):
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
        check=True,
        capture_output=True,
    )


def commit_all(root):
    """Make ``root`` a git repository holding all its files (the release ships tracked files)."""
    if not (root / ".git").exists():
        git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "master")


@pytest.fixture
def tiny_master(tmp_path):
    root = tmp_path / "master"
    write_files(
        root,
        {
            "cs231n/__init__.py": "",
            "cs231n/layers.py": MODULE.replace("CONSTANT = 42", "CONSTANT = 41"),
            "cs231n/__pycache__/layers.cpython-311.pyc": "junk",
            "tests/test_layers.py": "def test():\n    assert True\n",
            "benchmarks/bench.py": "print(1)\n",
            "notes.md": "instructor notes\n",
            "README.md": "master readme: regions are marked\n# BEGIN SOLUTION\n",
            "setup.py": "from setuptools import setup\nsetup()\n",
            "pyproject.toml": '[tool.setuptools]\npackages = ["cs231n"]\n',
            "datasets/get_datasets.py": "print('fetch')\n",
            "datasets/README.md": "Prose may mention `# BEGIN SOLUTION` markers.\n",
            "datasets/cifar-10-batches-py/data_batch_1": "data",
            "notebooks/Net.ipynb": json.dumps(NOTEBOOK),
            "release_files/README.md": "student readme\n",
            "release_files/tests/test_autograder.py": "def test():\n    assert False\n",
            "release_files/pyproject-pytest.toml": (
                '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
            ),
        },
    )
    commit_all(root)
    record(root, **TINY_LISTS)
    return root


def record(master, ships_code=(), **lists):
    """Write and commit the reviewed record of ``master`` (``python -m instructor.release
    --record``), as course staff do after reviewing it (the first one with
    ``--first-record``; ``ships_code``: the names its ``--ships-code`` confirms)."""
    built = release.assemble_release(
        master, recording=True, first_record=True, ships_code=ships_code, **lists
    )
    release.write_record(master, built)
    commit_all(master)


TINY_LISTS = {
    "student_files": ("cs231n/layers.py", "notebooks/Net.ipynb"),
    "provided_files": (
        "cs231n/__init__.py",
        "setup.py",
        "pyproject.toml",
        "README.md",
        "datasets/get_datasets.py",
        "datasets/README.md",
    ),
}


def test_synthetic_master_release_ships_the_listed_files_and_writes_a_zip(tiny_master, tmp_path):
    built, archive = release.build_release(tiny_master, tmp_path / "out" / "release", **TINY_LISTS)
    assert sorted(built.files) == [
        "README.md",
        "cs231n/__init__.py",
        "cs231n/layers.py",
        "datasets/README.md",
        "datasets/get_datasets.py",
        "notebooks/Net.ipynb",
        "pyproject.toml",
        "release.json",  # the release's identity, which make submit copies into a submission
        "setup.py",
        "tests/test_autograder.py",
    ]
    out = tmp_path / "out" / "release"
    assert (out / "README.md").read_text() == "student readme\n"
    assert "CONSTANT = 41" not in (out / "cs231n" / "layers.py").read_text()
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == [f"release/{p}" for p in sorted(built.files)]
    # A second build replaces the earlier release and build products without --force.
    write_files(out, {"cs231n/__pycache__/layers.cpython-311.pyc": "x", "cs231n/fast.so": "x"})
    release.build_release(tiny_master, out, **TINY_LISTS)
    assert not (out / "cs231n" / "fast.so").exists()


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"cs231n/secret_tool.py": "SECRET = 1\n"},
            "not listed in instructor/shipped.py: cs231n/secret_tool.py",
        ),
        (
            {"datasets/README.md": None},
            "listed in instructor/shipped.py but missing: datasets/README",
        ),
        (
            {"setup.py": "# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n"},
            "setup.py holds solution regions but is listed as provided",
        ),
    ],
)
def test_release_refuses_files_outside_the_lists(tiny_master, tmp_path, change, message):
    for relpath, text in change.items():
        if text is None:
            (tiny_master / relpath).unlink()
        else:
            write_files(tiny_master, {relpath: text})
    commit_all(tiny_master)
    with pytest.raises(ValueError, match=message):
        release.build_release(tiny_master, tmp_path / "out", **TINY_LISTS)
    assert not (tmp_path / "out").exists()


def test_tool_refuses_to_overwrite_a_directory_that_is_not_a_release(
    tiny_master, tmp_path, monkeypatch, capsys
):
    for name, files in TINY_LISTS.items():
        monkeypatch.setattr(shipped, name.upper(), files)
    target = tmp_path / "precious"
    write_files(target, {"thesis.tex": "do not delete"})
    assert release.main([str(target), "--master", str(tiny_master)]) == 1
    assert "exists and holds files that are not part of the release" in capsys.readouterr().err
    assert (target / "thesis.tex").read_text() == "do not delete"


def test_a_stubbing_bug_that_leaks_solution_text_fails_loudly(tiny_master, monkeypatch, tmp_path):
    original = release.stub_python_file

    def leaky(source, relpath):
        result = original(source, relpath)
        result.text += "\n# leftover:\n" + "\n".join(result.solution_lines) + "\n"
        return result

    monkeypatch.setattr(release, "stub_python_file", leaky)
    with pytest.raises(
        (release.LeakError, release.RECORD.RecordError), match="cs231n/layers.py: .*"
    ):
        release.build_release(tiny_master, tmp_path / "leaky", **TINY_LISTS)
    assert not (tmp_path / "leaky").exists()


SOLUTION_FORMULA = "    out = gamma * (x - mean) / np.sqrt(var + eps) + beta\n"


def test_a_solution_formula_with_other_names_is_found_in_shipped_code():
    shapes = release.RECORD.solution_shapes({SOLUTION_FORMULA})
    renamed = "def check(a, g, b, m, v):\n    return g * (a - m) / np.sqrt(v + 1e-5 * 0 + e) + b\n"
    same = "expected = g * (a - m) / numpy.sqrt(v + e) + b  # other names, other module alias\n"
    assert release.RECORD.paraphrases(same, shapes) == [
        ("g * (a - m) / numpy.sqrt(v + e) + b", SOLUTION_FORMULA.strip(), "<module>")
    ]
    # another formula (multiplied where the solution divides), or another constant, is not it
    assert release.RECORD.paraphrases(renamed, shapes) == []
    assert release.RECORD.paraphrases("y = g * (a - m) * np.sqrt(v + e) + b\n", shapes) == []
    # short expressions prove nothing: x.reshape(N, -1) is everywhere
    assert release.RECORD.solution_shapes({"    flat = x.reshape(x.shape[0], -1)\n"}) == {}


def test_paraphrases_are_searched_in_notebook_code_cells_and_student_files_too():
    notebook = make_notebook(
        [
            code_cell("%matplotlib inline\nimport numpy as np", "a"),
            code_cell("expected = g * (a - m) / np.sqrt(v + e) + b\nprint(expected)", "b"),
        ]
    )
    files = {
        "notebooks/Net.ipynb": json.dumps(notebook).encode(),
        "cs231n/layers.py": b"def f(g, a, m, v, e, b):\n  return g * (a - m) / np.sqrt(v + e) + b",
        "README.md": b"g * (a - m) / np.sqrt(v + e) + b",  # prose: the text search's business
    }
    leaks = release.RECORD.paraphrase_leaks(files, {SOLUTION_FORMULA}, allowed=set())
    assert [leak.split(":")[0] for leak in leaks] == ["cs231n/layers.py", "notebooks/Net.ipynb"]
    allowed = {("notebooks/Net.ipynb", "<module>", "g * (a - m) / np.sqrt(v + e) + b")}
    assert len(release.RECORD.paraphrase_leaks(files, {SOLUTION_FORMULA}, allowed)) == 1


def test_release_refuses_a_paraphrased_solution_in_provided_code_until_reviewed(
    tiny_master, tmp_path
):
    layers = tiny_master / "cs231n" / "layers.py"
    layers.write_text(
        layers.read_text()
        + "\n\ndef norm(x, gamma, beta, mean, var, eps):\n    # TODO: normalize x.\n"
        + "    # BEGIN SOLUTION\n"
        + SOLUTION_FORMULA
        + "    return out\n    # END SOLUTION\n"
    )
    commit_all(tiny_master)
    with pytest.raises(RECORD.RecordError, match="norm has a new or changed docstring or comm"):
        record(tiny_master, **TINY_LISTS)  # the new exercise's TODO comment ships: read it
    record(tiny_master, ships_code=("norm", "<module>"), **TINY_LISTS)
    write_files(
        tiny_master,
        {
            "cs231n/helpers.py": (
                "def expected(a, g, b, m, v, e):\n    return g * (a - m) / v**0.5 + b\n"
            )
        },
    )
    lists = dict(TINY_LISTS, provided_files=(*TINY_LISTS["provided_files"], "cs231n/helpers.py"))
    commit_all(tiny_master)
    release.assemble_release(tiny_master, check_provided=False, **lists)  # not the same formula
    (tiny_master / "cs231n" / "helpers.py").write_text(
        "import numpy as np\n\n\ndef expected(a, g, b, m, v, e):\n"
        "    return g * (a - m) / np.sqrt(v + e) + b\n"
    )
    commit_all(tiny_master)
    with pytest.raises(release.LeakError) as refused:
        release.assemble_release(tiny_master, check_provided=False, **lists)
    message = str(refused.value)
    assert (
        "cs231n/helpers.py: 'g * (a - m) / np.sqrt(v + e) + b' (in expected) is solution line"
        in message
    )
    assert "instructor/release_record/paraphrases.txt" in message
    # reviewed: the staff says why it may ship
    write_files(
        tiny_master,
        {
            "instructor/release_record/paraphrases.txt": (
                "# the notebook gives this formula\n"
                "cs231n/helpers.py | expected | g * (a - m) / np.sqrt(v + e) + b\n"
            )
        },
    )
    commit_all(tiny_master)
    release.assemble_release(tiny_master, check_provided=False, **lists)


# --------------------------------------------------------------------------------------------
# The real master
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The release of this repository, built twice into directories of the same name."""
    first = tmp_path_factory.mktemp("first") / "release"
    second = tmp_path_factory.mktemp("second") / "release"
    result, archive = release.build_release(MASTER, first)
    _, archive_again = release.build_release(MASTER, second)
    return {"release": result, "dir": first, "zip": archive, "dir2": second, "zip2": archive_again}


def tree(root):
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o777)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_release_contents(built):
    files = set(tree(built["dir"]))
    for required in (
        "README.md",
        "requirements.txt",
        "setup.py",
        "pyproject.toml",
        "cs231n/grade.py",
        "cs231n/grading/core.py",
        "cs231n/layers.py",
        "tests/test_autograder.py",
        "datasets/get_datasets.py",
    ):
        assert required in files
    for optional in ("datasets/get_datasets.sh", "datasets/README.md", "Makefile"):
        assert (optional in files) == (
            (MASTER / optional).exists() or (MASTER / "release_files" / optional).exists()
        )
    assert not any(f.startswith("instructor/") for f in files)
    listed = set(shipped.STUDENT_FILES) | set(shipped.PROVIDED_FILES)
    templates = {
        p.relative_to(MASTER / "release_files").as_posix()
        for p in (MASTER / "release_files").rglob("*")
        if p.is_file()
    }
    stamp = {release.RELEASE_STAMP}  # the release's identity (written by the build)
    assert files == ((listed | templates) - {"pyproject-pytest.toml"}) | stamp
    assert not any(f.startswith((".ci/", "benchmarks/", "release_files/", "notes/")) for f in files)
    assert not any(f.endswith((".so", ".pyc", ".c")) for f in files)
    master_tests = {p.name for p in (MASTER / "tests").glob("test_*.py")}
    assert {Path(f).name for f in files if f.startswith("tests/")} == {
        "conftest.py",
        "test_autograder.py",
    } and "test_release.py" in master_tests


def test_every_python_file_compiles_and_notebooks_are_valid(built):
    nbformat = pytest.importorskip("nbformat")
    for relpath, (data, _) in tree(built["dir"]).items():
        if relpath.endswith(".py"):
            compile(data.decode("utf-8"), relpath, "exec")
        elif relpath.endswith(".ipynb"):
            notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
            nbformat.validate(notebook)
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    assert cell.outputs == [] and cell.execution_count is None, relpath


def test_every_region_is_stubbed_and_no_solution_text_leaks(built):
    result = built["release"]
    assert len(result.labels) >= 25 and len(result.significant_lines) > 50
    layers = (built["dir"] / "cs231n" / "layers.py").read_text()
    assert f'raise NotImplementedError("affine_forward: {STUB_MESSAGE}")' in layers
    zipped = {}
    with zipfile.ZipFile(built["zip"]) as archive:
        for name in archive.namelist():
            zipped[name.split("/", 1)[1]] = archive.read(name)
    on_disk = {relpath: data for relpath, (data, _) in tree(built["dir"]).items()}
    assert zipped == on_disk
    assert release.find_leaks(on_disk, result.significant_lines) == []


def test_every_reviewed_paraphrase_is_still_shipped(built):
    # A stale entry would let that expression in again unseen once it moved to another file.
    allowed = release.RECORD.read_paraphrases(MASTER)
    shapes = release.RECORD.solution_shapes(release.RECORD.read_solution_lines(MASTER))
    shipped_expressions = {
        (relpath, definition, expression)
        for relpath, data in built["release"].files.items()
        if relpath.endswith(".py")
        for expression, _, definition in release.RECORD.paraphrases(data.decode("utf-8"), shapes)
    }
    assert allowed and allowed <= shipped_expressions


def test_release_is_deterministic(built):
    assert built["zip"].read_bytes() == built["zip2"].read_bytes()
    assert tree(built["dir"]) == tree(built["dir2"])
    with zipfile.ZipFile(built["zip"]) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {release.ZIP_TIMESTAMP}
    assert {(i.external_attr >> 16) & 0o777 for i in infos} <= {0o644, 0o755}


def run_in_release(directory, *args, timeout=300):
    env = dict(os.environ, PYTHONPATH=str(directory), CS231N_NO_CYTHON="1", MPLBACKEND="Agg")
    return subprocess.run(
        [sys.executable, *args],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def region_functions(result):
    """Qualified names of the stubbed functions of the package (not notebook sections)."""
    return {label for label in result.labels if ":" not in label and "(" not in label}


def test_autograder_reports_every_stub_as_not_implemented(built):
    run = run_in_release(built["dir"], "-m", "cs231n.grade")
    assert run.returncode != 0, run.stdout + run.stderr
    reported = {}
    for line in run.stdout.splitlines():
        for status in ("not implemented", "passed", "FAILED"):
            if line.startswith(f"  {status} "):
                reported[line[len(status) + 2 :].split()[0]] = status
    checks = all_checks()
    assert reported == {c.name: "not implemented" for c in checks}, run.stdout
    covered = {name for c in checks for name in c.covers}
    assert region_functions(built["release"]) <= covered


def fill_stubs(directory, bodies):
    """Replace the stubs of ``cs231n/layers.py`` in a release copy by the given bodies."""
    path = directory / "cs231n" / "layers.py"
    text = path.read_text(encoding="utf-8")
    for name, body in bodies.items():
        stub = f'    raise NotImplementedError("{name}: {STUB_MESSAGE}")'
        assert stub in text, name
        text = text.replace(stub, "\n".join("    " + line for line in body.splitlines()))
    path.write_text(text, encoding="utf-8")


def test_release_pytest_separates_not_implemented_from_failed(built, tmp_path):
    """One function right, one wrong, the rest stubs: the wrong one stands out."""
    target = tmp_path / "release"
    shutil.copytree(built["dir"], target)
    fill_stubs(
        target,
        {
            "affine_forward": "out = x.reshape(x.shape[0], -1) @ w + b",
            "relu_forward": "out = np.maximum(x, 0) + 0.5  # wrong on purpose",
        },
    )
    run = run_in_release(
        target, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "fully_connected"
    )
    assert run.returncode == 1, run.stdout + run.stderr
    part = len(all_checks("FullyConnectedNets"))
    others = len(all_checks()) - part
    summary = f"1 failed, 1 passed, {others} deselected, {part - 2} not implemented"
    assert summary in run.stdout, run.stdout
    assert "relu_forward failed:\n  out rel. error: " in run.stdout
    assert "not implemented yet: adam (still raises NotImplementedError)" in run.stdout
    assert re.search(
        rf"^FullyConnectedNets +1/{part} +\({part - 2} not implemented, 1 failed\)$",
        run.stdout,
        re.MULTILINE,
    ), run.stdout


def test_release_grader_survives_endless_loops_and_exits(built, tmp_path):
    target = tmp_path / "release"
    shutil.copytree(built["dir"], target)
    fill_stubs(
        target,
        {
            "affine_forward": "out = x.reshape(x.shape[0], -1) @ w + b",
            "affine_backward": "while True:\n    pass",
            "relu_forward": "out = np.maximum(x, 0)",
            "relu_backward": "raise SystemExit(0)",
            "svm_loss": "import os\nos._exit(0)",
        },
    )
    started = time.monotonic()
    run = run_in_release(
        target, "-m", "cs231n.grade", "--part", "FullyConnectedNets", "--time-limit", "3"
    )
    # affine_backward and the net's loss (which calls it) time out: two limits, plus the rest.
    assert time.monotonic() - started < 2 * 3 + 60
    assert run.returncode == 1, run.stdout + run.stderr
    out = run.stdout
    assert "FAILED           affine_backward             timed out after 3 s (endless loop?)" in out
    assert "svm_loss                    exited with code 0 (os._exit or a crash)" in out
    assert "relu_backward               called sys.exit(0) (SystemExit)" in out
    assert "passed           affine_forward" in out
    part = len(all_checks("FullyConnectedNets"))
    assert re.search(rf"^  FullyConnectedNets +2/{part} ", out, re.MULTILINE), out


def test_master_code_in_the_release_passes_the_autograder(built, tmp_path):
    target = tmp_path / "release"
    shutil.copytree(built["dir"], target)
    for source in (MASTER / "cs231n").rglob("*.py"):
        relpath = source.relative_to(MASTER)
        shutil.copyfile(source, target / relpath)
    run = run_in_release(target, "-m", "cs231n.grade")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Total" in run.stdout and "not implemented" not in run.stdout.split("Score")[0]


# --------------------------------------------------------------------------------------------
# Release notebooks stop at the first stub
# --------------------------------------------------------------------------------------------

NOTEBOOKS = sorted(p.name for p in (MASTER / "notebooks").glob("*.ipynb"))
SHARED_CIFAR10 = MASTER.parent / "shared" / "datasets" / "cifar-10-images.tar.xz"


def link_or_copy(source, target):
    """Hard link (the loader replaces files atomically, so the master's copy is never touched)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def cifar10_source():
    """CIFAR10_SOURCE as an absolute path (the kernel runs in notebooks/), or the shared archive."""
    source = os.environ.get("CIFAR10_SOURCE")
    if source and "://" not in source:
        candidates = [Path(source).expanduser(), MASTER / source]
        source = next((str(c.resolve()) for c in candidates if c.exists()), source)
    return source or (str(SHARED_CIFAR10) if SHARED_CIFAR10.exists() else None)


@pytest.mark.skipif(not NOTEBOOKS, reason="notebooks/ has no .ipynb yet")
@pytest.mark.parametrize("name", NOTEBOOKS[:1])
def test_release_notebook_stops_at_the_first_stub(built, name, tmp_path, monkeypatch):
    """``make run`` on a fresh release: each notebook says plainly where it stopped."""
    pytest.importorskip("nbclient")
    source = cifar10_source()
    if source is None:
        pytest.skip("no CIFAR-10: set CIFAR10_SOURCE")
    directory = tmp_path / "release"
    shutil.copytree(built["dir"], directory)
    cache = MASTER / "datasets" / "cifar10-cache"
    if cache.is_dir():  # saves decoding the images again (the cache is keyed to the source)
        shutil.copytree(cache, directory / "datasets" / "cifar10-cache", copy_function=link_or_copy)
    monkeypatch.setenv("CIFAR10_SOURCE", source)
    number = name.split("_", 1)[0]
    run = run_in_release(directory, "-m", "cs231n.run_notebooks", "--only", number, timeout=900)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "\x1b" not in run.stdout + run.stderr
    match = re.search(
        r"stopped at cell (\d+) \(([^)]*)\): (\S+) is not implemented yet", run.stdout
    )
    assert match, run.stdout
    assert match.group(3) in built["release"].labels
    assert f"{name}: running" in run.stdout


def test_release_pytest_selects_one_part_by_its_marker(built):
    run = run_in_release(
        built["dir"],
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--collect-only",
        "-m",
        "dropout",
    )
    dropout = [c for c in all_checks() if c.part == "Dropout"]
    assert f"{len(dropout)}/{len(all_checks())} tests collected" in run.stdout, run.stdout
    assert "PytestUnknownMarkWarning" not in run.stdout + run.stderr


# --------------------------------------------------------------------------------------------
# Accidents an instructor makes, seeded into a copy of the master: each is refused or left out,
# and no solution line reaches any byte of the zip
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def master_copy(tmp_path_factory):
    """A git repository holding the master's tracked files as they are now."""
    root = tmp_path_factory.mktemp("master_copy") / "master"
    listing = subprocess.run(
        ["git", "-C", str(MASTER), "ls-files", "-z"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    for relpath in filter(None, listing.split("\0")):
        source = MASTER / relpath
        if source.is_file() and not source.is_symlink():
            (root / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / relpath)
    commit_all(root)
    return root


def solution_text(master):
    """Every line inside a solution region of the master's student files, stripped."""
    lines = []
    for relpath in shipped.STUDENT_FILES:
        text = (master / relpath).read_text(encoding="utf-8")
        if relpath.endswith(".ipynb"):
            notebook = json.loads(text)
            text = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
        inside = False
        for line in text.splitlines():
            stripped = line.strip()
            if stripped in ("# BEGIN SOLUTION", "<!-- BEGIN SOLUTION -->"):
                inside = True
            elif stripped in ("# END SOLUTION", "<!-- END SOLUTION -->"):
                inside = False
            elif inside:
                lines.append(stripped)
    return lines


def zip_layers(path):
    """The zip's raw bytes and every member's uncompressed bytes."""
    layers = [path.read_bytes()]
    with zipfile.ZipFile(path) as archive:
        layers += [archive.read(name) for name in archive.namelist()]
    return layers


def leaked_lines(zip_path, lines):
    """Solution lines found in any byte of the zip, in UTF-8, UTF-16, Latin-1 or JSON-escaped."""
    found = []
    layers = zip_layers(zip_path)
    for line in lines:
        forms = set()
        for text in (line, json.dumps(line)[1:-1]):
            for encoding in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
                try:
                    forms.add(text.encode(encoding))
                except UnicodeEncodeError:
                    pass
        if any(form in layer for form in forms for layer in layers):
            found.append(line)
    return found


_CLEAN = {}


def clean_release_lines(master, solution):
    """The solution lines found in the release of the unmodified ``master`` (computed once)."""
    if master not in _CLEAN:
        out = master.parent / "clean" / "release"
        _, archive = release.build_release(master, out)
        _CLEAN[master] = set(leaked_lines(archive, solution))
    return _CLEAN[master]


LAYERS_PY = "cs231n/layers.py"
NOTEBOOK_1 = "notebooks/1_FullyConnectedNets.ipynb"


def _swap_file(master):
    text = (master / LAYERS_PY).read_bytes()
    return b"b0VIM 9.0\0\0\0\0root\0\0host\0" + text + b"\0" * 64


def _gzip_backup(master):
    import gzip

    return gzip.compress((master / LAYERS_PY).read_bytes())


def _latin1_notes(master):
    solution = "\n".join(solution_text(master)[:40])
    return ("Notes for TAs (café):\n" + solution + "\n").encode("latin-1", errors="replace")


def _marker_free_copy(master):
    text = (master / LAYERS_PY).read_text(encoding="utf-8")
    return "\n".join(
        line
        for line in text.splitlines()
        if line.strip() not in ("# BEGIN SOLUTION", "# END SOLUTION")
    )


def _notebook_with(master, change):
    notebook = json.loads((master / NOTEBOOK_1).read_text(encoding="utf-8"))
    change(notebook, solution_text(master))
    return json.dumps(notebook, indent=1)


def _cell_metadata(notebook, solution):
    notebook["cells"][5]["metadata"]["solution"] = solution[:20]
    notebook["metadata"]["instructor_notes"] = "\n".join(solution[20:40])


def _attachment(notebook, solution):
    import base64

    blob = base64.b64encode("\n".join(solution).encode("utf-8")).decode("ascii")
    cell = notebook["cells"][4]
    cell["attachments"] = {"answer.png": {"image/png": blob}}
    cell["source"] = ["![answer](attachment:answer.png)\n", *cell["source"]]


def _jpeg_with_comment(master):
    comment = "\n".join(solution_text(master)[:30]).encode("utf-8")[:60000]
    return b"\xff\xd8\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + b"\xff\xd9"


def _typo_in_both_markers(master):
    text = (master / LAYERS_PY).read_text(encoding="utf-8")
    return text.replace("# BEGIN SOLUTION", "# BEGIN SOLUTON", 1).replace(
        "# END SOLUTION", "# END SOLUTON", 1
    )


def _marker_with(replacement):
    def seed(master):
        text = (master / LAYERS_PY).read_text(encoding="utf-8")
        return text.replace("# BEGIN SOLUTION", replacement, 1)

    return seed


# (name, files to write {path: content function}, tracked?, extra provided files, expected error
# or None when the build succeeds without the accident's bytes)
ACCIDENTS = [
    ("swap file, tracked", {"cs231n/.layers.py.swp": _swap_file}, True, (), "not listed"),
    ("swap file, untracked", {"cs231n/.layers.py.swp": _swap_file}, False, (), None),
    (
        "swap file, listed",
        {"cs231n/.layers.py.swp": _swap_file},
        True,
        ("cs231n/.layers.py.swp",),
        "cs231n/.layers.py.swp \\(hidden file\\)",
    ),
    (
        "latin-1 text file, listed",
        {"datasets/NOTES.txt": _latin1_notes},
        True,
        ("datasets/NOTES.txt",),
        "datasets/NOTES.txt \\(not UTF-8 text",
    ),
    ("gzip backup, tracked", {"cs231n/layers.py.gz": _gzip_backup}, True, (), "not listed"),
    (
        "gzip backup, listed",
        {"datasets/layers.py.gz": _gzip_backup},
        True,
        ("datasets/layers.py.gz",),
        "datasets/layers.py.gz \\(backup, swap, archive or compiled file\\)",
    ),
    (
        "marker-free copy, listed",
        {"datasets/layers_reference.py": _marker_free_copy},
        True,
        ("datasets/layers_reference.py",),
        "datasets/layers_reference.py: solution line",
    ),
    (
        "marker-free copy in the package",
        {"cs231n/layers_reference.py": _marker_free_copy},
        True,
        (),
        "not listed in instructor/shipped.py: cs231n/layers_reference.py",
    ),
    ("symlink into tests/", {"notebooks/tests": "../tests"}, True, (), "not listed"),
    (
        "symlink into tests/, listed",
        {"datasets/test_layers.py": "../tests/test_layers.py"},
        True,
        ("datasets/test_layers.py",),
        "datasets/test_layers.py \\(symbolic link\\)",
    ),
    (
        "text named like an image, listed",
        {"datasets/figure.png": _marker_free_copy},
        True,
        ("datasets/figure.png",),
        "datasets/figure.png \\(not the image its name says\\)",
    ),
    (
        "image with solution text in its comment, listed",
        {"datasets/figure.jpg": _jpeg_with_comment},
        True,
        ("datasets/figure.jpg",),
        "datasets/figure.jpg: a new provided file",  # its comment stripped (round 8, row 15)
    ),
    (
        "notebook cell metadata",
        {NOTEBOOK_1: lambda m: _notebook_with(m, _cell_metadata)},
        True,
        (),
        None,
    ),
    (  # its text changed: refused until recorded (test_heldout2_release: then no attachment)
        "markdown attachment",
        {NOTEBOOK_1: lambda m: _notebook_with(m, _attachment)},
        True,
        (),
        "1_FullyConnectedNets.ipynb cell 5: text cell is not its reviewed form",
    ),
    (
        "typo in both markers",
        {LAYERS_PY: _typo_in_both_markers},
        True,
        (),
        "cs231n/layers.py:\\d+: '# BEGIN SOLUTON' looks like a solution marker",
    ),
    (
        "non-breaking space in a marker",
        {LAYERS_PY: _marker_with("# BEGIN\u00a0SOLUTION")},
        True,
        (),
        "cs231n/layers.py:\\d+: .* looks like a solution marker",
    ),
    (
        "zero-width space in a marker",
        {LAYERS_PY: _marker_with("# BEGIN SOLU\u200bTION")},
        True,
        (),
        "cs231n/layers.py:\\d+: .* looks like a solution marker",
    ),
    (
        "SOLUTION BEGIN",
        {LAYERS_PY: _marker_with("# SOLUTION BEGIN")},
        True,
        (),
        "cs231n/layers.py:\\d+: '# SOLUTION BEGIN' looks like a solution marker",
    ),
]


@pytest.mark.parametrize(
    "files, tracked, listed, error", [pytest.param(*a[1:], id=a[0]) for a in ACCIDENTS]
)
def test_release_refuses_or_excludes_each_accident(
    master_copy, tmp_path, files, tracked, listed, error
):
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    solution = [line for line in solution_text(master_copy) if len(line) >= 4]
    for relpath, content in files.items():
        target = master / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if relpath in ("notebooks/tests", "datasets/test_layers.py"):
            target.symlink_to(content)
            continue
        data = content(master)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if tracked:
        git(master, "add", "-f", *files)
        git(master, "commit", "-q", "-m", "accident")
    lists = {
        "student_files": shipped.STUDENT_FILES,
        "provided_files": shipped.PROVIDED_FILES + tuple(listed),
    }
    out = tmp_path / "out" / "release"
    if error is not None:
        with pytest.raises((ValueError, release.MarkerError, release.LeakError), match=error):
            release.build_release(master, out, **lists)
        assert not out.exists() and not out.with_suffix(".zip").exists()
        return
    built, archive = release.build_release(master, out, **lists)
    assert not [path for path in built.files if path in files and path != NOTEBOOK_1]
    # Solution lines also found in a release of the clean master are provided code too
    # (``return out, cache``); every other one must be absent from every byte of the zip.
    clean = [line for line in solution if line not in clean_release_lines(master_copy, solution)]
    assert len(clean) > 200
    assert leaked_lines(archive, clean) == []
    notebook = json.loads(built.files[NOTEBOOK_1])
    assert all(cell["metadata"] == {} and "attachments" not in cell for cell in notebook["cells"])
    assert set(notebook["metadata"]) <= {"kernelspec", "language_info"}


def test_leak_scan_reads_every_encoding_and_compressed_content():
    import bz2
    import gzip
    import lzma

    line = "mask = (rand(*x.shape) < p) / p"
    plain = f"x = 1\n{line}\n"
    for data in (
        plain.encode("utf-16"),
        plain.encode("latin-1"),
        b"junk" + gzip.compress(plain.encode()) + b"junk",
        bz2.compress(plain.encode("utf-32")),
        lzma.compress(gzip.compress(plain.encode())),
        json.dumps({"source": [plain]}).encode(),
    ):
        assert release.find_leaks({"f": data}, {line}) == [f"f: solution line {line!r}"], data
    assert release.find_leaks({"f": b"x = 1\n"}, {line}) == []


# --------------------------------------------------------------------------------------------
# Every command and file the release's instructions name exists in the release and works
# --------------------------------------------------------------------------------------------

_COMMAND = re.compile(r"^(?:\$ )?((?:python3? |pytest|make|jupyter|pip)[^#`\n]*)", re.MULTILINE)
_INLINE = re.compile(r"`([^`\n]+)`")


def release_instructions(directory):
    """(where, text) of the release's README files and its notebooks' markdown cells."""
    texts = [
        (path.relative_to(directory).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(directory.rglob("README.md"))
    ]
    for path in sorted((directory / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for number, cell in enumerate(notebook["cells"], start=1):
            if cell["cell_type"] == "markdown":
                texts.append((f"{path.name} cell {number}", "".join(cell["source"])))
    return texts


def named_commands(text):
    """Commands in code blocks, indented lines and inline code of a markdown text."""
    candidates = [m.strip() for m in _INLINE.findall(text)]
    candidates += [line.strip() for line in text.splitlines()]
    commands = set()
    for candidate in candidates:
        match = _COMMAND.match(candidate)
        if match and len(match.group(1).split()) > 1:
            commands.add(" ".join(match.group(1).split()))
    return commands


def test_every_command_and_file_the_release_names_exists_and_works(built):
    directory = built["dir"]
    makefile = (directory / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    commands = {}
    for where, text in release_instructions(directory):
        for command in named_commands(text):
            commands.setdefault(command, where)
        for path in re.findall(r"`((?:\.\./)?(?:cs231n|notebooks|datasets|tests)/[\w./-]*)`", text):
            if "cifar" in path.lower():  # data folders appear once CIFAR-10 is fetched
                continue
            base = directory / "notebooks" if path.startswith("../") else directory
            assert (base / path).exists(), f"{where} names {path}, which the release lacks"
    assert len(commands) >= 10, commands
    ran = []
    for command, where in sorted(commands.items()):
        words = command.split()
        if words[0] == "make":
            assert words[1] in targets, f"{where}: `{command}`: no such target"
        elif words[:3] == ["python", "-m", "cs231n.grade"]:
            run = run_in_release(directory, *words[1:], timeout=600)
            assert run.returncode == 1 and "Score" in run.stdout, (where, command, run.stderr)
            ran.append(command)
        elif words[0] == "pytest" or words[:3] == ["python", "-m", "pytest"]:
            args = words[1:] if words[0] == "pytest" else words[3:]
            run = run_in_release(directory, "-m", "pytest", "--collect-only", "-q", *args)
            assert run.returncode == 0 and "tests collected" in run.stdout, (where, command)
            ran.append(command)
        elif words[0] in ("python", "python3") and words[1].endswith(".py"):
            assert (directory / words[1]).is_file(), f"{where}: `{command}`: no {words[1]}"
        elif words[0] == "pip" and "-r" in words:
            assert (directory / words[words.index("-r") + 1]).is_file(), (where, command)
    assert any("cs231n.grade --part" in c for c in ran) and any("pytest -m" in c for c in ran)
    assert not [c for c in commands if "tests/test_" in c or "CS231N_FAST" in c]
    for where, text in release_instructions(directory):
        assert "../shared" not in text and "CS231N_FAST" not in text, where


# --------------------------------------------------------------------------------------------
# Accidents the markers cannot see: the reviewed record (instructor/release_record) catches them
# --------------------------------------------------------------------------------------------

# Solution lines of the master used by the accidents below (each is in a region of layers.py).
SECRET = [
    "mask = (rand(*x.shape) < p).astype(x.dtype) / p",
    "inv_std = 1.0 / np.sqrt(var + eps)",
    "running_mean = momentum * running_mean + (1 - momentum) * mean",
]
PROVIDED_PY = "cs231n/layer_utils.py"
README_TEMPLATE = "release_files/README.md"


def _append(relpath, text):
    def seed(master):
        return (master / relpath).read_text(encoding="utf-8") + text

    return seed


def _without_markers_of(function):
    """layers.py with the markers of one function's regions deleted (its solution stays)."""

    def seed(master):
        text = (master / LAYERS_PY).read_text(encoding="utf-8")
        head, body = text.split(f"def {function}(", 1)
        body, tail = body.split("\ndef ", 1)
        body = "\n".join(
            line
            for line in body.split("\n")
            if line.strip() not in ("# BEGIN SOLUTION", "# END SOLUTION")
        )
        return f"{head}def {function}({body}\ndef {tail}"

    return seed


def _helper_with_solution(master):
    """The dropout mask moved into an unmarked helper that the (still marked) region calls."""
    text = (master / LAYERS_PY).read_text(encoding="utf-8")
    text = text.replace(SECRET[0], "mask = _keep_mask(rand, x, p)")
    return text + f"\n\ndef _keep_mask(rand, x, p):\n    {SECRET[0]}\n    return mask\n"


def _notebook_cells(change):
    def seed(master):
        notebook = json.loads((master / NOTEBOOK_1).read_text(encoding="utf-8"))
        change(notebook)
        return json.dumps(notebook, indent=1)

    return seed


def _instructor_cell(notebook):
    source = "# instructor check, do not ship\ndef reference_dropout(x, p, rand):\n"
    source += f"    {SECRET[0]}\n    return x * mask\n"
    notebook["cells"].insert(6, code_cell(source, "instructor"))


def _html_comment_cell(notebook):
    note = f"<!-- TA note: the mask is {SECRET[0]} -->\n"
    notebook["cells"].insert(3, markdown_cell("Read the docs.\n" + note, "ta-note"))


def _blob(encode):
    text = "\n".join(SECRET).encode("utf-8")
    return f'\n_TABLE = "{encode(text)}"\n'


def _base64(data):
    import base64

    return base64.b64encode(data).decode("ascii")


def _base64_split(data):
    encoded = _base64(data)
    return '"\n    "'.join(encoded[i : i + 40] for i in range(0, len(encoded), 40))


def _hex_escapes(data):
    return "".join(f"\\x{byte:02x}" for byte in data)


def _spaced(line):
    return re.sub(r"\s*([=*/+()<,-])\s*", r" \1 ", line).replace("  ", " ")


def _unmark_first_answer(notebook):
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "<!-- BEGIN SOLUTION -->" in source:
            lines = source.split("\n")
            lines = [
                x
                for x in lines
                if x.strip() not in ("<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->")
            ]
            cell["source"] = "\n".join(lines)
            return


def _quoted(text):
    import urllib.parse

    return urllib.parse.quote(text)


def _base64_gzip(data):
    import gzip

    return _base64(gzip.compress(data))


RECORD_ACCIDENTS = [
    # (id, {path: content}, committed?, expected error)
    (
        "release_files override of a student file",
        {"release_files/cs231n/layers.py": _marker_free_copy},
        True,
        "release_files/ may not replace a student file .*: release_files/cs231n/layers.py",
    ),
    (
        "markers deleted, committed",
        {LAYERS_PY: _without_markers_of("dropout_forward")},
        True,
        "graded function dropout_forward is not exactly its reviewed stub",
    ),
    (
        "markers deleted, not committed",
        {LAYERS_PY: _without_markers_of("batchnorm_forward")},
        False,
        "graded function batchnorm_forward is not exactly its reviewed stub",
    ),
    (
        "every marker deleted",
        {LAYERS_PY: _marker_free_copy},
        True,
        "graded function affine_forward is not exactly its reviewed stub",
    ),
    (
        "solution moved into an unmarked helper",
        {LAYERS_PY: _helper_with_solution},
        True,
        "_keep_mask is not in the reviewed record",
    ),
    (
        "unmarked instructor notebook cell",
        {NOTEBOOK_1: _notebook_cells(_instructor_cell)},
        True,
        "notebooks/1_FullyConnectedNets.ipynb cell 7: code cell is not its reviewed form",
    ),
    (
        "snippet in the README template",
        {README_TEMPLATE: _append(README_TEMPLATE, f"\n```python\n{SECRET[1]}\n```\n")},
        True,
        "README.md: solution line",
    ),
    (
        "commented-out copy in provided code",
        {PROVIDED_PY: _append(PROVIDED_PY, f"\n# old version:\n#     {SECRET[0]}\n")},
        True,
        "cs231n/layer_utils.py: solution line",
    ),
    (
        "commented-out copy in a student file",
        {LAYERS_PY: _append(LAYERS_PY, f"\n# {SECRET[2]}\n")},
        True,
        "cs231n/layers.py: module-level code or comments differ",
    ),
    (
        "docstring quote",
        {
            PROVIDED_PY: _append(
                PROVIDED_PY, f'\n\ndef note():\n    """As in the solution: ``{SECRET[1]}``."""\n'
            )
        },
        True,
        "cs231n/layer_utils.py: solution line 'inv_std",
    ),
    (
        "base64 blob",
        {PROVIDED_PY: _append(PROVIDED_PY, _blob(_base64))},
        True,
        "cs231n/layer_utils.py: solution line .* \\(normalized\\)",
    ),
    (
        "base64 blob split over strings",
        {PROVIDED_PY: _append(PROVIDED_PY, _blob(_base64_split))},
        True,
        "cs231n/layer_utils.py: solution line .* \\(normalized\\)",
    ),
    (
        "hex blob",
        {PROVIDED_PY: _append(PROVIDED_PY, _blob(lambda data: data.hex()))},
        True,
        "cs231n/layer_utils.py: solution line .* \\(normalized\\)",
    ),
    (
        "hex escapes",
        {PROVIDED_PY: _append(PROVIDED_PY, _blob(_hex_escapes))},
        True,
        "cs231n/layer_utils.py: solution line .* \\(normalized\\)",
    ),
    (
        "paste with changed spaces",
        {PROVIDED_PY: _append(PROVIDED_PY, "\n" + "\n".join(map(_spaced, SECRET)) + "\n")},
        True,
        "cs231n/layer_utils.py: solution line .* \\(normalized\\)",
    ),
    (
        "paste with changed spaces, quotes and case",
        {
            PROVIDED_PY: _append(
                PROVIDED_PY, "\nRUNNING_MEAN = MOMENTUM*RUNNING_MEAN+(1-MOMENTUM)*MEAN\n"
            )
        },
        True,
        "cs231n/layer_utils.py: solution line 'running_mean",
    ),
    (
        "TA note in an HTML comment of a notebook",
        {NOTEBOOK_1: _notebook_cells(_html_comment_cell)},
        True,
        "notebooks/1_FullyConnectedNets.ipynb: solution line 'mask",
    ),
    (
        "TA note in an HTML comment of the README",
        {README_TEMPLATE: _append(README_TEMPLATE, f"\n<!-- TA: {SECRET[2]} -->\n")},
        True,
        "README.md: solution line 'running_mean",
    ),
    # Further accidents, tried after the list above.
    (
        "written answer with its markers deleted",
        {NOTEBOOK_1: _notebook_cells(lambda nb: _unmark_first_answer(nb))},
        True,
        "notebooks/1_FullyConnectedNets.ipynb: solution line",
    ),
    (
        "a line continued with a backslash",
        {PROVIDED_PY: _append(PROVIDED_PY, "\nvalue = " + SECRET[2].replace(" + ", " \\\n    + "))},
        True,
        "cs231n/layer_utils.py: solution line 'running_mean",
    ),
    (
        "adjacent string literals",
        {
            PROVIDED_PY: _append(
                PROVIDED_PY, '\nNOTE = ("mask = (rand" "(*x.shape) < p).astype(x.dtype) / p")\n'
            )
        },
        True,
        "cs231n/layer_utils.py: solution line 'mask",
    ),
    (
        "percent-encoded link in the README",
        {
            README_TEMPLATE: _append(
                README_TEMPLATE, f"\n[hint](https://example.org/?q={_quoted(SECRET[1])})\n"
            )
        },
        True,
        "README.md: solution line 'inv_std",
    ),
    (
        "base64 of gzip",
        {PROVIDED_PY: _append(PROVIDED_PY, _blob(_base64_gzip))},
        True,
        "cs231n/layer_utils.py: solution line",
    ),
    (
        "unlisted template",
        {"release_files/SOLUTIONS.md": lambda master: "answers\n"},
        True,
        "not listed in instructor/shipped.py TEMPLATE_FILES: release_files/SOLUTIONS.md",
    ),
]


def _apply(master, files, committed):
    for relpath, content in files.items():
        target = master / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content(master)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if committed:
        git(master, "add", "-f", *files)
        git(master, "commit", "-q", "-m", "accident")


@pytest.mark.parametrize(
    "files, committed, error", [pytest.param(*a[1:], id=a[0]) for a in RECORD_ACCIDENTS]
)
def test_release_refuses_each_accident_the_markers_cannot_see(
    master_copy, tmp_path, files, committed, error
):
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    _apply(master, files, committed)
    out = tmp_path / "out" / "release"
    with pytest.raises((ValueError, release.LeakError), match=error):
        release.build_release(master, out)
    assert not out.exists() and not out.with_suffix(".zip").exists()
    assert not list(out.parent.glob("*")) if out.parent.exists() else True


def test_a_solution_line_added_to_shared_lines_hides_nothing(master_copy, tmp_path):
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    shared = shipped.SHARED_LINES + (SECRET[0],)
    # In no provided file: the entry itself is refused.
    with pytest.raises(ValueError, match="SHARED_LINES entry .* is in no provided file"):
        release.assemble_release(master, shared_lines=shared)
    # With the markers around it deleted, or pasted into the README template or a notebook:
    # the stub record and the normalized search still see it.
    _apply(master, {PROVIDED_PY: _append(PROVIDED_PY, f"\n# {SECRET[0]}\n")}, True)
    # (a new comment of provided code is reviewed prose: confirmed here as a TA would)
    confirmed = release.assemble_release(
        master, shared_lines=shared, recording=True, ships_code=("cs231n.layer_utils.<module>",)
    )
    release.write_record(master, confirmed)
    release.assemble_release(master, shared_lines=shared)  # allowed where a provided file has it
    for files, error in [
        ({LAYERS_PY: _without_markers_of("dropout_forward")}, "graded function dropout_forward"),
        ({README_TEMPLATE: _append(README_TEMPLATE, SECRET[0])}, "README.md: solution line"),
    ]:
        copy = tmp_path / f"copy{len(error)}"
        shutil.copytree(master, copy, symlinks=True)
        _apply(copy, files, True)
        with pytest.raises((ValueError, release.LeakError), match=error):
            release.assemble_release(copy, shared_lines=shared)


def test_recording_refuses_a_graded_function_that_lost_its_stub(master_copy, tmp_path):
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    record_dir = master / "instructor" / "release_record"
    before = {p: p.read_bytes() for p in record_dir.rglob("*") if p.is_file()}
    _apply(master, {LAYERS_PY: _without_markers_of("dropout_backward")}, False)
    assert release.main(["--record", "--master", str(master)]) == 1
    assert {p: p.read_bytes() for p in record_dir.rglob("*") if p.is_file()} == before
    with pytest.raises(ValueError, match="graded function dropout_backward lost its stub"):
        release.assemble_release(master, recording=True)
    # The solution moved into a new helper (its region now calls it): the new record would
    # hold a recorded solution line outside any stub.
    # Refused first as new code outside a stub; named with --ships-code, as a solution line.
    git(master, "checkout", "-q", "--", LAYERS_PY)
    _apply(master, {LAYERS_PY: _helper_with_solution}, False)
    with pytest.raises(ValueError, match="_keep_mask has new code that would ship"):
        release.assemble_release(master, recording=True)
    with pytest.raises(release.LeakError, match=r"cs231n/layers.py: solution line 'mask = \(rand"):
        release.assemble_release(master, recording=True, ships_code=("_keep_mask",))


def test_the_solution_record_only_grows(master_copy, tmp_path):
    """A solution rewritten in the master: the build asks for a new record; the new record
    keeps the old lines, so deleting the new markers later still finds the old text."""
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    old = "dx = dout * mask"
    text = (master / LAYERS_PY).read_text(encoding="utf-8")
    _apply(master, {LAYERS_PY: lambda m: text.replace(old, "dx = mask * dout")}, True)
    with pytest.raises(ValueError, match="not yet in instructor/release_record"):
        release.assemble_release(master)
    assert release.main(["--record", "--master", str(master)]) == 0
    lines = (master / "instructor/release_record/solution_lines.txt").read_text().splitlines()
    assert old in lines and "dx = mask * dout" in lines
    git(master, "add", "-A")
    git(master, "commit", "-q", "-m", "record")
    release.assemble_release(master)


def test_the_committed_record_matches_the_master():
    """The record in this repository is up to date: the master builds against it, and every
    graded function of the record is a stub (no solution statement between docstring and
    raise)."""
    built = release.assemble_release(MASTER)
    for relpath in shipped.STUDENT_FILES:
        if relpath.endswith(".py"):
            recorded = release.RECORD.read_stub(MASTER, relpath)
            assert recorded == built.files[relpath].decode("utf-8")
            assert release.RECORD.graded_names(recorded)
    assert set(solution_text(MASTER)) - {""} <= release.RECORD.read_solution_lines(MASTER)


def test_a_line_deleted_from_the_committed_record_is_not_forgotten(master_copy, tmp_path):
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    record = master / "instructor/release_record/solution_lines.txt"
    lines = record.read_text().splitlines()
    record.write_text("".join(x + "\n" for x in lines if x != SECRET[1]))
    _apply(master, {PROVIDED_PY: _append(PROVIDED_PY, f"\n# {SECRET[1]}\n")}, True)
    git(master, "commit", "-q", "-am", "record without the line")
    with pytest.raises(release.LeakError, match="cs231n/layer_utils.py: solution line 'inv_std"):
        release.assemble_release(master)


def test_normalized_search_sees_through_disguises():
    import base64
    import codecs
    import gzip
    import urllib.parse

    line = "inv_std = 1.0 / np.sqrt(var + eps)"
    forms = {line: release.RECORD.line_forms(line)}
    disguises = {
        "re-spaced and upper case": "INV_STD=1.0/NP.SQRT( VAR+EPS )",
        "commented out": "#    inv_std = 1.0 / np.sqrt(var + eps)  # old",
        "quoted in a docstring": '"""Use ``inv_std = 1.0 / np.sqrt(var + eps)``."""',
        "HTML comment with entities": "<!-- inv_std = 1.0 &#47; np.sqrt(var &#43; eps) -->",
        "JSON string": json.dumps({"note": [line]}),
        "base64": base64.b64encode(line.encode()).decode(),
        "hex": line.encode().hex(),
        "base64 of gzip": base64.b64encode(gzip.compress(line.encode())).decode(),
        "percent-encoded": urllib.parse.quote(line),
        "unicode escapes": "".join(f"\\u{ord(c):04x}" for c in line),
        "rot13": codecs.encode(line, "rot13"),
        "reversed": line[::-1],
        "continued line": "inv_std = 1.0 / \\\n    np.sqrt(var + eps)",
    }
    for name, text in disguises.items():
        found = release.RECORD.normalized_leaks({"f": text.encode()}, forms, release._layers)
        assert found == [f"f: solution line {line!r} (normalized)"], name
    clean = "inv_std = compute(var)\nnp.sqrt(var)\n"
    assert release.RECORD.normalized_leaks({"f": clean.encode()}, forms, release._layers) == []


def test_a_failed_write_leaves_the_previous_release_and_no_staging(
    tiny_master, tmp_path, monkeypatch
):
    out = tmp_path / "out" / "release"
    release.build_release(tiny_master, out, **TINY_LISTS)
    before = tree(out)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release, "zip_bytes", disk_full)
    with pytest.raises(OSError, match="No space left"):
        release.build_release(tiny_master, out, **TINY_LISTS)
    assert tree(out) == before
    listing = sorted(p.name for p in out.parent.iterdir())
    # the manifest as before; the lock file stays (empty: a lock is held only while it is open)
    assert listing == [".release.lock", ".release.sha256", "release", "release.zip"]


def test_the_gradescope_bundle_does_not_carry_the_record():
    from instructor.autograder.__main__ import bundle_files

    files, _ = bundle_files(MASTER)
    assert not [path for path in files if path.startswith("instructor/release_record/")]
    assert "instructor/release_record.py" in files  # the module the grader's imports need


GENERIC_PROVIDED = '''"""Hints for failing checks (a provided module)."""

HINTS = {
    "affine_forward": "reshape x to (N, D) first; the output is as cheap as possible.",
    "conv_forward_naive": "loop over n, f and the output positions; check the padding.",
}


def shapes(x, dout, w, config):
    N, C, H, W = x.shape
    N = dout.shape[0]
    H, W = x.shape[2:]
    HH, WW = w.shape[2:]
    t = config["t"]
    cache = None
    learning_rate = 1e-2
    for n in range(N):
        for f in range(C):
            pass
    return N, H, W, HH, WW, t, cache, learning_rate
'''


def test_generic_provided_code_is_not_a_leak(master_copy, tmp_path):
    """Loops, shape unpacking, constants and short prose that solutions share with any code."""
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    _apply(master, {"cs231n/hint_catalog.py": lambda m: GENERIC_PROVIDED}, True)
    provided = shipped.PROVIDED_FILES + ("cs231n/hint_catalog.py",)
    # A new provided file is new code: confirmed by its path once it has been read.
    with pytest.raises(ValueError, match="cs231n/hint_catalog.py: a new provided file"):
        release.assemble_release(master, provided_files=provided)
    confirmed = release.assemble_release(
        master, provided_files=provided, recording=True, ships_code=("cs231n/hint_catalog.py",)
    )
    release.write_record(master, confirmed)
    built = release.assemble_release(master, provided_files=provided)
    assert "cs231n/hint_catalog.py" in built.files
