"""Check gaps found by issue 20's blind sets, closed: each edit of the master below passed the
local grader; now its check fails with a hint naming the cause, the master passes, and the hidden
grader fails it too."""

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
        "        for f in range(F):\n            for i in range(H_out):\n                for j in range(W_out):\n"
        "                    window",
        "        for f in range(C):\n            for i in range(H_out):\n                for j in range(W_out):\n"
        "                    window",
        "conv_forward_naive",
        "",
    ),
]


@pytest.fixture(scope="module")
def hidden_checks():
    from instructor.grader.cases import build_checks

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
