"""Who the child runs as, and the check that it cannot read the reference solution.

When the grader runs as root (Gradescope runs the autograder as root; so may a course server),
each submission's child drops to its own unprivileged uid/gid (``CHILD_ID_BASE + index``, no
account needed), so children cannot read each other's sandboxes, signal the grader or read files
that only root may read. Before grading, `check_reference_unreadable` makes such a child try to
open the master's solution files (and its git folder); if it can, grading stops: the master must
live in a folder other users cannot enter (``chmod 700``), as ``/autograder/source`` is made by
``run_autograder``. Run as another user, the grader cannot drop privileges; it says so and the
student code runs with that user's rights.
"""

import os
import sys
from pathlib import Path

from .. import shipped as SHIPPED

CHILD_ID_BASE = 2_000_000


class ReferenceReadable(RuntimeError):
    """A child could read the reference solution."""


def child_identity(index):
    """``(uid, gid)`` of the child of submission ``index``; ``(None, None)`` when not root."""
    if os.geteuid() != 0:
        return None, None
    return CHILD_ID_BASE + index, CHILD_ID_BASE + index


def reference_files(master):
    master = Path(master)
    paths = [master / path for path in SHIPPED.STUDENT_FILES]
    if (master / ".git").exists():
        paths.append(master / ".git")
    return [path for path in paths if path.exists()]


def readable_as(uid, paths):
    """The paths that ``uid`` can open (tried in a forked process running as ``uid``)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the forked helper
        try:
            os.close(read_fd)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            found = []
            for path in paths:
                try:
                    if os.path.isdir(path):
                        os.listdir(path)
                    else:
                        with open(path, "rb") as handle:
                            handle.read(1)
                    found.append(str(path))
                except OSError:
                    pass
            os.write(write_fd, "\n".join(found).encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write_fd)
    data = b""
    while chunk := os.read(read_fd, 65536):
        data += chunk
    os.close(read_fd)
    os.waitpid(pid, 0)
    return [line for line in data.decode("utf-8").splitlines() if line]


def check_reference_unreadable(master):
    """Raise `ReferenceReadable` if a child could read the master's solution files."""
    uid, _ = child_identity(0)
    if uid is None:
        print(
            "warning: not running as root, so student code runs with your rights and could "
            "read your files (the reference solution included); grade as root or on Gradescope",
            file=sys.stderr,
        )
        return
    readable = readable_as(uid, reference_files(master))
    if readable:
        raise ReferenceReadable(
            f"student code could read the reference solution ({readable[0]}"
            f"{f' and {len(readable) - 1} more' if len(readable) > 1 else ''}); make the "
            f"master unreadable to other users first, e.g. chmod 700 {Path(master).resolve()} "
            "(or a folder above it)"
        )


def check_workspace_reachable(workspace):
    """Raise `RuntimeError` if a child could not reach its sandbox under ``workspace`` (a
    ``TMPDIR`` inside a private folder, say)."""
    uid, _ = child_identity(0)
    if uid is None:
        return
    probe = Path(workspace, "reachable")
    probe.write_text("")
    probe.chmod(0o644)
    try:
        if not readable_as(uid, [probe]):
            raise RuntimeError(
                f"the grader's work folder {workspace} cannot be reached by an unprivileged "
                "user; point TMPDIR to a folder every user may enter (such as /tmp)"
            )
    finally:
        probe.unlink()
