"""`make run` (cs231n/run_notebooks.py): progress per notebook and per long cell, no kernel
warnings, the notebooks written back with --in-place (the release's `make run`), and where the
results are."""

import json

import pytest

from cs231n import run_notebooks
from cs231n.run_notebooks import fraction_done

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")


def test_fraction_done_reads_a_solver_and_a_per_epoch_loop():
    assert fraction_done(["(Iteration 1 / 980) loss: 2.3"]) == pytest.approx(1 / 980)
    solver = ["(Epoch 0 / 1) train acc: 0.1", "(Iteration 490 / 980) loss: 1.8"]
    assert fraction_done(solver) == pytest.approx(0.5)
    loop = ["  iteration 100 / 490: loss 1.7", "epoch 1 / 6: train acc 0.55"]
    assert fraction_done(loop) == pytest.approx(1 / 6)
    loop.append("  iteration 245 / 490: loss 1.3")
    assert fraction_done(loop) == pytest.approx(1.5 / 6)
    assert fraction_done(["iteration 100 / 490"]) is None  # epochs unknown yet
    assert fraction_done(["loss: 2.3", "nothing countable"]) is None


SLOW_CELL = """\
import time
for i in range(1, 5):
    print(f"(Iteration {i} / 4) loss: 1.0", flush=True)
    time.sleep(0.8)
"""


def _notebook(directory, name, *sources):
    cells = [nbformat.v4.new_markdown_cell("# Training a net")]
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    directory.mkdir(exist_ok=True)
    nbformat.write(notebook, directory / name)
    return directory / name


def test_a_long_cell_is_reported_with_its_progress_and_no_kernel_warning(tmp_path, capfd):
    path = _notebook(tmp_path / "notebooks", "1_Scratch.ipynb", "x = 1", SLOW_CELL)
    notebook, error, _ = run_notebooks.execute(
        path, tmp_path, fast=True, timeout=120, progress_every=1
    )
    captured = capfd.readouterr()
    assert error is None
    running = [line for line in captured.out.splitlines() if "running for" in line]
    assert running, captured.out
    assert "cell 3 (code cell 2 of 2, Training a net) running for" in running[-1]
    assert "last output: (Iteration" in running[-1] and "% done, about" in running[-1]
    assert "cell 3 (code cell 2 of 2, Training a net) done in" in captured.out
    assert "without encryption" not in captured.out + captured.err
    assert notebook.cells[2].outputs  # the outputs are still recorded in the notebook


def test_in_place_writes_back_even_a_stopped_notebook_and_says_where_results_are(
    tmp_path, monkeypatch, capsys
):
    directory = tmp_path / "notebooks"
    path = _notebook(directory, "1_Scratch.ipynb", "print('hello')", "raise ValueError('stub')")
    monkeypatch.setattr(run_notebooks, "NOTEBOOK_DIR", directory)
    monkeypatch.chdir(tmp_path)
    status = run_notebooks.main(["--in-place", "--output", str(tmp_path / "runs" / "full")])
    out = capsys.readouterr().out
    assert status == 1
    assert "== [1/1] 1_Scratch.ipynb: running" in out
    assert "   stopped at cell 3 (Training a net): ValueError: stub (after " in out
    assert "Results are in runs/full/:" in out and "runs/full/summary.md" in out
    assert "notebooks/*.ipynb          the same outputs, saved into your notebooks" in out
    saved = json.loads(path.read_text())
    assert saved["cells"][1]["execution_count"] == 1
    assert saved["cells"][2]["outputs"][0]["ename"] == "ValueError"
    assert (tmp_path / "runs" / "full" / "1_Scratch.html").is_file()
