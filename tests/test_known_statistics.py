"""The data of cs231n/grading/known_statistics.py is what its mistakes give on the checks' fixed
inputs: recomputed here, from the mistakes' formulas (instructor side; tests are not shipped)."""

import numpy as np

from cs231n.grading import checks_norm
from cs231n.grading.known_statistics import NORMALIZATION_MISTAKES, NORMALIZATION_TERMS
from instructor.grader.cases import term_sizes


def _layernorm_input():
    np.random.seed(231)
    X = np.random.randn(4, 50)
    W1, W2 = np.random.randn(50, 60), np.random.randn(60, 3)
    return np.maximum(0, X.dot(W1)).dot(W2)


def _mistakes(a, axis, eps=1e-5):
    """Means and stds along ``axis`` of out (gamma = 1, beta = 0) for each known mistake."""
    other = 1 - axis
    s = a.std(axis=axis)
    spread = np.sqrt(a.var(axis=axis) + eps)
    across = (a - a.mean(axis=other, keepdims=True)) / np.sqrt(
        a.var(axis=other, keepdims=True) + eps
    )
    mean = a.mean(axis=axis)
    means = {
        "the mean not subtracted": mean / spread,
        "normalized over the other axis": across.mean(axis=axis),
        "only the mean divided by the std": mean * (1 - 1 / spread),
    }
    stds = {
        "the std used as the variance": s / np.sqrt(s + eps),
        "the variance without its square root": s / (s**2 + eps),
        "multiplied by the std where divided": s * np.sqrt(s**2 + eps),
        "normalized over the other axis": across.std(axis=axis),
        "only the mean divided by the std": a.std(axis=axis),
        "the mean of squares used as the variance": s / np.sqrt((a * a).mean(axis=axis) + eps),
        # the length (L2 norm) of each row or column of x minus the mean, eps added after it
        "the length of x minus the mean used as the std": s / (np.sqrt(a.shape[axis]) * s + eps),
    }
    return means, stds


def test_the_shipped_statistics_are_what_the_mistakes_give_on_the_fixed_inputs():
    for axis, a in ((0, checks_norm._bn_inputs()), (1, _layernorm_input())):
        means, stds = _mistakes(a, axis)
        shipped = NORMALIZATION_MISTAKES[axis]
        assert list(shipped["means"]) == list(means) and list(shipped["stds"]) == list(stds)
        for part, computed in (("means", means), ("stds", stds)):
            for mistake, value in computed.items():
                np.testing.assert_allclose(shipped[part][mistake], value, rtol=1e-12)


def test_the_layernorm_check_uses_the_input_the_statistics_were_computed_for():
    # The check's input is built inside the check; its seed and shapes are those above.
    source = open(checks_norm.__file__, encoding="utf-8").read()
    assert "X = np.random.randn(4, 50)" in source
    assert "W1, W2 = np.random.randn(50, 60), np.random.randn(60, 3)" in source


def _same(shipped, computed):
    if isinstance(computed, np.ndarray):
        np.testing.assert_allclose(shipped, computed, rtol=1e-12)
    elif isinstance(computed, dict):
        assert list(shipped) == list(computed)
        for key in computed:
            _same(shipped[key], computed[key])
    elif isinstance(computed, tuple):
        assert len(shipped) == len(computed)
        for a, b in zip(shipped, computed):
            _same(a, b)
    else:
        assert shipped == computed


def test_the_shipped_terms_are_the_hidden_graders_on_the_backward_checks_inputs():
    x, gamma, _, dout = checks_norm._bn_backward_inputs()
    for axis in (0, 1):
        std = np.sqrt(x.var(axis=axis, keepdims=True) + 1e-5)
        x_hat = (x - x.mean(axis=axis, keepdims=True)) / std
        computed = term_sizes(x, gamma, dout, x_hat, axis)
        computed = {**computed, "D": x.shape[1]} if axis == 1 else computed
        _same(NORMALIZATION_TERMS[axis], computed)
        _same(checks_norm._known_terms(axis), computed)


def test_the_shipped_svm_margin_values_are_the_mistake_on_the_loss_checks_scores():
    from cs231n import layers
    from cs231n.grading.known_statistics import SVM_MARGIN_VALUES
    from instructor.grader.cases import margin_value_mistakes

    np.random.seed(231)  # as checks_fc._loss_layer draws its scores
    x = 0.001 * np.random.randn(50, 10)
    y = np.random.randint(10, size=50)
    np.random.randn(50, 10)  # the scores near 1000
    spread = np.random.randn(50, 10)
    assert list(SVM_MARGIN_VALUES) == ["dx", "dx (scores of spread 1)"]
    for case, scores in (("dx", x), ("dx (scores of spread 1)", spread)):
        _, dx = layers.svm_loss(scores.copy(), y)
        (values,) = margin_value_mistakes("svm_loss", scores, y, dx).values()
        np.testing.assert_allclose(SVM_MARGIN_VALUES[case], values, rtol=1e-12)
        assert np.count_nonzero(values) > 50  # a mistake of many entries, not a constant


def test_the_loss_check_draws_the_scores_the_svm_data_was_computed_for():
    import inspect

    from cs231n.grading import checks_fc

    source = inspect.getsource(checks_fc._loss_layer)
    for line in (
        "np.random.seed(231)",
        "num_classes, num_inputs = 10, 50",
        "x = 0.001 * np.random.randn(num_inputs, num_classes)",
        "y = np.random.randint(num_classes, size=num_inputs)",
        "function(1000.0 + np.random.randn(num_inputs, num_classes), y)",
        "spread = np.random.randn(num_inputs, num_classes)",
    ):
        assert line in source, line
    assert source.index("spread = np.random") > source.index("1000.0 + np.random")


def _loss_check_scores():
    """The loss check's two sets of fixed scores and labels (`checks_fc._loss_layer`)."""
    np.random.seed(231)
    num_classes, num_inputs = 10, 50
    x = 0.001 * np.random.randn(num_inputs, num_classes)
    y = np.random.randint(num_classes, size=num_inputs)
    np.random.randn(num_inputs, num_classes)  # the scores near 1000, drawn in between
    spread = np.random.randn(num_inputs, num_classes)
    return (x, spread), y


def test_the_log_epsilon_terms_are_softmaxs_on_the_fixed_scores():
    from cs231n import layers
    from cs231n.grading.known_statistics import LOG_EPSILON_TERMS

    cases, y = _loss_check_scores()
    rows = np.arange(len(y))
    for scores, (first, second) in zip(cases, LOG_EPSILON_TERMS):
        _, dx = layers.softmax_loss(scores, y)
        p_y = len(y) * dx[rows, y] + 1  # dx = (p - one_hot) / N
        np.testing.assert_allclose(first, -np.mean(1 / p_y), rtol=1e-10)
        np.testing.assert_allclose(second, np.mean(1 / p_y**2) / 2, rtol=1e-10)
        # and they give the loss of log(p + eps) well within the bound a match allows (1e-3)
        loss = -np.log(p_y).mean()
        for eps in (1e-5, 1e-7):
            exact = -np.log(p_y + eps).mean()
            assert abs(loss + first * eps + second * eps**2 - exact) < 1e-4 * abs(exact - loss)


def test_the_squared_hinge_losses_are_what_squared_margins_give_on_the_fixed_scores():
    from cs231n.grading.checks_fc import LOSS_CASES

    cases, y = _loss_check_scores()
    rows = np.arange(len(y))
    shipped = LOSS_CASES["svm_loss"][2]["squared margins (a squared hinge)"]
    for scores, value in zip(cases, shipped):
        margins = np.maximum(0, scores - scores[rows, y][:, None] + 1.0)
        margins[rows, y] = 0
        np.testing.assert_allclose(value, np.sum(margins**2) / len(y), rtol=1e-12)


def test_batchnorm_test_mode_data_is_what_the_masters_layer_gives():
    from cs231n.grading.known_statistics import BATCHNORM_TEST_MODE as test
    from cs231n.layers import batchnorm_forward

    rows = checks_norm._bn_inputs()[: len(test["out"])]
    gamma, beta = np.asarray([1.0, 2.0, 3.0]), np.asarray([11.0, 12.0, 13.0])
    mean, var = np.asarray(test["running_mean"]), np.asarray(test["running_var"])
    bn_param = {"mode": "test", "running_mean": mean, "running_var": var}
    out, _ = batchnorm_forward(rows, gamma, beta, bn_param)
    np.testing.assert_allclose(test["out"], out, rtol=1e-12)
    # the mistake: multiplied by the std where the layer divides by it
    wrong = gamma * (rows - mean) * np.sqrt(var + 1e-5) + beta
    np.testing.assert_allclose(test["multiplied by the std where divided"], wrong, rtol=1e-12)


def test_spatial_batchnorm_test_mode_data_is_what_the_masters_layer_gives():
    from cs231n.grading.known_statistics import SPATIAL_BATCHNORM_TEST_MODE as test
    from cs231n.layers import spatial_batchnorm_forward

    np.random.seed(231)
    x = 4 * np.random.randn(2, 3, 4, 5) + 10
    gamma, beta = np.asarray([3.0, 4.0, 5.0]), np.asarray([6.0, 7.0, 8.0])
    bn_param = {"mode": "train"}
    spatial_batchnorm_forward(x, gamma, beta, bn_param)
    bn_param["mode"] = "test"
    out, _ = spatial_batchnorm_forward(x[..., : test["columns"]], gamma, beta, bn_param)
    np.testing.assert_allclose(test["out"], out, rtol=1e-12)


def test_the_test_mode_checks_use_the_inputs_the_data_was_computed_for():
    norm = open(checks_norm.__file__, encoding="utf-8").read()
    assert "gamma, beta = np.asarray([1.0, 2.0, 3.0]), np.asarray([11.0, 12.0, 13.0])" in norm
    from cs231n.grading import checks_conv

    conv = open(checks_conv.__file__, encoding="utf-8").read()
    assert "x = 4 * np.random.randn(N, C, H, W) + 10" in conv
    assert "gamma, beta = np.asarray([3.0, 4.0, 5.0]), np.asarray([6.0, 7.0, 8.0])" in conv


def test_the_two_layer_net_scores_without_relu_are_the_master_affine_layers():
    # Shipped as data (the affine layers are graded code); recomputed with the master's layers.
    from cs231n.grading import vectors
    from cs231n.layers import affine_forward

    params = vectors.two_layer_net_case()[0]
    X = vectors.two_layer_net_inactive_case()[0]
    hidden, _ = affine_forward(X, params["W1"], params["b1"])
    scores, _ = affine_forward(hidden, params["W2"], params["b2"])
    np.testing.assert_allclose(vectors.two_layer_net_inactive_linear_scores(), scores, rtol=1e-12)
