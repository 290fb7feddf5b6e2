"""The Solver's update rule in chunks on the worker threads (cs231n.chunked_rule): bit for bit
the whole-array result, used only for rules that proved elementwise."""

import threading

import numpy as np
import pytest

from cs231n import chunked_rule, optim, parallel
from cs231n.chunked_rule import ChunkedRule, NotElementwise, run_in_chunks

RULES = [optim.sgd, optim.sgd_momentum, optim.rmsprop, optim.adam]
SHAPES = [(1000,), (37, 29), (8, 3, 7, 5), (1,)]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Chunks of 97 numbers and splitting from 300: every shape above is several chunks, the
    last one shorter."""
    monkeypatch.setattr(chunked_rule, "CHUNK_ELEMENTS", 97)
    monkeypatch.setattr(chunked_rule, "PARALLEL_MIN_ELEMENTS", 300)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ELEMENTS", 0)


def _inputs(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(dtype), rng.standard_normal(shape).astype(dtype)


def _steps(update, w, dw, config, steps, name="W"):
    """Parameters and configs after ``steps`` updates (the same gradient each time)."""
    history = []
    for _ in range(steps):
        w, config = update(name, w, dw, dict(config))
        history.append((w, config))
    return history


def _counting(rule):
    """``rule`` that records the size of every w it is called with, and the list it records to."""
    calls = []

    def counted(w, dw, config):
        calls.append(np.size(w))
        return rule(w, dw, config)

    return counted, calls


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_chunks_give_the_whole_result_bit_for_bit(rule, shape, dtype, threads, monkeypatch):
    monkeypatch.setattr(parallel, "NUM_THREADS", threads)
    w, dw = _inputs(shape, dtype)
    config = {"learning_rate": 1e-2}
    for _ in range(3):  # state arrays missing (first step), then present
        whole_w, whole_config = rule(w, dw, dict(config))
        chunk_w, chunk_config = run_in_chunks(rule, w, dw, dict(config))
        assert chunk_w.shape == w.shape and chunk_w.dtype == whole_w.dtype
        assert chunked_rule._same((chunk_w, chunk_config), (whole_w, whole_config))
        w, config = whole_w, whole_config


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_checked_rule_switches_to_chunks_and_stays_exact(rule):
    counted, calls = _counting(rule)

    w, dw = _inputs((40, 25), np.float64)
    chunked = _steps(ChunkedRule(counted).update, w, dw, {"learning_rate": 1e-2}, 5)
    plain = _steps(lambda name, *args: rule(*args), w, dw, {"learning_rate": 1e-2}, 5)
    for (cw, cc), (pw, pc) in zip(chunked, plain):
        assert chunked_rule._same((cw, cc), (pw, pc))
    # Checked steps: one whole call, then 11 chunks (which threads may run in any order);
    # after them chunks only.
    per_step = [1000] + [97] * 10 + [30]
    steps = [per_step] * chunked_rule.CHECKED_STEPS + [per_step[1:]] * 3
    assert len(calls) == sum(map(len, steps))
    for step in steps:
        taken, calls = calls[: len(step)], calls[len(step) :]
        assert taken[:1] == step[:1] or step[0] != 1000, taken  # the whole call comes first
        assert sorted(taken) == sorted(step), taken


def test_small_parameters_are_updated_whole():
    counted, calls = _counting(optim.adam)

    w, dw = _inputs((299,), np.float32)
    _steps(ChunkedRule(counted).update, w, dw, {}, 4)
    assert calls == [299] * 4


def _clip_by_norm(w, dw, config):
    """Not elementwise: the step depends on the norm of the whole gradient."""
    scale = min(1.0, 1.0 / np.linalg.norm(dw))
    return w - config.get("learning_rate", 1e-2) * scale * dw, config


def _noisy_sgd(w, dw, config):
    """Not reproducible in chunks: random noise drawn per call."""
    return w - 1e-2 * dw + 1e-3 * np.random.standard_normal(w.shape), config


def _per_row_scaled(w, dw, config):
    """Depends on w's shape: scales each row of a 2-D parameter by its own maximum."""
    if w.ndim == 2:
        dw = dw / np.abs(dw).max(axis=1, keepdims=True)
    return w - 1e-2 * dw, config


def _global_step_counter(w, dw, config):
    """State that is not an array of w's shape is fine when every chunk returns the same."""
    config["t"] = config.get("t", 0) + 1
    return w - 1e-2 / config["t"] * dw, config


@pytest.mark.parametrize("rule", [_clip_by_norm, _noisy_sgd, _per_row_scaled])
def test_a_rule_that_is_not_elementwise_stays_whole(rule):
    counted, calls = _counting(rule)

    w, dw = _inputs((40, 25), np.float64)
    checked = ChunkedRule(counted)
    got = _steps(checked.update, w, dw, {}, 4)
    assert checked.whole_only == {"W"}
    # The first step is checked (a whole call, then chunks that do not match); then whole only.
    assert calls[0] == 1000 and calls[-3:] == [1000] * 3
    if rule is not _noisy_sgd:
        expected = _steps(lambda name, *args: rule(*args), w, dw, {}, 4)
        for (gw, _), (ew, _) in zip(got, expected):
            np.testing.assert_array_equal(gw, ew)


def test_a_rule_with_a_step_counter_is_split():
    w, dw = _inputs((40, 25), np.float64)
    checked = ChunkedRule(_global_step_counter)
    got = _steps(checked.update, w, dw, {}, 4)
    expected = _steps(lambda name, *args: _global_step_counter(*args), w, dw, {}, 4)
    assert checked.exact_steps == {"W": 2} and not checked.whole_only
    for (gw, gc), (ew, ec) in zip(got, expected):
        np.testing.assert_array_equal(gw, ew)
        assert gc["t"] == ec["t"]


def test_a_rule_that_prints_prints_once_per_call_and_stays_whole(capsys):
    def talkative(w, dw, config):
        print("step of", w.shape)
        return optim.sgd(w, dw, config)

    w, dw = _inputs((40, 25), np.float64)
    checked = ChunkedRule(talkative)
    _steps(checked.update, w, dw, {}, 3)
    assert capsys.readouterr().out == "step of (40, 25)\n" * 3
    assert checked.whole_only == {"W"}


def test_a_rule_that_changes_its_inputs_in_place_still_gets_the_same_result():
    def in_place_momentum(w, dw, config):
        velocity = config.setdefault("velocity", np.zeros_like(w))
        velocity *= 0.9
        velocity -= 1e-2 * dw
        w += velocity
        return w, config

    w, dw = _inputs((40, 25), np.float64)
    got = _steps(ChunkedRule(in_place_momentum).update, w.copy(), dw, {}, 5)
    expected = _steps(lambda name, *args: in_place_momentum(*args), w.copy(), dw, {}, 5)
    np.testing.assert_array_equal(got[-1][0], expected[-1][0])
    np.testing.assert_array_equal(got[-1][1]["velocity"], expected[-1][1]["velocity"])


def test_an_error_of_the_rule_comes_through_unchanged():
    def unfinished(w, dw, config):
        raise NotImplementedError("adam: write your code here")

    w, dw = _inputs((40, 25), np.float64)
    with pytest.raises(NotImplementedError, match="write your code here"):
        ChunkedRule(unfinished).update("W", w, dw, {})


def test_chunks_that_disagree_are_refused():
    def chunk_dependent(w, dw, config):
        config["first"] = float(w[0])
        return w - dw, config

    w, dw = _inputs((1000,), np.float64)
    with pytest.raises(NotElementwise):
        run_in_chunks(chunk_dependent, w, dw, {})


def test_several_threads_may_update_at_once(monkeypatch):
    monkeypatch.setattr(parallel, "NUM_THREADS", 2)
    w, dw = _inputs((50, 40), np.float32)
    expected = _steps(lambda name, *args: optim.adam(*args), w, dw, {}, 4)[-1][0]
    results, errors = [None] * 4, []

    def train(k):
        try:
            results[k] = _steps(ChunkedRule(optim.adam).update, w, dw, {}, 4)[-1][0]
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=train, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    for result in results:
        np.testing.assert_array_equal(result, expected)
