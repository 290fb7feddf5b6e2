"""Defence in depth behind the record of provided code: a behavioural check of the built release
(instructor-only; not shipped to students).

The record (`instructor.release_record.provided_units`) makes new provided code a named decision.
This check asks the question itself: in the release, where every graded function is a stub,
does any provided function compute a graded function's answer? It imports the release's provided
modules and student files (whose code outside the stubs is provided code too) in a child process
(`instructor.oracle_child`, with a time limit per call and for the whole run), defines the
functions and classes of the shipped notebooks' code cells (held-out round 11, row 20), calls
every function, method and class whose signature takes the inputs of a graded function's case (the
test vectors of `cs231n.grading.vectors`, and seeded inputs for every other graded function,
backward passes and losses included, with the expected outputs of the master's own solutions:
`master_cases`), and names those that return an expected output. Provided code is staff code;
the child still runs in a fresh folder with a private HOME and no display.

`ALLOWED` lists what may reproduce a graded answer by design: the fast convolution and pooling
layers, forward and backward (their backward passes accept the naive layers' cache: held-out
round 10's fix, which tries the backward passes too, found them), compute what the naive ones
must (the naive checks' sandbox has no fast layers, held-out round 3 row 2, so a naive layer
cannot call them there); the diagnosis's list of what a wrong
upstream gradient may hold has its positive part (`np.maximum(dout, 0)`), which is ReLU's
forward pass, the formula relu_forward's docstring gives.
"""

import copy
import functools
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

CHILD = Path(__file__).resolve().parent / "oracle_child.py"
RUN_SECONDS = 300  # the whole child (about 30 s of CPU for the course's release, minutes on a
# loaded machine); each call has its own 2 s (`oracle_child.CALL_SECONDS`)

ALLOWED = tuple(
    f"cs231n.fast_layers.{name}:{graded}"
    for graded, names in (
        (
            "conv_forward_naive",
            ("conv_forward_fast", "conv_forward_im2col", "conv_forward_strides"),
        ),
        (
            "max_pool_forward_naive",
            ("max_pool_forward_fast", "max_pool_forward_im2col", "max_pool_forward_reshape"),
        ),
        ("conv_backward_naive", ("conv_backward_fast", "conv_backward_strides")),
        ("max_pool_backward_naive", ("max_pool_backward_reshape",)),
    )
    for name in names
) + ("cs231n.grading.measure.partial_upstreams:relu_forward",)
VECTORS = "cs231n/grading/vectors.py"


SEED = 231  # the inputs of the cases the test vectors do not give


def _trivial(expected, inputs):
    """Whether the expected output ``expected`` is one that legit code returns anyway: all zeros,
    one value everywhere (``np.ones``), an integer scalar (a count), or equal to an input (the
    upstream gradient itself), so that it is not compared with."""
    expected = np.asarray(expected, dtype=float)
    if expected.size == 0 or (expected.size > 1 and np.all(expected == expected.flat[0])):
        return True
    if expected.size == 1 and float(expected) == round(float(expected)):
        return True
    for value in _arrays(inputs):
        if value.shape == expected.shape and np.allclose(value, expected, 1e-5, 1e-7):
            return True
    return False


def _arrays(inputs):
    for value in inputs:
        if isinstance(value, np.ndarray):
            yield value.astype(float)
        elif isinstance(value, (tuple, list)):
            yield from _arrays(value)
        elif isinstance(value, dict):
            yield from _arrays(list(value.values()))


@functools.lru_cache(maxsize=1)
def master_cases():
    """``[(graded function, inputs, expected outputs)]``: what the child compares provided code
    with, built here in the master (instructor-side), which has the reference solutions (the
    child runs the release, where they are stubs, and never imports the master).

    The forward passes and update rules of the test vectors (`cs231n.grading.vectors`), then
    seeded inputs for every other graded function of ``layers.py`` and ``optim.py`` (held-out
    round 10, rows 9-11 and 21: a helper computing the affine backward pass, the softmax loss or
    the conv backward pass shipped because only 7 graded functions were tried): each backward
    pass on ``(dout, cache)`` with the master's own cache, and on ``dout`` with the forward
    inputs (``analytic_affine_grads(x, w, b, dout)``; the child tries other orders), without
    the bias too for the affine and conv layers (``_expected_affine_grads(x, w, dout)``).
    ``batchnorm_backward`` stands for ``batchnorm_backward_alt`` too (same inputs, same
    outputs). Held-out round 11: the affine layer with weights ``(out, in)`` (``w.T``, ``dw.T``
    expected: row 9), conv and pool forward with the images NHWC (row 9) and on one example
    (``x[0]`` gives ``out[0]``, the affine layer's one row too: row 13), the losses with
    one-hot targets (row 11), and the models' ``loss`` (`_model_cases`: row 12). Each expected
    output of a case (dx, dw, db; loss and dx; next_w and the stored config; a model's loss and
    each gradient) is compared on its own, except the `_trivial` ones."""
    from cs231n import layers
    from cs231n.grading import vectors

    rng = np.random.RandomState(SEED)
    found = []

    def case(graded, inputs, outputs):
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        kept = tuple(np.asarray(o, dtype=float) for o in outputs if not _trivial(o, inputs))
        seen = [tuple(map(id, i)) for g, i, _ in found if g == graded]
        if kept and tuple(map(id, inputs)) not in seen:  # relu's cache is x itself
            found.append((graded, tuple(inputs), kept))

    def layer(name, inputs, forward=True, with_inputs=True):
        """The forward case of ``name``, then its backward cases (fresh copies of the inputs:
        batchnorm's forward pass writes its running averages into ``bn_param``)."""
        naive = "_naive" if name in ("conv", "max_pool") else ""
        out, cache = getattr(layers, f"{name}_forward{naive}")(*copy.deepcopy(inputs))
        if forward:
            case(f"{name}_forward{naive}", inputs, out)
        dout = rng.randn(*np.shape(out))
        backward_name = f"{name}_backward{naive}"
        grads = getattr(layers, backward_name)(dout, cache)
        case(backward_name, (dout, cache), grads)
        if not with_inputs:
            return
        # the bias is not needed for the affine and conv gradients: (x, w, dout) too
        unbiased = [inputs[:2] + inputs[3:]] if name in ("affine", "conv") else []
        for given in [inputs, *unbiased]:  # the child tries other orders (dout first)
            case(backward_name, (*given, dout), grads)

    def transposed(x, w, b):
        """The affine layer with weights (out, in), as torch.nn.Linear stores them (row 9):
        forward, and backward with dw.T expected."""
        out, cache = layers.affine_forward(x, w, b)
        case("affine_forward", (x, w.T, b), out)
        dout = rng.randn(*out.shape)
        dx, dw, db = layers.affine_backward(dout, cache)
        case("affine_backward", (x, w.T, dout), (dx, dw.T, db))  # the child tries dout first

    for name in ("affine_forward", "relu_forward", "conv_forward", "max_pool_forward"):
        inputs, expected = getattr(vectors, f"{name}_case")()
        inputs = inputs if isinstance(inputs, tuple) else (inputs,)
        graded = name + ("_naive" if name.startswith(("conv", "max_pool")) else "")
        case(graded, inputs, np.asarray(expected, dtype=float))
        layer(name[: -len("_forward")], inputs, forward=False)
        if name != "relu_forward":  # one example (row 13): x[0] alone gives out[0]
            case(graded, (inputs[0][0], *inputs[1:]), np.asarray(expected, dtype=float)[0])
        if name.startswith(("conv", "max_pool")):  # images NHWC (row 9), out NHWC too
            nhwc = (inputs[0].transpose(0, 2, 3, 1), *inputs[1:])
            case(graded, nhwc, np.asarray(expected, dtype=float).transpose(0, 2, 3, 1))
    transposed(*vectors.affine_forward_case()[0])
    for rule in ("sgd_momentum", "rmsprop", "adam"):
        w, dw, config, expected = vectors.optimizer_case(rule)
        case(rule, (w, dw, config), tuple(expected[key] for key in sorted(expected)))
    scores, labels = rng.randn(6, 5) * 2, rng.randint(5, size=6)
    for loss in ("softmax_loss", "svm_loss"):  # integer labels, then one-hot targets (row 11)
        expected = getattr(layers, loss)(scores, labels)
        case(loss, (scores, labels), expected)
        case(loss, (scores, np.eye(5)[labels]), expected)
    x, gamma, beta = rng.randn(6, 4) * 2 + 1, rng.randn(4), rng.randn(4)
    layer("batchnorm", (x, gamma, beta, {"mode": "train"}))
    layer("layernorm", (x, gamma, beta, {"eps": 1e-5}))
    layer("dropout", (x, {"mode": "train", "p": 0.6, "seed": 7}), with_inputs=False)
    images, channels = rng.randn(2, 4, 3, 3) * 2 + 1, rng.randn(4)
    layer("spatial_batchnorm", (images, channels, rng.randn(4), {"mode": "train"}))
    gamma, beta = rng.randn(1, 4, 1, 1), rng.randn(1, 4, 1, 1)
    layer("spatial_groupnorm", (images, gamma, beta, 2, {"eps": 1e-5}))
    for graded, inputs, outputs in _model_cases(rng):
        case(graded, inputs, outputs)
    return found


def _model_cases(rng):
    """``[(graded, (params, X, y, reg), (loss, *grads))]``: the models' ``loss`` with the
    master's own nets (held-out round 11, row 12: a self-test net in the Solver computed
    ``FullyConnectedNet.loss`` for one hidden layer): a ``FullyConnectedNet`` with one hidden
    layer (``TwoLayerNet``'s shape too) and a small ``ThreeLayerConvNet``, their parameters
    drawn (biases not zero), ``reg`` not zero (the biases' gradients do not depend on it).
    The child gives them to functions (``(params, X, y)``: the subset rule drops ``reg``) and
    to classes constructed with ``params`` (and ``reg``) whose ``loss`` gets ``(X, y)``."""
    from cs231n.classifiers.cnn import ThreeLayerConvNet
    from cs231n.classifiers.fc_net import FullyConnectedNet

    reg = 0.3
    nets = (
        (
            "FullyConnectedNet.loss",
            FullyConnectedNet([7], input_dim=12, num_classes=5, dtype=np.float64),
            (3, 2, 2),
        ),
        (
            "ThreeLayerConvNet.loss",
            ThreeLayerConvNet((3, 6, 6), num_filters=3, filter_size=3, hidden_dim=5, num_classes=4),
            (3, 6, 6),
        ),
    )
    found = []
    for graded, net, shape in nets:
        net.reg = reg
        params = {key: rng.randn(*np.shape(value)) * 0.5 for key, value in net.params.items()}
        net.params = copy.deepcopy(params)
        X = rng.randn(4, *shape)
        y = rng.randint(4, size=4)  # 4 classes or more
        loss, grads = net.loss(X, y)
        found.append((graded, (params, X, y, reg), (loss, *(grads[k] for k in sorted(grads)))))
    return found


def cases_file(path):
    """Write `master_cases` to ``path`` (a pickle the child loads) and return ``path``."""
    Path(path).write_bytes(pickle.dumps(master_cases(), protocol=4))
    return path


class OracleError(ValueError):
    """A provided function reproduces a graded function's answer, or the check could not run."""


def provided_modules(files, student_files):
    """What the child imports: the module names of the release's ``cs231n/`` Python files (the
    provided ones and the student files too, as the release ships them, graded functions
    stubbed, whose helpers outside the stubs are provided code as well: held-out round 6, row
    12), then the paths of its other Python files (``datasets/get_datasets.py``, ``setup.py``,
    the tests' templates), which the child imports by path (held-out round 7, row 11: a solving
    helper in ``datasets/get_datasets.py`` shipped after a confirmation given unread), and the
    shipped notebooks, whose code cells' functions and classes the child defines (held-out round
    11, row 20: a "reference" affine layer in a code cell of a student notebook shipped)."""
    modules, paths = [], []
    for relpath in sorted(files):
        if relpath.endswith(".ipynb"):  # its code cells' definitions (held-out round 11, row 20)
            paths.append(relpath)
        if not relpath.endswith(".py"):
            continue
        if relpath.startswith("cs231n/"):
            name = relpath[: -len(".py")].replace("/", ".")
            modules.append(name[: -len(".__init__")] if name.endswith(".__init__") else name)
        else:
            paths.append(relpath)
    return modules + paths


def check_release(files, student_files, allowed=ALLOWED, timeout=RUN_SECONDS):
    """Run the check on the release ``files`` (``{relpath: bytes}``, student files stubbed).

    Raises
    ------
    OracleError
        Naming each provided function that returns a graded function's expected output, or
        saying why the check did not finish.
    """
    if VECTORS not in files:  # a release without test vectors has nothing to compare with
        return None
    with tempfile.TemporaryDirectory(prefix="release-oracle-") as scratch:
        root, work = Path(scratch) / "release", Path(scratch) / "work"
        work.mkdir()
        for relpath, data in files.items():  # all of them: a module may read a data file
            (root / relpath).parent.mkdir(parents=True, exist_ok=True)
            (root / relpath).write_bytes(data)
        result = work / "result.json"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(work),
            "PYTHONPATH": str(root),
            "MPLBACKEND": "Agg",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "CS231N_NO_CYTHON": "1",
        }
        command = [
            sys.executable,
            str(CHILD),
            str(root),
            json.dumps(provided_modules(files, student_files)),
            json.dumps(list(allowed)),
            str(result),
            str(cases_file(work / "cases.pickle")),
        ]
        try:
            run = subprocess.run(
                command, cwd=work, env=env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired as error:
            raise OracleError(
                f"the check of provided code did not finish in {timeout} s"
            ) from error
        if run.returncode != 0 or not result.is_file():
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            raise OracleError(f"the check of provided code failed: {last}")
        found = json.loads(result.read_text("utf-8"))
    if found["broken"]:  # held-out round 8, row 12: a module not imported was never checked
        raise OracleError(
            "the check of provided code could not import these shipped modules, so their "
            "code was never checked:\n  "
            + "\n  ".join(found["broken"])
            + "\nevery shipped module must import in the release with the compiled extension "
            "absent (CS231N_NO_CYTHON=1) and without a display"
        )
    if found["hits"]:
        raise OracleError(
            "provided code computes a graded function's answer (on its test vector) in the "
            "release:\n  "
            + "\n  ".join(found["hits"])
            + "\nremove it from the provided file (or, if it is meant, add it to ALLOWED in "
            "instructor/provided_oracle.py with the reason)"
        )
    return found
