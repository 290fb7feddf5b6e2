"""The child of `instructor.provided_oracle` (instructor-only; run in a built release's folder).

    python oracle_child.py RELEASE_DIR MODULES_JSON ALLOWED_JSON RESULT_PATH

Imports the provided modules of the release (its student files are stubs), calls every top-level
function and static or class method whose signature takes a graded function's test-vector
inputs, and writes to RESULT_PATH the JSON list of those that returned the graded function's
expected output. Each call has a time limit; what a call raises or prints is ignored.
"""

import contextlib
import copy
import importlib
import inspect
import io
import json
import os
import signal
import sys
import warnings

import numpy as np

CALL_SECONDS = 2.0


class _TooLong(Exception):
    pass


def _alarm(signum, frame):
    raise _TooLong()


def cases():
    """``[(graded function, inputs, expected output)]`` from the release's test vectors."""
    from cs231n.grading import vectors

    found = []
    for name in ("affine_forward", "relu_forward", "conv_forward", "max_pool_forward"):
        inputs, expected = getattr(vectors, f"{name}_case")()
        inputs = inputs if isinstance(inputs, tuple) else (inputs,)
        graded = name + ("_naive" if name.startswith(("conv", "max_pool")) else "")
        found.append((graded, inputs, np.asarray(expected, dtype=float)))
    for rule in ("sgd_momentum", "rmsprop", "adam"):
        w, dw, config, expected = vectors.optimizer_case(rule)
        found.append((rule, (w, dw, config), np.asarray(expected["next_w"], dtype=float)))
    return found


def callables(module):
    """``{qualified name: function}`` defined by ``module`` (functions, static and class
    methods of its classes)."""
    found = {}
    for name, value in sorted(vars(module).items()):
        if getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(value):
            found[name] = value
        elif inspect.isclass(value):
            for attribute, member in sorted(vars(value).items()):
                if isinstance(member, (staticmethod, classmethod)):
                    found[f"{name}.{attribute}"] = getattr(value, attribute)
    return found


def reproduces(function, inputs, expected):
    try:
        inspect.signature(function).bind(*inputs)
    except (TypeError, ValueError):
        return False
    signal.setitimer(signal.ITIMER_REAL, CALL_SECONDS)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            result = function(*copy.deepcopy(inputs))
    except BaseException:  # noqa: BLE001 (SystemExit, a timeout, any error: not a reproduction)
        return False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    output = result[0] if isinstance(result, tuple) and result else result
    try:
        output = np.asarray(output, dtype=float)
    except (TypeError, ValueError):
        return False
    return output.shape == expected.shape and bool(
        np.allclose(output, expected, rtol=1e-5, atol=1e-7)
    )


class _NoProcesses(Exception):
    pass


def _refuse(*args, **kwargs):
    raise _NoProcesses("no processes in the check of provided code")


def forbid_processes():
    """No call may start a process (a notebook run, a grader): what is checked is computation,
    and a child would outlive the call's time limit."""
    import _posixsubprocess
    import multiprocessing.process
    import subprocess

    subprocess.Popen.__init__ = _refuse
    _posixsubprocess.fork_exec = _refuse
    multiprocessing.process.BaseProcess.start = _refuse
    for name in ("fork", "forkpty", "system", "posix_spawn", "posix_spawnp", "popen"):
        if hasattr(os, name):
            setattr(os, name, _refuse)
    for name in dir(os):
        if name.startswith(("exec", "spawn")):
            setattr(os, name, _refuse)


def main(argv):
    root, modules, allowed, result_path = argv[1], json.loads(argv[2]), argv[3], argv[4]
    allowed = set(json.loads(allowed))
    signal.signal(signal.SIGALRM, _alarm)
    warnings.simplefilter("ignore")
    import cs231n

    if not os.path.realpath(cs231n.__file__).startswith(os.path.realpath(root) + os.sep):
        raise SystemExit(f"imported cs231n from {cs231n.__file__}, not from the release")
    hits, broken = [], []
    all_cases = cases()
    forbid_processes()
    for module_name in modules:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                module = importlib.import_module(module_name)
        except BaseException as error:  # noqa: BLE001 (a provided module that does not import)
            broken.append(f"{module_name}: {type(error).__name__}")
            continue
        for name, function in callables(module).items():
            qualified = f"{module_name}.{name}"
            for graded, inputs, expected in all_cases:
                if f"{qualified}:{graded}" in allowed:
                    continue
                if reproduces(function, inputs, expected):
                    hits.append(f"{qualified} reproduces {graded}")
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump({"hits": hits, "broken": broken}, handle)


if __name__ == "__main__":
    main(sys.argv)
