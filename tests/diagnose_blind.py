"""Blind held-out evaluation of the checks' hints (issue 20), by someone who never read the engine.

Each mistake is a realistic student error written as a find/replace of the reference solution
in one student file: ``(id, file, old, new, check, causes)``. ``causes`` are the phrases (matched
case-insensitively) of which a hint naming the right cause contains at least one; they were
written before the set was first run and are never changed after it. Each correct alternative
``(id, file, old, new, check)`` is another right way to write the same function: its check must
pass with no hint.

Every entry is tried as a student would: the package is copied to a temporary folder, the one
file is edited there, and ``python -m cs231n.grade --part <part>`` runs in that folder; the
report's line for ``check`` and the ``hint:`` lines under it are read back.

    python tests/diagnose_blind.py A           # set A: report and share of right causes
    python tests/diagnose_blind.py B --markdown results.md

Set A was written and run first against the engine of branch ``hints`` as of commit b23f5d3;
set B was written later and run once against the merged engine (tests/diagnose_blind_results_*.md).
The READING_* tables hold the evaluator's own reading of each hint, written after the run.
"""

import argparse
import atexit
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from diagnose_blind_c import CAUSE_C, CORRECT_C, MISTAKES_C  # noqa: F401 (CAUSE_C: for readers)
from diagnose_blind_d import CAUSE_D, CORRECT_D, MISTAKES_D  # noqa: F401 (CAUSE_D: for readers)
from diagnose_blind_e import CAUSE_E, CORRECT_E, MISTAKES_E  # noqa: F401 (CAUSE_E: for readers)
from diagnose_blind_f import CAUSE_F, CORRECT_F, MISTAKES_F  # noqa: F401 (CAUSE_F: for readers)
from diagnose_blind_g import CAUSE_G, CORRECT_G, MISTAKES_G  # noqa: F401 (CAUSE_G: for readers)
from diagnose_blind_h import CAUSE_H, CORRECT_H, MISTAKES_H  # noqa: F401 (CAUSE_H: for readers)
from diagnose_blind_i import CAUSE_I, CORRECT_I, MISTAKES_I  # noqa: F401 (CAUSE_I: for readers)
from diagnose_blind_j import CAUSE_J, CORRECT_J, MISTAKES_J  # noqa: F401 (CAUSE_J: for readers)
from diagnose_blind_k import CAUSE_K, CORRECT_K, MISTAKES_K  # noqa: F401 (CAUSE_K: for readers)
from diagnose_blind_l import CAUSE_L, CORRECT_L, MISTAKES_L  # noqa: F401 (CAUSE_L: for readers)
from diagnose_blind_m import CAUSE_M, CORRECT_M, MISTAKES_M  # noqa: F401 (CAUSE_M: for readers)
from diagnose_blind_n import CAUSE_N, CORRECT_N, MISTAKES_N  # noqa: F401 (CAUSE_N: for readers)
from diagnose_blind_o import CAUSE_O, CORRECT_O, MISTAKES_O  # noqa: F401 (CAUSE_O: for readers)

ROOT = Path(__file__).resolve().parent.parent
L = "cs231n/layers.py"
O = "cs231n/optim.py"  # noqa: E741
F = "cs231n/classifiers/fc_net.py"
C = "cs231n/classifiers/cnn.py"

PART_OF = {
    **dict.fromkeys(
        [
            "affine_forward",
            "affine_backward",
            "relu_forward",
            "relu_backward",
            "softmax_loss",
            "svm_loss",
            "sgd_momentum",
            "rmsprop",
            "adam",
            "FullyConnectedNet.__init__",
            "FullyConnectedNet.loss",
            "TwoLayerNet.__init__",
            "TwoLayerNet.loss",
        ],
        "FullyConnectedNets",
    ),
    **dict.fromkeys(
        [
            "batchnorm_forward",
            "batchnorm_backward",
            "batchnorm_backward_alt",
            "layernorm_forward",
            "layernorm_backward",
            "FullyConnectedNet.__init__[batchnorm]",
            "FullyConnectedNet.loss[batchnorm]",
            "FullyConnectedNet.__init__[layernorm]",
            "FullyConnectedNet.loss[layernorm]",
        ],
        "BatchNormalization",
    ),
    **dict.fromkeys(
        ["dropout_forward", "dropout_backward", "FullyConnectedNet.loss[dropout]"], "Dropout"
    ),
    **dict.fromkeys(
        [
            "conv_forward_naive",
            "conv_backward_naive",
            "max_pool_forward_naive",
            "max_pool_backward_naive",
            "spatial_batchnorm_forward",
            "spatial_batchnorm_backward",
            "spatial_groupnorm_forward",
            "spatial_groupnorm_backward",
            "ThreeLayerConvNet.__init__",
            "ThreeLayerConvNet.loss",
        ],
        "ConvolutionalNetworks",
    ),
}

REG_CAUSES = ["regulariz", "penalty", "reg term", "reg * w", "reg*w"]

# --------------------------------------------------------------------------------------------
# Set A: mistakes (causes written before the first run)
# --------------------------------------------------------------------------------------------

MISTAKES_A = [
    # ---- FullyConnectedNets
    (
        "A01_affine_forward_no_bias",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.reshape(x.shape[0], -1) @ w\n",
        "affine_forward",
        ["bias", "+ b", "b is", "b was", "b not", "add b", "adding b", "without b", "offset"],
    ),
    (
        "A02_affine_forward_reshape_D_first",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.reshape(w.shape[0], -1).T @ w + b\n",
        "affine_forward",
        ["reshape", "scrambl", "order", "transpos", "flatten"],
    ),
    (
        "A03_affine_backward_dw_averaged",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    dw = x.reshape(x.shape[0], -1).T @ dout / x.shape[0]\n",
        "affine_backward",
        ["n times", "1/n", "1 / n", "divid", "averag", "mean"],
    ),
    (
        "A04_affine_backward_dx_not_reshaped",
        L,
        "    dx = (dout @ w.T).reshape(x.shape)\n",
        "    dx = dout @ w.T\n",
        "affine_backward",
        ["reshape", "shape of x", "x.shape", "like x"],
    ),
    (
        "A05_relu_forward_np_max",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = np.max(x, 0)\n",
        "relu_forward",
        ["np.max", "np.maximum", "reduc", "axis 0", "collapsed", "summed away"],
    ),
    (
        "A06_relu_forward_leaky",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = np.maximum(x, 0.01 * x)\n",
        "relu_forward",
        ["negative", "leak", "x < 0", "below 0", "below zero", "where x"],
    ),
    (
        "A07_relu_backward_mask_on_dout",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = dout * (dout > 0)\n",
        "relu_backward",
        ["dout > 0", "sign of dout", "where dout", "mask", "x > 0", "where x"],
    ),
    (
        "A08_relu_backward_forgets_dout",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = (x > 0).astype(dout.dtype)\n",
        "relu_backward",
        [
            "upstream",
            "chain rule",
            "multiply by dout",
            "times dout",
            "without dout",
            "ignores dout",
            "not depend on dout",
        ],
    ),
    (
        "A09_softmax_no_max_shift",
        L,
        "    shifted = x - x.max(axis=1, keepdims=True)\n",
        "    shifted = x\n",
        "softmax_loss",
        ["overflow", "subtract", "max", "shift", "stab"],
    ),
    (
        "A10_softmax_loss_index_all_rows",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = -log_probs[:, y].mean()\n",
        "softmax_loss",
        ["index", "[:, y]", "np.arange", "correct class", "each example's"],
    ),
    (
        "A11_softmax_dx_not_divided_by_N",
        L,
        "    dx[np.arange(N), y] -= 1\n    dx /= N\n",
        "    dx[np.arange(N), y] -= 1\n",
        "softmax_loss",
        ["n times", "divid", "1/n", "1 / n", "averag", "by n"],
    ),
    (
        "A12_svm_correct_class_margin_kept",
        L,
        "    margins[np.arange(N), y] = 0\n",
        "",
        "svm_loss",
        ["correct class", "y[i]", "j == y", "exclud", "skip"],
    ),
    (
        "A13_svm_dx_correct_class_minus_one",
        L,
        "    dx[np.arange(N), y] -= positive.sum(axis=1)\n",
        "    dx[np.arange(N), y] -= 1\n",
        "svm_loss",
        ["count", "number of", "positive margins", "how many", "sum of"],
    ),
    (
        "A14_sgd_momentum_plus_gradient",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = config["momentum"] * v + config["learning_rate"] * dw\n',
        "sgd_momentum",
        ["sign", "ascen", "direction", "opposite", "subtract"],
    ),
    (
        "A15_sgd_momentum_velocity_not_stored",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n    next_w = w + v\n',
        '    next_w = w + config["momentum"] * v - config["learning_rate"] * dw\n',
        "sgd_momentum",
        [
            "not stored",
            "store",
            "written back",
            "write",
            "unchanged",
            "not updated",
            "old velocity",
            "previous",
        ],
    ),
    (
        "A16_rmsprop_no_sqrt",
        O,
        '(np.sqrt(config["cache"]) + config["epsilon"])',
        '(config["cache"] + config["epsilon"])',
        "rmsprop",
        ["sqrt", "square root", "root"],
    ),
    (
        "A17_rmsprop_decay_swapped",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    config["cache"] = (1 - decay) * config["cache"] + decay * dw**2\n',
        "rmsprop",
        ["swap", "1 - decay", "decay_rate and", "exchanged", "the other way"],
    ),
    (
        "A18_adam_t_not_incremented",
        O,
        '    config["t"] += 1\n',
        "",
        "adam",
        ["increment", "t + 1", "t+1", "counter", "before"],
    ),
    (
        "A19_adam_no_bias_correction",
        O,
        "    correction = (1 - beta2**t) ** 0.5\n"
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n'
        '    next_w = w - step_size * config["m"] / (np.sqrt(config["v"]) + config["epsilon"] '
        "* correction)\n",
        '    next_w = w - config["learning_rate"] * config["m"] / (np.sqrt(config["v"]) '
        '+ config["epsilon"])\n',
        "adam",
        ["bias", "correction", "m_hat", "v_hat", "1 - beta"],
    ),
    (
        "A20_fc_init_xavier_instead_of_weight_scale",
        F,
        '            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)\n',
        '            self.params[f"W{i}"] = np.random.randn(fan_in, fan_out) / np.sqrt(fan_in)\n',
        "FullyConnectedNet.__init__",
        ["weight_scale", "standard deviation", "scale"],
    ),
    (
        "A21_fc_init_last_layer_missing",
        F,
        "        for i in range(1, self.num_layers + 1):\n            fan_in, fan_out",
        "        for i in range(1, self.num_layers):\n            fan_in, fan_out",
        "FullyConnectedNet.__init__",
        ["last", "output layer", "num_layers", "range", "off by one", "w3"],
    ),
    (
        "A22_fc_loss_no_reg_gradient",
        F,
        '            grads[f"W{i}"] += self.reg * W\n',
        "",
        "FullyConnectedNet.loss",
        REG_CAUSES,
    ),
    (
        "A23_fc_loss_reg_without_half",
        F,
        '            W = self.params[f"W{i}"]\n'
        "            loss += 0.5 * self.reg * np.sum(W * W)\n",
        '            W = self.params[f"W{i}"]\n            loss += self.reg * np.sum(W * W)\n',
        "FullyConnectedNet.loss",
        ["0.5", "twice", "factor 2", "factor of 2", "2 times", "1/2", "half", "2x"],
    ),
    (
        "A24_two_layer_init_random_bias",
        F,
        '        self.params["b1"] = np.zeros(hidden_dim)\n',
        '        self.params["b1"] = weight_scale * np.random.randn(hidden_dim)\n',
        "TwoLayerNet.__init__",
        ["zero"],
    ),
    (
        "A25_two_layer_loss_skips_relu_backward",
        F,
        '        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)\n',
        '        _, grads["W1"], grads["b1"] = affine_backward(dhidden, hidden_cache[0])\n',
        "TwoLayerNet.loss",
        ["relu", "mask", "negative", "where the hidden"],
    ),
    (
        "A26_two_layer_loss_reg_only_W2",
        F,
        '        for name in ("W1", "W2"):\n',
        '        for name in ("W2",):\n',
        "TwoLayerNet.loss",
        [*REG_CAUSES, "w1's", "both weight"],
    ),
    # ---- BatchNormalization
    (
        "A27_bn_forward_unbiased_var",
        L,
        "        var = x.var(axis=0)\n",
        "        var = x.var(axis=0, ddof=1)\n",
        "batchnorm_forward",
        ["n-1", "n - 1", "ddof", "unbiased", "biased"],
    ),
    (
        "A28_bn_forward_momentum_swapped",
        L,
        "        running_mean = momentum * running_mean + (1 - momentum) * mean\n"
        "        running_var = momentum * running_var + (1 - momentum) * var\n",
        "        running_mean = (1 - momentum) * running_mean + momentum * mean\n"
        "        running_var = (1 - momentum) * running_var + momentum * var\n",
        "batchnorm_forward",
        ["swap", "1 - momentum", "the other way", "exchanged", "momentum and"],
    ),
    (
        "A29_bn_forward_test_uses_batch_stats",
        L,
        "        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta\n",
        "        out = gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta\n",
        "batchnorm_forward",
        ["running", "batch statistics", "batch's", "minibatch", "batch mean"],
    ),
    (
        "A30_bn_backward_dgamma_with_xc",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    dx_hat = dout * gamma\n    dxc =",
        "    dgamma = (dout * xc).sum(axis=0)\n    dx_hat = dout * gamma\n    dxc =",
        "batchnorm_backward",
        ["x_hat", "normaliz", "xc", "centered", "x - mean", "not x"],
    ),
    (
        "A31_bn_backward_no_variance_path",
        L,
        "    dxc += dvar * 2 * xc / N  # var = sum(xc**2) / N\n",
        "",
        "batchnorm_backward",
        ["var", "variance"],
    ),
    (
        "A32_bn_alt_first_sum_wrong_axis",
        L,
        "(N * dx_hat - dx_hat.sum(axis=0) - x_hat",
        "(N * dx_hat - dx_hat.sum(axis=1, keepdims=True) - x_hat",
        "batchnorm_backward_alt",
        ["axis", "over the batch", "batch axis"],
    ),
    (
        "A33_bn_alt_dbeta_mean",
        L,
        "    N = dout.shape[0]\n    dbeta = dout.sum(axis=0)\n",
        "    N = dout.shape[0]\n    dbeta = dout.mean(axis=0)\n",
        "batchnorm_backward_alt",
        ["n times", "mean", "averag", "1/n", "divid", "sum"],
    ),
    (
        "A34_ln_forward_mean_without_keepdims",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n",
        "    mean = x.mean(axis=1)\n",
        "layernorm_forward",
        ["keepdims", "(n, 1)", "[:, none]", "column", "broadcast"],
    ),
    (
        "A35_ln_forward_batch_axis",
        L,
        "    mean = x.mean(axis=1, keepdims=True)\n"
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n",
        "    mean = x.mean(axis=0, keepdims=True)\n"
        "    inv_std = 1.0 / np.sqrt(x.var(axis=0, keepdims=True) + eps)\n",
        "layernorm_forward",
        ["axis", "per example", "each example", "over the batch", "features", "row"],
    ),
    (
        "A36_ln_backward_forgets_gamma",
        L,
        "batchnorm_backward_alt((dout * gamma).T, (x_hat.T",
        "batchnorm_backward_alt(dout.T, (x_hat.T",
        "layernorm_backward",
        ["gamma"],
    ),
    (
        "A37_fc_init_bn_gamma_zeros",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.zeros(fan_out)\n',
        "FullyConnectedNet.__init__[batchnorm]",
        ["ones", "to 1", "= 1", "start at 1", "1.0"],
    ),
    (
        "A38_fc_init_ln_gamma_beta_fan_in",
        F,
        '                self.params[f"gamma{i}"] = np.ones(fan_out)\n'
        '                self.params[f"beta{i}"] = np.zeros(fan_out)\n',
        '                self.params[f"gamma{i}"] = np.ones(fan_in)\n'
        '                self.params[f"beta{i}"] = np.zeros(fan_in)\n',
        "FullyConnectedNet.__init__[layernorm]",
        ["fan_in", "fan_out", "input size", "layer's input", "previous layer", "the input"],
    ),
    (
        "A39_fc_loss_bn_no_gamma_beta_grads",
        F,
        '            names = ["W", "b"] + (["gamma", "beta"] if self.normalization else [])\n',
        '            names = ["W", "b"]\n',
        "FullyConnectedNet.loss[batchnorm]",
        ["gamma", "beta"],
    ),
    (
        "A40_fc_loss_ln_regularizes_every_param",
        F,
        "        for i in range(1, L + 1):\n"
        '            W = self.params[f"W{i}"]\n'
        "            loss += 0.5 * self.reg * np.sum(W * W)\n"
        '            grads[f"W{i}"] += self.reg * W\n',
        "        for name, W in self.params.items():\n"
        "            loss += 0.5 * self.reg * np.sum(W * W)\n"
        "            grads[name] += self.reg * W\n",
        "FullyConnectedNet.loss[layernorm]",
        ["gamma", "beta", "bias", "weights only", "only the weight", "every param", "all param"],
    ),
    # ---- Dropout
    (
        "A41_dropout_forward_p_as_drop_probability",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = (rand(*x.shape) > p).astype(x.dtype) / p\n",
        "dropout_forward",
        ["keep", "1 - p", "1-p", "drop prob", "dropping"],
    ),
    (
        "A42_dropout_forward_times_p",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = (rand(*x.shape) < p).astype(x.dtype) * p\n",
        "dropout_forward",
        ["divide", "1/p", "1 / p", "/ p", "p**2", "p^2", "p²", "scale"],
    ),
    (
        "A43_dropout_mask_not_kept_for_backward",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n        out = x * mask\n",
        "        out = x * (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "dropout_backward",
        ["none", "saved", "store", "cache"],
    ),
    (
        "A44_dropout_backward_no_scale",
        L,
        "    dx = dout * mask\n",
        "    dx = dout * (mask != 0)\n",
        "dropout_backward",
        ["1/p", "1 / p", "/ p", "scale", "p times", "factor p", "divide"],
    ),
    (
        "A45_fc_loss_dropout_fresh_param_dict",
        F,
        "                hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)\n",
        "                hidden, dropout_cache = dropout_forward(\n"
        '                    hidden, {"mode": "train", "p": self.dropout_param["p"]}\n'
        "                )\n",
        "FullyConnectedNet.loss[dropout]",
        ["dropout_param", "seed", "mode"],
    ),
    # ---- ConvolutionalNetworks
    (
        "A46_conv_forward_no_bias",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = np.sum(window * w[f])\n",
        "conv_forward_naive",
        ["bias", "b[f]", "offset", "per filter", "constant"],
    ),
    (
        "A47_conv_forward_np_pad_every_axis",
        L,
        "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n    out = np.zeros",
        "    x_pad = np.pad(x, pad)\n    out = np.zeros",
        "conv_forward_naive",
        ["np.pad", "all axes", "every axis", "batch", "channel", "n and c", "all four"],
    ),
    (
        "A48_conv_forward_output_size_without_pad",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n"
        "    W_out = 1 + (W + 2 * pad - WW) // stride\n",
        "    H_out = 1 + (H - HH) // stride\n    W_out = 1 + (W - WW) // stride\n",
        "conv_forward_naive",
        ["pad"],
    ),
    (
        "A49_conv_backward_dw_overwritten",
        L,
        "                    dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]\n",
        "                    dw[f] = x_pad[n, :, rows, cols] * dout[n, f, i, j]\n",
        "conv_backward_naive",
        ["+=", "accumulat", "overwrit", "add up", "sum over"],
    ),
    (
        "A50_conv_backward_padding_not_removed",
        L,
        "    dx = dx_pad[:, :, pad : pad + H, pad : pad + W]\n",
        "    dx = dx_pad\n",
        "conv_backward_naive",
        ["pad", "crop", "border", "remove"],
    ),
    (
        "A51_conv_backward_dw_from_unpadded_x",
        L,
        "                    dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]\n",
        "                    dw[f] += x[n, :, rows, cols] * dout[n, f, i, j]\n",
        "conv_backward_naive",
        ["pad", "x_pad"],
    ),
    (
        "A52_max_pool_forward_ignores_stride",
        L,
        "            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]\n"
        "            out[:, :, i, j]",
        "            window = x[:, :, i : i + ph, j : j + pw]\n            out[:, :, i, j]",
        "max_pool_forward_naive",
        ["stride"],
    ),
    (
        "A53_max_pool_forward_max_of_everything",
        L,
        "            out[:, :, i, j] = window.max(axis=(2, 3))\n",
        "            out[:, :, i, j] = window.max()\n",
        "max_pool_forward_naive",
        ["axis", "axes", "every image", "all images", "whole", "per channel", "each image"],
    ),
    (
        "A54_max_pool_backward_assign_not_add",
        L,
        "            dx[n_idx, c_idx, rows, cols] += dout[:, :, i, j]\n",
        "            dx[n_idx, c_idx, rows, cols] = dout[:, :, i, j]\n",
        "max_pool_backward_naive",
        ["+=", "overlap", "add up", "accumulat", "overwrit"],
    ),
    (
        "A55_max_pool_backward_unravel_with_height",
        L,
        "            rows = i * stride + first_max // pw\n"
        "            cols = j * stride + first_max % pw\n",
        "            rows = i * stride + first_max // ph\n"
        "            cols = j * stride + first_max % ph\n",
        "max_pool_backward_naive",
        ["pool_width", "unravel", "row-major", "width", "index"],
    ),
    (
        "A56_spatial_bn_forward_reshape_without_transpose",
        L,
        "    x_rows = x.transpose(0, 2, 3, 1).reshape(-1, C)  # one row per (n, h, w)\n"
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n"
        "    out = out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    x_rows = x.reshape(-1, C)\n"
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n"
        "    out = out_rows.reshape(N, C, H, W)\n",
        "spatial_batchnorm_forward",
        ["transpos", "channels last", "channel axis", "mix", "reshape"],
    ),
    (
        "A57_spatial_bn_backward_reshape_without_transpose",
        L,
        "    dout_rows = dout.transpose(0, 2, 3, 1).reshape(-1, C)\n"
        "    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)\n"
        "    dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    dout_rows = dout.reshape(-1, C)\n"
        "    dx_rows, dgamma, dbeta = batchnorm_backward_alt(dout_rows, cache)\n"
        "    dx = dx_rows.reshape(N, C, H, W)\n",
        "spatial_batchnorm_backward",
        ["transpos", "channels last", "channel axis", "mix", "reshape"],
    ),
    (
        "A58_groupnorm_forward_groups_from_channels_last",
        L,
        "    groups = x.reshape(N * G, -1)\n",
        "    groups = x.transpose(0, 2, 3, 1).reshape(N * G, -1)\n",
        "spatial_groupnorm_forward",
        ["transpos", "consecutive", "contiguous", "channel order", "reshape"],
    ),
    (
        "A59_groupnorm_backward_dgamma_without_keepdims",
        L,
        "    dgamma = (dout * x_hat).sum(axis=(0, 2, 3), keepdims=True)\n",
        "    dgamma = (dout * x_hat).sum(axis=(0, 2, 3))\n",
        "spatial_groupnorm_backward",
        ["keepdims", "like gamma", "shape of gamma", "gamma's shape", "reshape"],
    ),
    (
        "A60_conv_net_init_forgets_pooling",
        C,
        "        pooled_size = num_filters * (H // 2) * (W // 2)\n",
        "        pooled_size = num_filters * H * W\n",
        "ThreeLayerConvNet.__init__",
        ["pool", "half", "halv", "/ 2", "// 2", "/2"],
    ),
    (
        "A61_conv_net_loss_square_outside_sum",
        C,
        "            loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)\n",
        "            loss += 0.5 * self.reg * np.sum(self.params[name]) ** 2\n",
        "ThreeLayerConvNet.loss",
        [*REG_CAUSES, "sum(w**2)", "square", "sum of squares"],
    ),
]

# --------------------------------------------------------------------------------------------
# Set A: correct alternatives (must pass with no hint)
# --------------------------------------------------------------------------------------------

CORRECT_A = [
    (
        "CA01_relu_forward_mask_multiply",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = x * (x > 0)\n",
        "relu_forward",
    ),
    (
        "CA02_relu_backward_where",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = np.where(x > 0, dout, 0.0)\n",
        "relu_backward",
    ),
    (
        "CA03_affine_backward_einsum",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        '    dw = np.einsum("nd,nm->dm", x.reshape(x.shape[0], -1), dout)\n',
        "affine_backward",
    ),
    (
        "CA04_softmax_probabilities_then_log",
        L,
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
        "    loss = -log_probs[np.arange(N), y].mean()\n"
        "    dx = np.exp(log_probs)\n",
        "    probs = np.exp(shifted)\n"
        "    probs /= probs.sum(axis=1, keepdims=True)\n"
        "    loss = -np.log(probs[np.arange(N), y]).mean()\n"
        "    dx = probs.copy()\n",
        "softmax_loss",
    ),
    (
        "CA05_bn_forward_variance_written_out",
        L,
        "        var = x.var(axis=0)\n",
        "        var = ((x - mean) ** 2).mean(axis=0)\n",
        "batchnorm_forward",
    ),
    (
        "CA06_bn_alt_with_means",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat)"
        ".sum(axis=0))\n",
        "    dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat)"
        ".mean(axis=0))\n",
        "batchnorm_backward_alt",
    ),
    (
        "CA07_dropout_forward_where",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = np.where(rand(*x.shape) < p, 1.0 / p, 0.0).astype(x.dtype)\n",
        "dropout_forward",
    ),
    (
        "CA08_conv_forward_tensordot_over_filters",
        L,
        "    for n in range(N):\n"
        "        for f in range(F):\n"
        "            for i in range(H_out):\n"
        "                for j in range(W_out):\n"
        "                    window = x_pad[n, :, i * stride : i * stride + HH, "
        "j * stride : j * stride + WW]\n"
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "    for i in range(H_out):\n"
        "        for j in range(W_out):\n"
        "            window = x_pad[:, :, i * stride : i * stride + HH, "
        "j * stride : j * stride + WW]\n"
        "            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b\n",
        "conv_forward_naive",
    ),
    (
        "CA09_max_pool_backward_unravel_loops",
        L,
        '    n_idx, c_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")\n'
        "    for i in range(H_out):\n"
        "        for j in range(W_out):\n"
        "            window = x[:, :, i * stride : i * stride + ph, j * stride : j * stride + pw]\n"
        "            first_max = window.reshape(N, C, -1).argmax(axis=2)\n"
        "            rows = i * stride + first_max // pw\n"
        "            cols = j * stride + first_max % pw\n"
        "            dx[n_idx, c_idx, rows, cols] += dout[:, :, i, j]\n",
        "    for n in range(N):\n"
        "        for c in range(C):\n"
        "            for i in range(H_out):\n"
        "                for j in range(W_out):\n"
        "                    window = x[n, c, i * stride : i * stride + ph, "
        "j * stride : j * stride + pw]\n"
        "                    r, s = np.unravel_index(np.argmax(window), window.shape)\n"
        "                    dx[n, c, i * stride + r, j * stride + s] += dout[n, c, i, j]\n",
        "max_pool_backward_naive",
    ),
    (
        "CA10_adam_textbook_bias_correction",
        O,
        "    correction = (1 - beta2**t) ** 0.5\n"
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n'
        '    next_w = w - step_size * config["m"] / (np.sqrt(config["v"]) + config["epsilon"] '
        "* correction)\n",
        '    m_hat = config["m"] / (1 - beta1**t)\n'
        '    v_hat = config["v"] / (1 - beta2**t)\n'
        '    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])\n',
        "adam",
    ),
    (
        "CA11_fc_init_np_random_normal",
        F,
        '            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)\n',
        '            self.params[f"W{i}"] = np.random.normal(0.0, weight_scale, '
        "(fan_in, fan_out))\n",
        "FullyConnectedNet.__init__",
    ),
]

# --------------------------------------------------------------------------------------------
# Set B: written after set A's first run, run once against the merged engine (causes written
# before that run). No entry is a variant of one of set A's.
# --------------------------------------------------------------------------------------------

MISTAKES_B = [
    # ---- FullyConnectedNets
    (
        "B01_affine_forward_w_transposed",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.reshape(x.shape[0], -1) @ w.T + b\n",
        "affine_forward",
        ["w.t", "transpos", "(d, m)", "w as it is"],
    ),
    (
        "B02_affine_backward_db_keepdims",
        L,
        "    db = dout.sum(axis=0)\n    # END SOLUTION\n    return dx, dw, db\n",
        "    db = dout.sum(axis=0, keepdims=True)\n    # END SOLUTION\n    return dx, dw, db\n",
        "affine_backward",
        ["keepdims", "extra axis", "squeeze", "axis of length 1", "length-1"],
    ),
    (
        "B03_affine_backward_dw_transposed",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    dw = dout.T @ x.reshape(x.shape[0], -1)\n",
        "affine_backward",
        ["transpos", "swap", "order", "dw.t", "(d, m)"],
    ),
    (
        "B04_relu_forward_python_max",
        L,
        "    out = np.maximum(x, 0)\n",
        "    out = max(x, 0)\n",
        "relu_forward",
        ["np.maximum", "built-in", "builtin", "elementwise", "python's max"],
    ),
    (
        "B05_relu_backward_inverted_mask",
        L,
        "    dx = dout * (x > 0)\n",
        "    dx = dout * (x < 0)\n",
        "relu_backward",
        ["x > 0", "positive", "invert", "opposite", "negative"],
    ),
    (
        "B06_softmax_loss_summed_not_averaged",
        L,
        "    loss = -log_probs[np.arange(N), y].mean()\n",
        "    loss = -log_probs[np.arange(N), y].sum()\n",
        "softmax_loss",
        ["n times", "averag", "mean", "divid", "/ n"],
    ),
    (
        "B07_softmax_normalized_over_the_batch",
        L,
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
        "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))\n",
        "softmax_loss",
        ["axis 1", "axis=1", "per row", "each row", "over the classes", "normalized per"],
    ),
    (
        "B08_svm_no_margin_delta",
        L,
        "    margins = np.maximum(0, x - correct + 1.0)\n",
        "    margins = np.maximum(0, x - correct)\n",
        "svm_loss",
        ["delta", "+ 1", "margin of 1", "margin 1", "plus 1", "the 1"],
    ),
    (
        "B09_svm_hinge_not_clipped",
        L,
        "    margins = np.maximum(0, x - correct + 1.0)\n",
        "    margins = x - correct + 1.0\n",
        "svm_loss",
        ["hinge", "np.maximum", "max(0", "clip", "negative margins"],
    ),
    (
        "B10_sgd_momentum_learning_rate_on_velocity",
        O,
        "    next_w = w + v\n",
        '    next_w = w + config["learning_rate"] * v\n',
        "sgd_momentum",
        ["w + v", "add the velocity", "velocity itself", "learning_rate twice", "twice"],
    ),
    (
        "B11_rmsprop_cache_of_dw_not_squared",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw\n',
        "rmsprop",
        ["square", "dw**2", "dw * dw", "dw squared"],
    ),
    (
        "B12_rmsprop_step_with_old_cache",
        O,
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n'
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) '
        '+ config["epsilon"])\n',
        '    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) '
        '+ config["epsilon"])\n'
        '    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2\n',
        "rmsprop",
        ["old cache", "new cache", "updated cache", "before", "order", "previous"],
    ),
    (
        "B13_adam_m_with_beta2",
        O,
        '    config["m"] = beta1 * config["m"] + (1 - beta1) * dw\n',
        '    config["m"] = beta2 * config["m"] + (1 - beta2) * dw\n',
        "adam",
        ["beta1"],
    ),
    (
        "B14_adam_bias_correction_without_power_t",
        O,
        "    correction = (1 - beta2**t) ** 0.5\n"
        '    step_size = config["learning_rate"] * correction / (1 - beta1**t)\n',
        "    correction = (1 - beta2) ** 0.5\n"
        '    step_size = config["learning_rate"] * correction / (1 - beta1)\n',
        "adam",
        ["**t", "** t", "power", "beta1^t", "t-th"],
    ),
    (
        "B15_fc_init_bias_row_vector",
        F,
        '            self.params[f"b{i}"] = np.zeros(fan_out)\n',
        '            self.params[f"b{i}"] = np.zeros((1, fan_out))\n',
        "FullyConnectedNet.__init__",
        ["extra axis", "1-d", "one-dimensional", "(1, ", "flat", "one entry per output"],
    ),
    (
        "B16_fc_init_every_layer_from_input_dim",
        F,
        "            fan_in, fan_out = dims[i - 1], dims[i]\n",
        "            fan_in, fan_out = input_dim, dims[i]\n",
        "FullyConnectedNet.__init__",
        ["previous layer", "inputs of layer", "fan_in", "input_dim", "layer i - 1"],
    ),
    (
        "B17_fc_loss_backward_in_forward_order",
        F,
        "        for i in range(L - 1, 0, -1):\n",
        "        for i in range(1, L):\n",
        "FullyConnectedNet.loss",
        ["reverse", "order", "last layer first", "backward order", "last hidden"],
    ),
    (
        "B18_two_layer_init_W1_transposed",
        F,
        '        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)\n',
        '        self.params["W1"] = weight_scale * np.random.randn(hidden_dim, input_dim)\n',
        "TwoLayerNet.__init__",
        ["transpos", "swap", "order", "(inputs", "(input_dim"],
    ),
    (
        "B19_two_layer_loss_overwrites_data_loss",
        F,
        "            W = self.params[name]\n            loss += 0.5 * self.reg * np.sum(W * W)\n",
        "            W = self.params[name]\n            loss = 0.5 * self.reg * np.sum(W * W)\n",
        "TwoLayerNet.loss",
        ["overwrit", "+=", "data loss", "softmax loss", "replace"],
    ),
    # ---- BatchNormalization
    (
        "B20_bn_forward_global_mean",
        L,
        "        mean = x.mean(axis=0)\n",
        "        mean = x.mean()\n",
        "batchnorm_forward",
        ["axis", "per feature", "each feature", "scalar", "whole array", "every feature"],
    ),
    (
        "B21_bn_backward_dmean_without_1_over_N",
        L,
        "    dx = dxc + dmean / N  # mean = sum(x) / N\n",
        "    dx = dxc + dmean\n",
        "batchnorm_backward",
        ["1/n", "/ n", "n times", "dmean", "mean term", "divided by n"],
    ),
    (
        "B22_bn_backward_dvar_wrong_power",
        L,
        "    dvar = dinv_std * -0.5 * inv_std**3  # inv_std = (var + eps)**-0.5\n",
        "    dvar = dinv_std * -0.5 * inv_std  # inv_std = (var + eps)**-0.5\n",
        "batchnorm_backward",
        ["power", "exponent", "**3", "-3/2", "1.5", "inv_std**3", "dvar"],
    ),
    (
        "B23_bn_alt_forgets_inv_std",
        L,
        "    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0)",
        "    dx = 1.0 / N * (N * dx_hat - dx_hat.sum(axis=0)",
        "batchnorm_backward_alt",
        ["inv_std", "standard deviation", "1/sqrt", "sqrt(var", "std"],
    ),
    (
        "B24_ln_forward_not_centered",
        L,
        "    x_hat = (x - mean) * inv_std\n    out = gamma * x_hat + beta\n    cache = (x_hat, "
        "inv_std, gamma)\n    # END SOLUTION\n    return out, cache\n\n\ndef layernorm_backward",
        "    x_hat = x * inv_std\n    out = gamma * x_hat + beta\n    cache = (x_hat, "
        "inv_std, gamma)\n    # END SOLUTION\n    return out, cache\n\n\ndef layernorm_backward",
        "layernorm_forward",
        ["subtract", "center", "x - mean", "minus the mean", "remove the mean"],
    ),
    (
        "B25_ln_backward_dgamma_without_x_hat",
        L,
        "    dgamma = (dout * x_hat).sum(axis=0)\n    # Per example",
        "    dgamma = dout.sum(axis=0)\n    # Per example",
        "layernorm_backward",
        ["x_hat", "normalized", "dbeta"],
    ),
    (
        "B26_fc_init_gamma_without_normalization",
        F,
        "            if normalization is not None and i < self.num_layers:\n",
        "            if i < self.num_layers:\n",
        "FullyConnectedNet.__init__",
        ["normalization", "only when", "none", "only with"],
    ),
    (
        "B27_fc_init_bn_gamma_one_layer_short",
        F,
        "            if normalization is not None and i < self.num_layers:\n",
        "            if normalization is not None and i < self.num_layers - 1:\n",
        "FullyConnectedNet.__init__[batchnorm]",
        ["every layer but the last", "every hidden layer", "each hidden layer", "gamma2"],
    ),
    (
        "B28_fc_loss_bn_one_bn_param_for_all_layers",
        F,
        "                self.bn_params[i - 1] if self.bn_params else None,\n",
        "                self.bn_params[0] if self.bn_params else None,\n",
        "FullyConnectedNet.loss[batchnorm]",
        ["bn_params", "each layer", "own", "shared", "per layer"],
    ),
    (
        "B29_fc_loss_ln_gamma_beta_grads_swapped",
        F,
        '(["gamma", "beta"] if self.normalization else [])',
        '(["beta", "gamma"] if self.normalization else [])',
        "FullyConnectedNet.loss[layernorm]",
        ["swap", "exchanged", "order", "each other"],
    ),
    # ---- Dropout
    (
        "B30_dropout_forward_ignores_seed",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = (np.random.rand(*x.shape) < p).astype(x.dtype) / p\n",
        "dropout_forward",
        ["seed", "rand("],
    ),
    (
        "B31_dropout_forward_mask_float64",
        L,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = (rand(*x.shape) < p) / p\n",
        "dropout_forward",
        ["dtype", "float32", "astype"],
    ),
    (
        "B32_fc_loss_dropout_backward_skipped",
        F,
        "            if self.use_dropout:\n"
        "                dout = dropout_backward(dout, dropout_cache)\n",
        "",
        "FullyConnectedNet.loss[dropout]",
        [
            "dropout_backward",
            "dropout's backward",
            "through the dropout",
            "dropout in the backward",
        ],
    ),
    # ---- ConvolutionalNetworks
    (
        "B33_conv_forward_flipped_kernel",
        L,
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]\n",
        "                    out[n, f, i, j] = np.sum(window * w[f, :, ::-1, ::-1]) + b[f]\n",
        "conv_forward_naive",
        ["flip", "convolution", "correlation", "::-1"],
    ),
    (
        "B34_conv_forward_float_output_size",
        L,
        "    H_out = 1 + (H + 2 * pad - HH) // stride\n"
        "    W_out = 1 + (W + 2 * pad - WW) // stride\n",
        "    H_out = 1 + (H + 2 * pad - HH) / stride\n"
        "    W_out = 1 + (W + 2 * pad - WW) / stride\n",
        "conv_forward_naive",
        ["integer", "//", "int(", "float"],
    ),
    (
        "B35_conv_backward_db_over_batch_only",
        L,
        "    db = dout.sum(axis=(0, 2, 3))\n",
        "    db = dout.sum(axis=0)\n",
        "conv_backward_naive",
        ["axes", "spatial", "h and w", "(0, 2, 3)", "every position"],
    ),
    (
        "B36_conv_backward_ignores_stride",
        L,
        "                    rows = slice(i * stride, i * stride + HH)\n"
        "                    cols = slice(j * stride, j * stride + WW)\n",
        "                    rows = slice(i, i + HH)\n"
        "                    cols = slice(j, j + WW)\n",
        "conv_backward_naive",
        ["stride"],
    ),
    (
        "B37_max_pool_forward_output_size_without_plus_one",
        L,
        "    H_out = 1 + (H - ph) // stride\n    W_out = 1 + (W - pw) // stride\n",
        "    H_out = (H - ph) // stride\n    W_out = (W - pw) // stride\n",
        "max_pool_forward_naive",
        ["1 +", "+ 1", "+1", "one more", "off by one"],
    ),
    (
        "B38_max_pool_backward_gradient_to_whole_window",
        L,
        "            dx[n_idx, c_idx, rows, cols] += dout[:, :, i, j]\n",
        "            in_rows = slice(i * stride, i * stride + ph)\n"
        "            in_cols = slice(j * stride, j * stride + pw)\n"
        "            dx[:, :, in_rows, in_cols] += dout[:, :, i, j, None, None]\n",
        "max_pool_backward_naive",
        ["argmax", "only to the max", "position of the max", "the maximum", "one input", "every"],
    ),
    (
        "B39_spatial_bn_forward_new_bn_param",
        L,
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        '    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, {"mode": bn_param["mode"]})'
        "\n",
        "spatial_batchnorm_forward",
        ["bn_param", "not stored", "store", "same dict", "new dict"],
    ),
    (
        "B40_spatial_bn_backward_wrong_inverse_transpose",
        L,
        "    dx = dx_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    dx = dx_rows.reshape(N, H, W, C).transpose(0, 2, 3, 1)\n",
        "spatial_batchnorm_backward",
        ["inverse", "transpose(0, 3, 1, 2)", "permutation", "axes order", "undo"],
    ),
    (
        "B41_groupnorm_forward_one_group_per_example",
        L,
        "    groups = x.reshape(N * G, -1)\n",
        "    groups = x.reshape(N, -1)\n",
        "spatial_groupnorm_forward",
        ["n * g", "n*g", "g groups", "groups of channels", "whole example", "all channels"],
    ),
    (
        "B42_groupnorm_backward_dbeta_not_over_batch",
        L,
        "    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)\n",
        "    dbeta = dout.sum(axis=(2, 3), keepdims=True)\n",
        "spatial_groupnorm_backward",
        ["batch", "axis 0", "over n", "n, h and w", "examples"],
    ),
    (
        "B43_conv_net_init_filters_channels_last",
        C,
        "np.random.randn(num_filters, C, filter_size, filter_size)",
        "np.random.randn(num_filters, filter_size, filter_size, C)",
        "ThreeLayerConvNet.__init__",
        ["channel", "(f, c, hh, ww)", "(f, c,", "axes", "order"],
    ),
    (
        "B44_conv_net_no_relu_in_hidden_layer",
        C,
        "        hidden, cache2 = affine_relu_forward(pooled, W2, b2)\n",
        "        hidden, cache2 = affine_forward(pooled, W2, b2)\n",
        "ThreeLayerConvNet.loss",
        ["relu"],
    ),
    (
        "B45_conv_net_svm_loss",
        C,
        "        loss, dscores = softmax_loss(scores, y)\n",
        "        loss, dscores = svm_loss(scores, y)\n",
        "ThreeLayerConvNet.loss",
        ["softmax", "svm"],
    ),
    (
        "B46_fc_init_gamma_beta_only_for_batchnorm",
        F,
        "            if normalization is not None and i < self.num_layers:\n",
        '            if normalization == "batchnorm" and i < self.num_layers:\n',
        "FullyConnectedNet.__init__[layernorm]",
        ["layernorm", "layer norm", "any normalization", "either normalization", "not none"],
    ),
    (
        "B47_dropout_backward_scales_without_mask",
        L,
        "    dx = dout * mask\n",
        '    dx = dout / dropout_param["p"]\n',
        "dropout_backward",
        ["mask", "dropped", "zero where", "only the kept", "kept units"],
    ),
]

CORRECT_B = [
    (
        "CB01_spatial_bn_forward_channels_first_transpose",
        L,
        "    x_rows = x.transpose(0, 2, 3, 1).reshape(-1, C)  # one row per (n, h, w)\n"
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n"
        "    out = out_rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n",
        "    x_rows = x.transpose(1, 0, 2, 3).reshape(C, -1).T\n"
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n"
        "    out = out_rows.T.reshape(C, N, H, W).transpose(1, 0, 2, 3)\n",
        "spatial_batchnorm_forward",
    ),
    (
        "CB02_rmsprop_epsilon_inside_sqrt",
        O,
        '(np.sqrt(config["cache"]) + config["epsilon"])',
        '(np.sqrt(config["cache"] + config["epsilon"]))',
        "rmsprop",
    ),
    (
        "CB03_svm_dx_assign_at_correct_class",
        L,
        "    dx[np.arange(N), y] -= positive.sum(axis=1)\n",
        "    dx[np.arange(N), y] = -positive.sum(axis=1)\n",
        "svm_loss",
    ),
    (
        "CB04_conv_backward_crop_by_end_index",
        L,
        "    dx = dx_pad[:, :, pad : pad + H, pad : pad + W]\n",
        "    dx = dx_pad[:, :, pad : dx_pad.shape[2] - pad, pad : dx_pad.shape[3] - pad]\n",
        "conv_backward_naive",
    ),
    (
        "CB05_layernorm_backward_closed_form_on_rows",
        L,
        "    ones = np.ones(x_hat.shape[0], dtype=x_hat.dtype)\n"
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
        "CB06_sgd_momentum_in_two_steps",
        O,
        '    v = config["momentum"] * v - config["learning_rate"] * dw\n',
        '    v = v * config["momentum"]\n    v -= config["learning_rate"] * dw\n',
        "sgd_momentum",
    ),
    (
        "CB07_conv_net_conv_relu_then_fast_pool",
        C,
        "        pooled, cache1 = conv_relu_pool_forward(X, W1, b1, conv_param, pool_param)\n",
        "        activated, (conv_cache, relu_cache) = conv_relu_forward(X, W1, b1, conv_param)\n"
        "        pooled, pool_cache = max_pool_forward_fast(activated, pool_param)\n"
        "        cache1 = (conv_cache, relu_cache, pool_cache)\n",
        "ThreeLayerConvNet.loss",
    ),
]

# Sets C to L were written by other blind sessions and kept in their own files
# (tests/diagnose_blind_c.py, ..., tests/diagnose_blind_o.py).
SETS = {
    "A": (MISTAKES_A, CORRECT_A),
    "B": (MISTAKES_B, CORRECT_B),
    "C": (MISTAKES_C, CORRECT_C),
    "D": (MISTAKES_D, CORRECT_D),
    "E": (MISTAKES_E, CORRECT_E),
    "F": (MISTAKES_F, CORRECT_F),
    "G": (MISTAKES_G, CORRECT_G),
    "H": (MISTAKES_H, CORRECT_H),
    "I": (MISTAKES_I, CORRECT_I),
    "J": (MISTAKES_J, CORRECT_J),
    "K": (MISTAKES_K, CORRECT_K),
    "L": (MISTAKES_L, CORRECT_L),
    "M": (MISTAKES_M, CORRECT_M),
    "N": (MISTAKES_N, CORRECT_N),
    "O": (MISTAKES_O, CORRECT_O),
}

# The evaluator's reading of each hint, written after the run: (verdict, note). Verdicts:
# "right" (names the cause), "partial" (true and useful but does not name the cause),
# "wrong" (names another cause), "none" (no hint).
READING_A = {
    "A01_affine_forward_no_bias": ("right", ""),
    "A02_affine_forward_reshape_D_first": ("none", "no hint"),
    "A03_affine_backward_dw_averaged": ("right", ""),
    "A04_affine_backward_dx_not_reshaped": ("right", ""),
    "A05_relu_forward_np_max": ("right", "'summed away' for a max, but it names the lost axis"),
    "A06_relu_forward_leaky": ("right", ""),
    "A07_relu_backward_mask_on_dout": ("right", "says the mask comes from x in the cache"),
    "A08_relu_backward_forgets_dout": (
        "partial",
        "same sentence as A07 (the formula restated); does not say that dout is missing",
    ),
    "A09_softmax_no_max_shift": ("right", ""),
    "A10_softmax_loss_index_all_rows": (
        "partial",
        "restates the loss formula; the dx hint describes what the student's dx already is "
        "(dx fails only because the loss is wrong): misleading",
    ),
    "A11_softmax_dx_not_divided_by_N": ("right", ""),
    "A12_svm_correct_class_margin_kept": ("right", ""),
    "A13_svm_dx_correct_class_minus_one": ("right", ""),
    "A14_sgd_momentum_plus_gradient": (
        "partial",
        "locates the dw term (off by 0.002 = 2 * learning_rate times dw) and restates the "
        "formula, but never says 'sign'",
    ),
    "A15_sgd_momentum_velocity_not_stored": ("right", ""),
    "A16_rmsprop_no_sqrt": ("right", ""),
    "A17_rmsprop_decay_swapped": ("right", "restates the cache formula, which shows the swap"),
    "A18_adam_t_not_incremented": ("right", ""),
    "A19_adam_no_bias_correction": ("right", ""),
    "A20_fc_init_xavier_instead_of_weight_scale": (
        "right",
        "first hint right; the second ('not a uniform distribution') is wrong for this code",
    ),
    "A21_fc_init_last_layer_missing": ("none", "no hint (the FAILED line lists the keys)"),
    "A22_fc_loss_no_reg_gradient": ("right", ""),
    "A23_fc_loss_reg_without_half": ("right", ""),
    "A24_two_layer_init_random_bias": ("right", ""),
    "A25_two_layer_loss_skips_relu_backward": (
        "undetected",
        "check gap: every hidden pre-activation of the TwoLayerNet test vector is > 0",
    ),
    "A26_two_layer_loss_reg_only_W2": ("right", "'for every weight matrix'"),
    "A27_bn_forward_unbiased_var": ("right", ""),
    "A28_bn_forward_momentum_swapped": ("right", "restates the running-average formula"),
    "A29_bn_forward_test_uses_batch_stats": ("right", ""),
    "A30_bn_backward_dgamma_with_xc": ("partial", "only which gradient is wrong"),
    "A31_bn_backward_no_variance_path": ("partial", "only which gradient is wrong"),
    "A32_bn_alt_first_sum_wrong_axis": ("partial", "only which gradient is wrong"),
    "A33_bn_alt_dbeta_mean": ("right", ""),
    "A34_ln_forward_mean_without_keepdims": (
        "partial",
        "generic broadcasting crash hint; does not say keepdims",
    ),
    "A35_ln_forward_batch_axis": ("right", ""),
    "A36_ln_backward_forgets_gamma": (
        "partial",
        "strict match is a false positive ('dgamma' contains 'gamma'); only which gradient "
        "is wrong",
    ),
    "A37_fc_init_bn_gamma_zeros": ("right", ""),
    "A38_fc_init_ln_gamma_beta_fan_in": (
        "partial",
        "speaks of Wi and bi, not of gamma/beta, which are the wrong ones",
    ),
    "A39_fc_loss_bn_no_gamma_beta_grads": ("none", "no hint (the FAILED line lists the keys)"),
    "A40_fc_loss_ln_regularizes_every_param": ("right", ""),
    "A41_dropout_forward_p_as_drop_probability": ("right", ""),
    "A42_dropout_forward_times_p": ("right", ""),
    "A43_dropout_mask_not_kept_for_backward": ("none", "TypeError with None, no hint"),
    "A44_dropout_backward_no_scale": ("right", ""),
    "A45_fc_loss_dropout_fresh_param_dict": (
        "right",
        "names the mode (dropout stays on at test time); the missing seed behind the "
        "gradient failures is not mentioned",
    ),
    "A46_conv_forward_no_bias": ("right", ""),
    "A47_conv_forward_np_pad_every_axis": (
        "right",
        "'pad only the two spatial axes of x (not N or C)': strict miss of my phrase list",
    ),
    "A48_conv_forward_output_size_without_pad": ("none", "the hint only repeats the shapes"),
    "A49_conv_backward_dw_overwritten": ("partial", "only which gradient is wrong"),
    "A50_conv_backward_padding_not_removed": ("right", ""),
    "A51_conv_backward_dw_from_unpadded_x": ("partial", "generic broadcasting crash hint"),
    "A52_max_pool_forward_ignores_stride": ("right", ""),
    "A53_max_pool_forward_max_of_everything": (
        "wrong",
        "points to the window's start and size; the error is the reduction over all axes",
    ),
    "A54_max_pool_backward_assign_not_add": (
        "right",
        "'add up the gradients where windows overlap'",
    ),
    "A55_max_pool_backward_unravel_with_height": ("right", ""),
    "A56_spatial_bn_forward_reshape_without_transpose": ("right", ""),
    "A57_spatial_bn_backward_reshape_without_transpose": ("none", "no hint"),
    "A58_groupnorm_forward_groups_from_channels_last": (
        "undetected",
        "check gap: the forward check measures only per-row statistics of out.reshape(N*G, -1), "
        "so a permuted output passes",
    ),
    "A59_groupnorm_backward_dgamma_without_keepdims": ("right", ""),
    "A60_conv_net_init_forgets_pooling": ("right", ""),
    "A61_conv_net_loss_square_outside_sum": ("right", ""),
    "CA04_softmax_probabilities_then_log": (
        "BUG",
        "fails 'finite for scores of size 1000' (log of an underflowed probability) and the "
        "hint says to subtract the row maximum, which this code does",
    ),
}
READING_B = {
    "B01_affine_forward_w_transposed": ("right", "'multiplied by w, of shape (D, M), as it is'"),
    "B02_affine_backward_db_keepdims": (
        "right",
        "'db keeps the batch axis': strict miss of my phrase list",
    ),
    "B03_affine_backward_dw_transposed": ("right", ""),
    "B04_relu_forward_python_max": ("none", "ValueError (truth value ambiguous), no hint"),
    "B05_relu_backward_inverted_mask": ("right", ""),
    "B06_softmax_loss_summed_not_averaged": (
        "right",
        "the loss hint is right; the dx hint ('divide by N once, not twice') describes a "
        "consequence, not this code",
    ),
    "B07_softmax_normalized_over_the_batch": (
        "partial",
        "a checklist of every part of the loss (the right one among them)",
    ),
    "B08_svm_no_margin_delta": (
        "partial",
        "a checklist of every part of the loss (the right one among them)",
    ),
    "B09_svm_hinge_not_clipped": (
        "undetected",
        "check gap: with scores of 0.001 * randn every margin is positive, so the hinge's max "
        "never acts",
    ),
    "B10_sgd_momentum_learning_rate_on_velocity": (
        "right",
        "'the step adds the new velocity to w': strict miss of my phrase list",
    ),
    "B11_rmsprop_cache_of_dw_not_squared": ("right", ""),
    "B12_rmsprop_step_with_old_cache": (
        "wrong",
        "lists sign, square root and epsilon; the step uses the cache before its update",
    ),
    "B13_adam_m_with_beta2": ("right", ""),
    "B14_adam_bias_correction_without_power_t": ("right", ""),
    "B15_fc_init_bias_row_vector": ("partial", "the generic wrong-shape sentence"),
    "B16_fc_init_every_layer_from_input_dim": (
        "right",
        "'the previous layer's width' (after a ThreeLayerConvNet sentence that does not apply)",
    ),
    "B17_fc_loss_backward_in_forward_order": ("none", "shape ValueError, no hint"),
    "B18_two_layer_init_W1_transposed": (
        "partial",
        "the generic wrong-shape sentence; does not say 'transposed' (as B03's does)",
    ),
    "B19_two_layer_loss_overwrites_data_loss": ("partial", "'loss is all zeros': a symptom"),
    "B20_bn_forward_global_mean": ("right", ""),
    "B21_bn_backward_dmean_without_1_over_N": ("right", ""),
    "B22_bn_backward_dvar_wrong_power": (
        "right",
        "names the variance term, where the wrong power is: strict miss of my phrase list",
    ),
    "B23_bn_alt_forgets_inv_std": ("right", ""),
    "B24_ln_forward_not_centered": (
        "wrong",
        "says the axis is wrong; the mean is not subtracted at all",
    ),
    "B25_ln_backward_dgamma_without_x_hat": ("right", ""),
    "B26_fc_init_gamma_without_normalization": ("none", "no hint (the FAILED line lists keys)"),
    "B27_fc_init_bn_gamma_one_layer_short": ("none", "no hint (the FAILED line lists keys)"),
    "B28_fc_loss_bn_one_bn_param_for_all_layers": (
        "none",
        "the provided input check's error names the running_mean shape; no hint",
    ),
    "B29_fc_loss_ln_gamma_beta_grads_swapped": ("partial", "only which gradients are wrong"),
    "B30_dropout_forward_ignores_seed": ("right", ""),
    "B31_dropout_forward_mask_float64": ("right", ""),
    "B32_fc_loss_dropout_backward_skipped": ("right", ""),
    "B33_conv_forward_flipped_kernel": ("right", ""),
    "B34_conv_forward_float_output_size": ("none", "TypeError (float), no hint"),
    "B35_conv_backward_db_over_batch_only": ("right", ""),
    "B36_conv_backward_ignores_stride": ("right", ""),
    "B37_max_pool_forward_output_size_without_plus_one": (
        "partial",
        "says the size is wrong and how it is counted, not the missing 1 +",
    ),
    "B38_max_pool_backward_gradient_to_whole_window": ("right", ""),
    "B39_spatial_bn_forward_new_bn_param": (
        "none",
        "the FAILED line says running_mean is None; no hint",
    ),
    "B40_spatial_bn_backward_wrong_inverse_transpose": (
        "wrong",
        "'a reshape is missing'; the transpose back uses the wrong permutation",
    ),
    "B41_groupnorm_forward_one_group_per_example": ("right", ""),
    "B42_groupnorm_backward_dbeta_not_over_batch": ("right", ""),
    "B43_conv_net_init_filters_channels_last": (
        "wrong",
        "the weight-matrix sentence (inputs, outputs) does not describe a conv filter's "
        "(F, C, HH, WW)",
    ),
    "B44_conv_net_no_relu_in_hidden_layer": (
        "right",
        "as written the mutation changes only the forward call, so affine_relu_backward gets "
        "affine_forward's cache and crashes; the hint names exactly that",
    ),
    "B45_conv_net_svm_loss": ("right", ""),
    "B46_fc_init_gamma_beta_only_for_batchnorm": ("none", "no hint (the FAILED line lists keys)"),
    "B47_dropout_backward_scales_without_mask": ("right", ""),
}
# Set A re-run against the merged engine (no longer held-out: set A and its first results were
# in the repository while the engine changed). Only the entries whose hints changed are re-read.
READING_A_RERUN = {
    **READING_A,
    "A08_relu_backward_forgets_dout": ("right", "'multiply it by dout (the chain rule)'"),
    "A10_softmax_loss_index_all_rows": ("partial", "a checklist of every part of the loss"),
    "A13_svm_dx_correct_class_minus_one": (
        "right",
        "'its entry must collect from each of them': strict miss of my phrase list",
    ),
    "A14_sgd_momentum_plus_gradient": ("right", ""),
    "A16_rmsprop_no_sqrt": (
        "partial",
        "now a checklist of the whole step (sign, square root, epsilon); the first run named it",
    ),
    "A20_fc_init_xavier_instead_of_weight_scale": ("right", "the wrong second hint is gone"),
    "A31_bn_backward_no_variance_path": ("right", ""),
    "A43_dropout_mask_not_kept_for_backward": ("right", ""),
    "A48_conv_forward_output_size_without_pad": ("right", ""),
    "A49_conv_backward_dw_overwritten": ("right", ""),
    "A52_max_pool_forward_ignores_stride": (
        "partial",
        "now a checklist of everything about the window; the first run's was specific",
    ),
    "A53_max_pool_forward_max_of_everything": (
        "partial",
        "a checklist that now includes the axes of the maximum",
    ),
    "A57_spatial_bn_backward_reshape_without_transpose": ("right", ""),
    "CA04_softmax_probabilities_then_log": (
        "BUG",
        "still fails; the hint now names the log of a probability that rounds to 0",
    ),
}
# Set C's reading was written by the lead, who knows the engine, after the first run (18:00).
READING_C = {
    "C01_affine_forward_dot_without_flatten": ("right", ""),
    "C02_affine_backward_dw_from_unflattened_x": (
        "partial",
        "'right size in the wrong shape': not that x was used unflattened",
    ),
    "C03_affine_backward_db_summed_to_scalar": ("right", ""),
    "C04_relu_forward_returns_mask": ("right", ""),
    "C05_relu_backward_times_relu_of_x": ("right", ""),
    "C06_softmax_dx_aliases_probs_loss_nan": (
        "wrong",
        "says overflow / log-sum-exp; the NaN comes from probs changed in place through dx "
        "(log of negative numbers)",
    ),
    "C07_softmax_dx_without_minus_one": ("right", ""),
    "C08_softmax_shift_by_column_max": (
        "partial",
        "a checklist (per-row normalization among its items)",
    ),
    "C09_softmax_sum_without_keepdims": ("right", ""),
    "C10_svm_dx_aliases_margins_loss_zero": (
        "partial",
        "a checklist; the loss is 0 because dx aliases margins",
    ),
    "C11_svm_boolean_dx": ("none", "UFuncTypeError (bool dx), no hint"),
    "C12_svm_loss_mean_over_classes_too": ("partial", "a checklist; 'C times too small' not named"),
    "C13_sgd_momentum_w_minus_velocity": ("right", ""),
    "C14_rmsprop_without_one_minus_decay": (
        "right",
        "'check the weights of the decaying average': where the (1 - decay_rate) is missing; "
        "strict miss",
    ),
    "C15_adam_stores_bias_corrected_moments": (
        "partial",
        "m and v wrong, 'check the weights': not that the bias-corrected values were stored",
    ),
    "C16_adam_t_not_written_back": ("right", ""),
    "C17_fc_init_normal_with_loc_not_scale": ("right", ""),
    "C18_fc_init_keys_numbered_from_zero": ("right", ""),
    "C19_fc_loss_reg_gradient_overwrites": (
        "partial",
        "'dW1 is all zeros' (reg=0): a symptom, not the overwritten data gradient",
    ),
    "C20_fc_loss_reg_with_norm_not_squared": ("right", ""),
    "C21_fc_loss_backward_caches_off_by_one": ("right", ""),
    "C22_two_layer_init_W1_uniform": ("right", ""),
    "C23_two_layer_init_W2_std_is_sqrt_weight_scale": ("right", ""),
    "C24_two_layer_loss_relu_on_scores": (
        "undetected",
        "check gap: the TwoLayerNet checks do not see a ReLU on the scores",
    ),
    "C25_bn_forward_test_without_gamma_beta": ("right", ""),
    "C26_bn_forward_running_var_from_std": ("right", ""),
    "C27_bn_forward_divides_by_variance": ("right", ""),
    "C28_bn_backward_var_path_without_factor_two": (
        "right",
        "names the variance path, where the factor 2 is missing; strict miss",
    ),
    "C29_bn_backward_dx_hat_aliases_dout": (
        "wrong",
        "'gamma or 1/sqrt(var + eps) missing or applied twice' for dx; the cause is dout "
        "changed in place (dgamma and dbeta wrong)",
    ),
    "C30_bn_backward_variance_path_uses_dout": ("right", ""),
    "C31_bn_alt_cache_unpacked_in_wrong_order": ("partial", "only which gradients are wrong"),
    "C32_bn_alt_last_term_reuses_dgamma": ("right", ""),
    "C33_ln_forward_scales_x_not_x_hat": (
        "partial",
        "'check the mean subtracted and how gamma and beta are applied': a checklist",
    ),
    "C34_ln_backward_dgamma_dbeta_summed_over_features": ("right", ""),
    "C35_ln_backward_dx_not_transposed_back": ("right", ""),
    "C36_fc_init_bn_beta_ones": ("right", ""),
    "C37_fc_init_ln_gamma_sized_by_hidden_dims_i": ("right", ""),
    "C38_fc_loss_bn_forces_train_mode": (
        "undetected",
        "check gap: test-mode scores of the batchnorm net are not compared",
    ),
    "C39_fc_loss_ln_backward_through_batchnorm": ("partial", "only which gradients are wrong"),
    "C40_dropout_forward_rand_with_shape_tuple": ("right", ""),
    "C41_dropout_forward_applies_a_second_mask": (
        "undetected",
        "check gap: a second mask in dropout_forward passes the forward check",
    ),
    "C42_dropout_backward_divides_by_p_again": ("right", ""),
    "C43_fc_loss_dropout_output_unused": ("right", "'dropout has no effect at train time': right"),
    "C44_conv_forward_bias_inside_sum": ("right", ""),
    "C45_conv_forward_filter_indexed_by_image": ("none", "no hint"),
    "C46_conv_backward_crop_end_without_pad": (
        "partial",
        "'only its last two (spatial) axes differ': not the crop end",
    ),
    "C47_conv_backward_dx_with_flipped_filter": ("right", ""),
    "C48_max_pool_forward_average": (
        "partial",
        "'not the maximum of each window' then a checklist; not 'a mean'",
    ),
    "C49_max_pool_backward_without_window_offset": ("none", "no hint"),
    "C50_spatial_bn_forward_no_inverse_transpose": ("right", ""),
    "C51_spatial_bn_backward_4d_dout_to_batchnorm": (
        "none",
        "the provided layer's input check names the 4-D dout; no hint",
    ),
    "C52_groupnorm_forward_group_size_for_group_count": ("right", ""),
    "C53_groupnorm_backward_gamma_applied_twice": (
        "partial",
        "a factor that varies across entries: not gamma applied twice",
    ),
    "C54_conv_net_init_conv_shrinks_input": (
        "right",
        "states W2's rule (pooled size of an unshrunk conv output); strict miss",
    ),
    "C55_conv_net_init_input_channels_for_filters": ("right", ""),
    "C56_conv_net_loss_reg_gradient_halved": ("right", ""),
}

# Set D's reading was written by the lead after the first run (18:42).
READING_D = {
    "D01_affine_forward_elementwise_product": ("right", ""),
    "D02_affine_backward_dx_transposed_then_reshaped": ("right", ""),
    "D03_relu_forward_flattened": (
        "undetected",
        "check gap: relu_forward checked on 2-D inputs only",
    ),
    "D04_relu_backward_boolean_indexing": ("partial", "only the two shapes"),
    "D05_softmax_loss_without_minus_sign": ("right", ""),
    "D06_softmax_dx_divided_before_minus_one": (
        "right",
        "names the correct class's term; strict miss",
    ),
    "D07_svm_dx_not_averaged": ("right", ""),
    "D08_svm_correct_scores_not_a_column": (
        "partial",
        "the broadcast's shapes, not a column for the correct scores",
    ),
    "D09_svm_counts_zero_margins": ("partial", "a checklist"),
    "D10_sgd_momentum_without_learning_rate": ("right", ""),
    "D11_sgd_momentum_step_with_old_velocity": ("right", ""),
    "D12_rmsprop_cache_not_written_back": ("right", ""),
    "D13_rmsprop_cache_plus_equals": (
        "partial",
        "'check the weights of the decaying average', not += for =",
    ),
    "D14_adam_v_of_dw_not_squared": ("right", ""),
    "D15_adam_without_square_root_of_v": (
        "wrong",
        "bias corrections and epsilon; the square root of v_hat is missing",
    ),
    "D16_fc_init_weights_fan_out_by_fan_in": ("right", ""),
    "D17_fc_loss_reg_skips_last_layer": ("right", ""),
    "D18_fc_loss_every_layer_fed_X": (
        "none",
        "the provided layer's input check names the width; no hint",
    ),
    "D19_two_layer_init_W2_rows_from_input_dim": ("right", ""),
    "D20_two_layer_init_W2_drawn_before_W1": (
        "undetected",
        "not checked: the order of the draws (shapes and scale right)",
    ),
    "D21_two_layer_loss_reg_on_biases_too": (
        "partial",
        "'check the regularization term': not that the biases are regularized",
    ),
    "D22_bn_forward_running_stats_into_dict_overwritten": ("right", ""),
    "D23_bn_backward_dgamma_not_summed": ("right", ""),
    "D24_bn_backward_mean_path_sign": (
        "right",
        "names the mean path, where the sign is wrong; strict miss",
    ),
    "D25_bn_backward_xc_times_inv_std": (
        "partial",
        "the variance path, not xc recovered by a product",
    ),
    "D26_bn_alt_mean_form_last_term_summed": ("partial", "the variance path, not a sum for a mean"),
    "D27_bn_alt_dgamma_from_dx_hat": ("partial", "only which gradient is wrong"),
    "D28_ln_forward_unbiased_variance": ("right", ""),
    "D29_ln_backward_by_hand_without_mean_term": ("right", ""),
    "D30_ln_backward_by_hand_batch_size_for_feature_count": ("partial", "the paths, not N for D"),
    "D31_fc_loss_bn_relu_before_normalization": ("partial", "only which gradients are wrong"),
    "D32_fc_loss_ln_normalization_skipped": (
        "partial",
        "the missing gradient keys, not the forward without layernorm",
    ),
    "D33_dropout_forward_masks_x_in_place": ("right", ""),
    "D34_dropout_backward_forgets_dout": ("right", ""),
    "D35_fc_loss_dropout_on_scores_too": (
        "undetected",
        "check gap: dropout applied to the scores passes",
    ),
    "D36_conv_forward_integer_output_array": ("none", "no hint (integer output array)"),
    "D37_conv_forward_window_rows_and_cols_swapped": (
        "wrong",
        "'a window past the edge / padding': the loop variables are exchanged",
    ),
    "D38_conv_backward_dw_dout_indices_swapped": ("partial", "only which gradient is wrong"),
    "D39_max_pool_forward_output_indices_swapped": ("partial", "a checklist"),
    "D40_max_pool_forward_range_misses_last_window": ("partial", "a checklist"),
    "D41_max_pool_backward_routes_one_not_dout": ("right", ""),
    "D42_spatial_bn_forward_one_row_per_channel": ("none", "the provided input check; no hint"),
    "D43_spatial_bn_backward_dgamma_dbeta_unpacked_swapped": ("right", ""),
    "D44_groupnorm_forward_without_beta": ("right", ""),
    "D45_groupnorm_backward_without_gamma": ("right", ""),
    "D46_conv_net_init_float_pooled_size": ("right", ""),
    "D47_conv_net_loss_dscores_divided_by_N_again": (
        "partial",
        "'2 times too small' with N = 2: not N named",
    ),
    "D48_fc_init_ln_gamma_beta_keys_with_underscore": (
        "partial",
        "says missing; the keys are there with an underscore",
    ),
    "D49_dropout_forward_mask_cached_without_scale": (
        "partial",
        "points at the backward pass's 1/p; the forward cached the mask without it",
    ),
    "D50_fc_loss_dropout_on_the_input_too": (
        "undetected",
        "check gap: dropout applied to the input passes",
    ),
}

# Set E, read after its one run (2026-12-06 21:33-21:38): strict matches are 'right';
# the others were read one by one. (verdict, note)
READING_E = {
    "E01_affine_forward_bias_as_column": (
        "partial",
        "the exception hint names a broadcast of incompatible shapes at the line, not the bias",
    ),
    "E02_affine_backward_db_summed_over_classes": ("right", "strict match"),
    "E03_softmax_log_of_log_probs": ("right", "strict match"),
    "E04_softmax_dx_unnormalized_exp": ("right", "strict match"),
    "E05_softmax_logsumexp_of_unshifted_scores": ("right", "strict match"),
    "E06_svm_margin_sign_flipped": ("right", "strict match"),
    "E07_svm_dx_correct_column_for_every_row": (
        "partial",
        "loss right; lists where to look (the correct class's entry among them), not the indexing",
    ),
    "E08_sgd_momentum_learning_rate_on_both_terms": (
        "partial",
        "the velocity's gradient term has the wrong size; not that momentum multiplies it",
    ),
    "E09_rmsprop_step_added": ("right", "strict match"),
    "E10_rmsprop_decay_hard_coded": ("right", "strict match"),
    "E11_adam_m_without_one_minus_beta1": ("right", "strict match"),
    "E12_adam_betas_hard_coded_wrong_beta2": ("right", "strict match"),
    "E13_two_layer_init_b1_sized_by_input": ("right", "strict match"),
    "E14_two_layer_init_uniform_rand": ("right", "strict match"),
    "E15_two_layer_reg_divided_by_batch": (
        "partial",
        "dW off by a multiple of W (the L2 gradient); nothing of the loss divided by N",
    ),
    "E16_two_layer_backward_w2_b2_unpacked_swapped": (
        "partial",
        "a shape mismatch at grads[name] += ...; true, but not the swapped unpacking",
    ),
    "E17_fc_init_bias_sized_by_fan_in": ("right", "strict match"),
    "E18_fc_init_weight_scale_as_variance": ("right", "strict match"),
    "E19_fc_loss_last_backward_with_hidden_cache": ("right", "strict match"),
    "E20_fc_loss_every_layer_fed_x": (
        "none",
        "the ValueError of the affine layer's input check, no hint",
    ),
    "E21_bn_forward_running_var_unbiased": ("right", "strict match"),
    "E22_bn_forward_beta_inside_gamma_product": ("right", "strict match"),
    "E23_bn_forward_statistics_per_example": ("right", "strict match"),
    "E24_bn_backward_dmean_averaged": (
        "right",
        "names the term through the batch mean (the mean path)",
    ),
    "E25_bn_backward_dinv_std_with_x_hat": (
        "right",
        "names the term through the batch variance (the variance path)",
    ),
    "E26_bn_backward_divides_by_inv_std": ("partial", "only which gradients are wrong"),
    "E27_bn_alt_without_n_times_dx_hat": ("partial", "only which gradients are wrong"),
    "E28_bn_alt_sums_without_gamma": ("right", "strict match"),
    "E29_ln_forward_variance_over_batch": ("right", "strict match"),
    "E30_ln_forward_gamma_beta_as_columns": ("right", "strict match"),
    "E31_ln_backward_gamma_given_to_batchnorm": (
        "partial",
        "strict match on a shape sentence (gamma vs dout), not how gamma is to be applied",
    ),
    "E32_ln_backward_ones_of_feature_length": ("right", "strict match"),
    "E33_fc_init_gamma_beta_on_last_layer_too": ("right", "strict match"),
    "E34_fc_init_beta_random": ("right", "strict match"),
    "E35_fc_loss_bn_param_index_off_by_one": ("none", "IndexError in loss, no hint"),
    "E36_fc_loss_bn_gamma_beta_arguments_swapped": ("right", "strict match"),
    "E37_dropout_forward_scale_one_minus_p": ("right", "strict match"),
    "E38_dropout_forward_one_mask_for_batch": (
        "wrong",
        "blames p as the drop probability; the cause is one mask shared by every example",
    ),
    "E39_dropout_backward_draws_a_new_mask": ("none", "a relative error only"),
    "E40_fc_loss_dropout_backward_after_layer_backward": ("right", "strict match"),
    "E41_fc_loss_dropout_backward_reuses_last_mask": (
        "right",
        "a layer's backward got a dout and a cache of different layers: the wrong cache",
    ),
    "E42_conv_forward_pad_only_after": ("right", "strict match"),
    "E43_conv_forward_window_size_from_stride": ("right", "strict match"),
    "E44_conv_forward_loops_over_input_size": ("right", "strict match"),
    "E45_conv_backward_crop_with_negative_pad": (
        "undetected",
        "check gap: conv_backward_naive is not checked with pad 0",
    ),
    "E46_conv_backward_db_over_filters": ("right", "strict match"),
    "E47_conv_backward_dx_from_x_not_w": (
        "partial",
        "strict match, but only which gradients are wrong",
    ),
    "E48_max_pool_forward_max_over_wrong_axes": (
        "partial",
        "strict match on a shape sentence at the line; not which axes the max should take",
    ),
    "E49_max_pool_forward_output_like_input": ("right", "strict match"),
    "E50_max_pool_backward_row_col_from_mod_div_swapped": ("right", "strict match"),
    "E51_max_pool_backward_dx_like_dout": (
        "wrong",
        "blames window indices running past the input; the cause is dx allocated with dout's shape",
    ),
    "E52_spatial_bn_forward_transpose_h_w_swapped": ("right", "strict match"),
    "E53_spatial_bn_backward_transpose_h_w_swapped": ("partial", "only which gradients are wrong"),
    "E54_groupnorm_forward_groups_across_batch": (
        "partial",
        "restates how groups are formed per example, without saying the batch is mixed in",
    ),
    "E55_groupnorm_forward_x_hat_back_channels_last": ("right", "strict match"),
    "E56_groupnorm_backward_dgamma_times_gamma": (
        "partial",
        "strict match, but only which gradients are wrong",
    ),
    "E57_conv_net_init_pooled_size_without_filters": ("right", "strict match"),
    "E58_conv_net_init_b2_sized_by_pooled_input": ("right", "strict match"),
    "E59_conv_net_reg_skips_conv_filters": ("right", "strict match"),
    "E60_conv_net_hidden_backward_without_relu": ("right", "strict match"),
}
READING_F = {
    "F01_affine_forward_flatten_hard_coded_4d": (
        "undetected",
        "check gap: affine_forward is checked on 4-d inputs only",
    ),
    "F02_affine_backward_dw_reshape_instead_of_transpose": (
        "partial",
        "only which gradient is wrong",
    ),
    "F03_relu_forward_python_if_on_array": (
        "right",
        "an if given an array decides once for the whole array",
    ),
    "F04_relu_backward_operator_precedence": (
        "partial",
        "dx does not follow the mask; not the precedence",
    ),
    "F05_softmax_N_from_number_of_classes": (
        "partial",
        "a generic sentence on incompatible shapes",
    ),
    "F06_svm_delta_added_outside_max": (
        "right",
        "checklist naming the margin and negative margins as 0",
    ),
    "F07_svm_dx_uses_margin_values_not_indicator": (
        "partial",
        "a checklist; not that dx takes the margins' values",
    ),
    "F08_sgd_momentum_updates_w_in_place": (
        "undetected",
        "check gap: w changed in place is not seen",
    ),
    "F09_rmsprop_caret_for_power": ("none", "TypeError of bitwise_xor, no hint"),
    "F10_rmsprop_step_without_dw": ("partial", "the step is wrong (a checklist without dw)"),
    "F11_adam_t_incremented_after_use": (
        "right",
        "names the bias corrections with the incremented t",
    ),
    "F12_adam_v_correction_without_sqrt": (
        "right",
        "names the square root of the corrected v among the step's parts",
    ),
    "F13_two_layer_init_randn_with_tuple": ("right", ""),
    "F14_two_layer_reg_gradient_doubled": ("right", ""),
    "F15_two_layer_first_layer_backward_gets_dscores": (
        "right",
        "a dout of another layer (as E41)",
    ),
    "F16_fc_init_dims_index_off_by_one": ("right", "the index runs past the list"),
    "F17_fc_init_reseeds_the_generator": (
        "undetected",
        "check gap: reseeding in __init__ is not seen",
    ),
    "F18_fc_loss_reg_uses_last_weight_for_every_layer": (
        "partial",
        "strict match on the name grads[f'W{i}'] in a shape sentence; not the weight used",
    ),
    "F19_fc_loss_hidden_backward_does_not_pass_dx_on": ("right", "a dout of another layer"),
    "F20_fc_loss_gamma_indexed_without_get": (
        "partial",
        "a name missing from a dict; not that it exists only with normalization",
    ),
    "F21_bn_forward_x_hat_precedence": ("partial", "out is not centred; not the precedence"),
    "F22_bn_forward_test_multiplies_by_std": ("partial", "only test mode is wrong"),
    "F23_bn_forward_keepdims_changes_running_shape": (
        "right",
        "the running mean's extra dimension, (1, 3) for (3,)",
    ),
    "F24_bn_backward_dvar_sign": ("right", ""),
    "F25_bn_backward_variance_path_overwrites_dxc": (
        "right",
        "the term straight through x_hat is missing (it was overwritten)",
    ),
    "F26_bn_backward_N_from_features": ("partial", "the mean and variance terms are wrong; not N"),
    "F27_bn_forward_caches_std_for_backward": (
        "partial",
        "a per-feature factor of 1/sqrt(var + eps); not std cached for inv_std",
    ),
    "F28_bn_alt_parenthesis_closes_early": ("right", "names the variance term as the wrong one"),
    "F29_bn_alt_sum_of_x_hat_typo": ("right", "names the mean term as missing (x_hat sums to 0)"),
    "F30_ln_forward_divides_by_inv_std": ("none", "no hint"),
    "F31_ln_forward_std_inside_sqrt": ("right", ""),
    "F32_ln_backward_inv_std_not_transposed": (
        "partial",
        "a generic sentence on incompatible shapes",
    ),
    "F33_fc_init_bn_gamma_beta_same_array": (
        "partial",
        "beta must start at zeros; not the shared array",
    ),
    "F34_fc_init_bn_no_bias_for_normalized_layers": ("right", ""),
    "F35_fc_init_ln_gamma_ones_like_int": ("right", ""),
    "F36_fc_loss_bn_param_copied": (
        "undetected",
        "check gap: self.bn_params' running averages are not checked",
    ),
    "F37_fc_loss_ln_treated_as_batchnorm": ("none", "a provided check's ValueError, no hint"),
    "F38_dropout_forward_floor_division_by_p": (
        "partial",
        "the kept units are not x / p; not the floor division",
    ),
    "F39_dropout_backward_matrix_product": ("none", "a relative error only"),
    "F40_fc_loss_dropout_backward_given_layer_pair": ("none", "numpy's ValueError, no hint"),
    "F41_conv_forward_window_end_without_stride": (
        "right",
        "a window cut short; the stride in its checklist (as E42-E44)",
    ),
    "F42_conv_forward_adds_whole_bias_vector": ("none", "numpy's ValueError, no hint"),
    "F43_conv_forward_edge_padding": ("none", "a relative error only"),
    "F44_conv_backward_dx_buffer_without_padding": (
        "partial",
        "strict match on the name dx_pad in a shape sentence; not the unpadded buffer",
    ),
    "F45_conv_backward_dw_without_filter_index": ("partial", "only which gradient is wrong"),
    "F46_conv_backward_crop_with_output_size": ("right", ""),
    "F47_max_pool_forward_np_maximum_as_reduction": ("none", "TypeError, no hint"),
    "F48_max_pool_forward_argmax_instead_of_max": (
        "partial",
        "out is not the window maximum (a checklist); not argmax",
    ),
    "F49_max_pool_backward_meshgrid_xy_indexing": (
        "partial",
        "a generic sentence on incompatible shapes",
    ),
    "F50_max_pool_backward_slices_for_batch_and_channel": ("none", "a relative error only"),
    "F51_spatial_bn_forward_reshape_by_last_axis_of_x": (
        "none",
        "a provided check's ValueError, no hint",
    ),
    "F52_spatial_bn_backward_dgamma_groupnorm_shape": (
        "right",
        "dgamma needs one entry per channel (as E46)",
    ),
    "F53_groupnorm_forward_x_hat_not_reshaped_back": (
        "partial",
        "strict match on 'shape' in a bare shape sentence",
    ),
    "F54_groupnorm_forward_group_size_from_rows": (
        "none",
        "a provided check's ValueError, no hint",
    ),
    "F55_groupnorm_backward_through_batchnorm_alt": ("partial", "only which gradient is wrong"),
    "F56_groupnorm_backward_dx_hat_not_grouped": ("right", ""),
    "F57_conv_net_init_filters_without_channels": ("right", "names the missing C in W1's shape"),
    "F58_conv_net_init_height_used_for_width": ("right", "names (H / 2) * (W / 2) (as E57)"),
    "F59_conv_net_conv_and_pool_params_swapped": ("none", "a provided check's ValueError, no hint"),
    "F60_conv_net_flattened_pool_output_not_unflattened": (
        "none",
        "a fast layer's ValueError, no hint",
    ),
}

READING_G = {
    "G01_affine_forward_flatten_fortran_order": (
        "wrong",
        "a constant offset (a missing term) is named; the cause is a flatten in Fortran order",
    ),
    "G02_affine_backward_db_mean": ("right", ""),
    "G03_affine_backward_dw_transpose_before_flatten": ("partial", "only which gradient is wrong"),
    "G04_relu_forward_sigmoid": ("none", "a relative error only"),
    "G05_relu_backward_sign_of_x": ("right", ""),
    "G06_softmax_dx_indices_swapped": (
        "partial",
        "an index past the end of an axis; not the swapped indices",
    ),
    "G07_softmax_loss_divided_by_N_twice": ("right", "the loss divided by N once"),
    "G08_softmax_normalizer_without_log": ("right", "checklist naming the normalization per row"),
    "G09_svm_delta_subtracted": (
        "wrong",
        "asks whether the loss reads an array changed in place; the cause is delta subtracted",
    ),
    "G10_svm_count_summed_over_batch": ("partial", "a shape sentence at the line"),
    "G11_svm_indicator_cast_to_int": ("right", ""),
    "G12_sgd_momentum_gradient_damped_by_one_minus_mu": (
        "partial",
        "the velocity's gradient term has the wrong size (as E08); not the (1 - momentum)",
    ),
    "G13_rmsprop_one_global_rms": ("partial", "a checklist of the step"),
    "G14_rmsprop_square_of_average": ("right", "the cache must average dw squared"),
    "G15_adam_first_moment_of_squared_gradient": ("right", "m must average the gradient dw"),
    "G16_adam_bias_correction_power_of_one_minus_beta1": (
        "right",
        "names the bias corrections 1 - beta1**t among the step's parts",
    ),
    "G17_fc_init_weights_clipped": (
        "undetected",
        "check gap: clipped draws pass the init statistics",
    ),
    "G18_fc_init_bias_small_constant": ("right", ""),
    "G19_fc_loss_reg_with_matrix_product": (
        "partial",
        "the regularization loss is wrong; not the matrix product",
    ),
    "G20_fc_loss_backward_loop_skips_first_layer": (
        "partial",
        "a name missing from grads; not the loop's range",
    ),
    "G21_two_layer_init_scale_hard_coded": ("right", ""),
    "G22_two_layer_loss_scores_with_b1": ("none", "a provided check's ValueError, no hint"),
    "G23_two_layer_loss_l1_penalty": ("partial", "only which outputs are wrong"),
    "G24_bn_forward_var_minus_mean_not_squared": ("right", "checklist naming the variance"),
    "G25_bn_forward_test_uses_batch_variance": ("right", ""),
    "G26_bn_forward_train_centered_by_running_mean": (
        "partial",
        "true (the running mean starts at 0) but says the mean is not subtracted",
    ),
    "G27_bn_backward_variance_path_without_1_over_N": ("right", ""),
    "G28_bn_backward_dgamma_from_dx_hat": ("right", ""),
    "G29_bn_alt_first_term_uses_dout": (
        "right",
        "names the term straight through x_hat and its factor",
    ),
    "G30_bn_alt_last_term_sign": ("right", ""),
    "G31_ln_forward_uncentered_second_moment": ("none", "no hint"),
    "G32_ln_forward_l2_norm_as_std": ("none", "no hint"),
    "G33_ln_backward_dgamma_averaged": ("partial", "4 times too small, without naming the average"),
    "G34_ln_backward_ones_shaped_like_inv_std": ("right", ""),
    "G35_fc_init_bn_gamma_times_weight_scale": ("right", ""),
    "G36_fc_init_ln_gamma_row_vector": ("right", ""),
    "G37_fc_loss_bn_skipped_at_test_time": ("right", ""),
    "G38_fc_loss_ln_param_only_for_batchnorm": ("right", ""),
    "G39_dropout_forward_scaled_by_empirical_keep_rate": ("right", "the kept units must be x / p"),
    "G40_dropout_backward_complement_of_mask": ("none", "a relative error only"),
    "G41_fc_loss_dropout_scaled_again_at_test": (
        "partial",
        "strict match on 'test time'; not that test time scales by p again",
    ),
    "G42_conv_forward_matmul_of_window": ("right", "names the matrix product"),
    "G43_conv_forward_channel_indexed_by_filter": (
        "partial",
        "an offset along axis 0; not the channel indexed by f",
    ),
    "G44_conv_forward_padding_counted_once": ("right", ""),
    "G45_conv_backward_dx_assigned_not_accumulated": ("partial", "only which gradient is wrong"),
    "G46_conv_backward_filter_size_from_first_axes": ("partial", "a shape sentence at the line"),
    "G47_conv_backward_db_spatial_mean": ("partial", "a factor, not the average over positions"),
    "G48_max_pool_forward_max_over_channels": (
        "partial",
        "strict match on 'axis' in a shape sentence at the line (as E48)",
    ),
    "G49_max_pool_forward_output_size_by_pool_size": ("right", ""),
    "G50_max_pool_backward_offset_without_stride": ("none", "a relative error only"),
    "G51_max_pool_backward_dout_indices_swapped": (
        "partial",
        "an index past the input, rows with pool_height; not dout read at [j, i]",
    ),
    "G52_spatial_bn_forward_rows_by_reshape_c_first": (
        "partial",
        "the running mean is wrong; not the scrambling reshape",
    ),
    "G53_spatial_bn_backward_shape_unpacked_channels_last": ("partial", "a shape sentence"),
    "G54_groupnorm_forward_interleaved_groups": ("right", ""),
    "G55_groupnorm_backward_dgamma_over_batch_only": ("right", ""),
    "G56_conv_net_init_W3_transposed": ("right", ""),
    "G57_conv_net_init_b2_sized_by_classes": ("right", ""),
    "G58_conv_net_init_pooled_size_assumes_square": ("right", ""),
    "G59_conv_net_loss_conv_param_as_pool_param": ("right", ""),
    "G60_conv_net_loss_last_backward_with_hidden_cache": (
        "right",
        "a cache made by another function (as E60)",
    ),
}

# Set H's reading was written by the lead after its second run (on d2f440d, 03:45-03:51), the run
# the README reports; the first run (on b7d7a59, before this session's engine changes) is
# reported by its strict count only.
READING_H = {
    "H01_affine_forward_output_cast_to_float32": (
        "none",
        "FAILED on the dtype requirement (the FAIL line names it); no hint line",
    ),
    "H02_affine_forward_bias_added_to_weights": ("none", ""),
    "H03_affine_backward_dw_outer_of_batch_sums": ("partial", "only which gradient is wrong"),
    "H04_relu_forward_np_minimum": (
        "right",
        "out nonzero exactly where it must be zero and zero where not: the inverted max",
    ),
    "H05_relu_backward_where_passes_x": ("right", ""),
    "H06_softmax_loss_from_shifted_scores": ("right", "checklist naming the normalization per row"),
    "H07_softmax_scores_clipped_not_shifted": (
        "partial",
        "only the scores of spread 100 are wrong; not the clipping",
    ),
    "H08_svm_loss_largest_margin_only": (
        "partial",
        "a checklist of the loss; not the max over classes",
    ),
    "H09_svm_margins_against_max_score": (
        "partial",
        "a checklist; not the max score taken for the correct one",
    ),
    "H10_sgd_momentum_nesterov_update": (
        "right",
        "the step adds the new velocity to w (next_w = w + v)",
    ),
    "H11_rmsprop_multiplies_by_rms": (
        "partial",
        "a checklist of the step; not multiply for divide",
    ),
    "H12_adam_t_starts_at_one": (
        "partial",
        "config['t'] is wrong and the incremented t; not where t starts",
    ),
    "H13_adam_first_moment_corrected_with_beta2": (
        "right",
        "names the bias corrections 1 - beta1**t among the step's parts",
    ),
    "H14_fc_init_params_cast_to_float32": ("right", ""),
    "H15_fc_loss_grad_keys_numbered_from_the_end": (
        "partial",
        "a shape sentence at the line; not the numbering",
    ),
    "H16_fc_loss_forward_loop_stops_one_layer_early": ("none", ""),
    "H17_fc_loss_reg_reads_gradient_not_weight": (
        "partial",
        "the regularization loss is wrong; not the gradient read for the weight",
    ),
    "H18_two_layer_init_b1_zeros_like_int": ("right", ""),
    "H19_two_layer_loss_reg_missing_from_loss": ("right", ""),
    "H20_softmax_log_of_mean_probability": (
        "wrong",
        "the loss checklist names the average, but the dx line names per-row normalization"
        " (dx is compared with the numeric gradient of the wrong loss)",
    ),
    "H21_svm_zeroes_label_columns_for_all_rows": (
        "partial",
        "the loss checklist; not the label columns zeroed for every row",
    ),
    "H22_sgd_momentum_velocity_zeros_of_first_axis": (
        "wrong",
        "an exception hint at the line names config['learning_rate'] as the (4,) operand;"
        " it is the velocity",
    ),
    "H23_bn_forward_running_var_starts_at_one": (
        "wrong",
        "says to check the running average's weights; the FAIL line says it must start at 0",
    ),
    "H24_bn_forward_momentum_hard_coded": ("right", ""),
    "H25_bn_forward_running_mean_of_output": ("right", ""),
    "H26_bn_backward_dbeta_over_features": ("right", ""),
    "H27_bn_backward_dx_hat_scaled_in_place": (
        "partial",
        "the variance term off by inv_std, put down to x_hat for x - mean;"
        " the cause is dx_hat scaled in place",
    ),
    "H28_bn_backward_dinv_std_summed_over_everything": (
        "partial",
        "the variance term is wrong; not the sum over everything",
    ),
    "H29_bn_forward_caches_beta_for_gamma": (
        "right",
        "gamma missing or applied twice (beta stands in for gamma)",
    ),
    "H30_bn_alt_last_term_mean": ("right", ""),
    "H31_bn_alt_N_from_dout_size": ("partial", "the variance and mean terms are wrong; not N"),
    "H32_ln_forward_eps_outside_sqrt": ("none", ""),
    "H33_ln_backward_gamma_after_transpose": ("right", ""),
    "H34_ln_backward_reshape_instead_of_transpose": ("partial", "only which gradient is wrong"),
    "H35_fc_init_bn_gamma_sized_by_first_hidden_layer": ("right", ""),
    "H36_fc_init_ln_gamma_shaped_like_weights": ("right", ""),
    "H37_fc_loss_bn_train_and_test_modes_reversed": (
        "partial",
        "the cache is None (a consequence of test mode at train time)",
    ),
    "H38_fc_loss_ln_grad_names_only_for_batchnorm": ("right", ""),
    "H39_dropout_forward_mode_tested_for_truth": ("right", ""),
    "H40_dropout_backward_cache_unpacked_in_wrong_order": ("none", ""),
    "H41_fc_loss_dropout_mode_never_set": ("right", ""),
    "H42_fc_init_dropout_seed_not_stored": ("none", ""),
    "H43_conv_forward_output_height_without_plus_one": ("right", ""),
    "H44_conv_forward_window_from_unpadded_x": ("right", ""),
    "H45_conv_forward_loop_steps_by_stride": (
        "partial",
        "a factor per entry; not the loops stepping by the stride",
    ),
    "H46_conv_backward_dx_rows_and_cols_swapped": (
        "right",
        "shape sentence at the line with cols and rows swapped",
    ),
    "H47_conv_backward_dx_uses_dw": ("right", ""),
    "H48_conv_backward_stride_and_pad_unpacked_swapped": (
        "partial",
        "only which gradients are wrong",
    ),
    "H49_max_pool_forward_window_one_too_large": (
        "right",
        "names the window's size pool_height x pool_width",
    ),
    "H50_max_pool_backward_argmax_of_dx_window": ("none", ""),
    "H51_spatial_bn_forward_rows_transposed_back": ("right", ""),
    "H52_spatial_bn_backward_dgamma_dbeta_averaged_over_positions": (
        "right",
        "20 = H * W times too small",
    ),
    "H53_groupnorm_forward_gamma_flattened": ("right", ""),
    "H54_groupnorm_backward_dbeta_batch_mean": ("right", ""),
    "H55_groupnorm_backward_gamma_applied_after": ("partial", "only which gradient is wrong"),
    "H56_conv_net_init_pooled_size_halved_once": ("right", ""),
    "H57_conv_net_init_b1_as_column": ("right", ""),
    "H58_conv_net_loss_even_filter_padding_top_left": (
        "undetected",
        "check gap: only the hidden grader sees it",
    ),
    "H59_conv_net_loss_pad_filter_size_halved": (
        "none",
        "FAILED on the filter-size-4 case (an exception), no hint",
    ),
    "H60_conv_net_loss_filter_size_from_channel_axis": (
        "none",
        "FAILED on the filter-size-4 case (an exception), no hint",
    ),
}

# Set I's reading was written by the lead after its first run (on ebfe6a7, 04:14-04:17).
READING_I = {
    "I01_affine_forward_bias_averaged": (
        "partial",
        "names the bias (missing, twice, wrong sign), not its mean taken",
    ),
    "I02_affine_backward_dx_with_pseudo_inverse": ("partial", "only which gradient is wrong"),
    "I03_affine_backward_dw_from_clipped_dout": ("partial", "only which gradient is wrong"),
    "I04_relu_forward_abs": ("right", ""),
    "I05_relu_backward_leaky_gradient": ("right", "the gradient let through where x <= 0"),
    "I06_softmax_loss_log_of_probs_plus_eps": (
        "partial",
        "the loss checklist; not the eps inside the log",
    ),
    "I07_softmax_loss_dx_times_one_minus_p": ("partial", "a checklist of dx; not p * (1 - p)"),
    "I08_svm_loss_squared_hinge": ("partial", "the loss checklist; not the squared margins"),
    "I09_sgd_momentum_velocity_unused": (
        "partial",
        "next_w is off by a multiple of the old velocity, worded as the velocity being off",
    ),
    "I10_sgd_momentum_sign_of_gradient": ("partial", "only which outputs are wrong"),
    "I11_rmsprop_cache_of_centered_gradient": ("right", "the cache must average dw squared"),
    "I12_rmsprop_cache_bias_corrected": (
        "partial",
        "a checklist of the step; not the correction RMSProp does not have",
    ),
    "I13_adam_v_from_squared_m": ("right", ""),
    "I14_adam_step_divided_by_v_correction": (
        "right",
        "names the bias corrections among the step's parts",
    ),
    "I15_two_layer_init_divided_by_weight_scale": ("right", ""),
    "I16_two_layer_reg_gradient_w_squared": ("right", "the regularization's gradient"),
    "I17_two_layer_relu_applied_to_upstream_gradient": (
        "right",
        "the ReLU's mask in the backward pass",
    ),
    "I18_fc_init_hidden_dims_reversed": (
        "partial",
        "a shape sentence; not the reversed hidden sizes",
    ),
    "I19_fc_init_weights_all_positive": ("right", "the weights are not centered on 0"),
    "I20_fc_loss_input_centered_in_model": ("undetected", "check gap"),
    "I21_fc_loss_caches_list_rebuilt_each_layer": ("right", "caches holds one entry"),
    "I22_fc_loss_reg_gradient_sign": ("right", "the regularization's gradient"),
    "I23_bn_forward_median_for_mean": ("right", "the mean subtracted"),
    "I24_bn_backward_dmean_from_dx_hat": ("right", "the term through the batch mean"),
    "I25_bn_backward_variance_path_with_x_hat": ("right", ""),
    "I26_bn_backward_dx_hat_times_inv_std": ("right", "1/sqrt(var + eps) applied twice"),
    "I27_bn_alt_third_term_without_x_hat": ("right", ""),
    "I28_bn_alt_dx_times_gamma_again": ("right", ""),
    "I29_bn_alt_dbeta_times_gamma": ("right", ""),
    "I30_ln_forward_global_mean": ("right", ""),
    "I31_ln_backward_dgamma_times_gamma": ("right", ""),
    "I32_ln_backward_dx_times_inv_std_again": ("right", ""),
    "I33_fc_init_bn_gamma_random": ("right", ""),
    "I34_fc_init_ln_gamma_beta_values_swapped": ("right", ""),
    "I35_fc_loss_bn_params_indexed_from_the_end": ("undetected", "check gap"),
    "I36_fc_loss_ln_last_hidden_layer_not_normalized": (
        "partial",
        "gamma2 and beta2 get no gradient (a consequence); not the layer left unnormalized",
    ),
    "I37_dropout_forward_mask_per_example": (
        "wrong",
        "says p is the keep probability; the cause is one random number per example",
    ),
    "I38_dropout_forward_output_not_rescaled": ("right", ""),
    "I39_dropout_backward_scaled_by_drop_probability": (
        "partial",
        "dx is 4 times too small; not the 1 / (1 - p)",
    ),
    "I40_fc_loss_dropout_skipped_on_last_hidden_layer": (
        "partial",
        "the cache is None (a consequence)",
    ),
    "I41_conv_forward_mean_not_sum": ("none", ""),
    "I42_conv_forward_output_size_without_filter": (
        "right",
        "the window checklist names the output size",
    ),
    "I43_conv_forward_width_not_padded": ("right", "the window checklist names the padding"),
    "I44_conv_backward_dx_buffer_starts_from_x": ("partial", "only which gradient is wrong"),
    "I45_conv_backward_db_averaged_over_batch": ("right", ""),
    "I46_conv_backward_dw_divided_by_n": ("right", ""),
    "I47_max_pool_forward_max_of_abs": (
        "partial",
        "a checklist of the window's maximum; not the absolute value",
    ),
    "I48_max_pool_forward_float32_output": ("undetected", "check gap"),
    "I49_max_pool_backward_divided_by_pool_size": ("none", ""),
    "I50_max_pool_backward_scaled_by_max_value": ("none", ""),
    "I51_spatial_bn_forward_rows_precentered_globally": (
        "partial",
        "the running mean is wrong; not the global centering",
    ),
    "I52_spatial_bn_forward_layernorm_on_rows": (
        "partial",
        "hand bn_param to batchnorm_forward (implies it), not named as layernorm used",
    ),
    "I53_spatial_bn_backward_dout_rows_reshaped_channels_first": ("none", ""),
    "I54_groupnorm_forward_beta_inside_parentheses": ("right", ""),
    "I55_groupnorm_forward_eps_hard_coded": ("undetected", "check gap"),
    "I56_groupnorm_backward_gamma_on_grouped_dout": ("partial", "the generic broadcast sentence"),
    "I57_groupnorm_backward_statistics_treated_as_constants": (
        "partial",
        "only which gradient is wrong",
    ),
    "I58_conv_net_init_he_scale_for_w3": ("right", ""),
    "I59_conv_net_scores_shifted_by_max": ("undetected", "check gap"),
    "I60_conv_net_reg_mean_of_squares": ("right", ""),
}

READING_J = {
    "J01_affine_forward_relu_inside": ("undetected", "check gap (closed after this run)"),
    "J02_affine_backward_dw_plus_w": ("partial", "only which gradient is wrong"),
    "J03_affine_backward_dx_relu_masked": (
        "partial",
        "dx zero at some entries; not the ReLU mask inside the affine layer",
    ),
    "J04_relu_forward_softplus": ("right", "another activation changes both sides"),
    "J05_relu_backward_sigmoid_derivative": ("right", "dx does not follow ReLU's mask"),
    "J06_softmax_log_parenthesis_misplaced": (
        "partial",
        "the loss checklist; not the log taken before the sum",
    ),
    "J07_softmax_dx_from_log_probs": (
        "partial",
        "a checklist of dx (the probabilities it starts from); not the missing exp",
    ),
    "J08_svm_dx_count_with_keepdims": (
        "right",
        "the count's value has shape (50, 50) where (50,) belongs",
    ),
    "J09_svm_dx_count_includes_correct_class": (
        "right",
        "wrong only at the correct class, as many terms as positive margins",
    ),
    "J10_sgd_momentum_gradient_applied_twice": (
        "right",
        "next_w off by exactly -learning_rate * dw: the gradient step again",
    ),
    "J11_sgd_momentum_default_momentum_wrong": (
        "right",
        "the momentum weighing the old velocity is wrong",
    ),
    "J12_rmsprop_cache_of_weights": ("right", "the cache must average dw squared"),
    "J13_adam_step_with_raw_gradient": ("partial", "a checklist of the step; not m replaced by dw"),
    "J14_adam_m_not_stored": ("right", "config['m'] keeps its old value"),
    "J15_fc_init_weight_scale_forgotten": ("right", ""),
    "J16_fc_loss_backward_loop_reaches_zero": (
        "partial",
        "a backward step gets another layer's dout; not the loop one step too long",
    ),
    "J17_fc_loss_reg_assigned_not_added": (
        "partial",
        "the loss and its regularization are wrong; not = for +=",
    ),
    "J18_fc_loss_reg_loop_from_zero": (
        "right",
        "the parameters are numbered from 1 (the first hint's range is the wrong loop)",
    ),
    "J19_two_layer_init_W1_zeros": ("right", "the weights' std is not weight_scale"),
    "J20_two_layer_init_b2_sized_by_hidden": ("right", ""),
    "J21_two_layer_second_layer_fed_pre_activation": ("none", ""),
    "J22_two_layer_reg_bare_name": ("none", "NameError without a hint"),
    "J23_bn_forward_var_is_std": ("right", ""),
    "J24_bn_forward_running_mean_without_one_minus_momentum": (
        "right",
        "the running mean's weights",
    ),
    "J25_bn_backward_uses_uncached_var": ("none", "NameError without a hint"),
    "J26_bn_backward_dvar_without_upstream": ("right", "the term through the batch variance"),
    "J27_bn_alt_last_sum_over_everything": (
        "right",
        "the term through the batch variance (not its axis)",
    ),
    "J28_bn_alt_n_minus_one": ("right", "a factor N/(N-1)"),
    "J29_ln_forward_var_without_keepdims": ("right", "x - mean (4, 3) against inv_std (4,)"),
    "J30_ln_backward_dout_not_transposed": ("right", ""),
    "J31_fc_init_bn_weights_unscaled": ("right", ""),
    "J32_fc_init_ln_condition_inverted": ("right", "gamma and beta missing with layernorm"),
    "J33_fc_loss_bn_mode_loop_skips_last": ("right", "every bn_param's mode must be 'test'"),
    "J34_fc_loss_bn_mode_set_only_with_dropout": ("right", "every bn_param's mode must be 'test'"),
    "J35_fc_loss_ln_gamma_passed_as_beta": ("partial", "only which gradients are wrong"),
    "J36_fc_init_ln_params_one_short": ("right", "bn_params has one entry too few"),
    "J37_dropout_forward_test_scaled_by_p": ("right", ""),
    "J38_dropout_backward_ignores_mask": ("right", ""),
    "J39_fc_use_dropout_only_old_name": ("right", "dropout never applied"),
    "J40_fc_loss_dropout_backward_skips_first_layer": (
        "right",
        "the backward pass must go through dropout_backward for each layer",
    ),
    "J41_conv_forward_all_filters_summed": ("right", ""),
    "J42_conv_forward_pad_on_batch_and_channel_axes": ("right", ""),
    "J43_conv_backward_shape_from_x": (
        "partial",
        "an index past an axis: which size belongs to which axis",
    ),
    "J44_conv_backward_dw_from_all_filters_gradient": ("right", ""),
    "J45_max_pool_forward_window_start_by_pool_size": (
        "none",
        "ValueError of an empty window without a hint",
    ),
    "J46_max_pool_forward_keepdims": ("right", ""),
    "J47_max_pool_backward_argmax_tuple_axis": ("none", "TypeError of argmax without a hint"),
    "J48_max_pool_backward_offset_by_pool_size": ("right", "windows start every stride pixels"),
    "J49_spatial_bn_forward_reshape_back_h_w_swapped": (
        "wrong",
        "read as a test-mode error; the positions are scrambled (fixed after this run)",
    ),
    "J50_spatial_bn_backward_rows_transposed_before_reshape": ("right", ""),
    "J51_groupnorm_forward_rows_of_group_size": ("right", ""),
    "J52_groupnorm_forward_gamma_into_layernorm": (
        "none",
        "the layer's own input check names the shapes; no hint",
    ),
    "J53_groupnorm_backward_channels_last_before_grouping": (
        "partial",
        "only which gradient is wrong",
    ),
    "J54_conv_net_init_pooled_size_ignores_even_padding": (
        "undetected",
        "check gap (closed after this run)",
    ),
    "J55_conv_net_init_b3_sized_by_hidden": ("right", ""),
    "J56_conv_net_init_input_dim_channels_last": (
        "none",
        "the model's own check names input_dim; no hint",
    ),
    "J57_conv_net_pool_stride_one": ("right", ""),
    "J58_conv_net_even_filter_parity_inverted": ("right", ""),
    "J59_conv_net_even_padding_wrong_axes": (
        "none",
        "the conv's own check names the channels; no hint",
    ),
    "J60_conv_backward_dx_buffer_shared_slice": ("partial", "only which gradient is wrong"),
}

READING_K = {
    "K01_affine_forward_bias_subtracted": ("right", ""),
    "K02_affine_backward_dx_divided_by_batch": ("right", "dx 10 (N) times too small"),
    "K03_relu_forward_elu": ("right", "out keeps negative inputs"),
    "K04_relu_backward_mask_forgotten": ("right", "dx is dout itself: 0 where x <= 0"),
    "K05_softmax_dx_minus_one_every_row": ("right", ""),
    "K06_softmax_loss_mean_over_all_classes": (
        "partial",
        "the loss checklist (its first item: each example's correct class)",
    ),
    "K07_svm_loss_not_averaged": ("right", ""),
    "K08_sgd_momentum_velocity_reset": ("right", "the old velocity's weight wrong or missing"),
    "K09_sgd_momentum_stores_weights_as_velocity": ("right", ""),
    "K10_rmsprop_decay_from_learning_rate": (
        "partial",
        "decay_rate and 1 - decay_rate read as swapped; the cause is another config key",
    ),
    "K11_adam_betas_unpacked_swapped": ("right", "the weights of m and v"),
    "K12_adam_t_reset_every_call": (
        "partial",
        "config['t'] is wrong and a checklist of the step; not t reset",
    ),
    "K13_adam_step_ascends": ("right", ""),
    "K14_fc_init_bias_random": ("right", ""),
    "K15_fc_init_dims_last_hidden_dropped": ("right", "dims one entry short"),
    "K16_fc_loss_caches_indexed_from_end": (
        "partial",
        "a backward step gets another layer's dout; not the caches taken from the end",
    ),
    "K17_fc_loss_returns_predictions": ("right", ""),
    "K18_two_layer_init_W2_square": ("right", ""),
    "K19_two_layer_loss_second_backward_with_hidden_cache": (
        "right",
        "a cache of another function",
    ),
    "K20_two_layer_reg_loop_W1_twice": ("right", "the regularization of every weight matrix"),
    "K21_fc_init_fan_out_typo": ("right", ""),
    "K22_fc_loss_svm_instead_of_softmax": ("right", "check the softmax loss"),
    "K23_bn_forward_running_var_not_stored": ("right", ""),
    "K24_bn_forward_running_mean_restarted": (
        "partial",
        "the running mean is wrong; not restarted from zeros",
    ),
    "K25_bn_forward_test_parenthesis": (
        "partial",
        "test mode wrong: normalize as train mode does; not the parenthesis",
    ),
    "K26_bn_backward_gamma_forgotten": ("right", ""),
    "K27_bn_backward_variance_path_n_minus_one": ("right", "the term through the batch variance"),
    "K28_bn_alt_product_of_sums": ("right", "the term through the batch variance"),
    "K29_ln_forward_gamma_beta_swapped": ("right", ""),
    "K30_ln_forward_caches_x_not_x_hat": (
        "partial",
        "terms through mean and variance wrong; not x cached for x_hat",
    ),
    "K31_fc_init_bn_gamma_key_off_by_one": ("right", ""),
    "K32_fc_init_ln_beta_column": ("right", ""),
    "K33_fc_bn_params_shared_dict": ("right", ""),
    "K34_fc_loss_bn_mode_loop_rebinds": ("right", ""),
    "K35_fc_loss_ln_gamma_key_off_by_one": (
        "none",
        "the layer's own input check names the shapes; no hint",
    ),
    "K36_dropout_forward_mask_from_randn": ("undetected", "check gap"),
    "K37_dropout_backward_mode_test_inverted": (
        "wrong",
        "blames dropout_forward for a None mask; the backward pass's mode test is inverted",
    ),
    "K38_fc_use_dropout_condition_inverted": ("right", ""),
    "K39_dropout_backward_times_p": ("right", ""),
    "K40_conv_forward_column_stride_forgotten": ("none", ""),
    "K41_conv_forward_mean_over_channels": ("none", ""),
    "K42_conv_backward_dw_starts_from_w": ("right", ""),
    "K43_conv_backward_crop_top_left": ("partial", "only the padded case is wrong; not the crop"),
    "K44_conv_backward_column_stride_forgotten": ("right", ""),
    "K45_max_pool_forward_window_from_stride": ("right", "the window's size"),
    "K46_max_pool_backward_index_arrays_not_meshed": ("right", ""),
    "K47_max_pool_backward_col_by_division": ("none", ""),
    "K48_spatial_bn_forward_rows_reshape_c_first": ("right", ""),
    "K49_spatial_bn_forward_bn_param_copied": ("right", ""),
    "K50_spatial_bn_backward_dx_reshaped_directly": ("right", ""),
    "K51_groupnorm_forward_group_length_channels": ("right", ""),
    "K52_groupnorm_forward_groups_reshaped_wrong_order": ("right", ""),
    "K53_groupnorm_backward_cache_unpacked_wrong_order": (
        "partial",
        "only which gradients are wrong",
    ),
    "K54_groupnorm_backward_dgamma_over_channels": ("right", ""),
    "K55_conv_net_init_W3_weight_scale_forgotten": ("right", ""),
    "K56_conv_net_init_b1_input_channels": ("right", ""),
    "K57_conv_net_loss_no_padding": ("right", ""),
    "K58_conv_net_loss_conv_backward_given_dhidden": ("right", ""),
    "K59_conv_net_reg_times_two_not_squared": ("right", ""),
    "K60_ln_forward_mean_divided_twice": ("right", ""),
}

# Set L: run 0 (the last session's engine) and run 1 (this session's) printed the same hints for
# all 60 mistakes, so this one reading is both runs'.
READING_L = {
    "L01_affine_forward_bias_trick_ones_column_first": ("none", "no hint"),
    "L02_affine_backward_dx_w_not_transposed": ("right", ""),
    "L03_affine_backward_db_accumulated_into_view": ("right", ""),
    "L04_relu_forward_abs_trick_without_half": (
        "right",
        "out is 2 times too large (the strict phrases say doubled)",
    ),
    "L05_relu_backward_passes_gradient_at_zero": ("right", ""),
    "L06_softmax_loss_from_predicted_class": (
        "partial",
        "the loss checklist (which probability it takes)",
    ),
    "L07_softmax_dx_one_minus_p_at_label": (
        "partial",
        "wrong only at the correct class; not the sign",
    ),
    "L08_svm_zeroes_label_rows": ("partial", "the margin checklist"),
    "L09_svm_loss_per_example_vector": ("none", "the ambiguous-truth-value error, no hint"),
    "L10_sgd_momentum_hyperparameters_swapped": ("partial", "which outputs are wrong"),
    "L11_sgd_momentum_mu_key": ("none", "KeyError 'mu', no hint"),
    "L12_rmsprop_square_typo_times_two": ("right", ""),
    "L13_rmsprop_old_cache_not_decayed": ("right", "the old value without its weight (decay rate)"),
    "L14_adam_first_moment_coefficients_swapped": ("right", ""),
    "L15_adam_bias_corrections_inverted": (
        "partial",
        "the step checklist (bias corrections among its items)",
    ),
    "L16_fc_init_hidden_dims_not_unpacked": ("none", "no hint"),
    "L17_fc_loss_grads_dict_replaced_each_layer": (
        "partial",
        "a name missing from grads; not grads replaced at each layer",
    ),
    "L18_fc_loss_reg_square_of_sum": (
        "partial",
        "the penalty is wrong, check which parameters; not the square of the sum",
    ),
    "L19_two_layer_init_lowercase_key": (
        "partial",
        "W2 missing; not the lowercase key (the detail line shows 'w2')",
    ),
    "L20_two_layer_loss_reg_without_self": ("right", ""),
    "L21_two_layer_reg_gradient_dedented": (
        "right",
        "dW1 alone misses the regularization gradient",
    ),
    "L22_bn_forward_test_uses_train_inv_std": ("right", ""),
    "L23_bn_forward_running_mean_updated_at_test": (
        "right",
        "test mode must not change the running averages",
    ),
    "L24_bn_forward_centers_x_in_place": ("right", ""),
    "L25_bn_backward_dmean_over_features": ("partial", "only which gradient is wrong"),
    "L26_bn_backward_dbeta_keepdims": ("right", ""),
    "L27_bn_alt_dgamma_summed_to_scalar": ("right", ""),
    "L28_bn_alt_dgamma_dbeta_formulas_swapped": ("right", ""),
    "L29_ln_forward_mean_subtracted_after_scaling": (
        "partial",
        "rows not standardized; check the mean and gamma/beta; not the parentheses",
    ),
    "L30_ln_forward_mean_divided_by_batch_size": (
        "partial",
        "rows not standardized; check the mean over the features",
    ),
    "L31_ln_backward_unpacks_dgamma_as_dx": (
        "wrong",
        "says axis 1 was summed away; the cause is batchnorm_backward_alt's dgamma unpacked as dx",
    ),
    "L32_ln_backward_gamma_applied_after": ("partial", "only which gradient is wrong"),
    "L33_fc_init_bn_gamma_sized_by_next_layer": (
        "partial",
        "one entry per output unit, 'not its input size': the cause is the next layer's size",
    ),
    "L34_fc_loss_bn_params_rebuilt_every_call": (
        "wrong",
        "says every bn_param's mode must be 'test'; the cause is bn_params rebuilt at every call",
    ),
    "L35_fc_init_ln_beta_key_not_f_string": (
        "partial",
        "beta1 and beta2 missing; not the missing f prefix",
    ),
    "L36_fc_loss_normalization_argument_name": ("right", ""),
    "L37_dropout_forward_vanilla_scaled_at_test": ("right", ""),
    "L38_dropout_forward_divides_by_p_twice": ("right", ""),
    "L39_dropout_backward_dout_masked_in_place": ("right", ""),
    "L40_fc_loss_dropout_cache_appended_too_early": (
        "partial",
        "cache is None in dropout_backward; not the cache appended too early",
    ),
    "L41_fc_dropout_param_keep_prob_key": (
        "none",
        "the package's dropout_param check names the key; no hint",
    ),
    "L42_conv_forward_output_height_ignores_stride": (
        "partial",
        "shape error and the window checklist (output size, stride, padding)",
    ),
    "L43_conv_forward_output_width_from_filter_height": ("partial", "the window checklist"),
    "L44_conv_backward_window_one_row_short": ("partial", "the shapes of dw[f] and the value"),
    "L45_conv_backward_size_from_padded_input": (
        "partial",
        "only the spatial axes differ; not the size from the padded input",
    ),
    "L46_max_pool_forward_output_size_true_division": ("right", ""),
    "L47_max_pool_forward_loops_over_pixel_positions": (
        "partial",
        "an index runs past the input; not the loop over input positions",
    ),
    "L48_max_pool_backward_max_value_as_index": ("none", "no hint"),
    "L49_max_pool_backward_unravel_shape_swapped": (
        "right",
        "rows go with pool_height, columns with pool_width",
    ),
    "L50_spatial_bn_forward_rows_per_example": (
        "partial",
        "gamma has one entry per column; not the reshape to (-1, C)",
    ),
    "L51_spatial_bn_backward_dx_not_reshaped_back": ("right", "a reshape is missing"),
    "L52_groupnorm_forward_groups_kept_3d": ("right", ""),
    "L53_groupnorm_forward_zeros_made_with_ones": (
        "partial",
        "groups not standardized; not the shift made with np.ones",
    ),
    "L54_groupnorm_backward_outer_cache_to_layernorm": ("partial", "shapes disagree"),
    "L55_conv_net_init_filters_3d": ("right", ""),
    "L56_conv_net_loss_scores_with_b2": ("right", ""),
    "L57_conv_net_reg_gradient_divided_by_batch": (
        "wrong",
        "says the regularization gradient is half (the square's 2); the cause is a division "
        "by the batch size (N = 2)",
    ),
    "L58_spatial_bn_forward_mode_forced_to_train": (
        "partial",
        "only test mode wrong; not the mode forced to train",
    ),
    "L59_bn_backward_dxc_aliases_dx_hat": (
        "partial",
        "the variance term off by inv_std (x_hat where x - mean belongs); not the alias",
    ),
    "L60_groupnorm_backward_dgamma_overwritten_by_layernorm": (
        "partial",
        "dgamma's shape (1, C, 1, 1); not layernorm's dgamma overwriting it",
    ),
}

# Set M's reading (run 1: main at f7da7b1, after this session's engine work, which never saw M;
# run 0, before it, printed the same hints but M13's, which had none).
READING_M = {
    "M01_affine_forward_batch_size_N_undefined": ("none", "NameError N, no hint"),
    "M02_affine_forward_whole_batch_flattened": ("right", ""),
    "M03_affine_backward_dw_loop_misses_last_example": (
        "partial",
        "which gradient is wrong; not the loop one short",
    ),
    "M04_affine_backward_dw_x_not_transposed": ("right", ""),
    "M05_relu_forward_boolean_index_selects_positives": (
        "partial",
        "out's shape; not the boolean index",
    ),
    "M06_relu_backward_mask_of_nonzero_input": ("right", ""),
    "M07_softmax_shifts_scores_in_place": ("right", ""),
    "M08_softmax_row_max_without_keepdims": ("right", ""),
    "M09_svm_np_max_for_elementwise_maximum": ("none", "np.max(0, ...) raises, no hint"),
    "M10_svm_correct_scores_as_row": (
        "partial",
        "the shapes that disagree; not the row where a column belongs",
    ),
    "M11_sgd_momentum_velocity_sign_convention": ("right", ""),
    "M12_sgd_momentum_decays_weights_not_velocity": ("partial", "which outputs are wrong"),
    "M13_rmsprop_epsilon_key_eps": ("right", ""),
    "M14_rmsprop_square_by_np_dot": ("right", ""),
    "M15_adam_step_size_precedence": (
        "partial",
        "the step checklist (bias corrections); not the parentheses",
    ),
    "M16_adam_step_with_moments_before_update": (
        "partial",
        "the step checklist; not the moments used before their update",
    ),
    "M17_fc_init_bias_sized_by_num_classes": ("right", ""),
    "M18_fc_init_dims_without_num_classes": (
        "partial",
        "the index past dims' end; not num_classes left out",
    ),
    "M19_fc_loss_backward_loop_starts_at_L": (
        "partial",
        "the index past caches' end; not the loop's start",
    ),
    "M20_fc_loss_grad_names_b_before_W": ("right", ""),
    "M21_two_layer_init_W1_columns_num_classes": ("right", ""),
    "M22_two_layer_output_layer_through_relu_backward": ("right", ""),
    "M23_two_layer_reg_loss_without_half": ("right", ""),
    "M24_bn_forward_variance_without_axis": (
        "partial",
        "the variance checklist (over the batch); not the missing axis",
    ),
    "M25_bn_forward_running_var_from_mean": (
        "partial",
        "the running variance checklist (averages the batch's variance); not the mean used",
    ),
    "M26_bn_forward_mean_divided_by_feature_count": (
        "partial",
        "the mean checklist (over the batch, axis 0); not the division by D",
    ),
    "M27_bn_backward_dinv_std_not_summed": ("partial", "which gradient is wrong"),
    "M28_bn_backward_dgamma_times_gamma": ("right", ""),
    "M29_bn_alt_inv_std_used_as_std": ("right", ""),
    "M30_bn_alt_mean_term_missing": ("right", ""),
    "M31_ln_forward_normalized_transpose_not_back": (
        "partial",
        "the shapes that disagree; not the transpose back",
    ),
    "M32_ln_backward_batchnorm_alt_without_transposes": ("partial", "which gradient is wrong"),
    "M33_ln_backward_dout_scaled_in_place": ("right", ""),
    "M34_fc_init_bn_gamma_shaped_by_whole_hidden_dims": ("right", ""),
    "M35_fc_init_ln_beta_key_copy_pasted_as_gamma": (
        "partial",
        "beta1 and beta2 missing; not stored under gamma",
    ),
    "M36_fc_loss_bn_whole_bn_params_list": ("none", "the list has no get, no hint"),
    "M37_fc_loss_ln_norm_param_and_normalization_swapped": (
        "none",
        "unknown normalization {}, no hint",
    ),
    "M38_dropout_forward_output_is_mask": ("right", ""),
    "M39_dropout_backward_divides_by_mask": ("right", ""),
    "M40_fc_dropout_forward_given_keep_probability": ("none", "a float is not iterable, no hint"),
    "M41_fc_dropout_backward_given_param_dict": ("right", ""),
    "M42_conv_forward_sum_over_channels_only": (
        "none",
        "setting an array element with a sequence, no hint",
    ),
    "M43_conv_forward_output_indices_swapped": (
        "partial",
        "an index past an axis, which size goes with which axis; not the swapped indices",
    ),
    "M44_conv_forward_bias_broadcast_on_last_axis": (
        "wrong",
        "the second hint (a window cut short) is another cause; the bias on the last axis",
    ),
    "M45_conv_backward_dx_filter_indexed_by_image": (
        "partial",
        "an index past an axis; not w[n] for w[f]",
    ),
    "M46_conv_backward_column_slice_filter_height": (
        "partial",
        "the shapes of dw[f] and the value; not WW for HH",
    ),
    "M47_conv_backward_dw_window_summed_to_scalar": (
        "partial",
        "dw the same along axis 1; not the window summed to one number",
    ),
    "M48_max_pool_forward_window_hard_coded_2x2": ("right", ""),
    "M49_max_pool_forward_flattened_window_not_reshaped": (
        "partial",
        "the shapes of the slice and the value; not the reshape back",
    ),
    "M50_max_pool_backward_argmax_without_axis": (
        "wrong",
        "rows and pool_height; the cause is argmax without an axis",
    ),
    "M51_max_pool_backward_output_size_from_x": ("none", "argmax of an empty sequence, no hint"),
    "M52_spatial_bn_forward_same_transpose_back": ("right", ""),
    "M53_spatial_bn_forward_gamma_beta_arguments_swapped": (
        "wrong",
        "not normalized per channel; the cause is gamma and beta swapped",
    ),
    "M54_spatial_bn_backward_through_layernorm_backward": (
        "partial",
        "incompatible shapes, print them; not layernorm_backward for batchnorm_backward_alt",
    ),
    "M55_groupnorm_forward_one_group_per_channel": ("right", ""),
    "M56_groupnorm_backward_G_not_in_scope": ("right", ""),
    "M57_groupnorm_backward_dx_not_reshaped_back": ("right", ""),
    "M58_conv_net_init_filters_channels_before_filters": ("right", ""),
    "M59_conv_net_loss_conv_relu_without_pool": ("right", ""),
    "M60_conv_net_backward_from_scores": ("none", "no hint"),
}

# Set O, run 1 (2026-12-08, main at 80653f1 with e20s merged: the engine of this session), read
# by me after the run.
READING_O = {
    "O01_affine_forward_squeeze_instead_of_flatten": (
        "right",
        "x must be flattened to N rows of D values",
    ),
    "O02_affine_backward_reshape_applied_to_w": ("right", "names the reshape applied to w.T"),
    "O03_relu_forward_comparison_instead_of_assignment": (
        "partial",
        "negatives kept; not the == for =",
    ),
    "O04_relu_backward_negative_upstream_clipped": ("right", ""),
    "O05_softmax_loss_mean_without_call": ("none", "no hint"),
    "O06_softmax_dx_labels_shifted_by_one": ("partial", "dx wrong, loss right; not y - 1"),
    "O07_svm_loss_averaged_twice": ("right", "N times too small: divide by N once"),
    "O08_svm_correct_scores_indices_swapped": ("right", ""),
    "O09_sgd_momentum_weights_for_gradient": ("right", ""),
    "O10_sgd_momentum_velocity_decay_one_minus_mu": (
        "right",
        "the weight of the old velocity is wrong",
    ),
    "O11_rmsprop_cache_squared_not_rooted": ("partial", "a list of candidates for the step"),
    "O12_adam_v_decays_from_m": ("right", ""),
    "O13_adam_learning_rate_hard_coded": ("partial", "a list of candidates for the step"),
    "O14_fc_init_standard_normal_two_size_args": ("none", "no hint"),
    "O15_fc_init_dims_slice_one_element": (
        "partial",
        "unpacking count, but talks of backward passes",
    ),
    "O16_fc_loss_forward_loop_from_zero": (
        "right",
        "numbered from 1 (its first hint, on range(L - 1, 0, -1), is off)",
    ),
    "O17_fc_loss_append_two_arguments": ("none", "no hint"),
    "O18_fc_loss_reg_on_biases_not_weights": (
        "partial",
        "says the term is missing; it is on the biases",
    ),
    "O19_fc_loss_backward_star_forgotten": (
        "right",
        "what each function returns vs what is unpacked",
    ),
    "O20_two_layer_init_weight_scale_added": ("right", ""),
    "O21_two_layer_reg_loss_norm_not_squared": ("partial", "off by a multiple of W; not the norm"),
    "O22_two_layer_reg_gradient_halved": ("right", ""),
    "O23_affine_backward_dx_reshaped_like_w": ("none", "no hint"),
    "O24_bn_forward_running_mean_sized_by_batch": ("right", ""),
    "O25_bn_forward_power_minus_one_half_precedence": (
        "partial",
        "check the variance...; not the precedence",
    ),
    "O26_bn_backward_variance_path_with_mean_of_xc": (
        "right",
        "the term through the batch variance",
    ),
    "O27_bn_backward_gamma_as_column": ("right", ""),
    "O28_bn_alt_whole_bracket_in_denominator": ("right", ""),
    "O29_bn_alt_inv_std_folded_into_dx_hat": ("right", ""),
    "O30_ln_forward_beta_inside_gamma_product": ("right", "scale by gamma, then shift by beta"),
    "O31_ln_forward_median_for_mean": ("right", "check the mean subtracted"),
    "O32_ln_backward_x_hat_not_transposed": ("right", ""),
    "O33_ln_backward_zeros_for_unit_scale": ("right", ""),
    "O34_fc_init_bn_gamma_key_capitalized": ("right", "gamma1, gamma2 missing"),
    "O35_fc_init_ln_normalization_name_misspelt": ("right", ""),
    "O36_fc_loss_bn_names_condition_misspelt": (
        "partial",
        "names the missing gradients, not the condition",
    ),
    "O37_fc_loss_ln_gamma_regularized_as_weight": ("right", ""),
    "O38_dropout_forward_x_folded_into_mask": ("right", ""),
    "O39_dropout_backward_mask_transposed": ("right", ""),
    "O40_fc_loss_dropout_output_tuple_not_unpacked": ("right", ""),
    "O41_fc_loss_dropout_backward_arguments_swapped": ("none", "no hint"),
    "O42_conv_forward_output_size_parentheses_dropped": ("right", ""),
    "O43_conv_forward_bias_indexed_by_image": ("right", ""),
    "O44_conv_backward_dw_buffer_like_x": ("partial", "dw[f]'s shape named, not its allocation"),
    "O45_conv_backward_dx_buffer_int": ("right", ""),
    "O46_max_pool_forward_int_output": ("right", ""),
    "O47_max_pool_forward_column_end_without_stride": ("none", "no hint"),
    "O48_max_pool_backward_windows_flattened_to_rows": (
        "partial",
        "index arrays' shapes, not the reshape",
    ),
    "O49_max_pool_backward_meshgrid_outputs_swapped": ("right", ""),
    "O50_spatial_bn_forward_shape_unpacked_channels_last": ("right", ""),
    "O51_spatial_bn_forward_outputs_unpacked_swapped": ("right", ""),
    "O52_spatial_bn_backward_dx_times_gamma_again": ("right", ""),
    "O53_spatial_bn_backward_dout_rows_reshaped_c_by_rest": ("right", ""),
    "O54_groupnorm_forward_group_length_per_example": ("partial", "gamma's length vs x's columns"),
    "O55_groupnorm_forward_layernorm_on_transposed_groups": (
        "wrong",
        "points at gamma's size, keeping the transposed groups",
    ),
    "O56_groupnorm_backward_layernorm_result_wrong_index": ("right", ""),
    "O57_groupnorm_backward_dx_hat_from_x_hat": ("partial", "dx wrong, dgamma and dbeta right"),
    "O58_conv_net_init_hidden_input_size_from_image_size": ("right", ""),
    "O59_conv_net_reg_gradient_overwrites": ("right", ""),
    "O60_conv_net_hidden_backward_outputs_unpacked_swapped": ("right", ""),
}

READINGS = {
    "A": READING_A,
    "B": READING_B,
    "C": READING_C,
    "D": READING_D,
    "E": READING_E,
    "F": READING_F,
    "G": READING_G,
    "H": READING_H,
    "I": READING_I,
    "J": READING_J,
    "K": READING_K,
    "L": READING_L,
    "M": READING_M,
    "O": READING_O,
}

# Entries whose outcome is a defect of the checks, not of the hints: a mistake the check cannot
# see, or a correct alternative it rejects. tests/test_diagnose_blind.py expects them to fail
# (strict xfail), so that fixing the check makes that test say so.
# A25, A58, B09 (after sets A and B), C24, C38, C41 (after set C) and D03, D20, D35, D50
# (after set D), E45 (after set E), F01, F08, F17, F36 (found before set F's run by its
# status test alone) and G17 (clipped draws; closed by the tails check of init_measurements
# after set G) were gaps of the checks, since closed.
CHECK_GAPS = {
    # Found before set H's run by its status test alone (H01, H07, H12, H22, H23, H59 and H60
    # too, then closed: out's dtype, scores of spread 100, a first call with no config for a
    # matrix w, running averages from an empty bn_param, a conv net with filter size 4).
    # Where the provided code pads for an even filter size (top-left or bottom-right) changes
    # the loss, not its gradients' agreement; only the hidden grader's reference sees it:
    "H58_conv_net_loss_even_filter_padding_top_left": (
        "the local grader has no expected loss of ThreeLayerConvNet for an even filter size"
    ),
    # Found before set I's run by its status test alone (I48 too, then closed: the local
    # grader checks max_pool_forward_naive's out dtype once its values pass, as the hidden
    # grader did already):
    "I20_fc_loss_input_centered_in_model": (
        "FullyConnectedNet.loss has no expected loss; the gradients agree with the loss"
    ),
    "I35_fc_loss_bn_params_indexed_from_the_end": (
        "the batchnorm net's check does not see which layer's bn_param a layer uses"
    ),
    "I55_groupnorm_forward_eps_hard_coded": "a hard-coded eps stays within the std tolerance",
    "I59_conv_net_scores_shifted_by_max": (
        "ThreeLayerConvNet's test-time scores are not compared with expected ones"
    ),
    # Found before set J's run by its status test alone, closed after its first run: J01 (a
    # ReLU inside affine_forward; the course's case has only positive outputs, a case with b - 3
    # has negative ones) and J54 (W2 sized for odd filter sizes only; the __init__ check now
    # builds a net of filter size 4 too).
    # Found by set K's first run (it had no status test before the run), closed after it: K36
    # (a randn mask in the seeded branch only; the local check and the hidden grader now
    # measure the share of units a seeded draw keeps).
}

# --------------------------------------------------------------------------------------------
# Runner: a copy of the package, one file edited, the local grader run on the check's part
# --------------------------------------------------------------------------------------------

_LINE = re.compile(r"^  (passed|FAILED|not implemented)\s+(\S+)\s*(.*)$")


def _link_or_copy(source, target):
    """A hard link of ``source`` at ``target``, or a copy where links cannot be made (another
    file system, as a tmpfs /tmp)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def mutated_copy(folder, file, old, new):
    """Copy the package into ``folder`` and replace ``old`` (which must occur once) by ``new``.
    Compiled bytecode comes along (with the sources' times, so only the changed file's is
    stale): about 0.2 s less per copy than compiling every module again. The files are hard
    links (0.06 s less per copy); the changed file is unlinked before it is written, so the
    package's own file is never written through its link."""
    shutil.copytree(
        ROOT / "cs231n",
        Path(folder) / "cs231n",
        ignore=shutil.ignore_patterns("*.c", "datasets"),
        copy_function=_link_or_copy,
    )
    path = Path(folder) / file
    text = path.read_text()
    count = text.count(old)
    if count != 1:
        raise ValueError(f"{file}: the text to replace occurs {count} times, expected once")
    path.unlink()
    path.write_text(text.replace(old, new))


def parse_report(report, check):
    """(status, detail, hints, other failed checks) of ``check`` in a grader report."""
    status, detail, hints, others, current = None, "", [], [], None
    for line in report.splitlines():
        match = _LINE.match(line)
        if match:
            current = match.group(2)
            if current == check:
                status, detail = match.group(1), match.group(3)
            elif match.group(1) != "passed":
                others.append(current)
        elif line.startswith("hint:") and current == check:
            hints.append(line[len("hint:") :].strip())
    return status, detail, hints, others


def grade_mutation(file, old, new, check, time_limit=60):
    """Run the local grader on the part of ``check`` with one edit; returns a dict."""
    with tempfile.TemporaryDirectory(prefix="blind-") as folder:
        mutated_copy(folder, file, old, new)
        env = dict(os.environ, PYTHONPATH=folder, PYTHONDONTWRITEBYTECODE="1")
        completed = subprocess.run(
            [sys.executable, "-m", "cs231n.grade", "--part", PART_OF[check]],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=time_limit * 20,
        )
    status, detail, hints, others = parse_report(completed.stdout, check)
    if status is None:
        raise RuntimeError(
            f"{check} not in the report:\n{completed.stdout}\n{completed.stderr[-2000:]}"
        )
    return {"status": status, "detail": detail, "hints": hints, "others": others}


class _ForkServer:
    """One `blind_fork_server` per process, started at the first request, ended at exit or
    after a request that took longer than ``timeout`` seconds."""

    def __init__(self):
        self.process = None

    def request(self, folder, check, timeout=600, env=None):
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("blind_fork_server.py"))],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                start_new_session=True,  # its children are killed with it
            )
            atexit.register(self.stop)
        self.process.stdin.write(json.dumps([str(folder), check, env or {}]) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.stop()
            raise RuntimeError(f"{check}: no report in {timeout} s (or the fork server ended)")
        return json.loads(line)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None


_SERVER = _ForkServer()


def grade_one_check(file, old, new, check, env=None):
    """Like `grade_mutation`, but runs only ``check`` (in the grader's isolated child, with the
    grader's report line), in a child of `blind_fork_server`: for the unit test, where the
    other checks of the part and a fresh interpreter per entry cost time. ``env``: environment
    variables of that child (``CS231N_REPAIR_SECONDS``)."""
    with tempfile.TemporaryDirectory(prefix="blind-") as folder:
        mutated_copy(folder, file, old, new)
        reply = _SERVER.request(folder, check, env=env)
    if "error" in reply:
        raise RuntimeError(f"{check}: no report ({reply['error']})")
    status, detail, hints, _ = parse_report(reply["report"], check)
    if status is None:
        raise RuntimeError(f"{check}: no report\n{reply['report']}")
    return {"status": status, "detail": detail, "hints": hints}


def notebook_check_lines(folder, call, env=None):
    """The lines a notebook's check cell prints (colours stripped) when ``call``, a
    ``check(...)`` of `cs231n.notebook_utils`, runs with the package in ``folder``: the FAIL or
    PASS line, then the hint lines. ``env``: extra environment variables."""
    code = f"import numpy as np\nfrom cs231n.notebook_utils import check\n{call}\n"
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        env=dict(os.environ, PYTHONPATH=str(folder), PYTHONDONTWRITEBYTECODE="1", **(env or {})),
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [
        line.replace("\x1b[35m", "").replace("\x1b[0m", "")
        for line in completed.stdout.splitlines()
    ]
    assert lines, completed.stderr
    return lines


def names_cause(hints, causes):
    """Strict reading: some hint line contains one of the cause phrases (case-insensitive)."""
    return any(c.lower() in h.lower() for h in hints for c in causes)


def run_set(name, verbose=True):
    mistakes, correct = SETS[name]
    rows = []
    for mistake_id, file, old, new, check, causes in mistakes:
        result = grade_mutation(file, old, new, check)
        result.update(id=mistake_id, check=check, kind="mistake", causes=causes)
        result["detected"] = result["status"] == "FAILED"
        result["strict"] = result["detected"] and names_cause(result["hints"], causes)
        rows.append(result)
        if verbose:
            _print_row(result)
    for alt_id, file, old, new, check in correct:
        result = grade_mutation(file, old, new, check)
        result.update(id=alt_id, check=check, kind="correct", causes=[])
        result["detected"] = result["status"] != "passed"
        result["strict"] = result["status"] == "passed" and not result["hints"]
        rows.append(result)
        if verbose:
            _print_row(result)
    return rows


def _print_row(row):
    if row["kind"] == "mistake":
        verdict = "right" if row["strict"] else ("MISS " if row["detected"] else "PASS?")
    else:
        verdict = "ok   " if row["strict"] else "BUG  "
    print(f"[{verdict}] {row['id']}: {row['check']} {row['status']}  {row['detail'][:110]}")
    for hint in row["hints"]:
        print(f"          hint: {hint}")
    sys.stdout.flush()


def summary(rows, reading):
    mistakes = [r for r in rows if r["kind"] == "mistake"]
    correct = [r for r in rows if r["kind"] == "correct"]
    detected = sum(r["detected"] for r in mistakes)
    hinted = sum(bool(r["hints"]) for r in mistakes)
    strict = sum(r["strict"] for r in mistakes)
    lines = [
        f"mistakes: {len(mistakes)}; detected (FAILED): {detected}; with a hint: {hinted}; "
        f"hint names the cause (strict keyword match): {strict}/{len(mistakes)} "
        f"= {100 * strict / max(1, len(mistakes)):.0f} %",
    ]
    if reading:
        read = [reading.get(r["id"], ("?", ""))[0] for r in mistakes]
        right = read.count("right")
        lines.append(
            f"hint names the cause (evaluator's reading): {right}/{len(mistakes)} "
            f"= {100 * right / max(1, len(mistakes)):.0f} % "
            f"(partial {read.count('partial')}, wrong {read.count('wrong')}, "
            f"none {read.count('none')}, undetected {read.count('undetected')}); "
            f"of the detected ones: {right}/{detected} = {100 * right / max(1, detected):.0f} %"
        )
    ok = sum(r["strict"] for r in correct)
    lines.append(f"correct alternatives passing with no hint: {ok}/{len(correct)}")
    return lines


def _cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(name, rows, reading):
    out = [
        "| id | check | status | hints printed | strict | reading | note |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        hints = "<br>".join(_cell(h) for h in r["hints"]) or "(none)"
        if r["kind"] == "mistake":
            strict = "right" if r["strict"] else "miss"
        else:
            strict = "ok" if r["strict"] else "**BUG**"
        verdict, note = reading.get(r["id"], ("", ""))
        status = r["status"] + ("" if r["kind"] == "mistake" else " (correct alt.)")
        out.append(
            f"| {r['id']} | {_cell(r['check'])} | {status} | {hints} | {strict} | {verdict} "
            f"| {_cell(note)} |"
        )
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", choices=sorted(SETS))
    parser.add_argument("--markdown", metavar="FILE", help="also write the table to FILE")
    parser.add_argument("--json", metavar="FILE", help="also save the raw results to FILE")
    parser.add_argument(
        "--rerun", action="store_true", help="judge with the re-run's reading (set A only)"
    )
    parser.add_argument(
        "--from-json", metavar="FILE", help="do not run: re-render results saved with --json"
    )
    args = parser.parse_args(argv)
    if args.from_json:
        rows = json.loads(Path(args.from_json).read_text())
    else:
        rows = run_set(args.set)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    reading = READING_A_RERUN if args.rerun and args.set == "A" else READINGS.get(args.set, {})
    lines = summary(rows, reading)
    print("\n" + "\n".join(lines))
    if args.markdown:
        table = markdown(args.set, rows, reading)
        Path(args.markdown).write_text(
            "\n".join([*(f"- {line}" for line in lines), "", *table, ""])
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
