"""Memory and process caps for a whole submission (all its processes together), by cgroup.

cgroup v2 (``memory.max``, ``pids.max``, ``memory.events``) when the unified hierarchy has the
memory controller, else cgroup v1's ``memory`` and ``pids`` hierarchies (this project's machines
have v1 only). Each group is created below the grader's own group, its limits written before any
process joins it; the launcher of a child joins it before it starts bubblewrap, so everything the
child starts is in it. `available` says whether either works here (root, writable hierarchy);
without it the grader falls back to per-process limits (see `instructor.grader.sandbox`).
"""

import os
import signal
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")


def _own_path(controller):
    """This process's group in ``controller`` ("" for v2), as a relative path."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return path.lstrip("/")
    return None


def _v2_base():
    if not (ROOT / "cgroup.controllers").is_file():
        return None
    if "memory" not in (ROOT / "cgroup.controllers").read_text().split():
        return None
    own = _own_path("")
    return ROOT / own if own is not None else None


def _v1_bases():
    bases = {}
    for controller in ("memory", "pids"):
        own = _own_path(controller)
        if own is None or not (ROOT / controller).is_dir():
            return None
        bases[controller] = ROOT / controller / own
    return bases


class Cgroup:
    """The group of one child: ``procs`` files to join, ``kill``, ``oom_killed``, ``remove``."""

    def __init__(self, name, memory_bytes, processes):
        self.folders, self.version = [], None
        base = _v2_base()
        if base is not None:
            folder = base / name
            folder.mkdir()
            self.folders, self.version = [folder], 2
            try:
                (folder / "memory.max").write_text(str(memory_bytes))
                if (folder / "memory.swap.max").exists():
                    (folder / "memory.swap.max").write_text("0")
                (folder / "pids.max").write_text(str(processes))
            except OSError:
                self.remove()
                raise
            return
        bases = _v1_bases()
        if bases is None:
            raise OSError("no cgroup hierarchy with memory and pids controllers")
        self.version = 1
        try:
            for controller, base in bases.items():
                folder = base / name
                folder.mkdir()
                self.folders.append(folder)
                if controller == "memory":
                    (folder / "memory.limit_in_bytes").write_text(str(memory_bytes))
                    swap = folder / "memory.memsw.limit_in_bytes"
                    if swap.exists():
                        swap.write_text(str(memory_bytes))
                else:
                    (folder / "pids.max").write_text(str(processes))
        except OSError:
            self.remove()
            raise

    @property
    def procs(self):
        return [str(folder / "cgroup.procs") for folder in self.folders]

    def pids(self):
        found = set()
        for folder in self.folders:
            try:
                found.update(int(p) for p in (folder / "cgroup.procs").read_text().split())
            except OSError:
                pass
        return found

    def kill(self, timeout=5.0):
        """SIGKILL every process in the group until none is left (or ``timeout`` passes)."""
        deadline = time.monotonic() + timeout
        while True:
            pids = self.pids()
            if not pids or time.monotonic() > deadline:
                return not pids
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.01)

    def oom_killed(self):
        """Whether the kernel killed a process of the group for exceeding its memory."""
        folder = self.folders[0]
        try:
            if self.version == 2:
                text = (folder / "memory.events").read_text()
            else:
                text = (folder / "memory.oom_control").read_text()
                if int((folder / "memory.failcnt").read_text() or 0) and "oom_kill" not in text:
                    return True
        except (OSError, ValueError):
            return False
        for line in text.splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill" and value.strip().isdigit() and int(value) > 0:
                return True
        return False

    def remove(self):
        self.kill()
        for folder in self.folders:
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # still busy for a moment after the last process exits
                    time.sleep(0.02)
        self.folders = []


def available():
    """Whether this process can make a capped cgroup (a probe group, removed at once)."""
    if os.geteuid() != 0:
        return False
    try:
        Cgroup(f"cs231n-grader-probe-{os.getpid()}", 64 * 2**20, 8).remove()
        return True
    except OSError:
        return False
