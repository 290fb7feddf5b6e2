"""Held-out round 11 (docs/heldout_round11.md), the ``make submit`` holes fixed in the next
session: row 1, IPython's debugger (``from IPython.core.debugger import set_trace``, what Jupyter
users are told to use) and ``IPython.embed()`` left in solved functions were zipped without a
word and cost 7 points; row 2, ``importlib.import_module("cs231n.my_helpers")`` of a module the
zip does not carry was not named; row 19, ``--out layers_backup.zip`` replaced the student's
one-file backup of ``cs231n/layers.py``."""

import zipfile

from submit_support import submit_folder

from cs231n import submit


def _submit(root, capsys, *argv):
    status = submit.main(["--root", str(root), *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out, captured.err


def _things_to_fix(out, needle):
    return [line for line in out.splitlines() if line.startswith("  - ") and needle in line]


LAYERS = """\
import numpy as np
from IPython.core.debugger import set_trace
import IPython


def affine_backward(dout, cache):
    set_trace()
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_backward(dout, cache):
    IPython.embed()
    return dout * (cache > 0)
"""

OPTIM = """\
import code
from IPython.core.debugger import Pdb
from IPython.terminal import debugger as terminal_debugger


def sgd(w, dw, config=None):
    Pdb().set_trace()
    return w - dw, config


def adam(w, dw, config=None):
    terminal_debugger.set_trace()
    code.interact(local=locals())
    return w, config
"""

FC_NET = """\
import importlib
from importlib import import_module

_helpers = importlib.import_module("cs231n.my_helpers")


class FullyConnectedNet:
    def loss(self, X, y=None):
        more = import_module(".more", "cs231n.classifiers")
        __import__("cs231n.third")
        importlib.import_module("cs231n.layers")  # shipped: no line
        importlib.import_module("numpy")  # not of the package: no line
        return _helpers.go(X), more
"""


def test_ipython_debuggers_and_import_module_are_named(tmp_path, capsys):
    root = submit_folder(
        tmp_path,
        code={
            "cs231n/layers.py": LAYERS,
            "cs231n/optim.py": OPTIM,
            "cs231n/classifiers/fc_net.py": FC_NET,
        },
    )
    (root / "cs231n/my_helpers.py").write_text("def go(x):\n    return x\n")
    status, out, _ = _submit(root, capsys)
    assert status == 0
    # row 1: one line per function that stops (the first call, the others listed in it)
    assert _things_to_fix(out, "cs231n/layers.py") == [
        "  - cs231n/layers.py:7: set_trace() in affine_backward waits for you at a terminal; the "
        "grader has none, so affine_backward fails there and scores 0 with every check that "
        "uses it: remove it (also line 2: from IPython.core.debugger import set_trace, "
        "line 13: IPython.embed())"
    ], out
    (optim,) = _things_to_fix(out, "cs231n/optim.py")
    assert optim.startswith("  - cs231n/optim.py:7: Pdb().set_trace() in sgd waits for you")
    for also in (
        "line 2: from IPython.core.debugger import Pdb",
        "line 3: from IPython.terminal import debugger",
        "line 12: terminal_debugger.set_trace()",
        "line 13: code.interact()",
    ):
        assert also in optim, also
    # row 2: the constant names given to import_module and __import__, one line each
    lines = _things_to_fix(out, "which is not submitted")
    assert [line.split(", which")[0] for line in lines] == [
        "  - cs231n/classifiers/fc_net.py:4: imports cs231n.my_helpers",
        "  - cs231n/classifiers/fc_net.py:9: imports cs231n.classifiers.more",
        "  - cs231n/classifiers/fc_net.py:10: imports cs231n.third",
    ], out
    assert "so there cs231n/classifiers/fc_net.py fails to import" in lines[0]
    assert "so there FullyConnectedNet.loss fails" in lines[1]


def test_names_that_are_not_debuggers_are_left_alone():
    source = "from IPython.display import display\nimport IPython\n\n\ndef f(x):\n"
    source += "    display(x)\n    IPython.get_ipython()\n    return x\n"
    assert submit.code_problems(".", "cs231n/layers.py", source) == []
    # a call nested deeper than the reading recurses: no line, and no error stopping the zip
    deep = "import pdb\n\n\ndef f():\n    return pdb" + ".b" * 2000 + "()\n"
    assert submit.code_problems(".", "cs231n/layers.py", deep) == []


def test_out_keeps_a_backup_zip_of_one_code_file(tmp_path, capsys):
    root = submit_folder(tmp_path)
    backup = tmp_path / "layers_backup.zip"
    with zipfile.ZipFile(backup, "w") as archive:  # last week's solved layers.py, the only copy
        archive.writestr("cs231n/layers.py", "def affine_forward(x, w, b):\n    return 1\n")
    before = backup.read_bytes()
    status, out, err = _submit(root, capsys, "--out", str(backup))
    assert status == 2 and out == ""
    assert err == (
        f"submit: --out {backup}: exists and is not a zip make submit wrote (it holds only "
        "cs231n/layers.py); make submit replaces only a zip it wrote; name a new .zip with "
        "--out, or move that file away\n"
    )
    assert backup.read_bytes() == before
    # an earlier submission with its release stamp, and one without (all four code files), are
    # replaced
    for stamp in (True, False):
        with zipfile.ZipFile(backup, "w") as archive:
            if stamp:
                archive.writestr("cs231n/layers.py", "old")
                archive.writestr(submit.RELEASE_STAMP, "{}")
            else:
                for relpath in submit.CODE_FILES:
                    archive.writestr(relpath, "old")
        assert _submit(root, capsys, "--out", str(backup))[0] == 0
        assert "cs231n/optim.py" in zipfile.ZipFile(backup).namelist()
