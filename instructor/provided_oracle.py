"""Defence in depth behind the record of provided code: a behavioural check of the built release
(instructor-only; not shipped to students).

The record (`instructor.release_record.provided_units`) makes new provided code a named decision.
This check asks the question itself: in the release, where every graded function is a stub,
does any provided function compute a graded function's answer? It imports the release's provided
modules and student files (whose code outside the stubs is provided code too) in a child process
(`instructor.oracle_child`, with a time limit per call and for the whole run), calls every
top-level function and static or class method whose signature takes the inputs of a graded
function's fixed test vector (`cs231n.grading.vectors`), and names those that return the expected
output. Provided code is staff code; the child still runs in a fresh folder
with a private HOME and no display.

`ALLOWED` lists what may reproduce a graded answer by design: the fast convolution and pooling
layers compute what the naive ones must (the naive checks' sandbox has no fast layers, held-out
round 3 row 2, so a naive layer cannot call them there); the diagnosis's list of what a wrong
upstream gradient may hold has its positive part (`np.maximum(dout, 0)`), which is ReLU's
forward pass, the formula relu_forward's docstring gives.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = Path(__file__).resolve().parent / "oracle_child.py"
RUN_SECONDS = 300  # the whole child (about 30 s of CPU for the course's release, minutes on a
# loaded machine); each call has its own 2 s (`oracle_child.CALL_SECONDS`)

ALLOWED = tuple(
    f"cs231n.fast_layers.{name}:{graded}"
    for graded, names in (
        (
            "conv_forward_naive",
            ("conv_forward_fast", "conv_forward_im2col", "conv_forward_strides"),
        ),
        (
            "max_pool_forward_naive",
            ("max_pool_forward_fast", "max_pool_forward_im2col", "max_pool_forward_reshape"),
        ),
    )
    for name in names
) + ("cs231n.grading.measure.partial_upstreams:relu_forward",)
VECTORS = "cs231n/grading/vectors.py"


class OracleError(ValueError):
    """A provided function reproduces a graded function's answer, or the check could not run."""


def provided_modules(files, student_files):
    """What the child imports: the module names of the release's ``cs231n/`` Python files (the
    provided ones and the student files too, as the release ships them, graded functions
    stubbed, whose helpers outside the stubs are provided code as well: held-out round 6, row
    12), then the paths of its other Python files (``datasets/get_datasets.py``, ``setup.py``,
    the tests' templates), which the child imports by path (held-out round 7, row 11: a solving
    helper in ``datasets/get_datasets.py`` shipped after a confirmation given unread)."""
    modules, paths = [], []
    for relpath in sorted(files):
        if not relpath.endswith(".py"):
            continue
        if relpath.startswith("cs231n/"):
            name = relpath[: -len(".py")].replace("/", ".")
            modules.append(name[: -len(".__init__")] if name.endswith(".__init__") else name)
        else:
            paths.append(relpath)
    return modules + paths


def check_release(files, student_files, allowed=ALLOWED, timeout=RUN_SECONDS):
    """Run the check on the release ``files`` (``{relpath: bytes}``, student files stubbed).

    Raises
    ------
    OracleError
        Naming each provided function that returns a graded function's expected output, or
        saying why the check did not finish.
    """
    if VECTORS not in files:  # a release without test vectors has nothing to compare with
        return None
    with tempfile.TemporaryDirectory(prefix="release-oracle-") as scratch:
        root, work = Path(scratch) / "release", Path(scratch) / "work"
        work.mkdir()
        for relpath, data in files.items():  # all of them: a module may read a data file
            (root / relpath).parent.mkdir(parents=True, exist_ok=True)
            (root / relpath).write_bytes(data)
        result = work / "result.json"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(work),
            "PYTHONPATH": str(root),
            "MPLBACKEND": "Agg",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "CS231N_NO_CYTHON": "1",
        }
        command = [
            sys.executable,
            str(CHILD),
            str(root),
            json.dumps(provided_modules(files, student_files)),
            json.dumps(list(allowed)),
            str(result),
        ]
        try:
            run = subprocess.run(
                command, cwd=work, env=env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired as error:
            raise OracleError(
                f"the check of provided code did not finish in {timeout} s"
            ) from error
        if run.returncode != 0 or not result.is_file():
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            raise OracleError(f"the check of provided code failed: {last}")
        found = json.loads(result.read_text("utf-8"))
    if found["broken"]:  # held-out round 8, row 12: a module not imported was never checked
        raise OracleError(
            "the check of provided code could not import these shipped modules, so their "
            "code was never checked:\n  "
            + "\n  ".join(found["broken"])
            + "\nevery shipped module must import in the release with the compiled extension "
            "absent (CS231N_NO_CYTHON=1) and without a display"
        )
    if found["hits"]:
        raise OracleError(
            "provided code computes a graded function's answer (on its test vector) in the "
            "release:\n  "
            + "\n  ".join(found["hits"])
            + "\nremove it from the provided file (or, if it is meant, add it to ALLOWED in "
            "instructor/provided_oracle.py with the reason)"
        )
    return found
