"""The learned figure reader: every period a clause names is a candidate; its words decide what it measures.

"no later than sixty (60) calendar days following the expiry of the month",
"须至少提前30天告知", "within 30 days of becoming eligible": the figure is easy
to find, which commitment it is is not. Each day, week, month or year count in
a clause (the ``{DURATION}`` fragment of the unit lexicon) is a candidate; the
model reads the words just before and after it, the sentence leading into its
clause and the section title, and names the key it fills — or none, below every
key's threshold. Figures whose key takes a severity or a plan (response and fix
times) stay with the rules and tables.

The model is a :class:`~termlens.classify.learned.ClauseClassifier` trained by
``bench/train_figures.py``: positives are the development gold's figures (the
candidate in the quoted clause with the gold value) and the candidates inside
the rules' own ``match`` examples; thresholds come from cross-validation by
document. A figure fact quotes the candidate itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from termlens.extract.context import DocumentContext, make_fact
from termlens.extract.learned import SETTING_MARK, FactModel
from termlens.extract.normalize import MINUTES_PER_DAY, parse_duration, pattern, period_words
from termlens.extract.rules import RuleSet
from termlens.model import Clause, Explanation, Fact
from termlens.resources import DATA_DIR
from termlens.scan import ClauseWords

FIGURE_MODEL_DIR = DATA_DIR / "model" / "figures"
WINDOW_BEFORE = 48
WINDOW_AFTER = 32
_NUMBER_SPAN = 40  # "one hundred and twenty (120) calendar" before a unit word
_UNIT_TAIL = 4  # a longer form of the unit found ("business day" → "business days")
FIGURE_MARK = " ⟪figure⟫ "
_MINUTES_PER_MONTH = 30 * MINUTES_PER_DAY


def _days(duration: dict[str, Any]) -> dict[str, int] | None:
    return {"days": round(duration["minutes"] / MINUTES_PER_DAY)}


def _months(duration: dict[str, Any]) -> dict[str, int] | None:
    minutes = duration["minutes"]
    return {"months": minutes // 525600 * 12 if minutes % 525600 == 0 else round(minutes / _MINUTES_PER_MONTH)}


def _notice_days(duration: dict[str, Any]) -> dict[str, int] | None:
    return {"notice_days": round(duration["minutes"] / MINUTES_PER_DAY)}


def _duration(duration: dict[str, Any]) -> dict[str, Any] | None:
    return duration


# The keys a period can fill, and how facts.md writes each one's value.
FIGURE_VALUES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "availability.claim_window": _days,
    "data.retention_after_termination": _days,
    "term.renewal_notice": _days,
    "term.grace_period": _days,
    "term.termination_notice": _days,
    "updates.eol_notice": _days,
    "term.unilateral_change": _notice_days,
    "term.length": _months,
    "updates.version_support": _months,
    "data.breach_notification": _duration,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A period named in a clause: its document offsets and its duration."""

    start: int
    end: int
    duration: dict[str, Any]


def candidates(clause: Clause, folded: str, words: ClauseWords | None = None) -> Iterator[Candidate]:
    """Every period of at least an hour in ``clause`` (``folded``: the document's folded text).

    With the clause's scan (``words``), only the stretches that end in a unit of time are searched: the
    period pattern is costly, and most of a contract names none.
    """
    seen: set[tuple[int, int]] = set()
    for start, end in _stretches(clause, words):
        for match in pattern("DURATION").finditer(folded, start, end):
            duration = parse_duration(match.group())
            if match.span() not in seen and duration is not None and duration["minutes"] >= 60:
                seen.add(match.span())
                yield Candidate(match.start(), match.end(), duration)


def _stretches(clause: Clause, words: ClauseWords | None) -> list[tuple[int, int]]:
    """Document spans that may hold a period: the whole clause, or the text before each unit word the scan
    found. A scan's offsets are the clause's when its matching text is as long as the clause."""
    if words is None or len(words.text) != clause.end - clause.start:
        return [(clause.start, clause.end)]
    units = _unit_words()
    if words.present.isdisjoint(units):
        return []
    stretches: list[tuple[int, int]] = []
    for last, found in words.hits:
        unit = next((word for word in found if word in units), None)  # one spelling, one or more words
        if unit is None:
            continue
        start = max(clause.start, clause.start + last + 1 - len(unit) - _NUMBER_SPAN)
        end = min(clause.start + last + 1 + _UNIT_TAIL, clause.end)
        if stretches and start <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], end)  # overlapping stretches are searched once
        else:
            stretches.append((start, end))
    return stretches


@cache
def _unit_words() -> frozenset[str]:
    """Unit words that show a period: "h" and "hr" stand inside too many words to say anything."""
    return frozenset(word for word in period_words() if len(word) >= 3 or not word.isascii())


def window_text(candidate: Candidate, clause: Clause, context: DocumentContext) -> str:
    """What the model reads: the words around the figure, then the clause's lead-in and section title."""
    text = context.text
    before = text[max(clause.start, candidate.start - WINDOW_BEFORE):candidate.start]
    after = text[candidate.end:min(clause.end, candidate.end + WINDOW_AFTER)]
    return SETTING_MARK.join([before + FIGURE_MARK + after, context.lead_in.get(clause.id, ""), clause.section])


def value_of(key: str, duration: dict[str, Any]) -> Any:
    return FIGURE_VALUES[key](duration)


@cache
def shipped_figure_model() -> FactModel | None:
    return FactModel.shipped(FIGURE_MODEL_DIR)


class LearnedFigures:
    """The key each period fills, from the trained model; no model, no facts."""

    name = "figures"
    anchor = False

    def __init__(self, model: FactModel | None = None) -> None:
        self._model = model

    def extract(self, context: DocumentContext, rules: RuleSet) -> list[Fact]:
        model = self._model or shipped_figure_model()
        if model is None:
            return []
        found = [(clause, candidate) for clause in context.segmentation.clauses if not context.has_cells(clause)
                 for candidate in candidates(clause, context.folded, context.words.get((clause.start, clause.end)))]
        if not found:
            return []
        windows = [window_text(candidate, clause, context) for clause, candidate in found]
        facts: list[Fact] = []
        for (clause, candidate), row in zip(found, model.classifier.predict_proba(windows).tolist(), strict=True):
            scored = [(probability - threshold, probability, label) for probability, threshold, label
                      in zip(row, model.thresholds, model.classifier.labels_, strict=True) if probability >= threshold]
            if not scored:
                continue
            _, probability, key = max(scored)  # a figure measures one thing: the clearest key above its threshold
            explanation = Explanation(recognizer=self.name, rule=f"figures/{key}", score=round(probability, 3),
                                      notes=(f"probability {probability:.2f}",))
            fact = make_fact(context, clause, key, value_of(key, candidate.duration), candidate.start, candidate.end,
                             probability, {}, explanation)
            facts.extend([fact] if fact is not None else [])
        return facts
