"""Shared test set-up: the project root on sys.path, and deterministic NumPy randomness."""
import os
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


@pytest.fixture(autouse=True)
def _seed_numpy():
    np.random.seed(231)


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
