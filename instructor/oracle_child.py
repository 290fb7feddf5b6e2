"""The child of `instructor.provided_oracle` (instructor-only; run in a built release's folder).

    python oracle_child.py RELEASE_DIR MODULES_JSON ALLOWED_JSON RESULT_PATH CASES_PATH

Imports the provided modules of the release (its student files are stubs) and defines the
functions and classes of its notebooks' code cells (`notebook_definitions`), calls every function
they define (`callables`: top-level functions, also those defined under a module-level ``if``,
``try`` or ``with`` of any branch; static, class and instance methods; callable instances,
``functools.partial`` objects and what a factory returns; the functions held in module-level
dicts, lists and tuples; each class constructed with part of the inputs, `Constructor`) with the
inputs of each case CASES_PATH holds (`cases`: every graded function's, built in the master by
`instructor.provided_oracle.master_cases`; positionally, by name, in other orders, as one tuple,
a dict of numbers as its numbers, after a mode string of the code, without one or two inputs
when it takes fewer: `_subsets`; its other parameters at their defaults, then each at the values
its code names: `argument_sets`), and writes to RESULT_PATH
the JSON list of those that returned one of the case's expected outputs, alone or inside a
tuple, list or dict. Each call has a time limit; what a call raises or prints is ignored. The
child never imports the master: the cases are plain arrays, dicts and tuples in a pickle.
"""

import ast
import contextlib
import copy
import functools
import importlib
import importlib.util
import inspect
import io
import itertools
import json
import os
import pickle
import resource
import signal
import sys
import time
import warnings

import numpy as np

CALL_SECONDS = 2.0


class _TooLong(Exception):
    pass


def _alarm(signum, frame):
    raise _TooLong()


def cases(path):
    """``[(graded function, inputs, expected outputs)]``: the master's cases
    (`instructor.provided_oracle.master_cases`), read from the pickle at ``path``."""
    with open(path, "rb") as handle:
        return pickle.load(handle)


class Constructor:
    """A class of the module, constructed with part of a case's inputs and then called, or its
    methods called, with the rest (`_class_calls`; held-out round 10, row 12: ``_Linear(w,
    b)(x)``, whose constructor needs arguments)."""

    def __init__(self, kind):
        self.kind = kind


def _contained(name, value, module):
    """``[(name, callable)]``: the module's own functions and partials held in the module-level
    dict, list or tuple ``value`` (one level; held-out round 10, row 13: ``_LAYERS =
    {"linear": lambda x, w, b: ...}``)."""
    if not isinstance(value, (dict, list, tuple)):
        return []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    return [
        (f"{name}[{key!r}]", item)
        for key, item in itertools.islice(items, MAX_CONTAINED)
        if isinstance(item, functools.partial)
        or (
            callable(item)
            and not inspect.isclass(item)
            and getattr(item, "__module__", None) == module.__name__
        )
    ]


def callables(module, extra=()):
    """``{qualified name: function}`` defined by ``module`` (its namespace, then the ``(name,
    value)`` pairs of ``extra``: `block_definitions`): functions, static and class methods of its
    classes, its module-level instances of its own classes that define ``__call__`` (held-out
    round 8, row 22: ``_score = _ScoreMaker()``) and its ``functools.partial`` objects; then
    what calls with no argument make (held-out round 9, row 10): the methods of an instance of
    each class whose constructor needs no argument (``_Preview().scores``) and the function a
    function that needs no argument returns (a factory, ``_make_scorer()``). Call after
    `forbid_processes`: the constructors and factories run."""
    found, classes, factories, contained = {}, {}, {}, []
    for name, value in [*sorted(vars(module).items()), *extra]:
        contained += _contained(name, value, module)
        kind = type(value)
        if isinstance(value, functools.partial) or (
            kind.__module__ == module.__name__ and "__call__" in vars(kind)
        ):
            found[name] = value
            continue
        if getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(value):
            found[name] = factories[name] = value
        elif inspect.isclass(value):
            classes[name] = value
            for attribute, member in sorted(vars(value).items()):
                if isinstance(member, (staticmethod, classmethod)):
                    found[f"{name}.{attribute}"] = factories[f"{name}.{attribute}"] = getattr(
                        value, attribute
                    )
    for name, kind in classes.items():
        found[f"{name}(...)"] = Constructor(kind)
        instance = _made(kind)
        if instance is None:
            continue
        if "__call__" in vars(kind):
            found[f"{name}()"] = instance
        for attribute, member in sorted(vars(kind).items()):
            if inspect.isfunction(member) and not attribute.startswith("__"):
                found[f"{name}().{attribute}"] = getattr(instance, attribute)
    for name, function in factories.items():
        product = _made(function)
        if callable(product) and not inspect.isclass(product) and not inspect.ismodule(product):
            found[f"{name}()"] = product
    known = {id(value) for value in found.values()}
    found |= {name: item for name, item in contained if id(item) not in known}
    return found


def _made(function):
    """What ``function()`` returns when it needs no argument and returns in time, else None."""
    try:
        inspect.signature(function).bind()
    except (TypeError, ValueError):
        return None
    result, finished = _call(function, (), {})
    return result if finished else None


MAX_VALUES = 16  # values tried for each parameter the graded inputs leave unset
MAX_CALLS = 64  # calls of one function on one test vector
CASE_SECONDS = 1.0  # the calls of one function on one test vector (after its first call)
FUNCTION_SECONDS = 0.2  # past this, a function gets one call per case (its graded order)
MAX_TOO_LONG = 1  # calls past CALL_SECONDS (over all test vectors) before the function is skipped
MAX_ITEMS = 16  # the items of a returned tuple, list or dict compared with the expected output
MAX_CONTAINED = 64  # the items of a module-level dict, list or tuple looked at for callables
ALL_ORDERS = 4  # inputs up to this many are tried in every order; more, in some (`_orders`)
MAX_WORDS = 8  # string constants of a function's code tried as its first argument


def _constants(code):
    """The plain constants (bool, int, float, str) of ``code`` and of the code nested in it."""
    found = []
    for value in code.co_consts:
        if isinstance(value, type(code)):
            found += _constants(value)
        elif isinstance(value, (bool, int, float, str)) and value is not None:
            found.append(value)
    return found


_ARGUMENT_SETS = {}


def argument_sets(function, inputs):
    """``[kwargs]``: the ways to call ``function(*inputs, **kwargs)`` that are tried
    (`_argument_sets`, which depend on how many inputs there are only: computed once for each
    count, as every order of every case asks for them)."""
    key = (id(function), len(inputs))
    if key not in _ARGUMENT_SETS:
        _ARGUMENT_SETS[key] = (function, _argument_sets(function, inputs))
    return _ARGUMENT_SETS[key][1]


def _argument_sets(function, inputs):
    """``[kwargs]``: the ways to call ``function(*inputs, **kwargs)`` that are tried.

    The graded inputs go in positionally, the parameters they leave unset at their defaults
    (a required one at True); then each such parameter, keyword-only ones included, in turn at
    True and at each constant the function's code holds, and each identifier among those
    constants as a keyword of a ``**kwargs`` parameter. A branch behind a switch (``*, affine``,
    ``mode="affine"``) is reached too (held-out round 4 row 18: a required keyword-only
    argument, which a positional call never binds, hid a paraphrased affine layer)."""
    if len(inputs) > _max_positional(function):  # cheap: most orders of most cases stop here
        return []
    try:
        signature = _signature(function)
        bound = signature.bind_partial(*inputs)
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    unset = [
        p
        for p in signature.parameters.values()
        if p.kind in kinds and p.name not in bound.arguments
    ]
    base = {p.name: True for p in unset if p.default is inspect.Parameter.empty}
    try:
        signature.bind(*inputs, **base)
    except TypeError:
        return []
    code = getattr(function, "__code__", None)
    values = [True, False, None]
    for value in _constants(code) if code is not None else []:
        if len(values) >= MAX_VALUES:
            break
        if not any(type(value) is type(seen) and value == seen for seen in values):
            values.append(value)
    found = [base]
    for parameter in unset:
        found += [{**base, parameter.name: value} for value in values]
    if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values()):
        names = {p.name for p in signature.parameters.values()}
        found += [
            {**base, value: True}
            for value in values
            if isinstance(value, str) and value.isidentifier() and value not in names
        ]
    unique = {}
    for kwargs in found:
        unique.setdefault(tuple((k, type(v), v) for k, v in sorted(kwargs.items())), kwargs)
    return list(unique.values())[:MAX_CALLS]


def keyword_arguments(function, inputs):
    """``[kwargs]``: the graded inputs given by name to the first parameters of ``function`` in
    the order they are declared, keyword-only ones included (``_scores(*, x, w, b)``, which no
    positional call binds: held-out round 9, row 10), the others as in `argument_sets`."""
    try:
        signature = _signature(function)
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    named = [p for p in signature.parameters.values() if p.kind in kinds]
    if len(named) < len(inputs):
        return []
    kwargs = {p.name: value for p, value in zip(named, inputs)}
    kwargs |= {p.name: True for p in named[len(inputs) :] if p.default is inspect.Parameter.empty}
    try:
        signature.bind(**kwargs)
    except TypeError:
        return []
    return [kwargs]


_SIGNATURES = {}


def _signature(function):
    """``inspect.signature(function)``, computed once per function (it is asked for every
    order of every case's inputs); raises as ``inspect.signature`` does."""
    key = id(function)
    if key not in _SIGNATURES:
        try:
            _SIGNATURES[key] = (function, inspect.signature(function))
        except (TypeError, ValueError) as error:
            _SIGNATURES[key] = (function, error)
    signature = _SIGNATURES[key][1]
    if isinstance(signature, Exception):
        raise signature
    return signature


def _orders(count):
    """The orders of ``count`` inputs other than their own: all of them up to `ALL_ORDERS`
    inputs; beyond, each rotation (the upstream gradient first: ``(dout, x, gamma, beta,
    bn_param)`` from ``(x, gamma, beta, bn_param, dout)``) and each swap of two neighbours."""
    if count <= ALL_ORDERS:
        return list(itertools.permutations(range(count)))[1:]
    identity = list(range(count))
    found = [tuple(identity[i:] + identity[:i]) for i in range(1, count)]
    for i in range(count - 1):
        swapped = identity.copy()
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        found.append(tuple(swapped))
    return found


_MAX_POSITIONAL = {}


def _max_positional(function):
    """How many positional arguments ``function`` takes (infinite with ``*args``; none when it
    has no signature)."""
    if id(function) in _MAX_POSITIONAL:
        return _MAX_POSITIONAL[id(function)][1]
    try:
        parameters = _signature(function).parameters.values()
    except (TypeError, ValueError):
        parameters = None
    if parameters is None:
        count = 0
    elif any(p.kind == inspect.Parameter.VAR_POSITIONAL for p in parameters):
        count = float("inf")
    else:
        kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        count = sum(p.kind in kinds for p in parameters)
    _MAX_POSITIONAL[id(function)] = (function, count)
    return count


def _calls(function, inputs):
    """``[(positional inputs, kwargs)]`` tried for one test vector: the graded inputs in their
    own order with every one of `argument_sets` (or, when they do not bind positionally, by
    name: `keyword_arguments`); then, with the unset parameters at their defaults only, the
    inputs in each other order (``_linear(weights, bias, images)``; some of them for more than
    `ALL_ORDERS` inputs: `_orders`) and all of them as one tuple (``_affine_packed(args)``):
    held-out round 8, row 22; each dict of numbers among the inputs as its values, positionally
    and by its keys (``_filter_responses(x, w, b, stride=2, pad=1)`` for ``conv_param``:
    held-out round 10, row 25); and each identifier among the code's string constants before the
    inputs (a dispatcher, ``apply_layer("linear", x, w, b)``: held-out round 10, row 14)."""
    found = [(inputs, kwargs) for kwargs in argument_sets(function, inputs)]
    if not found:
        found = [((), kwargs) for kwargs in keyword_arguments(function, inputs)]
    subsets = _subsets(tuple(map(_weight, inputs)), _max_positional(function))
    required = _required(function)  # those of its size first: the defaults are options
    subsets = sorted(subsets, key=lambda s: len(s) != required)
    # a function that takes fewer inputs gets the likely subset first (one call, when it is slow)
    first, subsets = (subsets[:1], subsets[1:]) if not found else ([], subsets)
    for subset in first:
        variant = tuple(inputs[i] for i in subset)
        found += [(variant, kwargs) for kwargs in argument_sets(function, variant)[:1]]
    if len(inputs) > 1:
        orders = _orders(len(inputs))
        variants = [tuple(inputs[i] for i in order) for order in orders] + [(tuple(inputs),)]
        for variant in variants:
            found += [(variant, kwargs) for kwargs in argument_sets(function, variant)[:1]]
    for i, value in enumerate(inputs):
        if not (
            isinstance(value, dict)
            and value
            and all(isinstance(v, (int, float, str)) for v in value.values())
        ):
            continue
        spread = inputs[:i] + tuple(value.values()) + inputs[i + 1 :]
        found += [(spread, kwargs) for kwargs in argument_sets(function, spread)[:1]]
        rest = inputs[:i] + inputs[i + 1 :]
        found += [(rest, kwargs) for kwargs in _by_keys(function, rest, value)]
    for word in _words(function):
        variant = (word, *inputs)
        found += [(variant, kwargs) for kwargs in argument_sets(function, variant)[:1]]
    for subset in subsets:
        variant = tuple(inputs[i] for i in subset)
        found += [(variant, kwargs) for kwargs in argument_sets(function, variant)[:1]]
    return found


def _required(function):
    """How many positional parameters of ``function`` have no default (0 without a signature)."""
    try:
        parameters = _signature(function).parameters.values()
    except (TypeError, ValueError):
        return 0
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(p.kind in kinds and p.default is inspect.Parameter.empty for p in parameters)


MAX_DROPPED = 2  # inputs a case may lose for a function that takes fewer (`_subsets`)


def _weight(value):
    """How much an input says (`_subsets` drops the lightest first): a number, string or dict
    (``reg``, ``bn_param``) 0, a vector (``beta``, ``b``) 1, any other array 2."""
    if not isinstance(value, np.ndarray):
        return 0
    return 1 if value.ndim <= 1 else 2


@functools.lru_cache(maxsize=None)
def _subsets(weights, positional):
    """The ordered subsets of the inputs whose `_weight` are ``weights`` given to a function
    that takes at most ``positional`` of them (fewer than all): one input dropped, then two,
    never fewer than 3 kept, the lightest inputs dropped first (the later of two alike), so the
    first subset, the one call a slow function gets, is the likely one (held-out round 11, row
    8: ``analytic_bn_grads(x, gamma, dout)`` of batchnorm's ``(x, gamma, beta, bn_param,
    dout)``; row 12: ``(params, X, y)`` of a model's ``(params, X, y, reg)``)."""
    count, found = len(weights), []
    if positional >= count:  # it takes them all: `argument_sets`
        return found
    for dropped in range(1, MAX_DROPPED + 1):
        kept = count - dropped
        if 3 <= kept <= positional:
            subsets = itertools.combinations(range(count), kept)
            found += sorted(
                subsets,
                key=lambda s: (
                    sum(weights[i] for i in range(count) if i not in s),
                    -sum(i for i in range(count) if i not in s),
                ),
            )
    return found
    for dropped in range(1, MAX_DROPPED + 1):
        kept = count - dropped
        if 3 <= kept <= positional:
            found += itertools.combinations(range(count), kept)
    return found


_WORDS = {}


def _words(function):
    """The first `MAX_WORDS` identifiers among the string constants of ``function``'s code."""
    if id(function) not in _WORDS:
        code = getattr(function, "__code__", None)
        words = []
        for value in _constants(code) if code is not None else []:
            if isinstance(value, str) and value.isidentifier() and value not in words:
                words.append(value)
        _WORDS[id(function)] = (function, words[:MAX_WORDS])
    return _WORDS[id(function)][1]


def _by_keys(function, inputs, values):
    """``[kwargs]``: ``function(*inputs, **values)`` with the other required parameters at
    True, when that binds, else ``[]``."""
    try:
        signature = _signature(function)
        bound = signature.bind_partial(*inputs, **values)
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    kwargs = dict(values) | {
        p.name: True
        for p in signature.parameters.values()
        if p.kind in kinds
        and p.name not in bound.arguments
        and p.default is inspect.Parameter.empty
    }
    try:
        signature.bind(*inputs, **kwargs)
    except TypeError:
        return []
    return [kwargs]


def _construct_then_call(kind, given, attribute, rest):
    """``kind(*given)``, then its ``attribute`` called with ``rest``."""
    return getattr(kind(*given), attribute)(*rest)


def _class_calls(kind, inputs):
    """``[(function, positional inputs, kwargs)]`` for a class: constructed with each ordered
    subset of the inputs that binds its constructor (all of them included, none left to the
    no-argument construction of `callables`), then its ``__call__`` and its own methods called
    with the remaining inputs in their order."""
    try:
        constructor = _signature(kind)
    except (TypeError, ValueError):
        return []
    methods = [
        (attribute, member)
        for attribute, member in sorted(vars(kind).items())
        if inspect.isfunction(member) and not attribute.startswith("__")
    ]
    for base in kind.__mro__[:-1]:
        if inspect.isfunction(vars(base).get("__call__")):
            methods.insert(0, ("__call__", vars(base)["__call__"]))
            break
    found = []
    for size in range(1, len(inputs) + 1):
        for chosen in itertools.combinations(range(len(inputs)), size):
            given = tuple(inputs[i] for i in chosen)
            rest = tuple(inputs[i] for i in range(len(inputs)) if i not in chosen)
            try:
                constructor.bind(*given)
            except TypeError:
                continue
            for attribute, member in methods:
                try:
                    _signature(member).bind(None, *rest)
                except (TypeError, ValueError):
                    continue
                found.append((_construct_then_call, (kind, given, attribute, rest), {}))
    return found


def _targets(function, inputs):
    """``[(function, positional inputs, kwargs)]``: the calls tried for one case."""
    if isinstance(function, Constructor):
        return _class_calls(function.kind, inputs)
    return [(function, arguments, kwargs) for arguments, kwargs in _calls(function, inputs)]


def _call(function, inputs, kwargs):
    """``function``'s output on copies of the inputs; None when it raises, prints an error,
    or takes more than `CALL_SECONDS`."""
    inputs, kwargs = copy.deepcopy((inputs, kwargs))
    _SET_TIMER(signal.ITIMER_REAL, CALL_SECONDS)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return function(*inputs, **kwargs), True
    except _TooLong:
        return None, None
    except BaseException:  # noqa: BLE001 (SystemExit, any error: not a reproduction)
        return None, False
    finally:
        _SET_TIMER(signal.ITIMER_REAL, 0)
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:  # a plotting helper's figures would slow every later call
            pyplot.close("all")


_SET_TIMER = signal.setitimer  # `forbid_processes` takes the timers from the calls


def _outputs(result, depth=2):
    """``result`` and what it holds, two levels down: a tuple's or list's items, a dict's
    values (``{"scores": out}``: held-out round 9, row 10), at most `MAX_ITEMS` of each."""
    yield result
    if depth and isinstance(result, (tuple, list, dict)):
        items = result.values() if isinstance(result, dict) else result
        for item in itertools.islice(items, MAX_ITEMS):
            yield from _outputs(item, depth - 1)


def _matches(result, expected):
    """Whether ``result`` holds (`_outputs`) one of the arrays ``expected``."""
    shapes = {e.shape for e in expected}
    for output in _outputs(result):
        try:
            if np.shape(output) not in shapes:  # cheap: most outputs are not of these shapes
                continue
            output = np.asarray(output, dtype=float)
        except (TypeError, ValueError):
            continue
        for wanted in expected:
            if output.shape == wanted.shape and np.allclose(output, wanted, 1e-5, 1e-7):
                return True
    return False


def reproduces(function, cases, allowed=()):
    """The graded functions of ``cases`` (`cases`) one of whose expected outputs ``function``
    returns for their inputs with any of its `_targets`, except those in ``allowed``. A
    function is not called again once its calls ran past `CALL_SECONDS` more than
    `MAX_TOO_LONG` times (a notebook runner stopped while it imports nbclient would take 2 s at
    every call), and gets `CASE_SECONDS` for each case after the case's first call, so a helper
    that draws before it computes (half a second a call) is still tried on every case (held-out
    round 9, row 18b); a graded answer on a test vector takes microseconds."""
    found, too_long, begun = [], 0, time.monotonic()
    for graded, inputs, expected in cases:
        if graded in allowed or graded in found:
            continue
        start = time.monotonic()
        targets = _targets(function, inputs)
        if start - begun > FUNCTION_SECONDS:
            targets = targets[:1]
        for target, arguments, kwargs in targets:
            result, finished = _call(target, arguments, kwargs)
            if finished and _matches(result, expected):
                found.append(graded)
                break
            too_long += finished is None
            if too_long > MAX_TOO_LONG:
                return found
            if time.monotonic() - start > CASE_SECONDS:
                break
    return found


class _NoProcesses(Exception):
    pass


def _refuse(*args, **kwargs):
    raise _NoProcesses("no processes in the check of provided code")


def forbid_processes():
    """No call may start a process (a notebook run, a grader), nor end, signal or regroup this
    one (`isolation._child` ends with ``os._exit``), nor change its limits or its signal
    handlers and timers (the calls' time limit): what is checked is computation, and a child
    would outlive the call's time limit."""
    import _posixsubprocess
    import multiprocessing.process
    import subprocess

    resource.setrlimit = _refuse
    for name in ("signal", "alarm", "setitimer", "pthread_kill", "pthread_sigmask"):
        setattr(signal, name, _refuse)

    subprocess.Popen.__init__ = _refuse
    _posixsubprocess.fork_exec = _refuse
    multiprocessing.process.BaseProcess.start = _refuse
    stopping = ("_exit", "abort", "kill", "killpg", "setpgid", "setsid")  # this check itself
    for name in ("fork", "forkpty", "system", "posix_spawn", "posix_spawnp", "popen", *stopping):
        if hasattr(os, name):
            setattr(os, name, _refuse)
    for name in dir(os):
        if name.startswith(("exec", "spawn")):
            setattr(os, name, _refuse)


class _KnownMissing:
    """A finder first on ``sys.meta_path`` that fails at once the import of a module already
    found missing during the calls: a failed import is not cached, and a helper that imports
    an absent package (nbclient) scans ``sys.path`` again at every call, for every case."""

    missing = set()

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name in cls.missing:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def remember_missing_modules():
    """Record each module an import finds missing (`_KnownMissing`)."""
    import builtins

    original = builtins.__import__

    def remembering(name, *args, **kwargs):
        try:
            return original(name, *args, **kwargs)
        except ModuleNotFoundError as error:
            if error.name:
                _KnownMissing.missing.add(error.name)
            raise

    builtins.__import__ = remembering
    sys.meta_path.insert(0, _KnownMissing)


def import_file(root, relpath):
    """A shipped Python file outside the package, imported by path under the name
    ``--ships-code`` gives its definitions (``datasets.get_datasets``), never ``__main__``, so
    its script part does not run; setuptools' ``setup`` and Cython's ``cythonize`` do nothing
    here, so a build script (``setup.py``) only defines its functions."""
    try:
        import setuptools

        setuptools.setup = lambda *args, **kwargs: None
        import Cython.Build

        Cython.Build.cythonize = lambda *args, **kwargs: []
    except ImportError:
        pass
    name = relpath[: -len(".py")].replace("/", ".")
    spec = importlib.util.spec_from_file_location(name, os.path.join(root, relpath))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


def notebook_definitions(root, relpath):
    """A module (named ``relpath``) holding the functions and classes that the code cells of the
    notebook ``relpath`` define (also under a cell's ``if``, ``for``, ``with`` or ``try``, every
    branch, as `define_main_block` does), and nothing else of those cells (the imports run, in their
    cells' order, so the definitions see what the notebook imports; IPython's ``%``/``!`` lines
    are left out): held-out round 11, row 20, a "reference" ``preview_scores(images, weights,
    bias)`` in a code cell of a student notebook computed ``affine_forward`` and shipped, as
    notebooks were never run by this check. A cell that does not parse is not run by students
    either and is skipped.

    Raises
    ------
    Exception
        Whatever an import or a definition raises: the caller reports the notebook as not
        checked, naming the cell.
    """
    import types

    with open(os.path.join(root, relpath), encoding="utf-8") as handle:
        cells = json.load(handle).get("cells", [])
    module = types.ModuleType(relpath)
    module.__file__ = os.path.join(root, relpath)
    for number, cell in enumerate(cells, 1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        lines = [
            "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
        ]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        kept = []  # the imports, and the definitions also under an if, for, with or try
        for statement in tree.body:
            imports = isinstance(statement, (ast.Import, ast.ImportFrom))
            kept += [statement] if imports else _definitions([statement])
        for statement in kept:
            code = compile(ast.Module(body=[statement], type_ignores=[]), relpath, "exec")
            try:
                exec(code, vars(module))  # noqa: S102 (staff code, as students run it)
            except Exception as error:
                raise ValueError(
                    f"code cell {number} (line {statement.lineno}) cannot run here: "
                    f"{type(error).__name__}: {error}"
                ) from error
    return module


def _is_main_guard(statement):
    """Whether ``statement`` is ``if __name__ == "__main__":`` (either side of the ``==``)."""
    if not (isinstance(statement, ast.If) and isinstance(statement.test, ast.Compare)):
        return False
    test = statement.test
    sides = [test.left, *test.comparators]
    return (
        len(sides) == 2
        and isinstance(test.ops[0], ast.Eq)
        and {ast.dump(side) for side in sides}
        == {ast.dump(ast.Name("__name__", ast.Load())), ast.dump(ast.Constant("__main__"))}
    )


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _definitions(statements):
    """The defs and classes among ``statements`` and inside their blocks (if, for, with, try,
    match), not inside the definitions themselves."""
    found = []
    for statement in statements:
        if isinstance(statement, _DEFINITIONS):
            found.append(statement)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            found += _definitions(getattr(statement, field, []))
    return found


def _defines(value, definition, path):
    """Whether ``value`` is what ``definition`` (an ast def or class of ``path``) defines."""
    first = min([definition.lineno] + [d.lineno for d in definition.decorator_list])
    codes = [getattr(value, "__code__", None)]
    if inspect.isclass(value):
        codes = [getattr(member, "__code__", None) for member in vars(value).values()]
    return any(
        code is not None
        and code.co_filename == path
        and first <= code.co_firstlineno <= definition.end_lineno
        for code in codes
    )


def block_definitions(module):
    """``[(name, function or class)]``: the definitions under the module-level ``if``, ``try``,
    ``with``, ``for``, ``while`` and ``match`` blocks of ``module``, every branch (``else``,
    ``except``) whether it ran or not, defined afresh in a copy of the module's namespace, so a
    helper on a path this check does not take (``if HAVE_CYTHON:``, the compiled extension is
    absent here: held-out round 9, row 11) is called like the others. A definition the import
    made is left to `callables`; one the import did not make, or replaced, is named by its
    name, with its line when the module holds another value under that name.

    Raises
    ------
    ValueError
        Naming the definition that cannot be made (a default or decorator that names what only
        the other path defines): the caller reports the module as not checked.
    """
    path = getattr(module, "__file__", None)
    if not path or not path.endswith(".py"):
        return []
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    namespace, found = dict(vars(module)), []
    for statement in tree.body:
        if isinstance(statement, _DEFINITIONS) or _is_main_guard(statement):
            continue  # defined by the import; the main guard by `define_main_block`
        for definition in _definitions([statement]):
            name = definition.name
            if name in vars(module) and _defines(vars(module)[name], definition, path):
                continue
            code = compile(ast.Module(body=[definition], type_ignores=[]), path, "exec")
            try:
                exec(code, namespace)  # noqa: S102 (staff code, as its import ran)
            except Exception as error:  # noqa: BLE001
                raise ValueError(
                    f"{name} (line {definition.lineno}, under a block the import did not run) "
                    f"cannot be defined here: {type(error).__name__}: {error}"
                ) from error
            label = f"{name} (line {definition.lineno})" if name in vars(module) else name
            found.append((label, namespace[name]))
    return found


def define_main_block(module):
    """Define in ``module`` the functions and classes its ``if __name__ == "__main__":`` blocks
    define, and nothing else of those blocks (the script part does not run), so a helper
    written there is called like the others (held-out round 8, row 11: a "self-test" that
    solved the affine layer under the guard of ``datasets/get_datasets.py``).

    Raises
    ------
    Exception
        Whatever defining one of them raises (a default that names a variable of the block):
        the caller reports the module as not checked.
    """
    path = getattr(module, "__file__", None)
    if not path or not path.endswith(".py"):
        return
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    for statement in tree.body:
        if _is_main_guard(statement):
            for definition in _definitions(statement.body):
                code = compile(ast.Module(body=[definition], type_ignores=[]), path, "exec")
                exec(code, vars(module))  # noqa: S102 (staff code, as its import ran)


def main(argv):
    root, modules, allowed, result_path = argv[1], json.loads(argv[2]), argv[3], argv[4]
    all_cases = cases(argv[5])
    allowed = set(json.loads(allowed))
    signal.signal(signal.SIGALRM, _alarm)
    warnings.simplefilter("ignore")
    # An editable install of the master (pip install -e) finds what the release lacks in the
    # master: only the release's own files are imported here.
    sys.meta_path[:] = [
        finder
        for finder in sys.meta_path
        if not getattr(finder, "__module__", type(finder).__module__).startswith("__editable__")
    ]
    import cs231n

    if not os.path.realpath(cs231n.__file__).startswith(os.path.realpath(root) + os.sep):
        raise SystemExit(f"imported cs231n from {cs231n.__file__}, not from the release")
    hits, broken, imported = [], [], []
    for entry in modules:  # before forbid_processes: matplotlib's first import runs fc-list
        module_name = entry[: -len(".py")].replace("/", ".") if entry.endswith(".py") else entry
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                if entry.endswith(".ipynb"):  # its code cells' definitions only
                    module, extra = notebook_definitions(root, entry), []
                    imported.append((module_name, module, extra))
                    continue
                if entry.endswith(".py"):  # a file outside the package, by its path
                    module = import_file(root, entry)
                else:
                    module = importlib.import_module(module_name)
                define_main_block(module)
                extra = block_definitions(module)
            imported.append((module_name, module, extra))
        except BaseException as error:  # noqa: BLE001 (a provided module that does not import)
            broken.append(f"{module_name}: {type(error).__name__}: {error}"[:300])
    forbid_processes()
    remember_missing_modules()
    for module_name, module, extra in imported:
        for name, function in callables(module, extra).items():
            qualified = f"{module_name}.{name}"
            exempt = {a.split(":")[1] for a in allowed if a.split(":")[0] == qualified}
            for graded in reproduces(function, all_cases, exempt):
                hits.append(f"{qualified} reproduces {graded}")
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump({"hits": hits, "broken": broken}, handle)


if __name__ == "__main__":
    main(sys.argv)
