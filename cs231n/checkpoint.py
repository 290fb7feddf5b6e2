"""Checkpoint files: NumPy arrays plus JSON metadata in one ``.npz``, with no pickle involved.

Writing is atomic: the file is written under a temporary name in the same directory and then
renamed over the target, so an interrupted save never leaves a truncated checkpoint behind.
Loading uses ``np.load(..., allow_pickle=False)``, so a checkpoint from an untrusted source cannot
run code; it can only hold numeric arrays and a JSON string.
"""

import json
import os
import tempfile

import numpy as np

_META_KEY = "__meta__"


def _plain(value):
    """JSON fallback for NumPy scalars."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in checkpoint metadata")


def save_checkpoint(path, arrays, meta):
    """Write ``arrays`` (dict of name -> ndarray) and ``meta`` (JSON-serializable dict) to
    ``path``."""
    if _META_KEY in arrays:
        raise ValueError(f"{_META_KEY!r} is reserved for the metadata")
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp_path = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **{_META_KEY: np.array(json.dumps(meta, default=_plain))}, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        os.unlink(tmp_path)
        raise


def load_checkpoint(path):
    """Read a checkpoint written by `save_checkpoint`. Returns ``(arrays, meta)``.

    Raises
    ------
    ValueError
        If the file is not a checkpoint of this format (e.g. a pickle), or is corrupt.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (ValueError, OSError, EOFError) as error:
        raise ValueError(
            f"{path} is not a readable checkpoint (.npz without pickles): {error}"
        ) from error
    if _META_KEY not in arrays:
        raise ValueError(f"{path} has no {_META_KEY!r} entry: not a cs231n checkpoint")
    meta = json.loads(str(arrays.pop(_META_KEY)))
    return arrays, meta
