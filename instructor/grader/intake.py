"""Reading a submission (a zip file or a folder) into ``{relpath: bytes}``, whatever it holds.

Nothing is extracted to disk and no symlink is followed. Member names are matched after turning
backslashes into slashes (zips made by Windows PowerShell). A member that cannot be read (bad
CRC, broken deflate stream, encryption, a compression method Python lacks such as deflate64 or
PPMd) or that is over its size cap costs only that file: it is left out and its reason is kept in
`Submission.problems`, so the checks of its functions fail with that reason and the others run.
A zip that cannot be opened at all raises `SubmissionError` with the reason.
"""

import dataclasses
import io
import json
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from .. import shipped as SHIPPED

MAX_STUDENT_FILE_BYTES = 2 * 2**20
MAX_NOTEBOOK_BYTES = 50 * 2**20
MAX_MEMBERS = 10_000
GRADED_FILES = tuple(path for path in SHIPPED.STUDENT_FILES if path.endswith(".py"))
NOTEBOOKS = tuple(path for path in SHIPPED.STUDENT_FILES if path.endswith(".ipynb"))


class SubmissionError(ValueError):
    """The submission cannot be read at all (not a zip or folder, broken archive, ...)."""


@dataclasses.dataclass
class Submission:
    files: dict  # relpath -> bytes
    problems: dict  # relpath -> why that file was left out
    notes: list = dataclasses.field(default_factory=list)  # said to the student and the staff


def limit_of(relpath):
    if relpath == RELEASE_STAMP:
        return MAX_STAMP_BYTES
    return MAX_NOTEBOOK_BYTES if relpath.endswith(".ipynb") else MAX_STUDENT_FILE_BYTES


# --------------------------------------------------------------------------------------------
# The release stamp (``make submit`` copies the release's release.json into the zip)
# --------------------------------------------------------------------------------------------

RELEASE_STAMP = "release.json"  # instructor.release.RELEASE_STAMP (no import: keep this light)
STAMP_KEY = "release_sha256"
MAX_STAMP_BYTES = 4096


def stamp_warning(submission, expected):
    """One line for the staff when the submission's release stamp names another release than
    ``expected`` (the digest of the grader's own bundle), else "". The stamp is written by the
    student's machine, so it is only ever a warning: a missing stamp (an older submit tool, a
    zip made by hand) is none, and a malformed one is said in one line, never trusted."""
    problem = submission.problems.pop(RELEASE_STAMP, None)
    data = submission.files.pop(RELEASE_STAMP, None)
    if problem:
        return f"release stamp ignored: {problem}"
    if data is None:
        return ""
    try:
        digest = json.loads(data.decode("utf-8"))[STAMP_KEY]
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        digest = None
    if not (isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)):
        return f"release stamp ignored: {RELEASE_STAMP} in the submission is not a release stamp"
    if digest == expected:
        return ""
    # Held-out round 10, row 22: the stamp is the submission's own claim (a student can write
    # any digest), so the line says what the submission claims, never that the grades are
    # wrong nor whose doing it is; staff check the bundle before believing either way.
    return (
        f"WARNING: the submission's {RELEASE_STAMP} (written on the student's machine) says "
        f"it was made from release {digest[:12]}, but this grader's bundle is release "
        f"{expected[:12]}: if that claim is true, the bundle may be stale (built from another "
        "master than the students' release); staff: check which release the students got"
    )


def _match(names, relpath):
    """The one name in ``names`` that is ``relpath`` or ends with it, else the one whose file
    name matches (a flat upload of ``layers.py``); None when absent or ambiguous."""
    suffix = [n for n in names if n == relpath or n.endswith("/" + relpath)]
    if suffix:
        return min(suffix, key=lambda n: (len(n), n))
    base = relpath.rsplit("/", 1)[-1]
    flat = [n for n in names if n.rsplit("/", 1)[-1] == base]
    return flat[0] if len(flat) == 1 else None


NAMED_COPIES = 3  # other copies a note names; it counts the rest


def _copies_note(names, relpath, chosen):
    """A note naming the copy graded when the submission holds ``relpath`` more than once (a
    stale backup folder beside the real one: held-out round 5), else None."""
    copies = sorted(n for n in names if n == relpath or n.endswith("/" + relpath))
    if len(copies) < 2 or relpath not in GRADED_FILES:
        return None
    others = [n for n in copies if n != chosen]
    named = ", ".join(others[:NAMED_COPIES])
    if len(others) > NAMED_COPIES:  # 9,000 copies made a 300 kB note (held-out round 6)
        named += f" and {len(others) - NAMED_COPIES} more"
    return (
        f"{len(copies)} copies of {relpath} in the submission: graded {chosen[:200]}, not "
        f"{named[:1000]} (submit one copy)"
    )


def _read_member(archive, info, limit):
    """The member's bytes, at most ``limit`` (raises ValueError beyond it, whatever the header
    claims), or raises with the reason it cannot be read."""
    if info.flag_bits & 0x1:
        raise ValueError("encrypted (password-protected zip)")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, 12, 14):
        raise ValueError(f"compressed with method {info.compress_type}, which cannot be read")
    if info.file_size > limit:
        raise ValueError(f"{info.file_size} bytes, over the {limit // 2**20} MB cap")
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"over the {limit // 2**20} MB cap")
    return data


def read_zip(path, wanted):
    problems, found, notes = {}, {}, []
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise SubmissionError(f"not a readable zip file ({error})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise SubmissionError(f"{len(infos)} files in the zip, over {MAX_MEMBERS}")
        members, spellings = {}, {}
        for info in infos:
            written = info.filename.replace("\\", "/")
            if written.endswith("/") or stat.S_ISLNK(info.external_attr >> 16):
                continue
            # one name for the members an extraction (Gradescope's ``unzip -o``) writes to one
            # file: unzip drops empty, "." and ".." parts (held-out round 10, row 24:
            # ``cs231n/./layers.py`` after ``cs231n/layers.py``); the last member, as it keeps
            name = "/".join(part for part in written.split("/") if part not in ("", ".", ".."))
            if not name:
                continue
            members[name] = info
            spellings.setdefault(name, []).append(written)
        for relpath in wanted:
            name = _match(list(members), relpath)
            if name is None:
                continue
            note = _copies_note(members, relpath, name)
            notes += [note] if note else []
            written = spellings[name]
            if len(written) > 1 and relpath in GRADED_FILES:  # held-out rounds 7 and 10
                if len(set(written)) == 1:
                    how = "under the same name"
                else:
                    shown = ", ".join(sorted(set(written))[:NAMED_COPIES])
                    how = f"under names that unzip makes one file ({shown[:600]})"
                notes.append(
                    f"{name[:200]} is in the zip {len(written)} times {how}: graded the last "
                    "one, the one unzip keeps (submit one copy)"
                )
            try:
                found[relpath] = _read_member(archive, members[name], limit_of(relpath))
            except (
                ValueError,
                RuntimeError,
                NotImplementedError,
                OSError,
                EOFError,
                zlib.error,
                zipfile.BadZipFile,
            ) as error:
                problems[relpath] = f"{relpath} in the zip cannot be read: {error}"
    return Submission(found, problems, notes)


def read_folder(path, wanted):
    problems, found, names, notes = {}, {}, {}, []
    for root, _dirs, files in os.walk(path):  # os.walk does not follow symlinked folders
        for name in files:
            full = Path(root, name)
            if full.is_symlink() or not full.is_file():
                continue
            names[full.relative_to(path).as_posix()] = full
    for relpath in wanted:
        name = _match(list(names), relpath)
        if name is None:
            continue
        note = _copies_note(names, relpath, name)
        notes += [note] if note else []
        limit = limit_of(relpath)
        try:
            with open(names[name], "rb") as handle:  # opened as a regular file, size-bounded
                data = handle.read(limit + 1)
        except OSError as error:
            problems[relpath] = f"{relpath} cannot be read: {error.strerror}"
            continue
        if len(data) > limit:
            problems[relpath] = f"{relpath} is over the {limit // 2**20} MB cap"
            continue
        found[relpath] = data
    return Submission(found, problems, notes)


MAX_NESTED_ZIP_BYTES = 200 * 2**20


def _nested_zips(path):
    """``{name: reader}`` of the zip files one level inside the submission at ``path`` (a folder
    or a zip), each reader returning that zip's bytes (at most `MAX_NESTED_ZIP_BYTES`)."""
    found = {}
    if path.is_dir():
        for root, _dirs, files in os.walk(path):
            for name in files:
                full = Path(root, name)
                if name.lower().endswith(".zip") and full.is_file() and not full.is_symlink():
                    found[full.relative_to(path).as_posix()] = full
        return {
            name: (lambda full=full: full.open("rb").read(MAX_NESTED_ZIP_BYTES + 1))
            for name, full in found.items()
        }
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [
                info
                for info in archive.infolist()[:MAX_MEMBERS]
                if info.filename.lower().endswith(".zip") and not info.is_dir()
            ]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return {}

    def reader(info):
        with zipfile.ZipFile(path) as archive:
            return _read_member(archive, info, MAX_NESTED_ZIP_BYTES)

    return {info.filename: (lambda info=info: reader(info)) for info in infos}


def _from_nested_zip(path, wanted, submission):
    """The submission read from the one zip inside it when it holds no graded file of its own
    (``make submit``'s zip uploaded inside another zip: held-out round 6, row 9), else
    ``submission`` unchanged. One level only; two zips inside are named, not guessed between."""
    if any(
        relpath in submission.files or relpath in submission.problems for relpath in GRADED_FILES
    ):
        return submission
    nested = _nested_zips(path)
    if not nested:
        return submission
    if len(nested) > 1:
        names = ", ".join(sorted(nested)[:3]) + (" ..." if len(nested) > 3 else "")
        submission.notes.append(
            f"no {GRADED_FILES[0]} in the submission, but {len(nested)} zip files inside it "
            f"({names[:300]}): submit the files themselves, or one zip of them"
        )
        return submission
    ((name, read),) = nested.items()
    try:
        data = read()
        if len(data) > MAX_NESTED_ZIP_BYTES:
            raise ValueError(f"over the {MAX_NESTED_ZIP_BYTES // 2**20} MB cap")
        inner = read_zip(io.BytesIO(data), wanted)
    except (
        SubmissionError,
        ValueError,
        RuntimeError,
        OSError,
        EOFError,
        zlib.error,
        zipfile.BadZipFile,
        NotImplementedError,
    ) as error:
        submission.notes.append(f"{name[:200]} inside the submission cannot be read: {error}")
        return submission
    inner.notes.insert(
        0,
        f"graded the files inside {name[:200]} (a zip inside the submission; submit its "
        "files, or that zip itself, not a zip of it)",
    )
    return inner


def read_submission(path, wanted=GRADED_FILES + NOTEBOOKS):
    """The student files found in a submission (zip file or folder), as a `Submission`; one
    that holds no graded file but one zip is read from that zip (`_from_nested_zip`)."""
    path = Path(path)
    if path.is_symlink():
        raise SubmissionError(f"{path.name}: a symbolic link, not a zip file or a folder")
    if path.is_dir():
        return _from_nested_zip(path, wanted, read_folder(path, wanted))
    if path.is_file():
        return _from_nested_zip(path, wanted, read_zip(path, wanted))
    raise SubmissionError(f"{path.name}: not a zip file or a folder")
