"""What a child sees, and how it is started: bubblewrap, or a fallback the caller accepted.

The child of a submission sees (``--ro-bind``: read-only) the interpreter's prefix, its library
folders and the system's shared libraries, at their own paths, so a Python installed under a
private home (mode 700) still imports; of the installed packages only the distributions of the
course's ``requirements.txt`` and their dependencies (`allowed_packages`: no PyTorch or SciPy of
the grading machine computes a student's gradient); ``/sandbox`` (a private tmpfs of
``SCRATCH_BYTES``, its working folder) holding the release's provided package read-only at
``/sandbox/cs231n`` with the student's files bound read-only over its stubs; a private ``/tmp`` of
the same size; a fresh ``/proc`` and ``/dev``. Nothing else of the machine: no other checkout, no
other submission, no network (its own empty network namespace), no shared ``/tmp`` or ``/dev/shm``,
no other process (its own pid namespace). It dies with the grader (``--die-with-parent``), has no
terminal (``--new-session``) and an empty environment (``--clearenv``) but for a few variables.

Modes, chosen once per run by `choose_isolation` and printed at start:

* ``bwrap`` (root): bubblewrap sets up the namespaces as root, keeps only CAP_SETUID/CAP_SETGID,
  and the child's bootstrap (`child.py`, passed on the command line, never read from a place the
  child can write) drops to the child's own uid (`uids`) before any student code runs;
* ``bwrap-user`` (not root): bubblewrap in a user namespace; student code runs with your uid
  inside it (it still sees only the listed folders);
* ``uid-drop`` (root, no namespaces: a container that forbids them): each child as its own uid in
  a root-owned folder; network, ``/tmp`` and world-readable files of the machine stay reachable.
  Only with ``allow_weak=True`` (``--allow-weak-sandbox``);
* ``none`` (not root, no namespaces): student code with your rights; only with ``allow_weak``.

Memory and process counts are capped per submission with a cgroup (`cgroups`) when possible, else
per process (RLIMIT_AS, and RLIMIT_NPROC on the child's own uid).
"""

import dataclasses
import functools
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from . import cgroups
from .graded_modules import (  # noqa: F401 (the names the grader and tests use from here)
    CALLED_FILES,
    EXPECTED_REAL_MODULES,
    HARNESS_FILES,
    REAL_CONFIRMATION,
    _module_files,
    _real_modules,
    graded_code_modules,
    import_sites,
    imported_modules,
    module_name,
    unexpected_real_modules,
)
from .intake import GRADED_FILES, NOTEBOOKS, SubmissionError, read_submission  # noqa: F401

SANDBOX = "/sandbox"  # the child's working folder inside bubblewrap
SCRATCH_BYTES = 256 * 2**20
PYTHON = os.path.realpath(getattr(sys, "_base_executable", sys.executable))

# The provided fast convolution and pooling (and the im2col code behind them): absent from the
# sandbox of the naive conv/pool checks, so a naive layer cannot call or read them there.
FAST_FILES = (
    "cs231n/fast_layers.py",
    "cs231n/im2col.py",
    "cs231n/winograd.py",
    "cs231n/im2col_cython",
)


def is_fast_file(relpath):
    """Whether ``relpath`` is one of `FAST_FILES` (the im2col_cython sources and builds)."""
    return relpath in FAST_FILES or relpath.startswith(FAST_FILES[-1])


# The local grader's package: its checks compute what known mistakes give from the pooling
# windows (`checks_conv._window_reductions`: a window's minimum, so max pool by negating), and no
# layer has any use for it. Absent from the naive sandbox too (held-out round 3, row 2).
GRADING_PACKAGE = "cs231n/grading/"


def in_naive_sandbox(relpath):
    """Whether the sandbox of the naive conv/pool checks holds the provided file ``relpath``."""
    return not is_fast_file(relpath) and not relpath.startswith(GRADING_PACKAGE)


# Held-out round 12, row 1: `affine_forward` and `affine_backward` scored by the provided
# `conv_forward_fast` / `conv_backward_fast` on a 1x1 convolution, since the release's student
# files import `fast_layers` (so it was real for every check). The sandbox variants:
#
# * "full": the provided fast conv/pool code real (the checks whose graded code calls it by
#   design: `instructor.grader.honesty.FAST_LAYER_CHECKS`, the convolutional net);
# * "plain" (every other check's default): `FAST_FILES` are stand-ins (importing them works, as
#   the release's fc_net.py, cnn.py and layer_utils.py do at their tops; calling raises), and the
#   compiled im2col_cython is absent, so the fast layers compute nothing for graded code;
# * "naive" (the naive conv/pool checks): `FAST_FILES` and the local grader's package absent.
SANDBOX_VARIANTS = ("full", "plain", "naive")


# Held-out round 11, rows 7 and 22: a graded function scored by calling a helper shipped in
# provided code (a batchnorm backward pass in gradient_check.py, a one-image convolution in
# vis_utils.py). While graded code runs, the provided modules are real only if the student files
# import them (and what those import, `graded_code_modules`) or the child's own code does
# (`HARNESS_FILES`); every other provided module is a stand-in (`stand_in`): importing it works
# (an honest layers.py may keep `from cs231n.gradient_check import rel_error` at its top), and
# calling anything of it raises `STAND_IN_ERROR`.
STAND_IN_ERROR = "is not available while grading: a graded function computes its answer itself"


def _bound_names(body):
    """The names a module's top-level statements bind (in ``if``/``try``/``with`` blocks too),
    but those of imports from outside the package (``np``: a star import of the stand-in must
    not replace the importer's NumPy with it)."""
    import ast

    names = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
        elif isinstance(node, ast.ImportFrom):
            if node.level or (node.module or "").split(".")[0] == "cs231n":
                names += [alias.asname or alias.name for alias in node.names if alias.name != "*"]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "cs231n":
                    names.append((alias.asname or alias.name).split(".")[0])
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    names += _bound_names(inner)
            if isinstance(node, ast.ExceptHandler) and node.name:
                names.append(node.name)
    return names


_STAND_IN_CODE = (
    """
class NotAvailableWhileGrading(RuntimeError):
    pass


class _StandIn:
    def __init__(self, name):
        self._name = name

    def _refuse(self, *args, **kwargs):
        raise NotAvailableWhileGrading(f"{_MODULE}.{self._name} %s")

    __call__ = __getitem__ = __iter__ = __len__ = _refuse

    def __getattr__(self, attribute):
        name = self.__dict__.get("_name")
        if name is None or attribute.startswith("__"):
            raise AttributeError(attribute)
        return _StandIn(f"{name}.{attribute}")

    def __repr__(self):
        return f"<{_MODULE}.{self._name}: not available while grading>"
"""
    % STAND_IN_ERROR
)  # the message holds no braces (an f-string there)
_STAND_IN_NAMES = {"_MODULE", "_STAND_IN_CODE", "NotAvailableWhileGrading", "_StandIn"}


NOT_NEEDED_WHY = (
    "is provided code that the graded files do not need; held-out round 11, rows 7 and 22"
)


def stand_in(relpath, source, why=None):
    """The text of the stand-in of the provided module ``relpath`` (its real ``source``): each
    name its top-level code binds is an object that raises `STAND_IN_ERROR` when called (or
    indexed, iterated, or when an attribute of it is called); its ``__all__`` is kept. The
    machinery is compiled under a ``<...>`` name, so a reason says where the graded function
    made the call."""
    import ast

    module = module_name(relpath)
    body = ast.parse(source).body
    names = sorted({n for n in _bound_names(body) if not n.startswith("__")} - _STAND_IN_NAMES)
    public = None
    for node in body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            try:
                public = [str(name) for name in ast.literal_eval(node.value)]
            except (ValueError, TypeError, SyntaxError, RecursionError):
                public = None
    lines = [
        f'"""Stand-in for {module} while graded code runs (the hidden grader): importing it',
        f"works, and calling anything of it raises ({module} " + (why or NOT_NEEDED_WHY) + ')."""',
        "",
        f"_MODULE = {module!r}",
        f"_STAND_IN_CODE = {_STAND_IN_CODE!r}",
        'exec(compile(_STAND_IN_CODE, "<not available while grading>", "exec"))',
        "",
    ]
    lines += [f"{name} = _StandIn({name!r})" for name in names]
    if public is None:  # what a star import of the real module gives, bar outside imports
        public = [name for name in names if not name.startswith("_")]
    lines.append(f"__all__ = {[name for name in public if name in names]!r}")
    return "\n".join(lines) + "\n"


def grading_view(files):
    """``files`` as graded code sees them: the provided Python files that `graded_code_modules`
    leaves out replaced by their `stand_in`; every other file as it is."""
    real = graded_code_modules(files)
    view = {}
    for relpath, data in files.items():
        if relpath.endswith(".py") and relpath not in real and relpath not in GRADED_FILES:
            data = stand_in(relpath, data.decode("utf-8", errors="replace")).encode("utf-8")
        view[relpath] = data
    return view


def variant_view(view, variant):
    """The files of `grading_view` ``view`` that a child of sandbox ``variant`` (one of
    `SANDBOX_VARIANTS`) sees: "full" all of them; "plain" the Python `FAST_FILES` as stand-ins
    and the im2col_cython sources and builds left out; "naive" without `FAST_FILES` and the local
    grader's package (`in_naive_sandbox`)."""
    if variant == "full":
        return dict(view)
    if variant == "naive":
        return {k: v for k, v in view.items() if in_naive_sandbox(k)}
    if variant != "plain":
        raise ValueError(f"no sandbox variant {variant!r} (one of {SANDBOX_VARIANTS})")
    plain = {}
    for relpath, data in view.items():
        if is_fast_file(relpath):
            if not relpath.endswith(".py"):
                continue  # the compiled kernels and their sources: not there at all
            if not data.startswith(b'"""Stand-in for '):  # already one: graded code needs none
                data = stand_in(relpath, data.decode("utf-8", errors="replace"), FAST_WHY)
                data = data.encode("utf-8")
        plain[relpath] = data
    return plain


FAST_WHY = (
    "is the provided fast convolution and pooling code, which only the checks of the "
    "convolutional net let graded code call; held-out round 12, row 1"
)


# In autograder.zip (not a git checkout, so no release can be assembled there), the release's
# package is stored, already built, in this folder.
PREBUILT = "grader_release"


class SandboxUnavailable(RuntimeError):
    """No sandbox of the strength asked for can run here (the message says why)."""


def release_package(master):
    """The release's ``cs231n/`` files, stubs for the student files: ``{relpath: bytes}``."""
    prebuilt = Path(master, PREBUILT)
    if prebuilt.is_dir() and Path(master, ".git").exists():
        # autograder.zip unzipped into the master: its package is of the bundle's day, not of
        # the master now (held-out round 3); in a checkout the release is always assembled
        raise ValueError(
            f"{prebuilt} is in a git checkout (an autograder.zip unzipped here?): the grader "
            f"would use that old package instead of the master's release; remove {PREBUILT}/"
        )
    if prebuilt.is_dir():
        return {
            path.relative_to(prebuilt).as_posix(): path.read_bytes()
            for path in sorted(prebuilt.rglob("*"))
            if path.is_file() and not path.is_symlink()
        }
    from ..release import assemble_release

    # Not the students' release: provided code not yet recorded (`--record`) still grades.
    release = assemble_release(master, check_provided=False)
    return {path: data for path, data in release.files.items() if path.startswith("cs231n/")}


def release_tree(master):
    """The files a sandbox starts from: the release's ``cs231n/`` files (stubs for student files)
    plus the compiled extension of the master, if built. Returns ``{relpath: bytes}``."""
    files = release_package(master)
    for built in sorted(Path(master, "cs231n").glob("im2col_cython*.so")):
        files[f"cs231n/{built.name}"] = built.read_bytes()
    return files


# --------------------------------------------------------------------------------------------
# Which sandbox runs here
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Isolation:
    mode: str  # "bwrap", "bwrap-user", "uid-drop" or "none"
    bwrap: str = ""  # path of the bwrap program
    cgroups: bool = False  # memory and processes capped per submission by a cgroup
    why: str = ""  # why a weaker mode is in force

    @property
    def root(self):
        return self.mode in ("bwrap", "uid-drop")

    def describe(self):
        text = {
            "bwrap": "bubblewrap (own mount, pid, network, ipc and uts namespaces; each child "
            "as its own unprivileged uid)",
            "bwrap-user": "bubblewrap in a user namespace (not root: student code runs with "
            "your uid, seeing only the interpreter and its sandbox)",
            "uid-drop": "WEAKER: uid drop only (no namespaces: student code can reach the "
            "network, /tmp and every world-readable file of this machine)",
            "none": "WEAKEST: no sandbox (not root, no namespaces: student code runs with your "
            "rights)",
        }[self.mode]
        memory = (
            "memory and processes capped per submission (cgroup)"
            if self.cgroups
            else "memory capped per process (no cgroup here)"
        )
        return f"isolation: {text}; {memory}" + (f"; {self.why}" if self.why else "")


def library_folders():
    """This interpreter's package folders, the user's (``pip install --user``) included when this
    interpreter uses it; never ``.pth`` entries (an editable install of the master, say)."""
    folders = list(site.getsitepackages())
    user = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user and user in sys.path:
        folders.append(user)
    return [folder for folder in folders if os.path.isdir(folder)]


def visible_paths():
    """Folders (and files) the child needs of this machine: the interpreter and its libraries,
    the system's shared libraries. Each is mounted read-only at its own path."""
    wanted = {sys.base_prefix, sys.base_exec_prefix, PYTHON}
    wanted.update(library_folders())
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        folder = sysconfig.get_paths().get(key)
        if folder and os.path.isdir(folder):
            wanted.add(folder)
    for folder in ("/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32", "/etc/ld.so.cache"):
        if os.path.exists(folder):
            wanted.add(folder)
    for top in ("/lib", "/lib64", "/lib32", "/libx32"):  # real folders on a non-merged /usr
        if os.path.isdir(top) and not os.path.islink(top):
            wanted.add(top)
    real = sorted({os.path.realpath(p) for p in wanted})
    return [p for p in real if not any(p.startswith(other + "/") for other in real if other != p)]


def _bwrap_mounts():
    args, made = [], set()
    visible = visible_paths()
    for path in visible:
        parts = Path(path).parts
        for depth in range(2, len(parts)):
            folder = str(Path(*parts[:depth]))
            if folder not in made:
                made.add(folder)
                args += ["--perms", "0755", "--dir", folder]
        args += ["--ro-bind", path, path]
    for top in ("/lib", "/lib64", "/lib32", "/libx32", "/bin"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
    return args + _package_mounts(visible)


# --------------------------------------------------------------------------------------------
# Which installed packages the child sees: those of the course's requirements.txt only
# --------------------------------------------------------------------------------------------

# Held-out round 6, row 10: the child saw the interpreter's whole site-packages, so on a TA's
# machine with PyTorch installed a backward pass by `torch.autograd` scored (a gradient the
# student did not derive, on inputs of any size). What the course installs is requirements.txt;
# the child sees those distributions and their dependencies, nothing else of the folder.
REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"


def requirement_names(path=REQUIREMENTS):
    """The distribution names a requirements file lists (options and includes left out)."""
    import re

    names = []
    for line in Path(path).read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
        if match and not line.startswith("-"):
            names.append(match.group(0))
    return names


def _dependencies(distribution):
    """Names of what ``distribution`` requires (markers evaluated here, extras left out)."""
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:  # no packaging: every dependency, a superset
        Requirement = None
    names = []
    for text in distribution.requires or []:
        if Requirement is None:
            names.append(text.split(";")[0].split("[")[0].split("(")[0].split()[0])
            continue
        try:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                names.append(requirement.name)
        except (InvalidRequirement, ValueError, TypeError, KeyError):
            continue
    return names


def allowed_packages(names=None):
    """``{site folder (real path): {top-level entries}}`` of the installed distributions of
    ``names`` (default: `requirement_names`) and, recursively, of their dependencies."""
    names = tuple(requirement_names() if names is None else names)
    return {folder: set(entries) for folder, entries in _allowed_packages(names).items()}


@functools.lru_cache(maxsize=8)  # about 1 s of reading metadata; every child start asks
def _allowed_packages(names):
    from importlib import metadata

    pending = list(names)
    seen, allowed = set(), {}
    while pending:
        name = pending.pop().lower().replace("_", "-").replace(".", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not installed here: the preflight says so if the course needs it
        folder = os.path.realpath(str(distribution.locate_file("")))
        entries = allowed.setdefault(folder, set())
        files = distribution.files
        if files:
            entries.update(
                Path(str(f)).parts[0] for f in files if Path(str(f)).parts[:1] not in ((), ("..",))
            )
        else:  # no RECORD (some system packages): its top-level names and its metadata folder
            top = distribution.read_text("top_level.txt") or ""
            entries.update(line.strip() for line in top.splitlines() if line.strip())
            entries.add(Path(str(getattr(distribution, "_path", ""))).name)
        pending += _dependencies(distribution)
    return allowed


def package_folders(visible):
    """The folders of installed packages the child could reach (on its path or added to it by
    student code): this interpreter's and its base's site-packages, the system's
    dist-packages; only those inside ``visible`` (what the child is shown)."""
    import glob

    candidates = set(library_folders())
    for base in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}:
        paths = sysconfig.get_paths(vars={"base": base, "platbase": base})
        candidates.update(paths.get(key, "") for key in ("purelib", "platlib"))
    for pattern in ("/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages"):
        candidates.update(glob.glob(pattern))
    real = {os.path.realpath(c) for c in candidates if c and os.path.isdir(c)}
    inside = [
        folder
        for folder in real
        if any(folder == v or folder.startswith(v.rstrip("/") + "/") for v in visible)
    ]
    return sorted(f for f in inside if not any(f.startswith(o + "/") for o in inside if o != f))


def _package_mounts(visible):
    """Each package folder as an empty read-only tmpfs with only the allowed entries bound in
    (`allowed_packages`): another package cannot be imported, even by adding its folder to
    ``sys.path``."""
    allowed = allowed_packages()
    args = []
    for folder in package_folders(visible):
        args += ["--perms", "0755", "--tmpfs", folder]
        for entry in sorted(allowed.get(folder, ())):
            path = os.path.join(folder, entry)
            if os.path.lexists(path):
                args += ["--ro-bind", path, path]
        args += ["--remount-ro", folder]
    return args


ENVIRONMENT = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/tmp",
    "TMPDIR": "/tmp",
    "LANG": "C.UTF-8",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
    "MPLCONFIGDIR": "/tmp",
}


def seccomp_filter():
    """A seccomp program (classic BPF, x86-64 only, else None) that refuses new user namespaces:
    ``clone``/``unshare`` with CLONE_NEWUSER and ``setns`` get EPERM, ``clone3`` ENOSYS (the C
    library then falls back to ``clone``), other ABIs (i386, x32) ENOSYS. Without it, student code
    could make a user namespace of its own and reach more of the kernel from there."""
    import platform
    import struct

    if platform.machine() != "x86_64":
        return None
    load, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38
    program = [  # (code, jump if true, jump if false, k); jumps count from the next instruction
        (load, 0, 0, 4),  # 0: architecture
        (jeq, 0, 11, 0xC000003E),  # 1: x86-64, else ENOSYS
        (load, 0, 0, 0),  # 2: system call number
        (jge, 9, 0, 0x40000000),  # 3: x32 ABI -> ENOSYS
        (jeq, 8, 0, 435),  # 4: clone3 -> ENOSYS
        (jeq, 5, 0, 308),  # 5: setns -> EPERM
        (jeq, 2, 0, 56),  # 6: clone -> look at its flags
        (jeq, 1, 0, 272),  # 7: unshare -> look at its flags
        (ret, 0, 0, allow),  # 8
        (load, 0, 0, 16),  # 9: first argument (flags), low 32 bits
        (jset, 0, 1, 0x10000000),  # 10: CLONE_NEWUSER -> EPERM
        (ret, 0, 0, eperm),  # 11
        (ret, 0, 0, allow),  # 12
        (ret, 0, 0, enosys),  # 13
    ]
    return b"".join(struct.pack("<HBBI", *instruction) for instruction in program)


def bwrap_command(isolation, tree, student_fds, python_argv, seccomp_fd=None):
    """The bubblewrap command line of one child: ``tree`` is the release's folder (its
    ``cs231n/`` is shown read-only at /sandbox/cs231n), ``student_fds`` maps a student file's
    relpath to a memfd with its bytes (bound read-only over the stub), ``seccomp_fd`` a memfd
    holding `seccomp_filter`."""
    args = [isolation.bwrap, "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    if seccomp_fd is not None:
        args += ["--seccomp", str(seccomp_fd)]
    if isolation.mode == "bwrap":
        args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
        args += ["--unshare-cgroup-try", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-all", "--unshare-user", "--disable-userns"]
    args += ["--hostname", "sandbox", "--proc", "/proc", "--dev", "/dev"]
    for folder in ("/tmp", SANDBOX):  # first: an interpreter under /tmp is bound inside it
        args += ["--perms", "1777", "--size", str(SCRATCH_BYTES), "--tmpfs", folder]
    args += _bwrap_mounts()
    args += ["--ro-bind", str(Path(tree, "cs231n")), f"{SANDBOX}/cs231n"]
    for relpath, fd in sorted(student_fds.items()):
        args += ["--perms", "0444", "--ro-bind-data", str(fd), f"{SANDBOX}/{relpath}"]
    args += ["--chdir", SANDBOX, "--clearenv"]
    for key, value in ENVIRONMENT.items():
        args += ["--setenv", key, value]
    return args + ["--", *python_argv]


def _probe_bwrap(isolation):
    """Run a trivial child in the sandbox; returns the error text, or "" when it works."""
    tree = tempfile.mkdtemp(prefix="cs231n-grader-probe-")
    try:
        os.mkdir(os.path.join(tree, "cs231n"))
        command = bwrap_command(isolation, tree, {}, [PYTHON, "-I", "-S", "-c", "print('ok')"])
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if done.returncode == 0 and done.stdout.strip() == "ok":
            return ""
        return (done.stderr.strip() or f"exit status {done.returncode}").splitlines()[-1]
    except (OSError, subprocess.SubprocessError) as error:
        return str(error)
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def choose_isolation(allow_weak=False, force=None):
    """The strongest isolation that runs here. Raises `SandboxUnavailable` when only a weak one
    does and ``allow_weak`` is false. ``force`` (a mode name) is for tests."""
    root = os.geteuid() == 0
    capped = cgroups.available() if root else False
    bwrap = shutil.which("bwrap") or ""
    why = ""
    if force in (None, "bwrap", "bwrap-user"):
        if bwrap:
            candidate = Isolation("bwrap" if root else "bwrap-user", bwrap, capped)
            why = _probe_bwrap(candidate)
            if not why:
                return candidate
            why = f"bubblewrap cannot create namespaces here ({why})"
        else:
            why = "bubblewrap is not installed (Debian/Ubuntu: apt-get install -y bubblewrap)"
        if force is not None:
            raise SandboxUnavailable(why)
    weak = Isolation("uid-drop" if root else "none", "", capped, why)
    if not allow_weak and force is None:
        raise SandboxUnavailable(
            f"{why}; the only sandbox left is weaker ({weak.describe()}). Install bubblewrap "
            "where it may create namespaces, or accept the weaker sandbox explicitly with "
            "--allow-weak-sandbox"
        )
    return weak


# --------------------------------------------------------------------------------------------
# The run's work folder
# --------------------------------------------------------------------------------------------


class Workspace:
    """A run's work folder (only root, or you, may enter it): ``tree/`` holds the release's
    provided package as graded code sees it (`grading_view`: stand-ins for the modules it does
    not need) for each of `SANDBOX_VARIANTS` (``tree-full/``, ``tree-plain/``, ``tree-naive/``:
    `variant_view`); the uid-drop fallback also
    makes each child's folders here (from `files_for`)."""

    def __init__(self, tree_files, isolation):
        self.isolation = isolation
        self.files = dict(tree_files)  # the release's files (digest, owners, isolation text)
        self.seen = grading_view(self.files)  # what graded code sees of them (stand-ins)
        # The child-side isolation module is the release's, read here and passed as text.
        self.isolation_source = self.files["cs231n/grading/isolation.py"].decode("utf-8")
        self.path = Path(tempfile.mkdtemp(prefix="cs231n-grader-"))
        self.trees = {variant: self.path / f"tree-{variant}" for variant in SANDBOX_VARIANTS}
        try:
            for variant, folder in self.trees.items():
                write_tree(folder, self.files_for(variant))
            if isolation.mode == "uid-drop":
                os.chmod(self.path, 0o711)  # children enter their own folder, list nothing
        except BaseException:
            self.remove()
            raise

    def files_for(self, variant):
        """The provided files a child of ``variant`` (`SANDBOX_VARIANTS`) sees: `grading_view`
        (stand-ins for modules graded code does not need) as `variant_view` narrows it."""
        return variant_view(self.seen, variant)

    def tree_for(self, variant):
        return self.trees[variant]

    @property
    def tree(self):
        return self.trees["full"]

    @property
    def naive_tree(self):
        return self.trees["naive"]

    def remove(self):
        shutil.rmtree(self.path, ignore_errors=True)


def write_tree(folder, files, group=None):
    """Write ``files`` under ``folder``: root-owned, read-only for everyone else (or only for
    ``group``: folders 0750, files 0640, owner root)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for relpath, data in files.items():
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        executable = relpath.endswith(".so")
        if group is None:
            os.chmod(target, 0o755 if executable else 0o644)
        else:
            os.chown(target, 0, group)
            os.chmod(target, 0o750 if executable else 0o640)
    for path in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
        if group is None:
            os.chmod(path, 0o755)
        else:
            os.chown(path, 0, group)
            os.chmod(path, 0o750)


def memfd(name, data):
    """An anonymous in-memory file holding ``data``, read position 0 (the caller closes it)."""
    fd = os.memfd_create(name)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def student_memfds(files):
    """A memfd per student file: ``{relpath: fd}`` (the caller closes them)."""
    return {
        relpath: memfd(relpath.replace("/", "_"), data)
        for relpath, data in files.items()
        if relpath in GRADED_FILES
    }
