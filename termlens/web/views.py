"""Page rendering: the Jinja2 environment (autoescape always on) and what each page shows, from finished results.

Nothing here analyses: it arranges a ``Review`` or ``Comparison`` for the
templates. The document text is cut by the report package's
``document_pieces`` and grouped by clause, so a finding can point at its
clause and a fact at its exact words.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from termlens import __version__
from termlens.assess.wording import dimension_label, severity_label, state_label, value_text, word
from termlens.model import DIMENSIONS, Comparison, Review
from termlens.report.to_html import Piece, document_pieces

TEMPLATES = Path(__file__).parent / "templates"
CHART_ROW = 26  # px per dimension in the score chart
CHART_BAR = 300  # px for a score of 100
QUOTE_CHARS = 140  # a clause quoted as evidence is cut here


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive pieces of the document inside one clause (``clause`` is its id) or between clauses (None)."""

    clause: str | None
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """The words behind a finding, and the anchor in the document they link to."""

    text: str
    anchor: str
    kind: str  # "fact", "vague" or "clause"


@cache
def environment() -> Environment:
    # autoescape=True, not select_autoescape: the templates end in .j2 and must be escaped regardless.
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(template).render(version=__version__, **context)
    return HTMLResponse(html, status_code=status_code)


def labels(language: str) -> dict[str, Any]:
    """The label functions every result page uses, in the buyer's language."""
    return {"lang": language, "words": lambda name: word(name, language),
            "dimension_label": lambda d: dimension_label(d, language),
            "severity_label": lambda s: severity_label(s, language),
            "state_label": lambda s: state_label(s, language), "value_text": lambda v: value_text(v, language),
            "tone": tone}


def size_text(size: int) -> str:
    """50 MB, 0.3 MB: a limit as people read it."""
    megabytes = size / 2**20
    return f"{megabytes:.0f} MB" if megabytes >= 10 else f"{megabytes:.1f} MB"


def tone(score: int) -> str:
    return "good" if score >= 70 else "fair" if score >= 40 else "poor"


def review_page(review: Review) -> dict[str, Any]:
    """The review page: chart, findings with their quotes, facts, checklist and the highlighted document."""
    scores = review.scores["dimensions"]
    chart = [{"label": dimension_label(d, review.profile.language), "score": scores[d]["score"],
              "weight": f"{scores[d]['weight']:.0%}", "y": row * CHART_ROW,
              "width": round(scores[d]["score"] * CHART_BAR / 100)}
             for row, d in enumerate(DIMENSIONS)]
    return {
        **labels(review.profile.language),
        "review": review,
        "document": review.document,
        "chart": chart,
        "chart_height": len(DIMENSIONS) * CHART_ROW,
        "chart_bar": CHART_BAR,
        "quotes": [finding_quotes(review, index) for index in range(len(review.findings))],
        "runs": clause_runs(review),
        "present": sum(item.state == "present" for item in review.checklist),
    }


def finding_quotes(review: Review, index: int) -> list[Quote]:
    """A finding's facts, hedged words, and evidence clauses without either, as links into the document."""
    finding = review.findings[index]
    text = review.document.text
    clauses = review.segmentation.clauses
    quotes = [Quote(review.facts[i].text, f"fact-{i}", "fact") for i in finding.facts]
    quoted_clauses = {review.facts[i].clause for i in finding.facts}
    for span in finding.spans:
        clause = next((c for c in clauses if c.start <= span.start < c.end), None)
        if clause is not None:
            quotes.append(Quote(text[span.start:span.end], f"clause-{clause.id}", "vague"))
            quoted_clauses.add(clause.id)
    by_id = {clause.id: clause for clause in clauses}
    for clause_id in finding.evidence:
        if clause_id in by_id and clause_id not in quoted_clauses:
            words = by_id[clause_id].text
            cut = words if len(words) <= QUOTE_CHARS else words[:QUOTE_CHARS].rstrip() + "…"
            quotes.append(Quote(cut, f"clause-{clause_id}", "clause"))
    return quotes


def clause_runs(review: Review) -> list[Run]:
    """``document_pieces`` grouped by clause, so each clause is one element the findings can point at."""
    clauses = sorted(review.segmentation.clauses, key=lambda clause: clause.start)
    starts = [clause.start for clause in clauses]
    ends = sorted({clause.end for clause in clauses})

    def clause_at(offset: int) -> str | None:
        index = bisect_right(starts, offset) - 1
        return clauses[index].id if index >= 0 and offset < clauses[index].end else None

    runs: list[Run] = []
    offset = 0
    for piece in document_pieces(review):
        start, end = offset, offset + len(piece.text)
        offset = end
        # Clause ends are not cuts in document_pieces; cut there so that a clause ends where it ends.
        inner = ends[bisect_right(ends, start):bisect_left(ends, end)]
        for part, (a, b) in enumerate(pairwise([start, *inner, end])):
            first = part == 0
            fragment = replace(piece, text=piece.text[a - start:b - start],
                               mark_id=piece.mark_id if first else None,
                               # the clause element carries the clause's id; only fact anchors stay
                               anchors=tuple(x for x in piece.anchors if not x.startswith("clause-")) if first else ())
            clause = clause_at(a)
            if runs and runs[-1].clause == clause:
                runs[-1] = Run(clause, (*runs[-1].pieces, fragment))
            else:
                runs.append(Run(clause, (fragment,)))
    return runs


def comparison_page(comparison: Comparison, review_ids: list[int]) -> dict[str, Any]:
    reviews = comparison.reviews
    language = reviews[0].profile.language
    names = [review.document.title or Path(review.document.path).name for review in reviews]
    bars = [{"name": names[r.document], "file": reviews[r.document].document.path, "score": r.score,
             "id": review_ids[r.document], "y": place * CHART_ROW,
             "width": round(r.score * CHART_BAR / 100)} for place, r in enumerate(comparison.ranking)]
    return {
        **labels(language),
        "comparison": comparison,
        "profile": reviews[0].profile,
        "names": names,
        "files": [review.document.path for review in reviews],
        "ids": review_ids,
        "bars": bars,
        "chart_height": len(bars) * CHART_ROW,
        "chart_bar": CHART_BAR,
        "state_classes": {state_label(state, language): state for state in ("present", "vague", "absent")},
    }


def question_groups(review: Review) -> list[dict[str, Any]]:
    """Questions by dimension, numbered through the whole list, each with the finding or checklist item behind it."""
    groups: list[dict[str, Any]] = []
    for number, question in enumerate(review.question_list, start=1):
        if not groups or groups[-1]["dimension"] != question.dimension:
            groups.append({"dimension": question.dimension, "start": number, "items": []})
        groups[-1]["items"].append({"number": number, "text": question.text, "source": question.source})
    return groups


def questions_text(review: Review) -> str:
    """The questions as plain numbered lines under their dimension: what the copy button copies."""
    language = review.profile.language
    blocks = ["\n".join([dimension_label(group["dimension"], language),
                         *(f"{item['number']}. {item['text']}" for item in group["items"])])
              for group in question_groups(review)]
    return "\n\n".join(blocks) + "\n"
