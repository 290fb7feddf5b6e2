"""The autograder (cs231n/grade.py, cs231n/grading/): coverage, statuses, bug detection, CLI.

The full pass on the reference code runs in test_release.py (in a release, in a subprocess);
here single checks run in-process against deliberately broken functions.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from cs231n import grade, layers, optim
from cs231n.grading import (
    FAILED,
    NOT_IMPLEMENTED,
    PART_MARKERS,
    PARTS,
    PASSED,
    all_checks,
    run_check,
    run_check_isolated,
)

# The functions the assignment asks for, with the notebook part that introduces them.
GRADED = {
    "FullyConnectedNets": [
        "affine_forward",
        "affine_backward",
        "relu_forward",
        "relu_backward",
        "softmax_loss",
        "svm_loss",
        "sgd_momentum",
        "rmsprop",
        "adam",
        "FullyConnectedNet.__init__",
        "FullyConnectedNet.loss",
    ],
    "BatchNormalization": [
        "batchnorm_forward",
        "batchnorm_backward",
        "batchnorm_backward_alt",
        "layernorm_forward",
        "layernorm_backward",
    ],
    "Dropout": ["dropout_forward", "dropout_backward"],
    "ConvolutionalNetworks": [
        "conv_forward_naive",
        "conv_backward_naive",
        "max_pool_forward_naive",
        "max_pool_backward_naive",
        "spatial_batchnorm_forward",
        "spatial_batchnorm_backward",
        "spatial_groupnorm_forward",
        "spatial_groupnorm_backward",
        "ThreeLayerConvNet.__init__",
        "ThreeLayerConvNet.loss",
    ],
}


def the_check(name):
    (found,) = [c for c in all_checks() if c.name == name]
    return found


def test_every_assigned_function_is_graded_in_its_part():
    for part, names in GRADED.items():
        covered = {function for c in all_checks(part) for function in c.covers}
        assert set(names) <= covered, part
    assert [c.part for c in all_checks()] == sorted((c.part for c in all_checks()), key=PARTS.index)
    with pytest.raises(ValueError, match="unknown part 'Pytorch'"):
        all_checks("Pytorch")


@pytest.mark.parametrize(
    "name",
    [
        "affine_forward",
        "relu_backward",
        "adam",
        "dropout_forward",
        "max_pool_forward_naive",
        "spatial_groupnorm_forward",
    ],
)
def test_reference_code_passes(name):
    result = run_check(the_check(name))
    assert result.status == PASSED, result.summary()
    assert all(m.value <= m.threshold for m in result.measurements)


def buggy_affine_forward(x, w, b):
    return x.reshape(x.shape[0], -1) @ w, (x, w, b)  # forgets the bias


def unbiased_batchnorm_forward(x, gamma, beta, bn_param):
    mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)  # unbiased variance: a subtle bug
    out = gamma * (x - mean) / np.sqrt(var + 1e-5) + beta
    return out, None


def unscaled_dropout_forward(x, dropout_param):
    mask = np.random.RandomState(dropout_param.get("seed")).rand(*x.shape) < dropout_param["p"]
    return (x * mask if dropout_param["mode"] == "train" else x), (dropout_param, mask)


def uncorrected_adam(w, dw, config=None):
    config["t"] += 1
    config["m"] = 0.9 * config["m"] + 0.1 * dw
    config["v"] = 0.999 * config["v"] + 0.001 * dw**2
    return w - config["learning_rate"] * config["m"] / (np.sqrt(config["v"]) + 1e-8), config


def leaky_relu_backward(dout, cache):
    return dout * np.where(cache > 0, 1.0, 0.01)


@pytest.mark.parametrize(
    "module, name, bug, measured",
    [
        (layers, "affine_forward", buggy_affine_forward, "out rel. error"),
        (layers, "batchnorm_forward", unbiased_batchnorm_forward, "std max |diff|"),
        (layers, "dropout_forward", unscaled_dropout_forward, "kept units = x / p"),
        (optim, "adam", uncorrected_adam, "next_w rel. error"),
        (layers, "relu_backward", leaky_relu_backward, "dx rel. error"),
    ],
)
def test_bugs_fail_with_the_error_and_threshold(monkeypatch, module, name, bug, measured):
    monkeypatch.setattr(module, name, bug)
    result = run_check(the_check(name))
    assert result.status == FAILED
    failing = [m for m in result.measurements if not m.passed]
    assert any(measured in m.label for m in failing), result.summary()
    assert all(m.value > m.threshold for m in failing)
    assert " > " in result.summary()


def test_wrong_return_values_and_crashes_are_failures_with_a_reason(monkeypatch):
    monkeypatch.setattr(optim, "sgd_momentum", lambda w, dw, config=None: (None, config))
    result = run_check(the_check("sgd_momentum"))
    assert (result.status, result.summary()) == (
        FAILED,
        "next_w is None (did you forget to assign or return it?)",
    )
    monkeypatch.setattr(layers, "relu_forward", lambda x: (x[:, :2] * 0 + 1, x))
    assert "has shape (3, 2), expected (3, 4)" in run_check(the_check("relu_forward")).summary()
    monkeypatch.setattr(layers, "relu_forward", lambda x: np.maximum(0, x))
    assert "must return a tuple of 2 items" in run_check(the_check("relu_forward")).summary()

    def crashing(x, w, b):
        return x @ w

    monkeypatch.setattr(layers, "affine_forward", crashing)
    result = run_check(the_check("affine_forward"))
    assert result.status == FAILED
    assert result.summary().startswith("ValueError: matmul") and "in crashing" in result.summary()


def stub(name):
    def raises(*args, **kwargs):
        raise NotImplementedError(f"{name}: TODO \u2014 implement this part (see the TODO above)")

    return raises


def test_not_implemented_names_the_missing_function(monkeypatch):
    monkeypatch.setattr(layers, "affine_forward", stub("affine_forward"))
    own = run_check(the_check("affine_forward"))
    assert (own.status, own.summary()) == (NOT_IMPLEMENTED, "still raises NotImplementedError")
    needs = run_check(the_check("affine_backward"))
    assert needs.status == NOT_IMPLEMENTED
    assert needs.summary() == "needs affine_forward, which still raises NotImplementedError"


def test_checks_leave_the_global_random_state_alone():
    np.random.seed(5)
    expected = np.random.rand()
    np.random.seed(5)
    run_check(the_check("dropout_forward"))
    assert np.random.rand() == expected


def test_cli_grades_one_part_and_sets_the_exit_status(monkeypatch, capsys):
    assert grade.main(["--part", "dropout"]) == 0
    out = capsys.readouterr().out
    assert "Dropout" in out and "FullyConnectedNets" not in out
    assert "passed           dropout_forward" in out and "Total                     3/3" in out

    from cs231n.classifiers import fc_net

    monkeypatch.setattr(layers, "dropout_backward", stub("dropout_backward"))
    monkeypatch.setattr(fc_net, "dropout_backward", stub("dropout_backward"))
    assert grade.main(["--part", "Dropout", "--verbose"]) == 1
    out = capsys.readouterr().out
    assert "not implemented  dropout_backward" in out
    assert "needs dropout_backward, which still raises NotImplementedError" in out
    assert "(2 not implemented, 0 failed)" in out
    assert "kept units = x / p (p=0.25) rel. error: 0.00e+00 <= 1e-12" in out

    with pytest.raises(SystemExit):
        grade.main(["--part", "PyTorch"])
    assert "unknown part 'PyTorch'" in capsys.readouterr().err


def test_cli_parts_are_also_named_by_their_pytest_markers():
    assert [grade.part_name(marker) for marker in PART_MARKERS.values()] == list(PARTS)
    assert grade.part_name("BATCHNORMALIZATION") == "BatchNormalization"


def test_a_model_bug_fails_the_model_check(monkeypatch):
    from cs231n.classifiers import fc_net

    class HalfRegularizedGradient(fc_net.FullyConnectedNet):
        def loss(self, X, y=None):
            result = super().loss(X, y)
            if y is None:
                return result
            loss, grads = result
            for i in range(1, self.num_layers + 1):  # d(0.5 reg W^2) = reg W, not 0.5 reg W
                grads[f"W{i}"] -= 0.5 * self.reg * self.params[f"W{i}"]
            return loss, grads

    monkeypatch.setattr(fc_net, "FullyConnectedNet", HalfRegularizedGradient)
    result = run_check(the_check("FullyConnectedNet.loss"))
    assert result.status == FAILED
    failing = {m.label for m in result.measurements if not m.passed}
    assert failing == {
        "dW1 (reg=3.14) rel. error",
        "dW2 (reg=3.14) rel. error",
        "dW3 (reg=3.14) rel. error",
    }


def _loop_forever(*args, **kwargs):
    while True:
        pass


def _exit_quietly(*args, **kwargs):
    os._exit(0)


def _system_exit(*args, **kwargs):
    raise SystemExit(0)


def test_an_endless_loop_fails_its_check_within_the_time_limit(monkeypatch):
    monkeypatch.setattr(layers, "affine_forward", _loop_forever)
    started = time.monotonic()
    result = run_check_isolated(the_check("affine_forward"), time_limit=1.0)
    assert time.monotonic() - started < 4.0
    assert result.status == FAILED
    assert result.summary() == "timed out after 1 s (endless loop?)"


@pytest.mark.parametrize(
    "impostor, reason",
    [
        (_exit_quietly, "exited with code 0 (os._exit or a crash) before returning"),
        (_system_exit, "called sys.exit(0) (SystemExit)"),
    ],
)
def test_exiting_student_code_fails_with_a_report(monkeypatch, capsys, impostor, reason):
    monkeypatch.setattr(layers, "relu_backward", impostor)
    assert grade.main(["--part", "fully_connected", "--time-limit", "20"]) == 1
    out = capsys.readouterr().out
    assert f"FAILED           relu_backward               {reason}" in out
    assert "passed           relu_forward" in out
    assert "Total" in out.splitlines()[-1]


def test_a_syntax_error_is_reported_with_file_and_line(tmp_path):
    package = Path(__file__).resolve().parents[1] / "cs231n"
    shutil.copytree(package, tmp_path / "cs231n", ignore=shutil.ignore_patterns("__pycache__"))
    with open(tmp_path / "cs231n" / "layers.py", "a", encoding="utf-8") as f:
        f.write("\ndef broken(:\n    pass\n")
    lines = (tmp_path / "cs231n" / "layers.py").read_text(encoding="utf-8").count("\n")
    run = subprocess.run(
        [sys.executable, "-m", "cs231n.grade", "--part", "Dropout"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr == ""
    expected = f"syntax error in cs231n/layers.py line {lines - 1}: invalid syntax"
    assert f"FAILED           dropout_forward                  {expected}" in run.stdout, run.stdout
    assert "Dropout                   0/3   (0 not implemented, 3 failed)" in run.stdout


def test_time_limit_must_be_positive(capsys):
    for bad in ("0", "-1", "soon", "inf"):
        with pytest.raises(SystemExit):
            grade.main(["--time-limit", bad])
        assert "expected a positive number of seconds" in capsys.readouterr().err


def test_where_dropout_goes_is_judged_from_the_calls_seen(monkeypatch):
    from cs231n.classifiers import fc_net
    from cs231n.grading.checks_dropout import (
        PLACEMENT_SIZES,
        placement_measurements,
        record_dropout_inputs,
    )

    N, D, hidden, C = PLACEMENT_SIZES
    model = fc_net.FullyConnectedNet(
        list(hidden), input_dim=D, num_classes=C, dropout_keep_ratio=0.5, seed=1, dtype=np.float64
    )
    X, y = np.random.RandomState(0).randn(N, D), np.arange(N) % C
    after_each_relu = [(N, H) for H in hidden]
    assert record_dropout_inputs(model, X, y) == after_each_relu
    assert fc_net.dropout_forward is layers.dropout_forward  # put back

    def failing(shapes):
        return {m.label for m in placement_measurements(shapes, N, D, hidden, C) if not m.passed}

    assert failing(after_each_relu) == set()
    assert failing([(N, D), *after_each_relu]) == {"input X kept out of dropout_forward"}
    assert failing([*after_each_relu, (N, C)]) == {"scores kept out of dropout_forward"}
    assert failing(after_each_relu[:1]) == {"hidden layers each through dropout_forward once"}
    assert placement_measurements([], N, D, hidden, C) == []  # dropout written inline: no claim

    def broken(*args, **kwargs):
        raise ValueError("broken")

    monkeypatch.setattr(fc_net, "softmax_loss", broken)
    with pytest.raises(ValueError):
        record_dropout_inputs(model, X, y)
    assert fc_net.dropout_forward is layers.dropout_forward  # put back when loss raises


def test_two_layer_weights_must_be_drawn_in_the_asked_order():
    from cs231n.grading.checks_fc import draw_order_measurements

    shapes = {"W1": (7, 5), "W2": (5, 3)}

    def failing(first, second, transpose_w1=False):
        np.random.seed(3)
        params = {}
        for name in (first, second):
            rows, cols = shapes[name]
            drawn = np.random.randn(cols, rows).T if transpose_w1 and name == "W1" else None
            params[name] = 0.1 * (np.random.randn(rows, cols) if drawn is None else drawn)
        return {m.label for m in draw_order_measurements(params, shapes, 0.1, 3) if not m.passed}

    assert failing("W1", "W2") == set()
    assert failing("W1", "W2", transpose_w1=True) == set()  # the same numbers, laid out as asked
    assert failing("W2", "W1") == {"W1 drawn after W2"}
