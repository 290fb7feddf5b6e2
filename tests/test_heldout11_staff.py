"""Held-out round 11 (docs/heldout_round11.md), the staff's side: rows 8, 9, 11, 12, 13 and 20,
where a helper that computes a graded answer shipped in provided code (or in a student notebook's
code cell) after the confirmation the tools print, because the release's behavioural check
(`instructor.oracle_child`) never gave it a subset of a case's inputs, a transposed layout,
one-hot targets, a model's parameters or one example, and never ran notebook code. Row 7 (a
student's ``batchnorm_backward`` that calls row 8's helper: 34/34 in the hidden grader) closes
with row 8: the helper no longer ships. One run of the check on one small release for all rows.
"""

import json

import pytest
from heldout3_support import oracle_hits, small_release

# Row 8: the batchnorm backward pass from (x, gamma, dout): no beta, no bn_param.
ROW_8 = """
import numpy as np


def analytic_bn_grads(x, gamma, dout, eps=1e-5):
    count = x.shape[0]
    centre = x - x.mean(axis=0)
    spread = np.sqrt(np.mean(centre**2, axis=0) + eps)
    normed = centre / spread
    dnormed = dout * gamma
    part = count * dnormed - dnormed.sum(axis=0)
    part = part - normed * np.sum(dnormed * normed, axis=0)
    return part / (count * spread), np.sum(dout * normed, axis=0), np.sum(dout, axis=0)
"""

# Row 9: weights (out, in) as torch.nn.Linear stores them; row 9's images NHWC (max pooling);
# row 13: one image (the naive convolution) and one row (the affine layer).
ROW_9_13 = """
import numpy as np


def _linear_grads(grad_out, inputs, weight):
    flat = inputs.reshape(inputs.shape[0], -1)
    grad_in = grad_out.dot(weight).reshape(inputs.shape)
    return grad_in, grad_out.T.dot(flat), grad_out.sum(axis=0)


def _pool_nhwc(images, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    n, h, w, c = images.shape
    out = np.zeros((n, (h - ph) // s + 1, (w - pw) // s + 1, c))
    for i in range(out.shape[1]):
        for j in range(out.shape[2]):
            out[:, i, j] = images[:, i * s : i * s + ph, j * s : j * s + pw].max(axis=(1, 2))
    return out


def _filter_image(image, filters, bias, stride=1, pad=0):
    padded = np.pad(image, ((0, 0), (pad, pad), (pad, pad)))
    count, _, fh, fw = filters.shape
    rows = (padded.shape[1] - fh) // stride + 1
    cols = (padded.shape[2] - fw) // stride + 1
    result = np.zeros((count, rows, cols))
    for f in range(count):
        for i in range(rows):
            for j in range(cols):
                patch = padded[:, i * stride : i * stride + fh, j * stride : j * stride + fw]
                result[f, i, j] = (patch * filters[f]).sum() + bias[f]
    return result


def _row_scores(row, weights, bias):
    return row.reshape(-1).dot(weights) + bias
"""

# Row 11: losses against target rows (one-hot or soft); row 12: a self-test net built on them.
ROW_11_12 = """
import numpy as np


def _soft_cross_entropy(scores, targets):
    shifted = scores - scores.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    count = scores.shape[0]
    return -np.sum(targets * logp) / count, (np.exp(logp) - targets) / count


def _hinge(scores, targets):
    correct = (scores * targets).sum(axis=1, keepdims=True)
    margins = np.maximum(0, scores - correct + 1) * (1 - targets)
    mask = (margins > 0).astype(float)
    mask -= targets * mask.sum(axis=1, keepdims=True)
    return margins.sum() / len(scores), mask / len(scores)


class _TinyNet:
    def __init__(self, params, reg=0.0):
        self.params, self.reg = params, reg

    def loss(self, X, y=None):
        W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
        flat = X.reshape(X.shape[0], -1)
        pre = flat.dot(W1) + b1
        hidden = np.maximum(pre, 0)
        scores = hidden.dot(W2) + b2
        loss, dscores = _soft_cross_entropy(scores, np.eye(scores.shape[1])[y])
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dpre = dscores.dot(W2.T) * (pre > 0)
        grads = {"W2": hidden.T.dot(dscores) + self.reg * W2, "b2": dscores.sum(axis=0)}
        grads |= {"W1": flat.T.dot(dpre) + self.reg * W1, "b1": dpre.sum(axis=0)}
        return loss, grads
"""

# Row 12: a function of (params, X, y), no reg (the biases' gradients do not depend on it).
ROW_12 = """
from cs231n.solver import _TinyNet


def _two_layer_loss(params, X, y):
    return _TinyNet(params).loss(X, y)
"""

# Row 20: a "reference" in a code cell of a student notebook (with a magic, and statements that
# must not run: `data` is defined by no cell the check runs).
ROW_20_CELLS = [
    ("markdown", "# Fully connected nets\n"),
    ("code", "%matplotlib inline\nimport numpy as np\n"),
    (
        "code",
        "scores = preview_scores(data, 1, 2)\n\n\ndef preview_scores(images, weights, bias):\n"
        "    flat = images.reshape(len(images), -1)\n    return flat.dot(weights) + bias\n",
    ),
    ("code", "if SHOW_RELU:\n    def _preview_relu(z):\n        return z * (z > 0)\n"),
]
NOTEBOOK = {
    "cells": [
        {"cell_type": kind, "metadata": {}, "source": text.splitlines(True)}
        | ({"outputs": [], "execution_count": None} if kind == "code" else {})
        for kind, text in ROW_20_CELLS
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


@pytest.fixture(scope="module")
def hits():
    return oracle_hits(
        small_release(
            {
                "cs231n/gradient_check.py": ROW_8,
                "cs231n/vis_utils.py": ROW_9_13,
                "cs231n/solver.py": ROW_11_12,
                "cs231n/grading/extra.py": ROW_12,
                "notebooks/1_FullyConnectedNets.ipynb": json.dumps(NOTEBOOK),
            }
        )
    )


def test_row_8_a_helper_taking_a_subset_of_the_inputs_is_named(hits):
    """Layer norm's too: its dbeta is the same sum of dout."""
    assert "cs231n.gradient_check.analytic_bn_grads reproduces batchnorm_backward" in hits
    assert "cs231n.gradient_check.analytic_bn_grads reproduces layernorm_backward" in hits


def test_rows_9_and_13_transposed_layouts_and_one_example_are_named(hits):
    for line in (
        "cs231n.vis_utils._linear_grads reproduces affine_backward",
        "cs231n.vis_utils._pool_nhwc reproduces max_pool_forward_naive",
        "cs231n.vis_utils._filter_image reproduces conv_forward_naive",
        "cs231n.vis_utils._row_scores reproduces affine_forward",
    ):
        assert line in hits


def test_rows_11_and_12_losses_on_targets_and_models_are_named(hits):
    for line in (
        "cs231n.solver._soft_cross_entropy reproduces softmax_loss",
        "cs231n.solver._hinge reproduces svm_loss",
        "cs231n.solver._TinyNet(...) reproduces FullyConnectedNet.loss",
        "cs231n.grading.extra._two_layer_loss reproduces FullyConnectedNet.loss",
    ):
        assert line in hits


def test_row_20_a_definition_in_a_notebook_code_cell_is_named(hits):
    """Only the cells' imports and definitions run (the cell's first line and the if's test
    would raise)."""
    notebook = "notebooks/1_FullyConnectedNets.ipynb"
    assert f"{notebook}.preview_scores reproduces affine_forward" in hits
    assert f"{notebook}._preview_relu reproduces relu_forward" in hits  # under an if


def test_nothing_else_is_named(hits):
    """The rows' 12 lines above (``_TinyNet``'s module-level use in ``extra.py`` is not its
    own definition; the notebook cell's first statement did not run)."""
    assert len(hits) == 12, hits
