"""The isolation primitive survives whatever student code does, and says what happened."""

import ctypes
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from cs231n.grading import isolation
from cs231n.grading.isolation import Limits, run_isolated

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _loop_forever():
    while True:
        pass


def _exit_quietly():
    os._exit(0)


def _system_exit():
    raise SystemExit(0)


def _segfault():
    ctypes.string_at(0)


def _spawn_and_sleep(pid_file):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    with open(pid_file, "w") as f:
        f.write(str(child.pid))
    time.sleep(60)


def _close_pipe_and_sleep():
    for fd in range(3, 256):
        try:
            os.close(fd)
        except OSError:
            pass
    time.sleep(60)


def test_returns_arrays_and_objects():
    outcome = run_isolated(lambda n: (np.arange(n), {"n": n}), 1_000_000)
    assert outcome.ok and outcome.reason == ""
    assert np.array_equal(outcome.value[0], np.arange(1_000_000))
    assert outcome.value[1] == {"n": 1_000_000}


def test_named_function_is_imported_in_the_child():
    outcome = run_isolated("numpy:add", np.ones(3), 2.0)
    assert outcome.ok and np.array_equal(outcome.value, np.full(3, 3.0))
    assert "numpy.random" in sys.modules  # imported here already; the child imports what it names
    missing = run_isolated("cs231n.no_such_module:f")
    assert missing.status == isolation.RAISED
    assert "No module named 'cs231n.no_such_module'" in missing.reason


def test_infinite_loop_times_out_within_the_limit():
    started = time.monotonic()
    outcome = run_isolated(_loop_forever, limits=Limits(wall=1.0))
    assert outcome.status == isolation.TIMED_OUT
    assert outcome.reason == "timed out after 1 s"
    assert time.monotonic() - started < 1.0 + 3.0


def test_cpu_limit():
    outcome = run_isolated(_loop_forever, limits=Limits(wall=20, cpu=1))
    assert outcome.status == isolation.TIMED_OUT
    assert outcome.reason == "used more than 1 s of CPU time"
    assert outcome.seconds < 10


@pytest.mark.parametrize(
    "function, status, reason",
    [
        (
            _exit_quietly,
            isolation.EXITED,
            "exited with code 0 (os._exit or a crash) before returning",
        ),
        (_system_exit, isolation.EXITED, "called sys.exit(0) (SystemExit)"),
        (_segfault, isolation.CRASHED, "crashed with signal SIGSEGV"),
    ],
)
def test_exits_and_crashes_are_reported(function, status, reason):
    outcome = run_isolated(function, limits=Limits(wall=10))
    assert (outcome.status, outcome.reason) == (status, reason)


def test_huge_allocation_is_out_of_memory():
    outcome = run_isolated(lambda: np.ones((100, 10**6)), limits=Limits(memory_mb=200))
    assert outcome.status == isolation.OUT_OF_MEMORY
    assert outcome.reason.startswith("ran out of memory (limit 200 MB)")


def test_not_implemented_and_exceptions():
    def stub():
        raise NotImplementedError("affine_forward: TODO implement the affine forward pass")

    outcome = run_isolated(stub)
    assert outcome.status == isolation.NOT_IMPLEMENTED
    assert outcome.reason.startswith("affine_forward: TODO")
    outcome = run_isolated(lambda: np.ones(2) @ np.ones(3))
    assert outcome.status == isolation.RAISED
    assert outcome.reason.startswith("ValueError: matmul")
    assert "test_isolation.py" in outcome.reason


def test_syntax_error_names_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "broken_student_module.py").write_text("def f():\n    return 1 +\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    outcome = run_isolated("broken_student_module:f")
    assert outcome.status == isolation.SYNTAX_ERROR
    assert outcome.reason == "syntax error in broken_student_module.py line 2: invalid syntax"


def test_unpicklable_result():
    outcome = run_isolated(lambda: lambda: 1)
    assert outcome.status == isolation.RAISED
    assert outcome.reason.startswith("returned a value that cannot be sent back")


def test_process_group_is_killed(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    outcome = run_isolated(_spawn_and_sleep, str(pid_file), limits=Limits(wall=2))
    assert outcome.status == isolation.TIMED_OUT
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(grandchild, 0)
        except ProcessLookupError:
            break
        # A killed grandchild is a zombie until init reaps it: it no longer runs.
        with open(f"/proc/{grandchild}/stat") as f:
            if f.read().split(")")[-1].split()[0] == "Z":
                break
        time.sleep(0.05)
    else:
        pytest.fail(f"grandchild {grandchild} still runs")


def test_closing_the_pipe_does_not_hang_the_parent():
    outcome = run_isolated(_close_pipe_and_sleep, limits=Limits(wall=1.5))
    assert outcome.status == isolation.TIMED_OUT
    assert outcome.seconds < 1.5 + 3


def test_changes_in_the_child_stay_there():
    x = np.zeros(3)

    def mutate():
        x[:] = 1
        np.random.seed(0)
        return x.sum()

    state = np.random.get_state()[1].copy()
    assert run_isolated(mutate).value == 3
    assert x.sum() == 0 and np.array_equal(np.random.get_state()[1], state)


SIGNALLED_PARENT = """
import os, subprocess, sys, time
from cs231n.grading.isolation import Limits, run_isolated

def spawn(token):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", token])
    time.sleep(120)

run_isolated(spawn, os.environ["GRANDCHILD_TOKEN"], limits=Limits(wall=120))
"""


def _processes_with(token):
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(os.path.join(entry.path, "cmdline"), "rb") as handle:
                    if token.encode() in handle.read():
                        found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="looks for processes in /proc")
@pytest.mark.parametrize("number", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_to_the_local_grader_kills_its_child_and_grandchildren(number):
    import signal

    token = f"isolation-{os.getpid()}-{number}-{time.monotonic_ns()}"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parent = subprocess.Popen(
        [sys.executable, "-c", SIGNALLED_PARENT],  # only the grandchild's command holds token
        cwd=root,
        env=dict(os.environ, GRANDCHILD_TOKEN=token),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not _processes_with(token) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _processes_with(token), "the grandchild never started"
        parent.send_signal(getattr(signal, number))
        parent.wait(timeout=30)
    finally:
        if parent.poll() is None:
            parent.kill()
    deadline = time.monotonic() + 5
    while _processes_with(token) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_with(token) == []
