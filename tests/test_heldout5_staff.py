"""Held-out round 5 (docs/heldout_round5.md), staff side, and round 4's row 18: the release's
behavioural check of provided code (`instructor.provided_oracle`) called a provided function
with the graded inputs only, so a paraphrased graded answer behind a switch the inputs never set
(a required keyword-only argument, a mode string, a ``**options`` key) shipped once its record
digest was written by hand."""

import pytest
from test_release import MASTER

from instructor import provided_oracle as ORACLE
from instructor import release, shipped

GRADIENT_CHECK = "cs231n/gradient_check.py"
SWITCHED = """

def _indices_switched(x, w=None, b=None, *, affine):
    if affine:
        return x.reshape(len(x), -1).dot(w) + b
    return np.ndindex(*np.shape(x))


def _indices_mode(x, w=None, b=None, mode="grid"):
    if mode == "dense":
        return x.reshape(len(x), -1).dot(w) + b
    return np.ndindex(*np.shape(x))


def _indices_options(x, w=None, b=None, **options):
    if options.get("layout"):
        return x.reshape(len(x), -1).dot(w) + b
    return np.ndindex(*np.shape(x))
"""


@pytest.fixture(scope="module")
def built():
    return release.assemble_release(MASTER)


def test_row_18_a_paraphrase_behind_a_switch_is_found(built):
    """Round 4 row 18 and two variants of it: each switch is tried, each paraphrase named."""
    files = dict(built.files)
    files[GRADIENT_CHECK] = files[GRADIENT_CHECK] + SWITCHED.encode("utf-8")
    with pytest.raises(ORACLE.OracleError) as raised:
        ORACLE.check_release(files, shipped.STUDENT_FILES)
    hits = sorted(line.strip() for line in str(raised.value).splitlines() if "reproduces" in line)
    assert hits == [
        f"cs231n.gradient_check._indices_{name} reproduces affine_forward"
        for name in ("mode", "options", "switched")
    ]


def test_every_provided_module_is_imported_by_the_check(built):
    """Found with row 18: matplotlib's first import runs a process, which the check forbade
    before it imported the provided modules, so nothing in ``cs231n.plotting`` was checked."""
    found = ORACLE.check_release(built.files, shipped.STUDENT_FILES)
    assert found == {"hits": [], "broken": []}
