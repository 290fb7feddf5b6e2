"""Hostile and broken data sources (issue 14, items 1-4), all built inside the tests.

Every case must end in one clear error (or a correct result) with nothing written outside the
data folder, nothing broken installed, no hang and no traceback on the command line. Archive
cases run twice: with the standard library's tar extraction filter and with it removed (as on
Pythons without ``tarfile.data_filter``); extraction itself is made to fail loudly, since the
loader must never extract. Servers listen on 127.0.0.1 only.
"""

import gzip
import io
import lzma
import os
import pickle
import struct
import subprocess
import sys
import tarfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cs231n import archives, data_utils
from cs231n.archives import ArchiveError, UnsafeArchiveError
from cs231n.data_utils import (
    CLASS_NAMES,
    CIFAR10CorruptError,
    CIFAR10LayoutError,
    load_cifar10_uint8,
)
from cs231n.download import fetch_cifar10
from cs231n.url_download import DownloadLimitError, download

pytestmark = pytest.mark.usefixtures("isolated_data_dir")
TINY = (50, 10)
GET_DATASETS = data_utils.REPO_ROOT / "datasets" / "get_datasets.py"


# ----------------------------------------------------------------------------------------------
# Builders
# ----------------------------------------------------------------------------------------------


def add_file(tar, name, payload):
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    tar.addfile(info, io.BytesIO(payload))


def add_link(tar, name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    tar.addfile(info)


def add_dir(tar, name):
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    tar.addfile(info)


def batch_bytes(count, seed, labels=None):
    rng = np.random.default_rng(seed)
    labels = [int(i % 10) for i in range(count)] if labels is None else labels
    return pickle.dumps(
        {b"data": rng.integers(0, 256, size=(count, 3072), dtype=np.uint8), b"labels": labels},
        protocol=2,
    )


def official_files(prefix="cifar-10-batches-py"):
    files = {f"{prefix}/data_batch_{i}": batch_bytes(10, i) for i in range(1, 6)}
    files[f"{prefix}/test_batch"] = batch_bytes(10, 0)
    files[f"{prefix}/batches.meta"] = pickle.dumps(
        {b"label_names": [n.encode() for n in CLASS_NAMES]}, protocol=2
    )
    return files


def write_tar(path, build, mode="w:gz"):
    with tarfile.open(path, mode) as tar:
        build(tar)
    return Path(path)


def official_mirror(path, extra=None, files=None, mode="w:gz"):
    """An official-layout mirror (not named cifar-10-python.tar.gz, so no MD5 applies)."""

    def build(tar):
        for name, payload in (files or official_files()).items():
            add_file(tar, name, payload)
        if extra:
            extra(tar)

    return write_tar(path, build, mode)


def png_bytes(color=(0, 0, 0), size=(32, 32)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def image_mirror(path, extra=None, mode="w"):
    def build(tar):
        for split, count in (("train", 5), ("test", 1)):
            for label, name in enumerate(CLASS_NAMES):
                for index in range(count):
                    add_file(
                        tar,
                        f"imgs/{split}/{name}/{index:04d}.png",
                        png_bytes((label * 20, index, 0)),
                    )
        if extra:
            extra(tar)

    return write_tar(path, build, mode)


def cve_2025_4517_chain(tar):
    """Symlink chain whose resolved path crosses PATH_MAX, then a link out of the folder and a
    file written through it (the construction of CVE-2025-4517, fixed in Python 3.11.13)."""
    component = "d" * 247
    steps = "abcdefghijklmnop"
    path = ""
    for step in steps:
        add_dir(tar, os.path.join(path, component))
        add_link(tar, os.path.join(path, step), component)
        path = os.path.join(path, component)
    long_link = os.path.join(*steps, "l" * 254)
    add_link(tar, long_link, "../" * len(steps))
    add_link(tar, "escape", os.path.join(long_link, "../../.."))
    add_file(tar, "escape/pwned-cve.txt", b"outside")


def five_member_chain(tar):
    """Each link looks local to a check that resolves only its own path (x -> ., x/y -> ..)."""
    add_link(tar, "x", ".")
    add_link(tar, "x/y", "..")
    add_link(tar, "x/y/z", "..")
    add_link(tar, "x/y/z/w", "..")
    add_file(tar, "x/y/z/w/pwned-chain.txt", b"outside")


def device(tar):
    info = tarfile.TarInfo("cifar-10-batches-py/dev")
    info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
    tar.addfile(info)


def fifo(tar):
    info = tarfile.TarInfo("cifar-10-batches-py/pipe")
    info.type = tarfile.FIFOTYPE
    tar.addfile(info)


def unknown_type(tar):
    info = tarfile.TarInfo("cifar-10-batches-py/odd")
    info.type = b"Z"
    tar.addfile(info)


UNSAFE_ARCHIVES = {
    "CVE-2025-4517 PATH_MAX symlink chain": cve_2025_4517_chain,
    "5-member x->. chain": five_member_chain,
    "symlink inside the folder": lambda tar: add_link(tar, "cifar-10-batches-py/a", "data_batch_1"),
    "symlink to /etc/passwd": lambda tar: add_link(tar, "cifar-10-batches-py/p", "/etc/passwd"),
    "hard link out": lambda tar: add_link(
        tar, "cifar-10-batches-py/h", "../../outside", tarfile.LNKTYPE
    ),
    "absolute path": lambda tar: add_file(tar, "/tmp/cs231n-hostile-abs.txt", b"x"),
    "dot-dot path": lambda tar: add_file(tar, "cifar-10-batches-py/../../pwned-dotdot.txt", b"x"),
    "character device": device,
    "FIFO": fifo,
    "unknown member type": unknown_type,
}


@pytest.fixture(params=["stdlib filter present", "stdlib filter disabled"])
def no_extraction(request, monkeypatch):
    """Tar extraction raises if anyone calls it; optionally the stdlib filter is removed."""
    if request.param == "stdlib filter disabled" and hasattr(tarfile, "data_filter"):
        monkeypatch.delattr(tarfile, "data_filter")

    def forbidden(*args, **kwargs):
        raise AssertionError("the loader must never extract archives")

    for name in ("extractall", "extract", "_extract_member"):
        monkeypatch.setattr(tarfile.TarFile, name, forbidden)
    return request.param


def files_under(root):
    return {p for p in Path(root).rglob("*")}


# ----------------------------------------------------------------------------------------------
# 1. Nothing written outside datasets/, whatever the archive holds
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(UNSAFE_ARCHIVES))
@pytest.mark.parametrize("layout", ["official", "images"])
def test_unsafe_archive_is_refused_whole(tmp_path, isolated_data_dir, no_extraction, case, layout):
    work = tmp_path / "a" / "b" / "c"
    work.mkdir(parents=True)
    build = official_mirror if layout == "official" else image_mirror
    archive = build(work / "mirror.tar.gz", UNSAFE_ARCHIVES[case], mode="w:gz")
    before = files_under(tmp_path)
    with pytest.raises(UnsafeArchiveError, match="refusing .*mirror.tar.gz: unsafe member"):
        fetch_cifar10(str(archive), expected_counts=None, progress=False)
    assert files_under(tmp_path) - before <= {isolated_data_dir}  # at most the empty data folder
    assert not list(isolated_data_dir.rglob("*")) if isolated_data_dir.exists() else True
    assert not Path("/tmp/cs231n-hostile-abs.txt").exists()


def test_check_alone_refuses_every_link_kind_without_the_stdlib_filter(monkeypatch):
    if hasattr(tarfile, "data_filter"):
        monkeypatch.delattr(tarfile, "data_filter")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        five_member_chain(tar)
    buffer.seek(0)
    with tarfile.open(fileobj=buffer) as tar:
        members = tar.getmembers()
    with pytest.raises(UnsafeArchiveError) as info:
        archives.check_members(members, "chain.tar")
    assert str(info.value).count("symbolic link") == 4


# ----------------------------------------------------------------------------------------------
# 2. A corrupt mirror installs nothing; a broken install names its folder and the fix
# ----------------------------------------------------------------------------------------------


def _truncated_batch():
    files = official_files()
    files["cifar-10-batches-py/data_batch_3"] = files["cifar-10-batches-py/data_batch_3"][:5000]
    return files


def _bad_labels():
    files = official_files()
    files["cifar-10-batches-py/data_batch_2"] = batch_bytes(10, 2, labels=[99] * 10)
    return files


def _float_data():
    files = official_files()
    batch = {b"data": np.zeros((10, 3072), np.float32), b"labels": list(range(10))}
    files["cifar-10-batches-py/test_batch"] = pickle.dumps(batch, protocol=2)
    return files


def _wrong_meta():
    files = official_files()
    files["cifar-10-batches-py/batches.meta"] = pickle.dumps({b"label_names": [b"a"] * 10})
    return files


def _empty_batch_file():
    files = official_files()
    files["cifar-10-batches-py/data_batch_5"] = b""
    return files


def _missing_batch():
    files = official_files()
    del files["cifar-10-batches-py/data_batch_4"]
    return files


def _duplicate_batch():
    files = official_files()
    return {
        **files,
        "other/cifar-10-batches-py/data_batch_1": files["cifar-10-batches-py/data_batch_1"],
    }


CORRUPT_MIRRORS = {
    "truncated batch": (_truncated_batch, "data_batch_3.*not a readable pickle"),
    "label 99": (_bad_labels, "data_batch_2.*labels"),
    "float32 data": (_float_data, "test_batch.*uint8"),
    "wrong label names": (_wrong_meta, "batches.meta.*label_names"),
    "empty batch file": (_empty_batch_file, "data_batch_5"),
    "missing batch": (_missing_batch, "missing data_batch_4"),
    "batch twice": (_duplicate_batch, "data_batch_1 twice"),
}


@pytest.mark.parametrize("case", sorted(CORRUPT_MIRRORS))
def test_corrupt_mirror_installs_nothing_and_a_good_one_still_works(
    tmp_path, isolated_data_dir, case
):
    build, message = CORRUPT_MIRRORS[case]
    bad = official_mirror(tmp_path / "bad.tar.gz", files=build())
    with pytest.raises((CIFAR10CorruptError, CIFAR10LayoutError), match=message):
        fetch_cifar10(str(bad), expected_counts=TINY, progress=False)
    assert not (isolated_data_dir / "cifar-10-batches-py").exists()
    assert [p.name for p in isolated_data_dir.iterdir()] == []
    good = official_mirror(tmp_path / "good.tar.gz")
    fetch_cifar10(str(good), expected_counts=TINY, progress=False)
    assert load_cifar10_uint8()["X_train"].shape == (50, 3, 32, 32)


def test_wrong_counts_install_nothing(tmp_path, isolated_data_dir):
    mirror = official_mirror(tmp_path / "small.tar.gz")
    with pytest.raises(CIFAR10LayoutError, match="50 train images"):
        fetch_cifar10(str(mirror), progress=False)  # the official counts are required by default
    assert not (isolated_data_dir / "cifar-10-batches-py").exists()


def test_broken_install_names_the_folder_and_the_fix(tmp_path, isolated_data_dir):
    fetch_cifar10(
        str(official_mirror(tmp_path / "good.tar.gz")), expected_counts=TINY, progress=False
    )
    batch = isolated_data_dir / "cifar-10-batches-py" / "data_batch_2"
    batch.write_bytes(batch.read_bytes()[:1000])
    installed = isolated_data_dir / "cifar-10-batches-py"
    with pytest.raises(CIFAR10CorruptError) as info:
        load_cifar10_uint8()
    message = str(info.value)
    assert "data_batch_2" in message and f"Delete {installed}" in message
    assert "get_datasets.py" in message
    with pytest.raises(CIFAR10CorruptError, match="Delete"):
        fetch_cifar10(None, expected_counts=TINY, progress=False)


# ----------------------------------------------------------------------------------------------
# 3. Bounds: sizes, counts, time
# ----------------------------------------------------------------------------------------------


def test_one_gib_member_is_refused_at_its_header(tmp_path, isolated_data_dir):
    """A real 1 GiB member (a sparse plain .tar costs no disk), never read or written."""
    archive = tmp_path / "huge.tar"
    with open(archive, "wb") as f:
        with tarfile.open(fileobj=f, mode="w") as tar:
            for name, payload in official_files().items():
                add_file(tar, name, payload)
            end = tar.offset
        info = tarfile.TarInfo("cifar-10-batches-py/zeros.bin")
        info.size = 1 << 30
        f.seek(end)  # over the end-of-archive blocks
        f.truncate()
        f.write(info.tobuf(format=tarfile.GNU_FORMAT))
        f.seek(info.size, os.SEEK_CUR)
        f.write(b"\0" * 1024)
    start = time.monotonic()
    with pytest.raises(ArchiveError, match="more than .* bytes"):
        fetch_cifar10(str(archive), expected_counts=TINY, progress=False)
    assert time.monotonic() - start < 10
    assert list(isolated_data_dir.iterdir()) == []


def test_one_gib_image_member_is_not_read_into_memory(tmp_path):
    archive = tmp_path / "bigpng.tar.gz"
    with open(archive, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb") as gz:
        info = tarfile.TarInfo("imgs/train/cat/0000.png")
        info.size = 1 << 30
        gz.write(info.tobuf(format=tarfile.GNU_FORMAT))
        gz.write(b"\x89PNG" + b"\0" * 4096)  # the rest is never read
    with pytest.raises(ArchiveError, match=r"0000\.png.* 1073741824 bytes, more than the 65536"):
        load_cifar10_uint8(source=archive, cache_dir=tmp_path / "cache")


def test_too_many_members_are_refused_quickly(tmp_path, monkeypatch):
    def junk(tar):
        for i in range(100_000):
            add_file(tar, f"junk/{i}", b"")

    archive = image_mirror(tmp_path / "junk.tar", junk)
    start = time.monotonic()
    with pytest.raises(ArchiveError, match="more than 65536 members"):
        load_cifar10_uint8(source=archive, cache_dir=tmp_path / "cache")
    assert time.monotonic() - start < 30


def test_archive_reading_has_a_time_limit(tmp_path, monkeypatch):
    archive = image_mirror(tmp_path / "slow.tar")
    slow = archives.Limits(max_seconds=0.05)
    monkeypatch.setattr(data_utils, "_archive_limits", lambda: slow)
    real_decode = data_utils._decode_image

    def slow_decode(data, name):
        time.sleep(0.01)
        return real_decode(data, name)

    monkeypatch.setattr(data_utils, "_decode_image", slow_decode)
    with pytest.raises(ArchiveError, match="longer than 0.05 s"):
        load_cifar10_uint8(source=archive, cache_dir=tmp_path / "cache")


def _patched_png(width, height):
    """A 1x1 PNG whose header claims width x height (IHDR CRC fixed up)."""
    raw = bytearray(png_bytes(size=(1, 1)))
    start = raw.index(b"IHDR")
    raw[start + 4 : start + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(raw[start : start + 17]))
    raw[start + 17 : start + 21] = struct.pack(">I", crc)
    return bytes(raw)


BAD_IMAGES = {
    "decompression bomb": (_patched_png(100_000, 100_000), "cannot decode image"),
    "not an image": (b"hello", "cannot decode image"),
    "truncated png": (png_bytes()[:40], "cannot decode image|truncated"),
    "16x16 image": (png_bytes(size=(16, 16)), "is 16x16, expected 32x32"),
}


@pytest.mark.parametrize("case", sorted(BAD_IMAGES))
def test_bad_images_give_one_clear_error(tmp_path, case):
    payload, message = BAD_IMAGES[case]
    archive = image_mirror(
        tmp_path / "imgs.tar", lambda tar: add_file(tar, "imgs/train/dog/9999.png", payload)
    )
    with pytest.raises(CIFAR10CorruptError, match=message) as info:
        load_cifar10_uint8(source=archive, cache_dir=tmp_path / "cache")
    assert "9999.png" in str(info.value)


@pytest.mark.parametrize("cut", [0.3, 0.9])
def test_truncated_tar_gz_is_one_clear_error(tmp_path, cut):
    good = official_mirror(tmp_path / "good.tar.gz").read_bytes()
    bad = tmp_path / "cut.tar.gz"
    bad.write_bytes(good[: int(len(good) * cut)])
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        load_cifar10_uint8(source=bad, cache_dir=tmp_path / "cache")


def test_garbage_file_named_like_an_archive(tmp_path):
    bad = tmp_path / "junk.tar.xz"
    bad.write_bytes(b"\xfd7zXZ\x00" + os.urandom(2000))
    with pytest.raises(ArchiveError, match="junk.tar.xz"):
        load_cifar10_uint8(source=bad, cache_dir=tmp_path / "cache")


def xz_with_dictionary_size(payload, dict_byte):
    """``payload`` as one .xz stream whose block header claims the LZMA2 dictionary ``dict_byte``
    (40: 4 GiB); the data itself is compressed with a small dictionary, so it still decodes."""
    data = bytearray(lzma.compress(payload, format=lzma.FORMAT_XZ))
    header_size = (data[12] + 1) * 4
    header = data[12 : 12 + header_size]
    assert header[1] == 0  # one filter, no sizes: the filter flags follow at once
    assert header[2:4] == b"\x21\x01"  # LZMA2, one property byte: the dictionary size
    header[4] = dict_byte
    header[-4:] = struct.pack("<I", zlib.crc32(header[:-4]))
    data[12 : 12 + header_size] = header
    return bytes(data)


def test_xz_header_asking_for_a_huge_dictionary_is_refused(tmp_path):
    tar_bytes = official_mirror(tmp_path / "plain.tar", mode="w").read_bytes()
    control = tmp_path / "control.tar.xz"
    control.write_bytes(xz_with_dictionary_size(tar_bytes, 20))  # 8 MiB
    expected = load_cifar10_uint8(source=control, cache_dir=tmp_path / "cache1")
    assert expected["X_train"].shape[0] > 0

    bad = tmp_path / "huge-dictionary.tar.xz"
    bad.write_bytes(xz_with_dictionary_size(tar_bytes, 40))
    with pytest.raises(ArchiveError, match=r"huge-dictionary.tar.xz.*more than 256 MiB of memory"):
        load_cifar10_uint8(source=bad, cache_dir=tmp_path / "cache2")
    assert not (tmp_path / "cache2").exists() or not any((tmp_path / "cache2").iterdir())


def test_xz_of_several_streams_reads_as_one(tmp_path):
    tar_bytes = official_mirror(tmp_path / "plain.tar", mode="w").read_bytes()
    half = len(tar_bytes) // 2
    streams = tmp_path / "streams.tar.xz"
    streams.write_bytes(
        lzma.compress(tar_bytes[:half]) + b"\0" * 8 + lzma.compress(tar_bytes[half:])
    )
    single = tmp_path / "single.tar.xz"
    single.write_bytes(lzma.compress(tar_bytes))
    got = load_cifar10_uint8(source=streams, cache_dir=tmp_path / "cache1")
    expected = load_cifar10_uint8(source=single, cache_dir=tmp_path / "cache2")
    for key in expected:
        np.testing.assert_array_equal(got[key], expected[key])


@pytest.mark.parametrize("cut", [0.3, 0.9])
def test_truncated_tar_xz_is_one_clear_error(tmp_path, cut):
    good = lzma.compress(official_mirror(tmp_path / "plain.tar", mode="w").read_bytes())
    bad = tmp_path / "cut.tar.xz"
    bad.write_bytes(good[: int(len(good) * cut)])
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        load_cifar10_uint8(source=bad, cache_dir=tmp_path / "cache")


# -- servers on 127.0.0.1 ----------------------------------------------------------------------


class HostileServer:
    """``mode``: 'drip-body' (headers, then 1 byte per 0.2 s), 'drip-headers' (the status line
    byte by byte), 'no-length-truncated' (half the body, no Content-Length), 'huge-length'."""

    def __init__(self, mode, payload=b""):
        self.mode, self.payload, self.stop = mode, payload, threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    server.respond(self)
                except OSError:  # the client gave up, as it should
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def respond(self, handler):
        out = handler.wfile
        if self.mode == "drip-headers":
            for byte in b"HTTP/1.0 200 OK\r\nContent-Length: 10\r\n":
                if self.stop.wait(0.2):
                    return
                out.write(bytes([byte]))
                out.flush()
            return
        handler.send_response(200)
        if self.mode == "drip-body":
            handler.send_header("Content-Length", "100000")
        elif self.mode == "huge-length":
            handler.send_header("Content-Length", str(50 << 30))
        handler.end_headers()
        if self.mode == "drip-body":
            for _ in range(100000):
                if self.stop.wait(0.2):
                    return
                out.write(b"x")
                out.flush()
        elif self.mode == "no-length-truncated":
            out.write(self.payload[: len(self.payload) // 2])
            handler.close_connection = True

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hostile_server():
    servers = []

    def start(mode, payload=b""):
        servers.append(HostileServer(mode, payload))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.mark.parametrize("mode", ["drip-body", "drip-headers"])
def test_drip_feeding_server_hits_the_total_time_limit(tmp_path, hostile_server, mode):
    server = hostile_server(mode)
    start = time.monotonic()
    with pytest.raises(DownloadLimitError, match="longer than 1.5 s"):
        download(
            server.url("/x.tar.gz"),
            tmp_path / "x.tar.gz",
            timeout=30,
            max_seconds=1.5,
            progress=False,
        )
    assert time.monotonic() - start < 10
    assert list(tmp_path.iterdir()) == []


def test_huge_content_length_is_refused_before_reading(tmp_path, hostile_server):
    server = hostile_server("huge-length")
    with pytest.raises(DownloadLimitError, match="announces"):
        download(server.url("/x.tar.gz"), tmp_path / "x.tar.gz", progress=False)
    assert list(tmp_path.iterdir()) == []


def test_truncated_download_without_length_is_one_clear_error(
    tmp_path, hostile_server, isolated_data_dir
):
    payload = official_mirror(tmp_path / "m.tar.gz").read_bytes()
    server = hostile_server("no-length-truncated", payload)
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        fetch_cifar10(server.url("/mirror.tar.gz"), expected_counts=TINY, progress=False)
    assert list(isolated_data_dir.iterdir()) == []  # the bad download was removed


def test_fifo_file_url_is_refused_without_blocking(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo_path = tmp_path / "pipe.tar.gz"
    os.mkfifo(fifo_path)
    with pytest.raises(Exception, match="not a regular file"):
        download(fifo_path.as_uri(), tmp_path / "out.tar.gz", progress=False)


# ----------------------------------------------------------------------------------------------
# 4. The decode cache is checked and rebuilt on any mismatch
# ----------------------------------------------------------------------------------------------


def _write_npz(path, **arrays):
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def _meta(**fields):
    import json

    return np.array(json.dumps({"format": 2, "source": "/x", "counts": [50, 10], **fields}))


CACHE_DAMAGE = {
    "0-byte file": lambda p: p.write_bytes(b""),
    "not a zip": lambda p: p.write_bytes(b"garbage" * 100),
    "old metadata without counts": lambda p: _write_npz(
        p, meta=np.array('{"source": "/x"}'), **{k: np.load(p)[k] for k in data_utils.SPLIT_KEYS}
    ),
    "no metadata": lambda p: _write_npz(p, **{k: np.load(p)[k] for k in data_utils.SPLIT_KEYS}),
    "10 images, label 99, float32 channels-last": lambda p: _write_npz(
        p,
        meta=_meta(counts=[10, 10]),
        X_train=np.zeros((10, 32, 32, 3), np.float32),
        y_train=np.full(10, 99),
        X_test=np.zeros((10, 32, 32, 3), np.float32),
        y_test=np.zeros(10, np.int64),
    ),
    "label 99 only": lambda p: _write_npz(
        p,
        meta=_meta(),
        X_train=np.load(p)["X_train"],
        y_train=np.full(50, 99),
        X_test=np.load(p)["X_test"],
        y_test=np.load(p)["y_test"],
    ),
    "counts differ from metadata": lambda p: _write_npz(
        p, meta=_meta(counts=[49, 10]), **{k: np.load(p)[k] for k in data_utils.SPLIT_KEYS}
    ),
    "bit flip in the pixels": lambda p: _flip_pixel_bit(p),
}


def _flip_pixel_bit(path):
    raw = bytearray(path.read_bytes())
    pixels = np.load(path)["X_train"].tobytes()
    raw[bytes(raw).index(pixels) + 100] ^= 0x01
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("case", sorted(CACHE_DAMAGE))
def test_damaged_cache_is_rebuilt(tmp_path, case):
    archive = image_mirror(tmp_path / "imgs.tar")
    cache_dir = tmp_path / "cache"
    first = load_cifar10_uint8(source=archive, cache_dir=cache_dir)
    cache_file = data_utils.cache_path(cache_dir, archive)
    CACHE_DAMAGE[case](cache_file)
    second = load_cifar10_uint8(source=archive, cache_dir=cache_dir)
    for key in data_utils.SPLIT_KEYS:
        np.testing.assert_array_equal(second[key], first[key])
    assert data_utils.read_cache(cache_file) is not None  # rebuilt, valid again


def test_stale_temporary_cache_files_are_removed(tmp_path):
    archive = image_mirror(tmp_path / "imgs.tar")
    cache_dir = tmp_path / "cache" / "cifar10-cache"
    cache_dir.mkdir(parents=True)
    stale = cache_dir / ".tmp-1-killed.npz"
    stale.write_bytes(b"x" * 1000)
    os.utime(stale, (time.time() - 7200,) * 2)
    load_cifar10_uint8(source=archive, cache_dir=tmp_path / "cache")
    assert not stale.exists()


# ----------------------------------------------------------------------------------------------
# No traceback reaches the command line
# ----------------------------------------------------------------------------------------------


def _cli_sources(tmp_path, servers):
    chain = official_mirror(tmp_path / "chain.tar.gz", cve_2025_4517_chain)
    corrupt = official_mirror(tmp_path / "corrupt.tar.gz", files=_truncated_batch())
    bomb = image_mirror(
        tmp_path / "bomb.tar",
        lambda tar: add_file(tar, "imgs/train/dog/9999.png", _patched_png(100_000, 100_000)),
    )
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(official_mirror(tmp_path / "whole.tar.gz").read_bytes()[:3000])
    drip = servers("drip-body").url("/drip.tar.gz")
    return {
        "chain": [str(chain)],
        "corrupt": [str(corrupt)],
        "bomb": [str(bomb)],
        "truncated": [str(cut)],
        "drip": [drip, "--timeout", "1.5"],
        "garbage": [str(tmp_path / "whole.tar.gz").replace("whole", "nothing")],
    }


def test_command_line_prints_one_error_line_and_no_traceback(tmp_path, hostile_server):
    sources = _cli_sources(tmp_path, hostile_server)
    for case, source in sources.items():
        data_dir = tmp_path / f"data-{case}"
        result = subprocess.run(
            [
                sys.executable,
                str(GET_DATASETS),
                "--source",
                *source,
                "--data-dir",
                str(data_dir),
                "--expected-counts",
                "50",
                "10",
                "--no-progress",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1, (case, result.stderr)
        assert "Traceback" not in result.stderr, (case, result.stderr)
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, (case, result.stderr)
        assert not (data_dir / "cifar-10-batches-py").exists()
