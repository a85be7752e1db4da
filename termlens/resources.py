"""Load the YAML data files beside the code, once, and validate them.

Every data file is read through :func:`load_yaml`, which turns a YAML syntax
error or a schema violation into one :class:`~termlens.errors.DataError`
naming the file and the path inside it, so a user who edits a copy of a rule
or profile file learns exactly what to fix.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from termlens.errors import DataError

DATA_DIR = Path(__file__).parent / "data"

Model = TypeVar("Model", bound=BaseModel)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: not valid YAML ({_first_line(error)})") from None


def validate(path: Path, raw: Any, model: type[Model]) -> Model:
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{' -> '.join(str(part) for part in issue['loc']) or '(top)'}: {issue['msg']}"
            for issue in error.errors()
        )
        raise DataError(f"{path}: {problems}") from None


def load_yaml(path: Path, model: type[Model]) -> Model:
    return validate(path, read_yaml(path), model)


@cache
def data_file(relative: str) -> Any:
    """The parsed content of a bundled data file (cached; treat as read-only)."""
    return read_yaml(DATA_DIR / relative)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
