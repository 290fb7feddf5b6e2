"""The original CS231n Assignment 2 notebooks run unchanged against this package.

Needs public copies of the originals outside the repository: set ``CS231N_ORIGINALS`` to a
folder with one subfolder per year (``2020/FullyConnectedNets.ipynb`` ...), and CIFAR-10 where
``cs231n.data_utils`` finds it (``CIFAR10_SOURCE``). See tests/compat_notebooks.py; run it
directly for the whole report: ``python tests/compat_notebooks.py $CS231N_ORIGINALS``.
"""

import pytest
from compat_notebooks import find_notebooks, originals_dir, report_line, run_in_child

ORIGINALS = originals_dir()
CASES = find_notebooks(ORIGINALS) if ORIGINALS else []
SKIP_REASON = (
    "the original course notebooks are not available: set CS231N_ORIGINALS to a "
    "folder of <year>/<Notebook>.ipynb copies (kept outside this repository)"
)


@pytest.mark.skipif(not CASES, reason=SKIP_REASON)
@pytest.mark.parametrize(
    "year, path",
    CASES or [(None, None)],
    ids=[f"{year}-{path.stem}" for year, path in CASES] or ["none"],
)
def test_original_notebook_runs_cell_by_cell(year, path):
    summary = run_in_child(path)
    print(report_line(year, path.stem, summary))
    assert summary["failed"] == [], "cells that raised (index, first line, error)"
    assert summary["wrong"] == [], "printed errors above 1e-3 and more than 10x the original's"
    assert summary["errors_compared"] > 0  # the comparison found the printed errors
