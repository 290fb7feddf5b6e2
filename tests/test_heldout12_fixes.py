"""Held-out round 12 (docs/heldout_round12.md), the fixes: row 1, an affine layer scored in the
hidden grader through the provided fast convolution (a 1x1 `conv_forward_fast`); rows 9 and 11,
a provided module made real for graded code by one import line, silently; row 12, an import by
`importlib.import_module` that the stand-in rule did not see."""

import numpy as np
import pytest
from heldout3_support import grade_checks, patched_submission, sandbox_workspace
from test_release import (  # noqa: F401 (tiny_master: a fixture)
    TINY_LISTS,
    commit_all,
    record,
    tiny_master,
    write_files,
)

from cs231n.grading import PASSED
from instructor import release
from instructor import release_record as RECORD
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


# ---------------------------------------------------------------------------------------------
# Rows 9 and 11: a provided module made real for graded code is named, and confirmed by name
# ---------------------------------------------------------------------------------------------

HELPERS = "import numpy as np\n\n\ndef check_grad(f, x):\n    return np.zeros_like(x)\n"


def test_a_provided_module_made_real_for_graded_code_is_refused_until_confirmed(
    tiny_master,  # noqa: F811 (the fixture)
):
    lists = dict(
        TINY_LISTS,
        provided_files=(*TINY_LISTS["provided_files"], "cs231n/helpers.py", "cs231n/plots.py"),
    )
    write_files(tiny_master, {"cs231n/helpers.py": HELPERS, "cs231n/plots.py": HELPERS})
    commit_all(tiny_master)
    record(tiny_master, ships_code=("cs231n/helpers.py", "cs231n/plots.py"), **lists)
    release.assemble_release(tiny_master, **lists)  # nothing real beyond the expected
    # row 9: a self-test import in a student file's header
    layers = tiny_master / "cs231n" / "layers.py"
    layers.write_text("from .helpers import check_grad  # noqa: F401\n" + layers.read_text())
    commit_all(tiny_master)
    with pytest.raises(RECORD.RecordError) as raised:  # the student file's change confirmed
        release.assemble_release(tiny_master, recording=True, ships_code=("<module>",), **lists)
    message = str(raised.value)
    assert (
        "cs231n/helpers.py becomes real for graded code in the hidden grader (imported by "
        "cs231n/layers.py:1: from .helpers import check_grad  # noqa: F401)"
    ) in message
    assert message.endswith("--ships-code graded-code:cs231n.helpers")
    assert message.count("becomes real") == 1
    record(tiny_master, ships_code=("<module>", "graded-code:cs231n.helpers"), **lists)
    release.assemble_release(tiny_master, **lists)  # confirmed by name: the build goes on
    # row 11 (with row 12's import by a call): the package's __init__ imports another helper
    write_files(
        tiny_master,
        {"cs231n/__init__.py": 'import importlib\n\nimportlib.import_module("cs231n.plots")\n'},
    )
    commit_all(tiny_master)
    for recording in (True, False):  # the record and the build both name it
        with pytest.raises(RECORD.RecordError) as raised:
            release.assemble_release(tiny_master, recording=recording, **lists)
        assert (
            "cs231n/plots.py becomes real for graded code in the hidden grader (imported by "
            'cs231n/__init__.py:3: importlib.import_module("cs231n.plots"))'
        ) in str(raised.value)
        assert "cs231n/helpers.py becomes real" not in str(raised.value)  # confirmed before


def test_the_expected_real_modules_are_the_masters(workspace):
    real = sandbox.graded_code_modules(workspace.files)
    starting = {*sandbox.GRADED_FILES, *sandbox.CALLED_FILES}
    assert real - starting == set(sandbox.EXPECTED_REAL_MODULES)
    assert sandbox.unexpected_real_modules(workspace.files) == {}


# ---------------------------------------------------------------------------------------------
# Row 12: importlib.import_module and __import__ with a constant name are imports
# ---------------------------------------------------------------------------------------------


def test_imports_by_call_with_a_constant_name_count(workspace):
    source = (
        "import importlib\nimport importlib as il\nfrom importlib import import_module as im\n\n"
        "def helper(name):\n"
        '    importlib.import_module("cs231n.vis_utils")\n'
        '    il.import_module(".gradient_check", __package__)\n'
        '    im("..solver", package="cs231n.classifiers")\n'
        '    __import__("cs231n." + "data_utils")\n'
        "    importlib.import_module(name)  # not constant: not seen\n"
    )
    modules = {
        "cs231n",
        "cs231n.vis_utils",
        "cs231n.gradient_check",
        "cs231n.solver",
        "cs231n.data_utils",
        "cs231n.optim",
    }
    assert sandbox.import_sites("cs231n/layer_utils.py", source, modules) == {
        "cs231n": 6,
        "cs231n.vis_utils": 6,
        "cs231n.gradient_check": 7,
        "cs231n.solver": 8,
        "cs231n.data_utils": 9,
    }
    files = dict(workspace.files)
    files["cs231n/layer_utils.py"] += (
        b"\n\ndef _helper():\n    import importlib\n\n"
        b'    return importlib.import_module("cs231n.vis_utils")\n'
    )
    view = sandbox.grading_view(files)
    assert view["cs231n/vis_utils.py"] == files["cs231n/vis_utils.py"]  # real: the helper works
    assert b"_StandIn(" in view["cs231n/solver.py"]
