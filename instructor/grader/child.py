"""The only code of the hidden grader that runs next to student code (in the child process).

The parent starts a fresh interpreter, ``python -I -S -c <this file's text> <config json>``, so
nothing of the parent (the reference solution above all) is in the child's memory. The child:

1. imports NumPy and a few standard modules, applies the resource limits, and (when started as
   root, inside bubblewrap with only CAP_SETUID/CAP_SETGID left) drops to the unprivileged uid/gid
   it was given, with no way back (no capabilities, PR_SET_NO_NEW_PRIVS);
2. puts only the sandbox folder (provided files of the release plus the student's files) and the
   interpreter's own library folders on its import path; the local grader's `isolation` module
   (its error wording) comes as text on the command line too, never from a file the child could
   have written;
3. answers requests one at a time: a frame (8-byte length, then an ``.npz`` archive holding a JSON
   header and the input arrays) in, a frame (an ``.npz`` of the measured arrays and a JSON
   manifest of their structure) out. Arrays only: the parent loads them with
   ``allow_pickle=False`` and never runs anything the child sends.

Whatever student code does here (print, exit, loop, patch modules, this file's functions
included, raise) changes only this submission's answers: the parent owns the inputs, the
reference and the scoring. So nothing this file measures is trusted as proof: the count of
forward calls a ``backward`` request may ask for is defence in depth only (the parent's guard is
its own clock on inputs too large for finite differences), and the naive conv/pool checks run
in a child whose sandbox holds no fast layers at all (`sandbox.FAST_FILES`).
"""

import ctypes
import io
import json
import os
import resource
import sys
import threading
import types

sys.path[:] = [p for p in sys.path if p]  # never the working folder ("" on Python 3.10)
sys.path.extend(json.loads(sys.argv[1])["site_packages"])  # -S: no site-packages until now

import numpy as np  # noqa: E402  (imported before the privilege drop, like the modules below)
import numpy.linalg  # noqa: E402, F401
import numpy.random  # noqa: E402, F401

PRELOADED = (
    "collections",
    "concurrent.futures",
    "concurrent.futures.thread",
    "copy",
    "dataclasses",
    "functools",
    "itertools",
    "linecache",
    "math",
    "threading",
    "tokenize",
    "warnings",
    "zipfile",
)
MAX_ITEMS = 10_000
LIMITS = None  # the isolation.Limits of this child, set by main()


def _preload():
    """Load what the child needs while it may still read the interpreter's files (after the
    privilege drop, a Python installed under /root, say, is no longer readable)."""
    for name in PRELOADED:
        __import__(name)
    warm = io.BytesIO()
    np.savez(warm, a=np.zeros(1))
    with np.load(io.BytesIO(warm.getvalue()), allow_pickle=False) as archive:
        archive["a"]


def _load_isolation(source):
    """The provided isolation primitive (`cs231n.grading.isolation`, standard library only),
    from the text the parent passed (the release's file, read by the parent)."""
    module = types.ModuleType("_isolation")
    sys.modules["_isolation"] = module  # dataclasses look their module up by name
    exec(compile(source, "isolation.py", "exec"), module.__dict__)
    return module


def _confine(config, isolation):
    """Limits, then the privilege drop (irreversible), then the import path."""
    isolation._apply_limits(LIMITS)  # core files off, CPU seconds, memory on top of NumPy
    resource.setrlimit(resource.RLIMIT_FSIZE, (config["file_bytes"], config["file_bytes"]))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS: no setuid binary gives rights back
    resource.setrlimit(resource.RLIMIT_NPROC, (config["processes"], config["processes"]))
    if config.get("uid") is not None:
        os.setgroups([])
        os.setgid(config["gid"])
        os.setuid(config["uid"])
        try:
            os.setuid(0)
        except PermissionError:
            pass
        else:
            raise SystemExit("could not drop privileges")
        if 0 in (os.getuid(), os.geteuid(), os.getgid(), os.getegid()):
            raise SystemExit("could not drop privileges")
    code = config["code"]
    os.chdir(config["workdir"])
    sys.path[:] = [code] + [p for p in sys.path if p and os.path.isabs(p)]
    standard = ("BuiltinImporter", "FrozenImporter", "PathFinder")
    sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "__name__", "") in standard]


# --------------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------------


def _read_exact(stream, size):
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(stream):
    header = _read_exact(stream, 8)
    return None if header is None else _read_exact(stream, int.from_bytes(header, "big"))


def write_frame(stream, payload):
    stream.write(len(payload).to_bytes(8, "big") + payload)
    stream.flush()


def decode_request(payload):
    with np.load(io.BytesIO(payload), allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    header = json.loads(bytes(arrays.pop("__header__")).decode("utf-8"))
    return header, arrays


def _value(spec, arrays):
    """Rebuild an argument: {"$a": key} is a fresh copy of an array, {"$dtype": name} a dtype."""
    if isinstance(spec, dict):
        if "$a" in spec:
            return arrays[spec["$a"]].copy()
        if "$dtype" in spec:
            return getattr(np, spec["$dtype"])
        if "$tuple" in spec:
            return tuple(_value(item, arrays) for item in spec["$tuple"])
        return {key: _value(item, arrays) for key, item in spec.items()}
    if isinstance(spec, list):
        return [_value(item, arrays) for item in spec]
    return spec


class Encoder:
    """Flatten a returned value into arrays plus a JSON manifest of its structure."""

    def __init__(self):
        self.arrays = {}

    def encode(self, value, depth=0):
        if len(self.arrays) > MAX_ITEMS or depth > 8:
            return {"t": "other", "type": "too large or too deep"}
        if value is None:
            return {"t": "none"}
        if isinstance(value, (tuple, list)):
            kind = "tuple" if isinstance(value, tuple) else "list"
            return {"t": kind, "items": [self.encode(item, depth + 1) for item in value]}
        if isinstance(value, dict):
            if not all(isinstance(key, str) for key in value):
                return {"t": "other", "type": "dict with non-string keys"}
            return {"t": "dict", "items": {k: self.encode(v, depth + 1) for k, v in value.items()}}
        if isinstance(value, (np.ndarray, np.generic, bool, int, float)):
            array = np.asarray(value)
            if array.dtype.kind not in "biuf":
                return {"t": "other", "type": f"array of {array.dtype}"}
            key = f"a{len(self.arrays)}"
            self.arrays[key] = np.array(array, copy=True)
            return {"t": "array", "k": key}
        return {"t": "other", "type": type(value).__name__}


PROGRESS = None  # the pipe on which the child names each graded function before calling it


def _progress(name):
    """Tell the parent which function runs now (so a time-out names it); never blocks."""
    try:
        os.write(PROGRESS, (name.rpartition(":")[2] + "\n").encode("utf-8"))
    except (OSError, TypeError):
        pass


def _target(path):
    _progress(path)
    module_name, _, qualname = path.partition(":")
    value = __import__(module_name, fromlist=["_"])
    for part in qualname.split("."):
        value = getattr(value, part)
    return value


def _count_forward_calls(module_name):
    """Count calls of the module's ``*forward*`` functions (`_count_calls_of`); returns
    ``stop()``, which ends the count and returns it (-1: no forward function found). Defence in
    depth only: student code in this interpreter can bypass or undo the count; the parent's own
    guard is the time limit on inputs too large for finite differences."""
    module = __import__(module_name, fromlist=["_"])
    names = [name for name in vars(module) if "forward" in name]
    stop = _count_calls_of(module_name, names)
    found = any(isinstance(vars(module)[name], types.FunctionType) for name in names)
    if found:
        return stop
    missing = lambda: (stop(), -1)[1]  # noqa: E731
    missing.complex_calls = stop.complex_calls
    return missing


def _code_key(code):
    """What makes two functions the same code, whatever their names, lines or aliases."""
    return (code.co_code, code.co_names, code.co_argcount)


def _holds_complex(values):
    """Whether an argument (or an item of a tuple or list argument) is a complex array."""
    for value in values:
        for item in value if isinstance(value, (tuple, list)) else (value,):
            if isinstance(item, np.ndarray) and item.dtype.kind == "c":
                return True
    return False


def _count_calls_of(module_name, names):
    """Count calls of the module's functions ``names`` (by their module-level names); returns
    ``stop()``, which ends the count and returns it; ``stop.complex_calls`` counts the calls
    among them that were given a complex array (a complex-step derivative: honest code never
    passes one). Counted by the interpreter's profile hook on the functions' code, so a call
    through an alias taken at import time, or through a copy of the function made from its code
    (or a verbatim copy of its text), is counted too, in threads started meanwhile as well
    (held-out round 4). Defence in depth only, like `_count_forward_calls`: student code can
    remove the hook and put it back, or write the function again differently."""
    module = __import__(module_name, fromlist=["_"])
    keys = {
        _code_key(vars(module)[name].__code__)
        for name in names
        if isinstance(vars(module).get(name), types.FunctionType)
    }
    calls, complex_calls, seen = [0], [0], {}
    previous = sys.getprofile()

    def profile(frame, event, arg):
        if previous is not None:  # an outer count (a forward count around an own-work count)
            previous(frame, event, arg)
        if event == "call":
            code = frame.f_code
            found = seen.get(code)
            if found is None:
                found = seen[code] = _code_key(code) in keys
            if found:
                calls[0] += 1
                if _holds_complex(list(frame.f_locals.values())[: code.co_argcount]):
                    complex_calls[0] += 1

    previous_threads = threading.getprofile()
    sys.setprofile(profile)
    threading.setprofile(profile)  # threads started meanwhile are counted too

    def stop():
        sys.setprofile(previous)
        threading.setprofile(previous_threads)
        return calls[0]

    stop.complex_calls = lambda: complex_calls[0]
    return stop


MAX_RECORDED = 100  # calls of a recorded function (`_record_inputs`) sent back


def _record_inputs(model, name):
    """Record the shapes of the first argument of ``name`` as the module that defines the
    model's ``loss`` looks it up (its globals); returns ``stop()``, which puts the function back
    and returns the shapes (None: no such function there). What student code records here is
    its own claim about itself: the parent judges it as that, never as proof."""
    names = getattr(getattr(type(model), "loss", None), "__globals__", None)
    if not isinstance(names, dict) or not callable(names.get(name)):
        return lambda: None
    original = names[name]
    shapes = []

    def recorded(*args, **kwargs):
        if len(shapes) < MAX_RECORDED:
            x = args[0] if args else kwargs.get("x")
            shapes.append(np.array(np.shape(x), dtype=np.int64))
        return original(*args, **kwargs)

    names[name] = recorded

    def stop():
        names[name] = original
        return shapes

    return stop


# Which inputs a graded layer changed in place (`changed`): an argument's position, or these.
CHANGED_DOUT, CHANGED_CACHE = 1000, 1001


def _snapshot(values, codes):
    """``(code, array, copy)`` for each array among ``values`` (or one level inside a tuple or
    list, a cache); dicts are skipped (bn_param's running averages are meant to be written)."""
    taken = []
    for code, value in zip(codes, values):
        inner = value if isinstance(value, (tuple, list)) else (value,)
        taken += [(code, a, a.copy()) for a in inner if isinstance(a, np.ndarray)]
    return taken


def _changed(snapshots):
    """The codes of the snapshots whose array differs from its copy now (NaN equals NaN)."""
    codes = set()
    for code, array, before in snapshots:
        try:
            same = array.shape == before.shape and bool(
                np.all((array == before) | (np.isnan(array) & np.isnan(before)))
                if before.dtype.kind == "f"
                else np.all(array == before)
            )
        except Exception:  # noqa: BLE001 - a hint's fact only: unknown means unchanged
            same = True
        if not same:
            codes.add(code)
    return sorted(codes)


# The graded update rules must leave w and dw as they were (sgd, provided, updates w in place).
WATCHED_RULES = ("cs231n.optim:sgd_momentum", "cs231n.optim:rmsprop", "cs231n.optim:adam")


def _watched(path):
    return path.partition(":")[0] == "cs231n.layers" or path in WATCHED_RULES


def run(header, arrays):
    """Carry out one request; returns the value to send back (student code runs here)."""
    op = header["op"]
    args = _value(header.get("args", []), arrays)
    kwargs = _value(header.get("kwargs", {}), arrays)
    if op == "call":
        watch = _snapshot(args, range(len(args))) if _watched(header["target"]) else []
        result = _target(header["target"])(*args, **kwargs)
        answer = {"result": result, "args": [args[i] for i in header.get("return_args", [])]}
        if _changed(watch):
            answer["changed"] = _changed(watch)
        return answer
    if op == "backward":
        stop = _count_forward_calls(header["count"]) if header.get("count") else None
        other_calls = None
        watch = _snapshot(args, range(len(args))) if _watched(header["forward"]) else []
        try:
            forward_result = _target(header["forward"])(*args, **kwargs)
            if not isinstance(forward_result, tuple) or len(forward_result) != 2:
                return {"forward": forward_result}
            out, cache = forward_result
            dout = _value(header["dout"], arrays)
            if _watched(header["backward"]):
                watch += _snapshot([dout, cache], [CHANGED_DOUT, CHANGED_CACHE])
            other = header.get("others")
            stop_others = (
                _count_calls_of(header["forward"].partition(":")[0], other) if other else None
            )
            try:
                grads = _target(header["backward"])(dout, cache)
            finally:
                other_calls = stop_others() if stop_others else None
        finally:
            calls = stop() if stop else None
        answer = {"forward": (out, None), "grads": grads}
        if calls is not None:
            answer["forward_calls"] = calls
            probes = getattr(stop, "complex_calls", None)  # None: student code replaced the count
            answer["complex_forward_calls"] = probes() if callable(probes) else 0
        if other_calls is not None:
            answer["other_calls"] = other_calls
        if _changed(watch):
            answer["changed"] = _changed(watch)
        return answer
    if op == "model":
        model = _target(header["target"])(*args, **kwargs)
        answer = {"params": dict(model.params) if isinstance(model.params, dict) else None}
        results = []
        stop = _record_inputs(model, header["record"]) if header.get("record") else None
        try:
            for call in header.get("calls", []):
                for name, value in _value(call.get("set", {}), arrays).items():
                    if name == "params":
                        model.params = dict(value)
                    else:
                        setattr(model, name, value)
                _progress(header["target"] + ".loss")
                results.append(model.loss(*_value(call["args"], arrays)))
        finally:
            recorded = stop() if stop else None
        answer["results"] = results
        if recorded is not None:
            answer["recorded"] = recorded
        return answer
    if op == "preflight":  # no student code runs in a preflight child
        report = json.dumps(preflight(header)).encode("utf-8")
        return {"report": np.frombuffer(report, dtype=np.uint8)}
    if op == "where":  # where a provided module is imported from (the parent checks it)
        paths = [__import__(name).__file__.encode("utf-8") for name in header["modules"]]
        return {"files": [np.frombuffer(path, dtype=np.uint8) for path in paths]}
    raise ValueError(f"unknown op {op!r}")


# --------------------------------------------------------------------------------------------
# Preflight (run by the grader before any student code, in a child set up like the others)
# --------------------------------------------------------------------------------------------


def _solution_lines(data, fingerprints):
    import hashlib

    found = 0
    for line in data.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if len(line) >= 20 and hashlib.sha256(line.encode()).hexdigest()[:16] in fingerprints:
            found += 1
    return found


def _suspicious(path, name, header, fingerprints):
    """Why the file at ``path`` looks like a copy of the reference solution, or None."""
    import zipfile

    stems = header["stems"]
    try:
        if name.endswith((".zip", ".whl", ".egg", ".jar")):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist()[:100_000]:
                    base = member.replace("\\", "/").rsplit("/", 1)[-1]
                    if "cs231n/" in member.replace("\\", "/"):
                        return f"an archive holding {member}"
                    if base in header["basenames"]:
                        with archive.open(member) as handle:
                            if _solution_lines(handle.read(8 * 2**20), fingerprints) >= 3:
                                return f"an archive holding solution code in {member}"
            return None
        if name in header["basenames"] or name.endswith((".ipynb", ".txt", ".md", ".html")):
            if os.path.getsize(path) <= 16 * 2**20:
                with open(path, "rb") as handle:
                    if _solution_lines(handle.read(), fingerprints) >= 3:
                        return "solution code"
        elif name.endswith(".pyc") and name.split(".")[0] in stems:
            with open(path, "rb") as handle:
                data = handle.read(16 * 2**20)
            if sum(graded.encode() in data for graded in header["graded"]) >= 2:
                return "compiled code of graded functions"
    except (OSError, ValueError, RuntimeError, EOFError, NotImplementedError, zipfile.BadZipFile):
        return None  # unreadable or not a real archive (another test's broken zip in /tmp, say)
    return None


def preflight(header):
    """Imports, writes, and a look for the reference: what a grader must see before grading."""
    failed = {}
    for name in header["modules"]:
        try:
            __import__(name)
        except BaseException as error:  # noqa: BLE001
            failed[name] = f"{type(error).__name__}: {error}"[:300]
    for path in ("preflight.log", "/tmp/preflight.log"):
        try:
            with open(path, "w") as handle:
                handle.write("ok")
            os.remove(path)
        except OSError as error:
            failed[f"writing {path}"] = str(error)
    visible = [path for path in header["probes"] if os.path.lexists(path)]
    fingerprints = set(header["fingerprints"])
    found, seen = [], 0
    for root in header["roots"]:
        for folder, dirs, files in os.walk(root):
            if seen > header["max_files"]:
                dirs[:] = []
                continue
            if folder == "/":  # pseudo file systems: nothing of the reference there
                dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
            for name in list(dirs):
                path = os.path.join(folder, name)
                if name == ".git" or (name == "cs231n" and path != header["own_package"]):
                    found.append(f"{path} (a folder named {name})")
                    dirs.remove(name)
            for name in files:
                seen += 1
                path = os.path.join(folder, name)
                why = _suspicious(path, name, header, fingerprints)
                if why:
                    found.append(f"{path} ({why})")
    return {"failed": failed, "visible": visible, "found": found[:50], "files": seen}


def _exception_facts(error):
    """Where in student code ``error`` came from (`cs231n.exception_hints`), as plain data the
    parent checks and turns into hints itself; None when that cannot be said."""
    try:
        from cs231n import exception_hints

        return exception_hints.exception_facts(error)
    except BaseException:  # noqa: BLE001 - hints are help: without them, the reason stands
        return None


def answer(header, arrays, isolation):
    """The response frame for one request (errors of student code included, never raised)."""
    encoder = Encoder()
    try:
        value = run(header, arrays)
        reply = {"nonce": header["nonce"], "ok": True, "value": encoder.encode(value)}
    except BaseException as error:  # SystemExit and KeyboardInterrupt are student errors here
        encoder = Encoder()
        status, reason = isolation._classify(error, LIMITS)  # the local grader's wording
        reply = {"nonce": header["nonce"], "ok": False, "status": status, "reason": reason[:500]}
        if status == isolation.RAISED:
            reply["facts"] = _exception_facts(error)
    manifest = json.dumps(reply).encode("utf-8")
    buffer = io.BytesIO()
    np.savez(buffer, __manifest__=np.frombuffer(manifest, dtype=np.uint8), **encoder.arrays)
    return buffer.getvalue()


def main():
    global LIMITS, PROGRESS
    config = json.loads(sys.argv[1])
    _preload()
    isolation = _load_isolation(sys.argv[2])
    LIMITS = isolation.Limits(**config["limits"])
    PROGRESS = config["progress_fd"]
    os.set_blocking(PROGRESS, False)
    requests = os.fdopen(config["request_fd"], "rb", buffering=0)
    responses = os.fdopen(config["response_fd"], "wb", buffering=0)
    _confine(config, isolation)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (
        (0, 1) if config.get("debug") else (0, 1, 2)
    ):  # student prints go nowhere; the protocol has its own pipes
        os.dup2(null, fd)
    while True:
        payload = read_frame(requests)
        if payload is None:
            return
        header, arrays = decode_request(payload)
        write_frame(responses, answer(header, arrays, isolation))


main()
