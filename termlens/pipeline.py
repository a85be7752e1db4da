"""The one place where the stages meet: ingest → segment → extract → classify → assess."""

from __future__ import annotations

import gc
from collections import defaultdict
from functools import cache
from pathlib import Path

from termlens.assess import assess, assess_words
from termlens.classify import classify_clauses, cue_words, model_scores
from termlens.extract import extract
from termlens.extract.rules import load_rules
from termlens.ingest import load
from termlens.model import Document, Profile, Review
from termlens.scan import scan_clauses
from termlens.segment import segment


@cache
def _freeze_long_lived() -> None:
    """Once a first review has loaded every cache (rules, vocabularies, model, lexicons), freeze what
    exists out of the garbage collector's sight: it all lives as long as the process, and the collector's
    full passes would otherwise walk it, and every module imported, again and again (a few per cent of a
    review's time over many documents). Called once per process."""
    gc.collect()
    gc.freeze()


def review_document(document: Document, profile: Profile | None = None, *, use_model: bool | None = None) -> Review:
    """Review ``document``; ``use_model=False`` (or ``TERMLENS_MODEL=off``) labels clauses by rules alone."""
    rules = load_rules()
    segmentation = segment(document)
    # One scan of each clause serves every stage that looks words up.
    words = scan_clauses(segmentation.clauses, [rules.needles, cue_words(rules), assess_words()])
    # The clause model runs once: it tells the learned extractor which clauses are worth reading (whatever
    # TERMLENS_MODEL says, so that the switch changes labels only, never facts), and labels the clauses.
    scores = model_scores([clause.text for clause in segmentation.clauses])
    facts = extract(segmentation, rules, words, dimension_scores=scores)
    by_clause = defaultdict(list)
    for fact in facts:
        by_clause[fact.clause].append(fact)
    labels = classify_clauses(segmentation.clauses, by_clause, rules, use_model=use_model, words=words,
                              scores=scores)
    found = Review(segmentation=segmentation, labels=labels, facts=tuple(facts), profile=profile or Profile())
    reviewed = assess(found, words)
    _freeze_long_lived()
    return reviewed


def review(path: str | Path, profile: Profile | None = None, *, max_bytes: int | None = None) -> Review:
    """Read the terms at ``path`` and review them for ``profile``."""
    document = load(path) if max_bytes is None else load(path, max_bytes=max_bytes)
    return review_document(document, profile)
