"""Tests for cs231n.download: fetching through a local HTTP server and file:// URLs, verification,
safe extraction, idempotence and the command line. No internet needed."""

import hashlib
import io
import pickle
import subprocess
import sys
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cs231n import data_utils, download
from cs231n.data_utils import CLASS_NAMES, CIFAR10LayoutError, get_CIFAR10_data
from cs231n.download import (
    ChecksumError,
    DownloadError,
    IncompleteDownloadError,
    UnsafeArchiveError,
    fetch_cifar10,
)

TINY_COUNTS = (50, 10)  # 5 batches of 10 training images, 10 test images


# Never touch the repository's datasets/ or a CIFAR10_SOURCE set by the caller.
pytestmark = pytest.mark.usefixtures("isolated_data_dir")


# ----------------------------------------------------------------------------------------------
# Tiny archives, built in memory
# ----------------------------------------------------------------------------------------------


def _add_file(tar, name, payload):
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    tar.addfile(info, io.BytesIO(payload))


def _pickled_batch(count, seed):
    rng = np.random.default_rng(seed)
    batch = {
        b"data": rng.integers(0, 256, size=(count, 3072), dtype=np.uint8),
        b"labels": [int(i % 10) for i in range(count)],
        b"batch_label": b"tiny",
    }
    return pickle.dumps(batch, protocol=2)


def official_archive(extra_members=()):
    """Bytes of a .tar.gz in the official layout (cifar-10-batches-py/...), plus optional
    members."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for i in range(1, 6):
            _add_file(tar, f"cifar-10-batches-py/data_batch_{i}", _pickled_batch(10, i))
        _add_file(tar, "cifar-10-batches-py/test_batch", _pickled_batch(10, 0))
        meta = {b"label_names": [name.encode() for name in CLASS_NAMES]}
        _add_file(tar, "cifar-10-batches-py/batches.meta", pickle.dumps(meta, protocol=2))
        for member in extra_members:
            tar.addfile(member, io.BytesIO(b"x" * member.size) if member.isfile() else None)
    return buffer.getvalue()


def image_archive(num_train=2, num_test=1, extra_members=()):
    """Bytes of a .tar of an image tree cifar-10-images/{train,test}/<class>/NNNN.png."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for split, count in (("train", num_train), ("test", num_test)):
            for label, name in enumerate(CLASS_NAMES):
                for index in range(count):
                    png = io.BytesIO()
                    Image.new("RGB", (32, 32), (label * 20, index, 0)).save(png, format="PNG")
                    _add_file(
                        tar, f"cifar-10-images/{split}/{name}/{index:04d}.png", png.getvalue()
                    )
        for member in extra_members:
            tar.addfile(member, io.BytesIO(b"x" * member.size) if member.isfile() else None)
    return buffer.getvalue()


def member(name, kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    info.size = 1 if kind == tarfile.REGTYPE else 0
    return info


def md5(payload):
    return hashlib.md5(payload).hexdigest()


# ----------------------------------------------------------------------------------------------
# Local HTTP server
# ----------------------------------------------------------------------------------------------


class Server:
    """Serves ``files`` (path -> bytes). ``truncate[path] = n`` sends only half of the body,
    with the full Content-Length, for the next n requests. ``requests`` logs the paths asked for."""

    def __init__(self):
        self.files, self.truncate, self.requests = {}, {}, []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                payload = server.files.get(self.path)
                if payload is None:
                    self.send_error(404, "Not Found")
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if server.truncate.get(self.path, 0) > 0:
                    server.truncate[self.path] -= 1
                    self.wfile.write(payload[: len(payload) // 2])
                    self.close_connection = True
                else:
                    self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def fetch_tiny(source, **kwargs):
    kwargs.setdefault("expected_counts", TINY_COUNTS)
    kwargs.setdefault("progress", False)
    return fetch_cifar10(source, **kwargs)


def leftovers(directory):
    return sorted(p.name for p in Path(directory).iterdir()) if Path(directory).exists() else []


# ----------------------------------------------------------------------------------------------
# Official archive over HTTP
# ----------------------------------------------------------------------------------------------


def test_http_fetch_verifies_extracts_and_loads(server, isolated_data_dir):
    payload = official_archive()
    server.files["/mirror/cifar-10-python.tar.gz"] = payload
    location = fetch_tiny(server.url("/mirror/cifar-10-python.tar.gz"), expected_md5=md5(payload))
    assert location == isolated_data_dir / "cifar-10-batches-py"
    assert leftovers(isolated_data_dir) == ["cifar-10-batches-py"]  # no .part, archive removed
    data = get_CIFAR10_data(num_training=40, num_validation=10, num_test=10)
    assert data["X_train"].shape == (40, 3, 32, 32) and data["y_test"].tolist() == list(range(10))


def test_second_fetch_does_nothing(server, isolated_data_dir):
    payload = official_archive()
    server.files["/cifar-10-python.tar.gz"] = payload
    fetch_tiny(server.url("/cifar-10-python.tar.gz"), expected_md5=md5(payload))
    mtime = (isolated_data_dir / "cifar-10-batches-py" / "data_batch_1").stat().st_mtime_ns
    fetch_tiny(server.url("/cifar-10-python.tar.gz"), expected_md5=md5(payload))
    assert server.requests == ["/cifar-10-python.tar.gz"]
    assert (isolated_data_dir / "cifar-10-batches-py" / "data_batch_1").stat().st_mtime_ns == mtime


def test_checksum_mismatch_is_retried_then_refused(server, isolated_data_dir):
    server.files["/cifar-10-python.tar.gz"] = official_archive()
    with pytest.raises(ChecksumError, match="checksum mismatch"):
        fetch_tiny(server.url("/cifar-10-python.tar.gz"), expected_md5="0" * 32, retries=1)
    assert len(server.requests) == 2
    assert leftovers(isolated_data_dir) == []


def test_official_name_must_have_official_md5_by_default(server, isolated_data_dir):
    server.files["/cifar-10-python.tar.gz"] = official_archive()
    with pytest.raises(ChecksumError, match=download.OFFICIAL_MD5):
        fetch_tiny(server.url("/cifar-10-python.tar.gz"), retries=0)
    assert leftovers(isolated_data_dir) == []


def test_truncated_download_is_detected_and_removed(server, isolated_data_dir):
    payload = official_archive()
    server.files["/cifar-10-python.tar.gz"] = payload
    server.truncate["/cifar-10-python.tar.gz"] = 99
    with pytest.raises(IncompleteDownloadError, match=f"of {len(payload)} bytes"):
        fetch_tiny(server.url("/cifar-10-python.tar.gz"), expected_md5=md5(payload), retries=2)
    assert len(server.requests) == 3
    assert leftovers(isolated_data_dir) == []


def test_truncated_download_is_retried(server, isolated_data_dir):
    payload = official_archive()
    server.files["/cifar-10-python.tar.gz"] = payload
    server.truncate["/cifar-10-python.tar.gz"] = 1
    fetch_tiny(server.url("/cifar-10-python.tar.gz"), expected_md5=md5(payload), retries=1)
    assert len(server.requests) == 2
    assert leftovers(isolated_data_dir) == ["cifar-10-batches-py"]


def test_http_error_is_reported(server):
    with pytest.raises(DownloadError, match="HTTP 404"):
        fetch_tiny(server.url("/missing.tar.gz"))


def test_no_network_points_at_source_option(isolated_data_dir):
    closed = Server()
    url = closed.url("/cifar-10-python.tar.gz")
    closed.close()  # nothing listens on that port any more
    with pytest.raises(DownloadError, match="No network.*--source"):
        fetch_tiny(url)
    assert leftovers(isolated_data_dir) == []


# ----------------------------------------------------------------------------------------------
# file:// URLs, local paths and image-tree archives
# ----------------------------------------------------------------------------------------------


def test_file_url_image_archive_builds_cache(tmp_path, isolated_data_dir):
    archive = tmp_path / "cifar-10-images.tar"
    archive.write_bytes(image_archive())
    location = fetch_tiny(archive.as_uri(), expected_counts=(20, 10))
    assert location.parent == isolated_data_dir / "cifar10-cache" and location.suffix == ".npz"
    assert (isolated_data_dir / "cifar-10-images.tar").read_bytes() == archive.read_bytes()
    data = get_CIFAR10_data(num_training=10, num_validation=10, num_test=10, subtract_mean=False)
    assert data["y_val"].tolist() == list(range(10))
    assert data["X_val"][:, 0, 0, 0].tolist() == [20.0 * label for label in range(10)]


def test_file_url_official_archive(tmp_path, isolated_data_dir):
    payload = official_archive()
    archive = tmp_path / "cifar-10-python.tar.gz"
    archive.write_bytes(payload)
    fetch_tiny(archive.as_uri(), expected_md5=md5(payload))
    assert (isolated_data_dir / "cifar-10-batches-py" / "batches.meta").is_file()


def test_local_image_archive_from_env_is_idempotent(tmp_path, monkeypatch, isolated_data_dir):
    archive = tmp_path / "images.tar"
    archive.write_bytes(image_archive())
    monkeypatch.setenv("CIFAR10_SOURCE", str(archive))
    first = fetch_tiny(None, expected_counts=(20, 10))
    stamp = first.stat().st_mtime_ns
    assert fetch_tiny(None, expected_counts=(20, 10)) == first and first.stat().st_mtime_ns == stamp
    monkeypatch.delenv(
        "CIFAR10_SOURCE"
    )  # data already decoded: no download of the official archive
    assert fetch_tiny(None, expected_counts=(20, 10)) == isolated_data_dir
    assert first.stat().st_mtime_ns == stamp


def test_wrong_counts_are_refused_and_download_removed(server, isolated_data_dir):
    server.files["/images.tar"] = image_archive(num_train=2, num_test=1)
    with pytest.raises(CIFAR10LayoutError, match=r"20 train images \(expected 50000\)"):
        fetch_cifar10(server.url("/images.tar"), progress=False)
    assert leftovers(isolated_data_dir / "cifar10-cache") == []
    assert not (isolated_data_dir / "images.tar").exists()


def test_loading_from_url_downloads_once(server, monkeypatch, isolated_data_dir):
    server.files["/images.tar"] = image_archive()
    monkeypatch.setenv("CIFAR10_SOURCE", server.url("/images.tar"))
    for _ in range(2):
        data = get_CIFAR10_data(num_training=15, num_validation=5, num_test=10)
        assert data["X_train"].shape == (15, 3, 32, 32)
    assert server.requests == ["/images.tar"]


# ----------------------------------------------------------------------------------------------
# Unsafe archives
# ----------------------------------------------------------------------------------------------

UNSAFE_MEMBERS = {
    "parent": member("cifar-10-batches-py/../../evil.txt"),
    "absolute": member("/tmp/cs231n-evil.txt"),
    "symlink_out": member("cifar-10-batches-py/link", tarfile.SYMTYPE, "../../outside"),
    "hardlink_out": member("cifar-10-batches-py/hard", tarfile.LNKTYPE, "../outside"),
}


@pytest.mark.parametrize("name", sorted(UNSAFE_MEMBERS))
@pytest.mark.parametrize("layout", ["official", "images"])
def test_unsafe_archive_is_refused_whole(tmp_path, isolated_data_dir, name, layout):
    bad = [UNSAFE_MEMBERS[name]]
    payload = official_archive(bad) if layout == "official" else image_archive(extra_members=bad)
    archive = tmp_path / "sub" / ("tiny.tar.gz" if layout == "official" else "tiny.tar")
    archive.parent.mkdir()
    archive.write_bytes(payload)
    with pytest.raises(UnsafeArchiveError, match="refusing to extract.*unsafe member"):
        fetch_tiny(archive, expected_counts=None)
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/cs231n-evil.txt").exists()
    assert "cifar-10-batches-py" not in leftovers(isolated_data_dir)
    assert leftovers(isolated_data_dir / "cifar10-cache") == []


def test_links_inside_the_archive_are_allowed():
    safe = [member("cifar-10-batches-py/alias", tarfile.SYMTYPE, "data_batch_1")]
    download.check_archive_members(safe, "tiny.tar")  # does not raise


# ----------------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------------


def test_main_exit_status_and_messages(tmp_path, capsys, isolated_data_dir):
    payload = official_archive()
    archive = tmp_path / "mirror.tar.gz"
    archive.write_bytes(payload)
    common = [
        "--data-dir",
        str(isolated_data_dir),
        "--expected-counts",
        "50",
        "10",
        "--no-progress",
    ]
    assert download.main(["--source", str(archive), "--md5", "0" * 32] + common) == 1
    assert "checksum mismatch" in capsys.readouterr().err
    assert download.main(["--source", str(archive), "--md5", md5(payload)] + common) == 0
    assert "CIFAR-10 ready" in capsys.readouterr().err
    assert download.main(["--source", str(archive)] + common) == 0
    assert "nothing to do" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        [str(data_utils.REPO_ROOT / "datasets" / "get_datasets.py")],
        ["-m", "cs231n.download"],
    ],
)
def test_command_line_entry_points_run(command, tmp_path):
    result = subprocess.run(
        [sys.executable]
        + command
        + ["--source", str(tmp_path / "nothing.tar.gz"), "--data-dir", str(tmp_path / "d")],
        cwd=data_utils.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "error:" in result.stderr and "nothing.tar.gz does not exist" in result.stderr
    assert "Traceback" not in result.stderr
