"""The benchmark's mechanics (never its timings): thread counts, timing blocks, machine line."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

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
