"""Held-out round 6 (docs/heldout_round6.md), students against the hidden grader: rows 1 and 2,
the losses' dx by finite differences of the student's own loss (every loss input was small),
and row 10, backward passes by an automatic-differentiation library the grading interpreter
happened to hold (the child saw the interpreter's whole site-packages)."""

import importlib.util
import inspect

import pytest
from heldout3_support import grade_checks, patched_submission, sandbox_workspace
from shared_builds import build_checks

from cs231n import layers
from instructor.grader import sandbox

LAYERS = "cs231n/layers.py"
LOSSES = ("softmax_loss", "svm_loss")


@pytest.fixture(scope="module")
def workspace():
    yield from sandbox_workspace()


@pytest.fixture(scope="module")
def checks():
    names = (*LOSSES, "affine_forward")
    return {c.name: c for c in build_checks(seed=61) if c.name in names}


# Row 1: the loss honest, dx by a complex step of a private copy of it, one score at a time.
SOFTMAX_BY_COMPLEX_STEP = """
def softmax_loss(x, y):
    def _only(z):
        shifted = z - z.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return -log_probs[np.arange(z.shape[0]), y].mean()
    dx = np.zeros_like(x, dtype=float)
    for index in np.ndindex(*x.shape):
        z = x.astype(complex)
        z[index] += 1e-30j
        dx[index] = _only(z).imag / 1e-30
    return float(_only(x).real), dx
"""
# Row 2: coloured central differences, one pass per class column over every row at once.
SVM_BY_COLOURED_DIFFERENCES = """
def svm_loss(x, y):
    N, C = x.shape
    def _rows(z):
        margins = np.maximum(0, z - z[np.arange(N), y][:, None] + 1.0)
        margins[np.arange(N), y] = 0
        return margins.sum(axis=1)
    dx = np.zeros_like(x)
    for j in range(C):
        up, down = x.copy(), x.copy()
        up[:, j] += 1e-6
        down[:, j] -= 1e-6
        dx[:, j] = (_rows(up) - _rows(down)) / 2e-6 / N
    return _rows(x).sum() / N, dx
"""
# Honest, and as slow as honest code gets: Python loops over every score.
SOFTMAX_SCALAR_LOOPS = """
def softmax_loss(x, y):
    N, C = x.shape
    loss, dx = 0.0, np.zeros_like(x)
    for i in range(N):
        m = max(x[i, j] for j in range(C))
        exps = [np.exp(x[i, j] - m) for j in range(C)]
        total = sum(exps)
        loss -= np.log(exps[y[i]] / total)
        for j in range(C):
            dx[i, j] = exps[j] / total - (j == y[i])
    return loss / N, dx / N
"""


@pytest.mark.parametrize(
    "name, source",
    [("softmax_loss", SOFTMAX_BY_COMPLEX_STEP), ("svm_loss", SVM_BY_COLOURED_DIFFERENCES)],
    ids=["softmax-complex-step", "svm-coloured-differences"],
)
def test_a_loss_gradient_by_differences_scores_0(checks, workspace, tmp_path, name, source):
    folder = patched_submission(tmp_path, [(LAYERS, name, source)])
    result = grade_checks(folder, [checks[name]], workspace)[name]
    assert result.score == 0, result.message
    assert "large input (x (2, 65536)" in result.message and "timed out" in result.message


def test_honest_losses_keep_their_points_even_as_scalar_loops(checks, workspace, tmp_path):
    results = grade_checks(
        patched_submission(tmp_path / "master"), [checks[n] for n in LOSSES], workspace
    )
    assert [results[n].score for n in LOSSES] == [1.0, 1.0], [results[n].message for n in LOSSES]
    folder = patched_submission(
        tmp_path / "loops", [(LAYERS, "softmax_loss", SOFTMAX_SCALAR_LOOPS)]
    )
    result = grade_checks(folder, [checks["softmax_loss"]], workspace)["softmax_loss"]
    assert result.score == 1.0, result.message


# Row 10: only the distributions of requirements.txt (and their dependencies) are importable.
FORWARD = inspect.getsource(layers.affine_forward)
IMPORTS = """
def affine_forward(x, w, b):
    import importlib, sys
    for name in NAMES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        raise RuntimeError(f"imported {name}")
    for folder in list(sys.path):  # its folder put on the path again changes nothing
        sys.path.append(folder)
    return _honest(x, w, b)
"""


def test_only_the_course_requirements_are_importable_in_the_sandbox(checks, workspace, tmp_path):
    # hypothesis and pytest_xdist are test requirements (requirements-test.txt), never the
    # course's: installed wherever this test runs. torch is checked when it is installed.
    names = ["hypothesis", "xdist", "nbval"]
    if importlib.util.find_spec("torch") is not None:
        names.append("torch")
    source = IMPORTS.replace("NAMES", repr(names))
    honest = FORWARD.replace("def affine_forward", "def _honest", 1)
    folder = patched_submission(tmp_path, [(LAYERS, "affine_forward", source)], [(LAYERS, honest)])
    result = grade_checks(folder, [checks["affine_forward"]], workspace)["affine_forward"]
    assert result.score == 1.0, result.message  # numpy imports, the others do not


def test_the_allowed_packages_are_the_requirements_and_their_dependencies():
    allowed = set().union(*sandbox.allowed_packages().values())
    assert {"numpy", "matplotlib", "PIL", "dateutil", "tqdm"} <= allowed
    assert not {"hypothesis", "xdist", "nbval", "torch", "scipy"} & allowed
    assert sandbox.requirement_names()[:3] == ["numpy", "matplotlib", "pillow"]
