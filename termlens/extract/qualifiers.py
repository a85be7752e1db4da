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

from termlens.extract.prefilter import Requirement, requirement
from termlens.resources import DATA_DIR, load_yaml

SEVERITY_NAMES = ("critical", "high", "normal", "low")
_ZH_RANK = {"一": 1, "二": 2, "三": 3, "四": 4}
# A capitalised plan name counts in prose only when a plan word or a colon follows it
# ("Enterprise plan", "Basic tier", "- **Basic**: …"); "standard support request" is no plan.
_PLAN_WORD = r"(?i:plan|tier|edition|package|subscription)s?"
_PLAN_SUFFIX = r"\s*(?i:support|customers?|accounts?|level|\**\s*[:：])"


class _Numbered(BaseModel):
    family: str
    pattern: str


class _Scale(BaseModel):
    name: str
    levels: list[list[str]]
    context: str | None = None


class _Qualifiers(BaseModel):
    numbered_severity: list[_Numbered]
    worded_scales: list[_Scale]
    severity_cue: str
    plans: list[str]
    not_plans: list[str]
    severity_heading: str
    list_joiner: str
    part_separator: str


@dataclass(frozen=True)
class _WordedScale:
    name: str
    pattern: re.Pattern[str]
    level_of: dict[str, int]
    context: re.Pattern[str] | None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    value: str


@dataclass(frozen=True)
class _Vocabulary:
    numbered: tuple[tuple[str, re.Pattern[str]], ...]
    numbered_needs: tuple[Requirement | None, ...]
    scales: tuple[_WordedScale, ...]
    cue: re.Pattern[str]
    cue_needs: Requirement | None
    severity_heading: re.Pattern[str]
    list_joiner: re.Pattern[str]
    part_separator: re.Pattern[str]
    zh_plans: re.Pattern[str]
    en_plans: re.Pattern[str]
    header_plans: re.Pattern[str]


def _open_plan(not_plans: list[str]) -> str:
    """Any capitalised name of a plan its customers are on ("Growth plan customers", "on the Scale tier"):
    vendors name plans freely, so the closed list cannot hold them all."""
    excluded = "|".join(map(re.escape, not_plans))
    name = rf"(?!(?:{excluded})\b)[A-Z][a-z]+(?:\s(?!(?:{excluded})\b)[A-Z][a-z]+)?"
    return (rf"{name}\s+(?i:plan|tier)(?=\s+(?i:customers?|subscribers?|users?|accounts?|members?)\b)"
            rf"|(?<=on the ){name}\s+(?i:plan|tier)\b|(?<=under the ){name}\s+(?i:plan|tier)\b")


@cache
def _vocabulary() -> _Vocabulary:
    data = load_yaml(DATA_DIR / "lang" / "qualifiers.yaml", _Qualifiers)
    scales = tuple(_compile_scale(scale) for scale in data.worded_scales)
    zh = [p for p in data.plans if not p.isascii()]
    en = sorted((p for p in data.plans if p.isascii()), key=lambda w: (-len(w), w))
    names = "|".join(map(re.escape, en))
    return _Vocabulary(
        numbered=tuple((n.family, re.compile(n.pattern)) for n in data.numbered_severity),
        numbered_needs=tuple(requirement(re.compile(n.pattern)) for n in data.numbered_severity),
        scales=scales,
        cue=re.compile(data.severity_cue, re.IGNORECASE),
        cue_needs=requirement(re.compile(data.severity_cue, re.IGNORECASE)),
        severity_heading=re.compile(data.severity_heading, re.IGNORECASE),
        list_joiner=re.compile(data.list_joiner, re.IGNORECASE),
        part_separator=re.compile(data.part_separator, re.IGNORECASE),
        zh_plans=re.compile("|".join(sorted(map(re.escape, zh), key=len, reverse=True))),
        en_plans=re.compile(rf"(?<![A-Za-z])((?:{names})\s+{_PLAN_WORD}\b|(?:{names})(?={_PLAN_SUFFIX})"
                            rf"|(?<=for )(?:{names})\b|(?<=for the )(?:{names})\b"
                            rf"|{_open_plan(data.not_plans)})"),
        header_plans=re.compile(rf"(?<![A-Za-z])((?:{names})(?:\s+{_PLAN_WORD}\b)?)(?![A-Za-z])"),
    )


def _compile_scale(scale: _Scale) -> _WordedScale:
    level_of = {word.lower(): index for index, words in enumerate(scale.levels) for word in words}
    words = sorted(level_of, key=lambda w: (-len(w), w))
    alternation = "|".join(re.escape(w).replace(r"\ ", r"[\s_]+") for w in words)
    return _WordedScale(
        name=scale.name,
        pattern=re.compile(rf"(?<![a-z])(?:{alternation})(?![a-z])", re.IGNORECASE),
        level_of=level_of,
        context=re.compile(scale.context, re.IGNORECASE) if scale.context else None,
    )


def _level_number(raw: str) -> int:
    """"2", "二" or "B" → 2."""
    if raw.upper() in "ABCD" and raw.isalpha():
        return "ABCD".index(raw.upper()) + 1
    return _ZH_RANK.get(raw, None) or int(raw)


class SeverityScale:
    """The levels one document uses: the lowest number per numbered family, the worded levels per scale.

    Each is read from the document only when a mention needs it: most documents name no level at all,
    and reading every family's levels costs a pass over the whole text each.
    """

    def __init__(self, folded_text: str) -> None:
        self._text = folded_text
        self._top: dict[str, int | None] = {}
        self._used: dict[str, tuple[int, ...]] | None = None

    @classmethod
    def of(cls, folded_text: str) -> SeverityScale:
        return cls(folded_text)

    def top(self, family: str) -> int:
        """The lowest level number the document gives ``family`` (0 when it gives none)."""
        if family not in self._top:
            vocab = _vocabulary()
            pattern, needs = next((pattern, needs) for (name, pattern), needs
                                  in zip(vocab.numbered, vocab.numbered_needs, strict=True) if name == family)
            numbers = ([] if needs and not needs.found_in(self._text.lower())
                       else [_level_number(m.group(1)) for m in pattern.finditer(self._text)])
            self._top[family] = min(numbers) if numbers else None
        return self._top[family] or 0

    def used(self, scale_name: str) -> tuple[int, ...]:
        """The worded levels of a scale that the document uses beside a severity word, in order."""
        if self._used is None:
            vocab = _vocabulary()
            found: dict[str, set[int]] = {scale.name: set() for scale in vocab.scales}
            for line in _lines_naming_levels(self._text):
                scale = _scale_for(line)
                for m in scale.pattern.finditer(line):
                    if vocab.cue.search(line, m.end(), m.end() + 12) or \
                            vocab.cue.search(line, max(m.start() - 12, 0), m.start()):
                        found[scale.name].add(scale.level_of[_word(m.group(0))])
            self._used = {name: tuple(sorted(levels)) for name, levels in found.items()}
        return self._used.get(scale_name, ())

    def mentions(self, folded_text: str) -> list[Mention]:
        """Every severity label in ``folded_text``, with its normalised rank name."""
        vocab = _vocabulary()
        found: list[Mention] = []
        for family, pattern in vocab.numbered:
            for m in pattern.finditer(folded_text):
                rank = _level_number(m.group(1)) - self.top(family)
                found.append(Mention(m.start(), m.end(), m.group(0).strip(), _rank_name(rank)))
        scale = _scale_for(folded_text)
        numbered = list(found)
        for m in scale.pattern.finditer(folded_text):
            # "P2 (major impact)": the word describes the numbered level, it is not another level.
            if any(other.start <= m.start() < other.end + 25 for other in numbered):
                continue
            level = scale.level_of[_word(m.group(0))]
            used = self.used(scale.name)
            rank = used.index(level) if level in used else level
            found.append(Mention(m.start(), m.end(), m.group(0), _rank_name(rank)))
        return sorted(found, key=lambda mention: (mention.start, -mention.end))


def _lines_naming_levels(text: str) -> list[str]:
    """The lines of ``text`` where a worded level stands near a severity word, and a few more.

    A level only counts beside a severity word of its own line, so lines without one are skipped
    before any level is looked for (a literal test, much cheaper than the patterns).
    """
    vocab = _vocabulary()
    lines = text.split("\n")
    if vocab.cue_needs is not None:
        lines = [line for line in lines if vocab.cue_needs.found_in(line.lower())]
    return [line for line in lines if any(scale.pattern.search(line) for scale in vocab.scales)]


def _scale_for(text: str) -> _WordedScale:
    """The worded scale a text uses: the first whose context it matches, else the general one."""
    scales = _vocabulary().scales
    return next((s for s in scales if s.context and s.context.search(text)), scales[-1])


def _word(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.lower())


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


def header_plan(folded_header: str, original_header: str) -> str | None:
    """The plan a column header names, with no plan word needed ("Basic response" → "Basic")."""
    vocab = _vocabulary()
    match = vocab.zh_plans.search(folded_header) or vocab.header_plans.search(folded_header)
    return original_header[match.start():match.end()] if match else None


def names_severity_levels(folded_heading: str) -> bool:
    """A column heading that names severity levels ("Severity", "优先级", "故障级别")."""
    return bool(_vocabulary().severity_heading.search(folded_heading))


def joined_in_list(between: str) -> bool:
    """Whether ``between`` only separates two items of a list ("、", " and ")."""
    return bool(_vocabulary().list_joiner.fullmatch(between))


def part_separators(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The separators between the parts of a sentence in ``text[start:end]``."""
    return list(_vocabulary().part_separator.finditer(text, start, end))


def nearest(mentions: list[Mention], position: int) -> Mention | None:
    """The mention closest before ``position``; failing that, the first after it."""
    before = [m for m in mentions if m.end <= position]
    if before:
        return before[-1]
    after = [m for m in mentions if m.start >= position]
    return after[0] if after else None
