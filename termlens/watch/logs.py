"""Reading exported logs (CSV, JSON, JSON Lines) through a column mapping.

A mapping (``termlens/data/watch/mappings/*.yaml``) lists, for each field
termlens needs, the column names the exports of one ticket system use. Rows
are numbered from 1 in file order (for CSV, the file line is kept too), so
every problem can be reported where the user will look for it; no row is
ever dropped without a :class:`RowProblem` saying why.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict

from termlens.errors import DataError, InputError
from termlens.ingest.encoding import decode
from termlens.resources import DATA_DIR, load_yaml

MAPPING_DIR = DATA_DIR / "watch" / "mappings"
LogKind = Literal["tickets", "outages"]
Rows: TypeAlias = list[tuple[int, int | None, dict[str, Any]]]  # (row, CSV line, {column: value})
GENERIC = "generic"  # the catch-all mapping: chosen only when no system's own mapping fits as well


class LogError(InputError):
    """A log that cannot be read at all: missing file, unknown format, a required column absent."""

    code = "bad-log"


class ColumnMapping(BaseModel):
    """The schema of a mapping file: which columns of an export hold which field."""

    model_config = ConfigDict(extra="forbid")
    name: str
    kind: LogKind = "tickets"
    system: str = ""
    description: str = ""
    records: list[str] = []  # JSON: keys that may hold the list of records
    dayfirst: bool = False
    timestamp_formats: list[str] = []
    columns: dict[str, list[str]]
    severity_values: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with one row; ``row`` is 1-based among data rows, ``line`` the CSV line."""

    row: int
    line: int | None
    field: str
    value: str
    message: str

    @property
    def where(self) -> str:
        return f"row {self.row}" + (f" (line {self.line})" if self.line is not None else "")


@dataclass(frozen=True, slots=True)
class RawRow:
    row: int
    line: int | None
    values: dict[str, Any]  # field name -> raw value; None when the cell is empty


def _normal(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


@cache
def _bundled(path: Path) -> ColumnMapping:
    return load_yaml(path, ColumnMapping)


def bundled_mappings(kind: LogKind) -> list[ColumnMapping]:
    mappings = [_bundled(path) for path in sorted(MAPPING_DIR.glob("*.yaml"))]
    return [m for m in mappings if m.kind == kind]


def load_mapping(name_or_path: str, kind: LogKind) -> ColumnMapping:
    """A bundled mapping by name (``zendesk``) or a mapping YAML file by path."""
    path = Path(name_or_path)
    if path.is_file():
        mapping = load_yaml(path, ColumnMapping)
    else:
        found = [m for m in bundled_mappings(kind) if m.name == name_or_path]
        if not found:
            names = ", ".join(m.name for m in bundled_mappings(kind))
            raise DataError(f"no {kind} mapping {name_or_path!r}; give a mapping file or one of: {names}")
        mapping = found[0]
    if mapping.kind != kind:
        raise DataError(f"{name_or_path}: a mapping for {mapping.kind}, not {kind}")
    return mapping


def read_table(path: Path) -> tuple[list[str], Rows]:
    """Column names and rows ``(row, line, {column: value})`` of a CSV, JSON or JSON Lines file."""
    if not path.is_file():
        raise LogError(f"{path}: no such file")
    try:
        text = decode(path.read_bytes())
    except InputError as error:
        raise LogError(f"{path}: {error}") from None
    suffix = path.suffix.lower()
    if suffix in {".json", ".jsonl", ".ndjson"} or text.lstrip()[:1] in {"[", "{"}:
        return _read_json(path, text)
    return _read_csv(text)


def _read_csv(text: str) -> tuple[list[str], Rows]:
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        return [], []
    header = [cell.strip().lstrip("\ufeff") for cell in header]
    rows: Rows = []
    for number, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines at the end of an export are not tickets
        values = {column: (cells[i] if i < len(cells) else None) for i, column in enumerate(header)}
        rows.append((number, reader.line_num, values))
    return header, rows


def _read_json(path: Path, text: str) -> tuple[list[str], Rows]:
    try:
        if path.suffix.lower() in {".jsonl", ".ndjson"}:
            data: Any = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LogError(f"{path}: not valid JSON ({error.msg} at line {error.lineno})") from None
    records = _record_list(data)
    if records is None:
        raise LogError(f"{path}: expected a list of records, or an object holding one")
    columns: dict[str, None] = {}
    rows: Rows = []
    for number, record in enumerate(records, start=1):
        flat = _flatten(record) if isinstance(record, dict) else {}
        columns.update(dict.fromkeys(flat))
        rows.append((number, None, flat))
    return list(columns), rows


def _record_list(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        lists = [value for value in data.values() if isinstance(value, list) and value and isinstance(value[0], dict)]
        return lists[0] if len(lists) == 1 else None
    return None


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested API objects as dotted columns: ``{"stats": {"resolved_at": …}}`` → ``stats.resolved_at``."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def resolve_columns(available: list[str], mapping: ColumnMapping) -> dict[str, str]:
    """field -> the export's column that holds it, for every field the mapping can find."""
    by_normal = {_normal(column): column for column in available}
    resolved: dict[str, str] = {}
    for field, candidates in mapping.columns.items():
        for candidate in candidates:
            if _normal(candidate) in by_normal:
                resolved[field] = by_normal[_normal(candidate)]
                break
    return resolved


def missing_fields(resolved: dict[str, str], required: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    """Required field groups (any one member suffices) that no column provides."""
    return [group for group in required if not any(field in resolved for field in group)]


def rows_for(rows: Rows, resolved: dict[str, str]) -> list[RawRow]:
    return [RawRow(number, line, {field: _empty_to_none(values.get(column)) for field, column in resolved.items()})
            for number, line, values in rows]


def _empty_to_none(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def choose_mapping(path: Path, available: list[str], kind: LogKind, requested: str | None,
                   required: tuple[tuple[str, ...], ...]) -> tuple[ColumnMapping, dict[str, str]]:
    """The requested mapping, or the bundled one that finds the most columns (a system's own before generic).

    A required column that no mapping finds is a :class:`LogError`: one line naming the
    field, the names looked for, and how to give a mapping.
    """
    candidates = [load_mapping(requested, kind)] if requested else bundled_mappings(kind)
    complete: list[tuple[int, bool, ColumnMapping, dict[str, str]]] = []
    best: tuple[ColumnMapping, list[tuple[str, ...]]] | None = None
    for mapping in candidates:
        resolved = resolve_columns(available, mapping)
        missing = missing_fields(resolved, required)
        if not missing:
            complete.append((len(resolved), mapping.name != GENERIC, mapping, resolved))
        elif best is None or len(missing) < len(best[1]):
            best = (mapping, missing)
    if complete:
        _, _, mapping, resolved = max(complete, key=lambda c: (c[0], c[1]))
        return mapping, resolved
    assert best is not None
    mapping, missing = best
    group = missing[0]
    looked_for = ", ".join(repr(name) for field in group for name in mapping.columns.get(field, []))
    hint = "" if requested else f" (closest mapping: {mapping.name}; choose one with --mapping NAME|FILE)"
    raise LogError(f"{path}: no column for {' or '.join(group)}; looked for {looked_for or 'nothing'}"
                   f"{hint}; found columns: {', '.join(available[:12]) or 'none'}")
