"""Set K: a blind held-out set of realistic student mistakes and correct alternatives.

Written without reading the diagnosis engine, its catalog, the grader or any hint text (only the
student files of /work/main, lines 1-1242 of tests/diagnose_blind.py through the exec of the
provided tools, the ids of sets A-J per check (/work/blindK/ids.py) and set J's README and file as
a model). No entry is meant to be the same as, or a near-variant of, an entry of sets A-J; the
literal comparison is /work/blindK/check_static.py. Same format:

    MISTAKES_K: (id, file, old, new, check, causes)
    CAUSE_K:    id -> the real cause in one plain sentence (for a judge reading the hints)
    CORRECT_K:  (id, file, old, new, check), each must pass with no hint

``old`` occurs exactly once in the instructor's version of ``file``. Causes are lowercase phrases
of which a hint naming the right cause contains at least one; written before any run and not
changed after it. Before any run, check_static found literal repeats of earlier sets, replaced
with new entries and new causes: K49 (spatial bn rows transposed back = H51; its first
replacement = J49), K55 (pooled size from input channels = C55), and correct alternatives K75,
K82 (twice), K84, K89. After the first verify run K38 (dropout p set to 1 - keep ratio; no change
because the harness uses keep ratio 0.5) was replaced by K38 "use_dropout condition inverted"
with a new cause.

Where a mistake shows only on some inputs (verified with /work/blindK/harness.py):
K02 changes only dx; K05 only dx; K06 only the loss; K07 only the loss; K08 only from a given
nonzero velocity; K09 only the stored velocity (and so later steps); K12 only when config holds
t > 0; K20 only with reg > 0; K24 only the running mean and test output; K25 only test mode;
K23 leaves running_var unstored (bn_param has no 'running_var' afterwards, so reading it raises);
K30 (layernorm_forward caches x) shows only in layernorm_backward; K33 and K34 only in the running
statistics / test-time scores (K33 raises when hidden sizes differ, silent when equal);
K17 only at test time (y is None); K40, K44 only for stride > 1; K45 only when the stride differs
from the pool size; K46 raises when N != C and is silently wrong when N == C; K47 only for pool
windows wider than one column; K49 only the running statistics (missing) and test mode;
K59 only the loss with reg > 0; K55, K56, K14, K21 only the initial parameters.
Mistakes that raise on at least one harness input (11 of 60): K15, K16, K19, K23, K33, K35, K46,
K49, K51, K57, K58 (K23 and K49 through a missing running-statistics key read by the caller,
K33/K35/K51/K57/K58 through the provided input checks); the other 49 give wrong values silently.
"""
L = "cs231n/layers.py"
O = "cs231n/optim.py"  # noqa: E741
F = "cs231n/classifiers/fc_net.py"
C = "cs231n/classifiers/cnn.py"

MISTAKES_K = [
    ('K01_affine_forward_bias_subtracted', 'cs231n/layers.py', '    out = x.reshape(x.shape[0], -1) @ w + b\n', '    out = x.reshape(x.shape[0], -1) @ w - b\n', 'affine_forward', ('bias', 'sign', 'subtract', '- b', 'minus')),
    ('K02_affine_backward_dx_divided_by_batch', 'cs231n/layers.py', '    dx = (dout @ w.T).reshape(x.shape)\n', '    dx = (dout @ w.T).reshape(x.shape) / x.shape[0]\n', 'affine_backward', ('divided by n', 'batch size', '1/n', 'averag', 'dx', 'scale')),
    ('K03_relu_forward_elu', 'cs231n/layers.py', '    out = np.maximum(x, 0)\n', '    out = np.where(x > 0, x, np.exp(x) - 1)\n', 'relu_forward', ('elu', 'exp', 'negative', 'zero for negative')),
    ('K04_relu_backward_mask_forgotten', 'cs231n/layers.py', '    dx = dout * (x > 0)\n', '    dx = dout.copy()\n', 'relu_backward', ('mask', 'x > 0', 'positive', 'pass', 'identity', 'zero where')),
    ('K05_softmax_dx_minus_one_every_row', 'cs231n/layers.py', '    dx[np.arange(N), y] -= 1\n', '    dx[:, y] -= 1\n', 'softmax_loss', ('np.arange', 'every row', 'all rows', 'index', 'correct class', 'y[i]')),
    ('K06_softmax_loss_mean_over_all_classes', 'cs231n/layers.py', '    loss = -log_probs[np.arange(N), y].mean()\n', '    loss = -log_probs.mean()\n', 'softmax_loss', ('correct class', 'label', 'index', 'all classes', 'y')),
    ('K07_svm_loss_not_averaged', 'cs231n/layers.py', '    loss = margins.sum() / N\n', '    loss = margins.sum()\n', 'svm_loss', ('averag', 'divide', '/ n', 'batch size', 'mean', 'sum')),
    ('K08_sgd_momentum_velocity_reset', 'cs231n/optim.py', '    v = config["velocity"]\n', '    v = np.zeros_like(w)\n', 'sgd_momentum', ('velocity', 'reset', 'zero', 'config', 'state')),
    ('K09_sgd_momentum_stores_weights_as_velocity', 'cs231n/optim.py', '    config["velocity"] = v\n', '    config["velocity"] = next_w\n', 'sgd_momentum', ('velocity', 'next_w', 'stored', 'config', 'weights')),
    ('K10_rmsprop_decay_from_learning_rate', 'cs231n/optim.py', '    decay = config["decay_rate"]\n', '    decay = config["learning_rate"]\n', 'rmsprop', ('decay_rate', 'decay', 'learning_rate', 'key')),
    ('K11_adam_betas_unpacked_swapped', 'cs231n/optim.py', '    beta1, beta2 = config["beta1"], config["beta2"]\n', '    beta2, beta1 = config["beta1"], config["beta2"]\n', 'adam', ('beta1', 'beta2', 'swapped', 'swap')),
    ('K12_adam_t_reset_every_call', 'cs231n/optim.py', '    config.setdefault("t", 0)\n', '    config["t"] = 0\n', 'adam', ('t', 'reset', 'setdefault', 'step count', 'bias correction', 'iteration')),
    ('K13_adam_step_ascends', 'cs231n/optim.py', '    next_w = w - step_size * config["m"]', '    next_w = w + step_size * config["m"]', 'adam', ('sign', 'ascent', 'plus', 'minus', 'direction')),
    ('K14_fc_init_bias_random', 'cs231n/classifiers/fc_net.py', '            self.params[f"b{i}"] = np.zeros(fan_out)\n', '            self.params[f"b{i}"] = weight_scale * np.random.randn(fan_out)\n', 'FullyConnectedNet.__init__', ('bias', 'zero', 'random', 'b')),
    ('K15_fc_init_dims_last_hidden_dropped', 'cs231n/classifiers/fc_net.py', '        dims = [input_dim, *hidden_dims, num_classes]\n', '        dims = [input_dim, *hidden_dims[:-1], num_classes]\n', 'FullyConnectedNet.__init__', ('dims', 'hidden_dims', 'last hidden', 'slice', 'index', 'layer sizes')),
    ('K16_fc_loss_caches_indexed_from_end', 'cs231n/classifiers/fc_net.py', '            cache, dropout_cache = caches[i - 1]\n', '            cache, dropout_cache = caches[-i]\n', 'FullyConnectedNet.loss', ('cache', 'index', 'order', 'reverse', 'layer')),
    ('K17_fc_loss_returns_predictions', 'cs231n/classifiers/fc_net.py', '        scores, scores_cache = affine_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])\n        # END SOLUTION\n\n        if y is None:\n            return scores\n', '        scores, scores_cache = affine_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])\n        # END SOLUTION\n\n        if y is None:\n            return np.argmax(scores, axis=1)\n', 'FullyConnectedNet.loss', ('argmax', 'predictions', 'labels', 'scores', 'test')),
    ('K18_two_layer_init_W2_square', 'cs231n/classifiers/fc_net.py', '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n', '        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, hidden_dim)\n', 'TwoLayerNet.__init__', ('w2', 'shape', 'num_classes', 'hidden_dim')),
    ('K19_two_layer_loss_second_backward_with_hidden_cache', 'cs231n/classifiers/fc_net.py', '        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)\n', '        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, hidden_cache)\n', 'TwoLayerNet.loss', ('cache', 'hidden_cache', 'scores_cache', 'wrong layer')),
    ('K20_two_layer_reg_loop_W1_twice', 'cs231n/classifiers/fc_net.py', '        for name in ("W1", "W2"):\n', '        for name in ("W1", "W1"):\n', 'TwoLayerNet.loss', ('w2', 'regulariz', 'typo', 'twice', 'w1')),
    ('K21_fc_init_fan_out_typo', 'cs231n/classifiers/fc_net.py', '            fan_in, fan_out = dims[i - 1], dims[i]\n', '            fan_in, fan_out = dims[i - 1], dims[i - 1]\n', 'FullyConnectedNet.__init__', ('fan_out', 'dims[i]', 'shape', 'index', 'size')),
    ('K22_fc_loss_svm_instead_of_softmax', 'cs231n/classifiers/fc_net.py', '        grads = {}\n        loss, dout = softmax_loss(scores, y)\n', '        grads = {}\n        loss, dout = svm_loss(scores, y)\n', 'FullyConnectedNet.loss', ('softmax', 'svm', 'hinge', 'loss function')),
    ('K23_bn_forward_running_var_not_stored', 'cs231n/layers.py', '    bn_param["running_var"] = running_var\n', '', 'batchnorm_forward', ('running_var', 'not stored', 'bn_param', 'written back', 'store')),
    ('K24_bn_forward_running_mean_restarted', 'cs231n/layers.py', '    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))\n', '    running_mean = np.zeros(D, dtype=x.dtype)\n', 'batchnorm_forward', ('running_mean', 'reset', 'zeros', 'bn_param', 'previous')),
    ('K25_bn_forward_test_parenthesis', 'cs231n/layers.py', '        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n', '        out = gamma * (x - running_mean / np.sqrt(running_var + eps)) + beta\n', 'batchnorm_forward', ('parenthes', 'precedence', 'test', 'running_mean', 'divide')),
    ('K26_bn_backward_gamma_forgotten', 'cs231n/layers.py', '    dx_hat = dout * gamma\n    dxc = dx_hat * inv_std', '    dx_hat = dout\n    dxc = dx_hat * inv_std', 'batchnorm_backward', ('gamma', 'dx_hat', 'scale')),
    ('K27_bn_backward_variance_path_n_minus_one', 'cs231n/layers.py', '    dxc += dvar * 2 * xc / N  #', '    dxc += dvar * 2 * xc / (N - 1)  #', 'batchnorm_backward', ('n - 1', 'unbiased', '1/n', 'variance', 'bessel')),
    ('K28_bn_alt_product_of_sums', 'cs231n/layers.py', '- x_hat * (dx_hat * x_hat).sum(axis=0))', '- x_hat * dx_hat.sum(axis=0) * x_hat.sum(axis=0))', 'batchnorm_backward_alt', ('sum(dx_hat * x_hat)', 'product of sums', 'sum of products', 'third term', 'last term')),
    ('K29_ln_forward_gamma_beta_swapped', 'cs231n/layers.py', '    out = gamma * x_hat + beta\n    cache = (x_hat, inv_std, gamma)\n', '    out = beta * x_hat + gamma\n    cache = (x_hat, inv_std, gamma)\n', 'layernorm_forward', ('gamma', 'beta', 'swapped', 'swap')),
    ('K30_ln_forward_caches_x_not_x_hat', 'cs231n/layers.py', 'beta\n    cache = (x_hat, inv_std, gamma)\n', 'beta\n    cache = (x, inv_std, gamma)\n', 'layernorm_backward', ('cache', 'x_hat', 'normalized', 'raw x')),
    ('K31_fc_init_bn_gamma_key_off_by_one', 'cs231n/classifiers/fc_net.py', '                self.params[f"gamma{i}"] = np.ones(fan_out)\n', '                self.params[f"gamma{i - 1}"] = np.ones(fan_out)\n', 'FullyConnectedNet.__init__[batchnorm]', ('gamma', 'key', 'index', 'off by one', 'numbered', 'name')),
    ('K32_fc_init_ln_beta_column', 'cs231n/classifiers/fc_net.py', '                self.params[f"beta{i}"] = np.zeros(fan_out)\n', '                self.params[f"beta{i}"] = np.zeros((fan_out, 1))\n', 'FullyConnectedNet.__init__[layernorm]', ('beta', 'shape', 'column', '(fan_out, 1)', '1-d', 'vector')),
    ('K33_fc_bn_params_shared_dict', 'cs231n/classifiers/fc_net.py', '            self.bn_params = [{"mode": "train"} for _ in range(self.num_layers - 1)]\n', '            self.bn_params = [{"mode": "train"}] * (self.num_layers - 1)\n', 'FullyConnectedNet.loss[batchnorm]', ('same dict', 'shared', 'list multiplication', 'one bn_param', 'running', 'copy', 'alias')),
    ('K34_fc_loss_bn_mode_loop_rebinds', 'cs231n/classifiers/fc_net.py', '            for bn_param in self.bn_params:\n                bn_param["mode"] = mode\n', '            for bn_param in self.bn_params:\n                bn_param = {"mode": mode}\n', 'FullyConnectedNet.loss[batchnorm]', ('mode', 'test', 'rebind', 'not updated', 'train mode', 'loop variable')),
    ('K35_fc_loss_ln_gamma_key_off_by_one', 'cs231n/classifiers/fc_net.py', '                self.params.get(f"gamma{i}"),\n', '                self.params.get(f"gamma{i - 1}"),\n', 'FullyConnectedNet.loss[layernorm]', ('gamma', 'index', 'off by one', 'none', 'key')),
    ('K36_dropout_forward_mask_from_randn', 'cs231n/layers.py', '        rand = np.random.RandomState(dropout_param["seed"]).rand\n', '        rand = np.random.RandomState(dropout_param["seed"]).randn\n', 'dropout_forward', ('randn', 'uniform', 'normal', 'rand', 'keep probability')),
    ('K37_dropout_backward_mode_test_inverted', 'cs231n/layers.py', '    if dropout_param["mode"] == "test":\n', '    if dropout_param["mode"] == "train":\n', 'dropout_backward', ('mode', 'train', 'test', 'inverted', 'mask')),
    ('K38_fc_use_dropout_condition_inverted', 'cs231n/classifiers/fc_net.py', '        self.use_dropout = dropout_keep_ratio != 1\n', '        self.use_dropout = dropout_keep_ratio == 1\n', 'FullyConnectedNet.loss[dropout]', ('use_dropout', 'condition', 'inverted', '!= 1', 'never applied', 'keep ratio')),
    ('K39_dropout_backward_times_p', 'cs231n/layers.py', '    dx = dout * mask\n', '    dx = dout * mask * dropout_param["p"]\n', 'dropout_backward', ('p', 'scale', 'mask already', '1/p', 'multiplied')),
    ('K40_conv_forward_column_stride_forgotten', 'cs231n/layers.py', '                    window = x_pad[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]\n', '                    window = x_pad[n, :, i * stride : i * stride + HH, j : j + WW]\n', 'conv_forward_naive', ('stride', 'column', 'width', 'j * stride')),
    ('K41_conv_forward_mean_over_channels', 'cs231n/layers.py', '                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n', '                    out[n, f, i, j] = np.sum(window * w[f], axis=(1, 2)).mean() + b[f]\n', 'conv_forward_naive', ('channel', 'mean', 'sum', 'average')),
    ('K42_conv_backward_dw_starts_from_w', 'cs231n/layers.py', '    dw = np.zeros_like(w)\n', '    dw = w.copy()\n', 'conv_backward_naive', ('dw', 'zero', 'initial', 'buffer', 'copy of w', 'accumulat')),
    ('K43_conv_backward_crop_top_left', 'cs231n/layers.py', '    dx = dx_pad[:, :, pad : pad + H, pad : pad + W]\n', '    dx = dx_pad[:, :, :H, :W]\n', 'conv_backward_naive', ('pad', 'crop', 'offset', 'border', 'padding')),
    ('K44_conv_backward_column_stride_forgotten', 'cs231n/layers.py', '                    cols = slice(j * stride, j * stride + WW)\n', '                    cols = slice(j, j + WW)\n', 'conv_backward_naive', ('stride', 'column', 'width', 'j * stride')),
    ('K45_max_pool_forward_window_from_stride', 'cs231n/layers.py', '            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]\n            out[', '            window = x[:, :, i * stride : i * stride + stride, j * stride : j * stride + stride]\n            out[', 'max_pool_forward_naive', ('pool_height', 'pool size', 'window size', 'stride', 'ph')),
    ('K46_max_pool_backward_index_arrays_not_meshed', 'cs231n/layers.py', '    n_idx, c_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")\n', '    n_idx, c_idx = np.arange(N), np.arange(C)\n', 'max_pool_backward_naive', ('meshgrid', 'broadcast', 'index', '[:, none]', 'shape')),
    ('K47_max_pool_backward_col_by_division', 'cs231n/layers.py', '            cols = j * stride + first_max % pw\n', '            cols = j * stride + first_max // pw\n', 'max_pool_backward_naive', ('%', 'modulo', 'column', 'remainder', 'unravel', 'divmod')),
    ('K48_spatial_bn_forward_rows_reshape_c_first', 'cs231n/layers.py', '    x_rows = x.transpose(0, 2, 3, 1).reshape(-1, C)', '    x_rows = x.transpose(0, 2, 3, 1).reshape(C, -1).T', 'spatial_batchnorm_forward', ('reshape', '(-1, c)', 'channel', 'column', 'order')),
    ('K49_spatial_bn_forward_bn_param_copied', 'cs231n/layers.py', '    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n', '    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, dict(bn_param))\n', 'spatial_batchnorm_forward', ('copy', 'running', 'bn_param', 'not stored', 'dict')),
    ('K50_spatial_bn_backward_dx_reshaped_directly', 'cs231n/layers.py', '    dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n', '    dx = dx_rows.reshape(dout.shape)\n', 'spatial_batchnorm_backward', ('transpose', 'reshape', 'layout', 'order', '(n, h, w, c)')),
    ('K51_groupnorm_forward_group_length_channels', 'cs231n/layers.py', '    D = groups.shape[1]\n', '    D = C // G\n', 'spatial_groupnorm_forward', ('group size', 'c // g', 'h * w', 'shape', 'length')),
    ('K52_groupnorm_forward_groups_reshaped_wrong_order', 'cs231n/layers.py', '    groups = x.reshape(N * G, -1)\n', '    groups = x.reshape(-1, N * G).T\n', 'spatial_groupnorm_forward', ('reshape', 'order', 'group', 'n * g', 'transpose')),
    ('K53_groupnorm_backward_cache_unpacked_wrong_order', 'cs231n/layers.py', '    x_hat, gamma, ln_cache = cache\n', '    gamma, x_hat, ln_cache = cache\n', 'spatial_groupnorm_backward', ('cache', 'order', 'unpack', 'gamma', 'x_hat')),
    ('K54_groupnorm_backward_dgamma_over_channels', 'cs231n/layers.py', '    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)\n', '    dgamma = (dout * x_hat).sum(axis=(0, 1, 2, 3), keepdims=True)\n', 'spatial_groupnorm_backward', ('axis', 'channel', 'per channel', 'sum', 'dgamma')),
    ('K55_conv_net_init_W3_weight_scale_forgotten', 'cs231n/classifiers/cnn.py', '        self.params["W3"] = weight_scale * np.random.randn(hidden_dim, num_classes)\n', '        self.params["W3"] = np.random.randn(hidden_dim, num_classes)\n', 'ThreeLayerConvNet.__init__', ('weight_scale', 'w3', 'scale', 'standard deviation', 'std')),
    ('K56_conv_net_init_b1_input_channels', 'cs231n/classifiers/cnn.py', '        self.params["b1"] = np.zeros(num_filters)\n', '        self.params["b1"] = np.zeros(C)\n', 'ThreeLayerConvNet.__init__', ('b1', 'num_filters', 'channels', 'shape', 'one per filter')),
    ('K57_conv_net_loss_no_padding', 'cs231n/classifiers/cnn.py', '        conv_param = {"stride": 1, "pad": (filter_size - 1) // 2}\n', '        conv_param = {"stride": 1, "pad": 0}\n', 'ThreeLayerConvNet.loss', ('pad', 'padding', 'same', 'size', 'filter_size')),
    ('K58_conv_net_loss_conv_backward_given_dhidden', 'cs231n/classifiers/cnn.py', '        _, grads["W1"], grads["b1"] = conv_relu_pool_backward(dpooled, cache1)\n', '        _, grads["W1"], grads["b1"] = conv_relu_pool_backward(dhidden, cache1)\n', 'ThreeLayerConvNet.loss', ('dpooled', 'dhidden', 'upstream', 'gradient', 'wrong variable')),
    ('K59_conv_net_reg_times_two_not_squared', 'cs231n/classifiers/cnn.py', '            loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)\n', '            loss += 0.5 * self.reg * np.sum(self.params[name] * 2)\n', 'ThreeLayerConvNet.loss', ('square', '** 2', 'typo', 'regulariz', '* 2')),
    ('K60_ln_forward_mean_divided_twice', 'cs231n/layers.py', '    mean = x.mean(axis=1, keepdims=True)\n', '    mean = x.mean(axis=1, keepdims=True) / x.shape[1]\n', 'layernorm_forward', ('mean', 'divided twice', '/ d', 'center', 'twice')),
]

CAUSE_K = {
    'K01_affine_forward_bias_subtracted': 'The bias is subtracted instead of added (x_flat @ w - b).',
    'K02_affine_backward_dx_divided_by_batch': 'dx is divided by the batch size N although the upstream gradient is already averaged; dx = dout @ w.T reshaped, with no 1/N.',
    'K03_relu_forward_elu': 'Negative inputs give exp(x) - 1 (an ELU) instead of 0; ReLU must output max(0, x).',
    'K04_relu_backward_mask_forgotten': 'The upstream gradient is passed through unchanged: the mask (x > 0) that zeroes it where the input was not positive is missing.',
    'K05_softmax_dx_minus_one_every_row': 'dx[:, y] -= 1 subtracts 1 in every row at every label column instead of only at (i, y[i]); index with dx[np.arange(N), y].',
    'K06_softmax_loss_mean_over_all_classes': 'The loss averages the log-probabilities of all classes instead of picking the correct class log_probs[i, y[i]] of each example.',
    'K07_svm_loss_not_averaged': 'The SVM loss is the sum of the margins over the batch, not divided by N (the mean over examples).',
    'K08_sgd_momentum_velocity_reset': 'The velocity is re-created as zeros at every call instead of being read from config["velocity"], so momentum never accumulates.',
    'K09_sgd_momentum_stores_weights_as_velocity': 'The updated weights next_w are stored in config["velocity"] instead of the new velocity v.',
    'K10_rmsprop_decay_from_learning_rate': 'The decay rate is read from config["learning_rate"] instead of config["decay_rate"] (wrong key).',
    'K11_adam_betas_unpacked_swapped': 'beta1 and beta2 are unpacked swapped: the first moment uses 0.999 and the second 0.9.',
    'K12_adam_t_reset_every_call': 'The step counter t is reset to 0 at every call (assignment instead of setdefault), so the bias correction always uses t = 1.',
    'K13_adam_step_ascends': 'The Adam step is added to w instead of subtracted (gradient ascent).',
    'K14_fc_init_bias_random': 'Biases are drawn at random like the weights instead of initialized to zeros (this also shifts the random stream).',
    'K15_fc_init_dims_last_hidden_dropped': 'hidden_dims[:-1] drops the last hidden layer from the list of layer sizes, so dims is one short and the layer loop runs off its end.',
    'K16_fc_loss_caches_indexed_from_end': 'caches[-i] takes the caches in reverse order, so hidden layer i is backpropagated with the cache of another layer; use caches[i - 1].',
    'K17_fc_loss_returns_predictions': 'In test mode (y is None) the predicted labels argmax(scores) are returned instead of the class scores.',
    'K18_two_layer_init_W2_square': 'W2 is created with shape (hidden_dim, hidden_dim) instead of (hidden_dim, num_classes).',
    'K19_two_layer_loss_second_backward_with_hidden_cache': 'The output layer is backpropagated with the first layer cache (hidden_cache) instead of scores_cache.',
    'K20_two_layer_reg_loop_W1_twice': 'The regularization loop lists W1 twice: W2 is never regularized and W1 gets the penalty and its gradient twice.',
    'K21_fc_init_fan_out_typo': 'fan_out is taken from dims[i - 1] (same as fan_in) instead of dims[i], so every layer keeps its input size.',
    'K22_fc_loss_svm_instead_of_softmax': 'The data loss is computed with svm_loss instead of softmax_loss.',
    'K23_bn_forward_running_var_not_stored': 'The updated running variance is never written back into bn_param, so it stays at its initial zeros.',
    'K24_bn_forward_running_mean_restarted': 'The running mean is restarted from zeros at every call instead of being read from bn_param.',
    'K25_bn_forward_test_parenthesis': 'In test mode only running_mean is divided by the std (misplaced parenthesis): x is not normalized, use (x - running_mean) / sqrt(running_var + eps).',
    'K26_bn_backward_gamma_forgotten': 'dx_hat is dout without the factor gamma (out = gamma * x_hat + beta).',
    'K27_bn_backward_variance_path_n_minus_one': 'The variance path divides by N - 1 although the forward variance is the biased one (divided by N).',
    'K28_bn_alt_product_of_sums': 'The last term uses sum(dx_hat) * sum(x_hat) (product of sums) instead of sum(dx_hat * x_hat).',
    'K29_ln_forward_gamma_beta_swapped': 'gamma and beta are swapped in the output: beta * x_hat + gamma instead of gamma * x_hat + beta.',
    'K30_ln_forward_caches_x_not_x_hat': 'layernorm_forward caches the raw input x instead of the normalized x_hat, so the backward pass works with the wrong x_hat.',
    'K31_fc_init_bn_gamma_key_off_by_one': 'The gamma keys are numbered one below their layer (gamma0, gamma1, ...) so gamma of the last hidden layer is missing and an extra gamma0 appears.',
    'K32_fc_init_ln_beta_column': 'beta is created as a (fan_out, 1) column instead of a 1-d array of shape (fan_out,).',
    'K33_fc_bn_params_shared_dict': 'List multiplication makes every layer share one bn_param dict, so all layers overwrite the same running mean and variance.',
    'K34_fc_loss_bn_mode_loop_rebinds': 'The loop rebinds the loop variable to a new dict instead of setting bn_param["mode"], so the layers never switch to test mode.',
    'K35_fc_loss_ln_gamma_key_off_by_one': "Layer i is given gamma{i - 1}: the first layer gets None (no gamma0) and the others the previous layer's gamma.",
    'K36_dropout_forward_mask_from_randn': 'The mask is drawn from a normal distribution (randn) instead of uniform [0, 1) (rand), so units are kept with the wrong probability.',
    'K37_dropout_backward_mode_test_inverted': 'The mode test is inverted: in train mode the gradient is returned unchanged, without the mask.',
    'K38_fc_use_dropout_condition_inverted': 'use_dropout is True only when dropout_keep_ratio == 1 (condition inverted), so dropout is never applied when a keep ratio below 1 is given.',
    'K39_dropout_backward_times_p': 'dx is multiplied by p again although the cached mask already includes the 1/p scaling; dx = dout * mask.',
    'K40_conv_forward_column_stride_forgotten': 'The window column start is j instead of j * stride: the stride is forgotten along the width.',
    'K41_conv_forward_mean_over_channels': 'The per-channel sums are averaged over the channels instead of added up (sum over channels, rows and columns).',
    'K42_conv_backward_dw_starts_from_w': 'The dw accumulator starts from a copy of w instead of zeros, so dw is off by w.',
    'K43_conv_backward_crop_top_left': 'dx is cropped from the top-left corner of dx_pad ([:H, :W]) instead of removing pad rows/columns on each side ([pad:pad + H]).',
    'K44_conv_backward_column_stride_forgotten': 'The column window in the backward pass starts at j instead of j * stride.',
    'K45_max_pool_forward_window_from_stride': 'The pooling window is stride x stride instead of pool_height x pool_width.',
    'K46_max_pool_backward_index_arrays_not_meshed': 'n_idx and c_idx are plain aranges, not an (N, C) grid, so the fancy index does not broadcast over all (n, c) pairs.',
    'K47_max_pool_backward_col_by_division': 'The column of the max is first_max // pw (like the row) instead of first_max % pw.',
    'K48_spatial_bn_forward_rows_reshape_c_first': 'After the transpose the array is reshaped to (C, -1) and transposed, which mixes channels in each column; reshape(-1, C) keeps one channel per column.',
    'K49_spatial_bn_forward_bn_param_copied': 'A copy of bn_param is passed to batchnorm_forward, so the updated running mean and variance are lost and never reach the caller (test mode has no running statistics).',
    'K50_spatial_bn_backward_dx_reshaped_directly': 'dx_rows (one row per (n, h, w)) is reshaped straight to (N, C, H, W) without the inverse transpose.',
    'K51_groupnorm_forward_group_length_channels': 'The length of a group row is taken as C // G (channels per group) instead of (C // G) * H * W, so ones/zeros have the wrong length.',
    'K52_groupnorm_forward_groups_reshaped_wrong_order': 'x.reshape(-1, N * G).T does not put one group of one example per row; the rows mix examples and channels. Use x.reshape(N * G, -1).',
    'K53_groupnorm_backward_cache_unpacked_wrong_order': 'The cache is unpacked in the wrong order: gamma gets x_hat and x_hat gets gamma.',
    'K54_groupnorm_backward_dgamma_over_channels': 'dgamma is summed over the channel axis too, giving one number instead of one per channel.',
    'K55_conv_net_init_W3_weight_scale_forgotten': 'W3 is drawn from a standard normal without multiplying by weight_scale.',
    'K56_conv_net_init_b1_input_channels': 'b1 has one entry per input channel (C) instead of one per filter (num_filters).',
    'K57_conv_net_loss_no_padding': 'The convolution has no padding, so it shrinks the image and the pooled size no longer matches W2; pad (filter_size - 1) // 2 keeps the size.',
    'K58_conv_net_loss_conv_backward_given_dhidden': 'The conv layer is backpropagated with dhidden (gradient of the hidden layer output) instead of dpooled.',
    'K59_conv_net_reg_times_two_not_squared': 'The regularization loss uses W * 2 (typo) instead of W ** 2, so it is linear in the weights.',
    'K60_ln_forward_mean_divided_twice': 'The per-example mean is divided by D a second time, so x is not centered by its mean.',
}

CORRECT_K = [
    ('K61_ok_affine_forward_matmul_len', 'cs231n/layers.py', '    out = x.reshape(x.shape[0], -1) @ w + b\n', '    out = np.matmul(x.reshape(len(x), -1), w) + b[None, :]\n', 'affine_forward'),
    ('K62_ok_affine_backward_db_einsum', 'cs231n/layers.py', '    db = dout.sum(axis=0)\n', '    db = np.einsum("nm->m", dout)\n', 'affine_backward'),
    ('K63_ok_relu_forward_clip_inf', 'cs231n/layers.py', '    out = np.maximum(x, 0)\n', '    out = np.clip(x, 0, np.inf)\n', 'relu_forward'),
    ('K64_ok_relu_backward_cast_mask', 'cs231n/layers.py', '    dx = dout * (x > 0)\n', '    dx = dout * (x > 0).astype(dout.dtype)\n', 'relu_backward'),
    ('K65_ok_softmax_loss_choose', 'cs231n/layers.py', '    loss = -log_probs[np.arange(N), y].mean()\n', '    loss = -np.mean(np.choose(y, log_probs.T))\n', 'softmax_loss'),
    ('K66_ok_svm_loss_len_y', 'cs231n/layers.py', '    loss = margins.sum() / N\n', '    loss = np.sum(margins) / len(y)\n', 'svm_loss'),
    ('K67_ok_sgd_momentum_v_plus_w', 'cs231n/optim.py', '    next_w = w + v\n', '    next_w = v + w\n', 'sgd_momentum'),
    ('K68_ok_rmsprop_abs_squared', 'cs231n/optim.py', '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n', '    config["cache"] = decay * config["cache"] + (1 - decay) * np.abs(dw) ** 2\n', 'rmsprop'),
    ('K69_ok_adam_m_as_lerp', 'cs231n/optim.py', '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n', '    config["m"] = config["m"] + (1 - beta1) * (dw - config["m"])\n', 'adam'),
    ('K70_ok_fc_loss_names_sliced', 'cs231n/classifiers/fc_net.py', '            names = ["W", "b"] + (["gamma", "beta"] if self.normalization else [])\n', '            names = ["W", "b", "gamma", "beta"][: 4 if self.normalization else 2]\n', 'FullyConnectedNet.loss'),
    ('K71_ok_two_layer_reg_grad_reordered', 'cs231n/classifiers/fc_net.py', '            grads[name] += self.reg * W\n', '            grads[name] += W * self.reg\n', 'TwoLayerNet.loss'),
    ('K72_ok_two_layer_init_b2_tuple', 'cs231n/classifiers/fc_net.py', '        self.params["b2"] = np.zeros(num_classes)\n', '        self.params["b2"] = np.zeros((num_classes,))\n', 'TwoLayerNet.__init__'),
    ('K73_ok_bn_forward_mean_by_sum', 'cs231n/layers.py', '        mean = x.mean(axis=0)\n', '        mean = np.sum(x, axis=0) / x.shape[0]\n', 'batchnorm_forward'),
    ('K74_ok_bn_backward_dmean_keepdims_row', 'cs231n/layers.py', '    dmean = -dxc.sum(axis=0)  #', '    dmean = -dxc.sum(axis=0, keepdims=True)[0]  #', 'batchnorm_backward'),
    ('K75_ok_bn_alt_np_sum', 'cs231n/layers.py', '    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))\n', '    dx = (inv_std / N) * (N * dx_hat - np.sum(dx_hat, axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))\n', 'batchnorm_backward_alt'),
    ('K76_ok_ln_forward_mean_indexed', 'cs231n/layers.py', '    mean = x.mean(axis=1, keepdims=True)\n', '    mean = x.mean(axis=-1)[:, None]\n', 'layernorm_forward'),
    ('K77_ok_ln_backward_contiguous', 'cs231n/layers.py', '    dx = dx_t.T\n', '    dx = np.ascontiguousarray(dx_t.T)\n', 'layernorm_backward'),
    ('K78_ok_dropout_backward_multiply_mask_first', 'cs231n/layers.py', '    dx = dout * mask\n', '    dx = np.multiply(mask, dout)\n', 'dropout_backward'),
    ('K79_ok_dropout_forward_cast', 'cs231n/layers.py', '        out = x * mask\n', '        out = (x * mask).astype(x.dtype)\n', 'dropout_forward'),
    ('K80_ok_conv_forward_sum_method', 'cs231n/layers.py', '                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n', '                    out[n, f, i, j] = (window * w[f]).sum() + b[f]\n', 'conv_forward_naive'),
    ('K81_ok_conv_backward_db_rows', 'cs231n/layers.py', '    db = dout.sum(axis=(0, 2, 3))\n', '    db = dout.transpose(1, 0, 2, 3).reshape(dout.shape[1], -1).sum(axis=1)\n', 'conv_backward_naive'),
    ('K82_ok_max_pool_forward_rows_then_cols', 'cs231n/layers.py', '            out[:, :, i, j] = window.max(axis=(2, 3))\n', '            out[:, :, i, j] = window.max(axis=2).max(axis=2)\n', 'max_pool_forward_naive'),
    ('K83_ok_max_pool_backward_floor_divide', 'cs231n/layers.py', '            rows = i * stride + first_max // pw\n', '            rows = i * stride + np.floor_divide(first_max, pw)\n', 'max_pool_backward_naive'),
    ('K84_ok_spatial_bn_backward_moveaxis_dout', 'cs231n/layers.py', '    dout_rows = dout.transpose(0, 2, 3, 1).reshape(-1, C)\n', '    dout_rows = np.moveaxis(dout, 1, -1).reshape(-1, C)\n', 'spatial_batchnorm_backward'),
    ('K85_ok_groupnorm_forward_reshape_like_x', 'cs231n/layers.py', '    x_hat = x_hat_groups.reshape(N, C, H, W)\n', '    x_hat = x_hat_groups.reshape(x.shape)\n', 'spatial_groupnorm_forward'),
    ('K86_ok_groupnorm_backward_reshape_like_x_hat', 'cs231n/layers.py', '    dx = dx_groups.reshape(dout.shape)\n', '    dx = dx_groups.reshape(x_hat.shape)\n', 'spatial_groupnorm_backward'),
    ('K87_ok_conv_net_init_b3_float', 'cs231n/classifiers/cnn.py', '        self.params["b3"] = np.zeros(num_classes)\n', '        self.params["b3"] = np.zeros(num_classes, dtype=float)\n', 'ThreeLayerConvNet.__init__'),
    ('K88_ok_conv_net_reg_grad_reordered', 'cs231n/classifiers/cnn.py', '            grads[name] += self.reg * self.params[name]\n', '            grads[name] += self.params[name] * self.reg\n', 'ThreeLayerConvNet.loss'),
    ('K89_ok_fc_init_bn_gamma_ones_float64', 'cs231n/classifiers/fc_net.py', '                self.params[f"gamma{i}"] = np.ones(fan_out)\n', '                self.params[f"gamma{i}"] = np.ones(fan_out, dtype=np.float64)\n', 'FullyConnectedNet.__init__[batchnorm]'),
    ('K90_ok_spatial_bn_forward_rows_reshape_n_h_w', 'cs231n/layers.py', '    out = out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n', '    out = out_rows.reshape(N, H * W, C).transpose(0, 2, 1).reshape(N, C, H, W)\n', 'spatial_batchnorm_forward'),
]
