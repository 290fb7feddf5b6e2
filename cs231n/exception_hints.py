"""Why did the graded code raise? Hints from an exception and the line of your code it came from.

A check whose function raises fails with the exception's type and message. This module adds
what the exception says for sure, in the function's own terms: it looks at the traceback, finds
the innermost frame in a student file (`STUDENT_FILES`) and reads, without running anything, the
failing line (parsed with `ast`), the names on it and what they hold (None, a float, an array of
some shape, a tuple of some length). Rules then say, for example, that Python's built-in ``max``
was given an array, that a loop bound is a float because it was computed with ``/``, which cache
entry was None, or which two operands of a product have sizes that disagree.

Two steps, so that a grader can keep them apart:

- `exception_facts(error)` runs where the exception happened (the graded code's process) and
  returns plain data (strings, numbers, lists, dicts; every string capped) — or None when no
  student code is in the traceback: an exception out of checking code is never blamed on you;
- `exception_hints(facts, function)` turns facts into sentences (`cs231n.hints`). It only reads
  facts as text (`clean_facts` first checks their structure), so the hidden grader can run it
  in its own process on facts a sandboxed child sent.

`failure_hints(function, message)` does the same for a check that stopped on a wrong list of
keys (``model.params has keys [...], expected [...]``) or state not written back.
"""

import ast
import difflib
import itertools
import linecache
import re
import textwrap
import traceback

import numpy as np

from . import hints as catalog

# The files students edit (paths relative to the folder holding the package).
STUDENT_FILES = (
    "cs231n/layers.py",
    "cs231n/optim.py",
    "cs231n/classifiers/fc_net.py",
    "cs231n/classifiers/cnn.py",
)
# Provided code that checks, never code a student's function calls.
CHECKING = ("cs231n/grading/", "cs231n/gradient_check.py", "cs231n/notebook_utils.py")

MAX_TEXT = 300  # characters of a message or a line
MAX_SOURCE = 8000  # characters of a function's source
MAX_NAMES = 80  # local names described per frame
MAX_FRAMES = 6
MAX_HINTS = 3


def _role(filename):
    path = str(filename).replace("\\", "/")
    if any(path.endswith("/" + f) or path == f for f in STUDENT_FILES):
        return "student"
    if any(("/" + c) in path or path.startswith(c) for c in CHECKING):
        return "checking"
    if "/cs231n/" in path or path.startswith("cs231n/"):
        return "provided"
    return "other"


def _kind(value):
    """What a local holds, as short text, read without calling any of its methods."""
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, np.integer)):
        return f"int {int(value)}" if abs(int(value)) < 10**9 else "int"
    if isinstance(value, (float, np.floating)):
        return f"float {float(value):.6g}"
    if type(value) is np.ndarray:
        return "array " + str(tuple(int(n) for n in value.shape))
    if type(value) in (tuple, list):
        return f"{type(value).__name__} {len(value)}"
    if type(value) is dict:
        # A layer's parameter dict says which mode it ran in: a cache legitimately holds None
        # in test mode (dropout draws no mask), so a None read from it means another thing.
        mode = value.get("mode") if "mode" in value else None
        return f"dict mode {mode}" if mode in ("train", "test") else "dict"
    return "other"


def _keys_kind(value):
    """``"keys learning_rate momentum"``: the keys of a dict of a few short names (None for
    another dict, or when they do not fit in a kind's 60 characters)."""
    keys = list(value)[:20]
    if len(keys) < len(value) or not all(
        isinstance(k, str) and k.isidentifier() and len(k) <= 30 for k in keys
    ):
        return None
    text = " ".join(["keys", *keys])
    return text if len(text) <= 60 else None


def _dict_keys(names):
    """``{"config[keys]": "keys ..."}`` for the dicts among ``names`` (name, value) pairs."""
    found = {}
    for name, value in names:
        if isinstance(name, str) and type(value) is dict:
            keys = _keys_kind(value)
            if keys is not None:
                found[f"{name}[keys]"[:40]] = keys
    return found


def _attribute_kinds(owner, limit=20):
    """``{"self.bn_params": "list 2", ...}``: what a method's ``self`` holds in its lists,
    tuples and arrays (read from its instance dict, without calling any of its methods)."""
    if owner is None:
        return {}
    try:
        attributes = object.__getattribute__(owner, "__dict__")
    except Exception:
        return {}
    if type(attributes) is not dict:
        return {}
    found = {}
    for name, value in list(attributes.items())[:MAX_NAMES]:
        if isinstance(name, str) and type(value) in (list, tuple, np.ndarray):
            found[f"self.{name}"[:40]] = _kind(value)
            if len(found) >= limit:
                break
    found.update(
        list(_dict_keys((f"self.{k}", v) for k, v in list(attributes.items())[:MAX_NAMES]).items())[
            :limit
        ]
    )
    return found


def _function_source(code, lineno):
    """The source of the function whose code object is ``code``, capped."""
    lines = linecache.getlines(code.co_filename)
    if not lines:
        return ""
    tree = _parse("".join(lines))
    if tree is None:
        return ""
    best = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == code.co_name:
            end = getattr(node, "end_lineno", node.lineno)
            if node.lineno <= lineno <= end:
                if best is None or node.lineno > best.lineno:
                    best = node
    if best is None:
        return ""
    first = min([best.lineno] + [d.lineno for d in best.decorator_list])
    return "".join(lines[first - 1 : best.end_lineno])[:MAX_SOURCE]


def _qualified_name(frame):
    """``FullyConnectedNet.loss`` for a method's frame: the code's qualified name (Python 3.11+),
    else the class of its ``self`` and the function's name (Python 3.10)."""
    code = frame.f_code
    qualified = getattr(code, "co_qualname", None)
    if qualified:
        return qualified
    owner = frame.f_locals.get("self") if code.co_argcount else None
    return f"{type(owner).__name__}.{code.co_name}" if owner is not None else code.co_name


def exception_facts(error):
    """Plain data about where ``error`` came from in student code, or None when no frame of a
    student file is in its traceback, or when checking code raised it below student code."""
    try:
        frames = list(traceback.walk_tb(error.__traceback__))
    except Exception:
        return None
    roles = [_role(frame.f_code.co_filename) for frame, _ in frames]
    if "student" not in roles:
        return None
    innermost_student = max(i for i, role in enumerate(roles) if role == "student")
    if "checking" in roles[innermost_student:]:
        return None
    ours = [i for i, role in enumerate(roles) if role in ("student", "provided")]
    first_student = roles.index("student")
    chain = [i for i in ours if i >= first_student]
    if len(chain) > MAX_FRAMES:  # every student frame (the innermost first), then provided ones
        students = [i for i in chain if roles[i] == "student"][-MAX_FRAMES:]
        provided = [i for i in chain if roles[i] != "student"]
        chain = sorted(students + provided[len(provided) - (MAX_FRAMES - len(students)) :])
    described = []
    for position, index in enumerate(chain):
        frame, lineno = frames[index]
        code = frame.f_code
        entry = {
            "role": roles[index],
            "file": code.co_filename.replace("\\", "/").rsplit("/", 1)[-1][:60],
            "function": _qualified_name(frame)[:80],
            "line": linecache.getline(code.co_filename, lineno).strip()[:MAX_TEXT],
        }
        # The innermost frame and every student frame (what a function of yours handed the
        # layer it calls; a model's X and self's lists).
        if position == len(chain) - 1 or roles[index] == "student":
            names = list(frame.f_locals.items())[:MAX_NAMES]
            entry["kinds"] = {str(k)[:40]: _kind(v) for k, v in names}
            entry["kinds"].update(_dict_keys(names))
            entry["kinds"].update(_attribute_kinds(frame.f_locals.get("self")))
            entry["source"] = _function_source(code, lineno)
        described.append(entry)
    return {
        "type": type(error).__name__[:60],
        "message": str(error)[:MAX_TEXT],
        "frames": described,
    }


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean_facts(facts):
    """``facts`` as a trusted process may read them (from a sandboxed child): only the expected
    fields, as strings of capped length; None when they do not have the expected structure."""
    if not isinstance(facts, dict):
        return None

    def text(value, limit=MAX_TEXT, control=_CONTROL):
        # Text only, on one line: no control character can start a line of its own (a
        # function's source keeps its newlines; it is parsed, never shown).
        return control.sub(" ", value[:limit]) if isinstance(value, str) else ""

    frames = facts.get("frames")
    if not isinstance(frames, list) or not frames:
        return None
    cleaned = []
    for frame in frames[-MAX_FRAMES:]:
        if not isinstance(frame, dict):
            return None
        entry = {
            key: text(frame.get(key), limit)
            for key, limit in (("role", 10), ("file", 60), ("function", 80), ("line", MAX_TEXT))
        }
        if "kinds" in frame:
            kinds = frame["kinds"] if isinstance(frame["kinds"], dict) else {}
            entry["kinds"] = {text(k, 40): text(v, 60) for k, v in list(kinds.items())[:MAX_NAMES]}
            entry["source"] = text(frame.get("source"), MAX_SOURCE, _CONTROL_BUT_NEWLINE)
        cleaned.append(entry)
    return {
        "type": text(facts.get("type"), 60),
        "message": text(facts.get("message")),
        "frames": cleaned,
    }


# --------------------------------------------------------------------------------------------
# Reading a line of code
# --------------------------------------------------------------------------------------------


def _parse(text):
    """The module ``text`` parses to, or None (also for text too deep or large to parse)."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _parse_line(line):
    """The statement of one source line (a compound statement's header is completed)."""
    line = line.strip()
    for text in (line, line + " pass", line.rstrip(":") + ": pass", line.rstrip(",") + ")"):
        tree = _parse(text)
        if tree is not None and tree.body:
            return tree.body[0]
    return None


def _text(node, limit=40):
    try:
        text = ast.unparse(node)
    except Exception:
        return "?"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shape(node, kinds):
    """The shape of ``node`` when it is a name holding an array (or its ``.T``), else None."""
    if isinstance(node, ast.Attribute) and node.attr == "T":
        inner = _shape(node.value, kinds)
        return None if inner is None else inner[::-1]
    if isinstance(node, ast.Name):
        kind = kinds.get(node.id, "")
        if kind.startswith("array "):
            try:
                shape = ast.literal_eval(kind[len("array ") :])
            except (ValueError, SyntaxError):
                return None
            if isinstance(shape, tuple) and all(isinstance(n, int) for n in shape):
                return shape
    return None


def _shape_text(shape):
    return str(tuple(shape))


def _names(node):
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]


def _assignments(source, name):
    """The assignments to ``name`` in ``source``: (target node, value node) pairs."""
    tree = _parse(source) or _parse(textwrap.dedent(source))
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target)):
                    found.append((target, node.value))
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
            if isinstance(node.target, ast.Name) and node.target.id == name:
                found.append((node.target, node.value))
    return found


def _arguments(source):
    tree = _parse(source) or _parse(textwrap.dedent(source))
    for node in tree.body if tree is not None else ():
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return [a.arg for a in node.args.args + node.args.kwonlyargs]
    return []


def _forward_of(function):
    """``dropout_forward`` for ``dropout_backward`` (a method's class prefix dropped)."""
    name = function.rsplit(".", 1)[-1]
    return name[: -len("backward")] + "forward" if name.endswith("_backward") else None


# --------------------------------------------------------------------------------------------
# Rules: each takes the facts and returns sentences (empty when it does not apply)
# --------------------------------------------------------------------------------------------

S = catalog.EXCEPTION_SENTENCES


def _builtin_on_array(facts, inner, node):
    if facts["type"] != "ValueError" or "truth value of an array" not in facts["message"]:
        return []
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
            if call.func.id in ("max", "min"):
                return [S["builtin max"].format(name=call.func.id)]
    tests = [n.test for n in ast.walk(node) if isinstance(n, ast.IfExp)]
    if isinstance(node, (ast.If, ast.While)) or tests:
        tests = [node.test] if isinstance(node, (ast.If, ast.While)) else tests
        if len(tests) == 1 and not any(isinstance(n, ast.BoolOp) for n in ast.walk(tests[0])):
            # one condition: it is the array (an and/or inside it is the next rule's case)
            return [S["if on array named"].format(condition=_text(tests[0], 60))]
        return [S["if on array"]]
    if any(isinstance(n, (ast.BoolOp, ast.UnaryOp)) for n in ast.walk(node)):
        if any(isinstance(n, ast.BoolOp) for n in ast.walk(node)) or any(
            isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not) for n in ast.walk(node)
        ):
            return [S["and/or on array"]]
    if any(isinstance(n, ast.Compare) and len(n.ops) > 1 for n in ast.walk(node)):
        return [S["chained comparison"]]
    return []


_FLOAT_MESSAGES = (
    "'float' object cannot be interpreted as an integer",
    "slice indices must be integers",
    "only integers, slices",
    "'numpy.float64' object cannot be interpreted as an integer",
    "expected a sequence of integers or a single integer, got",
)


def _float_size(facts, inner, node):
    if facts["type"] not in ("TypeError", "IndexError") or not any(
        m in facts["message"] for m in _FLOAT_MESSAGES
    ):
        return []
    kinds = inner.get("kinds", {})
    floats = [n for n in dict.fromkeys(_names(node)) if kinds.get(n, "").startswith("float ")]
    if not floats:
        return [S["float size"]]
    sources = inner.get("source", "")
    divided = all(
        any(
            any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div) for n in ast.walk(value))
            for _, value in _assignments(sources, name)
        )
        for name in floats
    )
    values = ", ".join(repr(float(kinds[name][len("float ") :])) for name in floats[:4])
    return [
        S["float name divided" if divided else "float name"].format(
            names=_join(floats[:4]),
            is_are="is a float" if len(floats) == 1 else "are floats",
            values=values,
        )
    ]


def _none_value(facts, inner, node, function):
    if "NoneType" not in facts["message"]:
        return []
    kinds = inner.get("kinds", {})
    nones = [n for n in dict.fromkeys(_names(node)) if kinds.get(n) == "None"]
    if not nones:
        return []
    name = nones[0]
    source = inner.get("source", "")
    where = inner["function"]
    for target, value in _assignments(source, name):
        if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name):
            holder = value.value.id
        elif isinstance(value, ast.Name) and isinstance(target, (ast.Tuple, ast.List)):
            holder = value.id
        else:
            holder = None
        if holder and "cache" in holder:
            forward = _forward_of(where)
            if any(kind == "dict mode test" for kind in kinds.values()) and forward:
                # The forward pass ran in test mode, where it stores None there by design: the
                # backward pass took its train-mode path in test mode.
                return [
                    S["None from cache in test mode"].format(
                        name=name, forward=forward, function=where.rsplit(".", 1)[-1]
                    )
                ]
            return [
                S["None from cache"].format(
                    name=name, cache=holder, forward=forward or "the forward pass"
                )
            ]
        if holder and isinstance(value, ast.Subscript):
            return [S["None from dict"].format(name=name, item=_text(value, 60))]
        if isinstance(value, ast.Call):
            if isinstance(value.func, ast.Attribute) and value.func.attr == "get":
                return [S["None from get"].format(name=name, item=_text(value, 60))]
            return [S["None from call"].format(name=name, call=_text(value.func, 40))]
    if name in _arguments(source):
        return [S["None argument"].format(name=name, function=where)]
    return [S["None name"].format(name=name)]


def _unpacking(facts, frames):
    match = re.search(
        r"(too many|not enough) values to unpack \(expected (\d+)(?:, got (\d+))?\)",
        facts["message"],
    )
    if facts["type"] != "ValueError" or not match:
        return []
    inner = frames[-1]
    node = _parse_line(inner.get("line", ""))
    if not isinstance(node, (ast.Assign, ast.For)):
        return []
    value = node.value if isinstance(node, ast.Assign) else node.iter
    if not isinstance(value, ast.Name):
        return []
    expected = match.group(2)
    kind = inner.get("kinds", {}).get(value.id, "")
    got = match.group(3) or (kind.split()[1] if kind.startswith(("tuple ", "list ")) else None)
    if not got or "cache" not in value.id:
        return []
    function = inner["function"]
    forward = _forward_of(function)
    if forward is None:
        return []
    caller = None
    if inner.get("role") == "provided" or len(frames) > 1:
        for frame in reversed(frames[:-1]):
            if frame.get("role") == "student":
                caller = frame
                break
    argument = None
    if caller is not None:
        call_node = _parse_line(caller.get("line", ""))
        short = function.rsplit(".", 1)[-1]
        for call in ast.walk(call_node) if call_node is not None else ():
            if isinstance(call, ast.Call) and _text(call.func, 80).endswith(short):
                names = [a.id for a in call.args if isinstance(a, ast.Name) and "cache" in a.id]
                argument = names[0] if names else None
    if inner.get("role") == "provided" and argument and caller is not None:
        return [
            S["foreign cache"].format(
                function=function.rsplit(".", 1)[-1],
                got=got,
                expected=expected,
                forward=forward,
                argument=argument,
                caller=caller["function"],
            )
        ]
    return [
        S["cache disagrees"].format(
            function=function.rsplit(".", 1)[-1], got=got, expected=expected, forward=forward
        )
    ]


def _matmul(facts, inner, node):
    message = facts["message"]
    if facts["type"] != "ValueError" or not ("matmul" in message or "not aligned" in message):
        return []
    products = []
    for n in ast.walk(node):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult):
            products.append((n, n.left, n.right))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "dot":
            if isinstance(n.func.value, ast.Name) and n.func.value.id in ("np", "numpy"):
                if len(n.args) == 2:
                    products.append((n, n.args[0], n.args[1]))
            elif len(n.args) == 1:
                products.append((n, n.func.value, n.args[0]))
    if len(products) != 1:
        return []
    whole, left, right = products[0]
    kinds = inner.get("kinds", {})
    a, b = _shape(left, kinds), _shape(right, kinds)
    if not a or not b:
        return []
    inner_b = b[0] if len(b) == 1 else b[-2]
    if a[-1] == inner_b:
        return []
    return [
        S["matmul shapes"].format(
            product=_text(whole, 60),
            left=_text(left),
            right=_text(right),
            left_shape=_shape_text(a),
            right_shape=_shape_text(b),
            left_size=a[-1],
            right_size=inner_b,
            right_axis="first" if len(b) <= 2 else "second-to-last",
        )
    ]


def _shapes_in(text):
    return [
        tuple(int(n) for n in group.split(",") if n) for group in re.findall(r"\(([\d,]*)\)", text)
    ]


def _broadcast(facts, inner, node):
    message = facts["message"]
    if facts["type"] != "ValueError":
        return []
    kinds = inner.get("kinds", {})
    match = re.search(r"could not be broadcast together with shapes ((?:\([\d,]*\) ?)+)", message)
    if match:
        shapes = _shapes_in(match.group(1))
        if len(shapes) == 3 and isinstance(node, ast.AugAssign):  # an in-place update
            other_axes = _reduced_over_other_axes(node.value, shapes[0], inner)
            return (
                [_augmented(node, shapes[0], shapes[1])]
                + ([other_axes] if other_axes else [])
                + _unpadded_slice(node, inner)
            )
        if len(shapes) != 2:
            return []
        full, partial = [], []
        for n in ast.walk(node):
            if isinstance(n, ast.BinOp) and not isinstance(n.op, ast.MatMult):
                pair = (_shape(n.left, kinds), _shape(n.right, kinds))
                if pair == tuple(shapes):
                    full.append(n)
                elif (pair[0] == shapes[0] and pair[1] is None) or (
                    pair[1] == shapes[1] and pair[0] is None
                ):
                    partial.append(n)
        if isinstance(node, ast.AugAssign) and not full and not partial:
            return []
        if not full and any(
            (pair[0] is None and pair[1] == shapes[0]) or (pair[1] is None and pair[0] == shapes[1])
            for pair in (
                (_shape(n.left, kinds), _shape(n.right, kinds))
                for n in ast.walk(node)
                if isinstance(n, ast.BinOp) and n not in partial
            )
        ):
            # Another product could be the operand of the other shape (momentum * v against
            # lr * dw): which operation failed is not certain.
            partial = []
        chosen = full if full else partial
        source = inner.get("source", "")
        reduced = []  # (BinOp, sentence) where one side is a reduction that lost an axis
        for n in chosen or [n for n in ast.walk(node) if isinstance(n, ast.BinOp)]:
            if isinstance(n.op, ast.MatMult):
                continue
            for side, other, side_shape, other_shape in (
                (n.left, n.right, shapes[0], shapes[1]),
                (n.right, n.left, shapes[1], shapes[0]),
            ):
                why = _reduced_without_keepdims(side, side_shape, other_shape, source)
                if why:
                    reduced.append((n, why.format(other=_text(other))))
                    break
        if len(chosen) != 1:
            if len(reduced) != 1:
                return []
            chosen = [reduced[0][0]]
        left, right = chosen[0].left, chosen[0].right
        found = [_disagree(left, right, *shapes)]
        found += [why for n, why in reduced if n is chosen[0]][:1]
        return found + _unpadded_slice(node, inner)
    match = re.search(
        r"non-broadcastable output operand with shape (\([\d,]*\)) doesn't match the "
        r"broadcast shape (\([\d,]*\))",
        message,
    )
    if match and isinstance(node, ast.AugAssign):
        return [_augmented(node, *_shapes_in(match.group(1) + match.group(2)))]
    match = re.search(
        r"could not broadcast input array from shape (\([\d,]*\)) into shape (\([\d,]*\))",
        message,
    )
    if match and isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Subscript):
            value, into = _shapes_in(match.group(1) + match.group(2))
            found = [
                S["slice assignment"].format(
                    target=_text(target, 60),
                    target_shape=_shape_text(into),
                    value=_text(node.value, 60),
                    value_shape=_shape_text(value),
                )
            ]
            other_axes = _reduced_over_other_axes(node.value, into, inner)
            return found + ([other_axes] if other_axes else [])
    return []


_REDUCTIONS = ("mean", "sum", "var", "std", "max", "min")
_ELEMENTWISE = ("log", "exp", "sqrt", "abs", "square")


def _axes(node):
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError):
        return None
    value = value if isinstance(value, tuple) else (value,)
    return value if all(type(a) is int for a in value) else None


def _reduction(node, source):
    """The reduction call ``node`` is (``x.mean(axis=1)``, ``np.sum(x, 1)``) or that ``node``,
    a name, was assigned from; None when it is neither."""
    if isinstance(node, ast.Name):
        values = [v for t, v in _assignments(source, node.id) if isinstance(t, ast.Name)]
        return _reduction(values[-1], "") if len(values) == 1 else None
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    if node.func.attr in _ELEMENTWISE and len(node.args) == 1 and not node.keywords:
        return _reduction(node.args[0], source)  # np.log(x.sum(axis=1)) keeps the sum's shape
    if node.func.attr not in _REDUCTIONS:
        return None
    return node


def _reduced_without_keepdims(node, shape, other_shape, source):
    """A sentence (a template with ``{other}``) when ``node``, of ``shape``, is a reduction
    over an axis without keepdims and ``shape`` is ``other_shape`` without that axis."""
    call = _reduction(node, source)
    if call is None or shape is None:
        return None
    keywords = {k.arg: k.value for k in call.keywords}
    if "keepdims" in keywords:
        return None
    axis = keywords.get("axis")
    position = 1 if _text(call.func.value) in ("np", "numpy") else 0
    if axis is None and len(call.args) > position:
        axis = call.args[position]
    axes = _axes(axis) if axis is not None else None
    ndim = len(other_shape)
    if not axes or not all(-ndim <= a < ndim for a in axes):
        return None
    kept = tuple(n for k, n in enumerate(other_shape) if k not in {a % ndim for a in axes})
    if tuple(shape) != kept:
        return None
    return S["reduced without keepdims"].format(
        name=_text(node),
        function=_text(call.func, 60),
        axes=_join([str(a) for a in axes]),
        shape=_shape_text(shape),
        other="{other}",
        other_shape=_shape_text(other_shape),
    )


def _reduced_over_other_axes(node, target_shape, inner):
    """A sentence when the value assigned, ``node``, is a reduction of a local array of known
    shape over axes that leave another shape than ``target_shape``, while reducing exactly one
    other set of as many axes leaves ``target_shape``: those are the axes to reduce."""
    call = _reduction(node, inner.get("source", ""))
    if call is None or isinstance(node, ast.Name):
        return None
    keywords = {k.arg: k.value for k in call.keywords}
    position = 1 if _text(call.func.value) in ("np", "numpy") else 0
    array = call.func.value if position == 0 else (call.args[0] if call.args else None)
    axis = keywords.get("axis")
    if axis is None and len(call.args) > position:
        axis = call.args[position]
    shape = _shape(array, inner.get("kinds", {})) if array is not None else None
    axes = _axes(axis) if axis is not None else None
    if shape is None or not axes or "keepdims" in keywords:
        return None
    ndim = len(shape)
    if not all(-ndim <= a < ndim for a in axes):
        return None
    target = tuple(target_shape)
    fits = [
        chosen
        for chosen in itertools.combinations(range(ndim), len(axes))
        if tuple(n for k, n in enumerate(shape) if k not in chosen) == target
    ]
    given = tuple(sorted(a % ndim for a in axes))
    if len(fits) != 1 or fits[0] == given:
        return None
    return S["reduced over other axes"].format(
        value=_text(node, 60),
        name=_text(array),
        shape=_shape_text(shape),
        axes=_join([str(a) for a in given]),
        right=_join([str(a) for a in fits[0]]),
        target=_shape_text(target),
    )


def _unpadded_slice(node, inner):
    """A window sliced from an array that the function also pads (np.pad): the slice of the
    unpadded array is cut short at its edge."""
    padded = {}
    source = inner.get("source", "")
    tree = _parse(source) or _parse(textwrap.dedent(source))
    for n in ast.walk(tree) if tree is not None else ():
        if (
            isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and isinstance(n.value, ast.Call)
            and _text(n.value.func) in ("np.pad", "numpy.pad")
            and n.value.args
            and isinstance(n.value.args[0], ast.Name)
        ):
            padded[n.value.args[0].id] = n.targets[0].id
    for n in ast.walk(node):
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id in padded:
            return [S["unpadded slice"].format(name=n.value.id, padded=padded[n.value.id])]
    return []


def _padding(facts, inner):
    """np.pad that grew other axes than the last two (of an image batch)."""
    if "conv" not in inner.get("function", ""):
        return []
    kinds = inner.get("kinds", {})
    source = inner.get("source", "")
    tree = _parse(source) or _parse(textwrap.dedent(source))
    for n in ast.walk(tree) if tree is not None else ():
        if not (
            isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and isinstance(n.value, ast.Call)
            and _text(n.value.func) in ("np.pad", "numpy.pad")
            and n.value.args
        ):
            continue
        before, after = _shape(n.value.args[0], kinds), _shape(n.targets[0], kinds)
        if not before or not after or len(before) != len(after) or len(after) < 3:
            continue
        grown = [k for k in range(len(after)) if after[k] != before[k]]
        if any(k < len(after) - 2 for k in grown):
            return [
                S["padded every axis"].format(
                    padded=n.targets[0].id,
                    name=_text(n.value.args[0]),
                    shape=_shape_text(after),
                    before=_shape_text(before),
                    axes=_join([str(k) for k in grown]),
                )
            ]
    return []


def _augmented(node, target_shape, value_shape):
    return S["augmented assignment"].format(
        target=_text(node.target),
        op=_text_op(node.op),
        target_shape=_shape_text(target_shape),
        value_shape=_shape_text(value_shape),
    )


def _text_op(op):
    return {ast.Add: "+=", ast.Sub: "-=", ast.Mult: "*=", ast.Div: "/="}.get(type(op), "=")


def _disagree(left, right, a, b):
    axes = []
    for offset in range(1, max(len(a), len(b)) + 1):
        x = a[-offset] if offset <= len(a) else 1
        y = b[-offset] if offset <= len(b) else 1
        if x != y and 1 not in (x, y):
            axes.append((offset, x, y))
    offset, x, y = axes[0] if axes else (1, "?", "?")
    return S["broadcast shapes"].format(
        left=_text(left),
        right=_text(right),
        left_shape=_shape_text(a),
        right_shape=_shape_text(b),
        axis=f"axis {len(a) - offset}" if offset <= len(a) else "the last axes",
        x=x,
        y=y,
    )


def _int_value(node, kinds):
    """The value of a simple index (a name holding an int, a constant, their sum or
    difference), or None."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.Name):
        kind = kinds.get(node.id, "").split()
        return int(kind[1]) if len(kind) == 2 and kind[0] == "int" else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        left, right = _int_value(node.left, kinds), _int_value(node.right, kinds)
        if left is None or right is None:
            return None
        return left + right if isinstance(node.op, ast.Add) else left - right
    return None


def _list_index(facts, inner, node):
    if facts["type"] != "IndexError" or "index out of range" not in facts["message"]:
        return []
    kinds = inner.get("kinds", {})
    found = []
    for n in ast.walk(node):
        if not isinstance(n, ast.Subscript):
            continue
        name = _text(n.value, 40)
        if not (isinstance(n.value, ast.Name) or re.fullmatch(r"self\.\w+", name)):
            continue
        kind = kinds.get(name, "").split()
        if len(kind) != 2 or kind[0] not in ("list", "tuple"):
            continue
        index, size = _int_value(n.slice, kinds), int(kind[1])
        if index is not None and not -size <= index < size:
            found.append(
                S["index past the end"].format(
                    item=_text(n, 40),
                    index=index,
                    name=name,
                    kind=kind[0],
                    size=size,
                    last=size - 1,
                )
            )
            # A model's per-layer list (one entry per layer, from 0) indexed by a layer number
            # (from 1): the last layer's number is one past the end.
            if name.startswith("self.") and index == size and isinstance(n.slice, ast.Name):
                found.append(S["layer number as list index"].format(item=_text(n, 40), name=name))
    return found[:2]


_SCALAR_ONLY = ("only 0-dimensional arrays", "only length-1 arrays", "only size-1 arrays")


def _scalar_function(facts, inner, node):
    if facts["type"] != "TypeError" or not any(m in facts["message"] for m in _SCALAR_ONLY):
        return []
    for call in ast.walk(node):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "math"
        ):
            return [S["math on array"].format(name=call.func.attr)]
    return []


def _numpy_call(facts, inner, node):
    """np.zeros(a, b) (the second argument is a dtype) and np.random.randn((a, b))."""
    message = facts["message"]
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        name = _text(call.func, 60)
        if (
            ("as a data type" in message or "positional argument" in message)
            and name in ("np.zeros", "np.ones", "np.empty", "np.full", "numpy.zeros")
            and len(call.args) >= 2 + (name == "np.full")
        ):
            return [S["shape as separate numbers"].format(function=name)]
        kinds = inner.get("kinds", {})
        if (
            "'tuple' object cannot be interpreted as an integer" in message
            and name in ("np.random.randn", "np.random.rand", "rand", "randn")
            and any(
                isinstance(a, (ast.Tuple, ast.List))
                or (isinstance(a, ast.Attribute) and a.attr == "shape")
                or kinds.get(getattr(a, "id", ""), "").startswith("tuple ")
                for a in call.args
            )
        ):
            return [S["sizes as a tuple"].format(function=name)]
    return []


def _unbound(facts, inner, node):
    match = re.search(
        r"local variable '(\w+)' (?:referenced before assignment|where it is not associated)",
        facts["message"],
    )
    if facts["type"] != "UnboundLocalError" or not match:
        return []
    return [S["unbound"].format(name=match.group(1), function=inner["function"])]


def _undefined_name(facts, inner, node):
    """A NameError: a name close to one the function has, an argument of ``__init__`` read in
    another method, or a value of the forward pass read in a backward pass."""
    match = re.fullmatch(r"name '(\w+)' is not defined", facts["message"])
    if facts["type"] != "NameError" or not match:
        return []
    name, function = match.group(1), inner["function"]
    kinds = inner.get("kinds", {})
    local_names = [k for k in kinds if "." not in k and k != name]
    close = difflib.get_close_matches(name, local_names, n=1, cutoff=0.8)
    if close:
        return [S["undefined, close"].format(name=name, function=function, close=close[0])]
    if "self" in kinds:
        return [S["undefined, method"].format(name=name, function=function)]
    forward = _forward_of(function)
    if forward:
        return [S["undefined, backward"].format(name=name, function=function, forward=forward)]
    return []


def _tuple_of_axes(facts, inner, node):
    """np.argmax / np.argmin given a tuple of axes (they take one)."""
    if (
        facts["type"] != "TypeError"
        or "'tuple' object cannot be interpreted" not in facts["message"]
    ):
        return []
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        name = _text(call.func).rsplit(".", 1)[-1]
        axes = [k.value for k in call.keywords if k.arg == "axis"]
        numpy = isinstance(call.func, ast.Attribute) and _text(call.func.value) in ("np", "numpy")
        axes += call.args[1:2] if numpy else call.args[:1]
        if name in ("argmax", "argmin") and any(isinstance(a, ast.Tuple) for a in axes):
            return [S["tuple of axes"].format(call=name)]
    return []


def _empty_reduction(facts, inner, node):
    """A max or min over an empty slice (numpy's "zero-size array to reduction operation")."""
    match = re.search(r"zero-size array to reduction operation (\w+)", facts["message"])
    if facts["type"] != "ValueError" or not match:
        return []
    # The slice the reduction reads: on the right of an assignment, with a bound (not ``:``).
    value = node.value if isinstance(node, (ast.Assign, ast.AugAssign)) else node
    for subscript in ast.walk(value):
        if not isinstance(subscript, ast.Subscript):
            continue
        index = subscript.slice
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        if any(isinstance(p, ast.Slice) and (p.lower or p.upper) for p in parts):
            array = _text(subscript.value)
            return [S["empty slice"].format(operation=match.group(1), array=array)]
    # The reduced array is a name that holds an empty slice, cut on an earlier line.
    kinds = inner.get("kinds", {})
    for name in dict.fromkeys(_names(value)):
        shape = _shape(ast.Name(name), kinds)
        if not shape or 0 not in shape:
            continue
        for _, assigned in _assignments(inner.get("source", ""), name):
            found = _empty_axis(assigned, shape.index(0), kinds)
            if found:
                return [
                    S["empty slice start"].format(
                        operation=match.group(1), name=name, shape=_shape_text(shape), **found
                    )
                ]
    return []


def _int_of(node, kinds):
    """The whole number an expression of int locals and literals gives (+, -, *, //), or None."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.Name):
        kind = kinds.get(node.id, "")
        return int(kind.split()[1]) if re.fullmatch(r"int -?\d+", kind) else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _int_of(node.operand, kinds)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
        left, right = _int_of(node.left, kinds), _int_of(node.right, kinds)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Add):
            return left + right
        return left - right if isinstance(node.op, ast.Sub) else left * right
    return None


def _empty_axis(assigned, axis, kinds):
    """Where an empty slice along ``axis`` starts: the slice, its start's value and the length
    of the sliced array's axis, when the start lies at or past the end of that axis."""
    if not isinstance(assigned, ast.Subscript):
        return None
    parts = assigned.slice.elts if isinstance(assigned.slice, ast.Tuple) else [assigned.slice]
    if len(parts) <= axis or not isinstance(parts[axis], ast.Slice):
        return None
    start = parts[axis].lower
    sliced = _shape(assigned.value, kinds)
    value = _int_of(start, kinds) if start is not None else None
    if value is None or not sliced or len(sliced) <= axis or value < sliced[axis]:
        return None
    loop = [n for n in dict.fromkeys(_names(start)) if n in ("i", "j", "k", "h", "w")]
    return {
        "slice": _text(assigned, 90),
        "start": _text(start, 40),
        "value": value,
        "array": _text(assigned.value, 30),
        "axis": axis,
        "size": sliced[axis],
        "at": " when " + _join([f"{n} = {kinds[n].split()[1]}" for n in loop]) if loop else "",
    }


def _tuple_from_call(facts, inner, node):
    message = facts["message"]
    if not re.search(r"'tuple'|sequence by non-int|tuple index", message):
        return []
    kinds = inner.get("kinds", {})
    for name in dict.fromkeys(_names(node)):
        kind = kinds.get(name, "").split()
        if len(kind) != 2 or kind[0] != "tuple":
            continue
        for target, value in _assignments(inner.get("source", ""), name):
            if (
                isinstance(target, ast.Name)
                and isinstance(value, ast.Call)
                and re.search(r"(forward|backward|loss)\w*$", _text(value.func, 80))
            ):
                return [
                    S["tuple from call"].format(
                        name=name, call=_text(value.func, 40), count=kind[1]
                    )
                ]
    return []


def _reshape(facts, inner, node):
    match = re.search(
        r"cannot reshape array of size (\d+) into shape (\([^)]*\))", facts["message"]
    )
    if facts["type"] != "ValueError" or not match:
        return []
    calls = [
        n
        for n in ast.walk(node)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "reshape"
    ]
    if len(calls) != 1:
        return []
    receiver = calls[0].func.value
    shape = _shape(receiver, inner.get("kinds", {}))
    if shape is None:
        return []
    return [
        S["reshape size"].format(
            array=_text(receiver),
            shape=_shape_text(shape),
            size=match.group(1),
            target=match.group(2),
        )
    ]


def _python_types(facts, inner, node):
    """A str joined with an int; a tuple indexed with a string; a parameter numbered 0."""
    message, kinds = facts["message"], inner.get("kinds", {})
    if facts["type"] == "TypeError" and 'can only concatenate str (not "int") to str' in message:
        return [S["str plus int"]]
    if facts["type"] == "TypeError" and "tuple indices must be integers" in message:
        for n in ast.walk(node):
            if (
                isinstance(n, ast.Subscript)
                and isinstance(n.value, ast.Name)
                and kinds.get(n.value.id, "").startswith("tuple ")
                and isinstance(n.slice, ast.Constant)
                and isinstance(n.slice.value, str)
            ):
                return [
                    S["tuple by key"].format(name=n.value.id, count=kinds[n.value.id].split()[1])
                ]
    if facts["type"] == "KeyError" and re.fullmatch(r"'(W|b|gamma|beta)0'", message):
        return [S["numbered from 1"]]
    return []


def _dtypes(facts, inner, node):
    """Numbers written in place into a boolean or integer array; arithmetic on boolean arrays."""
    message = facts["message"]
    cast = re.search(
        r"Cannot cast ufunc '(\w+)' output from dtype\('(\w+)'\) to dtype\('(\w+)'\)", message
    )
    if cast:
        operation, result, target = cast.groups()
        if target == "bool":
            if isinstance(node, ast.AugAssign):
                target = node.target
                while isinstance(target, ast.Subscript):  # dx of dx[rows, y] -= ...
                    target = target.value
                return [S["bool in place"].format(target=_text(target), op=_text_op(node.op))]
            return [S["bool array in place"].format(operation=operation)]
        if target.startswith(("int", "uint")) and result.startswith(("float", "complex")):
            return [S["int array in place"].format(operation=operation)]
        return []
    boolean = re.search(r"numpy boolean (\w+), the `.` operator, is not supported", message)
    if boolean and facts["type"] == "TypeError":
        return [S["bool arithmetic"].format(operation=boolean.group(1))]
    return []


def _flat_argmax(facts, inner, node):
    """An index from np.argmax without an axis (a flat index) used to index an array."""
    if facts["type"] != "IndexError" or "out of bounds" not in facts["message"]:
        return []
    source = inner.get("source", "")
    for n in ast.walk(node):
        if not isinstance(n, ast.Subscript):
            continue
        for name in _names(n.slice):
            for _, value in _assignments(source, name):
                if not (isinstance(value, ast.Call) and _text(value.func).endswith("argmax")):
                    continue
                func = value.func
                numpy = isinstance(func, ast.Attribute) and _text(func.value) in ("np", "numpy")
                axis = any(k.arg == "axis" for k in value.keywords)
                if not axis and len(value.args) == (1 if numpy else 0):
                    return [S["flat argmax"].format(name=name)]
    return []


def _gradient_shaped_like_dout(facts, inner, node):
    """Writing into a gradient ``d<name>`` fails (an index out of bounds, a broadcast) while it
    has dout's shape and ``<name>`` another: it was allocated like dout, not like ``<name>``."""
    message = facts["message"]
    if not (
        (facts["type"] == "IndexError" and "out of bounds" in message)
        or (facts["type"] == "ValueError" and "could not be broadcast" in message)
    ):
        return []
    kinds = inner.get("kinds", {})
    upstream = _shape(ast.Name("dout"), kinds)
    if upstream is None:
        return []
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    for target in targets:
        if not (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)):
            continue
        name = target.value.id
        own = _shape(ast.Name(name[1:]), kinds) if name.startswith("d") else None
        if name != "dout" and own is not None and own != upstream:
            if _shape(target.value, kinds) == upstream:
                return [
                    S["gradient shaped like dout"].format(
                        name=name,
                        input=name[1:],
                        shape=_shape_text(upstream),
                        input_shape=_shape_text(own),
                    )
                ]
    return []


def _net_frame(frames):
    for frame in frames:
        if frame.get("role") == "student" and frame.get("function", "").endswith(".loss"):
            return frame
    return None


def _layer_order(facts, frames):
    match = re.search(
        r"^(\w+): dout must have the shape of the forward output .*= (\([\d, ]*\)), "
        r"got (\([\d, ]*\))",
        facts["message"],
    )
    net = _net_frame(frames)
    if not match or net is None:
        return []
    found = [
        S["dout of another layer"].format(
            layer=match.group(1), expected=match.group(2), got=match.group(3), net=net["function"]
        )
    ]
    return found + _stale_cache(net, match.group(1)) + _cache_index(net)


def _cache_index(net):
    """Which of the caches a net's backward loop reads at the failing step: the one read with
    an index computed from the loop's variables (``caches[i - 1]``, ``caches[-i]``)."""
    tree = _tree_of(net)
    kinds = net.get("kinds", {})
    reads = {}
    for loop in ast.walk(tree) if tree is not None else ():
        if not isinstance(loop, ast.For):
            continue
        for n in ast.walk(loop):
            if (
                isinstance(n, ast.Subscript)
                and isinstance(n.ctx, ast.Load)
                and isinstance(n.value, ast.Name)
                and "cache" in n.value.id
                and re.fullmatch(r"list \d+", kinds.get(n.value.id, ""))
                and _names(n.slice)
            ):
                reads[_text(n, 60)] = n
    if len(reads) != 1:
        return []
    ((text, read),) = reads.items()
    value = _int_of(read.slice, kinds)
    count = int(kinds[read.value.id].split()[1])
    if value is None or not -count <= value < count:
        return []
    step = _join([f"{v} = {kinds[v].split()[1]}" for v in dict.fromkeys(_names(read.slice))])
    position = value % count
    which = (
        "the first"
        if position == 0
        else "the last"
        if position == count - 1
        else f"number {position + 1}"
    )
    return [
        S["cache index"].format(
            step=step,
            read=text,
            value=f"{read.value.id}[{value}]",
            same="" if value >= 0 else f", which is {read.value.id}[{position}]",
            which=which,
            count=count,
            negative=" (a negative index counts from the end)" if value < 0 else "",
        )
    ]


def _stale_cache(net, layer):
    """The cache a backward call in a loop of ``net`` gets, when that loop never assigns it: it
    keeps the value it had before the loop (the forward pass's last layer's), every pass."""
    call = _parse_line(net.get("line", ""))
    source = net.get("source", "")
    tree = _parse(source) or _parse(textwrap.dedent(source))
    if call is None or tree is None:
        return []
    calls = [
        n
        for n in ast.walk(call)
        if isinstance(n, ast.Call) and _text(n.func) == layer and len(n.args) == 2
    ]
    if len(calls) != 1 or not isinstance(calls[0].args[1], ast.Name):
        return []
    name, text = calls[0].args[1].id, _text(calls[0], 200)
    for loop in ast.walk(tree):
        if not isinstance(loop, ast.For):
            continue
        inside = [n for n in ast.walk(loop) if isinstance(n, ast.Call) and _text(n, 200) == text]
        if not inside:
            continue
        assigned = any(
            isinstance(t, ast.Name) and t.id == name
            for n in ast.walk(loop)
            for target in (
                n.targets
                if isinstance(n, ast.Assign)
                else [n.target]
                if isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.For))
                else []
            )
            for t in ast.walk(target)
        )
        if assigned or _assignments(source, name) == []:
            return []
        return [S["stale cache"].format(name=name, layer=layer, net=net["function"])]
    return []


def _shared_bn_param(facts, frames):
    match = re.search(
        r"bn_param\['running_(?:mean|var)'\] must have shape \((\d+),\).*got \((\d+),\)",
        facts["message"],
    )
    net = _net_frame(frames)
    if not match or net is None:
        return []
    # A running average as long as the batch was computed over the wrong axis, not shared.
    batch = {
        _shape(ast.Name(id="x"), frame.get("kinds", {})) for frame in frames if "kinds" in frame
    }
    if any(shape and shape[0] == int(match.group(2)) for shape in batch):
        return []
    return [
        S["shared bn_param"].format(width=match.group(1), other=match.group(2), net=net["function"])
    ]


_LAYER_SHAPE = re.compile(
    r"^(?P<layer>\w+): (?P<name>\w+) must have shape (?P<layout>\([^)]*\)), "
    r"got shape (?P<got>\([^)]*\))"
)


def _layer_shape_from_caller(facts, frames):
    """A layer's input check refused an array that a spatial layer of yours handed it (its 4-D
    input passed to the 2-D layer it is built on)."""
    match = _LAYER_SHAPE.match(facts["message"])
    if not match:
        return []
    students = [f.get("function", "") for f in frames if f.get("role") == "student"]
    if len(students) < 2 or not students[-1].startswith(match.group("layer")):
        return []  # not a layer of yours refusing an input, or no caller of yours
    layer = students[-1]
    callers = [name for name in students[:-1] if name != layer]
    if not callers:
        return []
    caller = callers[-1]
    if not caller.startswith("spatial_"):  # a net's wrong array has other causes
        return []
    key = "layer shape from spatial" if caller.startswith("spatial_batchnorm") else "layer shape"
    found = dict(match.groupdict(), layer=layer)
    return [S[key].format(caller=caller, **found)]


_NORM_PARAMS = re.compile(
    r"^(?P<kind>batchnorm|layernorm): gamma and beta must have shape (?P<layout>\(\d+,\)), "
    r"got (?P<got>\([\d, ]*\)) and"
)


def _norm_params_from_caller(facts, frames):
    """A normalization layer of yours refused the gamma and beta, not one value per column, that
    a spatial layer of yours built on it handed it (its own (1, C, 1, 1) ones, say)."""
    match = _NORM_PARAMS.match(facts["message"])
    students = [f.get("function", "") for f in frames if f.get("role") == "student"]
    if not match or len(students) < 2 or not students[-1].startswith(match.group("kind")):
        return []
    if re.fullmatch(r"\(\d+,\)", match.group("got")):
        return []  # one value per column, of another length: `_norm_param_size`
    callers = [name for name in students[:-1] if name != students[-1]]
    if not callers or not callers[-1].startswith("spatial_"):
        return []
    key = "norm params from groups" if "groupnorm" in callers[-1] else "norm params"
    found = {"layout": match.group("layout"), "got": match.group("got")}
    return [S[key].format(caller=callers[-1], layer=students[-1], **found)]


_AFFINE_INPUT = re.compile(
    r"^affine: x of shape (?P<shape>\([\d, ]*\)) flattens to (?P<got>\d+) features per "
    r"example but w expects (?P<expected>\d+)"
)


def _layer_given_net_input(facts, frames):
    """An affine layer inside a model's loss refused the model's own input X (same shape): a
    layer after the first was given X instead of the previous layer's output."""
    match = _AFFINE_INPUT.match(facts["message"])
    net = _net_frame(frames)
    if not match or net is None:
        return []
    if _shape(ast.Name(id="X"), net.get("kinds", {})) != ast.literal_eval(match.group("shape")):
        return []
    return [S["layer given X"].format(net=net["function"], **match.groupdict())]


def _layer_input_of_other_width(facts, frames):
    """An affine layer inside a model's loss refused an input that is not the model's X: it got
    another layer's output (a loop that skips a layer), or a conv output of another size."""
    match = _AFFINE_INPUT.match(facts["message"])
    net = _net_frame(frames)
    if not match or net is None:
        return []
    shape = ast.literal_eval(match.group("shape"))
    if _shape(ast.Name(id="X"), net.get("kinds", {})) in (shape, None):
        return []
    key = "conv output of another size" if len(shape) == 4 else "layer of another width"
    return [S[key].format(net=net["function"], **match.groupdict())]


_WINDOWS_UNTILED = re.compile(
    r"^(?P<what>max pool|conv) (?P<axis>height|width): \(input (?P<size>\d+) .*is not "
    r"divisible by stride"
)


def _conv_net_pool_untiled(facts, frames):
    """The pool inside a conv net's loss got a conv output its windows do not tile: the conv
    before it did not keep the input's height and width (its padding for the filter size)."""
    match = _WINDOWS_UNTILED.match(facts["message"])
    net = _net_frame(frames)
    if not match or net is None or match.group("what") != "max pool":
        return []
    if not net["function"].startswith("ThreeLayerConvNet"):
        return []
    return [S["conv net pool untiled"].format(net=net["function"], **match.groupdict())]


_AFFINE_PARAMS = re.compile(
    r"^affine: w must be \(D, M\) and b \(M,\), got w \((?P<rows>\d+), (?P<columns>\d+)\), "
    r"b \((?P<size>\d+),\)"
)
_PARAM_READ = re.compile(r"""params\[\s*['"](?P<kind>[Wb])(?P<layer>\d+)['"]\s*\]""")


def _bias_of_another_layer(facts, frames):
    """An affine layer refused a bias whose length is not the number of w's columns: a line of
    yours that reads W of one layer and b of another names both."""
    match = _AFFINE_PARAMS.match(facts["message"])
    if not match or match.group("size") == match.group("columns"):
        return []
    for frame in reversed(frames):
        if frame.get("role") != "student":
            continue
        reads = {(m.group("kind"), m.group("layer")) for m in _PARAM_READ.finditer(frame["line"])}
        weights = sorted(layer for kind, layer in reads if kind == "W")
        biases = sorted(layer for kind, layer in reads if kind == "b")
        if len(weights) == 1 and len(biases) == 1 and weights != biases:
            return [
                S["bias of another layer"].format(
                    weight=f"W{weights[0]}", bias=f"b{biases[0]}", own=f"b{weights[0]}"
                )
            ]
    return [S["bias size"].format(**match.groupdict())]


def _vector_as_column(facts, inner, node):
    """A broadcast that fails because a 1-D array (a bias, a per-feature parameter) was made a
    column, ``b[:, None]`` or ``b.reshape(-1, 1)``: shape (k, 1) runs down the rows."""
    if facts["type"] != "ValueError":
        return []
    match = re.search(
        r"could not be broadcast together with shapes ((?:\([\d,]*\) ?)+)", facts["message"]
    )
    if not match:
        return []
    shapes = _shapes_in(match.group(1))
    kinds = inner.get("kinds", {})
    # An operand whose other side is known to have the other shape comes first: with several
    # columns on the line, that one failed.
    partners = {}
    for n in ast.walk(node):
        if isinstance(n, ast.BinOp):
            partners[id(n.left)], partners[id(n.right)] = n.right, n.left
    found = []
    for n in ast.walk(node):
        name = None
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name):
            items = n.slice.elts if isinstance(n.slice, ast.Tuple) else [n.slice]
            if len(items) == 2 and any(
                (isinstance(i, ast.Constant) and i.value is None)
                or (isinstance(i, ast.Attribute) and i.attr == "newaxis")
                for i in items[1:]
            ):
                name = n.value.id
        elif (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr == "reshape"
            and isinstance(n.func.value, ast.Name)
            and len(n.args) == 2
            and isinstance(n.args[1], ast.Constant)
            and n.args[1].value == 1
        ):
            name = n.func.value.id
        shape = _shape(ast.Name(id=name), kinds) if name else None
        if shape is None or len(shape) != 1 or (shape[0], 1) not in shapes:
            continue
        others = [other for other in shapes if other != (shape[0], 1)]
        if len(others) != 1 or not others[0] or others[0][-1] != shape[0]:
            continue  # the other operand has one column per entry of the vector
        partner = partners.get(id(n))
        failed = partner is not None and _shape(partner, kinds) == others[0]
        sentence = S["vector as column"].format(
            name=name, expression=_text(n), size=shape[0], shape=_shape_text(shape)
        )
        if failed:
            found.insert(0, sentence)
        else:
            found.append(sentence)
    return found[:1]


def _grads_swapped(facts, frames, inner, node):
    """An update of ``grads[...]`` in a model's loss whose entry has a bias's shape (k,) while
    the value has a weight's shape (., k): a weight's and a bias's gradients swapped names."""
    match = re.search(
        r"non-broadcastable output operand with shape (\([\d,]*\)) doesn't match the "
        r"broadcast shape (\([\d,]*\))",
        facts["message"],
    )
    if not match or not isinstance(node, ast.AugAssign) or _net_frame(frames) is not inner:
        return []
    target = node.target
    if not (
        isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Name)
        and target.value.id == "grads"
    ):
        return []
    have, value = _shapes_in(match.group(1) + match.group(2))
    if len(have) != 1 or len(value) != 2 or value[1] != have[0]:
        return []
    return [
        S["grads names swapped"].format(
            target=_text(target), shape=_shape_text(have), weight_shape=_shape_text(value)
        )
    ]


def _axis_past_ndim(facts, inner, node):
    """``x.shape[3]`` of an array with fewer axes, or ``N, C, H, W = x.shape`` of one with
    another number: code written for one number of dimensions."""
    kinds = inner.get("kinds", {})
    unpacking = re.search(r"values to unpack \(expected (\d+)", facts["message"])
    if (
        facts["type"] == "ValueError"
        and unpacking
        and isinstance(node, ast.Assign)
        and isinstance(node.targets[0], (ast.Tuple, ast.List))
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "shape"
    ):
        shape = _shape(node.value.value, kinds)
        name = _text(node.value.value)
        if shape is None or len(shape) == int(unpacking.group(1)):
            return []
        found = [
            S["shape unpacked"].format(
                names=_text(node.targets[0], 40).strip("()"),
                name=name,
                ndim=len(shape),
                shape=_shape_text(shape),
                count=unpacking.group(1),
            )
        ]
        if inner.get("function", "").startswith("affine_") and name == "x":
            found.append(S["affine any number of axes"])
        return found
    if facts["type"] != "IndexError" or "tuple index out of range" not in facts["message"]:
        return []
    for n in ast.walk(node):
        if not (
            isinstance(n, ast.Subscript)
            and isinstance(n.value, ast.Attribute)
            and n.value.attr == "shape"
            and isinstance(n.slice, ast.Constant)
            and type(n.slice.value) is int
        ):
            continue
        shape = _shape(n.value.value, kinds)
        if shape is None or -len(shape) <= n.slice.value < len(shape):
            continue
        name = _text(n.value.value)
        found = [
            S["axis past ndim"].format(
                item=_text(n), name=name, ndim=len(shape), shape=_shape_text(shape)
            )
        ]
        if inner.get("function", "").startswith("affine_") and name == "x":
            found.append(S["affine any number of axes"])
        return found
    return []


def _xor_power(facts, inner, node):
    """``x ^ 2`` for a square: ``^`` is bitwise xor."""
    message = facts["message"]
    if facts["type"] != "TypeError" or not ("bitwise_xor" in message or "for ^:" in message):
        return []
    xors = [n for n in ast.walk(node) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitXor)]
    if not xors:
        return []
    return [S["xor"]]


_UFUNC_REDUCTIONS = {
    "maximum": ("max", "largest"),
    "minimum": ("min", "smallest"),
    "add": ("sum", "sum"),
    "multiply": ("prod", "product"),
}


def _ufunc_as_reduction(facts, inner, node):
    """np.maximum(a, axis=...): an elementwise function of two arrays used as a reduction."""
    match = re.search(
        r"^(\w+)\(\) takes from 2 to 3 positional arguments but 1 (?:was|were) given"
        r"|'axis' is an invalid keyword to ufunc '(\w+)'"
        r"|^(\w+)\(\) got an unexpected keyword argument 'axis'",
        facts["message"],
    )
    if facts["type"] != "TypeError" or not match:
        return []
    name = match.group(1) or match.group(2) or match.group(3)
    if name not in _UFUNC_REDUCTIONS:
        return []
    reduction, what = _UFUNC_REDUCTIONS[name]
    return [S["elementwise ufunc as reduction"].format(name=name, reduction=reduction, what=what)]


def _whole_array_into_entry(facts, inner, node):
    """``out[n, f, i, j] = ... + b``: a whole array where one entry's number belongs."""
    if not facts["message"].startswith("setting an array element with a sequence"):
        return []
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
        return []
    target, kinds = node.targets[0], inner.get("kinds", {})
    if not isinstance(target, ast.Subscript):
        return []
    shape = _shape(target.value, kinds)
    items = target.slice.elts if isinstance(target.slice, ast.Tuple) else [target.slice]
    if shape is None or len(items) != len(shape):
        return []
    if any(isinstance(i, ast.Slice) or _shape(i, kinds) is not None for i in items):
        return []  # not one entry
    skipped = set()
    for n in ast.walk(node.value):
        if isinstance(n, ast.Subscript):
            skipped.update(id(m) for m in ast.walk(n.value))
        elif isinstance(n, ast.Call):
            skipped.update(id(m) for m in ast.walk(n))  # a call may reduce its arguments
    whole = [
        n.id
        for n in ast.walk(node.value)
        if isinstance(n, ast.Name)
        and id(n) not in skipped
        and (_shape(n, kinds) or (1,)) != (1,) * len(_shape(n, kinds) or (1,))
    ]
    whole = list(dict.fromkeys(whole))
    if len(whole) != 1:
        return []
    name = whole[0]
    role = ""
    if name == "b" and "conv" in inner.get("function", ""):
        role = " (b is the bias vector, one entry per filter)"
    return [
        S["whole array into one entry"].format(
            target=_text(target, 40),
            name=name,
            shape=_shape_text(_shape(ast.Name(name), kinds)),
            role=role,
        )
    ]


def _tuple_from_cache(facts, frames):
    """In a backward pass, a name unpacked from the cache holds a tuple (the cache given was a
    tuple of caches): the caller gave it another cache than its forward pass's."""
    if facts["type"] not in ("ValueError", "TypeError") or not re.search(
        r"array element with a sequence|inhomogeneous|'tuple'|'list'|sequence by non-int",
        facts["message"],
    ):
        return []  # an error a tuple where an array belongs causes
    for position in range(len(frames) - 1, -1, -1):
        frame = frames[position]
        function = frame.get("function", "")
        forward = _forward_of(function)
        if frame.get("role") != "student" or forward is None or "kinds" not in frame:
            continue
        line = _parse_line(frame.get("line", ""))
        if line is None:
            return []
        kinds = frame["kinds"]
        for name in dict.fromkeys(_names(line)):
            kind = kinds.get(name, "").split()
            if len(kind) != 2 or kind[0] not in ("tuple", "list") or "cache" in name:
                continue
            if "shape" in name or "size" in name:  # a shape kept in the cache is a tuple
                continue
            unpacked = any(
                isinstance(target, (ast.Tuple, ast.List))
                and isinstance(value, ast.Name)
                and "cache" in value.id
                for target, value in _assignments(frame.get("source", ""), name)
            )
            if not unpacked:
                continue
            argument = "the cache argument"
            short = function.rsplit(".", 1)[-1]
            callers = [f for f in frames[:position] if f.get("role") == "student"]
            call_node = _parse_line(callers[-1].get("line", "")) if callers else None
            for call in ast.walk(call_node) if call_node is not None else ():
                if isinstance(call, ast.Call) and _text(call.func, 80).endswith(short):
                    if len(call.args) >= 2:
                        argument = _text(call.args[-1], 40)
            return [
                S["tuple where array from cache"].format(
                    name=name, function=short, count=kind[1], forward=forward, argument=argument
                )
            ]
        return []
    return []


def _index_shape(node, kinds):
    """The shape of an index array: a name holding an array, or np.arange(n) of a known n."""
    shape = _shape(node, kinds)
    if shape is not None:
        return shape
    if (
        isinstance(node, ast.Call)
        and _text(node.func) in ("np.arange", "numpy.arange")
        and len(node.args) == 1
    ):
        value = _int_value(node.args[0], kinds)
        return None if value is None else (value,)
    return None


def _index_arrays_swapped(facts, inner, node):
    """An index array ``np.arange(n)`` past the end of the axis it indexes, where n is the size
    of the axis the other index array of the subscript stands for: the two are swapped
    (``dx[y, np.arange(N)]`` for ``dx[np.arange(N), y]``)."""
    match = re.search(
        r"index -?\d+ is out of bounds for axis (\d+) with size (\d+)", facts["message"]
    )
    if facts["type"] != "IndexError" or not match:
        return []
    axis, size = int(match.group(1)), int(match.group(2))
    kinds = inner.get("kinds", {})
    for n in ast.walk(node):
        if not (isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Tuple)):
            continue
        items = n.slice.elts
        shape = _shape(n.value, kinds)
        if len(items) != 2 or any(isinstance(i, ast.Slice) for i in items) or not shape:
            continue
        if len(shape) != 2 or axis > 1 or shape[axis] != size:
            continue
        here, other = items[axis], items[1 - axis]
        length = _index_shape(here, kinds)
        if not (isinstance(here, ast.Call) and _text(here.func).endswith("arange")):
            continue
        if length is None or length[0] != shape[1 - axis] or length[0] <= size:
            continue
        return [
            S["index arrays swapped"].format(
                target=_text(n, 60),
                here=_text(here),
                other=_text(other),
                axis=axis,
                size=size,
                length=length[0],
                other_axis=1 - axis,
            )
        ]
    return []


def _index_arrays(facts, inner, node):
    """Index arrays of different shapes (``a[np.arange(N), y]``, meshgrid grids)."""
    match = re.search(
        r"indexing arrays could not be broadcast together with shapes ((?:\([\d,]*\) ?)+)",
        facts["message"],
    )
    if facts["type"] != "IndexError" or not match:
        return []
    shapes = _shapes_in(match.group(1))
    kinds, source = inner.get("kinds", {}), inner.get("source", "")
    for n in ast.walk(node):
        if not (isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Tuple)):
            continue
        items = [i for i in n.slice.elts if not isinstance(i, ast.Slice)]
        found = [(i, _index_shape(i, kinds)) for i in items]
        if [s for _, s in found] != shapes:
            continue
        names = [_text(i) for i, _ in found]
        # np.arange(N) against labels: N counted x's columns.
        for i, shape in found:
            if not (isinstance(i, ast.Call) and isinstance(i.args[0], ast.Name)):
                continue
            others = [(o, s) for o, s in found if o is not i and len(s) == 1 and s != shape]
            x = _shape(ast.Name("x"), kinds)
            if len(others) == 1 and x and len(x) == 2 and x == (others[0][1][0], shape[0]):
                return [
                    S["arange of columns"].format(
                        count=i.args[0].id,
                        value=shape[0],
                        other=_text(others[0][0]),
                        length=others[0][1][0],
                    )
                ]
        # Grids of np.meshgrid without indexing='ij': the transpose of the other index arrays.
        grids = []
        for i, shape in found:
            for _, value in _assignments(source, getattr(i, "id", "")):
                if (
                    isinstance(value, ast.Call)
                    and _text(value.func).endswith("meshgrid")
                    and all(
                        k.arg != "indexing" or _text(k.value) in ("'xy'", '"xy"')
                        for k in value.keywords
                    )
                ):
                    grids.append((i, shape))
        rest = [(i, s) for i, s in found if all(i is not g for g, _ in grids)]
        if grids and rest and len(grids[0][1]) == 2:
            grid_shape, other_shape = grids[0][1], rest[0][1]
            if all(s == grid_shape for _, s in grids) and all(s == other_shape for _, s in rest):
                if other_shape == grid_shape[::-1]:
                    return [
                        S["meshgrid xy"].format(
                            grid=_join([_text(g) for g, _ in grids]),
                            shape=_shape_text(grid_shape),
                            others=_join([_text(o) for o, _ in rest]),
                            other_shape=_shape_text(other_shape),
                        )
                    ]
        return [
            S["index arrays"].format(
                array=_text(n.value),
                names=_join(names),
                shapes=_join([_shape_text(s) for s in shapes]),
            )
        ]
    return []


def _broadcasts(a, b):
    return all(x == y or 1 in (x, y) for x, y in zip(a[::-1], b[::-1]))


def _transposed_partly(facts, frames):
    """A function of yours hands the function it calls some arrays transposed and one not: the
    untransposed one fails to broadcast inside."""
    match = re.search(
        r"could not be broadcast together with shapes ((?:\([\d,]*\) ?)+)", facts["message"]
    )
    students = [f for f in frames if f.get("role") == "student" and "kinds" in f]
    if facts["type"] != "ValueError" or not match or len(students) < 2:
        return []
    shapes = _shapes_in(match.group(1))
    if len(shapes) != 2:
        return []
    caller, inner = students[-2], students[-1]
    function = inner["function"].rsplit(".", 1)[-1]
    call_node = _parse_line(caller.get("line", ""))
    calls = [
        n
        for n in (ast.walk(call_node) if call_node is not None else ())
        if isinstance(n, ast.Call) and _text(n.func, 80).endswith(function)
    ]
    if len(calls) != 1:
        return []
    arguments = [n for a in calls[0].args for n in ast.walk(a)]
    transposed = [n for n in arguments if isinstance(n, ast.Attribute) and n.attr == "T"]
    inside = {id(m) for t in transposed for m in ast.walk(t)}
    plain = [n for n in arguments if isinstance(n, ast.Name) and id(n) not in inside]
    if not transposed:
        return []
    kinds = caller["kinds"]
    for name in plain:
        shape = _shape(name, kinds)
        if shape is None or len(shape) != 2 or shape[0] == shape[1] or shape not in shapes:
            continue
        other = shapes[1] if shape == shapes[0] else shapes[0]
        if _broadcasts(shape[::-1], other) and not _broadcasts(shape, other):
            return [
                S["transposed partly"].format(
                    caller=caller["function"],
                    function=function,
                    transposed=_join([_text(t) for t in transposed][:3]),
                    name=name.id,
                    shape=_shape_text(shape),
                    other=_shape_text(other),
                    reversed=_shape_text(shape[::-1]),
                )
            ]
    return []


def _norm_param_size(facts, frames):
    """A normalization layer refused gamma and beta of another length than x's columns."""
    match = re.search(
        r"^(batchnorm|layernorm): gamma and beta must have shape \((\d+),\), got \((\d+),\) "
        r"and \(\3,\)",  # both of that other length (one alone: `_norm_argument_of_other_key`)
        facts["message"],
    )
    if not match:
        return []
    layer = f"{match.group(1)}_forward"
    columns, got = int(match.group(2)), int(match.group(3))
    students = [f for f in frames if f.get("role") == "student" and "kinds" in f]
    layers = [f for f in students if f["function"] == layer]
    if not layers:
        return []
    x = _shape(ast.Name("x"), layers[-1]["kinds"])
    if not x or len(x) != 2 or x[1] != columns:
        return []
    callers = [f for f in students if f["function"].startswith("spatial_")]
    caller = callers[-1] if callers else None
    outer = _shape(ast.Name("x"), caller["kinds"]) if caller else None
    if (
        caller is not None
        and caller["function"].startswith("spatial_batchnorm")
        and outer
        and len(outer) == 4
        and outer[1] == got
        and columns in outer[2:]
    ):
        axis = 3 if outer[3] == columns else 2
        return [
            S["spatial rows of width"].format(
                caller=caller["function"],
                columns=columns,
                axis_name="width W" if axis == 3 else "height H",
                axis=axis,
                negative=axis - 4,
                channels=got,
            )
        ]
    if x[0] == got and caller is not None:
        return [
            S["norm size from rows"].format(
                layer=layer, shape=_shape_text(x), got=got, columns=columns
            )
        ]
    return [S["norm size"].format(layer=layer, columns=columns, got=got)]


def _layernorm_run_as_batchnorm(facts, function):
    if re.search(r"\[layernorm\]", function) and facts["message"].startswith(
        "batchnorm: mode must be 'train' or 'test', got None"
    ):
        return [S["batchnorm for layernorm"]]
    return []


_PARAM_KEYS = {"conv_param": {"stride", "pad"}, "pool_param": {"pool_height", "pool_width"}}


def _param_dicts_swapped(facts, frames):
    match = re.search(
        r"^(conv_param|pool_param) is missing the key '\w+' \(got keys \[([^\]]*)\]\)",
        facts["message"],
    )
    if not match:
        return []
    name = match.group(1)
    other = "pool_param" if name == "conv_param" else "conv_param"
    keys = _key_list(match.group(2))
    if not _PARAM_KEYS[other] <= keys or _PARAM_KEYS[name] - {"stride"} <= keys:
        return []
    where = ""
    for frame in reversed(frames):
        line = frame.get("line", "")
        if frame.get("role") == "student" and name in line and other in line:
            where = (
                f"; in {frame['function']}, the call's {name} and {other} are swapped (check "
                "the order of the arguments)"
            )
            break
    return [
        S["param dicts swapped"].format(
            name=name, other=other, keys=_join(sorted(keys)), where=where
        )
    ]


_DOUT_SHAPES = (
    re.compile(r"^dout has shape (?P<got>\([\d, ]*\)), expected (?P<expected>\([\d, ]*\))"),
    re.compile(
        r"^(?P<layer>\w+): dout must have the shape of the forward output .*= "
        r"(?P<expected>\([\d, ]*\)), got (?P<got>\([\d, ]*\))"
    ),
)


def _dout_shapes(facts):
    for pattern in _DOUT_SHAPES:
        match = pattern.match(facts["message"])
        if match:
            got = ast.literal_eval(match.group("got"))
            expected = ast.literal_eval(match.group("expected"))
            layer = match.groupdict().get("layer") or "the layer"
            return tuple(got), tuple(expected), layer
    return None


def _cache_unpacked_out_of_order(facts, frames):
    """A backward pass's own dout check found the forward output's shape to be ``()``: what it
    took from the cache for that array is not an array (a dict, a number), so the cache's
    parts were unpacked in another order than the forward pass packed them."""
    shapes = _dout_shapes(facts)
    if shapes is None or _net_frame(frames) is not None:
        return []
    got, expected, layer = shapes
    own = [f for f in frames if f.get("role") == "student" and f.get("function") == layer]
    if expected != () or got == () or not own or not layer.endswith("_backward"):
        return []
    forward = layer.removesuffix("_backward") + "_forward"
    return [S["cache unpacked out of order"].format(layer=layer, forward=forward)]


def _backward_call(frame):
    """The backward call on a student frame's line and its first (upstream gradient) argument."""
    node = _parse_line(frame.get("line", ""))
    calls = [
        n
        for n in (ast.walk(node) if node is not None else ())
        if isinstance(n, ast.Call) and _text(n.func, 80).endswith("backward") and n.args
    ]
    return (calls[0], calls[0].args[0]) if len(calls) == 1 else (None, None)


def _upstream_gradient(facts, frames):
    """A backward call in your code got a dout that does not fit its layer: name what it got
    (a flattened gradient, another output's gradient, the same dout for every layer)."""
    shapes = _dout_shapes(facts)
    if shapes is None:
        return []
    got, expected, layer = shapes
    for frame in reversed(frames):
        if frame.get("role") != "student" or "kinds" not in frame:
            continue
        call, argument = _backward_call(frame)
        if call is None:
            continue
        kinds = frame["kinds"]
        if not isinstance(argument, ast.Name) or _shape(argument, kinds) != got:
            return []
        name, call_name = argument.id, _text(call.func, 60)
        if int(np.prod(got)) == int(np.prod(expected)) and len(got) != len(expected):
            own = name[1:] if name.startswith("d") else ""
            output = ""
            if own and _shape(ast.Name(own), kinds) == expected:
                output = f" ({own}, shape {_shape_text(expected)}, here)"
            return [
                S["flattened dout"].format(
                    call=call_name,
                    argument=name,
                    got=_shape_text(got),
                    size=int(np.prod(got)),
                    expected=_shape_text(expected),
                    layer=layer,
                    output=output,
                )
            ]
        if not frame["function"].endswith(".loss"):
            return []
        stale = _stale_name(frame, call, name)
        if stale:
            return [S["stale dout"].format(argument=name, call=call_name, net=frame["function"])]
        statement = _parse_line(frame.get("line", ""))
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            first = target.elts[0] if isinstance(target, (ast.Tuple, ast.List)) else target
            if (
                isinstance(first, ast.Name)
                and first.id != name
                and _shape(first, kinds) == expected
            ):
                return [
                    S["result not passed on"].format(
                        net=frame["function"],
                        argument=name,
                        call=call_name,
                        result=first.id,
                        got=_shape_text(got),
                        expected=_shape_text(expected),
                    )
                ]
        right = [
            k
            for k in kinds
            if k.startswith("d") and k != name and _shape(ast.Name(k), kinds) == expected
        ]
        if not right:
            return []
        what = ", the gradient of the scores," if _shape(ast.Name("scores"), kinds) == got else ""
        return [
            S["dout of other output"].format(
                net=frame["function"],
                argument=name,
                got=_shape_text(got),
                what=what,
                call=call_name,
                expected=_shape_text(expected),
                like=f" (the shape of {_join(right[:2])})",
            )
        ]
    return []


def _stale_name(frame, call, name):
    """True when ``call`` runs in a loop of the frame's function that never assigns ``name``,
    while ``name`` is assigned before it: every pass gets the same value."""
    source = frame.get("source", "")
    tree = _parse(source) or _parse(textwrap.dedent(source))
    if tree is None or not _assignments(source, name):
        return False
    text = _text(call, 200)
    for loop in ast.walk(tree):
        if not isinstance(loop, ast.For):
            continue
        if not any(isinstance(n, ast.Call) and _text(n, 200) == text for n in ast.walk(loop)):
            continue
        for n in ast.walk(loop):
            targets = (
                n.targets
                if isinstance(n, ast.Assign)
                else [n.target]
                if isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.For))
                else []
            )
            if any(isinstance(t, ast.Name) and t.id == name for g in targets for t in ast.walk(g)):
                return False
        return True
    return False


def _literal(node):
    """The number ``node`` writes literally (``1``, ``-1``), else None."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _layer_outside_loop_range(facts, frames):
    """A KeyError for one layer's parameter (``'W1'``) in a model's loss whose source has a loop
    over the layers with a literal bound that leaves exactly that layer out (``range(L - 1, 1,
    -1)`` counts down to 2; ``range(2, L)`` starts after 1)."""
    match = re.match(r"^'(W|b|gamma|beta)(\d+)'$", facts["message"])
    net = _net_frame(frames)
    if facts["type"] != "KeyError" or not match or net is None:
        return []
    layer = int(match.group(2))
    source = net.get("source", "")
    tree = _parse(source) or _parse(textwrap.dedent(source))
    for loop in ast.walk(tree) if tree is not None else ():
        if not isinstance(loop, ast.For) or "grads" not in _names(loop):
            continue
        counted = loop.iter
        if (  # reversed(range(...)) leaves out what range(...) leaves out
            isinstance(counted, ast.Call)
            and _text(counted.func) == "reversed"
            and len(counted.args) == 1
        ):
            counted = counted.args[0]
        if not (isinstance(counted, ast.Call) and _text(counted.func) == "range"):
            continue
        args = counted.args
        values = [_literal(a) for a in args]
        step = values[2] if len(args) == 3 else 1
        left_out = (step == -1 and len(args) == 3 and values[1] == layer) or (
            step == 1 and len(args) >= 2 and values[0] == layer + 1
        )
        if left_out:
            return [
                S["layer outside loop range"].format(
                    key=match.group(1) + match.group(2), loop=_text(loop.iter, 60), layer=layer
                )
            ]
    return []


def _key_without_loop_variable(facts, inner, node):
    """``grads[f"W{i}"] += reg * W`` with ``W = self.params[f"W{L}"]`` in the loop over i."""
    if facts["type"] != "ValueError" or "could not be broadcast" not in facts["message"]:
        return []
    if not isinstance(node, ast.AugAssign) or not isinstance(node.target, ast.Subscript):
        return []
    source = inner.get("source", "")
    tree = _parse(source) or _parse(textwrap.dedent(source))
    line = _text(node, 200)
    for loop in ast.walk(tree) if tree is not None else ():
        if not (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)):
            continue
        var = loop.target.id
        if not any(_text(n, 200) == line for n in ast.walk(loop) if isinstance(n, ast.AugAssign)):
            continue
        if var not in _names(node.target.slice):
            return []
        for name in dict.fromkeys(_names(node.value)):
            for statement in ast.walk(loop):
                if not (
                    isinstance(statement, ast.Assign)
                    and len(statement.targets) == 1
                    and isinstance(statement.targets[0], ast.Name)
                    and statement.targets[0].id == name
                    and isinstance(statement.value, ast.Subscript)
                ):
                    continue
                key = statement.value.slice
                if isinstance(key, ast.JoinedStr) and var not in _names(key) and _names(key):
                    return [
                        S["key without loop variable"].format(
                            name=name,
                            item=_text(statement.value, 40),
                            var=var,
                            target=_text(node.target, 40),
                        )
                    ]
        return []
    return []


def _norm_key_without_normalization(facts, inner, node, function):
    match = re.fullmatch(r"'((?:gamma|beta)\d+)'", facts["message"])
    if facts["type"] != "KeyError" or not match or not function.endswith("Net.loss"):
        return []
    if inner.get("kinds", {}).get("self.bn_params", "list 0") != "list 0":
        return []
    reads = [
        n
        for n in ast.walk(node)
        if isinstance(n, ast.Subscript) and _text(n.value) == "self.params"
    ]
    if not reads:
        return []
    return [S["norm key without normalization"].format(key=match.group(1))]


def _tree_of(frame):
    source = frame.get("source", "")
    return _parse(source) or _parse(textwrap.dedent(source))


_NORM_ARGUMENTS = re.compile(
    r"^(?P<kind>batchnorm|layernorm): gamma and beta must have shape (?P<layout>\(\d+,\)), "
    r"got (?P<gamma>\([\d, ]*\)) and (?P<beta>\([\d, ]*\))"
)


def _norm_argument_of_other_key(facts, frames):
    """A normalization layer's own input check refused gamma or beta (one of them: None, or
    of another length), which a function of yours read from a dict under a key it builds (an
    f-string): that key is not the layer's (missing, or another layer's)."""
    match = _NORM_ARGUMENTS.match(facts["message"])
    if not match:
        return []
    refused = [n for n in ("gamma", "beta") if match.group(n) != match.group("layout")]
    if len(refused) != 1:
        return []
    name, got = refused[0], match.group(refused[0])
    students = [f for f in frames if f.get("role") == "student" and "kinds" in f]
    layer = f"{match.group('kind')}_forward"
    if len(students) < 2 or students[-1]["function"] != layer:
        return []

    def keyed(n):
        key = None
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get":
            key = n.args[0] if len(n.args) == 1 else None
        elif isinstance(n, ast.Subscript):
            key = n.slice
        return isinstance(key, ast.JoinedStr) and any(
            isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value.endswith(name)
            for v in key.values
        )

    for caller in reversed(students[:-1]):
        tree = _tree_of(caller)
        reads = [n for n in (ast.walk(tree) if tree is not None else ()) if keyed(n)]
        items = list(dict.fromkeys(_text(n, 60) for n in reads))
        if len(items) != 1:
            continue
        key = reads[0].args[0] if isinstance(reads[0], ast.Call) else reads[0].slice
        kinds = caller.get("kinds", {})
        numbers = [
            f"{v} = {kinds[v].split()[1]}"
            for v in dict.fromkeys(_names(key))
            if kinds.get(v, "").startswith("int ")
        ]
        found = dict(
            name=name,
            layer=layer,
            caller=caller["function"],
            item=items[0],
            here=f" ({_join(numbers)} here)" if numbers else "",
            got=got,
            layout=match.group("layout"),
        )
        return [
            S["norm argument None" if got == "()" else "norm argument of other key"].format(**found)
        ]
    return []


def _literal_pair(node):
    """The two whole numbers ``node`` writes literally (``(0, 1)``), else None."""
    if not isinstance(node, (ast.Tuple, ast.List)) or len(node.elts) != 2:
        return None
    pair = tuple(_literal(e) for e in node.elts)
    return None if None in pair else pair


_CONV_CHANNELS = re.compile(r"^conv: x has \d+ channels but w expects \d+")


def _image_padded_on_other_axes(facts, frames):
    """A conv layer refused x's channels, and a function of yours pads the image batch it
    hands on with np.pad on the batch or channel axis (a literal pad width per axis)."""
    if not _CONV_CHANNELS.match(facts["message"]):
        return []
    for frame in reversed([f for f in frames if f.get("role") == "student" and "kinds" in f]):
        tree = _tree_of(frame)
        kinds = frame.get("kinds", {})
        for n in ast.walk(tree) if tree is not None else ():
            if not (
                isinstance(n, ast.Call)
                and _text(n.func) in ("np.pad", "numpy.pad")
                and len(n.args) >= 2
                and isinstance(n.args[0], ast.Name)
                and isinstance(n.args[1], (ast.Tuple, ast.List))
                and len(n.args[1].elts) == 4
            ):
                continue
            if not re.fullmatch(r"array \(\d+, \d+, \d+, \d+\)", kinds.get(n.args[0].id, "")):
                continue
            widths = [_literal_pair(pair) for pair in n.args[1].elts]
            if any(w is None for w in widths):
                continue
            grown = [k for k in range(4) if any(widths[k])]
            if any(k < 2 for k in grown):
                return [
                    S["image padded on other axes"].format(
                        name=n.args[0].id,
                        function=frame["function"],
                        axes=("axes " if len(grown) > 1 else "axis ")
                        + _join([str(k) for k in grown]),
                        changed=_join(
                            [what for k, what in ((0, "examples"), (1, "channels")) if k in grown]
                        ),
                    )
                ]
    return []


_INPUT_DIM = re.compile(r"got input_dim \((\d+), (\d+), (\d+)\)")


def _input_dim_unpacked_out_of_order(facts, frames):
    """A model's own check refused input_dim, whose sizes C, H and W of yours hold in another
    order than input_dim's (C, H, W)."""
    match = _INPUT_DIM.search(facts["message"])
    if not match:
        return []
    given = tuple(int(v) for v in match.groups())
    for frame in reversed([f for f in frames if f.get("role") == "student" and "kinds" in f]):
        kinds = frame.get("kinds", {})
        values = {}
        for name in ("C", "H", "W"):
            kind = kinds.get(name, "")
            if not kind.startswith("int "):
                break
            values[name] = int(kind.split()[1])
        else:
            read = (values["C"], values["H"], values["W"])
            if read != given and sorted(read) == sorted(given):
                return [
                    S["input_dim out of order"].format(
                        function=frame["function"],
                        given=_shape_text(given),
                        C=values["C"],
                        H=values["H"],
                        W=values["W"],
                    )
                ]
    return []


def _key_names(kinds, holder):
    """The keys ``holder`` had (from its ``[keys]`` kind), or None when they are not known."""
    kind = kinds.get(f"{holder}[keys]"[:40], "")
    return kind.split()[1:] if kind.startswith("keys") else None


def _quoted(keys):
    return _join([repr(k) for k in keys]) if keys else "none"


def _missing_key(facts, inner, node):
    """A KeyError reading a dict under a written-out key: which keys the dict had."""
    if facts["type"] != "KeyError":
        return []
    try:
        key = ast.literal_eval(facts["message"])
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return []
    if not isinstance(key, str):
        return []
    kinds = inner.get("kinds", {})
    missing = []
    for n in ast.walk(node):
        if not (
            isinstance(n, ast.Subscript)
            and isinstance(n.value, (ast.Name, ast.Attribute))
            and (not isinstance(n.slice, ast.Constant) or n.slice.value == key)
            and not isinstance(n.slice, (ast.Slice, ast.Tuple))
        ):
            continue
        holder = _text(n.value)
        keys = _key_names(kinds, holder)
        if keys is None and not re.match(r"(array|list|tuple) ", kinds.get(holder, "")):
            return []  # a dict (or anything) whose keys are not known may be the one
        if keys is not None and key not in keys and holder not in missing:
            missing.append(holder)
    if len(missing) != 1:  # the key may be read from either dict: nothing certain
        return []
    keys = _key_names(kinds, missing[0])
    found = [S["missing key"].format(dict=missing[0], key=repr(key), keys=_quoted(keys))]
    # A model's grads holding one layer's gradients only, another layer's asked for.
    layers = {m.group(2) for m in map(_KEY.match, keys) if m}
    wanted = _KEY.match(key)
    if (
        missing[0].endswith("grads")
        and len(layers) == 1
        and all(_KEY.match(k) for k in keys)
        and wanted
        and wanted.group(2) not in layers
    ):
        found.append(S["grads of one layer"].format(dict=missing[0], layer=layers.pop()))
    return found


_HAS_KEY = re.compile(
    r"^(?P<dict>\w+) is missing the key '(?P<key>\w+)' \(got keys \[(?P<keys>[^\]]*)\]\)"
)


def _dict_from_caller(facts, frames):
    """A layer's parameter dict (dropout_param, bn_param) without a key the layer needs, built by
    the student code that called the layer: name the argument it passed."""
    match = _HAS_KEY.match(facts["message"]) if facts["type"] == "ValueError" else None
    students = [f for f in frames if f["role"] == "student"]
    if match is None or len(students) < 2:
        return []
    layer, caller = students[-1], students[-2]
    name = layer["function"].rsplit(".", 1)[-1]
    parameters = _arguments(layer.get("source", ""))
    if match.group("dict") not in parameters or _assignments(
        layer.get("source", ""), match.group("dict")
    ):  # a dict the layer rebinds is not (only) the caller's
        return []
    position = parameters.index(match.group("dict"))
    line = _parse_line(caller.get("line", ""))
    for call in ast.walk(line) if line is not None else ():
        if isinstance(call, ast.Call) and _text(call.func).rsplit(".", 1)[-1] == name:
            passed = [a for a in call.args if not isinstance(a, ast.Starred)]
            given = passed[position] if position < len(passed) else None
            for keyword in call.keywords:
                if keyword.arg == match.group("dict"):
                    given = keyword.value
            # Only the dict meant for it (of that name): another dict passed there is a
            # mix-up of arguments, with causes of its own.
            if given is None or _text(given).rsplit(".", 1)[-1] != match.group("dict"):
                return []
            return [
                S["dict from caller"].format(
                    layer=name,
                    dict=match.group("dict"),
                    key=repr(match.group("key")),
                    caller=caller["function"],
                    given=_text(given),
                    keys=_quoted(re.findall(r"'(\w+)'", match.group("keys"))),
                )
            ]
    return []


_VALUE_REDUCTIONS = {"max": "largest", "amax": "largest", "min": "smallest", "amin": "smallest"}


def _value_as_index(facts, inner, node):
    """An index array computed from a window's maximum (or minimum) value, not its position."""
    if (
        facts["type"] != "IndexError"
        or "arrays used as indices must be of integer" not in (facts["message"])
    ):
        return []
    source = inner.get("source", "")
    indices = []
    for n in ast.walk(node):
        if isinstance(n, ast.Subscript):
            indices += [m for m in _names(n.slice) if m not in indices]
    for name in indices:
        seen, todo = set(), [name]
        while todo and len(seen) < 12:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.add(current)
            for _, value in _assignments(source, current):
                for call in ast.walk(value):
                    # a method or NumPy's (Python's built-in max of numbers gives a number)
                    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
                        continue
                    function = _text(call.func).rsplit(".", 1)[-1]
                    if function in _VALUE_REDUCTIONS:
                        return [
                            S["value as index"].format(
                                name=name,
                                source=current,
                                call=function,
                                which=_VALUE_REDUCTIONS[function],
                                arg="argmax" if function.endswith("max") else "argmin",
                            )
                        ]
                todo += _names(value)
    return []


def _list_in_list(facts, inner, node):
    """A size that is a list: a list put as one entry into another list (not unpacked)."""
    if facts["type"] != "TypeError" or not re.search(
        r"'(list|tuple)' object cannot be interpreted as an integer", facts["message"]
    ):
        return []
    kinds, source = inner.get("kinds", {}), inner.get("source", "")

    def sequence(name):
        return re.match(r"(list|tuple) \d+$", kinds.get(name, ""))

    for size in dict.fromkeys(_names(node)):
        if not sequence(size):
            continue
        # the lists the size is read from: itself, and what its assignments read (two steps)
        sources, todo = [size], [size]
        for _ in range(2):
            todo = [
                name
                for current in todo
                for _, value in _assignments(source, current)
                for name in _names(value)
                if name not in sources
            ]
            sources += list(dict.fromkeys(todo))
        for outer in sources:
            if not sequence(outer):
                continue
            for _, value in _assignments(source, outer):
                if not isinstance(value, (ast.List, ast.Tuple)):
                    continue
                for element in value.elts:
                    if isinstance(element, ast.Name) and sequence(element.id):
                        kind = kinds[element.id].split()[0]
                        read = "a size read from it" if size == outer else size
                        return [
                            S["list in list"].format(
                                outer=outer, inner=element.id, kind=kind, read=read
                            )
                        ]
    return []


_OUTPUT_NAMES = {
    "height": ("H_out", "Hout", "H_o", "Ho", "out_h", "h_out", "out_H", "OH", "oh", "H_prime"),
    "width": ("W_out", "Wout", "W_o", "Wo", "out_w", "w_out", "out_W", "OW", "ow", "W_prime"),
}
_WINDOW_NAMES = {
    "height": ("pool_height", "ph", "PH", "pool_h", "HH"),
    "width": ("pool_width", "pw", "PW", "pool_w", "WW"),
}


def output_size_causes(side, got, size, other_size, k, other_k, pad, stride, names):
    """What an output size ``got`` (a convolution's or pooling's, along ``side``) is, when it is
    not the number of windows that fit the padded input: one sentence, or None when nothing is
    certain (no known slip gives it, or several do). ``names``: (size, other size, window,
    other window)."""
    padded = size + 2 * pad

    def count(span, window=k, step=stride, one=1):  # windows along a span (as in checks_conv)
        return one + (span - window) // step

    want = count(padded)
    if got == want or stride < 1:
        return None
    slips = [
        (count(padded, step=1), stride != 1, "the division by stride is missing"),
        (count(size), pad != 0, "the padding (2 * pad) is left out"),
        (count(size + pad), pad != 0, "the padding is counted once (pad, not 2 * pad)"),
        (count(padded, one=0), True, "the 1 + in front is missing"),
        (
            count(other_size + 2 * pad),
            other_size != size,
            f"it is computed from {names[1]}, the input's other side",
        ),
        (
            count(padded, window=other_k),
            other_k != k,
            f"it is computed with {names[3]}, the window's other side",
        ),
    ]
    causes = {cause for value, possible, cause in slips if possible and value == got}
    formula = f"1 + ({names[0]}" + (" + 2 * pad" if pad or "pad" in names[4:] else "")
    formula += f" - {names[2]}) // stride"
    values = f"{names[0]} = {size}, {names[2]} = {k}, stride = {stride}"
    values += f", pad = {pad}" if "pad" in names[4:] else ""
    text = f"the output's {side} is {got}, but {formula} is {want} here ({values})"
    return text + (f": {causes.pop()}" if len(causes) == 1 else "")


def _int_kind(kinds, name):
    kind = kinds.get(name, "").split()
    return int(kind[1]) if len(kind) == 2 and kind[0] == "int" else None


def _output_size(facts, frames):
    """A conv or pooling forward pass that crashed with an output size other than the formula's
    (read from its ``out`` array, or its H_out and W_out)."""
    for frame in reversed(frames):
        name = frame["function"].rsplit(".", 1)[-1]
        if frame["role"] != "student" or name not in (
            "conv_forward_naive",
            "max_pool_forward_naive",
        ):
            continue
        kinds = frame.get("kinds", {})
        x = _shape(ast.Name("x"), kinds)
        stride = _int_kind(kinds, "stride")
        if x is None or len(x) != 4 or stride is None:
            return []
        if name == "conv_forward_naive":
            w, pad = _shape(ast.Name("w"), kinds), _int_kind(kinds, "pad")
            if w is None or len(w) != 4 or pad is None:
                return []
            windows, names = w[2:], ("HH", "WW")
            padded = ("pad",)
        else:
            pad, padded, found = 0, (), []
            for side in ("height", "width"):
                known = [(n, _int_kind(kinds, n)) for n in _WINDOW_NAMES[side]]
                known = [(n, v) for n, v in known if v is not None]
                if not known:
                    return []
                found.append(known[0])
            names = tuple(n for n, _ in found)
            windows = tuple(v for _, v in found)
        out = _shape(ast.Name("out"), kinds)
        if out is not None and len(out) == 4:
            got = out[2:]
        else:
            got = tuple(
                next((v for v in map(lambda n: _int_kind(kinds, n), _OUTPUT_NAMES[s]) if v), None)
                for s in ("height", "width")
            )
        if None in got:
            return []
        sentences = []
        for axis, side in enumerate(("height", "width")):
            other = 1 - axis
            sentence = output_size_causes(
                side,
                got[axis],
                x[2 + axis],
                x[2 + other],
                windows[axis],
                windows[other],
                pad,
                stride,
                (("H", "W")[axis], ("H", "W")[other], names[axis], names[other], *padded),
            )
            if sentence:
                sentences.append(sentence)
        return sentences[:2]
    return []


def exception_hints(facts, function=""):
    """Hint sentences for an exception described by ``facts`` (from `exception_facts`) in the
    check of ``function``; empty when nothing certain can be said."""
    facts = clean_facts(facts)
    if facts is None:
        return []
    frames = facts["frames"]
    inner = frames[-1]
    node = _parse_line(inner.get("line", ""))
    found, allocation = [], []
    found += _upstream_gradient(facts, frames)
    found += _layer_order(facts, frames) + _shared_bn_param(facts, frames)
    found += _cache_unpacked_out_of_order(facts, frames)
    found += _norm_param_size(facts, frames) + _layernorm_run_as_batchnorm(facts, function)
    found += _param_dicts_swapped(facts, frames) + _tuple_from_cache(facts, frames)
    found += _transposed_partly(facts, frames)
    found += _layer_shape_from_caller(facts, frames) + _norm_params_from_caller(facts, frames)
    found += _layer_given_net_input(facts, frames) or _layer_input_of_other_width(facts, frames)
    found += _conv_net_pool_untiled(facts, frames)
    found += _bias_of_another_layer(facts, frames)
    found += _layer_outside_loop_range(facts, frames)
    found += _norm_argument_of_other_key(facts, frames) + _image_padded_on_other_axes(facts, frames)
    found += _input_dim_unpacked_out_of_order(facts, frames)
    found += _unpacking(facts, frames)
    found += _dict_from_caller(facts, frames)
    found += _output_size(facts, frames)
    if node is not None:
        found += _value_as_index(facts, inner, node) + _list_in_list(facts, inner, node)
        found += _axis_past_ndim(facts, inner, node)
        found += _xor_power(facts, inner, node) + _ufunc_as_reduction(facts, inner, node)
        found += _whole_array_into_entry(facts, inner, node) + _index_arrays(facts, inner, node)
        found += _index_arrays_swapped(facts, inner, node)
        found += _key_without_loop_variable(facts, inner, node)
        found += _norm_key_without_normalization(facts, inner, node, function)
        found += _builtin_on_array(facts, inner, node)
        found += _float_size(facts, inner, node)
        found += _none_value(facts, inner, node, function)
        found += _matmul(facts, inner, node)
        found += _broadcast(facts, inner, node)
        found += _grads_swapped(facts, frames, inner, node)
        found += _vector_as_column(facts, inner, node)
        if facts["type"] in ("ValueError", "IndexError"):
            found += _padding(facts, inner)
        found += _list_index(facts, inner, node)
        found += _scalar_function(facts, inner, node)
        found += _reshape(facts, inner, node)
        found += _numpy_call(facts, inner, node)
        found += _unbound(facts, inner, node) + _undefined_name(facts, inner, node)
        found += _tuple_of_axes(facts, inner, node) + _empty_reduction(facts, inner, node)
        found += _tuple_from_call(facts, inner, node)
        found += _python_types(facts, inner, node)
        found += _flat_argmax(facts, inner, node)
        allocation = _gradient_shaped_like_dout(facts, inner, node)
        found += allocation
        found += _dtypes(facts, inner, node)
        if not found:  # a rule that knows the key's meaning says more
            found += _missing_key(facts, inner, node)
    # The catalog's sentence for the message: kept next to a specific finding only when it is
    # written for this function (a generic one would repeat the finding less precisely).
    text = f"{facts['type']}: {facts['message']}"
    for function_pattern, message, sentence in catalog.CRASHES:
        if re.search(function_pattern, function) and re.search(message, text):
            # A gradient allocated with dout's shape explains the index or broadcast: the
            # catalog's guess at the cause (a loop bound, a window) would be wrong.
            if (not found or function_pattern != ".") and not allocation:
                found.append(sentence)
            break
    return list(dict.fromkeys(found))[:MAX_HINTS]


def crash_hints(error, function=""):
    """Hint sentences for ``error``, raised while the check of ``function`` ran it (one process:
    the local grader, the release's pytest)."""
    facts = exception_facts(error)
    if facts is None:
        return []
    return exception_hints(facts, function)


def hints_for_exception(error):
    """`crash_hints` in the terms of the student function the exception came from (a notebook
    cell calls any of them)."""
    facts = exception_facts(error)
    if facts is None:
        return []
    students = [f for f in facts["frames"] if f["role"] == "student"]
    return exception_hints(facts, students[-1]["function"] if students else "")


# --------------------------------------------------------------------------------------------
# Key lists and state not written back (checks that stop with `CheckFailed`)
# --------------------------------------------------------------------------------------------

_KEY = re.compile(r"^(W|b|gamma|beta)(\d{1,3})$")
_KEYS = re.compile(
    r"(?P<owner>model\.params|grads)(?: \([^)]*\))? has keys \[(?P<actual>[^\]]*)\], "
    r"expected \[(?P<expected>[^\]]*)\]"
)


def _key_list(text):
    return set(re.findall(r"'([A-Za-z_]\w{0,30})'", text))


def _listed(names):
    order = {"W": 0, "b": 1, "gamma": 2, "beta": 3}

    def key(name):
        match = _KEY.match(name)
        return (order[match.group(1)], int(match.group(2)), "") if match else (4, 0, name)

    return _join(sorted(names, key=key)[:8])


def _join(names):
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def key_hints(owner, actual, expected, function=""):
    """What a wrong set of parameter (``owner="params"``) or gradient (``"grads"``) names means:
    which are missing or extra, and the rule they break."""
    actual, expected = set(actual), set(expected)
    missing, extra = expected - actual, actual - expected
    if not missing and not extra:
        return []
    if owner == "grads":
        found = []
        prefixed = {k for k in extra if k[:1] == "d" and k[1:] in missing}
        if prefixed:
            found.append(S["grads prefixed"].format(keys=_listed(prefixed)))
            missing -= {k[1:] for k in prefixed}
        if missing:
            found.append(S["grads missing"].format(keys=_listed(missing)))
        named = {k for k in extra if _KEY.match(k)}
        if named:
            found.append(S["grads extra"].format(keys=_listed(named)))
        return found
    layers = {int(_KEY.match(k).group(2)) for k in expected if k.startswith("W") and _KEY.match(k)}
    last = max(layers) if layers else None
    normalized = {int(_KEY.match(k).group(2)) for k in expected if _KEY.match(k) and k[0] == "g"}
    variant = re.search(r"\[(\w+)\]", function)
    fc_net = function.startswith("FullyConnectedNet")
    found = []

    def numbers(keys, *prefixes):
        return {int(m.group(2)) for m in map(_KEY.match, keys) if m and m.group(1) in prefixes}

    def norm_keys(keys):
        return {k for k in keys if _KEY.match(k) and k.startswith(("gamma", "beta"))}

    def layer_keys(keys):
        return {k for k in keys if _KEY.match(k) and _KEY.match(k).group(1) in ("W", "b")}

    actual_layers = numbers(actual, "W")
    if layers and actual_layers and {n + 1 for n in actual_layers} == layers:
        return [S["numbered from 1"]]
    extra_norm, missing_norm = numbers(extra, "gamma", "beta"), numbers(missing, "gamma", "beta")
    if extra_norm and not normalized:
        found.append(S["norm without normalization"].format(keys=_listed(norm_keys(extra))))
    elif extra_norm and last in extra_norm:
        found.append(S["norm on last layer"].format(last=last))
    if missing_norm and normalized:
        keys = _listed(norm_keys(missing))
        if not numbers(actual, "gamma", "beta") and variant:
            found.append(S["norm missing for variant"].format(keys=keys, variant=variant.group(1)))
        elif last is not None and missing_norm <= set(range(1, last)):
            found.append(S["norm missing on some layers"].format(keys=keys, hidden=last - 1))
    if numbers(missing, "W", "b") and last is not None:
        key = "layers missing (fc)" if fc_net else "layers missing"
        found.append(S[key].format(keys=_listed(layer_keys(missing)), count=last))
    if last is not None and any(n > last for n in numbers(extra, "W", "b")):
        key = "layers extra (fc)" if fc_net else "layers extra"
        found.append(S[key].format(keys=_listed(layer_keys(extra)), count=last))
    return found[:MAX_HINTS]


_STATE = re.compile(
    r"(?P<dict>bn_param|config|dropout_param)\['?(?P<key>\w+)'?\]"
    r"(?: after a train step)? is None|did not (?:update|store) (?P<dict2>bn_param|config)"
    r"\[\'?(?P<key2>\w+)'?\]"
)


_NET_RUNNING = re.compile(
    r"self\.bn_params\[(?P<index>\d+)\] has no '(?P<key>running_\w+)' after train-mode"
    r"|test-time scores do not change when self\.bn_params\[(?P<index2>\d+)\]"
)


def failure_hints(function, message):
    """Hint sentences for a check stopped by one of the checks' own messages (trusted text):
    a wrong list of keys, or state not written back into the dict passed in."""
    match = _KEYS.search(message)
    if match:
        owner = "grads" if match.group("owner") == "grads" else "params"
        return key_hints(
            owner, _key_list(match.group("actual")), _key_list(match.group("expected")), function
        )
    if re.search(r"draws the same W1 after np\.random\.seed\(1\) and after", message):
        return [S["reseeded"]]
    if re.search(r"self\.bn_params holds other dicts than those the train-time calls", message):
        return [S["net bn_params replaced"]]
    match = _NET_RUNNING.search(message)
    if match:
        key = "net running averages not kept" if match.group("key") else "net test mode"
        index = match.group("index") or match.group("index2")
        return [S[key].format(index=index, key=match.group("key"))]
    match = _STATE.search(message)
    if match:
        holder = match.group("dict") or match.group("dict2")
        key = match.group("key") or match.group("key2")
        return [S["state not written back"].format(dict=holder, key=key)]
    return []
