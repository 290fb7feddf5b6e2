"""Hints from a one-edit repair of your own code: when a check fails, which single small edit of
the graded function makes it pass (provided).

When a check of a function you wrote fails, the grader tries small edits ("mutants") of that
function's own source, one at a time: an ``axis=1`` made ``axis=0``, two arguments of a call
swapped, a ``.T`` added or removed, a name replaced by another name of the function, ``+`` made
``-``, a ``1`` made ``0`` or ``2``, a term of a sum or product dropped, ``=`` made ``+=``,
``np.sum`` made ``np.mean``, ... Each mutant is compiled in the same module, put in place of your
function in a child process, and run against the same check with the same inputs (the same
values drawn afresh). When exactly one edit makes the check pass, a hint names it on your line::

    hint: line 84 of affine_backward: `db = dout.sum(axis=1)` -- with `axis=0` in place of
    `axis=1`, this check passes (the sum then runs over axis 0, the batch axis of an (N, ...)
    array, instead of axis 1)

Nothing here knows the solution: the edits are generic, made on whatever you wrote, and a hint
says only what a check measured. When several different edits make the check pass, or none does,
or the search does not finish within its time budget, there is no repair hint (the other hints
stay as they are). A repair never changes a grade: it runs after the check has been graded, in
its own child processes under time limits, and only adds hint text.

``CS231N_REPAIR_SECONDS`` sets the budget of one failed check in CPU seconds (default 6; 0 turns
repairs off); the wall clock stops a search at three times as many seconds, and a check that
itself takes more than a third of the budget (the net losses') is not repaired.
"""

import ast
import builtins
import copy
import dataclasses
import importlib
import os
import resource
import select
import sys
import time
import warnings

import numpy as np

from . import core, isolation, measure

# CPU seconds one failed check may spend on its repair, all mutants together (default of
# CS231N_REPAIR_SECONDS); the wall clock stops it at WALL_FACTOR times as many seconds.
DEFAULT_SECONDS = core.REPAIR_SECONDS
WALL_FACTOR = 3
# Mutants tried one after another in one child process (see `search`).
BATCH = 25

# The student files, where graded functions live (their modules under cs231n).
STUDENT_MODULES = (
    "cs231n.layers",
    "cs231n.optim",
    "cs231n.layer_utils",
    "cs231n.classifiers.fc_net",
    "cs231n.classifiers.cnn",
)

# Reductions whose ``axis`` argument a mutant changes, and what they do over an axis.
REDUCTIONS = {
    "sum": "the sum",
    "mean": "the mean",
    "max": "the maximum",
    "min": "the minimum",
    "var": "the variance",
    "std": "the standard deviation",
    "argmax": "the argmax",
    "argmin": "the argmin",
    "prod": "the product",
    "cumsum": "the cumulative sum",
}

# Functions (or methods) that are easy to confuse, each with what it means in place of the other.
SIBLINGS = {
    ("sum", "mean"): "an average (divided by the count) instead of a sum",
    ("mean", "sum"): "a sum instead of an average (not divided by the count)",
    ("max", "maximum"): (
        "np.maximum compares two arrays entry by entry; np.max reduces one array along an axis"
    ),
    ("maximum", "max"): (
        "np.max reduces one array along an axis; np.maximum compares two arrays entry by entry"
    ),
    ("min", "minimum"): "np.minimum compares entry by entry; np.min reduces along an axis",
    ("minimum", "min"): "np.min reduces along an axis; np.minimum compares entry by entry",
    ("var", "std"): "the standard deviation, the square root of the variance",
    ("std", "var"): "the variance, the square of the standard deviation",
    ("max", "argmax"): "the index of the maximum, not its value",
    ("argmax", "max"): "the value of the maximum, not its index",
    ("zeros", "ones"): "ones instead of zeros",
    ("ones", "zeros"): "zeros instead of ones",
    ("zeros_like", "ones_like"): "ones instead of zeros",
    ("ones_like", "zeros_like"): "zeros instead of ones",
    ("exp", "log"): "the logarithm instead of the exponential",
    ("log", "exp"): "the exponential instead of the logarithm",
}

# Letters that name sizes (N examples, D features, C channels or classes, ...): replaceable by one
# another.
SIZE_NAMES = set("NDCHWFGMTK") | {"HH", "WW", "H_out", "W_out", "L"}
SIZE_PAIRS = [{"N", "D"}, {"N", "C"}, {"C", "D"}, {"C", "F"}, {"C", "G"}, {"D", "M"}, {"N", "M"}]


# --------------------------------------------------------------------------------------------
# Mutants: one edit of a function's syntax tree
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Mutant:
    """One edit of the graded function ``qualname``: on its source line ``line``, ``edit`` says
    what changed (``with ... in place of ...``) and ``meaning`` what that means, when known."""

    qualname: str
    line: int
    edit: str
    meaning: str
    tree: ast.FunctionDef  # the edited function
    column: int = 0

    @property
    def key(self):
        """Mutants with the same key are the same repair (made in two ways); the same edit at
        two places of a line are two repairs, which a hint could not tell apart."""
        return (self.qualname, self.line, self.column, self.edit)


def _text(node, limit=40):
    """Short source text of ``node`` (``...`` in the middle beyond ``limit`` characters)."""
    text = ast.unparse(node)
    if len(text) > limit:
        text = text[: limit // 2 - 2] + " ... " + text[-(limit // 2 - 2) :]
    return text


def _call_name(call):
    """``sum`` for ``np.sum(...)`` or ``x.sum(...)``, ``f`` for ``f(...)``, else None."""
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _axis_text(value):
    if value == 0 or value == (0,):
        return "axis 0, the batch axis of an (N, ...) array"
    if isinstance(value, tuple):
        return f"axes {value}"
    return f"axis {value}"


def _literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


class _Edits:
    """The edits of one function: ``(node index in ast.walk order, transform, line, edit,
    meaning)``; a transform takes the node of a copy of the tree and returns its replacement
    (or None to delete a statement)."""

    def __init__(self, tree, executed, module_names, kinds=None, source=None, aliases=None):
        self.tree, self.executed, self.found, self.source = tree, executed, [], source
        self.kinds, self.aliases = kinds or {}, aliases or {}
        self.module_names = module_names
        self.nodes = list(ast.walk(tree))
        self.provided = {n for n in module_names if n.startswith("check_")}
        # Integers in literal tuples and lists (pad widths, shapes) are left as they are;
        # those indexing a shape (x.shape[1]) name an axis.
        self.in_literals, self.shape_index = set(), {}
        for node in self.nodes:
            if isinstance(node, (ast.Tuple, ast.List)):
                self.in_literals |= {id(e) for e in node.elts if isinstance(e, ast.Constant)}
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "shape"
                and isinstance(node.slice, ast.Constant)
            ):
                self.shape_index[id(node.slice)] = self.text(node.value.value, 20)
        self.method = bool(tree.args.args) and tree.args.args[0].arg == "self"
        self.stored = {a.arg for a in tree.args.args + tree.args.kwonlyargs} | {
            n.id for n in self.nodes if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
        }
        self.stored |= set(vars(builtins))
        self.indices = set()  # names that index a subscript, alone or in a tuple of indices
        for node in self.nodes:
            if isinstance(node, ast.Subscript):
                parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                self.indices |= {id(p) for p in parts if isinstance(p, ast.Name)}
        self.range_bounds = {  # the arguments of range(...)
            id(a)
            for n in self.nodes
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "range"
            for a in n.args
        }
        self.tuple_meaning = {}
        for node in self.nodes:
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple):
                self.tuple_meaning[id(node.slice)] = "the other order of the indices"
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
                self.tuple_meaning[id(node.value)] = "the values returned in the other order"
        # String constants that are parts of f-strings, and the formatted suffixes of f-strings
        # made of a word and one formatted value (f"W{i}": "{i}"), for a key left unnumbered.
        self.in_fstrings, self.suffixes = set(), {}
        for node in self.nodes:
            if isinstance(node, ast.JoinedStr):
                self.in_fstrings |= {id(v) for v in node.values}
                values = node.values
                if (
                    len(values) == 2
                    and isinstance(values[0], ast.Constant)
                    and isinstance(values[1], ast.FormattedValue)
                ):
                    self.suffixes.setdefault(ast.unparse(values[1].value), values[1])
        self.returned = {
            e.id
            for n in self.nodes
            if isinstance(n, ast.Return) and n.value is not None
            for e in (n.value.elts if isinstance(n.value, ast.Tuple) else [n.value])
            if isinstance(e, ast.Name)
        }
        self.strings = sorted(
            {
                n.value
                for n in self.nodes
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) < 20
            }
        )

    def text(self, node, limit=40):
        """`_text` of ``node`` as the student wrote it (their quotes and spacing)."""
        segment = ast.get_source_segment(self.source, node) if self.source else None
        if segment is None or "\n" in segment:
            return _text(node, limit)
        if len(segment) > limit:
            segment = segment[: limit // 2 - 2] + " ... " + segment[-(limit // 2 - 2) :]
        return segment

    def ran(self, node):
        first = getattr(node, "lineno", None)
        if first is None:
            return False
        last = getattr(node, "end_lineno", first) or first
        return any(line in self.executed for line in range(first, last + 1))

    def add(self, node, transform, edit, meaning=""):
        self.found.append(
            (self.nodes.index(node), transform, (node.lineno, node.col_offset), edit, meaning)
        )

    def collect(self):
        skipped, statements = set(), []
        for node in self.nodes:
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in self.provided:  # the provided checks of the inputs
                    skipped |= {id(n) for n in ast.walk(node)}
            if isinstance(node, ast.keyword):  # changed by `call` (axis) or dropped
                skipped |= {id(n) for n in ast.walk(node.value)}
        for node in self.nodes[1:]:
            if not self.ran(node) or id(node) in skipped:
                continue
            if isinstance(node, ast.Call):
                self.call(node)
            elif isinstance(node, ast.BinOp):
                self.binop(node)
            elif isinstance(node, ast.Compare):
                self.compare(node)
            elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
                self.add(
                    node,
                    lambda n: n.operand,
                    f"without the minus sign of `{self.text(node)}`",
                    "the opposite sign",
                )
            elif isinstance(node, ast.Attribute) and node.attr == "T":
                self.add(
                    node,
                    lambda n: n.value,
                    f"without the transpose `.T` of `{self.text(node.value)}`",
                    f"`{self.text(node.value)}` as it is, not transposed",
                )
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                self.name(node)
            elif isinstance(node, ast.Constant):
                self.constant(node)
            elif isinstance(node, (ast.Assign, ast.AugAssign)):
                self.assignment(node)
            elif isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) in (2, 3):
                self.swap_items(node, self.tuple_meaning.get(id(node), "the other order"))
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
                self.add(
                    node,
                    lambda n: n.value,
                    f"without the slice `[{self.text(node.slice)}]` of `{self.text(node.value)}`",
                    f"every element of `{self.text(node.value)}`",
                )
            elif isinstance(node, ast.BoolOp) and len(node.values) == 2:
                for keep in (0, 1):
                    dropped = node.values[1 - keep]
                    self.add(
                        node,
                        lambda n, keep=keep: n.values[keep],
                        f"without the condition `{self.text(dropped)}`",
                    )
            docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            if isinstance(node, (ast.Expr, ast.Assign, ast.AugAssign)) and not docstring:
                self.add(node, lambda n: None, "without this line", "this line should not run")
            if isinstance(node, (ast.Expr, ast.Assign, ast.AugAssign, ast.Return)):
                statements.append(node)
        # Last, so that an edit that says more (two arguments swapped) names the same mutant.
        for node in statements:
            self.exchange(node)
        return self.found

    # -- calls --------------------------------------------------------------------------------

    def call(self, node):
        name = _call_name(node)
        for index, keyword in enumerate(node.keywords):
            if keyword.arg == "axis":
                self.axis(node, index, keyword, name)
            elif keyword.arg == "keepdims" and _literal(keyword.value) is True:
                self.add(
                    node,
                    lambda n, i=index: _without_keyword(n, i),
                    "without `keepdims=True`",
                    "the reduced axis dropped instead of kept with size 1",
                )
            elif keyword.arg is not None:
                self.add(
                    node,
                    lambda n, i=index: _without_keyword(n, i),
                    f"without `{self.text(keyword)}`",
                    f"`{self.text(node.func, 30)}` with its default {keyword.arg}",
                )
        keywords = {k.arg for k in node.keywords}
        method = isinstance(node.func, ast.Attribute) and not (
            isinstance(node.func.value, ast.Name) and node.func.value.id == "np"
        )
        no_axis = not node.args if method else len(node.args) == 1
        if name in REDUCTIONS and "axis" not in keywords and no_axis:
            for axis in (0, 1):
                self.add(
                    node,
                    lambda n, a=axis: _with_keyword(n, "axis", a),
                    f"with `axis={axis}` added to `{self.text(node.func, 30)}`",
                    f"{REDUCTIONS[name]} over {_axis_text(axis)}, not over every axis",
                )
        if name in REDUCTIONS and "axis" in keywords and "keepdims" not in keywords:
            self.add(
                node,
                lambda n: _with_keyword(n, "keepdims", True),
                "with `keepdims=True` added",
                "the reduced axis kept with size 1, so the result broadcasts against the rows "
                "it came from",
            )
        args = node.args
        if 2 <= len(args) <= 4 and not any(isinstance(a, ast.Starred) for a in args):
            for i in range(len(args)):
                for j in range(i + 1, len(args)):
                    if ast.dump(args[i]) == ast.dump(args[j]):
                        continue
                    self.add(
                        node,
                        lambda n, i=i, j=j: _swap_args(n, i, j),
                        f"with the arguments `{self.text(args[i], 24)}` and "
                        f"`{self.text(args[j], 24)}` of `{self.text(node.func, 30)}` swapped",
                        f"the other argument order of `{self.text(node.func, 30)}`",
                    )
        for (old, new), meaning in SIBLINGS.items():
            if name == old:
                shown_old = self.text(node.func, 30)
                self.add(
                    node,
                    lambda n, new=new: _renamed_call(n, new),
                    f"with `{shown_old.rsplit('.', 1)[0] + '.' if '.' in shown_old else ''}"
                    f"{new}` in place of `{shown_old}`",
                    meaning,
                )
        if isinstance(node.func, ast.Name):
            for other in self.similar_functions(node.func.id):
                self.add(
                    node,
                    lambda n, other=other: _renamed_call(n, other),
                    f"with `{other}` in place of `{node.func.id}`",
                )
        # A NumPy function called as a method of an array: x.maximum(0) -> np.maximum(x, 0).
        if (
            isinstance(node.func, ast.Attribute)
            and "np" in self.module_names
            and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "np")
            and callable(getattr(np, name, None))
            and not hasattr(np.ndarray, name)
            and not node.keywords
            and not any(isinstance(a, ast.Starred) for a in node.args)
        ):
            owner = self.text(node.func.value, 24)
            self.add(
                node,
                lambda n: ast.Call(
                    func=ast.Attribute(
                        value=ast.Name(id="np", ctx=ast.Load()), attr=n.func.attr, ctx=ast.Load()
                    ),
                    args=[n.func.value, *n.args],
                    keywords=[],
                ),
                f"with `np.{name}({owner}, ...)` in place of `{owner}.{name}(...)`",
                f"{name} is a NumPy function (np.{name}), not a method of an array",
            )
        # A shape with a trailing 1: np.zeros((C, 1)) -> np.zeros(C), a column made 1-d.
        if (
            name in ("zeros", "ones", "empty", "full", "randn", "reshape")
            and node.args
            and isinstance(node.args[0], ast.Tuple)
            and len(node.args[0].elts) == 2
            and _literal(node.args[0].elts[1]) == 1
        ):
            shape = self.text(node.args[0], 30)
            self.add(
                node,
                lambda n: _first_arg(n, n.args[0].elts[0]),
                f"with `{self.text(node.args[0].elts[0], 24)}` in place of the shape `{shape}`",
                f"a 1-d array, not a 2-d column of shape {shape}",
            )
        # A call removed, its first argument kept: np.maximum(a, 0) -> a, a.copy() -> a.
        if node.args and not isinstance(node.args[0], ast.Starred):
            if name in ("maximum", "minimum", "abs", "clip", "sqrt", "exp", "log", "copy"):
                self.add(
                    node,
                    lambda n: n.args[0],
                    f"without `{self.text(node.func, 30)}(...)` around "
                    f"`{self.text(node.args[0], 30)}`",
                )

    def axis(self, node, index, keyword, name):
        value = _literal(keyword.value)
        if isinstance(value, bool) or not isinstance(value, (int, tuple)):
            return
        what = REDUCTIONS.get(name, f"`{name}`")
        if isinstance(value, tuple):
            options = [(0,), (0, 2, 3), (1, 2, 3), (2, 3), (1,)]
        else:
            options = [0, 1] + ([2, 3] if value in (2, 3, -1) else [])
        for option in options:
            if option == value:
                continue
            self.add(
                node,
                lambda n, i=index, o=option: _set_keyword(n, i, o),
                f"with `axis={option}` in place of `axis={value}`",
                f"{what} then runs over {_axis_text(option)}, instead of {_axis_text(value)}",
            )
        self.add(
            node,
            lambda n, i=index: _without_keyword(n, i),
            f"without `axis={value}`",
            f"{what} then runs over every axis",
        )

    def similar_functions(self, name):
        """Functions of the module with a name like ``name`` (the same last word or first
        word): affine_backward for affine_relu_backward, softmax_loss for svm_loss."""
        if name not in self.module_names or "_" not in name:
            return []
        words = name.split("_")
        found = []
        for other in self.module_names:
            if other == name or "_" not in other or other.startswith("_"):
                continue
            mine = other.split("_")
            if mine[-1] == words[-1] or (mine[0] == words[0] and mine[-1] == words[-1]):
                found.append(other)
            elif "naive" in (mine[-1], words[-1]) and mine[-2:] == words[-2:]:
                found.append(other)
        return sorted(found)

    # -- operators ----------------------------------------------------------------------------

    def binop(self, node):
        op = type(node.op)
        swaps = {
            ast.Add: (ast.Sub, "-", "subtracting `{r}` instead of adding it"),
            ast.Sub: (ast.Add, "+", "adding `{r}` instead of subtracting it: the opposite sign"),
            ast.Mult: (ast.Div, "/", "dividing by `{r}` instead of multiplying by it"),
            ast.Div: (ast.Mult, "*", "multiplying by `{r}` instead of dividing by it"),
            ast.FloorDiv: (ast.Div, "/", "a true division instead of a floor division"),
        }
        symbol = {
            ast.Add: "+",
            ast.Sub: "-",
            ast.Mult: "*",
            ast.Div: "/",
            ast.FloorDiv: "//",
            ast.MatMult: "@",
            ast.Pow: "**",
            ast.Mod: "%",
        }.get(op)
        right = self.text(node.right, 30)
        if op in swaps:
            new, new_symbol, meaning = swaps[op]
            self.add(
                node,
                lambda n, new=new: _with_op(n, new()),
                f"with `{new_symbol}` in place of `{symbol}` before `{right}`",
                meaning.format(r=right),
            )
        if op is ast.Div:
            self.add(
                node,
                lambda n: _with_op(n, ast.FloorDiv()),
                f"with `//` in place of `/` before `{right}`",
                "a floor division (a whole number) instead of a true division",
            )
        drops = {
            ast.Add: [("right", f"without adding `{right}`"), ("left", None)],
            ast.Sub: [("right", f"without subtracting `{right}`"), ("negate", None)],
            ast.Mult: [("right", f"without multiplying by `{right}`"), ("left", None)],
            ast.Div: [("right", f"without dividing by `{right}`")],
            ast.MatMult: [],
            ast.Pow: [("right", f"without the power `** {right}`")],
        }
        left = self.text(node.left, 30)
        for kind, edit in drops.get(op, []):
            if kind == "right":
                meaning = ""
                if op in (ast.Add, ast.Sub):
                    meaning = "a term of the formula that should not be there"
                    if id(node) in self.range_bounds and _literal(node.right) == 1:
                        meaning = "the loop's bound is off by one"
                self.add(node, lambda n: n.left, edit, meaning)
            elif kind == "left":
                verb = "adding" if op is ast.Add else "the factor"
                self.add(
                    node,
                    lambda n: n.right,
                    f"without `{left}`" + (f" ({verb} it)" if op is ast.Add else " (a factor)"),
                )
            elif kind == "negate":
                self.add(
                    node,
                    lambda n: ast.UnaryOp(op=ast.USub(), operand=n.right),
                    f"without `{left}` (only `-{right}` kept)",
                )
        if op in (ast.Sub, ast.Div, ast.MatMult):
            self.add(
                node,
                lambda n: ast.BinOp(left=n.right, op=n.op, right=n.left),
                f"with the operands of `{symbol}` in the other order (`{right} {symbol} {left}`)",
                "the other operand order",
            )
        self.regroup(node, symbol)
        if op is ast.MatMult:
            for side in ("left", "right"):
                operand = getattr(node, side)
                if isinstance(operand, ast.Attribute) and operand.attr == "T":
                    continue
                self.add(
                    node,
                    lambda n, side=side: _transposed_side(n, side),
                    f"with `{self.text(operand, 30)}` transposed (`.T`)",
                    f"the transpose of `{self.text(operand, 30)}`",
                )

    def regroup(self, node, symbol):
        """Operator precedence: ``a ** 1 / 2`` (which is ``(a ** 1) / 2``) made ``a ** (1 / 2)``,
        and ``a / b * c`` made ``a / (b * c)``; only where the student wrote no parentheses."""
        inner = node.left
        if not isinstance(inner, ast.BinOp) or symbol is None:
            return
        segment = ast.get_source_segment(self.source, node) if self.source else None
        if segment is None or segment.lstrip().startswith("("):
            return
        new = ast.BinOp(
            left=inner.left, op=inner.op, right=ast.BinOp(inner.right, node.op, node.right)
        )
        written, regrouped = _text(node, 40), _text(new, 40)
        if written == regrouped:
            return
        self.add(
            node,
            lambda n: ast.BinOp(
                left=n.left.left, op=n.left.op, right=ast.BinOp(n.left.right, n.op, n.right)
            ),
            f"with `{regrouped}` in place of `{self.text(node)}`",
            f"operator precedence: without parentheses Python computes `({_text(inner, 30)}) "
            f"{symbol} {_text(node.right, 20)}`",
        )

    def exchange(self, node):
        """Two names of the same kind exchanged everywhere in one statement: ``f(a, b) + a`` made
        ``f(b, a) + b``."""
        loaded = [
            n for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        ]
        names = sorted({n.id for n in loaded if self.kinds.get(n.id, ("",))[0] == "array"})
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if self.kinds[a] != self.kinds[b]:
                    continue
                if len(names) > 4 and not _same_kind(a, b):  # among many, the similar ones
                    continue
                if self.aliases.get(a, 0) == self.aliases.get(b, 1):
                    continue
                self.add(
                    node,
                    lambda n, a=a, b=b: _exchanged(n, a, b),
                    f"with `{a}` and `{b}` exchanged",
                    f"`{a}` and `{b}` swapped: each is used where the other belongs",
                )

    def compare(self, node):
        if len(node.ops) != 1:
            return
        # Operator precedence: `r < p / p` is `r < (p / p)`; `(r < p) / p` was meant.
        right = node.comparators[0]
        if isinstance(right, ast.BinOp) and isinstance(right.op, (ast.Div, ast.Mult)):
            segment = ast.get_source_segment(self.source, right) if self.source else None
            if segment is not None and not segment.startswith("("):
                new = ast.BinOp(
                    left=ast.Compare(node.left, node.ops, [right.left]),
                    op=right.op,
                    right=right.right,
                )
                self.add(
                    node,
                    lambda n: ast.BinOp(
                        left=ast.Compare(n.left, n.ops, [n.comparators[0].left]),
                        op=n.comparators[0].op,
                        right=n.comparators[0].right,
                    ),
                    f"with `{_text(new, 40)}` in place of `{self.text(node)}`",
                    f"operator precedence: without parentheses Python computes "
                    f"`{_text(right, 30)}` first and compares with it",
                )
        flips = {
            ast.Gt: (ast.GtE, ">", ">=", "entries equal to it included"),
            ast.GtE: (ast.Gt, ">=", ">", "entries equal to it excluded"),
            ast.Lt: (ast.LtE, "<", "<=", "entries equal to it included"),
            ast.LtE: (ast.Lt, "<=", "<", "entries equal to it excluded"),
            ast.Eq: (ast.NotEq, "==", "!=", "the condition inverted"),
            ast.NotEq: (ast.Eq, "!=", "==", "the condition inverted"),
            ast.Is: (ast.IsNot, "is", "is not", "the condition inverted"),
            ast.IsNot: (ast.Is, "is not", "is", "the condition inverted"),
            ast.In: (ast.NotIn, "in", "not in", "the condition inverted"),
            ast.NotIn: (ast.In, "not in", "in", "the condition inverted"),
        }
        entry = flips.get(type(node.ops[0]))
        if entry:
            new, old_symbol, new_symbol, meaning = entry
            self.add(
                node,
                lambda n, new=new: _with_compare(n, new()),
                f"with `{new_symbol}` in place of `{old_symbol}`",
                meaning,
            )
        opposite = {ast.Gt: (ast.Lt, ">", "<"), ast.Lt: (ast.Gt, "<", ">")}.get(type(node.ops[0]))
        if opposite:
            self.add(
                node,
                lambda n, new=opposite[0]: _with_compare(n, new()),
                f"with `{opposite[2]}` in place of `{opposite[1]}`",
                "the comparison the other way round",
            )

    def name(self, node):
        """Another local name of the same kind (arrays of the same shape, integers, tuples of
        the same length, ... as seen when the check ran); among many, the similar ones. An
        integer index one less or more; in a method, ``self.<name>`` for a name that is not
        local."""
        old = node.id
        kind = self.kinds.get(old)
        if id(node) in self.indices and kind == ("int",):
            for op, symbol, meaning in ((ast.Sub, "-", "one less"), (ast.Add, "+", "one more")):
                self.add(
                    node,
                    lambda n, op=op: ast.BinOp(left=n, op=op(), right=ast.Constant(value=1)),
                    f"with `{old} {symbol} 1` in place of `{old}` as an index",
                    f"the element {meaning}",
                )
        if kind is None and self.method and old not in set(self.module_names) | self.stored:
            self.add(
                node,
                lambda n: ast.Attribute(
                    value=ast.Name(id="self", ctx=ast.Load()), attr=n.id, ctx=ast.Load()
                ),
                f"with `self.{old}` in place of `{old}`",
                f"the attribute {old} of the object, not a name of the method",
            )
        if kind is None:
            return
        others = sorted(n for n, k in self.kinds.items() if n != old and k == kind)
        parameters = {a.arg for a in self.tree.args.args}
        objects = {}  # one name per object, preferring one the function assigned
        for other in sorted(others, key=lambda n: n in parameters):
            objects.setdefault(self.aliases.get(other, other), other)
        others = sorted(
            n for n in objects.values() if self.aliases.get(n) != self.aliases.get(old, 0)
        )
        if len(others) > 4:
            others = [n for n in others if _same_kind(old, n)]
        for other in others:
            self.add(
                node,
                lambda n, other=other: ast.Name(id=other, ctx=ast.Load()),
                f"with `{other}` in place of `{old}`",
            )

    def constant(self, node):
        value = node.value
        if isinstance(value, bool):
            self.add(
                node,
                lambda n: ast.Constant(value=not n.value),
                f"with `{not value}` in place of `{value}`",
            )
        elif isinstance(value, int) and id(node) not in self.in_literals:
            shape_of = self.shape_index.get(id(node))
            for step in (-1, 1):
                new = value + step
                meaning = "one less" if step < 0 else "one more"
                if id(node) in self.range_bounds:
                    meaning = f"the loop's bound {meaning}: off by one"
                if shape_of is not None:
                    if new < 0:
                        continue
                    meaning = f"the size of axis {new} of `{shape_of}`" + (
                        " (N, the batch size, for an (N, ...) array)" if new == 0 else ""
                    )
                self.add(
                    node,
                    lambda n, new=new: ast.Constant(value=new),
                    f"with `{new}` in place of `{value}`",
                    meaning,
                )
        elif isinstance(value, str) and id(node) not in self.in_fstrings:
            self.fstring(node, value)
        if isinstance(value, str) and value in self.strings:
            others = [o for o in self.strings if o != value and o and value]
            others = [o for o in others if _same_kind_string(value, o)]
            if len(others) > 3:
                others = [
                    o
                    for o in others
                    if o[:1] == value[:1] or o[-1:] == value[-1:] or len(o) == len(value) == 1
                ][:3]
            for other in others:
                self.add(
                    node,
                    lambda n, other=other: ast.Constant(value=other),
                    f'with "{other}" in place of "{value}"',
                )

    def fstring(self, node, value):
        """A string with braces made an f-string ("W{i}" -> f"W{i}"), a word key given the
        formatted suffix of the function's f-string keys ("gamma" -> f"gamma{i}")."""
        if "{" in value and "}" in value:
            try:
                new = ast.parse("f" + repr(value), mode="eval").body
            except SyntaxError:
                return
            if isinstance(new, ast.JoinedStr) and any(
                isinstance(v, ast.FormattedValue) for v in new.values
            ):
                self.add(
                    node,
                    lambda n, new=new: copy.deepcopy(new),
                    f'with `f"{value}"` in place of `"{value}"` (an f prefix)',
                    "without the f prefix the braces are not formatted: the string holds them "
                    f'literally, "{value}"',
                )
        elif value.isidentifier() and len(value) > 1 and value in self.strings:
            for suffix, formatted in sorted(self.suffixes.items()):
                self.add(
                    node,
                    lambda n, f=formatted: ast.JoinedStr(
                        values=[ast.Constant(value=n.value), copy.deepcopy(f)]
                    ),
                    f'with `f"{value}{{{suffix}}}"` in place of `"{value}"`',
                    f'one key per layer numbered like the others, not the same key "{value}" '
                    "for every layer (each overwrites the last)",
                )

    def assignment(self, node):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, (ast.Name, ast.Subscript, ast.Attribute)):
                shown = self.text(target, 30)
                self.add(
                    node,
                    lambda n: ast.AugAssign(
                        target=_store(n.targets[0]), op=ast.Add(), value=n.value
                    ),
                    "with `+=` in place of `=`",
                    f"adding to what `{shown}` held instead of overwriting it",
                )
            if isinstance(node.value, ast.Name) and isinstance(target, ast.Name):
                value = node.value.id
                kind = self.kinds.get(value)
                parameters = [a.arg for a in self.tree.args.args]
                for other in parameters:
                    if other != value and kind is not None and self.kinds.get(other) == kind:
                        self.add(
                            node,
                            lambda n, o=other: ast.Assign(
                                targets=n.targets,
                                value=ast.BinOp(ast.Name(id=o, ctx=ast.Load()), ast.Add(), n.value),
                            ),
                            f"with `{other} + {value}` in place of `{value}`",
                            f"`{value}` added to `{other}`, not `{value}` alone",
                        )
            if (
                isinstance(target, ast.Name)
                and target.id in self.returned
                and self.kinds.get(target.id, ("",))[0] == "array"
                and self.kinds[target.id][1] != ()
                and "np" in self.module_names
            ):
                for reduction in ("mean", "sum"):
                    self.add(
                        node,
                        lambda n, r=reduction: ast.Assign(
                            targets=n.targets,
                            value=ast.Call(
                                func=ast.Attribute(
                                    ast.Name(id="np", ctx=ast.Load()), r, ast.Load()
                                ),
                                args=[n.value],
                                keywords=[],
                            ),
                        ),
                        f"with `np.{reduction}(...)` around `{self.text(node.value, 30)}`",
                        f"one number, {REDUCTIONS[reduction]} of the entries, not an array "
                        f"of shape {self.kinds[target.id][1]}",
                    )
            if isinstance(target, ast.Tuple) and len(target.elts) in (2, 3):
                self.swap_items(target, "the values unpacked in the other order")
            elif isinstance(node.value, (ast.BinOp, ast.Call)):
                self.add(
                    node,
                    lambda n: _negated_value(n),
                    f"with the opposite sign of `{self.text(node.value, 30)}`",
                    "the opposite sign",
                )
        elif isinstance(node, ast.AugAssign):
            shown = self.text(node.target, 30)
            symbol = {ast.Add: "+=", ast.Sub: "-=", ast.Mult: "*=", ast.Div: "/="}.get(
                type(node.op)
            )
            if symbol is None:
                return
            self.add(
                node,
                lambda n: ast.Assign(targets=[_store(n.target)], value=n.value),
                f"with `=` in place of `{symbol}`",
                f"`{shown}` then holds this value alone, not combined with what it held",
            )
            other = {ast.Add: (ast.Sub, "-="), ast.Sub: (ast.Add, "+=")}.get(type(node.op))
            if other:
                self.add(
                    node,
                    lambda n, new=other[0]: _with_op(n, new()),
                    f"with `{other[1]}` in place of `{symbol}`",
                    "the opposite sign",
                )

    def swap_items(self, node, meaning="the other order"):
        elts = node.elts
        if any(isinstance(e, ast.Starred) for e in elts):
            return
        for i in range(len(elts)):
            for j in range(i + 1, len(elts)):
                if ast.dump(elts[i]) == ast.dump(elts[j]):
                    continue
                self.add(
                    node,
                    lambda n, i=i, j=j: _swap_elts(n, i, j),
                    f"with `{self.text(elts[i], 24)}` and `{self.text(elts[j], 24)}` swapped",
                    meaning,
                )


def _same_kind(old, new):
    """Whether ``new`` is a plausible slip for ``old``: two size letters (N, D, ...), two loop
    indices (i, j), a name and its gradient (x, dx), names with a common first word or
    letter-case variants."""
    if old in SIZE_NAMES or new in SIZE_NAMES:
        if old not in SIZE_NAMES or new not in SIZE_NAMES:
            return False
        rows_cols = str.maketrans("HW", "WH")
        return (
            old[0] == new[0]  # H, HH, H_out
            or old.translate(rows_cols) == new  # H and W, HH and WW
            or {old, new} in SIZE_PAIRS
        )
    if len(old) == 1 and len(new) == 1:
        return old.islower() == new.islower()
    if old.lower() == new.lower():
        return True
    if old.lstrip("d") == new.lstrip("d") and old.lstrip("d"):
        return True
    a, b = old.split("_"), new.split("_")
    if a[0] == b[0] and len(a[0]) > 0:
        return True
    if a[-1] == b[-1] and len(a[-1]) > 1:
        return True
    if len(old) <= 2 and len(new) <= 2:  # x, w, b, dw: short names of arrays
        return True
    return len(old) > 2 and len(new) > 2 and (old in new or new in old)


def _same_kind_string(old, new):
    """Dictionary keys and modes alike in form: two identifiers of letters (and digits)."""
    return old.replace("_", "").isalnum() and new.replace("_", "").isalnum()


def _store(target):
    target = copy.deepcopy(target)
    target.ctx = ast.Store()
    return target


def _with_keyword(call, name, value):
    call.keywords = [*call.keywords, ast.keyword(arg=name, value=ast.Constant(value=value))]
    return call


def _set_keyword(call, index, value):
    node = ast.parse(repr(value), mode="eval").body
    call.keywords[index] = ast.keyword(arg=call.keywords[index].arg, value=node)
    return call


def _without_keyword(call, index):
    call.keywords = [k for i, k in enumerate(call.keywords) if i != index]
    return call


def _first_arg(call, value):
    call.args[0] = value
    return call


class _Exchange(ast.NodeTransformer):
    def __init__(self, a, b):
        self.a, self.b = a, b

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in (self.a, self.b):
            return ast.Name(id=self.b if node.id == self.a else self.a, ctx=ast.Load())
        return node


def _exchanged(statement, a, b):
    if isinstance(statement, (ast.Assign, ast.AugAssign)):
        statement.value = _Exchange(a, b).visit(statement.value)
        return statement
    return _Exchange(a, b).visit(statement)


def _swap_args(call, i, j):
    call.args[i], call.args[j] = call.args[j], call.args[i]
    return call


def _swap_elts(node, i, j):
    node.elts[i], node.elts[j] = node.elts[j], node.elts[i]
    return node


def _renamed_call(call, name):
    if isinstance(call.func, ast.Attribute):
        call.func.attr = name
    else:
        call.func = ast.Name(id=name, ctx=ast.Load())
    return call


def _with_op(node, op):
    node.op = op
    return node


def _with_compare(node, op):
    node.ops = [op]
    return node


def _transposed_side(node, side):
    setattr(node, side, ast.Attribute(value=getattr(node, side), attr="T", ctx=ast.Load()))
    return node


def _negated_value(assign):
    assign.value = ast.UnaryOp(op=ast.USub(), operand=assign.value)
    return assign


class _Simplified(ast.NodeTransformer):
    """``a - 0``, ``a + 0``, ``a * 1``, ``a / 1``, ``0 + a``, ``1 * a`` and ``a ** 1`` as ``a``:
    two edits that give the same expression are the same repair (``N - 1`` without ``- 1``,
    or with ``- 0``)."""

    def visit_BinOp(self, node):
        self.generic_visit(node)
        right = node.right.value if isinstance(node.right, ast.Constant) else None
        left = node.left.value if isinstance(node.left, ast.Constant) else None
        if isinstance(node.op, (ast.Add, ast.Sub)) and right == 0 and right is not False:
            return node.left
        if isinstance(node.op, (ast.Mult, ast.Div, ast.Pow)) and right == 1 and right is not True:
            return node.left
        if isinstance(node.op, ast.Add) and left == 0 and left is not False:
            return node.right
        if isinstance(node.op, ast.Mult) and left == 1 and left is not True:
            return node.right
        return node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            if node.operand.value == 0 and node.operand.value is not False:
                return node.operand
        return node


def _replace(tree, target, new):
    """Put ``new`` where ``target`` is in ``tree`` (None deletes a statement)."""
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(v is target for v in value):
                index = next(i for i, v in enumerate(value) if v is target)
                if new is None:
                    del value[index]
                    if not value and field in ("body", "orelse", "finalbody"):
                        if field == "body":
                            value.append(ast.Pass())
                else:
                    value[index] = new
                return


def mutants(qualname, tree, executed, module_names=(), kinds=None, source=None, aliases=None):
    """The mutants of function ``tree`` (an ``ast.FunctionDef`` named ``qualname``) that edit a
    line in ``executed``, each different source once, in the order found; ``kinds`` maps its
    local names to their kinds (`kind_of`), for replacing a name by another of its kind."""
    found, seen = [], {ast.unparse(tree)}
    edits = _Edits(tree, executed, module_names, kinds, source, aliases).collect()
    for index, transform, (line, column), edit, meaning in edits:
        edited = copy.deepcopy(tree)
        target = list(ast.walk(edited))[index]
        try:
            new = transform(target)
            if new is not target:
                _replace(edited, target, new)
            ast.fix_missing_locations(edited)
            source = ast.unparse(_Simplified().visit(copy.deepcopy(edited)))
        except Exception:  # an edit that does not apply here is skipped
            continue
        if source in seen:
            continue
        seen.add(source)
        found.append(Mutant(qualname, line, edit, meaning, edited, column))
    return found


# --------------------------------------------------------------------------------------------
# The graded functions: where they are, and how a mutant replaces one
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Graded:
    """A graded function: its module, qualified name, owner (module or class), the function
    object, the module's file and source lines, and its syntax tree."""

    module: object
    qualname: str
    owner: object
    function: object
    filename: str
    lines: list
    tree: ast.FunctionDef


def find_graded(qualname):
    """The `Graded` of ``qualname`` (``affine_forward``, ``FullyConnectedNet.loss``) in the
    student files, or None."""
    first, _, rest = qualname.partition(".")
    for module_name in STUDENT_MODULES:
        try:
            module = importlib.import_module(module_name)
        except Exception:
            continue
        owner = module
        value = getattr(module, first, None)
        if value is None or getattr(value, "__module__", None) != module_name:
            continue
        if rest:
            owner, value = value, value.__dict__.get(rest)
        if not callable(value) or not hasattr(value, "__code__"):
            return None
        filename = module.__file__
        with open(filename, encoding="utf-8") as f:
            source = f.read()
        tree = _find_def(ast.parse(source, filename), qualname)
        if tree is None or tree.lineno != value.__code__.co_firstlineno - len(tree.decorator_list):
            return None  # the file changed since it was imported
        return Graded(module, qualname, owner, value, filename, source.splitlines(), tree)
    return None


def _find_def(module_tree, qualname):
    scope = module_tree.body
    parts = qualname.split(".")
    for depth, part in enumerate(parts):
        match = [
            n
            for n in scope
            if isinstance(n, (ast.FunctionDef, ast.ClassDef))
            and n.name == part
            and (isinstance(n, ast.ClassDef) == (depth < len(parts) - 1))
        ]
        if not match:
            return None
        node = match[-1]
        scope = node.body
    return node if isinstance(node, ast.FunctionDef) else None


def install(graded, tree):
    """Compile the edited function ``tree`` in ``graded``'s module globals and put it in place
    of the original everywhere the student files refer to it (for a method: on its class)."""
    tree = copy.deepcopy(tree)
    tree.decorator_list = []
    code = compile(ast.Module(body=[tree], type_ignores=[]), graded.filename, "exec")
    namespace = {}
    exec(code, graded.module.__dict__, namespace)
    function = namespace[tree.name]
    if graded.owner is graded.module:
        setattr(graded.module, tree.name, function)
        for name, module in list(sys.modules.items()):
            if name == "cs231n" or name.startswith("cs231n."):
                for attribute, value in list(vars(module).items()):
                    if value is graded.function:
                        setattr(module, attribute, function)
    else:
        setattr(graded.owner, tree.name, function)
    return function


def restore(graded, installed):
    """Undo `install`: put ``graded``'s own function back where ``installed`` was."""
    if graded.owner is graded.module:
        for name, module in list(sys.modules.items()):
            if name == "cs231n" or name.startswith("cs231n."):
                for attribute, value in list(vars(module).items()):
                    if value is installed:
                        setattr(module, attribute, graded.function)
    else:
        setattr(graded.owner, graded.tree.name, graded.function)


# --------------------------------------------------------------------------------------------
# Trials: a check run on a mutant, in a child process
# --------------------------------------------------------------------------------------------


def _passes(graded_check, seeds, stop_at_failure=True):
    """Whether ``graded_check`` passes here, with the values drawn afresh replayed from
    ``seeds`` (as `core.run_check` runs it, without hints; by default stopped by the first
    failing measurement)."""
    core.replay_seeds(seeds)
    core._STOP_AT_FAILURE[:] = [True] if stop_at_failure else []
    state = np.random.get_state()
    core.diagnose.set_sizes()
    core._CHANGED.clear()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            measurements = list(graded_check.run())
        return bool(measurements) and all(m.passed for m in measurements)
    except BaseException:  # noqa: BLE001 - a mutant may raise anything: it does not pass
        return False
    finally:
        np.random.set_state(state)
        core.replay_seeds(())
        core._STOP_AT_FAILURE.clear()


def _trial(graded_check, seeds, graded, tree):
    """In a child: install the mutant ``tree`` of ``graded`` and run the check."""
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child's prints vanish
    install(graded, tree)
    return _passes(graded_check, seeds)


def _batch(graded_check, seeds, trials, write_fd):
    """In a child: each mutant of ``trials`` (``(graded, tree)``) in turn installed, the check
    run and the function put back, one byte per mutant written to ``write_fd`` as it ends. Every
    installed function is kept alive (the numeric gradients kept for a repair are found by the
    forward function's id), and each mutant starts from the parent's kept gradients."""
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child's prints vanish
    memo, alive = measure.NUMERIC_MEMO, []
    for graded, tree in trials:
        answer = b"0"
        try:
            measure.NUMERIC_MEMO = dict(memo) if memo is not None else None
            installed = install(graded, tree)
            alive.append(installed)
            try:
                answer = b"1" if _passes(graded_check, seeds) else b"0"
            finally:
                restore(graded, installed)
        except BaseException:  # noqa: BLE001 - a mutant may raise anything: it does not pass
            answer = b"0"
        os.write(write_fd, answer)


def _forked_batch(graded_check, seeds, trials, wall_each, cpu, deadline):
    """The answers (True or False) of the first trials of ``trials`` run by `_batch` in one forked
    child allowed ``cpu`` CPU seconds, each waited for at most ``wall_each`` seconds (and not
    past ``deadline``, a time.monotonic()): a list as long as the answers received before the
    child ended or a trial took too long; the trial that took too long (or crashed the child),
    when there is one, is answered False. Cheaper than one `_forked` child per mutant: the fork
    and the first touch of the process's memory are paid once per batch."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(read_fd)
            os.setpgid(0, 0)
            if sys.platform.startswith("linux"):
                isolation._die_with_parent()
            isolation._apply_limits(isolation.Limits(wall=wall_each, cpu=max(1.0, cpu)))
            _batch(graded_check, seeds, trials, write_fd)
        except BaseException:  # noqa: BLE001, S110 - the parent sees the answers missing
            pass
        finally:
            os._exit(0)
    os.close(write_fd)
    answers = []
    try:
        while len(answers) < len(trials):
            wait = min(wall_each, deadline - time.monotonic())
            ready, _, _ = select.select([read_fd], [], [], max(0.0, wait))
            answer = os.read(read_fd, 1) if ready else b""
            if not answer:  # the child ended early, or this trial took too long
                if wait > 0:
                    answers.append(False)
                break
            answers.append(answer == b"1")
    finally:
        _reap(read_fd, pid)
    return answers


def _reap(read_fd, pid):
    """Close the pipe from a forked child, kill the child's process group and wait for it."""
    os.close(read_fd)
    isolation._kill_group(pid)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _cpu_seconds():
    """CPU seconds used by this process and its ended children."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _forked(function, args, wall, cpu):
    """``function(*args)`` (True or False) in a forked child, waited for at most ``wall``
    seconds and allowed ``cpu`` CPU seconds: False when it raises, hangs, exits or crashes.
    Leaner than `isolation.run_isolated` (one byte back, no polling): a repair runs many."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        answer = b"0"
        try:
            os.close(read_fd)
            os.setpgid(0, 0)
            if sys.platform.startswith("linux"):
                isolation._die_with_parent()
            isolation._apply_limits(isolation.Limits(wall=wall, cpu=max(1.0, cpu)))
            answer = b"1" if function(*args) is True else b"0"
        except BaseException:  # noqa: BLE001 - a mutant may raise anything: it does not pass
            pass
        finally:
            try:
                os.write(write_fd, answer)
            finally:
                os._exit(0)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], max(0.0, wall))
        answer = os.read(read_fd, 1) if ready else b""
    finally:
        _reap(read_fd, pid)
    return answer == b"1"


def kind_of(value):
    """What a local name holds, for `_Edits.name`: arrays by shape and dtype kind, other values
    by type (and tuples by length)."""
    if isinstance(value, np.ndarray):
        return ("array", value.shape, value.dtype.kind)
    if isinstance(value, (bool, np.bool_)):
        return ("bool",)
    if isinstance(value, (int, np.integer)):
        return ("int",)
    if isinstance(value, (float, np.floating)):
        return ("float",)
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, len(value))
    return (type(value).__name__,)


def _traced_trial(graded_check, seeds, functions):
    """In a child: run the check on the code as it is, recording the lines of ``functions``
    (graded) that run and the kinds of their local names when they first return; returns
    (passed, {qualname: lines}, {qualname: {name: kind}}, seconds)."""
    ranges = {g.qualname: (g.filename, g.tree.lineno, g.tree.end_lineno) for g in functions}
    executed = {name: set() for name in ranges}
    kinds = {name: {} for name in ranges}

    def tracer(frame, event, arg):
        code = frame.f_code
        for name, (filename, first, last) in ranges.items():
            if code.co_filename == filename and first <= code.co_firstlineno <= last:
                lines, own = executed[name], code.co_firstlineno == first
                found = kinds[name]

                def local(frame, event, arg):
                    if event == "line":
                        lines.add(frame.f_lineno)
                    elif event == "return" and own:  # names first seen in this call
                        for k, v in frame.f_locals.items():
                            if k not in found:
                                found[k] = (kind_of(v), id(v))
                    return local

                lines.add(frame.f_lineno)
                return local
        return None

    started = time.perf_counter()
    sys.settrace(tracer)
    try:
        passed = _passes(graded_check, seeds, stop_at_failure=False)
    finally:
        sys.settrace(None)
    for found in kinds.values():
        found.pop("self", None)
    # Names of one object (x and the cache it came from) are one name to a repair.
    aliases = {name: {k: i for k, (_, i) in found.items()} for name, found in kinds.items()}
    kinds = {name: {k: kind for k, (kind, _) in found.items()} for name, found in kinds.items()}
    return passed, executed, kinds, aliases, time.perf_counter() - started


def budget_seconds():
    """The repair budget of one failed check (``CS231N_REPAIR_SECONDS``, default 6)."""
    return core.repair_seconds()


def search(graded_check, seeds, seconds):
    """The repairs of ``graded_check`` (a failed `core.Check`): the mutants that make it pass,
    and whether every mutant was tried within ``seconds``. Runs its trials in child processes."""
    # The budget counts CPU seconds (this process's and its trials'), so that a busy machine
    # does not cut the search short; the wall clock stops it at WALL_FACTOR times the budget.
    deadline = time.monotonic() + WALL_FACTOR * seconds
    spent = _cpu_seconds()
    functions = [g for g in (find_graded(name) for name in graded_check.covers) if g]
    if not functions:
        return [], True
    # The check as it is, here (it ran to its end in the grader's child): which lines run, the
    # kinds of the local names, and the numeric gradients the trials of a backward pass reuse.
    measure.NUMERIC_MEMO = {}
    passed, executed, kinds, aliases, check_seconds = _traced_trial(graded_check, seeds, functions)
    if passed:  # unrepeatable: the check passes as it is
        return [], False
    # A mutant that hangs costs this much: the run above may have stopped early (an exception),
    # and a mutant that passes runs the whole check.
    limit = max(4.0, 3 * check_seconds + 0.5)
    candidates = []
    for graded in functions:
        names = [n for n in vars(graded.module) if not n.startswith("_")]
        candidates += [
            (graded, m)
            for m in mutants(
                graded.qualname,
                graded.tree,
                executed[graded.qualname],
                names,
                kinds[graded.qualname],
                "\n".join(graded.lines),
                aliases[graded.qualname],
            )
        ]
    if os.environ.get("CS231N_REPAIR_DEBUG"):
        print(
            f"repair: {len(candidates)} mutants, check {check_seconds:.3f} s", file=sys.__stderr__
        )
    # The mutants run in batches, several in one child; one that passes there is tried again in
    # a child of its own (a mutant that changed what the next ones see cannot make one pass).
    passing, complete, start = [], True, 0
    while start < len(candidates):
        remaining = min(deadline - time.monotonic(), seconds - (_cpu_seconds() - spent))
        if remaining <= 0.05:
            complete = False
            break
        batch = candidates[start : start + BATCH]
        answers = _forked_batch(
            graded_check,
            seeds,
            [(graded, mutant.tree) for graded, mutant in batch],
            limit,
            remaining,
            deadline,
        )
        if not answers:  # no answer at all: out of time
            complete = False
            break
        start += len(answers)
        for (graded, mutant), passed in zip(batch, answers):
            if not passed:
                continue
            # It passed once: the run that confirms it may take the rest of the budget (a
            # passing mutant runs the whole check, which on a loaded machine can exceed `limit`).
            remaining = min(deadline - time.monotonic(), seconds - (_cpu_seconds() - spent))
            if remaining <= 0.05:
                return passing, False
            wall = deadline - time.monotonic()
            if _forked(_trial, (graded_check, seeds, graded, mutant.tree), wall, remaining):
                passing.append(mutant)
                if len({m.key for m in passing}) > 1:
                    return passing, complete  # two different repairs: no hint
    return passing, complete


def describe(graded, mutant):
    """The hint naming ``mutant``'s edit on the student's line."""
    line = graded.lines[mutant.line - 1].strip() if mutant.line <= len(graded.lines) else ""
    if "  #" in line:
        line = line.split("  #")[0].rstrip()
    if len(line) > 70:
        line = line[:66] + " ..."
    name = mutant.qualname
    meaning = f" ({mutant.meaning})" if mutant.meaning else ""
    return f"line {mutant.line} of {name}: `{line}` -- {mutant.edit}, this check passes{meaning}"


def repair_hints(graded_check, seeds, seconds=None):
    """The repair hint of a failed check (a list of at most one sentence), found in this
    process's children within ``seconds`` (default `budget_seconds`): one only when every mutant
    was tried and the ones that make the check pass are one edit of one line."""
    seconds = budget_seconds() if seconds is None else seconds
    if seconds <= 0:
        return []
    passing, complete = search(graded_check, seeds, seconds)
    if not complete or not passing or len({m.key for m in passing}) != 1:
        return []
    mutant = passing[0]
    graded = find_graded(mutant.qualname)
    return [describe(graded, mutant)] if graded else []


def isolated_repair_hints(graded_check, seeds, seconds=None, check_seconds=0.0):
    """`repair_hints` in a child process (the student files are imported there, not here),
    which the grader waits for at most a few times the budget. None for a check that took
    ``check_seconds`` > a third of the budget: its search could not end in time. Never raises."""
    seconds = budget_seconds() if seconds is None else seconds
    if seconds <= 0 or check_seconds * 3 > seconds:
        return []
    try:
        outcome = isolation.run_isolated(
            _repair_in_child,
            graded_check,
            seeds,
            seconds,
            limits=isolation.Limits(wall=WALL_FACTOR * seconds + 5),
        )
    except Exception:  # hints are help: a repair that cannot run gives none
        return []
    return list(outcome.value) if outcome.ok and outcome.value else []


def _repair_in_child(graded_check, seeds, seconds):
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the student code's prints
    return repair_hints(graded_check, seeds, seconds)


def run_check_repaired(graded_check, time_limit=core.TIME_LIMIT):
    """`cs231n.grading.core.run_check_isolated`, and when the check ran and failed, the hint of a
    one-edit repair of the graded function first (in other child processes, after the grade is
    decided), before the hints of the failure's symptoms. Never raises."""
    result = core.run_check_isolated(graded_check, time_limit)
    # Not while the forward pass the check is measured through fails: an edit that passes then
    # would fit the backward pass to a wrong forward pass (`core.MEASURED_THROUGH`).
    repairable = result.ran and not result.failing_forward
    if result.status == core.FAILED and repairable and core.repair_seconds() > 0:
        found = isolated_repair_hints(
            graded_check, result.seeds, check_seconds=result.check_seconds
        )
        result.hints = found + [h for h in result.hints if h not in found]
    return result


def notebook_hints(function, seconds=None):
    """The hints of a notebook's failed check cell of ``function`` (a graded function's name,
    e.g. ``affine_backward``): its registered check is run in a child process and, when it fails
    there too, repaired (`isolated_repair_hints`). Returns ``(hints, only_these)``: when the
    forward pass the check is measured through fails (`core.MEASURED_THROUGH`), the one hint
    naming it, and the cell's other hints, which describe that forward pass's mistake as much as
    the function's, are left out. Never raises."""
    try:
        checks = [c for c in core.REGISTRY if c.name == function]
        if not checks or core.repair_seconds() <= 0:  # CS231N_REPAIR_SECONDS=0: no repair
            return [], False
        outcome = isolation.run_isolated(
            core._run_check_in_child,
            checks[0],
            core.CHECK_SEED,
            limits=isolation.Limits(wall=core.TIME_LIMIT),
        )
        if not outcome.ok:
            return [], False
        (status, *_), seeds, forward = outcome.value
        if forward:
            return [core.forward_hint(checks[0], forward)], True
        if status != core.FAILED:
            return [], False
        return isolated_repair_hints(checks[0], seeds, seconds, outcome.seconds), False
    except Exception:  # hints are help: a repair that cannot run gives none
        return [], False
