"""Exclusive locks on lock files, for instructor tools that must not run twice on one thing at
once (the grader's uids, the release's OUTDIR).

A lock is an exclusive, non-blocking ``flock`` on a file: it lasts while the returned file is
open, and the kernel drops it when its process ends, so a crashed holder leaves no stale lock
(the file itself stays, empty, and is reused).
"""

import fcntl
import os


def try_lock(path):
    """Lock the file ``path`` (created, mode 600, if missing). Returns the open file holding the
    lock (close it to release), or None while another process holds it.

    ``path`` is opened without following a symlink planted there (``O_NOFOLLOW``): a symlink
    raises OSError (ELOOP) instead of creating or locking the file it points to."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    handle = os.fdopen(fd, "r+b")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    except BaseException:
        handle.close()
        raise
    return handle
