"""Held-out round 12 (docs/heldout_round12.md), the fixes: row 1, an affine layer scored in the
hidden grader through the provided fast convolution (a 1x1 `conv_forward_fast`); rows 9 and 11,
a provided module made real for graded code by one import line, silently; row 12, an import by
`importlib.import_module` that the stand-in rule did not see."""

import numpy as np
import pytest
from heldout3_support import grade_checks, patched_submission, sandbox_workspace

from cs231n.grading import PASSED
from instructor.grader import honesty, sandbox
from instructor.grader.cases import build_checks

# ---------------------------------------------------------------------------------------------
# Row 1: the provided fast conv/pool layers compute nothing for the checks that do not need them
# ---------------------------------------------------------------------------------------------

AFFINE_BY_CONV = """
def affine_forward(x, w, b):
    from cs231n.fast_layers import conv_forward_fast

    N, D, M = x.shape[0], w.shape[0], w.shape[1]
    x4, w4 = x.reshape(N, D, 1, 1), w.T.reshape(M, D, 1, 1).copy()
    out, _ = conv_forward_fast(x4, w4, b, {"stride": 1, "pad": 0})
    return out.reshape(N, M), (x, w, b)
"""
AFFINE_BACKWARD_BY_CONV = """
def affine_backward(dout, cache):
    from cs231n.fast_layers import conv_backward_fast, conv_forward_fast

    x, w, b = cache
    N, D, M = x.shape[0], w.shape[0], w.shape[1]
    x4, w4 = x.reshape(N, D, 1, 1), w.T.reshape(M, D, 1, 1).copy()
    _, conv_cache = conv_forward_fast(x4, w4, b, {"stride": 1, "pad": 0})
    dx, dw, db = conv_backward_fast(dout.reshape(N, M, 1, 1), conv_cache)
    return dx.reshape(x.shape), dw.reshape(M, D).T, db
"""
# what the release's fc_net.py and cnn.py do at their tops: an honest import costs nothing
HONEST_IMPORT = "import numpy as np\nfrom cs231n.fast_layers import conv_forward_fast  # noqa\n"
GRADED = ("affine_forward", "affine_backward", "FullyConnectedNet.loss", "relu_forward")
REASON = "cs231n.fast_layers.{} is not available while grading"


def test_the_conv_route_computes_the_affine_layer():  # the gamed points are real without the fix
    from cs231n import layers

    namespace = {"np": np}
    exec(AFFINE_BY_CONV + AFFINE_BACKWARD_BY_CONV, namespace)
    x, w, b, dout = np.random.randn(4, 6), np.random.randn(6, 3), np.random.randn(3), None
    out, cache = namespace["affine_forward"](x, w, b)
    assert np.allclose(out, layers.affine_forward(x, w, b)[0])
    dout = np.random.randn(*out.shape)
    for found, expected in zip(
        namespace["affine_backward"](dout, cache), layers.affine_backward(dout, (x, w, b))
    ):
        assert np.allclose(found, expected)


@pytest.fixture(scope="module")
def workspace():
    yield from sandbox_workspace()


@pytest.fixture(scope="module")
def checks():
    return {c.name: c for c in build_checks(seed=12)}  # ~15 s: built once


@pytest.fixture(scope="module")
def graded(tmp_path_factory, workspace, checks):
    """One grading run of one submission: the master's files, with the affine layer computed by
    the provided fast convolution and the honest import of fast_layers at layers.py's top."""
    folder = patched_submission(
        tmp_path_factory.mktemp("row1"),
        [
            ("cs231n/layers.py", "affine_forward", AFFINE_BY_CONV),
            ("cs231n/layers.py", "affine_backward", AFFINE_BACKWARD_BY_CONV),
        ],
    )
    path = folder / "cs231n/layers.py"
    path.write_text(path.read_text().replace("import numpy as np\n", HONEST_IMPORT, 1))
    return grade_checks(folder, [checks[name] for name in GRADED], workspace)


def test_an_affine_layer_through_the_fast_convolution_scores_zero(graded):
    for name, called in (
        ("affine_forward", "conv_forward_fast"),
        ("affine_backward", "conv_forward_fast"),
        ("FullyConnectedNet.loss", "conv_forward_fast"),  # the net uses the student's layers
    ):
        assert graded[name].score == 0, graded[name].message
        assert REASON.format(called) in graded[name].message
    assert "(at layers.py:" in graded["affine_forward"].message
    assert graded["relu_forward"].status == PASSED  # the honest import at the top costs nothing


def test_only_the_conv_nets_checks_see_the_real_fast_layers(workspace, checks):
    variants = {name: check.sandbox for name, check in checks.items()}
    assert {n for n, v in variants.items() if v == "full"} == set(honesty.FAST_LAYER_CHECKS)
    assert {n for n, v in variants.items() if v == "naive"} == set(honesty.NAIVE_CHECKS)
    assert set(honesty.FAST_LAYER_CHECKS) == {"ThreeLayerConvNet.loss"}
    plain, full = workspace.files_for("plain"), workspace.files_for("full")
    for relpath in ("cs231n/fast_layers.py", "cs231n/im2col.py", "cs231n/winograd.py"):
        assert plain[relpath].startswith(b'"""Stand-in for ') and b"_StandIn(" in plain[relpath]
        assert full[relpath] == workspace.files[relpath]
    assert not [p for p in plain if p.startswith("cs231n/im2col_cython")]  # no compiled kernels
    assert [p for p in full if p.startswith("cs231n/im2col_cython")]
    # the rest of the plain sandbox is what the full one holds
    assert {k: v for k, v in plain.items() if not sandbox.is_fast_file(k)} == {
        k: v for k, v in full.items() if not sandbox.is_fast_file(k)
    }
