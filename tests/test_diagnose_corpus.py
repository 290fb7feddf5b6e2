"""Hints on realistic mistakes: each mutation of the reference solution (tests/diagnose_corpus.py)
fails its check with the expected hint; each correct alternative passes with no hint.

A mutation is a modified copy of one student file, loaded as a module of the package and put in
place of the real one's functions and classes for the duration of the test; the check runs as
the local grader runs it (`cs231n.grading.run_check`), and its report is printed as
``python -m cs231n.grade`` prints it.
"""

import importlib
import importlib.util
import inspect
import io
import sys
from pathlib import Path

import numpy as np
import pytest
from diagnose_corpus import ALTERNATIVES, MISTAKES

from cs231n import grade, hints
from cs231n.grading import FAILED, PASSED, all_checks, run_check
from cs231n.grading.core import changed_inputs
from instructor.grader.grade import CHANGED_CACHE, CHANGED_DOUT

F_NET = "classifiers/fc_net.py"
PACKAGE = Path(__file__).resolve().parent.parent / "cs231n"
# Imported before any patching, so that none of them binds a mutant's function for good.
USERS = {
    "cs231n.layers": ("cs231n.layer_utils", "cs231n.classifiers.fc_net", "cs231n.classifiers.cnn"),
    "cs231n.layer_utils": ("cs231n.classifiers.fc_net", "cs231n.classifiers.cnn"),
}
for _users in USERS.values():
    for _user in _users:
        importlib.import_module(_user)
CHECKS = {c.name: c for c in all_checks()}


def load_mutant(file, old, new, tmp_path):
    """The module of ``file`` with ``old`` replaced by ``new`` (``old`` must occur once)."""
    source = (PACKAGE / file).read_text(encoding="utf-8")
    assert source.count(old) == 1, f"{old!r} occurs {source.count(old)} times in {file}"
    path = tmp_path / "cs231n" / file  # under a cs231n/ folder, like the file it replaces
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source.replace(old, new), encoding="utf-8")
    real_name = "cs231n." + file.removesuffix(".py").replace("/", ".")
    spec = importlib.util.spec_from_file_location(real_name + "_mutant", path)
    mutant = importlib.util.module_from_spec(spec)
    mutant.__package__ = real_name.rsplit(".", 1)[0]
    spec.loader.exec_module(mutant)
    return importlib.import_module(real_name), mutant


def install(monkeypatch, real, mutant):
    """Every function and class defined in the mutant replaces the real module's."""
    for name, value in vars(mutant).items():
        if (inspect.isfunction(value) or inspect.isclass(value)) and value.__module__ == (
            mutant.__name__
        ):
            monkeypatch.setattr(real, name, value)
    for user in USERS.get(real.__name__, ()):  # they import the layers by name
        module = sys.modules[user]
        for name, value in vars(mutant).items():
            if inspect.isfunction(value) and value.__module__ == mutant.__name__:
                if hasattr(module, name):
                    monkeypatch.setattr(module, name, value)


def report(result):
    out = io.StringIO()
    print("\n".join(grade.format_result(result)), file=out)
    return out.getvalue()


def run_mutation(monkeypatch, tmp_path, file, old, new, check):
    real, mutant = load_mutant(file, old, new, tmp_path)
    install(monkeypatch, real, mutant)
    return run_check(CHECKS[check])


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_mistake_fails_with_its_hint(monkeypatch, tmp_path, mistake):
    _, file, old, new, check, expected = mistake
    result = run_mutation(monkeypatch, tmp_path, file, old, new, check)
    text = report(result)
    assert result.status == FAILED, text
    findings = [(m.label, m.passed, m.symptoms) for m in result.measurements]
    if findings:  # the hints come from the catalog itself, not from a swallowed error
        # (or, when the function changed an input in place, from that alone)
        assert (changed_inputs() or hints.check_hints(check, findings)) == result.hints
    expected = (expected,) if isinstance(expected, str) else expected
    assert result.hints, text
    for part in expected:
        assert any(part in hint for hint in result.hints), text
    lines = text.splitlines()
    assert lines[0].lstrip().startswith("FAILED")
    assert all(line.startswith("hint: ") for line in lines[1:]), text


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=[a[0] for a in ALTERNATIVES])
def test_a_correct_alternative_passes_without_a_hint(monkeypatch, tmp_path, alternative):
    _, file, old, new, check = alternative
    result = run_mutation(monkeypatch, tmp_path, file, old, new, check)
    assert result.status == PASSED, report(result)
    assert result.hints == [] and result.hint_lines() == []


def test_the_corpus_covers_every_graded_function_of_every_part():
    checked = {m[4] for m in MISTAKES}
    assert len(MISTAKES) >= 40 and len(ALTERNATIVES) >= 10
    missing = {
        c.name for c in all_checks() if c.name not in checked and not c.name.startswith("TwoLayer")
    }
    assert missing <= {
        "FullyConnectedNet.__init__[batchnorm]",
        "FullyConnectedNet.__init__[layernorm]",
        "FullyConnectedNet.loss[layernorm]",
        "spatial_batchnorm_backward",
        "spatial_groupnorm_backward",
    }, missing


# --------------------------------------------------------------------------------------------
# The hidden grader's measurement path: the same mutations, judged against the reference
# --------------------------------------------------------------------------------------------

HIDDEN = {  # mistake id -> what the hint in results.json must contain
    # The terms of a normalization's dx are named by the hidden grader only (instructor side):
    "bn_bwd_no_dmean": ("the term of dx through the batch mean", "is missing", "dx is wrong"),
    "bn_alt_sum_of_x_hat_typo": ("a sum of x_hat in its place is 0",),
    "bn_alt_parenthesis_closes_early": ("lacks its factor inv_std / N",),
    "bn_alt_n_from_features": (
        "are divided by D, the number of features, where N, the batch size, belongs",
    ),
    "bn_bwd_n_from_features": (
        "are divided by D, the number of features, where N, the batch size, belongs",
    ),
    "bn_bwd_variance_path_overwrites_direct": ("overwritten by the term through the variance",),
    "bn_fwd_caches_std_for_backward": ("is used where its inverse inv_std belongs",),
    "bn_bwd_no_variance_term": (
        "the term of dx through the batch variance (a multiple of x_hat for each feature)",
    ),
    "bn_bwd_inv_std_power": ("a factor inv_std is missing",),
    "ln_bwd_variance_term_dropped": ("the term of dx through each example's variance",),
    "bn_bwd_dinv_std_from_x_hat": ("it uses x_hat where x - mean belongs",),
    "bn_bwd_direct_term_without_inv_std": ("lacks its factor inv_std",),
    "bn_bwd_dmean_averaged": ("it is divided by N twice",),
    "pool_fwd_window_sum": ("out is each window's sum, not its maximum",),
    "conv_fwd_bias_indexed_by_image": ("adds the bias of index n",),
    "bn_fwd_scales_raw_x": ("x_hat, the normalized input, is computed but not used",),
    "bn_alt_dout_scaled_in_place": ("batchnorm_backward_alt changed its input dout in place",),
    "bn_bwd_cache_x_hat_divided_in_place": (
        "batchnorm_backward changed an array in its input cache in place",
    ),
    "affine_db_mean": ("db is N times too small", "dx and dw are right"),
    "affine_db_axis1": ("not over the output axis 1",),
    "affine_dx_no_reshape": ("reshape it back to x.shape",),
    "relu_bwd_no_mask": ("dx is dout itself",),
    "gn_bwd_through_batchnorm_alt": ("dx is what batchnorm_backward_alt gives",),
    "svm_dx_margin_values": ("dx is what the margins' values give",),
    "affine_dw_reshape_instead_of_transpose": ("dw is what x reshaped to (D, N) gives",),
    "rmsprop_step_without_dw": ("the step is missing dw",),
    "adam_step_without_m": ("the gradient factor m is missing",),
    "pool_fwd_argmax": ("the position (index) of each window's maximum",),
    "pool_bwd_slices_for_batch_and_channel": (
        "dx is the same for every channel (and every image)",
    ),
    "conv_bwd_dw_without_filter_index": ("dw is the same for every filter",),
    "softmax_no_mean": ("average it over the N",),
    "svm_correct_counted": ("exactly 1 too large",),
    "momentum_not_stored": ("still holds the old velocity",),
    "bn_alt_missing_sum_term": ("the term of dx through the batch mean", "is missing"),
    "dropout_bwd_mask_of_its_own": ("never a mask of its own",),
    "softmax_dx_correct_class_columns_of_every_row": ("into dx[:, y] gives",),
    "gn_fwd_each_example_one_group": ("each example as one group",),
    "spatial_bn_bwd_dout_height_width_exchanged": ("height and width axes exchanged",),
    "momentum_times_whole_update": ("momentum multiplies only the old velocity",),
    "gn_bwd_dbeta_times_gamma": ("dbeta is the right gradient times gamma",),
    "bn_bwd_direct_term_divided_by_inv_std": ("is divided by inv_std where it is multiplied",),
    "bn_alt_first_term_without_n": ("goes straight through x_hat", "is N times too small"),
    "bn_test_uses_batch": ("test mode must normalize with",),
    "conv_fwd_edge_padding": ("pad mode 'edge'",),
    "bn_test_multiplies_by_std": ("multiplying x minus the mean by the standard deviation",),
    "bn_fwd_mean_times_inv_std_subtracted": ("the division applies to x minus the mean",),
    "ln_fwd_divides_by_inv_std": ("multiplying x minus the mean by the standard deviation",),
    "dropout_bwd_no_mask": ("dx is dout unchanged",),
    "conv_bwd_db_axis": ("one entry per filter",),
    "conv_bwd_dw_flipped": ("dw is flipped",),
    "fc_reg_grad_missing": ("dW1",),
    "conv_bwd_dw_overwrite": ("dw holds only the last window's contribution",),
    "relu_bwd_mask_only": ("the local gradient (the mask) alone",),
    "fc_reg_grad_doubled": ("more regularization gradient than the loss's term gives",),
    "rmsprop_step_before_cache_update": ("a step with the cache from before this call",),
    "fc_bn_gamma_beta_grads_swapped": ("dbeta1 and dgamma1 are swapped",),
    "spatial_bn_bwd_back_to_nchw_swapped": ("put it back at axis 1",),
    # the hidden grader's loss cases name the labels (restored after set G)
    "svm_dx_correct_class": ("only at each example's correct class",),
    "ln_fwd_scaled_not_centered": ("out is not centered",),
    "bn_fwd_not_centered": ("out is not centered",),
    "relu_fwd_flattened": ("out must keep the shape of x",),
    "fc_dropout_on_scores_at_train_time": ("dropout is applied to the scores",),
    "fc_dropout_on_the_input": ("dropout is applied to the input X",),
}


def _value(spec, arrays):
    if isinstance(spec, dict):
        if "$a" in spec:
            return arrays[spec["$a"]].copy()
        if "$dtype" in spec:
            return getattr(np, spec["$dtype"])
        if "$tuple" in spec:
            return tuple(_value(item, arrays) for item in spec["$tuple"])
        return {key: _value(item, arrays) for key, item in spec.items()}
    if isinstance(spec, list):
        return [_value(item, arrays) for item in spec]
    return spec


def _target(path):
    module_name, _, qualname = path.partition(":")
    value = importlib.import_module(module_name)
    for part in qualname.split("."):
        value = getattr(value, part)
    return value


def _copies(values, codes):
    """As the child does (child.py ``_snapshot``): each input array and its copy, by code."""
    found = []
    for code, value in zip(codes, values):
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, np.ndarray):
                found.append((code, item, item.copy()))
    return found


def _note_changed(value, copies):
    changed = sorted({code for code, a, b in copies if not np.array_equal(a, b, equal_nan=True)})
    if changed:  # as the child's encoder sends them: 0-d integer arrays
        value["changed"] = [np.array(code) for code in changed]


class InProcessChild:
    """Answers the hidden grader's requests here, as its child does in its sandbox
    (instructor/grader/child.py, which only runs as a confined process)."""

    def request(self, header, arrays, wall=None):
        from instructor.grader import runner

        args, kwargs = (
            _value(header.get("args", []), arrays),
            _value(header.get("kwargs", {}), arrays),
        )
        if header["op"] == "call":
            before = _copies(args, range(len(args)))
            result = _target(header["target"])(*args, **kwargs)
            value = {"result": result, "args": [args[i] for i in header.get("return_args", [])]}
            _note_changed(value, before)
        elif header["op"] == "backward":
            out, cache = _target(header["forward"])(*args, **kwargs)
            dout = _value(header["dout"], arrays)
            before = _copies([dout, cache], [CHANGED_DOUT, CHANGED_CACHE])
            backward = _target(header["backward"])
            names, calls = backward.__globals__, []  # as child.py's _count_calls_of
            originals = {name: names[name] for name in header.get("others", [])}

            def counted(function):
                def call(*rest, **options):
                    calls.append(1)
                    return function(*rest, **options)

                return call

            names.update({name: counted(function) for name, function in originals.items()})
            try:
                grads = backward(dout, cache)
            finally:
                names.update(originals)
            value = {"forward": (out, None), "grads": grads}
            if originals:
                value["other_calls"] = np.array(len(calls))
            _note_changed(value, before)
        else:
            model = _target(header["target"])(*args, **kwargs)
            results = []
            names = type(model).loss.__globals__  # as child.py's _record_inputs
            recorded, original = [], names.get(header.get("record"))

            def record(*rest, **options):
                x = rest[0] if rest else options.get("x")
                recorded.append(np.array(np.shape(x), dtype=np.int64))
                return original(*rest, **options)

            if original is not None:
                names[header["record"]] = record
            try:
                for call in header.get("calls", []):
                    for name, item in _value(call.get("set", {}), arrays).items():
                        setattr(model, name, dict(item) if name == "params" else item)
                    results.append(model.loss(*_value(call["args"], arrays)))
            finally:
                if original is not None:
                    names[header["record"]] = original
            value = {"params": dict(model.params), "results": results}
            if original is not None:
                value["recorded"] = recorded
        return runner.Answer(runner.OK, value)


@pytest.fixture(scope="module")
def hidden_checks():
    from shared_builds import build_checks

    return {c.name: c for c in build_checks(20)}


@pytest.mark.parametrize("mistake_id", sorted(HIDDEN))
def test_the_hidden_grader_reports_the_hint_in_results_json(
    monkeypatch, tmp_path, hidden_checks, mistake_id
):
    from instructor.grader.grade import CheckResult, SubmissionResult, judge_check
    from instructor.grader.report import results_json

    (_, file, old, new, check, _) = [m for m in MISTAKES if m[0] == mistake_id][0]
    real, mutant = load_mutant(file, old, new, tmp_path)
    install(monkeypatch, real, mutant)
    status, message = judge_check(hidden_checks[check], InProcessChild())
    assert status == FAILED, message
    result = CheckResult("part", check, status, 0.0, 1.0, message)
    output = results_json(SubmissionResult("s", [result]))["tests"][0]["output"]
    hints = [line for line in output.splitlines() if line.startswith("hint: ")]
    assert hints, output
    for part in HIDDEN[mistake_id]:
        assert any(part in line for line in hints), output


# --------------------------------------------------------------------------------------------
# Held-out mistakes (tests/diagnose_heldout.py): real mistakes, graded without an error
# --------------------------------------------------------------------------------------------


def _held_out():
    from diagnose_heldout import HELD_OUT, HELD_OUT_2, HELD_OUT_3, NOT_FLAGGED

    return [m for m in HELD_OUT + HELD_OUT_2 + HELD_OUT_3 if m[0] not in NOT_FLAGGED]


@pytest.mark.parametrize("mistake", _held_out(), ids=[m[0] for m in _held_out()])
def test_a_held_out_mistake_fails_and_its_hints_come_without_error(monkeypatch, tmp_path, mistake):
    _, file, old, new, check, _ = mistake
    result = run_mutation(monkeypatch, tmp_path, file, old, new, check)
    assert result.status == FAILED, report(result)
    findings = [(m.label, m.passed, m.symptoms) for m in result.measurements]
    if findings:
        assert (changed_inputs() or hints.check_hints(check, findings)) == result.hints


# --------------------------------------------------------------------------------------------
# No wrong hint: a symptom that follows from another mistake names only that mistake
# --------------------------------------------------------------------------------------------

NOT_SAID = [  # (mutation, check, text no hint may contain)
    (  # weights 33 times too large: their mean is large too, but they are centred
        (
            "classifiers/fc_net.py",
            'self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)',
            'self.params[f"W{i}"] = np.random.randn(fan_in, fan_out)',
        ),
        "FullyConnectedNet.__init__",
        "not centered",
    ),
    (  # test mode with the running averages but without gamma: not the batch's statistics
        (
            "layers.py",
            "out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
            "out = (x - running_mean) / np.sqrt(running_var + eps) + beta",
        ),
        "batchnorm_forward",
        "train mode's output",
    ),
]


@pytest.mark.parametrize("case", NOT_SAID, ids=[c[1] for c in NOT_SAID])
def test_a_consequence_is_not_named_as_a_cause(monkeypatch, tmp_path, case):
    (file, old, new), check, wrong = case
    result = run_mutation(monkeypatch, tmp_path, file, old, new, check)
    assert result.status == FAILED and result.hints, report(result)
    assert not any(wrong in hint for hint in result.hints), report(result)


def test_test_time_scores_that_depend_on_nothing_get_no_running_average_hint(monkeypatch, tmp_path):
    """Beta (zeros) passed as gamma: every normalized layer outputs 0, so test-time scores
    depend neither on X nor on the running averages; the hint about bn_params kept in a copy
    would be wrong (found after set J)."""
    result = run_mutation(
        monkeypatch,
        tmp_path,
        F_NET,
        '                self.params.get(f"gamma{i}"),\n',
        '                self.params.get(f"beta{i}"),\n',
        "FullyConnectedNet.loss[batchnorm]",
    )
    text = report(result)
    assert result.status == FAILED, text
    assert "do not depend on X" in text, text
    assert not any("running averages" in hint for hint in result.hints), text
