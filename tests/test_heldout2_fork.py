"""Held-out round 2: no os.fork in a process that runs other Python threads (Python 3.12+
warns: a forked child gets copies of locks those threads may hold, and can deadlock).

The local grader's `run_isolated` forks only when the calling thread is the only one; with a
worker pool or a Jupyter kernel's threads running it asks multiprocessing's fork server (a
process without threads) for the child. The hidden grader's `kill_uid` never forks: subprocess
changes the uid between its fork and exec, in C.
"""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from cs231n.grading import isolation
from cs231n.grading.isolation import Limits, run_isolated

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.fork_server  # the real choice between a fork and the fork server


def add(a, b):
    return a + b


def sleep_forever():
    while True:
        time.sleep(1)


def exit_with(code):
    os._exit(code)


def crash():
    os.kill(os.getpid(), signal.SIGSEGV)


@pytest.fixture
def other_thread():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    yield thread
    stop.set()
    thread.join()


@pytest.fixture
def no_fork(monkeypatch):
    def refuse():
        raise AssertionError("os.fork called in a process with other threads")

    monkeypatch.setattr(os, "fork", refuse)


def test_with_other_threads_every_outcome_comes_from_the_fork_server(other_thread, no_fork):
    assert run_isolated(add, 2, b=3).value == 5
    outcome = run_isolated(sleep_forever, limits=Limits(wall=1.0))
    assert (outcome.status, outcome.reason) == (isolation.TIMED_OUT, "timed out after 1 s")
    outcome = run_isolated(exit_with, 3)
    assert outcome.status == isolation.EXITED and "exited with code 3" in outcome.reason
    outcome = run_isolated(crash)
    assert (outcome.status, outcome.reason) == (isolation.CRASHED, "crashed with signal SIGSEGV")
    outcome = run_isolated("cs231n.grading.isolation:resolve", "os:getpid")
    assert outcome.ok and callable(outcome.value)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_with_other_threads_a_closure_still_runs_forked(other_thread):
    secret = 41
    assert run_isolated(lambda: secret + 1).value == 42  # not picklable: the fork fallback


def test_without_other_threads_it_forks_as_before(monkeypatch):
    if threading.active_count() > 1:
        pytest.skip("this test process runs other threads")
    forks = []
    real = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real())
    assert run_isolated(add, 1, 1).value == 2
    assert forks == [1]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run a process as another uid")
def test_kill_uid_kills_that_uid_without_forking(no_fork):
    from instructor.grader.runner import kill_uid

    uid = 2_390_000 + os.getpid() % 1000
    victim = subprocess.Popen(["sleep", "30"], user=uid, group=uid, extra_groups=[])
    bystander = subprocess.Popen(["sleep", "30"])
    try:
        kill_uid(uid)
        assert victim.wait(5) == -signal.SIGKILL
        assert bystander.poll() is None
    finally:
        for process in (victim, bystander):
            process.kill()
            process.wait()


def _python313():
    """A Python 3.13 with NumPy that runs: a pyenv shim on PATH can exist and still fail ("pyenv:
    python3.13: command not found" when 3.13 is installed but not selected)."""
    pyenv = sorted(Path("/root/.pyenv/versions").glob("3.13.*/bin/python3.13"))
    venv = Path("/work/venvs/attack2-313/bin/python")  # a 3.13 with NumPy, where one exists
    candidates = [os.environ.get("PYTHON313"), str(venv), *map(str, pyenv)]
    candidates.append(shutil.which("python3.13"))
    for candidate in candidates:
        if not candidate or not os.access(candidate, os.X_OK):
            continue
        try:
            ran = subprocess.run([candidate, "-c", "import numpy"], capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if ran.returncode == 0:
            return candidate
    return None


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="this interpreter is checked in-process")
@pytest.mark.skipif(_python313() is None, reason="no Python 3.13 with NumPy here")
def test_no_fork_warning_on_python_313_with_a_worker_pool():
    script = textwrap.dedent(
        """
        import threading, warnings
        from cs231n.grading.isolation import Limits, run_isolated
        threading.Thread(target=threading.Event().wait, daemon=True).start()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert run_isolated("operator:add", 2, 3).value == 5
            assert run_isolated("time:sleep", 5, limits=Limits(wall=0.5)).status == "timed out"
        print([str(w.message) for w in caught if "fork" in str(w.message)])
        """
    )
    result = subprocess.run(
        [_python313(), "-W", "error::DeprecationWarning", "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


@pytest.mark.skipif(sys.version_info < (3, 12), reason="Python 3.12+ warns about fork")
def test_no_fork_warning_with_other_threads(other_thread, recwarn):
    assert run_isolated(add, 2, 3).value == 5
    assert not [w for w in recwarn if "fork" in str(w.message)]


def test_the_graders_progress_bar_starts_no_thread():
    from instructor.grader.__main__ import progress_bar

    before = threading.active_count()
    bar = progress_bar(3)
    bar.update()
    try:
        assert threading.active_count() == before
    finally:
        bar.close()
