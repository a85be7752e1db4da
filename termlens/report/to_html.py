"""Self-contained HTML views of a review and a comparison (Jinja2, autoescape always on, no script).

The page carries its own CSS and an inline SVG chart; it loads nothing.
The document text is cut at every fact and hedge boundary into plain string
pieces that the template escapes; each fact becomes ``<mark id="fact-N">``,
so the fact table, the findings and the checklist can link to the exact quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from termlens import __version__
from termlens.assess.wording import dimension_label, severity_label, state_label, value_text, word
from termlens.model import DIMENSIONS, Comparison, Review

TEMPLATES = Path(__file__).parent / "templates"
CHART_ROW_HEIGHT = 28


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of document text with the same highlighting; ``anchors`` are ids that start here."""

    text: str
    mark_id: str | None
    kind: str  # "", "fact", "vague" or "fact vague"
    title: str
    anchors: tuple[str, ...]


@cache
def _environment() -> Environment:
    # autoescape=True, not select_autoescape: the templates end in .j2 and must be escaped regardless.
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def document_pieces(review: Review) -> list[Piece]:
    """The document text cut at every fact, hedge and clause boundary, in order, covering all of it."""
    text = review.document.text
    language = review.profile.language
    facts = review.facts
    hedges = sorted({span for finding in review.findings for span in finding.spans}, key=lambda s: (s.start, s.end))
    clause_starts: dict[int, list[str]] = {}
    for clause in review.segmentation.clauses:
        clause_starts.setdefault(clause.start, []).append(f"clause-{clause.id}")
    fact_starts: dict[int, list[int]] = {}
    for index, fact in enumerate(facts):
        fact_starts.setdefault(fact.start, []).append(index)
    cuts = sorted({0, len(text), *clause_starts, *(f.start for f in facts), *(f.end for f in facts),
                   *(h.start for h in hedges), *(h.end for h in hedges)})
    pieces = []
    for start, end in pairwise(cuts):
        covering = [i for i, fact in enumerate(facts) if fact.start <= start < fact.end]
        hedged = any(h.start <= start < h.end for h in hedges)
        kind = " ".join(name for name, on in (("fact", bool(covering)), ("vague", hedged)) if on)
        starting = [f"fact-{i}" for i in fact_starts.get(start, [])]
        # The first fact starting here names the mark; the others (and clauses) get empty anchors.
        mark_id = starting.pop(0) if kind and starting else None
        title = "; ".join(f"{facts[i].key} = {value_text(facts[i].value, language)}" for i in covering)
        if hedged and not title:
            title = word("vague_wording", language)
        pieces.append(Piece(text[start:end], mark_id, kind, title, (*clause_starts.get(start, []), *starting)))
    return pieces


def _chart(review: Review) -> list[dict[str, Any]]:
    language = review.profile.language
    return [{"dimension": d, "label": dimension_label(d, language), "score": review.scores["dimensions"][d]["score"],
             "weight": f"{review.scores['dimensions'][d]['weight']:.0%}", "y": row * CHART_ROW_HEIGHT}
            for row, d in enumerate(DIMENSIONS)]


def _question_groups(review: Review) -> list[dict[str, Any]]:
    """Questions by dimension, numbered through the whole list, so each group is an ``<ol start=N>``."""
    groups: list[dict[str, Any]] = []
    for number, question in enumerate(review.question_list, start=1):
        if not groups or groups[-1]["dimension"] != question.dimension:
            groups.append({"dimension": question.dimension, "start": number, "texts": []})
        groups[-1]["texts"].append(question.text)
    return groups


def _tone(score: int) -> str:
    return "good" if score >= 70 else "fair" if score >= 40 else "poor"


def render_review_html(review: Review) -> str:
    """One self-contained page: header, score chart, findings, checklist, figures, questions, facts, text."""
    language = review.profile.language
    return _environment().get_template("review.html.j2").render(
        version=__version__,
        lang=language,
        words=lambda name: word(name, language),
        dimension_label=lambda d: dimension_label(d, language),
        severity_label=lambda s: severity_label(s, language),
        state_label=lambda s: state_label(s, language),
        value_text=lambda v: value_text(v, language),
        tone=_tone,
        review=review,
        document=review.document,
        chart=_chart(review),
        chart_height=len(DIMENSIONS) * CHART_ROW_HEIGHT,
        pieces=document_pieces(review),
        question_groups=_question_groups(review),
        name=Path(review.document.path).name,
    )


def render_comparison_html(comparison: Comparison) -> str:
    """The matrix and the ranking as one self-contained page."""
    reviews = comparison.reviews
    language = reviews[0].profile.language
    return _environment().get_template("compare.html.j2").render(
        version=__version__,
        lang=language,
        words=lambda name: word(name, language),
        tone=_tone,
        comparison=comparison,
        profile=reviews[0].profile,
        names=[Path(review.document.path).name for review in reviews],
        state_classes={state_label(state, language): state for state in ("present", "vague", "absent")},
    )
