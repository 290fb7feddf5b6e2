"""Grade one submission folder into a results.json (what ``run_autograder`` calls).

python -m instructor.autograder.run SUBMISSION RESULTS_JSON [--wall SECONDS]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from cs231n.grading.isolation import Limits

from ..grader.cases import build_checks
from ..grader.grade import grade_submission
from ..grader.report import write_results
from ..grader.sandbox import release_tree
from ..grader.security import (
    ReferenceReadable,
    check_reference_unreadable,
    check_workspace_reachable,
    child_identity,
)

MASTER = Path(__file__).resolve().parents[2]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m instructor.autograder.run")
    parser.add_argument("submission", type=Path)
    parser.add_argument("results", type=Path)
    parser.add_argument("--wall", type=float, default=20.0, help="seconds per request (wall)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        check_reference_unreadable(MASTER)
    except ReferenceReadable as error:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        message = f"The autograder is misconfigured (not your fault): {error}"
        args.results.write_text(json.dumps({"score": 0, "output": message, "tests": []}))
        print(message, file=sys.stderr)
        return 1
    workspace = tempfile.mkdtemp(prefix="hidden-grader-")
    os.chmod(workspace, 0o711)
    check_workspace_reachable(workspace)
    uid, gid = child_identity(0)
    result = grade_submission(
        "submission",
        args.submission,
        build_checks(int.from_bytes(os.urandom(4), "big")),
        release_tree(MASTER),
        workspace,
        limits=Limits(wall=args.wall, cpu=120.0, memory_mb=2048),
        uid=uid,
        gid=gid,
    )
    result.seconds = time.perf_counter() - started
    write_results(result, args.results)
    print(f"score {result.score:g}/{result.max_score:g} in {result.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
