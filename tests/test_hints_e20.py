"""Hints for classes of mistakes found in held-out set L (issue 20): state lost between calls of
a model with batch normalization, exceptions on dict keys and indices, a loss that is not a
number, a factor 1/2 that is also 1/N."""

import linecache

import numpy as np
import pytest

from cs231n import diagnose, hints
from cs231n.classifiers.fc_net import FullyConnectedNet
from cs231n.exception_hints import failure_hints
from cs231n.grading.core import check_hints

STUDENT = "/course/cs231n/layers.py"
OPTIM = "/course/cs231n/optim.py"
NET = "/course/cs231n/classifiers/fc_net.py"


@pytest.fixture(autouse=True)
def no_sizes_from_other_tests():
    diagnose.set_sizes()
    yield


@pytest.fixture
def files():
    """``define(filename, source)``: the functions of ``source``, as if read from that file."""
    defined = []

    def define(filename, source, **names):
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        defined.append(filename)
        namespace = {"np": np, **names}
        exec(compile(source, filename, "exec"), namespace)
        return namespace

    yield define
    for filename in defined:
        linecache.cache.pop(filename, None)


def raised(function, *args):
    try:
        function(*args)
    except Exception as error:
        return error
    raise AssertionError("expected an exception")


# ---- Round 9 row 5: test-time scores after training wrong (running averages), not the reg


def _bn_net(reg=0.0):
    return FullyConnectedNet(
        [6, 7],
        input_dim=5,
        num_classes=3,
        reg=reg,
        weight_scale=1e-2,
        dtype=np.float64,
        normalization="batchnorm",
    )


def test_hidden_grader_scores_after_training_blame_the_running_averages_not_reg():
    """A student model whose running averages are lost between calls (here: every call starts
    from fresh bn_params, the slip of round 9 row 5): only the test-time scores after a
    train-time call differ; reg is not the cause."""
    from instructor.grader import cases

    rng = np.random.default_rng(5)
    model = _bn_net()
    params = {
        k: 0.3 * rng.standard_normal(v.shape) + (1.0 if "gamma" in k else 0.0)
        for k, v in model.params.items()
    }
    X, y = rng.standard_normal((4, 5)), rng.integers(3, size=4)
    task = cases.model_loss_tasks(
        "t", cases.FC_NET, _bn_net, {}, params, X, y, 5e-4, zero=("b1", "b2")
    )
    student = _bn_net()
    results = []
    for reg in (0.0, 1.3):
        student.params = {k: v.copy() for k, v in params.items()}
        student.reg = reg
        for args in ([X], [X, y]):
            student.bn_params = [{"mode": "train"} for _ in student.bn_params]
            results.append(student.loss(*args))
    measurements = task.judge({"results": results})
    failing = [m.label for m in measurements if not m.passed]
    assert failing and all(label.startswith("scores (reg=1.3") for label in failing)
    found = check_hints("FullyConnectedNet.loss[batchnorm]", measurements)
    assert any("bn_param['running_mean']" in h for h in found)
    assert not any("regularization" in h for h in found)


def test_reg_tag_not_blamed_when_only_the_scores_are_wrong():
    findings = [
        ("scores (reg=0.0)", True, ()),
        ("loss (reg=0.0)", True, ()),
        ("scores (reg=1.3)", False, ()),
        ("loss (reg=1.3)", True, ()),
    ]
    assert not any("regulariz" in h for h in hints.check_hints("FullyConnectedNet.loss", findings))
    findings[3] = ("loss (reg=1.3)", False, ())
    found = hints.check_hints("FullyConnectedNet.loss", findings)
    assert any("only the case with regularization is wrong" in h for h in found)


def test_local_check_names_bn_params_rebuilt_at_every_call(monkeypatch):
    from cs231n.grading import checks_norm
    from cs231n.grading.core import CheckFailed

    original = FullyConnectedNet.loss

    def rebuilt(self, X, y=None):
        self.bn_params = [{"mode": "train"} for _ in range(self.num_layers - 1)]
        return original(self, X, y)

    monkeypatch.setattr(FullyConnectedNet, "loss", rebuilt)
    with pytest.raises(CheckFailed) as failed:
        checks_norm.test_time_measurements()
    [hint] = failure_hints("FullyConnectedNet.loss[batchnorm]", str(failed.value))
    assert hint.startswith("a test-time call of loss puts new dicts into self.bn_params")
