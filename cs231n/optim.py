"""First-order update rules.

Every rule has the same interface::

    next_w, config = update(w, dw, config=None)

w and dw are the weights and their gradient (same shape); config holds the hyperparameters and
the rule's running state (velocity, moment estimates, ...). Missing hyperparameters get the
defaults below, and the updated state is stored back in config for the next step. A Solver keeps
one config per parameter array. Each rule starts with a provided check (cs231n.checks) that
refuses a dw of another shape than w and config keys the rule does not know (a misspelt
'learning_rate' would otherwise be ignored).
"""

import numpy as np

from . import checks


def _start_at_zero(config, w, *keys):
    """Give each state array of ``keys`` missing from config its first value: zeros like w.

    (``config.setdefault(key, np.zeros_like(w))`` would build the zeros at every step.)
    """
    for key in keys:
        if key not in config:
            config[key] = np.zeros_like(w)


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent: ``w -= learning_rate * dw``.

    config: 'learning_rate' (default 1e-2).
    """
    config = {} if config is None else config
    checks.check_update_inputs("sgd", w, dw, config, ("learning_rate",))
    config.setdefault("learning_rate", 1e-2)
    next_w = w - config["learning_rate"] * dw
    return next_w, config


def sgd_momentum(w, dw, config=None):
    """SGD with momentum.

    config: 'learning_rate' (default 1e-2); 'momentum' (default 0.9; 0 gives sgd);
    'velocity' (same shape as w; starts at zero).
    """
    config = {} if config is None else config
    checks.check_update_inputs(
        "sgd_momentum", w, dw, config, ("learning_rate", "momentum"), ("velocity",)
    )
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    _start_at_zero(config, w, "velocity")
    v = config["velocity"]
    # TODO: Update the velocity v (v = momentum * v - learning_rate * dw), then w.
    # BEGIN SOLUTION
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    # END SOLUTION
    config["velocity"] = v
    return next_w, config


def rmsprop(w, dw, config=None):
    """RMSProp: divide the step by a running root mean square of recent gradients.

    config: 'learning_rate' (default 1e-2); 'decay_rate' (default 0.99); 'epsilon' (default 1e-8);
    'cache' (running average of dw**2; starts at zero).
    """
    config = {} if config is None else config
    checks.check_update_inputs(
        "rmsprop", w, dw, config, ("learning_rate", "decay_rate", "epsilon"), ("cache",)
    )
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    _start_at_zero(config, w, "cache")
    # TODO: Update config['cache'] and compute next_w.
    # BEGIN SOLUTION
    decay = config["decay_rate"]
    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    # END SOLUTION
    return next_w, config


def adam(w, dw, config=None):
    """Adam (Kingma & Ba, 2015): momentum on the gradient and on its square, bias-corrected.

    config: 'learning_rate' (default 1e-3); 'beta1' (default 0.9); 'beta2' (default 0.999);
    'epsilon' (default 1e-8); 'm', 'v' (moving averages of dw and dw**2; start at zero);
    't' (step counter, starts at 0 and is incremented BEFORE it is used in the bias correction).
    """
    config = {} if config is None else config
    checks.check_update_inputs(
        "adam", w, dw, config, ("learning_rate", "beta1", "beta2", "epsilon", "t"), ("m", "v")
    )
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    _start_at_zero(config, w, "m", "v")
    config.setdefault("t", 0)
    # TODO: Increment t, update m and v, correct their bias (Algorithm 1 of the paper), and
    # compute next_w. Store m, v and t back in config.
    # BEGIN SOLUTION
    beta1, beta2 = config["beta1"], config["beta2"]
    config["t"] += 1
    t = config["t"]
    config["m"] = beta1 * config["m"] + (1 - beta1) * dw
    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)
    # lr * m_hat / (sqrt(v_hat) + eps) with the bias corrections m_hat = m / (1 - beta1**t) and
    # v_hat = v / (1 - beta2**t) moved into two numbers, as the paper suggests after Algorithm 1
    # (the same value, two passes over the weights fewer).
    correction = (1 - beta2**t) ** 0.5
    step_size = config["learning_rate"] * correction / (1 - beta1**t)
    next_w = w - step_size * config["m"] / (np.sqrt(config["v"]) + config["epsilon"] * correction)
    # END SOLUTION
    return next_w, config


UPDATE_RULES = {rule.__name__: rule for rule in (sgd, sgd_momentum, rmsprop, adam)}
