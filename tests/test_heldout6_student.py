"""Held-out round 6 (docs/heldout_round6.md), careless or hostile students against `make submit`
and the grader's intake: row 4, a lone ``$`` before a long Markdown output made the answers page
take minutes (quadratic inline-math pattern); row 8, 9,000 copies of a student file gave a
300 kB note that Python's csv reader refuses in grades.csv; row 9, the ``make submit`` zip
uploaded inside another zip was graded 0 as "missing from the submission"."""

import csv
import io
import time
import types
import zipfile

from cs231n import submit
from instructor.grader import report
from instructor.grader.grade import grade_submission
from instructor.grader.intake import GRADED_FILES, RELEASE_STAMP, read_submission

SOLVED = b"def affine_forward(x, w, b):\n    return x.reshape(len(x), -1) @ w + b, None\n"


def test_a_lone_dollar_before_a_long_output_renders_in_linear_time():
    log = "Training cost me about $3 of cloud time.\n\n" + "epoch 1: loss 0.5\n" * 3_500
    started = time.perf_counter()
    html = submit.markdown_to_html(log)
    # 63 kB: the quadratic pattern took about 25 s here (330 kB: 12 minutes), linear 0.3 s
    assert time.perf_counter() - started < 5
    assert "$3 of cloud time" in html and "<math" not in html


def test_equations_still_render():
    html = submit.markdown_to_html("a $x^2$ b, $$\\sum_i x_i$$ and $a$ and $b$; $5 and $6")
    assert html.count('<math display="inline">') == 4 and html.count('display="block"') == 1
    assert "\\$" not in submit.markdown_to_html("escaped \\$5 and $x$")  # markdown's own escape


def _many_copies(tmp_path, copies=9000):
    path = tmp_path / "alice.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("cs231n/layers.py", SOLVED)
        for number in range(copies):
            archive.writestr(f"backup/old{number:04d}/cs231n/layers.py", SOLVED)
    return path


def test_a_note_about_thousands_of_copies_stays_short_and_grades_csv_reads_back(tmp_path):
    workspace = types.SimpleNamespace(files={})  # no check asked: no sandbox started
    result = grade_submission("alice", _many_copies(tmp_path), [], workspace)
    assert result.error.startswith("9001 copies of cs231n/layers.py in the submission: graded ")
    assert result.error.endswith(" and 8997 more (submit one copy)") and len(result.error) < 400
    result.error = "x" * 500_000  # any long text a submission could cause
    report.write_grades([result], tmp_path / "grades.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "grades.csv").read_text("utf-8"))))
    assert rows[1][0] == "alice" and len(rows[1][-2]) <= report.MAX_CELL


def _submit_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cs231n/layers.py", SOLVED)
        archive.writestr("cs231n/optim.py", b"")
        archive.writestr("release.json", b'{"release_sha256": "' + b"0" * 64 + b'"}')
    return buffer.getvalue()


def test_the_submit_zip_inside_a_zip_or_a_folder_is_graded_with_a_note(tmp_path):
    wanted = GRADED_FILES + (RELEASE_STAMP,)
    note = "graded the files inside submission.zip (a zip inside the submission; "
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.writestr("submission.zip", _submit_zip())
    folder = tmp_path / "gradescope" / "submission"  # Gradescope's unzipped upload
    folder.mkdir(parents=True)
    (folder / "submission.zip").write_bytes(_submit_zip())
    for path in (outer, folder):
        submission = read_submission(path, wanted)
        assert submission.files["cs231n/layers.py"] == SOLVED, path
        assert RELEASE_STAMP in submission.files and submission.notes[0].startswith(note)


def test_two_zips_inside_are_named_not_guessed_between(tmp_path):
    folder = tmp_path / "bob"
    folder.mkdir()
    (folder / "a.zip").write_bytes(_submit_zip())
    (folder / "b.zip").write_bytes(_submit_zip())
    submission = read_submission(folder, GRADED_FILES)
    assert submission.files == {}
    assert submission.notes == [
        "no cs231n/classifiers/cnn.py in the submission, but 2 zip files inside it "
        "(a.zip, b.zip): submit the files themselves, or one zip of them"
    ]


def test_a_submission_with_its_own_files_ignores_a_zip_inside(tmp_path):
    folder = tmp_path / "carol"
    (folder / "cs231n").mkdir(parents=True)
    (folder / "cs231n" / "layers.py").write_bytes(b"# mine\n")
    (folder / "old.zip").write_bytes(_submit_zip())
    submission = read_submission(folder, GRADED_FILES)
    assert submission.files == {"cs231n/layers.py": b"# mine\n"} and submission.notes == []
