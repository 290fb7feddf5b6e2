"""Set L: a blind held-out set of realistic student mistakes and correct alternatives.

Written without reading the diagnosis engine, its catalog, the grader, its checks or any hint
text: the only files read were the student files of /work/main (cs231n/layers.py, optim.py,
layer_utils.py, classifiers/fc_net.py, classifiers/cnn.py), /work/main/README.md, and in
/work/blindL the format and sets A-B (blind_head_AB.py), set K as a model (model_set_k.py) and the
ids of sets A-K per check (ids.py). The grader ran only through /work/blindL/harness.py (status
only). No git history was read. No entry is meant to be the same as, or a near-variant of, an
entry of sets A-K; the literal comparison is /work/blindL/check_static.py. Same format:

    MISTAKES_L: (id, file, old, new, check, causes)
    CAUSE_L:    id -> the real cause in one plain sentence (for a judge reading the hints)
    CORRECT_L:  (id, file, old, new, check), each must pass with no hint

``old`` occurs exactly once in the instructor's version of ``file``. Causes are lowercase phrases
of which a hint naming the right cause contains at least one. They were written before any grader
run and left unchanged after it, except that L22 gained "unboundlocalerror" and "not associated"
once a stubbed local run showed the error is an UnboundLocalError, and before the final run a
review (no hint was ever seen) removed phrases that a vague hint could contain: "rows" (L08),
"x > 0" (L05), "star" (L16, matches "start"), "update" (L17), "h_out" (L42), "ww", "hh", "w_out"
(L43, parts of the shape notation) and "averag" (L57). Before any run, check_static
found three literal repeats, which were replaced with new entries and new causes: L10
(parenthesis in the velocity update = E08; now momentum and learning_rate swapped), L49 (mask that
sends the gradient to every tied maximum = G77_ok; now np.unravel_index with (pw, ph)) and the
correct alternative L76. After the first harness run, seven mistakes passed the local grader and
were replaced with new entries and new causes: L01 (x.shape set in place), L05 (dout zeroed in
place), L06 (shift by the row minimum), L33 (last layer found by fan_out != num_classes), L37
(mask drawn as rand(x.shape[0], x.shape[1])), L46 (output zeros with H_out and W_out swapped) and
L58 (`if seed:` ignores seed 0). In the final run every mistake fails and every correct
alternative passes.

Which inputs show the mistakes. The layer and update-rule entries were run on a few hand-made
inputs, with the edited layers.py / optim.py loaded and the provided input checks stubbed out; the
net entries (fc_net.py, cnn.py) are described from reading the code:
L02 raises when D != M and gives wrong values when D == M; L03 gives the right values and only
changes the caller's dout (not with a batch of 1); L05 differs only where x is exactly 0; L08
raises IndexError when a label is >= N and is silently wrong otherwise; L13 differs only from a
nonzero cache; L18, L21 and L57 show only with reg > 0 (L18 only the loss, L21 and L57 only
gradients); L22 raises (UnboundLocalError) only in test mode; L23 and L58 show only in test mode
(output and running statistics); L24 and L39 give the right values and only change the caller's
input (x, dout); L30 is right when N == D; L33 differs when consecutive layer sizes differ;
L34 shows only at test time (running statistics lost); L38 only in train mode; L42 and L47 raise
only for stride > 1 (right for stride 1); L43 shows only for non-square filters; L45 only for
pad > 0; L49 only for non-square pooling windows (IndexError or wrong positions); L56 raises when
hidden_dim != num_classes and is silently wrong when they are equal; L19, L33, L35 and L55 make
the constructor store wrong parameters (the loss then fails on them).
Mistakes that raise on at least one input (20 of 60, 8 of them only on some inputs): L02, L08,
L11, L16, L17, L20, L22, L36, L40, L41, L42, L44, L46, L47, L48, L49, L50, L52, L54, L56 (L41,
L50 and L52 possibly through the provided input checks); the other 40 give wrong values, wrong
shapes, wrong parameters or changed inputs without raising.
"""

L = "cs231n/layers.py"
O = "cs231n/optim.py"  # noqa: E741
F = "cs231n/classifiers/fc_net.py"
C = "cs231n/classifiers/cnn.py"

MISTAKES_L = [
    # ---- FullyConnectedNets
    (
        "L01_affine_forward_bias_trick_ones_column_first",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    x_aug = np.hstack([np.ones((x.shape[0], 1)), x.reshape(x.shape[0], -1)])\n"
        "    out = x_aug @ np.vstack([w, b])\n",
        "affine_forward",
        ("ones column", "bias row", "bias trick", "stacking order", "first column", "last row"),
    ),
    (
        "L02_affine_backward_dx_w_not_transposed",
        L,
        "    dx = (dout @ w.T).reshape(x.shape)\n",
        "    dx = (dout @ w).reshape(x.shape)\n",
        "affine_backward",
        ("transpose", "w.t", "dout @ w"),
    ),
    (
        "L03_affine_backward_db_accumulated_into_view",
        L,
        "    db = dout.sum(axis=0)\n",
        "    db = dout[0]\n    for row in dout[1:]:\n        db += row\n",
        "affine_backward",
        ("view", "alias", "in place", "in-place", "dout[0]", "mutat", "copy"),
    ),
    (
        "L04_relu_forward_abs_trick_without_half",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = x + np.abs(x)\n",
        "relu_forward",
        ("/ 2", "half", "twice", "factor of 2", "factor 2", "doubled", "abs"),
    ),
    (
        "L05_relu_backward_passes_gradient_at_zero",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = dout * (x >= 0)\n",
        "relu_backward",
        (">= 0", "at zero", "x == 0", "exactly zero", "strictly positive", "subgradient"),
    ),
    (
        "L06_softmax_loss_from_predicted_class",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = -log_probs.max(axis=1).mean()\n",
        "softmax_loss",
        ("label", "y[i]", "predicted class", "highest score", "argmax", "true class"),
    ),
    (
        "L07_softmax_dx_one_minus_p_at_label",
        L,
        "    dx[np.arange(N), y] -= 1\n",
        "    dx[np.arange(N), y] = 1 - dx[np.arange(N), y]\n",
        "softmax_loss",
        ("1 - p", "p - 1", "sign", "subtract 1", "minus 1", "flipped"),
    ),
    (
        "L08_svm_zeroes_label_rows",
        L,
        "    margins[np.arange(N), y] = 0\n",
        "    margins[y] = 0\n",
        "svm_loss",
        ("np.arange", "row index", "whole row", "margins[y]", "(i, y[i])"),
    ),
    (
        "L09_svm_loss_per_example_vector",
        L,
        "    loss = margins.sum() / N\n",
        "    loss = margins.sum(axis=1) / N\n",
        "svm_loss",
        ("scalar", "per-example", "per example", "vector", "one number", "axis=1"),
    ),
    (
        "L10_sgd_momentum_hyperparameters_swapped",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["learning_rate"] * v - config["momentum"] * dw\n',
        "sgd_momentum",
        ("swapped", "exchanged", "interchanged", "learning_rate * v", "momentum * dw"),
    ),
    (
        "L11_sgd_momentum_mu_key",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["mu"] * v - config["learning_rate"] * dw\n',
        "sgd_momentum",
        ('"mu"', "'mu'", "key mu", "keyerror", "config key", 'config["momentum"]'),
    ),
    (
        "L12_rmsprop_square_typo_times_two",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw * 2\n',
        "rmsprop",
        ("** 2", "**2", "square", "* 2", "typo", "twice the gradient"),
    ),
    (
        "L13_rmsprop_old_cache_not_decayed",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    config["cache"] = config["cache"] + (1 - decay) * dw**2\n',
        "rmsprop",
        (
            "adagrad",
            "decay * cache",
            "not decayed",
            "never decays",
            "decay_rate * cache",
            "old cache",
        ),
    ),
    (
        "L14_adam_first_moment_coefficients_swapped",
        O,
        '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n',
        '    config["m"] = (1 - beta1) * config["m"] + beta1 * dw\n',
        "adam",
        ("swapped", "coefficients", "exchanged", "beta1 * dw", "beta1 on the gradient"),
    ),
    (
        "L15_adam_bias_corrections_inverted",
        O,
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n',
        '    step_size = config["learning_rate"] * (1 - beta1**t) / correction\n',
        "adam",
        (
            "invert",
            "reciprocal",
            "upside down",
            "multiplied instead of divided",
            "divide by (1 - beta1",
        ),
    ),
    (
        "L16_fc_init_hidden_dims_not_unpacked",
        F,
        "        dims = [input_dim, *hidden_dims, num_classes]\n",
        "        dims = [input_dim, hidden_dims, num_classes]\n",
        "FullyConnectedNet.__init__",
        ("unpack", "*hidden_dims", "nested", "list inside", "flat list"),
    ),
    (
        "L17_fc_loss_grads_dict_replaced_each_layer",
        F,
        '            grads.update({f"{name}{i}": grad for name, grad in zip(names, param_grads)})\n',
        '            grads = {f"{name}{i}": grad for name, grad in zip(names, param_grads)}\n',
        "FullyConnectedNet.loss",
        ("overwrit", "replac", "new dict", "rebuilt", "reassign"),
    ),
    (
        "L18_fc_loss_reg_square_of_sum",
        F,
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * np.sum(W * W)\n',
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * np.sum(W) ** 2\n',
        "FullyConnectedNet.loss",
        (
            "square of the sum",
            "sum of squares",
            "squared sum",
            "np.sum(w) ** 2",
            "sum of the squared",
        ),
    ),
    (
        "L19_two_layer_init_lowercase_key",
        F,
        '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n',
        '        self.params["w2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n',
        "TwoLayerNet.__init__",
        (
            "lowercase",
            "lower case",
            "lower-case",
            "capital",
            "uppercase",
            "upper case",
            "misspel",
            "unexpected key",
        ),
    ),
    (
        "L20_two_layer_loss_reg_without_self",
        F,
        "            loss += 0.5 * self.reg * np.sum(W * W)\n            grads[name] += self.reg * W\n",
        "            loss += 0.5 * reg * np.sum(W * W)\n            grads[name] += reg * W\n",
        "TwoLayerNet.loss",
        ("self.reg", "not defined", "nameerror", "undefined"),
    ),
    (
        "L21_two_layer_reg_gradient_dedented",
        F,
        "            loss += 0.5 * self.reg * np.sum(W * W)\n            grads[name] += self.reg * W\n",
        "            loss += 0.5 * self.reg * np.sum(W * W)\n        grads[name] += self.reg * W\n",
        "TwoLayerNet.loss",
        ("indent", "outside the loop", "after the loop", "only the last", "only w2"),
    ),
    # ---- BatchNormalization
    (
        "L22_bn_forward_test_uses_train_inv_std",
        L,
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n",
        "        out = gamma * (x - running_mean) * inv_std + beta\n",
        "batchnorm_forward",
        (
            "inv_std",
            "unboundlocalerror",
            "nameerror",
            "not defined",
            "undefined",
            "not associated",
            "running_var",
        ),
    ),
    (
        "L23_bn_forward_running_mean_updated_at_test",
        L,
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n",
        "        running_mean = momentum * running_mean + (1 - momentum) * x.mean(axis=0)\n"
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n",
        "batchnorm_forward",
        (
            "updated in test",
            "updated at test",
            "update in test",
            "test batch",
            "test-time batch",
            "changes the running mean",
            "changed running_mean",
        ),
    ),
    (
        "L24_bn_forward_centers_x_in_place",
        L,
        "        x_hat = (x - mean) * inv_std\n",
        "        x -= mean\n        x_hat = x * inv_std\n",
        "batchnorm_forward",
        ("in place", "in-place", "x -= mean", "mutat", "input array", "changed x"),
    ),
    (
        "L25_bn_backward_dmean_over_features",
        L,
        "    dmean = -dxc.sum(axis=0)  # xc = x - mean\n",
        "    dmean = -dxc.sum(axis=1, keepdims=True)  # xc = x - mean\n",
        "batchnorm_backward",
        ("axis=0", "axis 0", "batch axis", "axis=1", "features axis", "over the features"),
    ),
    (
        "L26_bn_backward_dbeta_keepdims",
        L,
        "    xc = x_hat / inv_std\n    dbeta = dout.sum(axis=0)\n",
        "    xc = x_hat / inv_std\n    dbeta = dout.sum(axis=0, keepdims=True)\n",
        "batchnorm_backward",
        ("keepdims", "(1, d)", "extra dimension", "extra axis", "2-d", "row vector"),
    ),
    (
        "L27_bn_alt_dgamma_summed_to_scalar",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n"
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "    dgamma = (dout * x_hat).sum()\n    dx_hat = dout * gamma\n"
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "batchnorm_backward_alt",
        ("axis", "scalar", "per feature", "one value per", "summed over everything", "all axes"),
    ),
    (
        "L28_bn_alt_dgamma_dbeta_formulas_swapped",
        L,
        "    N = dout.shape[0]\n    dbeta = dout.sum(axis=0)\n    dgamma = (dout * x_hat).sum(axis=0)\n",
        "    N = dout.shape[0]\n    dgamma = dout.sum(axis=0)\n    dbeta = (dout * x_hat).sum(axis=0)\n",
        "batchnorm_backward_alt",
        ("swapped", "exchanged", "interchanged", "dgamma and dbeta", "dbeta and dgamma"),
    ),
    (
        "L29_ln_forward_mean_subtracted_after_scaling",
        L,
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n    x_hat = (x - mean) * inv_std\n",
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n    x_hat = x * inv_std - mean\n",
        "layernorm_forward",
        (
            "parenthes",
            "(x - mean)",
            "precedence",
            "mean not scaled",
            "centered after",
            "before scaling",
        ),
    ),
    (
        "L30_ln_forward_mean_divided_by_batch_size",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n",
        "    mean = x.sum(axis=1, keepdims=True) / x.shape[0]\n",
        "layernorm_forward",
        (
            "x.shape[1]",
            "number of features",
            "shape[0]",
            "batch size",
            "divided by n",
            "feature count",
        ),
    ),
    (
        "L31_ln_backward_unpacks_dgamma_as_dx",
        L,
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n",
        "    _, dx_t, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n",
        "layernorm_backward",
        (
            "unpack",
            "return order",
            "first return",
            "first value",
            "second value",
            "returns dx, dgamma",
        ),
    ),
    (
        "L32_ln_backward_gamma_applied_after",
        L,
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n"
        "    dx = dx_t.T\n",
        "    dx_t, _, _ = batchnorm_backward_alt(dout.T, (x_hat.T, inv_std.T, ones))\n"
        "    dx = dx_t.T * gamma\n",
        "layernorm_backward",
        (
            "dout * gamma",
            "gamma after",
            "multiplied after",
            "scale dout first",
            "gamma outside",
            "before the normalization backward",
        ),
    ),
    (
        "L33_fc_init_bn_gamma_sized_by_next_layer",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.ones(dims[i + 1])\n',
        "FullyConnectedNet.__init__[batchnorm]",
        ("dims[i + 1]", "next layer", "off by one", "off-by-one", "fan_out", "one layer ahead"),
    ),
    (
        "L34_fc_loss_bn_params_rebuilt_every_call",
        F,
        '            for bn_param in self.bn_params:\n                bn_param["mode"] = mode\n',
        '            self.bn_params = [{"mode": mode} for _ in range(self.num_layers - 1)]\n',
        "FullyConnectedNet.loss[batchnorm]",
        ("rebuilt", "recreated", "every call", "reset", "lost", "new dicts", "fresh"),
    ),
    (
        "L35_fc_init_ln_beta_key_not_f_string",
        F,
        '                self.params[f"beta{i}"] = np.zeros(fan_out)\n',
        '                self.params["beta{i}"] = np.zeros(fan_out)\n',
        "FullyConnectedNet.__init__[layernorm]",
        ("f-string", "f prefix", "f-prefix", "literal", "beta{i}", "formatted"),
    ),
    (
        "L36_fc_loss_normalization_argument_name",
        F,
        "                self.normalization,\n",
        "                normalization,\n",
        "FullyConnectedNet.loss[layernorm]",
        ("self.normalization", "not defined", "nameerror", "undefined", "__init__ argument"),
    ),
    # ---- Dropout
    (
        "L37_dropout_forward_vanilla_scaled_at_test",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n        out = x * mask\n"
        "        # END SOLUTION\n    else:\n        out = x\n",
        "        mask = (rand(*x.shape) < p).astype(x.dtype)\n        out = x * mask\n"
        "        # END SOLUTION\n    else:\n        out = x * p\n",
        "dropout_forward",
        (
            "inverted dropout",
            "vanilla dropout",
            "non-inverted",
            "scale at test",
            "scaled at test",
            "1/p at train",
            "train time scaling",
        ),
    ),
    (
        "L38_dropout_forward_divides_by_p_twice",
        L,
        "        out = x * mask\n",
        "        out = x * mask / p\n",
        "dropout_forward",
        ("twice", "again", "double", "already", "p**2", "p ** 2"),
    ),
    (
        "L39_dropout_backward_dout_masked_in_place",
        L,
        "    dx = dout * mask\n",
        "    dout *= mask\n    dx = dout\n",
        "dropout_backward",
        ("in place", "in-place", "dout *=", "mutat", "upstream array", "changed dout"),
    ),
    (
        "L40_fc_loss_dropout_cache_appended_too_early",
        F,
        "            dropout_cache = None\n            if self.use_dropout:\n"
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n"
        "            caches.append((cache, dropout_cache))\n",
        "            dropout_cache = None\n            caches.append((cache, dropout_cache))\n"
        "            if self.use_dropout:\n"
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "FullyConnectedNet.loss[dropout]",
        ("appended before", "append", "stored before", "cache is none", "dropout_cache = none"),
    ),
    (
        "L41_fc_dropout_param_keep_prob_key",
        F,
        '            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}\n',
        '            self.dropout_param = {"mode": "train", "keep_prob": dropout_keep_ratio}\n',
        "FullyConnectedNet.loss[dropout]",
        ("keep_prob", "'p'", '"p"', "key p", "dropout_param key"),
    ),
    # ---- ConvolutionalNetworks
    (
        "L42_conv_forward_output_height_ignores_stride",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n",
        "    H_out = 1 + (H + 2 * pad - HH)\n",
        "conv_forward_naive",
        (
            "// stride",
            "divided by the stride",
            "divide by the stride",
            "output height",
            "stride in the output size",
        ),
    ),
    (
        "L43_conv_forward_output_width_from_filter_height",
        L,
        "    W_out = 1 + (W + 2 * pad - WW) // stride\n",
        "    W_out = 1 + (W + 2 * pad - HH) // stride\n",
        "conv_forward_naive",
        ("filter width", "filter height", "copy-paste", "non-square"),
    ),
    (
        "L44_conv_backward_window_one_row_short",
        L,
        "                    rows = slice(i * stride, i * stride + HH)\n",
        "                    rows = slice(i * stride, i * stride + HH - 1)\n",
        "conv_backward_naive",
        ("off by one", "off-by-one", "- 1", "one row short", "window height", "exclusive"),
    ),
    (
        "L45_conv_backward_size_from_padded_input",
        L,
        "    H, W = x.shape[2:]\n    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n",
        "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n    H, W = x_pad.shape[2:]\n",
        "conv_backward_naive",
        ("x_pad.shape", "padded size", "padded height", "unpadded", "crop", "h + 2 * pad"),
    ),
    (
        "L46_max_pool_forward_output_size_true_division",
        L,
        "    H_out = 1 + (H - ph) // stride\n    W_out = 1 + (W - pw) // stride\n",
        "    H_out = 1 + (H - ph) / stride\n    W_out = 1 + (W - pw) / stride\n",
        "max_pool_forward_naive",
        ("integer division", "//", "true division", "floor division", "not an integer", "int("),
    ),
    (
        "L47_max_pool_forward_loops_over_pixel_positions",
        L,
        "    for i in range(H_out):\n        for j in range(W_out):\n"
        "            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]\n"
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "    for i in range(0, H - ph + 1, stride):\n        for j in range(0, W - pw + 1, stride):\n"
        "            window = x[:, :, i : i + ph, j : j + pw]\n"
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "max_pool_forward_naive",
        (
            "output index",
            "i // stride",
            "pixel position",
            "input position",
            "range(h_out)",
            "loop variable",
        ),
    ),
    (
        "L48_max_pool_backward_max_value_as_index",
        L,
        "            first_max = window.reshape(N, C, -1).argmax(axis=2)\n",
        "            first_max = window.reshape(N, C, -1).max(axis=2)\n",
        "max_pool_backward_naive",
        ("argmax", "max value", "index of the max", "position of the max", "value instead of"),
    ),
    (
        "L49_max_pool_backward_unravel_shape_swapped",
        L,
        "            rows = i * stride + first_max // pw\n            cols = j * stride + first_max % pw\n",
        "            r, c = np.unravel_index(first_max, (pw, ph))\n"
        "            rows = i * stride + r\n"
        "            cols = j * stride + c\n",
        "max_pool_backward_naive",
        ("(ph, pw)", "unravel", "shape order", "pool_width", "non-square", "swapped"),
    ),
    (
        "L50_spatial_bn_forward_rows_per_example",
        L,
        "    x_rows = x.transpose(0, 2, 3, 1).reshape(-1, C)  # one row per (n, h, w)\n",
        "    x_rows = x.reshape(N, -1)\n",
        "spatial_batchnorm_forward",
        (
            "per channel",
            "(-1, c)",
            "c columns",
            "one feature per channel",
            "h * w",
            "each position",
        ),
    ),
    (
        "L51_spatial_bn_backward_dx_not_reshaped_back",
        L,
        "    dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    dx = dx_rows\n",
        "spatial_batchnorm_backward",
        ("reshape back", "(n, c, h, w)", "not reshaped", "2-d", "shape of x", "rows"),
    ),
    (
        "L52_groupnorm_forward_groups_kept_3d",
        L,
        "    groups = x.reshape(N * G, -1)\n",
        "    groups = x.reshape(N, G, -1)\n",
        "spatial_groupnorm_forward",
        ("2-d", "3-d", "n * g", "(n, g, -1)", "one row per group", "merge"),
    ),
    (
        "L53_groupnorm_forward_zeros_made_with_ones",
        L,
        "    ones, zeros = np.ones(D, dtype=x.dtype), np.zeros(D, dtype=x.dtype)\n",
        "    ones, zeros = np.ones(D, dtype=x.dtype), np.ones(D, dtype=x.dtype)\n",
        "spatial_groupnorm_forward",
        ("np.ones", "zeros", "beta of ones", "shift of 1", "+ 1", "copy-paste", "offset"),
    ),
    (
        "L54_groupnorm_backward_outer_cache_to_layernorm",
        L,
        "    dx_groups, _, _ = layernorm_backward(dx_hat_groups, ln_cache)\n",
        "    dx_groups, _, _ = layernorm_backward(dx_hat_groups, cache)\n",
        "spatial_groupnorm_backward",
        ("ln_cache", "layernorm's cache", "layernorm cache", "outer cache", "whole cache"),
    ),
    (
        "L55_conv_net_init_filters_3d",
        C,
        '        self.params["W1"] = weight_scale * np.random.randn(num_filters, C, filter_size, filter_size)\n',
        '        self.params["W1"] = weight_scale * np.random.randn(num_filters, C, filter_size)\n',
        "ThreeLayerConvNet.__init__",
        ("4-d", "3-d", "filter_size twice", "(f, c, hh, ww)", "square filter", "missing dimension"),
    ),
    (
        "L56_conv_net_loss_scores_with_b2",
        C,
        "        scores, cache3 = affine_forward(hidden, W3, b3)\n",
        "        scores, cache3 = affine_forward(hidden, W3, b2)\n",
        "ThreeLayerConvNet.loss",
        (
            "typo",
            "wrong bias",
            "bias of the hidden",
            "hidden bias",
            "b2 instead of b3",
            "b2 for b3",
        ),
    ),
    (
        "L57_conv_net_reg_gradient_divided_by_batch",
        C,
        "            grads[name] += self.reg * self.params[name]\n",
        "            grads[name] += self.reg * self.params[name] / X.shape[0]\n",
        "ThreeLayerConvNet.loss",
        ("divided by n", "batch size", "/ n", "x.shape[0]"),
    ),
    # ---- more
    (
        "L58_spatial_bn_forward_mode_forced_to_train",
        L,
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        '    bn_param["mode"] = "train"\n    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n',
        "spatial_batchnorm_forward",
        (
            "forced",
            "overwrit",
            "always train",
            "sets the mode",
            "mode to 'train'",
            "mode = 'train'",
        ),
    ),
    (
        "L59_bn_backward_dxc_aliases_dx_hat",
        L,
        "    dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc\n",
        "    dxc = dx_hat  # x_hat = xc * inv_std, via xc\n    dxc *= inv_std\n",
        "batchnorm_backward",
        ("alias", "in place", "in-place", "same array", "copy", "view"),
    ),
    (
        "L60_groupnorm_backward_dgamma_overwritten_by_layernorm",
        L,
        "    dx_groups, _, _ = layernorm_backward(dx_hat_groups, ln_cache)\n",
        "    dx_groups, dgamma, dbeta = layernorm_backward(dx_hat_groups, ln_cache)\n",
        "spatial_groupnorm_backward",
        ("overwrit", "layernorm's dgamma", "returned dgamma", "(1, c, 1, 1)", "replaced"),
    ),
]

CAUSE_L = {
    "L01_affine_forward_bias_trick_ones_column_first": "With the bias trick, the column of ones is put first in x while b is stacked as the last row of w, so the ones multiply w[0] and b multiplies the last feature; use x @ w + b (or put the ones column last).",
    "L02_affine_backward_dx_w_not_transposed": "dx is dout @ w instead of dout @ w.T: w is not transposed (shape error when D != M, wrong values when D == M).",
    "L03_affine_backward_db_accumulated_into_view": "db starts as dout[0], a view of dout, and the loop adds the other rows into it in place, so the caller's dout is changed (db itself is right); start from a copy or use dout.sum(axis=0).",
    "L04_relu_forward_abs_trick_without_half": "The (x + |x|) / 2 trick is written without the division by 2, so positive inputs come out doubled.",
    "L05_relu_backward_passes_gradient_at_zero": "The mask is x >= 0 instead of x > 0, so the gradient flows where the input is exactly 0 (the ReLU derivative is taken as 0 there).",
    "L06_softmax_loss_from_predicted_class": "The loss takes the log-probability of each row's highest-scoring class instead of the correct label y[i].",
    "L07_softmax_dx_one_minus_p_at_label": "At the correct class the gradient is set to 1 - p instead of p - 1 (subtract 1 from the probability): the sign is flipped there.",
    "L08_svm_zeroes_label_rows": "margins[y] = 0 zeroes whole rows numbered by the labels instead of the (i, y[i]) entries; index with margins[np.arange(N), y] (IndexError when a label >= N).",
    "L09_svm_loss_per_example_vector": "The loss is summed only over classes (axis=1), so it is a vector of per-example losses / N instead of one scalar.",
    "L10_sgd_momentum_hyperparameters_swapped": "momentum and learning_rate are swapped: v = learning_rate * v - momentum * dw.",
    "L11_sgd_momentum_mu_key": 'The momentum is read from config["mu"] (the lecture notes\' name) instead of config["momentum"]: KeyError.',
    "L12_rmsprop_square_typo_times_two": "dw * 2 instead of dw ** 2 in the cache update (typo), so the cache is a running average of 2 * dw, not of dw squared.",
    "L13_rmsprop_old_cache_not_decayed": "The old cache is not multiplied by decay_rate, so squared gradients accumulate without decay (AdaGrad-like); only visible from a nonzero cache.",
    "L14_adam_first_moment_coefficients_swapped": "The first-moment update weights are swapped: (1 - beta1) * m + beta1 * dw instead of beta1 * m + (1 - beta1) * dw.",
    "L15_adam_bias_corrections_inverted": "The folded bias correction is inverted: the step multiplies by (1 - beta1**t) and divides by sqrt(1 - beta2**t) instead of the reverse.",
    "L16_fc_init_hidden_dims_not_unpacked": "hidden_dims is put into dims as one nested list instead of being unpacked (*hidden_dims), so the layer sizes are wrong and randn gets a list.",
    "L17_fc_loss_grads_dict_replaced_each_layer": "grads is reassigned to a new dict at every hidden layer instead of updated, so the gradients of the other layers are lost (KeyError in the regularization loop).",
    "L18_fc_loss_reg_square_of_sum": "The L2 penalty uses the square of the sum of the weights, np.sum(W) ** 2, instead of the sum of their squares.",
    "L19_two_layer_init_lowercase_key": 'The second weight matrix is stored under the lowercase key "w2" instead of "W2".',
    "L20_two_layer_loss_reg_without_self": "The regularization uses the bare name reg (the __init__ argument) instead of self.reg: NameError.",
    "L21_two_layer_reg_gradient_dedented": "The gradient line of the regularization loop is dedented out of the loop, so only W2 (the last name) gets the reg * W term; W1's gradient misses it.",
    "L22_bn_forward_test_uses_train_inv_std": "In test mode inv_std (only computed in the train branch) is used instead of 1 / sqrt(running_var + eps): it is not defined there.",
    "L23_bn_forward_running_mean_updated_at_test": "In test mode the running mean is updated with the test batch mean before normalizing; running statistics must only change in train mode.",
    "L24_bn_forward_centers_x_in_place": "x -= mean centers the caller's input array in place (the output is right, but x is changed).",
    "L25_bn_backward_dmean_over_features": "dmean is summed over the feature axis (axis=1) instead of the batch axis (axis=0).",
    "L26_bn_backward_dbeta_keepdims": "dbeta keeps the summed axis (keepdims=True), so it has shape (1, D) instead of (D,).",
    "L27_bn_alt_dgamma_summed_to_scalar": "dgamma is summed over all axes (a scalar) instead of over the batch axis only (one value per feature).",
    "L28_bn_alt_dgamma_dbeta_formulas_swapped": "The formulas of dgamma and dbeta are swapped: dgamma = sum(dout) and dbeta = sum(dout * x_hat).",
    "L29_ln_forward_mean_subtracted_after_scaling": "x_hat = x * inv_std - mean: the mean is subtracted after scaling (missing parentheses) instead of (x - mean) * inv_std.",
    "L30_ln_forward_mean_divided_by_batch_size": "The per-example mean divides the row sum by x.shape[0] (batch size N) instead of the number of features D = x.shape[1].",
    "L31_ln_backward_unpacks_dgamma_as_dx": "The results of batchnorm_backward_alt are unpacked in the wrong position: the second value (its dgamma) is taken as dx.",
    "L32_ln_backward_gamma_applied_after": "gamma multiplies dx after the normalization backward instead of multiplying dout before it (dx_hat = dout * gamma).",
    "L33_fc_init_bn_gamma_sized_by_next_layer": "gamma_i gets the size dims[i + 1] (next layer) instead of dims[i] (fan_out): off by one.",
    "L34_fc_loss_bn_params_rebuilt_every_call": "bn_params is rebuilt as fresh dicts at every call of loss instead of only setting the mode, so the running mean and variance are lost and test mode uses none.",
    "L35_fc_init_ln_beta_key_not_f_string": 'The key "beta{i}" lacks the f prefix, so one literal key "beta{i}" is stored instead of beta1, beta2, ...',
    "L36_fc_loss_normalization_argument_name": "loss passes normalization (an __init__ argument, undefined in loss) instead of self.normalization: NameError.",
    "L37_dropout_forward_vanilla_scaled_at_test": "Non-inverted (vanilla) dropout: the train mask is not divided by p and the test output is multiplied by p; this API wants inverted dropout (scale by 1/p at train time, identity at test time).",
    "L38_dropout_forward_divides_by_p_twice": "The output is divided by p again although the mask already holds the 1/p scaling.",
    "L39_dropout_backward_dout_masked_in_place": "dout *= mask changes the caller's upstream gradient in place (the returned value is right).",
    "L40_fc_loss_dropout_cache_appended_too_early": "The layer's caches are appended before dropout_forward runs, so the stored dropout cache is None and dropout_backward fails.",
    "L41_fc_dropout_param_keep_prob_key": 'The keep probability is stored under "keep_prob" instead of the key "p" that dropout_forward reads.',
    "L42_conv_forward_output_height_ignores_stride": "H_out leaves out the division by the stride (1 + (H + 2 * pad - HH) // stride): wrong for stride > 1.",
    "L43_conv_forward_output_width_from_filter_height": "W_out uses the filter height HH instead of the filter width WW (copy-paste): wrong for non-square filters.",
    "L44_conv_backward_window_one_row_short": "The row slice of the window ends at i * stride + HH - 1: one row short (slice ends are exclusive).",
    "L45_conv_backward_size_from_padded_input": "H and W are taken from the padded input, so the crop pad : pad + H keeps extra rows and columns: dx has the wrong size when pad > 0.",
    "L46_max_pool_forward_output_size_true_division": "The output size uses true division / instead of integer division //, so H_out and W_out are floats (TypeError in np.zeros / range).",
    "L47_max_pool_forward_loops_over_pixel_positions": "The loops run over input pixel positions (step stride) and use them as output indices, which run past the output for stride > 1; loop over range(H_out) and multiply by the stride.",
    "L48_max_pool_backward_max_value_as_index": "max() (the value) is used instead of argmax() (the position), so the float maxima are used as indices.",
    "L49_max_pool_backward_unravel_shape_swapped": "np.unravel_index is given the window shape as (pw, ph) instead of (ph, pw): wrong positions for non-square pooling windows.",
    "L50_spatial_bn_forward_rows_per_example": "x is reshaped to (N, C*H*W), one feature per (channel, position), instead of moving channels last and reshaping to (-1, C) (one feature per channel).",
    "L51_spatial_bn_backward_dx_not_reshaped_back": "dx is returned as the (N*H*W, C) rows without reshaping and transposing it back to (N, C, H, W).",
    "L52_groupnorm_forward_groups_kept_3d": "The groups are reshaped to (N, G, -1), a 3-d array, instead of (N * G, -1) with one group per row.",
    "L53_groupnorm_forward_zeros_made_with_ones": "The shift passed to layernorm_forward is made with np.ones instead of np.zeros (copy-paste), so x_hat is shifted by 1.",
    "L54_groupnorm_backward_outer_cache_to_layernorm": "layernorm_backward is given the whole group-norm cache instead of its own ln_cache.",
    "L55_conv_net_init_filters_3d": "W1 is drawn with shape (F, C, filter_size): the second filter_size is missing, so the filters are not 4-d (F, C, HH, WW).",
    "L56_conv_net_loss_scores_with_b2": "The output layer is called with b2 (hidden bias) instead of b3 (typo).",
    "L57_conv_net_reg_gradient_divided_by_batch": "The regularization gradient is divided by the batch size although the loss term 0.5 * reg * sum(W**2) is not.",
    "L58_spatial_bn_forward_mode_forced_to_train": 'bn_param["mode"] is overwritten to "train" before calling batchnorm_forward, so test mode uses batch statistics and updates the running averages.',
    "L59_bn_backward_dxc_aliases_dx_hat": "dxc = dx_hat makes an alias, and dxc *= inv_std then also scales dx_hat in place, so the variance path uses a wrong dx_hat; use dxc = dx_hat * inv_std (a new array).",
    "L60_groupnorm_backward_dgamma_overwritten_by_layernorm": "The dgamma and dbeta returned by layernorm_backward (for its unit scale, one per group element) overwrite the per-channel dgamma and dbeta computed above.",
}

CORRECT_L = [
    (
        "L61_ok_affine_forward_transposed_product",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = (w.T @ x.reshape(x.shape[0], -1).T).T + b\n",
        "affine_forward",
    ),
    (
        "L62_ok_affine_backward_dw_np_dot_len",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    dw = np.dot(x.reshape(len(x), -1).T, dout)\n",
        "affine_backward",
    ),
    (
        "L63_ok_relu_forward_copy_then_zero",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = x.copy()\n    out[out < 0] = 0\n",
        "relu_forward",
    ),
    (
        "L64_ok_relu_backward_np_multiply_mask",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = np.multiply(dout, x > 0)\n",
        "relu_backward",
    ),
    (
        "L65_ok_softmax_dx_subtract_at",
        L,
        "    dx[np.arange(N), y] -= 1\n",
        "    np.subtract.at(dx, (np.arange(N), y), 1)\n",
        "softmax_loss",
    ),
    (
        "L66_ok_svm_indicator_where",
        L,
        "    positive = (margins > 0).astype(x.dtype)\n",
        "    positive = np.where(margins > 0, 1.0, 0.0).astype(x.dtype)\n",
        "svm_loss",
    ),
    (
        "L67_ok_sgd_momentum_np_subtract",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = np.subtract(config["momentum"] * v, config["learning_rate"] * dw)\n',
        "sgd_momentum",
    ),
    (
        "L68_ok_rmsprop_step_reciprocal",
        O,
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])\n',
        '    next_w = w - config["learning_rate"] * dw * np.reciprocal(np.sqrt(config["cache"]) + config["epsilon"])\n',
        "rmsprop",
    ),
    (
        "L69_ok_adam_correction_np_sqrt",
        O,
        "    correction = (1 - beta2**t) ** 0.5\n",
        "    correction = np.sqrt(1 - beta2**t)\n",
        "adam",
    ),
    (
        "L70_ok_fc_init_scale_after_draw",
        F,
        '            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)\n',
        '            self.params[f"W{i}"] = np.random.randn(fan_in, fan_out) * weight_scale\n',
        "FullyConnectedNet.__init__",
    ),
    (
        "L71_ok_fc_loss_reg_einsum",
        F,
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * np.sum(W * W)\n',
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * np.einsum("ij,ij->", W, W)\n',
        "FullyConnectedNet.loss",
    ),
    (
        "L72_ok_two_layer_dhidden_recomputed",
        F,
        '        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)\n',
        '        _, grads["W1"], grads["b1"] = affine_relu_backward(dscores @ self.params["W2"].T, hidden_cache)\n',
        "TwoLayerNet.loss",
    ),
    (
        "L73_ok_bn_forward_var_np_square",
        L,
        "        var = x.var(axis=0)\n",
        "        var = np.square(x - mean).mean(axis=0)\n",
        "batchnorm_forward",
    ),
    (
        "L74_ok_bn_backward_dx_hat_diag_product",
        L,
        "    dx_hat = dout * gamma\n    dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc\n",
        "    dx_hat = dout @ np.diag(gamma)\n    dxc = dx_hat * inv_std  # x_hat = xc * inv_std, via xc\n",
        "batchnorm_backward",
    ),
    (
        "L75_ok_bn_alt_sums_over_n_inside",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "    dx = inv_std * (dx_hat - (dx_hat.sum(axis=0) + x_hat * (dx_hat * x_hat).sum(axis=0)) / N)\n",
        "batchnorm_backward_alt",
    ),
    (
        "L76_ok_ln_forward_var_reshaped_to_column",
        L,
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n",
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1).reshape(-1, 1) + eps)\n",
        "layernorm_forward",
    ),
    (
        "L77_ok_ln_backward_through_step_by_step_batchnorm",
        L,
        "    dx_t, _, _ = batchnorm_backward_alt((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n",
        "    dx_t, _, _ = batchnorm_backward((dout * gamma).T, (x_hat.T, inv_std.T, ones))\n",
        "layernorm_backward",
    ),
    (
        "L78_ok_fc_init_bn_gamma_from_hidden_dims",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.ones(hidden_dims[i - 1])\n',
        "FullyConnectedNet.__init__[batchnorm]",
    ),
    (
        "L79_ok_fc_loss_bn_mode_by_update",
        F,
        '            for bn_param in self.bn_params:\n                bn_param["mode"] = mode\n',
        "            for bn_param in self.bn_params:\n                bn_param.update(mode=mode)\n",
        "FullyConnectedNet.loss[batchnorm]",
    ),
    (
        "L80_ok_fc_ln_params_one_shared_dict",
        F,
        "            self.bn_params = [{} for _ in range(self.num_layers - 1)]\n",
        "            self.bn_params = [{}] * (self.num_layers - 1)\n",
        "FullyConnectedNet.loss[layernorm]",
    ),
    (
        "L81_ok_dropout_forward_mask_by_where",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = np.where(rand(*x.shape) < p, 1 / p, 0).astype(x.dtype)\n",
        "dropout_forward",
    ),
    (
        "L82_ok_dropout_backward_kept_units_over_p",
        L,
        "    dx = dout * mask\n",
        '    dx = dout * (mask != 0) / dropout_param["p"]\n',
        "dropout_backward",
    ),
    (
        "L83_ok_fc_loss_dropout_param_copied",
        F,
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "                hidden, dropout_cache = dropout_forward(hidden, dict(self.dropout_param))\n",
        "FullyConnectedNet.loss[dropout]",
    ),
    (
        "L84_ok_conv_forward_plus_one_last",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n",
        "    H_out = (H + 2 * pad - HH) // stride + 1\n",
        "conv_forward_naive",
    ),
    (
        "L85_ok_conv_backward_crop_with_ellipsis",
        L,
        "    dx = dx_pad[:, :, pad : pad + H, pad : pad + W]\n",
        "    dx = dx_pad[..., pad : pad + H, pad : pad + W]\n",
        "conv_backward_naive",
    ),
    (
        "L86_ok_max_pool_forward_amax_axes_reversed",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = np.amax(window, axis=(3, 2))\n",
        "max_pool_forward_naive",
    ),
    (
        "L87_ok_max_pool_backward_add_written_out",
        L,
        "            dx[n_idx, c_idx, rows, cols] += dout[:, :, i, j]\n",
        "            dx[n_idx, c_idx, rows, cols] = dx[n_idx, c_idx, rows, cols] + dout[:, :, i, j]\n",
        "max_pool_backward_naive",
    ),
    (
        "L88_ok_spatial_bn_backward_moveaxis_back",
        L,
        "    dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    dx = np.moveaxis(dx_rows.reshape(N, H, W, C), -1, 1)\n",
        "spatial_batchnorm_backward",
    ),
    (
        "L89_ok_groupnorm_forward_x_hat_via_group_axes",
        L,
        "    x_hat = x_hat_groups.reshape(N, C, H, W)\n",
        "    x_hat = x_hat_groups.reshape(N, G, C // G, H, W).reshape(N, C, H, W)\n",
        "spatial_groupnorm_forward",
    ),
    (
        "L90_ok_conv_net_reg_tensordot",
        C,
        "            loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)\n",
        "            loss += 0.5 * self.reg * float(np.tensordot(self.params[name], self.params[name], axes=self.params[name].ndim))\n",
        "ThreeLayerConvNet.loss",
    ),
]
