"""Set O: a blind held-out set of realistic student mistakes and correct alternatives.

Written without reading the diagnosis engine, its catalog, the grader, its checks or any hint
text: the only files read were the student files of /work/main (cs231n/layers.py, optim.py,
layer_utils.py, classifiers/fc_net.py, classifiers/cnn.py), /work/main/README.md was allowed but
not needed, and in /work/blindO set N as the model of format and docstring (model_set_n.py, its
docstring and first entries), the ids of sets A-N per check (ids.py), harness.py and
check_static.py (model_set_m.py and blind_head_AB.py were allowed but not opened). The grader ran
only through /work/blindO/harness.py (status only). No git history, test, result file, log or
other file of /work/main was read. Each entry was chosen from what students write in the course
forums and office hours (wrong axis or size, missing or extra 1/N, wrong key or variable, in-place
slips, off-by-one loops, argument order, transposes, forgotten terms, misread docstrings, mode
handling, cache contents, dtype and shape slips, exceptions such as TypeError, ValueError and
UFuncTypeError) and checked by name against ids.py so that it is not the same as, or a
near-variant of, an entry of sets A-N for the same check; the literal comparison is
/work/blindO/check_static.py. Same format as sets L, M and N:

    MISTAKES_O: (id, file, old, new, check, causes)
    CAUSE_O:    id -> the real cause in one plain sentence (for a judge reading the hints)
    CORRECT_O:  (id, file, old, new, check), each must pass with no hint

``old`` occurs exactly once in the instructor's version of ``file`` (where a line occurs more than
once, as the regularization lines, ``dx_hat = dout * gamma`` or the pooling window, ``old``
includes the lines around it). Causes are lowercase phrases of which a hint naming the right cause
contains at least one; they avoid bare array names and words any generic hint contains (as set N
explains); entries whose cause is an exception (O05, O14, O15, O17, O19, O45) name it where the
exception names the cause. Causes were written before any grader run.

Spread: FullyConnectedNets 23 mistakes (O01-O23), BatchNormalization 14 (O24-O37), Dropout 4
(O38-O41), ConvolutionalNetworks 19 (O42-O60); every one of the 35 graded checks has at least one
mistake (FullyConnectedNet.loss four; affine_backward, softmax_loss, svm_loss, sgd_momentum, adam,
FullyConnectedNet.__init__, TwoLayerNet.loss, batchnorm_forward / backward / backward_alt,
layernorm_forward / backward, FullyConnectedNet.loss[dropout] and every ConvolutionalNetworks check
but ThreeLayerConvNet.__init__ two; the rest one). Most entries are one small slip; O03, O18, O37,
O38, O52 and O55 rewrite a line or add one, O25 and O28 are a line rewritten with the wrong
precedence. 30 correct alternatives (O61-O90) cover 30 checks (not max_pool_backward_naive,
spatial_batchnorm_forward, spatial_batchnorm_backward, spatial_groupnorm_forward,
ThreeLayerConvNet.loss).

Replacements. Before any run, check_static found 16 literal repeats, replaced with new entries:
the mistake O54 (D = groups.shape[0] = F54; now the group length as groups.size // N, new causes)
and the correct alternatives O63 (x * (x > 0) = CA01; now np.fmax), O65 (take_along_axis = G64;
now sum times 1/N), O68 (** 0.5 = E65; now a named denominator), O69 (np.sqrt correction = L69;
now v from np.multiply), O73 (np.vdot = E68; now einsum), O77 (sum / D = E74, then np.average =
F70; now mean over axis -1 with np.newaxis), O79 (np.full = E76; now 1.0 + zeros), O80
(zeros_like of the bias = M79; now 0.0 * ones), O83 (np.where = CA07, then np.divide with dtype =
M81; now the mask divided in place), O84 (np.multiply = H78, then copy-then-scale = M82; now the
mask cast to dout's dtype), O86 (np.vdot = J79, tensordot = G74, einsum = M84; now bias first,
w[f] * window), O87 (einsum = E79, chained sums = I75, add.reduce = J80, transposed rows = K81;
now a list of per-filter sums), O88 (reshape max = G76, max twice = CD13, amax = H81; now
np.max of a (N, C, ph * pw) reshape) and O90 (float64 zeros = I81, zeros_like of a W1 slice =
H86; now zeros of W1.shape[0]).
In the harness run every correct alternative passed at once and one mistake passed the local
grader: O60 (ThreeLayerConvNet.loss regularizing every parameter, biases too, by looping over
self.params): the biases start at zero, so their penalty and its gradient are zero on the check's
model and the mistake cannot show (a gap of the inputs rather than of the check). It was replaced
with a new entry and new causes: O60 now unpacks affine_relu_backward's (dx, dw, db) as
(dx, db, dw) for the hidden layer. In the final run (the harness in parallel parts on the final
file) every mistake fails (60 FAILED) and every correct alternative passes (30 passed), with no
harness error and no bad entry.

Which inputs show the mistakes (from reading the code; nothing was run but the harness):
O05, O14, O15, O17, O19, O44, O45 and O56 raise on any input (O56: dgamma has shape (D,) and
cannot be reshaped to x); O34 leaves the documented gamma keys missing, O35 and O36 leave layer
norm's gamma / beta and batch norm's dgamma / dbeta missing; O02 raises unless w.T happens to
have x's size; O01 gives wrong shapes for inputs of more than two axes; O08, O24, O27, O39, O43,
O49 and O50 raise when two sizes differ (N != C, N != D, N != F, ...) and are wrong otherwise;
O23 raises unless x and w have the same size; O16 raises KeyError (W0); O40 raises when the
dropout cache is unpacked in the backward pass; O41 raises inside dropout_backward; O12 shows
from the second step (at the first m = 0) or when m != 0 is given; O13 only when learning_rate !=
1e-3; O18, O21, O22, O37 and O59 only when reg > 0; O60 gives W2 and b2 each other's
gradients (wrong shapes); O47 only with stride > 1; O46 only for
non-integer inputs; O42 whenever the output size formula is evaluated; O06 moves the gradient to
the neighbouring class; O29 and O52 apply a factor twice; the others give wrong values or
gradients without raising.
"""

L = "cs231n/layers.py"
O = "cs231n/optim.py"  # noqa: E741
F = "cs231n/classifiers/fc_net.py"
C = "cs231n/classifiers/cnn.py"

IN_PLACE = (
    "in place",
    "in-place",
    "mutat",
    "caller's",
    "input array",
    "changes its input",
)

_FC_REG_LOOP = (
    "        for i in range(1, L + 1):\n"
    '            W = self.params[f"W{i}"]\n'
    "            loss += 0.5 * self.reg * np.sum(W * W)\n"
    '            grads[f"W{i}"] += self.reg * W\n'
)

MISTAKES_O = [
    # ---- FullyConnectedNets
    (
        "O01_affine_forward_squeeze_instead_of_flatten",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.squeeze() @ w + b\n",
        "affine_forward",
        (
            "squeeze",
            "flatten each example",
            "reshape(n, -1)",
            "not flattened",
            "x.reshape(x.shape[0], -1)",
        ),
    ),
    (
        "O02_affine_backward_reshape_applied_to_w",
        L,
        "    dx = (dout @ w.T).reshape(x.shape)\n",
        "    dx = dout @ w.T.reshape(x.shape)\n",
        "affine_backward",
        (
            "parenthes",
            "precedence",
            "reshape applies to w",
            "reshape of w.t",
            "reshape the product",
        ),
    ),
    (
        "O03_relu_forward_comparison_instead_of_assignment",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = x.copy()\n    out[out < 0] == 0\n",
        "relu_forward",
        (
            "==",
            "comparison instead of assignment",
            "assignment",
            "negative values kept",
            "not zeroed",
        ),
    ),
    (
        "O04_relu_backward_negative_upstream_clipped",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = np.maximum(dout, 0) * (x > 0)\n",
        "relu_backward",
        (
            "negative upstream",
            "relu applied to dout",
            "np.maximum(dout",
            "clips the gradient",
            "negative gradients",
        ),
    ),
    (
        "O05_softmax_loss_mean_without_call",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = -log_probs[np.arange(N), y].mean\n",
        "softmax_loss",
        ("mean()", "parentheses", "not called", "method", "bound method", "typeerror"),
    ),
    (
        "O06_softmax_dx_labels_shifted_by_one",
        L,
        "    dx[np.arange(N), y] -= 1\n",
        "    dx[np.arange(N), y - 1] -= 1\n",
        "softmax_loss",
        (
            "y - 1",
            "off by one",
            "off-by-one",
            "labels start at 0",
            "0-based",
            "zero-based",
            "wrong class",
        ),
    ),
    (
        "O07_svm_loss_averaged_twice",
        L,
        "    loss = margins.sum() / N\n",
        "    loss = margins.sum(axis=1).mean() / N\n",
        "svm_loss",
        (
            "twice",
            "divided by n again",
            "1/n twice",
            "averaged twice",
            "n**2",
            "n ** 2",
        ),
    ),
    (
        "O08_svm_correct_scores_indices_swapped",
        L,
        "    correct = x[np.arange(N), y][:, None]\n",
        "    correct = x[y, np.arange(N)][:, None]\n",
        "svm_loss",
        (
            "x[y, np.arange(n)]",
            "indices swapped",
            "swapped indices",
            "row and label index",
            "x[np.arange(n), y]",
        ),
    ),
    (
        "O09_sgd_momentum_weights_for_gradient",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["momentum"] * v - config["learning_rate"] * w\n',
        "sgd_momentum",
        (
            "weights instead of the gradient",
            "uses w",
            "* w",
            "typo",
            "dw not used",
            "not dw",
        ),
    ),
    (
        "O10_sgd_momentum_velocity_decay_one_minus_mu",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = (1 - config["momentum"]) * v - config["learning_rate"] * dw\n',
        "sgd_momentum",
        (
            "1 - momentum",
            "(1 - mu)",
            "one minus",
            "momentum * v",
            "decay of the velocity",
        ),
    ),
    (
        "O11_rmsprop_cache_squared_not_rooted",
        O,
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])\n',
        '    next_w = w - config["learning_rate"] * dw / (config["cache"] ** 2 + config["epsilon"])\n',
        "rmsprop",
        ("square root", "np.sqrt", "sqrt(cache)", "** 2", "squared instead"),
    ),
    (
        "O12_adam_v_decays_from_m",
        O,
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n',
        '    config["v"] = beta2 * config["m"] + (1 - beta2) * (dw * dw)\n',
        "adam",
        ("copy", "beta2 * v", 'config["m"]', "previous v", "from m", "second moment"),
    ),
    (
        "O13_adam_learning_rate_hard_coded",
        O,
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n',
        "    step_size = 1e-3 * correction / (1 - beta1**t)\n",
        "adam",
        (
            "hard-coded",
            "hard coded",
            "learning_rate",
            "learning rate",
            "1e-3",
            "default",
        ),
    ),
    (
        "O14_fc_init_standard_normal_two_size_args",
        F,
        '            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)\n',
        '            self.params[f"W{i}"] = weight_scale * np.random.standard_normal(fan_in, fan_out)\n',
        "FullyConnectedNet.__init__",
        (
            "standard_normal",
            "size tuple",
            "tuple",
            "typeerror",
            "one size argument",
            "randn(",
        ),
    ),
    (
        "O15_fc_init_dims_slice_one_element",
        F,
        "            fan_in, fan_out = dims[i - 1], dims[i]\n",
        "            fan_in, fan_out = dims[i - 1 : i]\n",
        "FullyConnectedNet.__init__",
        ("slice", "dims[i - 1 : i]", "one element", "unpack", "valueerror", "i + 1"),
    ),
    (
        "O16_fc_loss_forward_loop_from_zero",
        F,
        "        for i in range(1, L):\n",
        "        for i in range(L - 1):\n",
        "FullyConnectedNet.loss",
        (
            "range(1, l)",
            "w0",
            "from zero",
            "start at 1",
            "numbered from 1",
            "keyerror",
            "off by one",
            "off-by-one",
        ),
    ),
    (
        "O17_fc_loss_append_two_arguments",
        F,
        "            caches.append((cache, dropout_cache))\n",
        "            caches.append(cache, dropout_cache)\n",
        "FullyConnectedNet.loss",
        ("append", "one argument", "tuple", "typeerror", "parentheses"),
    ),
    (
        "O18_fc_loss_reg_on_biases_not_weights",
        F,
        _FC_REG_LOOP,
        _FC_REG_LOOP.replace('W = self.params[f"W{i}"]', 'W = self.params[f"b{i}"]'),
        "FullyConnectedNet.loss",
        ("bias", "b{i}", "weights only", "not the weights", "instead of the weight"),
    ),
    (
        "O19_fc_loss_backward_star_forgotten",
        F,
        "            dout, *param_grads = affine_norm_relu_backward(dout, cache)\n",
        "            dout, param_grads = affine_norm_relu_backward(dout, cache)\n",
        "FullyConnectedNet.loss",
        ("star", "*param_grads", "unpack", "too many values", "valueerror", "starred"),
    ),
    (
        "O20_two_layer_init_weight_scale_added",
        F,
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n',
        '        self.params["W1"] = weight_scale + np.random.randn(input_dim, hidden_dim)\n',
        "TwoLayerNet.__init__",
        (
            "added",
            "multipl",
            "weight_scale *",
            "standard deviation",
            "+ weight_scale",
            "scale",
        ),
    ),
    (
        "O21_two_layer_reg_loss_norm_not_squared",
        F,
        "            W = self.params[name]\n            loss += 0.5 * self.reg * np.sum(W * W)\n",
        "            W = self.params[name]\n            loss += 0.5 * self.reg * np.linalg.norm(W)\n",
        "TwoLayerNet.loss",
        ("norm", "not squared", "squared", "sum(w**2)", "sum of squares", "frobenius"),
    ),
    (
        "O22_two_layer_reg_gradient_halved",
        F,
        "            grads[name] += self.reg * W\n        # END SOLUTION\n        return loss, grads\n\n\nclass",
        "            grads[name] += 0.5 * self.reg * W\n        # END SOLUTION\n        return loss, grads\n\n\nclass",
        "TwoLayerNet.loss",
        ("0.5", "half", "reg * w", "derivative of 0.5", "factor 2", "factor of 2"),
    ),
    (
        "O23_affine_backward_dx_reshaped_like_w",
        L,
        "    dx = (dout @ w.T).reshape(x.shape)\n",
        "    dx = np.reshape(dout @ w.T, w.shape)\n",
        "affine_backward",
        ("w.shape", "shape of w", "like w", "x.shape", "shape of x", "valueerror"),
    ),
    # ---- BatchNormalization
    (
        "O24_bn_forward_running_mean_sized_by_batch",
        L,
        '    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))\n',
        '    running_mean = bn_param.get("running_mean", np.zeros(x.shape[0], dtype=x.dtype))\n',
        "batchnorm_forward",
        (
            "x.shape[0]",
            "batch size",
            "length d",
            "np.zeros(d",
            "number of features",
            "sized by n",
        ),
    ),
    (
        "O25_bn_forward_power_minus_one_half_precedence",
        L,
        "        inv_std = 1.0 / np.sqrt(var + eps)\n        x_hat = (x - mean) * inv_std\n        out = gamma",
        "        inv_std = (var + eps) ** -1 / 2\n        x_hat = (x - mean) * inv_std\n        out = gamma",
        "batchnorm_forward",
        ("precedence", "** -1 / 2", "-0.5", "parenthes", "** (-1 / 2)", "square root"),
    ),
    (
        "O26_bn_backward_variance_path_with_mean_of_xc",
        L,
        "    dxc += dvar * 2 * xc / N  # var = sum(xc**2) / N\n",
        "    dxc += dvar * 2 * xc.mean(axis=0)  # var = sum(xc**2) / N\n",
        "batchnorm_backward",
        ("xc.mean", "mean of xc", "2 * xc / n", "variance path", "dvar * 2 * xc"),
    ),
    (
        "O27_bn_backward_gamma_as_column",
        L,
        "    dx_hat = dout * gamma\n    dxc = dx_hat * inv_std",
        "    dx_hat = dout * gamma[:, None]\n    dxc = dx_hat * inv_std",
        "batchnorm_backward",
        ("gamma[:, none]", "column", "broadcast", "gamma as a column", "dout * gamma"),
    ),
    (
        "O28_bn_alt_whole_bracket_in_denominator",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        "    dx = inv_std / (N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)))\n",
        "batchnorm_backward_alt",
        (
            "denominator",
            "divides by the bracket",
            "precedence",
            "parenthes",
            "inv_std / n *",
        ),
    ),
    (
        "O29_bn_alt_inv_std_folded_into_dx_hat",
        L,
        "    dx_hat = dout * gamma\n    dx = inv_std / N",
        "    dx_hat = dout * gamma * inv_std\n    dx = inv_std / N",
        "batchnorm_backward_alt",
        (
            "inv_std twice",
            "twice",
            "inv_std applied",
            "dx_hat = dout * gamma",
            "extra inv_std",
        ),
    ),
    (
        "O30_ln_forward_beta_inside_gamma_product",
        L,
        "    x_hat = (x - mean) * inv_std\n    out = gamma * x_hat + beta\n    cache = (x_hat, inv_std, gamma)\n    # END SOLUTION\n    return out, cache\n\n\ndef layernorm_backward",
        "    x_hat = (x - mean) * inv_std\n    out = gamma * (x_hat + beta)\n    cache = (x_hat, inv_std, gamma)\n    # END SOLUTION\n    return out, cache\n\n\ndef layernorm_backward",
        "layernorm_forward",
        (
            "gamma * x_hat + beta",
            "beta inside",
            "parenthes",
            "gamma * beta",
            "scaled by gamma",
        ),
    ),
    (
        "O31_ln_forward_median_for_mean",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n",
        "    mean = np.median(x, axis=1, keepdims=True)\n",
        "layernorm_forward",
        ("median", "np.median", "not the mean", "x.mean"),
    ),
    (
        "O32_ln_backward_x_hat_not_transposed",
        L,
        "(x_hat.T, inv_std.T, ones)",
        "(x_hat, inv_std.T, ones)",
        "layernorm_backward",
        ("x_hat.t", "x_hat not transposed", "transpose x_hat", "transposed cache"),
    ),
    (
        "O33_ln_backward_zeros_for_unit_scale",
        L,
        "    ones = np.ones(x_hat.shape[0], dtype=x_hat.dtype)\n",
        "    ones = np.zeros(x_hat.shape[0], dtype=x_hat.dtype)\n",
        "layernorm_backward",
        ("np.zeros", "zeros", "gamma = 1", "ones", "unit scale", "scale of one"),
    ),
    (
        "O34_fc_init_bn_gamma_key_capitalized",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"Gamma{i}"] = np.ones(fan_out)\n',
        "FullyConnectedNet.__init__[batchnorm]",
        ("gamma1", "key", "capital", "case", "lowercase", "gamma{i}"),
    ),
    (
        "O35_fc_init_ln_normalization_name_misspelt",
        F,
        "            if normalization is not None and i < self.num_layers:\n",
        '            if normalization in ("batchnorm", "layer_norm") and i < self.num_layers:\n',
        "FullyConnectedNet.__init__[layernorm]",
        ("layer_norm", "misspel", "spelling", '"layernorm"', "gamma1", "no gamma"),
    ),
    (
        "O36_fc_loss_bn_names_condition_misspelt",
        F,
        '            names = ["W", "b"] + (["gamma", "beta"] if self.normalization else [])\n',
        '            names = ["W", "b"] + (["gamma", "beta"] if self.normalization == "batch" else [])\n',
        "FullyConnectedNet.loss[batchnorm]",
        (
            '"batch"',
            "misspel",
            "spelling",
            "gamma and beta gradients",
            "dgamma",
            "missing gamma",
        ),
    ),
    (
        "O37_fc_loss_ln_gamma_regularized_as_weight",
        F,
        _FC_REG_LOOP,
        "        for name in self.params:\n"
        '            if name.startswith("b"):\n'
        "                continue\n"
        "            W = self.params[name]\n"
        "            loss += 0.5 * self.reg * np.sum(W * W)\n"
        "            grads[name] += self.reg * W\n",
        "FullyConnectedNet.loss[layernorm]",
        ("gamma", "regulariz", "weights only", "startswith", "not weights"),
    ),
    # ---- Dropout
    (
        "O38_dropout_forward_x_folded_into_mask",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n        out = x * mask\n",
        "        mask = (rand(*x.shape) < p) * x / p\n        out = x * mask\n",
        "dropout_forward",
        ("x twice", "squared", "x * mask", "mask contains x", "multiplied by x"),
    ),
    (
        "O39_dropout_backward_mask_transposed",
        L,
        "    dx = dout * mask\n",
        "    dx = dout * mask.T\n",
        "dropout_backward",
        ("mask.t", "transpos", "same shape", "broadcast"),
    ),
    (
        "O40_fc_loss_dropout_output_tuple_not_unpacked",
        F,
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "                dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "FullyConnectedNet.loss[dropout]",
        (
            "unpack",
            "tuple",
            "(out, cache)",
            "output not used",
            "hidden not updated",
            "returns two",
        ),
    ),
    (
        "O41_fc_loss_dropout_backward_arguments_swapped",
        F,
        "                dout = dropout_backward(dout, dropout_cache)\n",
        "                dout = dropout_backward(dropout_cache, dout)\n",
        "FullyConnectedNet.loss[dropout]",
        (
            "argument",
            "swapped",
            "dropout_backward(dout, cache)",
            "dropout_backward(dout",
        ),
    ),
    # ---- ConvolutionalNetworks
    (
        "O42_conv_forward_output_size_parentheses_dropped",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n",
        "    H_out = 1 + H + 2 * pad - HH // stride\n",
        "conv_forward_naive",
        (
            "parenthes",
            "precedence",
            "h_out",
            "output size",
            "(h + 2 * pad - hh) // stride",
        ),
    ),
    (
        "O43_conv_forward_bias_indexed_by_image",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[n]\n",
        "conv_forward_naive",
        ("b[n]", "b[f]", "bias indexed", "image index", "bias of the filter"),
    ),
    (
        "O44_conv_backward_dw_buffer_like_x",
        L,
        "    dw = np.zeros_like(w)\n    db = dout.sum(axis=(0, 2, 3))\n",
        "    dw = np.zeros_like(x)\n    db = dout.sum(axis=(0, 2, 3))\n",
        "conv_backward_naive",
        ("zeros_like(x)", "zeros_like(w)", "shape of w", "dw buffer", "broadcast"),
    ),
    (
        "O45_conv_backward_dx_buffer_int",
        L,
        "    dx_pad = np.zeros_like(x_pad)\n",
        "    dx_pad = np.zeros_like(x_pad, dtype=int)\n",
        "conv_backward_naive",
        ("dtype", "int", "integer", "casting", "ufunctypeerror"),
    ),
    (
        "O46_max_pool_forward_int_output",
        L,
        "    out = np.zeros((N, C, H_out, W_out), dtype=x.dtype)\n",
        "    out = np.zeros((N, C, H_out, W_out), dtype=int)\n",
        "max_pool_forward_naive",
        ("dtype", "int", "integer", "truncat", "x.dtype"),
    ),
    (
        "O47_max_pool_forward_column_end_without_stride",
        L,
        "            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]\n            out[:, :, i, j]",
        "            window = x[:, :, i * stride : i * stride + ph, j * stride : j + pw]\n            out[:, :, i, j]",
        "max_pool_forward_naive",
        ("j + pw", "window end", "j * stride + pw", "column end", "stride"),
    ),
    (
        "O48_max_pool_backward_windows_flattened_to_rows",
        L,
        "            first_max = window.reshape(N, C, -1).argmax(axis=2)\n",
        "            first_max = window.reshape(N * C, -1).argmax(axis=1)\n",
        "max_pool_backward_naive",
        (
            "reshape(n * c",
            "n * c",
            "(n, c)",
            "index arrays",
            "broadcast",
            "shape mismatch",
        ),
    ),
    (
        "O49_max_pool_backward_meshgrid_outputs_swapped",
        L,
        '    n_idx, c_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")\n',
        '    c_idx, n_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")\n',
        "max_pool_backward_naive",
        ("swapped", "meshgrid", "n_idx", "c_idx", "channel index", "image index"),
    ),
    (
        "O50_spatial_bn_forward_shape_unpacked_channels_last",
        L,
        "    N, C, H, W = x.shape\n    x_rows",
        "    N, H, W, C = x.shape\n    x_rows",
        "spatial_batchnorm_forward",
        ("n, c, h, w", "channels last", "channels-last", "unpack", "(n, c, h, w)"),
    ),
    (
        "O51_spatial_bn_forward_outputs_unpacked_swapped",
        L,
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        "    cache, out_rows = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        "spatial_batchnorm_forward",
        ("swapped", "(out, cache)", "returns out", "unpack", "order of the return"),
    ),
    (
        "O52_spatial_bn_backward_dx_times_gamma_again",
        L,
        "    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)\n",
        "    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)\n    dx_rows = dx_rows * cache[2]\n",
        "spatial_batchnorm_backward",
        ("gamma twice", "twice", "again", "already", "cache[2]"),
    ),
    (
        "O53_spatial_bn_backward_dout_rows_reshaped_c_by_rest",
        L,
        "    dout_rows = dout.transpose(0, 2, 3, 1).reshape(-1, C)\n",
        "    dout_rows = dout.transpose(0, 2, 3, 1).reshape(C, -1)\n",
        "spatial_batchnorm_backward",
        ("reshape(c, -1)", "reshape(-1, c)", "one row per", "(c, -1)", "rows"),
    ),
    (
        "O54_groupnorm_forward_group_length_per_example",
        L,
        "    D = groups.shape[1]\n",
        "    D = groups.size // N\n",
        "spatial_groupnorm_forward",
        (
            "// n",
            "n * g",
            "group length",
            "length of a group",
            "one example",
            "shape[1]",
        ),
    ),
    (
        "O55_groupnorm_forward_layernorm_on_transposed_groups",
        L,
        '    x_hat_groups, ln_cache = layernorm_forward(groups, ones, zeros, {"eps": eps})\n',
        '    x_hat_groups, ln_cache = layernorm_forward(groups.T, ones, zeros, {"eps": eps})\n    x_hat_groups = x_hat_groups.T\n',
        "spatial_groupnorm_forward",
        (
            "groups.t",
            "transpos",
            "across groups",
            "one group per row",
            "over the batch",
        ),
    ),
    (
        "O56_groupnorm_backward_layernorm_result_wrong_index",
        L,
        "    dx_groups, _, _ = layernorm_backward(dx_hat_groups, ln_cache)\n",
        "    dx_groups = layernorm_backward(dx_hat_groups, ln_cache)[1]\n",
        "spatial_groupnorm_backward",
        ("[1]", "[0]", "dgamma", "first output", "index", "dx is the first"),
    ),
    (
        "O57_groupnorm_backward_dx_hat_from_x_hat",
        L,
        "    dx_hat_groups = (dout * gamma).reshape(ln_cache[0].shape)\n",
        "    dx_hat_groups = (dout * x_hat).reshape(ln_cache[0].shape)\n",
        "spatial_groupnorm_backward",
        ("x_hat", "dout * gamma", "gamma", "instead of gamma"),
    ),
    (
        "O58_conv_net_init_hidden_input_size_from_image_size",
        C,
        "        pooled_size = num_filters * (H // 2) * (W // 2)\n",
        "        pooled_size = int(np.prod(input_dim))\n",
        "ThreeLayerConvNet.__init__",
        ("input_dim", "pool", "num_filters", "image size", "pooled", "c * h * w"),
    ),
    (
        "O59_conv_net_reg_gradient_overwrites",
        C,
        "            grads[name] += self.reg * self.params[name]\n",
        "            grads[name] = self.reg * self.params[name]\n",
        "ThreeLayerConvNet.loss",
        (
            "overwrit",
            "+=",
            "replaces",
            "assigned",
            "data gradient lost",
            "data gradient",
        ),
    ),
    (
        "O60_conv_net_hidden_backward_outputs_unpacked_swapped",
        C,
        '        dpooled, grads["W2"], grads["b2"] = affine_relu_backward(dhidden, cache2)\n',
        '        dpooled, grads["b2"], grads["W2"] = affine_relu_backward(dhidden, cache2)\n',
        "ThreeLayerConvNet.loss",
        ("swapped", "(dx, dw, db)", "dw, db", "unpack", "b2 and w2", "w2 and b2"),
    ),
]

CAUSE_O = {
    "O01_affine_forward_squeeze_instead_of_flatten": "x.squeeze() only drops axes of length one, so the examples are not flattened into rows of D values.",
    "O02_affine_backward_reshape_applied_to_w": "Without the parentheses the reshape applies to w.T instead of to the product dout @ w.T.",
    "O03_relu_forward_comparison_instead_of_assignment": "out[out < 0] == 0 compares instead of assigning, so negative inputs are never set to zero.",
    "O04_relu_backward_negative_upstream_clipped": "The upstream gradient is itself passed through a ReLU, so negative gradients are lost where x > 0.",
    "O05_softmax_loss_mean_without_call": "The mean method is referenced but not called, so the loss is a bound method (negating it raises a TypeError).",
    "O06_softmax_dx_labels_shifted_by_one": "The labels are already 0-based; y - 1 subtracts one at the wrong class (and wraps to the last class for label 0).",
    "O07_svm_loss_averaged_twice": "The per-example losses are averaged and then divided by N again, so the loss is too small by a factor N.",
    "O08_svm_correct_scores_indices_swapped": "x[y, np.arange(N)] swaps the row and column index: it should be x[np.arange(N), y].",
    "O09_sgd_momentum_weights_for_gradient": "The velocity update uses the weights w instead of the gradient dw.",
    "O10_sgd_momentum_velocity_decay_one_minus_mu": "The old velocity is scaled by 1 - momentum instead of momentum.",
    "O11_rmsprop_cache_squared_not_rooted": "The step divides by the square of the cache instead of its square root.",
    "O12_adam_v_decays_from_m": "The second moment v is updated from the old first moment m (copy-paste) instead of the old v.",
    "O13_adam_learning_rate_hard_coded": "The step uses a hard-coded 1e-3 instead of config['learning_rate'].",
    "O14_fc_init_standard_normal_two_size_args": "np.random.standard_normal takes one size tuple; the second argument is not a size, so it raises a TypeError.",
    "O15_fc_init_dims_slice_one_element": "dims[i - 1 : i] is a one-element slice, so unpacking it into fan_in, fan_out raises a ValueError.",
    "O16_fc_loss_forward_loop_from_zero": "The forward loop runs from 0, but the parameters are numbered from 1 (W0 does not exist, the layers are off by one).",
    "O17_fc_loss_append_two_arguments": "list.append takes one argument; the two caches must be appended as one tuple.",
    "O18_fc_loss_reg_on_biases_not_weights": "The regularization loop reads the biases b{i} instead of the weights W{i}.",
    "O19_fc_loss_backward_star_forgotten": "Without the star the three or five return values cannot be unpacked into two names.",
    "O20_two_layer_init_weight_scale_added": "weight_scale is added to the random weights instead of multiplying them, so W1 has standard deviation 1.",
    "O21_two_layer_reg_loss_norm_not_squared": "np.linalg.norm(W) is the square root of the sum of squares; the loss needs the sum of squares itself.",
    "O22_two_layer_reg_gradient_halved": "The gradient of 0.5 * reg * sum(W**2) is reg * W; the 0.5 is kept in the gradient.",
    "O23_affine_backward_dx_reshaped_like_w": "dx is reshaped to the shape of w instead of the shape of x.",
    "O24_bn_forward_running_mean_sized_by_batch": "The running mean starts as zeros of the batch size N instead of the number of features D.",
    "O25_bn_forward_power_minus_one_half_precedence": "(var + eps) ** -1 / 2 is the reciprocal divided by 2, not the power -1/2 (1 / sqrt).",
    "O26_bn_backward_variance_path_with_mean_of_xc": "The derivative of var = sum(xc**2) / N with respect to xc is 2 * xc / N per element, not 2 * mean(xc).",
    "O27_bn_backward_gamma_as_column": "gamma has one value per feature and must multiply dout as a row; as a column it is broadcast along the batch axis.",
    "O28_bn_alt_whole_bracket_in_denominator": "The formula is inv_std / N times the bracket; the bracket was put in the denominator.",
    "O29_bn_alt_inv_std_folded_into_dx_hat": "dx_hat is scaled by inv_std and the closed form multiplies by inv_std again, so inv_std is applied twice.",
    "O30_ln_forward_beta_inside_gamma_product": "beta is added inside the product, so it is scaled by gamma: out must be gamma * x_hat + beta.",
    "O31_ln_forward_median_for_mean": "Each example is centered by its median instead of its mean.",
    "O32_ln_backward_x_hat_not_transposed": "x_hat is passed to batchnorm_backward_alt without transposing it, unlike the gradient and inv_std.",
    "O33_ln_backward_zeros_for_unit_scale": "The scale given to batchnorm_backward_alt must be ones (gamma is applied outside); zeros make dx zero.",
    "O34_fc_init_bn_gamma_key_capitalized": "The scale is stored under 'Gamma{i}' instead of the documented key 'gamma{i}'.",
    "O35_fc_init_ln_normalization_name_misspelt": "The option is spelt 'layernorm'; testing for 'layer_norm' gives layer norm no gamma and beta.",
    "O36_fc_loss_bn_names_condition_misspelt": "The test compares normalization with 'batch', never true, so gamma and beta gradients are never named and stored.",
    "O37_fc_loss_ln_gamma_regularized_as_weight": "Skipping only names starting with 'b' still regularizes gamma; only the weights W{i} are regularized.",
    "O38_dropout_forward_x_folded_into_mask": "The mask already contains x and is multiplied by x again, so the output holds x squared.",
    "O39_dropout_backward_mask_transposed": "The mask has the shape of dout and must not be transposed.",
    "O40_fc_loss_dropout_output_tuple_not_unpacked": "dropout_forward returns (out, cache); the tuple is stored as the cache and the hidden activations are not dropped.",
    "O41_fc_loss_dropout_backward_arguments_swapped": "dropout_backward takes (dout, cache); the arguments are swapped.",
    "O42_conv_forward_output_size_parentheses_dropped": "Without parentheses only HH is divided by the stride: H_out = 1 + (H + 2 * pad - HH) // stride.",
    "O43_conv_forward_bias_indexed_by_image": "The bias is indexed by the image n instead of the filter f.",
    "O44_conv_backward_dw_buffer_like_x": "dw is allocated with the shape of x instead of the shape of w.",
    "O45_conv_backward_dx_buffer_int": "The dx buffer is made with an integer dtype, so the float gradients cannot be accumulated into it.",
    "O46_max_pool_forward_int_output": "The output array has an integer dtype, so the maxima are truncated.",
    "O47_max_pool_forward_column_end_without_stride": "The window's column end is j + pw instead of j * stride + pw.",
    "O48_max_pool_backward_windows_flattened_to_rows": "Reshaping the windows to (N * C, -1) gives argmax indices that no longer match the (N, C) index arrays.",
    "O49_max_pool_backward_meshgrid_outputs_swapped": "The two meshgrid outputs are unpacked in the wrong order, so the image index is used as the channel index.",
    "O50_spatial_bn_forward_shape_unpacked_channels_last": "x is (N, C, H, W) but its shape is unpacked as channels last, so C is the width.",
    "O51_spatial_bn_forward_outputs_unpacked_swapped": "batchnorm_forward returns (out, cache); the two were unpacked in the wrong order.",
    "O52_spatial_bn_backward_dx_times_gamma_again": "batchnorm_backward_alt already multiplies by gamma; dx is multiplied by gamma a second time.",
    "O53_spatial_bn_backward_dout_rows_reshaped_c_by_rest": "After the transpose dout must be reshaped to (-1, C), one row per position; (C, -1) mixes channels.",
    "O54_groupnorm_forward_group_length_per_example": "groups.size // N is the length of one example, not of one group (size // (N * G), i.e. groups.shape[1]).",
    "O55_groupnorm_forward_layernorm_on_transposed_groups": "Layer norm of groups.T standardizes across groups and examples instead of within each group.",
    "O56_groupnorm_backward_layernorm_result_wrong_index": "layernorm_backward returns (dx, dgamma, dbeta); index 1 takes dgamma instead of dx.",
    "O57_groupnorm_backward_dx_hat_from_x_hat": "The gradient of x_hat is dout * gamma; dout * x_hat is the dgamma term.",
    "O58_conv_net_init_hidden_input_size_from_image_size": "The hidden layer's input is the pooled conv output num_filters * (H // 2) * (W // 2), not the image size C * H * W.",
    "O59_conv_net_reg_gradient_overwrites": "The regularization gradient replaces the data gradient instead of being added to it.",
    "O60_conv_net_hidden_backward_outputs_unpacked_swapped": "affine_relu_backward returns (dx, dw, db); dw and db were unpacked in the wrong order, so W2 and b2 get each other's gradients.",
}

CORRECT_O = [
    (
        "O61_ok_affine_forward_flatten_by_prod",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.reshape(x.shape[0], int(np.prod(x.shape[1:]))) @ w + b\n",
        "affine_forward",
    ),
    (
        "O62_ok_affine_backward_db_ones_row",
        L,
        "    db = dout.sum(axis=0)\n    # END SOLUTION\n    return dx, dw, db\n\n\ndef relu_forward",
        "    db = np.ones(dout.shape[0], dtype=dout.dtype) @ dout\n    # END SOLUTION\n    return dx, dw, db\n\n\ndef relu_forward",
        "affine_backward",
    ),
    (
        "O63_ok_relu_forward_fmax",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = np.fmax(x, 0)\n",
        "relu_forward",
    ),
    (
        "O64_ok_relu_backward_where_nonpositive",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = np.where(x <= 0, 0.0, dout)\n",
        "relu_backward",
    ),
    (
        "O65_ok_softmax_loss_sum_times_reciprocal",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = -log_probs[np.arange(N), y].sum() * (1.0 / N)\n",
        "softmax_loss",
    ),
    (
        "O66_ok_svm_loss_mean_of_row_sums",
        L,
        "    loss = margins.sum() / N\n",
        "    loss = np.mean(margins.sum(axis=1))\n",
        "svm_loss",
    ),
    (
        "O67_ok_sgd_momentum_named_hyperparameters",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    mu, lr = config["momentum"], config["learning_rate"]\n    v = mu * v - lr * dw\n',
        "sgd_momentum",
    ),
    (
        "O68_ok_rmsprop_denominator_named",
        O,
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])\n',
        '    denom = np.sqrt(config["cache"]) + config["epsilon"]\n    next_w = w - config["learning_rate"] * (dw / denom)\n',
        "rmsprop",
    ),
    (
        "O69_ok_adam_v_np_multiply",
        O,
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)\n',
        '    config["v"] = beta2 * config["v"] + (1 - beta2) * np.multiply(dw, dw)\n',
        "adam",
    ),
    (
        "O70_ok_fc_init_bias_zeros_tuple_shape",
        F,
        '            self.params[f"b{i}"] = np.zeros(fan_out)\n',
        '            self.params[f"b{i}"] = np.zeros((fan_out,))\n',
        "FullyConnectedNet.__init__",
    ),
    (
        "O71_ok_fc_loss_reg_np_square",
        F,
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * np.sum(W * W)\n',
        '            W = self.params[f"W{i}"]\n            loss += 0.5 * self.reg * np.square(W).sum()\n',
        "FullyConnectedNet.loss",
    ),
    (
        "O72_ok_two_layer_init_b2_full_zero",
        F,
        '        self.params["b2"] = np.zeros(num_classes)\n',
        '        self.params["b2"] = np.full(num_classes, 0.0)\n',
        "TwoLayerNet.__init__",
    ),
    (
        "O73_ok_two_layer_reg_einsum",
        F,
        "            W = self.params[name]\n            loss += 0.5 * self.reg * np.sum(W * W)\n",
        '            W = self.params[name]\n            loss += 0.5 * self.reg * np.einsum("ij,ij->", W, W)\n',
        "TwoLayerNet.loss",
    ),
    (
        "O74_ok_bn_forward_var_from_std",
        L,
        "        var = x.var(axis=0)\n",
        "        var = x.std(axis=0) ** 2\n",
        "batchnorm_forward",
    ),
    (
        "O75_ok_bn_backward_dbeta_np_sum",
        L,
        "    xc = x_hat / inv_std\n    dbeta = dout.sum(axis=0)\n",
        "    xc = x_hat / inv_std\n    dbeta = np.sum(dout, axis=0)\n",
        "batchnorm_backward",
    ),
    (
        "O76_ok_bn_alt_einsum_last_sum_scaled_after",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n",
        '    dx = (N * dx_hat - dx_hat.sum(axis=0) - x_hat * np.einsum("nd,nd->d", dx_hat, x_hat)) * inv_std / N\n',
        "batchnorm_backward_alt",
    ),
    (
        "O77_ok_ln_forward_mean_last_axis_newaxis",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n",
        "    mean = x.mean(axis=-1)[:, np.newaxis]\n",
        "layernorm_forward",
    ),
    (
        "O78_ok_ln_backward_swapaxes_back",
        L,
        "    dx = dx_t.T\n",
        "    dx = dx_t.swapaxes(0, 1)\n",
        "layernorm_backward",
    ),
    (
        "O79_ok_fc_init_bn_gamma_one_plus_zeros",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = 1.0 + np.zeros(fan_out)\n',
        "FullyConnectedNet.__init__[batchnorm]",
    ),
    (
        "O80_ok_fc_init_ln_beta_zero_times_ones",
        F,
        '                self.params[f"beta{i}"] = np.zeros(fan_out)\n',
        '                self.params[f"beta{i}"] = 0.0 * np.ones(fan_out)\n',
        "FullyConnectedNet.__init__[layernorm]",
    ),
    (
        "O81_ok_fc_loss_bn_names_cut_to_grads",
        F,
        '            names = ["W", "b"] + (["gamma", "beta"] if self.normalization else [])\n',
        '            names = ["W", "b", "gamma", "beta"][: len(param_grads)]\n',
        "FullyConnectedNet.loss[batchnorm]",
    ),
    (
        "O82_ok_fc_loss_ln_keys_by_concatenation",
        F,
        '                self.params.get(f"gamma{i}"),\n                self.params.get(f"beta{i}"),\n',
        '                self.params.get("gamma" + str(i)),\n                self.params.get("beta" + str(i)),\n',
        "FullyConnectedNet.loss[layernorm]",
    ),
    (
        "O83_ok_dropout_forward_mask_divided_in_place",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = (rand(*x.shape) < p).astype(x.dtype)\n        mask /= p\n",
        "dropout_forward",
    ),
    (
        "O84_ok_dropout_backward_mask_cast_to_dout",
        L,
        "    dx = dout * mask\n",
        "    dx = dout * mask.astype(dout.dtype)\n",
        "dropout_backward",
    ),
    (
        "O85_ok_fc_loss_dropout_caches_extended",
        F,
        "            caches.append((cache, dropout_cache))\n",
        "            caches += [(cache, dropout_cache)]\n",
        "FullyConnectedNet.loss[dropout]",
    ),
    (
        "O86_ok_conv_forward_bias_first",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = b[f] + np.sum(w[f] * window)\n",
        "conv_forward_naive",
    ),
    (
        "O87_ok_conv_backward_db_per_filter_list",
        L,
        "    db = dout.sum(axis=(0, 2, 3))\n",
        "    db = np.array([dout[:, f].sum() for f in range(dout.shape[1])], dtype=dout.dtype)\n",
        "conv_backward_naive",
    ),
    (
        "O88_ok_max_pool_forward_window_of_ph_pw_values",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = np.max(window.reshape(N, C, ph * pw), axis=-1)\n",
        "max_pool_forward_naive",
    ),
    (
        "O89_ok_groupnorm_backward_dbeta_np_sum",
        L,
        "    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)\n",
        "    dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)\n",
        "spatial_groupnorm_backward",
    ),
    (
        "O90_ok_conv_net_init_b1_sized_from_W1",
        C,
        '        self.params["b1"] = np.zeros(num_filters)\n',
        '        self.params["b1"] = np.zeros(self.params["W1"].shape[0])\n',
        "ThreeLayerConvNet.__init__",
    ),
]
