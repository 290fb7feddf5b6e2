"""Held-out round 7 (docs/heldout_round7.md), the holes fixed after the round: rows 1 and 17,
``make submit`` was quadratic in unclosed code fences and unclosed ``\\(`` / ``\\[`` (a pasted
training log took minutes); row 7, a zip holding ``cs231n/layers.py`` twice under the same name
was graded from its first member, silently, while Gradescope's ``unzip -o`` keeps the last;
row 8, grades.csv carried raw terminal escapes from student-chosen zip member names."""

import csv
import io
import random
import re
import subprocess
import sys
import types
import warnings
import zipfile

import pytest

from cs231n import submit
from instructor.grader import report
from instructor.grader.grade import grade_submission
from instructor.grader.intake import read_submission

SOLVED = b"def affine_forward(x, w, b):\n    return x.reshape(len(x), -1) @ w + b, None\n"

LOGS = {
    "fence": "".join(f"~~~~ epoch {i} ~~~~\nloss 0.5\n" for i in range(20_000)),
    "paren": "".join(f"pattern \\( group {i}\n" for i in range(20_000)),
    "bracket": "".join(f"pattern \\[ group {i}\n" for i in range(20_000)),
}
RENDER = (
    "import sys\nfrom cs231n.submit import markdown_to_html\n"
    "html = markdown_to_html(sys.stdin.read())\n"
    "assert 'epoch 19999' in html or 'group 19999' in html"
)


@pytest.mark.parametrize("kind", sorted(LOGS))
def test_a_log_of_20000_unclosed_openers_renders_in_seconds(kind):
    # quadratic before the fix: 20,000 fences about 450 s, 8,000 ``\(`` 30 s; now about 1 s
    # (in a child, so that the old code fails at the timeout instead of hanging the suite)
    done = subprocess.run(
        [sys.executable, "-c", RENDER], input=LOGS[kind], text=True, capture_output=True, timeout=30
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_code_and_equations_after_unclosed_openers_still_render():
    html = submit.markdown_to_html(
        "\\( x \\[ y\n\n```\n$a$ in code\n```\n\nand $b$\n\n~~~ log\n$c$"
    )
    assert "<pre><code>$a$ in code" in html and html.count("<math") == 1
    assert '<code class="language-log">$c$' in html  # an unclosed fence: code to the end
    assert submit.markdown_to_html("\\(x^2\\) and \\[y\\]").count("<math") == 2


OLD_MATH = re.compile(  # the patterns before round 7, to pin the same spans on short texts
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$|\\\[(?P<bracket>.+?)\\\]|\\\((?P<paren>.+?)\\\)"
    r"|(?<![\\$])\$(?P<inline>[^$]*[^$\\])\$",
    re.DOTALL,
)
OLD_CODE = re.compile(
    r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[ \t]*$|(`+)[^`]*?\2", re.MULTILINE | re.DOTALL
)


def _old_math(text):
    spans = []
    for match in OLD_MATH.finditer(text):
        display = match.group("display") or match.group("bracket")
        inline = match.group("inline")
        if inline is not None and "\n" in inline and not inline.strip():
            continue  # the old substitution put it back unchanged
        tex = display if display is not None else (match.group("paren") or inline)
        spans.append((match.start(), match.end(), tex, display is not None))
    return spans


def test_the_scanners_find_what_the_old_patterns_found():
    rng = random.Random(7)
    pieces = ["\\", "[", "]", "(", ")", "$", "a", "\n", " ", "`", "~", "```", "~~~", "````", "\t"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        spans = submit._code_spans(text)
        if (
            spans
            and spans[-1][1] == len(text)
            and re.match(r" {0,3}(`{3}|~{3})", text[spans[-1][0] :])
        ):
            if not OLD_CODE.fullmatch(text, spans[-1][0]):  # an unclosed fence: now to the end
                text, spans = text[: spans[-1][0]], spans[:-1]  # (it was text before)
        assert spans == [m.span() for m in OLD_CODE.finditer(text)], text
        assert submit._math_spans(text) == _old_math(text), text


def _zip_twice(path, first, second):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile: "Duplicate name"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("cs231n/layers.py", first)
            archive.writestr("cs231n/layers.py", second)
    return path


def test_a_graded_file_twice_under_the_same_name_grades_what_unzip_keeps_with_a_note(tmp_path):
    other = SOLVED.replace(b"+ b", b"+ 2 * b")
    path = _zip_twice(tmp_path / "s07.zip", SOLVED, other)
    submission = read_submission(path)
    assert submission.files["cs231n/layers.py"] == other  # the last, like `unzip -o`
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "unzipped")  # also the last member of a name
    assert read_submission(tmp_path / "unzipped").files["cs231n/layers.py"] == other
    assert submission.notes == [
        "cs231n/layers.py is in the zip 2 times under the same name: graded the last one, "
        "the one unzip keeps (submit one copy)"
    ]


def test_grades_csv_and_printed_text_carry_no_control_characters(tmp_path):
    path = tmp_path / "s08.zip"
    hostile = "not old\x1b[2J\x1b]52;c;QQ==\x07\x9b"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("cs231n/layers.py", SOLVED)
        archive.writestr(f"{hostile}/cs231n/layers.py", SOLVED)
    workspace = types.SimpleNamespace(files={})  # no check asked: no sandbox started
    result = grade_submission("Zoë 李\x1b[2J", path, [], workspace)
    assert "\x1b" in result.error  # results.json keeps it, JSON-escaped
    report.write_grades([result], tmp_path / "grades.csv")
    text = (tmp_path / "grades.csv").read_text("utf-8")
    assert not re.search(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[0] == "Zoë 李\\x1b[2J"
    assert "not old\\x1b[2J\\x1b]52;c;QQ==\\x07\\x9b/cs231n/layers.py" in row[-2]
    assert report.printable("Zoë\tb\nc") == "Zoë\tb\nc"  # ordinary text unchanged


def test_the_macos_metadata_folder_is_not_a_student(tmp_path):
    # Found at the end of the stop: a course folder zipped on macOS carries __MACOSX/ (._ files),
    # which was graded as a student ("__MACOSX: 0/34", a row in grades.csv and the histogram).
    from instructor.grader.__main__ import submissions_in

    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "._alice.zip").write_bytes(b"metadata")
    (tmp_path / ".DS_Store").write_bytes(b"metadata")
    (tmp_path / "alice").mkdir()
    assert [name for name, _ in submissions_in(tmp_path)] == ["alice"]
