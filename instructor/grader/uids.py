"""Unprivileged user ids for children, never shared by two children at once (root only).

Each child runs as its own uid, taken from ``BASE`` upwards: a uid is held by an exclusive
``flock`` on ``<LOCKS>/uid-<n>.lock`` for as long as the child that uses it lives, so two grading
runs on one machine (or two workers of one run) never get the same uid, and a crashed run's
locks vanish with its processes (the kernel drops them). A uid that some process still runs as
is skipped.
"""

import os
import tempfile
from pathlib import Path

from ..locks import try_lock

BASE = 2_500_000  # above the uids earlier versions of the grader took without a lock
COUNT = 60_000


def lock_folder():
    """A folder only root may write: ``/run/cs231n-grader`` (or under the temporary folder)."""
    parent = Path("/run") if os.path.isdir("/run") else Path(tempfile.gettempdir())
    folder = parent / "cs231n-grader-uids"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = folder.lstat()
    if folder.is_symlink() or info.st_uid != 0 or info.st_mode & 0o022:
        raise RuntimeError(f"{folder} must be a folder that only root may write")
    return folder


def uid_in_use(uid):
    """Whether some process runs as ``uid`` (real, effective, saved or filesystem uid)."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", "rb") as status:
                for line in status:
                    if line.startswith(b"Uid:"):
                        if str(uid).encode() in line.split()[1:]:
                            return True
                        break
        except OSError:
            continue
    return False


class UidLease:
    """One uid held for a child; `release` (or process exit) gives it back."""

    def __init__(self, uid, handle):
        self.uid, self._handle = uid, handle

    def release(self):
        if self._handle is not None:
            self._handle.close()  # closing the file drops the flock
            self._handle = None


def lease_uid():
    """Take a free uid (root only); raises RuntimeError when none is free."""
    folder = lock_folder()
    for uid in range(BASE, BASE + COUNT):
        handle = try_lock(folder / f"uid-{uid}.lock")
        if handle is None:
            continue
        if uid_in_use(uid):
            handle.close()
            continue
        return UidLease(uid, handle)
    raise RuntimeError(f"no free uid for a child among {BASE}..{BASE + COUNT - 1}")
