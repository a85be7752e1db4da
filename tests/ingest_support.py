"""What the ingest tests share: reading a document's blocks back as text, and writing test files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from termlens.model import Document

CheckOffsets = Callable[[Document], None]


def quote(document: Document, kind: str | None = None) -> list[str]:
    return [document.text[b.start : b.end] for b in document.blocks if kind is None or b.kind == kind]


def headings(document: Document) -> list[tuple[int, str]]:
    return [(b.level, document.text[b.start : b.end]) for b in document.blocks if b.kind == "heading"]


def rows(document: Document, table: int = 0) -> list[list[str]]:
    return [
        [document.text[c.start : c.end] for c in b.cells]
        for b in document.blocks
        if b.kind == "table_row" and b.table == table
    ]


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path
