"""A corpus of realistic mistakes in the student files, each with the hint it must get, and of
correct alternative implementations that must pass without a hint.

A mutation is ``(id, file, old, new, check, expected)``: the line ``old`` of the reference
solution in ``file`` (under cs231n/) becomes ``new``; the check named ``check`` must fail and one
of its hints must contain ``expected`` (a string, or a tuple of strings that must all appear).
"""

L, OPT, F, C = "layers.py", "optim.py", "classifiers/fc_net.py", "classifiers/cnn.py"

ALT_DX = (
    "dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))"
)
REG_GRAD = '            grads[f"W{i}"] += self.reg * W\n'
REG_LOSS = "            loss += 0.5 * self.reg * np.sum(W * W)\n" + REG_GRAD

MISTAKES = [
    # FullyConnectedNets --------------------------------------------------------------------
    (
        "affine_fwd_no_bias",
        L,
        "out = x.reshape(x.shape[0], -1) @ w + b",
        "out = x.reshape(x.shape[0], -1) @ w",
        "affine_forward",
        "the bias b is missing",
    ),
    (
        "affine_fwd_bias_twice",
        L,
        "out = x.reshape(x.shape[0], -1) @ w + b",
        "out = x.reshape(x.shape[0], -1) @ w + 2 * b",
        "affine_forward",
        "the bias b is missing",
    ),
    (
        "affine_db_mean",
        L,
        "db = dout.sum(axis=0)",
        "db = dout.mean(axis=0)",
        "affine_backward",
        ("db is N times too small", "dx and dw are right"),
    ),
    (
        "affine_db_axis1",
        L,
        "db = dout.sum(axis=0)",
        "db = dout.sum(axis=1)",
        "affine_backward",
        "not over the output axis 1",
    ),
    (
        "affine_db_no_sum",
        L,
        "db = dout.sum(axis=0)",
        "db = dout",
        "affine_backward",
        "db keeps the batch axis",
    ),
    (
        "affine_dx_no_reshape",
        L,
        "dx = (dout @ w.T).reshape(x.shape)",
        "dx = dout @ w.T",
        "affine_backward",
        "reshape it back to x.shape",
    ),
    (
        "affine_dw_over_n",
        L,
        "dw = x.reshape(x.shape[0], -1).T @ dout",
        "dw = x.reshape(x.shape[0], -1).T @ dout / x.shape[0]",
        "affine_backward",
        ("dw is N times too small", "dx and db are right"),
    ),
    (
        "affine_dw_transposed",
        L,
        "dw = x.reshape(x.shape[0], -1).T @ dout",
        "dw = (x.reshape(x.shape[0], -1).T @ dout).T",
        "affine_backward",
        "dw is transposed",
    ),
    (
        "affine_dx_sign",
        L,
        "dx = (dout @ w.T).reshape(x.shape)",
        "dx = -(dout @ w.T).reshape(x.shape)",
        "affine_backward",
        "dx has the wrong sign",
    ),
    (
        "relu_fwd_abs",
        L,
        "out = np.maximum(x, 0)",
        "out = np.abs(x)",
        "relu_forward",
        "keeps some negative inputs",
    ),
    (
        "relu_fwd_identity",
        L,
        "out = np.maximum(x, 0)",
        "out = x.copy()",
        "relu_forward",
        "keeps some negative inputs",
    ),
    (  # right on the 2-D vectors; the conv net's (N, F, H, W) activations come out flattened
        "relu_fwd_flattened",
        L,
        "out = np.maximum(x, 0)",
        "out = np.maximum(x, 0).reshape(x.shape[0], -1)",
        "relu_forward",
        "out must keep the shape of x",
    ),
    (
        "relu_bwd_no_mask",
        L,
        "dx = dout * (x > 0)",
        "dx = dout",
        "relu_backward",
        "dx is dout itself",
    ),
    (
        "relu_bwd_wrong_mask",
        L,
        "dx = dout * (x > 0)",
        "dx = dout * (x < 0)",
        "relu_backward",
        "opposite mask",
    ),
    (
        "softmax_no_mean",
        L,
        "loss = -log_probs[np.arange(N), y].mean()",
        "loss = -log_probs[np.arange(N), y].sum()",
        "softmax_loss",
        "average it over the N",
    ),
    (
        "softmax_dx_no_div",
        L,
        "    dx /= N\n    # END SOLUTION\n    return loss, dx\n\n\ndef svm",
        "    # END SOLUTION\n    return loss, dx\n\n\ndef svm",
        "softmax_loss",
        "dx is N times too large",
    ),
    (
        "softmax_no_minus_one",
        L,
        "    dx[np.arange(N), y] -= 1\n",
        "",
        "softmax_loss",
        "only at each example's correct class",
    ),
    (
        "softmax_no_shift",
        L,
        "shifted = x - x.max(axis=1, keepdims=True)",
        "shifted = x",
        "softmax_loss",
        "maximum score is subtracted",
    ),
    (
        "svm_correct_counted",
        L,
        "    margins[np.arange(N), y] = 0\n",
        "",
        "svm_loss",
        "exactly 1 too large",
    ),
    (
        "svm_no_div",
        L,
        "    loss = margins.sum() / N\n",
        "    loss = margins.sum()\n",
        "svm_loss",
        "average it over the N",
    ),
    (
        "svm_dx_correct_class",
        L,
        "dx[np.arange(N), y] -= positive.sum(axis=1)",
        "dx[np.arange(N), y] -= 1",
        "svm_loss",
        "only at each example's correct class",
    ),
    (
        "momentum_not_stored",
        OPT,
        '    config["velocity"] = v\n',
        "",
        "sgd_momentum",
        "still holds the old velocity",
    ),
    (
        "rmsprop_not_stored",
        OPT,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + '
        'config["epsilon"])',
        '    cache = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])',
        "rmsprop",
        "still holds the old cache",
    ),
    ("adam_t_not_incremented", OPT, '    config["t"] += 1\n', "", "adam", "config['t']"),
    (
        "adam_v_not_squared",
        OPT,
        'config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)',
        'config["v"] = beta2 * config["v"] + (1 - beta2) * dw',
        "adam",
        "check that it averages the squared gradient",
    ),
    (
        "fc_init_no_scale",
        F,
        'self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)',
        'self.params[f"W{i}"] = np.random.randn(fan_in, fan_out)',
        "FullyConnectedNet.__init__",
        "standard deviation is not weight_scale",
    ),
    (
        "fc_init_uniform",
        F,
        'self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)',
        'self.params[f"W{i}"] = weight_scale * np.random.rand(fan_in, fan_out)',
        "FullyConnectedNet.__init__",
        "not centered on 0",
    ),
    (
        "fc_reg_twice",
        F,
        REG_LOSS,
        REG_LOSS.replace("0.5 * ", ""),
        "FullyConnectedNet.loss",
        "regularization term is twice too large",
    ),
    (
        "fc_reg_grad_missing",
        F,
        '            grads[f"W{i}"] += self.reg * W\n',
        "",
        "FullyConnectedNet.loss",
        "only the case with regularization is wrong",
    ),
    (
        "fc_reg_missing",
        F,
        REG_LOSS,
        REG_GRAD,
        "FullyConnectedNet.loss",
        "regularization term is missing",
    ),
    # BatchNormalization -------------------------------------------------------------------
    (
        "bn_unbiased_var",
        L,
        "        var = x.var(axis=0)\n",
        "        var = x.var(axis=0, ddof=1)\n",
        "batchnorm_forward",
        "unbiased",
    ),
    (
        "bn_running_not_stored",
        L,
        '    bn_param["running_mean"] = running_mean\n',
        "",
        "batchnorm_forward",
        "bn_param['running_mean'] is not updated",
    ),
    (
        "bn_momentum_swapped",
        L,
        "running_mean = momentum * running_mean + (1 - momentum) * mean",
        "running_mean = (1 - momentum) * running_mean + momentum * mean",
        "batchnorm_forward",
        "bn_param['running_mean'] has momentum and 1 - momentum swapped",
    ),
    (
        "bn_test_uses_batch",
        L,
        "out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
        "out = gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta",
        "batchnorm_forward",
        "test mode must normalize with",
    ),
    (
        "bn_bwd_no_dmean",
        L,
        "    dx = dxc + dmean / N  # mean = sum(x) / N\n",
        "    dx = dxc\n",
        "batchnorm_backward",
        ("the term of dx through the batch mean", "is missing", "dx is wrong"),
    ),
    (
        "bn_bwd_dbeta_no_sum",
        L,
        "    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout "
        "* gamma\n    dxc",
        "    dbeta = dout\n    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n"
        "    dxc",
        "batchnorm_backward",
        "dbeta keeps the batch axis",
    ),
    (
        "bn_alt_no_gamma",
        L,
        "    dx_hat = dout * gamma\n    dx = inv_std / N",
        "    dx_hat = dout\n    dx = inv_std / N",
        "batchnorm_backward_alt",
        ("dx is what the backward pass gives without gamma", "dgamma and dbeta are right"),
    ),
    (
        "bn_alt_missing_sum_term",
        L,
        ALT_DX,
        ALT_DX.replace(" - dx_hat.sum(axis=0)", ""),
        "batchnorm_backward_alt",
        "the term of dx through the batch mean (the same for every entry of a feature) is missing",
    ),
    (
        "bn_alt_no_div_n",
        L,
        ALT_DX,
        ALT_DX.replace("inv_std / N *", "inv_std *"),
        "batchnorm_backward_alt",
        "dx is N times too large",
    ),
    (
        "ln_unbiased_var",
        L,
        "inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)",
        "inv_std = 1.0 / np.sqrt(x.var(axis=1, ddof=1, keepdims=True) + eps)",
        "layernorm_forward",
        "divided by D-1",
    ),
    (
        "ln_wrong_axis",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n    inv_std = 1.0 / np.sqrt("
        "x.var(axis=1, keepdims=True) + eps)",
        "    mean = x.mean(axis=0, keepdims=True)\n    inv_std = 1.0 / np.sqrt("
        "x.var(axis=0, keepdims=True) + eps)",
        "layernorm_forward",
        "each example (row, axis 1)",
    ),
    (
        "ln_bwd_dgamma_no_sum",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    # Per example",
        "    dgamma = dout * x_hat\n    # Per example",
        "layernorm_backward",
        "dgamma keeps the batch axis",
    ),
    (
        "anr_bwd_swapped",
        "layer_utils.py",
        "        da, dgamma, dbeta = layernorm_backward(da, norm_cache)\n",
        "        da, dbeta, dgamma = layernorm_backward(da, norm_cache)\n",
        "affine_norm_relu_forward/backward",
        "dgamma and dbeta are wrong; dx, dw and db are right",
    ),
    (
        "fc_bn_reg_grad_missing",
        F,
        '            grads[f"W{i}"] += self.reg * W\n',
        "",
        "FullyConnectedNet.loss[batchnorm]",
        "only the case with regularization is wrong",
    ),
    # Dropout -------------------------------------------------------------------------------
    (
        "dropout_no_scale",
        L,
        "mask = (rand(*x.shape) < p).astype(x.dtype) / p",
        "mask = (rand(*x.shape) < p).astype(x.dtype)",
        "dropout_forward",
        "not scaled",
    ),
    (
        "dropout_times_p",
        L,
        "mask = (rand(*x.shape) < p).astype(x.dtype) / p",
        "mask = (rand(*x.shape) < p).astype(x.dtype) * p",
        "dropout_forward",
        "multiplied by p",
    ),
    (
        "dropout_drop_prob",
        L,
        "mask = (rand(*x.shape) < p).astype(x.dtype) / p",
        "mask = (rand(*x.shape) > p).astype(x.dtype) / p",
        "dropout_forward",
        "probability of keeping",
    ),
    (
        "dropout_test_scaled",
        L,
        "        out = x\n    cache = (dropout_param, mask)",
        "        out = x * p\n    cache = (dropout_param, mask)",
        "dropout_forward",
        "in test mode dropout returns x unchanged",
    ),
    (
        "dropout_bwd_no_mask",
        L,
        "    dx = dout * mask\n",
        "    dx = dout\n",
        "dropout_backward",
        "dx is dout unchanged",
    ),
    (
        "fc_dropout_at_test",
        F,
        '            self.dropout_param["mode"] = mode\n',
        '            self.dropout_param["mode"] = "train"\n',
        "FullyConnectedNet.loss[dropout]",
        "at test time",
    ),
    # ConvolutionalNetworks -----------------------------------------------------------------
    (
        "conv_flipped",
        L,
        "out[n, f, i, j] = np.sum(window * w[f]) + b[f]",
        "out[n, f, i, j] = np.sum(window * w[f, :, ::-1, ::-1]) + b[f]",
        "conv_forward_naive",
        "kernel flipped",
    ),
    (
        "conv_no_bias",
        L,
        "out[n, f, i, j] = np.sum(window * w[f]) + b[f]",
        "out[n, f, i, j] = np.sum(window * w[f])",
        "conv_forward_naive",
        "bias b[f]",
    ),
    (
        "conv_bwd_db_mean",
        L,
        "db = dout.sum(axis=(0, 2, 3))",
        "db = dout.mean(axis=(0, 2, 3))",
        "conv_backward_naive",
        ("db is", "dx and dw are right"),
    ),
    (
        "conv_bwd_db_axis",
        L,
        "db = dout.sum(axis=(0, 2, 3))",
        "db = dout.sum(axis=(2, 3))",
        "conv_backward_naive",
        "one entry per filter",
    ),
    (
        "conv_bwd_dw_flipped",
        L,
        "dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]",
        "dw[f] += x_pad[n, :, rows, cols][:, ::-1, ::-1] * dout[n, f, i, j]",
        "conv_backward_naive",
        "dw is flipped",
    ),
    (
        "conv_bwd_crop",
        L,
        "dx = dx_pad[:, :, pad : pad + H, pad : pad + W]",
        "dx = dx_pad[:, :, :H, :W]",
        "conv_backward_naive",
        "dx is wrong; dw and db are right",
    ),
    (
        "conv_bwd_crop_to_minus_pad",
        L,
        "dx = dx_pad[:, :, pad : pad + H, pad : pad + W]",
        "dx = dx_pad[:, :, pad:-pad, pad:-pad]",
        "conv_backward_naive",
        ("it is empty in height and width", "pad:-pad is then 0:0"),
    ),
    (
        "pool_bwd_overwrite",
        L,
        "dx[n_idx, c_idx, rows, cols] += dout[:, :, i, j]",
        "dx[n_idx, c_idx, rows, cols] = dout[:, :, i, j]",
        "max_pool_backward_naive",
        "only the case with overlapping",
    ),
    (
        "pool_fwd_mean",
        L,
        "out[:, :, i, j] = window.max(axis=(2, 3))",
        "out[:, :, i, j] = window.mean(axis=(2, 3))",
        "max_pool_forward_naive",
        "out is each window's mean, not its maximum",
    ),
    (
        "sbn_no_transpose",
        L,
        "x_rows = x.transpose(0, 2, 3, 1).reshape(-1, C)  # one row",
        "x_rows = x.reshape(-1, C)  # one row",
        "spatial_batchnorm_forward",
        "per channel",
    ),
    (
        "gn_gamma_before",
        L,
        "    out = gamma * x_hat + beta\n    cache = (x_hat, gamma, ln_cache)",
        "    out = x_hat + beta\n    cache = (x_hat, gamma, ln_cache)",
        "spatial_groupnorm_forward",
        "gamma and beta are not applied right",
    ),
    (
        "cnn_reg_twice",
        C,
        "            loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)\n",
        "            loss += self.reg * np.sum(self.params[name] ** 2)\n",
        "ThreeLayerConvNet.loss",
        "regularization term is twice too large",
    ),
    (
        "cnn_init_no_scale",
        C,
        'self.params["W2"] = weight_scale * np.random.randn(pooled_size, hidden_dim)',
        'self.params["W2"] = np.random.randn(pooled_size, hidden_dim)',
        "ThreeLayerConvNet.__init__",
        "standard deviation is not weight_scale",
    ),
    # Known mistakes recognized by what they give (the expected computation, transformed) ------
    (
        "conv_bwd_dw_reset_per_example",
        L,
        "    dw = np.zeros_like(w)\n    db = dout.sum(axis=(0, 2, 3))\n    for n in range(N):\n",
        "    db = dout.sum(axis=(0, 2, 3))\n"
        "    for n in range(N):\n        dw = np.zeros_like(w)\n",
        "conv_backward_naive",
        "dw holds only the last example's contribution",
    ),
    (  # also in the first held-out set (conv_bwd_dw_overwrite), which it was missing
        "conv_bwd_dw_overwrite",
        L,
        "dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]",
        "dw[f] = x_pad[n, :, rows, cols] * dout[n, f, i, j]",
        "conv_backward_naive",
        "dw holds only the last window's contribution",
    ),
    (  # also in the third held-out set (conv_bwd_dx_flipped), which it was missing
        "conv_bwd_dx_flipped_kernel",
        L,
        "dx_pad[n, :, rows, cols] += w[f] * dout[n, f, i, j]",
        "dx_pad[n, :, rows, cols] += w[f, :, ::-1, ::-1] * dout[n, f, i, j]",
        "conv_backward_naive",
        "dx is what a flipped kernel gives",
    ),
    (
        "bn_std_as_variance",
        L,
        "inv_std = 1.0 / np.sqrt(var + eps)",
        "inv_std = 1.0 / np.sqrt(np.sqrt(var) + eps)",
        "batchnorm_forward",
        "the standard deviation was used where the variance belongs",
    ),
    (
        "ln_variance_no_sqrt",
        L,
        "inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)",
        "inv_std = 1.0 / (x.var(axis=1, keepdims=True) + eps)",
        "layernorm_forward",
        "the square root of the variance (plus eps) is missing",
    ),
    (
        "ln_gamma_beta_swapped",
        L,
        "    out = gamma * x_hat + beta\n    cache = (x_hat, inv_std, gamma)",
        "    out = beta * x_hat + gamma\n    cache = (x_hat, inv_std, gamma)",
        "layernorm_forward",
        "gamma and beta swapped",
    ),
    (
        "bn_running_var_of_std",
        L,
        "running_var = momentum * running_var + (1 - momentum) * var",
        "running_var = momentum * running_var + (1 - momentum) * np.sqrt(var)",
        "batchnorm_forward",
        "averages the batch's standard deviation",
    ),
    (
        "bn_running_var_momentum_swapped",
        L,
        "running_var = momentum * running_var + (1 - momentum) * var",
        "running_var = (1 - momentum) * running_var + momentum * var",
        "batchnorm_forward",
        "momentum and 1 - momentum swapped",
    ),
    (
        "relu_bwd_mask_only",
        L,
        "dx = dout * (x > 0)",
        "dx = (x > 0).astype(dout.dtype)",
        "relu_backward",
        "the local gradient (the mask) alone",
    ),
    (
        "momentum_no_gradient",
        OPT,
        'v = config["momentum"] * v - config["learning_rate"] * dw',
        'v = config["momentum"] * v',
        "sgd_momentum",
        "the gradient term is missing from the new velocity",
    ),
    (
        "rmsprop_decay_swapped",
        OPT,
        'config["cache"] = decay * config["cache"] + (1 - decay) * dw**2',
        'config["cache"] = (1 - decay) * config["cache"] + decay * dw**2',
        "rmsprop",
        "decay_rate and 1 - decay_rate swapped",
    ),
    (
        "adam_beta1_swapped",
        OPT,
        'config["m"] = beta1 * config["m"] + (1 - beta1) * dw',
        'config["m"] = (1 - beta1) * config["m"] + beta1 * dw',
        "adam",
        "config['m'] has its two weights swapped",
    ),
    (
        "fc_reg_grad_doubled",
        F,
        REG_GRAD,
        REG_GRAD.replace("self.reg * W", "2 * self.reg * W"),
        "FullyConnectedNet.loss",
        "more regularization gradient than the loss's term gives",
    ),
    (
        "svm_dx_divided_by_classes",
        L,
        "    dx /= N\n    # END SOLUTION\n    return loss, dx\n\n\n# ---",
        "    dx /= x.shape[1]\n    # END SOLUTION\n    return loss, dx\n\n\n# ---",
        "svm_loss",
        "dx is divided by the number of classes C",
    ),
    (
        "svm_delta_two",
        L,
        "margins = np.maximum(0, x - correct + 1.0)",
        "margins = np.maximum(0, x - correct + 2.0)",
        "svm_loss",
        "every margin is 1 too large",
    ),
    (
        "momentum_step_backwards",
        OPT,
        "next_w = w + v",
        "next_w = w - v",
        "sgd_momentum",
        "next_w moves the wrong way",
    ),
    (
        "cnn_reg_grad_halved",
        C,
        "grads[name] += self.reg * self.params[name]",
        "grads[name] += 0.5 * self.reg * self.params[name]",
        "ThreeLayerConvNet.loss",
        "its regularization gradient is half of what the loss's term gives",
    ),
    (
        "dropout_mask_not_cached",
        L,
        "cache = (dropout_param, mask)",
        "cache = (dropout_param, None)",
        "dropout_backward",
        "mask is None: it comes from cache, which holds None in that place; dropout_forward",
    ),
    (
        "bn_bwd_no_variance_term",
        L,
        "    dxc += dvar * 2 * xc / N  # var = sum(xc**2) / N\n",
        "",
        "batchnorm_backward",
        "the term of dx through the batch variance (a multiple of x_hat for each feature) is "
        "missing",
    ),
    (
        "bn_bwd_inv_std_power",
        L,
        "dvar = dinv_std * -0.5 * inv_std**3",
        "dvar = dinv_std * -0.5 * inv_std**2",
        "batchnorm_backward",
        "a factor inv_std is missing",
    ),
    (
        "ln_bwd_variance_term_dropped",
        L,
        ALT_DX,
        ALT_DX.replace(" - x_hat * (dx_hat * x_hat).sum(axis=0)", ""),
        "layernorm_backward",
        "the term of dx through each example's variance",
    ),
    (
        "fc_backward_skips_first_layer",
        F,
        "for i in range(L - 1, 0, -1):",
        "for i in range(L - 1, 1, -1):",
        "FullyConnectedNet.loss",
        "grads needs an entry for every parameter",
    ),
    (
        "gn_bwd_dgamma_without_x_hat",
        L,
        "dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)",
        "dgamma = dout.sum(axis=(0, 2, 3), keepdims=True)",
        "spatial_groupnorm_backward",
        "dgamma is the sum of dout alone",
    ),
    (
        "conv_out_size_ignores_stride",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n",
        "    H_out = 1 + (H + 2 * pad - HH)\n",
        "conv_forward_naive",
        "check the output size, the stride, the padding",
    ),
    (
        "conv_out_width_without_pad",
        L,
        "    W_out = 1 + (W + 2 * pad - WW) // stride\n",
        "    W_out = 1 + (W - WW) // stride\n",
        "conv_forward_naive",
        "what the output size without the padding gives",
    ),
    (
        "pool_out_size_without_window",
        L,
        "    H_out = 1 + (H - ph) // stride\n",
        "    H_out = (H - ph) // stride\n",
        "max_pool_forward_naive",
        "without its 1 +",
    ),
    (  # also in the third held-out set (sbn_bwd_rows_unordered), which it was missing
        "sbn_bwd_dout_rows_unordered",
        L,
        "dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)",
        "dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout.reshape(-1, C), cache)",
        "spatial_batchnorm_backward",
        "without first moving the channel axis last",
    ),
    (
        "bn_test_without_gamma",
        L,
        "out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
        "out = (x - running_mean) / np.sqrt(running_var + eps) + beta",
        "batchnorm_forward",
        "test-mode out lacks the scaling by gamma",
    ),
    (
        "momentum_without_momentum",
        OPT,
        'v = config["momentum"] * v - config["learning_rate"] * dw',
        'v = v - config["learning_rate"] * dw',
        "sgd_momentum",
        "a multiple of the old velocity",
    ),
    (
        "conv_bwd_dw_without_dout",
        L,
        "dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]",
        "dw[f] += x_pad[n, :, rows, cols]",
        "conv_backward_naive",
        "dw leaves dout out",
    ),
    (
        "two_layer_reg_term_missing",
        F,
        '        for name in ("W1", "W2"):\n            W = self.params[name]\n'
        "            loss += 0.5 * self.reg * np.sum(W * W)\n",
        '        for name in ("W1", "W2"):\n            W = self.params[name]\n',
        "TwoLayerNet.loss",
        "the loss lacks the regularization term",
    ),
    # Exceptions, key lists and state not written back (cs231n.exception_hints) -------------
    (
        "relu_fwd_builtin_max",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = max(0, x)\n",
        "relu_forward",
        "Python's built-in max compares two whole objects",
    ),
    (
        "relu_fwd_if_on_array",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = x if x > 0 else 0 * x\n",
        "relu_forward",
        "got an array as its condition",
    ),
    (
        "pool_fwd_float_output_size",
        L,
        "    H_out = 1 + (H - ph) // stride\n",
        "    H_out = 1 + (H - ph) / stride\n",
        "max_pool_forward_naive",
        ("H_out is a float", "computed with /"),
    ),
    (
        "two_layer_loss_affine_cache_to_affine_relu_backward",
        F,
        "hidden, hidden_cache = affine_relu_forward(X, ",
        "hidden, hidden_cache = affine_forward(X, ",
        "TwoLayerNet.loss",
        "affine_relu_backward got hidden_cache, a cache of 3 items, and unpacks 2",
    ),
    (
        "affine_bwd_dx_w_not_transposed",
        L,
        "    dx = (dout @ w.T).reshape(x.shape)\n",
        "    dx = (dout @ w).reshape(x.shape)\n",
        "affine_backward",
        ("in dout @ w, dout has shape", "needs dout's last axis"),
    ),
    (
        "ln_fwd_mean_without_keepdims",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n",
        "    mean = x.mean(axis=1)\n",
        "layernorm_forward",
        ("x has shape", "and mean has shape", "they disagree in axis 1", "keepdims=True"),
    ),
    (
        "fc_loss_backward_takes_caches_from_the_front",
        F,
        "            cache, dropout_cache = caches[i - 1]\n",
        "            cache, dropout_cache = caches[L - 1 - i]\n",
        "FullyConnectedNet.loss",
        "the backward pass goes through the layers in reverse order",
    ),
    (
        "fc_loss_last_bn_param_for_every_layer",
        F,
        "                self.bn_params[i - 1] if self.bn_params else None,\n",
        "                self.bn_params[-1] if self.bn_params else None,\n",
        "FullyConnectedNet.loss[batchnorm]",
        "each normalized layer needs its own bn_param",
    ),
    (
        "fc_init_normalizes_the_last_layer",
        F,
        "            if normalization is not None and i < self.num_layers:\n",
        "            if normalization is not None:\n",
        "FullyConnectedNet.__init__[batchnorm]",
        "gamma3/beta3 should not exist: the last affine layer",
    ),
    (
        "fc_init_dims_without_classes",
        F,
        "        dims = [input_dim, *hidden_dims, num_classes]\n",
        "        dims = [input_dim, *hidden_dims]\n",
        "FullyConnectedNet.__init__",
        "dims[i]: the index is 3, but dims is a list of 3 entries (indices 0 to 2)",
    ),
    (
        "fc_init_one_layer_per_hidden_dim",
        F,
        "        for i in range(1, self.num_layers + 1):\n",
        "        for i in range(1, len(hidden_dims) + 1):\n",
        "FullyConnectedNet.__init__",
        "W3 and b3 missing: the net has len(hidden_dims) + 1 = 3 affine layers",
    ),
    (
        "fc_loss_grads_without_beta",
        F,
        '            names = ["W", "b"] + (["gamma", "beta"] if self.normalization else [])\n',
        '            names = ["W", "b"] + (["gamma"] if self.normalization else [])\n',
        "FullyConnectedNet.loss[layernorm]",
        "grads has no beta1 and beta2: every parameter in self.params needs a gradient",
    ),
    # Added with the hints of issue 20's second round (hintsy) --------------------------------
    (
        "rmsprop_step_before_cache_update",
        OPT,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + '
        'config["epsilon"])\n',
        '    denominator = np.sqrt(config["cache"]) + config["epsilon"]\n'
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / denominator\n',
        "rmsprop",
        "a step with the cache from before this call",
    ),
    (
        "rmsprop_step_without_root",
        OPT,
        '(np.sqrt(config["cache"]) + config["epsilon"])',
        '(np.abs(config["cache"]) + config["epsilon"])',
        "rmsprop",
        "dividing by the cache itself",
    ),
    (
        "ln_fwd_scaled_not_centered",
        L,
        "    x_hat = (x - mean) * inv_std\n"
        "    out = gamma * x_hat + beta\n    cache = (x_hat, inv_std",
        "    x_hat = x / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n"
        "    out = gamma * x_hat + beta\n    cache = (x_hat, inv_std",
        "layernorm_forward",
        "out is not centered",
    ),
    (
        "bn_fwd_running_stats_per_example",
        L,
        "        mean = x.mean(axis=0)\n        var = x.var(axis=0)\n",
        "        mean = x.mean(axis=1, keepdims=True)\n"
        "        var = x.var(axis=1, keepdims=True)\n",
        "batchnorm_forward",
        "one entry per feature",
    ),
    (
        "bn_fwd_not_centered",
        L,
        "        x_hat = (x - mean) * inv_std\n",
        "        x_hat = x * inv_std\n",
        "batchnorm_forward",
        "out is not centered",
    ),
    (
        "bn_fwd_normalizes_rows",
        L,
        "        x_hat = (x - mean) * inv_std\n",
        "        rows = x - x.mean(axis=1, keepdims=True)\n"
        "        x_hat = rows / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n",
        "batchnorm_forward",
        "out is normalized per example",
    ),
    (
        "spatial_bn_bwd_back_to_nchw_swapped",
        L,
        "    dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 2, 1)\n",
        "spatial_batchnorm_backward",
        ("expected (2, 6, 4, 5)", "put it back at axis 1"),
    ),
    (
        "spatial_bn_fwd_channels_left_last",
        L,
        "    out = out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    out = out_rows.reshape(N, H, W, C)\n",
        "spatial_batchnorm_forward",
        "its axes are in the wrong order",
    ),
    (
        "fc_init_bias_column",
        F,
        '            self.params[f"b{i}"] = np.zeros(fan_out)\n',
        '            self.params[f"b{i}"] = np.zeros((fan_out, 1))\n',
        "FullyConnectedNet.__init__",
        "a bias is one-dimensional",
    ),
    (
        "fc_init_weights_transposed",
        F,
        'self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)',
        'self.params[f"W{i}"] = weight_scale * np.random.randn(fan_out, fan_in)',
        "FullyConnectedNet.__init__",
        "params['W1'] is transposed: its shape is (100, 120), expected (120, 100)",
    ),
    (
        "fc_init_bn_gamma_of_input_width",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.ones(fan_in)\n',
        "FullyConnectedNet.__init__[batchnorm]",
        "the layer's width, not its input size",
    ),
    (
        "conv_net_init_filters_channel_first",
        C,
        "np.random.randn(num_filters, C, filter_size, filter_size)",
        "np.random.randn(C, num_filters, filter_size, filter_size)",
        "ThreeLayerConvNet.__init__",
        "W1's axes are in the wrong order",
    ),
    (
        "svm_margin_without_delta",
        L,
        "    margins = np.maximum(0, x - correct + 1.0)\n",
        "    margins = np.maximum(x - correct, 0.0)\n",
        "svm_loss",
        "margins without the delta of 1",
    ),
    (
        "svm_hinge_without_max",
        L,
        "    margins = np.maximum(0, x - correct + 1.0)\n",
        "    margins = 1.0 + x - correct\n",
        "svm_loss",
        ("negative ones included", "check dx again once the loss is right"),
    ),
    (
        "softmax_normalized_per_class",
        L,
        "np.log(np.exp(shifted).sum(axis=1, keepdims=True))",
        "np.log(np.exp(shifted).sum(axis=0))",
        "softmax_loss",
        "normalized over the batch (axis 0)",
    ),
    (
        "softmax_every_label",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = -np.mean(log_probs[:, y])\n",
        "softmax_loss",
        "row i at its own correct class",
    ),
    (
        "two_layer_no_relu",
        F,
        '        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)\n',
        "        dhidden = dhidden * (hidden >= 0)  # the mask of the ReLU's output: always 1\n"
        '        _, grads["W1"], grads["b1"] = affine_backward(dhidden, hidden_cache[0])\n',
        "TwoLayerNet.loss",
        "only the case where some hidden units are inactive",
    ),
    (
        "two_layer_reg_replaces_loss",
        F,
        "            loss += 0.5 * self.reg * np.sum(W * W)\n"
        "            grads[name] += self.reg * W\n"
        "        # END SOLUTION\n        return loss, grads\n\n\nclass",
        "            loss = 0.5 * self.reg * np.sum(W * W)\n"
        "            grads[name] += self.reg * W\n"
        "        # END SOLUTION\n        return loss, grads\n\n\nclass",
        "TwoLayerNet.loss",
        "the loss is the regularization term alone",
    ),
    (
        "groupnorm_fwd_back_in_channels_last_order",
        L,
        "    x_hat = x_hat_groups.reshape(N, C, H, W)\n",
        "    x_hat = x_hat_groups.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "spatial_groupnorm_forward",
        "put back in x's order",
    ),
    (
        "groupnorm_fwd_groups_of_transposed_images",
        L,
        "    groups = x.reshape(N * G, -1)\n",
        "    groups = x.transpose(0, 1, 3, 2).reshape(N * G, -1)\n",
        "spatial_groupnorm_forward",
        "not in the places of the inputs they come from",
    ),
    (
        "conv_fwd_size_without_pad",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n",
        "    H_out = 1 + (H - HH) // stride\n",
        "conv_forward_naive",
        "what the output size without the padding gives",
    ),
    (
        "conv_fwd_sizes_without_one",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n"
        "    W_out = 1 + (W + 2 * pad - WW) // stride\n",
        "    H_out = (H + 2 * pad - HH) // stride\n    W_out = (W + 2 * pad - WW) // stride\n",
        "conv_forward_naive",
        "what the output size without its 1 + gives",
    ),
    (
        "conv_fwd_sizes_padded_once",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n"
        "    W_out = 1 + (W + 2 * pad - WW) // stride\n",
        "    H_out = 1 + (H + pad - HH) // stride\n    W_out = 1 + (W + pad - WW) // stride\n",
        "conv_forward_naive",
        "padding on one side only",
    ),
    (
        "pool_fwd_sizes_swapped",
        L,
        "    H_out = 1 + (H - ph) // stride\n    W_out = 1 + (W - pw) // stride\n",
        "    H_out = 1 + (H - pw) // stride\n    W_out = 1 + (W - ph) // stride\n",
        "max_pool_forward_naive",
        "pool_height and pool_width are swapped",
    ),
    (
        "bn_bwd_dgamma_from_centered_x",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n    dxc =",
        "    dgamma = np.sum(dout * x_hat / inv_std, axis=0)\n    dx_hat = dout * gamma\n    dxc =",
        "batchnorm_backward",
        "dgamma is what x - mean gives in place of x_hat",
    ),
    (
        "fc_bn_gamma_beta_grads_swapped",
        F,
        '(["gamma", "beta"] if self.normalization else [])',
        '(["beta", "gamma"] if self.normalization else [])',
        "FullyConnectedNet.loss[batchnorm]",
        "dbeta1 and dgamma1 are swapped, and so are dbeta2 and dgamma2",
    ),
    (
        "momentum_velocity_scaled_again",
        OPT,
        "    next_w = w + v\n",
        '    next_w = w + v * config["learning_rate"]\n',
        "sgd_momentum",
        "the velocity already holds the learning rate",
    ),
    (
        "spatial_bn_fwd_fresh_param_dict",
        L,
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, dict(bn_param))\n",
        "spatial_batchnorm_forward",
        "hand that same dict to batchnorm_forward",
    ),
    (
        "conv_bwd_db_averaged",
        L,
        "    db = dout.sum(axis=(0, 2, 3))\n",
        "    db = np.mean(dout, axis=(0, 2, 3))\n",
        "conv_backward_naive",
        "db is N * H_out * W_out times too small",
    ),
    (
        "affine_db_row",
        L,
        "db = dout.sum(axis=0)",
        "db = np.sum(dout, axis=0, keepdims=True)",
        "affine_backward",
        "an extra axis of length 1 (a sum that keeps the summed axis",
    ),
    (
        "pool_fwd_window_of_stride_size",
        L,
        "            window = x[:, :, i * stride : i * stride + ph, "
        "j * stride : j * stride + pw]\n            out[:, :, i, j]",
        "            window = x[:, :, i * stride : (i + 1) * stride, "
        "j * stride : (j + 1) * stride]\n            out[:, :, i, j]",
        "max_pool_forward_naive",
        "its size (pool_height x pool_width)",
    ),
    # Set C's classes (issue 20): mistakes of the kinds set C found, in other functions or forms
    (
        "fc_loss_relu_after_last_layer",
        F,
        "        scores, scores_cache = affine_forward(hidden,"
        ' self.params[f"W{L}"], self.params[f"b{L}"])\n'
        "        # END SOLUTION\n"
        "\n"
        "        if y is None:\n"
        "            return scores\n"
        "\n"
        "        # TODO: Backward pass: softmax loss plus 0.5 * reg *"
        " sum(W**2) over all weight matrices,\n"
        "        # and the gradient of every parameter in grads (same keys as self.params).\n"
        "        # BEGIN SOLUTION\n"
        "        grads = {}\n"
        "        loss, dout = softmax_loss(scores, y)\n"
        '        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, scores_cache)\n',
        "        scores, scores_cache = affine_relu_forward(\n"
        '            hidden, self.params[f"W{L}"], self.params[f"b{L}"]\n'
        "        )\n"
        "        # END SOLUTION\n"
        "\n"
        "        if y is None:\n"
        "            return scores\n"
        "\n"
        "        # TODO: Backward pass: softmax loss plus 0.5 * reg *"
        " sum(W**2) over all weight matrices,\n"
        "        # and the gradient of every parameter in grads (same keys as self.params).\n"
        "        # BEGIN SOLUTION\n"
        "        grads = {}\n"
        "        loss, dout = softmax_loss(scores, y)\n"
        '        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_relu_backward(dout, scores_cache)\n',
        "FullyConnectedNet.loss",
        "something follows the last affine layer",
    ),
    (
        "two_layer_scores_clipped_at_zero",
        F,
        "        scores, scores_cache = affine_forward(hidden,"
        ' self.params["W2"], self.params["b2"])\n',
        "        scores, scores_cache = affine_forward(hidden,"
        ' self.params["W2"], self.params["b2"])\n'
        "        scores = np.maximum(scores, 0)\n",
        "TwoLayerNet.loss",
        "every negative score set to 0",
    ),
    (
        "dropout_fwd_mask_redrawn_for_the_cache",
        L,
        "        out = x * mask\n",
        "        out = x * mask\n        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "dropout_forward",
        "same mask",
    ),
    (
        "dropout_fwd_one_mask_for_the_batch",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = (rand(*x.shape[1:]) < p).astype(x.dtype) / p\n",
        "dropout_forward",
        ("every example has the same units dropped", "x's full shape"),
    ),
    (
        "fc_loss_bn_param_copied_in_train_mode",
        F,
        "                self.bn_params[i - 1] if self.bn_params else None,\n",
        '                dict(self.bn_params[i - 1], mode="train") if self.bn_params else None,\n',
        "FullyConnectedNet.loss[batchnorm]",
        "at test time every bn_param's mode must be 'test'",
    ),
    (
        "softmax_probs_changed_through_dx_before_the_loss",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n"
        "    dx = np.exp(log_probs)\n"
        "    dx[np.arange(N), y] -= 1\n"
        "    dx /= N\n",
        "    probs = np.exp(log_probs)\n"
        "    dx = probs\n"
        "    dx[np.arange(N), y] -= 1\n"
        "    loss = -np.sum(np.log(probs[np.arange(N), y])) / N\n"
        "    dx /= N\n",
        "softmax_loss",
        ("where exp cannot overflow", "not a copy"),
    ),
    (
        "svm_margins_changed_through_dx_before_the_loss",
        L,
        "    loss = margins.sum() / N\n"
        "    positive = (margins > 0).astype(x.dtype)\n"
        "    dx = positive\n"
        "    dx[np.arange(N), y] -= positive.sum(axis=1)\n"
        "    dx /= N\n",
        "    dx = margins\n"
        "    dx[dx > 0] = 1\n"
        "    dx[np.arange(N), y] = -dx.sum(axis=1)\n"
        "    dx /= N\n"
        "    loss = margins.sum() / N\n",
        "svm_loss",
        "is it computed from an array changed before the loss read it",
    ),
    (
        "svm_loss_divided_by_every_entry",
        L,
        "    loss = margins.sum() / N\n",
        "    loss = margins.sum() / margins.size\n",
        "svm_loss",
        "the loss is C times too small",
    ),
    (
        "softmax_loss_divided_by_every_entry",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = -log_probs[np.arange(N), y].sum() / x.size\n",
        "softmax_loss",
        "the loss is C times too small",
    ),
    (
        "softmax_dx_divided_by_every_entry",
        L,
        "    dx /= N\n    # END SOLUTION\n    return loss, dx\n\n\ndef svm_loss",
        "    dx /= x.size\n    # END SOLUTION\n    return loss, dx\n\n\ndef svm_loss",
        "softmax_loss",
        "dx is C times too small",
    ),
    (
        "softmax_shift_by_column_max_kept",
        L,
        "    shifted = x - x.max(axis=1, keepdims=True)\n",
        "    shifted = x - np.max(x, axis=0, keepdims=True)\n",
        "softmax_loss",
        "each column's maximum (axis 0)",
    ),
    (
        "conv_net_reg_gradient_replaces_the_data_gradient",
        C,
        "            grads[name] += self.reg * self.params[name]\n",
        "            grads[name] = self.reg * self.params[name]\n",
        "ThreeLayerConvNet.loss",
        "hold only the regularization's gradient",
    ),
    (
        "two_layer_W2_gradient_only_regularization",
        F,
        '        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)\n',
        '        dhidden, _, grads["b2"] = affine_backward(dscores, scores_cache)\n'
        '        grads["W2"] = np.zeros_like(self.params["W2"])\n',
        "TwoLayerNet.loss",
        "hold only the regularization's gradient",
    ),
    (
        "adam_m_stored_bias_corrected",
        OPT,
        '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n',
        '    config["m"] = (beta1 * config["m"] + (1 - beta1) * dw) / (1 - beta1**t)\n',
        "adam",
        ("config['m'] holds the bias-corrected value", "next_w"),
    ),
    (
        "rmsprop_cache_stored_as_its_root",
        OPT,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + '
        'config["epsilon"])\n',
        '    root = np.sqrt(decay * config["cache"] + (1 - decay) * dw**2)\n'
        '    config["cache"] = root\n'
        '    next_w = w - config["learning_rate"] * dw / (root + config["epsilon"])\n',
        "rmsprop",
        "holds the square root of the running average",
    ),
    (
        "adam_v_new_term_unweighted",
        OPT,
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n',
        '    config["v"] = beta2 * config["v"] + dw * dw\n',
        "adam",
        "config['v'] adds the new term without its weight",
    ),
    (
        "sgd_momentum_velocity_updated_twice",
        OPT,
        "    next_w = w + v\n",
        '    next_w = w + v\n    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        "sgd_momentum",
        "config['velocity'] has its update applied twice",
    ),
    (
        "svm_dx_from_a_boolean_mask_in_place",
        L,
        "    positive = (margins > 0).astype(x.dtype)\n    dx = positive\n",
        "    dx = margins > 0\n    positive = dx\n",
        "svm_loss",
        ("dx is a boolean array", "astype"),
    ),
    (
        "affine_dw_from_x_with_its_axes_moved",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    dw = np.dot(np.moveaxis(x, 0, -1), dout)\n",
        "affine_backward",
        "x was not reshaped to (N, D) before the product",
    ),
    # ------------------------------------------------ hintc2: inputs changed in place (generic)
    (
        "bn_alt_dout_scaled_in_place",
        L,
        "    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n"
        "    dx_hat = dout * gamma\n    dx = inv_std / N",
        "    dx_hat = dout\n    dx_hat *= gamma\n    dbeta = dout.sum(axis=0)\n"
        "    dgamma = (dout * x_hat).sum(axis=0)\n    dx = inv_std / N",
        "batchnorm_backward_alt",
        "batchnorm_backward_alt changed its input dout in place",
    ),
    (
        "bn_bwd_cache_x_hat_divided_in_place",
        L,
        "    xc = x_hat / inv_std\n",
        "    xc = x_hat\n    xc /= inv_std\n",
        "batchnorm_backward",
        "batchnorm_backward changed an array in its input cache in place",
    ),
    # ------------------------------------------------ hintc2: conv and pool index mistakes
    (
        "pool_fwd_window_sum",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = np.sum(window, axis=(2, 3))\n",
        "max_pool_forward_naive",
        "out is each window's sum, not its maximum",
    ),
    (
        "conv_fwd_bias_indexed_by_image",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[n]\n",
        "conv_forward_naive",
        "adds the bias of index n",
    ),
    (
        "conv_fwd_window_times_every_filter",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = np.sum(window * w) + b[f]\n",
        "conv_forward_naive",
        "the window times all the filters at once",
    ),
    (
        "conv_bwd_crop_ends_pad_early",
        L,
        "    dx = dx_pad[:, :, pad : pad + H, pad : pad + W]\n",
        "    dx = dx_pad[:, :, pad : H - pad, pad : W - pad]\n",
        "conv_backward_naive",
        "ending at pad + H",
    ),
    (
        "pool_bwd_unravel_within_window",
        L,
        "            rows = i * stride + first_max // pw\n"
        "            cols = j * stride + first_max % pw\n",
        "            rows, cols = np.unravel_index(first_max, (ph, pw))\n",
        "max_pool_backward_naive",
        "not offset by the window's start",
    ),
    (
        "pool_bwd_dx_like_dout",
        L,
        "    dx = np.zeros_like(x)\n    n_idx",
        "    dx = np.zeros_like(dout)\n    n_idx",
        "max_pool_backward_naive",
        ("dx has dout's shape", "allocated with x's shape"),
    ),
    # ------------------------------------------------ hintc2: normalization
    (
        "bn_fwd_scales_raw_x",
        L,
        "        out = gamma * x_hat + beta\n",
        "        out = gamma * x + beta\n",
        "batchnorm_forward",
        "x_hat, the normalized input, is computed but not used",
    ),
    (
        "gn_fwd_scales_raw_x",
        L,
        "    out = gamma * x_hat + beta\n    cache = (x_hat, gamma, ln_cache)\n",
        "    out = gamma * x + beta\n    cache = (x_hat, gamma, ln_cache)\n",
        "spatial_groupnorm_forward",
        "x_hat, the normalized input, is computed but not used",
    ),
    (
        "ln_bwd_dx_times_gamma",
        L,
        "    dx = dx_t.T\n",
        "    dx = dx_t.T * gamma\n",
        "layernorm_backward",
        "gamma is applied twice",
    ),
    (
        "gn_bwd_gamma_left_out",
        L,
        "    dx_hat_groups = (dout * gamma).reshape(ln_cache[0].shape)\n",
        "    dx_hat_groups = dout.reshape(ln_cache[0].shape)\n",
        "spatial_groupnorm_backward",
        "dx is what the backward pass gives without gamma",
    ),
    (
        "bn_bwd_cache_order_swapped",
        L,
        "    x_hat, inv_std, gamma = cache\n    N = dout.shape[0]\n    xc",
        "    inv_std, x_hat, gamma = cache\n    N = dout.shape[0]\n    xc",
        "batchnorm_backward",
        "check the order in which the cache is unpacked",
    ),
    (
        "ln_bwd_cache_order_swapped",
        L,
        "    x_hat, inv_std, gamma = cache\n    dbeta = dout.sum(axis=0)\n",
        "    inv_std, x_hat, gamma = cache\n    dbeta = dout.sum(axis=0)\n",
        "layernorm_backward",
        "check the order in which the cache is unpacked",
    ),
    (
        "sbn_fwd_4d_x_to_batchnorm",
        L,
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        "    out_rows, cache = batchnorm_forward(x, gamma, beta, bn_param)\n",
        "spatial_batchnorm_forward",
        "move the channel axis last and reshape to (N*H*W, C) rows before the call",
    ),
    (
        "gn_bwd_4d_dout_to_layernorm",
        L,
        "    dx_groups, _, _ = layernorm_backward(dx_hat_groups, ln_cache)\n",
        "    dx_groups, _, _ = layernorm_backward(dout * gamma, ln_cache)\n",
        "spatial_groupnorm_backward",
        "spatial_groupnorm_backward hands layernorm_backward a dout of shape",
    ),
    # After set D (issue 20): Adam's step without the square root of v_hat
    (
        "adam_step_divides_by_v_hat",
        OPT,
        '    next_w = w - step_size * config["m"] / (np.sqrt(config["v"]) + config["epsilon"] '
        "* correction)\n",
        '    m_hat = config["m"] / (1 - beta1**t)\n'
        '    v_hat = config["v"] / (1 - beta2**t)\n'
        '    next_w = w - config["learning_rate"] * m_hat / (v_hat + config["epsilon"])\n',
        "adam",
        "the step divides by the square root of the bias-corrected v",
    ),
    # After set D (issue 20): TwoLayerNet's random draws in the asked order (W1, then W2)
    (
        "two_layer_init_W2_and_b2_first",
        F,
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n'
        '        self.params["b1"] = np.zeros(hidden_dim)\n'
        '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n'
        '        self.params["b2"] = np.zeros(num_classes)\n',
        '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n'
        '        self.params["b2"] = np.zeros(num_classes)\n'
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n'
        '        self.params["b1"] = np.zeros(hidden_dim)\n',
        "TwoLayerNet.__init__",
        "W2 is drawn before W1: draw W1 first, then W2 (in this order)",
    ),
    (
        "two_layer_init_W1_from_own_generator",
        F,
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n',
        "        rng = np.random.default_rng()\n"
        '        self.params["W1"] = weight_scale * rng.standard_normal((input_dim, hidden_dim))\n',
        "TwoLayerNet.__init__",
        "W1 does not hold the numbers expected in its turn from NumPy's global generator",
    ),
    # After set D (issue 20): dropout where it does not belong, the same in both passes
    (
        "fc_dropout_on_scores_at_train_time",
        F,
        "        loss, dout = softmax_loss(scores, y)\n",
        "        if self.use_dropout:\n"
        "            scores, scores_dropout_cache = dropout_forward(scores, self.dropout_param)\n"
        "        loss, dout = softmax_loss(scores, y)\n"
        "        if self.use_dropout:\n"
        "            dout = dropout_backward(dout, scores_dropout_cache)\n",
        "FullyConnectedNet.loss[dropout]",
        "dropout is applied to the scores",
    ),
    (
        "fc_dropout_on_the_input",
        F,
        "        hidden = X\n",
        "        hidden = dropout_forward(X, self.dropout_param)[0] if self.use_dropout else X\n",
        "FullyConnectedNet.loss[dropout]",
        "dropout is applied to the input X",
    ),
    # A term of the normalization's dx off by a named factor (round 2 of set E)
    (
        "bn_bwd_direct_term_divided_by_inv_std",
        L,
        "dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc",
        "dxc = dx_hat / inv_std",
        "batchnorm_backward",
        "is divided by inv_std where it is multiplied by it",
    ),
    (
        "bn_bwd_direct_term_without_inv_std",
        L,
        "dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc",
        "dxc = dx_hat.copy()",
        "batchnorm_backward",
        "lacks its factor inv_std",
    ),
    (
        "bn_alt_first_term_without_n",
        L,
        ALT_DX,
        ALT_DX.replace("(N * dx_hat", "(dx_hat"),
        "batchnorm_backward_alt",
        ("goes straight through x_hat", "is N times too small"),
    ),
    (
        "bn_bwd_dmean_averaged",
        L,
        "dmean = -dxc.sum(axis=0)  # xc = x - mean",
        "dmean = -dxc.mean(axis=0)",
        "batchnorm_backward",
        "it is divided by N twice",
    ),
    (
        "bn_bwd_dinv_std_from_x_hat",
        L,
        "dinv_std = (dx_hat * xc).sum(axis=0)  # ... and via inv_std",
        "dinv_std = (dx_hat * x_hat).sum(axis=0)",
        "batchnorm_backward",
        "it uses x_hat where x - mean belongs",
    ),
    (
        "gn_bwd_dbeta_times_gamma",
        L,
        "    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)\n",
        "    dbeta = (dout * gamma).sum(axis=(0, 2, 3), keepdims=True)\n",
        "spatial_groupnorm_backward",
        ("dbeta is the right gradient times gamma", "dx and dgamma are right"),
    ),
    (
        "ln_bwd_dgamma_times_gamma",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    # Per example",
        "    dgamma = (dout * x_hat * gamma).sum(axis=0)\n    # Per example",
        "layernorm_backward",
        "dgamma is the right gradient times gamma",
    ),
    (
        "dropout_bwd_mask_of_its_own",
        L,
        "    dx = dout * mask\n",
        "    dx = dout * (np.random.rand(*dout.shape) < dropout_param['p'])\n",
        "dropout_backward",
        "never a mask of its own",
    ),
    (
        "momentum_gradient_term_without_lr",
        OPT,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["momentum"] * v - dw\n',
        "sgd_momentum",
        "the gradient term of the velocity is learning_rate times dw",
    ),
    (
        "momentum_times_whole_update",
        OPT,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["momentum"] * (v - config["learning_rate"] * dw)\n',
        "sgd_momentum",
        "momentum multiplies only the old velocity, not the gradient term",
    ),
    (
        "two_layer_reg_loss_averaged_over_batch",
        F,
        "            grads[name] += self.reg * W\n",
        "            grads[name] += self.reg * W\n"
        "            loss -= 0.5 * self.reg * np.sum(W * W) * (1 - 1 / X.shape[0])\n",
        "TwoLayerNet.loss",
        "the loss's regularization term is divided by N (the batch size) while its gradient is not",
    ),
    (
        "two_layer_reg_grad_averaged_over_batch",
        F,
        "            grads[name] += self.reg * W\n",
        "            grads[name] += self.reg * W / X.shape[0]\n",
        "TwoLayerNet.loss",
        "its regularization gradient is divided by N (the batch size) while the loss's term",
    ),
    (
        "spatial_bn_bwd_dout_height_width_exchanged",
        L,
        "    dout_rows = dout.transpose(0, 2, 3, 1).reshape(-1, C)\n",
        "    dout_rows = dout.transpose(0, 3, 2, 1).reshape(-1, C)\n",
        "spatial_batchnorm_backward",
        "the gradients are right for a dout with its height and width axes exchanged",
    ),
    (
        "spatial_bn_bwd_dout_channels_not_moved",
        L,
        "    dout_rows = dout.transpose(0, 2, 3, 1).reshape(-1, C)\n",
        "    dout_rows = dout.reshape(-1, C)\n",
        "spatial_batchnorm_backward",
        "dx is the right gradient for a dout with its entries in other places",
    ),
    (
        "gn_fwd_each_example_one_group",
        L,
        "    groups = x.reshape(N * G, -1)\n",
        "    groups = x.reshape(N, -1)\n",
        "spatial_groupnorm_forward",
        "out is what normalizing each example as one group gives",
    ),
    (
        "gn_fwd_each_channel_its_own_group",
        L,
        "    groups = x.reshape(N * G, -1)\n",
        "    groups = x.reshape(N * C, -1)\n",
        "spatial_groupnorm_forward",
        "out is what normalizing each channel of each example on its own gives",
    ),
    (
        "softmax_dx_correct_class_columns_of_every_row",
        L,
        "    dx[np.arange(N), y] -= 1\n",
        "    dx[:, y] -= 1\n",
        "softmax_loss",
        "dx is what writing each example's correct-class term into dx[:, y] gives",
    ),
    (
        "bn_fwd_beta_as_column",
        L,
        "        x_hat = (x - mean) * inv_std\n        out = gamma * x_hat + beta\n",
        "        x_hat = (x - mean) * inv_std\n        out = gamma * x_hat + beta.reshape(-1, 1)\n",
        "batchnorm_forward",
        "makes beta, shape (3,), a column of shape (3, 1)",
    ),
    # Exceptions inside a model's loss (round 2 of set E)
    (
        "fc_bn_params_indexed_by_layer_number",
        F,
        "self.bn_params[i - 1] if self.bn_params else None,",
        "self.bn_params[i] if self.bn_params else None,",
        "FullyConnectedNet.loss[batchnorm]",
        ("the index is 2, but self.bn_params is a list of 2", "layer i's entry is at i - 1"),
    ),
    (
        "fc_every_layer_given_X",
        F,
        "            hidden, cache = affine_norm_relu_forward(\n                hidden,\n",
        "            hidden, cache = affine_norm_relu_forward(\n                X,\n",
        "FullyConnectedNet.loss",
        "only the first layer takes X",
    ),
    (
        "two_layer_first_grads_unpacked_swapped",
        F,
        '_, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)',
        '_, grads["b1"], grads["W1"] = affine_relu_backward(dhidden, hidden_cache)',
        "TwoLayerNet.loss",
        "a weight's and a bias's gradients were stored under each other's names",
    ),
]

# Correct but different code: must pass, with no hint.
ALTERNATIVES = [
    (
        "conv_bwd_dw_written_out",
        L,
        "dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]",
        "dw[f] = dw[f] + x_pad[n, :, rows, cols] * dout[n, f, i, j]",
        "conv_backward_naive",
    ),
    ("relu_where", L, "out = np.maximum(x, 0)", "out = np.where(x > 0, x, 0.0)", "relu_forward"),
    (
        "relu_bwd_where",
        L,
        "dx = dout * (x > 0)",
        "dx = np.where(x > 0, dout, 0.0)",
        "relu_backward",
    ),
    (
        "affine_dot",
        L,
        "out = x.reshape(x.shape[0], -1) @ w + b",
        "out = np.dot(x.reshape(len(x), np.prod(x.shape[1:])), w) + b",
        "affine_forward",
    ),
    (
        "affine_db_einsum",
        L,
        "db = dout.sum(axis=0)",
        "db = np.einsum('nm->m', dout)",
        "affine_backward",
    ),
    (
        "bn_var_written_out",
        L,
        "        var = x.var(axis=0)\n",
        "        var = ((x - mean) ** 2).sum(axis=0) / x.shape[0]\n",
        "batchnorm_forward",
    ),
    (
        "softmax_logsumexp",
        L,
        "loss = -log_probs[np.arange(N), y].mean()",
        "loss = np.mean(np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(N), y])",
        "softmax_loss",
    ),
    (
        "svm_loop_free_sum",
        L,
        "    loss = margins.sum() / N\n",
        "    loss = np.sum(margins, axis=(0, 1)) / float(N)\n",
        "svm_loss",
    ),
    (
        "momentum_two_lines",
        OPT,
        "    next_w = w + v\n",
        "    next_w = w.copy()\n    next_w += v\n",
        "sgd_momentum",
    ),
    (
        "dropout_bool_mask",
        L,
        "mask = (rand(*x.shape) < p).astype(x.dtype) / p",
        "mask = (rand(*x.shape) < p) / np.asarray(p, dtype=x.dtype)",
        "dropout_forward",
    ),
    (
        "pool_fwd_loop_max",
        L,
        "out[:, :, i, j] = window.max(axis=(2, 3))",
        "out[:, :, i, j] = np.max(np.max(window, axis=3), axis=2)",
        "max_pool_forward_naive",
    ),
    (
        "conv_einsum",
        L,
        "out[n, f, i, j] = np.sum(window * w[f]) + b[f]",
        "out[n, f, i, j] = np.einsum('chw,chw->', window, w[f]) + b[f]",
        "conv_forward_naive",
    ),
    (
        "adam_unfolded",
        OPT,
        "    correction = (1 - beta2**t) ** 0.5\n"
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n'
        '    next_w = w - step_size * config["m"] / '
        '(np.sqrt(config["v"]) + config["epsilon"] * correction)',
        '    m_hat = config["m"] / (1 - beta1**t)\n    v_hat = config["v"] / (1 - beta2**t)\n'
        '    next_w = w - config["learning_rate"] * m_hat / '
        '(np.sqrt(v_hat) + config["epsilon"])',
        "adam",
    ),
    (
        "bn_running_stats_in_place",
        L,
        "        running_mean = momentum * running_mean + (1 - momentum) * mean\n"
        "        running_var = momentum * running_var + (1 - momentum) * var\n",
        "        running_mean = running_mean * momentum\n"
        "        running_mean += (1 - momentum) * mean\n"
        "        running_var = running_var * momentum + var - momentum * var\n",
        "batchnorm_forward",
    ),
    (
        "rmsprop_cache_written_out",
        OPT,
        'config["cache"] = decay * config["cache"] + (1 - decay) * dw**2',
        'config["cache"] = config["cache"] * decay + dw * dw * (1 - decay)',
        "rmsprop",
    ),
    (
        "ln_bwd_own_formula",
        L,
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n"
        "    dx = dx_t.T\n",
        "    dx_hat = dout * gamma\n"
        "    D = x_hat.shape[1]\n"
        "    dx = inv_std / D * (\n"
        "        D * dx_hat\n"
        "        - dx_hat.sum(axis=1, keepdims=True)\n"
        "        - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True)\n"
        "    )\n",
        "layernorm_backward",
    ),
    (
        "conv_fwd_size_with_int_division",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n",
        "    H_out = int((H + 2 * pad - HH) / stride) + 1\n",
        "conv_forward_naive",
    ),
    (
        "svm_hinge_with_where",
        L,
        "    margins = np.maximum(0, x - correct + 1.0)\n",
        "    margins = x - correct + 1.0\n    margins = np.where(margins > 0, margins, 0.0)\n",
        "svm_loss",
    ),
    (
        "rmsprop_step_from_new_cache_variable",
        OPT,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + '
        'config["epsilon"])\n',
        '    cache = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])\n'
        '    config["cache"] = cache\n',
        "rmsprop",
    ),
    (  # the same numbers of the same generator as weight_scale * np.random.randn(...)
        "two_layer_init_normal_with_scale",
        F,
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n'
        '        self.params["b1"] = np.zeros(hidden_dim)\n'
        '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n',
        '        self.params["W1"] = np.random.normal(0.0, weight_scale, (input_dim, hidden_dim))\n'
        '        self.params["b1"] = np.zeros(hidden_dim)\n'
        '        self.params["W2"] = np.random.normal(0.0, weight_scale, '
        "(hidden_dim, num_classes))\n",
        "TwoLayerNet.__init__",
    ),
    (  # keyword arguments: the same calls, on each hidden layer's output
        "fc_dropout_called_with_keywords",
        F,
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "                hidden, dropout_cache = dropout_forward(\n"
        "                    x=hidden, dropout_param=self.dropout_param\n"
        "                )\n",
        "FullyConnectedNet.loss[dropout]",
    ),
    (
        "bn_bwd_direct_term_divided_by_std",
        L,
        "dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc",
        "dxc = dx_hat / (1.0 / inv_std)",
        "batchnorm_backward",
    ),
    (
        "fc_bn_params_negative_index",
        F,
        "self.bn_params[i - 1] if self.bn_params else None,",
        "self.bn_params[i - L] if self.bn_params else None,",
        "FullyConnectedNet.loss[batchnorm]",
    ),
]
