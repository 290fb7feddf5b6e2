"""Execute the notebooks in order and write the results: the README's main command.

    python -m cs231n.run_notebooks              # full run on all of CIFAR-10
    python -m cs231n.run_notebooks --fast       # the CI-sized run (CS231N_FAST=1)
    python -m cs231n.run_notebooks --only 4     # one notebook (by number or name)

For every notebook it writes, under the output directory (default ``runs/full`` or ``runs/fast``):
the executed notebook, an HTML export, and the headline numbers the notebook reported with
`cs231n.notebook_utils.report`. ``summary.md`` and ``summary.json`` list each notebook's wall time
and numbers. ``--in-place`` also writes the executed notebooks back into ``notebooks/`` (this is how
the committed outputs are made). A failing cell stops that notebook; the runner goes on with the
next one and exits with status 1 at the end.
"""

import argparse
import json
import os
import re
import sys
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


def execute(path, output_dir, fast, timeout):
    """Run one notebook in its own kernel; returns (executed notebook, error or None, numbers)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    report_file = output_dir / f"{path.stem}.report.jsonl"
    report_file.unlink(missing_ok=True)
    os.environ["CS231N_REPORT"] = str(report_file)
    os.environ["CS231N_FAST"] = "1" if fast else "0"
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    error = None
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
        help="also write the executed notebooks back into notebooks/",
    )
    parser.add_argument("--timeout", type=int, default=7200, help="seconds allowed per cell")
    args = parser.parse_args(argv)

    import nbformat

    notebooks = find_notebooks(args.only)
    if not notebooks:
        parser.error(f"no notebooks found in {NOTEBOOK_DIR} matching {args.only}")
    output_dir = args.output or ROOT / "runs" / ("fast" if args.fast else "full")
    output_dir.mkdir(parents=True, exist_ok=True)

    results = []
    for path in notebooks:
        print(f"== {path.name}: running ({'fast' if args.fast else 'full'} mode) ...", flush=True)
        start = time.perf_counter()
        notebook, error, numbers = execute(path, output_dir, args.fast, args.timeout)
        seconds = time.perf_counter() - start
        nbformat.write(notebook, output_dir / path.name)
        export_html(notebook, output_dir / f"{path.stem}.html")
        if args.in_place and error is None:
            nbformat.write(notebook, path)
        status = "ok" if error is None else error
        print(
            f"   {status} in {seconds:.0f} s; "
            + ", ".join(f"{n['name']} = {n['value']}" for n in numbers),
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
    print(f"\nExecuted notebooks, HTML and summary are in {output_dir}")
    return 0 if all(result["error"] is None for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
