"""Hints for classes of mistakes found in held-out set L (issue 20): state lost between calls of
a model with batch normalization, exceptions on dict keys and indices, a loss that is not a
number, a factor 1/2 that is also 1/N."""

import numpy as np
import pytest
from test_exception_hints import raised

from cs231n import diagnose, hints
from cs231n.classifiers.fc_net import FullyConnectedNet
from cs231n.exception_hints import crash_hints, failure_hints
from cs231n.grading.core import check_hints

STUDENT = "/course/cs231n/layers.py"
OPTIM = "/course/cs231n/optim.py"
NET = "/course/cs231n/classifiers/fc_net.py"


@pytest.fixture(autouse=True)
def no_sizes_from_other_tests():
    diagnose.set_sizes()
    yield


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


# ---- Exceptions: a dict key, a dict built by the caller, a value as an index, a list as a size


def test_key_error_names_the_keys_the_dict_has(files):
    code = files(OPTIM, "def sgd(w, dw, config):\n    return w - config['lr'] * dw\n")
    error = raised(code["sgd"], np.ones(2), np.ones(2), {"learning_rate": 1.0, "momentum": 0.9})
    [hint] = crash_hints(error, "sgd")
    assert hint.startswith(
        "config has no key 'lr' when this line runs; its keys then are 'learning_rate' and "
        "'momentum'"
    )


def test_key_error_with_a_computed_key_names_the_one_dict_without_it(files):
    source = "def loss(params, grads, i):\n    grads[f'W{i}'] += params[f'W{i}']\n"
    code = files(NET, source)
    error = raised(code["loss"], {"W1": 1.0, "W2": 2.0}, {"W1": 0.0, "b1": 0.0}, 2)
    found = crash_hints(error, "f")
    assert found[0].startswith("grads has no key 'W2' when this line runs; its keys then are")
    assert found[1].startswith("grads holds the gradients of layer 1 only")
    # a dict whose keys are not known may be the one that lacks it: nothing said
    source = "def f(a, i):\n    return a[i] + {'x': 1}[i]\n"
    code = files(NET, source)
    assert crash_hints(raised(code["f"], {"W1": 1}, "W1"), "f") == []


def test_parameter_dict_without_a_key_names_the_dict_the_caller_passed(files):
    layer = (
        "def dropout_forward(x, dropout_param):\n"
        "    if 'p' not in dropout_param:\n"
        "        raise ValueError(\n"
        "            f\"dropout_param is missing the key 'p' (got keys {sorted(dropout_param)})\"\n"
        "        )\n"
        "    return x\n"
    )
    layers = files(STUDENT, layer)
    net = (
        "class Net:\n"
        "    def __init__(self):\n"
        "        self.dropout_param = {'mode': 'train', 'keep_prob': 0.5}\n"
        "    def loss(self, X):\n"
        "        out = dropout_forward(X, self.dropout_param)\n"
        "        return out\n"
    )
    code = files(NET, net, dropout_forward=layers["dropout_forward"])
    [hint] = crash_hints(raised(code["Net"]().loss, np.ones(2)), "Net.loss[dropout]")
    assert hint.startswith(
        "dropout_forward needs dropout_param['p'], but the dict Net.loss passes it "
        "(self.dropout_param) has the keys 'keep_prob' and 'mode'"
    )


def test_index_computed_from_maximum_values_not_positions(files):
    source = (
        "def pool_backward(x, dout):\n"
        "    dx = np.zeros_like(x)\n"
        "    best = x.max(axis=1)\n"
        "    rows = best // 2\n"
        "    dx[np.arange(x.shape[0]), rows] += dout\n"
        "    return dx\n"
    )
    code = files(STUDENT, source)
    [hint] = crash_hints(raised(code["pool_backward"], np.ones((2, 4)), np.ones(2)), "f")
    assert hint.startswith(
        "rows, used as an index here, comes from best, computed with max: the largest values "
        "themselves, not their positions"
    )


def test_list_put_whole_into_a_list_of_sizes(files):
    source = (
        "def init(input_dim, hidden_dims, num_classes):\n"
        "    dims = [input_dim, hidden_dims, num_classes]\n"
        "    fan_in, fan_out = dims[0], dims[1]\n"
        "    return np.zeros((fan_in, fan_out))\n"
    )
    code = files(NET, source)
    [hint] = crash_hints(raised(code["init"], 3, [4, 5], 2), "FullyConnectedNet.__init__")
    assert hint.startswith(
        "dims holds hidden_dims, a list, as one of its entries (a list inside the list), so "
        "fan_out here is a list, not an integer"
    )


# ---- Arrays: a vector where the loss's one number belongs; a factor 1/2 that is also 1/N


def test_loss_of_one_value_per_example():
    diagnose.set_sizes(N=6, C=4)
    assert "loss holds one value per example, N = 6" in (
        diagnose.shape_symptom((6,), ()).describe("loss")
    )
    assert "one value per class, C = 4" in diagnose.shape_symptom((4,), ()).describe("loss")
    diagnose.set_sizes(N=4, C=4)  # ambiguous: neither said
    assert "one value" not in diagnose.shape_symptom((4,), ()).describe("loss")


def test_reg_gradient_half_with_two_examples_names_both_causes():
    W = np.arange(1.0, 7.0).reshape(2, 3)
    expected = W * 0.5 + 0.25
    for n, both in ((2, True), (5, False)):
        with diagnose.sizes(N=n, named={"W1": W}, coefficients={"reg": 0.5}):
            symptoms = diagnose.diagnose(expected - 0.25 * W, expected)
        found = hints.check_hints("ThreeLayerConvNet.loss", [("dW1 (reg=0.5)", False, symptoms)])
        text = " ".join(found)
        assert ("or a division by the batch size N" in text) is both
        assert "half of what the loss's term gives" in text


def test_regularization_penalty_of_the_squared_sum_or_of_one_matrix(monkeypatch):
    from cs231n.grading.measure import regularization_measurements, with_hints

    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((3, 5)), rng.integers(4, size=3)
    original = FullyConnectedNet.loss

    def penalty_of(kind):
        def loss(self, X, y=None):
            reg, self.reg = self.reg, 0.0
            value, grads = original(self, X, y)
            self.reg = reg
            weights = [self.params["W1"], self.params["W2"], self.params["W3"]]
            if kind == "sum squared":
                value += 0.5 * reg * sum(np.sum(w) ** 2 for w in weights)
            else:
                value += 0.5 * reg * np.sum(weights[-1] ** 2)
            return value, grads

        return loss

    for kind, sentence in (
        ("sum squared", "the square of each weight matrix's sum"),
        ("last only", "the last weight matrix only"),
    ):
        monkeypatch.setattr(FullyConnectedNet, "loss", penalty_of(kind))
        model = FullyConnectedNet([6, 7], input_dim=5, num_classes=4, dtype=np.float64)
        found = with_hints("FullyConnectedNet.loss", regularization_measurements(model, X, y, 3.0))
        assert sentence in found[0].hints[0]


def test_if_on_an_array_names_the_condition(files):
    code = files(STUDENT, "def f(x, dout):\n    return dout if x > 0 else 0 * dout\n")
    [hint] = crash_hints(raised(code["f"], np.ones(3), np.ones(3)), "relu_backward")
    assert "got an array as its condition: x > 0 has several entries" in hint


def test_entries_of_one_edge_left_at_zero():
    e = np.random.default_rng(1).standard_normal((2, 3, 5, 4)) + 3.0
    last_row = e.copy()
    last_row[:, :, 4, :] = 0  # the last output row never written
    [symptom] = diagnose.diagnose(last_row, e)
    assert symptom.kind == "edge"
    assert symptom.describe("out").startswith(
        "out is wrong in every entry of the last index along axis 2 (index 4 of 5) and right "
        "everywhere else, where it is zero"
    )
    # a few entries at zero: not a factor "the same all along axis 0" (the ratio is 0 or 1)
    a = e.copy()
    a[:, 0, 2, 1] = 0
    assert [s.kind for s in diagnose.diagnose(a, e)] == ["blocked"]
    # two cases that disagree on the edge: no hint from it
    last_column = e.copy()
    last_column[:, :, :, 3] = 0
    found = hints.check_hints(
        "conv_forward_naive",
        [
            ("out", False, tuple(diagnose.diagnose(last_row, e))),
            ("out (stride 2)", False, tuple(diagnose.diagnose(last_column, e))),
        ],
    )
    assert not any("last index" in h for h in found)


def test_conv_forward_crash_names_the_output_size_slip(files):
    source = (
        "def conv_forward_naive(x, w, b, conv_param):\n"
        "    stride, pad = conv_param['stride'], conv_param['pad']\n"
        "    N, C, H, W = x.shape\n"
        "    F, _, HH, WW = w.shape\n"
        "    H_out = 1 + (H + 2 * pad - HH)\n"
        "    W_out = 1 + (W + 2 * pad - WW) // stride\n"
        "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n"
        "    out = np.zeros((N, F, H_out, W_out))\n"
        "    for i in range(H_out):\n"
        "        window = x_pad[0, :, i * stride : i * stride + HH, 0:WW]\n"
        "        out[0, 0, i, 0] = np.sum(window * w[0])\n"
        "    return out\n"
    )
    code = files(STUDENT, source)
    x, w = np.ones((1, 2, 4, 4)), np.ones((1, 2, 4, 4))
    error = raised(code["conv_forward_naive"], x, w, np.ones(1), {"stride": 2, "pad": 1})
    found = crash_hints(error, "conv_forward_naive")
    assert found[0] == (
        "the output's height is 3, but 1 + (H + 2 * pad - HH) // stride is 2 here (H = 4, "
        "HH = 4, stride = 2, pad = 1): the division by stride is missing"
    )
