"""Held-out round 3, row 1: a model whose loss returns gradients by finite differences of the
loss (the provided eval_numerical_gradient) instead of a backward pass. It scored 4 points
(the small models are quick to difference); now each model loss check has a model too large
for that within the parent's time limit (instructor/grader/large_models.py)."""

from pathlib import Path

import pytest
from heldout3_support import grade_checks, patched_submission, sandbox_workspace
from shared_builds import build_checks

from instructor.grader.honesty import LARGE_WALL
from instructor.grader.large_models import parameter_count

MODEL_CHECKS = (
    "FullyConnectedNet.loss",
    "FullyConnectedNet.loss[batchnorm]",
    "FullyConnectedNet.loss[layernorm]",
    "FullyConnectedNet.loss[dropout]",
    "ThreeLayerConvNet.loss",
)

FC_LOSS_BY_DIFFERENCES = """
def loss(self, X, y=None):
    import copy

    def eval_numerical_gradient(f, x, verbose=False, h=1e-5):
        # its own differences: the provided one is a stand-in while grading (round 11, row 7)
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old + h
            plus = f(x)
            x[i] = old - h
            minus = f(x)
            x[i] = old
            grad[i] = (plus - minus) / (2 * h)
        return grad

    X = X.astype(self.dtype)
    mode = "test" if y is None else "train"
    if self.normalization == "batchnorm":
        for bn_param in self.bn_params:
            bn_param["mode"] = mode

    def forward(bn_params):
        hidden = X
        for i in range(1, self.num_layers):
            hidden, _ = affine_norm_relu_forward(
                hidden, self.params[f"W{i}"], self.params[f"b{i}"],
                self.params.get(f"gamma{i}"), self.params.get(f"beta{i}"),
                bn_params[i - 1] if bn_params else None, self.normalization)
        L = self.num_layers
        return affine_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])[0]

    scores = forward(self.bn_params)
    if y is None:
        return scores

    def total(_):
        value = softmax_loss(forward(copy.deepcopy(self.bn_params)), y)[0]
        for i in range(1, self.num_layers + 1):
            value += 0.5 * self.reg * np.sum(self.params[f"W{i}"] ** 2)
        return value

    grads = {k: eval_numerical_gradient(total, v, verbose=False) for k, v in self.params.items()}
    return total(None), grads
"""


@pytest.fixture(scope="module")
def workspace():
    yield from sandbox_workspace()


@pytest.fixture(scope="module")
def checks():
    return {c.name: c for c in build_checks(seed=31)}


def test_every_model_loss_check_has_a_large_model_under_the_time_limit(checks):
    for name in MODEL_CHECKS:
        [large] = [t for t in checks[name].tasks if t.wall == LARGE_WALL]
        params = large.header["calls"][0]["set"]["params"]
        assert parameter_count({k: large.arrays[v["$a"]] for k, v in params.items()}) > 800_000


def test_gradients_by_finite_differences_of_the_loss_score_zero(checks, tmp_path, workspace):
    folder = patched_submission(
        tmp_path,
        [("cs231n/classifiers/fc_net.py", "FullyConnectedNet.loss", FC_LOSS_BY_DIFFERENCES)],
    )
    results = grade_checks(folder, [checks["FullyConnectedNet.loss"]], workspace)
    result = results["FullyConnectedNet.loss"]
    assert result.score == 0
    assert "too many for finite differences" in result.message
    assert f"timed out after {LARGE_WALL:g} s" in result.message


def test_the_master_passes_the_large_models_quickly(checks, workspace):
    results = grade_checks(
        Path(__file__).resolve().parent.parent, [checks[n] for n in MODEL_CHECKS], workspace
    )
    assert {n: r.status for n, r in results.items()} == {n: "passed" for n in MODEL_CHECKS}
    assert all(r.seconds < LARGE_WALL / 3 for r in results.values())
