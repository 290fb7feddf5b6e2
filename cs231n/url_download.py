"""Download one URL into a file: through ``<name>.part``, within a size and a total time limit.

The time limit covers the whole download (connection, headers, body and retries), so a server
that sends one byte per second is cut off too: a watchdog shuts the connection down when the
time is up. A file is renamed into place only once complete (size = Content-Length) and, if an
MD5 is given, verified.
"""

import hashlib
import http.client
import os
import posixpath
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

CHUNK_SIZE = 1 << 20
MAX_DOWNLOAD_BYTES = 1 << 30
MAX_DOWNLOAD_SECONDS = 3600.0


class DownloadError(OSError):
    """A download failed (network, HTTP status, incomplete transfer, limit or wrong checksum)."""


class IncompleteDownloadError(DownloadError):
    """The server sent fewer bytes than it announced."""


class ChecksumError(DownloadError):
    """A file's MD5 differs from the expected one."""


class DownloadLimitError(DownloadError):
    """A download took longer, or was larger, than allowed."""


def md5sum(path):
    """Hex MD5 of a file."""
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK_SIZE), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_md5(path, expected_md5, origin):
    """Raise ChecksumError unless ``path`` has ``expected_md5`` (None: no check)."""
    if expected_md5 is None:
        return
    actual = md5sum(path)
    if actual != expected_md5.lower():
        raise ChecksumError(
            f"checksum mismatch for {origin}: MD5 {actual}, expected {expected_md5} "
            "(corrupt or different file)"
        )


def url_filename(url):
    """File name a URL is saved under."""
    name = posixpath.basename(urllib.parse.unquote(urllib.parse.urlparse(url).path))
    return name if name not in ("", ".", "..") else "cifar-10-download"


class _Watchdog:
    """Shuts down every connection it was given once ``seconds`` have passed."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self):
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def watch(self, sock):
        with self._lock:
            self._sockets.append(sock)
        if self.expired:
            self._expire()

    def cancel(self):
        self._timer.cancel()


def _opener(watchdog):
    def watched(connection_class):
        class Watched(connection_class):
            def connect(self):
                super().connect()
                watchdog.watch(self.sock)

        return Watched

    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(watched(http.client.HTTPConnection), req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(watched(http.client.HTTPSConnection), req, context=self._context)

    return urllib.request.build_opener(HTTP(), HTTPS())


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


def _open(url, watchdog, timeout, hint):
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https", "file"):
        raise DownloadError(f"unsupported URL {url}: use http://, https:// or file://")
    if parsed.scheme == "file":
        local = urllib.request.url2pathname(parsed.path)
        if not os.path.isfile(local):  # also refuses FIFOs and devices, which could block forever
            raise DownloadError(f"{url}: {local} is not a regular file")
    try:
        return _opener(watchdog).open(url, timeout=timeout)
    except urllib.error.HTTPError as error:
        raise DownloadError(f"{url}: server answered HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        if watchdog.expired:
            raise DownloadLimitError(
                f"download of {url} took longer than {watchdog.seconds:g} s; gave up"
            ) from error
        reason = getattr(error, "reason", error)
        raise DownloadError(f"cannot reach {url} ({reason}). {hint}") from error


def _download_once(url, part_file, watchdog, timeout, max_bytes, progress, hint):
    response = _open(url, watchdog, timeout, hint)
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.strip().isdigit() else None
        if total is not None and total > max_bytes:
            raise DownloadLimitError(
                f"{url} announces {total} bytes, more than the {max_bytes} "
                "allowed; CIFAR-10 is about 170 MB"
            )
        read = getattr(response, "read1", response.read)
        bar = _byte_progress(total, url_filename(url), progress)
        received = 0
        try:
            with open(part_file, "wb") as out:
                while True:
                    chunk = read(CHUNK_SIZE)
                    if watchdog.expired:
                        raise DownloadLimitError(
                            f"download of {url} took longer than "
                            f"{watchdog.seconds:g} s (got {received} bytes); "
                            "gave up"
                        )
                    if not chunk:
                        break
                    received += len(chunk)
                    if received > max_bytes:
                        raise DownloadLimitError(f"{url} sent more than {max_bytes} bytes; gave up")
                    out.write(chunk)
                    bar.update(len(chunk))
        except DownloadLimitError:
            raise
        except http.client.IncompleteRead as error:
            received += len(error.partial)
            raise IncompleteDownloadError(
                f"incomplete download of {url}: got {received} of {total} bytes"
            ) from error
        except (OSError, http.client.HTTPException) as error:
            if watchdog.expired:
                raise DownloadLimitError(
                    f"download of {url} took longer than {watchdog.seconds:g} s "
                    f"(got {received} bytes); gave up"
                ) from error
            raise IncompleteDownloadError(
                f"download of {url} interrupted after {received} bytes: {error}"
            ) from error
        finally:
            bar.close()
    if total is not None and received != total:
        raise IncompleteDownloadError(
            f"incomplete download of {url}: got {received} of {total} bytes"
        )


def download(
    url,
    destination,
    expected_md5=None,
    retries=2,
    progress=True,
    timeout=60,
    max_seconds=MAX_DOWNLOAD_SECONDS,
    max_bytes=MAX_DOWNLOAD_BYTES,
    hint="",
):
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
    timeout : float
        Seconds to wait for the connection or for any single read.
    max_seconds : float
        Time allowed for the whole download, retries included.
    max_bytes : int
        Largest file accepted.
    hint : str
        Added to the message when the server cannot be reached.

    Returns
    -------
    destination : Path

    Raises
    ------
    DownloadError
        No network / HTTP error / limit exceeded (not retried), or still incomplete or corrupt
        after all attempts.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    part_file = destination.with_name(destination.name + ".part")
    attempts = retries + 1
    watchdog = _Watchdog(max_seconds)
    try:
        for attempt in range(1, attempts + 1):
            try:
                _download_once(url, part_file, watchdog, timeout, max_bytes, progress, hint)
                check_md5(part_file, expected_md5, url)
            except (IncompleteDownloadError, ChecksumError) as error:
                part_file.unlink(missing_ok=True)
                if attempt == attempts:
                    raise
                print(f"{error}; removed it, retrying ({attempt}/{retries})", file=sys.stderr)
                time.sleep(0.1)
                continue
            except BaseException:
                part_file.unlink(missing_ok=True)
                raise
            os.replace(part_file, destination)
            return destination
    finally:
        watchdog.cancel()
    raise AssertionError("unreachable")
