"""`pytest --nbval notebooks` typed as it is runs the checks of `make test`: the nbval options live
in pyproject.toml, conftest.py turns on fast mode and quiet data loading, and data loading is quiet
when asked (nbval compares every output, and the first load of CIFAR-10 prints progress)."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from test_data_utils import write_image_tree

from cs231n.data_utils import load_cifar10_uint8

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

MASTER = Path(__file__).resolve().parent.parent


def test_pytest_configuration_holds_the_nbval_options_and_skip_reasons():
    config = tomllib.loads((MASTER / "pyproject.toml").read_text("utf-8"))
    addopts = config["tool"]["pytest"]["ini_options"]["addopts"].split()
    assert "-rs" in addopts and "--nbval-current-env" in addopts
    sanitizer = addopts[addopts.index("--nbval-sanitize-with") + 1]
    assert (MASTER / sanitizer).is_file()
    makefile = (MASTER / "Makefile").read_text("utf-8")
    assert "--nbval tests notebooks" in makefile and "--nbval-sanitize-with" not in makefile


def test_first_load_prints_progress_unless_quiet(tmp_path, capfd, monkeypatch):
    write_image_tree(tmp_path / "tree", num_train=2, num_test=1)
    monkeypatch.delenv("CS231N_QUIET", raising=False)
    load_cifar10_uint8(source=tmp_path / "tree", cache_dir=tmp_path / "loud")
    assert "Decoding CIFAR-10 images" in capfd.readouterr().err
    monkeypatch.setenv("CS231N_QUIET", "1")
    load_cifar10_uint8(source=tmp_path / "tree", cache_dir=tmp_path / "quiet")
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_typed_nbval_run_is_fast_quiet_and_sanitized(tmp_path):
    """A notebook run as `pytest --nbval DIR` (no other option, from another folder) sees
    CS231N_FAST=1 and CS231N_QUIET=1, and the sanitizer turns a relative error into ERROR."""
    nbformat = __import__("pytest").importorskip("nbformat")
    source = textwrap.dedent(
        """\
        import os
        print(os.environ.get("CS231N_FAST"), os.environ.get("CS231N_QUIET"))
        print("x: relative error 1.2e-09  PASS (needs < 1e-08)")
        """
    )
    cell = nbformat.v4.new_code_cell(source, execution_count=1)
    cell.outputs = [
        nbformat.v4.new_output(
            "stream", name="stdout", text="1 1\nx: relative error 7.7e-12  PASS (needs < 1e-08)\n"
        )
    ]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata["kernelspec"] = {"name": "no-such-kernel", "display_name": "none"}
    folder = (
        MASTER / "tests" / f".typed-nbval-{os.getpid()}"
    )  # not notebooks/: the release lists it
    folder.mkdir()
    try:
        nbformat.write(notebook, folder / "typed.ipynb")
        env = {k: v for k, v in os.environ.items() if k not in ("CS231N_FAST", "CS231N_QUIET")}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--nbval", str(folder)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout


def test_readme_starts_with_the_data_source_and_the_times_of_the_two_commands():
    top = (MASTER / "README.md").read_text("utf-8").split("\n## ")[0]
    first = top.split("```")[1]  # the first code block: the two commands
    assert "export CIFAR10_SOURCE=" in first
    for command in ("make test", "make run"):
        line = next(line for line in first.splitlines() if line.startswith(command))
        assert re.search(r"~\d+ min on 2 cores", line), line
    assert "What they print, and how long they take" in top and "load average" in top


def test_ci_tests_the_python_floor_and_ceiling_the_readme_names():
    ci = (MASTER / ".ci" / "run").read_text("utf-8")
    floor = re.search(r"^FLOOR=(\S+)", ci, re.MULTILINE).group(1)
    ceiling = re.search(r"^CEILING=(\S+)", ci, re.MULTILINE).group(1)
    assert (floor, ceiling) == ("3.10", "3.13")
    assert 'for python in "$floor_python" "$ceiling_python"' in ci
    readme = (MASTER / "README.md").read_text("utf-8")
    assert f"Python {floor} to {ceiling}" in readme
    config = tomllib.loads((MASTER / "pyproject.toml").read_text("utf-8"))
    assert config["project"]["requires-python"] == f">={floor}"


def test_build_and_course_outputs_are_ignored_by_git():
    names = [
        "release.zip",
        "release/x",
        "submission.zip",
        "autograder.zip",
        "runs/x",
        ".venv-3.13/x",
    ]
    done = subprocess.run(
        ["git", "check-ignore", *names], cwd=MASTER, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == names
