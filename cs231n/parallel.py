"""Worker threads for the fast layers (provided code; students do not edit it).

The fast layers split big calls over samples: each thread runs the compiled kernels (which release
the GIL) and NumPy's matrix products on its own range of samples. While they do, BLAS runs one
thread per call, so two workers do not fight over the cores with BLAS's own threads. The limit is
part of every fast-layer call, whatever BLAS threads the caller has (a notebook cell, the Solver,
code inside ``threadpoolctl.threadpool_limits``), and the caller's setting is back afterwards.

One BLAS thread for the process
-------------------------------
Importing this module (every model and the fast layers do) also sets NumPy's BLAS to one thread
for the whole process, so that ``model.loss`` is as fast called directly (a gradient check, a
student's own training loop, the course's original notebooks) as inside the Solver. The reason is
OpenBLAS's idle threads: after a product that used two threads (an affine layer between two conv
layers), OpenBLAS's second thread keeps spinning on a core for about 0.1 s waiting for more work,
and the fast layers' own worker thread then shares that core with it. Measured on a loaded
2-core machine, one ThreeLayerConvNet step (batch 50) with model.loss called directly and two
BLAS threads used 61-83 ms of CPU in spinning OpenBLAS threads and about 2.5x the CPU time of the
same step with one BLAS thread. Code that wants more BLAS threads asks for them, e.g. with
``threadpoolctl.threadpool_limits(limits=2, user_api="blas")`` around its own products.

* ``NUM_THREADS`` (int): threads a fast layer uses, default the available cores (at most 8).
  Set it to 1 to keep everything in the calling thread. Read at every call.
* ``PARALLEL_MIN_ELEMENTS``: calls touching fewer numbers than this stay in the calling thread.

Any number of Python threads may call the fast layers at once: the shared pool of workers is
created (or replaced by a larger one) under a lock and never shut down while in use; a pool that
is replaced is released when the last caller holding it returns.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy  # noqa: F401  (loads NumPy's BLAS, so that threadpoolctl finds it below)


def _available_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


NUM_THREADS = max(1, min(_available_cores(), 8))
PARALLEL_MIN_ELEMENTS = 1 << 17

_lock = threading.Lock()
_pool = None
_pool_key = None  # (workers, process id): a forked child must not reuse its parent's workers


def _worker_pool(workers):
    """A pool with at least ``workers`` threads, shared by every caller of this process."""
    global _pool, _pool_key
    with _lock:
        pid = os.getpid()
        if _pool is None or _pool_key[1] != pid or _pool_key[0] < workers:
            # The old pool is not shut down: a caller may still be submitting to it. Its idle
            # threads exit once the last reference to it is gone.
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cs231n")
            _pool_key = (workers, pid)
        return _pool


def thread_count(N, elements):
    """How many threads to use for ``N`` independent items touching ``elements`` numbers."""
    if elements < PARALLEL_MIN_ELEMENTS:
        return 1
    return max(1, min(int(NUM_THREADS), N))


def run_split(work, N, threads):
    """Run ``work(start, stop)`` over [0, N) split into ``threads`` contiguous ranges.

    The calling thread runs the first range; the others go to the shared pool. Every range runs
    with one BLAS thread, also when ``threads`` is 1, whatever the caller set: a product per
    sample or band is too small to share, and a BLAS thread waiting for a busy core stalls the
    whole call. Returns the list of the ``work`` results, in range order. An exception in any
    range is raised here.
    """
    threads = max(1, min(threads, N))
    with one_blas_thread():
        if threads == 1:
            return [work(0, N)]
        bounds = [N * k // threads for k in range(threads + 1)]
        pool = _worker_pool(threads - 1)
        futures = [
            pool.submit(_with_one_blas_thread, work, bounds[k], bounds[k + 1])
            for k in range(1, threads)
        ]
        try:
            first = work(bounds[0], bounds[1])
        finally:
            rest = [future.result() for future in futures]
    return [first, *rest]


def _with_one_blas_thread(work, start, stop):
    with one_blas_thread():
        return work(start, stop)


# ---------------------------------------------------------------------------------------------
# One BLAS thread while our own workers run (counted, so overlapping callers restore it once).
# ---------------------------------------------------------------------------------------------
_blas_lock = threading.Lock()
_blas_users = 0
_blas_libraries = None  # threadpoolctl's controllers of the loaded BLAS libraries
_blas_original = []  # their thread counts before the first user entered


def _blas_controllers():
    global _blas_libraries
    if _blas_libraries is None:
        try:
            from threadpoolctl import ThreadpoolController

            controller = ThreadpoolController()
        except Exception:  # no threadpoolctl, or it cannot inspect this process (a sandbox)
            _blas_libraries = []
        else:
            _blas_libraries = [lib for lib in controller.lib_controllers if lib.user_api == "blas"]
    return _blas_libraries


@contextmanager
def one_blas_thread():
    """Limit BLAS to one thread inside the block (a no-op without threadpoolctl).

    Overlapping blocks (from several Python threads) are counted: the thread counts seen when the
    first block began come back when the last block ends. Each block also sets the limit in its
    own thread, for BLAS builds that keep the thread count per calling thread.
    """
    global _blas_users, _blas_original
    libraries = _blas_controllers()
    with _blas_lock:
        if _blas_users == 0:
            _blas_original = [(lib, lib.get_num_threads()) for lib in libraries]
        _blas_users += 1
        for lib in libraries:
            lib.set_num_threads(1)
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0:
                for lib, threads in _blas_original:
                    lib.set_num_threads(threads)


def limit_blas_threads_of_the_process():
    """Set every loaded BLAS library to one thread (a no-op without threadpoolctl, or where it
    cannot inspect the process).

    Done once when this module is imported (see the module docstring). Call it from the main
    thread: OpenBLAS 0.3.31 ignores a thread count set from another thread once the main thread
    has set one.
    """
    with _blas_lock:
        for lib in _blas_controllers():
            lib.set_num_threads(1)


limit_blas_threads_of_the_process()
