"""Parent side of the child process that runs one submission's code (see `child.py`).

`Child` starts the child, sends it one request at a time and waits for the answer with a wall
time limit. A child that exits, crashes, breaks the protocol or runs out of time is killed with
everything it started, the request is reported as failed with the reason, and the next request
starts a fresh child: nothing one function does reaches another function's result.
"""

import dataclasses
import io
import json
import os
import secrets
import select
import signal
import site
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

from cs231n.grading.isolation import OK, TIMED_OUT, Limits, _why_no_result

CHILD_SOURCE = (Path(__file__).with_name("child.py")).read_text("utf-8")
MAX_RESPONSE_BYTES = 256 * 2**20
MAX_MANIFEST_BYTES = 4 * 2**20


# Limits are the local grader's (`cs231n.grading.isolation.Limits`): ``wall`` seconds per
# request; ``cpu`` seconds and ``memory_mb`` for the whole child (a child that used them up is
# replaced by a fresh one for the next request). Files a child writes and processes it starts
# are bounded too.
DEFAULT_LIMITS = Limits(wall=20.0, cpu=120.0, memory_mb=2048)
FILE_BYTES = 16 * 2**20
PROCESSES = 64


class Failure(Exception):
    """The child did not answer: ``reason`` (the message) and ``status`` (an `isolation`
    status: timed out, exited, crashed, or "raised" for a malformed answer)."""

    def __init__(self, reason, status="raised"):
        super().__init__(reason)
        self.status = status


class Answer:
    """A child's answer: ``status`` (an `isolation` status: ok, not implemented, raised,
    exited, ...) with the ``value`` (rebuilt from arrays) or the ``reason``."""

    def __init__(self, status, value=None, reason=""):
        self.status, self.value, self.reason = status, value, reason

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
            if sum(info.file_size for info in listing.infolist()) > MAX_RESPONSE_BYTES:
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
        return Answer(str(reply.get("status"))[:40], reason=str(reply.get("reason"))[:500])
    try:
        return Answer(OK, _rebuild(reply.get("value"), arrays))
    except (KeyError, TypeError, AttributeError, RecursionError):
        raise Failure("malformed answer") from None


# --------------------------------------------------------------------------------------------
# The child process
# --------------------------------------------------------------------------------------------


def site_packages():
    """Library folders of this interpreter (no .pth entries, so no editable install of the
    master can put the reference on the child's path)."""
    folders = site.getsitepackages()
    return [folder for folder in folders if os.path.isdir(folder)]


def kill_uid(uid):
    """Kill every process running as ``uid`` (what a child started and left behind)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the forked helper
        try:
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


class Child:
    """One child process for one submission's sandbox; restarted after any failure."""

    def __init__(self, sandbox, limits=DEFAULT_LIMITS, uid=None, gid=None, python=sys.executable):
        self.sandbox, self.limits, self.uid, self.gid = str(sandbox), limits, uid, gid
        self.python = python
        self.process = None
        self.starts = 0

    def _start(self):
        request_read, request_write = os.pipe()
        response_read, response_write = os.pipe()
        config = {
            "sandbox": self.sandbox,
            "uid": self.uid,
            "gid": self.gid,
            "request_fd": request_read,
            "response_fd": response_write,
            "site_packages": site_packages(),
            "limits": dataclasses.asdict(self.limits),
            "file_bytes": FILE_BYTES,
            "processes": PROCESSES,
            "debug": bool(os.environ.get("GRADER_DEBUG")),
        }
        environment = {
            "PATH": "/usr/bin:/bin",
            "HOME": self.sandbox,
            "LANG": "C.UTF-8",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MPLBACKEND": "Agg",
        }
        self.process = subprocess.Popen(
            [self.python, "-I", "-S", "-c", CHILD_SOURCE, json.dumps(config)],
            pass_fds=(request_read, response_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=None if os.environ.get("GRADER_DEBUG") else subprocess.DEVNULL,
            env=environment,
            cwd=self.sandbox,
            start_new_session=True,
        )
        os.close(request_read)
        os.close(response_write)
        self.requests = os.fdopen(request_write, "wb", buffering=0)
        self.responses = response_read
        self.starts += 1

    def close(self):
        """Kill the child and whatever it started."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.uid is not None:
            kill_uid(self.uid)
        if self.process.returncode is None:
            self.process.wait()
        self.requests.close()
        os.close(self.responses)
        self.process = None

    def _read(self, size, deadline):
        chunks = []
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Failure(f"timed out after {self.limits.wall:g} s", TIMED_OUT)
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
                status_name, _, reason = _why_no_result(
                    status, usage.ru_utime + usage.ru_stime, self.limits
                )
                return reason, status_name
            time.sleep(0.01)
        return "closed its answer pipe without exiting", "exited"

    def request(self, header, arrays):
        """Send one request; returns an `Answer`, or raises `Failure` (the child is then gone)."""
        if self.process is None:
            self._start()
        nonce = secrets.token_hex(16)
        payload = encode_request(dict(header, nonce=nonce), arrays)
        deadline = time.monotonic() + self.limits.wall
        try:
            try:
                self.requests.write(len(payload).to_bytes(8, "big") + payload)
            except BrokenPipeError:
                raise Failure(*self._death()) from None
            size = int.from_bytes(self._read(8, deadline), "big")
            if size > MAX_RESPONSE_BYTES:
                raise Failure(f"answer of {size} bytes is over the limit")
            return decode_answer(self._read(size, deadline), nonce)
        except Failure:
            self.close()
            raise
