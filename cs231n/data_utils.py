"""Load CIFAR-10 for the notebooks.

Two source layouts are read, detected automatically:

1. the official python batches, ``cifar-10-batches-py/`` with ``data_batch_1`` .. ``data_batch_5``,
   ``test_batch`` and ``batches.meta`` (unpickled with a restricted unpickler that only rebuilds
   plain NumPy arrays);
2. an image-folder tree ``train/<class>/*.png|jpg`` and ``test/<class>/*.png|jpg``, as a directory
   or a ``.tar`` / ``.tar.gz`` / ``.tar.xz`` archive of one.

Where the data comes from (see ``datasets/README.md``):

* ``datasets/`` at the repository root (:data:`DATA_DIR`), then ``cs231n/datasets/`` (where the
  CS231n course puts it, :data:`COURSE_DATA_DIR`), whichever holds the data;
* otherwise the environment variable ``CIFAR10_SOURCE`` names a directory, an archive or a URL
  (``http://``, ``https://``, ``file://``; URLs are downloaded into ``datasets/`` first).

Archives are never extracted: their known files are read as a stream (:mod:`cs231n.archives`), and
an official archive is written to ``cifar-10-batches-py/`` only after every batch in it has been
read and checked. Decoding 60,000 images takes a few seconds, so image trees are decoded once into
an uncompressed ``.npz`` cache under ``datasets/cifar10-cache/``, keyed to the source (path, sizes,
modification times) and checked (shapes, dtypes, counts, labels) whenever it is read.

The class names are :data:`CLASS_NAMES` (label order 0..9).
"""

import hashlib
import io
import json
import os
import pickle
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

from cs231n import archives
from cs231n.checkpoint import atomic_savez, read_npz
from cs231n.url_download import download, url_filename

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "datasets"
COURSE_DATA_DIR = Path(__file__).resolve().parent / "datasets"
SOURCE_ENV_VAR = "CIFAR10_SOURCE"
QUIET_ENV_VAR = "CS231N_QUIET"
FETCH_COMMAND = "python datasets/get_datasets.py"

#: CIFAR-10 class names in label order 0..9 (as in batches.meta of the official release).
CLASS_NAMES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)
BATCHES_DIRNAME = "cifar-10-batches-py"
TRAIN_BATCH_FILES = tuple(f"data_batch_{i}" for i in range(1, 6))
OFFICIAL_FILES = TRAIN_BATCH_FILES + ("test_batch", "batches.meta")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz")
CACHE_DIRNAME = "cifar10-cache"
CACHE_FORMAT = 2
IMAGE_SHAPE = (3, 32, 32)
SPLIT_KEYS = ("X_train", "y_train", "X_test", "y_test")
MAX_BATCH_BYTES = 64 << 20  # an official batch has 31 MB
MAX_IMAGE_BYTES = 64 << 10  # a 32x32 image has a few KB
MAX_IMAGES = 65_536


class CIFAR10NotFoundError(FileNotFoundError):
    """CIFAR-10 is not where the loader looked; the message says how to fetch it."""


class CIFAR10LayoutError(CIFAR10NotFoundError):
    """A CIFAR-10 source exists but lacks files or folders; the message names them."""


class CIFAR10CorruptError(ValueError):
    """A CIFAR-10 file exists but cannot be read or holds wrong data; the message names it."""


def data_dirs():
    """Folders searched for CIFAR-10, in order: the project's ``datasets/``, the course's
    ``cs231n/datasets/``."""
    return list(dict.fromkeys([Path(DATA_DIR), Path(COURSE_DATA_DIR)]))


# ----------------------------------------------------------------------------------------------
# Official python batches
# ----------------------------------------------------------------------------------------------


def _numpy_pickle_globals():
    core = getattr(np, "_core", None) or np.core
    reconstruct = core.multiarray._reconstruct
    frombuffer = core.numeric._frombuffer
    scalar = core.multiarray.scalar
    import _codecs

    # _codecs.encode rebuilds bytes in protocol-2 pickles written by Python 3.
    allowed = {
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
        ("_codecs", "encode"): _codecs.encode,
    }
    for module in ("numpy.core", "numpy._core"):
        allowed[(f"{module}.multiarray", "_reconstruct")] = reconstruct
        allowed[(f"{module}.multiarray", "scalar")] = scalar
        allowed[(f"{module}.numeric", "_frombuffer")] = frombuffer
    return allowed


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """Unpickler that can rebuild NumPy arrays and builtin containers, and nothing else.

    Pickle can call any importable function while loading; the CIFAR-10 batches only need NumPy's
    array reconstruction helpers, so every other global is refused.
    """

    _allowed = _numpy_pickle_globals()

    def find_class(self, module, name):
        try:
            return self._allowed[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refusing to load global {module}.{name!s}: CIFAR-10 pickles may only contain "
                "NumPy arrays, lists, dicts, strings and numbers"
            ) from None


def _str_keys(obj):
    """Decode bytes dict keys (Python 2 pickles read with encoding='bytes') to str."""
    if not isinstance(obj, dict):
        return obj
    return {(k.decode("latin1") if isinstance(k, bytes) else k): v for k, v in obj.items()}


def load_pickle(f):
    """Unpickle a CIFAR-10 batch file safely.

    Parameters
    ----------
    f : binary file object
        Open file holding one pickle (Python 2 or 3).

    Returns
    -------
    obj : object
        The unpickled object; dicts get ``str`` keys.

    Raises
    ------
    pickle.UnpicklingError
        If the pickle references anything other than NumPy array reconstruction.
    """
    return _str_keys(_ArrayOnlyUnpickler(f, encoding="bytes").load())


def _unpickle(raw, name):
    try:
        return load_pickle(io.BytesIO(raw))
    except pickle.UnpicklingError as error:
        if "refusing to load global" in str(error):
            raise
        raise CIFAR10CorruptError(f"{name} is not a readable pickle: {error}") from error
    except Exception as error:  # truncated or garbled pickles raise many kinds of errors
        raise CIFAR10CorruptError(
            f"{name} is not a readable pickle ({type(error).__name__}: {error})"
        ) from error


def _parse_batch(raw, name):
    """``(images uint8 (N, 3, 32, 32), labels int64 (N,))`` from the bytes of one batch file."""
    batch = _unpickle(raw, name)
    if not isinstance(batch, dict) or "data" not in batch or "labels" not in batch:
        raise CIFAR10CorruptError(
            f"{name} is not a CIFAR-10 batch: expected a dict with 'data' and 'labels'"
        )
    data = batch["data"]
    if (
        not isinstance(data, np.ndarray)
        or data.dtype != np.uint8
        or data.ndim != 2
        or data.shape[1] != 3072
    ):
        raise CIFAR10CorruptError(
            f"{name}: 'data' must be a uint8 array of shape (N, 3072), got "
            f"{getattr(data, 'dtype', type(data).__name__)} "
            f"{getattr(data, 'shape', '')}"
        )
    try:
        labels = np.asarray(batch["labels"])
    except Exception as error:
        raise CIFAR10CorruptError(f"{name}: 'labels' is not a list of integers") from error
    if (
        labels.dtype.kind not in "iu"
        or labels.shape != (data.shape[0],)
        or labels.size
        and not 0 <= labels.min() <= labels.max() <= 9
    ):
        raise CIFAR10CorruptError(f"{name}: 'labels' must be {data.shape[0]} integers in 0..9")
    return data.reshape((-1,) + IMAGE_SHAPE), labels.astype(np.int64)


def _check_meta(raw, name):
    meta = _unpickle(raw, name)
    names = meta.get("label_names") if isinstance(meta, dict) else None
    if not isinstance(names, list):
        raise CIFAR10CorruptError(f"{name} has no list 'label_names'")
    names = [n.decode("latin1") if isinstance(n, bytes) else n for n in names]
    if names != list(CLASS_NAMES):
        raise CIFAR10CorruptError(
            f"{name}: label_names {names!r} differ from CIFAR-10's {list(CLASS_NAMES)}"
        )


def parse_official_files(files, where):
    """Read and check the official files, given as bytes.

    Parameters
    ----------
    files : dict
        File name (one of :data:`OFFICIAL_FILES`) -> bytes.
    where : str or Path
        Folder or archive, for messages.

    Returns
    -------
    data : dict
        ``X_train`` uint8 (N_train, 3, 32, 32), ``y_train`` int64 (N_train,), ``X_test``,
        ``y_test``.
    """
    missing = [name for name in OFFICIAL_FILES if name not in files]
    if missing:
        raise CIFAR10LayoutError(
            f"{where} is incomplete: missing {', '.join(missing)} "
            f"(expected {', '.join(OFFICIAL_FILES)})"
        )
    _check_meta(files["batches.meta"], f"{where}/batches.meta")
    train = [_parse_batch(files[name], f"{where}/{name}") for name in TRAIN_BATCH_FILES]
    X_test, y_test = _parse_batch(files["test_batch"], f"{where}/test_batch")
    return {
        "X_train": np.concatenate([x for x, _ in train]),
        "y_train": np.concatenate([y for _, y in train]),
        "X_test": X_test,
        "y_test": y_test,
    }


def _read_bounded(path, limit):
    size = path.stat().st_size
    if size > limit:
        raise CIFAR10CorruptError(f"{path} has {size} bytes, more than the {limit} allowed")
    return path.read_bytes()


def _read_official_dir(batches_dir):
    batches_dir = Path(batches_dir)
    missing = [name for name in OFFICIAL_FILES if not (batches_dir / name).is_file()]
    if missing:
        raise CIFAR10LayoutError(
            f"{batches_dir} is incomplete: missing {', '.join(missing)} "
            f"(expected {', '.join(OFFICIAL_FILES)}). Delete {batches_dir} and run "
            f"`{FETCH_COMMAND}` again."
        )
    try:
        files = {
            name: _read_bounded(batches_dir / name, MAX_BATCH_BYTES) for name in OFFICIAL_FILES
        }
        return parse_official_files(files, batches_dir)
    except (CIFAR10CorruptError, OSError) as error:
        raise CIFAR10CorruptError(
            f"the CIFAR-10 in {batches_dir} is broken: {error}. Delete "
            f"{batches_dir} and run `{FETCH_COMMAND}` again."
        ) from error


def load_CIFAR_batch(filename):
    """Load one official CIFAR-10 batch.

    Parameters
    ----------
    filename : str or Path
        A ``data_batch_*`` or ``test_batch`` file.

    Returns
    -------
    X : ndarray of float64, shape (N, 32, 32, 3)
        Images, channels last, values 0..255.
    Y : ndarray of int64, shape (N,)
        Labels 0..9.
    """
    images, labels = _parse_batch(_read_bounded(Path(filename), MAX_BATCH_BYTES), filename)
    return images.transpose(0, 2, 3, 1).astype(np.float64), labels


def _install_official(files, data_dir):
    """Write checked official files to ``data_dir/cifar-10-batches-py`` (complete or absent)."""
    data_dir = Path(data_dir)
    target = data_dir / BATCHES_DIRNAME
    data_dir.mkdir(parents=True, exist_ok=True)
    temp_dir = Path(tempfile.mkdtemp(dir=data_dir, prefix=".install-"))
    try:
        staged = temp_dir / BATCHES_DIRNAME
        staged.mkdir()
        for name in OFFICIAL_FILES:
            with open(staged / name, "xb") as f:
                f.write(files[name])
        try:
            os.replace(staged, target)
        except OSError:
            if not target.is_dir():  # another process may have installed it meanwhile
                raise
    finally:
        shutil.rmtree(temp_dir, ignore_errors=True)
    return target


# ----------------------------------------------------------------------------------------------
# Image-folder trees (directory or tar archive)
# ----------------------------------------------------------------------------------------------


def _decode_image(data, name):
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.size != (32, 32):
                    raise CIFAR10CorruptError(
                        f"image {name} is {image.size[0]}x{image.size[1]}, expected 32x32"
                    )
                pixels = np.asarray(image.convert("RGB"))
    except CIFAR10CorruptError:
        raise
    except Exception as error:  # PIL raises OSError, SyntaxError, DecompressionBombError, ...
        raise CIFAR10CorruptError(
            f"cannot decode image {name} ({type(error).__name__}: {error})"
        ) from error
    return pixels.transpose(2, 0, 1)


def _image_entry(parts):
    """Split a path (tuple of parts) into (prefix, split, class, filename) if it is a tree image."""
    if len(parts) < 3 or not parts[-1].lower().endswith(IMAGE_SUFFIXES):
        return None
    if parts[-3] not in ("train", "test") or parts[-1].startswith("."):
        return None
    return "/".join(parts[:-3]), parts[-3], parts[-2], parts[-1]


def _quiet():
    """True when ``CS231N_QUIET`` is set (not "0"): no progress bars or loading messages. The
    notebook tests set it, since nbval compares every output and these depend on the cache."""
    return os.environ.get(QUIET_ENV_VAR, "0") not in ("", "0")


def _status(message):
    """A loading message on stderr, unless quiet."""
    if not _quiet():
        print(message, file=sys.stderr, flush=True)


def _progress(iterable, description, total=None, unit="img"):
    if _quiet():
        return iterable
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return iterable
    return tqdm(
        iterable,
        desc=description,
        total=total,
        unit=unit,
        file=sys.stderr,
        mininterval=0.5,
        leave=False,
    )


def _assemble_tree(images, where):
    """Order decoded images and build the split arrays.

    ``images`` maps (prefix, split, class, filename) to a (3, 32, 32) uint8 array.
    Within a class, files are sorted by name. The classes are then interleaved round robin
    (image 0 of every class, then image 1 of every class, ...): an image tree carries no
    global order, and sorting by class would make the validation rows (the end of the training
    set) and the first test rows a single class each.
    """
    prefixes = sorted({key[0] for key in images})
    if len(prefixes) > 1:
        raise CIFAR10LayoutError(
            f"{where} holds several image trees ({', '.join(prefixes)}); keep one"
        )
    result = {}
    for split in ("train", "test"):
        by_class = {}
        for (_, image_split, class_name, filename), pixels in images.items():
            if image_split == split:
                by_class.setdefault(class_name, []).append((filename, pixels))
        unknown = sorted(set(by_class) - set(CLASS_NAMES))
        if unknown:
            raise CIFAR10LayoutError(
                f"{where}: unknown class folder(s) {split}/{', '.join(unknown)}; "
                f"expected {', '.join(CLASS_NAMES)}"
            )
        missing = [f"{split}/{name}/" for name in CLASS_NAMES if name not in by_class]
        if missing:
            raise CIFAR10LayoutError(f"{where}: missing image folder(s) {', '.join(missing)}")
        arrays, labels, ranks = [], [], []
        for label, class_name in enumerate(CLASS_NAMES):
            files = sorted(by_class[class_name], key=lambda item: item[0])
            arrays.extend(pixels for _, pixels in files)
            labels.append(np.full(len(files), label, dtype=np.int64))
            ranks.append(np.arange(len(files)))
        labels, ranks = np.concatenate(labels), np.concatenate(ranks)
        order = np.lexsort((labels, ranks))  # by rank within class, then by class
        result[f"X_{split}"] = np.stack(arrays)[order]
        result[f"y_{split}"] = labels[order]
    return result


def _tree_root(directory):
    """The directory holding train/ and test/: ``directory`` or its only subdirectory."""
    directory = Path(directory)
    if (directory / "train").is_dir() or (directory / "test").is_dir():
        return directory
    children = [c for c in directory.iterdir() if c.is_dir() and not c.name.startswith(".")]
    for child in children:
        if (child / "train").is_dir() and (child / "test").is_dir():
            return child
    return None


def _tree_files(root):
    root = Path(root)
    files = []
    for split in ("train", "test"):
        if not (root / split).is_dir():
            raise CIFAR10LayoutError(
                f"{root}: missing folder {split}/ (expected {split}/<class>/*.png|jpg)"
            )
        for class_dir in sorted(p for p in (root / split).iterdir() if p.is_dir()):
            files.extend(sorted(p for p in class_dir.iterdir() if _image_entry(p.parts[-3:])))
            if len(files) > MAX_IMAGES:
                raise CIFAR10LayoutError(
                    f"{root} holds more than {MAX_IMAGES} images; CIFAR-10 has 60,000"
                )
    return files


def _decode_tree_dir(root):
    files = _tree_files(root)
    images = {}
    for path in _progress(files, "Decoding CIFAR-10 images", total=len(files)):
        images[_image_entry(path.parts[-3:])] = _decode_image(
            _read_bounded(path, MAX_IMAGE_BYTES), path
        )
    return _assemble_tree(images, root)


def _official_member(name):
    parts = tuple(name.split("/"))
    return len(parts) >= 2 and parts[-2] == BATCHES_DIRNAME and parts[-1] in OFFICIAL_FILES


def _archive_limits():
    return archives.Limits(max_member_bytes=MAX_BATCH_BYTES, max_members=MAX_IMAGES)


def _read_archive(path):
    """Read an archive in one pass. Returns ``("official", files)`` (name -> bytes) or
    ``("images", data)`` (decoded arrays); nothing is written."""
    official, images = {}, {}

    def wanted(name):
        if _official_member(name):
            return MAX_BATCH_BYTES
        return MAX_IMAGE_BYTES if _image_entry(tuple(name.split("/"))) else None

    members = archives.read_members(path, wanted, _archive_limits())
    for name, raw in _progress(members, "Reading CIFAR-10 archive", unit="file"):
        if _official_member(name):
            key, store = name.split("/")[-1], official
        else:
            key, store = _image_entry(tuple(name.split("/"))), images
            raw = _decode_image(raw, name)
        if key in store:
            raise CIFAR10LayoutError(f"{path} holds {name} twice")
        store[key] = raw
    if official and images:
        raise CIFAR10LayoutError(
            f"{path} holds both {BATCHES_DIRNAME}/ and an image tree; keep one"
        )
    if official:
        return "official", official
    if images:
        return "images", _assemble_tree(images, path)
    raise CIFAR10LayoutError(
        f"{path} holds neither {BATCHES_DIRNAME}/ ({', '.join(OFFICIAL_FILES)}) "
        "nor an image tree (train/<class>/*.png|jpg and test/<class>/...)"
    )


# ----------------------------------------------------------------------------------------------
# Checks shared by every source
# ----------------------------------------------------------------------------------------------


def check_arrays(data, where):
    """Raise CIFAR10CorruptError unless ``data`` holds uint8 images (N, 3, 32, 32) and int64
    labels 0..9 of matching lengths for both splits."""
    for split in ("train", "test"):
        X, y = data.get(f"X_{split}"), data.get(f"y_{split}")
        if not isinstance(X, np.ndarray) or X.dtype != np.uint8 or X.shape[1:] != IMAGE_SHAPE:
            raise CIFAR10CorruptError(
                f"{where}: X_{split} must be uint8 (N, 3, 32, 32), got "
                f"{getattr(X, 'dtype', type(X).__name__)} "
                f"{getattr(X, 'shape', '')}"
            )
        if not isinstance(y, np.ndarray) or y.dtype != np.int64 or y.shape != X.shape[:1]:
            raise CIFAR10CorruptError(
                f"{where}: y_{split} must be int64 ({len(X)},), got "
                f"{getattr(y, 'dtype', type(y).__name__)} "
                f"{getattr(y, 'shape', '')}"
            )
        if y.size and not 0 <= y.min() <= y.max() <= len(CLASS_NAMES) - 1:
            raise CIFAR10CorruptError(f"{where}: y_{split} has labels outside 0..9")


def validate_counts(data, expected_counts, where):
    """Check image counts and that all 10 classes occur in both splits.

    Parameters
    ----------
    data : dict
        As returned by :func:`read_source`.
    expected_counts : (int, int) or None
        Training and test image counts; None skips the count check.
    where : str or Path
        The source, for the message.
    """
    problems = []
    if expected_counts is not None:
        for split, expected in zip(("train", "test"), expected_counts, strict=True):
            found = len(data[f"X_{split}"])
            if found != expected:
                problems.append(f"{found} {split} images (expected {expected})")
    for split in ("train", "test"):
        classes = set(data[f"y_{split}"].tolist())
        if classes != set(range(len(CLASS_NAMES))):
            problems.append(f"{len(classes)} classes in {split} (expected 10)")
    if problems:
        raise CIFAR10LayoutError(f"{where} is not a complete CIFAR-10: {'; '.join(problems)}")


# ----------------------------------------------------------------------------------------------
# Cache of decoded image trees
# ----------------------------------------------------------------------------------------------


def _source_fingerprint(path):
    """(identity, version) hashes of a source: resolved path, and sizes + mtimes of its files."""
    path = Path(path).resolve()
    identity = hashlib.sha256(str(path).encode()).hexdigest()[:16]
    version = hashlib.sha256()
    if path.is_dir():
        for file in _tree_files(_tree_root(path) or path):
            stat = file.stat()
            version.update(f"{file.relative_to(path)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    else:
        stat = path.stat()
        version.update(f"{stat.st_size}|{stat.st_mtime_ns}".encode())
    return identity, version.hexdigest()[:16]


def cache_path(cache_dir, source):
    """The decode-cache file of an image-tree ``source`` under ``cache_dir``."""
    identity, version = _source_fingerprint(source)
    return Path(cache_dir) / CACHE_DIRNAME / f"{identity}-{version}.npz"


def _cache_meta(npz):
    meta = json.loads(str(npz["meta"][()]))
    if not isinstance(meta, dict) or meta.get("format") != CACHE_FORMAT:
        raise ValueError(f"cache format is not {CACHE_FORMAT}")
    if not isinstance(meta.get("source"), str) or not isinstance(meta.get("counts"), list):
        raise ValueError("cache metadata lacks 'source' or 'counts'")
    return meta


def read_cache(cache_file):
    """Checked arrays from a cache file, or None if it is missing, unreadable or wrong."""
    cache_file = Path(cache_file)
    if not cache_file.is_file():
        return None
    try:
        arrays = read_npz(cache_file)
        meta = _cache_meta(arrays)
        data = {key: arrays[key] for key in SPLIT_KEYS}
        check_arrays(data, cache_file)
        if [len(data["X_train"]), len(data["X_test"])] != meta["counts"]:
            raise ValueError(f"image counts differ from the recorded {meta['counts']}")
    except Exception as error:  # any damage means: decode the source again
        print(
            f"Ignoring unusable CIFAR-10 cache {cache_file} ({type(error).__name__}: {error}); "
            "rebuilding it.",
            file=sys.stderr,
        )
        return None
    return data


def _write_cache(cache_file, data, source):
    """Write atomically (temporary file + os.replace) and drop older caches of the same source."""
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    meta = json.dumps(
        {
            "format": CACHE_FORMAT,
            "source": str(Path(source).resolve()),
            "counts": [len(data["X_train"]), len(data["X_test"])],
        }
    )
    atomic_savez(cache_file, {"meta": np.array(meta), **{key: data[key] for key in SPLIT_KEYS}})
    identity = cache_file.name.split("-")[0]
    for old in cache_file.parent.glob(f"{identity}-*.npz"):
        if old != cache_file:
            try:
                old.unlink()
            except OSError:  # in use by another process (Windows); harmless
                pass


def _newest_cache(cache_dir):
    caches = sorted(
        (Path(cache_dir) / CACHE_DIRNAME).glob("[!.]*.npz"), key=lambda p: p.stat().st_mtime
    )
    return caches[-1] if caches else None


# ----------------------------------------------------------------------------------------------
# Finding and reading a source
# ----------------------------------------------------------------------------------------------


def is_url(text):
    """True for ``http://``, ``https://`` and ``file://`` sources."""
    return str(text).lower().startswith(("http://", "https://", "file://"))


def is_archive(path):
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def _names_a_data_folder(text):
    """True if ``text`` (as given, or from the repository root) is one of :func:`data_dirs` or
    its ``cifar-10-batches-py``, e.g. the course's ``cs231n/datasets/cifar-10-batches-py``."""
    known = {Path(os.path.abspath(d)) for d in data_dirs()}
    for candidate in (Path(text).expanduser(), REPO_ROOT / Path(text).expanduser()):
        candidate = Path(os.path.abspath(candidate))
        if candidate in known or (candidate.name == BATCHES_DIRNAME and candidate.parent in known):
            return True
    return False


def resolve_local_source(text):
    """Resolve a local source path: as given (relative to the current directory), else relative
    to the repository root (notebooks run with the current directory ``notebooks/``)."""
    path = Path(text).expanduser()
    if path.exists() or path.is_absolute():
        return path.resolve() if path.exists() else path
    from_root = REPO_ROOT / path
    return from_root.resolve() if from_root.exists() else path


def _not_found_message(where):
    return (
        f"CIFAR-10 not found ({where}).\n"
        f"Fetch it (about 163 MB) from the repository root with:\n"
        f"    {FETCH_COMMAND}\n"
        f"or point the environment variable {SOURCE_ENV_VAR} at a copy: a directory, a "
        f".tar/.tar.gz/.tar.xz "
        f"archive (official cifar-10-python.tar.gz or an image tree) or a URL, e.g.\n"
        f"    {SOURCE_ENV_VAR}=/path/to/cifar-10-python.tar.gz {FETCH_COMMAND}"
    )


def find_in_data_dir(data_dir):
    """A source inside ``data_dir`` (official batches, an image tree, or an archive), or None."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return None
    if (data_dir / BATCHES_DIRNAME).is_dir():
        return data_dir / BATCHES_DIRNAME
    if _tree_root(data_dir) is not None:
        return _tree_root(data_dir)
    archive_files = sorted(p for p in data_dir.iterdir() if p.is_file() and is_archive(p))
    return archive_files[0] if archive_files else None


def _read_image_source(path, cache_dir, expected_counts, data=None):
    cache_file = cache_path(cache_dir, path)
    cached = read_cache(cache_file)
    if cached is not None:
        validate_counts(cached, expected_counts, path)
        return cached
    if data is None:
        _status(
            f"Decoding CIFAR-10 images from {path} (first time only; cached in {cache_file.parent})"
        )
        data = _decode_tree_dir(_tree_root(path))
    check_arrays(data, path)
    validate_counts(data, expected_counts, path)
    _write_cache(cache_file, data, path)
    return data


def read_source(path, cache_dir=None, expected_counts=None):
    """Read CIFAR-10 from a local directory or archive (either layout).

    Parameters
    ----------
    path : str or Path
        Official ``cifar-10-batches-py`` directory (or a directory holding one), an image tree
        directory, or a tar archive of either.
    cache_dir : str or Path, optional
        Where decoded image trees are cached and official archives are installed; default
        ``DATA_DIR``.
    expected_counts : (int, int) or None
        Training and test images required before anything is installed or cached (None: any).

    Returns
    -------
    data : dict
        ``X_train`` uint8 (N_train, 3, 32, 32), ``y_train`` int64 (N_train,), ``X_test``,
        ``y_test``.
    """
    path = Path(path)
    cache_dir = Path(cache_dir) if cache_dir is not None else DATA_DIR
    if not path.exists():
        raise CIFAR10NotFoundError(_not_found_message(f"{path} does not exist"))
    if path.is_dir():
        if (path / BATCHES_DIRNAME).is_dir() and not any(
            (path / n).exists() for n in OFFICIAL_FILES
        ):
            path = path / BATCHES_DIRNAME
        if any((path / name).exists() for name in OFFICIAL_FILES):
            data = _read_official_dir(path)
            validate_counts(data, expected_counts, path)
            return data
        if _tree_root(path) is not None:
            return _read_image_source(path, cache_dir, expected_counts)
        raise CIFAR10LayoutError(
            f"{path} holds neither the official batches ({', '.join(OFFICIAL_FILES)}, possibly "
            "inside "
            f"{BATCHES_DIRNAME}/) nor an image tree (train/<class>/*.png|jpg and test/<class>/...)"
        )
    if not is_archive(path):
        raise CIFAR10LayoutError(
            f"unsupported CIFAR-10 source {path}: expected a directory or a "
            f"{', '.join(ARCHIVE_SUFFIXES)} archive"
        )
    cached = read_cache(cache_path(cache_dir, path))
    if cached is not None:
        validate_counts(cached, expected_counts, path)
        return cached
    _status(
        f"Reading CIFAR-10 from {path} (image trees: first time only, then cached in "
        f"{cache_dir / CACHE_DIRNAME})"
    )
    layout, content = _read_archive(path)
    if layout == "official":
        data = parse_official_files(content, path)
        validate_counts(data, expected_counts, path)
        installed = cache_dir / BATCHES_DIRNAME
        if not installed.is_dir():
            _status(f"Installing CIFAR-10 from {path} into {installed}")
            _install_official(content, cache_dir)
        return data
    return _read_image_source(path, cache_dir, expected_counts, data=content)


def download_source(url, data_dir, expected_md5=None, **kwargs):
    """Download a source URL into ``data_dir`` unless it is already there; return the local path.

    A file is only ever renamed into place once complete and verified, so an existing one is used.
    """
    destination = Path(data_dir) / url_filename(url)
    if destination.exists():
        return destination
    _status(f"Downloading {url} to {destination}")
    hint = (
        f"No network? Download cifar-10-python.tar.gz elsewhere and pass it with --source PATH "
        f"(or set {SOURCE_ENV_VAR}=PATH), or use --source with a mirror URL."
    )
    if _quiet():
        kwargs.setdefault("progress", False)
    return download(url, destination, expected_md5, hint=hint, **kwargs)


def load_cifar10_uint8(source=None, cache_dir=None):
    """Load all of CIFAR-10 as uint8 arrays, finding the data as described in the module docstring.

    Parameters
    ----------
    source : str or Path, optional
        Directory, archive or URL to read instead of the data folders and ``CIFAR10_SOURCE``.
    cache_dir : str or Path, optional
        Replaces the data folders (:func:`data_dirs`): where data is looked for, downloaded and
        cached.

    Returns
    -------
    data : dict
        ``X_train`` uint8 (50000, 3, 32, 32), ``y_train`` int64 (50000,), ``X_test`` uint8
        (10000, 3, 32, 32), ``y_test`` int64 (10000,).

    Raises
    ------
    CIFAR10NotFoundError
        No data anywhere; the message names the command that fetches it.
    """
    searched = [Path(cache_dir)] if cache_dir is not None else data_dirs()
    if source is None:
        for data_dir in searched:
            found = find_in_data_dir(data_dir)
            if found is not None:
                return read_source(found, data_dir)
        source = os.environ.get(SOURCE_ENV_VAR) or None
        if source is None:
            for data_dir in searched:
                newest = _newest_cache(data_dir)
                if newest is not None:
                    return _load_previous_cache(newest, data_dir)
            where = " and ".join(str(d) for d in searched)
            raise CIFAR10NotFoundError(
                _not_found_message(f"nothing in {where}, {SOURCE_ENV_VAR} not set")
            )
    if is_url(source):
        return read_source(download_source(str(source), searched[0]), searched[0])
    path = resolve_local_source(source)
    if not path.exists() and _names_a_data_folder(source):
        # A data folder's name (the course's or this project's) stands for the data wherever the
        # loader finds it by default: one copy serves both paths.
        return load_cifar10_uint8(cache_dir=cache_dir)
    return read_source(path, searched[0])


def _load_previous_cache(cache_file, data_dir):
    """Cache from an earlier source: re-read that source if it still exists (and so is checked
    for changes), else use the cache as it is."""
    try:
        with np.load(cache_file, allow_pickle=False) as npz:
            source = Path(_cache_meta(npz)["source"])
    except Exception:
        raise CIFAR10NotFoundError(_not_found_message(f"unusable cache {cache_file}")) from None
    if source.exists():
        return read_source(source, data_dir)
    data = read_cache(cache_file)
    if data is None:
        raise CIFAR10NotFoundError(_not_found_message(f"unusable cache {cache_file}"))
    return data


def load_CIFAR10(ROOT, dtype=np.float64):
    """Load all of CIFAR-10 from one source (original CS231n signature).

    Parameters
    ----------
    ROOT : str or Path
        Directory (``cifar-10-batches-py`` or an image tree), archive or URL.
    dtype : numpy floating dtype
        Type of the returned images.

    Returns
    -------
    Xtr : ndarray, shape (50000, 32, 32, 3)
    Ytr : ndarray of int64, shape (50000,)
    Xte : ndarray, shape (10000, 32, 32, 3)
    Yte : ndarray of int64, shape (10000,)
    """
    data = load_cifar10_uint8(source=ROOT)
    channels_last = (0, 2, 3, 1)
    return (
        data["X_train"].transpose(channels_last).astype(dtype),
        data["y_train"],
        data["X_test"].transpose(channels_last).astype(dtype),
        data["y_test"],
    )


def _check_count(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")


def get_CIFAR10_data(
    num_training=49000,
    num_validation=1000,
    num_test=1000,
    subtract_mean=True,
    dtype=np.float64,
    cifar10_dir=None,
    cache_dir=None,
):
    """Load CIFAR-10 split into train / validation / test, channels first, ready for the
    classifiers.

    Train is the first ``num_training`` training images, validation the next ``num_validation``
    (rows [num_training, num_training + num_validation)), test the first ``num_test`` test images.
    The class names of labels 0..9 are :data:`CLASS_NAMES`.

    Parameters
    ----------
    num_training, num_validation, num_test : int
        Split sizes; ``num_training + num_validation`` must not exceed the training images (50,000).
    subtract_mean : bool
        Subtract the mean training image from every split.
    dtype : numpy floating dtype
        Type of the images (float64 like the original course code).
    cifar10_dir : str or Path, optional
        Source to read (directory, archive or URL); default: ``datasets/`` or ``cs231n/datasets/``,
        then ``CIFAR10_SOURCE``.
    cache_dir : str or Path, optional
        Replaces the data folders for lookup, downloads and the decode cache.

    Returns
    -------
    data : dict
        Exactly the six arrays of the original: ``X_train`` (num_training, 3, 32, 32), ``y_train``
        (num_training,), ``X_val`` (num_validation, 3, 32, 32), ``y_val`` (num_validation,),
        ``X_test`` (num_test, 3, 32, 32), ``y_test`` (num_test,); labels int64 in 0..9.
    """
    for name, value in (
        ("num_training", num_training),
        ("num_validation", num_validation),
        ("num_test", num_test),
    ):
        _check_count(name, value)
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a floating type, got {dtype}")
    raw = load_cifar10_uint8(source=cifar10_dir, cache_dir=cache_dir)
    num_train_available, num_test_available = len(raw["X_train"]), len(raw["X_test"])
    if num_training + num_validation > num_train_available:
        raise ValueError(
            f"num_training + num_validation = {num_training} + {num_validation} exceeds "
            f"the {num_train_available} training images"
        )
    if num_test > num_test_available:
        raise ValueError(f"num_test = {num_test} exceeds the {num_test_available} test images")
    if subtract_mean and num_training == 0:
        raise ValueError("subtract_mean needs num_training > 0 to compute the mean image")

    val_rows = slice(num_training, num_training + num_validation)
    data = {
        "X_train": raw["X_train"][:num_training].astype(dtype),
        "y_train": raw["y_train"][:num_training].copy(),
        "X_val": raw["X_train"][val_rows].astype(dtype),
        "y_val": raw["y_train"][val_rows].copy(),
        "X_test": raw["X_test"][:num_test].astype(dtype),
        "y_test": raw["y_test"][:num_test].copy(),
    }
    if subtract_mean:
        mean_image = data["X_train"].mean(axis=0)
        for key in ("X_train", "X_val", "X_test"):
            data[key] -= mean_image
    return data
