"""Hostile submissions against the hidden grader's sandbox (bubblewrap, run as root in CI).

Each hostile submission is the master's solution with one function replaced by an attack. A probe
reports what it could do in its error message (the only channel out of the sandbox), so each test
asserts what the child saw: its uid, read-only files, no copy of the solution, no other
submission, no network, private /tmp and /dev/shm. Others fork, allocate, stall, fill their
scratch or loop, and the tests assert the honest score elsewhere and nothing left behind.
"""

import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from sandbox_support import isolation_or_skip
from shared_builds import build_checks, release_tree

from cs231n.grading.core import PASSED
from cs231n.grading.isolation import Limits
from instructor.grader.corpus import replace_function
from instructor.grader.grade import grade_submission
from instructor.grader.intake import GRADED_FILES
from instructor.grader.sandbox import Workspace
from instructor.grader.uids import BASE

MASTER = Path(__file__).resolve().parent.parent
LIMITS = Limits(wall=10.0, cpu=60.0, memory_mb=1024)

ISOLATION = isolation_or_skip()
pytestmark = pytest.mark.skipif(
    ISOLATION.mode != "bwrap", reason="the uid of each child needs root (CI runs as root)"
)


@pytest.fixture(scope="module")
def grading():
    workspace = Workspace(release_tree(MASTER), ISOLATION)
    yield {"workspace": workspace, "checks": build_checks(seed=11)}
    workspace.remove()


def submission(folder, replacements):
    """Write the master's student files with ``{function: source}`` replaced, under folder."""
    for relpath in GRADED_FILES:
        text = (MASTER / relpath).read_text("utf-8")
        for name, source in replacements.items():
            try:
                text = replace_function(text, name, source)
            except KeyError:
                pass
        target = Path(folder, relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return Path(folder)


def grade(grading, folder, limits=LIMITS, budget=300.0):
    result = grade_submission(
        "hostile", folder, grading["checks"], grading["workspace"], limits=limits, budget=budget
    )
    return {r.name: r for r in result.results}, result


def honest_elsewhere(results, gamed):
    wrong = {n: r.message for n, r in results.items() if n not in gamed and r.status != PASSED}
    assert wrong == {}


# Checks that never call relu_forward (which the attacks below replace).
INDEPENDENT = (
    "affine_forward softmax_loss svm_loss sgd_momentum rmsprop adam conv_forward_naive "
    "max_pool_forward_naive batchnorm_forward layernorm_forward dropout_forward"
).split()


def independent_pass(results):
    wrong = {n: results[n].message for n in INDEPENDENT if results[n].status != PASSED}
    assert wrong == {}


def leftover_processes(token):
    """Pids of processes whose command line holds ``token``."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if token.encode() in Path(entry.path, "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


PROBE = """
def relu_forward(x):
    import json, os, socket
    seen = {{"uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid()}}

    def attempt(label, action):
        try:
            action()
            seen[label] = "ok"
        except Exception as error:
            seen[label] = type(error).__name__

    attempt("plant", lambda: open("/sandbox/cs231n/grading/isolation.py", "w").write("x"))
    attempt("rename", lambda: os.rename("/sandbox/cs231n", "/sandbox/old"))
    attempt("student", lambda: open("/sandbox/cs231n/layers.py", "a").write("x"))
    attempt("log", lambda: open("debug.log", "w").write("x"))
    for label, path in {paths!r}.items():
        attempt(label, lambda path=path: open(path, "rb").read(1))

    def connect():
        socket.create_connection(("127.0.0.1", {port}), timeout=2).close()

    attempt("net", connect)
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    seen["userns"] = libc.unshare(0x10000000)  # CLONE_NEWUSER: a namespace of its own
    try:
        os.setuid(0)
        seen["setuid"] = "ok"
    except OSError as error:
        seen["setuid"] = type(error).__name__
    attempt("shm", lambda: open("/dev/shm/collude", "w").write("x"))
    seen["tmp"] = sorted(os.listdir("/tmp"))
    raise RuntimeError("PROBE" + json.dumps(seen, sort_keys=True) + "END")
"""


def test_a_hostile_probe_sees_nothing_it_could_use(grading, tmp_path):
    # What a careless TA leaves world-readable: a second clone (with __pycache__ and a bundle),
    # another student's submission, a marker in the shared /tmp; and a server on 127.0.0.1.
    world = Path("/tmp") / f"world-readable-{os.getpid()}"
    (world / "clone" / "cs231n" / "__pycache__").mkdir(parents=True)
    (world / "other" / "cs231n").mkdir(parents=True)
    solution = (MASTER / "cs231n" / "layers.py").read_bytes()
    (world / "clone" / "cs231n" / "layers.py").write_bytes(solution)
    (world / "clone" / "cs231n" / "__pycache__" / "layers.cpython-311.pyc").write_bytes(b"x")
    (world / "clone" / "autograder.zip").write_bytes(b"x")
    (world / "other" / "cs231n" / "layers.py").write_text("other student")
    for path in [world, *world.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    accepted = []

    def accept():
        try:
            accepted.append(server.accept())
        except OSError:  # closed by the test: nobody connected
            pass

    threading.Thread(target=accept, daemon=True).start()
    paths = {
        "master": str(MASTER / "cs231n" / "layers.py"),
        "clone": str(world / "clone" / "cs231n" / "layers.py"),
        "pyc": str(world / "clone" / "cs231n" / "__pycache__" / "layers.cpython-311.pyc"),
        "zip": str(world / "clone" / "autograder.zip"),
        "other": str(world / "other" / "cs231n" / "layers.py"),
        "git": str(MASTER / ".git" / "HEAD"),
    }
    folder = submission(tmp_path / "probe", {"relu_forward": PROBE.format(paths=paths, port=port)})
    try:
        results, _ = grade(grading, folder)
    finally:
        server.close()
        import shutil

        shutil.rmtree(world)
    message = results["relu_forward"].message
    assert results["relu_forward"].score == 0 and "PROBE" in message, message
    seen = json.loads(message.split("PROBE", 1)[1].split("END", 1)[0])
    assert seen["uid"] >= BASE and seen["euid"] == seen["uid"] and seen["gid"] >= BASE
    for attack in ("plant", "student", "rename"):  # read-only mounts (EROFS, EPERM, EACCES)
        assert seen[attack] in ("OSError", "PermissionError"), (attack, seen[attack])
    assert seen["log"] == "ok"  # an honest student may write in its working folder
    for label in paths:
        assert seen[label] == "FileNotFoundError", (label, seen[label])
    assert seen["net"] != "ok" and not accepted
    assert seen["userns"] == -1 and seen["setuid"] != "ok"
    assert seen["shm"] != "ok" and seen["tmp"] == []
    independent_pass(results)


LEAVE = """
def relu_forward(x):
    for folder in ("/tmp", "/sandbox"):
        with open(folder + "/collude-{token}", "w") as handle:
            handle.write("answers")
    try:
        with open("/dev/shm/collude-{token}", "w") as handle:
            handle.write("answers")
    except OSError:
        pass
    return np.maximum(x, 0), x
"""
FIND = """
def relu_forward(x):
    import os
    for folder in ("/tmp", "/sandbox", "/dev/shm"):
        if os.path.exists(folder + "/collude-{token}"):
            raise RuntimeError("found what another submission left in " + folder)
    return np.maximum(x, 0), x
"""


def test_submissions_cannot_collude_through_tmp_and_leave_nothing(grading, tmp_path):
    token = f"{os.getpid()}-{time.monotonic_ns()}"
    shm_before = set(os.listdir("/dev/shm"))
    for name, attack in (("leave", LEAVE), ("find", FIND)):
        folder = submission(tmp_path / name, {"relu_forward": attack.format(token=token)})
        results, _ = grade(grading, folder)
        honest_elsewhere(results, set())  # the finder (a new sandbox) finds nothing
    assert not [p for p in os.listdir("/tmp") if token in p]
    assert set(os.listdir("/dev/shm")) <= shm_before


BOMBS = {
    "fork": """
def relu_forward(x):
    import os, sys
    for _ in range(500):
        try:
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)",
                                          "{token}"])
        except OSError:
            break
    return np.maximum(x, 0), x
""",
    "memory": """
def relu_forward(x):
    import os, sys, time
    read, write = os.pipe()
    os.set_inheritable(write, True)
    hold = 'import os, time; b = bytes(1) * (300 * 2**20); os.write(%d, b"1"); time.sleep(600)'
    for _ in range(4):
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", hold % write, "{token}"])
    os.close(write)
    os.set_blocking(read, False)
    held, deadline = b"", time.time() + 2.5
    while len(held) < 4 and time.time() < deadline:
        try:
            held += os.read(read, 4)
        except BlockingIOError:
            time.sleep(0.05)
    if len(held) == 4:  # 1.2 GB held together: the cap did not hold
        return np.maximum(x, 0), x
    raise RuntimeError(f"only {{len(held)}} of 4 processes could hold 300 MB")
""",
    "fill": """
def relu_forward(x):
    block = b"x" * 2**20
    for folder in ("/tmp", "/sandbox"):
        try:
            with open(folder + "/fill", "wb") as handle:
                while True:
                    handle.write(block)
        except OSError:
            pass
    return np.maximum(x, 0), x
""",
}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_bombs_cost_at_most_their_function_and_leave_nothing(grading, tmp_path, bomb):
    token = f"bomb-{os.getpid()}-{time.monotonic_ns()}"
    folder = submission(tmp_path / bomb, {"relu_forward": BOMBS[bomb].format(token=token)})
    limits = Limits(wall=10.0, cpu=60.0, memory_mb=512)
    started = time.monotonic()
    results, _ = grade(grading, folder, limits=limits)
    assert time.monotonic() - started < 120
    if bomb == "memory":  # four processes of 300 MB: the submission's 512 MB (+ scratch) cap
        message = results["relu_forward"].message
        assert results["relu_forward"].score == 0, message
        assert "of 4 processes could hold 300 MB" in message or "ran out of memory" in message
        independent_pass(results)
    else:  # the function returns the right answer after its bomb: only the limits are tested
        honest_elsewhere(results, set())
    deadline = time.monotonic() + 5
    while leftover_processes(token) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert leftover_processes(token) == []


STALL = """
import functools as _functools
import inspect as _inspect
import time as _time


def _stall(function):
    @_functools.wraps(function)
    def stalled(*args, **kwargs):
        _time.sleep(0.8)
        return function(*args, **kwargs)

    return stalled


for _name, _value in list(globals().items()):
    if _inspect.isfunction(_value) and _value.__module__ == __name__ and _name != "_stall":
        globals()[_name] = _stall(_value)
"""


def test_stalling_every_answer_is_stopped_by_the_submission_budget(grading, tmp_path):
    folder = submission(tmp_path / "stall", {})
    for relpath in ("cs231n/layers.py", "cs231n/optim.py"):
        with open(folder / relpath, "a") as handle:
            handle.write(STALL)
    started = time.monotonic()
    results, submission_result = grade(grading, folder, limits=Limits(wall=1.0), budget=6.0)
    assert time.monotonic() - started < 6.0 + 5.0
    budget = [r for r in results.values() if "time budget" in r.message]
    assert budget and all(r.score == 0 for r in budget)
    assert "time budget of 6 s" in submission_result.error


def test_a_check_that_needs_a_function_that_timed_out_names_it(grading, tmp_path):
    loop = "def conv_forward_naive(x, w, b, conv_param):\n    while True:\n        pass\n"
    folder = submission(tmp_path / "loop", {"conv_forward_naive": loop})
    # wall: the child's start (bubblewrap, Python, NumPy) must fit in it too, on a loaded machine
    results, _ = grade(grading, folder, limits=Limits(wall=3.0, cpu=60.0))
    assert "timed out" in results["conv_forward_naive"].message
    message = results["conv_backward_naive"].message
    assert message.startswith("needs conv_forward_naive, which timed out"), message
    assert "SIGKILL" not in message


HONEST_EXTRAS = """
def relu_forward(x):
    import glob, statistics, fractions, decimal  # noqa: F401
    import numpy.fft  # noqa: F401
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: F401
    with open("debug.log", "a") as handle:
        handle.write(str(statistics.mean([1, 2])))
    import tempfile
    with tempfile.NamedTemporaryFile() as handle:
        handle.write(b"scratch")
    return np.maximum(x, 0), x
"""


def test_an_honest_student_with_a_private_interpreter_scores_full_marks(grading, tmp_path):
    import sys

    private = [p for p in Path(sys.base_prefix).parents if p != Path("/")]
    if not any(os.stat(p).st_mode & 0o077 == 0 for p in private):
        pytest.skip("this interpreter does not live under a private (mode 700) folder")
    folder = submission(tmp_path / "extras", {"relu_forward": HONEST_EXTRAS})
    results, result = grade(grading, folder)
    honest_elsewhere(results, set())
    assert result.score == result.max_score == 34


def test_two_children_never_share_a_uid():
    from instructor.grader.uids import lease_uid

    first, second = lease_uid(), lease_uid()
    try:
        assert first.uid != second.uid
    finally:
        first.release()
        second.release()
    third = lease_uid()  # a released uid is free again
    assert third.uid == min(first.uid, second.uid) or third.uid not in (first.uid, second.uid)
    third.release()


def test_a_crash_is_named_through_the_sandbox(grading, tmp_path):
    crash = "def relu_forward(x):\n    import ctypes\n\n    ctypes.string_at(0)\n"
    results, _ = grade(grading, submission(tmp_path / "crash", {"relu_forward": crash}))
    assert results["relu_forward"].message.endswith("crashed: crashed with signal SIGSEGV")
    assert results["relu_backward"].message.startswith("needs relu_forward, which crashed")
    independent_pass(results)


def grade_only(grading, folder, names, limits=LIMITS):
    """Grade ``folder`` on the checks named ``names`` only (a quick run)."""
    checks = [check for check in grading["checks"] if check.name in names]
    result = grade_submission("hostile", folder, checks, grading["workspace"], limits=limits)
    return {r.name: r for r in result.results}


FAST_SEEN = """
def {name}(*args):
    import importlib, json, os
    files = sorted(os.listdir("/sandbox/cs231n"))
    names = ("fast_", "im2col", "winograd", "layers.py")
    seen = {{"files": [f for f in files if f.startswith(names)]}}
    for module in ("cs231n.fast_layers", "cs231n.im2col", "cs231n.im2col_cython",
                   "cs231n.winograd"):
        try:
            importlib.import_module(module)
            seen[module] = "imported"
        except ImportError as error:
            seen[module] = type(error).__name__
    raise RuntimeError("PROBE" + json.dumps(seen) + "END")
"""


def probe_report(message):
    assert "PROBE" in message, message
    return json.loads(message.split("PROBE", 1)[1].split("END", 1)[0])


def test_naive_checks_run_where_the_fast_layers_do_not_exist(grading, tmp_path):
    attacks = {name: FAST_SEEN.format(name=name) for name in ("conv_forward_naive", "relu_forward")}
    results = grade_only(grading, submission(tmp_path / "fast", attacks), attacks)
    naive = probe_report(results["conv_forward_naive"].message)
    full = probe_report(results["relu_forward"].message)
    fast = {"fast_layers.py", "im2col.py", "winograd.py"}
    assert fast <= set(full["files"]) and full["cs231n.fast_layers"] == "imported"
    assert not fast & set(naive["files"]), naive["files"]
    assert not [name for name in naive["files"] if name.startswith("im2col_cython")]
    assert "layers.py" in naive["files"]  # the student's own file is there
    for module in (
        "cs231n.fast_layers",
        "cs231n.im2col",
        "cs231n.im2col_cython",
        "cs231n.winograd",
    ):
        assert naive[module] in ("ModuleNotFoundError", "ImportError"), naive


FLOOD = """
def relu_forward(x):
    import json, os, sys, threading

    fd = json.loads(sys.argv[1])["progress_fd"]
    line = b"not_a_function(" * 4000 + b"\\n"

    def flood():
        while True:
            try:
                os.write(fd, line)
            except OSError:
                pass

    for _ in range(4):
        threading.Thread(target=flood, daemon=True).start()
    flood()
"""


def test_a_child_flooding_its_progress_pipe_is_stopped_and_names_nothing(grading, tmp_path):
    folder = submission(tmp_path / "flood", {"relu_forward": FLOOD})
    started = time.monotonic()
    limits = Limits(wall=2.0, cpu=60.0, memory_mb=1024)
    results = grade_only(grading, folder, ("relu_forward", "affine_forward"), limits=limits)
    assert time.monotonic() - started < 30
    message = results["relu_forward"].message
    assert results["relu_forward"].score == 0 and "timed out" in message, message
    assert "not_a_function" not in message and not message.startswith("needs")
    assert results["affine_forward"].status == PASSED


# Each writes its own answer frame on the child's answer pipe, then waits: the parent must
# refuse it (a pickle that would run code in the parent, another request's nonce, a size
# or an array count over the limit, complex numbers, a failure whose status says "ok"), fail
# only that function, and go on.
FORGE = """
def {name}(*args, **kwargs):
    import io, json, os, sys, time

    fd = json.loads(sys.argv[1])["response_fd"]
    frame = sys._getframe()
    while frame is not None and not isinstance(frame.f_locals.get("header"), dict):
        frame = frame.f_back
    nonce = frame.f_locals["header"]["nonce"]

    class Planted:
        def __reduce__(self):
            return (os.system, ("touch {marker}",))

    def frame_of(reply, **arrays):
        buffer = io.BytesIO()
        manifest = np.frombuffer(json.dumps(reply).encode(), dtype=np.uint8)
        np.savez(buffer, __manifest__=manifest, **arrays)
        return buffer.getvalue()

    result = {{"result": {{"t": "array", "k": "a0"}}}}
    ok = {{"ok": True, "value": {{"t": "dict", "items": result}}}}
    kind = "{kind}"
    if kind == "pickle":
        data = frame_of(dict(ok, nonce=nonce), a0=np.array([Planted()], dtype=object))
    elif kind == "status":  # a failure whose status says "ok", with no value
        data = frame_of({{"nonce": nonce, "ok": False, "status": "ok", "reason": "forged"}})
    elif kind == "many":  # cheap for the child to send, slow for the parent to load
        arrays = {{f"a{{i}}": np.zeros(1) for i in range(20_000)}}
        data = frame_of(dict(ok, nonce=nonce), **arrays)
    elif kind == "complex":
        data = frame_of(dict(ok, nonce=nonce), a0=np.zeros(3, dtype=complex))
    elif kind == "nonce":
        data = frame_of(dict(ok, nonce="0" * 32), a0=np.zeros(3))
    else:
        data = b""
    size = (2**40).to_bytes(8, "big") if kind == "size" else len(data).to_bytes(8, "big")
    os.write(fd, size + data)
    time.sleep(30)
"""


def test_forged_answer_frames_are_refused(grading, tmp_path):
    marker = Path("/tmp") / f"planted-by-a-pickle-{os.getpid()}-{time.monotonic_ns()}"
    attacks = {
        "relu_forward": FORGE.format(name="relu_forward", kind="pickle", marker=marker),
        "affine_forward": FORGE.format(name="affine_forward", kind="nonce", marker=marker),
        "svm_loss": FORGE.format(name="svm_loss", kind="size", marker=marker),
        "sgd_momentum": FORGE.format(name="sgd_momentum", kind="many", marker=marker),
        "rmsprop": FORGE.format(name="rmsprop", kind="complex", marker=marker),
        "adam": FORGE.format(name="adam", kind="status", marker=marker),  # graded last
    }
    folder = submission(tmp_path / "forge", attacks)
    results = grade_only(grading, folder, [*attacks, "softmax_loss"])
    expected = {
        "relu_forward": "unreadable answer",
        "affine_forward": "does not match the request",
        "svm_loss": "over the limit",
        "sgd_momentum": "arrays is over the limit",
        "rmsprop": "answer holds an array of complex128",
        "adam": "raised: forged",
    }
    for name, reason in expected.items():
        assert results[name].score == 0 and reason in results[name].message, results[name]
    assert not marker.exists()
    assert results["softmax_loss"].status == PASSED  # graded between two forgeries


def test_symlinks_in_a_submission_are_never_followed(tmp_path):
    import stat
    import zipfile

    from instructor.grader.intake import read_submission

    target = str(MASTER / "cs231n" / "layers.py")
    archive = tmp_path / "links.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        link = zipfile.ZipInfo("cs231n/layers.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        handle.writestr(link, target)
        handle.writestr("cs231n/optim.py", "x = 1\n")
    found = read_submission(archive)
    assert "cs231n/layers.py" not in found.files and found.files["cs231n/optim.py"] == b"x = 1\n"
    folder = tmp_path / "folder" / "cs231n"
    folder.mkdir(parents=True)
    (folder / "layers.py").symlink_to(target)
    (tmp_path / "folder" / "classifiers").symlink_to(MASTER / "cs231n" / "classifiers")
    found = read_submission(tmp_path / "folder")
    assert found.files == {}


def test_grades_csv_never_holds_a_formula_from_a_submission_name(tmp_path):
    import csv

    from instructor.grader.grade import CheckResult, SubmissionResult
    from instructor.grader.report import write_grades

    checks = [CheckResult("FullyConnectedNets", "affine_forward", PASSED, 1.0, 1.0, "")]
    named = [
        SubmissionResult('=HYPERLINK("http://x","y")', checks),
        SubmissionResult("@SUM(A1)", checks, error="-2+3"),
        SubmissionResult("honest", checks),
    ]
    write_grades(named, tmp_path / "grades.csv")
    rows = list(csv.DictReader(open(tmp_path / "grades.csv", encoding="utf-8")))
    assert [row["submission"] for row in rows] == [
        '\'=HYPERLINK("http://x","y")',
        "'@SUM(A1)",
        "honest",
    ]
    assert rows[1]["error"] == "'-2+3"


def test_one_live_child_per_submission_the_naive_one_without_fast_files(grading, tmp_path):
    # Full, then naive (the full child is stopped: one memory cap per submission), then full.
    checks = [c for c in grading["checks"] if c.name in ("relu_forward", "conv_forward_naive")]
    checks += [c for c in grading["checks"] if c.name == "affine_forward"]
    folder = submission(tmp_path / "master", {})
    result = grade_submission("master", folder, checks, grading["workspace"], limits=LIMITS)
    assert [r.status for r in result.results] == [PASSED] * 3
    assert result.child_starts == 3


def test_the_uid_drop_fallback_leaves_the_fast_files_out_of_a_naive_child():
    from instructor.grader.runner import Child
    from instructor.grader.sandbox import Isolation

    weak = Isolation("uid-drop", "", False, "test")
    workspace = Workspace(release_tree(MASTER), weak)
    children = {v: Child(workspace, {}, limits=LIMITS, variant=v) for v in ("full", "naive")}
    try:
        names = {}
        for variant, child in children.items():
            child._fallback_folder()  # what its start writes, without starting it
            code = child.folder / "code" / "cs231n"
            names[variant] = {path.name for path in code.iterdir()}
    finally:
        for child in children.values():
            child.close()
        workspace.remove()
    fast = {
        name for name in names["full"] if name.startswith(("fast_layers", "im2col", "winograd"))
    }
    assert {"fast_layers.py", "im2col.py", "winograd.py"} <= fast
    # nor the local grader's package (held-out round 3, row 2)
    assert not fast & names["naive"] and names["full"] - fast - {"grading"} == names["naive"]
