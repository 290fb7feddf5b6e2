"""Set D: a blind held-out set of realistic student mistakes and correct alternatives (issue 20).

Written without reading the diagnosis engine, its catalog, the grader or any hint text; no entry
is the same as, or a near-variant of, an entry of sets A, B (tests/diagnose_blind.py) or C
(/work/blindC/set_c.py). Same format:

    MISTAKES_D: (id, file, old, new, check, causes)
    CAUSE_D:    id -> the real cause in one plain sentence (for a judge reading the hints)
    CORRECT_D:  (id, file, old, new, check), each must pass with no hint

``old`` occurs exactly once in the instructor's version of ``file``. Causes are lowercase phrases
of which a hint naming the right cause contains at least one; written before any run.

Where a mistake shows only on some inputs (verified with /work/blindD/harness.py):
D03 only for inputs with more than 2 axes; D09 only when some margin other than the correct
class is clipped to 0 (not with the course's 1e-3-scale scores, where every margin is ~1);
D33 only when the input array is compared after the call, or reused in a later call.
"""

L = "cs231n/layers.py"
O = "cs231n/optim.py"  # noqa: E741
F = "cs231n/classifiers/fc_net.py"
C = "cs231n/classifiers/cnn.py"

REG_CAUSES = ["regulariz", "penalty", "reg term", "reg * w", "reg*w"]
FORGETS_DOUT = [
    "upstream",
    "chain rule",
    "multiply by dout",
    "times dout",
    "without dout",
    "ignores dout",
    "not depend on dout",
]
IN_PLACE = ["in place", "in-place", "modif", "copy", "alias", "overwr", "changes x", "input x"]

# Text of FullyConnectedNet.loss between the hidden layers' forward call and the backward loop's
# call, shared by the two entries that rewrite both ends of it.
_FC_FORWARD_CALL = (
    "            hidden, cache = affine_norm_relu_forward(\n"
    "                hidden,\n"
    '                self.params[f"W{i}"],\n'
    '                self.params[f"b{i}"],\n'
    '                self.params.get(f"gamma{i}"),\n'
    '                self.params.get(f"beta{i}"),\n'
    "                self.bn_params[i - 1] if self.bn_params else None,\n"
    "                self.normalization,\n"
    "            )\n"
)
_FC_DROPOUT_AND_CACHE = (
    "            dropout_cache = None\n"
    "            if self.use_dropout:\n"
    "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n"
    "            caches.append((cache, dropout_cache))\n"
)
_FC_SCORES = '        scores, scores_cache = affine_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])\n'
_FC_BETWEEN = (
    "        # END SOLUTION\n"
    "\n"
    "        if y is None:\n"
    "            return scores\n"
    "\n"
    "        # TODO: Backward pass: softmax loss plus 0.5 * reg * sum(W**2) over all weight matrices,\n"
    "        # and the gradient of every parameter in grads (same keys as self.params).\n"
    "        # BEGIN SOLUTION\n"
    "        grads = {}\n"
    "        loss, dout = softmax_loss(scores, y)\n"
)
_FC_LAST_BACKWARD = (
    '        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, scores_cache)\n'
)
_FC_BACKWARD_LOOP_HEAD = (
    "        for i in range(L - 1, 0, -1):\n"
    "            cache, dropout_cache = caches[i - 1]\n"
    "            if self.use_dropout:\n"
    "                dout = dropout_backward(dout, dropout_cache)\n"
)
_FC_BACKWARD_CALL = "            dout, *param_grads = affine_norm_relu_backward(dout, cache)\n"

MISTAKES_D = [
    # ---------------------------------------------------------------- FullyConnectedNets
    (
        "D01_affine_forward_elementwise_product",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.reshape(x.shape[0], -1) * w + b\n",
        "affine_forward",
        [
            "matrix product",
            "matrix multipl",
            "np.dot",
            "dot product",
            "elementwise",
            "element-wise",
            "* instead",
        ],
    ),
    (
        "D02_affine_backward_dx_transposed_then_reshaped",
        L,
        "    dx = (dout @ w.T).reshape(x.shape)\n",
        "    dx = (w @ dout.T).reshape(x.shape)\n",
        "affine_backward",
        ["transpos", "(d, n)", "dout @ w.t", "w @ dout.t", "order of the product", "scrambl"],
    ),
    (
        "D03_relu_forward_flattened",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = np.maximum(x, 0).reshape(x.shape[0], -1)\n",
        "relu_forward",
        ["shape of x", "x.shape", "reshape", "flatten", "same shape", "like x", "x's shape"],
    ),
    (
        "D04_relu_backward_boolean_indexing",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = dout[x > 0]\n",
        "relu_backward",
        [
            "boolean index",
            "1-d",
            "one-dimensional",
            "flat",
            "selects",
            "dout[x > 0]",
            "multiply by the mask",
            "times the mask",
            "same shape",
            "shape of x",
        ],
    ),
    (
        "D05_softmax_loss_without_minus_sign",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = log_probs[np.arange(N), y].mean()\n",
        "softmax_loss",
        ["sign", "negat", "minus", "-log", "- log"],
    ),
    (
        "D06_softmax_dx_divided_before_minus_one",
        L,
        "    dx[np.arange(N), y] -= 1\n    dx /= N\n",
        "    dx /= N\n    dx[np.arange(N), y] -= 1\n",
        "softmax_loss",
        [
            "divided before",
            "divide before",
            "before subtracting",
            "before the -1",
            "order",
            "after subtract",
            "-1/n",
            "-1 / n",
            "1 instead of 1/n",
        ],
    ),
    (
        "D07_svm_dx_not_averaged",
        L,
        "    dx[np.arange(N), y] -= positive.sum(axis=1)\n    dx /= N\n",
        "    dx[np.arange(N), y] -= positive.sum(axis=1)\n",
        "svm_loss",
        ["n times", "divid", "1/n", "1 / n", "averag", "by n", "/ n"],
    ),
    (
        "D08_svm_correct_scores_not_a_column",
        L,
        "    correct = x[np.arange(N), y][:, None]\n",
        "    correct = x[np.arange(N), y]\n",
        "svm_loss",
        ["[:, none]", "column", "broadcast", "(n, 1)", "keepdims", "newaxis"],
    ),
    (
        "D09_svm_counts_zero_margins",
        L,
        "    positive = (margins > 0).astype(x.dtype)\n",
        "    positive = (margins >= 0).astype(x.dtype)\n",
        "svm_loss",
        [
            "> 0, not >=",
            ">= 0",
            "strictly",
            "zero margin",
            "margins of 0",
            "margin is 0",
            "margins equal",
            "equal to 0",
            "equal to zero",
        ],
    ),
    (
        "D10_sgd_momentum_without_learning_rate",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["momentum"] * v - dw\n',
        "sgd_momentum",
        ["learning_rate", "learning rate", "step size"],
    ),
    (
        "D11_sgd_momentum_step_with_old_velocity",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n    next_w = w + v\n',
        '    next_w = w + v\n    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        "sgd_momentum",
        [
            "old velocity",
            "previous velocity",
            "before updating",
            "before the velocity",
            "v first",
            "order",
            "updated velocity",
            "new velocity",
        ],
    ),
    (
        "D12_rmsprop_cache_not_written_back",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) '
        '+ config["epsilon"])\n',
        '    cache = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])\n',
        "rmsprop",
        [
            "store",
            "written back",
            "write",
            "config['cache']",
            'config["cache"]',
            "unchanged",
            "not updated",
            "save",
        ],
    ),
    (
        "D13_rmsprop_cache_plus_equals",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    config["cache"] += decay * config["cache"] + (1 - decay) * dw**2\n',
        "rmsprop",
        ["+=", "instead of replac", "= instead", "grows", "1 + decay"],
    ),
    (
        "D14_adam_v_of_dw_not_squared",
        O,
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n',
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * dw\n',
        "adam",
        ["square", "dw**2", "dw * dw", "dw squared", "dw ** 2"],
    ),
    (
        "D15_adam_without_square_root_of_v",
        O,
        "    correction = (1 - beta2**t) ** 0.5\n"
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n'
        '    next_w = w - step_size * config["m"] / (np.sqrt(config["v"]) + config["epsilon"] '
        "* correction)\n",
        '    m_hat = config["m"] / (1 - beta1**t)\n'
        '    v_hat = config["v"] / (1 - beta2**t)\n'
        '    next_w = w - config["learning_rate"] * m_hat / (v_hat + config["epsilon"])\n',
        "adam",
        ["sqrt", "square root", "root"],
    ),
    (
        "D16_fc_init_weights_fan_out_by_fan_in",
        F,
        '            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)\n',
        '            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_out, fan_in)\n',
        "FullyConnectedNet.__init__",
        ["transpos", "swap", "(fan_in, fan_out)", "order", "exchanged"],
    ),
    (
        "D17_fc_loss_reg_skips_last_layer",
        F,
        "        for i in range(1, L + 1):\n",
        "        for i in range(1, L):\n",
        "FullyConnectedNet.loss",
        [
            *REG_CAUSES,
            "last layer",
            "output layer",
            "range",
            "off by one",
            "off-by-one",
            "every weight",
        ],
    ),
    (
        "D18_fc_loss_every_layer_fed_X",
        F,
        '                hidden,\n                self.params[f"W{i}"],\n',
        '                X,\n                self.params[f"W{i}"],\n',
        "FullyConnectedNet.loss",
        [
            "previous layer",
            "x instead",
            "instead of hidden",
            "loop variable",
            "same input",
            "output of layer",
            "network input",
            "output of the previous",
        ],
    ),
    (
        "D19_two_layer_init_W2_rows_from_input_dim",
        F,
        '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n',
        '        self.params["W2"] = weight_scale * np.random.randn(input_dim, num_classes)\n',
        "TwoLayerNet.__init__",
        ["hidden_dim", "input_dim", "(h, c)", "hidden size", "rows of w2", "first axis"],
    ),
    (
        "D20_two_layer_init_W2_drawn_before_W1",
        F,
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n'
        '        self.params["b1"] = np.zeros(hidden_dim)\n'
        '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n',
        '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n'
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n'
        '        self.params["b1"] = np.zeros(hidden_dim)\n',
        "TwoLayerNet.__init__",
        ["order", "w1 first", "before w2", "after w2", "in this order", "swap", "sequence"],
    ),
    (
        "D21_two_layer_loss_reg_on_biases_too",
        F,
        '        for name in ("W1", "W2"):\n',
        '        for name in ("W1", "b1", "W2", "b2"):\n',
        "TwoLayerNet.loss",
        [*REG_CAUSES, "bias", "b1", "b2", "weights only", "only the weight"],
    ),
    # ---------------------------------------------------------------- BatchNormalization
    (
        "D22_bn_forward_running_stats_into_dict_overwritten",
        L,
        "        running_mean = momentum * running_mean + (1 - momentum) * mean\n"
        "        running_var = momentum * running_var + (1 - momentum) * var\n",
        '        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean\n'
        '        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var\n',
        "batchnorm_forward",
        [
            "running_mean",
            "running mean",
            "running average",
            "running statistic",
            "running_var",
            "not updated",
            "overwrit",
            "local variable",
            "never change",
            "stay at zero",
            "stays zero",
        ],
    ),
    (
        "D23_bn_backward_dgamma_not_summed",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n    dxc =",
        "    dgamma = dout * x_hat\n    dx_hat = dout * gamma\n    dxc =",
        "batchnorm_backward",
        [
            "sum over",
            "summed over",
            "not summed",
            "batch axis",
            "axis 0",
            "axis=0",
            "over the batch",
            "each example",
        ],
    ),
    (
        "D24_bn_backward_mean_path_sign",
        L,
        "    dx = dxc + dmean / N  # mean = sum(x) / N\n",
        "    dx = dxc - dmean / N  # mean = sum(x) / N\n",
        "batchnorm_backward",
        ["sign", "minus instead of plus", "subtracted instead of added", "opposite", "negat"],
    ),
    (
        "D25_bn_backward_xc_times_inv_std",
        L,
        "    xc = x_hat / inv_std\n",
        "    xc = x_hat * inv_std\n",
        "batchnorm_backward",
        ["xc", "x - mean", "centered", "x_hat / inv_std", "divide by inv_std", "recover"],
    ),
    (
        "D26_bn_alt_mean_form_last_term_summed",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat)"
        ".sum(axis=0))\n",
        "    dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat)"
        ".sum(axis=0))\n",
        "batchnorm_backward_alt",
        [
            "last term",
            "third term",
            "1/n",
            "1 / n",
            "/ n",
            "n times",
            "(dx_hat * x_hat).mean",
            "mean of dx_hat * x_hat",
        ],
    ),
    (
        "D27_bn_alt_dgamma_from_dx_hat",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n    dx = inv_std / N",
        "    dx_hat = dout * gamma\n    dgamma = (dx_hat * x_hat).sum(axis=0)\n    dx = inv_std / N",
        "batchnorm_backward_alt",
        [
            "times gamma",
            "multiplied by gamma",
            "factor gamma",
            "by gamma",
            "gamma times",
            "dout * x_hat",
            "dout, not",
        ],
    ),
    (
        "D28_ln_forward_unbiased_variance",
        L,
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n",
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True, ddof=1) + eps)\n",
        "layernorm_forward",
        ["n-1", "n - 1", "d-1", "d - 1", "ddof", "unbiased", "biased"],
    ),
    (
        "D29_ln_backward_by_hand_without_mean_term",
        L,
        "    ones = np.ones(x_hat.shape[0], dtype=x_hat.dtype)\n"
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n"
        "    dx = dx_t.T\n",
        "    dx_hat = dout * gamma\n"
        "    dx = inv_std * (dx_hat - x_hat * (dx_hat * x_hat).mean(axis=1, keepdims=True))\n",
        "layernorm_backward",
        [
            "mean of dx_hat",
            "sum of dx_hat",
            "dx_hat.sum",
            "dx_hat.mean",
            "mean term",
            "centering term",
            "mean path",
            "through the mean",
        ],
    ),
    (
        "D30_ln_backward_by_hand_batch_size_for_feature_count",
        L,
        "    ones = np.ones(x_hat.shape[0], dtype=x_hat.dtype)\n"
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n"
        "    dx = dx_t.T\n",
        "    dx_hat = dout * gamma\n"
        "    N = x_hat.shape[0]\n"
        "    dx = inv_std / N * (\n"
        "        N * dx_hat\n"
        "        - dx_hat.sum(axis=1, keepdims=True)\n"
        "        - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True)\n"
        "    )\n",
        "layernorm_backward",
        [
            "number of features",
            "feature count",
            "n instead of d",
            "instead of d",
            "by d",
            "features per",
            "batch size",
            "x_hat.shape[1]",
        ],
    ),
    (
        "D31_fc_loss_bn_relu_before_normalization",
        F,
        _FC_FORWARD_CALL
        + _FC_DROPOUT_AND_CACHE
        + _FC_SCORES
        + _FC_BETWEEN
        + _FC_LAST_BACKWARD
        + _FC_BACKWARD_LOOP_HEAD
        + _FC_BACKWARD_CALL,
        '            a, fc_cache = affine_forward(hidden, self.params[f"W{i}"], self.params[f"b{i}"])\n'
        "            hidden, relu_cache = relu_forward(a)\n"
        "            norm_cache = None\n"
        '            if self.normalization == "batchnorm":\n'
        "                hidden, norm_cache = batchnorm_forward(\n"
        '                    hidden, self.params[f"gamma{i}"], self.params[f"beta{i}"], '
        "self.bn_params[i - 1]\n"
        "                )\n"
        '            elif self.normalization == "layernorm":\n'
        "                hidden, norm_cache = layernorm_forward(\n"
        '                    hidden, self.params[f"gamma{i}"], self.params[f"beta{i}"], '
        "self.bn_params[i - 1]\n"
        "                )\n"
        "            cache = (fc_cache, relu_cache, norm_cache)\n"
        + _FC_DROPOUT_AND_CACHE
        + _FC_SCORES
        + _FC_BETWEEN
        + _FC_LAST_BACKWARD
        + _FC_BACKWARD_LOOP_HEAD
        + "            fc_cache, relu_cache, norm_cache = cache\n"
        "            norm_grads = []\n"
        '            if self.normalization == "batchnorm":\n'
        "                dout, dgamma, dbeta = batchnorm_backward_alt(dout, norm_cache)\n"
        "                norm_grads = [dgamma, dbeta]\n"
        '            elif self.normalization == "layernorm":\n'
        "                dout, dgamma, dbeta = layernorm_backward(dout, norm_cache)\n"
        "                norm_grads = [dgamma, dbeta]\n"
        "            dout = relu_backward(dout, relu_cache)\n"
        "            dout, dw, db = affine_backward(dout, fc_cache)\n"
        "            param_grads = [dw, db, *norm_grads]\n",
        "FullyConnectedNet.loss[batchnorm]",
        [
            "order",
            "before the relu",
            "after the relu",
            "relu before",
            "before relu",
            "after relu",
            "norm before",
            "affine - norm - relu",
            "affine - batchnorm - relu",
        ],
    ),
    (
        "D32_fc_loss_ln_normalization_skipped",
        F,
        "                self.normalization,\n            )\n",
        "                self.normalization if self.normalization == 'batchnorm' else None,\n"
        "            )\n",
        "FullyConnectedNet.loss[layernorm]",
        [
            "layer norm is not",
            "layernorm is not",
            "layernorm not",
            "without layer norm",
            "without layernorm",
            "no layernorm",
            "not normaliz",
            "no normaliz",
            "without normaliz",
            "normalization is not applied",
            "skipp",
            "unused",
            "never used",
        ],
    ),
    # ---------------------------------------------------------------- Dropout
    (
        "D33_dropout_forward_masks_x_in_place",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n        out = x * mask\n",
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n        x *= mask\n        out = x\n",
        "dropout_forward",
        IN_PLACE,
    ),
    (
        "D34_dropout_backward_forgets_dout",
        L,
        "    dx = dout * mask\n",
        "    dx = mask\n",
        "dropout_backward",
        FORGETS_DOUT,
    ),
    (
        "D35_fc_loss_dropout_on_scores_too",
        F,
        _FC_SCORES + _FC_BETWEEN + _FC_LAST_BACKWARD,
        _FC_SCORES + "        if self.use_dropout:\n"
        "            scores, scores_dropout_cache = dropout_forward(scores, self.dropout_param)\n"
        + _FC_BETWEEN
        + "        if self.use_dropout:\n"
        "            dout = dropout_backward(dout, scores_dropout_cache)\n" + _FC_LAST_BACKWARD,
        "FullyConnectedNet.loss[dropout]",
        [
            "on the scores",
            "to the scores",
            "after the last affine",
            "last layer",
            "output layer",
            "final layer",
            "hidden layers only",
            "only after hidden",
            "only the hidden",
        ],
    ),
    # ---------------------------------------------------------------- ConvolutionalNetworks
    (
        "D36_conv_forward_integer_output_array",
        L,
        "    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w))\n",
        "    out = np.zeros((N, F, H_out, W_out), dtype=int)\n",
        "conv_forward_naive",
        ["integer", "dtype", "truncat", "float", "rounded", "int)"],
    ),
    (
        "D37_conv_forward_window_rows_and_cols_swapped",
        L,
        "                    window = x_pad[n, :, i * stride : i * stride + HH, "
        "j * stride : j * stride + WW]\n"
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    window = x_pad[n, :, j * stride : j * stride + HH, "
        "i * stride : i * stride + WW]\n"
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "conv_forward_naive",
        [
            "swap",
            "transpos",
            "i and j",
            "rows and columns",
            "exchanged",
            "h and w",
            "height and width",
        ],
    ),
    (
        "D38_conv_backward_dw_dout_indices_swapped",
        L,
        "                    dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]\n",
        "                    dw[f] += x_pad[n, :, rows, cols] * dout[n, f, j, i]\n",
        "conv_backward_naive",
        ["swap", "i and j", "dout[n, f, i, j]", "exchanged", "transpos", "loop variable"],
    ),
    (
        "D39_max_pool_forward_output_indices_swapped",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, j, i] = window.max(axis=(2, 3))\n",
        "max_pool_forward_naive",
        ["swap", "transpos", "i and j", "rows and columns", "exchanged", "out[:, :, i, j]"],
    ),
    (
        "D40_max_pool_forward_range_misses_last_window",
        L,
        "    for i in range(H_out):\n"
        "        for j in range(W_out):\n"
        "            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]\n"
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "    for top in range(0, H - ph, stride):\n"
        "        for left in range(0, W - pw, stride):\n"
        "            window = x[:, :, top : top + ph, left : left + pw]\n"
        "            out[:, :, top // stride, left // stride] = window.max(axis=(2, 3))\n",
        "max_pool_forward_naive",
        [
            "last row",
            "last column",
            "last window",
            "range",
            "off by one",
            "off-by-one",
            "border",
            "edge",
        ],
    ),
    (
        "D41_max_pool_backward_routes_one_not_dout",
        L,
        "            dx[n_idx, c_idx, rows, cols] += dout[:, :, i, j]\n",
        "            dx[n_idx, c_idx, rows, cols] += 1\n",
        "max_pool_backward_naive",
        FORGETS_DOUT,
    ),
    (
        "D42_spatial_bn_forward_one_row_per_channel",
        L,
        "    x_rows = x.transpose(0, 2, 3, 1).reshape(-1, C)  # one row per (n, h, w)\n",
        "    x_rows = x.transpose(1, 0, 2, 3).reshape(C, -1)\n",
        "spatial_batchnorm_forward",
        [
            "(n*h*w, c)",
            "(n * h * w, c)",
            "one row per",
            "transpos",
            "channels last",
            "per column",
            "channel axis",
            "(c, n*h*w)",
            "(c, n * h * w)",
        ],
    ),
    (
        "D43_spatial_bn_backward_dgamma_dbeta_unpacked_swapped",
        L,
        "    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)\n",
        "    dx_rows, dbeta, dgamma = batchnorm_backward_alt(dout_rows, cache)\n",
        "spatial_batchnorm_backward",
        ["swap", "exchanged", "order", "each other", "unpack"],
    ),
    (
        "D44_groupnorm_forward_without_beta",
        L,
        "    out = gamma * x_hat + beta\n    cache = (x_hat, gamma, ln_cache)\n",
        "    out = gamma * x_hat\n    cache = (x_hat, gamma, ln_cache)\n",
        "spatial_groupnorm_forward",
        ["beta", "shift", "offset"],
    ),
    (
        "D45_groupnorm_backward_without_gamma",
        L,
        "    dx_hat_groups = (dout * gamma).reshape(ln_cache[0].shape)\n",
        "    dx_hat_groups = dout.reshape(ln_cache[0].shape)\n",
        "spatial_groupnorm_backward",
        [
            "dout * gamma",
            "times gamma",
            "by gamma",
            "multiplied by gamma",
            "gamma missing",
            "without gamma",
            "forgot gamma",
            "gamma is missing",
            "scale by gamma",
        ],
    ),
    (
        "D46_conv_net_init_float_pooled_size",
        C,
        "        pooled_size = num_filters * (H // 2) * (W // 2)\n",
        "        pooled_size = num_filters * (H / 2) * (W / 2)\n",
        "ThreeLayerConvNet.__init__",
        ["integer", "//", "int(", "float"],
    ),
    (
        "D47_conv_net_loss_dscores_divided_by_N_again",
        C,
        "        loss, dscores = softmax_loss(scores, y)\n",
        "        loss, dscores = softmax_loss(scores, y)\n        dscores /= X.shape[0]\n",
        "ThreeLayerConvNet.loss",
        ["n times", "1/n", "1 / n", "/ n", "divid", "averag", "already", "twice"],
    ),
    # ---------------------------------------------------------------- added after the first run
    # of verify.py (no hint seen; causes written before any grader run)
    (
        "D48_fc_init_ln_gamma_beta_keys_with_underscore",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n'
        '                self.params[f"beta{i}"] = np.zeros(fan_out)\n',
        '                self.params[f"gamma_{i}"] = np.ones(fan_out)\n'
        '                self.params[f"beta_{i}"] = np.zeros(fan_out)\n',
        "FullyConnectedNet.__init__[layernorm]",
        ["key", "named", "name", "underscore", "gamma_1", "spelled", "spelt"],
    ),
    (
        "D49_dropout_forward_mask_cached_without_scale",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n        out = x * mask\n",
        "        mask = (rand(*x.shape) < p).astype(x.dtype)\n        out = x * mask / p\n",
        "dropout_backward",
        ["cache", "cached mask", "stored mask", "1/p", "1 / p", "/ p", "p times", "factor p"],
    ),
    (
        "D50_fc_loss_dropout_on_the_input_too",
        F,
        "        hidden = X\n",
        "        hidden = X\n"
        "        if self.use_dropout:\n"
        "            hidden, _ = dropout_forward(X, self.dropout_param)\n",
        "FullyConnectedNet.loss[dropout]",
        [
            "on the input",
            "to the input",
            "input x",
            "before the first layer",
            "first affine",
            "hidden layers only",
            "only after",
            "only the hidden",
        ],
    ),
]

CAUSE_D = {
    "D01_affine_forward_elementwise_product": (
        "The flattened x and w are multiplied elementwise (*) instead of with a matrix product "
        "(@ / np.dot); the shapes (N, D) and (D, M) do not broadcast."
    ),
    "D02_affine_backward_dx_transposed_then_reshaped": (
        "dx is computed as w @ dout.T, which is (D, N), the transpose of dout @ w.T; reshaping it "
        "to x's shape hides the wrong shape but scrambles the values."
    ),
    "D03_relu_forward_flattened": (
        "The ReLU output is reshaped to (N, -1); it must keep the shape of x."
    ),
    "D04_relu_backward_boolean_indexing": (
        "dout[x > 0] selects the entries where x > 0 into a 1-D array instead of multiplying dout "
        "by the mask, so dx does not have the shape of x."
    ),
    "D05_softmax_loss_without_minus_sign": (
        "The loss is the mean log-probability of the correct class without the minus sign (the "
        "loss is the negative of what it should be; dx is right)."
    ),
    "D06_softmax_dx_divided_before_minus_one": (
        "dx is divided by N before 1 is subtracted at the correct class, so that entry gets -1 "
        "instead of -1/N."
    ),
    "D07_svm_dx_not_averaged": (
        "dx is not divided by N, while the loss is averaged over the batch: dx is N times too "
        "large."
    ),
    "D08_svm_correct_scores_not_a_column": (
        "The correct-class scores are a vector of shape (N,) instead of a column (N, 1), so x - "
        "correct does not broadcast row by row."
    ),
    "D09_svm_counts_zero_margins": (
        "The mask of counted margins uses >= 0 instead of > 0, so every zero margin (including "
        "the correct class) is counted in dx."
    ),
    "D10_sgd_momentum_without_learning_rate": (
        "The velocity update forgets to multiply dw by the learning rate."
    ),
    "D11_sgd_momentum_step_with_old_velocity": (
        "w is moved by the old velocity before the velocity is updated; the step must use the "
        "new velocity (config['velocity'] is right)."
    ),
    "D12_rmsprop_cache_not_written_back": (
        "The new cache is kept in a local variable only; config['cache'] is never updated "
        "(next_w is right)."
    ),
    "D13_rmsprop_cache_plus_equals": (
        "config['cache'] += ... adds the new moving average to the old cache instead of replacing "
        "it (=), so the cache grows by (1 + decay) * cache each step."
    ),
    "D14_adam_v_of_dw_not_squared": (
        "The second moment v averages dw instead of dw**2 (v can become negative and its square "
        "root NaN)."
    ),
    "D15_adam_without_square_root_of_v": (
        "The step divides m_hat by v_hat + eps instead of by sqrt(v_hat) + eps."
    ),
    "D16_fc_init_weights_fan_out_by_fan_in": (
        "Each weight matrix is drawn with shape (fan_out, fan_in) instead of (fan_in, fan_out)."
    ),
    "D17_fc_loss_reg_skips_last_layer": (
        "The regularization loop runs over range(1, L) and leaves out the last layer's weights W_L "
        "(loss and its gradient)."
    ),
    "D18_fc_loss_every_layer_fed_X": (
        "Every hidden layer is given the network input X instead of the previous layer's output "
        "hidden (wrong variable), so layer 2 gets inputs of the wrong size."
    ),
    "D19_two_layer_init_W2_rows_from_input_dim": (
        "W2 is drawn with input_dim rows instead of hidden_dim (its input is the hidden layer)."
    ),
    "D20_two_layer_init_W2_drawn_before_W1": (
        "W2 is drawn from the random generator before W1, not in the asked order W1 then W2, so "
        "with a fixed seed both get other values (shapes and scale are right)."
    ),
    "D21_two_layer_loss_reg_on_biases_too": (
        "The L2 regularization (loss and gradient) is applied to the biases b1 and b2 too, not "
        "only to the weights."
    ),
    "D22_bn_forward_running_stats_into_dict_overwritten": (
        "The running averages are written into bn_param directly, but the local running_mean / "
        "running_var are stored at the end and overwrite them, so they never change (train "
        "output right, test output and running statistics wrong)."
    ),
    "D23_bn_backward_dgamma_not_summed": (
        "dgamma is dout * x_hat without the sum over the batch axis: shape (N, D) instead of (D,)."
    ),
    "D24_bn_backward_mean_path_sign": (
        "The gradient through the mean is subtracted instead of added (dx = dxc - dmean / N; "
        "dmean already holds the minus sign)."
    ),
    "D25_bn_backward_xc_times_inv_std": (
        "The centered input xc is recovered as x_hat * inv_std instead of x_hat / inv_std."
    ),
    "D26_bn_alt_mean_form_last_term_summed": (
        "In the mean form of the closed formula the last term uses the sum of dx_hat * x_hat "
        "instead of its mean (that term is N times too large)."
    ),
    "D27_bn_alt_dgamma_from_dx_hat": (
        "dgamma sums dx_hat * x_hat (dout already multiplied by gamma) instead of dout * x_hat: "
        "dgamma is gamma times too large."
    ),
    "D28_ln_forward_unbiased_variance": (
        "The per-example variance is the unbiased one (ddof=1, divided by D - 1) instead of the "
        "biased one (divided by D)."
    ),
    "D29_ln_backward_by_hand_without_mean_term": (
        "The hand-written dx forgets the term through the mean: the mean of dx_hat over the "
        "features must be subtracted too."
    ),
    "D30_ln_backward_by_hand_batch_size_for_feature_count": (
        "The hand-written closed form (sums over the features, axis 1) uses N, the number of "
        "examples, where D, the number of features, belongs."
    ),
    "D31_fc_loss_bn_relu_before_normalization": (
        "The hidden layers apply the ReLU before the batch normalization (affine - relu - norm) "
        "instead of affine - norm - relu."
    ),
    "D32_fc_loss_ln_normalization_skipped": (
        "The forward pass passes normalization only for 'batchnorm', so a layernorm network runs "
        "without layer normalization (and gets no gamma/beta gradients)."
    ),
    "D33_dropout_forward_masks_x_in_place": (
        "x *= mask changes the caller's x in place (out is x itself), so the input is modified "
        "and a later call on the same x (e.g. test mode) sees the masked values."
    ),
    "D34_dropout_backward_forgets_dout": (
        "dx is the mask alone; it must be dout times the mask (the upstream gradient is dropped)."
    ),
    "D35_fc_loss_dropout_on_scores_too": (
        "Dropout is also applied to the output scores (after the last affine layer); it belongs "
        "only after the hidden layers' ReLUs."
    ),
    "D36_conv_forward_integer_output_array": (
        "The output array is created with an integer dtype, so every convolution result is "
        "truncated to an integer."
    ),
    "D37_conv_forward_window_rows_and_cols_swapped": (
        "The window's rows use j and its columns use i (loop variables exchanged), so out[i, j] "
        "holds the result of window (j, i): the output is transposed spatially."
    ),
    "D38_conv_backward_dw_dout_indices_swapped": (
        "dw multiplies each window by dout[n, f, j, i] instead of dout[n, f, i, j] (i and j "
        "exchanged); dx and db are right."
    ),
    "D39_max_pool_forward_output_indices_swapped": (
        "The maximum of window (i, j) is stored at out[:, :, j, i] (indices exchanged): the output "
        "is transposed spatially."
    ),
    "D40_max_pool_forward_range_misses_last_window": (
        "The loops run over range(0, H - ph, stride), whose end excludes the last window, so the "
        "last row and column of the output stay 0."
    ),
    "D41_max_pool_backward_routes_one_not_dout": (
        "Each window's max position gets 1 instead of the upstream gradient dout[:, :, i, j]."
    ),
    "D42_spatial_bn_forward_one_row_per_channel": (
        "x is reshaped to (C, N*H*W), one row per channel, instead of (N*H*W, C), one column per "
        "channel, before batchnorm_forward (transpose missing)."
    ),
    "D43_spatial_bn_backward_dgamma_dbeta_unpacked_swapped": (
        "The result of batchnorm_backward_alt is unpacked as (dx, dbeta, dgamma), so dgamma and "
        "dbeta are exchanged."
    ),
    "D44_groupnorm_forward_without_beta": (
        "The output is not shifted by beta (out = gamma * x_hat)."
    ),
    "D45_groupnorm_backward_without_gamma": (
        "dout is not multiplied by gamma before going back through the group standardization, so "
        "dx misses the factor gamma (dgamma, dbeta right)."
    ),
    "D46_conv_net_init_float_pooled_size": (
        "The pooled size uses true division (H / 2), a float, which np.random.randn refuses as a "
        "dimension; it needs integer division //."
    ),
    "D47_conv_net_loss_dscores_divided_by_N_again": (
        "dscores from softmax_loss is divided by N again although softmax_loss already averages "
        "over the batch: the data part of every gradient is N times too small."
    ),
    "D48_fc_init_ln_gamma_beta_keys_with_underscore": (
        "gamma and beta are stored under the keys 'gamma_1', 'beta_1', ... instead of 'gamma1', "
        "'beta1', ... (values and shapes right, names wrong)."
    ),
    "D49_dropout_forward_mask_cached_without_scale": (
        "The output is divided by p, but the mask kept in the cache is the plain 0/1 mask, so the "
        "backward pass (dout * mask) misses the 1/p scale (forward output right)."
    ),
    "D50_fc_loss_dropout_on_the_input_too": (
        "Dropout is also applied to the input X before the first affine layer; it belongs only "
        "after the hidden layers' ReLUs."
    ),
}

CORRECT_D = [
    (
        "CD01_relu_forward_clip",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = np.clip(x, 0, None)\n",
        "relu_forward",
    ),
    (
        "CD02_relu_backward_heaviside",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = dout * np.heaviside(x, 0)\n",
        "relu_backward",
    ),
    (
        "CD03_affine_forward_einsum",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        '    out = np.einsum("nd,dm->nm", x.reshape(x.shape[0], -1), w) + b\n',
        "affine_forward",
    ),
    (
        "CD04_softmax_loss_log_sum_exp_minus_correct",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = np.mean(np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(N), y])\n",
        "softmax_loss",
    ),
    (
        "CD05_svm_margins_with_where",
        L,
        "    margins = np.maximum(0, x - correct + 1.0)\n",
        "    raw = x - correct + 1.0\n    margins = np.where(raw > 0, raw, 0.0)\n",
        "svm_loss",
    ),
    (
        "CD06_rmsprop_cache_as_increment",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    config["cache"] = config["cache"] + (1 - decay) * (dw**2 - config["cache"])\n',
        "rmsprop",
    ),
    (
        "CD07_bn_forward_running_averages_in_place",
        L,
        "        running_mean = momentum * running_mean + (1 - momentum) * mean\n"
        "        running_var = momentum * running_var + (1 - momentum) * var\n",
        "        running_mean *= momentum\n"
        "        running_mean += (1 - momentum) * mean\n"
        "        running_var *= momentum\n"
        "        running_var += (1 - momentum) * var\n",
        "batchnorm_forward",
    ),
    (
        "CD08_bn_backward_dmean_before_variance_path",
        L,
        "    dxc += dvar * 2 * xc / N  # var = sum(xc**2) / N\n"
        "    dmean = -dxc.sum(axis=0)  # xc = x - mean\n",
        "    dmean = -dxc.sum(axis=0)  # the variance path sums to 0 over the batch\n"
        "    dxc += dvar * 2 * xc / N  # var = sum(xc**2) / N\n",
        "batchnorm_backward",
    ),
    (
        "CD09_bn_alt_from_dgamma_and_dbeta",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat)"
        ".sum(axis=0))\n",
        "    dx = inv_std * (dx_hat - gamma * (dbeta + x_hat * dgamma) / N)\n",
        "batchnorm_backward_alt",
    ),
    (
        "CD10_ln_forward_variance_written_out",
        L,
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n",
        "    inv_std = 1.0 / np.sqrt(((x - mean) ** 2).mean(axis=1, keepdims=True) + eps)\n",
        "layernorm_forward",
    ),
    (
        "CD11_dropout_forward_scale_then_cast",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = ((rand(*x.shape) < p) / p).astype(x.dtype)\n",
        "dropout_forward",
    ),
    (
        "CD12_conv_forward_dot_of_raveled_window",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = np.dot(window.ravel(), w[f].ravel()) + b[f]\n",
        "conv_forward_naive",
    ),
    (
        "CD13_max_pool_forward_max_twice",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = window.max(axis=3).max(axis=2)\n",
        "max_pool_forward_naive",
    ),
    (
        "CD14_groupnorm_backward_dbeta_reshaped",
        L,
        "    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)\n",
        "    dbeta = dout.sum(axis=(0, 2, 3)).reshape(1, -1, 1, 1)\n",
        "spatial_groupnorm_backward",
    ),
    (
        "CD15_fc_init_bn_gamma_ones_like_bias",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.ones_like(self.params[f"b{i}"])\n',
        "FullyConnectedNet.__init__[batchnorm]",
    ),
    (
        "CD16_two_layer_loss_relu_backward_by_hand",
        F,
        '        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)\n',
        "        fc_cache, relu_cache = hidden_cache\n"
        "        dpre = relu_backward(dhidden, relu_cache)\n"
        '        _, grads["W1"], grads["b1"] = affine_backward(dpre, fc_cache)\n',
        "TwoLayerNet.loss",
    ),
    (
        "CD17_fc_loss_reg_loss_in_one_sum",
        F,
        "        for i in range(1, L + 1):\n"
        '            W = self.params[f"W{i}"]\n'
        "            loss += 0.5 * self.reg * np.sum(W * W)\n"
        '            grads[f"W{i}"] += self.reg * W\n',
        '        weights = [self.params[f"W{i}"] for i in range(1, L + 1)]\n'
        "        loss += 0.5 * self.reg * sum(np.sum(W**2) for W in weights)\n"
        "        for i, W in enumerate(weights, start=1):\n"
        '            grads[f"W{i}"] += self.reg * W\n',
        "FullyConnectedNet.loss",
    ),
    (
        "CD18_conv_net_loss_reg_with_norm_squared",
        C,
        "            loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)\n",
        "            loss += 0.5 * self.reg * np.linalg.norm(self.params[name]) ** 2\n",
        "ThreeLayerConvNet.loss",
    ),
    (
        "CD19_dropout_backward_kept_units_by_boolean_index",
        L,
        "    dx = dout * mask\n",
        "    kept = mask != 0\n"
        "    dx = np.zeros_like(dout)\n"
        "    dx[kept] = dout[kept] * mask[kept]\n",
        "dropout_backward",
    ),
]
