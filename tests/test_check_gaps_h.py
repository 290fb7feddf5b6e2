"""Set H's check gaps (tests/diagnose_blind.py CHECK_GAPS), closed: the hidden grader fails each
mistake that its status test found passing, and passes set H's correct alternatives.

The local grader's side is tests/test_diagnose_blind.py (a closed gap leaves CHECK_GAPS; a gap
left open is a strict xfail there).
"""

import importlib

import numpy as np
import pytest
from diagnose_blind_h import CORRECT_H, MISTAKES_H
from diagnose_blind_k import CORRECT_K, MISTAKES_K
from test_diagnose_corpus import InProcessChild, install, load_mutant

from cs231n.grading import FAILED, PASSED, isolation

FOUND_BEFORE_THE_RUN = (
    "H01_affine_forward_output_cast_to_float32",
    "H07_softmax_scores_clipped_not_shifted",
    "H12_adam_t_starts_at_one",
    "H22_sgd_momentum_velocity_zeros_of_first_axis",
    "H23_bn_forward_running_var_starts_at_one",
    "H58_conv_net_loss_even_filter_padding_top_left",
    "H59_conv_net_loss_pad_filter_size_halved",
    "H60_conv_net_loss_filter_size_from_channel_axis",
)
GAPS = [m for m in MISTAKES_H if m[0] in FOUND_BEFORE_THE_RUN]


class ChildHere(InProcessChild):
    """test_diagnose_corpus's in-process child, answering as the sandboxed one does
    (instructor/grader/child.py, which only runs as a confined process) where these checks
    need it: a student error comes back as the child reports it, not raised, and a backward
    request counts the calls of its module's forward functions and those given complex arrays
    (as child.py does)."""

    def request(self, header, arrays, wall=None):
        from instructor.grader import runner

        count = header.get("count") if header["op"] == "backward" else None
        module = importlib.import_module(count) if count else None
        names = (
            [n for n in vars(module) if "forward" in n and callable(vars(module)[n])]
            if module
            else []
        )
        originals, calls = {name: getattr(module, name) for name in names}, []

        def counted(function):
            def call(*args, **kwargs):
                calls.append(any(np.iscomplexobj(a) for a in (*args, *kwargs.values())))
                return function(*args, **kwargs)

            return call

        for name, function in originals.items():
            setattr(module, name, counted(function))
        try:
            answer = super().request(header, arrays, wall)
        except Exception as error:  # noqa: BLE001 - the child reports every student error
            return runner.Answer(isolation.RAISED, reason=f"{type(error).__name__}: {error}")
        finally:
            for name, function in originals.items():
                setattr(module, name, function)
        if count:  # arrays, as the parent decodes them
            answer.value["forward_calls"] = np.array(len(calls))
            answer.value["complex_forward_calls"] = np.array(sum(calls))
        return answer

    def stop(self):
        """A task asked of a new child stops the old one first; here there is none."""


@pytest.fixture(scope="module")
def hidden_checks():
    from shared_builds import build_checks

    return {c.name: c for c in build_checks(20)}


def _judge(monkeypatch, tmp_path, hidden_checks, file, old, new, check):
    from instructor.grader.grade import judge_check

    # Blind sets name files from the repository's root, the corpus from the package's.
    real, mutant = load_mutant(file.removeprefix("cs231n/"), old, new, tmp_path)
    install(monkeypatch, real, mutant)
    return judge_check(hidden_checks[check], ChildHere())


def test_every_gap_found_before_the_run_is_a_mistake_of_set_h():
    assert len(GAPS) == len(FOUND_BEFORE_THE_RUN)


@pytest.mark.parametrize("mistake", GAPS, ids=[m[0] for m in GAPS])
def test_the_hidden_grader_fails_a_mistake_the_local_grader_once_passed(
    monkeypatch, tmp_path, hidden_checks, mistake
):
    _, file, old, new, check, _ = mistake
    status, message = _judge(monkeypatch, tmp_path, hidden_checks, file, old, new, check)
    assert status == FAILED, message


# TwoLayerNet is graded by the local grader only. H62 (dout * relu(x) / x) is NaN where x is
# exactly 0, and the hidden grader's large relu input holds exact zeros on purpose (dx is 0
# there); the local grader's inputs have none, so set H counts it as a correct alternative.
HIDDEN_ALTERNATIVES = [
    c
    for c in CORRECT_H
    if not c[4].startswith("TwoLayerNet") and c[0] != "H62_ok_relu_backward_relu_over_x_ratio"
]


@pytest.mark.parametrize(
    "alternative", HIDDEN_ALTERNATIVES, ids=[c[0] for c in HIDDEN_ALTERNATIVES]
)
def test_the_hidden_grader_passes_a_correct_alternative_of_set_h(
    monkeypatch, tmp_path, hidden_checks, alternative
):
    _, file, old, new, check = alternative
    status, message = _judge(monkeypatch, tmp_path, hidden_checks, file, old, new, check)
    assert status == PASSED, message


# Set K's gap, found by its first run: a mask drawn with randn in the seeded branch only.
GAPS_K = [m for m in MISTAKES_K if m[0] == "K36_dropout_forward_mask_from_randn"]
DROPOUT_ALTERNATIVES_K = [c for c in CORRECT_K if c[4] == "dropout_forward"]


def test_set_k_has_its_gap_and_dropout_alternatives():
    assert len(GAPS_K) == 1 and DROPOUT_ALTERNATIVES_K


@pytest.mark.parametrize("mistake", GAPS_K, ids=[m[0] for m in GAPS_K])
def test_the_hidden_grader_fails_set_k_gap(monkeypatch, tmp_path, hidden_checks, mistake):
    _, file, old, new, check, _ = mistake
    status, message = _judge(monkeypatch, tmp_path, hidden_checks, file, old, new, check)
    assert status == FAILED, message
    assert "with a seed" in message, message


@pytest.mark.parametrize(
    "alternative", DROPOUT_ALTERNATIVES_K, ids=[c[0] for c in DROPOUT_ALTERNATIVES_K]
)
def test_the_hidden_grader_passes_set_k_dropout_alternatives(
    monkeypatch, tmp_path, hidden_checks, alternative
):
    _, file, old, new, check = alternative
    status, message = _judge(monkeypatch, tmp_path, hidden_checks, file, old, new, check)
    assert status == PASSED, message
