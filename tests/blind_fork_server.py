"""A fork server for the blind sets' unit test (tests/test_diagnose_blind.py).

Each of the ~1,150 entries grades one check of its own edited copy of the package. A fresh
interpreter for each spends most of its 0.35 s starting Python and importing NumPy; this process
does both once, then, for each request (one JSON line on stdin: the copy's folder, the check's
name and, optionally, environment variables for that request), forks a child that imports that
copy's package, grades the check as the local grader does (`run_check_repaired`, the report
`python -m cs231n.grade` prints) and sends the report back as one JSON line on stdout. It never
imports cs231n itself, so every child starts without it.

    python tests/blind_fork_server.py     (started and fed by `diagnose_blind.grade_one_check`)
"""

import json
import os
import sys

import numpy  # noqa: F401  (the slow import, done once for every child)


def grade(folder, check):
    """The report lines of ``check`` for the package in ``folder`` (in a forked child)."""
    sys.path.insert(0, folder)
    os.chdir(folder)
    sys.dont_write_bytecode = True  # the copy is deleted after the request
    from cs231n.grade import format_result
    from cs231n.grading import REGISTRY
    from cs231n.grading.repair import run_check_repaired

    [graded] = [c for c in REGISTRY if c.name == check]
    return "\n".join(format_result(run_check_repaired(graded, 60)))


def serve_one(folder, check, env=None):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its prints must not reach the server's stdout (the replies)
        os.environ.update(env or {})  # e.g. CS231N_REPAIR_SECONDS for this request only
        os.close(read)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        try:
            reply = {"report": grade(folder, check)}
        except BaseException as error:  # noqa: BLE001 (said to the caller, which raises it)
            reply = {"error": f"{type(error).__name__}: {error}"}
        with os.fdopen(write, "w", encoding="utf-8") as channel:
            channel.write(json.dumps(reply))
        os._exit(0)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as channel:
        text = channel.read()
    os.waitpid(pid, 0)
    return text or json.dumps({"error": "the child ended without a report"})


def main():
    for line in sys.stdin:
        folder, check, *env = json.loads(line)
        sys.stdout.write(serve_one(folder, check, *env) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
