"""Held-out mistakes: written after the engine and the catalog, never used to tune them.

Each entry is ``(id, file, old, new, check, causes)``: a hint names the right cause when one of
its lines contains one of ``causes``. ``python tests/diagnose_heldout.py`` prints each one's
report and the share of right causes; tests/test_diagnose_corpus.py asserts it is >= 80 %.
"""

from diagnose_corpus import OPT, REG_LOSS, C, F, L

HELD_OUT = [
    (
        "affine_bias_sign",
        L,
        "out = x.reshape(x.shape[0], -1) @ w + b",
        "out = x.reshape(x.shape[0], -1) @ w - b",
        "affine_forward",
        ("bias",),
    ),
    (
        "affine_db_over_n",
        L,
        "db = dout.sum(axis=0)",
        "db = dout.sum(axis=0) / x.shape[0]",
        "affine_backward",
        ("db is N times too small",),
    ),
    (
        "affine_dx_no_transpose",
        L,
        "dx = (dout @ w.T).reshape(x.shape)",
        "dx = (dout @ w).reshape(x.shape)",
        "affine_backward",
        ("transpose",),
    ),
    (
        "relu_min",
        L,
        "out = np.maximum(x, 0)",
        "out = np.minimum(x, 0)",
        "relu_forward",
        ("where it must be zero", "negative"),
    ),
    ("relu_bwd_times_x", L, "dx = dout * (x > 0)", "dx = dout * x", "relu_backward", ("mask",)),
    (
        "softmax_plus_one",
        L,
        "dx[np.arange(N), y] -= 1",
        "dx[np.arange(N), y] += 1",
        "softmax_loss",
        ("correct class",),
    ),
    (
        "softmax_loss_sign",
        L,
        "loss = -log_probs[np.arange(N), y].mean()",
        "loss = log_probs[np.arange(N), y].mean()",
        "softmax_loss",
        ("wrong sign",),
    ),
    (
        "svm_dx_no_div",
        L,
        "dx[np.arange(N), y] -= positive.sum(axis=1)\n    dx /= N\n",
        "dx[np.arange(N), y] -= positive.sum(axis=1)\n",
        "svm_loss",
        ("dx is N times too large",),
    ),
    (
        "momentum_sign",
        OPT,
        'v = config["momentum"] * v - config["learning_rate"] * dw',
        'v = config["momentum"] * v + config["learning_rate"] * dw',
        "sgd_momentum",
        ("sign",),
    ),
    (
        "rmsprop_eps_inside",
        OPT,
        'dw / (np.sqrt(config["cache"]) + config["epsilon"])',
        'dw / np.sqrt(config["cache"] + config["epsilon"])',
        "rmsprop",
        ("epsilon", "eps"),
    ),
    (
        "adam_no_bias_correction",
        OPT,
        'step_size = config["learning_rate"] * correction / (1 - beta1**t)',
        'step_size = config["learning_rate"]',
        "adam",
        ("bias correction",),
    ),
    (
        "fc_init_bias_randn",
        F,
        'self.params[f"b{i}"] = np.zeros(fan_out)',
        'self.params[f"b{i}"] = np.random.randn(fan_out)',
        "FullyConnectedNet.__init__",
        ("biases must start at zero",),
    ),
    (
        "fc_reg_grad_twice",
        F,
        'grads[f"W{i}"] += self.reg * W',
        'grads[f"W{i}"] += 2 * self.reg * W',
        "FullyConnectedNet.loss",
        ("regularization",),
    ),
    (
        "bn_std_for_var",
        L,
        "        var = x.var(axis=0)\n",
        "        var = x.std(axis=0)\n",
        "batchnorm_forward",
        ("variance",),
    ),
    (
        "bn_running_var_of_mean",
        L,
        "running_var = momentum * running_var + (1 - momentum) * var",
        "running_var = momentum * running_var + (1 - momentum) * mean",
        "batchnorm_forward",
        ("running",),
    ),
    (
        "bn_bwd_dgamma_no_xhat",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n    dxc",
        "    dgamma = dout.sum(axis=0)\n    dx_hat = dout * gamma\n    dxc",
        "batchnorm_backward",
        ("x_hat",),
    ),
    (
        "bn_bwd_dbeta_axis1",
        L,
        "    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout "
        "* gamma\n    dxc",
        "    dbeta = dout.sum(axis=1)\n    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout "
        "* gamma\n    dxc",
        "batchnorm_backward",
        ("axis",),
    ),
    (
        "ln_bwd_dbeta_axis1",
        L,
        "    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n    # Per example",
        "    dbeta = dout.sum(axis=1)\n    dgamma = (dout * x_hat).sum(axis=0)\n    # Per example",
        "layernorm_backward",
        ("axis",),
    ),
    (
        "dropout_test_masked",
        L,
        "        out = x\n    cache = (dropout_param, mask)",
        "        out = x * (np.random.rand(*x.shape) < p)\n    cache = (dropout_param, mask)",
        "dropout_forward",
        ("test mode",),
    ),
    (
        "dropout_bwd_times_p",
        L,
        "    dx = dout * mask\n",
        "    dx = dout * mask * p\n",
        "dropout_backward",
        ("multiplied by p",),
    ),
    (
        "conv_stride_ignored",
        L,
        "window = x_pad[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]",
        "window = x_pad[n, :, i : i + HH, j : j + WW]",
        "conv_forward_naive",
        ("stride",),
    ),
    (
        "conv_bwd_dw_overwrite",
        L,
        "dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]",
        "dw[f] = x_pad[n, :, rows, cols] * dout[n, f, i, j]",
        "conv_backward_naive",
        ("add up", "accumulate", "+="),
    ),
    (
        "conv_bwd_db_over_n",
        L,
        "db = dout.sum(axis=(0, 2, 3))",
        "db = dout.sum(axis=(0, 2, 3)) / N",
        "conv_backward_naive",
        ("N times too small",),
    ),
    (
        "pool_bwd_all_entries",
        L,
        "dx[n_idx, c_idx, rows, cols] += dout[:, :, i, j]",
        "dx[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw] += "
        "dout[:, :, i, j][:, :, None, None]",
        "max_pool_backward_naive",
        ("only the maximum",),
    ),
    (
        "gn_groups_ignored",
        L,
        "groups = x.reshape(N * G, -1)",
        "groups = x.reshape(N, -1)",
        "spatial_groupnorm_forward",
        ("per group",),
    ),
    (
        "sbn_bwd_no_transpose_back",
        L,
        "dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)",
        "dx = dx_rows.reshape(N, C, H, W)",
        "spatial_batchnorm_backward",
        ("reshape", "order"),
    ),
    (
        "cnn_reg_biases",
        C,
        'for name in ("W1", "W2", "W3"):',
        'for name in ("W1", "W2", "W3", "b1", "b2", "b3"):',
        "ThreeLayerConvNet.loss",
        ("which parameters are regularized", "weights only"),
    ),
    (
        "cnn_init_no_pool",
        C,
        "pooled_size = num_filters * (H // 2) * (W // 2)",
        "pooled_size = num_filters * H * W",
        "ThreeLayerConvNet.__init__",
        ("pool",),
    ),
    (
        "svm_loss_no_zero_correct_grad",
        L,
        "dx[np.arange(N), y] -= positive.sum(axis=1)",
        "dx[np.arange(N), y] = -positive.sum(axis=1)",
        "svm_loss",
        ("correct class",),
    ),
    (
        "bn_test_mode_updates_running",
        L,
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
        "        running_mean = momentum * running_mean + (1 - momentum) * x.mean(axis=0)\n"
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
        "batchnorm_forward",
        ("must not change the running",),
    ),
]


# A second held-out set, written after the engine was improved on the first one, and run once:
# its score is the honest one.
HELD_OUT_2 = [
    (
        "affine_no_flatten",
        L,
        "out = x.reshape(x.shape[0], -1) @ w + b",
        "out = x @ w + b",
        "affine_forward",
        ("reshape", "flatten"),
    ),
    (
        "affine_db_total_sum",
        L,
        "db = dout.sum(axis=0)",
        "db = dout.sum()",
        "affine_backward",
        ("summed away",),
    ),
    (
        "relu_leaky",
        L,
        "out = np.maximum(x, 0)",
        "out = np.maximum(x, 0.01 * x)",
        "relu_forward",
        ("negative",),
    ),
    (
        "softmax_dx_probs_only",
        L,
        "    dx[np.arange(N), y] -= 1\n    dx /= N\n    # END SOLUTION"
        "\n    return loss, dx\n\n\ndef svm",
        "    # END SOLUTION\n    return loss, dx\n\n\ndef svm",
        "softmax_loss",
        ("correct class",),
    ),
    (
        "softmax_columns_of_y",
        L,
        "dx[np.arange(N), y] -= 1",
        "dx[:, y] -= 1",
        "softmax_loss",
        ("correct class",),
    ),
    (
        "svm_no_delta",
        L,
        "margins = np.maximum(0, x - correct + 1.0)",
        "margins = np.maximum(0, x - correct)",
        "svm_loss",
        ("margin", "delta"),
    ),
    (
        "momentum_step_sign",
        OPT,
        "    next_w = w + v\n",
        "    next_w = w - v\n",
        "sgd_momentum",
        ("adds the new velocity",),
    ),
    (
        "rmsprop_not_squared",
        OPT,
        'config["cache"] = decay * config["cache"] + (1 - decay) * dw**2',
        'config["cache"] = decay * config["cache"] + (1 - decay) * dw',
        "rmsprop",
        ("square",),
    ),
    (
        "adam_t_after",
        OPT,
        '    config["t"] += 1\n    t = config["t"]\n',
        '    t = config["t"]\n    config["t"] += 1\n',
        "adam",
        ("incremented t",),
    ),
    (
        "fc_init_w_transposed",
        F,
        'self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)',
        'self.params[f"W{i}"] = weight_scale * np.random.randn(fan_out, fan_in)',
        "FullyConnectedNet.__init__",
        ("(inputs of layer i, outputs of layer i)", "transposed"),
    ),
    (
        "fc_reg_not_squared",
        F,
        REG_LOSS,
        REG_LOSS.replace("np.sum(W * W)", "np.sum(W)"),
        "FullyConnectedNet.loss",
        ("regularization",),
    ),
    (
        "bn_no_beta",
        L,
        "        out = gamma * x_hat + beta\n",
        "        out = gamma * x_hat\n",
        "batchnorm_forward",
        ("beta",),
    ),
    (
        "bn_alt_sign",
        L,
        "(N * dx_hat - dx_hat.sum(axis=0) - x_hat",
        "(N * dx_hat + dx_hat.sum(axis=0) - x_hat",
        "batchnorm_backward_alt",
        ("batch mean",),
    ),
    (
        "ln_var_axis0",
        L,
        "inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)",
        "inv_std = 1.0 / np.sqrt(x.var(axis=0, keepdims=True) + eps)",
        "layernorm_forward",
        ("axis 1",),
    ),
    (
        "ln_bwd_no_transpose",
        L,
        "    dx = dx_t.T\n",
        "    dx = dx_t\n",
        "layernorm_backward",
        ("transposed",),
    ),
    (
        "dropout_divide_1_minus_p",
        L,
        "mask = (rand(*x.shape) < p).astype(x.dtype) / p",
        "mask = (rand(*x.shape) < p).astype(x.dtype) / (1 - p)",
        "dropout_forward",
        ("divides them by p",),
    ),
    (
        "dropout_bwd_no_scale",
        L,
        "    dx = dout * mask\n",
        "    dx = dout * (mask > 0)\n",
        "dropout_backward",
        ("division by p",),
    ),
    (
        "conv_bias_whole",
        L,
        "out[n, f, i, j] = np.sum(window * w[f]) + b[f]",
        "out[n, f, i, j] = np.sum(window * w[f]) + b.sum()",
        "conv_forward_naive",
        ("b[f]",),
    ),
    (
        "conv_bwd_no_crop",
        L,
        "dx = dx_pad[:, :, pad : pad + H, pad : pad + W]",
        "dx = dx_pad",
        "conv_backward_naive",
        ("pad", "crop"),
    ),
    (
        "pool_bwd_ph_for_cols",
        L,
        "rows = i * stride + first_max // pw",
        "rows = i * stride + first_max // ph",
        "max_pool_backward_naive",
        ("pool_width for columns",),
    ),
    (
        "sbn_out_no_transpose",
        L,
        "out = out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)",
        "out = out_rows.reshape(N, C, H, W)",
        "spatial_batchnorm_forward",
        ("channel",),
    ),
    (
        "cnn_relu_on_scores",
        C,
        "scores, cache3 = affine_forward(hidden, W3, b3)",
        "scores, cache3 = affine_relu_forward(hidden, W3, b3)",
        "ThreeLayerConvNet.loss",
        ("ReLU",),
    ),
]

# A third held-out set, written after the engine was improved on the first two, and run once.
# Its causes were chosen before the run, as phrases a right hint would contain.
HELD_OUT_3 = [
    (
        "affine_dw_no_flatten",
        L,
        "dw = x.reshape(x.shape[0], -1).T @ dout",
        "dw = x.T @ dout",
        "affine_backward",
        ("flatten", "shape of w"),
    ),
    (
        "relu_bwd_mask_of_dout",
        L,
        "dx = dout * (x > 0)",
        "dx = dout * (dout > 0)",
        "relu_backward",
        ("input x", "cache"),
    ),
    (
        "softmax_normalize_axis0",
        L,
        "log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))",
        "log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))",
        "softmax_loss",
        ("axis 1", "each row", "normaliz"),
    ),
    (
        "svm_count_axis0",
        L,
        "dx[np.arange(N), y] -= positive.sum(axis=1)",
        "dx[np.arange(N), y] -= positive.sum(axis=0)",
        "svm_loss",
        ("axis 1", "each row", "per row", "shapes"),
    ),
    (
        "momentum_plain_step",
        OPT,
        "    next_w = w + v\n",
        '    next_w = w - config["learning_rate"] * dw\n',
        "sgd_momentum",
        ("adds the new velocity",),
    ),
    (
        "adam_m_weights_swapped",
        OPT,
        'config["m"] = beta1 * config["m"] + (1 - beta1) * dw',
        'config["m"] = (1 - beta1) * config["m"] + beta1 * dw',
        "adam",
        ("beta1",),
    ),
    (
        "fc_svm_instead_of_softmax",
        F,
        "        loss, dout = softmax_loss(scores, y)\n",
        "        loss, dout = svm_loss(scores, y)\n",
        "FullyConnectedNet.loss",
        ("softmax",),
    ),
    (
        "bn_gamma_beta_swapped",
        L,
        "        out = gamma * x_hat + beta\n",
        "        out = beta * x_hat + gamma\n",
        "batchnorm_forward",
        ("scale by gamma",),
    ),
    (
        "bn_bwd_dmean_not_divided",
        L,
        "    dx = dxc + dmean / N  # mean = sum(x) / N\n",
        "    dx = dxc + dmean\n",
        "batchnorm_backward",
        ("batch mean", "divided by N"),
    ),
    (
        "ln_no_gamma_beta",
        L,
        "    out = gamma * x_hat + beta\n    cache = (x_hat, inv_std, gamma)",
        "    out = x_hat\n    cache = (x_hat, inv_std, gamma)",
        "layernorm_forward",
        ("scale by gamma",),
    ),
    (
        "dropout_forgets_x",
        L,
        "        out = x * mask\n",
        "        out = mask\n",
        "dropout_forward",
        ("times x", "multiply x", "x by"),
    ),
    (
        "conv_pad_all_axes",
        L,
        "x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n    out = np.zeros",
        "x_pad = np.pad(x, pad)\n    out = np.zeros",
        "conv_forward_naive",
        ("pad",),
    ),
    (
        "conv_bwd_dx_flipped",
        L,
        "dx_pad[n, :, rows, cols] += w[f] * dout[n, f, i, j]",
        "dx_pad[n, :, rows, cols] += w[f, :, ::-1, ::-1] * dout[n, f, i, j]",
        "conv_backward_naive",
        ("flip",),
    ),
    (
        "pool_min",
        L,
        "out[:, :, i, j] = window.max(axis=(2, 3))",
        "out[:, :, i, j] = window.min(axis=(2, 3))",
        "max_pool_forward_naive",
        ("maximum",),
    ),
    (
        "sbn_bwd_rows_unordered",
        L,
        "dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)",
        "dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout.reshape(-1, C), cache)",
        "spatial_batchnorm_backward",
        ("channel", "transpose", "reshape", "order"),
    ),
    (
        "cnn_b1_ones",
        C,
        'self.params["b1"] = np.zeros(num_filters)',
        'self.params["b1"] = np.ones(num_filters)',
        "ThreeLayerConvNet.__init__",
        ("biases must start at zero",),
    ),
    (
        "fc_dropout_no_backward",
        F,
        "                dout = dropout_backward(dout, dropout_cache)\n",
        "                pass\n",
        "FullyConnectedNet.loss[dropout]",
        ("dropout", "mask"),
    ),
    (
        "rmsprop_adagrad",
        OPT,
        'config["cache"] = decay * config["cache"] + (1 - decay) * dw**2',
        'config["cache"] = config["cache"] + dw**2',
        "rmsprop",
        ("decay",),
    ),
]

# A fourth held-out set, written after the engine was improved on the first three, and run
# once; causes chosen before the run.
HELD_OUT_4 = [
    (
        "affine_w_transposed",
        L,
        "out = x.reshape(x.shape[0], -1) @ w + b",
        "out = x.reshape(x.shape[0], -1) @ w.T + b",
        "affine_forward",
        ("as it is", "transpose"),
    ),
    (
        "affine_dw_swapped_product",
        L,
        "dw = x.reshape(x.shape[0], -1).T @ dout",
        "dw = dout.T @ x.reshape(x.shape[0], -1)",
        "affine_backward",
        ("transpose",),
    ),
    (
        "relu_returns_mask",
        L,
        "out = np.maximum(x, 0)",
        "out = (x > 0).astype(x.dtype)",
        "relu_forward",
        ("positive", "unchanged"),
    ),
    (
        "softmax_divide_by_c",
        L,
        "    dx /= N\n    # END SOLUTION\n    return loss, dx\n\n\ndef svm",
        "    dx /= x.shape[1]\n    # END SOLUTION\n    return loss, dx\n\n\ndef svm",
        "softmax_loss",
        ("divided by N",),
    ),
    (
        "svm_margin_reversed",
        L,
        "margins = np.maximum(0, x - correct + 1.0)",
        "margins = np.maximum(0, correct - x + 1.0)",
        "svm_loss",
        ("score - correct",),
    ),
    (
        "momentum_stores_next_w",
        OPT,
        '    config["velocity"] = v\n',
        '    config["velocity"] = next_w\n',
        "sgd_momentum",
        ("store the new",),
    ),
    (
        "adam_v_abs",
        OPT,
        'config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)',
        'config["v"] = beta2 * config["v"] + (1 - beta2) * np.abs(dw)',
        "adam",
        ("squared gradient",),
    ),
    (
        "fc_gamma_zeros",
        F,
        'self.params[f"gamma{i}"] = np.ones(fan_out)',
        'self.params[f"gamma{i}"] = np.zeros(fan_out)',
        "FullyConnectedNet.__init__[batchnorm]",
        ("gamma must start at ones",),
    ),
    (
        "bn_alt_dbeta_mean",
        L,
        "    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout "
        "* gamma\n    dx = inv_std",
        "    dbeta = dout.mean(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout "
        "* gamma\n    dx = inv_std",
        "batchnorm_backward_alt",
        ("N times too small",),
    ),
    (
        "ln_bwd_dgamma_axis1",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    # Per example",
        "    dgamma = (dout * x_hat).sum(axis=1)\n    # Per example",
        "layernorm_backward",
        ("axis 0",),
    ),
    (
        "dropout_bwd_mask_only",
        L,
        "    dx = dout * mask\n",
        "    dx = mask\n",
        "dropout_backward",
        ("dout",),
    ),
    (
        "conv_size_without_pad",
        L,
        "H_out = 1 + (H + 2 * pad - HH) // stride\n    W_out = 1 + "
        "(W + 2 * pad - WW) // stride\n    x_pad",
        "H_out = 1 + (H - HH) // stride\n    W_out = 1 + (W - WW) // stride\n    x_pad",
        "conv_forward_naive",
        ("pad",),
    ),
    (
        "pool_bwd_cols_by_ph",
        L,
        "cols = j * stride + first_max % pw",
        "cols = j * stride + first_max % ph",
        "max_pool_backward_naive",
        ("pool_width",),
    ),
    (
        "gn_xhat_scrambled",
        L,
        "x_hat = x_hat_groups.reshape(N, C, H, W)",
        "x_hat = x_hat_groups.reshape(N, H, W, C).transpose(0, 3, 1, 2)",
        "spatial_groupnorm_forward",
        ("per group",),
    ),
    (
        "cnn_reg_square_of_sum",
        C,
        "loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)",
        "loss += 0.5 * self.reg * np.sum(self.params[name]) ** 2",
        "ThreeLayerConvNet.loss",
        ("squared weights",),
    ),
    (
        "sbn_rows_scrambled",
        L,
        "x_rows = x.transpose(0, 2, 3, 1).reshape(-1, C)  # one row",
        "x_rows = x.transpose(0, 2, 3, 1).reshape(C, -1).T  # one row",
        "spatial_batchnorm_forward",
        ("per channel",),
    ),
]

# Entries of the first set that turned out not to be mistakes the local checks flag: they
# pass (a difference below the tolerance, zero biases hide their regularization, a no-op) or
# do not run (a name the function does not have). They are left out of the score.
NOT_FLAGGED = {
    "rmsprop_eps_inside": "within the tolerance",
    "dropout_bwd_times_p": "NameError: p is not defined in dropout_backward",
    "cnn_reg_biases": "the local check's biases are zero, so their penalty is 0",
    "svm_loss_no_zero_correct_grad": "the same result (the correct class's margin is 0)",
}


def score(entries, verbose=True):
    """Run each mistake through the local grader; returns (right, total, misses)."""
    import sys
    import tempfile
    from pathlib import Path

    import pytest

    sys.path.insert(0, str(Path(__file__).parent))
    import test_diagnose_corpus as harness

    right, misses = 0, []
    entries = [e for e in entries if e[0] not in NOT_FLAGGED]
    for mistake_id, file, old, new, check, causes in entries:
        patch = pytest.MonkeyPatch()
        try:
            result = harness.run_mutation(patch, Path(tempfile.mkdtemp()), file, old, new, check)
        finally:
            patch.undo()
        named = any(c in h for h in result.hints for c in causes)
        right += named
        if not named:
            misses.append(mistake_id)
        if verbose:
            print(f"[{'right' if named else 'MISS '}] {mistake_id}")
            print(harness.report(result).rstrip()[:600])
    return right, len(entries), misses


def main():
    for title, entries in (
        ("first", HELD_OUT),
        ("second", HELD_OUT_2),
        ("third", HELD_OUT_3),
        ("fourth", HELD_OUT_4),
    ):
        right, total, _ = score(entries)
        print(f"\n{title} held-out set: {right}/{total} get a hint naming the right cause\n")


def _unused():
    import sys
    import tempfile
    from pathlib import Path

    import pytest

    sys.path.insert(0, str(Path(__file__).parent))
    import test_diagnose_corpus as harness

    right = 0
    for mistake_id, file, old, new, check, causes in HELD_OUT:
        patch = pytest.MonkeyPatch()
        try:
            result = harness.run_mutation(patch, Path(tempfile.mkdtemp()), file, old, new, check)
        finally:
            patch.undo()
        named = any(c in h for h in result.hints for c in causes)
        right += named
        print(f"[{'right' if named else 'MISS '}] {mistake_id}")
        print(harness.report(result).rstrip()[:600])
    print(f"\n{right}/{len(HELD_OUT)} held-out mistakes get a hint naming the right cause")


if __name__ == "__main__":
    main()
