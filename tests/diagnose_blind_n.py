"""Set N: a blind held-out set of realistic student mistakes and correct alternatives.

Written without reading the diagnosis engine, its catalog, the grader, its checks or any hint
text: the only files read were the student files of /work/main (cs231n/layers.py, optim.py,
layer_utils.py, classifiers/fc_net.py, classifiers/cnn.py), /work/main/README.md, and in
/work/blindN set M as the model of format and docstring (model_set_m.py), the start of set L
(model_set_l.py: its docstring, for its list of check gaps and literal repeats), the head of
blind_head_AB.py, the ids of sets A-M per check (ids.py), harness.py and check_static.py. The
grader ran only through /work/blindN/harness.py (status only). No git history, test, result file,
log or other file of /work/main was read. Each entry was chosen from what students write in the
course forums and office hours (wrong axis or size, missing or extra 1/N, wrong key or variable,
in-place edits, off-by-one loops, argument order, transposes, forgotten terms, misread docstrings,
mode handling, cache contents, dtype and shape slips, exceptions such as KeyError, TypeError,
AttributeError and unpacking errors) and checked by name against ids.py so that it is not the
same as, or a near-variant of, an entry of sets A-M for the same check; the literal comparison is
/work/blindN/check_static.py. Same format as sets L and M:

    MISTAKES_N: (id, file, old, new, check, causes)
    CAUSE_N:    id -> the real cause in one plain sentence (for a judge reading the hints)
    CORRECT_N:  (id, file, old, new, check), each must pass with no hint

``old`` occurs exactly once in the instructor's version of ``file`` (where a line occurs more than
once, as ``dx /= N``, ``x_hat, inv_std, gamma = cache`` or the conv loops, ``old`` includes the
lines around it). Causes are lowercase phrases of which a hint naming the right cause contains at
least one. They were written before any grader run, avoiding bare array names and words that any
generic hint would contain ("order", "summed", "copy", "upstream gradient", "column", "scalar",
"per feature", "per example", the shape letters alone, echoes of an exception's text such as
"indexerror" when the exception is not the cause); entries whose cause is an exception (N04, N18,
N30, N40) do name it ("attributeerror", "dtype", "keyerror"), since a hint that names the missing
attribute or key names the cause. No cause phrase was changed after a run; the four replaced
entries got new causes with their new code.

Spread: FullyConnectedNets 23 mistakes (N01-N23), BatchNormalization 14 (N24-N37), Dropout 4
(N38-N41), ConvolutionalNetworks 19 (N42-N60); every one of the 35 graded checks has at least one
mistake (softmax_loss three; affine_backward, svm_loss, the three update rules,
FullyConnectedNet.__init__ and .loss, TwoLayerNet.loss, batchnorm_forward / backward / backward_alt,
layernorm_forward / backward, dropout_forward, and every ConvolutionalNetworks check but
ThreeLayerConvNet.__init__ two). 30 correct alternatives (N61-N90) cover 30 checks (not
max_pool_backward_naive, spatial_batchnorm_forward, spatial_batchnorm_backward,
spatial_groupnorm_forward, ThreeLayerConvNet.loss).

Replacements. Before any run, check_static found six literal repeats, replaced with new entries:
the mistake N12 (momentum * (v - lr * dw) = E08; now the learning rate read from a "lr" key with a
default, new causes) and the correct alternatives N69 (textbook m_hat / v_hat = CA10; now
np.power for the correction), N70 (dims by list concatenation = F80; now fan_in, fan_out by a
slice), N74 (variance written out = CA05; now the mean by einsum), N76 (closed form with means =
CA06; its first replacement, both sums divided once by N, = L75_ok; now the last sum by einsum) and
N87 (crop from the padded shape = CB04; now dw made by np.zeros with w's dtype). In the first
harness run all 30 correct alternatives passed and four mistakes passed the local grader (check
gaps); they were replaced with new entries and new causes:
N04 (relu_forward output cast to float32: the relu_forward check does not see a float32 result;
now x.maximum(0), an AttributeError), N27 (batchnorm_backward cache unpacked as
(x_hat, gamma, inv_std): passed, so the check's inputs apparently do not tell gamma and inv_std
apart; now dbeta = dout.sum() without axis), N31 (layernorm_forward centering the caller's x in
place with x -= mean: the layernorm_forward check does not see the change of its input; now
inv_std transposed to a row) and N43 (filter loop over range(C) instead of range(F) in
conv_forward_naive: the check's inputs apparently have C == F; now the result stored in
out[n, :, i, j] for every filter). In the final run every mistake fails and every correct
alternative passes.

Which inputs show the mistakes (from reading the code; nothing was run but the harness):
N04, N18, N20, N22, N33, N36, N40, N42, N50, N52, N56, N59 and N60 raise on any input; N17 and N34
leave the documented keys missing (W1..., gamma1...); N19 raises in training (the last layer's
cache cannot be unpacked) and gives ReLU'd scores in test mode; N37 raises only with a
normalization (five values into three), N41 only with dropout in training, N30 only when ln_param
has no "eps"; N01 raises unless x.shape[1] happens to give N rows; N03, N05 (2-d inputs) and N10
raise when N != C (or N != M, N != D) and are silently wrong or right otherwise; N29, N31 and N32
raise when N != D; N51 when W != C, N57 when H != C (wrong values otherwise); N54 when H * W != G;
N48 raises or gives wrong shapes (argmax along one window axis); N02, N07, N21, N27, N35, N38, N45
give wrong shapes or types; N12 shows only when learning_rate != 1e-2, N15 only when t > 1 (at
t = 1 beta1 * t = beta1**t); N13 gives the right values but changes the caller's w in place;
N16 gives NaN where m < 0; N24 shows only in test mode; N28 only when N != D; N39 keeps every
unit; N43 gives every filter channel the last filter's values; N44 leaves the last image's dx and
its share of dw out; N46 only with stride > 1; N47 only for windows whose values are all negative;
N49 leaves the last window of each row and column without gradient; N55 gives a constant output;
N58 gives W2 the wrong number of rows (its loss then raises) unless filter_size == num_filters;
the others give wrong values or gradients without raising.
"""

L = "cs231n/layers.py"
O = "cs231n/optim.py"  # noqa: E741
F = "cs231n/classifiers/fc_net.py"
C = "cs231n/classifiers/cnn.py"

IN_PLACE = ("in place", "in-place", "mutat", "caller's", "input array", "changes its input")

MISTAKES_N = [
    # ---- FullyConnectedNets
    (
        "N01_affine_forward_rows_from_second_axis",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.reshape(x.shape[1], -1) @ w + b\n",
        "affine_forward",
        ("x.shape[0]", "shape[1]", "batch size", "number of examples", "first axis"),
    ),
    (
        "N02_affine_backward_dw_np_outer_of_whole_batch",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    dw = np.outer(x.reshape(x.shape[0], -1), dout)\n",
        "affine_backward",
        ("np.outer", "outer product", "flattens", "whole batch", "x_flat.t @ dout", "one example"),
    ),
    (
        "N03_affine_backward_db_ones_of_class_length",
        L,
        "    db = dout.sum(axis=0)\n    # END SOLUTION\n    return dx, dw, db\n\n\ndef relu_forward",
        "    db = dout.T @ np.ones(dout.shape[1])\n    # END SOLUTION\n    return dx, dw, db\n\n\ndef relu_forward",
        "affine_backward",
        ("dout.shape[0]", "length n", "batch size", "ones of length", "number of classes"),
    ),
    (
        "N04_relu_forward_ndarray_maximum_method",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = x.maximum(0)\n",
        "relu_forward",
        ("attributeerror", "no attribute", "np.maximum(", "not a method", "x.maximum"),
    ),
    (
        "N05_relu_backward_np_dot_for_elementwise",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = np.dot(dout, x > 0)\n",
        "relu_backward",
        ("np.dot", "matrix product", "elementwise", "element-wise", "dot product"),
    ),
    (
        "N06_softmax_dx_rows_indexed_by_labels",
        L,
        "    dx[np.arange(N), y] -= 1\n",
        "    dx[y] -= 1\n",
        "softmax_loss",
        ("np.arange(n)", "dx[y]", "whole row", "row index", "rows chosen by the label", "rows"),
    ),
    (
        "N07_softmax_loss_vector_not_averaged",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = -log_probs[np.arange(N), y]\n",
        "softmax_loss",
        (
            "mean()",
            "not averaged",
            "a vector",
            "an array",
            "one loss per",
            "not a float",
            "single number",
        ),
    ),
    (
        "N08_softmax_log_of_quotient_as_quotient_of_logs",
        L,
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
        "    log_probs = shifted / np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
        "softmax_loss",
        (
            "log(a / b)",
            "log(a/b)",
            "log of a quotient",
            "difference of the logs",
            "subtract the log",
            "divides by the log",
            "divided by the log",
        ),
    ),
    (
        "N09_svm_dx_divided_by_class_count",
        L,
        "    dx[np.arange(N), y] -= positive.sum(axis=1)\n    dx /= N\n",
        "    dx[np.arange(N), y] -= positive.sum(axis=1)\n    dx /= x.shape[1]\n",
        "svm_loss",
        (
            "x.shape[1]",
            "number of classes",
            "class count",
            "batch size",
            "divided by c",
            "instead of n",
        ),
    ),
    (
        "N10_svm_correct_scores_by_column_indexing",
        L,
        "    correct = x[np.arange(N), y][:, None]\n",
        "    correct = x[:, y]\n",
        "svm_loss",
        ("np.arange(n)", "x[:, y]", "(n, n)", "every row", "pairs", "fancy index"),
    ),
    (
        "N11_sgd_momentum_next_w_is_velocity",
        O,
        "    next_w = w + v\n",
        "    next_w = v\n",
        "sgd_momentum",
        (
            "w + v",
            "forgot w",
            "without w",
            "only the velocity",
            "add the velocity to w",
            "velocity itself",
        ),
    ),
    (
        "N12_sgd_momentum_learning_rate_from_lr_key",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["momentum"] * v - config.get("lr", 1e-2) * dw\n',
        "sgd_momentum",
        (
            '"lr"',
            "'lr'",
            "learning_rate key",
            "config key",
            "default learning rate",
            "ignores the learning rate",
        ),
    ),
    (
        "N13_rmsprop_updates_w_in_place",
        O,
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])\n',
        '    w -= config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])\n'
        "    next_w = w\n",
        "rmsprop",
        IN_PLACE + ("w -=", "changed w", "modifies w"),
    ),
    (
        "N14_rmsprop_power_one_half_precedence",
        O,
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])\n',
        '    next_w = w - config["learning_rate"] * dw / (config["cache"] ** 1 / 2 + config["epsilon"])\n',
        "rmsprop",
        ("precedence", "** 1 / 2", "** 1/2", "parenthes", "(1 / 2)", "(1/2)", "halved instead of"),
    ),
    (
        "N15_adam_bias_correction_beta1_times_t",
        O,
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n',
        '    step_size = config["learning_rate"] * correction / (1 - beta1 * t)\n',
        "adam",
        ("beta1**t", "beta1 ** t", "power", "beta1 * t", "multiplied by t", "times t", "exponent"),
    ),
    (
        "N16_adam_denominator_sqrt_of_first_moment",
        O,
        '    next_w = w - step_size * config["m"] / (np.sqrt(config["v"]) + config["epsilon"] * correction)\n',
        '    next_w = w - step_size * config["m"] / (np.sqrt(config["m"]) + config["epsilon"] * correction)\n',
        "adam",
        (
            "sqrt(m)",
            "second moment",
            "instead of v",
            "copy-paste",
            "first moment in the denominator",
            "sqrt of m",
        ),
    ),
    (
        "N17_fc_init_weight_key_not_f_string",
        F,
        '            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)\n',
        '            self.params["W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)\n',
        "FullyConnectedNet.__init__",
        ("f-string", "f prefix", "literal", '"w{i}"', "'w{i}'", "not formatted", "braces"),
    ),
    (
        "N18_fc_init_bias_zeros_second_argument_is_dtype",
        F,
        '            self.params[f"b{i}"] = np.zeros(fan_out)\n',
        '            self.params[f"b{i}"] = np.zeros(fan_out, 1)\n',
        "FullyConnectedNet.__init__",
        ("dtype", "second argument", "shape tuple", "np.zeros((", "data type", "as a tuple"),
    ),
    (
        "N19_fc_loss_relu_on_output_layer",
        F,
        '        scores, scores_cache = affine_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])\n',
        '        scores, scores_cache = affine_relu_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])\n',
        "FullyConnectedNet.loss",
        (
            "affine_relu_forward",
            "relu on the scores",
            "output layer",
            "last layer",
            "no relu",
            "plain affine",
        ),
    ),
    (
        "N20_fc_loss_softmax_arguments_swapped",
        F,
        "        loss, dout = softmax_loss(scores, y)\n",
        "        loss, dout = softmax_loss(y, scores)\n",
        "FullyConnectedNet.loss",
        (
            "argument order",
            "swapped",
            "softmax_loss(scores, y)",
            "scores first",
            "exchanged",
            "order of the arguments",
        ),
    ),
    (
        "N21_two_layer_init_b2_column",
        F,
        '        self.params["b2"] = np.zeros(num_classes)\n',
        '        self.params["b2"] = np.zeros((num_classes, 1))\n',
        "TwoLayerNet.__init__",
        ("(c, 1)", "column vector", "1-d", "(num_classes,)", "2-d", "(num_classes, 1)"),
    ),
    (
        "N22_two_layer_hidden_layer_without_relu",
        F,
        '        hidden, hidden_cache = affine_relu_forward(X, self.params["W1"], self.params["b1"])\n',
        '        hidden, hidden_cache = affine_forward(X, self.params["W1"], self.params["b1"])\n',
        "TwoLayerNet.loss",
        (
            "affine_relu_forward",
            "no relu",
            "without relu",
            "hidden layer has no",
            "missing relu",
            "relu is missing",
        ),
    ),
    (
        "N23_two_layer_dscores_divided_by_N_again",
        F,
        '        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)\n',
        '        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores / X.shape[0], scores_cache)\n',
        "TwoLayerNet.loss",
        ("already averaged", "divided by n twice", "again", "twice", "extra 1/n", "second time"),
    ),
    # ---- BatchNormalization
    (
        "N24_bn_forward_test_running_mean_and_var_swapped",
        L,
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n",
        "        out = gamma * (x - running_var) / np.sqrt(running_mean + eps) + beta\n",
        "batchnorm_forward",
        (
            "swapped",
            "exchanged",
            "running_var instead",
            "mixed up",
            "running_mean and running_var",
            "running_var and running_mean",
        ),
    ),
    (
        "N25_bn_forward_output_from_x_not_x_hat",
        L,
        "        out = gamma * x_hat + beta\n",
        "        out = gamma * x + beta\n",
        "batchnorm_forward",
        ("x_hat", "normalized x", "unnormalized", "raw input", "gamma * x +", "not normalized"),
    ),
    (
        "N26_bn_backward_dx_hat_divided_by_gamma",
        L,
        "    dx_hat = dout * gamma\n    dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc\n",
        "    dx_hat = dout / gamma\n    dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc\n",
        "batchnorm_backward",
        (
            "/ gamma",
            "divides by gamma",
            "divided by gamma",
            "multiply by gamma",
            "multiplied by gamma",
            "times gamma",
        ),
    ),
    (
        "N27_bn_backward_dbeta_without_axis",
        L,
        "    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n    dxc",
        "    dbeta = dout.sum()\n    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n    dxc",
        "batchnorm_backward",
        ("axis=0", "axis 0", "one number", "single number", "whole array", "no axis"),
    ),
    (
        "N28_bn_alt_N_from_feature_axis",
        L,
        "    x_hat, inv_std, gamma = cache\n    N = dout.shape[0]\n    dbeta = dout.sum(axis=0)\n",
        "    x_hat, inv_std, gamma = cache\n    N = dout.shape[1]\n    dbeta = dout.sum(axis=0)\n",
        "batchnorm_backward_alt",
        (
            "shape[1]",
            "number of features",
            "batch size",
            "dout.shape[0]",
            "feature count",
            "instead of n",
        ),
    ),
    (
        "N29_bn_alt_sum_of_products_as_matrix_product",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat.T @ x_hat))\n",
        "batchnorm_backward_alt",
        ("matrix product", "diagonal", "(d, d)", "elementwise", "element-wise", "np.dot"),
    ),
    (
        "N30_ln_forward_eps_read_without_default",
        L,
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n    x_hat = (x - mean) * inv_std\n",
        '    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + ln_param["eps"])\n    x_hat = (x - mean) * inv_std\n',
        "layernorm_forward",
        ("keyerror", "'eps'", '"eps"', ".get(", "default", "optional"),
    ),
    (
        "N31_ln_forward_inv_std_transposed_to_row",
        L,
        "    x_hat = (x - mean) * inv_std\n    out = gamma * x_hat + beta\n    cache = (x_hat, inv_std, gamma)\n    # END SOLUTION\n    return out, cache\n\n\ndef layernorm_backward",
        "    x_hat = (x - mean) * inv_std.T\n    out = gamma * x_hat + beta\n    cache = (x_hat, inv_std, gamma)\n    # END SOLUTION\n    return out, cache\n\n\ndef layernorm_backward",
        "layernorm_forward",
        ("inv_std.t", "transpose", "(n, 1)", "(1, n)", "row vector"),
    ),
    (
        "N32_ln_backward_by_hand_sums_without_keepdims",
        L,
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n"
        "    dx = dx_t.T\n",
        "    dx_hat = dout * gamma\n"
        "    D = dx_hat.shape[1]\n"
        "    dx = inv_std / D * (D * dx_hat - dx_hat.sum(axis=1) - x_hat * (dx_hat * x_hat).sum(axis=1))\n",
        "layernorm_backward",
        ("keepdims", "(n, 1)", "[:, none]", "column vector", "reshape(-1, 1)"),
    ),
    (
        "N33_ln_backward_batchnorm_alt_arguments_swapped",
        L,
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n",
        "    dx_t, _, _ = batchnorm_backward_alt((x_hat.T, inv_std.T, ones), (dout * gamma).T)\n",
        "layernorm_backward",
        (
            "argument order",
            "swapped",
            "dout first",
            "exchanged",
            "order of the arguments",
            "cache second",
        ),
    ),
    (
        "N34_fc_init_bn_gamma_key_without_layer_number",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params["gamma"] = np.ones(fan_out)\n',
        "FullyConnectedNet.__init__[batchnorm]",
        ("layer number", "gamma{i}", "f-string", "one key", "same key", "overwrit"),
    ),
    (
        "N35_fc_init_ln_gamma_identity_matrix",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.eye(fan_out)\n',
        "FullyConnectedNet.__init__[layernorm]",
        ("np.eye", "identity matrix", "2-d", "one entry per", "vector of ones", "np.ones(fan_out)"),
    ),
    (
        "N36_fc_loss_bn_backward_given_cache_pair",
        F,
        "            dout, *param_grads = affine_norm_relu_backward(dout, cache)\n",
        "            dout, *param_grads = affine_norm_relu_backward(dout, caches[i - 1])\n",
        "FullyConnectedNet.loss[batchnorm]",
        (
            "pair",
            "(cache, dropout_cache)",
            "unpacked cache",
            "caches[i - 1]",
            "layer's own cache",
            "tuple of two",
        ),
    ),
    (
        "N37_fc_loss_ln_backward_unpacked_into_three",
        F,
        "            dout, *param_grads = affine_norm_relu_backward(dout, cache)\n",
        "            dout, dw, db = affine_norm_relu_backward(dout, cache)\n            param_grads = [dw, db]\n",
        "FullyConnectedNet.loss[layernorm]",
        (
            "too many values",
            "five values",
            "dgamma, dbeta",
            "returns five",
            "*param_grads",
            "gamma and beta gradients",
        ),
    ),
    # ---- Dropout
    (
        "N38_dropout_forward_boolean_index_keeps_selected",
        L,
        "        out = x * mask\n",
        "        out = x[mask > 0]\n",
        "dropout_forward",
        ("boolean index", "1-d", "selects", "flat array", "x * mask", "shape of x"),
    ),
    (
        "N39_dropout_forward_comparison_precedence",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = rand(*x.shape) < p / p\n",
        "dropout_forward",
        (
            "precedence",
            "parenthes",
            "p / p",
            "bracket",
            "nothing dropped",
            "all ones",
            "every unit kept",
        ),
    ),
    (
        "N40_dropout_backward_mask_from_param_dict",
        L,
        "    dx = dout * mask\n",
        '    dx = dout * dropout_param["mask"]\n',
        "dropout_backward",
        ("keyerror", "'mask'", '"mask"', "from the cache", "cache tuple", "not in dropout_param"),
    ),
    (
        "N41_fc_dropout_cache_overwrites_layer_cache",
        F,
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "                hidden, cache = dropout_forward(hidden, self.dropout_param)\n",
        "FullyConnectedNet.loss[dropout]",
        (
            "overwrit",
            "same name",
            "variable name",
            "dropout_cache",
            "layer's cache",
            "reuses the name",
        ),
    ),
    # ---- ConvolutionalNetworks
    (
        "N42_conv_forward_pad_width_for_two_axes",
        L,
        "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n    out = np.zeros(",
        "    x_pad = np.pad(x, ((pad, pad), (pad, pad)))\n    out = np.zeros(",
        "conv_forward_naive",
        ("pad_width", "four axes", "every axis", "(0, 0)", "4-d", "one pair per axis"),
    ),
    (
        "N43_conv_forward_output_stored_for_all_filters",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, :, i, j] = np.sum(window * w[f]) + b[f]\n",
        "conv_forward_naive",
        (
            "out[n, :, i, j]",
            "every filter",
            "last filter",
            "overwrit",
            "filter index",
            "all filters",
        ),
    ),
    (
        "N44_conv_backward_image_loop_misses_last",
        L,
        "    for n in range(N):\n        for f in range(F):\n            for i in range(H_out):\n"
        "                for j in range(W_out):\n                    rows = slice",
        "    for n in range(N - 1):\n        for f in range(F):\n            for i in range(H_out):\n"
        "                for j in range(W_out):\n                    rows = slice",
        "conv_backward_naive",
        (
            "off by one",
            "off-by-one",
            "last image",
            "range(n - 1)",
            "last example",
            "one image short",
        ),
    ),
    (
        "N45_conv_backward_db_not_summed_over_batch",
        L,
        "    db = dout.sum(axis=(0, 2, 3))\n",
        "    db = dout.sum(axis=(2, 3))\n",
        "conv_backward_naive",
        ("axis 0", "axis=0", "over the batch", "batch axis", "(n, f)", "every image"),
    ),
    (
        "N46_max_pool_forward_loop_steps_by_stride",
        L,
        "    for i in range(H_out):\n        for j in range(W_out):\n"
        "            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]\n"
        "            out[:, :, i, j]",
        "    for i in range(0, H_out, stride):\n        for j in range(0, W_out, stride):\n"
        "            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]\n"
        "            out[:, :, i, j]",
        "max_pool_forward_naive",
        (
            "range(h_out)",
            "stride twice",
            "steps by stride",
            "skips",
            "every output position",
            "loop step",
        ),
    ),
    (
        "N47_max_pool_forward_running_max_from_zero",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = np.maximum(out[:, :, i, j], window.max(axis=(2, 3)))\n",
        "max_pool_forward_naive",
        ("negative", "starts at 0", "starts at zero", "zero initial", "-inf", "initial value"),
    ),
    (
        "N48_max_pool_backward_argmax_of_unflattened_window",
        L,
        "            first_max = window.reshape(N, C, -1).argmax(axis=2)\n",
        "            first_max = window.argmax(axis=2)\n",
        "max_pool_backward_naive",
        ("reshape", "flatten", "one axis", "(n, c, -1)", "both window axes", "rows only"),
    ),
    (
        "N49_max_pool_backward_recomputed_size_without_plus_one",
        L,
        "    N, C, H_out, W_out = dout.shape\n",
        "    N, C, H, W = x.shape\n    H_out = (H - ph) // stride\n    W_out = (W - pw) // stride\n",
        "max_pool_backward_naive",
        ("+ 1", "plus one", "last window", "dout.shape", "off by one", "off-by-one"),
    ),
    (
        "N50_spatial_bn_forward_passes_x_not_rows",
        L,
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        "    out_rows, cache = batchnorm_forward(x, gamma, beta, bn_param)\n",
        "spatial_batchnorm_forward",
        ("x_rows", "4-d", "reshaped rows", "instead of the rows", "(n * h * w, c)", "(n*h*w, c)"),
    ),
    (
        "N51_spatial_bn_forward_gamma_broadcast_on_width",
        L,
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n"
        "    out = out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    ones, zeros = np.ones(C, dtype=x.dtype), np.zeros(C, dtype=x.dtype)\n"
        "    out_rows, cache = batchnorm_forward(x_rows, ones, zeros, bn_param)\n"
        "    out = gamma * out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2) + beta\n",
        "spatial_batchnorm_forward",
        (
            "last axis",
            "(1, c, 1, 1)",
            "[:, none, none]",
            "reshape(1, -1, 1, 1)",
            "width axis",
            "broadcast",
        ),
    ),
    (
        "N52_spatial_bn_backward_shape_from_cache",
        L,
        "    N, C, H, W = dout.shape\n",
        "    N, C, H, W = cache[0].shape\n",
        "spatial_batchnorm_backward",
        ("dout.shape", "cache[0]", "2-d", "not enough values", "x_hat rows", "shape of the rows"),
    ),
    (
        "N53_spatial_bn_backward_dgamma_copied_from_dbeta",
        L,
        "    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)\n",
        "    dx_rows, _, _ = batchnorm_backward_alt(dout_rows, cache)\n"
        "    dbeta = dout.sum(axis=(0, 2, 3))\n"
        "    dgamma = dout.sum(axis=(0, 2, 3))\n",
        "spatial_batchnorm_backward",
        (
            "x_hat",
            "dout * x_hat",
            "copy-paste",
            "same as dbeta",
            "equals dbeta",
            "normalized input",
        ),
    ),
    (
        "N54_groupnorm_forward_unit_scale_of_channel_length",
        L,
        "    ones, zeros = np.ones(D, dtype=x.dtype), np.zeros(D, dtype=x.dtype)\n",
        "    ones, zeros = np.ones(C, dtype=x.dtype), np.zeros(C, dtype=x.dtype)\n",
        "spatial_groupnorm_forward",
        (
            "length d",
            "row length",
            "groups.shape[1]",
            "size of a group",
            "c // g * h * w",
            "one per column",
        ),
    ),
    (
        "N55_groupnorm_forward_unit_scale_and_shift_swapped",
        L,
        '    x_hat_groups, ln_cache = layernorm_forward(groups, ones, zeros, {"eps": eps})\n',
        '    x_hat_groups, ln_cache = layernorm_forward(groups, zeros, ones, {"eps": eps})\n',
        "spatial_groupnorm_forward",
        ("argument order", "swapped", "zeros, ones", "exchanged", "gamma = 0", "scale of zero"),
    ),
    (
        "N56_groupnorm_backward_layernorm_tuple_not_unpacked",
        L,
        "    dx_groups, _, _ = layernorm_backward(dx_hat_groups, ln_cache)\n",
        "    dx_groups = layernorm_backward(dx_hat_groups, ln_cache)\n",
        "spatial_groupnorm_backward",
        ("tuple", "three values", "unpack", "returns (dx, dgamma, dbeta)", "dx, _, _"),
    ),
    (
        "N57_groupnorm_backward_gamma_transposed",
        L,
        "    dx_hat_groups = (dout * gamma).reshape(ln_cache[0].shape)\n",
        "    dx_hat_groups = (dout * gamma.T).reshape(ln_cache[0].shape)\n",
        "spatial_groupnorm_backward",
        ("gamma.t", "transpose", "(1, c, 1, 1)", "channel axis", "height axis"),
    ),
    (
        "N58_conv_net_init_pooled_size_from_filter_size",
        C,
        "        pooled_size = num_filters * (H // 2) * (W // 2)\n",
        "        pooled_size = filter_size * (H // 2) * (W // 2)\n",
        "ThreeLayerConvNet.__init__",
        ("num_filters", "filter_size", "number of filters", "depth", "copy-paste"),
    ),
    (
        "N59_conv_net_softmax_outputs_unpacked_swapped",
        C,
        "        loss, dscores = softmax_loss(scores, y)\n",
        "        dscores, loss = softmax_loss(scores, y)\n",
        "ThreeLayerConvNet.loss",
        ("(loss, dx)", "loss, dscores", "return order", "swapped", "unpack", "exchanged"),
    ),
    (
        "N60_conv_net_output_layer_fed_pooled",
        C,
        "        scores, cache3 = affine_forward(hidden, W3, b3)\n",
        "        scores, cache3 = affine_forward(pooled, W3, b3)\n",
        "ThreeLayerConvNet.loss",
        (
            "skips the hidden",
            "pooled instead",
            "hidden layer",
            "affine_forward(hidden",
            "wrong input",
        ),
    ),
]

CAUSE_N = {
    "N01_affine_forward_rows_from_second_axis": "x is reshaped with x.shape[1] rows (the first feature axis) instead of x.shape[0] (the batch size), so the flattened input does not have one row per example.",
    "N02_affine_backward_dw_np_outer_of_whole_batch": "dw is np.outer of the flattened input and dout, which flattens both whole arrays into one (N*D, N*M) product, instead of the sum over examples x_flat.T @ dout.",
    "N03_affine_backward_db_ones_of_class_length": "db is written as dout.T @ ones with a ones vector of the class count M (dout.shape[1]) instead of the batch size N (shape error when N != M).",
    "N04_relu_forward_ndarray_maximum_method": "x.maximum(0) calls a method that ndarray does not have (AttributeError); the elementwise maximum is the function np.maximum(x, 0).",
    "N05_relu_backward_np_dot_for_elementwise": "np.dot(dout, x > 0) is a matrix product instead of the elementwise product dout * (x > 0).",
    "N06_softmax_dx_rows_indexed_by_labels": "dx[y] -= 1 subtracts 1 from whole rows chosen by the labels instead of from one entry per example, dx[np.arange(N), y].",
    "N07_softmax_loss_vector_not_averaged": "The loss is left as the vector of per-example losses (no .mean()), not a single averaged number.",
    "N08_softmax_log_of_quotient_as_quotient_of_logs": "log(exp(s) / sum exp) is written as s / log(sum exp): the log of a quotient is taken as a quotient of logs instead of a difference.",
    "N09_svm_dx_divided_by_class_count": "dx is divided by x.shape[1] (the number of classes C) instead of the batch size N.",
    "N10_svm_correct_scores_by_column_indexing": "x[:, y] takes whole columns (an (N, N) array) instead of one correct-class score per example, x[np.arange(N), y][:, None].",
    "N11_sgd_momentum_next_w_is_velocity": "next_w is set to the velocity alone instead of w + v (the weights are forgotten).",
    "N12_sgd_momentum_learning_rate_from_lr_key": 'The learning rate is read as config.get("lr", 1e-2), a key the config never has, so the default 1e-2 is always used instead of config["learning_rate"].',
    "N13_rmsprop_updates_w_in_place": "w -= ... updates the caller's weight array in place (next_w is that same array), instead of returning a new array.",
    "N14_rmsprop_power_one_half_precedence": "cache ** 1 / 2 is (cache ** 1) / 2 by operator precedence, half the cache instead of its square root.",
    "N15_adam_bias_correction_beta1_times_t": "The bias correction uses beta1 * t (a product) instead of the power beta1**t.",
    "N16_adam_denominator_sqrt_of_first_moment": "The denominator takes the square root of the first moment m instead of the second moment v (copy-paste).",
    "N17_fc_init_weight_key_not_f_string": 'The weight key is the plain string "W{i}" (no f prefix), so every layer stores its weights under the literal key "W{i}" and no W1, W2, ... exist.',
    "N18_fc_init_bias_zeros_second_argument_is_dtype": "np.zeros(fan_out, 1) passes 1 as the dtype argument (TypeError); a shape must be one argument (a tuple), and the bias is 1-d anyway.",
    "N19_fc_loss_relu_on_output_layer": "The output layer uses affine_relu_forward, so the scores go through a ReLU and the affine_backward of the last layer cannot unpack its cache.",
    "N20_fc_loss_softmax_arguments_swapped": "softmax_loss is called with (y, scores) instead of (scores, y).",
    "N21_two_layer_init_b2_column": "b2 is created as a column (num_classes, 1) instead of a 1-d vector (num_classes,).",
    "N22_two_layer_hidden_layer_without_relu": "The hidden layer uses affine_forward instead of affine_relu_forward, so there is no ReLU and affine_relu_backward cannot unpack its cache.",
    "N23_two_layer_dscores_divided_by_N_again": "dscores is divided by the batch size again although softmax_loss already averaged it, so all gradients of the data loss are N times too small.",
    "N24_bn_forward_test_running_mean_and_var_swapped": "At test time the running variance is subtracted and the running mean is put under the square root: running_mean and running_var are exchanged.",
    "N25_bn_forward_output_from_x_not_x_hat": "The train-mode output scales the raw input x instead of the normalized x_hat: gamma * x + beta.",
    "N26_bn_backward_dx_hat_divided_by_gamma": "The gradient of x_hat is dout / gamma instead of dout * gamma.",
    "N27_bn_backward_dbeta_without_axis": "dbeta is dout.sum() without axis=0: one number for the whole array instead of one sum over the batch per feature.",
    "N28_bn_alt_N_from_feature_axis": "N is taken from dout.shape[1] (the number of features D) instead of dout.shape[0] (the batch size).",
    "N29_bn_alt_sum_of_products_as_matrix_product": "sum(dx_hat * x_hat) over the batch is written as the matrix product dx_hat.T @ x_hat, a (D, D) matrix (only its diagonal is the wanted sum).",
    "N30_ln_forward_eps_read_without_default": 'eps is read as ln_param["eps"] although the key is optional (default 1e-5): KeyError when ln_param has no "eps".',
    "N31_ln_forward_inv_std_transposed_to_row": "inv_std (N, 1) is transposed to a row (1, N) before the product, so it broadcasts along the features instead of down the examples (error when N != D).",
    "N32_ln_backward_by_hand_sums_without_keepdims": "The per-example sums of the closed form are taken without keepdims, so the (N,) sums broadcast along the features instead of being (N, 1) columns.",
    "N33_ln_backward_batchnorm_alt_arguments_swapped": "batchnorm_backward_alt is called with the cache first and the gradient second (its arguments are (dout, cache)).",
    "N34_fc_init_bn_gamma_key_without_layer_number": 'gamma is stored under the key "gamma" without the layer number, so there is one key overwritten by every layer and no gamma1, gamma2, ...',
    "N35_fc_init_ln_gamma_identity_matrix": "gamma is made with np.eye(fan_out), a 2-d identity matrix, instead of a vector of ones np.ones(fan_out).",
    "N36_fc_loss_bn_backward_given_cache_pair": "affine_norm_relu_backward gets caches[i - 1], the pair (cache, dropout_cache), instead of the layer's cache unpacked from it.",
    "N37_fc_loss_ln_backward_unpacked_into_three": "The result of affine_norm_relu_backward is unpacked into three names (dx, dw, db), but with a normalization it returns five (also dgamma, dbeta).",
    "N38_dropout_forward_boolean_index_keeps_selected": "x[mask > 0] selects the kept units into a 1-d array instead of x * mask (same shape as x, scaled by 1/p).",
    "N39_dropout_forward_comparison_precedence": "rand(...) < p / p compares with p / p = 1 (operator precedence, no parentheses or astype), so every unit is kept and nothing is scaled.",
    "N40_dropout_backward_mask_from_param_dict": 'The mask is read from dropout_param["mask"] (KeyError) instead of from the cache tuple, where dropout_forward stored it.',
    "N41_fc_dropout_cache_overwrites_layer_cache": "The dropout cache is stored in the variable cache, overwriting the layer's cache, and dropout_cache stays None.",
    "N42_conv_forward_pad_width_for_two_axes": "np.pad gets pad widths for two axes only, ((pad, pad), (pad, pad)), for a 4-d x; it needs one pair per axis with (0, 0) for the batch and channel axes.",
    "N43_conv_forward_output_stored_for_all_filters": "The result is stored in out[n, :, i, j], every filter's channel, instead of out[n, f, i, j], so each filter overwrites all of them and only the last filter's values remain.",
    "N44_conv_backward_image_loop_misses_last": "The loop over images runs over range(N - 1), so the last image gets no gradient (off by one).",
    "N45_conv_backward_db_not_summed_over_batch": "db sums dout over the spatial axes only, not over the batch axis 0, giving an (N, F) array instead of (F,).",
    "N46_max_pool_forward_loop_steps_by_stride": "The output loops step by the stride (range(0, H_out, stride)) while the window start is also multiplied by the stride, so outputs are skipped.",
    "N47_max_pool_forward_running_max_from_zero": "The maximum is taken against the zero-initialized output, so windows whose values are all negative give 0 instead of their maximum.",
    "N48_max_pool_backward_argmax_of_unflattened_window": "argmax is taken along one axis (the rows) of the 4-d window instead of over the flattened window (reshape(N, C, -1)).",
    "N49_max_pool_backward_recomputed_size_without_plus_one": "The output size is recomputed as (H - ph) // stride without the + 1 instead of read from dout.shape, so the last window of each row and column gets no gradient.",
    "N50_spatial_bn_forward_passes_x_not_rows": "batchnorm_forward is given the 4-d x instead of the reshaped 2-d rows x_rows.",
    "N51_spatial_bn_forward_gamma_broadcast_on_width": "gamma and beta (C,) are applied to the 4-d output directly, so they broadcast along the last (width) axis instead of the channel axis (need shape (1, C, 1, 1)).",
    "N52_spatial_bn_backward_shape_from_cache": "The shape is unpacked from cache[0], the 2-d normalized rows, instead of dout.shape (ValueError: not enough values to unpack).",
    "N53_spatial_bn_backward_dgamma_copied_from_dbeta": "dgamma is computed by the same formula as dbeta (copy-paste), sum(dout), instead of sum(dout * x_hat).",
    "N54_groupnorm_forward_unit_scale_of_channel_length": "The unit scale and zero shift given to layernorm_forward have length C instead of D, the length of a group row (C / G * H * W).",
    "N55_groupnorm_forward_unit_scale_and_shift_swapped": "layernorm_forward is given zeros as gamma and ones as beta (arguments exchanged), so every normalized value becomes 1.",
    "N56_groupnorm_backward_layernorm_tuple_not_unpacked": "The tuple (dx, dgamma, dbeta) returned by layernorm_backward is kept whole instead of unpacking dx from it.",
    "N57_groupnorm_backward_gamma_transposed": "gamma (1, C, 1, 1) is transposed to (1, 1, C, 1), so it broadcasts along the height axis instead of the channel axis.",
    "N58_conv_net_init_pooled_size_from_filter_size": "The pooled size uses filter_size instead of num_filters as the depth of the pooled output.",
    "N59_conv_net_softmax_outputs_unpacked_swapped": "softmax_loss returns (loss, dx) but is unpacked as (dscores, loss).",
    "N60_conv_net_output_layer_fed_pooled": "The output affine layer is given the pooled conv output instead of the hidden layer's output, skipping the hidden layer.",
}

CORRECT_N = [
    (
        "N61_ok_affine_forward_np_inner",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = np.inner(x.reshape(x.shape[0], -1), w.T) + b\n",
        "affine_forward",
    ),
    (
        "N62_ok_affine_backward_dw_tensordot_over_batch",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    dw = np.tensordot(x.reshape(x.shape[0], -1), dout, axes=(0, 0))\n",
        "affine_backward",
    ),
    (
        "N63_ok_relu_forward_where_negative_to_zero",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = np.where(x < 0, 0, x)\n",
        "relu_forward",
    ),
    (
        "N64_ok_relu_backward_where_zeros_like",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = np.where(x > 0, dout, np.zeros_like(dout))\n",
        "relu_backward",
    ),
    (
        "N65_ok_softmax_loss_sum_over_N",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = -log_probs[np.arange(N), y].sum() / N\n",
        "softmax_loss",
    ),
    (
        "N66_ok_svm_correct_scores_reshaped_column",
        L,
        "    correct = x[np.arange(N), y][:, None]\n",
        "    correct = x[np.arange(N), y].reshape(-1, 1)\n",
        "svm_loss",
    ),
    (
        "N67_ok_sgd_momentum_gradient_term_negated_factor",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["momentum"] * v + dw * -config["learning_rate"]\n',
        "sgd_momentum",
    ),
    (
        "N68_ok_rmsprop_square_by_np_multiply",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    config["cache"] = decay * config["cache"] + (1 - decay) * np.multiply(dw, dw)\n',
        "rmsprop",
    ),
    (
        "N69_ok_adam_correction_np_power",
        O,
        "    correction = (1 - beta2**t) ** 0.5\n",
        "    correction = np.power(1 - beta2**t, 0.5)\n",
        "adam",
    ),
    (
        "N70_ok_fc_init_fan_in_out_by_slice",
        F,
        "            fan_in, fan_out = dims[i - 1], dims[i]\n",
        "            fan_in, fan_out = dims[i - 1 : i + 1]\n",
        "FullyConnectedNet.__init__",
    ),
    (
        "N71_ok_fc_loss_reg_gradient_not_augmented",
        F,
        '            grads[f"W{i}"] += self.reg * W\n',
        '            grads[f"W{i}"] = grads[f"W{i}"] + self.reg * W\n',
        "FullyConnectedNet.loss",
    ),
    (
        "N72_ok_two_layer_init_W2_scale_after",
        F,
        '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n',
        '        self.params["W2"] = np.random.randn(hidden_dim, num_classes) * weight_scale\n',
        "TwoLayerNet.__init__",
    ),
    (
        "N73_ok_two_layer_reg_einsum",
        F,
        "            loss += 0.5 * self.reg * np.sum(W * W)\n            grads[name] += self.reg * W\n",
        '            loss += 0.5 * self.reg * np.einsum("ij,ij->", W, W)\n            grads[name] += self.reg * W\n',
        "TwoLayerNet.loss",
    ),
    (
        "N74_ok_bn_forward_mean_einsum",
        L,
        "        mean = x.mean(axis=0)\n",
        '        mean = np.einsum("nd->d", x) / x.shape[0]\n',
        "batchnorm_forward",
    ),
    (
        "N75_ok_bn_backward_mean_path_subtracts_column_mean",
        L,
        "    dmean = -dxc.sum(axis=0)  # xc = x - mean\n    dx = dxc + dmean / N  # mean = sum(x) / N\n",
        "    dx = dxc - dxc.mean(axis=0)  # xc = x - mean, mean = sum(x) / N\n",
        "batchnorm_backward",
    ),
    (
        "N76_ok_bn_alt_last_sum_einsum",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        '    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * np.einsum("nd,nd->d", dx_hat, x_hat))\n',
        "batchnorm_backward_alt",
    ),
    (
        "N77_ok_ln_forward_mean_add_reduce",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n",
        "    mean = np.add.reduce(x, axis=1, keepdims=True) / x.shape[1]\n",
        "layernorm_forward",
    ),
    (
        "N78_ok_ln_backward_dbeta_ones_product",
        L,
        "    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n    # Per example",
        "    dbeta = np.ones(dout.shape[0], dtype=dout.dtype) @ dout\n"
        "    dgamma = (dout * x_hat).sum(axis=0)\n    # Per example",
        "layernorm_backward",
    ),
    (
        "N79_ok_fc_init_bn_gamma_shape_keyword",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.ones(shape=(fan_out,))\n',
        "FullyConnectedNet.__init__[batchnorm]",
    ),
    (
        "N80_ok_fc_init_ln_beta_zeros_like_gamma",
        F,
        '                self.params[f"beta{i}"] = np.zeros(fan_out)\n',
        '                self.params[f"beta{i}"] = np.zeros_like(self.params[f"gamma{i}"])\n',
        "FullyConnectedNet.__init__[layernorm]",
    ),
    (
        "N81_ok_fc_loss_bn_param_by_normalization",
        F,
        "                self.bn_params[i - 1] if self.bn_params else None,\n",
        "                self.bn_params[i - 1] if self.normalization else None,\n",
        "FullyConnectedNet.loss[batchnorm]",
    ),
    (
        "N82_ok_fc_loss_ln_backward_cache_indexed",
        F,
        "            dout, *param_grads = affine_norm_relu_backward(dout, cache)\n",
        "            dout, *param_grads = affine_norm_relu_backward(dout, caches[i - 1][0])\n",
        "FullyConnectedNet.loss[layernorm]",
    ),
    (
        "N83_ok_dropout_forward_times_reciprocal",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = (rand(*x.shape) < p).astype(x.dtype) * (1 / p)\n",
        "dropout_forward",
    ),
    (
        "N84_ok_dropout_backward_mask_cast_without_copy",
        L,
        "    dx = dout * mask\n",
        "    dx = dout * mask.astype(dout.dtype, copy=False)\n",
        "dropout_backward",
    ),
    (
        "N85_ok_fc_dropout_backward_when_cache_exists",
        F,
        "            if self.use_dropout:\n                dout = dropout_backward(dout, dropout_cache)\n",
        "            if dropout_cache is not None:\n                dout = dropout_backward(dout, dropout_cache)\n",
        "FullyConnectedNet.loss[dropout]",
    ),
    (
        "N86_ok_conv_forward_pad_constant_explicit",
        L,
        "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n    out = np.zeros(",
        '    x_pad = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant", constant_values=0)\n'
        "    out = np.zeros(",
        "conv_forward_naive",
    ),
    (
        "N87_ok_conv_backward_dw_zeros_with_dtype",
        L,
        "    dw = np.zeros_like(w)\n",
        "    dw = np.zeros(w.shape, dtype=w.dtype)\n",
        "conv_backward_naive",
    ),
    (
        "N88_ok_max_pool_forward_flattened_window_max",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = window.reshape(N, C, -1).max(axis=-1)\n",
        "max_pool_forward_naive",
    ),
    (
        "N89_ok_conv_net_init_b1_tuple_shape",
        C,
        '        self.params["b1"] = np.zeros(num_filters)\n',
        '        self.params["b1"] = np.zeros((num_filters,))\n',
        "ThreeLayerConvNet.__init__",
    ),
    (
        "N90_ok_groupnorm_backward_dbeta_indexed_to_4d",
        L,
        "    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)\n",
        "    dbeta = dout.sum(axis=(0, 2, 3))[None, :, None, None]\n",
        "spatial_groupnorm_backward",
    ),
]
