"""What every recogniser needs to know about the document a clause sits in."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from termlens.extract.qualifiers import (
    Mention,
    SeverityScale,
    header_plan,
    joined_in_list,
    names_severity_levels,
    nearest,
    part_separators,
    plan_mentions,
)
from termlens.extract.rules import RuleSet
from termlens.model import Block, Clause, Explanation, Fact, Segmentation
from termlens.scan import ClauseWords, scan_clauses
from termlens.textnorm import fold, fold_document

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass
class DocumentContext:
    segmentation: Segmentation
    folded: str
    lead_in: dict[str, str] = field(default_factory=dict)
    clause_texts: dict[str, str] = field(default_factory=dict)
    previous: dict[str, str] = field(default_factory=dict)
    words: dict[tuple[int, int], ClauseWords] = field(default_factory=dict)  # by clause span
    # the clause model's probability of each dimension, by clause id, when the caller has run it
    dimension_scores: dict[str, Mapping[str, float]] = field(default_factory=dict)
    _settings: dict[tuple[str, int, int], tuple[tuple[str, str], ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, segmentation: Segmentation, words: Sequence[ClauseWords] = (),
           dimension_scores: Sequence[Mapping[str, float]] = ()) -> DocumentContext:
        """The context of ``segmentation``; ``words``: each clause's scanned words (:mod:`termlens.scan`),
        or none, to scan each clause when a recogniser first asks; ``dimension_scores``: the clause model's
        probabilities for each clause, when the caller has them."""
        folded = fold_document(segmentation.document.text)
        context = cls(segmentation, folded)
        context.dimension_scores = {clause.id: scores for clause, scores in
                                    zip(segmentation.clauses, dimension_scores, strict=bool(dimension_scores))}
        context.words = {(clause.start, clause.end): found
                         for clause, found in zip(segmentation.clauses, words, strict=bool(words))}
        context.lead_in = _lead_ins(segmentation)
        context.clause_texts = {clause.id: clause.text for clause in segmentation.clauses}
        context.previous = {
            clause.id: before.text
            for before, clause in zip(segmentation.clauses, segmentation.clauses[1:])
            if before.block == clause.block
        }
        return context

    def table_rows(self, block: Block) -> list[Block]:
        """The data rows (not the header) of the table ``block`` belongs to, in order."""
        return [b for b in self.segmentation.document.blocks
                if b.kind == "table_row" and b.table == block.table and not b.is_header]

    def has_cells(self, clause: Clause) -> bool:
        """A table row of two or more cells: read by the table reader, not as prose."""
        return clause.kind == "table_row" and clause.block is not None and \
            len(self.segmentation.document.blocks[clause.block].cells) >= 2

    def is_severity_heading(self, folded_text: str) -> bool:
        """A column heading that names severity levels ("Severity", "优先级", "故障级别")."""
        return names_severity_levels(folded_text)

    def clause_text(self, clause_id: str) -> str:
        return self.clause_texts.get(clause_id, "")

    def needles(self, clause: Clause, rules: RuleSet) -> frozenset[str]:
        """The rule needles in ``clause``: scanned with the document, or now for a table cell."""
        found = self.words.get((clause.start, clause.end))
        if found is None:
            (found,) = scan_clauses([clause], [rules.needles])
        return found.present

    def setting(self, clause: Clause) -> tuple[tuple[str, str], ...]:
        """Where a rule's required or forbidden words may stand, folded and in lower case: the clause (its
        whole table row for a cell), the sentence that introduces it, its section title, the sentence before."""
        place = (clause.id, clause.start, clause.end)  # a table cell shares its row's id
        found = self._settings.get(place)
        if found is None:
            texts = (self.folded[clause.start:clause.end], fold(self.clause_text(clause.id)),
                     fold(self.lead_in.get(clause.id, "")), fold(clause.section), fold(self.previous.get(clause.id, "")))
            found = tuple((text, text.lower()) for text in dict.fromkeys(texts) if text)
            self._settings[place] = found
        return found

    @cached_property
    def scale(self) -> SeverityScale:
        """The document's severity levels, read only when a figure needs its severity."""
        return SeverityScale.of(self.folded)

    @property
    def text(self) -> str:
        return self.segmentation.document.text

    def languages(self, text: str) -> set[str]:
        """Rule languages worth running on a text: by the scripts it contains."""
        if text.isascii():
            return {"en"} if _LATIN_WORD.search(text) else set()
        found = set()
        if _CJK.search(text):
            found.add("zh")
        if _LATIN_WORD.search(text):
            found.add("en")
        return found

    def severities(self, start: int, end: int) -> list[Mention]:
        return [
            Mention(m.start + start, m.end + start, self.text[m.start + start:m.end + start], m.value)
            for m in self.scale.mentions(self.folded[start:end])
        ]

    def plans(self, start: int, end: int) -> list[Mention]:
        return [
            Mention(m.start + start, m.end + start, m.label, m.value)
            for m in plan_mentions(self.folded[start:end], self.text[start:end])
        ]

    def plans_in(self, text: str) -> str | None:
        """The plan named in a short text such as a column header ("企业版响应时间" → "企业版")."""
        return header_plan(fold(text), text)

    def qualify(self, clause: Clause, position: int, wanted: list[str]) -> list[dict[str, str]]:
        """Severity and plan named nearest to ``position`` in the clause.

        Levels or plans listed together ("严重及高危漏洞", "专业版、企业版：7×24 小时",
        "Premium Plan and Enterprise Plan") each get their own qualifier, so
        each gets its own fact.
        """
        severities: list[dict[str, str]] = [{}]
        if "severity" in wanted:
            mentions = self.severities(clause.start, clause.end)
            start, end = self.part_around(clause, position)
            # "1 小时内响应 P1 工单、4 小时内响应 P2 工单": a level in the figure's own part of the
            # sentence is its level, even after it.
            in_part = [m for m in mentions if start <= m.start and m.end <= end]
            chosen = nearest(in_part or mentions, position)
            if chosen:
                severities = [{"severity": m.value, "label": m.label}
                              for m in _listed_with(mentions, chosen, self.text)]
        plans: list[dict[str, str]] = [{}]
        if "plan" in wanted:
            mentions = self.plans(clause.start, clause.end)
            chosen = nearest(mentions, position)
            if chosen:
                plans = [{"plan": m.value} for m in _listed_with(mentions, chosen, self.text)]
            elif (label := self._plan_label(clause)) is not None:
                plans = [{"plan": label.value}]
            else:
                # A section per plan ("（一）基本方案", "Enterprise plan") qualifies what it says.
                in_title = plan_mentions(fold(clause.section), clause.section)
                if in_title:
                    plans = [{"plan": in_title[0].value}]
        return [{**severity, **plan} for severity in severities for plan in plans]

    def parts(self, clause: Clause) -> list[tuple[int, int]]:
        """The parts of ``clause`` between its separators (",", ";", "、", "and" …), as document offsets."""
        bounds = [clause.start]
        for match in part_separators(self.folded, clause.start, clause.end):
            bounds += [match.start(), match.end()]
        bounds.append(clause.end)
        return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]

    def part_around(self, clause: Clause, position: int) -> tuple[int, int]:
        """The part of ``clause`` that holds ``position``."""
        return next(((start, end) for start, end in self.parts(clause) if start <= position < end),
                    (clause.start, clause.end))

    def _plan_label(self, clause: Clause) -> Mention | None:
        """The plan that labels the head of the clause's paragraph or list item ("Premier: … . Coverage is
        24/7.", "基本方案：……。"), for the later sentences of that block."""
        if clause.block is None:
            return None
        block = self.segmentation.document.blocks[clause.block]
        if block.start >= clause.start:
            return None
        mentions = self.plans(block.start, clause.start)
        first = mentions[0] if mentions else None
        if first is None or first.start - block.start > _LABEL_LEAD:
            return None
        return first if _LABEL_COLON.match(self.folded, first.end) else None


_LISTED = ("list_item", "table_row")
_LABEL_LEAD = 4  # characters a label may stand after the block's start: a bullet, "**"
_LABEL_COLON = re.compile(r"[*\s]*[:：]")


def _listed_with(mentions: list[Mention], chosen: Mention, text: str) -> list[Mention]:
    """``chosen`` and the mentions joined to it by nothing but list separators."""
    index = mentions.index(chosen)
    first = last = index
    while first > 0 and joined_in_list(text[mentions[first - 1].end:mentions[first].start]):
        first -= 1
    while last + 1 < len(mentions) and joined_in_list(text[mentions[last].end:mentions[last + 1].start]):
        last += 1
    return mentions[first:last + 1]


def _lead_ins(segmentation: Segmentation) -> dict[str, str]:
    """The sentence that introduces each clause, when one does.

    A list item or table row is introduced by the last clause before its list
    or table ("以下情况不在服务范围内：", "Support does not cover:"); a sentence
    by the last one of its paragraph that opened a list with a colon
    ("以下情况不在服务范围内：第三方……；客户自身……。"); numbered paragraphs
    ("4.1 any malfunction …", "（2）…") by the colon sentence before their run,
    in the same section, together with the other sentences of their paragraphs.
    """
    lead_in: dict[str, str] = {}
    introducer = ""
    opener: tuple[int | None, str] = (None, "")
    run: _NumberedRun | None = None
    for clause in segmentation.clauses:
        if clause.kind in _LISTED:
            lead_in[clause.id] = introducer
            continue
        if opener[0] == clause.block and opener[1]:
            lead_in[clause.id] = opener[1]
        elif run is not None and run.governs(clause):
            lead_in[clause.id] = run.lead_in
        else:
            run = None
        if clause.text.rstrip().endswith((":", "：")):
            run = _NumberedRun(clause.text, clause.section)
        if ":" in clause.text or "：" in clause.text:
            opener = (clause.block, clause.text)
        elif opener[0] != clause.block:
            opener = (clause.block, "")
        introducer = clause.text
    return lead_in


_ENUMERATED = re.compile(
    r"\s*(?:\d{1,3}(?:\.\d{1,3})*[.、)）]?\s|[(（](?:\d{1,3}|[a-zA-Z]|[ivx]{1,4}|[一二三四五六七八九十]{1,3})[)）]"
    r"|[a-z][.)]\s|[一二三四五六七八九十]{1,3}、)"
)


@dataclass
class _NumberedRun:
    """Numbered paragraphs after a sentence ending in a colon: cases of one list, each its own block."""

    lead_in: str
    section: str
    blocks: set[int | None] = field(default_factory=set)

    def governs(self, clause: Clause) -> bool:
        if clause.section != self.section:
            return False
        if _ENUMERATED.match(clause.text):
            self.blocks.add(clause.block)
            return True
        return clause.block in self.blocks


def make_fact(
    context: DocumentContext,
    clause: Clause,
    key: str,
    value: object,
    start: int,
    end: int,
    confidence: float,
    qualifier: dict[str, str],
    explanation: Explanation,
) -> Fact | None:
    """A fact quoting ``text[start:end]``, trimmed of surrounding whitespace and separators."""
    text = context.text
    while start < end and (text[start].isspace() or text[start] in "|，,;；:："):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "|，,;；:："):
        end -= 1
    if start >= end:
        return None
    return Fact(
        key=key,
        value=value,
        start=start,
        end=end,
        text=text[start:end],
        clause=clause.id,
        confidence=round(min(max(confidence, 0.0), 1.0), 3),
        qualifier=qualifier,
        explanation=explanation,
    )
