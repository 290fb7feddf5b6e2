"""Load CIFAR-10 for the notebooks.

Two source layouts are read, detected automatically:

1. the official python batches, ``cifar-10-batches-py/`` with ``data_batch_1`` .. ``data_batch_5``,
   ``test_batch`` and ``batches.meta`` (unpickled with a restricted unpickler that only rebuilds
   plain NumPy arrays);
2. an image-folder tree ``train/<class>/*.png|jpg`` and ``test/<class>/*.png|jpg``, as a directory
   or a ``.tar`` / ``.tar.gz`` / ``.tar.xz`` archive of one.

Where the data comes from (see ``datasets/README.md``):

* ``datasets/`` at the repository root (:data:`DATA_DIR`) is used when it holds the data;
* otherwise the environment variable ``CIFAR10_SOURCE`` names a directory, an archive or a URL
  (``http://``, ``https://``, ``file://``; URLs are downloaded into ``datasets/`` first).

Decoding 60,000 images takes a few seconds, so image trees are decoded once into an uncompressed
``.npz`` cache under ``datasets/cifar10-cache/``, keyed to the source (path, sizes, modification
times).
"""

import hashlib
import io
import json
import os
import pickle
import sys
import tarfile
import uuid
import zipfile
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "datasets"
SOURCE_ENV_VAR = "CIFAR10_SOURCE"
FETCH_COMMAND = "python datasets/get_datasets.py"

# Official label order 0..9 (batches.meta of the official release).
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
IMAGE_SHAPE = (3, 32, 32)


class CIFAR10NotFoundError(FileNotFoundError):
    """CIFAR-10 is not where the loader looked; the message says how to fetch it."""


class CIFAR10LayoutError(CIFAR10NotFoundError):
    """A CIFAR-10 source exists but lacks files or folders; the message names them."""


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


def _read_official_batch(filename):
    """Return ``(images uint8 (N, 3, 32, 32), labels int64 (N,))`` from one batch file."""
    with open(filename, "rb") as f:
        batch = load_pickle(f)
    if not isinstance(batch, dict) or "data" not in batch or "labels" not in batch:
        raise ValueError(
            f"{filename} is not a CIFAR-10 batch: expected a dict with 'data' and 'labels'"
        )
    data = np.asarray(batch["data"])
    labels = np.asarray(batch["labels"], dtype=np.int64)
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3072:
        raise ValueError(
            f"{filename}: 'data' must be uint8 of shape (N, 3072), got {data.dtype} {data.shape}"
        )
    if (
        labels.shape != (data.shape[0],)
        or labels.size
        and not 0 <= labels.min() <= labels.max() <= 9
    ):
        raise ValueError(f"{filename}: 'labels' must be {data.shape[0]} integers in 0..9")
    return data.reshape((-1,) + IMAGE_SHAPE), labels


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
    images, labels = _read_official_batch(filename)
    return images.transpose(0, 2, 3, 1).astype(np.float64), labels


def _read_official_dir(batches_dir):
    batches_dir = Path(batches_dir)
    missing = [name for name in OFFICIAL_FILES if not (batches_dir / name).is_file()]
    if missing:
        raise CIFAR10LayoutError(
            f"{batches_dir} is incomplete: missing {', '.join(missing)} "
            f"(expected {', '.join(OFFICIAL_FILES)}). Re-run `{FETCH_COMMAND}`."
        )
    train = [_read_official_batch(batches_dir / name) for name in TRAIN_BATCH_FILES]
    X_test, y_test = _read_official_batch(batches_dir / "test_batch")
    with open(batches_dir / "batches.meta", "rb") as f:
        meta = load_pickle(f)
    names = [n.decode() if isinstance(n, bytes) else str(n) for n in meta.get("label_names", [])]
    if len(names) != len(CLASS_NAMES):
        raise ValueError(f"{batches_dir / 'batches.meta'}: expected 10 label_names, got {names}")
    return {
        "X_train": np.concatenate([x for x, _ in train]),
        "y_train": np.concatenate([y for _, y in train]),
        "X_test": X_test,
        "y_test": y_test,
        "class_names": names,
    }


# ----------------------------------------------------------------------------------------------
# Image-folder trees (directory or tar archive)
# ----------------------------------------------------------------------------------------------


def _decode_image(data, name):
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            pixels = np.asarray(image.convert("RGB"))
    except OSError as error:
        raise ValueError(f"cannot decode image {name}: {error}") from error
    if pixels.shape != (32, 32, 3):
        raise ValueError(f"image {name} is {pixels.shape[1]}x{pixels.shape[0]}, expected 32x32")
    return pixels.transpose(2, 0, 1)


def _image_entry(parts):
    """Split a path (tuple of parts) into (prefix, split, class, filename) if it is a tree image."""
    if len(parts) < 3 or not parts[-1].lower().endswith(IMAGE_SUFFIXES):
        return None
    if parts[-3] not in ("train", "test") or parts[-1].startswith("."):
        return None
    return "/".join(parts[:-3]), parts[-3], parts[-2], parts[-1]


def _progress(iterable, description, total=None):
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return iterable
    return tqdm(
        iterable,
        desc=description,
        total=total,
        unit="img",
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
    result = {"class_names": list(CLASS_NAMES)}
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
    return files


def _decode_tree_dir(root):
    files = _tree_files(root)
    images = {}
    for path in _progress(files, "Decoding CIFAR-10 images", total=len(files)):
        images[_image_entry(path.parts[-3:])] = _decode_image(path.read_bytes(), path)
    return _assemble_tree(images, root)


def _open_archive(path):
    try:
        return tarfile.open(path, "r:*")
    except (tarfile.TarError, OSError) as error:
        raise ValueError(
            f"{path} is not a readable .tar, .tar.gz or .tar.xz archive: {error}"
        ) from error


def _archive_layout(members):
    """'official' if the archive holds cifar-10-batches-py/, else 'images' (or None)."""
    for member in members:
        if Path(member.name).parts[-2:] == (BATCHES_DIRNAME, "data_batch_1"):
            return "official"
    for member in members:
        if member.isfile() and _image_entry(tuple(member.name.split("/"))):
            return "images"
    return None


def _decode_tree_archive(path, tar, members):
    images = {}
    image_members = [m for m in members if m.isfile() and _image_entry(tuple(m.name.split("/")))]
    for member in _progress(image_members, "Decoding CIFAR-10 images", total=len(image_members)):
        data = tar.extractfile(member).read()
        images[_image_entry(tuple(member.name.split("/")))] = _decode_image(data, member.name)
    return _assemble_tree(images, path)


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


def _cache_path(cache_dir, source):
    identity, version = _source_fingerprint(source)
    return Path(cache_dir) / CACHE_DIRNAME / f"{identity}-{version}.npz"


def _read_cache(cache_file):
    """Arrays from a cache file, or None if it is missing or unreadable."""
    try:
        with np.load(cache_file, allow_pickle=False) as npz:
            data = {key: npz[key] for key in ("X_train", "y_train", "X_test", "y_test")}
            meta = json.loads(str(npz["meta"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        print(
            f"Ignoring unreadable CIFAR-10 cache {cache_file} ({error}); rebuilding it.",
            file=sys.stderr,
        )
        return None
    data["class_names"] = list(meta["class_names"])
    return data


def _write_cache(cache_file, data, source):
    """Write atomically (temporary file + os.replace) and drop older caches of the same source."""
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    meta = json.dumps({"source": str(Path(source).resolve()), "class_names": data["class_names"]})
    temp_name = cache_file.parent / f".tmp-{os.getpid()}-{uuid.uuid4().hex}.npz"
    try:
        with open(temp_name, "xb") as f:
            np.savez(
                f,
                meta=np.array(meta),
                **{key: data[key] for key in ("X_train", "y_train", "X_test", "y_test")},
            )
        os.replace(temp_name, cache_file)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    identity = cache_file.name.split("-")[0]
    for old in cache_file.parent.glob(f"{identity}-*.npz"):
        if old != cache_file:
            try:
                old.unlink()
            except OSError:  # in use by another process (Windows); harmless
                pass


def _newest_cache(cache_dir):
    caches = sorted(
        (Path(cache_dir) / CACHE_DIRNAME).glob("*.npz"), key=lambda p: p.stat().st_mtime
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
        f".tar/.tar.gz/.tar.xz archive (official cifar-10-python.tar.gz or an image tree) or a "
        f"URL, e.g.\n"
        f"    {SOURCE_ENV_VAR}=/path/to/cifar-10-python.tar.gz {FETCH_COMMAND}"
    )


def _find_in_data_dir(data_dir):
    """A source inside ``data_dir`` (official batches, an image tree, or an archive), or None."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return None
    if (data_dir / BATCHES_DIRNAME).is_dir():
        return data_dir / BATCHES_DIRNAME
    if _tree_root(data_dir) is not None:
        return _tree_root(data_dir)
    archives = sorted(p for p in data_dir.iterdir() if p.is_file() and is_archive(p))
    return archives[0] if archives else None


def _read_image_source(path, cache_dir):
    cache_file = _cache_path(cache_dir, path)
    data = _read_cache(cache_file)
    if data is not None:
        return data
    print(
        f"Decoding CIFAR-10 images from {path} (first time only; cached in {cache_file.parent})",
        file=sys.stderr,
    )
    if path.is_dir():
        data = _decode_tree_dir(_tree_root(path))
    else:
        from cs231n.download import check_archive_members

        with _open_archive(path) as tar:
            members = tar.getmembers()
            check_archive_members(members, path)
            data = _decode_tree_archive(path, tar, members)
    _write_cache(cache_file, data, path)
    return data


def read_source(path, cache_dir=None):
    """Read CIFAR-10 from a local directory or archive (either layout).

    Parameters
    ----------
    path : str or Path
        Official ``cifar-10-batches-py`` directory (or a directory holding one), an image tree
        directory, or a tar archive of either.
    cache_dir : str or Path, optional
        Where decoded image trees are cached and official archives are extracted; default
        ``DATA_DIR``.

    Returns
    -------
    data : dict
        ``X_train`` uint8 (N_train, 3, 32, 32), ``y_train`` int64 (N_train,), ``X_test``,
        ``y_test``, ``class_names`` (list of 10 str).
    """
    path = Path(path)
    cache_dir = Path(cache_dir) if cache_dir is not None else DATA_DIR
    if not path.exists():
        raise CIFAR10NotFoundError(_not_found_message(f"{path} does not exist"))
    if path.is_dir():
        if any((path / name).exists() for name in OFFICIAL_FILES):
            return _read_official_dir(path)
        if (path / BATCHES_DIRNAME).is_dir():
            return _read_official_dir(path / BATCHES_DIRNAME)
        if _tree_root(path) is not None:
            return _read_image_source(path, cache_dir)
        raise CIFAR10LayoutError(
            f"{path} holds neither the official batches ({', '.join(OFFICIAL_FILES)}, possibly "
            f"inside {BATCHES_DIRNAME}/) nor an image tree (train/<class>/*.png|jpg and "
            f"test/<class>/...)"
        )
    if not is_archive(path):
        raise ValueError(
            f"unsupported CIFAR-10 source {path}: expected a directory or a "
            f"{', '.join(ARCHIVE_SUFFIXES)} archive"
        )
    cached = _read_cache(_cache_path(cache_dir, path))
    if cached is not None:
        return cached
    with _open_archive(path) as tar:
        layout = _archive_layout(tar.getmembers())
    if layout == "official":
        from cs231n.download import install_official_archive

        return _read_official_dir(install_official_archive(path, cache_dir))
    if layout == "images":
        return _read_image_source(path, cache_dir)
    raise CIFAR10LayoutError(
        f"{path} holds neither {BATCHES_DIRNAME}/ ({', '.join(OFFICIAL_FILES)}) "
        "nor an image tree (train/<class>/*.png|jpg and test/<class>/...)"
    )


def load_cifar10_uint8(source=None, cache_dir=None):
    """Load all of CIFAR-10 as uint8 arrays, finding the data as described in the module docstring.

    Parameters
    ----------
    source : str or Path, optional
        Directory, archive or URL to read instead of ``datasets/`` and ``CIFAR10_SOURCE``.
    cache_dir : str or Path, optional
        Replaces ``datasets/`` (:data:`DATA_DIR`): where data is looked for, downloaded and cached.

    Returns
    -------
    data : dict
        ``X_train`` uint8 (50000, 3, 32, 32), ``y_train`` int64 (50000,), ``X_test`` uint8
        (10000, 3, 32, 32), ``y_test`` int64 (10000,), ``class_names`` list of 10 str.

    Raises
    ------
    CIFAR10NotFoundError
        No data anywhere; the message names the command that fetches it.
    """
    data_dir = Path(cache_dir) if cache_dir is not None else DATA_DIR
    if source is None:
        found = _find_in_data_dir(data_dir)
        if found is not None:
            return read_source(found, data_dir)
        source = os.environ.get(SOURCE_ENV_VAR) or None
        if source is None:
            newest = _newest_cache(data_dir)
            if newest is not None:
                return _load_previous_cache(newest, data_dir)
            raise CIFAR10NotFoundError(
                _not_found_message(f"nothing in {data_dir}, {SOURCE_ENV_VAR} not set")
            )
    if is_url(source):
        from cs231n.download import download_source

        return read_source(download_source(str(source), data_dir), data_dir)
    return read_source(resolve_local_source(source), data_dir)


def _load_previous_cache(cache_file, data_dir):
    """Cache from an earlier source: re-read that source if it still exists (and so is checked
    for changes), else use the cache as it is."""
    try:
        with np.load(cache_file, allow_pickle=False) as npz:
            source = Path(json.loads(str(npz["meta"]))["source"])
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        raise CIFAR10NotFoundError(_not_found_message(f"unreadable cache {cache_file}")) from None
    if source.exists():
        return read_source(source, data_dir)
    data = _read_cache(cache_file)
    if data is None:
        raise CIFAR10NotFoundError(_not_found_message(f"unreadable cache {cache_file}"))
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
    """Load CIFAR-10 split into train / validation / test, channels first, for the classifiers.

    Train is the first ``num_training`` training images, validation the next ``num_validation``
    (rows [num_training, num_training + num_validation)), test the first ``num_test`` test images.

    Parameters
    ----------
    num_training, num_validation, num_test : int
        Split sizes; ``num_training + num_validation`` must not exceed the training images (50,000).
    subtract_mean : bool
        Subtract the mean training image from every split.
    dtype : numpy floating dtype
        Type of the images (float64 like the original course code).
    cifar10_dir : str or Path, optional
        Source to read (directory, archive or URL); default: ``datasets/``, then ``CIFAR10_SOURCE``.
    cache_dir : str or Path, optional
        Replaces ``datasets/`` for lookup, downloads and the decode cache.

    Returns
    -------
    data : dict
        ``X_train`` (num_training, 3, 32, 32), ``y_train`` (num_training,), ``X_val``
        (num_validation, 3, 32, 32), ``y_val`` (num_validation,), ``X_test`` (num_test, 3, 32, 32),
        ``y_test`` (num_test,); labels int64 in 0..9; ``class_names`` list of the 10 class names.
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
    data["class_names"] = list(raw["class_names"])
    return data
