"""Before any student is graded: a child set up like every other one must work, and must not
see the reference solution.

`preflight` starts a child with the release's stubs (no student code) and asks it to import the
standard library modules students use, NumPy's parts and every package of ``requirements.txt``;
to write in its working folder and ``/tmp``; to look for the master's solution files at their
paths (and the master's ``.git``, ``autograder.zip``, the grader's working folder); and to walk
everything it can see for other copies: a folder named ``cs231n`` other than its own, a ``.git``
folder, an archive holding ``cs231n/``, a file holding lines of the reference solution (matched by
hashes of the master's solution lines, so the solution itself never enters the child), compiled
code of the graded functions. Any failure is one `PreflightError` naming what is wrong.
"""

import dataclasses
import hashlib
import json
import os
import re
from pathlib import Path

import numpy as np

from .. import shipped as SHIPPED
from .grade import check_import_path
from .intake import GRADED_FILES
from .runner import Child, Failure

STANDARD_MODULES = (
    "abc argparse array bisect collections contextlib copy csv dataclasses datetime decimal "
    "enum fractions functools glob gzip hashlib heapq io itertools json logging math "
    "multiprocessing operator os pathlib pickle random re shutil statistics string struct "
    "tempfile textwrap threading time timeit traceback typing unittest warnings zipfile zlib"
).split()
NUMPY_MODULES = ("numpy", "numpy.fft", "numpy.linalg", "numpy.random", "numpy.lib.stride_tricks")
IMPORT_NAMES = {"pillow": "PIL", "cython": "Cython", "pyyaml": "yaml", "scikit-learn": "sklearn"}
GRADED_NAMES = (
    "conv_forward_naive",
    "conv_backward_naive",
    "max_pool_forward_naive",
    "batchnorm_backward_alt",
    "spatial_groupnorm_backward",
    "layernorm_backward",
)


class PreflightError(RuntimeError):
    """The sandbox does not work, or lets student code see the reference solution."""


def requirement_modules(master):
    """Import names of the packages in ``requirements.txt`` (``pillow`` -> ``PIL``)."""
    path = Path(master, "requirements.txt")
    names = []
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
            if match and "://" not in line:
                name = match.group(0).lower()
                names.append(IMPORT_NAMES.get(name, name.replace("-", "_")))
    return names


def solution_fingerprints(master, tree_files):
    """Hashes (16 hex digits) of the master's solution lines: stripped lines of the student
    files, 20 characters or longer, that no file of the release holds."""
    released = set()
    for data in tree_files.values():
        if isinstance(data, bytes) and b"\0" not in data[:1024]:
            released.update(line.strip() for line in data.decode("utf-8", "replace").splitlines())
    found = set()
    for relpath in GRADED_FILES:
        path = Path(master, relpath)
        if path.is_file():
            for line in path.read_text("utf-8", errors="replace").splitlines():
                line = line.strip()
                if len(line) >= 20 and line not in released:
                    found.add(hashlib.sha256(line.encode()).hexdigest()[:16])
    return sorted(found)


def probes(master):
    """Paths that must not exist for the child: the master's solution and its history."""
    master = Path(master).resolve()
    places = {master, Path.cwd().resolve()}
    if os.environ.get("HOME"):
        places.add(Path(os.environ["HOME"]))
    paths = []
    for place in places:
        paths += [str(place / relpath) for relpath in SHIPPED.STUDENT_FILES]
        paths += [str(place / ".git" / "HEAD"), str(place / "autograder.zip")]
    return sorted(set(paths))


def preflight(workspace, master, limits, wall=600.0):
    """Raise `PreflightError` unless a sandboxed child imports what students need and sees no
    copy of the reference solution. Returns the child's report (a dict)."""
    child = Child(workspace, {}, limits=dataclasses.replace(limits, wall=wall, cpu=None))
    try:
        try:
            code = "/sandbox"
            if not workspace.isolation.mode.startswith("bwrap"):
                child.start()
                code = str(child.folder / "code")
            check_import_path(child, code)
        except RuntimeError as error:
            raise PreflightError(f"preflight: {error}") from None
        header = {
            "op": "preflight",
            "modules": STANDARD_MODULES + list(NUMPY_MODULES) + requirement_modules(master),
            "probes": probes(master),
            "roots": ["/"],
            "fingerprints": solution_fingerprints(master, workspace.files),
            "basenames": sorted({p.rsplit("/", 1)[-1] for p in GRADED_FILES}),
            "stems": sorted({p.rsplit("/", 1)[-1][:-3] for p in GRADED_FILES}),
            "graded": list(GRADED_NAMES),
            "own_package": f"{code}/cs231n",
            "max_files": 3_000_000,
        }
        try:
            answer = child.request(header, {}, wall=wall)
        except Failure as failure:
            raise PreflightError(f"preflight: the sandboxed child failed: {failure}") from None
        if not answer.ok:
            raise PreflightError(f"preflight: the sandboxed child failed: {answer.reason}")
        data = answer.value["report"]
        if not isinstance(data, np.ndarray):
            raise PreflightError("preflight: malformed report")
        report = json.loads(data.tobytes().decode("utf-8"))
    finally:
        child.close()
    problems = []
    if report["failed"]:
        failed = sorted(report["failed"].items())
        listed = "; ".join(f"{name}: {why}" for name, why in failed[:6])
        more = f" and {len(failed) - 6} more" if len(failed) > 6 else ""
        hint = ""
        if workspace.isolation.mode == "uid-drop":
            hint = (
                "; without bubblewrap the child's uid must be able to read the interpreter: "
                "install Python where every user may read it (not under /root or a private home)"
            )
        problems.append(
            f"the sandboxed child cannot do what students' code may do ({listed}{more}){hint}"
        )
    if report["visible"]:
        problems.append(
            "the sandboxed child can see the reference solution at "
            + ", ".join(report["visible"][:5])
        )
    if report["found"]:
        problems.append(
            "the sandboxed child can read what looks like a copy of the reference solution: "
            + ", ".join(report["found"][:5])
            + "; make it unreadable to other users or remove it"
        )
    if problems:
        raise PreflightError("preflight: " + " | ".join(problems))
    return report
