"""Submissions built from the master, for the hidden grader's tests and timing runs.

`build_corpus(master, folder)` writes one folder per submission: the master's solution, the
release's stubs, a half-finished one, and one per way of gaming the grader (see `GAMED`). Each
variant changes whole functions of the master's student files, so what it should score is known.
"""

import ast
from pathlib import Path

from .sandbox import GRADED_FILES

LAYERS, OPTIM = "cs231n/layers.py", "cs231n/optim.py"

# variant -> (file, function, replacement source, the checks it must fail)
GAMED = {
    "hardcoded_forward": [
        (
            LAYERS,
            "conv_forward_naive",
            "def conv_forward_naive(x, w, b, conv_param):\n"
            "    from cs231n.grading import vectors\n"
            "    return vectors.conv_forward_case()[1], (x, w, b, conv_param)\n",
        ),
        (
            LAYERS,
            "max_pool_forward_naive",
            "def max_pool_forward_naive(x, pool_param):\n"
            "    from cs231n.grading import vectors\n"
            "    return vectors.max_pool_forward_case()[1], (x, pool_param)\n",
        ),
    ],
    "zero_backward": [
        (
            LAYERS,
            "conv_backward_naive",
            "def conv_backward_naive(dout, cache):\n"
            "    x, w, b, conv_param = cache\n"
            "    return np.zeros_like(x), np.zeros_like(w), np.zeros_like(b)\n",
        ),
        (
            LAYERS,
            "max_pool_backward_naive",
            "def max_pool_backward_naive(dout, cache):\n    return np.zeros_like(cache[0])\n",
        ),
    ],
    "os_exit": [
        (LAYERS, "svm_loss", "def svm_loss(x, y):\n    import os\n\n    os._exit(0)\n"),
    ],
    "infinite_loop": [
        (
            LAYERS,
            "spatial_groupnorm_backward",
            "def spatial_groupnorm_backward(dout, cache):\n    while True:\n        pass\n",
        ),
    ],
    "system_exit": [
        (OPTIM, "adam", "def adam(w, dw, config=None):\n    raise SystemExit(0)\n"),
    ],
    "monkeypatch": [
        (
            OPTIM,
            "rmsprop",
            "def rmsprop(w, dw, config=None):\n"
            "    import sys\n"
            "    import numpy\n"
            "    import cs231n.gradient_check as gc\n"
            "    import cs231n.grading.core as core\n"
            "    gc.rel_error = lambda *args: 0.0\n"
            "    numpy.allclose = lambda *args, **kwargs: True\n"
            "    core.Measurement.passed = property(lambda self: True)\n"
            "    for name in list(sys.modules):\n"
            "        if name.startswith('instructor'):\n"
            "            sys.modules[name].__dict__.clear()\n"
            "    return w, config or {}\n",
        ),
    ],
}

GAMED_CHECKS = {
    "hardcoded_forward": {"conv_forward_naive", "max_pool_forward_naive"},
    "zero_backward": {"conv_backward_naive", "max_pool_backward_naive"},
    "os_exit": {"svm_loss"},
    "infinite_loop": {"spatial_groupnorm_backward"},
    "system_exit": {"adam"},
    "monkeypatch": {"rmsprop"},
}

# The half-finished submission keeps these functions as the release's stubs.
UNFINISHED = {
    LAYERS: (
        "batchnorm_forward",
        "batchnorm_backward",
        "batchnorm_backward_alt",
        "layernorm_forward",
        "layernorm_backward",
        "conv_forward_naive",
        "conv_backward_naive",
        "max_pool_forward_naive",
        "max_pool_backward_naive",
        "spatial_batchnorm_forward",
        "spatial_batchnorm_backward",
        "spatial_groupnorm_forward",
        "spatial_groupnorm_backward",
    ),
    "cs231n/classifiers/cnn.py": ("ThreeLayerConvNet",),
}
# ...so it passes exactly these checks (16 of 34): the first two parts' functions it implements,
# and the normalized nets' __init__ (which does not call the stubs).
HALF_FINISHED_PASSES = {
    "affine_forward",
    "affine_backward",
    "relu_forward",
    "relu_backward",
    "softmax_loss",
    "svm_loss",
    "sgd_momentum",
    "rmsprop",
    "adam",
    "FullyConnectedNet.__init__",
    "FullyConnectedNet.loss",
    "FullyConnectedNet.__init__[batchnorm]",
    "FullyConnectedNet.__init__[layernorm]",
    "dropout_forward",
    "dropout_backward",
    "FullyConnectedNet.loss[dropout]",
}


def replace_function(source, name, replacement):
    """``source`` with the top-level function or class ``name`` replaced by ``replacement``."""
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            lines = source.splitlines(keepends=True)
            begin = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
            return "".join(lines[:begin]) + replacement + "".join(lines[node.end_lineno :])
    raise KeyError(f"no top-level function {name!r}")


def function_source(source, name):
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return "".join(source.splitlines(keepends=True)[node.lineno - 1 : node.end_lineno])
    raise KeyError(name)


def _write(folder, files):
    for relpath, text in files.items():
        target = Path(folder, relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


READ_REFERENCE = (
    "def layernorm_forward(x, gamma, beta, ln_param):\n"
    "    namespace = {{'__name__': 'cs231n.stolen', '__package__': 'cs231n'}}\n"
    "    with open({path!r}) as handle:\n"
    "        exec(handle.read(), namespace)\n"
    "    return namespace['layernorm_forward'](x, gamma, beta, ln_param)\n"
)


def build_corpus(master, folder, release_files, stolen_path=None):
    """Write the corpus under ``folder``; ``release_files`` maps release paths to bytes (the
    release's stubs). With ``stolen_path``, variant ``read_reference`` tries to run the solution
    it reads there (its ``layernorm_forward``). Returns ``{variant: folder}``."""
    master_files = {p: Path(master, p).read_text("utf-8") for p in GRADED_FILES}
    stubs = {p: release_files[p].decode("utf-8") for p in GRADED_FILES}
    variants = {"master": dict(master_files), "stubs": dict(stubs)}
    half = dict(master_files)
    for relpath, names in UNFINISHED.items():
        for name in names:
            half[relpath] = replace_function(
                half[relpath], name, function_source(stubs[relpath], name)
            )
    variants["half_finished"] = half
    for variant, edits in GAMED.items():
        files = dict(master_files)
        for relpath, name, replacement in edits:
            files[relpath] = replace_function(files[relpath], name, replacement)
        variants[variant] = files
    if stolen_path is not None:
        files = dict(master_files)
        files[LAYERS] = replace_function(
            files[LAYERS], "layernorm_forward", READ_REFERENCE.format(path=str(stolen_path))
        )
        variants["read_reference"] = files
    written = {}
    for variant, files in variants.items():
        _write(Path(folder, variant), files)
        written[variant] = Path(folder, variant)
    return written
