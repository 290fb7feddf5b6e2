"""Run student code in a child process that cannot hang, silence or crash the grader (provided).

One function, `run_isolated`, calls a function in a forked child process under limits on wall
time, CPU time and memory, and returns an `Outcome`: the function's return value (pickled back over
a pipe: arrays, numbers, tuples, any picklable object) or one line saying why there is none::

    from cs231n.grading.isolation import Limits, run_isolated

    outcome = run_isolated("cs231n.layers:affine_forward", x, w, b, limits=Limits(wall=10))
    if outcome.ok:
        out, cache = outcome.value
    else:
        print(outcome.status, outcome.reason)   # e.g. "timed out", "timed out after 10 s"

The function is a callable or a ``"module:qualified.name"`` string; a string is imported in the
child, so a syntax error or a crash at import time is reported like any other failure. Whatever
the function does (``while True: pass``, ``os._exit(0)``, ``raise SystemExit(0)``, a segmentation
fault, a huge allocation, spawning processes), the parent waits at most ``limits.wall`` seconds
(plus a short grace to collect the child), then kills the child's whole process group.

Reasons (``Outcome.status``, then ``Outcome.reason``):

- ``ok``: the function returned (``reason`` is empty, ``value`` is what it returned);
- ``not implemented``: it raised NotImplementedError (``reason`` is its message);
- ``syntax error``: ``syntax error in cs231n/layers.py line 12: invalid syntax``;
- ``raised``: ``ValueError: shapes do not match (at layers.py:40 in affine_forward)``;
- ``out of memory``: MemoryError under the memory limit;
- ``timed out``: ``timed out after 10 s`` (wall clock) or ``used more than 10 s of CPU time``;
- ``exited``: ``exited with code 0 (os._exit) before returning`` or ``called sys.exit(0)``;
- ``crashed``: ``crashed with signal SIGSEGV``.

Limits use `resource.setrlimit` (RLIMIT_CPU, RLIMIT_AS) in the child and need a POSIX system
with ``os.fork`` (Linux, macOS); memory limits are not enforced by macOS. Where ``os.fork`` does
not exist (Windows), the function runs in this process with exceptions caught but no limits.
When this process runs other Python threads (a worker pool of the fast layers, a Jupyter
kernel), the child comes from multiprocessing's fork server, a process without threads, so no
lock another thread held is copied into it (the function and its arguments are then pickled; a
closure, which cannot be, still runs in a fork of this process).
If this process gets SIGTERM, SIGHUP or SIGINT while it waits, it kills the child's process group
first, then ends as the signal asks; on Linux the child also dies if this process is killed.
"""

import dataclasses
import faulthandler
import importlib
import os
import pickle
import select
import signal
import sys
import time
import traceback

OK = "ok"
NOT_IMPLEMENTED = "not implemented"
SYNTAX_ERROR = "syntax error"
RAISED = "raised"
OUT_OF_MEMORY = "out of memory"
TIMED_OUT = "timed out"
EXITED = "exited"
CRASHED = "crashed"

# After killing a child, how long to wait for the system to reap it (it cannot ignore SIGKILL).
_REAP_SECONDS = 5.0


@dataclasses.dataclass(frozen=True)
class Limits:
    """Limits of one call: wall-clock seconds, CPU seconds (None: no limit beyond the wall
    clock), address space in MB on top of what the process already uses (None: no limit)."""

    wall: float = 60.0
    cpu: float | None = None
    memory_mb: float | None = 4096


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What became of one call: ``status`` (one of the constants above), the returned ``value``
    when ``status == "ok"``, a one-line ``reason`` otherwise, and the wall-clock ``seconds``."""

    status: str
    value: object = None
    reason: str = ""
    seconds: float = 0.0

    @property
    def ok(self):
        return self.status == OK


def describe_syntax_error(error, root=None):
    """``syntax error in cs231n/layers.py line 12: invalid syntax``, the path relative to
    ``root`` (default: the current directory) when it lies inside it."""
    filename = error.filename or "<unknown file>"
    root = os.path.abspath(root or os.getcwd())
    absolute = os.path.abspath(filename)
    if absolute.startswith(root + os.sep):
        filename = os.path.relpath(absolute, root)
    return f"syntax error in {filename} line {error.lineno}: {error.msg}"


def describe_exception(error):
    """``Type: message (at file.py:line in function)``, at the innermost frame."""
    if isinstance(error, SyntaxError):
        return describe_syntax_error(error)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename[:1] != "<"]
    where = ""
    if frames:
        frame = frames[-1]
        where = f" (at {os.path.basename(frame.filename)}:{frame.lineno} in {frame.name})"
    text = f"{type(error).__name__}: {error}".rstrip(": ") if str(error) else type(error).__name__
    return f"{text}{where}"


def resolve(target):
    """The callable named by ``"module:qualified.name"`` (imported here), or ``target`` itself."""
    if callable(target):
        return target
    module_name, _, qualname = str(target).partition(":")
    if not qualname:
        raise ValueError(f"expected 'module:function', got {target!r}")
    obj = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _classify(error, limits):
    """(status, reason) of an exception raised by the called function."""
    if isinstance(error, NotImplementedError):
        return NOT_IMPLEMENTED, str(error) or "NotImplementedError"
    if isinstance(error, SyntaxError):
        return SYNTAX_ERROR, describe_syntax_error(error)
    if isinstance(error, MemoryError):
        limit = f" (limit {limits.memory_mb:.0f} MB)" if limits.memory_mb else ""
        return OUT_OF_MEMORY, f"ran out of memory{limit}: {describe_exception(error)}"
    if isinstance(error, SystemExit):
        return EXITED, f"called sys.exit({error.code!r}) (SystemExit)"
    if isinstance(error, KeyboardInterrupt):
        return RAISED, "raised KeyboardInterrupt"
    return RAISED, describe_exception(error)


def _call(target, args, kwargs, limits):
    """Call in this process, catching everything: (status, value, reason)."""
    try:
        return OK, resolve(target)(*args, **kwargs), ""
    except BaseException as error:  # noqa: BLE001 - student code may raise anything
        status, reason = _classify(error, limits)
        return status, None, reason


def _virtual_memory_bytes():
    """This process's current address-space size (Linux), or 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _apply_limits(limits):
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file
    if limits.cpu is not None:
        used = sum(os.times()[:2])
        soft = max(1, int(used + limits.cpu + 0.999))
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))
    if limits.memory_mb is not None:
        budget = _virtual_memory_bytes() + int(limits.memory_mb * 2**20)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
        except (ValueError, OSError):  # not supported here (macOS): run without it
            pass


class _Signalled(BaseException):
    """This process got a terminating signal while a child ran (its number is ``args[0]``)."""


_STOPPING = (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None))


def _raise_signalled(number, _frame):
    raise _Signalled(number)


def _catch_stopping_signals():
    """Turn SIGTERM/SIGHUP into `_Signalled` while a child runs (main thread only, where Python
    allows handlers); returns the previous handlers. SIGINT keeps KeyboardInterrupt."""
    import threading

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for number in _STOPPING:
            if number is not None and number != signal.SIGINT:
                handler = signal.getsignal(number)
                if handler in (signal.SIG_DFL, None):  # only where the default would kill us
                    previous[number] = signal.signal(number, _raise_signalled)
    return previous


def _die_with_parent():
    """Linux: the kernel sends this process SIGKILL when its parent dies."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child(write_fd, target, args, kwargs, limits):
    """Body of the forked child: never returns."""
    code = 0
    try:
        os.setpgid(0, 0)  # own process group, so the parent can kill everything it starts
        if sys.platform.startswith("linux"):
            _die_with_parent()
        faulthandler.disable()  # a crash is reported in one line, not with a dump of frames
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _apply_limits(limits)
        status, value, reason = _call(target, args, kwargs, limits)
        try:
            payload = pickle.dumps((status, value, reason), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001
            payload = pickle.dumps(
                (RAISED, None, f"returned a value that cannot be sent back: {error}")
            )
        message = len(payload).to_bytes(8, "little") + payload
        view = memoryview(message)
        while view:
            view = view[os.write(write_fd, view) :]
        os.close(write_fd)
    except BaseException:  # noqa: BLE001 - nothing may escape into the parent's code
        code = 70
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001
                pass
        os._exit(code)


def _has_other_threads():
    """Whether this process runs Python threads besides the calling one (a worker pool, a
    Jupyter kernel's): os.fork then copies locks they may hold, and Python 3.12+ warns."""
    threading = sys.modules.get("threading")
    return threading is not None and threading.active_count() > 1


def _picklable(value):
    try:
        pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - closures, lambdas, open files...
        return False
    return True


class _ForkedChild:
    """The child as a fork of this process (any callable, closures too)."""

    def __init__(self, target, args, kwargs, limits):
        read_fd, write_fd = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(read_fd)
            _child(write_fd, target, args, kwargs, limits)
        os.close(write_fd)
        self.read_fd = read_fd

    def wait_for_exit(self, timeout):
        return _wait_for_exit(self.pid, timeout)

    def reap(self, timeout):
        return _reap(self.pid, timeout)


def _served_child(sender, target, args, kwargs, limits):
    _child(sender.fileno(), target, args, kwargs, limits)


class _ServedChild:
    """The child forked by multiprocessing's fork server, a process that runs no threads, for a
    caller that has threads (the target and its arguments are pickled). The server, not this
    process, is its parent: its exit comes from the server, without the CPU time it used."""

    def __init__(self, target, args, kwargs, limits):
        import multiprocessing

        context = multiprocessing.get_context("forkserver")
        receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_served_child, args=(sender, target, args, kwargs, limits), daemon=True
        )
        self.process.start()
        sender.close()
        self.read_fd = os.dup(receiver.fileno())  # closed by run_isolated, like a pipe's
        receiver.close()
        self.pid = self.process.pid

    def wait_for_exit(self, timeout):
        self.process.join(max(0.0, timeout))
        return self.process.exitcode is not None

    def reap(self, timeout):
        self.process.join(timeout)
        code = self.process.exitcode
        if code is None:
            return None
        self.process.close()
        return (-code if code < 0 else code << 8), 0.0  # a wait status; CPU time unknown


def _kill_group(pid):
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except OSError:  # already gone, or the group was never created
            pass


def _wait_for_exit(pid, timeout):
    """Whether the child ended within ``timeout`` seconds (it is left unreaped)."""
    deadline = time.monotonic() + max(0.0, timeout)
    while True:
        try:
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return True
        except ChildProcessError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)


def _reap(pid, timeout):
    """(wait status, CPU seconds used) of the ended child, or None if it has not ended within
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, status, usage = os.wait4(pid, os.WNOHANG)
        except ChildProcessError:  # already reaped
            return 0, 0.0
        if done:
            return status, usage.ru_utime + usage.ru_stime
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.005)


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def run_isolated(target, *args, limits=None, **kwargs):
    """Call ``target(*args, **kwargs)`` in a child process under ``limits``; return an `Outcome`.

    Parameters
    ----------
    target : callable or str
        The function, or ``"module:qualified.name"`` to import in the child. With ``os.fork``
        any callable works (closures too); the value it returns must be picklable.
    *args, **kwargs
        Its arguments (copied into the child by the fork; changes there do not come back).
    limits : Limits, optional
        Wall time, CPU time and memory of the call (default `Limits()`).

    Returns
    -------
    Outcome
        Never raises because of what the function did, and returns within about
        ``limits.wall`` seconds.
    """
    limits = limits or Limits()
    started = time.monotonic()
    if not hasattr(os, "fork"):
        status, value, reason = _call(target, args, kwargs, limits)
        return Outcome(status, value, reason, time.monotonic() - started)

    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # or a forked child would print the parent's buffered output again
    if _has_other_threads() and _picklable((target, args, kwargs)):
        child = _ServedChild(target, args, kwargs, limits)
    else:
        child = _ForkedChild(target, args, kwargs, limits)
    pid, read_fd = child.pid, child.read_fd
    deadline = started + limits.wall
    state, data = "timeout", b""
    previous = _catch_stopping_signals()
    try:
        state, data = _read_message(read_fd, deadline)
    except _Signalled as signalled:  # kill the child, then end as the signal asks
        _kill_group(pid)
        child.reap(_REAP_SECONDS)
        for number, handler in previous.items():
            signal.signal(number, handler)
        os.kill(os.getpid(), signalled.args[0])
        raise SystemExit(128 + signalled.args[0]) from None
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        os.close(read_fd)
        if state == "timeout":  # also on KeyboardInterrupt in the parent
            _kill_group(pid)
    # Wait for the child to end without reaping it, so that its pid (the process group's id)
    # cannot be reused before the group is killed: that ends whatever it started.
    if state == "complete":
        child.wait_for_exit(_REAP_SECONDS)
    elif state == "eof":  # the child closed its end; give it until the deadline to finish
        state = "eof" if child.wait_for_exit(deadline - time.monotonic()) else "timeout"
    _kill_group(pid)
    ended = child.reap(_REAP_SECONDS)
    seconds = time.monotonic() - started

    if state == "complete":
        try:
            status, value, reason = pickle.loads(data)
        except Exception as error:  # noqa: BLE001
            return Outcome(RAISED, None, f"sent back an unreadable result: {error}", seconds)
        return Outcome(status, value, reason, seconds)
    if state == "timeout" or ended is None:
        return Outcome(TIMED_OUT, None, f"timed out after {limits.wall:g} s", seconds)
    return Outcome(*_why_no_result(*ended, limits), seconds=seconds)


def _why_no_result(wait_status, cpu_seconds, limits):
    """(status, value, reason) of a child that ended without sending a complete result."""
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        if number == getattr(signal, "SIGXCPU", None) or (
            limits.cpu is not None and number == signal.SIGKILL and cpu_seconds >= limits.cpu
        ):
            return TIMED_OUT, None, f"used more than {limits.cpu:g} s of CPU time"
        return CRASHED, None, f"crashed with signal {_signal_name(number)}"
    code = os.WEXITSTATUS(wait_status) if os.WIFEXITED(wait_status) else wait_status
    return EXITED, None, f"exited with code {code} (os._exit or a crash) before returning"


def _read_message(fd, deadline):
    """Read one length-prefixed message from ``fd`` until ``deadline``: (state, bytes) with
    state "complete", "eof" (the writer closed the pipe first) or "timeout"."""
    chunks, size, expected = [], 0, None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return "timeout", b""
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return "timeout", b""
        chunk = os.read(fd, 1 << 20)
        if not chunk:  # end of file: the child ended (or closed the pipe) without a full message
            return "eof", b""
        chunks.append(chunk)
        size += len(chunk)
        if expected is None and size >= 8:
            expected = int.from_bytes(b"".join(chunks)[:8], "little")
        if expected is not None and size >= 8 + expected:
            data = b"".join(chunks)
            return "complete", data[8 : 8 + expected]
