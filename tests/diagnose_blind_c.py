"""Set C: a blind held-out set of realistic student mistakes and correct alternatives (issue 20).

Written without reading the diagnosis engine, its catalog, the grader or any hint text; no entry
is the same as, or a near-variant of, an entry of sets A or B (tests/diagnose_blind.py). Same
format as sets A/B:

    MISTAKES_C: (id, file, old, new, check, causes)
    CAUSE_C:    id -> the real cause in one plain sentence (for a judge reading the hints)
    CORRECT_C:  (id, file, old, new, check), each must pass with no hint

``old`` occurs exactly once in the instructor's version of ``file``. Causes are lowercase phrases
of which a hint naming the right cause contains at least one; written before any run.
"""

L = "cs231n/layers.py"
O = "cs231n/optim.py"  # noqa: E741
F = "cs231n/classifiers/fc_net.py"
C = "cs231n/classifiers/cnn.py"

REG_CAUSES = ["regulariz", "penalty", "reg term", "reg * w", "reg*w"]

MISTAKES_C = [
    # ---------------------------------------------------------------- FullyConnectedNets
    (
        "C01_affine_forward_dot_without_flatten",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = np.dot(x, w) + b\n",
        "affine_forward",
        ["reshape", "flatten", "(n, d)", "one row per example", "x.reshape", "rows"],
    ),
    (
        "C02_affine_backward_dw_from_unflattened_x",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    dw = x.T @ dout\n",
        "affine_backward",
        ["reshape", "flatten", "x.t", "x.reshape", "reverses all", "every axis", "unflattened"],
    ),
    (
        "C03_affine_backward_db_summed_to_scalar",
        L,
        "    db = dout.sum(axis=0)\n    # END SOLUTION\n    return dx, dw, db\n",
        "    db = np.sum(dout)\n    # END SOLUTION\n    return dx, dw, db\n",
        "affine_backward",
        [
            "axis",
            "scalar",
            "every element",
            "all elements",
            "one number",
            "single number",
            "per output",
            "over the batch",
        ],
    ),
    (
        "C04_relu_forward_returns_mask",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = (x > 0).astype(x.dtype)\n",
        "relu_forward",
        [
            "mask",
            "0/1",
            "indicator",
            "derivative",
            "step function",
            "ones",
            "instead of x",
            "values of x",
            "x itself",
            "1 where",
        ],
    ),
    (
        "C05_relu_backward_times_relu_of_x",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = dout * np.maximum(x, 0)\n",
        "relu_backward",
        [
            "indicator",
            "mask",
            "0/1",
            "x itself",
            "relu(x)",
            "value of x",
            "values of x",
            "1 where",
            "times x",
        ],
    ),
    (
        "C06_softmax_dx_aliases_probs_loss_nan",
        L,
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
        "    loss = -log_probs[np.arange(N), y].mean()\n"
        "    dx = np.exp(log_probs)\n"
        "    dx[np.arange(N), y] -= 1\n"
        "    dx /= N\n",
        "    probs = np.exp(shifted)\n"
        "    probs /= probs.sum(axis=1, keepdims=True)\n"
        "    dx = probs\n"
        "    dx[np.arange(N), y] -= 1\n"
        "    dx /= N\n"
        "    loss = -np.log(probs[np.arange(N), y]).mean()\n",
        "softmax_loss",
        [
            "in place",
            "in-place",
            "alias",
            "copy",
            "same array",
            "modified",
            "changed probs",
            "after dx",
            "before dx",
            "before you",
        ],
    ),
    (
        "C07_softmax_dx_without_minus_one",
        L,
        "    dx[np.arange(N), y] -= 1\n",
        "",
        "softmax_loss",
        ["- 1", "subtract 1", "minus 1", "one-hot", "correct class", "y[i]"],
    ),
    (
        "C08_softmax_shift_by_column_max",
        L,
        "    shifted = x - x.max(axis=1, keepdims=True)\n",
        "    shifted = x - x.max(axis=0)\n",
        "softmax_loss",
        ["axis", "per row", "each row", "row's max", "column", "each example's max"],
    ),
    (
        "C09_softmax_sum_without_keepdims",
        L,
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1))\n",
        "softmax_loss",
        ["keepdims", "broadcast", "(n, 1)", "[:, none]", "column"],
    ),
    (
        "C10_svm_dx_aliases_margins_loss_zero",
        L,
        "    loss = margins.sum() / N\n"
        "    positive = (margins > 0).astype(x.dtype)\n"
        "    dx = positive\n"
        "    dx[np.arange(N), y] -= positive.sum(axis=1)\n"
        "    dx /= N\n",
        "    dx = margins\n"
        "    dx[margins > 0] = 1\n"
        "    dx[np.arange(N), y] -= dx.sum(axis=1)\n"
        "    dx /= N\n"
        "    loss = margins.sum() / N\n",
        "svm_loss",
        [
            "in place",
            "in-place",
            "alias",
            "copy",
            "same array",
            "modified",
            "overwr",
            "after dx",
            "before dx",
            "before you",
        ],
    ),
    (
        "C11_svm_boolean_dx",
        L,
        "    positive = (margins > 0).astype(x.dtype)\n",
        "    positive = margins > 0\n",
        "svm_loss",
        ["bool", "dtype", "astype", "float"],
    ),
    (
        "C12_svm_loss_mean_over_classes_too",
        L,
        "    loss = margins.sum() / N\n",
        "    loss = margins.mean()\n",
        "svm_loss",
        [
            "c times",
            "n * c",
            "n*c",
            "number of classes",
            "mean over all",
            "every entry",
            "all entries",
            "margins.mean",
            "over the classes",
        ],
    ),
    (
        "C13_sgd_momentum_w_minus_velocity",
        O,
        "    next_w = w + v\n",
        "    next_w = w - v\n",
        "sgd_momentum",
        ["sign", "w + v", "add the velocity", "adding the velocity", "opposite", "minus"],
    ),
    (
        "C14_rmsprop_without_one_minus_decay",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    config["cache"] = decay * config["cache"] + dw**2\n',
        "rmsprop",
        [
            "1 - decay",
            "(1 - decay_rate)",
            "1 - decay_rate",
            "1-decay",
            "weighted",
            "moving average",
        ],
    ),
    (
        "C15_adam_stores_bias_corrected_moments",
        O,
        '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n'
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n'
        "    # lr * m_hat / (sqrt(v_hat) + eps) with the bias corrections m_hat = m / (1 - beta1**t) and\n"
        "    # v_hat = v / (1 - beta2**t) moved into two numbers, as the paper suggests after Algorithm 1\n"
        "    # (the same value, two passes over the weights fewer).\n"
        "    correction = (1 - beta2**t) ** 0.5\n"
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n'
        '    next_w = w - step_size * config["m"] / (np.sqrt(config["v"]) + config["epsilon"] '
        "* correction)\n",
        '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n'
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n'
        '    config["m"] = config["m"] / (1 - beta1**t)\n'
        '    config["v"] = config["v"] / (1 - beta2**t)\n'
        '    next_w = w - config["learning_rate"] * config["m"] / (np.sqrt(config["v"]) '
        '+ config["epsilon"])\n',
        "adam",
        [
            "m_hat",
            "v_hat",
            "bias-corrected",
            "bias corrected",
            "corrected m",
            "corrected moment",
            "uncorrected",
            "store",
            "overwr",
            "raw",
        ],
    ),
    (
        "C16_adam_t_not_written_back",
        O,
        '    config["t"] += 1\n    t = config["t"]\n',
        '    t = config["t"] + 1\n',
        "adam",
        [
            "config['t']",
            'config["t"]',
            "store",
            "written back",
            "write",
            "save",
            "t is not",
            "t was not",
            "t stays",
            "unchanged",
        ],
    ),
    (
        "C17_fc_init_normal_with_loc_not_scale",
        F,
        '            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)\n',
        '            self.params[f"W{i}"] = np.random.normal(weight_scale, size=(fan_in, fan_out))\n',
        "FullyConnectedNet.__init__",
        ["loc", "scale=", "mean", "standard deviation", "std", "weight_scale", "argument"],
    ),
    (
        "C18_fc_init_keys_numbered_from_zero",
        F,
        "        for i in range(1, self.num_layers + 1):\n"
        "            fan_in, fan_out = dims[i - 1], dims[i]\n",
        "        for i in range(self.num_layers):\n"
        "            fan_in, fan_out = dims[i], dims[i + 1]\n",
        "FullyConnectedNet.__init__",
        ["w1", "from 1", "start at 1", "starts at 1", "numbered", "0-based", "w0", "key", "name"],
    ),
    (
        "C19_fc_loss_reg_gradient_overwrites",
        F,
        '            grads[f"W{i}"] += self.reg * W\n',
        '            grads[f"W{i}"] = self.reg * W\n',
        "FullyConnectedNet.loss",
        [
            "overwr",
            "+=",
            "replac",
            "data gradient",
            "softmax gradient",
            "instead of adding",
            "discard",
            "only the regulariz",
            "data term",
        ],
    ),
    (
        "C20_fc_loss_reg_with_norm_not_squared",
        F,
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * np.sum(W * W)\n',
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * np.linalg.norm(W)\n',
        "FullyConnectedNet.loss",
        ["square", "linalg.norm", "norm of", "sum(w**2)", "sum of squares", "w * w", "w**2"],
    ),
    (
        "C21_fc_loss_backward_caches_off_by_one",
        F,
        "            cache, dropout_cache = caches[i - 1]\n",
        "            cache, dropout_cache = caches[i]\n",
        "FullyConnectedNet.loss",
        ["caches[i - 1]", "caches[i]", "off by one", "off-by-one", "index", "out of range"],
    ),
    (
        "C22_two_layer_init_W1_uniform",
        F,
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n',
        '        self.params["W1"] = weight_scale * np.random.rand(input_dim, hidden_dim)\n',
        "TwoLayerNet.__init__",
        ["randn", "rand(", "uniform", "normal", "gaussian", "mean", "positive"],
    ),
    (
        "C23_two_layer_init_W2_std_is_sqrt_weight_scale",
        F,
        '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n',
        '        self.params["W2"] = np.random.normal(0, np.sqrt(weight_scale), '
        "(hidden_dim, num_classes))\n",
        "TwoLayerNet.__init__",
        ["variance", "sqrt", "square root", "standard deviation", "std"],
    ),
    (
        "C24_two_layer_loss_relu_on_scores",
        F,
        '        scores, scores_cache = affine_forward(hidden, self.params["W2"], self.params["b2"])\n'
        "        # END SOLUTION\n"
        "\n"
        "        if y is None:\n"
        "            return scores\n"
        "\n"
        "        # TODO: Backward pass: softmax loss plus 0.5 * reg * sum(W**2) for W1 and W2, and the\n"
        "        # gradient of every parameter in grads.\n"
        "        # BEGIN SOLUTION\n"
        "        grads = {}\n"
        "        loss, dscores = softmax_loss(scores, y)\n"
        '        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)\n',
        '        scores, scores_cache = affine_relu_forward(hidden, self.params["W2"], '
        'self.params["b2"])\n'
        "        # END SOLUTION\n"
        "\n"
        "        if y is None:\n"
        "            return scores\n"
        "\n"
        "        # TODO: Backward pass: softmax loss plus 0.5 * reg * sum(W**2) for W1 and W2, and the\n"
        "        # gradient of every parameter in grads.\n"
        "        # BEGIN SOLUTION\n"
        "        grads = {}\n"
        "        loss, dscores = softmax_loss(scores, y)\n"
        '        dhidden, grads["W2"], grads["b2"] = affine_relu_backward(dscores, scores_cache)\n',
        "TwoLayerNet.loss",
        [
            "last layer",
            "output layer",
            "final layer",
            "negative scores",
            "never negative",
            "clipped",
            "relu on the scores",
            "relu to the scores",
            "scores through",
            "plain affine",
            "without relu",
        ],
    ),
    # ---------------------------------------------------------------- BatchNormalization
    (
        "C25_bn_forward_test_without_gamma_beta",
        L,
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n",
        "        out = (x - running_mean) / np.sqrt(running_var + eps)\n",
        "batchnorm_forward",
        ["gamma", "beta", "scale and shift"],
    ),
    (
        "C26_bn_forward_running_var_from_std",
        L,
        "        running_var = momentum * running_var + (1 - momentum) * var\n",
        "        running_var = momentum * running_var + (1 - momentum) * np.sqrt(var + eps)\n",
        "batchnorm_forward",
        ["std", "standard deviation", "sqrt", "square root", "not the variance"],
    ),
    (
        "C27_bn_forward_divides_by_variance",
        L,
        "        inv_std = 1.0 / np.sqrt(var + eps)\n",
        "        inv_std = 1.0 / (var + eps)\n",
        "batchnorm_forward",
        ["sqrt", "square root", "standard deviation", "std", "by the variance"],
    ),
    (
        "C28_bn_backward_var_path_without_factor_two",
        L,
        "    dxc += dvar * 2 * xc / N  # var = sum(xc**2) / N\n",
        "    dxc += dvar * xc / N  # var = sum(xc**2) / N\n",
        "batchnorm_backward",
        [
            "factor 2",
            "factor of 2",
            "2 * xc",
            "2*xc",
            "twice",
            "half",
            "xc**2",
            "derivative of the square",
            "square",
        ],
    ),
    (
        "C29_bn_backward_dx_hat_aliases_dout",
        L,
        "    dbeta = dout.sum(axis=0)\n"
        "    dgamma = (dout * x_hat).sum(axis=0)\n"
        "    dx_hat = dout * gamma\n"
        "    dxc = dx_hat * inv_std",
        "    dx_hat = dout\n"
        "    dx_hat *= gamma\n"
        "    dbeta = dout.sum(axis=0)\n"
        "    dgamma = (dout * x_hat).sum(axis=0)\n"
        "    dxc = dx_hat * inv_std",
        "batchnorm_backward",
        [
            "in place",
            "in-place",
            "*=",
            "alias",
            "copy",
            "modified dout",
            "changes dout",
            "changed dout",
            "times gamma",
            "multiplied by gamma",
            "scaled by gamma",
        ],
    ),
    (
        "C30_bn_backward_variance_path_uses_dout",
        L,
        "    dinv_std = (dx_hat * xc).sum(axis=0)",
        "    dinv_std = (dout * xc).sum(axis=0)",
        "batchnorm_backward",
        ["gamma", "dx_hat", "dout instead", "dinv_std"],
    ),
    (
        "C31_bn_alt_cache_unpacked_in_wrong_order",
        L,
        "    x_hat, inv_std, gamma = cache\n    N = dout.shape[0]\n    dbeta",
        "    inv_std, x_hat, gamma = cache\n    N = dout.shape[0]\n    dbeta",
        "batchnorm_backward_alt",
        ["cache", "unpack", "order", "swap", "exchanged"],
    ),
    (
        "C32_bn_alt_last_term_reuses_dgamma",
        L,
        "- x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "- x_hat * dgamma)\n",
        "batchnorm_backward_alt",
        ["gamma", "dgamma", "dx_hat"],
    ),
    (
        "C33_ln_forward_scales_x_not_x_hat",
        L,
        "    out = gamma * x_hat + beta\n    cache = (x_hat, inv_std, gamma)",
        "    out = gamma * x + beta\n    cache = (x_hat, inv_std, gamma)",
        "layernorm_forward",
        ["x_hat", "normalized", "x instead", "raw x", "unnormalized", "not normaliz"],
    ),
    (
        "C34_ln_backward_dgamma_dbeta_summed_over_features",
        L,
        "    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n    # Per example",
        "    dbeta = dout.sum(axis=1)\n    dgamma = (dout * x_hat).sum(axis=1)\n    # Per example",
        "layernorm_backward",
        ["axis", "over the batch", "over the examples", "each feature", "per feature", "axis=0"],
    ),
    (
        "C35_ln_backward_dx_not_transposed_back",
        L,
        "    dx = dx_t.T\n",
        "    dx = dx_t\n",
        "layernorm_backward",
        ["transpos", ".t", "(d, n)"],
    ),
    (
        "C36_fc_init_bn_beta_ones",
        F,
        '                self.params[f"beta{i}"] = np.zeros(fan_out)\n',
        '                self.params[f"beta{i}"] = np.ones(fan_out)\n',
        "FullyConnectedNet.__init__[batchnorm]",
        ["zeros", "to 0", "= 0", "at zero", "at 0"],
    ),
    (
        "C37_fc_init_ln_gamma_sized_by_hidden_dims_i",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n'
        '                self.params[f"beta{i}"] = np.zeros(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.ones(hidden_dims[i])\n'
        '                self.params[f"beta{i}"] = np.zeros(hidden_dims[i])\n',
        "FullyConnectedNet.__init__[layernorm]",
        [
            "hidden_dims[i - 1]",
            "hidden_dims[i]",
            "off by one",
            "off-by-one",
            "fan_out",
            "1-based",
            "0-based",
            "starts at 1",
            "start at 1",
        ],
    ),
    (
        "C38_fc_loss_bn_forces_train_mode",
        F,
        "        for i in range(1, L):\n            hidden, cache = affine_norm_relu_forward(\n",
        "        for i in range(1, L):\n"
        "            if self.bn_params:\n"
        '                self.bn_params[i - 1]["mode"] = "train"\n'
        "            hidden, cache = affine_norm_relu_forward(\n",
        "FullyConnectedNet.loss[batchnorm]",
        [
            "'test'",
            "test mode",
            "test-time",
            "test time",
            "running",
            "batch statistics",
            "y is none",
        ],
    ),
    (
        "C39_fc_loss_ln_backward_through_batchnorm",
        F,
        "            dout, *param_grads = affine_norm_relu_backward(dout, cache)\n",
        "            fc_cache, normalization, norm_cache, relu_cache = cache\n"
        "            da = relu_backward(dout, relu_cache)\n"
        "            norm_grads = []\n"
        "            if normalization is not None:\n"
        "                da, dgamma, dbeta = batchnorm_backward_alt(da, norm_cache)\n"
        "                norm_grads = [dgamma, dbeta]\n"
        "            dout, dw, db = affine_backward(da, fc_cache)\n"
        "            param_grads = [dw, db, *norm_grads]\n",
        "FullyConnectedNet.loss[layernorm]",
        [
            "batchnorm_backward",
            "batch norm's backward",
            "batchnorm's backward",
            "layernorm_backward",
            "wrong backward",
            "batchnorm backward",
        ],
    ),
    # ---------------------------------------------------------------- Dropout
    (
        "C40_dropout_forward_rand_with_shape_tuple",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = (rand(x.shape) < p).astype(x.dtype) / p\n",
        "dropout_forward",
        ["*x.shape", "unpack", "rand(*", "separate arguments", "tuple"],
    ),
    (
        "C41_dropout_forward_applies_a_second_mask",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n        out = x * mask\n",
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n"
        "        out = x * (rand(*x.shape) < p) / p\n",
        "dropout_forward",
        [
            "same mask",
            "two mask",
            "two different",
            "twice",
            "second",
            "cached mask",
            "mask in the cache",
            "draw once",
            "one mask",
            "another mask",
        ],
    ),
    (
        "C42_dropout_backward_divides_by_p_again",
        L,
        "    dx = dout * mask\n",
        '    dx = dout * mask / dropout_param["p"]\n',
        "dropout_backward",
        ["already", "twice", "1/p", "1 / p", "/ p", "p times", "again"],
    ),
    (
        "C43_fc_loss_dropout_output_unused",
        F,
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "                dropped, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "FullyConnectedNet.loss[dropout]",
        [
            "output of dropout",
            "dropout_forward's output",
            "not used",
            "unused",
            "discard",
            "ignor",
            "not applied",
            "never applied",
            "forward pass does not",
        ],
    ),
    # ---------------------------------------------------------------- ConvolutionalNetworks
    (
        "C44_conv_forward_bias_inside_sum",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = np.sum(window * w[f] + b[f])\n",
        "conv_forward_naive",
        [
            "bias",
            "b[f]",
            "inside the sum",
            "inside np.sum",
            "outside the sum",
            "c * hh * ww",
            "every element",
            "each element",
        ],
    ),
    (
        "C45_conv_forward_filter_indexed_by_image",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = np.sum(window * w[n]) + b[f]\n",
        "conv_forward_naive",
        [
            "w[f]",
            "w[n]",
            "wrong filter",
            "filter index",
            "loop variable",
            "same filter",
            "filter f",
        ],
    ),
    (
        "C46_conv_backward_crop_end_without_pad",
        L,
        "    dx = dx_pad[:, :, pad : pad + H, pad : pad + W]\n",
        "    dx = dx_pad[:, :, pad:H, pad:W]\n",
        "conv_backward_naive",
        ["pad + h", "pad:h", "slice", "crop", "h - pad", "too small", "last rows", "slice end"],
    ),
    (
        "C47_conv_backward_dx_with_flipped_filter",
        L,
        "                    dx_pad[n, :, rows, cols] += w[f] * dout[n, f, i, j]\n",
        "                    dx_pad[n, :, rows, cols] += w[f, :, ::-1, ::-1] * dout[n, f, i, j]\n",
        "conv_backward_naive",
        ["flip", "::-1", "rotat", "180"],
    ),
    (
        "C48_max_pool_forward_average",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = window.mean(axis=(2, 3))\n",
        "max_pool_forward_naive",
        ["mean", "average", "avg", "instead of the max", "not the max", "largest"],
    ),
    (
        "C49_max_pool_backward_without_window_offset",
        L,
        "            rows = i * stride + first_max // pw\n            cols = j * stride + first_max % pw\n",
        "            rows = first_max // pw\n            cols = first_max % pw\n",
        "max_pool_backward_naive",
        [
            "offset",
            "i * stride",
            "window's position",
            "window position",
            "top-left",
            "corner",
            "relative",
            "within the window",
            "first window",
        ],
    ),
    (
        "C50_spatial_bn_forward_no_inverse_transpose",
        L,
        "    out = out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    out = out_rows.reshape(N, C, H, W)\n",
        "spatial_batchnorm_forward",
        ["transpos", "undo", "inverse", "channels last", "permut", "reshape", "back to"],
    ),
    (
        "C51_spatial_bn_backward_4d_dout_to_batchnorm",
        L,
        "    dout_rows = dout.transpose(0, 2, 3, 1).reshape(-1, C)\n"
        "    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)\n"
        "    dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    dx, dgamma, dbeta = batchnorm_backward_alt(dout, cache)\n",
        "spatial_batchnorm_backward",
        [
            "reshape",
            "transpos",
            "2-d",
            "(n*h*w, c)",
            "(n * h * w, c)",
            "rows",
            "like x in the forward",
        ],
    ),
    (
        "C52_groupnorm_forward_group_size_for_group_count",
        L,
        "    groups = x.reshape(N * G, -1)\n",
        "    groups = x.reshape(N * (C // G), -1)\n",
        "spatial_groupnorm_forward",
        [
            "c // g",
            "c/g",
            "number of groups",
            "g groups",
            "group size",
            "channels per group",
            "n * g",
        ],
    ),
    (
        "C53_groupnorm_backward_gamma_applied_twice",
        L,
        "    dx = dx_groups.reshape(dout.shape)\n",
        "    dx = dx_groups.reshape(dout.shape) * gamma\n",
        "spatial_groupnorm_backward",
        ["twice", "double", "two times", "again", "gamma squared", "gamma**2", "extra gamma"],
    ),
    (
        "C54_conv_net_init_conv_shrinks_input",
        C,
        "        pooled_size = num_filters * (H // 2) * (W // 2)\n",
        "        pooled_size = num_filters * ((H - filter_size + 1) // 2) * "
        "((W - filter_size + 1) // 2)\n",
        "ThreeLayerConvNet.__init__",
        ["pad", "same size", "spatial size", "preserv", "filter_size", "shrink", "unchanged"],
    ),
    (
        "C55_conv_net_init_input_channels_for_filters",
        C,
        "        pooled_size = num_filters * (H // 2) * (W // 2)\n",
        "        pooled_size = C * (H // 2) * (W // 2)\n",
        "ThreeLayerConvNet.__init__",
        ["num_filters", "filters", "number of filters", "input channels", "channels of the input"],
    ),
    (
        "C56_conv_net_loss_reg_gradient_halved",
        C,
        "            grads[name] += self.reg * self.params[name]\n",
        "            grads[name] += 0.5 * self.reg * self.params[name]\n",
        "ThreeLayerConvNet.loss",
        ["0.5", "half", "factor 2", "factor of 2", "2 times", "twice", "derivative"],
    ),
]

CAUSE_C = {
    "C01_affine_forward_dot_without_flatten": (
        "x is not flattened to (N, D) before the product: np.dot(x, w) on a multi-dimensional x "
        "fails (it multiplies only the last axis)."
    ),
    "C02_affine_backward_dw_from_unflattened_x": (
        "dw uses x.T on the unflattened x, which reverses all of x's axes; x must first be "
        "reshaped to (N, D)."
    ),
    "C03_affine_backward_db_summed_to_scalar": (
        "db sums dout over every element (a scalar) instead of over the batch axis only (one "
        "value per output)."
    ),
    "C04_relu_forward_returns_mask": (
        "relu_forward returns the 0/1 mask (x > 0) instead of the values max(0, x)."
    ),
    "C05_relu_backward_times_relu_of_x": (
        "dx multiplies dout by max(0, x), the ReLU's output, instead of by the 0/1 mask x > 0."
    ),
    "C06_softmax_dx_aliases_probs_loss_nan": (
        "dx = probs is the same array, so subtracting 1 and dividing by N in place changes probs "
        "before the loss reads it: the loss becomes NaN (log of negative numbers)."
    ),
    "C07_softmax_dx_without_minus_one": (
        "dx forgets to subtract 1 at each example's correct class (the one-hot term)."
    ),
    "C08_softmax_shift_by_column_max": (
        "The max subtracted for stability is taken per column (axis 0) instead of per row, which "
        "changes the softmax of every row."
    ),
    "C09_softmax_sum_without_keepdims": (
        "The row sums are taken without keepdims, so the (N,) vector does not broadcast against "
        "the (N, C) scores."
    ),
    "C10_svm_dx_aliases_margins_loss_zero": (
        "dx = margins is the same array, so building dx in place overwrites margins before the "
        "loss is computed from them: the loss comes out 0 while dx is right."
    ),
    "C11_svm_boolean_dx": (
        "The positive-margin mask is left boolean, so dx is a bool array and subtracting the "
        "counts from it fails; it must be converted to float first."
    ),
    "C12_svm_loss_mean_over_classes_too": (
        "margins.mean() divides by N * C instead of N: the loss is C times too small (dx is right)."
    ),
    "C13_sgd_momentum_w_minus_velocity": (
        "The weights subtract the velocity (w - v) instead of adding it; the velocity already "
        "holds the minus sign."
    ),
    "C14_rmsprop_without_one_minus_decay": (
        "The new dw**2 is not weighted by (1 - decay_rate) in the cache's moving average."
    ),
    "C15_adam_stores_bias_corrected_moments": (
        "The bias-corrected m_hat and v_hat are written back into config['m'] and config['v'], "
        "which must keep the uncorrected moving averages (next_w is right)."
    ),
    "C16_adam_t_not_written_back": (
        "t is incremented in a local variable only; config['t'] is never updated (next_w, m and "
        "v are right)."
    ),
    "C17_fc_init_normal_with_loc_not_scale": (
        "np.random.normal(weight_scale, size=...) sets the mean to weight_scale and the standard "
        "deviation to 1, instead of mean 0 and standard deviation weight_scale."
    ),
    "C18_fc_init_keys_numbered_from_zero": (
        "The layers are numbered from 0 (W0, b0, ...) instead of from 1 (W1, b1, ...)."
    ),
    "C19_fc_loss_reg_gradient_overwrites": (
        "grads['Wi'] = reg * W replaces the data gradient instead of adding the regularization "
        "gradient to it (+=)."
    ),
    "C20_fc_loss_reg_with_norm_not_squared": (
        "The regularization loss uses np.linalg.norm(W), the norm itself, instead of the sum of "
        "squares sum(W**2) (gradients are right, the loss is not)."
    ),
    "C21_fc_loss_backward_caches_off_by_one": (
        "The backward loop reads caches[i] instead of caches[i - 1] (the list is 0-based, layers "
        "are numbered from 1): index out of range."
    ),
    "C22_two_layer_init_W1_uniform": (
        "W1 is drawn with np.random.rand (uniform on [0, 1), all positive, mean 0.5 * "
        "weight_scale) instead of np.random.randn (normal, mean 0)."
    ),
    "C23_two_layer_init_W2_std_is_sqrt_weight_scale": (
        "W2's standard deviation is sqrt(weight_scale) (weight_scale taken as a variance) instead "
        "of weight_scale."
    ),
    "C24_two_layer_loss_relu_on_scores": (
        "The output layer goes through a ReLU too (affine_relu_forward), so negative scores are "
        "clipped to 0; the last layer must be a plain affine."
    ),
    "C25_bn_forward_test_without_gamma_beta": (
        "In test mode the normalized x is not scaled by gamma and shifted by beta (train mode is "
        "right)."
    ),
    "C26_bn_forward_running_var_from_std": (
        "running_var is updated with the standard deviation sqrt(var + eps) instead of the "
        "variance var."
    ),
    "C27_bn_forward_divides_by_variance": (
        "In train mode x - mean is divided by var + eps instead of its square root (the standard "
        "deviation)."
    ),
    "C28_bn_backward_var_path_without_factor_two": (
        "The gradient of var = sum(xc**2) / N with respect to xc lacks the factor 2 (2 * xc / N), "
        "so the variance path's contribution to dx is half of what it should be."
    ),
    "C29_bn_backward_dx_hat_aliases_dout": (
        "dx_hat = dout then dx_hat *= gamma modifies dout in place, so dbeta and dgamma computed "
        "afterwards are multiplied by gamma (dx is right)."
    ),
    "C30_bn_backward_variance_path_uses_dout": (
        "The gradient through inv_std (the variance path) uses dout instead of dx_hat = dout * "
        "gamma, so gamma is missing from that term."
    ),
    "C31_bn_alt_cache_unpacked_in_wrong_order": (
        "The cache is unpacked in another order than the forward pass stored it (x_hat and "
        "inv_std exchanged)."
    ),
    "C32_bn_alt_last_term_reuses_dgamma": (
        "The last term uses dgamma = sum(dout * x_hat) instead of sum(dx_hat * x_hat), so gamma "
        "is missing from it."
    ),
    "C33_ln_forward_scales_x_not_x_hat": (
        "The output scales and shifts the raw x instead of the normalized x_hat."
    ),
    "C34_ln_backward_dgamma_dbeta_summed_over_features": (
        "dgamma and dbeta are summed over the features (axis 1) instead of over the examples "
        "(axis 0)."
    ),
    "C35_ln_backward_dx_not_transposed_back": (
        "dx from the transposed batchnorm_backward_alt is not transposed back: it has shape (D, N)."
    ),
    "C36_fc_init_bn_beta_ones": ("beta is initialized with ones instead of zeros."),
    "C37_fc_init_ln_gamma_sized_by_hidden_dims_i": (
        "gamma/beta of layer i are sized hidden_dims[i] (the next layer, off by one since layers "
        "count from 1) instead of the layer's own output size: index out of range."
    ),
    "C38_fc_loss_bn_forces_train_mode": (
        "The loss sets every bn_param's mode to 'train', so test-time scores (y is None) use the "
        "batch statistics instead of the running averages."
    ),
    "C39_fc_loss_ln_backward_through_batchnorm": (
        "The hand-written backward sends the layer-norm gradient through batchnorm_backward_alt "
        "instead of layernorm_backward, which normalizes over the wrong axis."
    ),
    "C40_dropout_forward_rand_with_shape_tuple": (
        "rand(x.shape) passes the shape as one tuple; rand takes the dimensions as separate "
        "arguments, rand(*x.shape)."
    ),
    "C41_dropout_forward_applies_a_second_mask": (
        "The output is masked with a second, freshly drawn mask, not the mask kept in the cache, "
        "so forward and backward use different masks."
    ),
    "C42_dropout_backward_divides_by_p_again": (
        "dx divides by p again although the cached mask already holds the 1/p scale: dx is 1/p "
        "times too large."
    ),
    "C43_fc_loss_dropout_output_unused": (
        "The output of dropout_forward is assigned to another variable and never used, so the "
        "forward pass has no dropout while the backward pass applies the mask."
    ),
    "C44_conv_forward_bias_inside_sum": (
        "The bias is added inside the sum, to every element of the window, so it counts C * HH * "
        "WW times instead of once."
    ),
    "C45_conv_forward_filter_indexed_by_image": (
        "The filter is indexed by the image loop variable (w[n]) instead of the filter one (w[f])."
    ),
    "C46_conv_backward_crop_end_without_pad": (
        "The padding is cropped with dx_pad[:, :, pad:H, pad:W] instead of pad:pad + H, so dx "
        "loses pad rows and columns at the end."
    ),
    "C47_conv_backward_dx_with_flipped_filter": (
        "dx scatters the flipped (rotated by 180 degrees) filter back into each window; in this "
        "direct form the filter is used as it is."
    ),
    "C48_max_pool_forward_average": (
        "Each window's mean is taken instead of its maximum (average pooling)."
    ),
    "C49_max_pool_backward_without_window_offset": (
        "The position of the maximum inside the window is not offset by the window's position "
        "(i * stride, j * stride), so every gradient lands in the top-left window."
    ),
    "C50_spatial_bn_forward_no_inverse_transpose": (
        "The rows (N*H*W, C) are reshaped straight to (N, C, H, W) without undoing the transpose "
        "(reshape to (N, H, W, C) then transpose back)."
    ),
    "C51_spatial_bn_backward_4d_dout_to_batchnorm": (
        "dout is passed to batchnorm_backward_alt as a 4-D array instead of reshaped to rows "
        "(N*H*W, C) like x in the forward pass (and dx reshaped back)."
    ),
    "C52_groupnorm_forward_group_size_for_group_count": (
        "x is reshaped to N * (C // G) rows (G taken as the group size) instead of N * G rows "
        "(G is the number of groups)."
    ),
    "C53_groupnorm_backward_gamma_applied_twice": (
        "dx is multiplied by gamma a second time although dout * gamma already went into the "
        "layer-norm backward."
    ),
    "C54_conv_net_init_conv_shrinks_input": (
        "W2's input size assumes the convolution shrinks the image by filter_size - 1, but its "
        "padding keeps the spatial size: it must be num_filters * H/2 * W/2."
    ),
    "C55_conv_net_init_input_channels_for_filters": (
        "W2's input size uses the image's channels C instead of num_filters, the channels after "
        "the convolution."
    ),
    "C56_conv_net_loss_reg_gradient_halved": (
        "The regularization gradient is 0.5 * reg * W instead of reg * W (the derivative of "
        "0.5 * reg * W**2)."
    ),
}

CORRECT_C = [
    (
        "CC01_affine_forward_reshape_by_w_rows",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = np.dot(x.reshape(-1, w.shape[0]), w) + b\n",
        "affine_forward",
    ),
    (
        "CC02_affine_backward_dot_and_column_sum",
        L,
        "    dx = (dout @ w.T).reshape(x.shape)\n"
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n"
        "    db = dout.sum(axis=0)\n",
        "    x_rows = np.reshape(x, (len(x), -1))\n"
        "    dx = np.reshape(dout.dot(w.T), x.shape)\n"
        "    dw = np.dot(x_rows.T, dout)\n"
        "    db = dout.T.sum(axis=1)\n",
        "affine_backward",
    ),
    (
        "CC03_relu_backward_copy_and_zero",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = dout.copy()\n    dx[x <= 0] = 0\n",
        "relu_backward",
    ),
    (
        "CC04_softmax_log_sum_exp_indexed",
        L,
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
        "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1))[:, np.newaxis]\n",
        "softmax_loss",
    ),
    (
        "CC05_svm_dx_one_hot_counts",
        L,
        "    dx = positive\n    dx[np.arange(N), y] -= positive.sum(axis=1)\n",
        "    one_hot = np.eye(x.shape[1], dtype=x.dtype)[y]\n"
        "    dx = positive - one_hot * positive.sum(axis=1, keepdims=True)\n",
        "svm_loss",
    ),
    (
        "CC06_rmsprop_cache_updated_in_place",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    cache = config["cache"]\n    cache *= decay\n    cache += (1 - decay) * dw * dw\n',
        "rmsprop",
    ),
    (
        "CC07_adam_moments_as_increments",
        O,
        '    config["t"] += 1\n'
        '    t = config["t"]\n'
        '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n'
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n',
        '    t = config["t"] = config["t"] + 1\n'
        '    config["m"] = config["m"] + (1 - beta1) * (dw - config["m"])\n'
        '    config["v"] = config["v"] + (1 - beta2) * (dw**2 - config["v"])\n',
        "adam",
    ),
    (
        "CC08_bn_forward_divide_by_std",
        L,
        "        inv_std = 1.0 / np.sqrt(var + eps)\n        x_hat = (x - mean) * inv_std\n",
        "        std = np.sqrt(var + eps)\n"
        "        x_hat = (x - mean) / std\n"
        "        inv_std = 1.0 / std\n",
        "batchnorm_forward",
    ),
    (
        "CC09_bn_backward_dx_minus_column_mean",
        L,
        "    dmean = -dxc.sum(axis=0)  # xc = x - mean\n    dx = dxc + dmean / N  # mean = sum(x) / N\n",
        "    dx = dxc - dxc.mean(axis=0)\n",
        "batchnorm_backward",
    ),
    (
        "CC10_layernorm_forward_via_transpose",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n"
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n"
        "    x_hat = (x - mean) * inv_std\n",
        "    x_t = x.T\n"
        "    inv_std_row = 1.0 / np.sqrt(x_t.var(axis=0) + eps)\n"
        "    x_hat = ((x_t - x_t.mean(axis=0)) * inv_std_row).T\n"
        "    inv_std = inv_std_row[:, None]\n",
        "layernorm_forward",
    ),
    (
        "CC11_conv_backward_einsum_per_position",
        L,
        "    for n in range(N):\n"
        "        for f in range(F):\n"
        "            for i in range(H_out):\n"
        "                for j in range(W_out):\n"
        "                    rows = slice(i * stride, i * stride + HH)\n"
        "                    cols = slice(j * stride, j * stride + WW)\n"
        "                    dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]\n"
        "                    dx_pad[n, :, rows, cols] += w[f] * dout[n, f, i, j]\n",
        "    for i in range(H_out):\n"
        "        for j in range(W_out):\n"
        "            rows = slice(i * stride, i * stride + HH)\n"
        "            cols = slice(j * stride, j * stride + WW)\n"
        "            g = dout[:, :, i, j]\n"
        '            dw += np.einsum("nf,nchw->fchw", g, x_pad[:, :, rows, cols])\n'
        '            dx_pad[:, :, rows, cols] += np.einsum("nf,fchw->nchw", g, w)\n',
        "conv_backward_naive",
    ),
    (
        "CC12_max_pool_forward_flattened_window",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = np.max(window.reshape(N, C, -1), axis=2)\n",
        "max_pool_forward_naive",
    ),
    (
        "CC13_spatial_bn_backward_graph_version",
        L,
        "    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)\n",
        "    dx_rows, dgamma, dbeta = batchnorm_backward(dout_rows, cache)\n",
        "spatial_batchnorm_backward",
    ),
    (
        "CC14_groupnorm_forward_by_hand",
        L,
        "    groups = x.reshape(N * G, -1)\n"
        "    D = groups.shape[1]\n"
        "    ones, zeros = np.ones(D, dtype=x.dtype), np.zeros(D, dtype=x.dtype)\n"
        '    x_hat_groups, ln_cache = layernorm_forward(groups, ones, zeros, {"eps": eps})\n'
        "    x_hat = x_hat_groups.reshape(N, C, H, W)\n",
        "    groups = x.reshape(N, G, -1)\n"
        "    mean = groups.mean(axis=2, keepdims=True)\n"
        "    inv_std = 1.0 / np.sqrt(groups.var(axis=2, keepdims=True) + eps)\n"
        "    x_hat_groups = ((groups - mean) * inv_std).reshape(N * G, -1)\n"
        "    ones = np.ones(x_hat_groups.shape[1], dtype=x.dtype)\n"
        "    ln_cache = (x_hat_groups, inv_std.reshape(N * G, 1), ones)\n"
        "    x_hat = x_hat_groups.reshape(N, C, H, W)\n",
        "spatial_groupnorm_forward",
    ),
    (
        "CC15_fc_loss_backward_pops_caches",
        F,
        "            cache, dropout_cache = caches[i - 1]\n",
        "            cache, dropout_cache = caches.pop()\n",
        "FullyConnectedNet.loss",
    ),
    (
        "CC16_conv_net_init_pooled_size_divided_by_four",
        C,
        "        pooled_size = num_filters * (H // 2) * (W // 2)\n",
        "        pooled_size = num_filters * H * W // 4\n",
        "ThreeLayerConvNet.__init__",
    ),
    (
        "CC17_two_layer_loss_reg_written_out",
        F,
        '        for name in ("W1", "W2"):\n'
        "            W = self.params[name]\n"
        "            loss += 0.5 * self.reg * np.sum(W * W)\n"
        "            grads[name] += self.reg * W\n",
        '        W1, W2 = self.params["W1"], self.params["W2"]\n'
        "        loss += 0.5 * self.reg * (np.sum(W1**2) + np.sum(W2**2))\n"
        '        grads["W1"] = grads["W1"] + self.reg * W1\n'
        '        grads["W2"] = grads["W2"] + self.reg * W2\n',
        "TwoLayerNet.loss",
    ),
]
