"""Held-out round 7 (docs/heldout_round7.md), the staff holes fixed after the round: row 9, a
TA solved the release inside ``release/`` to test it, rebuilt without ``--force`` after fixing a
typo in the master, and the solve was replaced by the stub unasked (the check compared file
names, not contents); row 10, a worked answer written into a provided function's docstring
shipped with no review (the provided record left docstrings and comments out); row 11, a solving
helper in ``datasets/get_datasets.py`` shipped after a confirmation given unread (the behavioural
check imported only ``cs231n``); row 14's Ctrl-C printed a traceback."""

import hashlib
import shlex
import types

import pytest
from heldout3_support import oracle_hits
from shared_builds import assemble_release
from test_heldout3_provided import GRADIENT_CHECK, _copy, _edit
from test_release import MASTER, master_copy  # noqa: F401 (a fixture)

from instructor import release


def _release(layers=b"def affine_forward(x, w, b):\n    raise NotImplementedError\n"):
    """A small release as `release.write_release` takes it (files and their modes)."""
    files = {
        "cs231n/layers.py": layers,
        "notebooks/1_FullyConnectedNets.ipynb": b'{"cells": []}\n',
        release.RELEASE_STAMP: release.release_stamp({"cs231n/layers.py": layers}),
    }
    return types.SimpleNamespace(files=files, modes=dict.fromkeys(files, 0o644))


def test_a_ta_edit_in_an_earlier_release_is_kept_unless_forced(tmp_path):
    folder = tmp_path / "release"
    release.write_release(_release(), folder)
    solved = b"def affine_forward(x, w, b):\n    return x.reshape(len(x), -1) @ w + b, None\n"
    (folder / "cs231n" / "layers.py").write_bytes(solved)
    (folder / "cs231n" / "__pycache__").mkdir()
    (folder / "cs231n" / "__pycache__" / "layers.cpython-311.pyc").write_bytes(b"\0")
    archive_before = (tmp_path / "release.zip").read_bytes()
    fixed = _release(b"def affine_forward(x, w, b):\n    raise NotImplementedError  # typo\n")
    with pytest.raises(FileExistsError) as refused:
        release.write_release(fixed, folder)
    message = str(refused.value)
    assert "cs231n/layers.py" in message and "--force" in message
    assert "__pycache__" not in message  # a build product is never work
    assert (folder / "cs231n" / "layers.py").read_bytes() == solved
    assert (tmp_path / "release.zip").read_bytes() == archive_before
    release.write_release(fixed, folder, force=True)
    assert (folder / "cs231n" / "layers.py").read_bytes() == fixed.files["cs231n/layers.py"]


def test_an_unchanged_earlier_release_is_replaced_by_a_changed_master_without_force(tmp_path):
    folder = tmp_path / "release"
    release.write_release(_release(), folder, make_zip=False)
    (folder / "cs231n" / "im2col_cython.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\0")
    changed = _release(b"def affine_forward(x, w, b):\n    raise NotImplementedError()\n")
    release.write_release(changed, folder, make_zip=False)
    assert (folder / "cs231n" / "layers.py").read_bytes() == changed.files["cs231n/layers.py"]
    manifest = release.manifest_path(folder).read_text("utf-8")  # sha256sum's format
    digest = hashlib.sha256(changed.files["cs231n/layers.py"]).hexdigest()
    assert f"{digest}  cs231n/layers.py\n" in manifest
    assert release.RELEASE_STAMP in manifest and not (folder / manifest).exists()


def test_without_the_last_builds_manifest_only_this_builds_own_bytes_are_replaceable(tmp_path):
    """A release written before manifests existed (or with its manifest deleted): a file counts
    as unchanged only when it is exactly what this build writes."""
    folder = tmp_path / "release"
    built = _release()
    release.write_release(built, folder, make_zip=False)
    release.manifest_path(folder).unlink()
    release.write_release(built, folder, make_zip=False)  # identical: nothing to lose
    release.manifest_path(folder).write_text("not a manifest\n", "utf-8")
    with pytest.raises(FileExistsError, match=r"\(cs231n/layers.py, release.json\)"):
        release.write_release(_release(b"# another master\n"), folder, make_zip=False)


def test_a_manifest_beside_a_folder_that_is_no_release_replaces_nothing(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(b"course site")
    digest = hashlib.sha256(b"course site").hexdigest()
    release.manifest_path(site).write_text(f"{digest}  index.html\n", "utf-8")
    with pytest.raises(FileExistsError, match="not an earlier release"):
        release.write_release(_release(), site, force=True, make_zip=False)
    assert (site / "index.html").read_bytes() == b"course site"


def test_ctrl_c_during_a_build_or_a_record_is_one_line_without_a_traceback(
    tmp_path, monkeypatch, capsys
):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(release, "build_release", interrupted)
    monkeypatch.setattr(release, "assemble_release", interrupted)
    assert release.main([str(tmp_path / "release")]) == 130
    assert release.main(["--record"]) == 130
    error = capsys.readouterr().err
    assert error.count("\n") == 2 and "interrupted" in error and "Traceback" not in error
    assert not (tmp_path / "release").exists()


WORKED_ANSWER = (
    "e.g. ``flat = inputs.reshape(len(inputs), -1); scores = flat @ weights + bias``; its "
    "backward ``dx = (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / "
    "np.sqrt(var + eps)``."
)


@pytest.mark.parametrize(
    "where, change, unit",
    [
        (
            "docstring",
            lambda text: text.replace("|x| + |y|)``.", "|x| + |y|)``; " + WORKED_ANSWER, 1),
            "cs231n.gradient_check.rel_error",
        ),
        (
            "comment",
            lambda text: text.replace(
                "    old_value = x[ix]\n", "    old_value = x[ix]  # " + WORKED_ANSWER + "\n", 1
            ),
            "cs231n.gradient_check._f_around",
        ),
    ],
)
def test_a_worked_answer_in_provided_prose_needs_a_named_review(
    master_copy,  # noqa: F811
    tmp_path,
    capsys,
    where,
    change,
    unit,
):
    master = _copy(master_copy, tmp_path)
    _edit(master, GRADIENT_CHECK, change)
    out = tmp_path / "out" / "release"
    assert release.main([str(out), "--master", str(master)]) == 1
    error = capsys.readouterr().err
    assert not out.exists() and not out.with_suffix(".zip").exists()
    assert f"{GRADIENT_CHECK}: {unit} has a changed docstring or comments" in error
    assert f"--ships-code {shlex.quote(unit)}" in error and "Traceback" not in error
    # Named after reading, it is reviewed prose, which ships.
    assert release.main(["--record", "--master", str(master), "--ships-code", unit]) == 0
    built = release.assemble_release(master)
    assert "dxhat.mean(axis=0)" in built.files[GRADIENT_CHECK].decode("utf-8")


PREVIEW = """

def _preview_scores(images, weights, bias):
    flat = images.reshape(images.shape[0], -1)
    scores = flat.dot(weights)
    return scores + bias
"""


def test_a_solving_helper_in_a_provided_file_outside_the_package_is_found():
    """Each shipped Python file outside ``cs231n/`` is imported by path (a build script with
    ``setup()`` and ``cythonize()`` made inert, so a helper after the ``setup(...)`` call is
    defined too) and its functions called on the graded test vectors."""
    files = dict(assemble_release(MASTER).files)
    for relpath in ("datasets/get_datasets.py", "setup.py", "tests/conftest.py"):
        files[relpath] += PREVIEW.encode("utf-8")
    assert oracle_hits(files) == [
        f"{module}._preview_scores reproduces affine_forward"
        for module in ("datasets.get_datasets", "setup", "tests.conftest")
    ]
