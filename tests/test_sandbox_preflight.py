"""The preflight: before any student is graded, a sandboxed child must import what students use
and must not see the reference solution; the weak fallback is never taken silently."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sandbox_support import isolation_or_skip
from shared_builds import release_tree

from cs231n.grading.isolation import Limits
from instructor.grader import sandbox
from instructor.grader.preflight import PreflightError, preflight
from instructor.grader.sandbox import (
    Isolation,
    SandboxUnavailable,
    Workspace,
    choose_isolation,
)

MASTER = Path(__file__).resolve().parent.parent
LIMITS = Limits(wall=3.0, cpu=60.0, memory_mb=1024)

ISOLATION = isolation_or_skip()
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="the uid-drop fallback needs root")


def test_the_preflight_passes_here_and_scans_what_the_child_sees():
    workspace = Workspace(release_tree(MASTER), ISOLATION)
    try:
        report = preflight(workspace, MASTER, LIMITS)
    finally:
        workspace.remove()
    assert report["failed"] == {} and report["visible"] == [] and report["found"] == []
    assert report["files"] > 1000  # it walked the interpreter and its libraries


def test_the_preflight_refuses_copies_of_the_solution_the_child_could_see(tmp_path, monkeypatch):
    # A careless TA: the master pip-installed (a cs231n folder), a bundle, a loose solution file
    # and a checkout, all somewhere the child sees (here: an extra read-only mount).
    exposed = tmp_path / "site-packages"
    (exposed / "installed" / "cs231n").mkdir(parents=True)
    (exposed / "installed" / "cs231n" / "layers.py").write_bytes(b"")
    with zipfile.ZipFile(exposed / "bundle.zip", "w") as archive:
        archive.writestr("src/cs231n/layers.py", "")
    (exposed / "loose").mkdir()
    (exposed / "loose" / "layers.py").write_bytes((MASTER / "cs231n" / "layers.py").read_bytes())
    (exposed / "checkout" / ".git").mkdir(parents=True)
    visible = sandbox.visible_paths()
    monkeypatch.setattr(sandbox, "visible_paths", lambda: [*visible, str(exposed)])
    workspace = Workspace(release_tree(MASTER), ISOLATION)
    try:
        with pytest.raises(PreflightError) as raised:
            preflight(workspace, MASTER, LIMITS)
    finally:
        workspace.remove()
    message = str(raised.value)
    assert "looks like a copy of the reference solution" in message
    for found in (
        "installed/cs231n (a folder named cs231n)",
        "bundle.zip (an archive holding src/cs231n/layers.py)",
        "loose/layers.py (solution code)",
        "checkout/.git (a folder named .git)",
    ):
        assert found in message, found


@needs_root
def test_a_broken_archive_the_child_sees_is_no_reason_to_stop(tmp_path, monkeypatch):
    # Tests leave broken zips in /tmp (hostile submissions), where the uid-drop child looks:
    # BadZipFile stopped the preflight before it was caught (CI dry run, 2026-12-07).
    exposed = tmp_path / "left-over"
    exposed.mkdir()
    (exposed / "not_a_zip.zip").write_bytes(b"PK\x03\x04 this is not an archive")
    visible = sandbox.visible_paths()
    monkeypatch.setattr(sandbox, "visible_paths", lambda: [*visible, str(exposed)])
    workspace = Workspace(release_tree(MASTER), ISOLATION)
    try:
        report = preflight(workspace, MASTER, LIMITS)
    finally:
        workspace.remove()
    assert report["failed"] == {} and report["found"] == []


def test_without_bubblewrap_the_weak_sandbox_needs_explicit_consent(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    with pytest.raises(SandboxUnavailable, match="--allow-weak-sandbox"):
        choose_isolation()
    weak = choose_isolation(allow_weak=True)
    assert weak.mode == "uid-drop" and "WEAKER" in weak.describe()
    assert "bubblewrap is not installed" in weak.describe()


def test_the_cli_says_so_and_grades_nobody_without_a_sandbox(tmp_path):
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-m", "instructor.grader", str(tmp_path / "subs"), str(tmp_path / "out")],
        cwd=MASTER,
        env=dict(os.environ, PATH="/nonexistent"),  # no bwrap to be found
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1 and "--allow-weak-sandbox" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out" / "grades.csv").exists()


@needs_root
def test_the_uid_drop_fallback_fails_in_one_clear_error_under_a_private_interpreter():
    private = [p for p in Path(sys.base_prefix).parents if p != Path("/")]
    if not any(os.stat(p).st_mode & 0o077 == 0 for p in private):
        pytest.skip("this interpreter does not live under a private (mode 700) folder")
    weak = Isolation("uid-drop", "", ISOLATION.cgroups if ISOLATION else False, "test")
    workspace = Workspace(release_tree(MASTER), weak)
    try:
        with pytest.raises(PreflightError) as raised:
            preflight(workspace, MASTER, LIMITS)
    finally:
        workspace.remove()
    message = str(raised.value)
    assert "cannot do what students' code may do" in message
    assert "ModuleNotFoundError" in message
    assert "install Python where every user may read it" in message
