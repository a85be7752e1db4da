"""Commitment labels (``key=value``) and the words a clause must hold before the learned extractor gives one.

The words are language data, ``data/lang/evidence.yaml``.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from termlens.resources import DATA_DIR, read_yaml
from termlens.textnorm import fold

LABEL_SEPARATOR = "="


def label_of(key: str, value: Any) -> str:
    """The label a (key, value) pair is learned under: ``key=<canonical JSON of the value>``."""
    return key + LABEL_SEPARATOR + json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def parse_label(label: str) -> tuple[str, Any]:
    key, _, value = label.partition(LABEL_SEPARATOR)
    return key, json.loads(value)


@cache
def _evidence() -> dict[str, tuple[str, ...]]:
    """Words by label that a clause must hold for the model to give it that label."""
    raw = read_yaml(DATA_DIR / "lang" / "evidence.yaml") or {}
    def value_of(written: Any) -> Any:  # a dict value is written as its JSON, a YAML key cannot be a dict
        return json.loads(written) if isinstance(written, str) and written.startswith("{") else written

    return {label_of(key, value_of(value)): tuple(str(word).lower() for word in words)
            for key, values in raw.items() for value, words in values.items()}


def has_evidence(label: str, clause_text: str) -> bool:
    words = _evidence().get(label)
    if words is None:
        return True
    lowered = fold(clause_text).lower()
    return any(word in lowered for word in words)


@cache
def evidence_words() -> frozenset[str]:
    """Every label's evidence words, as a clause scan reports them."""
    return frozenset(" ".join(word.split()) for words in _evidence().values() for word in words)
