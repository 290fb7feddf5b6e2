"""SIGTERM, SIGHUP or SIGINT to the hidden grader: every child it started is killed, its work
folder and cgroups removed, and grades.partial.csv written with what was graded, INTERRUPTED.txt
naming the others (exit status 130)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sandbox_support import isolation_or_skip

from instructor.grader import cgroups
from instructor.grader.corpus import replace_function
from instructor.grader.intake import GRADED_FILES

MASTER = Path(__file__).resolve().parent.parent

ISOLATION = isolation_or_skip()

LOOP = """
def relu_forward(x):
    import os, sys
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "while True: pass", "{token}"])
    while True:
        pass
"""


def processes_with(token):
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if token.encode() in Path(entry.path, "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def cgroups_holding(pids):
    """The grader's cgroup folders (v1 here) that hold one of ``pids``."""
    found = set()
    for base in (cgroups._v1_bases() or {}).values():
        for folder in base.glob("cs231n-grader-*"):
            try:
                if set(map(int, (folder / "cgroup.procs").read_text().split())) & set(pids):
                    found.add(folder)
            except OSError:
                pass
    return found


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_kills_every_child_and_removes_the_work_folder(tmp_path, number):
    token = f"loop-{os.getpid()}-{number}-{time.monotonic_ns()}"
    student = tmp_path / "submissions" / "looper"
    for relpath in GRADED_FILES:
        text = (MASTER / relpath).read_text("utf-8")
        if relpath == "cs231n/layers.py":
            text = replace_function(text, "relu_forward", LOOP.format(token=token))
        (student / relpath).parent.mkdir(parents=True, exist_ok=True)
        (student / relpath).write_text(text, "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    grader = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "instructor.grader",
            str(tmp_path / "submissions"),
            str(tmp_path / "out"),
            "--wall",
            "120",
            "--jobs",
            "1",
        ],
        cwd=MASTER,
        env=dict(os.environ, TMPDIR=str(work)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not processes_with(token) and time.monotonic() < deadline:
            assert grader.poll() is None, grader.communicate()
            time.sleep(0.2)
        assert processes_with(token), "the looping child never started"
        groups = cgroups_holding(processes_with(token))
        grader.send_signal(number)
        _, stderr = grader.communicate(timeout=60)
    finally:
        if grader.poll() is None:
            grader.kill()
    assert grader.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr and "stopped by" in stderr
    deadline = time.monotonic() + 5
    while processes_with(token) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(token) == []
    assert list(work.iterdir()) == []
    assert not [folder for folder in groups if folder.exists()]
    # the looper was never graded: partial results, who is missing (round 11 row 17)
    assert not (tmp_path / "out" / "grades.csv").exists()
    assert (tmp_path / "out" / "INTERRUPTED.txt").read_text().endswith("\nlooper\n")


def test_two_grading_runs_at_once_share_no_uid_and_lose_no_point(tmp_path):
    submissions = tmp_path / "submissions"
    for name in ("alice", "bob"):
        for relpath in GRADED_FILES:
            (submissions / name / relpath).parent.mkdir(parents=True, exist_ok=True)
            (submissions / name / relpath).write_bytes((MASTER / relpath).read_bytes())
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "instructor.grader",
                str(submissions),
                str(tmp_path / f"out{index}"),
                "--jobs",
                "2",
                "--seed",
                str(index),
            ],
            cwd=MASTER,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index in range(2)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr[-2000:]
    for index in range(2):
        rows = (tmp_path / f"out{index}" / "grades.csv").read_text().splitlines()[1:]
        assert [row.split(",")[1] for row in rows] == ["34", "34"]
