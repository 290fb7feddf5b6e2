"""Held-out round 11 (docs/heldout_round11.md), the gamed points: rows 7 and 22, a graded function
scored in the hidden grader by calling a helper shipped in provided code (a batchnorm backward
pass in gradient_check.py, a one-image convolution in vis_utils.py); row 5, the local grader's
"fresh" draws fixed by a seed the student's layers.py set when imported."""

import numpy as np
import pytest
from heldout3_support import MASTER, grade_checks, patched_submission
from sandbox_support import isolation_or_skip
from shared_builds import build_checks, release_tree
from test_heldout10_release import _table  # a lookup table of known inputs' answers

from cs231n import layers
from cs231n.grading import FAILED, PASSED, REGISTRY, core
from cs231n.grading.core import run_check, run_check_isolated
from instructor.grader import sandbox
from instructor.grader.sandbox import Workspace

# ---------------------------------------------------------------------------------------------
# Rows 7 and 22: provided modules the graded files do not need are stand-ins while grading
# ---------------------------------------------------------------------------------------------

# Rows 8 and 13's helpers, as a TA shipped them (the behavioural check missed both): appended to
# the release's files here, so the hidden grader is tested whatever the release's checks find.
SHIPPED_HELPERS = {
    "cs231n/gradient_check.py": '''

def analytic_bn_grads(x, gamma, dout, eps=1e-5):
    """Reference gradients for the batchnorm gradient-check demo."""
    count = x.shape[0]
    centre = x - x.mean(axis=0)
    spread = np.sqrt(np.mean(centre**2, axis=0) + eps)
    normed = centre / spread
    dnormed = dout * gamma
    part = count * dnormed - dnormed.sum(axis=0) - normed * np.sum(dnormed * normed, axis=0)
    return part / (count * spread), np.sum(dout * normed, axis=0), np.sum(dout, axis=0)
''',
    "cs231n/vis_utils.py": '''

def _filter_image(image, filters, bias, stride=1, pad=0):
    """Responses of one (C, H, W) image to a bank of filters (F, C, HH, WW)."""
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
''',
}
BN_BY_THE_HELPER = """
def batchnorm_backward(dout, cache):
    from cs231n.gradient_check import analytic_bn_grads

    x_hat, inv_std, gamma = cache
    x = x_hat / inv_std  # normalised as the input was (batchnorm ignores the shift)
    eps = float(np.mean(1.0 / inv_std**2 - np.mean(x**2, axis=0)))
    return analytic_bn_grads(x, gamma, dout, eps=eps)
"""
CONV_BY_THE_HELPER = """
def conv_forward_naive(x, w, b, conv_param):
    from cs231n.vis_utils import _filter_image

    stride, pad = conv_param["stride"], conv_param["pad"]
    out = np.stack([_filter_image(image, w, b, stride, pad) for image in x])
    return out, (x, w, b, conv_param)
"""
HONEST_IMPORT = "import numpy as np\nfrom cs231n.gradient_check import rel_error  # noqa: F401\n"
GRADED = ("affine_forward", "batchnorm_backward", "conv_forward_naive", "max_pool_forward_naive")
REASON = "{} is not available while grading: a graded function computes its answer itself"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One grading run: the master's files with the honest import at the top of layers.py and
    both graded functions calling the shipped helpers, on a check of each sandbox and both
    gamed checks; the helpers work in the release (checked in process first)."""
    files = release_tree(MASTER)
    for relpath, helper in SHIPPED_HELPERS.items():
        files[relpath] += helper.encode("utf-8")
    namespace = {"np": np}
    for helper in SHIPPED_HELPERS.values():
        exec(helper, namespace)
    x, w, b = np.random.randn(2, 3, 7, 7), np.random.randn(4, 3, 3, 3), np.random.randn(4)
    expected = layers.conv_forward_naive(x, w, b, {"stride": 2, "pad": 1})[0]
    found = np.stack([namespace["_filter_image"](image, w, b, 2, 1) for image in x])
    assert np.allclose(found, expected)  # the leak is real: without stand-ins, a point
    workspace = Workspace(files, isolation_or_skip())
    try:
        folder = patched_submission(
            tmp_path_factory.mktemp("row7"),
            [
                ("cs231n/layers.py", "batchnorm_backward", BN_BY_THE_HELPER),
                ("cs231n/layers.py", "conv_forward_naive", CONV_BY_THE_HELPER),
            ],
        )
        path = folder / "cs231n/layers.py"
        path.write_text(path.read_text().replace("import numpy as np\n", HONEST_IMPORT, 1))
        checks = {c.name: c for c in build_checks(seed=11)}
        yield grade_checks(folder, [checks[name] for name in GRADED], workspace), workspace
    finally:
        workspace.remove()


def test_a_graded_function_calling_a_shipped_helper_scores_zero_with_the_reason(graded):
    results, _ = graded
    for name, helper in (
        ("batchnorm_backward", "cs231n.gradient_check.analytic_bn_grads"),
        ("conv_forward_naive", "cs231n.vis_utils._filter_image"),
    ):
        assert results[name].score == 0, results[name].message
        assert REASON.format(helper) in results[name].message
        assert "(at layers.py:" in results[name].message  # where the graded function called it
    # the honest import at the top of layers.py costs nothing, in either sandbox
    assert results["affine_forward"].status == results["max_pool_forward_naive"].status == PASSED


def test_the_sandboxes_hold_stand_ins_for_what_graded_code_does_not_import(graded):
    _, workspace = graded
    real = {"cs231n/layers.py", "cs231n/checks.py", "cs231n/fast_layers.py", "cs231n/im2col.py"}
    real |= {"cs231n/__init__.py", "cs231n/exception_hints.py", "cs231n/hints.py"}
    kept = sandbox.graded_code_modules(workspace.files)
    assert real <= kept and not {"cs231n/gradient_check.py", "cs231n/vis_utils.py"} & kept
    for variant in ("full", "naive"):
        seen = workspace.files_for(variant)
        for relpath in ("cs231n/gradient_check.py", "cs231n/vis_utils.py", "cs231n/solver.py"):
            assert b"_StandIn(" in seen[relpath] and seen[relpath] != workspace.files[relpath]
        assert seen["cs231n/checks.py"] == workspace.files["cs231n/checks.py"]
    assert "cs231n/fast_layers.py" not in workspace.files_for("naive")  # as before
    assert b"_StandIn(" in workspace.files_for("full")["cs231n/grading/core.py"]
    assert (
        workspace.files_for("full")["cs231n/fast_layers.py"]
        == workspace.files["cs231n/fast_layers.py"]
    )


def test_a_stand_in_imports_keeps_the_importers_numpy_and_raises_one_clear_error():
    source = (MASTER / "cs231n/gradient_check.py").read_text()
    text = sandbox.stand_in("cs231n/gradient_check.py", source)
    namespace = {"np": np}
    module = {"__name__": "cs231n.gradient_check"}
    exec(compile(text, "gradient_check.py", "exec"), module)
    assert "np" not in module and "rel_error" in module["__all__"]
    namespace.update({name: module[name] for name in module["__all__"]})  # a star import
    assert namespace["np"] is np
    with pytest.raises(RuntimeError) as raised:
        namespace["eval_numerical_gradient_array"](lambda x: x, np.zeros(2), np.ones(2))
    assert str(raised.value) == REASON.format("cs231n.gradient_check.eval_numerical_gradient_array")
    solver = sandbox.stand_in("cs231n/solver.py", (MASTER / "cs231n/solver.py").read_text())
    module = {"__name__": "cs231n.solver"}
    exec(compile(solver, "solver.py", "exec"), module)
    with pytest.raises(RuntimeError, match=r"^cs231n\.solver\.Solver\.train is not available"):
        module["Solver"].train()


# ---------------------------------------------------------------------------------------------
# Row 5: the seed of the local grader's fresh draws is read when it starts
# ---------------------------------------------------------------------------------------------


def test_a_seed_the_students_file_sets_does_not_fix_the_fresh_draws(monkeypatch):
    check = next(c for c in REGISTRY if c.name == "affine_forward")
    real, known = layers.affine_forward, []

    def logged(x, w, b):
        known.append(np.array(x))
        return real(x, w, b)

    monkeypatch.setattr(core, "CHECK_SEED", 7)
    monkeypatch.setattr(layers, "affine_forward", logged)
    assert run_check(check).status == PASSED  # every input seed 7 gives, recorded
    monkeypatch.setattr(layers, "affine_forward", _table(real, known))
    monkeypatch.setenv("CS231N_CHECK_SEED", "7")  # what the student's layers.py sets
    assert run_check_isolated(check).status == PASSED  # the seed given at the start: the tests'
    monkeypatch.setattr(core, "CHECK_SEED", None)  # a student's run, no seed given at the start
    result = run_check_isolated(check)
    assert result.status == FAILED and "drawn afresh" in result.summary()
