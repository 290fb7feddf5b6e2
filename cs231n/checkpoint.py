"""Checkpoint files: NumPy arrays plus JSON metadata in one ``.npz``, with no pickle involved.

Writing is atomic: the file is written under a temporary name ``.tmp-<pid>-<random>.npz`` in the
same directory and then renamed over the target, so an interrupted save never leaves a truncated
checkpoint behind. Temporary files of killed writers are removed by the next save or load.
Loading uses ``np.load(..., allow_pickle=False)``, so a checkpoint from an untrusted source cannot
run code; it can only hold numeric arrays and a JSON string. Any damage (truncated, bit-flipped,
not a zip) gives one ValueError naming the file.
"""

import json
import os
import time
import uuid
from pathlib import Path

import numpy as np

_META_KEY = "__meta__"
TEMP_PATTERN = ".tmp-*.npz"
STALE_TEMP_SECONDS = 3600
MAX_CHECKPOINT_BYTES = 4 << 30


def _plain(value):
    """JSON fallback for NumPy scalars."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in checkpoint metadata")


def _writer_is_gone(path, now):
    """True if ``path`` (``.tmp-<pid>-...``) was left by a dead process, or is over an hour old."""
    try:
        if now - path.stat().st_mtime > STALE_TEMP_SECONDS:
            return True
    except OSError:
        return False
    parts = path.name.split("-")
    if os.name != "posix" or len(parts) < 3 or not parts[1].isdigit():
        return False  # os.kill(pid, 0) would terminate the process on Windows
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def remove_stale_temp_files(directory):
    """Delete ``.tmp-*.npz`` files that killed writers left in ``directory``.

    Returns
    -------
    removed : list of str
        Names of the deleted files.
    """
    now, removed = time.time(), []
    directory = Path(directory)
    if not directory.is_dir():
        return removed
    for path in directory.glob(TEMP_PATTERN):
        if path.is_file() and _writer_is_gone(path, now):
            try:
                path.unlink()
                removed.append(path.name)
            except OSError:
                pass
    return removed


def atomic_savez(path, arrays):
    """``np.savez(path, **arrays)`` through a temporary file renamed into place."""
    directory = Path(os.path.abspath(path)).parent
    remove_stale_temp_files(directory)
    tmp_path = directory / f".tmp-{os.getpid()}-{uuid.uuid4().hex}.npz"
    try:
        with open(tmp_path, "xb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def read_npz(path):
    """All arrays of an ``.npz`` file, never unpickling. NumPy reads each member to its end, so
    zipfile checks its CRC: a flipped bit raises ``zipfile.BadZipFile``.

    Raises
    ------
    zipfile.BadZipFile, ValueError, OSError, EOFError, ...
        Whatever the damage raises; callers turn it into their own message.
    """
    with np.load(path, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def save_checkpoint(path, arrays, meta):
    """Write ``arrays`` (dict of name -> ndarray) and ``meta`` (a JSON-serializable dict) to
    ``path``."""
    if _META_KEY in arrays:
        raise ValueError(f"{_META_KEY!r} is reserved for the metadata")
    atomic_savez(path, {_META_KEY: np.array(json.dumps(meta, default=_plain)), **arrays})


def load_checkpoint(path):
    """Read a checkpoint written by `save_checkpoint`.

    Returns
    -------
    arrays : dict of str -> ndarray
    meta : dict

    Raises
    ------
    ValueError
        If the file is not a checkpoint of this format (e.g. a pickle), or is damaged.
    """
    remove_stale_temp_files(Path(os.path.abspath(path)).parent)
    try:
        size = os.path.getsize(path)
    except OSError as error:
        raise ValueError(f"cannot read checkpoint {path}: {error}") from error
    if size > MAX_CHECKPOINT_BYTES:
        raise ValueError(f"{path} has {size} bytes, more than the {MAX_CHECKPOINT_BYTES} allowed")
    try:
        arrays = read_npz(path)
    except Exception as error:  # BadZipFile, CRC errors, EOFError, ValueError, MemoryError, ...
        raise ValueError(
            f"{path} is not a readable checkpoint (.npz without pickles): "
            f"{type(error).__name__}: {error}"
        ) from error
    if _META_KEY not in arrays:
        raise ValueError(f"{path} has no {_META_KEY!r} entry: not a cs231n checkpoint")
    meta = arrays.pop(_META_KEY)
    try:
        if meta.shape != () or meta.dtype.kind != "U":
            raise ValueError(f"{_META_KEY!r} is {meta.dtype} {meta.shape}, not a string")
        meta = json.loads(str(meta))
        if not isinstance(meta, dict):
            raise ValueError("the metadata is not a JSON object")
    except (ValueError, RecursionError) as error:
        raise ValueError(f"{path}: unreadable checkpoint metadata: {error}") from error
    return arrays, meta
