"""cs231n.parallel: ranges, errors, and the BLAS thread limit under concurrent use."""

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from cs231n import fast_layers, parallel
from cs231n.layers import conv_forward_naive

pytestmark = pytest.mark.convolutional
ROOT = Path(__file__).resolve().parents[1]


def blas_threads():
    return [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"]


def test_run_split_covers_the_range_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "NUM_THREADS", 3)
    assert parallel.run_split(lambda a, b: (a, b), 10, 3) == [(0, 3), (3, 6), (6, 10)]
    assert parallel.run_split(lambda a, b: (a, b), 2, 5) == [(0, 1), (1, 2)]
    assert parallel.run_split(lambda a, b: (a, b), 7, 1) == [(0, 7)]


def test_run_split_raises_a_workers_error():
    def work(start, stop):
        if start > 0:
            raise ZeroDivisionError("in a worker")
        return start

    with pytest.raises(ZeroDivisionError, match="in a worker"):
        parallel.run_split(work, 4, 2)


def test_thread_count_respects_the_size_threshold(monkeypatch):
    monkeypatch.setattr(parallel, "NUM_THREADS", 4)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ELEMENTS", 100)
    assert parallel.thread_count(8, 99) == 1
    assert parallel.thread_count(8, 100) == 4
    assert parallel.thread_count(2, 10**6) == 2


def test_one_blas_thread_limits_and_restores_after_overlapping_use():
    with threadpool_limits(limits=2, user_api="blas"):
        before = blas_threads()
        with parallel.one_blas_thread():
            assert blas_threads() == [1] * len(before)
        assert blas_threads() == before

        errors, barrier = [], threading.Barrier(4)

        def use():
            try:
                with parallel.one_blas_thread():
                    barrier.wait(timeout=10)
                    barrier.wait(timeout=10)
            except BaseException as error:  # reported by the main thread
                errors.append(repr(error))

        threads = [threading.Thread(target=use) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == [] and parallel._blas_users == 0
        assert blas_threads() == before


# ---------------------------------------------------------------------------------------------
# The fast layers run BLAS with one thread whatever the caller set, and give the setting back
# ---------------------------------------------------------------------------------------------
def conv_inputs():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 3, 12, 12))
    w = rng.standard_normal((4, 3, 3, 3))
    return x, w, rng.standard_normal(4), {"stride": 1, "pad": 1}


def record_blas_threads_inside_the_layer(monkeypatch):
    """Make the fast conv record the BLAS thread counts each time it fills its columns (im2col
    path) or its tiles (Winograd path, which a 3x3 stride-1 conv takes with the extension)."""
    seen = []

    def recording(original):
        def record(*args, **kwargs):
            seen.append(blas_threads())
            return original(*args, **kwargs)

        return record

    monkeypatch.setattr(fast_layers, "_im2col_block", recording(fast_layers._im2col_block))
    if hasattr(fast_layers.winograd, "winograd_tiles_cython"):
        tiles = fast_layers.winograd.winograd_tiles_cython
        monkeypatch.setattr(fast_layers.winograd, "winograd_tiles_cython", recording(tiles))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ELEMENTS", 0)
    return seen


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("caller_limit", [None, 1, 2])
def test_fast_conv_uses_one_blas_thread_whatever_the_caller_set(monkeypatch, workers, caller_limit):
    monkeypatch.setattr(parallel, "NUM_THREADS", workers)
    seen = record_blas_threads_inside_the_layer(monkeypatch)
    x, w, b, conv_param = conv_inputs()
    expected = conv_forward_naive(x, w, b, conv_param)[0]
    limits = threadpool_limits(limits=caller_limit, user_api="blas")
    with limits:
        before = blas_threads()
        out, cache = fast_layers.conv_forward_fast(x, w, b, conv_param)
        fast_layers.conv_backward_fast(np.ones_like(out), cache)
        after = blas_threads()
    assert seen and all(counts == [1] * len(before) for counts in seen)
    assert after == before
    np.testing.assert_allclose(out, expected, rtol=1e-10)


def test_fast_layers_from_several_python_threads_restore_the_callers_blas_threads(monkeypatch):
    """Nested, overlapping calls from several Python threads (each splitting its work over the
    shared pool): right results, and the caller's 2 BLAS threads once all are done.

    Not asserted: one BLAS thread inside these calls. OpenBLAS 0.3.31 (numpy 2.4's) ignores
    openblas_set_num_threads from a thread other than the main one once the main thread has set
    a count (measured: the GEMM of such a thread still ran on OpenBLAS's helper thread), so the
    limit holds for calls from the main thread (notebooks, scripts, the Solver), tested above."""
    monkeypatch.setattr(parallel, "NUM_THREADS", 2)
    seen = record_blas_threads_inside_the_layer(monkeypatch)
    x, w, b, conv_param = conv_inputs()
    expected = conv_forward_naive(x, w, b, conv_param)[0]
    errors = []

    def call_repeatedly():
        try:
            for _ in range(20):
                out, cache = fast_layers.conv_forward_fast(x, w, b, conv_param)
                fast_layers.conv_backward_fast(np.ones_like(out), cache)
                np.testing.assert_allclose(out, expected, rtol=1e-10)
        except BaseException as error:  # reported by the main thread
            errors.append(repr(error))

    with threadpool_limits(limits=2, user_api="blas"):
        before = blas_threads()
        threads = [threading.Thread(target=call_repeatedly) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads), "a thread hung"
        assert errors == []
        assert blas_threads() == before == [2] * len(before)
    assert len(seen) >= 4 * 20 * 2
    assert parallel._blas_users == 0


@pytest.mark.skipif(not fast_layers.HAVE_CYTHON, reason="cs231n.im2col_cython is not built")
@pytest.mark.parametrize("kernel", ["im2col", "col2im", "max_pool"])
def test_compiled_kernels_release_the_gil(monkeypatch, kernel):
    """While one thread is inside a compiled kernel, Python code keeps running in another.

    The kernel thread records when its call started and ended; the main thread records when its
    loop iterations ran. With the GIL held for the whole call, no iteration can fall in the middle
    half of it. (Tried up to five times, in case the main thread was descheduled.)"""
    from cs231n import im2col_cython

    monkeypatch.setattr(parallel, "NUM_THREADS", 1)
    x = np.random.default_rng(1).standard_normal((2, 64, 96, 96)).astype(np.float32)
    cols = np.empty((2, 64 * 9, 96 * 96), dtype=np.float32)
    calls = {
        "im2col": lambda: im2col_cython.im2col_batched_cython(x, cols, 3, 3, 1, 1),
        "col2im": lambda: im2col_cython.col2im_batched_cython(cols, x, 3, 3, 1, 1),
        "max_pool": lambda: [im2col_cython.max_pool_forward_cython(x, 3, 3, 1) for _ in range(3)],
    }
    for _ in range(5):
        span = []

        def run():
            start = time.perf_counter()
            calls[kernel]()
            span.extend([start, time.perf_counter()])

        thread = threading.Thread(target=run)
        ticks = []
        thread.start()
        while thread.is_alive():
            ticks.append(time.perf_counter())
        thread.join()
        start, end = span
        quarter = (end - start) / 4
        if any(start + quarter < tick < end - quarter for tick in ticks):
            return
    pytest.fail(f"the main thread never ran while {kernel} ran: the kernel holds the GIL")


# ---------------------------------------------------------------------------------------------
# BLAS helpers sleep when idle: model.loss called directly leaves no BLAS thread spinning
# ---------------------------------------------------------------------------------------------
DIRECT_CALLS = """
import os, sys, threading, time
import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def cpu_of_threads_python_did_not_start():
    python_threads = {thread.native_id for thread in threading.enumerate()}
    seconds = 0.0
    for tid in os.listdir("/proc/self/task"):
        if int(tid) not in python_threads:
            fields = open(f"/proc/self/task/{tid}/stat").read().rsplit(")", 1)[1].split()
            seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def spinning_after(work):
    work()
    before = cpu_of_threads_python_did_not_start()
    time.sleep(0.3)  # OpenBLAS's default: helpers spin about 0.1 s before they sleep
    return cpu_of_threads_python_did_not_start() - before


def product():
    np.ones((600, 600)) @ np.ones((600, 600))


with threadpool_limits(limits=2, user_api="blas"):  # before cs231n: OpenBLAS's own helpers
    print("control", max(spinning_after(product) for _ in range(3)))
from cs231n import parallel
from cs231n.classifiers.cnn import ThreeLayerConvNet

blas = [info for info in threadpool_info() if info["user_api"] == "blas"]
print("sleep", parallel.BLAS_HELPERS_SLEEP)
print("threads", [info["num_threads"] for info in blas])
print("openblas-pthreads", all(
    info["internal_api"] == "openblas" and info.get("threading_layer") == "pthreads"
    for info in blas))
np.random.seed(0)
model = ThreeLayerConvNet(hidden_dim=500, dtype=np.float32)
X = np.random.default_rng(0).standard_normal((50, 3, 32, 32)).astype(np.float32)
y = np.arange(50) % 10
print("product", max(spinning_after(product) for _ in range(3)))
print("model.loss", max(spinning_after(lambda: model.loss(X, y)) for _ in range(3)))
"""


def _run_script(script, **env_changes):
    """The ``name value`` lines a script prints, run in a fresh interpreter without the
    caller's ``*NUM_THREADS`` settings."""
    env = {key: value for key, value in os.environ.items() if not key.endswith("NUM_THREADS")}
    env = {**env, "PYTHONPATH": str(ROOT), **env_changes}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def _direct_calls(**env_changes):
    return _run_script(DIRECT_CALLS, **env_changes)


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux's /proc")


@needs_proc
def test_after_import_blas_helpers_sleep_as_soon_as_idle():
    """Importing the package makes OpenBLAS's helpers sleep when idle (BLAS keeps its threads):
    after a product or a direct model.loss call they use no CPU while the caller sleeps. The
    control: before the import, the same product leaves them spinning."""
    lines = _direct_calls()
    if lines["openblas-pthreads"] != "True" or (os.cpu_count() or 1) < 2:
        pytest.skip("needs OpenBLAS (pthreads) and two cores")
    assert lines["sleep"] == "True"
    assert float(lines["control"]) > 0.03, lines
    assert float(lines["product"]) <= 0.01, lines
    assert float(lines["model.loss"]) <= 0.01, lines
    assert lines["threads"] not in ("[1]", "[]"), lines  # BLAS keeps its threads


@needs_proc
def test_a_users_own_thread_timeout_is_kept_and_blas_gets_one_thread():
    """With OPENBLAS_THREAD_TIMEOUT set by the user the package leaves it alone and falls back to
    one BLAS thread for the process: nothing spins after the import either."""
    lines = _direct_calls(OPENBLAS_THREAD_TIMEOUT="28")
    assert lines["sleep"] == "False"
    assert lines["threads"] in ("[1]", "[]"), lines
    assert float(lines["product"]) <= 0.01, lines
    assert float(lines["model.loss"]) <= 0.01, lines


FORKED_CHILD = """
import os
from threadpoolctl import threadpool_info
from cs231n import parallel

def blas_threads():
    return [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"]

read, write = os.pipe()
pid = os.fork()
if pid == 0:
    os.write(write, repr(blas_threads()).encode())
    os._exit(0)
os.waitpid(pid, 0)
print("sleep", parallel.BLAS_HELPERS_SLEEP)
print("parent", blas_threads())
print("child", os.read(read, 100).decode())
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_runs_blas_on_one_thread():
    """The local grader's checks run in forked children under memory limits: they must not
    start BLAS helper threads there, so a forked child gets one BLAS thread."""
    lines = _run_script(FORKED_CHILD)
    if lines["sleep"] != "True" or lines["parent"] in ("[1]", "[]"):
        pytest.skip("BLAS runs one thread in this process already")
    assert lines["child"] == "[1]", lines


def test_helpers_are_left_alone_where_the_blas_is_not_openblas_with_pthreads(monkeypatch):
    """Another BLAS (or an OpenMP build): nothing is changed and the caller falls back."""

    class OtherBlas:
        internal_api = "mkl"
        threading_layer = "intel"
        filepath = "/nonexistent/libmkl_rt.so"

    monkeypatch.setattr(parallel, "_blas_libraries", [OtherBlas()])
    assert parallel.let_blas_helpers_sleep_when_idle() is False
    assert "OPENBLAS_THREAD_TIMEOUT" not in os.environ


def test_models_run_in_one_blas_thread_unless_the_helpers_sleep(monkeypatch):
    monkeypatch.setattr(parallel, "BLAS_HELPERS_SLEEP", False)
    assert type(parallel.blas_threads_for_models()) is type(parallel.one_blas_thread())
    monkeypatch.setattr(parallel, "BLAS_HELPERS_SLEEP", True)
    assert type(parallel.blas_threads_for_models()) is contextlib.nullcontext


def test_blas_limit_is_a_no_op_where_threadpoolctl_cannot_inspect_the_process(monkeypatch):
    """In a sandbox threadpoolctl may fail: importing the package must still work."""
    import threadpoolctl

    def refuse():
        raise OSError("no /proc here")

    monkeypatch.setattr(threadpoolctl, "ThreadpoolController", refuse)
    monkeypatch.setattr(parallel, "_blas_libraries", None)
    parallel.limit_blas_threads_of_the_process()
    with parallel.one_blas_thread():
        pass
    assert parallel._blas_controllers() == []
