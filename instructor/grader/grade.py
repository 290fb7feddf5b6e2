"""Grade one submission: every hidden check, each task in the submission's child process.

The child only ever answers with arrays; this module (the parent) judges them. A check scores
its points when every measurement of every task is within its threshold, and 0 otherwise, with
the reason: not implemented, a failing measurement, an error in student code, or what happened to
the child (time limit, exit, crash).
"""

import dataclasses
import re
import shutil
import time

import numpy as np

from cs231n.grading import isolation
from cs231n.grading.core import FAILED, NOT_IMPLEMENTED, PASSED, CheckFailed
from cs231n.grading.measure import hint_lines

from .runner import DEFAULT_LIMITS, Child, Failure
from .sandbox import GRADED_FILES, SubmissionError, make_sandbox, read_submission

STUB = re.compile(r"^(?P<name>[^:]+): TODO")


@dataclasses.dataclass
class CheckResult:
    part: str
    name: str
    status: str
    score: float
    max_score: float
    message: str
    seconds: float = 0.0


@dataclasses.dataclass
class SubmissionResult:
    name: str
    results: list
    error: str = ""
    seconds: float = 0.0
    child_starts: int = 0

    @property
    def score(self):
        return sum(r.score for r in self.results)

    @property
    def max_score(self):
        return sum(r.max_score for r in self.results)


def judge_check(check, child):
    """Run the tasks of one check in ``child``; returns ``(status, message)``."""
    worst = None
    for task in check.tasks:
        try:
            answer = child.request(task.header, task.arrays)
        except Failure as failure:
            return FAILED, f"{task.label}: {failure.status}: {failure}"
        if not answer.ok:
            if answer.status == isolation.NOT_IMPLEMENTED:
                stub = STUB.match(answer.reason)
                if stub and stub.group("name") not in check.covers:
                    return NOT_IMPLEMENTED, (
                        f"needs {stub.group('name')}, which still raises NotImplementedError"
                    )
                return NOT_IMPLEMENTED, "not implemented (still raises NotImplementedError)"
            return FAILED, f"{task.label}: {answer.status}: {answer.reason}"
        try:
            measurements = task.judge(answer.value)
        except CheckFailed as error:
            return FAILED, f"{task.label}: {error}"
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as error:
            return FAILED, f"{task.label}: unexpected answer ({type(error).__name__}: {error})"
        failing = [m for m in measurements if not m.passed]
        if not measurements:
            return FAILED, f"{task.label}: nothing measured"
        if failing:
            hints = "".join(f"\n{line}" for line in hint_lines(measurements))
            return FAILED, "; ".join(m.describe() for m in failing[:3]) + hints
        candidate = max(measurements, key=lambda m: m.badness)
        if worst is None or candidate.badness > worst.badness:
            worst = candidate
    return PASSED, f"worst: {worst.describe()}" if worst else ""


def _check_import_path(child, sandbox):
    """Stop grading if the child imports ``cs231n`` from anywhere but its sandbox (an installed
    copy of the master, say): that would grade the reference, not the student. No student code
    has run yet when this is asked."""
    try:
        answer = child.request({"op": "where", "modules": ["cs231n"]}, {})
    except Failure as failure:
        raise RuntimeError(f"the grader's child process does not start: {failure}") from None
    files = answer.value.get("files") if answer.ok and isinstance(answer.value, dict) else None
    where = files[0] if files else None
    if isinstance(where, np.ndarray) and where.dtype == np.uint8:
        where = where.tobytes().decode("utf-8", errors="replace")
    if not isinstance(where, str) or not where.startswith(str(sandbox) + "/"):
        raise RuntimeError(f"the child imported cs231n from {where!r}, not from its sandbox")


def grade_submission(
    name, path, checks, tree, workspace, limits=DEFAULT_LIMITS, uid=None, gid=None
):
    """Grade the submission at ``path`` (zip or folder) in a fresh sandbox; never raises for
    anything the submission holds or does."""
    started = time.perf_counter()
    try:
        files = read_submission(path, GRADED_FILES)
    except (SubmissionError, OSError, ValueError) as error:
        results = [
            CheckResult(c.part, c.name, FAILED, 0.0, c.points, "submission unreadable")
            for c in checks
        ]
        return SubmissionResult(name, results, error=str(error))
    sandbox = make_sandbox(workspace, tree, files, uid=uid, gid=gid)
    child = Child(sandbox, limits=limits, uid=uid, gid=gid)
    results = []
    try:
        _check_import_path(child, sandbox)
        for check in checks:
            check_started = time.perf_counter()
            status, message = judge_check(check, child)
            score = check.points if status == PASSED else 0.0
            results.append(
                CheckResult(
                    check.part,
                    check.name,
                    status,
                    score,
                    check.points,
                    message,
                    time.perf_counter() - check_started,
                )
            )
    finally:
        child.close()
        shutil.rmtree(sandbox, ignore_errors=True)
    missing = [p for p in ("cs231n/layers.py",) if p not in files]
    error = f"missing from the submission: {', '.join(missing)}" if missing else ""
    return SubmissionResult(name, results, error, time.perf_counter() - started, child.starts)
