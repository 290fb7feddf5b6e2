"""Set M: a blind held-out set of realistic student mistakes and correct alternatives.

Written without reading the diagnosis engine, its catalog, the grader, its checks or any hint
text: the only files read were the student files of /work/main (cs231n/layers.py, optim.py,
layer_utils.py, classifiers/fc_net.py, classifiers/cnn.py), /work/main/README.md, and in
/work/blindM the format and sets A-B (blind_head_AB.py, its head and first entries), set L as a
model (model_set_l.py), the ids of sets A-L per check (ids.py), harness.py and check_static.py.
The grader ran only through /work/blindM/harness.py (status only). No git history, test, result
file or log was read. Each entry was chosen from what students write in the course forums (wrong
axis, wrong key, in-place edits, off-by-one loops, argument order, transposes, forgotten terms,
misread docstrings) and checked by name against ids.py so that it is not the same as, or a
near-variant of, an entry of sets A-L for the same check; the literal comparison is
/work/blindM/check_static.py. Same format as set L:

    MISTAKES_M: (id, file, old, new, check, causes)
    CAUSE_M:    id -> the real cause in one plain sentence (for a judge reading the hints)
    CORRECT_M:  (id, file, old, new, check), each must pass with no hint

``old`` occurs exactly once in the instructor's version of ``file``. Causes are lowercase phrases
of which a hint naming the right cause contains at least one. They were written before any grader
run, avoiding bare array names and words that a generic hint would contain (for example "order",
"summed", "copy", ".t", "upstream gradient" and the shape letters were left out). After the first
run a review (no hint was ever seen; the harness prints status only) removed further phrases that
a vague hint or a restated formula could contain: "each example", "per example" (M02, M32),
"indexerror", "out of range", "list index" (M18, M19: echoes of the exception, not causes),
"column" (M10), "per feature" (M24), "broadcast", "sum(axis=0)" (M27), "fan_out" (M34),
"the cache" (M41), "scalar" (M42, M47), "b[f]" (M44), "w[f]", "typo" (M45), "output size" (M51)
and "per channel" (M54); "last layer size" was added to M18.

Spread: FullyConnectedNets 23 mistakes (M01-M23), BatchNormalization 14 (M24-M37), Dropout 4
(M38-M41), ConvolutionalNetworks 19 (M42-M60); every one of the 35 graded checks has at least one
mistake (two or three for the larger functions). 30 correct alternatives (M61-M90) cover 30 of the
checks (not TwoLayerNet.loss, FullyConnectedNet.loss[batchnorm], max_pool_backward_naive,
spatial_batchnorm_backward, ThreeLayerConvNet.__init__).

Replacements. Before any run, check_static found two literal repeats, replaced with new entries
and new causes: M58 (pooled size from the input channels C = C55; now W1 drawn as (C, F, HH, WW))
and the correct alternative M85 (crop by the padded shape = CB04; now db by a comprehension over
the filters). In the first harness run all 30 correct alternatives passed and four mistakes passed
the local grader (check gaps); they were replaced with new entries and new causes: M05 (x[x < 0] = 0
in place in relu_forward), M06 (dout[x <= 0] = 0 in place in relu_backward), M17 (dims built by
insert/append into the caller's hidden_dims list) and M26 (eps left out of sqrt(var + eps) in
batchnorm_forward). The first replacement of M05, np.clip(x, 0, 1) (ReLU capped at 1), also passed
(the relu_forward inputs apparently stay below 1) and was replaced by x[x > 0]. The new M05, M06,
M17 and M26 fail. In the final run every mistake fails and every correct alternative passes.

Which inputs show the mistakes (from reading the code; nothing was run but the harness):
M01, M09, M13, M18, M19, M22, M36, M37, M40, M41, M42, M50, M51, M56 and M59 raise; M02, M04,
M08, M10, M31 raise when the batch size differs from the feature / class count and are silently
wrong otherwise; M14 raises for a non-square dw, M44 when W_out != F, M45 when N > F, M54 when
N*H*W != C, M58 when C != F (wrong values otherwise); M07 and M33 give the right values but change
the caller's input (x, dout) in place; M46 shows only for non-square filters, M48 only for pool
windows that are not 2x2; M06 only where the input is negative; M16 from the first step (the
update uses the moments before this step's gradient); M05, M17, M34 give wrong shapes; the others
give wrong values or parameters without raising.
"""

L = "cs231n/layers.py"
O = "cs231n/optim.py"  # noqa: E741
F = "cs231n/classifiers/fc_net.py"
C = "cs231n/classifiers/cnn.py"

IN_PLACE = ("in place", "in-place", "mutat", "caller's", "input array", "changes its input")

MISTAKES_M = [
    # ---- FullyConnectedNets
    (
        "M01_affine_forward_batch_size_N_undefined",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.reshape(N, -1) @ w + b\n",
        "affine_forward",
        ("nameerror", "not defined", "undefined", "x.shape[0]"),
    ),
    (
        "M02_affine_forward_whole_batch_flattened",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.flatten() @ w + b\n",
        "affine_forward",
        ("flatten()", "whole batch", "one long vector", "1-d"),
    ),
    (
        "M03_affine_backward_dw_loop_misses_last_example",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    x_rows = x.reshape(x.shape[0], -1)\n"
        "    dw = np.zeros_like(w)\n"
        "    for i in range(x.shape[0] - 1):\n"
        "        dw += np.outer(x_rows[i], dout[i])\n",
        "affine_backward",
        ("off by one", "off-by-one", "last example", "range(n - 1)", "one example short"),
    ),
    (
        "M04_affine_backward_dw_x_not_transposed",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    dw = x.reshape(x.shape[0], -1) @ dout\n",
        "affine_backward",
        ("transpose", "x.t", ".t @ dout", "x_flat.t"),
    ),
    (
        "M05_relu_forward_boolean_index_selects_positives",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = x[x > 0]\n",
        "relu_forward",
        (
            "boolean index",
            "boolean mask index",
            "1-d array",
            "only the positive",
            "selects",
            "x[x > 0]",
            "flat array",
        ),
    ),
    (
        "M06_relu_backward_mask_of_nonzero_input",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = dout * (x != 0)\n",
        "relu_backward",
        (
            "x != 0",
            "negative inputs",
            "negative x",
            "nonzero",
            "non-zero",
            "cache is x",
            "input, not the output",
        ),
    ),
    (
        "M07_softmax_shifts_scores_in_place",
        L,
        "    shifted = x - x.max(axis=1, keepdims=True)\n",
        "    x -= x.max(axis=1, keepdims=True)\n    shifted = x\n",
        "softmax_loss",
        IN_PLACE + ("changed x", "modifies x", "x -="),
    ),
    (
        "M08_softmax_row_max_without_keepdims",
        L,
        "    shifted = x - x.max(axis=1, keepdims=True)\n",
        "    shifted = x - x.max(axis=1)\n",
        "softmax_loss",
        ("keepdims", "broadcast", "(n, 1)", "column vector", "[:, none]"),
    ),
    (
        "M09_svm_np_max_for_elementwise_maximum",
        L,
        "    margins = np.maximum(0, x - correct + 1.0)\n",
        "    margins = np.max(0, x - correct + 1.0)\n",
        "svm_loss",
        ("np.maximum", "np.max(", "elementwise maximum", "element-wise maximum", "reduction"),
    ),
    (
        "M10_svm_correct_scores_as_row",
        L,
        "    correct = x[np.arange(N), y][:, None]\n",
        "    correct = x[np.arange(N), y].reshape(1, -1)\n",
        "svm_loss",
        ("(n, 1)", "reshape(-1, 1)", "row vector", "[:, none]", "(1, n)"),
    ),
    (
        "M11_sgd_momentum_velocity_sign_convention",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n    next_w = w + v\n',
        '    v = config["momentum"] * v + config["learning_rate"] * dw\n    next_w = w - v\n',
        "sgd_momentum",
        ("sign", "opposite", "negated", "velocity convention", "w - v", "+ learning_rate"),
    ),
    (
        "M12_sgd_momentum_decays_weights_not_velocity",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["momentum"] * w - config["learning_rate"] * dw\n',
        "sgd_momentum",
        ("momentum * w", "w instead of v", "instead of the velocity", "weights instead of"),
    ),
    (
        "M13_rmsprop_epsilon_key_eps",
        O,
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])\n',
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["eps"])\n',
        "rmsprop",
        ('"eps"', "'eps'", "keyerror", '"epsilon"', "'epsilon'", "config key"),
    ),
    (
        "M14_rmsprop_square_by_np_dot",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    config["cache"] = decay * config["cache"] + (1 - decay) * np.dot(dw, dw)\n',
        "rmsprop",
        ("np.dot", "matrix product", "elementwise", "element-wise", "dot product"),
    ),
    (
        "M15_adam_step_size_precedence",
        O,
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n',
        '    step_size = config["learning_rate"] * correction / 1 - beta1**t\n',
        "adam",
        ("parenthes", "precedence", "/ 1 -", "bracket"),
    ),
    (
        "M16_adam_step_with_moments_before_update",
        O,
        '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n'
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n'
        "    # lr * m_hat / (sqrt(v_hat) + eps) with the bias corrections m_hat = m / (1 - beta1**t) and\n"
        "    # v_hat = v / (1 - beta2**t) moved into two numbers, as the paper suggests after Algorithm 1\n"
        "    # (the same value, two passes over the weights fewer).\n"
        "    correction = (1 - beta2**t) ** 0.5\n"
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n'
        '    next_w = w - step_size * config["m"] / (np.sqrt(config["v"]) + config["epsilon"] * correction)\n',
        "    correction = (1 - beta2**t) ** 0.5\n"
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n'
        '    next_w = w - step_size * config["m"] / (np.sqrt(config["v"]) + config["epsilon"] * correction)\n'
        '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n'
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n',
        "adam",
        (
            "before updating",
            "before the update",
            "old moments",
            "stale",
            "not yet updated",
            "previous step's",
        ),
    ),
    (
        "M17_fc_init_bias_sized_by_num_classes",
        F,
        '            self.params[f"b{i}"] = np.zeros(fan_out)\n',
        '            self.params[f"b{i}"] = np.zeros(num_classes)\n',
        "FullyConnectedNet.__init__",
        ("num_classes", "fan_out", "bias size", "size of b", "copy-paste", "bias of every layer"),
    ),
    (
        "M18_fc_init_dims_without_num_classes",
        F,
        "        dims = [input_dim, *hidden_dims, num_classes]\n",
        "        dims = [input_dim, *hidden_dims]\n",
        "FullyConnectedNet.__init__",
        ("num_classes", "output layer", "last layer size"),
    ),
    (
        "M19_fc_loss_backward_loop_starts_at_L",
        F,
        "        for i in range(L - 1, 0, -1):\n",
        "        for i in range(L, 0, -1):\n",
        "FullyConnectedNet.loss",
        ("off by one", "off-by-one", "range(l - 1", "starts at l", "start at l"),
    ),
    (
        "M20_fc_loss_grad_names_b_before_W",
        F,
        '            names = ["W", "b"] + (["gamma", "beta"] if self.normalization else [])\n',
        '            names = ["b", "W"] + (["gamma", "beta"] if self.normalization else [])\n',
        "FullyConnectedNet.loss",
        ("return order", "swapped", "dw, db", "exchanged", "w and b", "b and w"),
    ),
    (
        "M21_two_layer_init_W1_columns_num_classes",
        F,
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n',
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, num_classes)\n',
        "TwoLayerNet.__init__",
        ("num_classes", "hidden_dim", "(d, h)", "copy-paste", "shape of w1", "w1 shape"),
    ),
    (
        "M22_two_layer_output_layer_through_relu_backward",
        F,
        '        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)\n',
        '        dhidden, grads["W2"], grads["b2"] = affine_relu_backward(dscores, scores_cache)\n',
        "TwoLayerNet.loss",
        ("no relu", "without relu", "plain affine", "affine_relu_backward", "output layer has no"),
    ),
    (
        "M23_two_layer_reg_loss_without_half",
        F,
        "            loss += 0.5 * self.reg * np.sum(W * W)\n            grads[name] += self.reg * W\n",
        "            loss += self.reg * np.sum(W * W)\n            grads[name] += self.reg * W\n",
        "TwoLayerNet.loss",
        ("0.5", "half", "factor of 2", "factor 2", "twice", "doubled"),
    ),
    # ---- BatchNormalization
    (
        "M24_bn_forward_variance_without_axis",
        L,
        "        var = x.var(axis=0)\n",
        "        var = np.var(x - mean)\n",
        "batchnorm_forward",
        ("axis=0", "axis 0", "one variance", "scalar variance", "single number"),
    ),
    (
        "M25_bn_forward_running_var_from_mean",
        L,
        "        running_var = momentum * running_var + (1 - momentum) * var\n",
        "        running_var = momentum * running_var + (1 - momentum) * mean\n",
        "batchnorm_forward",
        ("copy-paste", "mean instead of", "with the mean", "sample mean", "instead of var"),
    ),
    (
        "M26_bn_forward_mean_divided_by_feature_count",
        L,
        "        mean = x.mean(axis=0)\n",
        "        mean = x.sum(axis=0) / x.shape[1]\n",
        "batchnorm_forward",
        (
            "x.shape[0]",
            "batch size",
            "number of examples",
            "shape[1]",
            "divided by d",
            "feature count",
            "number of features",
        ),
    ),
    (
        "M27_bn_backward_dinv_std_not_summed",
        L,
        "    dinv_std = (dx_hat * xc).sum(axis=0)  # ... and via inv_std\n",
        "    dinv_std = dx_hat * xc  # ... and via inv_std\n",
        "batchnorm_backward",
        ("not summed", "sum over the batch", "summed over the batch"),
    ),
    (
        "M28_bn_backward_dgamma_times_gamma",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n"
        "    dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc\n",
        "    dgamma = (dout * x_hat * gamma).sum(axis=0)\n    dx_hat = dout * gamma\n"
        "    dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc\n",
        "batchnorm_backward",
        (
            "times gamma",
            "extra gamma",
            "extra factor",
            "multiplied by gamma",
            "factor gamma",
            "gamma too",
        ),
    ),
    (
        "M29_bn_alt_inv_std_used_as_std",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "    dx = 1.0 / (N * inv_std) * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "batchnorm_backward_alt",
        (
            "std instead of",
            "inverse",
            "reciprocal",
            "divides by inv_std",
            "divided by inv_std",
            "1 / std",
        ),
    ),
    (
        "M30_bn_alt_mean_term_missing",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "    dx = inv_std / N * (N * dx_hat - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "batchnorm_backward_alt",
        (
            "sum(dx_hat)",
            "dx_hat.sum",
            "mean term",
            "middle term",
            "mean of dx_hat",
            "constant per column",
        ),
    ),
    (
        "M31_ln_forward_normalized_transpose_not_back",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n"
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n"
        "    x_hat = (x - mean) * inv_std\n",
        "    xt = x.T\n"
        "    mean = xt.mean(axis=0)\n"
        "    inv_std = 1.0 / np.sqrt(xt.var(axis=0) + eps)\n"
        "    x_hat = (xt - mean) * inv_std\n",
        "layernorm_forward",
        ("transpose back", "transposed back", "x_hat.t", "not transposed back", "(d, n)"),
    ),
    (
        "M32_ln_backward_batchnorm_alt_without_transposes",
        L,
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n"
        "    dx = dx_t.T\n",
        "    dx, _, _ = batchnorm_backward_alt(dout, cache)\n",
        "layernorm_backward",
        ("transpos", "batch axis", "over the batch", "batch statistics"),
    ),
    (
        "M33_ln_backward_dout_scaled_in_place",
        L,
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n",
        "    dout *= gamma\n"
        "    dx_t, _, _ = batchnorm_backward_alt(dout.T, (x_hat.T, inv_std.T, ones))\n",
        "layernorm_backward",
        IN_PLACE + ("changed dout", "modifies dout", "dout *="),
    ),
    (
        "M34_fc_init_bn_gamma_shaped_by_whole_hidden_dims",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.ones(hidden_dims)\n',
        "FullyConnectedNet.__init__[batchnorm]",
        ("hidden_dims[i - 1]", "whole list", "2-d", "multi-dimensional", "one entry per"),
    ),
    (
        "M35_fc_init_ln_beta_key_copy_pasted_as_gamma",
        F,
        '                self.params[f"beta{i}"] = np.zeros(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.zeros(fan_out)\n',
        "FullyConnectedNet.__init__[layernorm]",
        ("copy-paste", "overwrit", "no beta", "missing beta", "beta{i} is missing", "beta keys"),
    ),
    (
        "M36_fc_loss_bn_whole_bn_params_list",
        F,
        "                self.bn_params[i - 1] if self.bn_params else None,\n",
        "                self.bn_params if self.bn_params else None,\n",
        "FullyConnectedNet.loss[batchnorm]",
        ("whole list", "list of dicts", "one dict per layer", "bn_params[i - 1]", "a list"),
    ),
    (
        "M37_fc_loss_ln_norm_param_and_normalization_swapped",
        F,
        "                self.bn_params[i - 1] if self.bn_params else None,\n"
        "                self.normalization,\n",
        "                self.normalization,\n"
        "                self.bn_params[i - 1] if self.bn_params else None,\n",
        "FullyConnectedNet.loss[layernorm]",
        ("argument order", "swapped", "positional", "order of the arguments", "exchanged"),
    ),
    # ---- Dropout
    (
        "M38_dropout_forward_output_is_mask",
        L,
        "        out = x * mask\n",
        "        out = mask\n",
        "dropout_forward",
        ("x * mask", "forgot x", "without x", "the mask itself", "multiply x", "times x"),
    ),
    (
        "M39_dropout_backward_divides_by_mask",
        L,
        "    dx = dout * mask\n",
        "    dx = dout / mask\n",
        "dropout_backward",
        (
            "/ mask",
            "divides by the mask",
            "divided by the mask",
            "division by zero",
            "multiply by the mask",
            "instead of multipl",
        ),
    ),
    (
        "M40_fc_dropout_forward_given_keep_probability",
        F,
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        '                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param["p"])\n',
        "FullyConnectedNet.loss[dropout]",
        (
            "the dict",
            "whole dict",
            "not a dict",
            "dropout_param dict",
            "float instead",
            "the probability instead",
        ),
    ),
    (
        "M41_fc_dropout_backward_given_param_dict",
        F,
        "                dout = dropout_backward(dout, dropout_cache)\n",
        "                dout = dropout_backward(dout, self.dropout_param)\n",
        "FullyConnectedNet.loss[dropout]",
        ("dropout_cache", "cache instead", "param dict instead", "not the cache"),
    ),
    # ---- ConvolutionalNetworks
    (
        "M42_conv_forward_sum_over_channels_only",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = np.sum(window * w[f], axis=0) + b[f]\n",
        "conv_forward_naive",
        ("axis=0", "sum over all", "one number", "every axis", "whole window", "all axes"),
    ),
    (
        "M43_conv_forward_output_indices_swapped",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, j, i] = np.sum(window * w[f]) + b[f]\n",
        "conv_forward_naive",
        (
            "out[n, f, j, i]",
            "indices swapped",
            "i and j",
            "j and i",
            "transposed output",
            "swapped",
        ),
    ),
    (
        "M44_conv_forward_bias_broadcast_on_last_axis",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n    # END SOLUTION\n",
        "                    out[n, f, i, j] = np.sum(window * w[f])\n    out += b\n    # END SOLUTION\n",
        "conv_forward_naive",
        ("broadcast", "last axis", "b[:, none, none]", "reshape(1, -1, 1, 1)", "(1, f, 1, 1)"),
    ),
    (
        "M45_conv_backward_dx_filter_indexed_by_image",
        L,
        "                    dx_pad[n, :, rows, cols] += w[f] * dout[n, f, i, j]\n",
        "                    dx_pad[n, :, rows, cols] += w[n] * dout[n, f, i, j]\n",
        "conv_backward_naive",
        ("w[n]", "indexed by the image", "filter index", "image index"),
    ),
    (
        "M46_conv_backward_column_slice_filter_height",
        L,
        "                    cols = slice(j * stride, j * stride + WW)\n",
        "                    cols = slice(j * stride, j * stride + HH)\n",
        "conv_backward_naive",
        ("filter width", "non-square", "hh instead of ww", "copy-paste", "column slice"),
    ),
    (
        "M47_conv_backward_dw_window_summed_to_scalar",
        L,
        "                    dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]\n",
        "                    dw[f] += np.sum(x_pad[n, :, rows, cols] * dout[n, f, i, j])\n",
        "conv_backward_naive",
        ("np.sum", "one number", "same value", "every element of dw"),
    ),
    (
        "M48_max_pool_forward_window_hard_coded_2x2",
        L,
        "            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]\n"
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            window = x[:, :, i * stride : i * stride + 2, j * stride : j * stride + 2]\n"
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "max_pool_forward_naive",
        ("hard-coded", "hard coded", "pool_height", "pool_width", "2x2", "pool size"),
    ),
    (
        "M49_max_pool_forward_flattened_window_not_reshaped",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = window.reshape(-1, ph * pw).max(axis=1)\n",
        "max_pool_forward_naive",
        ("reshape back", "(n, c)", "n * c", "flattened", "(n, c, -1)", "reshape(n, c"),
    ),
    (
        "M50_max_pool_backward_argmax_without_axis",
        L,
        "            first_max = window.reshape(N, C, -1).argmax(axis=2)\n",
        "            first_max = window.reshape(N, C, -1).argmax()\n",
        "max_pool_backward_naive",
        (
            "axis=2",
            "without axis",
            "no axis",
            "flattened index",
            "whole array",
            "per window",
            "one index",
        ),
    ),
    (
        "M51_max_pool_backward_output_size_from_x",
        L,
        "    N, C, H_out, W_out = dout.shape\n",
        "    N, C, H_out, W_out = x.shape\n",
        "max_pool_backward_naive",
        ("dout.shape", "input size", "input height", "size of the input"),
    ),
    (
        "M52_spatial_bn_forward_same_transpose_back",
        L,
        "    out = out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    out = out_rows.reshape(N, H, W, C).transpose(0, 2, 3, 1)\n",
        "spatial_batchnorm_forward",
        ("inverse", "(0, 3, 1, 2)", "same transpose", "transpose back", "undo"),
    ),
    (
        "M53_spatial_bn_forward_gamma_beta_arguments_swapped",
        L,
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        "    out_rows, cache = batchnorm_forward(x_rows, beta, gamma, bn_param)\n",
        "spatial_batchnorm_forward",
        ("argument order", "swapped", "beta, gamma", "exchanged", "order of the arguments"),
    ),
    (
        "M54_spatial_bn_backward_through_layernorm_backward",
        L,
        "    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)\n",
        "    dx_rows, dgamma, dbeta = layernorm_backward(dout_rows, cache)\n",
        "spatial_batchnorm_backward",
        ("layernorm_backward", "batchnorm_backward_alt", "wrong backward", "layer norm"),
    ),
    (
        "M55_groupnorm_forward_one_group_per_channel",
        L,
        "    groups = x.reshape(N * G, -1)\n",
        "    groups = x.reshape(N * C, -1)\n",
        "spatial_groupnorm_forward",
        (
            "instance norm",
            "one group per channel",
            "n * g",
            "each channel",
            "channels per group",
            "group of channels",
        ),
    ),
    (
        "M56_groupnorm_backward_G_not_in_scope",
        L,
        "    dx_hat_groups = (dout * gamma).reshape(ln_cache[0].shape)\n",
        "    dx_hat_groups = (dout * gamma).reshape(dout.shape[0] * G, -1)\n",
        "spatial_groupnorm_backward",
        (
            "nameerror",
            "not defined",
            "undefined",
            "ln_cache[0].shape",
            "not an argument",
            "from the cache",
        ),
    ),
    (
        "M57_groupnorm_backward_dx_not_reshaped_back",
        L,
        "    dx = dx_groups.reshape(dout.shape)\n",
        "    dx = dx_groups\n",
        "spatial_groupnorm_backward",
        (
            "reshape back",
            "(n, c, h, w)",
            "not reshaped",
            "2-d",
            "(n * g",
            "shape of dout",
            "grouped shape",
        ),
    ),
    (
        "M58_conv_net_init_filters_channels_before_filters",
        C,
        '        self.params["W1"] = weight_scale * np.random.randn(num_filters, C, filter_size, filter_size)\n',
        '        self.params["W1"] = weight_scale * np.random.randn(C, num_filters, filter_size, filter_size)\n',
        "ThreeLayerConvNet.__init__",
        ("(f, c", "num_filters, c", "filters first", "swapped", "exchanged", "first axis"),
    ),
    (
        "M59_conv_net_loss_conv_relu_without_pool",
        C,
        "        pooled, cache1 = conv_relu_pool_forward(X, W1, b1, conv_param, pool_param)\n",
        "        pooled, cache1 = conv_relu_forward(X, W1, b1, conv_param)\n",
        "ThreeLayerConvNet.loss",
        ("pooling", "max pool", "conv_relu_pool", "no pool", "without pool", "2x2 pool"),
    ),
    (
        "M60_conv_net_backward_from_scores",
        C,
        '        dhidden, grads["W3"], grads["b3"] = affine_backward(dscores, cache3)\n',
        '        dhidden, grads["W3"], grads["b3"] = affine_backward(scores, cache3)\n',
        "ThreeLayerConvNet.loss",
        ("dscores", "scores instead", "softmax gradient", "raw scores", "gradient of the loss"),
    ),
]

CAUSE_M = {
    "M01_affine_forward_batch_size_N_undefined": "The flattening uses N, a name that is not defined in affine_forward (NameError); the batch size is x.shape[0].",
    "M02_affine_forward_whole_batch_flattened": "x.flatten() flattens the whole batch into one 1-d vector instead of each example into a row (x.reshape(x.shape[0], -1)).",
    "M03_affine_backward_dw_loop_misses_last_example": "The loop that accumulates dw runs over range(N - 1), so the last example's outer product is left out (off by one).",
    "M04_affine_backward_dw_x_not_transposed": "dw is x_flat @ dout instead of x_flat.T @ dout: the flattened input is not transposed (shape error when D != N).",
    "M05_relu_forward_boolean_index_selects_positives": "x[x > 0] selects the positive entries into a 1-d array instead of zeroing the negative ones in an array of x's shape (np.maximum(x, 0)).",
    "M06_relu_backward_mask_of_nonzero_input": "The mask is x != 0 (as if the cache held the ReLU output) instead of x > 0, so the gradient also flows through the negative inputs.",
    "M07_softmax_shifts_scores_in_place": "x -= x.max(...) shifts the caller's score array in place; the loss and gradient are right but x is changed.",
    "M08_softmax_row_max_without_keepdims": "The row maximum is taken without keepdims, so its shape (N,) broadcasts against the columns of x (error when N != C, a wrong shift otherwise); it must be a column (N, 1).",
    "M09_svm_np_max_for_elementwise_maximum": "np.max(0, ...) is a reduction (its second argument is an axis) instead of the elementwise np.maximum(0, ...): it raises.",
    "M10_svm_correct_scores_as_row": "The correct-class scores are reshaped to a row (1, N) instead of a column (N, 1), so they broadcast along the classes (error when N != C, wrong margins otherwise).",
    "M11_sgd_momentum_velocity_sign_convention": "The velocity is stored with the opposite sign (v = momentum * v + lr * dw; w - v) instead of the documented v = momentum * v - lr * dw; w + v, so a nonzero starting velocity is applied with the wrong sign and the stored velocity is negated.",
    "M12_sgd_momentum_decays_weights_not_velocity": "The momentum term multiplies the weights w instead of the velocity v (typo).",
    "M13_rmsprop_epsilon_key_eps": 'The epsilon is read from config["eps"] instead of config["epsilon"]: KeyError.',
    "M14_rmsprop_square_by_np_dot": "The square of the gradient is written np.dot(dw, dw), a matrix product, instead of the elementwise dw**2 (shape error for non-square dw).",
    "M15_adam_step_size_precedence": "The parentheses around (1 - beta1**t) are missing, so the step size is lr * correction / 1 - beta1**t (operator precedence).",
    "M16_adam_step_with_moments_before_update": "next_w is computed before m and v are updated, so the step uses the previous moments (zero on the first step) instead of this step's.",
    "M17_fc_init_bias_sized_by_num_classes": "Every bias is made with np.zeros(num_classes) (copied from the output layer of TwoLayerNet) instead of np.zeros(fan_out), so the hidden layers' biases have the wrong size.",
    "M18_fc_init_dims_without_num_classes": "num_classes is left out of the list of layer sizes, so the loop indexes past its end for the output layer (IndexError).",
    "M19_fc_loss_backward_loop_starts_at_L": "The backward loop starts at i = L instead of L - 1 (the last layer was already handled and caches has L - 1 entries): off by one, IndexError.",
    "M20_fc_loss_grad_names_b_before_W": 'The names are listed as ["b", "W"] while affine_backward returns (dx, dw, db), so dW and db are stored under each other\'s keys.',
    "M21_two_layer_init_W1_columns_num_classes": "W1 is drawn with shape (input_dim, num_classes) instead of (input_dim, hidden_dim) (copy-paste of the output size).",
    "M22_two_layer_output_layer_through_relu_backward": "The output layer (a plain affine layer, no ReLU) is backpropagated with affine_relu_backward, which cannot unpack affine_forward's cache.",
    "M23_two_layer_reg_loss_without_half": "The regularization loss leaves out the factor 0.5 (reg * sum(W**2)), so it is twice the documented 0.5 * reg * sum(W**2) (the gradient reg * W is right).",
    "M24_bn_forward_variance_without_axis": "The variance is taken over the whole array (no axis=0), one number for all features, instead of one variance per feature.",
    "M25_bn_forward_running_var_from_mean": "The running variance is updated with the sample mean instead of the sample variance (copy-paste of the line above).",
    "M26_bn_forward_mean_divided_by_feature_count": "The batch mean divides the column sums by x.shape[1] (the number of features D) instead of the batch size N = x.shape[0].",
    "M27_bn_backward_dinv_std_not_summed": "The gradient of inv_std is not summed over the batch (inv_std is one value per feature), so dvar and the variance path get a per-example array.",
    "M28_bn_backward_dgamma_times_gamma": "dgamma is multiplied by gamma: sum(dout * x_hat * gamma) instead of sum(dout * x_hat).",
    "M29_bn_alt_inv_std_used_as_std": "The cached inv_std is treated as the standard deviation: the closed form divides by it (1 / (N * inv_std)) instead of multiplying (inv_std / N).",
    "M30_bn_alt_mean_term_missing": "The middle term - sum(dx_hat) (the path through the mean) is left out of the closed form.",
    "M31_ln_forward_normalized_transpose_not_back": "x is transposed to use batch norm's column statistics, but x_hat is not transposed back to (N, D) before gamma and beta are applied.",
    "M32_ln_backward_batchnorm_alt_without_transposes": "batchnorm_backward_alt is called on dout and the cache without transposing, so it differentiates a normalization over the batch axis instead of over each example's features.",
    "M33_ln_backward_dout_scaled_in_place": "dout *= gamma scales the caller's upstream gradient in place (the returned values are right, but dout is changed).",
    "M34_fc_init_bn_gamma_shaped_by_whole_hidden_dims": "gamma_i is made with np.ones(hidden_dims), a multi-dimensional array shaped by the whole list, instead of one entry per unit of the layer (fan_out).",
    "M35_fc_init_ln_beta_key_copy_pasted_as_gamma": 'The beta line stores its zeros under f"gamma{i}" (copy-paste), so gamma_i is overwritten with zeros and no beta_i exists.',
    "M36_fc_loss_bn_whole_bn_params_list": "The whole list self.bn_params is passed as the batchnorm parameter of each layer instead of that layer's dict self.bn_params[i - 1].",
    "M37_fc_loss_ln_norm_param_and_normalization_swapped": "The last two positional arguments of affine_norm_relu_forward are swapped: normalization is passed as norm_param and the param dict as normalization.",
    "M38_dropout_forward_output_is_mask": "The output is the mask itself instead of x * mask (x is forgotten).",
    "M39_dropout_backward_divides_by_mask": "dout is divided by the mask instead of multiplied by it (division by zero where units were dropped, and 1/p becomes p elsewhere).",
    "M40_fc_dropout_forward_given_keep_probability": 'dropout_forward is given the keep probability self.dropout_param["p"] (a float) instead of the dropout_param dict.',
    "M41_fc_dropout_backward_given_param_dict": "dropout_backward is given self.dropout_param instead of the dropout cache returned by dropout_forward.",
    "M42_conv_forward_sum_over_channels_only": "The window product is summed over the channel axis only (axis=0), leaving an (HH, WW) array instead of one number per output element.",
    "M43_conv_forward_output_indices_swapped": "The result is stored at out[n, f, j, i] instead of out[n, f, i, j]: the row and column indices are swapped (a transposed output, IndexError when H_out != W_out).",
    "M44_conv_forward_bias_broadcast_on_last_axis": "The bias is added after the loops as out += b, which broadcasts b (F,) along the last (width) axis instead of the filter axis; it needs b[:, None, None] or b[f] per element.",
    "M45_conv_backward_dx_filter_indexed_by_image": "dx uses w[n] (indexed by the image) instead of w[f] (the filter) (typo).",
    "M46_conv_backward_column_slice_filter_height": "The column slice uses the filter height HH instead of the filter width WW (copy-paste): wrong for non-square filters.",
    "M47_conv_backward_dw_window_summed_to_scalar": "The dw contribution is summed to one number with np.sum (copied from the forward pass), which is then added to every element of dw[f]; it must stay the window times dout.",
    "M48_max_pool_forward_window_hard_coded_2x2": "The window size is hard-coded as 2 instead of pool_height and pool_width: wrong for pools that are not 2x2.",
    "M49_max_pool_forward_flattened_window_not_reshaped": "The window is flattened to (N * C, ph * pw) and its maxima (N * C values) are not reshaped back to (N, C), so they cannot be stored in out[:, :, i, j].",
    "M50_max_pool_backward_argmax_without_axis": "argmax is taken without axis, so it returns one flat index into the whole (N, C, ph*pw) array instead of one position per window.",
    "M51_max_pool_backward_output_size_from_x": "H_out and W_out are unpacked from x.shape (the input size) instead of dout.shape, so the loops run past the output.",
    "M52_spatial_bn_forward_same_transpose_back": "The output is transposed back with the same permutation (0, 2, 3, 1) as the input instead of its inverse (0, 3, 1, 2), so it has shape (N, W, C, H).",
    "M53_spatial_bn_forward_gamma_beta_arguments_swapped": "gamma and beta are passed to batchnorm_forward in the wrong order (beta as the scale, gamma as the shift).",
    "M54_spatial_bn_backward_through_layernorm_backward": "layernorm_backward is called instead of batchnorm_backward_alt, so the normalization is differentiated over the wrong axis (per row instead of per channel).",
    "M55_groupnorm_forward_one_group_per_channel": "x is reshaped to (N * C, -1), one group per channel (instance norm), instead of (N * G, -1) with C / G channels per group.",
    "M56_groupnorm_backward_G_not_in_scope": "The backward pass uses G, which is not an argument of spatial_groupnorm_backward (NameError); the grouped shape is in the cache (ln_cache[0].shape).",
    "M57_groupnorm_backward_dx_not_reshaped_back": "dx is returned in the grouped 2-d shape (N * G, -1) without being reshaped back to (N, C, H, W).",
    "M58_conv_net_init_filters_channels_before_filters": "W1 is drawn with shape (C, F, HH, WW), the input channels first, instead of (F, C, HH, WW) with one filter per first index.",
    "M59_conv_net_loss_conv_relu_without_pool": "The first layer uses conv_relu_forward and leaves out the 2x2 max pool, so the hidden layer gets four times too many inputs.",
    "M60_conv_net_backward_from_scores": "The backward pass of the output layer is given the raw scores instead of dscores, the gradient of the softmax loss.",
}

CORRECT_M = [
    (
        "M61_ok_affine_forward_matmul_prod_of_trailing_dims",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = np.add(np.matmul(x.reshape(x.shape[0], int(np.prod(x.shape[1:]))), w), b)\n",
        "affine_forward",
    ),
    (
        "M62_ok_affine_backward_dx_tensordot",
        L,
        "    dx = (dout @ w.T).reshape(x.shape)\n",
        "    dx = np.tensordot(dout, w, axes=(1, 1)).reshape(x.shape)\n",
        "affine_backward",
    ),
    (
        "M63_ok_relu_forward_heaviside",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = x * np.heaviside(x, 0)\n",
        "relu_forward",
    ),
    (
        "M64_ok_relu_backward_select",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = np.select([x > 0], [dout], np.zeros_like(dout))\n",
        "relu_backward",
    ),
    (
        "M65_ok_softmax_dx_one_hot_by_comparison",
        L,
        "    dx[np.arange(N), y] -= 1\n",
        "    dx -= np.arange(x.shape[1]) == y[:, None]\n",
        "softmax_loss",
    ),
    (
        "M66_ok_svm_count_nonzero",
        L,
        "    dx[np.arange(N), y] -= positive.sum(axis=1)\n",
        "    dx[np.arange(N), y] -= np.count_nonzero(margins, axis=1)\n",
        "svm_loss",
    ),
    (
        "M67_ok_sgd_momentum_velocity_negated_difference",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = -(config["learning_rate"] * dw - config["momentum"] * v)\n',
        "sgd_momentum",
    ),
    (
        "M68_ok_rmsprop_step_reordered",
        O,
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])\n',
        '    next_w = w - config["learning_rate"] / (np.sqrt(config["cache"]) + config["epsilon"]) * dw\n',
        "rmsprop",
    ),
    (
        "M69_ok_adam_v_incremental",
        O,
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n',
        '    config["v"] = config["v"] + (1 - beta2) * (dw * dw - config["v"])\n',
        "adam",
    ),
    (
        "M70_ok_fc_init_standard_normal",
        F,
        '            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)\n',
        '            self.params[f"W{i}"] = weight_scale * np.random.standard_normal((fan_in, fan_out))\n',
        "FullyConnectedNet.__init__",
    ),
    (
        "M71_ok_fc_loss_reg_raveled_dot",
        F,
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * np.sum(W * W)\n',
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * float(W.ravel() @ W.ravel())\n',
        "FullyConnectedNet.loss",
    ),
    (
        "M72_ok_two_layer_init_b1_full",
        F,
        '        self.params["b1"] = np.zeros(hidden_dim)\n',
        '        self.params["b1"] = np.full(hidden_dim, 0.0)\n',
        "TwoLayerNet.__init__",
    ),
    (
        "M73_ok_bn_forward_test_divide_then_scale",
        L,
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n",
        "        out = (x - running_mean) / np.sqrt(running_var + eps) * gamma + beta\n",
        "batchnorm_forward",
    ),
    (
        "M74_ok_bn_backward_dinv_std_einsum",
        L,
        "    dinv_std = (dx_hat * xc).sum(axis=0)  # ... and via inv_std\n",
        '    dinv_std = np.einsum("nd,nd->d", dx_hat, xc)  # ... and via inv_std\n',
        "batchnorm_backward",
    ),
    (
        "M75_ok_bn_alt_gamma_factored_out",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "    dx = gamma * inv_std / N * (N * dout - dout.sum(axis=0) - x_hat * (dout * x_hat).sum(axis=0))\n",
        "batchnorm_backward_alt",
    ),
    (
        "M76_ok_ln_forward_x_hat_divided_by_std",
        L,
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n    x_hat = (x - mean) * inv_std\n",
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n"
        "    x_hat = (x - mean) / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n",
        "layernorm_forward",
    ),
    (
        "M77_ok_ln_backward_scalar_unit_scale",
        L,
        "    ones = np.ones(x_hat.shape[0], dtype=x_hat.dtype)\n",
        "    ones = 1.0\n",
        "layernorm_backward",
    ),
    (
        "M78_ok_fc_init_bn_gamma_from_weight_columns",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.ones(self.params[f"W{i}"].shape[1])\n',
        "FullyConnectedNet.__init__[batchnorm]",
    ),
    (
        "M79_ok_fc_init_ln_beta_zeros_like_bias",
        F,
        '                self.params[f"beta{i}"] = np.zeros(fan_out)\n',
        '                self.params[f"beta{i}"] = np.zeros_like(self.params[f"b{i}"])\n',
        "FullyConnectedNet.__init__[layernorm]",
    ),
    (
        "M80_ok_fc_loss_ln_names_from_bn_params",
        F,
        '            names = ["W", "b"] + (["gamma", "beta"] if self.normalization else [])\n',
        '            names = ["W", "b"] + (["gamma", "beta"] if self.bn_params else [])\n',
        "FullyConnectedNet.loss[layernorm]",
    ),
    (
        "M81_ok_dropout_forward_np_divide_dtype",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = np.divide(rand(*x.shape) < p, p, dtype=x.dtype)\n",
        "dropout_forward",
    ),
    (
        "M82_ok_dropout_backward_copy_then_scale",
        L,
        "    dx = dout * mask\n",
        "    dx = dout.copy()\n    dx *= mask\n",
        "dropout_backward",
    ),
    (
        "M83_ok_fc_loss_dropout_only_when_training",
        F,
        "            if self.use_dropout:\n"
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "            if self.use_dropout and y is not None:\n"
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "FullyConnectedNet.loss[dropout]",
    ),
    (
        "M84_ok_conv_forward_einsum_window",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        '                    out[n, f, i, j] = np.einsum("chw,chw->", window, w[f]) + b[f]\n',
        "conv_forward_naive",
    ),
    (
        "M85_ok_conv_backward_db_per_filter_comprehension",
        L,
        "    db = dout.sum(axis=(0, 2, 3))\n",
        "    db = np.array([dout[:, f].sum() for f in range(dout.shape[1])])\n",
        "conv_backward_naive",
    ),
    (
        "M86_ok_max_pool_forward_maximum_reduce",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = np.maximum.reduce(window.reshape(N, C, -1), axis=2)\n",
        "max_pool_forward_naive",
    ),
    (
        "M87_ok_spatial_bn_forward_two_swapaxes",
        L,
        "    x_rows = x.transpose(0, 2, 3, 1).reshape(-1, C)  # one row per (n, h, w)\n",
        "    x_rows = x.swapaxes(1, 3).swapaxes(1, 2).reshape(-1, C)  # one row per (n, h, w)\n",
        "spatial_batchnorm_forward",
    ),
    (
        "M88_ok_groupnorm_forward_rows_by_group_length",
        L,
        "    groups = x.reshape(N * G, -1)\n",
        "    groups = x.reshape(-1, C // G * H * W)\n",
        "spatial_groupnorm_forward",
    ),
    (
        "M89_ok_groupnorm_backward_dbeta_einsum",
        L,
        "    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)\n",
        '    dbeta = np.einsum("nchw->c", dout).reshape(1, -1, 1, 1)\n',
        "spatial_groupnorm_backward",
    ),
    (
        "M90_ok_conv_net_reg_norm_of_raveled",
        C,
        "            loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)\n",
        "            loss += 0.5 * self.reg * np.linalg.norm(self.params[name].ravel()) ** 2\n",
        "ThreeLayerConvNet.loss",
    ),
]
