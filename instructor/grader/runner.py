"""Parent side of the child process that runs one submission's code (see `child.py`).

`Child` starts the child in its sandbox (`sandbox`), sends it one request at a time and waits for
the answer with a wall time limit. A child that exits, crashes, breaks the protocol or runs out of
time is killed with everything it started (its cgroup, its pid namespace, its uid), the request is
reported as failed with the reason (and the graded function that was running, from the child's
progress pipe), and the next request starts a fresh child: nothing one function does reaches
another function's result. Every live `Child` is listed in `LIVE`, so a signal handler can kill
them all (`close_all`).
"""

import dataclasses
import io
import json
import os
import re
import secrets
import select
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import numpy as np

from cs231n.grading.isolation import (
    EXITED,
    NOT_IMPLEMENTED,
    OK,
    OUT_OF_MEMORY,
    RAISED,
    SYNTAX_ERROR,
    TIMED_OUT,
    Limits,
    _why_no_result,
)

from . import sandbox as sandboxes
from .cgroups import Cgroup
from .uids import lease_uid

CHILD_SOURCE = (Path(__file__).with_name("child.py")).read_text("utf-8")
# Runs as root on the host for a split second: joins the child's cgroup, then becomes bwrap.
LAUNCHER = """
import json, os, sys
config = json.loads(sys.argv[1])
for procs in config["cgroup"]:
    with open(procs, "w") as handle:
        handle.write(str(os.getpid()))
os.execv(config["argv"][0], config["argv"])
"""
LIVE = set()
MAX_RESPONSE_BYTES = 64 * 2**20  # the largest honest answer is under 2 MB
# What the child may say went wrong in student code (never "ok": an answer without a value).
CHILD_ERRORS = (NOT_IMPLEMENTED, SYNTAX_ERROR, RAISED, OUT_OF_MEMORY, EXITED)
MAX_MANIFEST_BYTES = 4 * 2**20
MAX_ANSWER_ARRAYS = 10_002  # the child's encoder stops at 10,000 (+ one more, + the manifest)
MAX_PROGRESS_BYTES = 2**20
FUNCTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,60}(\.[A-Za-z_][A-Za-z0-9_]{0,60})?")


# Limits are the local grader's (`cs231n.grading.isolation.Limits`): ``wall`` seconds per
# request; ``cpu`` seconds and ``memory_mb`` for the whole child (a child that used them up is
# replaced by a fresh one for the next request). Files a child writes and processes it starts
# are bounded too.
DEFAULT_LIMITS = Limits(wall=20.0, cpu=120.0, memory_mb=2048)
LARGE_WALL = 15.0  # seconds for forward + backward on a large input (`honesty`)
FILE_BYTES = 16 * 2**20
PROCESSES = 64


class Failure(Exception):
    """The child did not answer: ``reason`` (the message), ``status`` (an `isolation` status:
    timed out, exited, crashed, out of memory, or "raised" for a malformed answer) and
    ``function``, the graded function the child said it was running (or "")."""

    def __init__(self, reason, status="raised", function=""):
        super().__init__(reason)
        self.status, self.function = status, function


class Answer:
    """A child's answer: ``status`` (an `isolation` status: ok, not implemented, raised,
    exited, ...) with the ``value`` (rebuilt from arrays) or the ``reason``."""

    def __init__(self, status, value=None, reason="", facts=None):
        self.status, self.value, self.reason = status, value, reason
        # Where student code raised (`cs231n.exception_hints.exception_facts`), as the child
        # sent it: untrusted data, read only through `exception_hints.clean_facts`.
        self.facts = facts

    @property
    def ok(self):
        return self.status == OK


class Other:
    """A returned value that is not an array, number, tuple, list, dict or None."""

    def __init__(self, type_name):
        self.type_name = str(type_name)[:80]

    def __repr__(self):
        return f"<{self.type_name}>"


# --------------------------------------------------------------------------------------------
# Encoding requests, decoding answers (arrays only, no pickles)
# --------------------------------------------------------------------------------------------


def encode_request(header, arrays):
    buffer = io.BytesIO()
    data = json.dumps(header).encode("utf-8")
    np.savez(buffer, __header__=np.frombuffer(data, dtype=np.uint8), **arrays)
    return buffer.getvalue()


def _rebuild(node, arrays, depth=0):
    if depth > 10 or not isinstance(node, dict):
        raise Failure("malformed answer")
    kind = node.get("t")
    if kind == "none":
        return None
    if kind == "array":
        return arrays[node["k"]]
    if kind in ("tuple", "list"):
        items = [_rebuild(item, arrays, depth + 1) for item in node["items"]]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {str(k): _rebuild(v, arrays, depth + 1) for k, v in node["items"].items()}
    return Other(node.get("type", "?"))


def decode_answer(payload, nonce):
    """Parse an answer frame; raises Failure when it is not a well-formed answer to ``nonce``."""
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as listing:  # no decompression bombs
            members = listing.infolist()
            if len(members) > MAX_ANSWER_ARRAYS:  # each costs the parent time to load
                raise Failure(f"answer of {len(members)} arrays is over the limit")
            if sum(info.file_size for info in members) > MAX_RESPONSE_BYTES:
                raise Failure("answer too large once decompressed")
        with np.load(io.BytesIO(payload), allow_pickle=False) as archive:
            arrays = {}
            for key in archive.files:
                array = archive[key]
                if array.dtype.kind not in "biuf":
                    raise Failure(f"answer holds an array of {array.dtype}")
                arrays[key] = array
        manifest_array = arrays.pop("__manifest__")
        if manifest_array.dtype != np.uint8 or manifest_array.size > MAX_MANIFEST_BYTES:
            raise Failure("malformed answer")
        reply = json.loads(manifest_array.tobytes().decode("utf-8"))
    except Failure:
        raise
    except Exception as error:  # anything unreadable is the child's fault, not the grader's
        raise Failure(f"unreadable answer ({type(error).__name__})") from None
    if not isinstance(reply, dict) or reply.get("nonce") != nonce:
        raise Failure("answer does not match the request (forged or stale)")
    if not reply.get("ok"):
        status = reply.get("status")
        return Answer(
            status if status in CHILD_ERRORS else RAISED,
            reason=str(reply.get("reason"))[:500],
            facts=reply.get("facts"),
        )
    try:
        return Answer(OK, _rebuild(reply.get("value"), arrays))
    except (KeyError, TypeError, AttributeError, RecursionError):
        raise Failure("malformed answer") from None


# --------------------------------------------------------------------------------------------
# The child process
# --------------------------------------------------------------------------------------------


# kill(1) of procps or util-linux, readable by any uid (a Python under a mode-700 home is not).
KILL = next((p for p in ("/usr/bin/kill", "/bin/kill") if os.access(p, os.X_OK)), None)


def kill_uid(uid):
    """Kill every process running as ``uid`` (what a child started and left behind).

    ``kill -KILL -- -1`` run as ``uid`` signals every process of that uid but itself. subprocess
    changes the uid between its fork and the exec, in C: this process, which may have threads
    (a worker pool, a progress bar), never calls os.fork."""
    if KILL is None:
        raise RuntimeError("the grader needs kill(1) (/usr/bin/kill) to stop a child's processes")
    subprocess.run(
        [KILL, "-KILL", "--", "-1"],
        user=uid,
        group=uid,
        extra_groups=[],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={},
        cwd="/",
        check=False,
    )


def _own_processes():
    """How many processes (threads included) run as this process's uid: RLIMIT_NPROC counts
    them all, so a child that shares our uid (not root) gets that many plus its own share."""
    count = 0
    for entry in os.scandir("/proc"):
        try:
            if entry.name.isdigit() and entry.stat().st_uid == os.getuid():
                count += len(os.listdir(f"/proc/{entry.name}/task"))
        except OSError:
            pass
    return count


class Child:
    """One child process for one submission, in its sandbox; restarted after any failure.

    ``files`` are the student's files (``{relpath: bytes}``), ``workspace`` the run's
    `sandbox.Workspace` (the release's tree and the isolation in force), ``variant`` one of
    `sandbox.SANDBOX_VARIANTS` ("full"; "plain": the fast layers stand-ins; "naive": a sandbox
    without the fast layers and im2col files, which do not exist there).
    """

    def __init__(self, workspace, files, limits=DEFAULT_LIMITS, variant="full"):
        self.workspace, self.files, self.limits = workspace, dict(files), limits
        self.variant = variant
        self.isolation = workspace.isolation
        self.process = None
        self.starts = 0
        self.lease = lease_uid() if self.isolation.root else None
        self.uid = self.lease.uid if self.lease else None
        self.cgroup = None
        self.folder = None  # the uid-drop fallback's folder of this child
        self.memory_bytes = int((limits.memory_mb or 4096) * 2**20) + sandboxes.SCRATCH_BYTES
        LIVE.add(self)

    # ---- starting -------------------------------------------------------------------------

    def _child_config(self, fds):
        inside_bwrap = self.isolation.mode.startswith("bwrap")
        code = sandboxes.SANDBOX if inside_bwrap else str(self.folder / "code")
        return {
            "uid": self.uid,
            "gid": self.uid,
            "code": code,
            "workdir": code if inside_bwrap else str(self.folder / "scratch"),
            "site_packages": sandboxes.library_folders(),
            "limits": dataclasses.asdict(self.limits),
            "file_bytes": FILE_BYTES,
            "processes": PROCESSES if self.uid is not None else _own_processes() + PROCESSES,
            "debug": bool(os.environ.get("GRADER_DEBUG")),
            **fds,
        }

    def _fallback_folder(self):
        """The uid-drop fallback: ``code/`` (root-owned, readable by the child's group only)
        and ``scratch/`` (the child's), fresh for each start."""
        import shutil

        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = Path(self.workspace.path, f"child-{secrets.token_hex(8)}")
        self.folder.mkdir(mode=0o711)
        files = {
            path: data
            for path, data in self.workspace.files_for(self.variant).items()
            if path not in self.files
        }
        files.update(self.files)
        sandboxes.write_tree(self.folder / "code", files, group=self.uid)
        (self.folder / "scratch").mkdir(mode=0o700)
        if self.uid is not None:
            os.chown(self.folder / "scratch", self.uid, self.uid)

    def start(self):
        if self.uid is not None:
            kill_uid(self.uid)  # nothing of an earlier start of this uid survives
        if self.isolation.cgroups and self.cgroup is None:
            self.cgroup = Cgroup(
                f"cs231n-grader-{self.uid or os.getpid()}-{secrets.token_hex(4)}",
                self.memory_bytes,
                PROCESSES,
            )
        request_read, request_write = os.pipe()
        response_read, response_write = os.pipe()
        progress_read, progress_write = os.pipe()
        fds = {
            "request_fd": request_read,
            "response_fd": response_write,
            "progress_fd": progress_write,
        }
        memfds = {}
        try:
            isolation_source = self.workspace.isolation_source
            python = [sandboxes.PYTHON, "-I", "-S", "-c", CHILD_SOURCE]
            if self.isolation.mode.startswith("bwrap"):
                memfds = sandboxes.student_memfds(self.files)
                seccomp = sandboxes.seccomp_filter()
                if seccomp is not None:
                    memfds["seccomp"] = sandboxes.memfd("seccomp", seccomp)
                config = self._child_config(fds)
                argv = sandboxes.bwrap_command(
                    self.isolation,
                    self.workspace.tree_for(self.variant),
                    {k: v for k, v in memfds.items() if k != "seccomp"},
                    python + [json.dumps(config), isolation_source],
                    seccomp_fd=memfds.get("seccomp"),
                )
                cwd = "/"
            else:
                self._fallback_folder()
                config = self._child_config(fds)
                argv = python + [json.dumps(config), isolation_source]
                cwd = config["workdir"]
            launcher = {"cgroup": self.cgroup.procs if self.cgroup else [], "argv": argv}
            self.process = subprocess.Popen(
                [sandboxes.PYTHON, "-I", "-S", "-c", LAUNCHER, json.dumps(launcher)],
                pass_fds=(request_read, response_write, progress_write, *memfds.values()),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=None if os.environ.get("GRADER_DEBUG") else subprocess.DEVNULL,
                env=dict(sandboxes.ENVIRONMENT),
                cwd=cwd,
                start_new_session=True,
            )
        finally:
            for fd in (request_read, response_write, progress_write, *memfds.values()):
                os.close(fd)
        self.requests = os.fdopen(request_write, "wb", buffering=0)
        self.responses = response_read
        self.progress = progress_read
        os.set_blocking(self.progress, False)
        self.starts += 1

    # ---- stopping -------------------------------------------------------------------------

    def _kill(self):
        """Kill the child and whatever it started (it is left unreaped)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.cgroup is not None:
            self.cgroup.kill()
        if self.uid is not None:
            kill_uid(self.uid)

    def stop(self):
        """Kill the child (the next request starts a fresh one)."""
        if self.process is None:
            return
        self._kill()
        if self.process.returncode is None:
            self.process.wait()
        self.requests.close()
        os.close(self.responses)
        os.close(self.progress)
        self.process = None

    def close(self):
        """Kill the child and give back its uid, cgroup and folder."""
        import shutil

        self.stop()
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        if self.lease is not None:
            self.lease.release()
            self.lease = None
        LIVE.discard(self)

    # ---- talking --------------------------------------------------------------------------

    def _running(self):
        """The last graded function the child said it was calling ("" if none, or if what it
        wrote is not a function's name: student code can write to this pipe too). Reads at
        most `MAX_PROGRESS_BYTES`, so a child that keeps writing cannot hold the parent."""
        data, read = b"", 0
        try:
            while read < MAX_PROGRESS_BYTES and (chunk := os.read(self.progress, 65536)):
                data, read = data[-4096:] + chunk, read + len(chunk)
        except (BlockingIOError, OSError):
            pass
        lines = data.decode("utf-8", errors="replace").split()
        name = lines[-1] if lines else ""
        return name if FUNCTION_NAME.fullmatch(name) else ""

    def _read(self, size, deadline, wall):
        chunks = []
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Failure(f"timed out after {wall:g} s", TIMED_OUT)
            ready, _, _ = select.select([self.responses], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.responses, min(size, 1 << 20))
            if not chunk:
                raise Failure(*self._death())
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def _death(self):
        """Why the child stopped answering, in the local grader's words; ``(reason, status)``."""
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                self.process.returncode = status  # reaped here; Popen must not wait again
                if self.cgroup is not None and self.cgroup.oom_killed():
                    megabytes = self.memory_bytes / 2**20
                    return (
                        f"ran out of memory (the submission's processes together used more "
                        f"than {megabytes:.0f} MB)",
                        OUT_OF_MEMORY,
                    )
                status_name, _, reason = _why_no_result(
                    self._inner_status(status), usage.ru_utime + usage.ru_stime, self.limits
                )
                return reason, status_name
            time.sleep(0.01)
        return "closed its answer pipe without exiting", "exited"

    def _inner_status(self, status):
        """bubblewrap exits with 128 + signal when its command was killed by a signal."""
        if self.isolation.mode.startswith("bwrap") and os.WIFEXITED(status):
            code = os.WEXITSTATUS(status)
            if 128 < code < 160:
                return code - 128  # a wait status "killed by signal code - 128"
        return status

    def request(self, header, arrays, wall=None):
        """Send one request; returns an `Answer`, or raises `Failure` (the child is then gone).
        ``wall``: seconds for this request (default: the limits' wall time)."""
        wall = self.limits.wall if wall is None else min(wall, self.limits.wall)
        if self.process is None:
            self.start()
        nonce = secrets.token_hex(16)
        payload = encode_request(dict(header, nonce=nonce), arrays)
        deadline = time.monotonic() + wall
        try:
            try:
                self.requests.write(len(payload).to_bytes(8, "big") + payload)
            except BrokenPipeError:
                raise Failure(*self._death()) from None
            size = int.from_bytes(self._read(8, deadline, wall), "big")
            if size > MAX_RESPONSE_BYTES:
                raise Failure(f"answer of {size} bytes is over the limit")
            return decode_answer(self._read(size, deadline, wall), nonce)
        except Failure as failure:
            self._kill()  # first: nothing writes to the progress pipe while it is read
            failure.function = self._running()
            self.stop()
            raise


def close_all():
    """Kill every live child of this process and remove what it had (signal handlers)."""
    for child in list(LIVE):
        try:
            child.close()
        except Exception:  # noqa: BLE001 - best effort: the others must be closed too
            pass
