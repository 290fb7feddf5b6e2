"""Run the original CS231n Assignment 2 notebooks against this package, cell by cell.

The originals are not part of this repository. Put public copies (with the outputs their students
committed) in a folder of one subfolder per year, and point ``CS231N_ORIGINALS`` at it::

    $CS231N_ORIGINALS/2020/FullyConnectedNets.ipynb  BatchNormalization.ipynb  ...
    $CS231N_ORIGINALS/2022/FullyConnectedNets.ipynb  ...

    python tests/compat_notebooks.py [ORIGINALS]     # prints the report
    CS231N_ORIGINALS=... python -m pytest tests/test_compat_notebooks.py

Each notebook runs in its own process, in an IPython shell whose working directory is a temporary
folder holding a link ``cs231n`` to this package (so relative paths such as
``cs231n/notebook_images/kitten.jpg`` resolve and nothing is written into the repository).
CIFAR-10 comes from wherever :mod:`cs231n.data_utils` finds it (``CIFAR10_SOURCE``).

* Environment cells (Colab drive mounts, shell commands such as ``!python setup.py ...``,
  ``%cd``) are skipped and counted; ``%matplotlib`` lines are dropped (the backend is Agg).
* Long training is shortened, never the code that runs: ``cs231n.solver.Solver`` is replaced by
  a subclass that keeps at most ``MAX_TRAIN`` training examples and lowers ``num_epochs`` so that
  a run takes at most about ``MAX_ITERATIONS`` updates. Small-data runs (overfitting 50 or 100
  examples) keep their length.
* Every number a cell prints on a line about an error or a difference ("dx error: 1e-10",
  "W1 relative error: 3e-8", "difference: 2e-8") is paired, in order, with the same line of the
  original's committed output, when both print the same labels in the same order (otherwise the
  student's cell computed something else, e.g. a net without the batch norm it was asked for, and
  the cell is reported as not comparable). A value more than ``WORSE_FACTOR`` times the
  original's is reported as *worse* when it is above ``NOISE_FLOOR`` (below it, both are rounding
  noise of gradients that are correct), and as *wrong* when it is above ``WRONG_FLOOR`` too (the
  course notebooks accept errors up to 1e-2 for the conv net; a wrong gradient gives about 1).
"""

import contextlib
import io
import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ("FullyConnectedNets", "BatchNormalization", "Dropout", "ConvolutionalNetworks")
MAX_TRAIN = 1000
MAX_ITERATIONS = 60
CELL_TIMEOUT = 600  # seconds
NOTEBOOK_TIMEOUT = 1800  # seconds
WORSE_FACTOR = 10.0
NOISE_FLOOR = 1e-6
WRONG_FLOOR = 1e-3

# Code (comments removed) that only makes sense on Colab or in a shell.
ENVIRONMENT_CELL = re.compile(
    r"google\.colab|drive\.mount|FOLDERNAME|^\s*!|^\s*%(cd|mkdir|cp|mv|rm|ls|pip|bash)\b",
    re.MULTILINE,
)
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
ERROR_LINE = re.compile(
    rf"^(?P<label>[^\n:]*?(?:error|difference|diff)[^\n:]*?)\s*[:=]\s*(?P<value>{NUMBER})\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def originals_dir():
    """The folder named by CS231N_ORIGINALS, or None when it is unset or missing."""
    value = os.environ.get("CS231N_ORIGINALS")
    return Path(value) if value and Path(value).is_dir() else None


def find_notebooks(originals):
    """``[(year, path)]`` of the course notebooks under ``originals/<year>/``."""
    found = []
    for year_dir in sorted(p for p in Path(originals).iterdir() if p.is_dir()):
        for name in NOTEBOOKS:
            path = year_dir / f"{name}.ipynb"
            if path.is_file():
                found.append((year_dir.name, path))
    return found


# ---------------------------------------------------------------------------------------------
# Cells and their outputs
# ---------------------------------------------------------------------------------------------


def code_cells(notebook_path):
    notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cells.append({"source": source, "output": output_text(cell.get("outputs", []))})
    return cells


def output_text(outputs):
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            text = output.get("text", "")
        elif output.get("output_type") in ("execute_result", "display_data"):
            text = output.get("data", {}).get("text/plain", "")
        elif output.get("output_type") == "error":
            text = f"{output.get('ename')}: {output.get('evalue')}"
        else:
            text = ""
        parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def without_comments(source):
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))


def is_environment_cell(source):
    return bool(ENVIRONMENT_CELL.search(without_comments(source)))


def runnable_source(source):
    """The cell without ``%matplotlib`` lines (the backend is Agg)."""
    return "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith("%matplotlib")
    )


def printed_errors(text):
    """``[(label, value)]`` for every printed error / difference line."""
    found = []
    for match in ERROR_LINE.finditer(text):
        try:
            value = float(match["value"])
        except ValueError:
            continue
        found.append((" ".join(match["label"].split()).lower(), value))
    return found


def compare_errors(original_text, our_text):
    """``[(label, ours, original)]`` for the printed errors, or None when the two cells print
    different labels (then they computed different things and no pair means anything)."""
    original, ours = printed_errors(original_text), printed_errors(our_text)
    if [label for label, _ in original] != [label for label, _ in ours]:
        return None
    return [(label, our_value, value) for (label, value), (_, our_value) in zip(original, ours)]


def is_worse(ours, original, floor=NOISE_FLOOR):
    return abs(ours) > floor and abs(ours) > WORSE_FACTOR * abs(original)


# ---------------------------------------------------------------------------------------------
# Running one notebook (in a child process)
# ---------------------------------------------------------------------------------------------


def _shorten_training():
    """Replace cs231n.solver.Solver by a subclass that trains on less data for fewer epochs."""
    import cs231n.solver

    class ShortSolver(cs231n.solver.Solver):
        def __init__(self, model, data, **kwargs):
            data = dict(data)
            for key in ("X_train", "y_train"):
                data[key] = data[key][:MAX_TRAIN]
            batch_size = kwargs.get("batch_size", 100)
            per_epoch = max(len(data["X_train"]) // batch_size, 1)
            epochs = kwargs.get("num_epochs", 10)
            kwargs["num_epochs"] = max(1, min(epochs, MAX_ITERATIONS // per_epoch))
            super().__init__(model, data, **kwargs)

    cs231n.solver.Solver = ShortSolver


class _CellTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _CellTimeout(f"cell took more than {CELL_TIMEOUT} s")


def run_notebook(notebook_path):
    """Execute the notebook's cells in an IPython shell; returns the per-cell records."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    from IPython.core.interactiveshell import InteractiveShell

    _shorten_training()
    shell = InteractiveShell.instance(colors="nocolor")
    signal.signal(signal.SIGALRM, _on_alarm)
    records = []
    for index, cell in enumerate(code_cells(notebook_path)):
        record = {"index": index, "first_line": cell["source"].strip().split("\n")[0][:80]}
        if is_environment_cell(cell["source"]):
            record["status"] = "environment"
            records.append(record)
            continue
        output = io.StringIO()
        start = time.perf_counter()
        signal.alarm(CELL_TIMEOUT)
        try:
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                result = shell.run_cell(runnable_source(cell["source"]), store_history=True)
        finally:
            signal.alarm(0)
        error = result.error_before_exec or result.error_in_exec
        record.update(
            status="failed" if error else "ok",
            seconds=round(time.perf_counter() - start, 2),
            error=f"{type(error).__name__}: {error}"[:300] if error else None,
            errors=compare_errors(cell["output"], output.getvalue()),
        )
        records.append(record)
    return records


def run_in_child(notebook_path, timeout=NOTEBOOK_TIMEOUT):
    """Run one notebook in a fresh Python process, in a temporary working directory."""
    with tempfile.TemporaryDirectory(prefix="cs231n-compat-") as work:
        os.symlink(ROOT / "cs231n", Path(work) / "cs231n")
        result_file = Path(work) / "result.json"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "MPLBACKEND": "Agg",
        }
        start = time.perf_counter()
        child = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                str(notebook_path),
                str(result_file),
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        seconds = time.perf_counter() - start
        if child.returncode != 0 or not result_file.exists():
            raise RuntimeError(f"running {notebook_path} failed:\n{child.stderr[-3000:]}")
        records = json.loads(result_file.read_text())
    return summarize(records, seconds)


def summarize(records, seconds):
    ran = [r for r in records if r["status"] != "environment"]
    failed = [r for r in ran if r["status"] == "failed"]
    comparable = [r for r in ran if r["errors"] is not None]
    pairs = [pair for r in comparable for pair in r["errors"]]
    worse = [(r["index"], *pair) for r in comparable for pair in r["errors"] if is_worse(*pair[1:])]
    wrong = [entry for entry in worse if is_worse(*entry[2:], floor=WRONG_FLOOR)]
    ratios = [ours / original for _, ours, original in pairs if original > 0 and ours > 0]
    return {
        "cells": len(records),
        "environment": len(records) - len(ran),
        "ran": len(ran),
        "failed": [(r["index"], r["first_line"], r["error"]) for r in failed],
        "not_comparable": [r["index"] for r in ran if r["errors"] is None and r["status"] == "ok"],
        "errors_compared": len(pairs),
        "worse": worse,
        "wrong": wrong,
        "max_log10_ratio": round(max(math.log10(x) for x in ratios), 2) if ratios else None,
        "seconds": round(seconds, 1),
    }


def report_line(year, name, summary):
    ratio = summary["max_log10_ratio"]
    ratio = "-" if ratio is None else ratio
    return (
        f"{year} {name:<22} cells {summary['cells']:>3}  env {summary['environment']:>2}  "
        f"ran {summary['ran']:>3}  failed {len(summary['failed']):>2}  errors compared "
        f"{summary['errors_compared']:>3}  worse {len(summary['worse']):>2}  wrong "
        f"{len(summary['wrong']):>2}  max log10(ours/orig) {ratio:>5}  "
        f"{summary['seconds']:>6.1f} s"
    )


def main(argv):
    if len(argv) == 3 and argv[0] == "--child":
        records = run_notebook(argv[1])
        Path(argv[2]).write_text(json.dumps(records))
        return 0
    originals = Path(argv[0]) if argv else originals_dir()
    if originals is None or not originals.is_dir():
        print(
            "usage: python tests/compat_notebooks.py ORIGINALS (or set CS231N_ORIGINALS)",
            file=sys.stderr,
        )
        return 2
    totals = {"ran": 0, "failed": 0, "environment": 0, "errors_compared": 0, "worse": 0, "wrong": 0}
    for year, path in find_notebooks(originals):
        summary = run_in_child(path)
        print(report_line(year, path.stem, summary), flush=True)
        for index, first_line, error in summary["failed"]:
            print(f"    failed cell {index} ({first_line!r}): {error}")
        for index, label, ours, original in summary["worse"]:
            print(f"    worse: cell {index} {label}: {ours:.2e} vs {original:.2e}")
        if summary["not_comparable"]:
            print(f"    printed errors not comparable in cells {summary['not_comparable']}")
        for key in ("ran", "environment", "errors_compared"):
            totals[key] += summary[key]
        for key in ("failed", "worse", "wrong"):
            totals[key] += len(summary[key])
    print("total: " + ", ".join(f"{key} {value}" for key, value in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
