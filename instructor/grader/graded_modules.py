"""Which provided modules graded code reaches in the hidden grader (held-out rounds 11 and 12).

While graded code runs, a provided module is real only if the student files import it (and what
those import), or the grading child's own code does; every other provided module is a stand-in
(`instructor.grader.sandbox.stand_in`). This module reads the imports: `import` and `from`
statements, and calls of ``importlib.import_module`` / ``__import__`` with a constant name. It
imports nothing of the grader or the release, so that both can use it.
"""

from .intake import GRADED_FILES

HARNESS_FILES = ("cs231n/__init__.py", "cs231n/exception_hints.py")  # child.py imports these
CALLED_FILES = ("cs231n/layer_utils.py",)  # provided, and the grader calls its functions


def module_name(relpath):
    """``cs231n/a/b.py`` -> ``cs231n.a.b``; ``cs231n/a/__init__.py`` -> ``cs231n.a``."""
    parts = relpath[: -len(".py")].split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_files(files):
    """``{module name: relpath}`` of the Python files of ``files``."""
    return {module_name(path): path for path in files if path.endswith(".py")}


def imported_modules(relpath, source, modules):
    """The modules of ``modules`` (names) that the file ``relpath`` imports anywhere in its code
    (inside functions and ``try`` blocks too), with the packages they are in."""
    return set(import_sites(relpath, source, modules))


def import_sites(relpath, source, modules):
    """``{module: line number}`` of the modules of ``modules`` (names) that the file ``relpath``
    imports anywhere in its code (inside functions and ``try`` blocks too), with the packages
    they are in, and the first line that does: ``import``/``from`` statements, and calls of
    ``importlib.import_module`` / ``__import__`` with a constant name (held-out round 12, row
    12: a provided helper importing that way got a stand-in)."""
    import ast

    own = module_name(relpath)
    package = own.split(".") if relpath.endswith("/__init__.py") else own.split(".")[:-1]
    tree = ast.parse(source)
    importers = _importer_names(tree)
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            stem = ".".join(base + ([node.module] if node.module else []))
            names = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call):
            names = _called_import(node, importers, package)
        else:
            continue
        for name in names:
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                found.setdefault(".".join(parts[:i]), node.lineno)
    return {name: line for name, line in sorted(found.items()) if name in set(modules)}


def _importer_names(tree):
    """``{expression: "import_module" or "__import__"}``: the expressions (as unparsed) that
    name ``importlib.import_module`` or ``__import__`` in a parsed file, by the imports it makes
    (``import importlib as il`` -> ``il.import_module``)."""
    import ast

    names = {
        "__import__": "__import__",
        "builtins.__import__": "__import__",
        "importlib.import_module": "import_module",
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "importlib" and alias.asname:
                    names[f"{alias.asname}.import_module"] = "import_module"
                elif alias.name == "builtins" and alias.asname:
                    names[f"{alias.asname}.__import__"] = "__import__"
        elif isinstance(node, ast.ImportFrom) and node.module in ("importlib", "builtins"):
            for alias in node.names:
                if alias.name in ("import_module", "__import__"):
                    names[alias.asname or alias.name] = alias.name
    return names


def _constant_text(node, package):
    """The string a constant expression gives (``"cs231n." + "x"``, ``__package__``), or None."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id == "__package__":
        return ".".join(package)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _constant_text(node.left, package), _constant_text(node.right, package)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.JoinedStr):
        parts = [_constant_text(value, package) for value in node.values]
        return None if None in parts else "".join(parts)
    return None


def _called_import(node, importers, package):
    """The module names that ``importlib.import_module(name[, package])`` or
    ``__import__(name, ...)`` imports when ``name`` (and ``package``) are constant; else []."""
    import ast

    function = ast.unparse(node.func)
    if function not in importers or not node.args:
        return []
    name = _constant_text(node.args[0], package)
    if not name:
        return []
    if not name.startswith("."):
        return [name]
    anchor = node.args[1] if len(node.args) > 1 else None
    for keyword in node.keywords:
        if keyword.arg == "package":
            anchor = keyword.value
    base = _constant_text(anchor, package) if anchor is not None else None
    if not base or importers[function] != "import_module":
        return []
    dots = len(name) - len(name.lstrip("."))
    parts = base.split(".")
    if dots > len(parts):
        return []
    return [
        ".".join(parts[: len(parts) - dots + 1] + ([name.lstrip(".")] if name.strip(".") else []))
    ]


def graded_code_modules(files):
    """The relpaths of the provided Python files that stay real while graded code runs: those
    the student files (`GRADED_FILES`), `CALLED_FILES` and `HARNESS_FILES` import, directly or
    through one another, and those files themselves."""
    return set(_real_modules(files))


def _real_modules(files):
    """`graded_code_modules` as ``{relpath: (importing relpath, line number) or None}``: why each
    is real (None: a starting file, or a package its importer is in)."""
    modules = _module_files(files)
    pending = [
        (path, None) for path in GRADED_FILES + CALLED_FILES + HARNESS_FILES if path in files
    ]
    pending.reverse()  # the first listed first (pop takes from the end)
    real = {}
    while pending:
        path, why = pending.pop()
        if path in real:
            continue
        real[path] = why
        source = files[path].decode("utf-8", errors="replace")
        sites = import_sites(path, source, modules)
        parts = module_name(path).split(".")
        for i in range(1, len(parts)):  # its packages run first
            sites.setdefault(".".join(parts[:i]), None)
        pending += [
            (modules[name], None if line is None else (path, line))
            for name, line in sorted(sites.items(), reverse=True)
            if name in modules
        ]
    return real


# The provided modules graded code may reach through the release's own imports (held-out round
# 12, rows 9 and 11): the student files import the fast layers (and what those import), the
# child imports the package and its exception hints. Any other provided module that becomes real
# (a TA's import line in a student file's header or in cs231n/__init__.py makes its every
# function callable by graded code) is refused by the release until confirmed by name
# (`unexpected_real_modules`, `instructor.release._check_provided`).
EXPECTED_REAL_MODULES = (
    "cs231n/__init__.py",
    "cs231n/checks.py",
    "cs231n/classifiers/__init__.py",
    "cs231n/exception_hints.py",
    "cs231n/fast_layers.py",
    "cs231n/hints.py",
    "cs231n/im2col.py",
    "cs231n/parallel.py",
    "cs231n/winograd.py",
)
REAL_CONFIRMATION = "graded-code:{}"  # the name that confirms one (`--ships-code`)


def unexpected_real_modules(files):
    """``{relpath: where}`` of the provided Python files of ``files`` that graded code reaches
    (`graded_code_modules`) beyond `EXPECTED_REAL_MODULES`; ``where`` names the line that
    imports it (``cs231n/classifiers/fc_net.py:5: from ..gradient_check import rel_error``)."""
    found = {}
    for relpath, why in sorted(_real_modules(files).items()):
        if relpath in GRADED_FILES or relpath in CALLED_FILES or relpath in EXPECTED_REAL_MODULES:
            continue
        if why is None:
            found[relpath] = "a package of a module graded code imports"
            continue
        importer, line = why
        lines = files[importer].decode("utf-8", errors="replace").splitlines()
        text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        found[relpath] = f"{importer}:{line}: {text}"
    return found
