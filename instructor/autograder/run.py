"""Grade one submission folder into a results.json (what ``run_autograder`` calls).

python -m instructor.autograder.run SUBMISSION RESULTS_JSON [--wall S] [--budget S]
    [--allow-weak-sandbox]

The same grader as ``make grade-submissions``: the isolation in force is printed first (stdout,
hidden from students), the preflight runs before the student's code, and the work folder is
removed at the end, also on SIGTERM/SIGHUP/SIGINT (every child killed first).
"""

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

from cs231n.grading.isolation import Limits

from ..grader.grade import DEFAULT_BUDGET, MIN_BUDGET, grade_submission, reference_checks
from ..grader.preflight import PreflightError, preflight
from ..grader.report import write_results
from ..grader.runner import LARGE_WALL, close_all
from ..grader.sandbox import SandboxUnavailable, Workspace, choose_isolation, release_tree

MASTER = Path(__file__).resolve().parents[2]


def _misconfigured(results, error):
    results.parent.mkdir(parents=True, exist_ok=True)
    message = f"The autograder is misconfigured (not your fault): {error}"
    results.write_text(json.dumps({"score": 0, "output": message, "tests": []}))
    print(message, file=sys.stderr)
    return 1


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m instructor.autograder.run")
    parser.add_argument("submission", type=Path)
    parser.add_argument("results", type=Path)
    parser.add_argument("--wall", type=float, default=20.0, help="seconds per request (wall)")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET, help="seconds in all")
    parser.add_argument("--allow-weak-sandbox", action="store_true")
    args = parser.parse_args(argv)
    if args.wall < LARGE_WALL or args.budget < MIN_BUDGET:  # as `python -m instructor.grader`
        return _misconfigured(
            args.results,
            f"--wall {args.wall:g} or --budget {args.budget:g} is under the least honest code "
            f"needs ({LARGE_WALL:g} s, {MIN_BUDGET:g} s)",
        )
    started = time.perf_counter()
    limits = Limits(wall=args.wall, cpu=120.0, memory_mb=2048)
    try:
        isolation = choose_isolation(args.allow_weak_sandbox)
    except SandboxUnavailable as error:
        return _misconfigured(args.results, error)
    print(isolation.describe())

    def stop(number, _frame):
        close_all()
        workspace.remove()
        os._exit(128 + number)

    workspace = Workspace(release_tree(MASTER), isolation)
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(number, stop)
    try:
        try:
            checks = reference_checks(int.from_bytes(os.urandom(4), "big"))
            preflight(workspace, MASTER, limits)
        except (PreflightError, RuntimeError) as error:
            return _misconfigured(args.results, error)
        result = grade_submission(
            "submission",
            args.submission,
            checks,
            workspace,
            limits=limits,
            budget=args.budget,
        )
    finally:
        close_all()
        workspace.remove()
    result.seconds = time.perf_counter() - started
    write_results(result, args.results)
    print(f"score {result.score:g}/{result.max_score:g} in {result.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
