"""cs231n.parallel: ranges, errors, and the BLAS thread limit under concurrent use."""

import threading

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from cs231n import parallel

pytestmark = pytest.mark.convolutional


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
