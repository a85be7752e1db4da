"""A stored review back as a ``Review``, so the library's renderers and ``compare`` work on history.

The report package writes review JSON but has no reader; this is the reader
for what :mod:`termlens.web.store` keeps: the record of ``review_record``
(with explanations), the questions with their sources, and the document text.
Blocks, sections and page spans are not stored: nothing rendered from history
needs them.
"""

from __future__ import annotations

from typing import Any

from termlens.classify import Labels
from termlens.model import (
    ChecklistItem,
    Clause,
    Document,
    Explanation,
    Fact,
    Finding,
    KeyFigure,
    Profile,
    Question,
    Review,
    Segmentation,
    Span,
)
from termlens.web.store import StoredReview


def review_from_stored(stored: StoredReview) -> Review:
    record = stored.record
    meta = record["document"]
    document = Document(text=stored.text, path=stored.entry.filename, format=meta["format"], sha256=meta["sha256"],
                        language=meta["language"], title=meta["title"])
    clauses = tuple(
        Clause(id=c["id"], start=c["start"], end=c["end"], text=c["text"], kind="paragraph", page=c["page"],
               section=c["section"])
        for c in record["clauses"]
    )
    labels = tuple(Labels(dimensions=tuple(c["dimensions"]), confidence=c["confidence"]) for c in record["clauses"])
    return Review(
        segmentation=Segmentation(document=document, sections=(), clauses=clauses),
        labels=labels,
        facts=tuple(_fact(fact) for fact in record["facts"]),
        profile=Profile(**record["profile"]),
        findings=tuple(_finding(finding) for finding in record["findings"]),
        scores=record["scores"],
        questions=tuple(record["questions"]),
        checklist=tuple(
            ChecklistItem(id=i["id"], dimension=i["dimension"], label=i["label"], state=i["state"],
                          evidence=tuple(i["evidence"]), facts=tuple(i["facts"]))
            for i in record["checklist"]
        ),
        figures=tuple(
            KeyFigure(id=f["id"], label=f["label"], text=f["text"], number=f["number"],
                      business_time=f["business_time"], evidence=tuple(f["evidence"]), facts=tuple(f["facts"]))
            for f in record["figures"]
        ),
        question_list=tuple(
            Question(dimension=dimension, text=q["text"], source=q["source"])
            for dimension, group in stored.questions["questions"].items()
            for q in group
        ),
    )


def _fact(record: dict[str, Any]) -> Fact:
    explanation = record.get("explanation")
    return Fact(
        key=record["key"],
        value=record["value"],
        start=record["start"],
        end=record["end"],
        text=record["text"],
        clause=record["clause"],
        confidence=record["confidence"],
        qualifier=dict(record["qualifier"]),
        explanation=_explanation(explanation) if explanation else None,
    )


def _explanation(record: dict[str, Any]) -> Explanation:
    return Explanation(recognizer=record["recognizer"], rule=record["rule"], pattern=record.get("pattern", ""),
                       score=record.get("score", 0.0), context=tuple(record.get("context", ())),
                       notes=tuple(record.get("notes", ())))


def _finding(record: dict[str, Any]) -> Finding:
    return Finding(
        code=record["code"],
        dimension=record["dimension"],
        severity=record["severity"],
        message=record["message"],
        question=record["question"],
        evidence=tuple(record["evidence"]),
        facts=tuple(record.get("facts", ())),
        spans=tuple(Span(start, end) for start, end in record.get("spans", ())),
    )
