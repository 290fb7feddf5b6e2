"""Hints from exceptions, key lists and state not written back (cs231n.exception_hints).

Student code is simulated by functions compiled with the file name of a student file (their
source registered with linecache, as Python does for a file on disk); the last tests run the
mechanism where it is used: the local grader's `run_check` and the hidden grader's sandbox.
"""

import linecache
import shutil
from pathlib import Path

import numpy as np
import pytest

from cs231n import exception_hints
from cs231n.exception_hints import (
    clean_facts,
    crash_hints,
    exception_facts,
    failure_hints,
    key_hints,
)
from cs231n.grading import FAILED, PASSED, Check, all_checks, run_check

ROOT = Path(__file__).resolve().parent.parent
STUDENT = "/course/cs231n/layers.py"
NET = "/course/cs231n/classifiers/cnn.py"
PROVIDED = "/course/cs231n/layer_utils.py"
CHECKING = "/course/cs231n/grading/checks_fake.py"


@pytest.fixture
def files():
    """``define(filename, source)``: the functions of ``source``, as if read from that file."""
    defined = []

    def define(filename, source, **names):
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        defined.append(filename)
        namespace = {"np": np, **names}
        exec(compile(source, filename, "exec"), namespace)
        return namespace

    yield define
    for filename in defined:
        linecache.cache.pop(filename, None)


def raised(function, *args):
    try:
        function(*args)
    except Exception as error:
        return error
    raise AssertionError("expected an exception")


def hints_of(function, *args, check=""):
    return crash_hints(raised(function, *args), check)


def test_builtin_max_on_an_array(files):
    code = files(STUDENT, "def relu_forward(x):\n    out = max(x, 0)\n    return out\n")
    found = hints_of(code["relu_forward"], np.ones((3, 4)), check="relu_forward")
    assert len(found) == 1 and "Python's built-in max" in found[0] and "np.maximum" in found[0]


def test_if_on_an_array(files):
    code = files(STUDENT, "def f(x):\n    if x > 0:\n        return x\n    return 0\n")
    assert "got an array as its condition" in hints_of(code["f"], np.ones(3))[0]


def test_float_size_computed_with_a_division(files):
    source = (
        "def conv(x, stride):\n"
        "    H_out = 1 + (x.shape[0] - 1) / stride\n"
        "    for i in range(H_out):\n"
        "        pass\n"
    )
    code = files(STUDENT, source)
    [hint] = hints_of(code["conv"], np.ones(5), 2)
    assert hint.startswith("H_out is a float (3.0): computed with /")


def test_float_size_not_from_a_division_says_only_what_is_certain(files):
    code = files(STUDENT, "def f(n):\n    return np.zeros(n * 0.5)\n")
    [hint] = hints_of(code["f"], 4)
    assert "computed with" not in hint and "an integer" in hint


def test_none_from_the_cache_names_the_forward_function(files):
    source = (
        "def dropout_backward(dout, cache):\n"
        "    dropout_param, mask = cache\n"
        "    return dout * mask\n"
    )
    code = files(STUDENT, source)
    [hint] = hints_of(code["dropout_backward"], np.ones(3), ({}, None))
    assert hint.startswith(
        "mask is None: it comes from cache, which holds None in that place; dropout_forward"
    )


def test_a_cache_from_another_forward_function(files):
    utils = files(
        PROVIDED,
        "def affine_relu_backward(dout, cache):\n    fc_cache, relu_cache = cache\n",
    )
    net = files(
        NET,
        "def loss(d):\n    cache2 = (1, 2, 3)\n    return affine_relu_backward(d, cache2)\n",
        affine_relu_backward=utils["affine_relu_backward"],
    )
    found = hints_of(net["loss"], 0)
    assert found[0].startswith(
        "affine_relu_backward got cache2, a cache of 3 items, and unpacks 2: in loss, cache2 was "
        "not made by affine_relu_forward"
    )


def test_matrix_product_names_both_operands_and_the_sizes_that_differ(files):
    code = files(STUDENT, "def affine_backward(dout, w):\n    return dout @ w\n")
    [hint] = hints_of(code["affine_backward"], np.ones((4, 5)), np.ones((3, 5)))
    assert hint.startswith("in dout @ w, dout has shape (4, 5) and w has shape (3, 5)")
    assert "dout's last axis (5) to equal w's first axis (3)" in hint


def test_broadcast_names_the_operands_and_the_axis(files):
    code = files(STUDENT, "def f(x, mean):\n    return (x - mean) * 2\n")
    [hint] = hints_of(code["f"], np.ones((4, 3)), np.ones(4))
    assert hint.startswith("x has shape (4, 3) and mean has shape (4,): they disagree in axis 1")


def test_a_reduction_without_keepdims(files):
    source = "def f(x):\n    mean = x.mean(axis=1)\n    return x - mean\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((4, 3)))
    assert found[1].startswith("mean comes from x.mean over axis 1 without keepdims=True")
    source = "def f(x):\n    return np.exp(x) / np.sum(np.exp(x), axis=1)\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((4, 3)))
    assert found[0].startswith("np.exp(x) has shape (4, 3) and np.sum(np.exp(x), axis=1) has")
    assert found[1].startswith("np.sum(np.exp(x), axis=1) comes from np.sum over axis 1")
    source = "def f(x):\n    return x - np.log(x.sum(axis=1))\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((4, 3)))
    assert found[1].startswith("np.log(x.sum(axis=1)) comes from x.sum over axis 1")
    source = "def f(x):\n    mean = x.mean(axis=0)\n    return x - mean[:2]\n"
    assert len(hints_of(files(STUDENT, source)["f"], np.ones((4, 3)))) <= 1  # not that


def test_padding_mistakes_of_a_convolution(files):
    source = (
        "def conv_forward_naive(x, w):\n"
        "    x_pad = np.pad(x, 1)\n"
        "    window = x_pad[0, :, 0:3, 0:3]\n"
        "    return window * w[0]\n"
    )
    found = hints_of(
        files(STUDENT, source)["conv_forward_naive"], np.ones((2, 3, 4, 4)), np.ones((2, 3, 3, 3))
    )
    assert any("np.pad padded axes 0, 1, 2 and 3" in h for h in found), found
    source = (
        "def conv_backward_naive(x, dw):\n"
        "    x_pad = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))\n"
        "    dw[0] += x[0, :, 2:5, 2:5]\n"
    )
    found = hints_of(
        files(STUDENT, source)["conv_backward_naive"], np.ones((2, 3, 4, 4)), np.zeros((2, 3, 3, 3))
    )
    assert any(h.startswith("the window is sliced from x, the input before padding") for h in found)


def test_list_index_past_the_end(files):
    code = files(STUDENT, "def f(dims):\n    for i in range(1, 4):\n        dims[i]\n")
    [hint] = hints_of(code["f"], [1, 2, 3])
    assert hint == "dims[i]: the index is 3, but dims is a list of 3 entries (indices 0 to 2)"


def test_in_place_update_and_slice_assignment_name_both_shapes(files):
    code = files(STUDENT, "def f(db, dout):\n    db += dout\n    return db\n")
    [hint] = hints_of(code["f"], np.zeros(3), np.ones((2, 3)))
    assert hint.startswith("db += ...: db has shape (3,) but the value has shape (2, 3)")
    code = files(STUDENT, "def f(out, x):\n    out[0, :2] = x\n")
    [hint] = hints_of(code["f"], np.zeros((2, 3)), np.ones(3))
    assert hint.startswith("out[0, :2] = x: the slice has shape (2,) but the value has shape (3,)")


def test_python_and_numpy_calls_that_take_other_arguments(files):
    code = files(STUDENT, "import math\ndef f(x):\n    return math.exp(x)\n")
    assert hints_of(code["f"], np.ones(3))[0].startswith("math.exp works on one number")
    code = files(STUDENT, "def f(a, b):\n    return np.zeros(a, b)\n")
    assert hints_of(code["f"], 2, 3)[0].startswith("np.zeros takes the shape as one tuple")
    code = files(STUDENT, "def f(a, b):\n    return np.random.randn((a, b))\n")
    assert "separate numbers" in hints_of(code["f"], 2, 3)[0]


def test_unbound_name_and_a_tuple_used_as_an_array(files):
    source = (
        "def dropout_forward(x, mode):\n    if mode == 'train':\n        out = x\n    return out\n"
    )
    code = files(STUDENT, source)
    [hint] = hints_of(code["dropout_forward"], 1, "test")
    assert hint.startswith("out is read in dropout_forward before any value was given to it")
    code = files(
        STUDENT,
        "def relu_forward(x):\n    return x, x\n"
        "def loss(x):\n    h = relu_forward(x)\n    return h * 0.5\n",
    )
    [hint] = hints_of(code["loss"], 1.0)
    assert hint.startswith("h is a tuple of 2 items, what relu_forward returns")
    code = files(STUDENT, "def f(x):\n    shape = np.shape(x)\n    return shape * 0.5\n")
    assert hints_of(code["f"], np.ones(3)) == []  # a tuple that is not a layer's result


def test_a_reshape_to_another_size_names_the_array_and_its_shape(files):
    code = files(STUDENT, "def f(x, N):\n    return x.reshape(N, 4)\n")
    [hint] = hints_of(code["f"], np.ones((2, 3)), 2)
    assert hint.startswith("x has shape (2, 3), 6 entries, and cannot be reshaped to (2,4)")


def test_python_type_mistakes(files):
    code = files(STUDENT, "def f(params, i):\n    return params['W' + i]\n")
    assert hints_of(code["f"], {}, 1)[0].startswith("a str and an int were joined with +")
    code = files(STUDENT, "def f_backward(dout, cache):\n    return dout * cache['x']\n")
    assert hints_of(code["f_backward"], 1, (1, 2))[0].startswith("cache is a tuple of 2 items")
    code = files(STUDENT, "def loss(params):\n    return params['W0']\n")
    assert hints_of(code["loss"], {"W1": 1}, check="FullyConnectedNet.loss")[0].startswith(
        "the layers' parameters are numbered from 1"
    )
    code = files(STUDENT, "def f(x):\n    return np.zeros(x, x, x, x)\n")
    assert hints_of(code["f"], 2)[0].startswith("np.zeros takes the shape as one tuple")
    code = files(STUDENT, "def f(x):\n    return np.random.rand(x.shape) < 0.5\n")
    assert "separate numbers" in hints_of(code["f"], np.ones((2, 3)))[0]


def test_numbers_written_into_a_boolean_or_integer_array(files):
    source = "def f(x):\n    dx = x > 0\n    dx[np.arange(2), 1] -= dx.sum(axis=1)\n    return dx\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((2, 3)))
    assert found[0].startswith("dx is a boolean array") and "astype" in found[0]
    source = "def f(x):\n    mask = x > 0\n    return np.divide(mask, 2, out=mask)\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones((2, 3)))
    assert found[0].startswith("an in-place operation (divide) writes numbers into a boolean")
    source = "def f(y):\n    counts = np.zeros(3, dtype=int)\n    counts /= y.size\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones(3))
    assert found[0].startswith("an in-place operation (divide) writes fractional numbers")
    source = "def f(x):\n    return (x > 0) - (x > 1)\n"
    found = hints_of(files(STUDENT, source)["f"], np.ones(3))
    assert found[0].startswith("numpy does not subtract boolean arrays")
    # A float array written into another float array raises nothing to explain.
    source = "def f(x):\n    raise TypeError('Cannot cast ufunc add output')\n"
    assert hints_of(files(STUDENT, source)["f"], np.ones(3)) == []


WINDOW = np.arange(4.0).reshape(2, 2)


def test_a_flat_argmax_used_as_a_row_index(files):
    source = (
        "def max_pool_backward_naive(window, dx):\n"
        "    idx = np.argmax(window)\n"
        "    dx[idx, 0] = 1\n"
    )
    found = hints_of(files(STUDENT, source)["max_pool_backward_naive"], WINDOW, np.ones((2, 2)))
    assert found[0].startswith("idx comes from np.argmax without an axis")
    source = source.replace("np.argmax(window)", "np.argmax(window, axis=0)[0] + 5")
    found = hints_of(files(STUDENT, source)["max_pool_backward_naive"], WINDOW, np.ones((2, 2)))
    assert not any("argmax" in h for h in found)


def test_a_gradient_allocated_with_douts_shape(files):
    source = (
        "def max_pool_backward_naive(dout, x):\n"
        "    dx = np.zeros_like(dout)\n"
        "    dx[0, 3] += dout[0, 1]\n"
    )
    code = files(STUDENT, source)["max_pool_backward_naive"]
    found = hints_of(code, np.ones((2, 2)), np.ones((4, 4)), check="max_pool_backward_naive")
    assert found == [
        "dx has dout's shape, (2, 2), not x's, (4, 4): dx is the gradient of x, so it is "
        "allocated with x's shape (indices into x run past the end of an array of dout's size)"
    ]
    # dx of x's shape: the index itself runs too far, and the allocation is not blamed.
    found = hints_of(code, np.ones((2, 2)), np.ones((2, 2)), check="max_pool_backward_naive")
    assert found and not any("dout's shape" in h for h in found)
    # A broadcast while writing into it is explained the same way (after the shapes it names).
    source = (
        "def conv_backward_naive(dout, x):\n    dx = np.zeros_like(dout)\n    dx[0, :] += x[0]\n"
    )
    code = files(STUDENT, source)["conv_backward_naive"]
    found = hints_of(code, np.ones((2, 2)), np.ones((2, 3)), check="conv_backward_naive")
    assert any(h.startswith("dx has dout's shape, (2, 2), not x's, (2, 3)") for h in found)


def test_an_unknown_exception_gets_no_hint(files):
    code = files(STUDENT, "def f(x):\n    raise RuntimeError('something else')\n")
    assert hints_of(code["f"], 1) == []


def test_an_exception_of_checking_code_is_not_blamed_on_the_student(files):
    student = files(STUDENT, "def relu_forward(x):\n    return x\n")
    checking = files(
        CHECKING,
        "def check():\n    out = relu_forward(np.ones(3))\n    return max(out, 0)\n",
        relu_forward=student["relu_forward"],
    )
    error = raised(checking["check"])
    assert exception_facts(error) is None and crash_hints(error) == []
    # ... nor when student code calls checking code that raises
    calls_checking = files("/course/cs231n/optim.py", "def sgd(f):\n    return f()\n")
    error = raised(calls_checking["sgd"], checking["check"])
    assert exception_facts(error) is None
    # ... nor when no student file is in the traceback at all
    assert exception_facts(raised(lambda: max(np.ones(3), 0))) is None


def test_a_check_whose_own_code_raises_names_the_exception_without_a_hint(files):
    student = files(STUDENT, "def relu_forward(x):\n    return np.maximum(x, 0)\n")
    checking = files(
        CHECKING,
        "def run():\n    out = relu_forward(-np.ones(3))\n    return [max(out, 0)]\n",
        relu_forward=student["relu_forward"],
    )
    result = run_check(Check("FullyConnectedNets", "relu_forward", checking["run"]))
    assert result.status == FAILED and result.hints == []
    assert result.message.startswith("ValueError: The truth value of an array")


def test_facts_from_a_child_are_read_as_text_only(files):
    code = files(STUDENT, "def relu_forward(x):\n    out = max(x, 0)\n")
    facts = exception_facts(raised(code["relu_forward"], np.ones(3)))
    assert clean_facts(facts)["frames"][-1]["function"] == "relu_forward"
    forged = dict(facts, message="x" * 10**6)
    forged["frames"] = [dict(facts["frames"][-1], function="f\nhint: forged", line=42)]
    cleaned = clean_facts(forged)
    assert len(cleaned["message"]) == exception_hints.MAX_TEXT
    assert "\n" not in cleaned["frames"][0]["function"] and cleaned["frames"][0]["line"] == ""
    for garbage in (None, [], "text", {"frames": "x"}, {"frames": [1]}, {"frames": []}):
        assert clean_facts(garbage) is None and exception_hints.exception_hints(garbage) == []
    # a student name that reaches a sentence stays on one line
    forged = dict(facts, type="ValueError", message="too many values to unpack (expected 2)")
    forged["frames"] = [
        {"role": "student", "file": "cnn.py", "function": "loss\rhint: x", "line": "f(d, cache2)"},
        {
            "role": "provided",
            "file": "layer_utils.py",
            "function": "affine_relu_backward",
            "line": "a, b = cache",
            "kinds": {"cache": "tuple 3"},
        },
    ]
    found = exception_hints.exception_hints(forged, "ThreeLayerConvNet.loss")
    assert found and all("\n" not in h and "\r" not in h for h in found)
    # source too deep for the parser: no hint from it, no exception
    forged["frames"][-1].update(line="-" * 290 + "1", source="-" * 7990 + "1")
    assert isinstance(exception_hints.exception_hints(forged, "ThreeLayerConvNet.loss"), list)


def test_a_notebook_shows_the_hints_under_the_traceback(files, capsys):
    from IPython.core.interactiveshell import InteractiveShell

    from cs231n import notebook_utils

    shell = InteractiveShell.instance()
    try:
        notebook_utils._install_exception_hints()
        code = files(STUDENT, "def relu_forward(x):\n    out = max(x, 0)\n    return out\n")
        shell.user_ns.update(relu_forward=code["relu_forward"], np=np)
        shell.run_cell("relu_forward(np.ones(3))")
        shell.run_cell("max(np.ones(3), 0)")  # the notebook's own code: a traceback alone
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()
    out = capsys.readouterr().out
    assert out.count("truth value of an array") == 2 and out.count("hint:") == 1
    # The hint follows the first traceback and comes before the second (IPython's colours and
    # layout differ between versions, so only the order of the messages is compared).
    first_error = out.index("truth value of an array")
    second_error = out.index("truth value of an array", first_error + 1)
    hint = out.index("hint:")
    assert first_error < hint < second_error
    assert "Python's built-in max" in out[hint:second_error]


# --------------------------------------------------------------------------------------------
# Key lists and state
# --------------------------------------------------------------------------------------------

PLAIN = ["W1", "W2", "W3", "b1", "b2", "b3"]
NORMED = PLAIN + ["gamma1", "gamma2", "beta1", "beta2"]


@pytest.mark.parametrize(
    "actual, expected, check, hint",
    [
        (NORMED, PLAIN, "FullyConnectedNet.__init__", "should not exist: with normalization=None"),
        (
            PLAIN + ["gamma1", "beta1"],
            NORMED,
            "FullyConnectedNet.__init__[batchnorm]",
            "gamma2 and beta2 missing: each of the 2 hidden layers",
        ),
        (
            PLAIN,
            NORMED,
            "FullyConnectedNet.__init__[layernorm]",
            "missing with normalization='layernorm'",
        ),
        (
            NORMED + ["gamma3", "beta3"],
            NORMED,
            "FullyConnectedNet.__init__[batchnorm]",
            "gamma3/beta3 should not exist: the last affine layer",
        ),
        (
            ["W1", "W2", "b1", "b2"],
            PLAIN,
            "FullyConnectedNet.__init__",
            "W3 and b3 missing: the net has len(hidden_dims) + 1 = 3 affine layers",
        ),
        (
            PLAIN + ["W4", "b4"],
            PLAIN,
            "FullyConnectedNet.__init__",
            "W4 and b4 should not exist",
        ),
        (["W0", "W1", "W2", "b0", "b1", "b2"], PLAIN, "FullyConnectedNet.__init__", "from 1"),
    ],
)
def test_parameter_keys(actual, expected, check, hint):
    found = key_hints("params", actual, expected, check)
    assert any(hint in h for h in found), found


def test_gradient_keys_and_messages_of_the_checks():
    message = f"grads (reg=0.0) has keys {sorted(PLAIN)}, expected {sorted(NORMED)}"
    [hint] = failure_hints("FullyConnectedNet.loss[batchnorm]", message)
    assert hint.startswith("grads has no gamma1, gamma2, beta1 and beta2: every parameter")
    [hint] = key_hints("grads", [k for k in NORMED if k != "W1"] + ["dW1"], NORMED)
    assert hint.startswith("grads has dW1: its keys are the parameters' own names")
    [hint] = key_hints("grads", NORMED + ["W4", "scores"], NORMED)
    assert hint.startswith("grads has W4, which are not in self.params")  # named keys only
    assert key_hints("grads", NORMED, NORMED) == [] and key_hints("params", PLAIN, PLAIN) == []
    for message in (
        "bn_param['running_mean'] after a train step is None (did you forget ...)",
        "spatial_batchnorm_forward did not update bn_param['running_mean']",
    ):
        [hint] = failure_hints("spatial_batchnorm_forward", message)
        assert hint.startswith("bn_param['running_mean'] is not set after the call")
    assert failure_hints("relu_forward", "out has shape (3,), expected (4,)") == []


# --------------------------------------------------------------------------------------------
# Where the hints are used
# --------------------------------------------------------------------------------------------

CHECKS = {c.name: c for c in all_checks()}
EXERCISED = (
    "relu_forward",
    "max_pool_forward_naive",
    "dropout_backward",
    "TwoLayerNet.loss",
    "FullyConnectedNet.__init__",
    "FullyConnectedNet.__init__[batchnorm]",
    "FullyConnectedNet.loss[batchnorm]",
    "spatial_batchnorm_forward",
)


@pytest.mark.parametrize("name", EXERCISED)
def test_the_reference_solution_gets_no_hint(name):
    result = run_check(CHECKS[name])
    assert result.status == PASSED and result.hints == [], result.summary()


MUTATIONS = {  # a student file's line -> a mistake, with the hint its check must give
    "relu_forward": (
        "cs231n/layers.py",
        "    out = np.maximum(x, 0)\n",
        "    out = max(x, 0)\n",
        "Python's built-in max",
    ),
    "dropout_backward": (
        "cs231n/layers.py",
        "    cache = (dropout_param, mask)\n",
        "    cache = (dropout_param, None)\n",
        "mask is None: it comes from cache",
    ),
    "FullyConnectedNet.__init__[batchnorm]": (
        "cs231n/classifiers/fc_net.py",
        "            if normalization is not None and i < self.num_layers:\n",
        "            if normalization is not None:\n",
        "gamma3/beta3 should not exist",
    ),
    "spatial_batchnorm_forward": (
        "cs231n/layers.py",
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, dict(bn_param))\n",
        "into the bn_param dict that was passed in",
    ),
}


def test_the_hidden_grader_gives_the_same_hints(tmp_path):
    """Facts come from the sandboxed child; the parent turns them into hint lines."""
    from sandbox_support import isolation_or_skip

    from cs231n.grading.isolation import Limits
    from instructor.grader.cases import build_checks
    from instructor.grader.grade import grade_submission
    from instructor.grader.sandbox import Workspace, release_tree

    workspace = Workspace(release_tree(ROOT), isolation_or_skip())
    try:
        checks = [c for c in build_checks(seed=5) if c.name in MUTATIONS]
        submission = tmp_path / "student"
        for relpath in ("cs231n/layers.py", "cs231n/classifiers/fc_net.py"):
            (submission / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / relpath, submission / relpath)
        for relpath, old, new, _ in MUTATIONS.values():
            path = submission / relpath
            text = path.read_text()
            assert text.count(old) == 1
            path.write_text(text.replace(old, new))
        limits = Limits(wall=10.0, cpu=60.0, memory_mb=2048)
        result = grade_submission("student", submission, checks, workspace, limits=limits)
    finally:
        workspace.remove()
    messages = {r.name: r.message for r in result.results}
    for name, (_, _, _, hint) in MUTATIONS.items():
        lines = messages[name].splitlines()
        assert any(line.startswith("hint: ") and hint in line for line in lines), messages[name]
