"""Held-out round 8 (docs/heldout_round8.md), the release build's holes fixed after the round:
row 17, two builds into one OUTDIR at once (one said "wrote OUTDIR" and the other had removed
the folder; both staged file by file into one ``.release.staging``); row 23, ``--no-zip`` rebuilt
the folder and left the earlier build's ``release.zip`` beside it, silently.

All cheap: `release.write_release` on a three-file release, and the command line with the
assembly replaced by that release (no real build)."""

import os
import types
import zipfile
from pathlib import Path

import pytest

from instructor import locks, release


def _release(layers=b"def affine_forward(x, w, b):\n    raise NotImplementedError\n"):
    """A small release as `release.write_release` takes it (files and their modes), with what
    the command line's summary line reads."""
    files = {
        "cs231n/layers.py": layers,
        "notebooks/1_FullyConnectedNets.ipynb": b'{"cells": []}\n',
        release.RELEASE_STAMP: release.release_stamp({"cs231n/layers.py": layers}),
    }
    return types.SimpleNamespace(
        files=files, modes=dict.fromkeys(files, 0o644), labels=[], answers=0, significant_lines=[]
    )


CHANGED = b"def affine_forward(x, w, b):\n    raise NotImplementedError()\n"


def snapshot(parent):
    """Every path under ``parent`` with its bytes (files) or its link target (symlinks)."""
    found = {}
    for path in sorted(parent.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(parent).as_posix()] = ("link", os.readlink(path))
        elif path.is_file():
            found[path.relative_to(parent).as_posix()] = path.read_bytes()
        else:
            found[path.relative_to(parent).as_posix()] = "folder"
    return found


@pytest.fixture
def command_line(monkeypatch, capsys):
    """``python -m instructor.release ARGS`` with the assembly (and the behavioural check)
    replaced by `_release`: returns ``run(args, release) -> (rc, stdout, stderr)``."""

    def run(args, built):
        monkeypatch.setattr(release, "assemble_release", lambda master, **lists: built)
        monkeypatch.setattr(release.ORACLE, "check_release", lambda files, student_files: None)
        rc = release.main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


# Row 17: the lock. Two builds into one OUTDIR: the second refuses in one line, changes nothing.
def test_a_build_refuses_in_one_line_while_another_build_of_the_folder_runs(tmp_path, command_line):
    folder = tmp_path / "release"
    release.write_release(_release(), folder)
    before = snapshot(tmp_path)
    held = locks.try_lock(release.lock_path(folder))  # the other build, in its write
    assert held is not None
    try:
        with pytest.raises(FileExistsError, match="another build of .* is running"):
            release.write_release(_release(CHANGED), folder)
        rc, out, err = command_line([folder], _release(CHANGED))
    finally:
        held.close()
    assert rc == 1 and out == "" and err.count("\n") == 1
    assert err.startswith(f"release failed: another build of {folder} is running (lock file ")
    assert snapshot(tmp_path) == before  # folder, zip and manifest: the earlier build's
    release.write_release(_release(CHANGED), folder)  # once the other build is done
    assert (folder / "cs231n" / "layers.py").read_bytes() == CHANGED


def test_a_symlink_planted_as_the_lock_file_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "out" / "release"
    folder.parent.mkdir()
    release.lock_path(folder).symlink_to(elsewhere / "created-through-the-link")
    with pytest.raises(FileExistsError, match=r"\.release\.lock is a symlink"):
        release.write_release(_release(), folder)
    assert list(elsewhere.iterdir()) == [] and not folder.exists()


def test_a_refused_build_leaves_not_even_a_lock_file(tmp_path):
    """(Fails when the lock is taken before the refusals are checked.)"""
    course = tmp_path / "course.zip"
    with zipfile.ZipFile(course, "w") as archive:
        archive.writestr("notes.txt", "last term")
    before = snapshot(tmp_path)
    with pytest.raises(FileExistsError, match="not an earlier release's zip"):
        release.write_release(_release(), tmp_path / "course")
    assert snapshot(tmp_path) == before


# Row 17: staging. Each build stages in a folder of its own, removed whatever happens.
def test_each_build_stages_in_its_own_folder_and_leaves_none(tmp_path, monkeypatch):
    folder = tmp_path / "release"
    staged = []
    stage = release._stage

    def recording(built, staging, staged_archive, prefix):
        staged.append((staging, staged_archive))
        stage(built, staging, staged_archive, prefix)

    monkeypatch.setattr(release, "_stage", recording)
    release.write_release(_release(), folder)
    release.write_release(_release(CHANGED), folder)
    (first, first_zip), (second, second_zip) = staged
    assert first != second and first_zip != second_zip  # two builds never share a staging name
    for path in (first, first_zip, second, second_zip):
        assert path.parent.parent == tmp_path and path.parent.name.startswith(".release.staging-")
        assert not path.parent.exists()
    listing = sorted(path.name for path in tmp_path.iterdir())
    assert listing == [".release.lock", ".release.sha256", "release", "release.zip"]


def test_ctrl_c_late_in_a_build_leaves_the_earlier_release_and_no_staging(tmp_path, monkeypatch):
    """Before the fix the manifest was written after the folder was replaced: Ctrl-C there
    left a new folder, the old manifest, the old zip and ``.release.zip.staging``."""
    folder = tmp_path / "release"
    release.write_release(_release(), folder)
    before = snapshot(tmp_path)

    def interrupted(files):
        raise KeyboardInterrupt

    monkeypatch.setattr(release, "_manifest", interrupted)
    with pytest.raises(KeyboardInterrupt):
        release.write_release(_release(CHANGED), folder)
    assert snapshot(tmp_path) == before


def test_ctrl_c_between_moving_the_earlier_folder_aside_and_the_new_one_in_restores_it(
    tmp_path, monkeypatch
):
    folder = tmp_path / "release"
    release.write_release(_release(), folder)
    before = snapshot(tmp_path)
    rename = Path.rename

    def interrupted(source, target):
        if source.name == "folder":  # the staged folder, moved into place after the earlier one
            raise KeyboardInterrupt
        return rename(source, target)

    monkeypatch.setattr(Path, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        release.write_release(_release(CHANGED), folder)
    assert snapshot(tmp_path) == before


def test_what_a_killed_build_staged_is_removed_by_the_next_build(tmp_path):
    folder = tmp_path / "release"
    killed = tmp_path / ".release.staging-k1ll3d_0"  # as tempfile.mkdtemp names it
    (killed / "folder" / "cs231n").mkdir(parents=True)
    (killed / "zip").write_bytes(b"half a zip")
    (tmp_path / ".release.zip.staging").write_bytes(b"half a zip")  # row 17's, before the fix
    (tmp_path / ".release.sha256.staging").write_text("half a manifest")
    others = {".release.staging-notes", ".other.staging-k1ll3d_0", "release.staging-k1ll3d_0"}
    for name in others:  # not this build's staging: kept
        (tmp_path / name).mkdir()
    release.write_release(_release(), folder)
    listing = {path.name for path in tmp_path.iterdir()}
    assert listing == others | {".release.lock", ".release.sha256", "release", "release.zip"}


# Row 23: --no-zip and the earlier build's zip.
def test_no_zip_removes_the_earlier_builds_zip_and_says_so(tmp_path, command_line):
    folder = tmp_path / "release"
    archive = tmp_path / "release.zip"
    release.write_release(_release(), folder)
    notes = []
    release.write_release(_release(CHANGED), folder, make_zip=False, notes=notes)
    assert notes == [f"removed {archive} of an earlier build: it no longer matches the folder"]
    assert not archive.exists()
    assert (folder / "cs231n" / "layers.py").read_bytes() == CHANGED
    release.write_release(_release(), folder)  # the command line says it too
    rc, out, err = command_line([folder, "--no-zip"], _release(CHANGED))
    assert rc == 0 and err == "" and not archive.exists()
    assert out.splitlines()[1:] == [notes[0]]


def test_no_zip_keeps_an_earlier_zip_that_holds_exactly_the_new_folder(tmp_path):
    folder = tmp_path / "release"
    release.write_release(_release(), folder)
    before = (tmp_path / "release.zip").read_bytes()
    notes = []
    release.write_release(_release(), folder, make_zip=False, notes=notes)
    assert (tmp_path / "release.zip").read_bytes() == before
    assert notes == [f"kept {tmp_path / 'release.zip'}: it holds exactly this build's folder"]


def test_no_zip_never_removes_a_file_that_is_not_a_releases_zip(tmp_path, command_line):
    course = tmp_path / "course.zip"
    with zipfile.ZipFile(course, "w") as archive:
        archive.writestr("notes.txt", "last term")
    before = course.read_bytes()
    rc, out, err = command_line([tmp_path / "course", "--no-zip"], _release())
    assert rc == 0 and err == "" and course.read_bytes() == before
    assert out.splitlines()[1:] == [
        f"left {course} as it is: it is not a release's zip (no course/release.json), not this "
        "folder's zip; do not upload it"
    ]
    # a symlink named like the zip: left, and so is what it points to (an earlier release's)
    release.write_release(_release(), tmp_path / "elsewhere" / "release")
    target = tmp_path / "elsewhere" / "release.zip"
    (tmp_path / "release.zip").symlink_to(target)
    notes = []
    release.write_release(_release(CHANGED), tmp_path / "release", make_zip=False, notes=notes)
    assert notes[0].startswith(f"left {tmp_path / 'release.zip'} as it is: it is a symlink")
    assert (tmp_path / "release.zip").is_symlink() and target.is_file()
