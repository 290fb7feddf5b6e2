"""Build the student release of this repository (instructor-only; not shipped to students).

    python -m instructor.release OUTDIR [--master DIR] [--force] [--no-zip]
    python -m instructor.release --record [--master DIR]

writes the student release to the directory OUTDIR and the archive OUTDIR.zip. This module is the
only place that knows the solution-marker syntax. In ``.py`` files and notebook code cells a
solution region is

    <indent># BEGIN SOLUTION
    <solution lines>
    <indent># END SOLUTION

and is replaced (same indentation) by a stub that raises ``NotImplementedError`` naming the
enclosing function (or, in a notebook cell outside any function, the notebook and its section).
In notebook markdown cells a region is ``<!-- BEGIN SOLUTION -->`` ... ``<!-- END SOLUTION -->``
on lines of their own and becomes ``*(write your answer here)*``; answer cells label the
region with a ``**Your answer:**`` line before it, which stays. Nested, unbalanced,
unterminated, empty or malformed regions are errors naming the file and line.

What the release contains is an explicit list, `instructor.shipped`:

* the student files (``STUDENT_FILES``: layers, classifiers, optim, the notebooks) with every
  region stubbed; notebooks also lose their outputs (execution counts None), all notebook and
  cell metadata but the kernel and language, all attachments, and the CI scaffolding of the
  master: ``# NBVAL_...`` comments, ``pick(full=F, fast=S)`` (replaced by ``F``), sentences about
  the fast mode (``CS231N_FAST``) and the imports only they used;
* the provided files (``PROVIDED_FILES``) as they are; they may hold no solution region;
* ``pyproject.toml`` with its ``[tool.pytest.ini_options]`` table replaced by
  ``release_files/pyproject-pytest.toml`` (so a student's ``pytest`` runs the autograder) and its
  explicit package list completed with every shipped package;
* ``release.json``, the release's identity (`release_digest` of its ``cs231n/`` files), which
  ``make submit`` copies into each submission so the hidden grader can warn about a stale bundle;
* the files of ``release_files/`` listed in ``TEMPLATE_FILES`` copied to the same relative path
  (student README, Makefile, the pytest wrapper of the autograder), replacing the master's file
  of that path; an unlisted one, or one replacing a student file, stops the build.

Nothing else is shipped, and leaking is prevented by construction:

* a file of ``cs231n/`` or ``notebooks/`` that is neither listed nor in ``MASTER_ONLY`` stops the
  build (untracked editor debris aside);
* every shipped file must be tracked by git, a regular file reached through no symlink, UTF-8
  text without NUL bytes, and neither hidden (``.gitignore`` aside), a backup, a swap file, an
  archive nor a compiled file (`refusal`);
* a line that looks like a solution marker but is not exactly one (`looks_like_marker`: typos,
  non-breaking or zero-width spaces, ``# SOLUTION BEGIN``) is an error naming file and line;
* before anything is written, the raw bytes of every release file, and of every gzip, zlib,
  bzip2, xz or zip stream inside one, are searched for every significant solution line in
  UTF-8/16/32, Latin-1 and JSON-escaped form (`find_leaks`); any hit aborts the build. A solution
  line is significant unless it also occurs outside the regions of the master's student files,
  in release_files/ or in ``SHARED_LINES`` (provided code that happens to equal a solution line).

Markers can be deleted or never written, so the release is also checked against the reviewed
record of `instructor.release_record` (committed under ``instructor/release_record/``):

* every function, method and the module level of each stubbed student ``.py`` file must parse to
  exactly its recorded form (ast and comments): a graded function ships as its stub whatever the
  markers say, and nothing new (a helper, a comment) appears in a student file;
* the code cells of each student notebook must be exactly the recorded ones;
* every solution line the record ever held (it only grows: deleting a marker does not forget
  its lines) is searched in normal form (case, whitespace, quotes, comment signs ignored) in
  every shipped file, also inside HTML comments, JSON strings and base64/hex blobs; a line is
  exempt only where the reviewed stubs hold it outside graded functions, inside a graded function
  only as the earliest committed record of that function held it or as ``--ships-code`` confirmed
  it (`RECORD.provided_text`), or, for ``SHARED_LINES``, in the provided files that hold it.

* every definition of every provided file and template must be its recorded form (a digest
  of its ast, formatting aside, and one of its docstring and comments, `RECORD.provided_units`):
  new or changed provided code or prose stops the build, naming each definition
  (`_check_provided`);
* the command line also calls the release's provided functions on the graded functions' test
  vectors in a child process and refuses one that returns a graded answer
  (`instructor.provided_oracle`; the fast conv/pool layers are allowed by name).

``--record`` rewrites the record (refused when a graded function lost a stub, recorded
solution text would ship, a student file gains code outside stubs or a student notebook a new
or changed code cell (``--ships-code NOTEBOOK``), or a provided file gains or changes a
definition, that ``--ships-code NAME`` does not confirm); review its diff and
commit it. A build that fails any check writes
nothing: the directory and the zip are staged and moved into place at the end.

Writing OUTDIR: a build replaces OUTDIR only when it is an earlier release whose files are as the
last build wrote them (the manifest ``.<name>.sha256`` beside OUTDIR, in ``sha256sum`` format),
or with ``--force`` an earlier release; OUTDIR.zip only when it is an earlier release's zip. It
holds an exclusive lock, ``.<name>.lock`` beside OUTDIR, while it writes: a second build of the
same OUTDIR at the same time stops with "another build of OUTDIR is running" and changes
nothing. It stages into a new ``.<name>.staging-XXXXXXXX`` folder beside OUTDIR, removed on
any failure or Ctrl-C (and, if a killed build left one, by the next build). With ``--no-zip``,
an earlier release's OUTDIR.zip that no longer holds exactly the new folder is removed and the
build says so ("removed OUTDIR.zip of an earlier build"): uploading it would ship the old
release. Another file named OUTDIR.zip (not a release's zip) is not the build's to remove: it
is left as it is, and the build says that too.

The output is deterministic: same master, byte-identical directory and zip.
"""

import argparse
import ast
import bz2
import contextlib
import dataclasses
import functools
import hashlib
import io
import json
import lzma
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package (requirements.txt)
    import tomli as tomllib

from . import locks as LOCKS
from . import provided_oracle as ORACLE
from . import release_record as RECORD
from . import shipped as SHIPPED

# --------------------------------------------------------------------------------------------
# Marker syntax
# --------------------------------------------------------------------------------------------

CODE_BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION[ \t]*$")
CODE_END = re.compile(r"^(?P<indent>[ \t]*)# END SOLUTION[ \t]*$")
MARKDOWN_BEGIN = re.compile(r"^(?P<indent>[ \t]*)<!-- BEGIN SOLUTION -->[ \t]*$")
MARKDOWN_END = re.compile(r"^(?P<indent>[ \t]*)<!-- END SOLUTION -->[ \t]*$")

STUB_BEGIN = "# *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****"
STUB_RAISE = (
    'raise NotImplementedError("{label}: TODO \u2014 implement this part (see the TODO above)")'
)
STUB_END = "# *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****"
ANSWER_STUB = "*(write your answer here)*"

# --------------------------------------------------------------------------------------------
# What is shipped
# --------------------------------------------------------------------------------------------

TEMPLATE_DIRECTORY = "release_files"
PYTEST_TABLE_TEMPLATE = "pyproject-pytest.toml"
SKIPPED_DIRECTORY_NAMES = {
    ".git",
    "__pycache__",
    "build",
    "dist",
    ".eggs",
    ".pytest_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
    ".venv",
    "venv",
    "node_modules",
    "cifar-10-batches-py",
    "cifar10-cache",
}
SKIPPED_SUFFIXES = (".so", ".pyd", ".pyc", ".pyo", ".o", ".egg-info", ".zip", ".tar.gz")
GENERATED_FILES = {"cs231n/im2col_cython.c"}
MAX_FILE_BYTES = 5_000_000  # anything larger is probably data and must not be shipped

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
# The release's identity, written by the build at the release's root; `make submit` copies it into
# submission.zip and the hidden grader warns when it names another release than its own bundle.
RELEASE_STAMP = "release.json"
STAMP_KEY = "release_sha256"


class MarkerError(ValueError):
    """A solution marker is malformed, unbalanced, nested, unterminated or encloses nothing."""

    def __init__(self, where, line, message):
        super().__init__(f"{where}:{line}: {message}")
        self.where, self.line = where, line


class LeakError(RuntimeError):
    """Solution text was found in the release."""


@dataclasses.dataclass(frozen=True)
class Region:
    """Lines ``begin..end`` (0-based, both marker lines included) of one solution region."""

    begin: int
    end: int
    indent: str


# --------------------------------------------------------------------------------------------
# Near misses: lines that look like a marker but are not exactly one
# --------------------------------------------------------------------------------------------

_EDGE_WORDS = ("BEGIN", "END", "START", "STOP")


@functools.lru_cache(maxsize=65536)  # words repeat: most lines are names and operators
def _edit_distance(a, b, limit):
    """Levenshtein distance of ``a`` and ``b`` (adjacent swaps count 1), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _marker_words(line):
    """Upper-case words of ``line`` after Unicode normalization, invisible characters removed
    (so a non-breaking or zero-width space cannot hide a marker)."""
    text = RECORD.without_invisible(unicodedata.normalize("NFKC", line))
    return re.findall(r"[A-Z]+", text.upper())


@functools.lru_cache(maxsize=65536)  # a release reads the same lines many times
def looks_like_marker(line):
    """Whether ``line`` mentions a solution boundary: a word within two edits of SOLUTION next
    to BEGIN/END/START/STOP (``# SOLUTION BEGIN``, ``# BEGIN SOLUTON``, ``#BEGINSOLUTION``)."""
    words = _marker_words(line)
    solution = [w for w in words if _edit_distance(w, "SOLUTION", 2) <= 2 or w == "SOLUTIONS"]
    if solution:
        edges = [w for w in words if w in _EDGE_WORDS or _edit_distance(w, "BEGIN", 1) <= 1]
        return bool(edges)
    glued = ("BEGINSOLUTION", "ENDSOLUTION", "SOLUTIONBEGIN", "SOLUTIONEND")
    return any(_edit_distance(w, g, 2) <= 2 for w in words if len(w) > 9 for g in glued)


def is_exact_marker(line):
    line = _strip_eol(line)
    return any(p.match(line) for p in (CODE_BEGIN, CODE_END, MARKDOWN_BEGIN, MARKDOWN_END))


def near_miss_markers(text, where, comments_only=False):
    """MarkerError for the first line of ``text`` that looks like a marker but is not exactly
    one (``comments_only``: only lines starting with ``#`` or ``<!--``, for prose files)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if comments_only and not line.lstrip().startswith(("#", "<!--")):
            continue
        if looks_like_marker(line) and not is_exact_marker(line):
            raise MarkerError(where, number, _near_miss_message(line))


def _near_miss_message(line):
    return (
        f"{line.strip()!r} looks like a solution marker but is not exactly one; a marker is "
        "'# BEGIN SOLUTION' / '# END SOLUTION' (or '<!-- BEGIN SOLUTION -->' / "
        "'<!-- END SOLUTION -->' in markdown), alone on its line, in plain ASCII"
    )


# --------------------------------------------------------------------------------------------
# Finding regions
# --------------------------------------------------------------------------------------------


def _split_lines(text):
    """Lines with their line endings; a missing final newline stays missing."""
    return text.splitlines(keepends=True)


def _strip_eol(line):
    return line.rstrip("\r\n")


def find_regions(lines, where, begin_re=CODE_BEGIN, end_re=CODE_END, check_indent=True):
    """Locate the solution regions of a list of lines.

    Parameters
    ----------
    lines : list of str, with or without line endings
    where : str, file (and cell) name used in error messages
    begin_re, end_re : compiled patterns of the marker lines
    check_indent : bool, require END to be indented like BEGIN and the body at least as deep

    Returns
    -------
    regions : list of Region, in order

    Raises
    ------
    MarkerError
        On a malformed, nested, unmatched, unterminated or empty region.
    """
    regions, open_line, open_indent = [], None, ""
    for number, raw in enumerate(lines):
        line = _strip_eol(raw)
        begin, end = begin_re.match(line), end_re.match(line)
        if begin:
            if open_line is not None:
                raise MarkerError(
                    where,
                    number + 1,
                    "BEGIN SOLUTION inside the region opened at "
                    f"line {open_line + 1}; regions cannot nest",
                )
            open_line, open_indent = number, begin.group("indent")
        elif end:
            if open_line is None:
                raise MarkerError(where, number + 1, "END SOLUTION without a BEGIN SOLUTION")
            if check_indent and end.group("indent") != open_indent:
                raise MarkerError(
                    where,
                    number + 1,
                    "END SOLUTION is indented differently from "
                    f"its BEGIN SOLUTION at line {open_line + 1}",
                )
            _check_body(lines[open_line + 1 : number], open_line, open_indent, where, check_indent)
            regions.append(Region(open_line, number, open_indent))
            open_line = None
        elif looks_like_marker(line):
            raise MarkerError(where, number + 1, _near_miss_message(line))
    if open_line is not None:
        raise MarkerError(where, open_line + 1, "BEGIN SOLUTION is never closed by END SOLUTION")
    return regions


def _check_body(body, open_line, indent, where, check_indent):
    if not any(line.strip() for line in body):
        raise MarkerError(where, open_line + 1, "empty solution region")
    if not check_indent:
        return
    for offset, raw in enumerate(body, start=open_line + 2):
        line = _strip_eol(raw)
        if line.strip() and not line.startswith(indent):
            raise MarkerError(
                where,
                offset,
                f"solution line is indented less than its BEGIN SOLUTION at line {open_line + 1}",
            )


# --------------------------------------------------------------------------------------------
# Enclosing function names
# --------------------------------------------------------------------------------------------

_MAGIC = re.compile(r"^(?P<indent>[ \t]*)[%!]")


def _mask_ipython(source):
    """Replace IPython magics and shell escapes by ``pass`` so ``ast`` can parse a cell."""
    lines = []
    for line in source.split("\n"):
        magic = _MAGIC.match(line)
        lines.append(magic.group("indent") + "pass" if magic else line)
    return "\n".join(lines)


def enclosing_names(source):
    """Map 1-based line numbers of ``source`` to the qualified name of the innermost def/class.

    Returns a function ``name_at(lineno) -> str or None``. A def's span runs from its ``def``
    line through its last statement and any comment or blank lines after it that are indented
    deeper than the ``def``, so comment-only regions at the end of a body still belong to it.

    Raises
    ------
    SyntaxError
        If ``source`` (with IPython magics masked) is not valid Python.
    """
    tree = ast.parse(_mask_ipython(source))
    lines = source.split("\n")
    spans = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qualname = prefix + [child.name]
                spans.append((child.lineno, _extend_span(lines, child), ".".join(qualname)))
                visit(child, qualname)
            else:
                visit(child, prefix)

    visit(tree, [])

    def name_at(lineno):
        inside = [span for span in spans if span[0] <= lineno <= span[1]]
        return max(inside)[2] if inside else None

    return name_at


def _extend_span(lines, node):
    """Last line of ``node``, extended over trailing blank/comment lines indented deeper."""
    end = node.end_lineno
    while end < len(lines):
        following = lines[end]  # 0-based index == 1-based number of the next line
        stripped = following.strip()
        depth = len(following) - len(following.lstrip())
        if stripped and not (stripped.startswith("#") and depth > node.col_offset):
            break
        end += 1
    return end


# --------------------------------------------------------------------------------------------
# Stubbing
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Stubbed:
    """Result of stubbing one text: the new text, the removed solution lines and region labels."""

    text: str
    solution_lines: list
    labels: list  # one per stubbed code region
    answers: int = 0  # number of markdown answer regions


def _string_literal_body(label):
    return label.replace("\\", "\\\\").replace('"', '\\"')


def stub_code(source, where, label_for_line=None, default_label=None):
    """Replace every code region of ``source`` by a stub raising NotImplementedError.

    Parameters
    ----------
    source : str, Python source (a .py file or a notebook code cell)
    where : str, name used in error messages
    label_for_line : callable lineno -> str or None, names the code around a 1-based line;
        default: the enclosing def found with ``enclosing_names``
    default_label : str, used when ``label_for_line`` returns None; default ``where``

    Returns
    -------
    Stubbed
    """
    lines = _split_lines(source)
    regions = find_regions(lines, where)
    if not regions:
        return Stubbed(source, [], [])
    if label_for_line is None:
        try:
            label_for_line = enclosing_names(source)
        except SyntaxError as error:
            raise MarkerError(where, error.lineno or 0, f"cannot parse: {error.msg}") from error
    out, removed, labels, position = [], [], [], 0
    for region in regions:
        out.extend(lines[position : region.begin])
        label = label_for_line(region.begin + 1) or default_label or where
        newline = lines[region.begin][len(_strip_eol(lines[region.begin])) :] or "\n"
        for template in (STUB_BEGIN, STUB_RAISE, STUB_END):
            text = template.format(label=_string_literal_body(label))
            out.append(region.indent + text + newline)
        if region.end == len(lines) - 1 and not lines[region.end].endswith("\n"):
            out[-1] = out[-1].rstrip("\r\n")
        removed.extend(_strip_eol(line) for line in lines[region.begin + 1 : region.end])
        labels.append(label)
        position = region.end + 1
    out.extend(lines[position:])
    return Stubbed("".join(out), removed, labels)


def stub_markdown(source, where):
    """Replace every markdown answer region by ``*(write your answer here)*``."""
    lines = _split_lines(source)
    regions = find_regions(lines, where, MARKDOWN_BEGIN, MARKDOWN_END, check_indent=False)
    out, removed, position = [], [], 0
    for region in regions:
        out.extend(lines[position : region.begin])
        newline = lines[region.end][len(_strip_eol(lines[region.end])) :]
        out.append(region.indent + ANSWER_STUB + newline)
        removed.extend(_strip_eol(line) for line in lines[region.begin + 1 : region.end])
        position = region.end + 1
    out.extend(lines[position:])
    return Stubbed("".join(out), removed, [], answers=len(regions))


def stub_python_file(source, relpath):
    """Stub a .py file; regions outside any def are labelled with the file path."""
    result = stub_code(source, relpath, default_label=f"{relpath} (module level)")
    if result.labels:
        try:
            compile(result.text, relpath, "exec")
        except SyntaxError as error:
            raise MarkerError(
                relpath, error.lineno or 0, f"the stubbed file does not compile: {error.msg}"
            ) from error
    return result


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")


def _cell_source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def stub_notebook(notebook, relpath):
    """Stub a notebook (a parsed nbformat-4 dict) and clear its outputs.

    Returns
    -------
    notebook : dict, a new notebook
    result : Stubbed, with ``text`` unused (empty) and the solution lines and labels of all cells
    """
    if notebook.get("nbformat") != 4:
        raise MarkerError(
            relpath, 0, f"only nbformat 4 notebooks are supported, got {notebook.get('nbformat')!r}"
        )
    stem = re.sub(
        r"^\d+_", "", Path(relpath).stem
    )  # "1_FullyConnectedNets" -> "FullyConnectedNets"
    notebook = json.loads(json.dumps(notebook))  # deep copy
    removed, labels, answers, section = [], [], 0, None
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        where = f"{relpath} cell {number}"
        source = _cell_source(cell)
        if cell.get("cell_type") == "markdown":
            section = _last_heading(source) or section
            result = stub_markdown(source, where)
            result.text = strip_ci_prose(result.text)
        elif cell.get("cell_type") == "code":
            result = _stub_code_cell(source, where, f"{stem}: {section or f'cell {number}'}")
            result.text = strip_ci_code(result.text, where)
            cell["outputs"], cell["execution_count"] = [], None
        else:
            result = Stubbed(source, [], [])
            for line_number, line in enumerate(_split_lines(source), start=1):
                if looks_like_marker(line):
                    raise MarkerError(
                        where,
                        line_number,
                        "solution markers are only allowed in code and markdown cells",
                    )
        cell["source"] = _split_lines(result.text)
        cell["metadata"] = {}  # tags, collapsed state, anything an editor or extension stored
        cell.pop("attachments", None)  # pasted images: bytes no leak check can read
        removed.extend(result.solution_lines)
        labels.extend(result.labels)
        answers += result.answers
    notebook["metadata"] = {
        key: value
        for key, value in notebook.get("metadata", {}).items()
        if key in NOTEBOOK_METADATA
    }
    _drop_unused_imports(notebook)
    return notebook, Stubbed("", removed, labels, answers)


# --------------------------------------------------------------------------------------------
# CI scaffolding of the master's notebooks, which students do not need to see
# --------------------------------------------------------------------------------------------

NOTEBOOK_METADATA = ("kernelspec", "language_info")  # all a release notebook keeps
_NBVAL_COMMENT = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*\n?", re.MULTILINE)
_CI_SENTENCE = re.compile(r"CS231N_FAST|[Ff]ast mode")
_CI_NAMES = ("FAST", "pick")  # names of cs231n.notebook_utils that only serve CI's fast mode


def strip_ci_code(source, where):
    """A code cell without ``# NBVAL_...`` comments and with every ``pick(full=F, fast=S)``
    replaced by ``F`` (the value of a real run)."""
    source = _NBVAL_COMMENT.sub("", source)
    try:
        tree = ast.parse(_mask_ipython(source))
    except SyntaxError:
        return source
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "pick"
    ]
    lines = source.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def position(lineno, col):  # ast columns count UTF-8 bytes
        line = lines[lineno - 1]
        return offsets[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8"))

    replacements = []
    for call in calls:
        full = [k.value for k in call.keywords if k.arg == "full"]
        if not full and call.args:
            full = [call.args[0]]
        if not full:
            raise MarkerError(where, call.lineno, "pick(...) without a full= value")
        start = position(call.lineno, call.col_offset)
        end = position(call.end_lineno, call.end_col_offset)
        value = full[0]
        text = source[
            position(value.lineno, value.col_offset) : position(
                value.end_lineno, value.end_col_offset
            )
        ]
        replacements.append((start, end, text))
    for start, end, text in sorted(replacements, reverse=True):
        if not any(s < start and end < e for s, e, _ in replacements):  # outermost calls only
            source = source[:start] + text + source[end:]
    return source


def strip_ci_prose(markdown):
    """Markdown without the sentences about CI's fast mode (``CS231N_FAST``); a paragraph left
    empty disappears."""
    paragraphs = re.split(r"\n[ \t]*\n", markdown)
    kept = []
    for paragraph in paragraphs:
        if _CI_SENTENCE.search(paragraph):
            sentences = re.split(r"(?<=[.!?])\s+", paragraph.strip())
            paragraph = " ".join(x for x in sentences if not _CI_SENTENCE.search(x))
        if paragraph.strip():
            kept.append(paragraph.rstrip("\n"))
    text = "\n\n".join(kept)
    return text + "\n" if markdown.endswith("\n") else text


def _drop_unused_imports(notebook):
    """Drop ``FAST``/``pick`` from ``from cs231n.notebook_utils import ...`` lines when no cell
    uses them any more."""
    code = [cell for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"]
    everything = "\n".join(_cell_source(cell) for cell in code)
    for cell in code:
        source = _cell_source(cell)
        match = re.search(r"^from cs231n\.notebook_utils import ([^\n(]+)$", source, re.M)
        if not match:
            continue
        names = [name.strip() for name in match.group(1).split(",")]
        others = everything.replace(match.group(0), "")
        keep = [n for n in names if n not in _CI_NAMES or re.search(rf"\b{re.escape(n)}\b", others)]
        line = f"from cs231n.notebook_utils import {', '.join(keep)}" if keep else ""
        source = source.replace(match.group(0) + ("\n" if not keep else ""), line, 1)
        cell["source"] = _split_lines(source)


def _last_heading(markdown):
    """Title of the last heading of a markdown cell (lines inside ``` fences do not count)."""
    title, fenced = None, False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and _HEADING.match(line):
            title = _HEADING.match(line).group("title")
    return title


def _stub_code_cell(source, where, section_label):
    try:
        name_at = enclosing_names(source)
        parses = True
    except SyntaxError:
        name_at, parses = (lambda lineno: None), False
    result = stub_code(source, where, label_for_line=name_at, default_label=section_label)
    if parses and result.labels:
        try:
            ast.parse(_mask_ipython(result.text))
        except SyntaxError as error:
            raise MarkerError(
                where, error.lineno or 0, f"the stubbed cell does not parse: {error.msg}"
            ) from error
    return result


def dump_notebook(notebook):
    """Serialize like ``nbformat.writes``: sorted keys, one-space indent, trailing newline."""
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------
# File selection
# --------------------------------------------------------------------------------------------


BACKUP_SUFFIXES = (
    "~", ".bak", ".orig", ".rej", ".old", ".tmp", ".swp", ".swo", ".swn", ".swx", ".un~",
    ".gz", ".bz2", ".xz", ".zip", ".tar", ".tgz", ".7z", ".pyc", ".so", ".pyd", ".o",
)  # fmt: skip
ALLOWED_HIDDEN = {".gitignore"}  # the only hidden file a release may contain (scanned like all)
# The only binary files a release may contain: images the notebooks show, recognized by their
# first bytes (their raw bytes are searched for solution text like every other file's).
IMAGE_SIGNATURES = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}
# What an image keeps in the release: only what decoding needs, an allow-list (JPEG: the JFIF
# header and Adobe's colour transform among the APPn segments, no comment; PNG: the critical
# chunks, transparency, gamma, chromaticities, sRGB and pixel size). Comments, EXIF, XMP, ICC
# profiles and any other chunk go: a picture exported from slides carries their notes
# (held-out rounds 8 and 9: text in COM, in an ICC profile, in a private PNG chunk).
JPEG_KEPT_APPS = {0xE0, 0xEE}
PNG_KEPT_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"pHYs",
}  # fmt: skip


def _jpeg_without_text(data, relpath):
    """``data`` (a JPEG) without its comment and metadata segments (COM, APPn but
    `JPEG_KEPT_APPS`) and whatever follows its end; the image itself, from the start of scan
    to the end-of-image marker, as it is."""
    kept, position = [data[:2]], 2
    while True:
        if position + 2 > len(data) or data[position] != 0xFF:
            raise ValueError(f"{relpath}: not a well-formed JPEG (byte {position})")
        marker = data[position + 1]
        if marker in (0xDA, 0xD9):  # start of scan (the compressed image), or its end
            # Scan data escapes 0xFF, so the first end-of-image marker is the end: bytes
            # appended after it are not the image.
            end = data.find(b"\xff\xd9", position)
            kept.append(data[position:] if end < 0 else data[position : end + 2])
            return b"".join(kept)
        end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        if position + 4 > len(data) or end > len(data):
            raise ValueError(f"{relpath}: not a well-formed JPEG (byte {position})")
        if marker != 0xFE and not (0xE0 <= marker <= 0xEF and marker not in JPEG_KEPT_APPS):
            kept.append(data[position:end])
        position = end


def _png_without_text(data, relpath):
    """``data`` (a PNG) with only the chunks of `PNG_KEPT_CHUNKS`."""
    kept, position = [data[:8]], 8
    while position < len(data):
        if position + 12 > len(data):
            raise ValueError(f"{relpath}: not a well-formed PNG (byte {position})")
        length = int.from_bytes(data[position : position + 4], "big")
        end = position + 12 + length
        if data[position + 4 : position + 8] in PNG_KEPT_CHUNKS:
            kept.append(data[position:end])
        position = end
    return b"".join(kept)


def image_without_text(data, relpath):
    """A shipped image's bytes without the text an image may carry beside its pixels.

    Raises
    ------
    ValueError
        If the image's segments or chunks do not fit its length (a truncated file).
    """
    if Path(relpath).suffix.lower() == ".png":
        return _png_without_text(data, relpath)
    return _jpeg_without_text(data, relpath)


def _is_editor_debris(path):
    """Hidden, backup and swap files (never shipped; untracked ones are simply ignored)."""
    name = path.rsplit("/", 1)[-1]
    return (
        any(part.startswith(".") for part in path.split("/"))
        or name.endswith(BACKUP_SUFFIXES)
        or name.startswith("#")
        or name.endswith("#")
    )


def tracked_files(master):
    """Files git tracks in ``master``: posix relative path -> git mode (``"100644"``, ...).

    Raises
    ------
    ValueError
        If ``master`` is not a git checkout (the release ships only what git tracks).
    """
    master = Path(master)
    if not shutil.which("git"):
        raise ValueError("git is needed to build a release (it ships only files git tracks)")
    run = subprocess.run(
        ["git", "-C", str(master), "ls-files", "-z", "--stage"], capture_output=True, check=False
    )
    if run.returncode != 0 or not (master / ".git").exists():
        raise ValueError(f"{master} is not a git checkout; a release ships only tracked files")
    tracked = {}
    for entry in run.stdout.decode("utf-8").split("\0"):
        if entry:
            info, path = entry.split("\t", 1)
            tracked[path] = info.split()[0]
    return tracked


def master_files(master):
    """Files git tracks in the master (posix relative paths, sorted), build products aside."""
    return sorted(path for path in tracked_files(master) if not _is_build_product(path))


def _is_build_product(path):
    parts = path.split("/")
    return (
        any(part in SKIPPED_DIRECTORY_NAMES or part.endswith(".egg-info") for part in parts)
        or path.endswith(SKIPPED_SUFFIXES)
        or path in GENERATED_FILES
    )


def untracked_files(master):
    """Files git does not track (never shipped); [] without git."""
    master = Path(master)
    if not ((master / ".git").exists() and shutil.which("git")):
        return []
    listing = subprocess.run(
        ["git", "-C", str(master), "ls-files", "-z", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout
    return sorted(path for path in listing.decode("utf-8").split("\0") if path)


def refusal(master, relpath, tracked):
    """Why ``relpath`` (a listed file or a template) must not be shipped, or None.

    Shipped files are regular, git-tracked, UTF-8 text files that are neither hidden (except
    ``.gitignore``), backups, swap files nor archives, and are not reached through a symlink.
    """
    path = Path(master) / relpath
    name = relpath.rsplit("/", 1)[-1]
    hidden = [part for part in relpath.split("/") if part.startswith(".")]
    if hidden and relpath not in ALLOWED_HIDDEN:
        return "hidden file"
    if name.endswith(BACKUP_SUFFIXES) or name.startswith("#") or name.endswith("#"):
        return "backup, swap, archive or compiled file"
    if tracked.get(relpath) is None:
        return "not tracked by git"
    if tracked[relpath] == "120000" or any(
        p.is_symlink() for p in [path, *path.parents] if Path(master) in p.parents
    ):
        return "symbolic link"
    if tracked[relpath] not in ("100644", "100755") or not path.is_file():
        return "not a regular file"
    data = path.read_bytes()
    signature = IMAGE_SIGNATURES.get(Path(name).suffix.lower())
    if signature is not None:
        return None if data.startswith(signature) else "not the image its name says"
    if b"\0" in data:
        return "binary file"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not UTF-8 text (byte {error.start})"
    return None


def unlisted_files(master, listed, directories=SHIPPED.LISTED_DIRECTORIES):
    """Files of the master under ``directories``, tracked or new (not ignored by .gitignore),
    that ``listed`` does not name (sorted)."""
    candidates = set(master_files(master)) | {
        path
        for path in untracked_files(master)
        if not (_is_build_product(path) or _is_editor_debris(path))
    }
    return sorted(
        path
        for path in candidates
        if path.startswith(tuple(directories)) and path not in set(listed)
    )


def template_files(master):
    """Files of ``release_files/`` that git tracks (posix paths relative to it), sorted."""
    prefix = TEMPLATE_DIRECTORY + "/"
    return sorted(path[len(prefix) :] for path in tracked_files(master) if path.startswith(prefix))


# --------------------------------------------------------------------------------------------
# pyproject.toml of the release
# --------------------------------------------------------------------------------------------

_TABLE_HEADER = re.compile(r"^\s*\[")


def release_pyproject(text, pytest_table, packages):
    """The master's pyproject.toml with the pytest table replaced and the package list completed.

    Parameters
    ----------
    text : str, the master's pyproject.toml
    pytest_table : str, a complete ``[tool.pytest.ini_options]`` table
    packages : list of str, every package the release ships (dotted names)

    Raises
    ------
    ValueError
        If the result is not valid TOML or misses a shipped package.
    """
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if _TABLE_HEADER.match(line):
            skipping = line.strip() == "[tool.pytest.ini_options]"
        if not skipping:
            kept.append(line)
    body = "".join(kept).rstrip("\n") + "\n\n" + pytest_table.strip("\n") + "\n"
    config = tomllib.loads(body)
    listed = config.get("tool", {}).get("setuptools", {}).get("packages")
    if isinstance(listed, list) and set(packages) - set(listed):
        full = ", ".join(f'"{name}"' for name in sorted(set(listed) | set(packages)))
        body, count = re.subn(
            r"(?m)^packages\s*=\s*\[[^\]]*\]", f"packages = [{full}]", body, count=1
        )
        if count != 1:
            raise ValueError("pyproject.toml: cannot complete [tool.setuptools] packages")
        config = tomllib.loads(body)
    listed = config.get("tool", {}).get("setuptools", {}).get("packages")
    if isinstance(listed, list) and set(packages) - set(listed):
        raise ValueError(f"pyproject.toml: packages {sorted(set(packages) - set(listed))} missing")
    return body


def _packages(paths):
    return sorted(
        path[: -len("/__init__.py")].replace("/", ".")
        for path in paths
        if path.endswith("/__init__.py")
    )


# --------------------------------------------------------------------------------------------
# Leak check
# --------------------------------------------------------------------------------------------


def _is_substantial(line):
    """At least 4 characters, one of them a letter or digit (``)``, ``pass`` are trivial)."""
    return len(line) >= 4 and any(ch.isalnum() for ch in line) and line != "pass"


def significant_solution_lines(solution_lines, outside):
    """Solution lines whose presence in the release proves a leak.

    A solution line (stripped) counts when it is substantial (``_is_substantial``) and does not
    also occur outside the regions: ``outside`` is a set of stripped lines, or a text in which
    the line must not occur even as part of a longer line (the stubbed student files,
    release_files/, the stubs and `instructor.shipped.SHARED_LINES`). Lines such as
    ``return out, cache`` that are also provided code therefore cannot cause false alarms.
    """
    return {
        line.strip()
        for line in solution_lines
        if _is_substantial(line.strip()) and line.strip() not in outside
    }


_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp1252", "latin-1")
_MAX_LAYERS = 64  # decompressed streams looked into per file


def byte_forms(line):
    """Every byte sequence ``line`` may take in a file: plain or JSON-escaped (as in a
    notebook), in UTF-8/16/32 and the Latin encodings."""
    forms = {line, json.dumps(line)[1:-1], json.dumps(line, ensure_ascii=False)[1:-1]}
    encoded = set()
    for form in forms:
        for encoding in _ENCODINGS:
            try:
                encoded.add(form.encode(encoding))
            except UnicodeEncodeError:
                pass
    return encoded


def _decompressed(data):
    """The contents of every gzip, zlib, bzip2, xz or zip stream found in ``data``."""
    found = []
    starts = []
    for magic in (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x78\x01", b"\x78\x9c", b"\x78\xda"):
        position = data.find(magic)
        while position != -1 and len(starts) < _MAX_LAYERS:
            starts.append((position, magic))
            position = data.find(magic, position + 1)
    for position, magic in starts:
        chunk = data[position:]
        try:
            if magic == b"\x1f\x8b":
                found.append(zlib.decompressobj(wbits=47).decompress(chunk, 50_000_000))
            elif magic == b"BZh":
                found.append(bz2.BZ2Decompressor().decompress(chunk, 50_000_000))
            elif magic.startswith(b"\xfd7zXZ"):
                found.append(lzma.LZMADecompressor().decompress(chunk, 50_000_000))
            else:
                found.append(zlib.decompressobj().decompress(chunk, 50_000_000))
        except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError):
            pass
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found += [archive.read(name) for name in archive.namelist()]
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
            pass
    return [layer for layer in found if layer]


def _layers(data, depth=0):
    """``data`` and, recursively (3 deep), whatever is compressed inside it."""
    yield data
    if depth < 3:
        for inner in _decompressed(data):
            yield from _layers(inner, depth + 1)


def _marker_lines(data):
    """Lines of ``data`` (any encoding) that are exact or near-miss solution markers."""
    text = data.decode("utf-8", errors="replace")
    return [
        line.strip()
        for line in text.splitlines()
        if is_exact_marker(line.strip())
        or (line.lstrip().startswith(("#", "<!--")) and looks_like_marker(line))
    ]


def find_leaks(files, significant_lines):
    """Search the raw bytes of release files for solution text and marker lines.

    Every file is searched as it is and through every compressed stream inside it, for every
    significant line in every form of `byte_forms`.

    Parameters
    ----------
    files : mapping relpath -> bytes
    significant_lines : set of str, from ``significant_solution_lines``

    Returns
    -------
    leaks : list of str, one ``path: ...`` description per hit (empty when clean)
    """
    forms = {line: byte_forms(line) for line in significant_lines}
    leaks = []
    for relpath in sorted(files):
        hits, markers = set(), []
        for layer in _layers(files[relpath]):
            hits |= {line for line, encoded in forms.items() if any(f in layer for f in encoded)}
            markers += _marker_lines(layer)
        leaks += [f"{relpath}: solution line {line!r}" for line in sorted(hits)]
        leaks += [f"{relpath}: marker {line!r}" for line in sorted(set(markers))]
    return leaks


# --------------------------------------------------------------------------------------------
# Assembling the release
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Release:
    """Everything the release consists of, in memory, plus what was stubbed."""

    files: dict  # relpath -> bytes
    modes: dict  # relpath -> 0o644 or 0o755
    labels: list  # one label per stubbed code region, in file order
    answers: int  # number of markdown answer regions
    significant_lines: set
    stubs: dict = dataclasses.field(default_factory=dict)  # what the record keeps per file
    markdown: dict = dataclasses.field(default_factory=dict)  # notebook -> its text cells
    solution_record: set = dataclasses.field(default_factory=set)  # recorded + current lines
    confirmed: dict = None  # --record: what ships_code.json records (`_confirmations`)
    provided: dict = None  # provided file -> {definition: digest} (`RECORD.provided_units`)


def _mode(path):
    return 0o755 if os.stat(path).st_mode & 0o111 else 0o644


def assemble_release(
    master,
    student_files=None,
    provided_files=None,
    shared_lines=None,
    template_list=None,
    recording=False,
    ships_code=(),
    check_provided=True,
    first_record=False,
):
    """Read the listed files of the master and produce the release in memory, leak-checked.

    Parameters
    ----------
    master : path of the master repository (a git checkout: only tracked files are shipped)
    student_files, provided_files : posix paths relative to ``master``; default: the lists of
        `instructor.shipped`
    shared_lines : lines both in solutions and in provided code (default
        `instructor.shipped.SHARED_LINES`)
    template_list : the files of release_files/ that may ship (default
        `instructor.shipped.TEMPLATE_FILES`)
    recording : bool, check against the previous record (if any) whether a new record may be
        written, instead of checking the release against the record (``--record``)
    ships_code : names of student-file defs (or "<module>") whose new or changed code the
        person recording has read and confirms as provided code (``--ships-code``), and of
        provided definitions (`RECORD.confirmation_name`) new or changed since the record
    check_provided : bool, compare the provided code with its record (`_check_provided`);
        only the grader's own sandbox tree, which students never receive, skips it, so a
        provided file edited but not yet recorded does not stop local grading

    Raises
    ------
    ValueError
        If a listed file is missing, untracked, hidden, a backup, binary, not UTF-8 or a
        symlink, a provided file holds a solution region, or a file of ``cs231n/`` or
        ``notebooks/`` is not listed.
    MarkerError
        On a marker problem (or a line that looks like a marker) in any shipped file.
    LeakError
        If solution text or a marker is found in any byte of the release.
    RecordError
        If a student file differs from its reviewed record (`instructor.release_record`), or
        the record misses a solution line of the master.
    """
    master = Path(master)
    student_files = SHIPPED.STUDENT_FILES if student_files is None else student_files
    provided_files = SHIPPED.PROVIDED_FILES if provided_files is None else provided_files
    shared_lines = SHIPPED.SHARED_LINES if shared_lines is None else shared_lines
    template_list = SHIPPED.TEMPLATE_FILES if template_list is None else template_list
    listed = sorted(set(student_files) | set(provided_files))
    missing = [path for path in listed if not (master / path).is_file()]
    if missing:
        raise ValueError(f"listed in instructor/shipped.py but missing: {', '.join(missing)}")
    tracked = tracked_files(master)
    templates = template_files(master)
    overrides = [t for t in templates if t in student_files]
    if overrides:
        raise ValueError(
            "release_files/ may not replace a student file (those ship only as stubbed from the "
            "master and checked against their reviewed record): "
            + ", ".join(f"{TEMPLATE_DIRECTORY}/{t}" for t in overrides)
        )
    unlisted_templates = [t for t in templates if t not in template_list]
    if unlisted_templates:
        raise ValueError(
            "not listed in instructor/shipped.py TEMPLATE_FILES: "
            + ", ".join(f"{TEMPLATE_DIRECTORY}/{t}" for t in unlisted_templates)
        )
    refused = [
        f"{path} ({why})"
        for path in [*listed, *(f"{TEMPLATE_DIRECTORY}/{t}" for t in templates)]
        if (why := refusal(master, path, tracked))
    ]
    if refused:
        raise ValueError(f"refusing to ship: {'; '.join(refused)}")
    unlisted = [p for p in unlisted_files(master, listed) if p not in SHIPPED.MASTER_ONLY]
    if unlisted:
        raise ValueError(
            f"not listed in instructor/shipped.py: {', '.join(unlisted)}; add each "
            "to STUDENT_FILES or PROVIDED_FILES, or move it out of the package"
        )
    shipped = [path for path in listed if path not in templates]
    files, modes, labels, answers = {}, {}, [], 0
    solution_lines = []
    for relpath in shipped:
        source_path = master / relpath
        if source_path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError(
                f"{relpath}: {source_path.stat().st_size} bytes; refusing to ship a "
                "file this large (data?). Move it out of the shipped folders."
            )
        raw = source_path.read_bytes()
        if Path(relpath).suffix.lower() in IMAGE_SIGNATURES:  # checked by `refusal`
            files[relpath], modes[relpath] = image_without_text(raw, relpath), _mode(source_path)
            continue
        text = raw.decode("utf-8")
        if relpath.endswith(".py"):
            result = stub_python_file(text, relpath)
            data = result.text.encode("utf-8")
        elif relpath.endswith(".ipynb"):
            notebook, result = stub_notebook(json.loads(text), relpath)
            data = dump_notebook(notebook).encode("utf-8")
        else:
            near_miss_markers(text, relpath, comments_only=relpath.endswith((".md", ".txt")))
            result, data = Stubbed("", [], []), text.encode("utf-8")
        if result.labels and relpath not in student_files:
            raise ValueError(
                f"{relpath} holds solution regions but is listed as provided; "
                "list it in STUDENT_FILES"
            )
        labels += result.labels
        answers += result.answers
        solution_lines += result.solution_lines
        files[relpath], modes[relpath] = data, _mode(source_path)

    for relpath in templates:
        if relpath == PYTEST_TABLE_TEMPLATE:
            continue
        source_path = master / TEMPLATE_DIRECTORY / relpath
        near_miss_markers(source_path.read_text("utf-8"), f"{TEMPLATE_DIRECTORY}/{relpath}")
        files[relpath], modes[relpath] = source_path.read_bytes(), _mode(source_path)
    if "pyproject.toml" in files:
        table = (master / TEMPLATE_DIRECTORY / PYTEST_TABLE_TEMPLATE).read_text("utf-8")
        text = release_pyproject(files["pyproject.toml"].decode("utf-8"), table, _packages(files))
        files["pyproject.toml"] = text.encode("utf-8")

    stubs = _release_stubs(files, student_files)
    markdown = {
        relpath: RECORD.markdown_cells(json.loads(files[relpath]))
        for relpath in student_files
        if relpath.endswith(".ipynb")
    }
    all_lines, legitimate, confirmed = _check_record(
        master, files, stubs, solution_lines, recording, ships_code
    )
    if recording:
        _new_text_cells(master, files, markdown, ships_code)
    exempt = _shared_exemptions(files, provided_files, set(shared_lines) & all_lines)
    # The same lines twice: as raw bytes in every encoding (`find_leaks`), and in normal form
    # (`RECORD.normalized_leaks`); lines too short or generic to prove a leak are in neither.
    forms = RECORD.significant_forms(all_lines, legitimate)
    significant = significant_solution_lines(all_lines, "\n".join(legitimate)) & set(forms)
    significant -= set(shared_lines)
    leaks = find_leaks(files, significant)
    leaks += RECORD.normalized_leaks(files, forms, _layers, exempt)
    # A paraphrase shares no text with the solution lines: their expressions by shape (of the
    # lines searched above, so a reviewed stub or confirmed code ships its own lines).
    paraphrased = RECORD.paraphrase_leaks(
        files, set(forms) - set(shared_lines), RECORD.read_paraphrases(master)
    )
    if paraphrased:
        paraphrased.append(
            "(if one is not the solution, e.g. a formula the assignment's docstrings give, "
            f"add '<file> | <qualified name> | <expression>' to {RECORD.RECORD_DIRECTORY}/"
            f"{RECORD.PARAPHRASES} with a comment saying why)"
        )
    leaks += paraphrased
    if leaks:
        raise LeakError("solution text in the release:\n  " + "\n  ".join(leaks[:50]))
    if not recording:  # after the search: a known solution line is the clearer reason
        _check_markdown(master, files, markdown)
    provided = None
    if check_provided or recording:
        provided = _check_provided(
            master, files, student_files, recording, ships_code, first_record
        )
    files[RELEASE_STAMP], modes[RELEASE_STAMP] = release_stamp(files), 0o644
    return Release(
        files, modes, labels, answers, significant, stubs, markdown, all_lines, confirmed, provided
    )


def release_digest(files):
    """sha256 (hex) of the release's ``cs231n/`` files, paths and contents, compiled files
    aside: exactly what the hidden grader's sandboxes start from (`grader.sandbox.release_tree`),
    so a grader bundle built from another master than the students' release has another one."""
    digest = hashlib.sha256()
    for relpath in sorted(files):
        if relpath.startswith("cs231n/") and not relpath.endswith(SKIPPED_SUFFIXES):
            digest.update(relpath.encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(files[relpath]).digest())
    return digest.hexdigest()


def release_stamp(files):
    """The bytes of ``release.json`` for a release of ``files``."""
    return (json.dumps({STAMP_KEY: release_digest(files)}, indent=1) + "\n").encode("ascii")


def _check_markdown(master, files, markdown):
    """Every text cell of a student notebook must be its reviewed form (a TA's note pasted
    into a text cell, unlike a recorded solution line, has no known text to search for)."""
    problems = []
    for relpath, cells in sorted(markdown.items()):
        recorded = RECORD.read_markdown(master, relpath)
        if recorded is None:
            problems.append(f"{relpath}: no reviewed record of its text cells")
        else:
            problems += RECORD.compare_markdown(json.loads(files[relpath]), recorded, relpath)
    if problems:
        raise RECORD.RecordError(
            "the release differs from its reviewed record (instructor/release_record):\n  "
            + "\n  ".join(problems)
            + f"\n{_RECORD_HOW}"
        )


def _release_stubs(files, student_files):
    """What the record keeps of each student file: its text, or a notebook's code cells."""
    stubs = {}
    for relpath in student_files:
        text = files[relpath].decode("utf-8")
        stubs[relpath] = RECORD.code_cells(json.loads(text)) if relpath.endswith(".ipynb") else text
    return stubs


def _record_texts(stubs):
    return [
        "".join("".join(cell) + "\n" for cell in stub) if isinstance(stub, list) else stub
        for _, stub in sorted(stubs.items())
    ]


_RECORD_HOW = (
    "if the change is intended and holds no solution, run `python -m instructor.release "
    "--record`, review `git diff instructor/release_record` and commit it"
)


def _check_record(master, files, stubs, solution_lines, recording, ships_code=()):
    """Compare the stubbed student files with the reviewed record (or, when ``recording``,
    check that the new record may replace the old one).

    Returns
    -------
    all_lines : set of str, the recorded solution lines and the master's current ones
    legitimate : list of str, reviewed texts (solution lines they hold are provided code)
    confirmed : dict or None, when ``recording``: what ``ships_code.json`` is to record
    """
    recorded_lines = RECORD.read_solution_lines(master)
    if recorded_lines is not None:
        recorded_lines |= RECORD.committed_solution_lines(master)
    current = {line.strip() for line in solution_lines if line.strip()}
    old = {relpath: RECORD.read_stub(master, relpath) for relpath in stubs}
    if recording:
        _check_new_record(stubs, old, ships_code)
        known = {relpath: stub for relpath, stub in old.items() if stub is not None}
        confirmed = _confirmations(master, stubs, ships_code)
        legitimate = _provided_texts(master, known or stubs, confirmed)
        legitimate += [
            text for functions in confirmed.values() for text in functions.values()
        ]  # confirmed now, after reading: recorded in ships_code.json for the builds to come
        return (recorded_lines or set()) | current, legitimate, confirmed
    missing = [relpath for relpath, stub in old.items() if stub is None]
    if recorded_lines is None or missing:
        raise RECORD.RecordError(
            f"no reviewed release record for {', '.join(missing) or 'the solution lines'} "
            f"(instructor/release_record); {_RECORD_HOW}"
        )
    problems = []
    for relpath, stub in sorted(stubs.items()):
        if relpath.endswith(".ipynb"):
            notebook = json.loads(files[relpath])
            problems += RECORD.compare_notebook(notebook, old[relpath], relpath)
        else:
            problems += RECORD.compare_python(stub, old[relpath], relpath)
            problems += _graded_once(master, relpath, stub)
    if problems:
        raise RECORD.RecordError(
            "the release differs from its reviewed record (instructor/release_record):\n  "
            + "\n  ".join(problems)
            + f"\n{_RECORD_HOW}"
        )
    new_lines = sorted(current - recorded_lines)
    if new_lines:
        raise RECORD.RecordError(
            f"{len(new_lines)} solution line(s) not yet in instructor/release_record "
            f"(first: {new_lines[0]!r}); {_RECORD_HOW}"
        )
    return recorded_lines, _provided_texts(master, stubs, RECORD.read_confirmed(master)), None


def _provided_texts(master, stubs, confirmed):
    """The recorded texts whose solution lines count as provided code: notebooks' code cells
    and each ``.py`` record without the graded functions' text added since the earliest
    committed record of the function, unless ``--ships-code`` confirmed it
    (`RECORD.provided_text`)."""
    texts = []
    for relpath, stub in sorted(stubs.items()):
        if isinstance(stub, list):
            texts += _record_texts({relpath: stub})
        else:
            earliest = RECORD.earliest_function_texts(master, relpath)
            texts.append(RECORD.provided_text(stub, earliest, confirmed.get(relpath, {})))
    return texts


def _confirmations(master, stubs, ships_code):
    """What ``ships_code.json`` records after this ``--record``: the earlier confirmations whose
    function still reads the same, and the text of each graded function ``--ships-code`` names
    now (a helper outside any stub confirmed by name still may not hold a known solution line)."""
    earlier = RECORD.read_confirmed(master)
    confirmed = {}
    for relpath, stub in sorted(stubs.items()):
        if isinstance(stub, list):
            continue
        texts = {
            name: text
            for name, text in RECORD.function_texts(stub).items()
            if f"raise {RECORD.STUB_RAISE_NAME}" in text
        }
        kept = {
            name: text
            for name, text in earlier.get(relpath, {}).items()
            if texts.get(name) == text or name in ships_code
        }
        kept.update({name: texts[name] for name in ships_code if name in texts})
        if kept:
            confirmed[relpath] = kept
    return confirmed


def _graded_once(master, relpath, stub):
    """Problems for each function of a student file that a committed record had as a stub
    and that ships without one (a hand-edited record, markers deleted and recorded)."""
    units = RECORD.python_units(stub, relpath)
    lost = sorted(
        name
        for name in RECORD.committed_graded_names(master, relpath)
        if name in units
        and name not in SHIPPED.NO_LONGER_GRADED
        and f"id='{RECORD.STUB_RAISE_NAME}'" not in units[name][0]
    )
    return [
        f"{relpath}: {name} was a graded function (a stub) in a committed record and ships "
        "without its stub (list it in instructor/shipped.py NO_LONGER_GRADED if that is meant)"
        for name in lost
    ]


def _stub_count(text):
    return text.count("NotImplementedError")


def _own_code(node):
    """The statements of a def, class or module body that ship as code: not its docstring, a
    ``pass``, a ``raise NotImplementedError`` or a nested def (its own unit). A bare string
    elsewhere in the body is code here: it ships like code (held-out round 8, row 9)."""
    code = []
    for index, statement in enumerate(node.body):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass)):
            continue
        if (
            index == 0
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
        ):
            continue  # the docstring: prose, compared by `_prose_units`
        if isinstance(statement, ast.Raise) and RECORD.STUB_RAISE_NAME in ast.dump(statement):
            continue
        code.append(statement)
    return ast.dump(ast.Module(body=code, type_ignores=[])) if code else None


def _code_units(source):
    """``{qualified name or "<module>": its own code (see `_own_code`) or None}``."""
    tree = ast.parse(source)
    units = {"<module>": _own_code(tree)}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + [child.name]
                units[".".join(name)] = _own_code(child)
                visit(child, name)
            else:
                visit(child, prefix)

    visit(tree, [])
    return units


def _prose_units(source, relpath):
    """``{qualified name or "<module>": digest of its docstring and its own comments}``."""
    return {
        unit: digest.split()[1] for unit, digest in RECORD.provided_units(source, relpath).items()
    }


def _new_code(stub, before, relpath, ships_code):
    """Problems for each def (or the module level) of a student file whose shipped code or prose
    (docstring, comments) is new or changed since the reviewed record and not confirmed in
    ``ships_code``: code that ships in a student file (a new exercise solved without markers, a
    solution line put above its region) and a worked answer written into a docstring or a
    comment (held-out round 8, rows 8 and 9) must be named by the person recording it, after
    reading it."""
    problems = []
    units, previous = _code_units(stub), _code_units(before)
    prose, previous_prose = _prose_units(stub, relpath), _prose_units(before, relpath)
    for name, code in units.items():
        if name in ships_code:
            continue
        if code is not None and previous.get(name) != code:
            state = "changed" if name in previous else "new"
            what = f"{state} code that would ship in a student file (not a stub)"
        elif prose.get(name) != previous_prose.get(name):
            what = "a new or changed docstring or comments (prose ships in a student file)"
        else:
            continue
        problems.append(
            f"{relpath}: {name} has {what}; if it is provided text, read it and record with "
            f"--ships-code {name}"
        )
    return problems


def _new_cells(stub, before, relpath):
    """Problems for the code cells of a student notebook that are new or changed since the
    reviewed record: code that ships, like a helper in a student ``.py`` file (`_new_code`),
    so a solved exercise pasted into a "sanity check" cell over several lines with other names
    (no solution line, no solution-shaped expression) is named by the person recording it
    (held-out round 6, row 11). Confirmed for the whole notebook by ``--ships-code NOTEBOOK``."""
    known = {"".join(cell).strip() for cell in before}
    new = [
        (number, cell)
        for number, cell in enumerate(stub, 1)
        if "".join(cell).strip() and "".join(cell).strip() not in known
    ]
    if not new:
        return []
    listed = "; ".join(
        f"code cell {number} ({next(line.strip() for line in cell if line.strip())[:60]!r})"
        for number, cell in new[:5]
    ) + (f"; and {len(new) - 5} more" if len(new) > 5 else "")
    return [
        f"{relpath}: {listed}: new or changed code that would ship in a student notebook; read "
        f"it and record with --ships-code {relpath}"
    ]


def _new_text_cells(master, files, markdown, ships_code=()):
    """Problems for the text cells of the student notebooks (``markdown``: their release form,
    answers blanked) that are new or changed since the reviewed record: a hint pasted into a
    text cell ships, a fenced code block with a solved exercise too, and no search knows its
    text (held-out round 10, row 15: it shipped after the plain ``--record`` the build asks
    for). Like a new code cell (`_new_cells`), confirmed by ``--ships-code NOTEBOOK``."""
    problems = []
    for relpath, cells in sorted(markdown.items()):
        before = RECORD.read_markdown(master, relpath)
        if before is None or relpath in ships_code:
            continue
        known = {RECORD.cell_form(cell) for cell in before}
        numbers = [
            number
            for number, cell in enumerate(json.loads(files[relpath]).get("cells", []), 1)
            if cell.get("cell_type") != "code"
        ]
        new = [
            (number, cell)
            for number, cell in zip(numbers, cells)
            if RECORD.cell_form(cell) and RECORD.cell_form(cell) not in known
        ]
        if new:
            listed = "; ".join(
                f"text cell {number} ({RECORD.cell_form(cell).splitlines()[0][:60]!r})"
                for number, cell in new[:5]
            ) + (f"; and {len(new) - 5} more" if len(new) > 5 else "")
            problems.append(
                f"{relpath}: {listed}: new or changed text that would ship in a student "
                f"notebook (a hint? code in it?); read it and record with --ships-code {relpath}"
            )
    if problems:
        raise RECORD.RecordError("refusing to record:\n  " + "\n  ".join(problems))


def _check_new_record(stubs, old, ships_code=()):
    """A new record may not have fewer stubs than the old one in any graded function (or
    notebook): deleting markers and recording the result is refused. Nor may a student file
    gain code outside stubs, or a student notebook a new or changed code cell, that
    ``ships_code`` does not name."""
    problems = []
    for relpath, stub in sorted(stubs.items()):
        before = old[relpath]
        if before is None:
            continue
        if relpath.endswith(".ipynb"):
            lost = sum(_stub_count("".join(c)) for c in before) - sum(
                _stub_count("".join(c)) for c in stub
            )
            if lost > 0:
                problems.append(f"{relpath}: {lost} stub(s) fewer than in the record")
            if relpath not in ships_code:
                problems += _new_cells(stub, before, relpath)
            continue
        units, previous = RECORD.python_units(stub, relpath), RECORD.python_units(before, relpath)
        for name in RECORD.graded_names(before):
            if name not in units or _stub_count(units[name][0]) < _stub_count(previous[name][0]):
                problems.append(f"{relpath}: graded function {name} lost its stub")
        problems += _new_code(stub, before, relpath, ships_code)
    if problems:
        raise RECORD.RecordError("refusing to record:\n  " + "\n  ".join(problems))


def _check_provided(master, files, student_files, recording, ships_code=(), first_record=False):
    """Every definition of every shipped provided file (and template) must be reviewed code:
    the same, in normal form (`RECORD.provided_units`), as the record holds it, or, when
    ``recording``, confirmed by name in ``ships_code`` after reading it. So code added to a
    provided file (a paraphrased reference of a graded function, which no text search can
    recognise) never ships unnamed.

    Returns
    -------
    dict, ``{relpath: {unit: digest}}`` of the shipped provided code (what ``--record`` writes)
    """
    _check_cython_functions(files)
    current = {
        relpath: RECORD.provided_units(data, relpath)
        for relpath, data in sorted(files.items())
        if relpath not in student_files and relpath != RELEASE_STAMP
    }
    exemptions = RECORD.exemption_units(RECORD.read_paraphrases(master))
    if exemptions:
        current[RECORD.PARAPHRASES_RECORD] = {
            unit: RECORD.exemption_digest(entry, files) for unit, entry in exemptions.items()
        }
    real = _unexpected_real(files)
    if real:
        current[GRADED_CODE_RECORD] = {
            unit: hashlib.sha256(unit.encode("utf-8")).hexdigest()[:32] for unit in real
        }
    recorded = {relpath: RECORD.read_provided(master, relpath) for relpath in current}
    unreviewed = sorted(
        (
            (
                relpath,
                unit,
                _exemption_state(state) if relpath == RECORD.PARAPHRASES_RECORD else state,
            )
            for relpath, unit, state in RECORD.unreviewed_units(current, recorded)
        ),
        key=lambda found: (found[0], exemptions.get(found[1], found[1])),
    )
    if recording:
        first = not RECORD.provided_ever_recorded(master)
        if first and not first_record and any(state == "new file" for *_, state in unreviewed):
            raise RECORD.RecordError(
                "refusing to record: no commit of this master holds a record of provided code "
                f"(instructor/release_record/{RECORD.PROVIDED_DIRECTORY}), so this record would "
                "take every provided definition as reviewed. If the record was deleted or the "
                "repository started afresh, restore the record from the old repository instead; "
                "if this is a new course, read the provided code, then run "
                "python -m instructor.release --record --first-record"
            )
        unreviewed = [
            (relpath, unit, state)
            for relpath, unit, state in unreviewed
            if not (state == "new file" and ((first and first_record) or relpath in ships_code))
            and not (state.startswith("exemption") and first and first_record)
            and exemptions.get(unit, RECORD.confirmation_name(relpath, unit)) not in ships_code
            and not (relpath == GRADED_CODE_RECORD and unit in ships_code)
        ]
    if not unreviewed:
        return current
    raise RECORD.RecordError(
        _unreviewed_message(unreviewed, recording, ships_code, exemptions, real)
    )


# Held-out round 12, rows 9 and 11: the provided modules graded code reaches in the hidden grader
# beyond `grader.sandbox.EXPECTED_REAL_MODULES`, recorded like provided definitions (a unit each,
# ``graded-code:<module>``), so a new one stops the build until confirmed by that name.
GRADED_CODE_RECORD = f"{RECORD.RECORD_DIRECTORY}/graded_code_modules"


def _unexpected_real(files):
    """``{confirmation name: (relpath, where)}`` of `grader.sandbox.unexpected_real_modules`."""
    from .grader import graded_modules as SANDBOX

    package = {k: v for k, v in files.items() if k.startswith("cs231n/")}
    return {
        SANDBOX.REAL_CONFIRMATION.format(SANDBOX.module_name(relpath)): (relpath, where)
        for relpath, where in SANDBOX.unexpected_real_modules(package).items()
    }


def _exemption_state(state):
    """The state of an exemption's unit (`RECORD.exemption_units`): its entry is new, or the
    definition it was confirmed for changed since (held-out round 11, row 24)."""
    return "exemption changed" if state in ("changed", "prose") else "exemption"


def _check_cython_functions(files, listed=None):
    """Every function Python can call in a shipped ``.pyx`` file is listed in
    ``SHIPPED.CYTHON_FUNCTIONS``: the behavioural check cannot call compiled code, so a new one
    is refused until it is listed there after reading (held-out round 8, row 14)."""
    listed = SHIPPED.CYTHON_FUNCTIONS if listed is None else listed
    unlisted = [
        f"{relpath}: {name}"
        for relpath in sorted(files)
        if relpath.endswith(".pyx")
        for name in RECORD.cython_functions(files[relpath].decode("utf-8", errors="replace"))
        if name not in listed
    ]
    if unlisted:
        raise RECORD.RecordError(
            "the behavioural check of provided code cannot call compiled code, and these "
            "Cython functions are not in CYTHON_FUNCTIONS (instructor/shipped.py):\n  "
            + "\n  ".join(unlisted)
            + "\nread each; if none computes a graded function's answer, list it there"
        )


def _unreviewed_message(unreviewed, recording, ships_code, exemptions=None, real=None):
    """One message naming each new or changed provided definition and each new exemption from
    the paraphrase search (``exemptions``: `RECORD.exemption_units`), with the command that
    confirms them all."""
    lines, names = [], []
    for relpath, unit, state in unreviewed:
        if relpath == GRADED_CODE_RECORD:
            module, where = (real or {}).get(unit, (unit, "?"))
            lines.append(
                f"{module} becomes real for graded code in the hidden grader (imported by "
                f"{where}): every function of it is callable by a student's graded function, "
                "which may then score by calling it; remove the import, or make sure nothing in "
                "it computes what a graded function must"
            )
            names.append(unit)
            continue
        if state.startswith("exemption"):
            entry = exemptions[unit]
            what = (
                f"an exemption from the paraphrase search whose definition changed, {entry!r}"
                if state == "exemption changed"
                else f"a new exemption from the paraphrase search, {entry!r}"
            )
            lines.append(
                f"{relpath}: {what}: code of that shape ships; exempt only a formula the "
                "assignment's docstrings give, never code that computes what a graded function "
                "must"
            )
            names.append(entry)
            continue
        if state == "new file":
            if relpath not in names:
                lines.append(f"{relpath}: a new provided file (not in the record)")
                names.append(relpath)
            continue
        name = RECORD.confirmation_name(relpath, unit)
        what = "its whole text" if unit == RECORD.WHOLE_FILE else name
        if state == "prose":  # held-out round 7: a worked answer in a docstring shipped
            lines.append(f"{relpath}: {what} has a changed docstring or comments (prose ships)")
        else:
            lines.append(f"{relpath}: {what} is {state} provided code")
        names.append(name)
    command = " ".join(
        ["python -m instructor.release --record"]
        + [f"--ships-code {shlex.quote(name)}" for name in [*ships_code, *names]]
    )
    head = "refusing to record" if recording else "the release differs from its reviewed record"
    return (
        f"{head}: provided code ships as it is, and this code was never reviewed "
        f"(instructor/release_record/{RECORD.PROVIDED_DIRECTORY}):\n  "
        + "\n  ".join(lines)
        + "\nread each (`git diff` of the file); if none computes what a graded function must "
        "(not even a paraphrase of a solution), confirm them by name:\n  " + command
    )


def _shared_exemptions(files, provided_files, shared_lines):
    """Per provided file, the shared lines it may hold; every shared line must be in one."""
    exempt = {}
    forms = {
        path: RECORD.normal_form(files[path].decode("utf-8", errors="replace"))
        for path in provided_files
        if path in files
    }
    for line in shared_lines:
        form = RECORD.normal_form(line)
        holders = [path for path in provided_files if path in forms and form in forms[path]]
        if not holders:
            raise ValueError(
                f"SHARED_LINES entry {line!r} is in no provided file; remove it from "
                "instructor/shipped.py (it would only hide a leak)"
            )
        for holder in holders:
            exempt.setdefault(holder, set()).add(line)
    return exempt


def write_record(master, release):
    """Write the record of ``release`` (assembled with ``recording=True``) into the master."""
    for relpath, stub in release.stubs.items():
        RECORD.write_stub(master, relpath, stub)
    for relpath, cells in release.markdown.items():
        RECORD.write_markdown(master, relpath, cells)
    RECORD.write_solution_lines(master, release.solution_record)
    RECORD.write_confirmed(master, release.confirmed or {})
    if release.provided is not None:
        RECORD.write_provided(master, release.provided)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def zip_bytes(files, modes, prefix):
    """A deterministic zip: sorted entries under ``prefix/``, fixed timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for relpath in sorted(files):
            info = zipfile.ZipInfo(f"{prefix}/{relpath}", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so external_attr holds the permission bits
            info.external_attr = (0o100000 | modes[relpath]) << 16
            archive.writestr(info, files[relpath], compresslevel=9)
    return buffer.getvalue()


def manifest_path(outdir):
    """Where a build records what it wrote to ``outdir``: ``.<name>.sha256`` beside it, in
    ``sha256sum`` format (``cd release && sha256sum -c ../.release.sha256`` lists what changed)."""
    return outdir.with_name(f".{outdir.name}.sha256")


def _manifest(files):
    return "".join(
        f"{hashlib.sha256(files[relpath]).hexdigest()}  {relpath}\n" for relpath in sorted(files)
    )


def _read_manifest(path):
    """``{relpath: sha256}`` from a manifest written by `_manifest`, or None (missing, or not
    one: then nothing in the folder counts as written by the last build)."""
    if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
        return None
    digests = {}
    try:
        for line in path.read_text("utf-8").splitlines():
            digest, separator, relpath = line.partition("  ")
            if not (separator and re.fullmatch(r"[0-9a-f]{64}", digest)):
                return None
            digests[relpath] = digest
    except (OSError, UnicodeDecodeError):
        return None
    return digests


def _changed_since_last_build(directory, files):
    """The files under ``directory`` (build products aside) that the last build into it did
    not write as they are now: edited, added, or (with no manifest of the last build) not
    exactly as this build writes them. Replacing ``directory`` would lose them."""
    earlier = (directory / RELEASE_STAMP).is_file()  # a manifest counts beside a release only
    written = _read_manifest(manifest_path(directory)) if earlier else None
    changed = []
    for path in sorted(directory.rglob("*")):
        relpath = path.relative_to(directory).as_posix()
        if _is_build_product(relpath) or path.is_dir() and not path.is_symlink():
            continue
        if path.is_symlink() or not path.is_file():
            changed.append(relpath)
            continue
        data = path.read_bytes()
        if written is None:
            unchanged = files.get(relpath) == data
        else:
            unchanged = written.get(relpath) == hashlib.sha256(data).hexdigest()
        if not unchanged:
            changed.append(relpath)
    return changed


def _stage(release, staging, staged_archive, prefix):
    """Write the release to ``staging`` (and its zip to ``staged_archive`` unless None)."""
    for relpath in sorted(release.files):
        target = staging / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(release.files[relpath])
        os.chmod(target, release.modes[relpath])
    for directory in sorted({p for path in release.files for p in (staging / path).parents}):
        if staging in directory.parents or directory == staging:
            os.chmod(directory, 0o755)
    if staged_archive is not None:
        staged_archive.write_bytes(zip_bytes(release.files, release.modes, prefix))


def _earlier_release_zip(path, name):
    """Whether ``path`` is a zip written by an earlier build into the folder ``name``."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return f"{name}/{RELEASE_STAMP}" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _zip_matches(path, release, name):
    """Whether the zip ``path`` holds exactly ``release`` under ``name/`` (files, contents and
    permissions): the zip this build would write, whatever its compression."""
    expected = {f"{name}/{relpath}": relpath for relpath in release.files}
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if sorted(info.filename for info in infos) != sorted(expected):
                return False
            for info in infos:
                relpath = expected[info.filename]
                if (info.external_attr >> 16) & 0o777 != release.modes[relpath]:
                    return False
                if archive.read(info) != release.files[relpath]:
                    return False
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return True


def lock_path(outdir):
    """The lock a build of ``outdir`` holds while it writes: ``.<name>.lock`` beside it."""
    return outdir.with_name(f".{outdir.name}.lock")


@contextlib.contextmanager
def _build_lock(outdir):
    """Hold the build's lock on ``outdir`` (`lock_path`, `instructor.locks`) for the ``with``
    block. Held-out round 8, row 17: two builds into one OUTDIR at once staged into one folder
    and removed each other's output. Raises FileExistsError while another build holds it."""
    path = lock_path(outdir)
    if path.is_symlink():  # and the open never follows one planted after this check
        raise FileExistsError(f"{path} is a symlink, not the build's lock file: remove it")
    handle = LOCKS.try_lock(path)
    if handle is None:
        raise FileExistsError(
            f"another build of {outdir} is running (lock file {path}); wait for it to finish, "
            "then build again"
        )
    with handle:
        yield


def _refuse_replacing(outdir, files, force, archive):
    """Raise FileExistsError when writing ``files`` to ``outdir`` (and the zip ``archive``,
    unless None) would replace what is not an earlier build's output (`write_release`)."""
    changed = _changed_since_last_build(outdir, files) if outdir.is_dir() else []
    if outdir.exists() and (changed or not outdir.is_dir()):
        if not (outdir.is_dir() and (outdir / RELEASE_STAMP).is_file()):
            # held-out round 5: --force replaced a course website's folder with the release
            raise FileExistsError(
                f"{outdir} exists and holds files that are not part of the release, and it is "
                f"not an earlier release (no {RELEASE_STAMP}): the build would delete them, even "
                "with --force; choose a new folder"
            )
        if not force:  # held-out round 7: a TA's solve in release/ was replaced unasked
            shown = ", ".join(changed[:5]) + (
                f" and {len(changed) - 5} more" if changed[5:] else ""
            )
            raise FileExistsError(
                f"{outdir} is an earlier release, but files in it are not as the last build "
                f"wrote them ({shown}): the build would replace them; copy out what you want to "
                "keep, then use --force to replace it"
            )
    if archive is not None and (archive.exists() or archive.is_symlink()):
        if not _earlier_release_zip(archive, outdir.name):  # held-out round 5: course.zip
            raise FileExistsError(
                f"{archive} exists and is not an earlier release's zip (no "
                f"{outdir.name}/{RELEASE_STAMP} in it): the build would replace it, even with "
                "--force; move it or choose another OUTDIR"
            )


def _remove_staging_leftovers(outdir):
    """Remove what a killed build (SIGKILL, a power cut) staged beside ``outdir``: this
    version's ``.<name>.staging-XXXXXXXX`` folders (`tempfile.mkdtemp`'s eight characters) and
    the fixed staging names of versions before held-out round 8. Called under the build's lock:
    no other build of ``outdir`` is using them."""
    name = outdir.name
    fixed = {f".{name}.staging", f".{name}.zip.staging", f".{name}.sha256.staging"}
    unique = re.compile(rf"\.{re.escape(name)}\.staging-[a-z0-9_]{{8}}")
    for path in outdir.parent.iterdir():
        folder = path.is_dir() and not path.is_symlink()
        if folder and (path.name in fixed or unique.fullmatch(path.name)):
            shutil.rmtree(path)
        elif path.name in fixed:
            path.unlink()


def write_release(release, outdir, force=False, make_zip=True, notes=None):
    """Write ``release`` to the directory ``outdir`` (replacing it), to ``outdir.zip`` unless
    ``make_zip`` is false, and its manifest (`manifest_path`).

    The whole write holds the build's lock (`lock_path`): one build into ``outdir`` at a time.
    Everything is staged in a new ``.<name>.staging-XXXXXXXX`` folder beside ``outdir``, moved
    into place at the end; the staging folder is removed whatever happens (a failure, Ctrl-C).
    Without ``make_zip``, an earlier release's ``outdir.zip`` that does not hold exactly this
    release is removed (held-out round 8, row 23: it was left beside the rebuilt folder it no
    longer matched); another file of that name is left as it is. ``notes``, a list, receives
    one line for either (the command line prints them).

    Raises
    ------
    FileExistsError
        If another build of ``outdir`` holds its lock; if ``outdir`` exists and holds a file
        that the last build did not write as it is now (its manifest, `manifest_path`; without
        one, a file this build would not write as it is): always when it is not an earlier
        release (no ``release.json``), else unless ``force`` is set; or if ``outdir.zip``
        exists, is not an earlier release's zip and ``make_zip`` is set.
    """
    outdir = Path(outdir).resolve()
    archive = outdir.with_name(outdir.name + ".zip")
    notes = [] if notes is None else notes
    replaced_zip = archive if make_zip else None
    _refuse_replacing(outdir, release.files, force, replaced_zip)  # refused: not even a lock file
    outdir.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(outdir):
        _refuse_replacing(outdir, release.files, force, replaced_zip)  # a build may have ended
        _remove_staging_leftovers(outdir)
        staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.staging-", dir=outdir.parent))
        staged, earlier = staging / "folder", staging / "earlier"
        staged_archive, staged_manifest = staging / "zip", staging / "manifest"
        try:
            _stage(release, staged, staged_archive if make_zip else None, outdir.name)
            staged_manifest.write_text(_manifest(release.files), "utf-8")
            if outdir.exists():
                outdir.rename(earlier)
            staged.rename(outdir)
            os.replace(staged_manifest, manifest_path(outdir))
            if make_zip:
                os.replace(staged_archive, archive)
            elif archive.exists() or archive.is_symlink():
                notes.append(_drop_stale_zip(archive, release, outdir.name))
        finally:
            if earlier.is_dir() and not outdir.exists():  # interrupted between the two renames
                earlier.rename(outdir)
            shutil.rmtree(staging, ignore_errors=True)
    return archive if make_zip else None


def _drop_stale_zip(archive, release, name):
    """``--no-zip``: remove ``archive`` if it is an earlier release's zip that does not hold
    ``release``; never another file. Returns the line that says what happened."""
    if not _earlier_release_zip(archive, name):
        what = (
            "a symlink"
            if archive.is_symlink()
            else f"not a release's zip (no {name}/{RELEASE_STAMP})"
        )
        return f"left {archive} as it is: it is {what}, not this folder's zip; do not upload it"
    if _zip_matches(archive, release, name):
        return f"kept {archive}: it holds exactly this build's folder"
    archive.unlink()
    return f"removed {archive} of an earlier build: it no longer matches the folder"


def check_outdir(master, outdir):
    """Refuse an OUTDIR whose replacement would delete the master's own files: the master
    itself (``python -m instructor.release . --force`` from the master), a folder holding it,
    or a folder of it that git tracks (``cs231n``). ``--force`` does not override this
    (held-out round 4: it replaced the master, its history and solutions with the release).

    Raises
    ------
    FileExistsError
        Naming OUTDIR and what it would delete.
    """
    master, outdir = Path(master).resolve(), Path(outdir).resolve()
    if outdir == master or outdir in master.parents:
        raise FileExistsError(
            f"{outdir} is the master or holds it ({master}): writing the release there would "
            "delete the master; choose a new folder, such as release/ (even --force does not "
            "replace the master)"
        )
    if master in outdir.parents and git_tracks(master, outdir):
        raise FileExistsError(
            f"{outdir} holds files of the master that git tracks: writing the release "
            "there would delete them; choose a new folder, such as release/ (even --force "
            "does not replace the master's own files)"
        )


def git_tracks(master, path):
    """Whether git tracks ``path`` (a file, or any file under a folder) of the master
    ``master``; both resolved, ``path`` inside ``master``."""
    relative = Path(path).relative_to(master).as_posix()
    listed = subprocess.run(
        ["git", "-C", str(master), "ls-files", "-z", "--", relative],
        capture_output=True,
        check=False,
    ).stdout
    return bool(listed)


# What grading reads of the master's working tree: the reference package (the parent's answers,
# the tolerances, the sandbox's release tree), the instructor tools (the record the release tree
# is stubbed from, the grader itself) and the top-level files the Gradescope bundle carries.
GRADING_INPUTS = (
    "cs231n",
    "instructor",
    ".gitignore",
    "pyproject.toml",
    "requirements.txt",
    "setup.py",
)
_CHANGE_KINDS = {"M": "modified", "A": "added", "D": "deleted", "R": "renamed", "C": "copied"}


def uncommitted_changes(master, paths=GRADING_INPUTS):
    """``["cs231n/tolerances.py (modified)", ...]``: files under ``paths`` of the master whose
    working tree differs from its last commit (changed, staged, deleted or new and not ignored),
    as `git status` sees them; [] for a clean tree. None when it cannot be told (no git on PATH,
    or the master is not a git checkout: the release build refuses those by itself). Raises
    ValueError when git fails in a checkout (held-out round 10, row 16: the grader and the
    bundle read the working tree, so an uncommitted, loosened tolerance graded silently)."""
    master = Path(master)
    if not (shutil.which("git") and (master / ".git").exists()):
        return None
    run = subprocess.run(
        ["git", "-C", str(master), "status", "--porcelain", "-z", "--untracked-files=all"]
        + ["--", *paths],
        capture_output=True,
        check=False,
    )
    if run.returncode != 0:
        error = run.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        raise ValueError(f"git status failed in {master}: {error[0]}")
    fields, changes = run.stdout.decode("utf-8", "replace").split("\0"), []
    while fields:
        entry = fields.pop(0)
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if ("R" in code or "C" in code) and fields:
            fields.pop(0)  # the name it had before
        kind = "new, untracked" if code == "??" else None
        kind = kind or next((_CHANGE_KINDS[c] for c in code if c in _CHANGE_KINDS), "changed")
        changes.append(f"{path} ({kind})")
    return sorted(changes)


def dirty_master_message(changes, shown=5):
    """The files of `uncommitted_changes` as one clause (at most ``shown`` named)."""
    named = ", ".join(changes[:shown])
    return named + (f" and {len(changes) - shown} more" if len(changes) > shown else "")


def build_release(master, outdir, force=False, make_zip=True, oracle=False, notes=None, **lists):
    """Assemble, leak-check and write the release. Returns ``(release, zip_path or None)``;
    ``notes`` as for `write_release`.

    ``lists`` may give ``student_files`` and ``provided_files`` (default `instructor.shipped`).
    ``oracle``: also run the behavioural check of provided code (`instructor.provided_oracle`,
    a few seconds; the command line always does) before anything is written. An OUTDIR that is
    or holds the master, or its tracked files, is refused first (`check_outdir`).
    """
    check_outdir(master, outdir)
    release = assemble_release(master, **lists)
    if oracle:
        student_files = lists.get("student_files") or SHIPPED.STUDENT_FILES
        ORACLE.check_release(release.files, student_files)
    return release, write_release(release, outdir, force=force, make_zip=make_zip, notes=notes)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m instructor.release",
        description=("Write the student release of this repository to OUTDIR and OUTDIR.zip."),
    )
    parser.add_argument(
        "outdir",
        type=Path,
        nargs="?",
        help="directory to write (replaced if it holds "
        "nothing but an earlier release and build products)",
    )
    parser.add_argument(
        "--master",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="root of the master repository (default: the one holding this file)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace OUTDIR, an earlier release, even if it holds other files",
    )
    parser.add_argument(
        "--no-zip",
        action="store_true",
        help="do not write OUTDIR.zip; an earlier release's OUTDIR.zip that no longer matches "
        "the folder is removed, another file of that name left as it is (both said)",
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help="instead of building, rewrite the reviewed record (instructor/release_record) "
        "from the master; refused if a graded function lost its stub or solution text would ship",
    )
    parser.add_argument(
        "--ships-code",
        action="append",
        default=[],
        metavar="NAME",
        help="with --record: the student-file function (or <module>) whose new or changed code "
        "you have read and confirm as provided code that ships (repeat for several); a graded "
        "function's confirmed text is kept in instructor/release_record/ships_code.json. For a "
        "provided file: module.qualname (cs231n.gradient_check.helper, cs231n.hints.<module>), "
        "or the path of a new or non-Python provided file. For a student notebook's new or "
        "changed code cells: the notebook's path",
    )
    parser.add_argument(
        "--first-record",
        action="store_true",
        help="with --record, when no commit holds a record of provided code yet (a new "
        "course): take every provided definition as reviewed, after reading them",
    )
    args = parser.parse_args(argv)
    if args.record:
        return record_main(args.master, args.ships_code, args.first_record)
    if args.ships_code:
        parser.error("--ships-code goes with --record")
    if args.first_record:
        parser.error("--first-record goes with --record")
    if args.outdir is None:
        parser.error("OUTDIR is required (unless --record)")
    notes = []
    try:
        release, archive = build_release(
            args.master, args.outdir, args.force, not args.no_zip, oracle=True, notes=notes
        )
    except (MarkerError, LeakError, FileExistsError, ValueError, OSError) as error:
        print(f"release failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # held-out round 7: Ctrl-C printed a 46-line traceback
        print(f"release interrupted (Ctrl-C); run it again to write {args.outdir}", file=sys.stderr)
        return 130
    notebooks = sum(path.endswith(".ipynb") for path in release.files)
    print(
        f"wrote {args.outdir}: {len(release.files)} files ({notebooks} notebooks), "
        f"{len(release.labels)} code regions stubbed, {release.answers} answers blanked, "
        f"{len(release.significant_lines)} solution lines checked for leaks: none found"
    )
    if archive is not None:
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        print(f"wrote {archive} (sha256 {digest})")
    for note in notes:
        print(note)
    return 0


def record_main(master, ships_code=(), first_record=False):
    """``--record``: rewrite the reviewed record from the master and say what to review."""
    try:
        release = assemble_release(
            master, recording=True, ships_code=tuple(ships_code), first_record=first_record
        )
        write_record(master, release)
    except (MarkerError, LeakError, ValueError, OSError) as error:
        print(f"record failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("record interrupted: run it again before committing the record", file=sys.stderr)
        return 130
    print(
        f"wrote {Path(master) / RECORD.RECORD_DIRECTORY}: {len(release.stubs)} student files, "
        f"{len(release.solution_record)} solution lines; review it with "
        "`git diff instructor/release_record` (every graded function must be its stub) "
        "and commit it"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
