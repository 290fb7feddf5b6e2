"""The three rooms: student files, provided code, instructor tools.

* Provided code works whatever state the student files are in (a syntax error, or every
  function still raising NotImplementedError).
* The import graph of ``cs231n/`` and ``instructor/`` has no cycle.
* Each notebook part has a pytest marker selecting a non-empty, proper subset of the tests, and
  the autograder's parts map one to one onto those markers.
"""

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from cs231n.grading import PART_MARKERS, PARTS
from instructor import release, shipped

MASTER = Path(__file__).resolve().parent.parent
PACKAGES = ("cs231n", "instructor")

# --------------------------------------------------------------------------------------------
# Import graph
# --------------------------------------------------------------------------------------------


def module_names(root):
    """{dotted module name: path} of every .py file of the project's packages."""
    names = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names[".".join(parts)] = path
    return names


def imported_modules(name, path, known):
    """Project modules imported anywhere in a module (inside functions too).

    ``from package import name`` counts as importing ``package.name`` when that is a module,
    else ``package``. Importing ``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__``; those
    implicit parent imports are not edges (Python handles them without a cycle).
    """
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            targets = [f"{source}.{alias.name}" for alias in node.names]
            targets = [t if t in known else source for t in targets]
        else:
            continue
        found |= {target for target in targets if target in known and target != name}
    return found


def import_graph(root):
    known = module_names(root)
    return {name: imported_modules(name, path, known) for name, path in known.items()}


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan), sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_import_graph_of_the_packages_has_no_cycle():
    graph = import_graph(MASTER)
    assert "cs231n.grading.core" in graph and "instructor.release" in graph
    assert cycles(graph) == []


# Provided modules that must work whatever state the student files are in. (layer_utils and the
# classifiers are built from the student's layers; the Solver imports the update rules.)
INDEPENDENT = [
    "cs231n.checks",
    "cs231n.checkpoint",
    "cs231n.data_utils",
    "cs231n.download",
    "cs231n.fast_layers",
    "cs231n.grade",
    "cs231n.grading",
    "cs231n.gradient_check",
    "cs231n.im2col",
    "cs231n.notebook_utils",
    "cs231n.plotting",
    "cs231n.tolerances",
    "cs231n.vis_utils",
]
STUDENT_MODULES = sorted(
    path[: -len(".py")].replace("/", ".")
    for path in shipped.STUDENT_FILES
    if path.startswith("cs231n/") and path.endswith(".py")
)


def reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo += graph.get(node, ())
    return seen


def test_provided_code_imports_no_student_file():
    graph = import_graph(MASTER)
    assert STUDENT_MODULES == [
        "cs231n.classifiers.cnn",
        "cs231n.classifiers.fc_net",
        "cs231n.layers",
        "cs231n.optim",
    ]
    for module in INDEPENDENT:
        assert module in graph
        assert not reachable(graph, module) & set(STUDENT_MODULES), module


def test_no_package_module_imports_the_instructor_tools():
    graph = import_graph(MASTER)
    for module, targets in graph.items():
        if module.startswith("cs231n"):
            assert not any(t.startswith("instructor") for t in targets), module


# --------------------------------------------------------------------------------------------
# Provided code with broken student files, in a copy of the package
# --------------------------------------------------------------------------------------------

PROVIDED_CODE_WORKS = r"""
import numpy as np

from cs231n.data_utils import get_CIFAR10_data
from cs231n.fast_layers import (conv_backward_fast, conv_forward_fast, max_pool_backward_fast,
                                max_pool_forward_fast)
from cs231n.gradient_check import gradient_errors
from cs231n.tolerances import TOLERANCES
import cs231n.checkpoint, cs231n.download, cs231n.grade, cs231n.notebook_utils  # noqa
import cs231n.plotting, cs231n.vis_utils  # noqa

rng = np.random.default_rng(0)
x, w = rng.standard_normal((2, 3, 7, 7)), rng.standard_normal((4, 3, 3, 3))
b = rng.standard_normal(4)
conv_param = {"stride": 2, "pad": 1}
out, _ = conv_forward_fast(x, w, b, conv_param)
x_pad = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
windows = np.lib.stride_tricks.sliding_window_view(x_pad, (3, 3), axis=(2, 3))[:, :, ::2, ::2]
expected = np.einsum("nchwij,fcij->nfhw", windows, w) + b[:, None, None]
assert out.shape == (2, 4, 4, 4) and np.allclose(out, expected, rtol=1e-12, atol=1e-12)
errors = gradient_errors(conv_forward_fast, conv_backward_fast, [x, w, b], params=(conv_param,))
assert max(errors) < TOLERANCES["conv_backward_naive"], errors

pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
y = rng.standard_normal((2, 3, 8, 6))
out, _ = max_pool_forward_fast(y, pool_param)
assert np.array_equal(out, y.reshape(2, 3, 4, 2, 3, 2).max(axis=(3, 5)))
errors = gradient_errors(max_pool_forward_fast, max_pool_backward_fast, [y], params=(pool_param,))
assert max(errors) < TOLERANCES["max_pool_backward_naive"], errors
print("provided code works")
"""


def package_copy(tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(
        MASTER / "cs231n", target / "cs231n", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target


def run_python(directory, code, no_cython=False):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(directory), "MPLBACKEND": "Agg"}
    if no_cython:
        env["CS231N_NO_CYTHON"] = "1"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("no_cython", [False, True], ids=["extension-if-built", "numpy-only"])
def test_provided_code_works_when_layers_py_has_a_syntax_error(tmp_path, no_cython):
    copy = package_copy(tmp_path)
    layers = copy / "cs231n" / "layers.py"
    layers.write_text(layers.read_text("utf-8") + "\ndef half_written(x:\n", "utf-8")
    broken = run_python(copy, "import cs231n.layers", no_cython)
    assert "SyntaxError" in broken.stderr
    run = run_python(copy, PROVIDED_CODE_WORKS, no_cython)
    assert run.returncode == 0 and "provided code works" in run.stdout, run.stderr


def test_provided_code_works_when_every_student_function_raises(tmp_path):
    copy = package_copy(tmp_path)
    for relpath in shipped.STUDENT_FILES:
        if relpath.startswith("cs231n/"):
            path = copy / relpath
            path.write_text(release.stub_python_file(path.read_text("utf-8"), relpath).text)
    call = "import numpy as np\nfrom cs231n.layers import relu_forward\nrelu_forward(np.ones(3))"
    stubbed = run_python(copy, call)
    assert "NotImplementedError: relu_forward: TODO" in stubbed.stderr
    run = run_python(copy, PROVIDED_CODE_WORKS)
    assert run.returncode == 0 and "provided code works" in run.stdout, run.stderr
    # The grader reports every student function as not implemented instead of crashing.
    graded = run_python(copy, "import sys\nfrom cs231n.grade import main\nsys.exit(main())")
    assert graded.returncode == 1 and "Traceback" not in graded.stderr
    assert "passed" not in graded.stdout.split("Score")[0], graded.stdout


# --------------------------------------------------------------------------------------------
# One pytest marker per notebook part
# --------------------------------------------------------------------------------------------

COLLECT_MARKERS = r"""
import json, sys
import pytest

class Collector:
    def pytest_collection_finish(self, session):
        self.items = {item.nodeid: sorted(m.name for m in item.iter_markers())
                      for item in session.items}

collector = Collector()
pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "tests"], plugins=[collector])
print("MARKERS " + json.dumps(collector.items))
"""


def test_each_part_marker_selects_a_proper_subset_of_the_tests():
    pyproject = tomllib.loads((MASTER / "pyproject.toml").read_text("utf-8"))
    registered = {
        entry.split(":")[0] for entry in pyproject["tool"]["pytest"]["ini_options"]["markers"]
    }
    assert list(PART_MARKERS) == list(PARTS)
    assert set(PART_MARKERS.values()) <= registered
    run = subprocess.run(
        [sys.executable, "-c", COLLECT_MARKERS],
        cwd=MASTER,
        capture_output=True,
        text=True,
        timeout=300,
    )
    line = [row for row in run.stdout.splitlines() if row.startswith("MARKERS ")]
    assert line, run.stdout + run.stderr
    items = json.loads(line[0][len("MARKERS ") :])
    for marker in PART_MARKERS.values():
        selected = [nodeid for nodeid, markers in items.items() if marker in markers]
        assert 0 < len(selected) < len(items), marker
    parts_per_test = [sum(m in PART_MARKERS.values() for m in ms) for ms in items.values()]
    assert max(parts_per_test) == 1  # no test is in two parts
