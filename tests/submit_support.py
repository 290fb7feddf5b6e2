"""Shared by the tests of ``make submit`` (cs231n/submit.py): an assignment folder to submit."""

import json

from cs231n import submit


def submit_folder(tmp_path, notebooks=None, code=None):
    """An assignment folder under ``tmp_path``: the four code files (``code``: {path: text},
    the others ``x = 1``) and the four notebooks (``notebooks``: {path: JSON text}, the others
    without cells)."""
    notebooks, code = notebooks or {}, code or {}
    root = tmp_path / "assignment"
    for relpath in submit.CODE_FILES:
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(code.get(relpath, "x = 1\n"))
    (root / "notebooks").mkdir()
    for relpath in submit.NOTEBOOKS:
        (root / relpath).write_text(notebooks.get(relpath, json.dumps({"cells": []})))
    return root
