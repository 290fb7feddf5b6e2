"""Update rules against fixed expected values (the notebook's test vectors, in
cs231n/grading/vectors.py; computed once from the update formulas, independently of this code)."""

import numpy as np
import pytest

from cs231n import optim
from cs231n.gradient_check import rel_error
from cs231n.grading import vectors


def test_sgd():
    w, dw = np.linspace(-0.4, 0.6, 20), np.linspace(-0.6, 0.4, 20)
    next_w, config = optim.sgd(w.copy(), dw, {"learning_rate": 0.1})
    assert rel_error(next_w, w - 0.1 * dw) < 1e-12
    assert optim.sgd(w, dw)[1]["learning_rate"] == 1e-2


@pytest.mark.parametrize("rule, tol", [("sgd_momentum", 1e-8), ("rmsprop", 1e-7), ("adam", 1e-6)])
def test_rule_matches_the_reference_vector(rule, tol):
    w, dw, config, expected = vectors.optimizer_case(rule)
    next_w, config = getattr(optim, rule)(w, dw, config)
    assert rel_error(next_w, expected.pop("next_w")) < tol
    for key, value in expected.items():
        assert rel_error(config[key], value) < tol, key


def test_default_hyperparameters():
    w, dw = np.ones(3), np.ones(3)
    assert optim.sgd_momentum(w, dw)[1]["momentum"] == 0.9
    rmsprop_config = optim.rmsprop(w, dw)[1]
    assert (rmsprop_config["decay_rate"], rmsprop_config["epsilon"]) == (0.99, 1e-8)
    adam_config = optim.adam(w, dw)[1]
    assert (
        adam_config["learning_rate"],
        adam_config["beta1"],
        adam_config["beta2"],
        adam_config["epsilon"],
    ) == (1e-3, 0.9, 0.999, 1e-8)


def test_adam_first_step_is_bias_corrected():
    # With t incremented before use, the first step moves each weight by about learning_rate.
    next_w, config = optim.adam(np.zeros(3), np.array([0.5, -2.0, 1e-3]))
    assert np.allclose(next_w, [-1e-3, 1e-3, -1e-3], rtol=1e-4)
    assert config["t"] == 1


def test_adam_is_algorithm_1_of_the_paper():
    # The bias corrections are folded into scalars; the result is the textbook formula's.
    rng = np.random.default_rng(0)
    w, dw = rng.standard_normal(50), rng.standard_normal(50)
    m, v = rng.standard_normal(50), rng.random(50)
    config = {"learning_rate": 1e-2, "m": m, "v": v, "t": 4}
    next_w, config = optim.adam(w, dw, config)
    m = 0.9 * m + 0.1 * dw
    v = 0.999 * v + 0.001 * dw**2
    m_hat, v_hat = m / (1 - 0.9**5), v / (1 - 0.999**5)
    assert rel_error(next_w, w - 1e-2 * m_hat / (np.sqrt(v_hat) + 1e-8)) < 1e-12
    assert rel_error(config["m"], m) < 1e-14 and rel_error(config["v"], v) < 1e-14


@pytest.mark.parametrize("rule", [optim.sgd, optim.sgd_momentum, optim.rmsprop, optim.adam])
def test_float32_weights_stay_float32(rule):
    w, dw, config = np.ones(4, np.float32), np.full(4, 0.5, np.float32), {}
    for _ in range(3):
        w, config = rule(w, dw, config)
    states = [value for value in config.values() if isinstance(value, np.ndarray)]
    assert w.dtype == np.float32
    assert all(state.dtype == np.float32 for state in states)


@pytest.mark.parametrize("rule", [optim.sgd, optim.sgd_momentum, optim.rmsprop, optim.adam])
def test_every_rule_descends_a_quadratic(rule):
    w, config = np.array([3.0, -2.0]), {"learning_rate": 0.05}
    for _ in range(500):
        w, config = rule(w, 2 * w, config)
    assert np.linalg.norm(w) < 0.05


# --------------------------------------------------------------------------------------------
# Bad input (issue 14, item 7): one ValueError naming the argument; w and config stay as they were
# --------------------------------------------------------------------------------------------

RULES = ["sgd", "sgd_momentum", "rmsprop", "adam"]


@pytest.mark.parametrize("rule", RULES)
def test_rule_refuses_dw_of_another_shape_than_w(rule):
    # The example: sgd with w (4,) and dw (3, 4) returned a (3, 4) parameter.
    w, config = np.zeros(4), {"learning_rate": 0.1}
    with pytest.raises(
        ValueError, match=rf"{rule}: dw must have the shape of w \(4,\), got \(3, 4\)"
    ):
        getattr(optim, rule)(w, np.ones((3, 4)), config)
    assert np.array_equal(w, np.zeros(4)) and config == {"learning_rate": 0.1}


@pytest.mark.parametrize(
    "rule, typo, valid",
    [
        ("sgd", "learnig_rate", "learning_rate"),
        ("sgd_momentum", "momentun", "learning_rate, momentum, velocity"),
        ("rmsprop", "decay", "learning_rate, decay_rate, epsilon, cache"),
        ("adam", "beta_1", "learning_rate, beta1, beta2, epsilon, t, m, v"),
    ],
)
def test_rule_refuses_unknown_config_keys_naming_the_valid_ones(rule, typo, valid):
    config = {"learning_rate": 0.1, typo: 0.5}
    with pytest.raises(
        ValueError, match=rf"{rule}: unknown key '{typo}' in config .*; valid keys: {valid}$"
    ):
        getattr(optim, rule)(np.ones(3), np.ones(3), config)
    assert config == {"learning_rate": 0.1, typo: 0.5}  # no default was filled in


def test_rule_names_every_unknown_key():
    with pytest.raises(ValueError, match="unknown keys 'lr', 'mom' in config"):
        optim.sgd_momentum(np.ones(3), np.ones(3), {"lr": 0.1, "mom": 0.9})


@pytest.mark.parametrize(
    "rule, key", [("sgd_momentum", "velocity"), ("rmsprop", "cache"), ("adam", "m")]
)
def test_rule_refuses_state_arrays_of_another_shape(rule, key):
    with pytest.raises(
        ValueError, match=rf"{rule}: config\['{key}'\] must have the shape of w \(4,\), got \(1,\)"
    ):
        getattr(optim, rule)(np.ones(4), np.ones(4), {key: np.zeros(1)})


@pytest.mark.parametrize("value", ["1e-3", None, True])
def test_rule_refuses_a_learning_rate_that_is_not_a_number(value):
    with pytest.raises(ValueError, match=r"adam: config\['learning_rate'\] must be a number"):
        optim.adam(np.ones(3), np.ones(3), {"learning_rate": value})


def test_rule_refuses_a_config_that_is_not_a_dict():
    with pytest.raises(ValueError, match="sgd: config must be a dict or None, got list"):
        optim.sgd(np.ones(3), np.ones(3), [("learning_rate", 0.1)])
