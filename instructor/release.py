"""Build the student release of this repository (instructor-only; not shipped to students).

    python -m instructor.release OUTDIR [--master DIR] [--force] [--no-zip]

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
  region stubbed; notebooks also get their outputs cleared (execution counts None, cell ids and
  metadata kept; per-cell timing metadata dropped);
* the provided files (``PROVIDED_FILES``) as they are; they may hold no solution region;
* ``pyproject.toml`` with its ``[tool.pytest.ini_options]`` table replaced by
  ``release_files/pyproject-pytest.toml`` (so a student's ``pytest`` runs the autograder) and its
  explicit package list completed with every shipped package;
* every other file under ``release_files/`` copied to the same relative path (student README,
  Makefile, the pytest wrapper of the autograder), replacing the master's file of that path.

Nothing else is shipped. A file of ``cs231n/`` or ``notebooks/`` that the list does not name
stops the build (see ``unlisted_files``). Before anything is written, the release is searched for
every significant solution line (see ``significant_solution_lines``); any hit aborts the build.
The output is deterministic: same master, byte-identical directory and zip.
"""

import argparse
import ast
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package (requirements.txt)
    import tomli as tomllib

from . import shipped as SHIPPED

# --------------------------------------------------------------------------------------------
# Marker syntax
# --------------------------------------------------------------------------------------------

CODE_BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION[ \t]*$")
CODE_END = re.compile(r"^(?P<indent>[ \t]*)# END SOLUTION[ \t]*$")
MARKDOWN_BEGIN = re.compile(r"^(?P<indent>[ \t]*)<!-- BEGIN SOLUTION -->[ \t]*$")
MARKDOWN_END = re.compile(r"^(?P<indent>[ \t]*)<!-- END SOLUTION -->[ \t]*$")
ANY_MARKER = re.compile(r"(BEGIN|END)[ \t_-]*SOLUTION", re.IGNORECASE)

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
TIMING_METADATA_KEYS = ("execution", "ExecuteTime")


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
        elif ANY_MARKER.search(line):
            raise MarkerError(
                where,
                number + 1,
                f"malformed solution marker {line.strip()!r}: a "
                "marker must be alone on its line, exactly as "
                f"{begin_re.pattern!r} / {end_re.pattern!r}",
            )
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
        elif cell.get("cell_type") == "code":
            result = _stub_code_cell(source, where, f"{stem}: {section or f'cell {number}'}")
            cell["outputs"], cell["execution_count"] = [], None
            for key in TIMING_METADATA_KEYS:
                cell.get("metadata", {}).pop(key, None)
        else:
            result = Stubbed(source, [], [])
            for line in _split_lines(source):
                if ANY_MARKER.search(line):
                    raise MarkerError(
                        where, 0, "solution markers are only allowed in code and markdown cells"
                    )
        cell["source"] = _split_lines(result.text)
        removed.extend(result.solution_lines)
        labels.extend(result.labels)
        answers += result.answers
    return notebook, Stubbed("", removed, labels, answers)


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


def master_files(master):
    """Candidate files of the master (posix relative paths, sorted), before shipping rules.

    Uses ``git ls-files --cached --others --exclude-standard`` in a git checkout (tracked files
    plus new files that .gitignore does not exclude); otherwise walks the tree, skipping build
    products, caches and data.
    """
    master = Path(master)
    if (master / ".git").exists() and shutil.which("git"):
        listing = subprocess.run(
            [
                "git",
                "-C",
                str(master),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
        paths = {path for path in listing.split("\0") if path and (master / path).is_file()}
    else:
        paths = set()
        for root, dirs, names in os.walk(master):
            dirs[:] = [
                d for d in dirs if d not in SKIPPED_DIRECTORY_NAMES and not d.endswith(".egg-info")
            ]
            for name in names:
                paths.add((Path(root) / name).relative_to(master).as_posix())
    return sorted(path for path in paths if not _is_build_product(path))


def untracked_files(master):
    """Files git does not track yet (they are shipped if otherwise eligible); [] without git."""
    master = Path(master)
    if not ((master / ".git").exists() and shutil.which("git")):
        return []
    listing = subprocess.run(
        ["git", "-C", str(master), "ls-files", "-z", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout
    return sorted(path for path in listing.decode("utf-8").split("\0") if path)


def _is_build_product(path):
    parts = path.split("/")
    return (
        any(part in SKIPPED_DIRECTORY_NAMES or part.endswith(".egg-info") for part in parts)
        or path.endswith(SKIPPED_SUFFIXES)
        or path in GENERATED_FILES
    )


def unlisted_files(master, listed, directories=SHIPPED.LISTED_DIRECTORIES):
    """Files of the master under ``directories`` that ``listed`` does not name (sorted)."""
    return [
        path
        for path in master_files(master)
        if path.startswith(tuple(directories)) and path not in set(listed)
    ]


def template_files(master):
    """Files of ``release_files/`` (posix paths relative to it), sorted."""
    root = Path(master) / TEMPLATE_DIRECTORY
    if not root.is_dir():
        return []
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not _is_build_product(path.relative_to(root).as_posix())
    )


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


def significant_solution_lines(solution_lines, outside_lines):
    """Solution lines whose presence in the release proves a leak.

    A solution line (stripped) counts when it is substantial (``_is_substantial``) and does not
    also occur, stripped, outside the regions: in the master's shipped files, in release_files/,
    or in the stubs. Lines such as ``return out, cache`` or ``N = x.shape[0]`` that are also
    provided code therefore cannot cause false alarms.
    """
    return {
        line.strip()
        for line in solution_lines
        if _is_substantial(line.strip()) and line.strip() not in outside_lines
    }


def _text_lines(relpath, data):
    """Stripped lines of a release file; notebooks contribute cell sources and outputs too."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return set()
    lines = {line.strip() for line in text.splitlines()}
    if relpath.endswith(".ipynb"):
        for cell in json.loads(text).get("cells", []):
            lines.update(line.strip() for line in _cell_source(cell).splitlines())
            for output in cell.get("outputs", []):
                lines.update(line.strip() for line in json.dumps(output).split("\\n"))
    return lines


def find_leaks(files, significant_lines):
    """Search release files for solution text and marker lines.

    Parameters
    ----------
    files : mapping relpath -> bytes
    significant_lines : set of str, from ``significant_solution_lines``

    Returns
    -------
    leaks : list of str, one ``path: 'line'`` description per hit (empty when clean)
    """
    leaks = []
    for relpath in sorted(files):
        lines = _text_lines(relpath, files[relpath])
        leaks += [
            f"{relpath}: solution line {line!r}" for line in sorted(lines & significant_lines)
        ]
        leaks += [
            f"{relpath}: marker {line!r}"
            for line in sorted(lines)
            if CODE_BEGIN.match(line)
            or CODE_END.match(line)
            or MARKDOWN_BEGIN.match(line)
            or MARKDOWN_END.match(line)
        ]
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


def _mode(path):
    return 0o755 if os.stat(path).st_mode & 0o111 else 0o644


def assemble_release(master, student_files=None, provided_files=None):
    """Read the listed files of the master and produce the release in memory, leak-checked.

    Parameters
    ----------
    master : path of the master repository
    student_files, provided_files : posix paths relative to ``master``; default: the lists of
        `instructor.shipped`

    Raises
    ------
    ValueError
        If a listed file is missing, a provided file holds a solution region, or a file of
        ``cs231n/`` or ``notebooks/`` is not listed.
    MarkerError
        On a marker problem in any shipped file.
    LeakError
        If solution text or a marker survives in the release.
    """
    master = Path(master)
    student_files = SHIPPED.STUDENT_FILES if student_files is None else student_files
    provided_files = SHIPPED.PROVIDED_FILES if provided_files is None else provided_files
    listed = sorted(set(student_files) | set(provided_files))
    missing = [path for path in listed if not (master / path).is_file()]
    if missing:
        raise ValueError(f"listed in instructor/shipped.py but missing: {', '.join(missing)}")
    unlisted = unlisted_files(master, listed)
    if unlisted:
        raise ValueError(
            f"not listed in instructor/shipped.py: {', '.join(unlisted)}; add each "
            "to STUDENT_FILES or PROVIDED_FILES, or move it out of the package"
        )
    templates = template_files(master)
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
        data = source_path.read_bytes()
        if relpath.endswith(".py"):
            result = stub_python_file(data.decode("utf-8"), relpath)
            data = result.text.encode("utf-8")
        elif relpath.endswith(".ipynb"):
            notebook, result = stub_notebook(json.loads(data.decode("utf-8")), relpath)
            data = dump_notebook(notebook).encode("utf-8")
        else:
            result = Stubbed("", [], [])
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
        files[relpath], modes[relpath] = source_path.read_bytes(), _mode(source_path)
    if "pyproject.toml" in files:
        table = (master / TEMPLATE_DIRECTORY / PYTEST_TABLE_TEMPLATE).read_text("utf-8")
        text = release_pyproject(files["pyproject.toml"].decode("utf-8"), table, _packages(files))
        files["pyproject.toml"] = text.encode("utf-8")

    outside_lines = _master_outside_lines(master, shipped, templates)
    significant = significant_solution_lines(solution_lines, outside_lines)
    leaks = find_leaks(files, significant)
    if leaks:
        raise LeakError("solution text in the release:\n  " + "\n  ".join(leaks[:50]))
    return Release(files, modes, labels, answers, significant)


def _master_outside_lines(master, shipped, templates):
    """Stripped lines of the master's shipped files outside regions, plus templates and stubs."""
    lines = {STUB_BEGIN, STUB_END, ANSWER_STUB}
    for relpath in shipped:
        data = (master / relpath).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if relpath.endswith(".ipynb"):
            for number, cell in enumerate(json.loads(text).get("cells", []), start=1):
                markdown = cell.get("cell_type") == "markdown"
                lines |= _outside(_cell_source(cell), f"{relpath} cell {number}", markdown)
        elif relpath.endswith(".py"):
            lines |= _outside(text, relpath, markdown=False)
        else:  # markers mean nothing outside Python files and notebooks
            lines |= {line.strip() for line in text.splitlines()}
    for relpath in templates:
        try:
            text = (master / TEMPLATE_DIRECTORY / relpath).read_text("utf-8")
        except UnicodeDecodeError:
            continue
        lines |= {line.strip() for line in text.splitlines()}
    return lines


def _outside(text, where, markdown):
    lines = _split_lines(text)
    if markdown:
        regions = find_regions(lines, where, MARKDOWN_BEGIN, MARKDOWN_END, check_indent=False)
    else:
        regions = find_regions(lines, where)
    inside = {number for region in regions for number in range(region.begin, region.end + 1)}
    return {line.strip() for number, line in enumerate(lines) if number not in inside}


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


def _replaceable(directory, files):
    """Whether every file under ``directory`` is one of ``files`` or a build product, so that
    replacing it loses nothing (an earlier release, perhaps with caches or a built extension)."""
    for path in directory.rglob("*"):
        relpath = path.relative_to(directory).as_posix()
        if path.is_file() and relpath not in files and not _is_build_product(relpath):
            return False
    return True


def write_release(release, outdir, force=False, make_zip=True):
    """Write ``release`` to the directory ``outdir`` (replacing it) and to ``outdir.zip``.

    Raises
    ------
    FileExistsError
        If ``outdir`` exists and holds a file that neither the release nor a build would
        create, unless ``force`` is set.
    """
    outdir = Path(outdir).resolve()
    if (
        outdir.exists()
        and not force
        and not (outdir.is_dir() and _replaceable(outdir, release.files))
    ):
        raise FileExistsError(
            f"{outdir} exists and holds files that are not part of the "
            "release; use --force to replace it"
        )
    staging = outdir.with_name(f".{outdir.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    for relpath in sorted(release.files):
        target = staging / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(release.files[relpath])
        os.chmod(target, release.modes[relpath])
    for directory in sorted({p for path in release.files for p in (staging / path).parents}):
        if staging in directory.parents or directory == staging:
            os.chmod(directory, 0o755)
    if outdir.exists():
        shutil.rmtree(outdir) if outdir.is_dir() else outdir.unlink()
    staging.rename(outdir)
    archive = outdir.with_name(outdir.name + ".zip")
    if make_zip:
        archive.write_bytes(zip_bytes(release.files, release.modes, outdir.name))
    return archive if make_zip else None


def build_release(master, outdir, force=False, make_zip=True, **lists):
    """Assemble, leak-check and write the release. Returns ``(release, zip_path or None)``.

    ``lists`` may give ``student_files`` and ``provided_files`` (default `instructor.shipped`).
    """
    release = assemble_release(master, **lists)
    return release, write_release(release, outdir, force=force, make_zip=make_zip)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m instructor.release",
        description=("Write the student release of this repository to OUTDIR and OUTDIR.zip."),
    )
    parser.add_argument(
        "outdir",
        type=Path,
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
        "--force", action="store_true", help="replace OUTDIR even if it holds other files"
    )
    parser.add_argument("--no-zip", action="store_true", help="do not write OUTDIR.zip")
    args = parser.parse_args(argv)
    try:
        release, archive = build_release(args.master, args.outdir, args.force, not args.no_zip)
    except (MarkerError, LeakError, FileExistsError, ValueError) as error:
        print(f"release failed: {error}", file=sys.stderr)
        return 1
    new = [path for path in untracked_files(args.master) if path in release.files]
    if new:
        print(
            f"note: shipping {len(new)} file(s) git does not track yet: {', '.join(new)}",
            file=sys.stderr,
        )
    notebooks = sum(path.endswith(".ipynb") for path in release.files)
    print(
        f"wrote {args.outdir}: {len(release.files)} files ({notebooks} notebooks), "
        f"{len(release.labels)} code regions stubbed, {release.answers} answers blanked, "
        f"{len(release.significant_lines)} solution lines checked for leaks: none found"
    )
    if archive is not None:
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        print(f"wrote {archive} (sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
