"""The review object of facts.md as canonical JSON: stable order, byte-identical across runs."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from termlens import __version__
from termlens.model import Comparison, Fact, Review, Segmentation


def fact_record(fact: Fact, explain: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "key": fact.key,
        "qualifier": dict(sorted(fact.qualifier.items())),
        "value": fact.value,
        "text": fact.text,
        "clause": fact.clause,
        "start": fact.start,
        "end": fact.end,
        "confidence": fact.confidence,
    }
    if explain and fact.explanation is not None:
        record["explanation"] = asdict(fact.explanation)
    return record


def review_record(review: Review, explain: bool = False) -> dict[str, Any]:
    document = review.document
    profile = review.profile
    clauses = [
        {
            "id": clause.id,
            "text": clause.text,
            "start": clause.start,
            "end": clause.end,
            "page": clause.page,
            "section": clause.section,
            "dimensions": list(labels.dimensions),
            "confidence": labels.confidence,
        }
        for clause, labels in zip(review.segmentation.clauses, review.labels, strict=True)
    ]
    return {
        "termlens_version": __version__,
        "document": {
            "path": document.path,
            "sha256": document.sha256,
            "format": document.format,
            "language": document.language,
            "pages": len(document.pages) or None,
            "chars": len(document.text),
            "title": document.title,
        },
        "profile": {"name": profile.name, "industry": profile.industry, "overseas": profile.overseas,
                    "language": profile.language},
        "clauses": clauses,
        "facts": [fact_record(fact, explain) for fact in review.facts],
        "findings": [
            {"code": f.code, "dimension": f.dimension, "severity": f.severity, "message": f.message,
             "evidence": list(f.evidence), "question": f.question, "facts": list(f.facts),
             "spans": [[span.start, span.end] for span in f.spans]}
            for f in review.findings
        ],
        "scores": review.scores,
        "questions": list(review.questions),
        **assessment_record(review),
    }


def assessment_record(review: Review) -> dict[str, Any]:
    """What the assessment adds to facts.md's review object: checklist, key figures, grouped questions."""
    groups: dict[str, list[str]] = {}
    for question in review.question_list:
        groups.setdefault(question.dimension, []).append(question.text)
    return {
        "checklist": [
            {"id": item.id, "dimension": item.dimension, "label": item.label, "state": item.state,
             "evidence": list(item.evidence), "facts": list(item.facts)}
            for item in review.checklist
        ],
        "figures": [
            {"id": figure.id, "label": figure.label, "text": figure.text, "number": figure.number,
             "business_time": figure.business_time, "evidence": list(figure.evidence), "facts": list(figure.facts)}
            for figure in review.figures
        ],
        "question_groups": groups,
    }


def dumps(record: Any, *, indent: int | None = 2) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent, sort_keys=False)


def segmentation_record(segmentation: Segmentation) -> dict[str, Any]:
    """What ``termlens parse --format json`` prints: the document and its blocks, sections and clauses."""
    document = segmentation.document
    return {
        "termlens_version": __version__,
        "document": {"path": document.path, "sha256": document.sha256, "format": document.format,
                     "language": document.language, "title": document.title, "chars": len(document.text),
                     "pages": [[page.start, page.end] for page in document.pages]},
        "blocks": [
            {"kind": block.kind, "start": block.start, "end": block.end, "page": block.page,
             "level": block.level, "text": document.text[block.start:block.end],
             **({"cells": [[cell.start, cell.end] for cell in block.cells], "header": list(block.header),
                 "is_header": block.is_header} if block.kind == "table_row" else {})}
            for block in document.blocks
        ],
        "sections": [
            {"id": s.id, "number": s.number, "title": s.title, "level": s.level, "start": s.start, "end": s.end,
             "parent": s.parent}
            for s in segmentation.sections
        ],
        "clauses": [
            {"id": c.id, "kind": c.kind, "start": c.start, "end": c.end, "page": c.page, "section": c.section,
             "section_path": list(c.section_path), "text": c.text}
            for c in segmentation.clauses
        ],
    }


def comparison_record(comparison: Comparison) -> dict[str, Any]:
    """What ``termlens compare --format json`` prints: the documents, the matrix and the ranking."""
    reviews = comparison.reviews
    profile = reviews[0].profile
    return {
        "termlens_version": __version__,
        "profile": {"name": profile.name, "industry": profile.industry, "overseas": profile.overseas,
                    "language": profile.language},
        "documents": [{"path": r.document.path, "title": r.document.title, "sha256": r.document.sha256,
                       "overall": r.scores["overall"]} for r in reviews],
        "rows": [{"id": row.id, "kind": row.kind, "dimension": row.dimension, "label": row.label,
                  "cells": list(row.cells)} for row in comparison.rows],
        "ranking": [{"rank": ranked.rank, "document": reviews[ranked.document].document.path, "score": ranked.score,
                     "reasons": list(ranked.reasons)} for ranked in comparison.ranking],
    }


def questions_record(review: Review) -> dict[str, Any]:
    """What ``termlens questions --format json`` prints: the questions grouped by dimension, with their source."""
    document, profile = review.document, review.profile
    groups: dict[str, list[dict[str, str]]] = {}
    for question in review.question_list:
        groups.setdefault(question.dimension, []).append({"text": question.text, "source": question.source})
    return {
        "termlens_version": __version__,
        "document": {"path": document.path, "sha256": document.sha256, "title": document.title},
        "profile": {"name": profile.name, "industry": profile.industry, "overseas": profile.overseas,
                    "language": profile.language},
        "questions": groups,
    }
