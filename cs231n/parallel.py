"""Worker threads for the fast layers (provided code; students do not edit it).

The fast layers split big calls over samples: each thread runs the compiled kernels (which release
the GIL) and NumPy's matrix products on its own range of samples. While they do, BLAS runs one
thread per call, so two workers do not fight over the cores with BLAS's own threads. The limit is
part of every fast-layer call, whatever BLAS threads the caller has (a notebook cell, the Solver,
code inside ``threadpoolctl.threadpool_limits``), and the caller's setting is back afterwards.

BLAS threads that sleep as soon as they are idle
------------------------------------------------
NumPy's matrix products (the affine layers) may use both cores. OpenBLAS's helper threads,
though, keep spinning on a core for about 0.1 s after each product (2**28 cycles, its default
"thread timeout"), and a spinning helper slows whatever runs next on that core: the fast layers'
own worker, or, on a busy machine, the product itself. Importing this module (every model and the
fast layers do) therefore sets that timeout of every loaded OpenBLAS (pthreads build) to its
minimum, 2**4 cycles (the library's ``OPENBLAS_THREAD_TIMEOUT`` setting, re-read and its helper
threads restarted), so that a helper sleeps as soon as it has no work. Measured on a 2-core
machine, one ThreeLayerConvNet step (batch 50, hidden 500, float32) took 74 ms that way against
90 ms with one BLAS thread, and 125 ms either way with another busy process on the machine (two
spinning BLAS threads: 174 ms). ``model.loss`` is then as fast called directly (a gradient
check, a student's own loop, the course's original notebooks) as inside the Solver.

Where this cannot be done (another BLAS, an OpenMP build of OpenBLAS, an OpenBLAS without those
entry points, a sandbox where threadpoolctl cannot inspect the process, or
``OPENBLAS_THREAD_TIMEOUT`` already set by the user), BLAS is set to one thread for the whole
process instead, as before: a spinning BLAS helper cannot then slow anything.
``BLAS_HELPERS_SLEEP`` says which of the two happened.

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
from contextlib import contextmanager, nullcontext

import numpy  # loads NumPy's BLAS, so that threadpoolctl finds it below


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

    Done when this module is imported if the BLAS helpers cannot be made to sleep when idle (see
    the module docstring). Call it from the main thread: OpenBLAS 0.3.31 ignores a thread count
    set from another thread once the main thread has set one.
    """
    with _blas_lock:
        for lib in _blas_controllers():
            lib.set_num_threads(1)


# OpenBLAS's "thread timeout" is 2**OPENBLAS_THREAD_TIMEOUT cycles of spinning before an idle
# helper thread sleeps; 4 is the smallest value the library accepts.
SLEEPING_TIMEOUT = "4"


def let_blas_helpers_sleep_when_idle():
    """Set the thread timeout of every loaded OpenBLAS to its minimum and restart its helper
    threads so that they use it. Returns True when every loaded BLAS library was so set; False
    (and nothing changed) otherwise: not OpenBLAS with pthreads, no such entry points, or the
    user's own ``OPENBLAS_THREAD_TIMEOUT`` (left as it is).

    Call it while no other thread runs BLAS (the helpers are stopped and restarted lazily by the
    next product, as OpenBLAS itself does after a fork).
    """
    import ctypes

    if "OPENBLAS_THREAD_TIMEOUT" in os.environ or "GOTO_THREAD_TIMEOUT" in os.environ:
        return False
    libraries = []
    for controller in _blas_controllers():
        if controller.internal_api != "openblas" or _threading_layer(controller) != "pthreads":
            return False
        try:
            library = ctypes.CDLL(controller.filepath)
            read_settings, stop_helpers = library.openblas_read_env, library.blas_thread_shutdown_
        except (OSError, AttributeError):
            return False
        libraries.append((read_settings, stop_helpers))
    if not libraries:
        return False
    with _blas_lock:
        os.environ["OPENBLAS_THREAD_TIMEOUT"] = SLEEPING_TIMEOUT
        try:
            for read_settings, stop_helpers in libraries:
                read_settings()  # the library reads the timeout into its settings...
                stop_helpers()  # ...and its helpers, started again by the next product, use it
            # Start them again now (an older OpenBLAS reads the setting only then).
            square = numpy.ones((256, 256))
            square @ square
        finally:
            del os.environ["OPENBLAS_THREAD_TIMEOUT"]  # child processes decide for themselves
    return True


def _threading_layer(controller):
    try:
        return controller.threading_layer
    except Exception:  # an older threadpoolctl
        return None


def blas_threads_for_models():
    """The BLAS setting to run a model's loss in (the Solver's steps, the go-further training):
    BLAS's own threads when its helpers sleep when idle, else one thread (see the module
    docstring)."""
    return nullcontext() if BLAS_HELPERS_SLEEP else one_blas_thread()


def _one_blas_thread_in_a_forked_child():
    """A forked child (the local grader's checks, a fork-started worker) runs BLAS on one
    thread, as before the helpers could sleep: it would otherwise start OpenBLAS's helpers anew
    on its first product, under the memory and process limits a check may run with. Only this
    thread runs in the child, so no lock is taken (another thread may have held it)."""
    for lib in _blas_libraries or []:
        lib.set_num_threads(1)


BLAS_HELPERS_SLEEP = let_blas_helpers_sleep_when_idle()
if not BLAS_HELPERS_SLEEP:
    limit_blas_threads_of_the_process()
elif hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_one_blas_thread_in_a_forked_child)
