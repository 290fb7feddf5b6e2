"""Fetch CIFAR-10 into ``datasets/``: download, verify, extract safely.

Run ``python datasets/get_datasets.py`` or ``python -m cs231n.download`` (``--help`` lists options).

* The default source is the official ``cifar-10-python.tar.gz``; ``--source`` or the environment
  variable ``CIFAR10_SOURCE`` names a mirror URL (``http(s)://``, ``file://``) or a local archive /
  directory, in either layout (official batches or an image tree ``train/<class>/*.jpg``).
* Downloads go to ``<name>.part`` and are renamed only once complete (size = Content-Length) and,
  for the official archive, once its MD5 matches. A bad download is removed and retried, never used.
* Archives are checked before anything is extracted: absolute paths, ``..`` and links leaving the
  target refuse the whole archive.
* Every source is checked for 50,000 training and 10,000 test images in 10 classes.
* Nothing happens when the data is already present and valid.
"""

import argparse
import hashlib
import http.client
import os
import pickle
import posixpath
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from cs231n import data_utils
from cs231n.data_utils import (
    BATCHES_DIRNAME,
    CLASS_NAMES,
    SOURCE_ENV_VAR,
    CIFAR10LayoutError,
    CIFAR10NotFoundError,
    is_archive,
    is_url,
)

OFFICIAL_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
OFFICIAL_ARCHIVE_NAME = "cifar-10-python.tar.gz"
OFFICIAL_MD5 = "c58f30108f718f92721af3b95e74349a"
OFFICIAL_COUNTS = (50000, 10000)
CHUNK_SIZE = 1 << 20


class DownloadError(OSError):
    """A download failed (network, HTTP status, incomplete transfer or wrong checksum)."""


class IncompleteDownloadError(DownloadError):
    """The server sent fewer bytes than it announced."""


class ChecksumError(DownloadError):
    """An archive's MD5 differs from the expected one."""


class UnsafeArchiveError(ValueError):
    """An archive has members that would be written outside the target directory."""


def _log(message):
    print(message, file=sys.stderr, flush=True)


def md5sum(path):
    """Hex MD5 of a file."""
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK_SIZE), b""):
            digest.update(chunk)
    return digest.hexdigest()


def expected_md5_for(name, expected_md5="auto"):
    """The MD5 a file must have: ``"auto"`` means the official MD5 for ``cifar-10-python.tar.gz``
    and no check otherwise (mirrors in other formats are checked by counting images)."""
    if expected_md5 == "auto":
        return OFFICIAL_MD5 if Path(name).name == OFFICIAL_ARCHIVE_NAME else None
    return expected_md5


def _check_md5(path, expected_md5, origin):
    if expected_md5 is None:
        return
    actual = md5sum(path)
    if actual != expected_md5.lower():
        raise ChecksumError(
            f"checksum mismatch for {origin}: MD5 {actual}, expected {expected_md5} "
            "(corrupt or different file)"
        )


# ----------------------------------------------------------------------------------------------
# Downloading
# ----------------------------------------------------------------------------------------------


def url_filename(url):
    """File name a URL is saved under in ``datasets/``."""
    name = posixpath.basename(urllib.parse.unquote(urllib.parse.urlparse(url).path))
    return name or "cifar-10-download"


def _download_once(url, part_file, progress, timeout):
    try:
        response = urllib.request.urlopen(url, timeout=timeout)
    except urllib.error.HTTPError as error:
        raise DownloadError(f"{url}: server answered HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        raise DownloadError(
            f"cannot reach {url} ({error.reason}). No network? Download cifar-10-python.tar.gz "
            f"elsewhere and pass it with --source PATH (or set {SOURCE_ENV_VAR}=PATH), or use "
            f"--source with a mirror URL."
        ) from error
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        bar = _byte_progress(total, url_filename(url), progress)
        received = 0
        try:
            with open(part_file, "wb") as out:
                while True:
                    chunk = response.read(CHUNK_SIZE)
                    if not chunk:
                        break
                    out.write(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
        except http.client.IncompleteRead as error:
            received += len(error.partial)
            raise IncompleteDownloadError(
                f"incomplete download of {url}: got {received} of {total} bytes"
            ) from error
        except (OSError, http.client.HTTPException) as error:
            raise IncompleteDownloadError(
                f"download of {url} interrupted after {received} bytes: {error}"
            ) from error
        finally:
            bar.close()
    if total is not None and received != total:
        raise IncompleteDownloadError(
            f"incomplete download of {url}: got {received} of {total} bytes"
        )


class _NoProgress:
    def update(self, n):
        pass

    def close(self):
        pass


def _byte_progress(total, name, enabled):
    if not enabled:
        return _NoProgress()
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _NoProgress()
    return tqdm(
        total=total,
        desc=f"Downloading {name}",
        unit="B",
        unit_scale=True,
        file=sys.stderr,
        mininterval=0.5,
        leave=False,
    )


def download(url, destination, expected_md5=None, retries=2, progress=True, timeout=60):
    """Download ``url`` to ``destination`` through ``destination.part``.

    Parameters
    ----------
    url : str
        ``http://``, ``https://`` or ``file://`` URL.
    destination : str or Path
        Final file; only created once the download is complete and verified.
    expected_md5 : str or None
        Required MD5 (hex); None skips the check.
    retries : int
        Further attempts after an incomplete or corrupt download.

    Returns
    -------
    destination : Path

    Raises
    ------
    DownloadError
        No network / HTTP error (not retried), or still incomplete / corrupt after all attempts.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    part_file = destination.with_name(destination.name + ".part")
    attempts = retries + 1
    for attempt in range(1, attempts + 1):
        try:
            _download_once(url, part_file, progress, timeout)
            _check_md5(part_file, expected_md5, url)
        except (IncompleteDownloadError, ChecksumError) as error:
            part_file.unlink(missing_ok=True)
            if attempt == attempts:
                raise
            _log(f"{error}; removed it, retrying ({attempt}/{retries})")
            continue
        except BaseException:
            part_file.unlink(missing_ok=True)
            raise
        os.replace(part_file, destination)
        return destination
    raise AssertionError("unreachable")


def download_source(url, data_dir, expected_md5="auto", retries=2, progress=True):
    """Download a source URL into ``data_dir`` unless it is already there; return the local path.

    A file is only ever renamed into place once complete and verified, so an existing one is used.
    """
    destination = Path(data_dir) / url_filename(url)
    if destination.exists():
        return destination
    _log(f"Downloading {url} to {destination}")
    return download(
        url, destination, expected_md5_for(destination.name, expected_md5), retries, progress
    )


# ----------------------------------------------------------------------------------------------
# Safe extraction
# ----------------------------------------------------------------------------------------------


def _escapes(relative_path):
    normalized = posixpath.normpath(relative_path.replace("\\", "/"))
    return normalized == ".." or normalized.startswith("../") or posixpath.isabs(normalized)


def _unsafe_reason(member):
    name = member.name.replace("\\", "/")
    if posixpath.isabs(name) or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if ".." in name.split("/"):
        return "'..' in path"
    if member.issym():
        target = member.linkname
        if posixpath.isabs(target) or _escapes(posixpath.join(posixpath.dirname(name), target)):
            return f"symbolic link to {target} outside the archive"
    if member.islnk() and (posixpath.isabs(member.linkname) or _escapes(member.linkname)):
        return f"hard link to {member.linkname} outside the archive"
    if member.isdev() or member.isfifo():
        return "device or FIFO"
    return None


def check_archive_members(members, archive):
    """Refuse the whole archive if any member would land outside the extraction directory.

    Parameters
    ----------
    members : list of tarfile.TarInfo
    archive : str or Path
        Archive name, for the message.

    Raises
    ------
    UnsafeArchiveError
        Naming the offending members (absolute paths, ``..``, links out, devices).
    """
    bad = [f"{m.name!r} ({reason})" for m in members if (reason := _unsafe_reason(m))]
    if bad:
        shown = "; ".join(bad[:5]) + (f"; and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise UnsafeArchiveError(
            f"refusing to extract {archive}: unsafe member(s) {shown}. Nothing was extracted."
        )


def safe_extract(archive, target):
    """Extract a tar archive into ``target`` after checking every member."""
    with tarfile.open(archive, "r:*") as tar:
        members = tar.getmembers()
        check_archive_members(members, archive)
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, members=members, filter="data")
        else:  # Python without extraction filters; members are already checked
            tar.extractall(target, members=members)


def install_official_archive(archive, data_dir, expected_md5="auto"):
    """Verify and extract an official-layout archive into ``data_dir/cifar-10-batches-py``.

    Extraction goes to a temporary directory first, so the target is complete or absent.
    An existing complete ``cifar-10-batches-py`` is kept as is.

    Returns
    -------
    batches_dir : Path
    """
    archive, data_dir = Path(archive), Path(data_dir)
    target = data_dir / BATCHES_DIRNAME
    if target.is_dir():
        return target
    _check_md5(archive, expected_md5_for(archive.name, expected_md5), archive)
    data_dir.mkdir(parents=True, exist_ok=True)
    _log(f"Extracting {archive} to {target}")
    temp_dir = Path(tempfile.mkdtemp(dir=data_dir, prefix=".extract-"))
    try:
        safe_extract(archive, temp_dir)
        extracted = next((p for p in temp_dir.rglob(BATCHES_DIRNAME) if p.is_dir()), None)
        if extracted is None:
            raise CIFAR10LayoutError(f"{archive} has no {BATCHES_DIRNAME}/ folder")
        missing = [n for n in data_utils.OFFICIAL_FILES if not (extracted / n).is_file()]
        if missing:
            raise CIFAR10LayoutError(f"{archive}: {BATCHES_DIRNAME}/ lacks {', '.join(missing)}")
        try:
            os.replace(extracted, target)
        except OSError:
            if not target.is_dir():  # another process may have installed it meanwhile
                raise
    finally:
        shutil.rmtree(temp_dir, ignore_errors=True)
    return target


# ----------------------------------------------------------------------------------------------
# Fetching
# ----------------------------------------------------------------------------------------------


def validate_counts(data, expected_counts, where):
    """Check image counts and that all 10 classes occur in both splits.

    Parameters
    ----------
    data : dict
        As returned by :func:`cs231n.data_utils.read_source`.
    expected_counts : (int, int) or None
        Training and test image counts; None skips the count check.
    """
    problems = []
    if expected_counts is not None:
        for split, expected in zip(("train", "test"), expected_counts):
            found = len(data[f"X_{split}"])
            if found != expected:
                problems.append(f"{found} {split} images (expected {expected})")
    for split in ("train", "test"):
        classes = set(data[f"y_{split}"].tolist())
        if len(data["class_names"]) != len(CLASS_NAMES) or classes != set(range(len(CLASS_NAMES))):
            problems.append(f"{len(classes)} classes in {split} (expected 10)")
    if problems:
        raise CIFAR10LayoutError(f"{where} is not a complete CIFAR-10: {'; '.join(problems)}")


def _archive_is_official(path):
    with data_utils._open_archive(path) as tar:
        return data_utils._archive_layout(tar.getmembers()) == "official"


def fetch_cifar10(
    source=None,
    data_dir=None,
    expected_md5="auto",
    expected_counts=OFFICIAL_COUNTS,
    retries=2,
    progress=True,
):
    """Make CIFAR-10 available in ``data_dir`` (default ``datasets/``).

    Parameters
    ----------
    source : str or Path, optional
        URL, archive or directory; default ``$CIFAR10_SOURCE``, else the official URL.
    data_dir : str or Path, optional
        Target directory; default :data:`cs231n.data_utils.DATA_DIR`.
    expected_md5 : str, None or "auto"
        MD5 the archive must have; ``"auto"``: the official MD5 for files named
        ``cifar-10-python.tar.gz``, no MD5 check for others.
    expected_counts : (int, int) or None
        Training and test image counts to require.
    retries : int
        Download attempts after an incomplete or corrupt one.

    Returns
    -------
    location : Path
        The ``cifar-10-batches-py`` directory or the decoded-image cache file.
    """
    data_dir = Path(data_dir) if data_dir is not None else data_utils.DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    batches_dir = data_dir / BATCHES_DIRNAME
    if batches_dir.is_dir():
        validate_counts(data_utils.read_source(batches_dir, data_dir), expected_counts, batches_dir)
        _log(f"CIFAR-10 already present in {batches_dir}; nothing to do.")
        return batches_dir

    source = source or os.environ.get(SOURCE_ENV_VAR)
    if not source and (
        data_utils._find_in_data_dir(data_dir) or data_utils._newest_cache(data_dir)
    ):
        validate_counts(
            data_utils.load_cifar10_uint8(cache_dir=data_dir), expected_counts, data_dir
        )
        _log(f"CIFAR-10 already present in {data_dir}; nothing to do.")
        return data_dir
    source = str(source or OFFICIAL_URL)
    downloaded = None
    if is_url(source):
        destination = data_dir / url_filename(source)
        if not destination.exists():
            downloaded = destination
        path = download_source(source, data_dir, expected_md5, retries, progress)
        expected_md5 = None  # verified by download()
    else:
        path = data_utils.resolve_local_source(source)
        if not path.exists():
            raise CIFAR10NotFoundError(
                f"source {source} does not exist (looked in the current directory "
                f"and in {data_utils.REPO_ROOT})"
            )

    cache_file = None
    if path.is_dir() or path.is_file() and is_archive(path):
        cached = data_utils._read_cache(data_utils._cache_path(data_dir, path))
        if cached is not None:
            validate_counts(cached, expected_counts, source)
            _log(f"CIFAR-10 from {source} already decoded in {data_dir}; nothing to do.")
            return data_utils._cache_path(data_dir, path)
    try:
        if path.is_file() and is_archive(path) and _archive_is_official(path):
            location = install_official_archive(path, data_dir, expected_md5)
            data = data_utils.read_source(location, data_dir)
        else:
            if path.is_file() and is_archive(path) or path.is_dir():
                cache_file = data_utils._cache_path(data_dir, path)
            data = data_utils.read_source(path, data_dir)
            location = cache_file or path
        validate_counts(data, expected_counts, source)
    except BaseException:
        if cache_file is not None:
            cache_file.unlink(missing_ok=True)
        if downloaded is not None:
            downloaded.unlink(missing_ok=True)
            _log(f"Removed {downloaded}: it is not usable CIFAR-10.")
        raise
    if downloaded is not None and location == batches_dir:
        downloaded.unlink()  # extracted; the archive is not needed any more
    _log(
        f"CIFAR-10 ready: {len(data['X_train'])} training and {len(data['X_test'])} test images "
        f"({location})."
    )
    return location


def main(argv=None, prog=None):
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog=prog or "python -m cs231n.download",
        description=(
            "Download, verify and unpack CIFAR-10 into datasets/ (does nothing if already there)."
        ),
    )
    parser.add_argument(
        "--source",
        default=None,
        help=f"mirror URL (http/https/file) or local archive/directory; default: "
        f"${SOURCE_ENV_VAR} if set, else {OFFICIAL_URL}",
    )
    parser.add_argument(
        "--data-dir", default=None, help=f"target directory (default: {data_utils.DATA_DIR})"
    )
    parser.add_argument(
        "--md5",
        default="auto",
        help="expected MD5 of the archive; 'auto' (default) checks the official MD5 for "
        f"{OFFICIAL_ARCHIVE_NAME}, 'none' skips the check",
    )
    parser.add_argument(
        "--expected-counts",
        nargs=2,
        type=int,
        default=list(OFFICIAL_COUNTS),
        metavar=("TRAIN", "TEST"),
        help="required image counts (default: 50000 10000)",
    )
    parser.add_argument(
        "--retries", type=int, default=2, help="retries after a bad download (default: 2)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    expected_md5 = None if args.md5.lower() == "none" else args.md5
    try:
        fetch_cifar10(
            args.source,
            args.data_dir,
            expected_md5,
            tuple(args.expected_counts),
            args.retries,
            not args.no_progress,
        )
    except (
        OSError,
        ValueError,
        pickle.UnpicklingError,
    ) as error:  # DownloadError, CIFAR10NotFoundError, ...
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
