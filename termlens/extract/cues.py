"""Negation, bounds and uncommitted wording: whether a matched figure is a commitment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from termlens.resources import DATA_DIR, load_yaml


class _Cues(BaseModel):
    negation: dict[str, list[str]]
    retraction: dict[str, list[str]]
    bounds: dict[str, list[str]]
    uncommitted: dict[str, list[str]]
    illustrative: dict[str, list[str]]
    part_breaks: str


def _words(words: list[str]) -> re.Pattern[str]:
    def one(word: str) -> str:
        escaped = re.escape(word).replace(r"\ ", r"\s+")
        return rf"(?<![a-z]){escaped}(?![a-z])" if word.isascii() else escaped

    return re.compile("|".join(one(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)


@dataclass(frozen=True)
class Cues:
    negation: re.Pattern[str]
    retraction: re.Pattern[str]
    bounds: re.Pattern[str]
    uncommitted: re.Pattern[str]
    illustrative: re.Pattern[str]  # anchored: an example opens its clause
    part_break: re.Pattern[str]

    def part_before(self, text: str, position: int, window: int | None = None) -> str:
        """The sentence part of ``text`` that ends at ``position``; at most its last ``window`` characters."""
        start = 0 if window is None else max(0, position - window)
        breaks = [m.end() for m in self.part_break.finditer(text, start, position)]
        return text[breaks[-1] if breaks else start:position]

    def part_after(self, text: str, position: int) -> str:
        """The rest of the sentence part of ``text`` that starts at ``position``."""
        end = self.part_break.search(text, position)
        return text[position:end.start() if end else len(text)]

    def is_retracted(self, text_after: str) -> bool:
        return bool(self.retraction.search(text_after))

    def is_negated(self, text: str) -> bool:
        return bool(self.negation.search(self.bounds.sub(lambda m: " " * len(m.group()), text)))

    def is_uncommitted(self, text: str) -> bool:
        return bool(self.uncommitted.search(text))

    def is_illustration(self, clause_text: str) -> bool:
        return bool(self.illustrative.match(clause_text))


@cache
def cues() -> Cues:
    data = load_yaml(DATA_DIR / "lang" / "negation.yaml", _Cues)
    merge = lambda table: [w for words in table.values() for w in words]  # noqa: E731
    # A full stop ends a part, a decimal point (99.9) does not.
    others = re.escape(data.part_breaks.replace(".", ""))
    return Cues(
        negation=_words(merge(data.negation)),
        retraction=_words(merge(data.retraction)),
        bounds=_words(merge(data.bounds)),
        uncommitted=_words(merge(data.uncommitted)),
        # after any numbering or opening punctuation: "(2) For example, …", "例如：…"
        illustrative=re.compile(r"[\W\d_]*(?:" + _words(merge(data.illustrative)).pattern + ")", re.IGNORECASE),
        part_break=re.compile(rf"[{others}]|\.(?!\d)"),
    )
