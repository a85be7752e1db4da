"""Uploaded documents, streamed to a temporary folder that is always removed.

Starlette's form parser reads a whole file before the route sees it, so the
size limit could only be checked afterwards. Here the multipart body is parsed
chunk by chunk as it arrives: a file is refused the moment it passes the
limit, and its bytes are hashed on the way to disk.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from termlens.errors import FileTooLarge, InputError
from termlens.web.settings import WebSettings

if TYPE_CHECKING:  # python-multipart declares its callback table for type checkers only
    from python_multipart.multipart import MultipartCallbacks

MAX_FIELDS = 20
MAX_FIELD_BYTES = 4096
_MULTIPART_OVERHEAD = 64 * 1024  # part headers and boundaries around the files, generously
_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")
_MAX_NAME = 200
_MAX_DISK_NAME = 200  # bytes


class UploadError(InputError):
    """A request that is not a usable upload: not multipart, malformed, too many files or fields."""

    code = "bad-upload"


@dataclass(frozen=True, slots=True)
class ReceivedFile:
    """One uploaded file: the name the browser sent (no folders) and where its bytes are now."""

    filename: str
    path: Path
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Upload:
    files: tuple[ReceivedFile, ...]
    fields: dict[str, list[str]]

    def field(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[-1] if values else default


@asynccontextmanager
async def received_upload(request: Request, settings: WebSettings) -> AsyncIterator[Upload]:
    """The request's files and fields; the files are deleted when the block ends, however it ends."""
    content_type = request.headers.get("content-type", "")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_files * settings.max_bytes + _MULTIPART_OVERHEAD:
        # Refused before reading a byte: even the most files a request may carry could not add up to this.
        raise FileTooLarge(f"the upload is {_megabytes(int(declared))}, more than {settings.max_files} files of "
                           f"{_megabytes(settings.max_bytes)} each; send fewer or smaller files")
    with tempfile.TemporaryDirectory(prefix="termlens-upload-", dir=settings.upload_dir) as folder:
        yield await read_multipart(request.stream(), content_type, Path(folder), max_bytes=settings.max_bytes,
                                   max_files=settings.max_files)


async def read_multipart(chunks: AsyncIterator[bytes], content_type: str, folder: Path, *, max_bytes: int,
                         max_files: int) -> Upload:
    """Parse a ``multipart/form-data`` body from ``chunks``, writing each file into ``folder``."""
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in options:
        raise UploadError(f"expected a multipart/form-data upload, got {content_type or 'no content type'}; "
                          "send the documents as form fields named 'file' or 'files'")
    receiver = _Receiver(folder, max_bytes, max_files)
    parser = MultipartParser(options[b"boundary"], receiver.callbacks())
    try:
        async for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise UploadError("the upload is not valid multipart/form-data; send it again from the form") from None
    finally:
        receiver.close()
    return Upload(files=tuple(receiver.files), fields=receiver.fields)


def clean_filename(raw: str) -> str:
    """The last path component, without control characters, at most 200 characters: safe to show and store."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()[-_MAX_NAME:]
    return name if name.strip(".") else "upload"  # never "." or "..": the name becomes a path


def _disk_name(filename: str) -> str:
    """``filename`` cut to 200 UTF-8 bytes (file systems allow 255), keeping a short extension that sniffing uses."""
    suffix = Path(filename).suffix
    suffix = suffix if _SUFFIX.fullmatch(suffix.lower()) else ""
    stem = filename[: len(filename) - len(suffix)] if suffix else filename
    while len((stem + suffix).encode()) > _MAX_DISK_NAME:
        stem = stem[:-1]
    return stem + suffix


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


@dataclass
class _Part:
    """The part being parsed: its headers so far, then either a field's bytes or an open file."""

    disposition: bytes = b""
    header_name: bytes = b""
    header_value: bytes = b""
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)
    file: IO[bytes] | None = None
    size: int = 0
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)


class _Receiver:
    """python-multipart callbacks that write file parts straight to disk and keep the small fields."""

    def __init__(self, folder: Path, max_bytes: int, max_files: int) -> None:
        self.folder, self.max_bytes, self.max_files = folder, max_bytes, max_files
        self.files: list[ReceivedFile] = []
        self.fields: dict[str, list[str]] = {}
        self.part = _Part()
        self.field_count = 0

    def callbacks(self) -> MultipartCallbacks:
        return {"on_part_begin": self.begin, "on_header_field": self.header_field,
                "on_header_value": self.header_value, "on_header_end": self.header_end,
                "on_headers_finished": self.headers_finished, "on_part_data": self.data, "on_part_end": self.end}

    def begin(self) -> None:
        self.part = _Part()

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.part.header_name += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self.part.header_value += data[start:end]

    def header_end(self) -> None:
        if self.part.header_name.lower() == b"content-disposition":
            self.part.disposition = self.part.header_value
        self.part.header_name = self.part.header_value = b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self.part.disposition)
        self.part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            self.field_count += 1
            if self.field_count > MAX_FIELDS:
                raise UploadError(f"too many form fields (over {MAX_FIELDS}); send the documents and the profile only")
            return
        self.part.filename = clean_filename(options[b"filename"].decode("utf-8", "replace"))
        if not options[b"filename"]:
            return  # a file input left empty: browsers still send the part, with no name and no bytes
        if len(self.files) >= self.max_files:
            raise UploadError(f"too many files: at most {self.max_files} per upload")
        # Under its own name (in a folder of its own), so the reader's messages name the user's file.
        path = self.folder / str(len(self.files)) / _disk_name(self.part.filename)
        path.parent.mkdir()
        self.part.file = path.open("wb")
        self.files.append(ReceivedFile(self.part.filename, path, 0, ""))

    def data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        part = self.part
        if part.file is not None:
            part.size += len(chunk)
            if part.size > self.max_bytes:
                raise FileTooLarge(f"{part.filename} is over the {_megabytes(self.max_bytes)} limit; split it or "
                                   "start the server with a larger --max-mb")
            part.digest.update(chunk)
            part.file.write(chunk)
        elif part.filename is None:
            if len(part.data) + len(chunk) > MAX_FIELD_BYTES:
                raise UploadError(f"the form field {part.name!r} is over {MAX_FIELD_BYTES} bytes")
            part.data += chunk

    def end(self) -> None:
        part = self.part
        if part.file is not None:
            part.file.close()
            received = self.files[-1]
            self.files[-1] = ReceivedFile(received.filename, received.path, part.size, part.digest.hexdigest())
        elif part.filename is None:
            self.fields.setdefault(part.name, []).append(part.data.decode("utf-8", "replace"))

    def close(self) -> None:
        if self.part.file is not None:
            self.part.file.close()
