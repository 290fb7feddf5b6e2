"""Grade a course's submissions with the hidden tests (instructor-only).

    python -m instructor.grader SUBMISSIONS OUT [--jobs N] [--seed S] [--wall SECONDS]

SUBMISSIONS is a folder of submissions (``submission.zip`` files or folders, one per student,
named after the student); OUT receives ``OUT/<submission>/results.json`` (Gradescope's format),
``OUT/grades.csv`` and ``OUT/histogram.png``. See instructor/grader/__init__.py for the model.
"""

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .security import (
    ReferenceReadable,
    check_reference_unreadable,
    check_workspace_reachable,
    child_identity,
)

MASTER = Path(__file__).resolve().parents[2]

_STATE = {}


def submissions_in(folder):
    """``(name, path)`` of every zip file and folder in ``folder`` (sorted by name)."""
    entries = []
    for path in sorted(Path(folder).iterdir()):
        if path.name.startswith(".") or path.is_symlink():
            continue
        if path.is_dir() or path.suffix == ".zip":
            entries.append((path.stem if path.suffix == ".zip" else path.name, path))
    names = [name for name, _ in entries]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"two submissions named {', '.join(twice)} (a zip and a folder?)")
    return entries


def _grade_one(item):
    from .grade import grade_submission

    index, name, path = item
    uid, gid = child_identity(index)
    return grade_submission(
        name,
        path,
        _STATE["checks"],
        _STATE["tree"],
        _STATE["workspace"],
        limits=_STATE["limits"],
        uid=uid,
        gid=gid,
    )


def grade_all(entries, out, jobs=None, seed=None, limits=None, master=MASTER, progress=True):
    """Grade ``entries`` (``(name, path)`` pairs) in parallel; write the results to ``out``.
    Returns the list of `SubmissionResult`."""
    from .cases import build_checks
    from .report import plot_histograms, write_grades, write_results
    from .runner import DEFAULT_LIMITS
    from .sandbox import release_tree

    check_reference_unreadable(master)
    seed = int.from_bytes(os.urandom(4), "big") if seed is None else seed
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    workspace = tempfile.mkdtemp(prefix="hidden-grader-")
    os.chmod(workspace, 0o711)  # children may enter their own sandbox, never list the others
    try:
        check_workspace_reachable(workspace)
    except RuntimeError:
        os.rmdir(workspace)
        raise
    _STATE.update(
        checks=build_checks(seed),
        tree=release_tree(master),
        workspace=workspace,
        limits=limits or DEFAULT_LIMITS,
    )
    jobs = jobs or os.cpu_count() or 1
    items = [(index, name, path) for index, (name, path) in enumerate(entries)]
    results = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(items), unit="submission", desc="grading", file=sys.stderr)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for result in pool.imap_unordered(_grade_one, items):
                results.append(result)
                write_results(result, out / result.name / "results.json")
                if bar is not None:
                    bar.update()
                    bar.set_postfix_str(f"{result.name}: {result.score:g}/{result.max_score:g}")
    finally:
        if bar is not None:
            bar.close()
        shutil.rmtree(workspace, ignore_errors=True)
    write_grades(results, out / "grades.csv")
    plot_histograms(results, out / "histogram.png")
    return results


def main(argv=None):
    from cs231n.grading.isolation import Limits

    parser = argparse.ArgumentParser(
        prog="python -m instructor.grader", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("submissions", type=Path, help="folder of submission zips or folders")
    parser.add_argument("out", type=Path, help="folder for results.json files, grades.csv, plot")
    parser.add_argument(
        "--jobs", type=int, default=None, help="parallel workers (default: all cores)"
    )
    parser.add_argument("--seed", type=int, default=None, help="seed of the random inputs")
    parser.add_argument("--wall", type=float, default=20.0, help="seconds per request (wall)")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"grade-submissions: {args.submissions} is not a folder", file=sys.stderr)
        return 2
    try:
        entries = submissions_in(args.submissions)
    except ValueError as error:
        print(f"grade-submissions: {error}", file=sys.stderr)
        return 2
    if not entries:
        print(f"grade-submissions: no .zip file or folder in {args.submissions}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        results = grade_all(
            entries,
            args.out,
            args.jobs,
            args.seed,
            Limits(wall=args.wall, cpu=120.0, memory_mb=2048),
        )
    except (ReferenceReadable, RuntimeError) as error:
        print(f"grade-submissions: {error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(
        f"graded {len(results)} submissions in {seconds:.1f} s "
        f"({args.jobs or os.cpu_count()} workers); wrote {args.out}/grades.csv, "
        f"{args.out}/histogram.png and {args.out}/<submission>/results.json"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
