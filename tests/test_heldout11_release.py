"""Held-out round 11 (docs/heldout_round11.md), the paraphrase search's holes fixed in the next
session: row 14, a "Hint" text cell holding a solution line's formula under other names as an
inline code span or an indented (4-space) code block shipped after the confirmation the build
asks for (the search read fenced blocks only); row 24, a paraphrase exemption confirmed for one
helper (a log-softmax) silenced the search for the same expression in a later helper of the same
file (a softmax loss), and in the exempted helper once changed."""

import json

import pytest
from test_release import (  # noqa: F401 (tiny_master: a fixture)
    SOLUTION_FORMULA,
    TINY_LISTS,
    commit_all,
    make_notebook,
    markdown_cell,
    record,
    tiny_master,
    write_files,
)

from instructor import release
from instructor import release_record as RECORD

NOTEBOOK = "notebooks/Net.ipynb"
PARAPHRASE = "g * (a - m) / np.sqrt(v + e) + b"


def test_inline_code_indented_blocks_and_html_code_of_text_cells_are_searched():
    notebook = make_notebook(
        [
            markdown_cell(f"**Hint** from office hours: `expected = {PARAPHRASE}`.", "inline"),
            markdown_cell(f"**Hint**:\n\n    centred = a - m\n    out = {PARAPHRASE}\n\nok", "ind"),
            markdown_cell(f"Tabbed:\n\n\tout = {PARAPHRASE}\n", "tab"),
            markdown_cell(f"<pre>out = {PARAPHRASE}</pre>", "pre"),
            markdown_cell(f"Prose: {PARAPHRASE} is no code.", "prose"),
            # text indented in a list item does not parse as Python: nothing found in it
            markdown_cell(f"1. Note\n\n    the formula {PARAPHRASE} is given\n", "list"),
        ]
    )
    files = {NOTEBOOK: json.dumps(notebook).encode()}
    leaks = RECORD.paraphrase_leaks(files, {SOLUTION_FORMULA}, allowed=set())
    assert (
        leaks
        == [
            f"{NOTEBOOK}: {PARAPHRASE!r} (in <module>) is solution line "
            f"{SOLUTION_FORMULA.strip()!r} with other names"
        ]
        * 4
    )


HELPER = f"import numpy as np\n\n\ndef plotted(a, g, b, m, v, e):\n    return {PARAPHRASE}\n"
LATER = f"\n\ndef targets_loss(a, g, b, m, v, e):\n    return {PARAPHRASE}\n"


def test_an_exemption_covers_only_the_definition_it_was_confirmed_for(
    tiny_master,  # noqa: F811 (the fixture)
):
    layers = tiny_master / "cs231n" / "layers.py"
    layers.write_text(
        layers.read_text()
        + "\n\ndef norm(x, gamma, beta, mean, var, eps):\n    # TODO: normalize x.\n"
        + f"    # BEGIN SOLUTION\n{SOLUTION_FORMULA}    return out\n    # END SOLUTION\n"
    )
    commit_all(tiny_master)
    record(tiny_master, ships_code=("norm", "<module>"), **TINY_LISTS)
    lists = dict(TINY_LISTS, provided_files=(*TINY_LISTS["provided_files"], "cs231n/helpers.py"))
    # (a) a right exemption, reviewed and confirmed for the helper it was written for
    entry = f"cs231n/helpers.py | plotted | {PARAPHRASE}"
    write_files(
        tiny_master,
        {"cs231n/helpers.py": HELPER, RECORD.PARAPHRASES_RECORD: f"# a plot's formula\n{entry}\n"},
    )
    commit_all(tiny_master)
    record(tiny_master, ships_code=("cs231n/helpers.py", entry), **lists)
    release.assemble_release(tiny_master, **lists)
    # (b) a later helper of the same file with the same expression: named again
    (tiny_master / "cs231n" / "helpers.py").write_text(HELPER + LATER)
    commit_all(tiny_master)
    with pytest.raises(release.LeakError) as refused:
        record(tiny_master, ships_code=("cs231n.helpers.targets_loss",), **lists)
    assert f"cs231n/helpers.py: {PARAPHRASE!r} (in targets_loss) is solution line" in str(
        refused.value
    )
    assert "(in plotted)" not in str(refused.value)
    # (c) the exempted helper itself changed: its exemption is asked about again
    changed = HELPER.replace("    return", "    a = a.T\n    return")
    (tiny_master / "cs231n" / "helpers.py").write_text(changed)
    commit_all(tiny_master)
    asked = f"an exemption from the paraphrase search whose definition changed, {entry!r}"
    with pytest.raises(RECORD.RecordError, match="differs from its reviewed record") as refused:
        release.assemble_release(tiny_master, **lists)
    assert asked in str(refused.value)
    with pytest.raises(RECORD.RecordError, match="refusing to record") as refused:
        record(tiny_master, ships_code=("cs231n.helpers.plotted",), **lists)
    assert asked in str(refused.value)
    record(tiny_master, ships_code=("cs231n.helpers.plotted", entry), **lists)
    release.assemble_release(tiny_master, **lists)


def test_an_exemption_without_its_definition_is_a_one_line_error(tmp_path):
    path = tmp_path / RECORD.PARAPHRASES_RECORD
    path.parent.mkdir(parents=True)
    path.write_text(f"# old style: the whole file\ncs231n/helpers.py | {PARAPHRASE}\n")
    with pytest.raises(RECORD.RecordError) as refused:
        RECORD.read_paraphrases(tmp_path)
    assert "expected '<file> | <qualified name> | <expression>'" in str(refused.value)
    assert "\n" not in str(refused.value)
