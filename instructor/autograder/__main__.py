"""``python -m instructor.autograder autograder.zip``: write Gradescope's autograder bundle."""

import argparse
import os
import sys
import zipfile
from pathlib import Path

from ..grader.__main__ import dirty_master
from ..grader.grade import reference_checks
from ..grader.sandbox import PREBUILT, release_package
from ..release import MAX_FILE_BYTES, RELEASE_STAMP, ZIP_TIMESTAMP, git_tracks, master_files
from ..release_record import RECORD_DIRECTORY

MASTER = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
# What the grader needs of the master: the package (reference) and the instructor tools. Never
# the notebooks (the master's written answers) nor the release's templates: the release's
# package is stored built, in grader_release/.
INCLUDED = ("cs231n/", "instructor/")
TOP_LEVEL = (".gitignore", "pyproject.toml", "requirements.txt", "setup.py")


def bundle_files(master=MASTER):
    """``(files, modes)`` of autograder.zip: setup.sh and run_autograder at the root, then the
    master's files (never data, build products or anything larger than a source file)."""
    files, modes = {}, {}
    for relpath in master_files(master):
        if relpath.startswith(RECORD_DIRECTORY + "/"):  # solution lines and written answers
            continue
        if relpath.startswith(INCLUDED) or relpath in TOP_LEVEL:
            path = Path(master, relpath)
            if path.stat().st_size <= MAX_FILE_BYTES:
                files[relpath] = path.read_bytes()
                modes[relpath] = 0o755 if path.stat().st_mode & 0o111 else 0o644
    for relpath, data in release_package(master).items():  # the sandbox's provided files
        files[f"{PREBUILT}/{relpath}"], modes[f"{PREBUILT}/{relpath}"] = data, 0o644
    for name in ("setup.sh", "run_autograder"):
        files[name], modes[name] = (HERE / name).read_bytes(), 0o755
    return files, modes


def write_bundle(path, master=MASTER):
    """Write autograder.zip (entries at its root, as Gradescope unpacks it); returns the files."""
    files, modes = bundle_files(master)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for relpath in sorted(files):
            info = zipfile.ZipInfo(relpath, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | modes[relpath]) << 16
            archive.writestr(info, files[relpath])
    return files


def out_problem(out, master=MASTER):
    """Why ``out`` cannot receive the bundle, or None: it must be a new or replaceable
    ``.zip`` file in an existing folder, never a folder, a file git tracks in the master nor a
    file inside a student release (held-out round 4: ``python -m instructor.autograder
    cs231n/layers.py`` overwrote the master's solved layers with the bundle; a folder gave a
    traceback; round 5: a bundle in release/ would be published with it)."""
    out = Path(out)
    if out.suffix.lower() != ".zip":
        return f"{out} does not end in .zip (Gradescope takes the bundle as a zip file)"
    if out.is_dir():
        return f"{out} is a folder"
    if not out.resolve().parent.is_dir():
        return f"the folder of {out} does not exist"
    resolved, master = out.resolve(), Path(master).resolve()
    if master in resolved.parents and git_tracks(master, resolved):
        return f"{out} is a file of the master that git tracks"
    for folder in resolved.parents:  # held-out round 5: release/autograder.zip, then published
        if (folder / RELEASE_STAMP).is_file():
            return (
                f"{out} is inside the student release {folder} (it holds {RELEASE_STAMP}), and "
                "the bundle holds the reference solution; write it outside the release"
            )
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m instructor.autograder")
    parser.add_argument("out", type=Path, nargs="?", default=Path("autograder.zip"))
    parser.add_argument(
        "--allow-dirty",
        action="store_true",
        help="build from the master's uncommitted changes to cs231n/ and instructor/ "
        "(refused without it)",
    )
    args = parser.parse_args(argv)
    problem = out_problem(args.out)
    if problem:
        print(f"autograder bundle not written: {problem}", file=sys.stderr)
        return 2
    if not dirty_master(
        args.allow_dirty,
        "autograder",
        MASTER,
        "autograder bundle not written",
        "building the bundle",
    ):
        return 2
    try:  # the bundle's reference grades every student: it must pass its own checks first
        reference_checks(int.from_bytes(os.urandom(4), "big"))
    except RuntimeError as error:
        print(f"autograder bundle not written: {error}", file=sys.stderr)
        return 1
    staged = args.out.with_name(f".{args.out.name}.staging")
    try:
        files = write_bundle(staged)
        os.replace(staged, args.out)
    except (OSError, ValueError) as error:
        staged.unlink(missing_ok=True)
        print(f"autograder bundle not written: {error}", file=sys.stderr)
        return 1
    shipped = sum(path.startswith(PREBUILT + "/") for path in files)
    print(
        f"wrote {args.out}: setup.sh, run_autograder, {len(files) - shipped - 2} files of the "
        f"master and the release's package ({shipped} files) for the sandboxes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
