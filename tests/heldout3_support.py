"""Shared by the held-out round 3 tests: a submission made of the master's student files with
some functions replaced, graded on a few hidden checks in the real sandbox."""

import ast
import shutil
from pathlib import Path

import pytest
from sandbox_support import isolation_or_skip
from shared_builds import release_tree

from cs231n.grading.isolation import Limits
from instructor import provided_oracle as ORACLE
from instructor import shipped
from instructor.grader.grade import grade_submission
from instructor.grader.intake import GRADED_FILES
from instructor.grader.sandbox import Workspace

MASTER = Path(__file__).resolve().parent.parent
LIMITS = Limits(wall=20.0, cpu=120.0, memory_mb=2048)


def replace_function(text, qualname, source):
    """``text`` with the function or method ``qualname`` replaced by ``source`` (unindented)."""
    body, node = ast.parse(text).body, None
    for part in qualname.split("."):
        node = next(n for n in body if getattr(n, "name", None) == part)
        body = node.body
    lines = text.splitlines(keepends=True)
    start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
    indent = " " * node.col_offset
    new = "".join(indent + line if line.strip() else line for line in source.splitlines(True))
    return "".join(lines[:start]) + new + "".join(lines[node.end_lineno :])


def patched_submission(folder, patches=(), appended=()):
    """A submission folder: the master's student files, ``patches`` ``(relpath, qualname,
    source)`` replacing functions, ``appended`` ``(relpath, source)`` added at the end."""
    folder = Path(folder) / "submission"
    for relpath in GRADED_FILES:
        (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(MASTER / relpath, folder / relpath)
    for relpath, qualname, source in patches:
        path = folder / relpath
        path.write_text(replace_function(path.read_text(), qualname, source))
    for relpath, source in appended:
        path = folder / relpath
        path.write_text(path.read_text() + "\n\n" + source)
    return folder


def sandbox_workspace():
    """A generator for a module-scoped fixture: one sandbox Workspace of the master."""
    space = Workspace(release_tree(MASTER), isolation_or_skip())
    yield space
    space.remove()


def grade_checks(folder, checks, workspace, limits=LIMITS):
    """``{check name: CheckResult}`` of the submission at ``folder`` on ``checks`` only."""
    result = grade_submission("attack", folder, checks, workspace, limits=limits)
    return {r.name: r for r in result.results}


def oracle_hits(files, allowed=ORACLE.ALLOWED):
    """The behavioural check's refusal of the release ``files``: its hits, sorted."""
    with pytest.raises(ORACLE.OracleError) as raised:
        ORACLE.check_release(files, shipped.STUDENT_FILES, allowed=allowed)
    return sorted(line.strip() for line in str(raised.value).splitlines() if "reproduces" in line)


def small_release(extra):
    """A release of the package's ``__init__``, the test vectors and ``extra`` (``{relpath:
    text}``), so the behavioural check imports a few modules only."""
    files = {
        "cs231n/__init__.py": b"",
        "cs231n/grading/__init__.py": b"",
        ORACLE.VECTORS: (MASTER / ORACLE.VECTORS).read_bytes(),
    }
    return files | {relpath: text.encode("utf-8") for relpath, text in extra.items()}
