"""Check gaps found by issue 20's blind sets, and by the audit of every check that followed,
closed: each edit of the master below passed the local grader (as of 73ee03e); now its check
fails with a hint naming the cause, the master passes, and the hidden grader fails it too (it
missed only the in-place change with right numbers, now failed in `judge_check`)."""

import pytest
from test_check_gaps_h import ChildHere
from test_diagnose_corpus import CHECKS, install, load_mutant

from cs231n.grading import FAILED, PASSED, run_check

LAYERS = "layers.py"

# (id, file, old, new, check, a phrase the hint must contain)
GAPS = [
    (
        "relu_forward_out_cast_to_float32",
        LAYERS,
        "    out = np.maximum(x, 0)\n",
        "    out = np.maximum(x, 0).astype(np.float32)\n",
        "relu_forward",
        "out has another dtype than the inputs",
    ),
    (
        "layernorm_forward_x_centred_in_place",
        LAYERS,
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n"
        "    x_hat = (x - mean) * inv_std\n",
        "    x -= mean\n"
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n"
        "    x_hat = x * inv_std\n",
        "layernorm_forward",
        "layernorm_forward changed its input x in place",
    ),
    (
        "conv_forward_naive_filters_looped_over_channels",
        LAYERS,
        "        for f in range(F):\n            for i in range(H_out):\n"
        "                for j in range(W_out):\n                    window",
        "        for f in range(C):\n            for i in range(H_out):\n"
        "                for j in range(W_out):\n                    window",
        "conv_forward_naive",
        "the loop over the filters runs over range(C)",
    ),
]

# The same classes of gaps, found by auditing every check after those three: an input changed
# in place, an output or gradient of another dtype, sizes that a loop can take for each other.
AUDIT = [
    (
        "relu_backward_dout_masked_in_place",
        LAYERS,
        "    dx = dout * (x > 0)\n",
        "    dx = dout\n    dx[x <= 0] = 0\n",
        "relu_backward",
        "relu_backward changed its input dout in place",
    ),
    (
        "softmax_loss_dx_cast_to_float32",
        LAYERS,
        "    dx /= N\n    # END SOLUTION\n    return loss, dx\n\n\ndef svm",
        "    dx /= N\n    # END SOLUTION\n    return loss, dx.astype(np.float32)\n\n\ndef svm",
        "softmax_loss",
        "dx has another dtype than the inputs",
    ),
    (
        "max_pool_forward_naive_width_from_the_height",
        LAYERS,
        "    out = np.zeros((N, C, H_out, W_out), dtype=x.dtype)\n"
        "    for i in range(H_out):\n        for j in range(W_out):\n",
        "    out = np.zeros((N, C, H_out, H_out), dtype=x.dtype)\n"
        "    for i in range(H_out):\n        for j in range(H_out):\n",
        "max_pool_forward_naive",
        "it is computed from H, the input's other side",
    ),
    (
        "dropout_forward_mask_of_x_shape_reversed",
        LAYERS,
        "        mask = (rand(*x.shape) < p).astype(x.dtype) / p\n",
        "        mask = (rand(x.shape[1], x.shape[0]) < p).astype(x.dtype) / p\n",
        "dropout_forward",
        "x has shape (10, 7) and mask has shape (7, 10)",
    ),
]
GAPS += AUDIT


@pytest.fixture(scope="module")
def hidden_checks():
    from shared_builds import build_checks

    return {c.name: c for c in build_checks(20)}


@pytest.mark.parametrize("gap", GAPS, ids=[g[0] for g in GAPS])
def test_the_local_check_fails_the_mistake_with_its_hint(monkeypatch, tmp_path, gap):
    _, file, old, new, check, phrase = gap
    real, mutant = load_mutant(file, old, new, tmp_path)
    install(monkeypatch, real, mutant)
    result = run_check(CHECKS[check])
    assert result.status == FAILED, (result.summary(), result.hints)
    assert any(phrase in hint for hint in result.hints), (result.summary(), result.hints)


@pytest.mark.parametrize("check", sorted({g[4] for g in GAPS}))
def test_the_master_passes_the_check(check):
    result = run_check(CHECKS[check])
    assert result.status == PASSED and not result.hints, (result.summary(), result.hints)


@pytest.mark.parametrize("gap", GAPS, ids=[g[0] for g in GAPS])
def test_the_hidden_grader_fails_the_mistake(monkeypatch, tmp_path, hidden_checks, gap):
    from instructor.grader.grade import judge_check

    _, file, old, new, check, phrase = gap
    real, mutant = load_mutant(file, old, new, tmp_path)
    install(monkeypatch, real, mutant)
    status, message = judge_check(hidden_checks[check], ChildHere())
    assert status == FAILED, message
