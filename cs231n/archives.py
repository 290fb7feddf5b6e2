"""Read chosen files out of a tar archive without extracting it, within fixed limits.

Nothing is ever written by this module: the archive is read as one stream, and only the regular
files a caller asks for are handed over, as bytes. Any link, device, FIFO or member of an unknown
type, and any absolute or ``..`` path, refuses the whole archive, so no member can point anywhere.
Sizes (per member and in all), the number of members, the memory of the xz decoder and the time
spent are bounded, so a hostile or broken archive ends in one clear error instead of filling the
memory or running on.
"""

import bz2
import gzip
import io
import lzma
import posixpath
import tarfile
import time
import zlib
from dataclasses import dataclass


class ArchiveError(ValueError):
    """An archive is unreadable, truncated, or breaks a limit; the message names the archive."""


class UnsafeArchiveError(ArchiveError):
    """An archive holds a member that could point outside its folder (link, device, ``..``)."""


@dataclass(frozen=True)
class Limits:
    """Bounds on what an archive may hold.

    Attributes
    ----------
    max_members : int
        Members of any kind (CIFAR-10 as an image tree has about 60,000).
    max_member_bytes : int
        Size of any one member that is read.
    max_total_bytes : int
        Sum of all member sizes, read or skipped (the archive, uncompressed).
    max_seconds : float
        Time for the whole archive.
    """

    max_members: int = 65_536
    max_member_bytes: int = 64 << 20
    max_total_bytes: int = 512 << 20
    max_seconds: float = 600.0


DEFAULT_LIMITS = Limits()

# Memory the xz decoder may use. The dictionary size written in an .xz file's header decides what
# the decoder allocates, and lzma.LZMAFile sets no limit; `xz -9` archives need 65 MiB.
XZ_MEMORY_LIMIT = 256 << 20


class _XzReader(io.RawIOBase):
    """The uncompressed bytes of an .xz file (one stream or several), within a memory limit."""

    def __init__(self, path):
        self.path = path
        self._file = open(path, "rb")
        self._decompressor = self._new_decompressor()

    @staticmethod
    def _new_decompressor():
        return lzma.LZMADecompressor(lzma.FORMAT_XZ, memlimit=XZ_MEMORY_LIMIT)

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._decompress(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _decompress(self, size):
        while True:
            if self._decompressor.eof:
                # Another stream may follow, after optional zero padding.
                rest = self._decompressor.unused_data or self._file.read(1 << 16)
                while rest and not rest.strip(b"\0"):
                    rest = self._file.read(1 << 16)
                if not rest:
                    return b""
                self._decompressor = self._new_decompressor()
                chunk = rest.lstrip(b"\0")
            elif self._decompressor.needs_input:
                chunk = self._file.read(1 << 16)
                if not chunk:
                    raise EOFError("the xz stream ends before its end marker")
            else:
                chunk = b""
            try:
                data = self._decompressor.decompress(chunk, size)
            except lzma.LZMAError as error:
                if "memory usage limit" in str(error).lower():
                    raise ArchiveError(
                        f"{self.path}: unpacking its xz compression needs more than "
                        f"{XZ_MEMORY_LIMIT >> 20} MiB of memory (the dictionary size in its "
                        "header); CIFAR-10 archives need at most 65 MiB"
                    ) from error
                raise
            if data:
                return data

    def close(self):
        self._file.close()
        super().close()


def _open_xz(path, mode="rb"):
    """Opened like the other decompressors of _MAGIC (``opener(path, "rb")``)."""
    return io.BufferedReader(_XzReader(path))


_MAGIC = ((b"\x1f\x8b", gzip.GzipFile), (b"\xfd7zXZ\x00", _open_xz), (b"BZh", bz2.BZ2File))
_READ_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError)


class _BoundedStream:
    """File-like wrapper that counts the (uncompressed) bytes read and checks the clock."""

    def __init__(self, raw, archive, limits):
        self.raw, self.archive, self.limits = raw, archive, limits
        self.read_bytes = 0
        self.deadline = time.monotonic() + limits.max_seconds
        # tar headers and padding come on top of the member sizes
        self.max_stream_bytes = limits.max_total_bytes + 1024 * (limits.max_members + 2)

    def check_time(self):
        if time.monotonic() > self.deadline:
            raise ArchiveError(
                f"reading {self.archive} took longer than {self.limits.max_seconds:g} s; "
                "gave up (is the file on a slow or stalled drive?)"
            )

    def read(self, size=-1):
        self.check_time()
        if size is None or size < 0:
            size = self.max_stream_bytes + 1 - self.read_bytes
        data = self.raw.read(max(0, min(size, self.max_stream_bytes + 1 - self.read_bytes)))
        self.read_bytes += len(data)
        if self.read_bytes > self.max_stream_bytes:
            raise ArchiveError(
                f"{self.archive} unpacks to more than {self.max_stream_bytes} bytes; "
                "CIFAR-10 is far smaller"
            )
        return data


def _open_raw(path):
    with open(path, "rb") as probe:
        head = probe.read(6)
    for magic, opener in _MAGIC:
        if head.startswith(magic):
            return opener(path, "rb")
    return open(path, "rb")


def unsafe_reason(member):
    """Why ``member`` (a tarfile.TarInfo) is refused, or None for a regular file or directory."""
    name = member.name.replace("\\", "/")
    if posixpath.isabs(name) or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if ".." in name.split("/"):
        return "'..' in path"
    if member.issym():
        return f"symbolic link to {member.linkname!r}"
    if member.islnk():
        return f"hard link to {member.linkname!r}"
    if member.isdev() or member.isfifo():
        return "device or FIFO"
    if not (member.isreg() or member.isdir()):
        return f"member of unknown type {member.type!r}"
    return None


def check_members(members, archive):
    """Refuse the whole archive if any member is not a plain file or folder inside it.

    Parameters
    ----------
    members : iterable of tarfile.TarInfo
    archive : str or Path
        Archive name, for the message.

    Raises
    ------
    UnsafeArchiveError
        Naming the offending members (links of any kind, devices, absolute or ``..`` paths).
    """
    bad = [f"{m.name!r} ({reason})" for m in members if (reason := unsafe_reason(m))]
    if bad:
        shown = "; ".join(bad[:5]) + (f"; and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise UnsafeArchiveError(
            f"refusing {archive}: unsafe member(s) {shown}. CIFAR-10 archives "
            "hold only plain files and folders; nothing was extracted."
        )


def read_members(path, wanted, limits=DEFAULT_LIMITS):
    """Yield ``(name, data)`` for every regular file of a tar archive that ``wanted`` accepts.

    The archive (plain, gzip, xz or bzip2) is read once, front to back; other regular files and
    folders are skipped unread. Nothing is written anywhere.

    Parameters
    ----------
    path : str or Path
        The archive.
    wanted : callable, str -> int or None
        For a member name, the largest size accepted for it in bytes (at most
        ``limits.max_member_bytes``), or None to skip the member.
    limits : Limits

    Yields
    ------
    name : str
    data : bytes

    Raises
    ------
    UnsafeArchiveError
        At the first link, device or unsafe path (the consumer should discard what it got).
    ArchiveError
        Unreadable, truncated or corrupt archive, or a limit exceeded.
    """
    try:
        raw = _open_raw(path)
    except OSError as error:
        raise ArchiveError(f"cannot open {path}: {error}") from error
    stream = _BoundedStream(raw, path, limits)
    count = total = 0
    try:
        with raw, tarfile.open(fileobj=stream, mode="r|") as tar:
            for member in tar:
                count += 1
                total += member.size
                check_members([member], path)
                if count > limits.max_members:
                    raise ArchiveError(
                        f"{path} holds more than {limits.max_members} members; "
                        "CIFAR-10 has about 60,000 files"
                    )
                max_bytes = wanted(member.name) if member.isreg() else None
                if max_bytes is not None and member.size > min(max_bytes, limits.max_member_bytes):
                    raise ArchiveError(
                        f"{path}: member {member.name!r} has {member.size} bytes, "
                        f"more than the {min(max_bytes, limits.max_member_bytes)} "
                        "allowed"
                    )
                if total > limits.max_total_bytes:
                    raise ArchiveError(
                        f"{path}: members add up to more than "
                        f"{limits.max_total_bytes} bytes (at {member.name!r}, "
                        f"{member.size} bytes); CIFAR-10 is far smaller"
                    )
                if max_bytes is None:
                    continue
                yield member.name, tar.extractfile(member).read()
                stream.check_time()
    except ArchiveError:
        raise
    except _READ_ERRORS as error:
        raise ArchiveError(
            f"{path} is not a readable .tar, .tar.gz or .tar.xz archive, or it is "
            f"truncated or corrupt ({type(error).__name__}: {error})"
        ) from error
