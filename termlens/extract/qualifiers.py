"""Severity levels and support plans: which one a figure belongs to.

A vendor's levels are mapped by rank (facts.md): the top level of its own
scale is ``critical``. Numbered scales are ranked against the lowest number
the document uses, so the scale is read once per document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from termlens.resources import DATA_DIR, load_yaml

SEVERITY_NAMES = ("critical", "high", "normal", "low")
_ZH_RANK = {"一": 1, "二": 2, "三": 3, "四": 4}
_PLAN_SUFFIX = r"\s*(?:plans?|tiers?|editions?|support|subscriptions?|packages?|customers?|accounts?|level)\b"


class _Numbered(BaseModel):
    family: str
    pattern: str


class _Qualifiers(BaseModel):
    numbered_severity: list[_Numbered]
    worded_severity: dict[int, list[str]]
    plans: list[str]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    value: str


@dataclass(frozen=True)
class _Vocabulary:
    numbered: tuple[tuple[str, re.Pattern[str]], ...]
    worded: re.Pattern[str]
    worded_rank: dict[str, int]
    zh_plans: re.Pattern[str]
    en_plans: re.Pattern[str]


@cache
def _vocabulary() -> _Vocabulary:
    data = load_yaml(DATA_DIR / "lang" / "qualifiers.yaml", _Qualifiers)
    rank = {word.lower(): level for level, words in data.worded_severity.items() for word in words}
    words = sorted(rank, key=lambda w: (-len(w), w))
    worded = re.compile(
        r"(?<![a-z])(?:" + "|".join(re.escape(w).replace(r"\ ", r"[\s_]+") for w in words) + r")(?![a-z])",
        re.IGNORECASE,
    )
    zh = [p for p in data.plans if not p.isascii()]
    en = sorted((p for p in data.plans if p.isascii()), key=lambda w: (-len(w), w))
    return _Vocabulary(
        numbered=tuple((n.family, re.compile(n.pattern, re.IGNORECASE)) for n in data.numbered_severity),
        worded=worded,
        worded_rank=rank,
        zh_plans=re.compile("|".join(sorted(map(re.escape, zh), key=len, reverse=True))),
        en_plans=re.compile(r"(?<![A-Za-z])(" + "|".join(map(re.escape, en)) + r")(?=" + _PLAN_SUFFIX + r")"),
    )


def _level_number(raw: str) -> int:
    return _ZH_RANK.get(raw, None) or int(raw)


@dataclass(frozen=True)
class SeverityScale:
    """The lowest level number each numbered family uses in one document."""

    top: dict[str, int]

    @classmethod
    def of(cls, folded_text: str) -> SeverityScale:
        top: dict[str, int] = {}
        for family, pattern in _vocabulary().numbered:
            numbers = [_level_number(m.group(1)) for m in pattern.finditer(folded_text)]
            if numbers:
                top[family] = min(numbers)
        return cls(top)

    def mentions(self, folded_text: str) -> list[Mention]:
        """Every severity label in ``folded_text``, with its normalised rank name."""
        vocab = _vocabulary()
        found: list[Mention] = []
        for family, pattern in vocab.numbered:
            for m in pattern.finditer(folded_text):
                rank = _level_number(m.group(1)) - self.top.get(family, 0)
                found.append(Mention(m.start(), m.end(), m.group(0).strip(), _rank_name(rank)))
        for m in vocab.worded.finditer(folded_text):
            if any(other.start <= m.start() < other.end for other in found):
                continue
            rank = vocab.worded_rank[re.sub(r"[\s_]+", " ", m.group(0).lower())]
            found.append(Mention(m.start(), m.end(), m.group(0), _rank_name(rank)))
        return sorted(found, key=lambda mention: (mention.start, -mention.end))


def _rank_name(rank: int) -> str:
    return SEVERITY_NAMES[min(max(rank, 0), len(SEVERITY_NAMES) - 1)]


def plan_mentions(folded_text: str, original_text: str) -> list[Mention]:
    """Plans named in prose: Chinese plan words, or a capitalised English name before "plan"/"tier"."""
    vocab = _vocabulary()
    found = [Mention(m.start(), m.end(), original_text[m.start():m.end()], original_text[m.start():m.end()])
             for m in vocab.zh_plans.finditer(folded_text)]
    found += [Mention(m.start(1), m.end(1), original_text[m.start(1):m.end(1)], original_text[m.start(1):m.end(1)])
              for m in vocab.en_plans.finditer(folded_text)]
    return sorted(found, key=lambda mention: mention.start)


def is_plan_name(text: str) -> bool:
    vocab = _vocabulary()
    return bool(vocab.zh_plans.search(text)) or text.strip().lower() in {p.lower() for p in _plans()}


@cache
def _plans() -> tuple[str, ...]:
    return tuple(load_yaml(DATA_DIR / "lang" / "qualifiers.yaml", _Qualifiers).plans)


def nearest(mentions: list[Mention], position: int) -> Mention | None:
    """The mention closest before ``position``; failing that, the first after it."""
    before = [m for m in mentions if m.end <= position]
    if before:
        return before[-1]
    after = [m for m in mentions if m.start >= position]
    return after[0] if after else None
