"""A class run that nothing stops: every broken or odd submission is that submission's result.

Zips with a bad CRC, a broken deflate stream, encryption, deflate64 or PPMd members; submissions
named ``grades.csv.zip`` or ``histogram.png.zip``; a Latin-1 file name; a zip made by PowerShell
(backslashes); one file over the size cap; a file that is no zip at all. One run grades them all
next to the master, writes every results.json, a full grades.csv and the histogram.
"""

import csv
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

from sandbox_support import isolation_or_skip

from cs231n.grading.isolation import Limits
from instructor.grader.__main__ import grade_all, submissions_in
from instructor.grader.intake import GRADED_FILES, MAX_STUDENT_FILE_BYTES, read_submission

MASTER = Path(__file__).resolve().parent.parent
OPTIM_CHECKS = {"sgd_momentum", "rmsprop", "adam"}


def master_files():
    return {relpath: (MASTER / relpath).read_bytes() for relpath in GRADED_FILES}


def zip_bytes(files, compression=zipfile.ZIP_STORED, names=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for relpath, data in files.items():
            archive.writestr((names or {}).get(relpath, relpath), data)
    return buffer.getvalue()


def patch_member(data, relpath, *, flag=None, method=None, corrupt=False):
    """Change one member of a zip in place: general-purpose flag bits, compression method (in
    the local header and the central directory), or one byte of its data."""
    data = bytearray(data)
    name = relpath.encode()
    local = data.find(b"PK\x03\x04" + bytes(0))
    while local != -1:
        name_length = int.from_bytes(data[local + 26 : local + 28], "little")
        extra_length = int.from_bytes(data[local + 28 : local + 30], "little")
        if data[local + 30 : local + 30 + name_length] == name:
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02" + bytes(0))
    while central != -1:
        name_length_c = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length_c] == name:
            break
        central = data.find(b"PK\x01\x02", central + 4)
    if flag is not None:
        data[local + 6] |= flag
        data[central + 8] |= flag
    if method is not None:
        data[local + 8 : local + 10] = method.to_bytes(2, "little")
        data[central + 10 : central + 12] = method.to_bytes(2, "little")
    if corrupt:
        start = local + 30 + name_length + extra_length
        data[start + 100] ^= 0xFF
    return bytes(data)


def test_one_file_over_the_cap_and_powershell_names_are_read_per_file(tmp_path):
    files = master_files()
    files["cs231n/optim.py"] += b"#" * MAX_STUDENT_FILE_BYTES
    names = {p: p.replace("/", "\\") for p in files}
    path = tmp_path / "s.zip"
    path.write_bytes(zip_bytes(files, zipfile.ZIP_DEFLATED, names))
    read = read_submission(path, GRADED_FILES)
    assert set(read.files) == set(GRADED_FILES) - {"cs231n/optim.py"}
    assert "over the 2 MB cap" in read.problems["cs231n/optim.py"]


def test_a_class_run_grades_every_broken_submission_and_writes_grades(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    folder = tmp_path / "submissions"
    folder.mkdir()
    files = master_files()
    stored = zip_bytes(files)
    deflated = zip_bytes(files, zipfile.ZIP_DEFLATED)
    layers = "cs231n/layers.py"
    (folder / "bad_crc.zip").write_bytes(patch_member(stored, layers, corrupt=True))
    (folder / "broken_deflate.zip").write_bytes(patch_member(deflated, layers, corrupt=True))
    (folder / "encrypted.zip").write_bytes(patch_member(stored, layers, flag=0x1))
    (folder / "deflate64.zip").write_bytes(patch_member(stored, layers, method=9))
    (folder / "ppmd.zip").write_bytes(patch_member(stored, layers, method=98))
    (folder / "grades.csv.zip").write_bytes(deflated)
    (folder / "histogram.png.zip").write_bytes(deflated)
    (folder / os.fsdecode(b"Jos\xe9.zip")).write_bytes(deflated)  # a Latin-1 file name
    powershell = {p: p.replace("/", "\\") for p in files}
    (folder / "powershell.zip").write_bytes(zip_bytes(files, zipfile.ZIP_DEFLATED, powershell))
    oversize = dict(files, **{"cs231n/optim.py": files["cs231n/optim.py"] + b"#" * 2**21})
    (folder / "oversize.zip").write_bytes(zip_bytes(oversize, zipfile.ZIP_DEFLATED))
    (folder / "not_a_zip.zip").write_bytes(b"this is no zip file")
    out = tmp_path / "out"
    results = grade_all(
        submissions_in(folder),
        out,
        jobs=2,
        seed=3,
        limits=Limits(wall=3.0, cpu=60.0, memory_mb=1024),
        progress=False,
        isolation=isolation_or_skip(),
    )
    by_name = {r.name: r for r in results}
    for name in ("grades.csv", "histogram.png", "José", "powershell"):
        assert by_name[name].score == 34, (name, by_name[name].error)
    for name in ("bad_crc", "broken_deflate", "encrypted", "deflate64", "ppmd"):
        result = by_name[name]
        assert "cs231n/layers.py in the zip cannot be read" in result.error, (name, result.error)
        checks = {r.name: r for r in result.results}
        assert all(checks[n].score == 1 for n in OPTIM_CHECKS), name  # other files graded
        assert "cs231n/layers.py in the zip cannot be read" in checks["affine_forward"].message
    assert "over the 2 MB cap" in by_name["oversize"].error
    assert by_name["oversize"].score == 34 - len(OPTIM_CHECKS)
    assert by_name["not_a_zip"].score == 0 and "not a readable zip" in by_name["not_a_zip"].error
    rows = list(csv.DictReader(open(out / "grades.csv", encoding="utf-8")))
    assert sorted(row["submission"] for row in rows) == sorted(by_name)
    for name, result in by_name.items():
        saved = json.loads((out / "results" / name / "results.json").read_text("utf-8"))
        assert saved["score"] == result.score
    assert (out / "histogram.png").stat().st_size > 1000
    assert list(work.iterdir()) == []  # the run's work folder is gone


def test_an_output_folder_inside_the_submissions_folder_is_not_a_submission(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "graded").mkdir()
    names = [name for name, _ in submissions_in(tmp_path, tmp_path / "graded")]
    assert names == ["alice"]
    assert [name for name, _ in submissions_in(tmp_path)] == ["alice", "graded"]
