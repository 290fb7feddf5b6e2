"""Fetch CIFAR-10 into ``datasets/``: download, verify, install.

Run ``python datasets/get_datasets.py`` or ``python -m cs231n.download`` (``--help`` lists options).

* The default source is the official ``cifar-10-python.tar.gz``; ``--source`` or the environment
  variable ``CIFAR10_SOURCE`` names a mirror URL (``http(s)://``, ``file://``) or a local archive
  or directory, in either layout (official batches or an image tree ``train/<class>/*.jpg``).
* Downloads go to ``<name>.part`` and are renamed only once complete (size = Content-Length)
  and, for the official archive, once its MD5 matches; sizes and the total time are bounded
  (:mod:`cs231n.url_download`). A bad download is removed and retried, never used.
* Archives are never extracted: their known files are read as a stream, and any link, device or
  path leaving the archive refuses it whole (:mod:`cs231n.archives`). The batches are installed only
  after all of them have been read and checked, image counts included.
* Nothing happens when the data is already present and valid, in ``datasets/`` or in the course's
  ``cs231n/datasets/``: there is never a second copy.

Fetching depends on reading (:mod:`cs231n.data_utils`), never the other way round.
"""

import argparse
import os
import pickle
import sys
from pathlib import Path

from cs231n import data_utils
from cs231n.archives import ArchiveError, UnsafeArchiveError
from cs231n.archives import check_members as check_archive_members
from cs231n.data_utils import (
    BATCHES_DIRNAME,
    SOURCE_ENV_VAR,
    CIFAR10NotFoundError,
    is_url,
    validate_counts,
)
from cs231n.url_download import (
    MAX_DOWNLOAD_SECONDS,
    ChecksumError,
    DownloadError,
    DownloadLimitError,
    IncompleteDownloadError,
    check_md5,
    download,
    md5sum,
    url_filename,
)

__all__ = [
    "ArchiveError",
    "ChecksumError",
    "DownloadError",
    "DownloadLimitError",
    "IncompleteDownloadError",
    "UnsafeArchiveError",
    "check_archive_members",
    "download",
    "expected_md5_for",
    "fetch_cifar10",
    "main",
    "md5sum",
    "url_filename",
    "validate_counts",
]

OFFICIAL_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
OFFICIAL_ARCHIVE_NAME = "cifar-10-python.tar.gz"
OFFICIAL_MD5 = "c58f30108f718f92721af3b95e74349a"
OFFICIAL_COUNTS = (50000, 10000)


def _log(message):
    print(message, file=sys.stderr, flush=True)


def expected_md5_for(name, expected_md5="auto"):
    """The MD5 a file must have: ``"auto"`` means the official MD5 for ``cifar-10-python.tar.gz``
    and no check otherwise (mirrors in other formats are checked by counting images)."""
    if expected_md5 == "auto":
        return OFFICIAL_MD5 if Path(name).name == OFFICIAL_ARCHIVE_NAME else None
    return expected_md5


def _places(data_dir):
    """Folders that count as "already there": all known data folders when ``data_dir`` is one."""
    known = data_utils.data_dirs()
    absolute = [Path(os.path.abspath(d)) for d in known]
    return known if Path(os.path.abspath(data_dir)) in absolute else [data_dir]


def _already_present(places, source, expected_counts):
    for place in places:
        batches_dir = Path(place) / BATCHES_DIRNAME
        if batches_dir.is_dir():
            data_utils.read_source(batches_dir, place, expected_counts)
            _log(f"CIFAR-10 already present in {batches_dir}; nothing to do.")
            return batches_dir
    if source:
        return None
    for place in places:
        if data_utils.find_in_data_dir(place) or data_utils._newest_cache(place):
            validate_counts(data_utils.load_cifar10_uint8(cache_dir=place), expected_counts, place)
            _log(f"CIFAR-10 already present in {place}; nothing to do.")
            return Path(place)
    return None


def fetch_cifar10(
    source=None,
    data_dir=None,
    expected_md5="auto",
    expected_counts=OFFICIAL_COUNTS,
    retries=2,
    progress=True,
    max_seconds=MAX_DOWNLOAD_SECONDS,
):
    """Make CIFAR-10 available in ``data_dir`` (default ``datasets/``).

    Parameters
    ----------
    source : str or Path, optional
        URL, archive or directory; default ``$CIFAR10_SOURCE``, else the official URL.
    data_dir : str or Path, optional
        Target directory; default :data:`cs231n.data_utils.DATA_DIR`. If it is one of the known
        data folders (``datasets/``, ``cs231n/datasets/``), data already in the other counts too.
    expected_md5 : str, None or "auto"
        MD5 the archive must have; ``"auto"``: the official MD5 for files named
        ``cifar-10-python.tar.gz``, no MD5 check for others.
    expected_counts : (int, int) or None
        Training and test image counts to require.
    retries : int
        Download attempts after an incomplete or corrupt one.
    max_seconds : float
        Time allowed for the download.

    Returns
    -------
    location : Path
        The ``cifar-10-batches-py`` directory, the decoded-image cache file or the data folder.
    """
    data_dir = Path(data_dir) if data_dir is not None else Path(data_utils.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    source = source or os.environ.get(SOURCE_ENV_VAR)
    present = _already_present(_places(data_dir), source, expected_counts)
    if present is not None:
        return present

    source = str(source or OFFICIAL_URL)
    downloaded = None
    if is_url(source):
        destination = data_dir / url_filename(source)
        if not destination.exists():
            downloaded = destination
        path = data_utils.download_source(
            source,
            data_dir,
            expected_md5_for(destination.name, expected_md5),
            retries=retries,
            progress=progress,
            max_seconds=max_seconds,
        )
    else:
        path = data_utils.resolve_local_source(source)
        if not path.exists():
            raise CIFAR10NotFoundError(
                f"source {source} does not exist (looked in the current directory "
                f"and in {data_utils.REPO_ROOT})"
            )
        if path.is_file():
            check_md5(path, expected_md5_for(path.name, expected_md5), path)
    try:
        data = data_utils.read_source(path, data_dir, expected_counts)
    except BaseException:
        if downloaded is not None:
            downloaded.unlink(missing_ok=True)
            _log(f"Removed {downloaded}: it is not usable CIFAR-10.")
        raise
    batches_dir = data_dir / BATCHES_DIRNAME
    if path.is_dir():
        official = path.name == BATCHES_DIRNAME or (path / BATCHES_DIRNAME).is_dir()
        location = path if official else data_utils.cache_path(data_dir, path)
    else:
        location = batches_dir if batches_dir.is_dir() else data_utils.cache_path(data_dir, path)
    if downloaded is not None and location == batches_dir:
        downloaded.unlink()  # installed; the archive is not needed any more
    _log(
        f"CIFAR-10 ready: {len(data['X_train'])} training and {len(data['X_test'])} test images "
        f"({location})."
    )
    return location


def main(argv=None, prog=None):
    """Command-line entry point; returns the exit status. Errors are one line, never a traceback."""
    parser = argparse.ArgumentParser(
        prog=prog or "python -m cs231n.download",
        description="Download, verify and install CIFAR-10 into datasets/ (does nothing if already "
        "there).",
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
    parser.add_argument(
        "--timeout",
        type=float,
        default=MAX_DOWNLOAD_SECONDS,
        help=f"seconds allowed for the whole download (default: {MAX_DOWNLOAD_SECONDS:g})",
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
            args.timeout,
        )
    except KeyboardInterrupt:
        print("error: interrupted; nothing was installed.", file=sys.stderr)
        return 130
    except (
        OSError,
        ValueError,
        pickle.UnpicklingError,
    ) as error:  # DownloadError, ArchiveError, ...
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # anything else still ends in one line
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
