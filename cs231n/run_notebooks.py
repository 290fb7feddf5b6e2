"""Execute the notebooks in order and write the results: the README's main command.

    python -m cs231n.run_notebooks              # full run on all of CIFAR-10
    python -m cs231n.run_notebooks --fast       # the CI-sized run (CS231N_FAST=1)
    python -m cs231n.run_notebooks --only 4     # one notebook (by number or name)

For every notebook it writes, under the output directory (default ``runs/full`` or ``runs/fast``):
the executed notebook, an HTML export, and the headline numbers the notebook reported with
`cs231n.notebook_utils.report`. ``summary.md`` and ``summary.json`` list each notebook's wall time
and numbers. ``--in-place`` also writes the executed notebooks back into ``notebooks/``, as "Run
All" and save in JupyterLab would, also when a cell stopped with an error (the release's `make run`
does this, so `make submit` hands in the notebooks that ran; in the master it is how the committed
outputs are made). A failing cell stops that notebook; the runner goes on with the next one and
exits with status 1 at the end.

While it runs it says which notebook and cell it is in: every ``--progress-every`` seconds (default
30) while a cell has run longer than that, one line with the cell's number and section, how long it
has run, its last output line (a Solver's ``(Iteration 120 / 980)``) and, when that line says how
far it is, an estimate of the time left.
"""

import argparse
import json
import os
import re
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"


def find_notebooks(only=None):
    """The numbered notebooks in order, optionally filtered by number or name fragment."""
    notebooks = sorted(NOTEBOOK_DIR.glob("[0-9]_*.ipynb"))
    if only:
        notebooks = [
            nb
            for nb in notebooks
            if any(nb.name.startswith(f"{o}_") or o.lower() in nb.name.lower() for o in only)
        ]
    return notebooks


# The kernel's own log (for example "Kernel is running over TCP without encryption") is not the
# notebook's output: only errors of the kernel process reach the terminal.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
LONG_CELL_SECONDS = 30


def _duration(seconds):
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    return (
        f"{minutes} min {seconds:02d} s"
        if minutes < 60
        else f"{minutes // 60} h {minutes % 60} min"
    )


_SOLVER_ITERATION = re.compile(r"\(Iteration (\d+) / (\d+)\)")
_EPOCH = re.compile(r"\bepoch (\d+) / (\d+)", re.IGNORECASE)
_ITERATION = re.compile(r"\biteration (\d+) / (\d+)", re.IGNORECASE)


def fraction_done(lines):
    """How far a training cell is (0..1), from its output lines, or None.

    A Solver counts iterations over all epochs: ``(Iteration 120 / 980)``. A loop that counts
    per epoch prints ``iteration 100 / 490`` and ``epoch 2 / 6``.
    """
    epochs_done, epochs, iteration = 0, None, None
    for line in lines:
        solver = _SOLVER_ITERATION.search(line)
        if solver:
            iteration = ("solver", int(solver.group(1)), int(solver.group(2)))
            continue
        epoch = _EPOCH.search(line)
        if epoch:
            epochs_done, epochs = int(epoch.group(1)), int(epoch.group(2))
            if iteration and iteration[0] == "epoch":
                iteration = None
        inner = _ITERATION.search(line)
        if inner:
            iteration = ("epoch", int(inner.group(1)), int(inner.group(2)))
    if iteration and iteration[0] == "solver" and iteration[2]:
        return min(iteration[1] / iteration[2], 1.0)
    if epochs:
        within = iteration[1] / iteration[2] if iteration and iteration[2] else 0.0
        return min((epochs_done + within) / epochs, 1.0)
    return None


class Progress:
    """What the runner says while a notebook runs: the long cells, how far, time left."""

    def __init__(self, notebook, every=LONG_CELL_SECONDS, stream=None):
        self.every, self.stream = every, stream or sys.stdout
        self.sections = cell_sections(notebook)
        self.code_cells = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
        self.cell, self.started, self.lines = None, None, []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)

    def say(self, text):
        print(text, file=self.stream, flush=True)

    def where(self, cell_index):
        number = self.code_cells.index(cell_index) + 1 if cell_index in self.code_cells else "?"
        section = self.sections.get(cell_index)
        return f"cell {cell_index + 1} (code cell {number} of {len(self.code_cells)}" + (
            f", {section})" if section else ")"
        )

    # nbclient hooks (keyword arguments)
    def cell_started(self, cell, cell_index, **_):
        with self.lock:
            self.cell, self.started, self.lines = cell_index, time.monotonic(), []

    def cell_finished(self, cell, cell_index, **_):
        with self.lock:
            seconds = time.monotonic() - self.started if self.started else 0.0
            self.cell, self.started = None, None
        if seconds >= self.every:
            self.say(f"   {self.where(cell_index)} done in {_duration(seconds)}")

    def output(self, text):
        with self.lock:
            self.lines += [line for line in _ANSI.sub("", text).splitlines() if line.strip()]
            del self.lines[:-200]

    def status(self):
        """One line about the running cell, or None if no cell runs long yet."""
        with self.lock:
            if self.cell is None or time.monotonic() - self.started < self.every:
                return None
            cell, seconds, lines = self.cell, time.monotonic() - self.started, list(self.lines)
        line = f"   {self.where(cell)} running for {_duration(seconds)}"
        if lines:
            line += f"; last output: {lines[-1].strip()[:70]}"
        fraction = fraction_done(lines)
        if fraction:
            left = seconds * (1 - fraction) / fraction
            line += f"; {fraction:.0%} done, about {_duration(left)} left"
        return line

    def _watch(self):
        while not self.stop.wait(self.every):
            line = self.status()
            if line:
                self.say(line)


def execute(path, output_dir, fast, timeout, progress_every=LONG_CELL_SECONDS):
    """Run one notebook in its own kernel; returns (executed notebook, error or None, numbers)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    report_file = output_dir / f"{path.stem}.report.jsonl"
    report_file.unlink(missing_ok=True)
    os.environ["CS231N_REPORT"] = str(report_file)
    os.environ["CS231N_FAST"] = "1" if fast else "0"
    notebook = nbformat.read(path, as_version=4)
    progress = Progress(notebook, every=progress_every)

    class Client(NotebookClient):
        def output(self, outs, msg, display_id, cell_index):
            if msg.get("msg_type") == "stream":
                progress.output(msg.get("content", {}).get("text", ""))
            return super().output(outs, msg, display_id, cell_index)

    client = Client(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        extra_arguments=list(KERNEL_ARGUMENTS),
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_execute=progress.cell_started,
        on_cell_executed=progress.cell_finished,
    )
    error = None
    with progress:
        try:
            client.execute()
        except CellExecutionError as exc:
            error = where_it_stopped(notebook, exc)
    numbers = []
    if report_file.exists():
        numbers = [json.loads(line) for line in report_file.read_text().splitlines() if line]
    return notebook, error, numbers


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_STUB = re.compile(r"^(?P<name>[\w.]+): TODO")
_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*$", re.MULTILINE)


def cell_sections(notebook):
    """``{cell index: title of the last markdown heading above it}``."""
    sections, section = {}, None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            titles = _HEADING.findall(cell.source)
            section = titles[-1] if titles else section
        elif section:
            sections[index] = section
    return sections


def where_it_stopped(notebook, error):
    """One plain line: the cell that failed, its section and why, e.g. ``stopped at cell 6
    (Affine layer: forward pass): affine_forward is not implemented yet``."""
    ename = _ANSI.sub("", getattr(error, "ename", "") or "")
    evalue = _ANSI.sub("", getattr(error, "evalue", "") or "").strip()
    number, section = None, None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            titles = _HEADING.findall(cell.source)
            section = titles[-1] if titles else section
        elif any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            number = index + 1  # counted from 1, as a reader counts cells
            break
    stub = _STUB.match(evalue) if ename == "NotImplementedError" else None
    reason = (
        f"{stub.group('name')} is not implemented yet"
        if stub
        else (f"{ename}: {evalue}" if ename else (str(error).strip().splitlines() or ["?"])[-1])
    )
    where = "stopped" if number is None else f"stopped at cell {number}"
    if section:
        where += f" ({section})"
    return f"{where}: {_ANSI.sub('', reason)}"


def export_html(notebook, target):
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(notebook)
    target.write_text(body, encoding="utf-8")


def write_summary(results, output_dir, fast):
    mode = "fast (CS231N_FAST=1)" if fast else "full"
    lines = [
        f"# Notebook run: {mode}",
        "",
        f"Finished {time.strftime('%Y-%m-%d %H:%M:%S')}.",
        "",
        "| notebook | wall time | status | headline numbers |",
        "|---|---|---|---|",
    ]
    for result in results:
        numbers = "; ".join(f"{n['name']} = {n['value']}" for n in result["numbers"]) or "-"
        status = "ok" if result["error"] is None else result["error"]
        lines.append(f"| {result['notebook']} | {result['seconds']:.0f} s | {status} | {numbers} |")
    total = sum(result["seconds"] for result in results)
    lines += ["", f"Total wall time: {total:.0f} s."]
    (output_dir / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (output_dir / "summary.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return "\n".join(lines)


def previous_seconds(output_dir):
    """``{notebook name: wall time}`` of the last run into ``output_dir`` (for estimates)."""
    try:
        results = json.loads((output_dir / "summary.json").read_text(encoding="utf-8"))
        return {r["notebook"]: float(r["seconds"]) for r in results if r.get("error") is None}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="CI-sized run (CS231N_FAST=1)")
    parser.add_argument("--only", nargs="+", help="notebook numbers or names to run")
    parser.add_argument(
        "--output", type=Path, help="output directory (default runs/full or runs/fast)"
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="also write the executed notebooks back into notebooks/ (even when a cell failed)",
    )
    parser.add_argument("--timeout", type=int, default=7200, help="seconds allowed per cell")
    parser.add_argument(
        "--progress-every",
        type=float,
        default=LONG_CELL_SECONDS,
        metavar="SECONDS",
        help=f"report a running cell this often (default {LONG_CELL_SECONDS})",
    )
    args = parser.parse_args(argv)

    import nbformat

    notebooks = find_notebooks(args.only)
    if not notebooks:
        parser.error(f"no notebooks found in {NOTEBOOK_DIR} matching {args.only}")
    output_dir = args.output or ROOT / "runs" / ("fast" if args.fast else "full")
    output_dir.mkdir(parents=True, exist_ok=True)
    before = previous_seconds(output_dir)
    mode = "fast" if args.fast else "full"
    print(
        f"Running {len(notebooks)} notebook(s) in {mode} mode; results go to {output_dir}. "
        f"A cell running longer than {args.progress_every:g} s is reported every "
        f"{args.progress_every:g} s.",
        flush=True,
    )

    results = []
    for number, path in enumerate(notebooks, 1):
        last = f"; last time {_duration(before[path.name])}" if path.name in before else ""
        print(f"== [{number}/{len(notebooks)}] {path.name}: running{last} ...", flush=True)
        start = time.perf_counter()
        notebook, error, numbers = execute(
            path, output_dir, args.fast, args.timeout, args.progress_every
        )
        seconds = time.perf_counter() - start
        nbformat.write(notebook, output_dir / path.name)
        try:
            export_html(notebook, output_dir / f"{path.stem}.html")
        except Exception as exc:  # a broken nbconvert install must not lose the executed notebook
            print(f"   (no HTML export: {type(exc).__name__}: {exc})".splitlines()[0], flush=True)
        if args.in_place:
            nbformat.write(notebook, path)
        status = (
            f"ok in {_duration(seconds)}"
            if error is None
            else f"{error} (after {_duration(seconds)})"
        )
        print(
            f"   {status}" + "".join(f"; {n['name']} = {n['value']}" for n in numbers),
            flush=True,
        )
        results.append(
            {
                "notebook": path.name,
                "seconds": round(seconds, 1),
                "error": error,
                "numbers": numbers,
            }
        )

    print()
    print(write_summary(results, output_dir, args.fast))
    try:
        shown = output_dir.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = output_dir
    print(f"\nResults are in {shown}/:")
    print(f"  {shown}/summary.md        wall times and headline numbers (this table)")
    print(f"  {shown}/<notebook>.html   each notebook with its outputs and plots, for a browser")
    print(f"  {shown}/<notebook>.ipynb  the executed notebooks")
    if args.in_place:
        print("  notebooks/*.ipynb          the same outputs, saved into your notebooks")
    return 0 if all(result["error"] is None for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
