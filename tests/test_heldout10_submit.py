"""Held-out round 10 (docs/heldout_round10.md), the ``make submit`` holes fixed in the next
session: row 6, ``--out`` replaced any existing zip (last course's submission the student kept);
row 23, a code file importing a module of the student's own (``cs231n/my_helpers.py``), which the
zip does not carry, was zipped without a word and graded 0/34; row 34, a ``pdb.set_trace()`` left
in a solved function was zipped without a word and cost 7 points."""

import zipfile

from submit_support import submit_folder

from cs231n import submit
from instructor import shipped


def _folder(tmp_path, code=None):
    return submit_folder(tmp_path, code=code)


def _submit(root, capsys, *argv):
    status = submit.main(["--root", str(root), *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out, captured.err


def _things_to_fix(out, needle):
    return [line for line in out.splitlines() if line.startswith("  - ") and needle in line]


# ----------------------------------------------------------------------------------------------
# Row 6: --out replaces only an earlier submission
# ----------------------------------------------------------------------------------------------


def test_out_refuses_another_existing_zip_and_leaves_it_untouched(tmp_path, capsys):
    root = _folder(tmp_path)
    kept = tmp_path / "Downloads" / "hw1_submission.zip"
    kept.parent.mkdir()
    with zipfile.ZipFile(kept, "w") as archive:  # last course's submission: other files
        archive.writestr("README.md", "hw1")
        archive.writestr("setup.py", "")
        archive.writestr("cs231n/layers.py", "old code")
    before = kept.read_bytes()
    status, out, err = _submit(root, capsys, "--out", str(kept))
    assert status == 2 and out == ""
    assert err == (
        f"submit: --out {kept}: exists and is not a submission (it holds README.md, setup.py); "
        "make submit replaces only a zip it wrote; name a new .zip with --out, or move that file "
        "away\n"
    )
    assert kept.read_bytes() == before
    # a file that is not a zip at all, and a folder, are refused as well
    text = tmp_path / "notes.zip"
    text.write_text("not a zip")
    (tmp_path / "folder.zip").mkdir()
    for other, why in ((text, "is not a zip"), (tmp_path / "folder.zip", "is not a file")):
        status, out, err = _submit(root, capsys, "--out", str(other))
        assert status == 2 and err.startswith(f"submit: --out {other}: exists and {why}; ")
        assert err.count("\n") == 1
    assert text.read_text() == "not a zip"
    # the default name too: a submission.zip make submit did not write is kept
    (root / "submission.zip").write_bytes(before)
    status, _, err = _submit(root, capsys)
    assert status == 2 and err.startswith(f"submit: {root / 'submission.zip'}: exists and is not")
    assert (root / "submission.zip").read_bytes() == before


def test_an_earlier_submission_is_replaced(tmp_path, capsys):
    root = _folder(tmp_path)
    out = tmp_path / "hw2_submission.zip"
    assert _submit(root, capsys, "--out", str(out))[0] == 0
    (root / "cs231n/layers.py").write_text("def f():\n    return 2\n")
    status, printed, err = _submit(root, capsys, "--out", str(out))
    assert status == 0 and err == "" and printed.startswith(f"wrote {out} ")
    with zipfile.ZipFile(out) as archive:
        assert archive.read("cs231n/layers.py") == b"def f():\n    return 2\n"
    # a zip with fewer of the submission's files (an older make submit: no answers, no stamp)
    # as well, if it holds the four code files (round 11 row 19: a one-file backup is kept)
    with zipfile.ZipFile(out, "w") as archive:
        for relpath in submit.CODE_FILES:
            archive.writestr(relpath, "old")
    assert _submit(root, capsys, "--out", str(out))[0] == 0
    assert _submit(root, capsys)[0] == 0 and _submit(root, capsys)[0] == 0  # the default name


# ----------------------------------------------------------------------------------------------
# Row 23: an import of a module of the student's own, not in the zip
# ----------------------------------------------------------------------------------------------


def test_the_provided_code_list_is_what_the_release_ships():
    ships = {
        path
        for path in shipped.PROVIDED_FILES
        if path.startswith("cs231n/") and path.endswith((".py", ".pyx"))
    }
    assert set(submit.PROVIDED_CODE) == ships


LAYERS_IMPORTING = """\
import numpy as np
from cs231n.my_helpers import flatten_rows
from .fast_layers import conv_forward_fast
from . import tolerances


def affine_forward(x, w, b):
    from .more_helpers import shape_of
    try:
        from .optional_speedups import fast_affine
    except ImportError:
        fast_affine = None
    return flatten_rows(x) @ w + b, (x, w, b)
"""

FC_NET_IMPORTING = """\
from ..layers import *
from ..layer_utils import *
from .. import my_helpers, layers
from . import mine
import cs231n.grading.core
import cs231n.helpers.more


class FullyConnectedNet:
    def loss(self, X, y=None):
        return my_helpers.go(X)
"""


def test_an_import_of_a_module_of_ones_own_is_one_line_each(tmp_path, capsys):
    root = _folder(
        tmp_path,
        {"cs231n/layers.py": LAYERS_IMPORTING, "cs231n/classifiers/fc_net.py": FC_NET_IMPORTING},
    )
    (root / "cs231n/my_helpers.py").write_text("def flatten_rows(x):\n    return x\n")
    (root / "cs231n/classifiers/mine.py").write_text("")
    status, out, _ = _submit(root, capsys)
    assert status == 0
    lines = _things_to_fix(out, "which is not submitted")
    assert [line.split(": imports ")[0] for line in lines] == [
        "  - cs231n/classifiers/fc_net.py:3",
        "  - cs231n/classifiers/fc_net.py:4",
        "  - cs231n/classifiers/fc_net.py:6",
        "  - cs231n/layers.py:2",
        "  - cs231n/layers.py:8",
    ], out
    assert lines[3] == (
        "  - cs231n/layers.py:2: imports cs231n.my_helpers, which is not submitted: the zip "
        "carries only the four code files and the notebooks, and the grader has only those and "
        "the assignment's own code, so there cs231n/layers.py fails to import with "
        "ModuleNotFoundError and scores 0; move that code into cs231n/layers.py"
    )
    assert (
        "imports cs231n.more_helpers, " in lines[4] and "so there affine_forward fails" in lines[4]
    )
    assert "imports cs231n.my_helpers, " in lines[0] and "cs231n.classifiers.mine, " in lines[1]
    assert "imports cs231n.helpers.more, " in lines[2]
    # shipped modules, attributes of a package (layers, tolerances) and guarded imports: no line
    for quiet in ("fast_layers", "tolerances", "optional_speedups", "grading", "layer_utils"):
        assert quiet not in out
    with zipfile.ZipFile(root / "submission.zip") as archive:
        assert "cs231n/my_helpers.py" not in archive.namelist()  # still only the listed files


def test_the_releases_own_code_files_import_nothing_of_the_students():
    for relpath in submit.CODE_FILES:
        source = (submit.Path(__file__).resolve().parents[1] / relpath).read_text()
        assert submit.code_problems(".", relpath, source) == [], relpath


# ----------------------------------------------------------------------------------------------
# Row 34: a debugger left in a code file
# ----------------------------------------------------------------------------------------------

LAYERS_DEBUGGING = """\
import numpy as np


def affine_forward(x, w, b):
    return x @ w + b, (x, w, b)


def affine_backward(dout, cache):
    import pdb; pdb.set_trace()
    x, w, b = cache
    breakpoint()
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)
"""


def test_a_debugger_left_in_is_one_line_naming_file_line_and_function(tmp_path, capsys):
    optim = "import ipdb as dbg\nfrom pdb import set_trace\n\n\ndef sgd(w, dw, config=None):\n"
    optim += "    if config is None:\n        dbg.set_trace()\n    return w - dw, config\n"
    cnn = "import pdb\n\n\ndef f():\n    return 1\n"
    root = _folder(
        tmp_path,
        {
            "cs231n/layers.py": LAYERS_DEBUGGING,
            "cs231n/optim.py": optim,
            "cs231n/classifiers/cnn.py": cnn,
        },
    )
    status, out, _ = _submit(root, capsys)
    assert status == 0
    layers = _things_to_fix(out, "cs231n/layers.py")
    assert layers == [
        "  - cs231n/layers.py:9: pdb.set_trace() in affine_backward waits for you at a terminal; "
        "the grader has none, so affine_backward fails there and scores 0 with every check that "
        "uses it: remove it (also line 11: breakpoint())"
    ], out
    optim_lines = _things_to_fix(out, "cs231n/optim.py")
    assert len(optim_lines) == 1 and optim_lines[0].startswith(
        "  - cs231n/optim.py:7: dbg.set_trace() in sgd waits for you at a terminal;"
    )
    assert optim_lines[0].endswith("(also line 1: import ipdb, line 2: from pdb import set_trace)")
    # an import alone stops nothing: named as a leftover, no claim about points
    assert _things_to_fix(out, "cs231n/classifiers/cnn.py") == [
        "  - cs231n/classifiers/cnn.py:1: import pdb, a debugging leftover: remove it"
    ]
    assert _things_to_fix(out, "fc_net.py") == []


def test_a_debugger_at_the_top_level_or_input_in_a_method():
    source = "breakpoint()\n\n\nclass Net:\n    def loss(self):\n        return input()\n"
    problems = submit.code_problems(".", "cs231n/classifiers/cnn.py", source)
    assert problems == [
        "cs231n/classifiers/cnn.py:1: breakpoint() at the top level waits for you at a terminal; "
        "the grader has none, so cs231n/classifiers/cnn.py fails to import there and scores 0 "
        "with every check that uses it: remove it (also line 6: input())"
    ]
    assert submit.code_problems(".", "cs231n/layers.py", "def f(:\n") == []  # said elsewhere
    # many leftovers: still one line, the first few by line
    many = "def f():\n" + "    breakpoint()\n" * 12
    (line,) = submit.code_problems(".", "cs231n/layers.py", many)
    assert line.startswith("cs231n/layers.py:2: breakpoint() in f waits for you at a terminal")
    assert line.endswith(
        "(also line 3: breakpoint(), line 4: breakpoint(), line 5: breakpoint(), "
        "line 6: breakpoint(), line 7: breakpoint(), 6 more)"
    )


def test_a_zip_member_name_with_a_line_break_stays_in_one_line(tmp_path, capsys):
    root = _folder(tmp_path)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("notes\nsecond line.txt", "x")
    status, _, err = _submit(root, capsys, "--out", str(other))
    assert status == 2 and err.count("\n") == 1 and "(it holds notes\\nsecond line.txt)" in err
