"""Held-out round 10 (docs/heldout_round10.md), the staff's side: rows 9-14, 21, 25 and 26,
where a helper that computes a graded answer shipped in provided code after a hurried
confirmation, because the release's behavioural check (`instructor.oracle_child`) tried only 7
graded functions and never called these shapes."""

from heldout3_support import oracle_hits, small_release

FLAT = "images.reshape(images.shape[0], -1)"


def _hits(relpath, text):
    return oracle_hits(small_release({relpath: text}))


# Rows 9, 10, 11 and 21: backward passes and a loss, in short statements with other names.
ROW_9 = """
def analytic_affine_grads(x, w, b, dout):
    flat = x.reshape(x.shape[0], -1)
    dw = flat.T @ dout
    dx = (dout @ w.T).reshape(x.shape)
    return dx, dw, dout.sum(axis=0)
"""

ROW_10 = """
import numpy as np


def _cross_entropy(scores, labels):
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    n = scores.shape[0]
    loss = -np.log(probs[np.arange(n), labels]).mean()
    probs[np.arange(n), labels] -= 1
    return loss, probs / n
"""

ROW_11 = """
import numpy as np


def _input_saliency(dout, images, filters, conv_param):
    s, p = conv_param["stride"], conv_param["pad"]
    padded = np.pad(images, ((0, 0), (0, 0), (p, p), (p, p)))
    g_padded = np.zeros_like(padded)
    g_filters = np.zeros_like(filters)
    hh, ww = filters.shape[2:]
    for a in range(dout.shape[0]):
        for f in range(dout.shape[1]):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    top, left = i * s, j * s
                    window = padded[a, :, top : top + hh, left : left + ww]
                    g_filters[f] += window * dout[a, f, i, j]
                    grad = filters[f] * dout[a, f, i, j]
                    g_padded[a, :, top : top + hh, left : left + ww] += grad
    g_images = g_padded[:, :, p : p + images.shape[2], p : p + images.shape[3]]
    return g_images, g_filters, dout.sum(axis=(0, 2, 3))
"""

ROW_21 = """
def _expected_affine_grads(x, w, dout):
    return (dout @ w.T).reshape(x.shape), x.reshape(len(x), -1).T @ dout
"""


def test_backward_passes_and_losses_are_tried():
    assert _hits("cs231n/gradient_check.py", ROW_9) == [
        "cs231n.gradient_check.analytic_affine_grads reproduces affine_backward"
    ]
    assert _hits("cs231n/solver.py", ROW_10) == [
        "cs231n.solver._cross_entropy reproduces softmax_loss"
    ]
    assert _hits("cs231n/vis_utils.py", ROW_11) == [
        "cs231n.vis_utils._input_saliency reproduces conv_backward_naive"
    ]
    assert _hits("cs231n/grading/extra.py", ROW_21) == [
        "cs231n.grading.extra._expected_affine_grads reproduces affine_backward"
    ]


# Row 12: a class constructed with part of the inputs, called with the rest.
ROW_12 = f"""
class _Linear:
    def __init__(self, weights, bias):
        self.weights, self.bias = weights, bias

    def __call__(self, images):
        return {FLAT} @ self.weights + self.bias
"""


def test_a_class_constructed_with_part_of_the_inputs_is_called_with_the_rest():
    assert _hits("cs231n/vis_utils.py", ROW_12) == [
        "cs231n.vis_utils._Linear(...) reproduces affine_forward"
    ]


# Row 13: callables in a module-level dict.
ROW_13 = """
import numpy as np

_LAYERS = {
    "linear": lambda x, w, b: x.reshape(len(x), -1) @ w + b,
    "identity": lambda z: z,
}
"""


def test_callables_in_a_module_level_dict_are_called():
    assert _hits("cs231n/vis_utils.py", ROW_13) == [
        "cs231n.vis_utils._LAYERS['linear'] reproduces affine_forward"
    ]


# Row 14: a dispatcher taking the layer's name first.
ROW_14 = """
def apply_layer(kind, *args):
    if kind == "linear":
        x, w, b = args
        return x.reshape(len(x), -1) @ w + b
    raise ValueError(kind)
"""


def test_a_dispatcher_is_given_its_mode_strings_first():
    assert _hits("cs231n/vis_utils.py", ROW_14) == [
        "cs231n.vis_utils.apply_layer reproduces affine_forward"
    ]


# Rows 25 and 26: the conv forward pass with stride and pad as numbers.
ROW_25 = """
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _filter_responses(images, filters, bias, stride=1, pad=0):
    padded = np.pad(images, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    hh, ww = filters.shape[2:]
    windows = sliding_window_view(padded, (hh, ww), axis=(2, 3))[:, :, ::stride, ::stride]
    return np.einsum("ncijhw,fchw->nfij", windows, filters) + bias[None, :, None, None]
"""


def test_a_dict_input_is_also_given_as_its_numbers():
    assert _hits("cs231n/vis_utils.py", ROW_25) == [
        "cs231n.vis_utils._filter_responses reproduces conv_forward_naive"
    ]
