"""The reviewed record a release is checked against (instructor-only; not shipped to students).

Markers say where solutions are, but a marker can be deleted, mistyped or never written. So the
release does not trust them alone; it is compared with a record committed in the master under
``instructor/release_record/``:

* ``stubs/<student file>.txt``: the reviewed release text of every student ``.py`` file. Each
  function, method and the module level of the shipped file must parse (ast, plus its comments)
  to exactly the recorded one, so a graded function ships as its stub (docstring, TODO,
  ``raise NotImplementedError``) whatever the master's markers say, and nothing else in a
  student file is new.
* ``stubs/<notebook>.code.json``: the reviewed code cells of every student notebook, in order.
* ``stubs/<notebook>.markdown.json``: its reviewed text cells (answers blanked), in order, so a
  note pasted into a text cell ships only after it shows in a reviewed diff; they are never a
  reason to exempt a solution line from the search below.
* ``solution_lines.txt``: every solution line the master's regions ever held (it only grows), so
  deleting a marker does not forget the lines it enclosed. Every shipped file is searched for
  them in a normal form (case, whitespace, quotes and comment signs ignored), also inside HTML
  comments, JSON strings and base64 or hex blobs (`normalized_leaks`). A recorded stub exempts a
  solution line it holds, but inside a graded function only as the function's earliest committed
  record held it (`provided_text`), so a line added by hand to a recorded stub is still searched.
* ``ships_code.json``: the text of each graded function whose code ``--ships-code NAME``
  confirmed (written by ``--record``; it covers the function only while it reads exactly so).
* ``provided/<provided file>.txt``: one sorted line ``<unit> <code digest> <text digest>``
  per definition of each shipped provided file and template (`provided_units`: ``<module>``,
  every function, class and method, nested ones too; the text digest covers its docstring and
  comments; a non-Python file is one unit with one digest). A paraphrased solution shares no
  text with the solution lines, so provided code or prose that is new or changed since the
  record stops the build, and ``--record`` takes it only when ``--ships-code`` names it
  (``cs231n.gradient_check._reference_affine``; a new or non-Python file by its path).

* ``paraphrases.txt``: a solution line's formula written with other names shares no text with
  it, so all shipped Python code (files and notebooks' code cells) is also searched for the
  expressions of four or more operations of the solution lines by their shape, every variable
  name alike (`paraphrase_leaks`); a hit ships only when this file lists it as
  ``<file> | <qualified name> | <expression>`` (the definition it is in, ``<module>`` at the
  top level), reviewed, with a comment saying why (a formula the assignment's docstrings give);
  each entry is confirmed as a unit of the provided record, for that definition's code.

``python -m instructor.release --record`` rewrites the record from the master (refusing when a
graded function lost its stub or a recorded solution line would ship); review the diff with
``git diff instructor/release_record`` and commit it.
"""

import ast
import base64
import binascii
import codecs
import copy
import functools
import hashlib
import html
import io
import json
import re
import subprocess
import textwrap
import tokenize
import unicodedata
import urllib.parse
import warnings
from pathlib import Path

RECORD_DIRECTORY = "instructor/release_record"
SOLUTION_LINES = "solution_lines.txt"
STUB_RAISE_NAME = "NotImplementedError"
MIN_NORMAL_LENGTH = 10  # shorter normal forms (``dx=dout``) are too generic to prove a leak


class RecordError(ValueError):
    """The release differs from the reviewed record, or the record is missing or incomplete."""


# --------------------------------------------------------------------------------------------
# Where the record lives
# --------------------------------------------------------------------------------------------


def record_path(master, relpath):
    """Path of the record of the student file ``relpath``."""
    suffix = ".code.json" if relpath.endswith(".ipynb") else ".txt"
    return Path(master) / RECORD_DIRECTORY / "stubs" / (relpath + suffix)


def read_solution_lines(master):
    path = Path(master) / RECORD_DIRECTORY / SOLUTION_LINES
    if not path.is_file():
        return None
    return {line for line in path.read_text("utf-8").splitlines() if line.strip()}


def committed_versions(master, relpath, oldest_first=False):
    """The texts of every committed version of the file ``relpath`` of the master's git
    history, newest first (or oldest first); none outside git or before its first commit."""
    order = ["--reverse"] if oldest_first else []
    run = subprocess.run(
        ["git", "-C", str(master), "log", *order, "--format=%H", "--", relpath],
        capture_output=True,
        check=False,
    )
    if run.returncode != 0:
        return []
    texts = []
    for commit in run.stdout.decode("ascii", errors="replace").split():
        shown = subprocess.run(
            ["git", "-C", str(master), "show", f"{commit}:{relpath}"],
            capture_output=True,
            check=False,
        )
        if shown.returncode == 0:
            texts.append(shown.stdout.decode("utf-8", "replace"))
    return texts


def committed_solution_lines(master):
    """Every line any committed version of the solution record held (the record only grows:
    deleting a line from it does not make the build forget it)."""
    lines = set()
    for text in committed_versions(master, f"{RECORD_DIRECTORY}/{SOLUTION_LINES}"):
        lines |= {line for line in text.splitlines() if line.strip()}
    return lines


def committed_graded_names(master, relpath):
    """The graded functions (stubs) of the student file ``relpath`` in any committed version
    of its record: a function graded once stays a stub, so a record edited by hand (or
    re-recorded after its markers were deleted) cannot make it ship solved."""
    names = set()
    for text in committed_versions(master, f"{RECORD_DIRECTORY}/stubs/{relpath}.txt"):
        try:
            names |= set(graded_names(text))
        except RecordError:  # a committed record that does not parse holds no names
            pass
    return names


def write_solution_lines(master, lines):
    path = Path(master) / RECORD_DIRECTORY / SOLUTION_LINES
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in sorted(lines)), "utf-8")


def read_stub(master, relpath):
    path = record_path(master, relpath)
    if not path.is_file():
        return None
    text = path.read_text("utf-8")
    return json.loads(text) if relpath.endswith(".ipynb") else text


def write_stub(master, relpath, content):
    path = record_path(master, relpath)
    path.parent.mkdir(parents=True, exist_ok=True)
    if relpath.endswith(".ipynb"):
        content = json.dumps(content, indent=1, ensure_ascii=False) + "\n"
    path.write_text(content, "utf-8")


def markdown_path(master, relpath):
    """Path of the record of the text cells of the student notebook ``relpath``."""
    return Path(master) / RECORD_DIRECTORY / "stubs" / (relpath + ".markdown.json")


def read_markdown(master, relpath):
    path = markdown_path(master, relpath)
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def write_markdown(master, relpath, cells):
    path = markdown_path(master, relpath)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(cells, indent=1, ensure_ascii=False) + "\n", "utf-8")


def markdown_cells(notebook):
    """The sources of the text (markdown and raw) cells of a parsed notebook, as lists of
    lines."""
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            cells.append(source.splitlines(keepends=True))
    return cells


def compare_markdown(notebook, recorded, relpath):
    """Problems where the text cells of a shipped notebook differ from the recorded ones."""
    shipped = markdown_cells(notebook)
    numbers = [
        n for n, c in enumerate(notebook.get("cells", []), 1) if c.get("cell_type") != "code"
    ]
    for index, cell in enumerate(shipped):
        if index >= len(recorded) or cell_form(cell) != cell_form(recorded[index]):
            return [
                f"{relpath} cell {numbers[index]}: text cell is not its reviewed form "
                "(a note, an answer or a hint pasted in?)"
            ]
    if len(recorded) > len(shipped):
        return [f"{relpath}: {len(recorded) - len(shipped)} reviewed text cell(s) missing"]
    return []


def code_cells(notebook):
    """The sources of the code cells of a parsed notebook, as lists of lines."""
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            cells.append(source.splitlines(keepends=True))
    return cells


# --------------------------------------------------------------------------------------------
# Structure: every def of a student file is its reviewed form
# --------------------------------------------------------------------------------------------


def _comments(source):
    """(line, text) of every comment of ``source``."""
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT:
            found.append((token.start[0], token.string.strip()))
    return found


def python_units(source, where):
    """Map each def/class (qualified name) and ``<module>`` to a comparable form of its code:
    the ast dump (no positions) and the comments inside it.

    Raises
    ------
    RecordError
        If ``source`` does not parse.
    """
    try:
        tree = ast.parse(source)
        comments = _comments(source)
    except (SyntaxError, tokenize.TokenError) as error:
        raise RecordError(f"{where}: does not parse ({error})") from error
    spans = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + [child.name]
                start = min([child.lineno] + [d.lineno for d in child.decorator_list])
                spans.append((".".join(name), start, child.end_lineno, child))
                visit(child, name)
            else:
                visit(child, prefix)

    visit(tree, [])
    units = {"<module>": (ast.dump(tree), tuple(text for _, text in comments))}
    for name, start, end, node in spans:
        inside = tuple(text for line, text in comments if start <= line <= end)
        units[name] = (ast.dump(node), inside)
    return units


def graded_names(source):
    """Qualified names of the functions of ``source`` that raise NotImplementedError."""
    names = []
    for name, (dump, _) in python_units(source, "record").items():
        if name != "<module>" and f"id='{STUB_RAISE_NAME}'" in dump:
            names.append(name)
    return names


def compare_python(shipped, recorded, relpath):
    """Problems (list of str) where the shipped text of a student file differs from the record:
    the innermost defs that differ, by name, or the module level."""
    units, expected = python_units(shipped, relpath), python_units(recorded, f"record of {relpath}")
    if units["<module>"] == expected["<module>"]:
        return []
    graded = set(graded_names(recorded))
    differing = sorted(
        name for name in set(units) | set(expected) if units.get(name) != expected.get(name)
    )
    innermost = [
        name
        for name in differing
        if name != "<module>" and not any(o.startswith(name + ".") for o in differing)
    ]
    problems = []
    for name in innermost:
        if name not in expected:
            problems.append(f"{relpath}: {name} is not in the reviewed record (a new function)")
        elif name not in units:
            problems.append(f"{relpath}: {name} is missing")
        elif name in graded:
            problems.append(
                f"{relpath}: graded function {name} is not exactly its reviewed stub "
                "(solution code or markers changed?)"
            )
        else:
            problems.append(f"{relpath}: {name} differs from its reviewed text")
    return problems or [f"{relpath}: module-level code or comments differ from the reviewed text"]


def cell_form(lines):
    """A cell's text as compared with its record: surrounding blank lines and trailing
    spaces left out."""
    return "\n".join(line.rstrip() for line in "".join(lines).strip().splitlines())


def compare_notebook(notebook, recorded, relpath):
    """Problems where the code cells of a shipped notebook differ from the recorded ones."""
    shipped = code_cells(notebook)
    if [cell_form(c) for c in shipped] == [cell_form(c) for c in recorded]:
        return []
    numbers = [
        n for n, c in enumerate(notebook.get("cells", []), 1) if c.get("cell_type") == "code"
    ]
    for index, cell in enumerate(shipped):
        if index >= len(recorded) or cell_form(cell) != cell_form(recorded[index]):
            return [
                f"{relpath} cell {numbers[index]}: code cell is not its reviewed form "
                "(an unmarked solution or instructor cell?)"
            ]
    return [f"{relpath}: {len(recorded) - len(shipped)} reviewed code cell(s) missing"]


# --------------------------------------------------------------------------------------------
# Normal forms and the search for solution text in any disguise
# --------------------------------------------------------------------------------------------


INVISIBLE_CATEGORIES = ("Cf", "Cc", "Mn")  # format, control and combining characters


def without_invisible(text):
    """``text`` without its format, control and combining characters (zero-width spaces,
    direction marks, accents typed separately), which can hide text from a plain search."""
    invisible = [ch for ch in set(text) if unicodedata.category(ch) in INVISIBLE_CATEGORIES]
    return text.translate(dict.fromkeys(map(ord, invisible))) if invisible else text


@functools.lru_cache(maxsize=4096)  # a release searches the same texts many times
def normal_form(text):
    """``text`` lower-cased (NFKC-normalized), without whitespace, quotes, backticks or line
    continuations, so a solution line still matches when re-spaced, re-quoted, split into
    adjacent string literals or over continued lines."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\\\n", "")
    return re.sub(r"[\s'\"`]+", "", without_invisible(text))


MIN_PROSE_LENGTH = 25  # prose (no code signs): "as cheap as possible." proves nothing
GENERIC_CODE = re.compile(  # normal forms of lines any provided code may hold
    r"^(?:for\w+inrange\([\w,+-]*\):?"  # for n in range(N):
    r"|[\w,]+=\w+\.shape(?:\[[\d:,-]*\])?"  # N, C, H, W = x.shape  /  H = x.shape[2]
    r"|\w+=self\.\w+"  # L = self.num_layers
    r"|\w+=\w+\[\w+\]"  # t = config["t"]
    r"|\w+=(?:none|true|false|[\d.e+-]+))$"  # cache = None, learning_rate = 1e-3
)


def line_forms(line):
    """Normal forms under which a solution line can appear: the whole line, its code without a
    trailing comment, and the text of a comment (without ``#``); forms too short or too generic
    to prove a leak (`GENERIC_CODE`, short prose) are left out."""
    line = line.strip()
    forms = {line}
    if "#" in line:
        code, _, comment = line.partition("#")
        forms |= {code, comment}
    found = set()
    for form in forms:
        normal = normal_form(form)
        prose = not re.search(r"[=()\[\]]", normal)
        if len(normal) < (MIN_PROSE_LENGTH if prose else MIN_NORMAL_LENGTH):
            continue
        if re.search("[a-z]", normal) and not GENERIC_CODE.match(normal):
            found.add(normal)
    return found


_B64_RUN = re.compile(
    r"[A-Za-z0-9+/_-]{16,}={0,2}(?:(?:[\s\"'(),+]|\\n)*[A-Za-z0-9+/_-]{4,}={0,2})*"
)
_HEX_RUN = re.compile(r"(?:(?:\\x|0x)?[0-9a-fA-F]{2}[\s,:]*){12,}")


def _decoded_blobs(text):
    """Bytes of every base64 or hex blob of ``text`` (also split over lines or strings)."""
    blobs = []
    for match in _HEX_RUN.finditer(text):
        digits = re.sub(r"\\x|0x|[^0-9a-fA-F]", "", match.group(0))
        try:
            blobs.append(bytes.fromhex(digits[: len(digits) // 2 * 2]))
        except ValueError:
            pass
    for match in _B64_RUN.finditer(text):
        chars = re.sub(r"\\n|[^A-Za-z0-9+/_=-]", "", match.group(0)).rstrip("=")
        for alphabet in (None, b"-_"):
            try:
                padded = chars + "=" * (-len(chars) % 4)
                blobs.append(base64.b64decode(padded, altchars=alphabet, validate=False))
            except (binascii.Error, ValueError):
                pass
    return [blob for blob in blobs if len(blob) >= MIN_NORMAL_LENGTH]


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)


def _decodings(data):
    texts = [data.decode("utf-8", errors="replace")]
    if b"\0" in data:
        for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            texts.append(data.decode(encoding, errors="ignore"))
    return texts


def _unescaped(text):
    """``text`` read as HTML, a URL, a Python string body (``\\u006d``), ROT13 and backwards."""
    yield html.unescape(text)
    yield urllib.parse.unquote(text)
    if "\\" in text:
        with warnings.catch_warnings():  # "invalid escape sequence" of ordinary backslashes
            warnings.simplefilter("ignore")
            decoded = text.encode("latin-1", "backslashreplace").decode("unicode_escape", "ignore")
        yield decoded
    yield codecs.decode(text, "rot13")
    yield text[::-1]


def text_views(data, layers, depth=0):
    """Every text ``data`` may show a reader: each decompressed layer (``layers``, a function
    bytes -> iterable of bytes), decoded, with HTML entities and JSON strings unescaped, and
    recursively the contents of base64 and hex blobs."""
    for layer in layers(data):
        for text in _decodings(layer):
            yield text
            for unescaped in _unescaped(text):
                if unescaped != text:
                    yield unescaped
            try:
                yield "\n".join(_json_strings(json.loads(text)))
            except (ValueError, RecursionError):
                pass
            if depth < 2:
                for blob in _decoded_blobs(text):
                    yield from text_views(blob, layers, depth + 1)


@functools.lru_cache(maxsize=256)
def _normal_views(data, layers):
    """The normal forms of every `text_views` of ``data``, joined by NUL (which no normal form
    holds: `normal_form` drops control characters), so one search finds a form in any view."""
    return "\0".join(sorted({normal_form(text) for text in text_views(data, layers)}))


def normalized_leaks(files, forms_by_line, layers, exempt=None):
    """Solution lines found, in normal form, in any view of any file.

    Parameters
    ----------
    files : mapping relpath -> bytes
    forms_by_line : mapping solution line -> set of normal forms (`line_forms`)
    layers : function bytes -> iterable of bytes (the raw and decompressed layers)
    exempt : mapping relpath -> set of solution lines allowed in that file

    Returns
    -------
    list of str, ``path: solution line '...' (normalized)`` per hit
    """
    exempt = exempt or {}
    leaks = []
    for relpath in sorted(files):
        views = _normal_views(files[relpath], layers)
        allowed = exempt.get(relpath, set())
        hits = {
            line
            for line, forms in forms_by_line.items()
            if line not in allowed and any(form in views for form in forms)
        }
        leaks += [f"{relpath}: solution line {line!r} (normalized)" for line in sorted(hits)]
    return leaks


def significant_forms(solution_lines, legitimate_texts):
    """Normal forms of each solution line that do not also occur in ``legitimate_texts``
    (reviewed stubs: provided code that happens to equal a solution line, e.g.
    ``return out, cache``); lines left with no form are dropped."""
    legitimate = normal_form("\n".join(legitimate_texts))
    result = {}
    for line in solution_lines:
        forms = {form for form in line_forms(line) if form not in legitimate}
        if forms:
            result[line] = forms
    return result


# --------------------------------------------------------------------------------------------
# Paraphrases: a solution line's expression with other names, in shipped Python code
# --------------------------------------------------------------------------------------------

PARAPHRASES = "paraphrases.txt"  # reviewed "<relpath> | <expression>" lines, '#' comments
MIN_PARAPHRASE_OPERATIONS = 4  # fewer (``x.reshape(N, -1)``) are too common to prove anything
_OPERATIONS = (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Call, ast.Subscript)


def _measure(tree):
    """``{id(node): (operations, shape)}`` for every node of ``tree``, built bottom-up in one
    pass: operations counts the operators, calls and subscripts in the node; its shape is its
    `_stable_dump` with every variable renamed ``_`` (attributes, operators and constants
    stay), so ``gamma * (a - m) / np.sqrt(v + eps) + beta`` and the same formula in the
    solution's names have one shape."""
    measured = {}

    def measure(value):
        if isinstance(value, list):
            parts = [measure(item) for item in value]
            return sum(count for count, _ in parts), "[" + ",".join(s for _, s in parts) + "]"
        if not isinstance(value, ast.AST):
            return 0, repr(value)
        if isinstance(value, ast.Name):
            operations, shape = 0, "Name(id='_',ctx=Load())"
        else:
            operations, fields = int(isinstance(value, _OPERATIONS)), []
            for field in value._fields:
                child = getattr(value, field, None)
                if child is None or child == []:
                    continue
                child_operations, child_shape = measure(child)
                operations += child_operations
                fields.append(f"{field}={child_shape}")
            shape = f"{type(value).__name__}({','.join(fields)})"
        measured[id(value)] = operations, shape
        return operations, shape

    measure(tree)
    return measured


def _line_tree(line):
    """The ast of one solution line (a block header such as ``for i in range(H_out):`` gets a
    body), or None when the line is only part of a statement."""
    text = line.strip()
    for candidate in (text, text + " pass", text + "\n    pass"):
        try:
            return ast.parse(candidate)
        except SyntaxError:
            continue
    return None


def solution_shapes(solution_lines):
    """``{shape: solution line}`` of every expression of a solution line with at least
    `MIN_PARAPHRASE_OPERATIONS` operations (operators, calls, subscripts)."""
    shapes = {}
    for line in sorted(solution_lines):
        tree = _line_tree(line)
        if tree is None:
            continue
        measured = _measure(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.expr):
                operations, shape = measured[id(node)]
                if operations >= MIN_PARAPHRASE_OPERATIONS:
                    shapes.setdefault(shape, line.strip())
    return shapes


def paraphrases(source, shapes):
    """``[(expression, solution line, definition)]``: the largest expressions of the Python
    ``source`` that have a solution line's shape (`solution_shapes`), each with the qualified
    name of the definition it is in (``Class.method``; ``<module>`` at the top level, as
    `provided_units` names them); [] if it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found, measured = [], _measure(tree)

    def visit(node, prefix):
        operations, shape = measured.get(id(node), (0, None))  # a variable's ctx is not measured
        if isinstance(node, ast.expr) and operations >= MIN_PARAPHRASE_OPERATIONS:
            line = shapes.get(shape)
            if line is not None:
                found.append((ast.unparse(node), line, ".".join(prefix) or "<module>"))
                return
        for child in ast.iter_child_nodes(node):
            visit(child, prefix + [child.name] if isinstance(child, _DEFINITIONS) else prefix)

    visit(tree, [])
    return found


def _definition_digest(relpath, data, definition):
    """The code digest (`_unit_digest`) of the definition named ``definition`` (as `paraphrases`
    names it) in the shipped file ``relpath`` (each of a notebook's sources), or "missing". An
    exemption's record covers it, so a changed definition is named again (held-out round 11,
    row 24)."""
    digests = []
    for source in _python_sources(relpath, data):
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        if definition == "<module>":
            digests.append(_unit_digest(tree))
            continue
        nodes = [tree]
        for name in definition.split("."):
            nodes = [
                child
                for node in nodes
                for child in ast.walk(node)
                if isinstance(child, _DEFINITIONS) and child.name == name
            ][:1]
        digests += [_unit_digest(node) for node in nodes]
    if not digests:
        return "missing"
    return hashlib.sha256(" ".join(digests).encode("utf-8")).hexdigest()[:32]


_DEFINITION_NAME = re.compile(r"<module>|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def read_paraphrases(master):
    """The reviewed ``(relpath, definition, expression)`` entries that ship although they have
    a solution line's shape (a formula the assignment's docstrings give, such as a conv's
    output size), each for the one definition it was confirmed for (held-out round 11, row 24:
    an exemption for a whole file let a later helper reuse the expression unasked)."""
    path = Path(master) / RECORD_DIRECTORY / PARAPHRASES
    if not path.exists():
        return set()
    allowed = set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        relpath, separator, rest = line.partition(" | ")
        definition, second, expression = rest.partition(" | ")
        if not (separator and second and _DEFINITION_NAME.fullmatch(definition.strip())):
            raise RecordError(
                f"{path}:{number}: expected '<file> | <qualified name> | <expression>' (the "
                "definition the expression is in, as the paraphrase search names it), got "
                f"{line[:120]!r}"
            )
        allowed.add((relpath.strip(), definition.strip(), expression.strip()))
    return allowed


PARAPHRASES_RECORD = f"{RECORD_DIRECTORY}/{PARAPHRASES}"  # its entries in the provided record


def exemption_units(allowed):
    """``{unit: entry}``: each exemption of `read_paraphrases` as a unit of the record of
    provided code (under `PARAPHRASES_RECORD`), named by a digest of its entry ``<file> |
    <qualified name> | <expression>`` (its record digest also covers that definition's code:
    `exemption_digest`). An exemption lets solution-shaped code ship, so a new one is confirmed by
    its entry like new provided code (held-out round 9, row 19: a hurried TA exempted the lines
    of a naive convolution the search had named, and nothing asked about it)."""
    entries = {}
    for relpath, definition, expression in sorted(allowed):
        entry = f"{relpath} | {definition} | {expression}"
        entries["exemption-" + hashlib.sha256(entry.encode("utf-8")).hexdigest()[:16]] = entry
    return entries


def exemption_digest(entry, files):
    """The record digest of the exemption ``entry`` (``<file> | <qualified name> |
    <expression>``): of the entry and of its definition's code in the shipped ``files``, so an
    exemption confirmed for one definition is asked about again when that definition changes
    (held-out round 11, row 24)."""
    relpath, _, rest = entry.partition(" | ")
    definition = rest.partition(" | ")[0]
    data = files.get(relpath)
    code = "missing" if data is None else _definition_digest(relpath, data, definition)
    return hashlib.sha256(f"{entry}\0{code}".encode("utf-8")).hexdigest()[:32]


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)


def _python_sources(relpath, data):
    """The Python code of a shipped file: a ``.py`` file's text, a notebook's code cells (one
    source each, IPython's magic and shell lines left out) and the code of its text cells
    (`_markdown_code`: fenced blocks, held-out round 10 row 15; indented blocks, inline code
    spans and ``<code>``/``<pre>`` elements, round 11 row 14), nothing for other files."""
    text = data.decode("utf-8", errors="replace")
    if relpath.endswith(".py"):
        return [text]
    if not relpath.endswith(".ipynb"):
        return []
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return []
    sources = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "code":
            lines = source.splitlines()
            sources.append(
                "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)
            )
        else:
            sources += _markdown_code(source)
    return sources


_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_HTML_CODE = re.compile(r"<(code|pre)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)


def _markdown_code(text):
    """The code a Markdown text renders as code, each piece as one source: fenced blocks,
    indented blocks (lines indented by four spaces or a tab after a blank line; read inside a
    list item too, where they may be text, which then does not parse and finds nothing; a
    block that does not parse as a whole also line by line), inline code spans and
    ``<code>``/``<pre>`` elements."""
    sources = [textwrap.dedent(match.group(2)) for match in _FENCE.finditer(text)]
    rest = _FENCE.sub("\n", text)
    block, previous_blank = [], True
    blocks = []
    for line in rest.splitlines():
        indented = line.startswith(("    ", "\t")) and line.strip()
        if indented and (block or previous_blank):
            block.append(line)
        elif not line.strip() and block:
            block.append("")
        else:
            if block:
                blocks.append(block)
            block = []
        previous_blank = not line.strip()
    for lines in blocks + ([block] if block else []):
        code = textwrap.dedent("\n".join(lines).expandtabs(4))
        sources.append(code)
        try:
            ast.parse(code)
        except SyntaxError:
            sources += [line.strip() for line in code.splitlines() if line.strip()]
    spans = [match.group(2).strip() for match in _INLINE_CODE.finditer(rest)]
    spans += [html.unescape(match.group(2)) for match in _HTML_CODE.finditer(rest)]
    sources += [textwrap.dedent(span) for span in spans if span.strip()]
    return sources


@functools.lru_cache(maxsize=8)
def _shapes_of(solution_lines):
    return solution_shapes(solution_lines)


@functools.lru_cache(maxsize=1024)  # tests build the same sources again and again
def _paraphrases_of(source, solution_lines):
    """`paraphrases` of ``source`` for the frozenset ``solution_lines``, as a tuple."""
    return tuple(paraphrases(source, _shapes_of(solution_lines)))


def paraphrase_leaks(files, solution_lines, allowed):
    """Shipped Python code (``.py`` files, notebooks' code cells and the code in their text
    cells) holding a solution line's expression under other names, unless reviewed in
    ``allowed`` (`read_paraphrases`) for the definition it is in. Returns one message per
    hit."""
    lines = frozenset(solution_lines)
    leaks = []
    for relpath in sorted(files):
        for source in _python_sources(relpath, files[relpath]):
            for expression, line, definition in _paraphrases_of(source, lines):
                if (relpath, definition, expression) not in allowed:
                    leaks.append(
                        f"{relpath}: {expression!r} (in {definition}) is solution line {line!r} "
                        "with other names"
                    )
    return leaks


# --------------------------------------------------------------------------------------------
# Which recorded text counts as provided code (exempts a solution line from the search)
# --------------------------------------------------------------------------------------------

CONFIRMED_CODE = "ships_code.json"  # {student file: {function: its text}}, from --ships-code


def function_texts(source):
    """``{qualified name: source text}`` of every def (not class) of ``source``; {} if it does
    not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    lines = source.splitlines(keepends=True)
    texts = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + [child.name]
                if not isinstance(child, ast.ClassDef):
                    start = min([child.lineno] + [d.lineno for d in child.decorator_list])
                    texts[".".join(name)] = "".join(lines[start - 1 : child.end_lineno])
                visit(child, name)
            else:
                visit(child, prefix)

    visit(tree, [])
    return texts


def earliest_function_texts(master, relpath):
    """``{name: text}`` of each def of the student file ``relpath`` as the earliest committed
    record that has it shows it, or None when no record of the file was ever committed."""
    versions = committed_versions(
        master, f"{RECORD_DIRECTORY}/stubs/{relpath}.txt", oldest_first=True
    )
    if not versions:
        return None
    earliest = {}
    for version in versions:
        for name, text in function_texts(version).items():
            earliest.setdefault(name, text)
    return earliest


def read_confirmed(master):
    path = Path(master) / RECORD_DIRECTORY / CONFIRMED_CODE
    try:
        confirmed = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    except ValueError as error:
        raise RecordError(f"{path}: not valid JSON ({error})") from error
    return confirmed if isinstance(confirmed, dict) else {}


def write_confirmed(master, confirmed):
    path = Path(master) / RECORD_DIRECTORY / CONFIRMED_CODE
    if confirmed:
        path.write_text(json.dumps(confirmed, indent=1, sort_keys=True) + "\n", "utf-8")
    elif path.is_file():
        path.unlink()


def provided_text(stub, earliest, confirmed):
    """The part of the recorded text ``stub`` of a student ``.py`` file whose solution lines are
    provided code, not leaks.

    Everything outside graded functions counts. A graded function (one that raises
    NotImplementedError) counts only as the earliest committed record had it (``earliest``,
    from `earliest_function_texts`), or as ``--ships-code`` confirmed it (``confirmed``: name ->
    text, used while the function still reads exactly so). So a solution line added by hand
    to a recorded stub is searched for like any other (held-out round 2, row 36), while a line
    such as ``stride, pad = conv_param[...]``, provided in one graded function and a solution
    in another, stays provided where it always was.
    """
    if earliest is None:  # the first record of this file, not yet committed
        return stub
    texts = function_texts(stub)
    graded = [name for name, text in texts.items() if f"raise {STUB_RAISE_NAME}" in text]
    lines = stub.splitlines(keepends=True)
    keep = [True] * len(lines)
    try:
        tree = ast.parse(stub)
    except SyntaxError:
        return stub
    spans = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            spans.setdefault(node.name, []).append((start, node.end_lineno))
    allowed = []
    for name in graded:
        text = texts[name]
        for start, end in spans.get(name.rsplit(".", 1)[-1], []):
            if "".join(lines[start - 1 : end]) == text:
                keep[start - 1 : end] = [False] * (end - start + 1)
        allowed.append(earliest.get(name, ""))
        if confirmed.get(name) == text:
            allowed.append(text)
    kept = "".join(line for line, k in zip(lines, keep) if k)
    return "\n".join([kept, *allowed])


# --------------------------------------------------------------------------------------------
# Provided code: every definition of every shipped provided file is reviewed code
# --------------------------------------------------------------------------------------------

PROVIDED_DIRECTORY = "provided"
WHOLE_FILE = "<file>"  # the unit of a provided file that is not Python (its whole text)


def provided_record_path(master, relpath):
    """Path of the record of the provided (or template) file ``relpath``."""
    return Path(master) / RECORD_DIRECTORY / PROVIDED_DIRECTORY / (relpath + ".txt")


def module_name(relpath):
    """The name under which ``--ships-code`` confirms a unit of the provided file ``relpath``:
    ``cs231n.gradient_check`` for ``cs231n/gradient_check.py`` (and a Cython ``.pyx`` file: its
    module's name); any other file, its path."""
    stem, suffix = relpath.rsplit(".", 1) if "." in relpath else (relpath, "")
    return stem.replace("/", ".") if suffix in ("py", "pyx") else relpath


def confirmation_name(relpath, unit):
    """``cs231n.gradient_check._reference_affine``; a non-Python file: its path."""
    return relpath if unit == WHOLE_FILE else f"{module_name(relpath)}.{unit}"


def _stable_dump(node):
    """An ast dump that reads the same on every Python (3.10 to 3.13): fields that are None or
    empty lists (which newer versions add, e.g. ``type_params``) are left out, positions too."""
    if isinstance(node, ast.AST):
        fields = []
        for field in node._fields:
            value = getattr(node, field, None)
            if value is None or value == []:
                continue
            fields.append(f"{field}={_stable_dump(value)}")
        return f"{type(node).__name__}({','.join(fields)})"
    if isinstance(node, list):
        return "[" + ",".join(_stable_dump(item) for item in node) + "]"
    return repr(node)


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _without_docstring_and_definitions(body):
    """A def, class or module body without its docstring and without nested definitions (each
    is a unit of its own, so adding a function does not change its module's unit)."""
    kept = []
    for index, statement in enumerate(body):
        if (
            index == 0
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            continue
        if not isinstance(statement, _DEFINITIONS):
            kept.append(statement)
    return kept


def _unit_digest(node):
    """sha256 (hex, 32 digits) of the normal form of one unit's code: its ast (header,
    decorators, defaults, code) without docstrings, comments, formatting or nested
    definitions."""
    shell = copy.copy(node)
    shell.body = _without_docstring_and_definitions(node.body)
    return hashlib.sha256(_stable_dump(shell).encode("utf-8")).hexdigest()[:32]


def _text_digest(docstring, comments):
    """sha256 (hex, 32 digits) of one unit's prose: its docstring and its own comments (not
    those of nested definitions), which ship too (held-out round 7: a worked answer written
    into a provided function's docstring shipped unreviewed)."""
    text = (docstring or "") + "\0" + "\n".join(comments)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _comments(text):
    """``[(line number, comment)]`` of the Python ``text`` (which parses)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    return [(token.start[0], token.string) for token in tokens if token.type == tokenize.COMMENT]


def provided_units(data, relpath):
    """``{unit: digest}`` of a shipped provided file (see `_provided_units`)."""
    return dict(_provided_units(data, relpath))


@functools.lru_cache(maxsize=256)  # a build reads each file once; tests build the same files
def _provided_units(data, relpath):
    """``{unit: digest}`` of a shipped provided file: for Python, ``<module>`` (the module-level
    code) and every function, class and method by qualified name, nested ones included, each
    digest being ``"<code digest> <text digest>"`` (code: `_unit_digest`; docstring and
    comments: `_text_digest`); for any other text, one unit `WHOLE_FILE` (an image's: of its bytes).

    Raises
    ------
    RecordError
        If a ``.py`` file does not parse.
    """
    if isinstance(data, bytes) and b"\0" in data:  # an image: its bytes (round 8, row 15)
        return {WHOLE_FILE: hashlib.sha256(data).hexdigest()[:32]}
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    if relpath.endswith(".pyx"):
        return cython_units(text)
    if not relpath.endswith(".py"):
        normal = "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"
        return {WHOLE_FILE: hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]}
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        raise RecordError(f"{relpath}: does not parse ({error})") from error
    code = {"<module>": _unit_digest(tree)}
    docstrings = {"<module>": ast.get_docstring(tree, clean=False)}
    spans = []  # (first line, last line, unit): a comment belongs to the innermost unit

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _DEFINITIONS):
                name = ".".join(prefix + [child.name])
                unique, count = name, 1
                while unique in code:  # the same name defined twice (if/else branches)
                    count += 1
                    unique = f"{name}#{count}"
                code[unique] = _unit_digest(child)
                docstrings[unique] = ast.get_docstring(child, clean=False)
                first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                spans.append((first, child.end_lineno, unique))
                visit(child, prefix + [child.name])
            else:
                visit(child, prefix)

    visit(tree, [])
    comments = {unit: [] for unit in code}
    for line, comment in _comments(text):
        holders = [(first, unit) for first, last, unit in spans if first <= line <= last]
        comments[max(holders)[1] if holders else "<module>"].append(comment)
    return {unit: f"{code[unit]} {_text_digest(docstrings[unit], comments[unit])}" for unit in code}


_CYTHON_DEFINITION = re.compile(r"(?:def|cpdef|cdef)\s[^(]*?(\w+)\s*\(")


_CYTHON_CALLABLE = re.compile(r"\s*(?:(?:def|cpdef)\s[^(]*?(\w+)\s*\(|(?:cdef\s+)?class\s+(\w+))")


def cython_functions(text):
    """Names of what Python can call in the Cython source ``text``: every ``def`` and ``cpdef``
    function and every class (``cdef class`` too), at any indentation (a method, a function
    under a module-level ``if``: held-out round 9, row 12), but not a closure local to a function;
    a ``cdef`` function is called only from the module itself."""
    names, openers = [], []  # openers: (indentation, is a function) of the enclosing blocks
    for line in text.splitlines():
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        while openers and openers[-1][0] >= indent:
            openers.pop()
        callable_match = _CYTHON_CALLABLE.match(line)
        function = bool(_CYTHON_DEFINITION.match(stripped)) or bool(
            callable_match and callable_match[1]
        )
        if callable_match and not any(is_function for _, is_function in openers):
            names.append(callable_match[1] or callable_match[2])  # not a function's closure
        if function or callable_match:
            openers.append((indent, function))
    return names


def cython_units(text):
    """``{unit: digest}`` of a Cython source, which `ast` cannot read: each top-level function
    (its decorators, signature and indented body) by name, the rest as ``<module>``, so a
    change names the function it is in (held-out round 8, row 14: a helper added to the
    ``.pyx`` asked only to confirm "its whole text")."""
    units, current, pending = {"<module>": []}, "<module>", []
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        match = _CYTHON_DEFINITION.match(line)
        if match:
            current = match[1]
            units[current] = pending + [line]
            pending = []
        elif line.startswith("@"):
            pending.append(line)
        elif line[0] in " \t" or line.startswith(")"):
            units[current].append(line)
        else:
            current = "<module>"
            units[current] += pending + [line]
            pending = []
    units["<module>"] += pending
    return {
        unit: hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:32]
        for unit, lines in units.items()
    }


PROVIDED_LINE = re.compile(r"(?P<unit>\S+) (?P<digest>[0-9a-f]{32}(?: [0-9a-f]{32})?)")


def read_provided(master, relpath):
    """The recorded ``{unit: digest}`` of the provided file ``relpath``, or None.

    Raises
    ------
    RecordError
        If a line is not ``<unit> <32 hex digits>`` or names a unit twice: a merge conflict
        left in the record, or a hand edit (held-out round 4), which only ``--record`` may
        replace (it names what changed and asks for a confirmation).
    """
    path = provided_record_path(master, relpath)
    if not path.is_file():
        return None
    units = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        match = PROVIDED_LINE.fullmatch(line)
        if line and (match is None or match["unit"] in units):
            where = path.relative_to(master).as_posix() if path.is_relative_to(master) else path
            what = "names a unit twice" if match else "is not a record line"
            raise RecordError(
                f"{where}:{number}: {line[:80]!r} {what} (a merge conflict or an edit by hand); "
                "restore the file from one side (git checkout --ours or --theirs), then run "
                "python -m instructor.release --record, which names every definition that "
                "differs from it"
            )
        if match:
            units[match["unit"]] = match["digest"]
    return units


def write_provided(master, records):
    """Write ``{relpath: {unit: digest}}``, one file per provided file (one sorted line per
    unit, so branches that change different definitions merge), and remove the records of
    files no longer shipped."""
    directory = Path(master) / RECORD_DIRECTORY / PROVIDED_DIRECTORY
    wanted = {provided_record_path(master, relpath) for relpath in records}
    if directory.is_dir():
        for path in directory.rglob("*.txt"):
            if path not in wanted:
                path.unlink()
    for relpath, units in records.items():
        path = provided_record_path(master, relpath)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{name} {units[name]}\n" for name in sorted(units)), "utf-8")


def provided_ever_recorded(master):
    """Whether any commit of the master holds a record of provided code (before the first one,
    ``--record`` records the provided code as it is, without confirmations)."""
    run = subprocess.run(
        ["git", "-C", str(master), "log", "-1", "--format=%H", "--", _provided_glob()],
        capture_output=True,
        check=False,
    )
    return run.returncode == 0 and bool(run.stdout.strip())


def _provided_glob():
    return f"{RECORD_DIRECTORY}/{PROVIDED_DIRECTORY}"


def unreviewed_units(current, recorded):
    """``[(relpath, unit, state)]`` of the units of ``current`` (``{relpath: {unit: digest}}``)
    that the record ``recorded`` (``{relpath: units or None}``) does not hold with the same
    digest; state is "new file", "new", "changed" (code) or "prose" (docstring or comments).
    Removed units are not listed (removing code cannot leak)."""
    found = []
    for relpath in sorted(current):
        before = recorded.get(relpath)
        for unit, digest in sorted(current[relpath].items()):
            if before is None:
                found.append((relpath, unit, "new file"))
            elif unit not in before:
                found.append((relpath, unit, "new"))
            elif before[unit].split()[0] != digest.split()[0]:
                found.append((relpath, unit, "changed"))
            elif before[unit] != digest:
                found.append((relpath, unit, "prose"))
    return found
