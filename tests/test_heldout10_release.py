"""Held-out round 10 (docs/heldout_round10.md), rows 15 and 5.

Row 15: a TA's "Hint" text cell in a student notebook, holding a fenced code block with the
affine backward under other names, shipped after the plain ``--record`` the build itself asks
for (text cells were recorded without a question, and no search read code in them)."""

import json

import numpy as np
import pytest
from test_release import (  # noqa: F401 (tiny_master: a fixture)
    SOLUTION_FORMULA,
    TINY_LISTS,
    commit_all,
    make_notebook,
    markdown_cell,
    record,
    tiny_master,
)

from instructor import release
from instructor import release_record as RECORD

NOTEBOOK = "notebooks/Net.ipynb"
HINT = (
    "**Hint** from office hours:\n\n"
    "```python\nback = upstream.dot(weights.T)\ngrad_inputs = back.reshape(inputs.shape)\n```\n"
)


def test_a_new_text_cell_is_confirmed_before_it_is_recorded(
    tiny_master,  # noqa: F811 (the fixture)
):
    record(tiny_master, **TINY_LISTS)
    path = tiny_master / NOTEBOOK
    notebook = json.loads(path.read_text())
    notebook["cells"].insert(1, markdown_cell(HINT, "hint"))
    path.write_text(json.dumps(notebook))
    commit_all(tiny_master)
    with pytest.raises(RECORD.RecordError, match="refusing to record") as refused:
        record(tiny_master, **TINY_LISTS)
    message = str(refused.value)
    assert f"{NOTEBOOK}: text cell 2 ('**Hint** from office hours:')" in message
    assert f"record with --ships-code {NOTEBOOK}" in message
    record(tiny_master, ships_code=(NOTEBOOK,), **TINY_LISTS)  # read, and meant
    release.assemble_release(tiny_master, **TINY_LISTS)


def test_code_in_a_text_cell_is_searched_for_paraphrased_solutions():
    fenced = "    expected = g * (a - m) / np.sqrt(v + e) + b\n"  # indented in its list item
    notebook = make_notebook(
        [
            markdown_cell(f"1. Check:\n\n   ~~~\n{fenced}   ~~~\n\nThen `run`.", "m"),
            markdown_cell("Prose: g * (a - m) / np.sqrt(v + e) + b is no code block.", "p"),
        ]
    )
    files = {NOTEBOOK: json.dumps(notebook).encode()}
    leaks = RECORD.paraphrase_leaks(files, {SOLUTION_FORMULA}, allowed=set())
    assert len(leaks) == 1 and leaks[0].startswith(f"{NOTEBOOK}: 'g * (a - m) / np.sqrt(v + e)")


# Row 5: lookup tables of the answers to every input the local forward checks used (the fixed
# vectors, their reshapes, the seeded probes) passed them; some inputs are now drawn afresh.


def _table(function, known_inputs):
    """``function`` where its first input is one of ``known_inputs`` (a recorded answer), zeros
    of the right shape elsewhere."""

    def table(x, *args):
        out, cache = function(x, *args)
        if any(k.shape == x.shape and np.array_equal(k, x) for k in known_inputs):
            return out, cache
        return np.zeros_like(out), cache

    return table


@pytest.mark.parametrize("name", ["affine_forward", "conv_forward_naive"])
def test_a_table_of_the_known_inputs_fails_the_local_forward_check(name, monkeypatch):
    from cs231n import layers
    from cs231n.grading import REGISTRY, core
    from cs231n.grading.core import run_check

    graded = next(c for c in REGISTRY if c.name == name)
    function, seen = getattr(layers, name), []

    def recorder(x, *args):  # every input the check gives, with seed 7 (the tests' seed)
        seen.append(np.array(x, copy=True))
        return function(x, *args)

    monkeypatch.setattr(core, "CHECK_SEED", 7)
    monkeypatch.setattr(layers, name, recorder)
    assert run_check(graded).status == "passed"
    monkeypatch.setattr(layers, name, _table(function, seen))
    assert run_check(graded).status == "passed"  # the same draws: the table knows them all
    monkeypatch.setattr(core, "CHECK_SEED", 20261207)  # any other run
    assert run_check(graded).status == "failed"
