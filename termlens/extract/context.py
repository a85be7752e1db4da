"""What every recogniser needs to know about the document a clause sits in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from termlens.extract.qualifiers import Mention, SeverityScale, nearest, plan_mentions
from termlens.model import Clause, Explanation, Fact, Segmentation
from termlens.textnorm import fold

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass
class DocumentContext:
    segmentation: Segmentation
    folded: str
    scale: SeverityScale
    lead_in: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, segmentation: Segmentation) -> DocumentContext:
        folded = fold(segmentation.document.text)
        context = cls(segmentation, folded, SeverityScale.of(folded))
        context.lead_in = _lead_ins(segmentation)
        return context

    @property
    def text(self) -> str:
        return self.segmentation.document.text

    def languages(self, clause: Clause) -> set[str]:
        """Rule languages worth running on a clause: by the scripts it contains."""
        found = set()
        if _CJK.search(clause.text):
            found.add("zh")
        if _LATIN_WORD.search(clause.text):
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
        found = plan_mentions(fold(text), text)
        return found[0].value if found else None

    def qualify(self, clause: Clause, position: int, wanted: list[str]) -> dict[str, str]:
        """Severity and plan named nearest to ``position`` in the clause."""
        qualifier: dict[str, str] = {}
        if "severity" in wanted:
            severity = nearest(self.severities(clause.start, clause.end), position)
            if severity:
                qualifier["severity"] = severity.value
                qualifier["label"] = severity.label
        if "plan" in wanted:
            plan = nearest(self.plans(clause.start, clause.end), position)
            if plan:
                qualifier["plan"] = plan.value
        return qualifier


def _lead_ins(segmentation: Segmentation) -> dict[str, str]:
    """For each table row, the last non-table clause before its table, in the same section."""
    lead_in: dict[str, str] = {}
    previous = ""
    for clause in segmentation.clauses:
        if clause.kind == "table_row":
            lead_in[clause.id] = previous
        else:
            previous = clause.text
    return lead_in


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
