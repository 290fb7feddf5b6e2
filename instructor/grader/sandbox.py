"""What a child may read: a folder with the release's provided files and one student's files.

The provided files are taken from the student release assembled from the master
(`instructor.release.assemble_release`), so the child sees exactly what students were given, and
never the master's solution. The student's files come from the submission (a zip or a folder);
a student file missing from the submission is the release's stub ("not implemented").
"""

import os
import secrets
import stat
import zipfile
from pathlib import Path

from .. import shipped as SHIPPED
from ..release import assemble_release

MAX_STUDENT_FILE_BYTES = 2 * 2**20
GRADED_FILES = tuple(path for path in SHIPPED.STUDENT_FILES if path.endswith(".py"))
NOTEBOOKS = tuple(path for path in SHIPPED.STUDENT_FILES if path.endswith(".ipynb"))


class SubmissionError(ValueError):
    """The submission cannot be read (not a zip or folder, unsafe member, ...)."""


# In autograder.zip (not a git checkout, so no release can be assembled there), the release's
# package is stored, already built, in this folder.
PREBUILT = "grader_release"


def release_package(master):
    """The release's ``cs231n/`` files, stubs for the student files: ``{relpath: bytes}``."""
    prebuilt = Path(master, PREBUILT)
    if prebuilt.is_dir():
        return {
            path.relative_to(prebuilt).as_posix(): path.read_bytes()
            for path in sorted(prebuilt.rglob("*"))
            if path.is_file() and not path.is_symlink()
        }
    release = assemble_release(master)
    return {path: data for path, data in release.files.items() if path.startswith("cs231n/")}


def release_tree(master):
    """The files a sandbox starts from: the release's ``cs231n/`` files (stubs for student files)
    plus the compiled extension of the master, if built. Returns ``{relpath: bytes}``."""
    files = release_package(master)
    for built in sorted(Path(master, "cs231n").glob("im2col_cython*.so")):
        files[f"cs231n/{built.name}"] = built.read_bytes()
    return files


def _match(names, relpath):
    """The one name in ``names`` that is ``relpath`` or ends with it, else the one whose file
    name matches (a flat upload of ``layers.py``); None when absent or ambiguous."""
    suffix = [n for n in names if n == relpath or n.endswith("/" + relpath)]
    if len(suffix) == 1:
        return suffix[0]
    if suffix:
        return min(suffix, key=len)
    base = relpath.rsplit("/", 1)[-1]
    flat = [n for n in names if n.rsplit("/", 1)[-1] == base]
    return flat[0] if len(flat) == 1 else None


def read_submission(path, wanted=GRADED_FILES + NOTEBOOKS):
    """The student files found in a submission (zip file or folder): ``{relpath: bytes}``.

    Only regular files are read (no symlinks followed, nothing extracted to disk), each at most
    ``MAX_STUDENT_FILE_BYTES`` (notebooks: 50 MB).
    """
    path = Path(path)
    found = {}
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = {
                info.filename: info
                for info in archive.infolist()
                if not info.is_dir() and not stat.S_ISLNK(info.external_attr >> 16)
            }
            for relpath in wanted:
                name = _match(list(members), relpath)
                if name is None:
                    continue
                limit = _limit(relpath)
                if members[name].file_size > limit:
                    raise SubmissionError(f"{name}: {members[name].file_size} bytes, over {limit}")
                found[relpath] = archive.read(name)
        return found
    if path.is_dir() and not path.is_symlink():
        names = {}
        for root, dirs, files in os.walk(path):  # os.walk does not follow symlinked folders
            for name in files:
                full = Path(root, name)
                if full.is_symlink() or not full.is_file():
                    continue
                names[full.relative_to(path).as_posix()] = full
        for relpath in wanted:
            name = _match(list(names), relpath)
            if name is None:
                continue
            with open(names[name], "rb") as handle:  # opened as a regular file, size-bounded
                data = handle.read(_limit(relpath) + 1)
            if len(data) > _limit(relpath):
                raise SubmissionError(f"{name}: over {_limit(relpath)} bytes")
            found[relpath] = data
        return found
    raise SubmissionError(f"{path}: not a zip file or a folder")


def _limit(relpath):
    return 50 * 2**20 if relpath.endswith(".ipynb") else MAX_STUDENT_FILE_BYTES


def make_sandbox(workspace, tree, student_files, uid=None, gid=None):
    """Write a sandbox under ``workspace`` (a folder only root may list) and return its path.

    Files are read-only; the folder belongs to ``uid`` (mode 0500) so no other submission's
    child can enter it; ``tmp/`` is the child's only writable place.
    """
    sandbox = Path(workspace, secrets.token_hex(12))
    files = dict(tree)
    files.update({k: v for k, v in student_files.items() if k in GRADED_FILES})
    for relpath, data in files.items():
        target = sandbox / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        os.chmod(target, 0o755 if relpath.endswith(".so") else 0o644)
    for folder in sorted(
        {p for rel in files for p in (sandbox / rel).parents if sandbox in p.parents}
    ):
        os.chmod(folder, 0o755)
    (sandbox / "tmp").mkdir()
    if uid is not None:
        os.chown(sandbox / "tmp", uid, gid)
        os.chmod(sandbox / "tmp", 0o700)
        os.chown(sandbox, uid, gid)
        os.chmod(sandbox, 0o500)
    return sandbox
