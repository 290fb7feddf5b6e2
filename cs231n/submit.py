"""Write submission.zip: your code, your executed notebooks and your answers, checked first.

    python -m cs231n.submit            # or: make submit

The zip holds exactly the files you edit (the four package files with your code and the four
notebooks, as saved in ``notebooks/``, with their outputs), plus ``answers/<notebook>.html``: each
notebook rendered for reading, so course staff see your written answers, equations and plots,
and ``release.json``, which names the release you started from (so the course's grader can warn
its staff if they grade with another one). Nothing else of your machine goes in.

Before writing it, this tool says plainly what is missing: notebooks not executed (or with cells
that raised an error), functions that still raise NotImplementedError, answers left blank, and
code the grader cannot run: an import of a module of your own (only the files above are
submitted: keep your code in them) and a debugger left in (``breakpoint()``, ``pdb.set_trace()``,
IPython's ``set_trace()`` or ``embed()``).
The zip is written anyway, so you can hand in partial work; fix what it lists first if you can.

It reads only regular files inside this folder (a symlink is refused, wherever it points), caps
each file at the size the course's grader reads, and writes nothing but ``submission.zip`` (an
existing file is replaced only if it is an earlier submission: ``--out`` never overwrites another
zip of yours). The rendered answers are static pages: no scripts, nothing loaded from the network
(equations are converted to MathML here, with latex2mathml), so they read the same offline.
"""

import argparse
import ast
import base64
import binascii
import io
import json
import os
import re
import stat
import sys
import tempfile
import zipfile
from html import escape
from html.parser import HTMLParser
from pathlib import Path

CODE_FILES = (
    "cs231n/classifiers/cnn.py",
    "cs231n/classifiers/fc_net.py",
    "cs231n/layers.py",
    "cs231n/optim.py",
)
NOTEBOOKS = (
    "notebooks/1_FullyConnectedNets.ipynb",
    "notebooks/2_BatchNormalization.ipynb",
    "notebooks/3_Dropout.ipynb",
    "notebooks/4_ConvolutionalNetworks.ipynb",
)
BLANK_ANSWER = "*(write your answer here)*"
# The package's other code files, as the release ships them and the course's grader has them
# (instructor/shipped.py lists them; a test keeps the two the same). A code file importing any
# other module of the package needs a file that is neither in the zip nor in the grader's copy.
PROVIDED_CODE = tuple(
    f"cs231n/{name}"
    for name in """
    __init__.py archives.py checkpoint.py checks.py chunked_rule.py classifiers/__init__.py
    classifiers/go_further.py data_utils.py diagnose.py download.py environment.py
    exception_hints.py fast_layers.py grade.py gradient_check.py grading/__init__.py
    grading/checks_conv.py grading/checks_dropout.py grading/checks_fc.py grading/checks_norm.py
    grading/core.py grading/isolation.py grading/known_statistics.py grading/measure.py
    grading/repair.py grading/vectors.py hints.py im2col.py im2col_cython.pyx layer_utils.py
    notebook_utils.py parallel.py plotting.py run_notebooks.py setup.py solver.py submit.py
    tolerances.py url_download.py vis_utils.py winograd.py
    """.split()
)
ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)
# The sizes the course's grader reads (instructor/grader/sandbox.py): a larger file is left out.
MAX_CODE_BYTES = 2 * 2**20
MAX_NOTEBOOK_BYTES = 50 * 2**20
MAX_ANSWER_BYTES = 80 * 2**20  # a rendered notebook: its images, re-encoded, plus the text
# The release's identity, written by the course's release build (absent from other copies):
# copied into the zip so the course's grader can tell when it grades with another release.
RELEASE_STAMP = "release.json"
STAMP_KEY = "release_sha256"
MAX_STAMP_BYTES = 4096


class SubmitError(Exception):
    """A problem with one file, said in one line."""


# --------------------------------------------------------------------------------------------
# Reading the student's files: regular files inside the folder, size-capped
# --------------------------------------------------------------------------------------------


def read_inside(root, relpath, limit):
    """The bytes of ``root/relpath``; SubmitError if any part of the path is a symlink, the file
    is not a regular file, or it is larger than ``limit``."""
    root = Path(root)
    path = root
    for part in Path(relpath).parts:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            raise SubmitError(f"{relpath}: missing") from None
        except OSError as error:
            raise SubmitError(f"{relpath}: cannot be read ({error.strerror})") from None
        if stat.S_ISLNK(mode):
            raise SubmitError(
                f"{relpath}: {path.relative_to(root).as_posix()} is a symlink; "
                "replace it with the real file (nothing outside this folder is submitted)"
            )
    if not stat.S_ISREG(mode):
        raise SubmitError(f"{relpath}: not a regular file")
    # no symlink at the last step, and never a wait on a FIFO swapped in after the check
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise SubmitError(f"{relpath}: cannot be read ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise SubmitError(f"{relpath}: not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise SubmitError(
            f"{relpath}: larger than {limit // 2**20} MB, the most the course's grader reads; "
            "left out of the zip"
            + (" (clear large outputs and save)" if relpath.endswith(".ipynb") else "")
        )
    return data


# --------------------------------------------------------------------------------------------
# Notebooks: parsed into a known shape, whatever the file holds
# --------------------------------------------------------------------------------------------


def _text(value, what):
    """A notebook text field (a string or a list of strings) as one string."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        return "".join(value)
    raise SubmitError(f"{what} is {type(value).__name__}, not text")


def parse_notebook(data):
    """``{"cells": [...]}`` with every cell a dict of known types, from the bytes of a notebook
    file; SubmitError (one line) for anything that is not a notebook."""
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SubmitError(f"not UTF-8 text (byte {error.start})") from None
    except ValueError as error:
        raise SubmitError(f"not a notebook (invalid JSON: {error})") from None
    except RecursionError:
        raise SubmitError("not a notebook (JSON nested too deeply)") from None
    if not isinstance(notebook, dict):
        raise SubmitError(f"not a notebook (the file holds a JSON {type(notebook).__name__})")
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise SubmitError("not a notebook (no list of cells)")
    parsed = []
    for number, cell in enumerate(cells, 1):
        where = f"cell {number}"
        if not isinstance(cell, dict):
            raise SubmitError(f"{where} is a JSON {type(cell).__name__}, not a cell")
        kind = cell.get("cell_type")
        if kind not in ("code", "markdown", "raw"):
            raise SubmitError(f"{where} has an unknown cell_type {str(kind)[:40]!r}")
        count = cell.get("execution_count")
        if kind == "code" and count is not None and (type(count) is not int):
            raise SubmitError(f"{where}: execution_count is {type(count).__name__}, not a number")
        outputs = cell.get("outputs", []) if kind == "code" else []
        if not isinstance(outputs, list) or not all(isinstance(o, dict) for o in outputs):
            raise SubmitError(f"{where}: outputs are not a list of outputs")
        parsed.append(
            {
                "cell_type": kind,
                "source": _text(cell.get("source"), f"{where}'s source"),
                "execution_count": count if kind == "code" else None,
                "outputs": outputs,
            }
        )
    return {"cells": parsed}


def unfinished_functions(source):
    """Names of the functions (``Class.method`` for methods) whose body raises
    NotImplementedError; ``["<syntax error at line N>"]`` if the file does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as error:  # ValueError: a NUL byte in the source
        return [f"<syntax error at line {getattr(error, 'lineno', '?')}: {error}>"]
    except RecursionError:
        return ["<the file is nested too deeply to parse>"]
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(child):
                    if isinstance(inner, ast.Raise) and inner.exc is not None:
                        target = inner.exc.func if isinstance(inner.exc, ast.Call) else inner.exc
                        if isinstance(target, ast.Name) and target.id == "NotImplementedError":
                            found.append(f"{prefix}{child.name}")
                            break

    visit(tree, "")
    return found


def _module_name(relpath):
    """``cs231n/classifiers/fc_net.py`` -> ``cs231n.classifiers.fc_net`` (a package's
    ``__init__.py`` -> the package)."""
    parts = relpath.rsplit(".", 1)[0].split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _catches_import_errors(node):
    """Whether a ``try`` statement has a handler that catches a failed import."""
    names = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
    for handler in node.handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(kind is None or (isinstance(kind, ast.Name) and kind.id in names) for kind in kinds):
            return True
    return False


def _walk(tree):
    """``(node, function, guarded)`` for every node of ``tree``: the outermost function it is in
    (``Class.method``; None at the top level) and whether it is in the body of a ``try`` that
    catches a failed import."""
    stack = [(tree, "", None, False)]
    while stack:
        node, prefix, function, guarded = stack.pop()
        yield node, function, guarded
        if isinstance(node, ast.ClassDef):
            prefix = f"{prefix}{node.name}."
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = function or f"{prefix}{node.name}"
            prefix = f"{prefix}{node.name}."
        body = node.body if isinstance(node, ast.Try) and _catches_import_errors(node) else []
        for child in ast.iter_child_nodes(node):
            stack.append((child, prefix, function, guarded or any(child is b for b in body)))


def _imported_modules(relpath, node):
    """The package modules an import statement of the code file ``relpath`` names: ``(module,
    names)``, where ``names`` are the names a ``from`` import takes from it (each may be a
    submodule); nothing for an import from outside the package."""
    if isinstance(node, ast.Import):
        return [(alias.name, ()) for alias in node.names if alias.name.split(".")[0] == "cs231n"]
    if node.level:  # relative: from the package the file is in, or one above it per extra dot
        package = relpath.split("/")[:-1]
        if node.level > len(package):
            return []
        base = package[: len(package) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    elif node.module and node.module.split(".")[0] == "cs231n":
        module = node.module
    else:
        return []
    return [(module, tuple(alias.name for alias in node.names if alias.name != "*"))]


def missing_modules(root, relpath, tree):
    """``(line, module, function)`` for each import in the code file ``relpath`` (``tree``, its
    parsed source) of a module of the package that the zip does not carry and the course's
    grader does not have (a module of the student's own: held-out round 10, row 23), by an
    import statement or by ``importlib.import_module``/``__import__`` with a constant name
    (round 11, row 2). An import guarded by a ``try`` that catches ImportError is left alone."""
    known = {_module_name(path) for path in (*PROVIDED_CODE, *CODE_FILES)}
    packages = {_module_name(path) for path in PROVIDED_CODE if path.endswith("/__init__.py")}
    found, seen, bound = [], set(), _bindings(tree)
    for node, function, guarded in _walk(tree):
        if guarded:
            continue
        if isinstance(node, ast.Call):  # importlib.import_module("cs231n.x"): round 11 row 2
            module = _imported_by_call(node, bound, whole=True)
            imports = [(module, ())] if module and module.split(".")[0] == "cs231n" else []
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            imports = _imported_modules(relpath, node)
        else:
            continue
        for module, names in imports:
            wanted = [module] if module not in known else []
            if module in packages:  # ``from cs231n import my_helpers``: a file of the student's
                folder = Path(root, *module.split("."))
                for name in names:
                    if f"{module}.{name}" not in known and any(
                        os.path.lexists(folder / candidate)
                        for candidate in (f"{name}.py", name, f"{name}.pyx")
                    ):
                        wanted.append(f"{module}.{name}")
            for name in wanted:
                if name not in seen:
                    seen.add(name)
                    found.append((node.lineno, name, function))
    return sorted(found)


# Modules whose import is a debugging leftover, and the calls that wait at a terminal, by their
# full names (held-out round 10 row 34; round 11 row 1: IPython's debugger, what Jupyter users
# are told to use, ``IPython.embed`` and ``code.interact``). ``X.Pdb().set_trace`` is ``X.Pdb()``.
DEBUGGER_MODULES = {
    "pdb",
    "ipdb",
    "pudb",
    "IPython.core.debugger",
    "IPython.terminal.debugger",
    "IPython.terminal.embed",
}
DEBUGGER_ENTRIES = {"set_trace", "post_mortem", "pm", "run", "runcall", "runeval"}
DEBUGGER_CLASSES = {
    "pdb.Pdb",
    "ipdb.Pdb",
    "IPython.core.debugger.Pdb",
    "IPython.terminal.debugger.Pdb",
    "IPython.terminal.debugger.TerminalPdb",
}
STOPPING_CALLS = {
    *(f"{module}.{entry}" for module in ("pdb", "ipdb", "pudb") for entry in DEBUGGER_ENTRIES),
    *(f"{cls}().{entry}" for cls in DEBUGGER_CLASSES for entry in DEBUGGER_ENTRIES),
    "IPython.core.debugger.set_trace",
    "IPython.terminal.debugger.set_trace",
    "IPython.embed",
    "IPython.embed_kernel",
    "IPython.start_ipython",
    "IPython.terminal.embed.embed",
    "code.interact",
    "breakpoint",
    "input",
}
IMPORTERS = {"importlib.import_module", "__import__"}
BUILTIN_CALLS = {"breakpoint", "input", "__import__"}


def _bindings(tree):
    """``{name: full name}`` for the names the imports of a parsed file bind, wherever they are
    (``import IPython.core.debugger as d`` -> ``d``: ``IPython.core.debugger``)."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    bound[top] = top
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            for alias in node.names:
                if alias.name != "*":
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def _imported_by_call(node, bound, whole=False):
    """The module named by ``importlib.import_module("name")`` or ``__import__("name")`` with a
    constant string, or None: the module imported (``whole``) or the one the call returns
    (``__import__`` gives the top package)."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return None
    name = node.args[0].value
    function = _full_name(node.func, bound)
    if function not in IMPORTERS or not isinstance(name, str) or not name:
        return None
    if function == "__import__":
        return None if name.startswith(".") else name if whole else name.split(".")[0]
    if name.startswith("."):  # import_module(".x", "cs231n"): relative to a constant package
        package = node.args[1] if len(node.args) > 1 else None
        if not (isinstance(package, ast.Constant) and isinstance(package.value, str)):
            return None
        dots = len(name) - len(name.lstrip("."))
        base = package.value.split(".")
        if dots > len(base):
            return None
        base = base[: len(base) - dots + 1]
        return ".".join(base + [name.lstrip(".")]) if name.lstrip(".") else ".".join(base)
    return name


def _full_name(node, bound):
    """The full dotted name of a called expression (``dbg.set_trace`` -> ``ipdb.set_trace``;
    ``Pdb().set_trace`` -> ``pdb.Pdb().set_trace``), or None."""
    if isinstance(node, ast.Name):  # a name no import binds: only the builtins meant
        return bound.get(node.id, node.id if node.id in BUILTIN_CALLS else None)
    if isinstance(node, ast.Attribute):
        value = _full_name(node.value, bound)
        return f"{value}.{node.attr}" if value else None
    if isinstance(node, ast.Call):
        module = _imported_by_call(node, bound)
        if module:
            return module
        function = _full_name(node.func, bound)
        return f"{function}()" if function in DEBUGGER_CLASSES else None
    return None


def debugger_leftovers(tree):
    """``(line, what, function, stops)`` for each debugging leftover of a parsed code file:
    calls that wait at a terminal (``breakpoint()``, ``pdb.set_trace()``, IPython's
    ``set_trace()`` and ``embed()``, ``code.interact()`` and the like, ``input()``; ``stops``
    true) and imports of a debugger (held-out round 10, row 34; round 11, row 1)."""
    bound, found = _bindings(tree), []
    for node, function, _ in _walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in DEBUGGER_MODULES:
                    found.append((node.lineno, f"import {alias.name}", function, False))
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            taken = [
                alias.name
                for alias in node.names
                if node.module in DEBUGGER_MODULES
                or f"{node.module}.{alias.name}" in STOPPING_CALLS | DEBUGGER_CLASSES
                or f"{node.module}.{alias.name}" in DEBUGGER_MODULES
            ]
            if taken:
                names = ", ".join(alias.name for alias in node.names)
                found.append((node.lineno, f"from {node.module} import {names}", function, False))
        elif isinstance(node, ast.Call) and _full_name(node.func, bound) in STOPPING_CALLS:
            try:
                what = ast.unparse(node.func)
            except Exception:  # an odd tree: the plain words
                what = "a debugger call"
            found.append((node.lineno, f"{what[:60]}()", function, True))
    return sorted(found, key=lambda item: (item[0], not item[3]))


def code_problems(root, relpath, source):
    """Plain sentences about a code file that costs points in the grader although its functions
    are written: an import of a module the zip does not carry, a debugger left in."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):  # said by unfinished_functions
        return []
    try:
        missing, leftovers = missing_modules(root, relpath, tree), debugger_leftovers(tree)
    except RecursionError:  # a name nested thousands deep: not read, the zip is written anyway
        return []
    problems = []
    for line, module, function in missing:
        fails = f"{function} fails" if function else f"{relpath} fails to import"
        problems.append(
            f"{relpath}:{line}: imports {module}, which is not submitted: the zip carries only the "
            "four code files and the notebooks, and the grader has only those and the "
            f"assignment's own code, so there {fails} with ModuleNotFoundError and scores 0; "
            f"move that code into {relpath}"
        )
    stops = [item for item in leftovers if item[3]]
    if stops:
        line, what, function, _ = stops[0]
        where = f"in {function}" if function else "at the top level"
        fails = f"{function} fails" if function else f"{relpath} fails to import"
        lines_stopping = {item[0] for item in stops}
        others = [
            f"line {item[0]}: {item[1]}"
            for item in leftovers
            if item is not stops[0] and (item[3] or item[0] not in lines_stopping)
        ]
        if len(others) > 6:
            others[5:] = [f"{len(others) - 5} more"]
        problems.append(
            f"{relpath}:{line}: {what} {where} waits for you at a terminal; the grader has none, "
            f"so {fails} there and scores 0 with every check that uses it: remove it"
            + (f" (also {', '.join(others)})" if others else "")
        )
    elif leftovers:
        line, what = leftovers[0][:2]
        problems.append(f"{relpath}:{line}: {what}, a debugging leftover: remove it")
    return problems


def notebook_problems(name, notebook):
    """Plain sentences: cells not executed, cells with errors, blank answers."""
    problems = []
    cells = notebook.get("cells", [])
    code = [(i, c) for i, c in enumerate(cells, 1) if c.get("cell_type") == "code"]
    code = [(i, c) for i, c in code if "".join(c.get("source", "")).strip()]
    unexecuted = [i for i, c in code if c.get("execution_count") is None]
    if code and len(unexecuted) == len(code):
        problems.append(f"{name}: not executed (no code cell has run; run all cells and save)")
    elif unexecuted:
        listed = ", ".join(map(str, unexecuted[:8])) + (" ..." if len(unexecuted) > 8 else "")
        problems.append(f"{name}: {len(unexecuted)} code cell(s) not executed (cells {listed})")
    for index, cell in code:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(
                    f"{name}: cell {index} stopped with {str(output.get('ename'))[:80]}: "
                    f"{str(output.get('evalue'))[:120]}"
                )
    for index, cell in enumerate(cells, 1):
        text = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and BLANK_ANSWER in text:
            title = next((line for line in text.splitlines() if line.strip()), "")
            title = title.strip("#* ").replace("**", "")[:60]
            problems.append(f"{name}: answer in cell {index} is blank ({title})")
    return problems


# --------------------------------------------------------------------------------------------
# Rendering: a static page (no script, nothing from the network), equations as MathML
# --------------------------------------------------------------------------------------------

# Tags kept (with the attributes below); every other tag is dropped, its text kept, except the
# tags whose content is dropped too.
HTML_TAGS = set(
    "a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption "
    "figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strike strong "
    "sub summary sup table tbody td tfoot th thead tr tt u ul var".split()
)
MATHML_TAGS = set(
    "math maction menclose merror mfenced mfrac mi mmultiscripts mn mo mover mpadded mphantom "
    "mprescripts mroot mrow ms mspace msqrt mstyle msub msubsup msup mtable mtd mtext mtr munder "
    "munderover none semantics annotation".split()
)
DROPPED_WITH_CONTENT = set(
    "script style iframe frame frameset object embed applet template noscript noembed svg "
    "title head textarea select option xmp plaintext noframes canvas audio video".split()
)
VOID_TAGS = {"br", "hr", "img", "col"}
HTML_ATTRIBUTES = {"class", "title", "alt", "colspan", "rowspan", "align", "width", "height"}
MATHML_ATTRIBUTES = set(
    "display mathvariant stretchy fence separator separators lspace rspace columnalign "
    "rowalign columnspacing rowspacing columnlines rowlines frame width height depth "
    "linethickness accent accentunder movablelimits minsize maxsize symmetric form notation "
    "scriptlevel displaystyle open close linebreak largeop xmlns encoding".split()
)
SAFE_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]*$")
SAFE_LINK = re.compile(r"^(#|https?://|mailto:)", re.IGNORECASE)


class _Sanitizer(HTMLParser):
    """Re-serialises HTML keeping only an allow-list of passive tags and attributes, each
    element it writes closed by the end of the text (``close_all``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skipping = []  # (tag, (line, column)) of each content-dropping element still open
        self.skipping_count = {}
        self.open, self.open_count = [], {}  # the elements written and not closed, innermost last

    def _attributes(self, tag, attrs):
        kept = []
        allowed = MATHML_ATTRIBUTES if tag in MATHML_TAGS else HTML_ATTRIBUTES
        for name, value in attrs:
            value = value or ""
            if name == "href" and tag == "a" and SAFE_LINK.match(value.strip()):
                kept.append((name, value.strip()))
            elif name == "src" and tag == "img" and SAFE_IMAGE.match(value.strip()):
                kept.append((name, value.strip()))
            elif name in allowed and not value.strip().lower().startswith(("javascript", "data")):
                kept.append((name, value))
        return "".join(f' {name}="{escape(value, quote=True)}"' for name, value in kept)

    def handle_starttag(self, tag, attrs):
        if self.skipping or tag in DROPPED_WITH_CONTENT:
            if tag in DROPPED_WITH_CONTENT and tag not in VOID_TAGS:
                self.skipping.append((tag, self.getpos()))
                self.skipping_count[tag] = self.skipping_count.get(tag, 0) + 1
            return
        if tag in HTML_TAGS or tag in MATHML_TAGS:
            self.out.append(f"<{tag}{self._attributes(tag, attrs)}>")
            if tag not in VOID_TAGS:
                self.open.append(tag)
                self.open_count[tag] = self.open_count.get(tag, 0) + 1

    def handle_startendtag(self, tag, attrs):
        if self.skipping or tag in DROPPED_WITH_CONTENT:
            return
        if tag in VOID_TAGS:
            self.out.append(f"<{tag}{self._attributes(tag, attrs)}>")
        elif tag in HTML_TAGS or tag in MATHML_TAGS:
            self.out.append(f"<{tag}{self._attributes(tag, attrs)}></{tag}>")

    def handle_endtag(self, tag):
        if self.skipping:
            if self.skipping_count.get(tag):  # closes what it holds too (``<select><option>``)
                while True:
                    last = self.skipping.pop()[0]
                    self.skipping_count[last] -= 1
                    if last == tag:
                        break
            return
        if self.open_count.get(tag):  # closes it and what is open inside it; else nothing
            while self._close_last() != tag:
                pass

    def _close_last(self):
        tag = self.open.pop()
        self.open_count[tag] -= 1
        self.out.append(f"</{tag}>")
        return tag

    def close_all(self):
        """End tags for every element still open: nothing a part leaves open reaches the next
        one (an unclosed ``<a href>`` made every later cell a link: held-out round 9)."""
        while self.open:
            self._close_last()

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(escape(data, quote=False))


# ``<![`` opens a marked section only before one of these words; before anything else Python's
# html.parser raises (3.11: AssertionError on ``x <![ y``, held-out round 8), so it is text.
_NOT_MARKED_SECTION = re.compile(
    r"<!\[(?!(?:cdata|temp|ignore|include|rcdata|if|else|endif)(?![-_.a-z0-9]))",
    re.IGNORECASE | re.ASCII,
)


def _offset(text, position):
    """The index in ``text`` of html.parser's ``(line, column)`` (lines counted from 1)."""
    line, column = position
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column


# An element whose content is dropped (``<title>``, ``<select>`` ...) but never closed in its
# part is shown as typed, its content kept: ``the plot's <title> is set by plt.title`` is prose.
# Each costs one more pass over the part, so only the first is (a second drops the rest of its
# part): a 4.8 MB output took 7.8 s, 21 s with four unclosed ``<title>`` and three passes more.
MAX_UNCLOSED_RETRIES = 1


def sanitize_html(text):
    """``text`` with only passive HTML and MathML left: no script, no event handler, no style,
    no link that loads anything (images only as inline ``data:`` URLs). Every element it opens
    is closed at the end, so sanitise each part of a page (a cell, an output) on its own."""
    text = _NOT_MARKED_SECTION.sub("&lt;![", text)
    for retry in range(MAX_UNCLOSED_RETRIES + 1):
        sanitizer = _Sanitizer()
        try:
            sanitizer.feed(text)
            sanitizer.close()
        except Exception:  # the parser gave up on malformed HTML: the rest of the text as text
            start = _offset(text, sanitizer.getpos())  # where it stopped
            sanitizer.out.append(escape(text[start:], quote=False))
            break
        if not sanitizer.skipping or retry == MAX_UNCLOSED_RETRIES:
            break
        start = _offset(text, sanitizer.skipping[0][1])  # the outermost unclosed one: as text
        text = f"{text[:start]}&lt;{text[start + 1 :]}"
    sanitizer.close_all()
    return "".join(sanitizer.out)


# Inline math runs to the next unescaped ``$``: ``[^$]*`` then one character that is not a
# backslash, so a lone ``$`` (a price in a long output) costs one scan to the next ``$``, not
# every split of the text after it (held-out round 6: 330 kB after one ``$`` took minutes).
_MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$|(?<![\\$])\$(?P<inline>[^$]*[^$\\])\$", re.DOTALL
)
# ``\[ ... \]`` and ``\( ... \)``, fenced code and inline code are found by the scanners below,
# which look for each opener's closer from a position that only moves forward: a lazy pattern
# rescans to the end of the text from every unclosed opener (held-out round 7: a log of 20,000
# unclosed fences, ``\(`` or ``\[`` took minutes).
_MATH_OPEN = re.compile(r"(?<!\\)\$\$|\\\[|\\\(|(?<![\\$])\$")
_CODE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})|`", re.MULTILINE)
_INLINE_CODE = re.compile(r"(`+)[^`]*?\1", re.DOTALL)


class _NextCloser:
    """Where a closer (a string, or a compiled pattern) next occurs at or after a position,
    for positions asked in increasing order: each part of the text is searched once."""

    def __init__(self, text, closer):
        self.text, self.closer = text, closer
        self.start, self.found = None, None  # searched from start; found: (begin, end) or None

    def at_or_after(self, position):
        if self.start is None:
            pass  # not searched yet
        elif self.found is None and self.start <= position:
            return None  # searched from before here to the end: none
        elif self.found is not None and self.start <= position <= self.found[0]:
            return self.found
        self.start = position
        if isinstance(self.closer, str):
            begin = self.text.find(self.closer, position)
            self.found = None if begin < 0 else (begin, begin + len(self.closer))
        else:
            match = self.closer.search(self.text, position)
            self.found = None if match is None else match.span()
        return self.found


def _code_spans(text):
    """``(start, end)`` of each fenced code block (an opening fence to the next line holding
    the same fence; an unclosed fence runs to the end of the text) and each inline code span
    of ``text``."""
    spans, closers, position = [], {}, 0
    while True:
        opener = _CODE_OPEN.search(text, position)
        if opener is None:
            return spans
        start, end = opener.start(), None
        if opener.group(2):
            line_end = text.find("\n", opener.end())
            fence = opener.group(2)
            for length in range(len(fence), 2, -1) if line_end >= 0 else ():
                close = fence[:length]
                if close not in closers:
                    pattern = re.compile(r"^ {0,3}" + re.escape(close) + r"[ \t]*$", re.MULTILINE)
                    closers[close] = _NextCloser(text, pattern)
                found = closers[close].at_or_after(line_end + 1)
                if found is not None:
                    end = found[1]
                    break
            else:  # unclosed: code to the end of the text, as CommonMark (and mistune) reads it
                info = text[opener.end() : line_end if line_end >= 0 else len(text)]
                end = len(text) if fence[0] == "~" or "`" not in info else None
        if end is None:
            inline = _INLINE_CODE.match(text, start) if text[start] == "`" else None
            end = inline.end() if inline else None
        if end is None:
            position = start + 1
        else:
            spans.append((start, end))
            position = end


def _math_spans(text):
    """``(start, end, tex, display)`` of each equation of ``text``: ``$$ ... $$``,
    ``\\[ ... \\]``, ``\\( ... \\)`` and ``$ ... $``."""
    spans, position = [], 0
    closers = {"[": _NextCloser(text, "\\]"), "(": _NextCloser(text, "\\)")}
    while True:
        opener = _MATH_OPEN.search(text, position)
        if opener is None:
            return spans
        start = opener.start()
        if text[start] == "\\":
            found = closers[text[start + 1]].at_or_after(start + 3)  # at least one character
            if found is not None:
                spans.append((start, found[1], text[start + 2 : found[0]], text[start + 1] == "["))
                position = found[1]
                continue
        else:
            match = _MATH.match(text, start)
            if match is not None:
                inline = match.group("inline")
                if inline is None or "\n" not in inline or inline.strip():
                    # two ``$`` lines apart with only blanks between: no equation
                    tex = match.group("display") if inline is None else inline
                    spans.append((start, match.end(), tex, inline is None))
                    position = match.end()
                    continue
                position = match.end()  # left as it is, like a substitution returning it
                continue
        position = start + 1


def _substitute(text, spans, replace):
    """``text`` with each of the ordered, disjoint ``spans`` replaced by ``replace(span)``."""
    parts, position = [], 0
    for span in spans:
        parts += [text[position : span[0]], replace(span)]
        position = span[1]
    return "".join(parts + [text[position:]])


_ALIGNED = re.compile(r"\\begin\{(aligned|align\*?|split|gathered)\}(.*?)\\end\{\1\}", re.DOTALL)


_CHARACTER_REFERENCE = re.compile(r"&amp;(#x[0-9A-Fa-f]+;)")


def _mathml_inner(tex):
    """MathML of ``tex`` without its ``<math>`` wrapper. Not latex2mathml's ``convert``, which
    un-escapes the XML it serialises: the text of ``\\text{s_j<s_y}`` came out as a tag (held-out
    round 9); latex2mathml writes some characters as references (``&#x000A0;``): kept."""
    from xml.etree.ElementTree import tostring

    from latex2mathml.converter import convert_to_element

    xml = _CHARACTER_REFERENCE.sub(r"&\1", tostring(convert_to_element(tex), encoding="unicode"))
    return re.sub(r"^<math[^>]*>|</math>$", "", xml.strip())


def latex_to_mathml(tex, display):
    """``<math>`` for a LaTeX formula (``aligned`` environments as a table, which latex2mathml
    does not lay out); the LaTeX itself as code when latex2mathml is missing or fails."""
    try:
        aligned = _ALIGNED.fullmatch(tex.strip())
        if aligned:
            rows = []
            for row in re.split(r"\\\\", aligned.group(2)):
                if row.strip():
                    cells = "".join(
                        f'<mtd columnalign="{"left" if i % 2 else "right"}">'
                        f"{_mathml_inner(cell) if cell.strip() else ''}</mtd>"
                        for i, cell in enumerate(row.split("&"))
                    )
                    rows.append(f"<mtr>{cells}</mtr>")
            body = f"<mtable>{''.join(rows)}</mtable>"
        else:
            body = _mathml_inner(tex)
        return f'<math display="{"block" if display else "inline"}">{body}</math>'
    except Exception:  # latex2mathml missing, or a formula it cannot read
        return f'<code class="tex">{escape(tex)}</code>'


# Past this many equations in one cell or output, the rest are left as their text: each is one
# latex2mathml call (a price log, ``$3 ... $4`` on every line, holds thousands).
MAX_EQUATIONS = 2000
# And past this many equations, or characters of LaTeX, in one notebook (its cells and outputs
# together): a latex2mathml call costs 0.05 ms plus 5 to 30 us per character, so a loop that
# displayed a 30 x 30 matrix per step (2,000 outputs, a 17 MB notebook) took minutes (held-out
# round 9). The course notebooks hold at most 76 equations and 2,400 characters of LaTeX each.
MAX_PAGE_EQUATIONS = 5_000
MAX_PAGE_LATEX = 250_000


class EquationBudget:
    """The equations of a page that may still be converted to MathML, shared by all its cells
    and outputs, so spreading them over many gains nothing (``collect`` gives each of the four
    notebooks its own). An equation past it is shown as written and counted in ``left`` (its
    characters in ``left_latex``)."""

    def __init__(self, equations=None, latex=None):
        self.equations = MAX_PAGE_EQUATIONS if equations is None else equations
        self.latex = MAX_PAGE_LATEX if latex is None else latex
        self.left, self.left_latex = 0, 0

    def spend(self, tex):
        """True if ``tex`` may be converted (and it is counted), False if it is left as written."""
        if self.equations > 0 and len(tex) <= self.latex:
            self.equations -= 1
            self.latex -= len(tex)
            return True
        self.leave(tex)
        return False

    def leave(self, tex):
        """Count ``tex`` as left as written."""
        self.left += 1
        self.left_latex += len(tex)


_PLACEHOLDER = re.compile(r"CS231N(?:CODE|MATH)\d+X")


def _put_back(text, store):
    """``text`` with each placeholder of ``store`` replaced by its value, in one pass over the
    text (one ``replace`` per placeholder was quadratic: held-out round 8)."""
    return _PLACEHOLDER.sub(lambda match: store.get(match.group(), match.group()), text)


_MARKDOWN = None


def _markdown_parser():
    """mistune's parser, made once (making one costs as much as rendering a short output)."""
    global _MARKDOWN
    if _MARKDOWN is None:
        import mistune

        _MARKDOWN = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
    return _MARKDOWN


def markdown_to_html(source, budget=None):
    """A markdown cell as HTML: equations as MathML (never inside code; past MAX_EQUATIONS in
    this text or past ``budget``, an EquationBudget, as written), everything else through mistune
    (nbconvert's markdown library) when installed."""
    budget = EquationBudget() if budget is None else budget
    code, math = {}, {}

    def keep(store, prefix, value):
        key = f"CS231N{prefix}{len(store)}X"
        store[key] = value
        return key

    coded = _substitute(
        source, _code_spans(source), lambda span: keep(code, "CODE", source[span[0] : span[1]])
    )

    def equation(span):  # MathML, or past MAX_EQUATIONS or the budget the equation as written
        tex = span[2].strip()
        if len(math) >= MAX_EQUATIONS:
            budget.leave(tex)
        elif budget.spend(tex):
            return latex_to_mathml(tex, span[3])
        return escape(_put_back(coded[span[0] : span[1]], code), quote=False)

    text = _substitute(coded, _math_spans(coded), lambda span: keep(math, "MATH", equation(span)))
    text = _put_back(text, code)
    try:
        html = _markdown_parser()(text)
    except Exception:  # no mistune: the text as it is, with its line breaks
        html = f'<p class="plain">{escape(text, quote=False)}</p>'
    return _put_back(html, math)


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _image(mime, payload):
    payload = _text(payload, "an image").strip()
    if mime == "image/svg+xml":
        payload = base64.b64encode(payload.encode("utf-8")).decode("ascii")
    else:
        try:
            base64.b64decode(payload.replace("\n", ""), validate=True)
        except (binascii.Error, ValueError):
            return "<p><em>(an image that could not be decoded)</em></p>"
    return f'<img alt="figure" src="data:{mime};base64,{payload.replace(chr(10), "")}">'


def render_output(output, budget=None):
    kind = output.get("output_type")
    if kind == "stream":
        text = _ANSI.sub("", _text(output.get("text"), "a stream output"))
        css = "stderr" if output.get("name") == "stderr" else "stream"
        return f'<pre class="{css}">{escape(text, quote=False)}</pre>'
    if kind == "error":
        traceback = output.get("traceback")
        if isinstance(traceback, list) and all(isinstance(line, str) for line in traceback):
            text = "\n".join(traceback)
        else:
            text = f"{output.get('ename')}: {output.get('evalue')}"
        return f'<pre class="error">{escape(_ANSI.sub("", str(text)), quote=False)}</pre>'
    data = output.get("data")
    if not isinstance(data, dict):
        return ""
    for mime in ("image/png", "image/jpeg", "image/svg+xml"):
        if mime in data:
            return _image(mime, data[mime])
    if "text/html" in data:
        return f'<div class="html">{_text(data["text/html"], "an HTML output")}</div>'
    if "text/markdown" in data:
        return markdown_to_html(_text(data["text/markdown"], "a markdown output"), budget)
    if "text/latex" in data:
        return markdown_to_html(_text(data["text/latex"], "a LaTeX output"), budget)
    if "text/plain" in data:
        return f"<pre>{escape(_text(data['text/plain'], 'a text output'), quote=False)}</pre>"
    return ""


PAGE_STYLE = """
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #222; }
pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; white-space: pre-wrap; }
pre.source { background: #eef2f7; border-left: 3px solid #8aa; }
pre.stderr { background: #fdecea; }
pre.error { background: #fdecea; color: #900; }
.prompt { color: #888; font-family: monospace; font-size: 0.85em; }
img { max-width: 100%; }
.plain { white-space: pre-wrap; }
math[display="block"] { margin: 0.6em 0; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.2em 0.5em; }
"""
# What the browser may do with the page: nothing but show it (no script, no fetch).
CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def render_html(name, notebook, budget=None):
    """The notebook as one static HTML page for reading (``notebook`` from parse_notebook; its
    equations converted within ``budget``, an EquationBudget, a new one if None)."""
    budget = EquationBudget() if budget is None else budget
    left, left_latex = budget.left, budget.left_latex
    parts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            parts.append(f'<div class="markdown">{markdown_to_html(cell["source"], budget)}</div>')
        elif cell["cell_type"] == "raw":
            parts.append(f"<pre>{escape(cell['source'], quote=False)}</pre>")
        else:
            count = cell["execution_count"]
            prompt = f"[{count if count is not None else ' '}]:"
            parts.append(f'<div class="prompt">{prompt}</div>')
            parts.append(f'<pre class="source">{escape(cell["source"], quote=False)}</pre>')
            for output in cell["outputs"]:
                parts.append(render_output(output, budget))
    if budget.left > left:
        note = equations_left_note(budget.left - left, budget.left_latex - left_latex)
        parts.insert(0, f'<p class="note"><em>{escape(note)}.</em></p>')
    # each part on its own: an unclosed tag of one cell never reaches the next (held-out round 9)
    body = "\n".join(sanitize_html(part) for part in parts)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        f"<title>{escape(name)}</title><style>{PAGE_STYLE}</style></head>\n"
        f'<body>\n<h1 class="notebook-name">{escape(name)}</h1>\n{body}\n</body></html>\n'
    )


def equations_left_note(count, latex):
    """Why ``count`` equations (``latex`` characters) are shown as written LaTeX."""
    return (
        f"{count:,} equation(s) ({latex:,} characters of LaTeX) shown as written, not rendered: "
        f"make submit renders at most {MAX_PAGE_EQUATIONS:,} equations and {MAX_PAGE_LATEX:,} "
        f"characters of LaTeX in one notebook, {MAX_EQUATIONS:,} in one cell or output"
    )


# --------------------------------------------------------------------------------------------
# The zip
# --------------------------------------------------------------------------------------------


def collect(root):
    """``(files, problems)``: the zip's content ``{path: bytes}`` and what is missing."""
    root = Path(root)
    files, problems = {}, []
    for relpath in CODE_FILES:
        try:
            data = read_inside(root, relpath, MAX_CODE_BYTES)
        except SubmitError as error:
            problems.append(str(error))
            continue
        files[relpath] = data
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in data:
            problems.append(f"{relpath}: saved as UTF-16 (NUL bytes): save it as UTF-8")
            continue
        # utf-8-sig: an editor's "UTF-8 with BOM" is read as Python reads it
        source = data.decode("utf-8-sig", errors="replace")
        unfinished = unfinished_functions(source)
        if unfinished:
            problems.append(f"{relpath}: still raise NotImplementedError: {', '.join(unfinished)}")
        problems += code_problems(root, relpath, source)
    for relpath in NOTEBOOKS:
        try:
            data = read_inside(root, relpath, MAX_NOTEBOOK_BYTES)
        except SubmitError as error:
            problems.append(str(error))
            continue
        files[relpath] = data  # the student's file as it is, even when it cannot be read
        try:
            notebook = parse_notebook(data)
            problems += notebook_problems(relpath, notebook)
            stem = Path(relpath).stem
            budget = EquationBudget()
            # backslashreplace: a lone surrogate (valid JSON, not UTF-8) shown as \udc80
            page = render_html(stem, notebook, budget).encode("utf-8", errors="backslashreplace")
        except SubmitError as error:
            problems.append(f"{relpath}: {error}; no answers/ page for it")
            continue
        except RecursionError:
            problems.append(f"{relpath}: nested too deeply to render; no answers/ page for it")
            continue
        except Exception as error:  # anything else failing in this one page: the rest is zipped
            problems.append(
                f"{relpath}: could not render the answers page ({type(error).__name__}); "
                "no answers/ page for it"
            )
            continue
        if budget.left:
            note = equations_left_note(budget.left, budget.left_latex)
            problems.append(
                f"{relpath}: on its answers page, {note} (to have them rendered, clear the "
                "outputs that display equations in a loop)"
            )
        if len(page) > MAX_ANSWER_BYTES:
            problems.append(
                f"answers/{stem}.html: larger than {MAX_ANSWER_BYTES // 2**20} MB; left out"
            )
            continue
        files[f"answers/{stem}.html"] = page
    stamp, problem = release_stamp(root)
    if stamp is not None:
        files[RELEASE_STAMP] = stamp
    problems += [problem] if problem else []
    return files, problems


def release_stamp(root):
    """``(bytes or None, problem or None)``: ``release.json`` as the zip carries it (re-written
    from its one digest), None without a stamp (a copy not made by the release build)."""
    try:
        data = read_inside(root, RELEASE_STAMP, MAX_STAMP_BYTES)
    except SubmitError as error:
        if str(error).endswith(": missing"):
            return None, None
        return None, f"{error}; no release stamp in the zip"
    try:
        digest = json.loads(data.decode("utf-8"))[STAMP_KEY]
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        digest = None
    if not (isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)):
        return None, f"{RELEASE_STAMP}: not the release's stamp (edited?); left out of the zip"
    return (json.dumps({STAMP_KEY: digest}) + "\n").encode("ascii"), None


def write_zip(files, path):
    """Deflate-compressed, fixed timestamps; written to a temporary file beside ``path`` and
    renamed over it, so a symlink at ``path`` is replaced, never followed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for relpath in sorted(files):
            info = zipfile.ZipInfo(relpath, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[relpath], compresslevel=6)
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(prefix=".submission-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(buffer.getvalue())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(buffer.getvalue())


def _megabytes(size):
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} kB"


def _printable(text):
    """``text`` as the terminal can show it: a character it cannot encode (a notebook's lone
    surrogate, say) as a backslash escape, not an error once the zip is written."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    return text.encode(encoding, errors="backslashreplace").decode(encoding)


def _out_problem(root, out, named=True):
    """Why the zip may not be written at ``out``, or None: it must end in ``.zip``, must not be
    one of the files the zip is made of (``--out notebooks/1_Fu<TAB>`` would replace the notebook
    by the zip), and may replace an existing file only if that is an earlier submission (a zip
    of nothing but a submission's files: another zip of the student's is kept, held-out round 10
    row 6) that make submit wrote: it holds ``release.json`` or all four code files (a backup
    zip of ``layers.py`` alone is kept, round 11 row 19). A symlink there is replaced, never
    followed (`write_zip`). ``named``: given as ``--out``."""
    label = f"--out {out}" if named else f"{out}"
    if out.suffix.lower() != ".zip":
        return f"{label}: the zip's name must end in .zip"
    own = {(root / relpath).resolve() for relpath in (*CODE_FILES, *NOTEBOOKS, RELEASE_STAMP)}
    if out.resolve() in own:
        return f"{label}: that is one of the files the zip is made of; name a new .zip file"
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"{label}: cannot be checked ({error.strerror}); name a new .zip file"
    if stat.S_ISLNK(mode):
        return None
    keep = "make submit replaces only a zip it wrote; name a new .zip with --out, or move that "
    keep += "file away"
    if not stat.S_ISREG(mode):
        return f"{label}: exists and is not a file; {keep}"
    names = _zip_names(out)
    if names is None:
        return f"{label}: exists and is not a zip; {keep}"
    allowed = {*CODE_FILES, *NOTEBOOKS, RELEASE_STAMP}
    allowed |= {f"answers/{Path(relpath).stem}.html" for relpath in NOTEBOOKS}
    foreign = sorted(set(names) - allowed)
    if foreign:
        listed = ", ".join(ascii(name[:60])[1:-1] for name in foreign[:3])  # one line, always
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        return f"{label}: exists and is not a submission (it holds {listed}{more}); {keep}"
    if RELEASE_STAMP not in names and not set(CODE_FILES) <= set(names):
        # make submit writes release.json, or (a copy without a stamp) all four code files: a
        # zip of one code file is a backup of the student's (held-out round 11, row 19)
        held = sorted(set(names) & set(CODE_FILES))
        what = f"only {', '.join(held)}" if held else "none of the code files"
        return f"{label}: exists and is not a zip make submit wrote (it holds {what}); {keep}"
    return None


def _zip_names(path):
    """The member names of the zip at ``path`` (a regular file, opened without following a
    symlink or waiting on a FIFO), or None if it is not a zip."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        try:
            with zipfile.ZipFile(handle) as archive:
                return archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
            return None


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m cs231n.submit", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="assignment folder (default: .)"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="zip to write (default: ROOT/submission.zip)"
    )
    args = parser.parse_args(argv)
    if not (args.root / "cs231n").is_dir():
        print(
            f"submit: {args.root.resolve()} is not the assignment folder (no cs231n/ in it)",
            file=sys.stderr,
        )
        return 2
    out = args.out if args.out is not None else args.root / "submission.zip"
    problem = _out_problem(args.root, out, named=args.out is not None)
    if problem:
        print(f"submit: {problem}", file=sys.stderr)
        return 2
    try:
        files, problems = collect(args.root)
        size = write_zip(files, out)
    except KeyboardInterrupt:
        print("submit: interrupted (Ctrl-C); no zip written, run it again", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback: one line saying what went wrong
        print(f"submit: {type(error).__name__}: {error}".splitlines()[0], file=sys.stderr)
        return 2
    raw = sum(len(data) for data in files.values())
    print(
        _printable(
            f"wrote {out} ({len(files)} files: your code, notebooks and answers/*.html; "
            f"{_megabytes(size)}, compressed from {_megabytes(raw)})"
        )
    )
    if problems:
        print(f"\nBefore you hand it in, {len(problems)} thing(s) to fix:")
        print(_printable("\n".join(f"  - {problem}" for problem in problems)))
    else:
        print("Everything is implemented, executed and answered.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
