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
