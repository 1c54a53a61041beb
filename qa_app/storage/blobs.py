"""Where recordings' bytes live. One small interface, so a shared directory today and an S3-compatible bucket
later are interchangeable; the database stores only the key.

Files are content-addressed (sha256), written to a temporary name and renamed into place, so a crash never
leaves a half-written recording under a real key and the same call uploaded twice is stored once.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from qa_app.config import get_settings
from qa_app.errors import UserError

CHUNK = 1 << 20
_SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


class TooLarge(UserError):
    pass


@dataclass(frozen=True)
class StoredBlob:
    key: str
    sha256: str
    size: int


class BlobStore(Protocol):
    def put(self, chunks: Iterable[bytes], suffix: str, max_bytes: int | None = None) -> StoredBlob: ...
    def local_path(self, key: str) -> Path: ...
    def open(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...


def safe_suffix(filename: str) -> str:
    """The file's extension if it is a plain short one, else ''. Never a path part of the user's file name."""
    suffix = Path(filename.replace("\\", "/")).suffix.lower()
    return suffix if _SAFE_SUFFIX.match(suffix) else ""


def read_chunks(stream: BinaryIO) -> Iterable[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


class LocalBlobStore:
    """Content-addressed files under one directory: ``ab/abcdef….ext``."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def put(self, chunks: Iterable[bytes], suffix: str, max_bytes: int | None = None) -> StoredBlob:
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as tmp:
                for chunk in chunks:
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise TooLarge(f"The file is larger than the {max_bytes // (1024 * 1024)} MB limit.")
                    digest.update(chunk)
                    tmp.write(chunk)
                tmp.flush()
                os.fsync(tmp.fileno())
            sha = digest.hexdigest()
            key = f"{sha[:2]}/{sha}{suffix}"
            target = self.root / key
            target.parent.mkdir(exist_ok=True)
            if target.exists():
                os.unlink(tmp_name)
            else:
                os.replace(tmp_name, target)
            return StoredBlob(key=key, sha256=sha, size=size)
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise

    def local_path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise UserError("Invalid recording key.")
        return path

    def open(self, key: str) -> BinaryIO:
        return open(self.local_path(key), "rb")

    def delete(self, key: str) -> None:
        self.local_path(key).unlink(missing_ok=True)


def default_store() -> LocalBlobStore:
    return LocalBlobStore(get_settings().recordings_dir)

