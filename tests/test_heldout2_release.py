"""Held-out round 2, careless course staff: ``--record`` (the workflow for every intended change
to a student file) must not record solution code that no marker and no recorded solution line
can see. A new exercise solved in a student file without markers, or a solution statement put
above its region, is new code outside a stub: the record asks the person recording to name it
(``--ships-code NAME``) after reading it, and writes nothing until then."""

import shutil

import pytest
from test_release import (  # noqa: F401 (master_copy: a fixture)
    LAYERS_PY,
    NOTEBOOK_1,
    _apply,
    _attachment,
    _notebook_with,
    git,
    master_copy,
)

from instructor import release

NEW_EXERCISE = '''

def leaky_relu_forward(x, alpha=0.01):
    """Forward pass of a leaky ReLU (this term's new exercise).

    Returns ``out`` of the shape of ``x`` and the cache ``x``.
    """
    out = np.where(x > 0, x, alpha * x)
    return out, x
'''


def _solved_new_exercise(master):
    return (master / LAYERS_PY).read_text("utf-8") + NEW_EXERCISE


def _solution_above_its_region(master):
    """affine_forward with a solution statement (worded unlike the recorded one) put above its
    BEGIN SOLUTION marker."""
    text = (master / LAYERS_PY).read_text("utf-8")
    head, body = text.split("def affine_forward(", 1)
    body, tail = body.split("\ndef ", 1)
    marker = "    # BEGIN SOLUTION\n"
    assert marker in body
    body = body.replace(marker, "    out = np.dot(x.reshape(len(x), -1), w) + b\n" + marker, 1)
    return f"{head}def affine_forward({body}\ndef {tail}"


def _record_files(master):
    folder = master / "instructor" / "release_record"
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "accident, name",
    [
        (_solved_new_exercise, "leaky_relu_forward"),
        (_solution_above_its_region, "affine_forward"),
    ],
)
def test_recording_refuses_new_code_in_a_student_file_until_named(
    master_copy,  # noqa: F811
    tmp_path,
    capsys,
    accident,
    name,
):
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    before = _record_files(master)
    _apply(master, {LAYERS_PY: accident}, False)
    assert release.main(["--record", "--master", str(master)]) == 1
    error = capsys.readouterr().err
    assert f"{name} has " in error and f"--ships-code {name}" in error
    assert _record_files(master) == before  # nothing written
    # Named after reading it, it is provided code: recorded, and the release ships it.
    assert release.main(["--record", "--master", str(master), "--ships-code", name]) == 0
    assert _record_files(master) != before


def test_recording_an_unchanged_master_needs_no_confirmation(master_copy, tmp_path):  # noqa: F811
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    before = _record_files(master)
    assert release.main(["--record", "--master", str(master)]) == 0
    assert _record_files(master) == before


def test_ships_code_without_record_is_a_usage_error(capsys):
    with pytest.raises(SystemExit):
        release.main(["out", "--ships-code", "x"])
    assert "--ships-code goes with --record" in capsys.readouterr().err


def _ta_note_in_a_text_cell(master):
    import json

    path = master / "notebooks" / "1_FullyConnectedNets.ipynb"
    notebook = json.loads(path.read_text("utf-8"))
    note = (
        "**TA note (remove before release):** the affine backward is "
        "`dx = np.dot(dout, w.T).reshape(x.shape)`.\n"
    )
    notebook["cells"].insert(5, {"cell_type": "markdown", "metadata": {}, "source": [note]})
    return json.dumps(notebook, indent=1)


def test_a_note_pasted_into_a_text_cell_does_not_ship_unreviewed(master_copy, tmp_path):  # noqa: F811
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    _apply(master, {"notebooks/1_FullyConnectedNets.ipynb": _ta_note_in_a_text_cell}, False)
    with pytest.raises(ValueError, match=r"1_FullyConnectedNets.ipynb cell 6: text cell is not"):
        release.assemble_release(master)
    # Recorded after a confirmation (held-out round 10, row 15), it is in the record's diff for
    # review (the only way it can ship).
    assert release.main(["--record", "--master", str(master)]) == 1
    notebook = "notebooks/1_FullyConnectedNets.ipynb"
    assert release.main(["--record", "--master", str(master), "--ships-code", notebook]) == 0
    recorded = (
        master / "instructor/release_record/stubs/notebooks/1_FullyConnectedNets.ipynb"
        ".markdown.json"
    ).read_text("utf-8")
    assert "TA note" in recorded
    release.assemble_release(master)


def test_the_committed_text_cell_records_match_the_master():
    from pathlib import Path

    master = Path(__file__).resolve().parent.parent
    built = release.assemble_release(master)
    for relpath, cells in built.markdown.items():
        assert release.RECORD.read_markdown(master, relpath) == cells


def test_a_pasted_image_recorded_ships_without_its_attachment(master_copy, tmp_path):  # noqa: F811
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    _apply(master, {NOTEBOOK_1: lambda m: _notebook_with(m, _attachment)}, True)
    assert release.main(["--record", "--master", str(master), "--ships-code", NOTEBOOK_1]) == 0
    built = release.assemble_release(master)
    shipped = built.files[NOTEBOOK_1].decode("utf-8")
    assert "attachment:answer.png" in shipped and '"attachments"' not in shipped


def _solved_in(text, function):
    """``text`` with the markers of ``function``'s regions deleted (its solution stays)."""
    head, body = text.split(f"def {function}(", 1)
    body, tail = body.split("\ndef ", 1)
    kept = [x for x in body.split("\n") if x.strip() not in ("# BEGIN SOLUTION", "# END SOLUTION")]
    return head, "\n".join(kept), tail


def test_a_hand_edited_record_cannot_ship_a_graded_function_solved(
    master_copy,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """The markers of dropout_forward deleted in the master, and its stub in the record
    replaced by hand with the same solved text, both committed: the record and the release
    agree and the record's text exempted the solution lines, so it shipped solved."""
    master = tmp_path / "master"
    shutil.copytree(master_copy, master, symlinks=True)
    head, solved, tail = _solved_in((master / LAYERS_PY).read_text("utf-8"), "dropout_forward")
    (master / LAYERS_PY).write_text(f"{head}def dropout_forward({solved}\ndef {tail}", "utf-8")
    record = master / "instructor/release_record/stubs" / (LAYERS_PY + ".txt")
    head, _, tail = _solved_in(record.read_text("utf-8"), "dropout_forward")
    record.write_text(f"{head}def dropout_forward({solved}\ndef {tail}", "utf-8")
    git(master, "commit", "-qam", "hand-edited record")
    with pytest.raises(ValueError, match="dropout_forward was a graded function"):
        release.assemble_release(master)
    # Only a decision in instructor/shipped.py gives a graded function away.
    monkeypatch.setattr(release.SHIPPED, "NO_LONGER_GRADED", ("dropout_forward",))
    built = release.assemble_release(master)
    assert "mask = (rand(*x.shape) < p)" in built.files[LAYERS_PY].decode("utf-8")
