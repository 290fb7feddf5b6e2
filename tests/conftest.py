"""Shared test set-up: the project root on sys.path, and deterministic NumPy randomness."""

import linecache
import os
import sys

import numpy as np
import pytest

# The local checks draw some probes afresh at each run (`cs231n.grading.core.fresh_random_state`);
# the tests fix the seed, here and in every child they start, so their results repeat.
os.environ.setdefault("CS231N_CHECK_SEED", "7")
# A failed check's repair (`cs231n.grading.repair`) tries mutants of the student function for a
# few seconds: off in the tests (and the children they start) but those of the repair itself,
# which set it (tests/test_repair.py), so that the hundreds of failing entries stay fast.
os.environ.setdefault("CS231N_REPAIR_SECONDS", "0")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


@pytest.fixture(autouse=True)
def _seed_numpy():
    np.random.seed(231)


@pytest.fixture(autouse=True)
def _isolated_children_are_forks(request, monkeypatch):
    """Many tests replace a student function in memory (monkeypatch) and grade it in an isolated
    child. Only a forked child sees such a replacement; a child from the fork server, which
    `run_isolated` takes when other threads run (a worker pool an earlier test left), imports
    the files afresh. So that a test does not depend on what ran before it in the same worker,
    children are forks here, except in the tests of that choice (marked ``fork_server``)."""
    if "fork_server" in request.keywords:
        return
    from cs231n.grading import isolation

    monkeypatch.setattr(isolation, "_has_other_threads", lambda: False)


@pytest.fixture
def isolated_data_dir(tmp_path, monkeypatch):
    """An empty datasets/ (and cs231n/datasets/) for cs231n.data_utils, and no CIFAR10_SOURCE
    from the caller."""
    from cs231n import data_utils

    data_dir = tmp_path / "datasets"
    monkeypatch.setattr(data_utils, "DATA_DIR", data_dir)
    monkeypatch.setattr(data_utils, "COURSE_DATA_DIR", tmp_path / "course" / "cs231n" / "datasets")
    monkeypatch.delenv("CIFAR10_SOURCE", raising=False)
    return data_dir


# --------------------------------------------------------------------------------------------
# One pytest marker per notebook part (registered in pyproject.toml): `pytest -m dropout`.
# A test belongs to the part of the first function family its name (with parameters) mentions;
# whole files and notebooks belong to one part. Tests of data loading, the Solver and the
# release belong to no part.
# --------------------------------------------------------------------------------------------

PART_OF_FILE = {
    "test_fast_layers.py": "convolutional",
    "test_optim.py": "fully_connected",
    "1_FullyConnectedNets.ipynb": "fully_connected",
    "2_BatchNormalization.ipynb": "batch_normalization",
    "3_Dropout.ipynb": "dropout",
    "4_ConvolutionalNetworks.ipynb": "convolutional",
}
PART_WORDS = (
    ("convolutional", ("conv", "pool", "spatial", "groupnorm", "ConvolutionalNetworks")),
    ("dropout", ("dropout", "Dropout")),
    ("batch_normalization", ("batchnorm", "layernorm", "norm_relu", "BatchNormalization")),
    (
        "fully_connected",
        (
            "affine",
            "relu",
            "softmax",
            "svm",
            "loss",
            "sgd",
            "rmsprop",
            "adam",
            "fc_net",
            "FullyConnected",
        ),
    ),
)
PART_FILES = ("test_layers.py", "test_layer_utils.py", "test_classifiers.py", "test_grade.py")


def part_of(filename, test_name):
    """The notebook part (marker name) of a test, or None."""
    if filename in PART_OF_FILE:
        return PART_OF_FILE[filename]
    if filename in PART_FILES:
        for part, words in PART_WORDS:
            if any(word in test_name for word in words):
                return part
    return None


def pytest_collection_modifyitems(items):
    for item in items:
        part = part_of(item.path.name, item.name)
        if part is not None:
            item.add_marker(getattr(pytest.mark, part))


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
