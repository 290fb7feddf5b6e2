"""Grade one submission: every hidden check, each task in the submission's child process.

The child only ever answers with arrays; this module (the parent) judges them. A check scores
its points when every measurement of every task is within its threshold, and 0 otherwise, with
the reason: not implemented, a failing measurement, an error in student code, what happened to
the child (time limit, exit, crash, memory) and, when the function that was running is not the
graded one, its name ("needs conv_forward_naive, which timed out"). A submission has a time
budget: once used up, the remaining checks fail with that reason. `grade_submission` never
raises for anything the submission holds or does.
"""

import ast
import dataclasses
import hashlib
import importlib
import inspect
import re
import sys
import time
from pathlib import Path

import numpy as np

from cs231n import exception_hints
from cs231n.grading import isolation
from cs231n.grading.core import FAILED, INPLACE_SENTENCE, NOT_IMPLEMENTED, PASSED, CheckFailed
from cs231n.grading.measure import hint_lines

from ..release import release_digest
from .intake import GRADED_FILES, RELEASE_STAMP, SubmissionError, read_submission, stamp_warning
from .runner import DEFAULT_LIMITS, Child, Failure

STUB = re.compile(r"^(?P<name>[^:]+): TODO")
DEFAULT_BUDGET = 300.0  # seconds of grading per submission, all checks together
# The least budget the command line takes: the master's own solutions take 5 to 30 s (2 loaded
# cores, preflight included), honest scalar layers several times that, and a budget used up
# fails every check left (held-out round 5: --budget 3 gave the master 28/34, silently).
MIN_BUDGET = 120.0
WHAT_HAPPENED = {
    isolation.TIMED_OUT: "timed out",
    isolation.CRASHED: "crashed",
    isolation.EXITED: "exited",
    isolation.OUT_OF_MEMORY: "ran out of memory",
}


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
    warning: str = ""  # the submission's release stamp names another release (intake)

    @property
    def score(self):
        return sum(r.score for r in self.results)

    @property
    def max_score(self):
        return sum(r.max_score for r in self.results)


def _covered(function, covers):
    """Whether ``function`` (as the child named it: ``conv_forward_naive``,
    ``FullyConnectedNet`` for its constructor, ``FullyConnectedNet.loss``) is graded here."""
    return function in covers or f"{function}.__init__" in covers


def describe_failure(failure, task, check):
    """The message of a task whose child did not answer."""
    what = WHAT_HAPPENED.get(failure.status)
    if what and failure.function and not _covered(failure.function, check.covers):
        return f"needs {failure.function}, which {what} ({task.label}: {failure})"
    return f"{task.label}: {failure.status}: {failure}"


def _exception_hints(facts, name):
    """Hints for an exception of student code, from the child's facts read as text only."""
    try:
        return exception_hints.exception_hints(facts, name)
    except Exception:  # hints are help: a bug in them leaves the reason alone
        return []


def reference_checks(seed):
    """The hidden checks with inputs drawn from ``seed`` and the master's reference answers;
    RuntimeError, in one line, when the master's package cannot give them (a graded function
    renamed or removed, a reference that does not import)."""
    imported = Path(sys.modules["cs231n"].__file__).resolve().parent
    master = Path(__file__).resolve().parents[2] / "cs231n"
    if imported != master:  # a working folder holding another cs231n comes first on sys.path
        raise RuntimeError(
            f"the grader imported cs231n from {imported}, not from its master ({master}): "
            "the reference answers would be that copy's; run the grader from the master's folder"
        )
    try:
        from .cases import build_checks

        checks = build_checks(seed)
    except Exception as error:  # noqa: BLE001 - whatever it is, the master is broken
        raise RuntimeError(
            f"the hidden checks cannot be built from the master ({type(error).__name__}: "
            f"{error}); was a graded function renamed or removed?"
        ) from None
    master_self_test_once(master)
    return checks


def master_self_test_once(package):
    """`master_self_test`, unless a run on this machine passed it on the same sources of the
    master's ``package`` folder, NumPy and Python (its checks are seeded: the same result again):
    the staff's runs, and the tests' many, pay its 10-25 s once. The stamp is a file named by that
    digest under the master's ``.setup/`` (student code never runs in the master); a master
    folder that cannot be written is tested every time."""
    digest = hashlib.sha256(f"{np.__version__} {sys.version}".encode())
    for path in sorted(Path(package).rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    stamp = Path(package).parent / ".setup" / "master-self-test" / digest.hexdigest()
    if stamp.is_file():
        return
    master_self_test()
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        pass


def master_self_test():
    """RuntimeError, in one line, unless the master passes every check of the local grader
    (`cs231n.grading`, run in this process: the master is trusted code). A solution line deleted
    in the master keeps it in agreement with its release record (every line it holds is known)
    while its reference answers, which every student is graded against, are wrong: the hidden
    checks compare with that reference and drop the numeric gradients it disagrees with."""
    from cs231n.grading import PASSED, REGISTRY
    from cs231n.grading.core import run_check

    try:  # in this process, no child: `all_checks` would probe the imports in one
        failed = [c.name for c in REGISTRY if c.applies() and run_check(c).status != PASSED]
    except Exception as error:  # noqa: BLE001 - a local grader that cannot run proves nothing
        failed = [f"the local grader itself ({type(error).__name__}: {error})"]
    if failed:
        raise RuntimeError(
            f"the master fails its own local checks ({', '.join(failed)}): its reference "
            "answers would be wrong for every student; run `python -m cs231n.grade` in the "
            "master and look at `git diff cs231n/`"
        )


# The codes of a backward request's dout and cache in the child's ``changed`` list (child.py).
CHANGED_DOUT, CHANGED_CACHE = 1000, 1001


def _parameters(path):
    """The parameter names of the reference function at ``path`` (``module:name``)."""
    module_name, _, name = path.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), name)
        return list(inspect.signature(function).parameters)
    except Exception:  # noqa: BLE001 - a hint's wording only
        return []


def changed_inputs(header, value):
    """The in-place sentences (`cs231n.grading.core.INPLACE_SENTENCE`) for the inputs the
    child says a graded layer changed. The child's list is untrusted: only small ints in range
    are read, and at worst a student gets a wrong hint about their own code."""
    codes = value.get("changed") if isinstance(value, dict) else None
    if not isinstance(codes, list):
        return []
    sentences = []
    for code in codes[:8]:
        if not (isinstance(code, np.ndarray) and code.shape == () and code.dtype.kind in "iu"):
            continue  # the child's encoder sends an int as a 0-d integer array; nothing else
        code = int(code)
        path = header.get("target") or header.get("forward") or ""
        if code in (CHANGED_DOUT, CHANGED_CACHE):
            path = header.get("backward") or ""
            names = _parameters(path)
            what = "its input dout" if code == CHANGED_DOUT else "an array in its input cache"
        else:
            names = _parameters(path)
            if not 0 <= code < len(names):
                continue
            what = f"its input {names[code]}"
        function = path.partition(":")[2]
        if function:
            sentences.append(INPLACE_SENTENCE.format(function=function, what=what))
    return sentences


def judge_check(check, child, deadline=None):
    """Run the tasks of one check in ``child``; returns ``(status, message)``. ``deadline``
    (time.monotonic) is the end of the submission's budget."""
    worst = None
    for task in check.tasks:
        wall = task.wall
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return FAILED, "not graded: the submission used up its time budget"
            wall = left if wall is None else min(wall, left)
        if task.header.get("fresh"):  # asked of a new child: nothing cached in the old one
            child.stop()
        try:
            answer = child.request(task.header, task.arrays, wall=wall)
        except Failure as failure:
            return FAILED, describe_failure(failure, task, check)
        if not answer.ok:
            if answer.status == isolation.NOT_IMPLEMENTED:
                stub = STUB.match(answer.reason)
                if stub and stub.group("name") not in check.covers:
                    return NOT_IMPLEMENTED, (
                        f"needs {stub.group('name')}, which still raises NotImplementedError"
                    )
                return NOT_IMPLEMENTED, "not implemented (still raises NotImplementedError)"
            hints = "".join(f"\nhint: {h}" for h in _exception_hints(answer.facts, check.name))
            return FAILED, f"{task.label}: {answer.status}: {answer.reason}{hints}"
        try:
            measurements = task.judge(answer.value)
        except CheckFailed as error:
            return FAILED, f"{task.label}: {error}"
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as error:
            return FAILED, f"{task.label}: unexpected answer ({type(error).__name__}: {error})"
        failing = [m for m in measurements if not m.passed]
        if not measurements:
            return FAILED, f"{task.label}: nothing measured"
        changed = changed_inputs(task.header, answer.value)
        if changed and not failing:
            # Right numbers, but the caller's array changed (as the local grader's checks say).
            hints = "".join(f"\nhint: {h}" for h in changed)
            return FAILED, f"{task.label}: inputs unchanged (none changed in place): failed{hints}"
        if failing:
            # Numbers computed from an input changed in place say nothing reliable on the formula.
            lines = [f"hint: {h}" for h in changed_inputs(task.header, answer.value)]
            hints = "".join(f"\n{line}" for line in lines or hint_lines(measurements))
            return FAILED, "; ".join(m.describe() for m in failing[:3]) + hints
        candidate = max(measurements, key=lambda m: m.badness)
        if worst is None or candidate.badness > worst.badness:
            worst = candidate
    return PASSED, f"worst: {worst.describe()}" if worst else ""


def check_import_path(child, code_folder):
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
    if not isinstance(where, str) or not where.startswith(str(code_folder) + "/"):
        raise RuntimeError(f"the child imported cs231n from {where!r}, not from its sandbox")


def start_child(workspace, files, limits, variant):
    """A started child of ``variant`` whose import path is checked (no student code ran yet);
    raises RuntimeError (the child closed) when it imports cs231n from outside its sandbox."""
    from .sandbox import SANDBOX

    child = Child(workspace, files, limits=limits, variant=variant)
    try:
        if workspace.isolation.mode.startswith("bwrap"):
            code = SANDBOX
        else:
            child.start()
            code = child.folder / "code"
        check_import_path(child, code)
    except BaseException:
        child.close()
        raise
    return child


def functions_by_file(tree_files):
    """``{relpath: {top-level names}}`` of the student files (from the release's stubs)."""
    names = {}
    for relpath in GRADED_FILES:
        try:
            tree = ast.parse(tree_files[relpath])
        except (KeyError, SyntaxError):
            continue
        names[relpath] = {
            node.name
            for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        }
    return names


# --------------------------------------------------------------------------------------------
# A syntax error that is newer Python (held-out round 10, row 27: a 3.12 f-string scored 3/34
# under the grader's 3.11, and the reason did not say that versions differ)
# --------------------------------------------------------------------------------------------

SYNTAX_AT = re.compile(r"syntax error in (?P<path>cs231n/[\w/]+\.py) line (?P<line>\d+):")
_FSTRING_START = re.compile(r"(?i)(?<![\w'\"])(?:rf|fr|f)('\'\'|\"\"\"|'|\")")


def _fstring_novelties(line):
    """What the f-strings of ``line`` do inside their braces that only Python 3.12's f-strings
    (PEP 701) allow: reuse the f-string's own quotes, or hold a backslash."""
    found = []
    for start in _FSTRING_START.finditer(line):
        quote, i, depth = start.group(1), start.end(), 0
        while i < len(line):
            if depth == 0:  # the literal part
                if line.startswith(quote, i):
                    break
                if line[i] == "\\":
                    i += 2
                    continue
                if line.startswith("{{", i):
                    i += 2
                    continue
                depth += line[i] == "{"
                i += 1
                continue
            char = line[i]
            if char in "'\"":  # a string inside the braces
                inner = line[i : i + 3] if line[i : i + 3] == char * 3 else char
                if inner[0] == quote[0]:
                    found.append("reuses the f-string's own quotes inside its braces")
                end = line.find(inner, i + len(inner))
                if "\\" in line[i : len(line) if end < 0 else end]:
                    found.append("holds a backslash inside an f-string's braces")
                i = len(line) if end < 0 else end + len(inner)
                continue
            if char == "\\":
                found.append("holds a backslash inside an f-string's braces")
            depth += (char in "{[(") - (char in "}])")
            i += 1
    return list(dict.fromkeys(found))


def newer_syntax_hint(source, lineno, version=sys.version_info):
    """One hint when line ``lineno`` of ``source`` (a file that does not compile here) uses
    syntax that a newer Python the course allows (the README: up to 3.13) accepts and the
    grader's Python ``version`` does not; None when nothing says so (no wrong hint)."""
    try:
        line = source.decode("utf-8").splitlines()[lineno - 1]
    except (UnicodeDecodeError, IndexError, AttributeError):
        return None
    uses = []
    if version < (3, 12):
        uses += [(what, "3.12") for what in _fstring_novelties(line)]
        if re.match(r"\s*(async\s+)?(def|class)\s+\w+\s*\[", line):
            uses.append(("declares type parameters in brackets (def f[T], class C[T])", "3.12"))
        if re.match(r"\s*type\s+\w+\s*(\[[^=]*\])?\s*=", line):
            uses.append(("declares a type alias with the type statement", "3.12"))
    if version < (3, 11) and re.match(r"\s*except\s*\*", line):
        uses.append(("catches an exception group with except*", "3.11"))
    if not uses:
        return None
    what, newer = uses[0]
    grader = ".".join(map(str, tuple(version)[:3]))
    return (
        f"the grader runs Python {grader}, and line {lineno} {what}, which only Python "
        f"{newer} and later allow: your Python may be newer than the grader's; write that "
        f"line so that Python {grader.rsplit('.', 1)[0]} reads it"
    )


def with_version_hint(message, files, version=sys.version_info):
    """``message`` (a check's reason) with `newer_syntax_hint`'s line added when it is a
    syntax error in a student file that the submission's ``files`` hold."""
    found = SYNTAX_AT.search(message or "")
    if not found:
        return message
    hint = newer_syntax_hint(files.get(found["path"]), int(found["line"]), version)
    return f"{message}\nhint: {hint}" if hint else message


def _unreadable_file_reason(check, problems, owners):
    for relpath, reason in problems.items():
        if any(name.split(".")[0] in owners.get(relpath, ()) for name in check.covers):
            return reason
    return None


def _all_failed(checks, message):
    return [CheckResult(c.part, c.name, FAILED, 0.0, c.points, message) for c in checks]


def grade_submission(name, path, checks, workspace, limits=DEFAULT_LIMITS, budget=DEFAULT_BUDGET):
    """Grade the submission at ``path`` (zip or folder) in a fresh sandbox of ``workspace``
    (`sandbox.Workspace`); never raises for anything the submission holds or does."""
    started = time.perf_counter()
    try:
        submission = read_submission(path, GRADED_FILES + (RELEASE_STAMP,))
    except (SubmissionError, OSError, ValueError) as error:
        return SubmissionResult(
            name, _all_failed(checks, "submission unreadable"), error=f"{name}: {error}"
        )
    warning = stamp_warning(submission, release_digest(workspace.files))
    owners = functions_by_file(workspace.files)
    children = {}  # sandbox variant (`SANDBOX_VARIANTS`) -> its Child, started when first needed
    deadline = time.monotonic() + budget
    results = []
    try:
        for check in checks:
            check_started = time.perf_counter()
            reason = _unreadable_file_reason(check, submission.problems, owners)
            if reason:
                status, message = FAILED, reason
            else:
                variant = check.sandbox
                for other, child in children.items():
                    if other != variant:  # one live child per submission: one memory cap
                        child.stop()
                if variant not in children:
                    try:
                        children[variant] = start_child(
                            workspace, submission.files, limits, variant
                        )
                    except RuntimeError as error:
                        return SubmissionResult(
                            name,
                            _all_failed(checks, "not graded: the grader's sandbox failed"),
                            str(error),
                        )
                try:
                    status, message = judge_check(check, children[variant], deadline)
                    message = with_version_hint(message, submission.files)
                except Exception as error:  # noqa: BLE001 - a grader bug costs this check only
                    status, message = FAILED, f"not graded: grader error ({type(error).__name__})"
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
        for child in children.values():
            child.close()
    notes = list(submission.problems.values()) + submission.notes
    missing = [p for p in ("cs231n/layers.py",) if p not in submission.files]
    if missing and not submission.problems:
        notes.append(f"missing from the submission: {', '.join(missing)}")
    if time.monotonic() > deadline:
        notes.append(f"used up its time budget of {budget:g} s")
    starts = sum(child.starts for child in children.values())
    return SubmissionResult(
        name, results, "; ".join(notes), time.perf_counter() - started, starts, warning
    )
