"""The benchmark's mechanics (never its timings): thread counts, timing blocks, machine line."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from cs231n import parallel

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "bench_layers.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_layers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_threads_option_sets_the_fast_layers_worker_threads(bench, monkeypatch):
    monkeypatch.setattr(parallel, "NUM_THREADS", 2)
    if bench.torch is not None:
        monkeypatch.setattr(bench.torch, "set_num_threads", lambda count: None)
    bench.set_threads(1)
    assert parallel.NUM_THREADS == 1
    bench.set_threads(2)
    assert parallel.NUM_THREADS == 2


def test_each_implementation_is_timed_in_blocks_after_a_warm_up(bench, monkeypatch):
    monkeypatch.setattr(bench, "SETTLE_SECONDS", 0)
    calls = []

    def implementation(name, seconds):
        def run():
            calls.append(name)
            return seconds, 2 * seconds

        return run

    medians = bench.block_medians({"a": implementation("a", 1.0), "b": implementation("b", 3.0)}, 7)
    assert medians == {"a": (1.0, 2.0), "b": (3.0, 6.0)}
    # 3 rounds of 2, 2 and 3 timed calls, each block after one warm-up call; a, b, a, b, a, b.
    assert calls == ["a"] * 3 + ["b"] * 3 + ["a"] * 3 + ["b"] * 3 + ["a"] * 4 + ["b"] * 4


def test_machine_line_names_openblas_kernels_forced_by_the_environment(bench, monkeypatch):
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    monkeypatch.delenv("OPENBLAS_L2_SIZE", raising=False)
    assert "chosen by OPENBLAS_CORETYPE=Haswell in the environment" in bench.machine_info()[1]
    monkeypatch.delenv("OPENBLAS_CORETYPE")
    assert "chosen by" not in bench.machine_info()[1]


def test_quick_run_prints_the_summary_with_the_cpu():
    command = [sys.executable, str(SCRIPT), "--quick", "--no-naive", "--no-train"]
    command += ["--shapes", "conv1", "--dtypes", "float32", "--threads", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert "summary: ours / torch, total forward + backward time (CPU: " in result.stdout
    assert "conv1 float32" in result.stdout and "pool after conv1 float32" in result.stdout


def test_summary_shows_both_thread_counts_and_the_speedup(bench):
    def rows(ours_ms, torch_ms):
        return [("cython fast", 0, 0, ours_ms / 1e3), ("torch (autograd)", 0, 0, torch_ms / 1e3)]

    summaries = {
        2: [("conv3 float32", rows(50.0, 40.0)), ("  model.loss called directly", rows(30, 10))],
        1: [("conv3 float32", rows(90.0, 100.0)), ("  model.loss called directly", rows(45, 20))],
    }
    header, conv3, direct = bench.summary_lines(summaries, [2, 1])
    assert header.split() == ["row", "2", "thr", "ms", "/", "torch", "1", "thr", "ms", "/"] + [
        "torch",
        "speedup",
    ]
    assert conv3.split() == ["conv3", "float32", "50.0", "1.25", "90.0", "0.90", "1.80x"]
    assert direct.split() == [
        "model.loss",
        "called",
        "directly",
        "30.0",
        "3.00",
        "45.0",
        "2.25",
    ] + ["1.50x"]


def test_training_step_rows_are_the_solvers_way_and_the_direct_call(bench, monkeypatch):
    monkeypatch.setattr(bench, "SETTLE_SECONDS", 0)
    entries = bench.bench_train_step(SimpleNamespace(repeats=1))
    assert [label for label, _ in entries] == [
        "training step float32",
        "  model.loss called directly",
    ]
    (_, solver_rows), (_, direct_rows) = entries
    assert solver_rows[0][0] == "ours (Solver's way)" and direct_rows[0][0] == "ours (direct call)"
    assert all(total > 0 for _, _, _, total in solver_rows + direct_rows)


def test_training_step_updates_through_the_solvers_chunked_rule(bench, monkeypatch):
    from cs231n import chunked_rule

    updated = []
    real_update = chunked_rule.ChunkedRule.update

    def counted(self, name, w, dw, config):
        updated.append(name)
        return real_update(self, name, w, dw, config)

    monkeypatch.setattr(chunked_rule.ChunkedRule, "update", counted)
    for solver_way in (True, False):
        updated.clear()
        step = bench.our_train_step(*_small_batch(), solver_way=solver_way)
        step()
        assert sorted(updated) == ["W1", "W2", "W3", "b1", "b2", "b3"]


def _small_batch():
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 3, 32, 32)).astype(np.float32)
    return X, rng.integers(0, 10, 2)


def test_blas_gets_the_thread_count_unless_the_package_sets_one_blas_thread(bench, monkeypatch):
    monkeypatch.setattr(parallel, "BLAS_HELPERS_SLEEP", True)  # helpers sleep: BLAS threads too
    assert bench.blas_threads(2) == 2
    monkeypatch.setattr(parallel, "BLAS_HELPERS_SLEEP", False)  # the package's one thread
    assert bench.blas_threads(2) == 1
    monkeypatch.delattr(parallel, "BLAS_HELPERS_SLEEP")
    monkeypatch.delattr(parallel, "limit_blas_threads_of_the_process")  # an older checkout
    assert bench.blas_threads(2) == 2
