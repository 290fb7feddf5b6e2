"""The one-edit repair of a failed check (cs231n/grading/repair.py): its operators, the rule that
a hint needs one repair, its budget, and its hints in the local grader's report.

The other tests run with repairs off (``CS231N_REPAIR_SECONDS=0``, tests/conftest.py); these
turn them on where they need them.
"""

import ast
import os
import subprocess
import sys
import textwrap
import time

import diagnose_blind as blind
import numpy as np
import pytest

from cs231n.grading import core, repair

# --------------------------------------------------------------------------------------------
# Operators: the edits of one function, each once
# --------------------------------------------------------------------------------------------


def edits_of(source, kinds=None):
    """{edit: source of the edited function} of the function in ``source`` (every line ran)."""
    tree = ast.parse(textwrap.dedent(source)).body[0]
    lines = set(range(tree.lineno, tree.end_lineno + 1))
    found = repair.mutants(tree.name, tree, lines, (), kinds or {})
    return {m.edit: ast.unparse(m.tree).splitlines()[-1].strip() for m in found}


ARRAY = ("array", (4, 3), "f")


@pytest.mark.parametrize(
    "source, kinds, edit, line",
    [
        (  # axis=k -> another axis, removed, keepdims added
            "def f(x):\n    return np.sum(x, axis=1)",
            {},
            "with `axis=0` in place of `axis=1`",
            "return np.sum(x, axis=0)",
        ),
        ("def f(x):\n    return np.sum(x, axis=1)", {}, "without `axis=1`", "return np.sum(x)"),
        (
            "def f(x):\n    return x - x.max(axis=1)",
            {},
            "with `keepdims=True` added",
            "return x - x.max(axis=1, keepdims=True)",
        ),
        (  # two positional arguments of a call swapped
            "def f(x, g, b):\n    return layer(x, b, g)",
            {},
            "with the arguments `b` and `g` of `layer` swapped",
            "return layer(x, g, b)",
        ),
        (  # .T removed, .T added to an operand of @
            "def f(x, w):\n    return x @ w.T",
            {},
            "without the transpose `.T` of `w`",
            "return x @ w",
        ),
        (
            "def f(x, w):\n    return x @ w",
            {},
            "with `x` transposed (`.T`)",
            "return x.T @ w",
        ),
        (  # a name replaced by a local name of the same kind (as seen when the check ran)
            "def f(x, x_hat):\n    return 2 * x",
            {"x": ARRAY, "x_hat": ARRAY},
            "with `x_hat` in place of `x`",
            "return 2 * x_hat",
        ),
        (
            "def f(x, b):\n    return x - b",
            {},
            "with `+` in place of `-` before `b`",
            "return x + b",
        ),
        (
            "def f(x, n):\n    return x * n",
            {},
            "with `/` in place of `*` before `n`",
            "return x / n",
        ),
        ("def f(x):\n    return x > 0", {}, "with `>=` in place of `>`", "return x >= 0"),
        ("def f(x):\n    y = -x\n    return y", {}, "without the minus sign of `-x`", "return y"),
        ("def f(x):\n    return x[3]", {}, "with `2` in place of `3`", "return x[2]"),
        ("def f(x, b):\n    return x @ w + b", {}, "without adding `b`", "return x @ w"),
        ("def f(x, n):\n    return x.sum() / n", {}, "without dividing by `n`", "return x.sum()"),
        ("def f(x, d):\n    d = x\n    return d", {}, "with `+=` in place of `=`", "d += x"),
        (
            "def f(x):\n    return np.sum(x)",
            {},
            "with `np.mean` in place of `np.sum`",
            "return np.mean(x)",
        ),
        (
            "def f(x):\n    return np.max(0, x)",
            {},
            "with `np.maximum` in place of `np.max`",
            "return np.maximum(0, x)",
        ),
    ],
)
def test_an_operator_makes_its_edit(source, kinds, edit, line):
    tree = ast.parse(source).body[0]
    found = {m.edit: ast.unparse(m.tree) for m in repair.mutants("f", tree, {1, 2, 3}, (), kinds)}
    assert edit in found, sorted(found)
    assert line in found[edit].splitlines()[-1] or line in found[edit]


RETURNED = ("array", (50,), "f")


@pytest.mark.parametrize(
    "source, kinds, edit, line",
    [
        (  # a NumPy function called as a method of an array
            "def f(x):\n    return x.maximum(0)",
            {},
            "with `np.maximum(x, ...)` in place of `x.maximum(...)`",
            "return np.maximum(x, 0)",
        ),
        (  # operator precedence: the parentheses moved
            "def f(c):\n    return c ** 1 / 2",
            {},
            "with `c ** (1 / 2)` in place of `c ** 1 / 2`",
            "return c ** (1 / 2)",
        ),
        (
            "def f(r, p):\n    return r < p / p",
            {},
            "with `(r < p) / p` in place of `r < p / p`",
            "return (r < p) / p",
        ),
        (  # an f prefix for a string with braces
            'def f(d, i):\n    d["W{i}"] = 1',
            {},
            'with `f"W{i}"` in place of `"W{i}"` (an f prefix)',
            "d[f'W{i}'] = 1",
        ),
        (  # a word key numbered like the function's f-string keys
            'def f(d, i):\n    d[f"W{i}"] = 1\n    d["gamma"] = 2',
            {},
            'with `f"gamma{i}"` in place of `"gamma"`',
            "d[f'gamma{i}'] = 2",
        ),
        (  # single-letter keys replace one another
            'def f(c):\n    return c["m"] + c["t"] + c["eps"] + c["lr"] + c["v"]',
            {},
            'with "v" in place of "m"',
            "return c['v'] + c['t']",
        ),
        (  # two names of a kind exchanged in one statement
            "def f(x, mean, var):\n    return (x - var) / np.sqrt(mean + 1)",
            {"x": ARRAY, "mean": ARRAY, "var": ARRAY},
            "with `mean` and `var` exchanged",
            "return (x - mean) / np.sqrt(var + 1)",
        ),
        (  # a bare name made a parameter plus that name
            "def f(w, v):\n    next_w = v\n    return next_w",
            {"w": ARRAY, "v": ARRAY},
            "with `w + v` in place of `v`",
            "next_w = w + v",
        ),
        (  # a returned array reduced to one number
            "def f(x):\n    loss = -x[0]\n    return loss",
            {"loss": RETURNED, "x": ARRAY},
            "with `np.mean(...)` around `-x[0]`",
            "loss = np.mean(-x[0])",
        ),
        (  # a column shape made 1-d
            "def f(c):\n    b = np.zeros((c, 1))\n    return b",
            {},
            "with `c` in place of the shape `(c, 1)`",
            "b = np.zeros(c)",
        ),
    ],
)
def test_a_new_operator_makes_its_edit(source, kinds, edit, line):
    tree = ast.parse(source).body[0]
    found = {
        m.edit: ast.unparse(m.tree)
        for m in repair.mutants("f", tree, {1, 2, 3}, ("np",), kinds, source)
    }
    assert edit in found, sorted(found)
    assert line in found[edit], found[edit]


def test_the_new_operators_leave_written_parentheses_and_fstrings_alone():
    found = edits_of('def f(d, c, i):\n    d[f"W{i}"] = (c ** 1) / 2\n    return d["W"]')
    assert not any("(1 / 2)" in edit or "f prefix" in edit for edit in found), sorted(found)
    # a method arrays have is not made a NumPy function; without np in the module, neither
    tree = ast.parse("def f(x):\n    return x.max(0) + x.maximum(0)").body[0]
    assert not any(
        m.edit.startswith("with `np.") for m in repair.mutants("f", tree, {1, 2}, (), {})
    )


def test_names_of_another_kind_are_not_swapped():
    found = edits_of(
        "def f(x, w):\n    return x + 1",
        {"x": ARRAY, "w": ("array", (3, 5), "f")},
    )
    assert not any("in place of `x`" in edit for edit in found), sorted(found)


def test_lines_that_did_not_run_are_not_edited():
    tree = ast.parse("def f(x, mode):\n    if mode:\n        return x + 1\n    return x - 1").body[
        0
    ]
    found = repair.mutants("f", tree, {1, 2, 4}, ())
    assert found and all(m.line != 3 for m in found)


# --------------------------------------------------------------------------------------------
# The search on a small student module: one repair gives a hint, two give none, a hang is cut
# --------------------------------------------------------------------------------------------


@pytest.fixture
def student(tmp_path, monkeypatch):
    """Write a student module ``repair_student`` with ``source``, and return a check of its
    function ``f`` whose measurement is |f(x) - target(x)| on three values."""

    def make(source, target):
        name = f"repair_student_{abs(hash(source)) % 10**8}"
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.setattr(repair, "STUDENT_MODULES", (name,))
        module = __import__(name)

        def run():
            return [
                core.Measurement(f"f({x})", abs(float(module.f(x)) - target(x)), 1e-9)
                for x in (2.0, 3.0, 5.0)
            ]

        return core.Check("FullyConnectedNets", "f", run, covers=("f",))

    return make


def test_one_repair_gives_a_hint_naming_it(student):
    check = student("def f(x):\n    y = x - 1\n    return y\n", lambda x: x + 1)
    assert core.run_check(check).status == core.FAILED
    [hint] = repair.repair_hints(check, [], seconds=20)
    assert hint == (
        "line 2 of f: `y = x - 1` -- with `+` in place of `-` before `1`, this check passes "
        "(adding `1` instead of subtracting it: the opposite sign)"
    )


def test_two_different_repairs_give_no_hint(student):
    # Dropping either "+ 1" makes it right: which one the student meant is not known.
    check = student("def f(x):\n    y = x + 1\n    z = y + 1\n    return z\n", lambda x: x + 1)
    passing, complete = repair.search(check, [], 20)
    assert complete and len({m.line for m in passing}) == 2
    assert repair.repair_hints(check, [], seconds=20) == []


def test_no_repair_no_hint(student):
    check = student("def f(x):\n    return x ** 3\n", lambda x: np.sin(x))
    assert repair.repair_hints(check, [], seconds=20) == []


def test_a_hanging_mutant_is_cut_and_the_budget_holds(student):
    # `i += 1` made `i = 1` loops forever; the repair still finds the real slip.
    source = "def f(x):\n    i = 0\n    while i < 3:\n        i += 1\n    return x * i + 2\n"
    check = student(source, lambda x: 3 * x + 1)
    started = time.monotonic()
    hints = repair.repair_hints(check, [], seconds=20)  # room for a loaded machine
    elapsed = time.monotonic() - started
    assert elapsed < repair.WALL_FACTOR * 20 + 5
    assert hints == [
        "line 5 of f: `return x * i + 2` -- with `1` in place of `2`, this check passes (one less)"
    ]
    started = time.monotonic()
    assert repair.repair_hints(check, [], seconds=0.5) == []  # too small a budget: no hint
    assert time.monotonic() - started < repair.WALL_FACTOR * 0.5 + 5


def test_the_seeds_drawn_afresh_are_replayed(monkeypatch):
    monkeypatch.delenv("CS231N_CHECK_SEED", raising=False)
    core._SEEDS.clear()
    first = core.fresh_random_state().uniform()
    seeds = list(core._SEEDS)
    core.replay_seeds(seeds)
    assert core.fresh_random_state().uniform() == first
    assert core._REPLAY == []


def test_a_repair_is_off_with_a_zero_budget(monkeypatch, student):
    monkeypatch.setenv("CS231N_REPAIR_SECONDS", "0")
    check = student("def f(x):\n    return x - 1\n", lambda x: x + 1)
    assert repair.budget_seconds() == 0
    assert repair.isolated_repair_hints(check, []) == []


# --------------------------------------------------------------------------------------------
# Realistic mistakes, graded as the local grader grades them (blind sets' runner, repairs on)
# --------------------------------------------------------------------------------------------

ON = {"CS231N_REPAIR_SECONDS": "6"}
L = "cs231n/layers.py"

CORPUS = [
    (
        "dw_averaged",
        L,
        "    dw = x.reshape(x.shape[0], -1).T @ dout\n",
        "    dw = x.reshape(x.shape[0], -1).T @ dout / x.shape[0]\n",
        "affine_backward",
        "line 83 of affine_backward: `dw = x.reshape(x.shape[0], -1).T @ dout / x.shape[0]` -- "
        "without dividing by `x.shape[0]`, this check passes",
    ),
    (
        "bias_subtracted",
        L,
        "    out = x.reshape(x.shape[0], -1) @ w + b\n",
        "    out = x.reshape(x.shape[0], -1) @ w - b\n",
        "affine_forward",
        "line 58 of affine_forward: `out = x.reshape(x.shape[0], -1) @ w - b` -- with `+` in "
        "place of `-` before `b`, this check passes (adding `b` instead of subtracting it: the "
        "opposite sign)",
    ),
    (
        "spatial_bn_gamma_beta_swapped",
        L,
        "    out_rows, cache = batchnorm_forward(x_rows, gamma, beta, bn_param)\n",
        "    out_rows, cache = batchnorm_forward(x_rows, beta, gamma, bn_param)\n",
        "spatial_batchnorm_forward",
        "line 563 of spatial_batchnorm_forward: `out_rows, cache = batchnorm_forward(x_rows, "
        "beta, gamma, bn_param)` -- with the arguments `beta` and `gamma` of `batchnorm_forward` "
        "swapped, this check passes (the other argument order of `batchnorm_forward`)",
    ),
    (  # new operator: two names exchanged in one statement (batches of mutants in one child)
        "layernorm_mean_and_inv_std_exchanged",
        L,
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n"
        "    x_hat = (x - mean) * inv_std\n",
        "    inv_std = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + eps)\n"
        "    x_hat = (x - inv_std) * mean\n",
        "layernorm_forward",
        "line 319 of layernorm_forward: `x_hat = (x - inv_std) * mean` -- with `inv_std` and "
        "`mean` exchanged, this check passes (`inv_std` and `mean` swapped: each is used where "
        "the other belongs)",
    ),
]


@pytest.mark.parametrize(
    "file, old, new, check, expected", [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_a_realistic_mistake_gets_its_repair_hint_first(file, old, new, check, expected):
    result = blind.grade_one_check(file, old, new, check, env=ON)
    assert result["status"] == "FAILED", result
    assert result["hints"] and result["hints"][0] == expected, result


def test_a_correct_alternative_gets_no_hint_with_repairs_on():
    result = blind.grade_one_check(
        L,
        "    db = dout.sum(axis=0)\n",
        "    db = np.sum(dout, axis=0)\n",
        "affine_backward",
        env=ON,
    )
    assert result == {"status": "passed", "detail": result["detail"], "hints": []}


def test_the_local_grader_prints_the_repair_hint(tmp_path):
    blind.mutated_copy(tmp_path, L, "    dx = dout * mask\n", "    dx = dout / mask\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path), PYTHONDONTWRITEBYTECODE="1", **ON)
    completed = subprocess.run(
        [sys.executable, "-m", "cs231n.grade", "--part", "Dropout"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = completed.stdout.splitlines()
    failed = [
        i for i, line in enumerate(lines) if line.split()[:2] == ["FAILED", "dropout_backward"]
    ]
    assert failed, completed.stdout
    assert lines[failed[0] + 1].startswith(
        "hint: line 395 of dropout_backward: `dx = dout / mask` -- with `*` in place of `/` "
        "before `mask`, this check passes"
    ), completed.stdout


def test_a_notebook_check_cell_prints_the_repair_hint(tmp_path):
    blind.mutated_copy(tmp_path, L, "    dx = dout * mask\n", "    dx = dout / mask\n")
    lines = blind.notebook_check_lines(
        tmp_path, "check('dropout_backward dx', np.ones(3), np.zeros(3), 1e-8)", ON
    )
    assert "FAIL" in lines[0], lines
    assert lines[1].startswith(
        "hint: line 395 of dropout_backward: `dx = dout / mask` -- with `*` in place of `/`"
    ), lines
