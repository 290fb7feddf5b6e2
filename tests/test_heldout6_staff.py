"""Held-out round 6 (docs/heldout_round6.md), a careless TA: row 11, a solved affine layer
pasted into a "sanity check" code cell of a student notebook, over several lines with other
names, shipped after a plain ``--record`` (a student ``.py`` file needs ``--ships-code`` for new
code since round 2); row 12, a helper in a student file confirmed with ``--ships-code`` without
reading shipped, because the behavioural check never called a student file's helpers."""

import json

import pytest
from shared_builds import assemble_release
from test_release import MASTER, commit_all, master_copy  # noqa: F401 (a fixture)

from instructor import provided_oracle as ORACLE
from instructor import release, shipped
from instructor import release_record as RECORD

NOTEBOOK = "notebooks/1_FullyConnectedNets.ipynb"
SANITY_CELL = [
    "# Sanity check of the shapes (TA)\n",
    "def check_layer(inputs, weights, bias):\n",
    "    flat = inputs.reshape(inputs.shape[0], -1)\n",
    "    scores = flat.dot(weights)\n",
    "    scores += bias\n",
    "    return scores\n",
]


def _with_cell(cells):
    return [cells[0], SANITY_CELL, *cells[1:]]


def test_a_new_code_cell_needs_its_notebook_confirmed():
    old = RECORD.read_stub(MASTER, NOTEBOOK)
    with pytest.raises(RECORD.RecordError) as raised:
        release._check_new_record({NOTEBOOK: _with_cell(old)}, {NOTEBOOK: old})
    assert (
        f"{NOTEBOOK}: code cell 2 ('# Sanity check of the shapes (TA)'): new or changed code "
        f"that would ship in a student notebook; read it and record with --ships-code {NOTEBOOK}"
    ) in str(raised.value)
    release._check_new_record({NOTEBOOK: _with_cell(old)}, {NOTEBOOK: old}, (NOTEBOOK,))
    release._check_new_record({NOTEBOOK: old[1:]}, {NOTEBOOK: old})  # a cell removed: nothing


def test_record_refuses_the_sanity_cell_in_a_master_copy(master_copy, capsys):  # noqa: F811
    path = master_copy / NOTEBOOK
    notebook = json.loads(path.read_text("utf-8"))
    first = next(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code")
    notebook["cells"].insert(
        first + 1,
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": SANITY_CELL,
        },
    )
    path.write_text(json.dumps(notebook, indent=1), "utf-8")
    commit_all(master_copy)
    assert release.record_main(master_copy) == 1
    error = capsys.readouterr().err
    assert "new or changed code that would ship in a student notebook" in error
    assert "check_layer" not in RECORD.read_stub(master_copy, NOTEBOOK).__repr__()


HELPER = b'''

def _flatten_affine(inputs, weights, bias):
    """Affine map of a batch (a helper for the notebooks)."""
    flat = inputs.reshape(inputs.shape[0], -1)
    scores = flat.dot(weights)
    return scores + bias
'''


@pytest.fixture(scope="module")
def built():
    return assemble_release(MASTER)


def test_a_student_file_helper_that_solves_a_graded_function_is_found(built):
    files = dict(built.files)
    files["cs231n/layers.py"] += HELPER
    with pytest.raises(ORACLE.OracleError) as raised:
        ORACLE.check_release(files, shipped.STUDENT_FILES)
    assert "cs231n.layers._flatten_affine reproduces affine_forward" in str(raised.value)


def test_the_student_files_are_imported_by_the_check(built):
    # That the master's release then passes the check is asserted by its one run there, in
    # tests/test_heldout3_provided.py (its only hits are the allowed ones, nothing broken).
    modules = ORACLE.provided_modules(built.files, shipped.STUDENT_FILES)
    assert {"cs231n.layers", "cs231n.optim", "cs231n.classifiers.fc_net"} <= set(modules)
