"""The shipped review on the UNFAIR-ToS test companies: what a user gets, read as LTD, CH and TER.

Unlike ``unfair_tos.py`` (a model trained for the three categories), this runs
nothing of its own: each test company's sentences (the LexGLUE split by
company, as ``unfair_tos.py``) are written as one plain-text document, one
sentence per paragraph, read by ``termlens.ingest.load`` and reviewed by
``termlens.pipeline.review_document`` with the default profile. Every clause
and fact is mapped back to the sentence that holds it by its offsets (a
sentence may be one clause, several, or none when it reads as a heading), and
a sentence is predicted

    LTD  when one of its clauses is labelled ``liability``;
    CH   when a ``term.unilateral_change`` fact lies in it;
    TER  when a ``term.termination_notice`` fact lies in it, or one of its
         clauses is labelled ``term`` and mentions termination.

"Mentions termination" is the ``term`` lexicon's own termination cue
(``terminat``, zh ``终止``, in ``termlens/data/rules/*/term.yaml``) matched as
the rule vote matches cues: case-insensitively in the folded text, an ASCII
cue not after a letter (terminate, terminated, termination; not
determination). Suspending, removing, revoking, stopping, ending or
discontinuing a service are not termination words for termlens, so they do not
count; the definition was not tuned on these sentences.

    python bench/external/unfair_review.py [--data DIR] [--limit N]     # figures as JSON
    python bench/external/report.py --only unfair-review                 # splice into docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402

from bench.external.common import data_dir, score  # noqa: E402
from bench.external.unfair_tos import CATEGORIES, PUBLISHED, Sentence, companies, lexglue_split, load_company  # noqa: E402

HEADING = "### The shipped review on the same test companies"
SUMMARY_TASK = "shipped review"
# The `term` lexicon's termination cues (en, zh), matched like a rule-vote cue: an ASCII cue not after a letter.
TERMINATION = re.compile(r"(?<![a-z])terminat|终止", re.IGNORECASE)


@dataclass(frozen=True)
class Prediction:
    """What the review says about one sentence."""

    clauses: int = 0
    liability: bool = False  # a clause labelled `liability`
    term: bool = False  # a clause labelled `term`
    term_termination: bool = False  # a clause labelled `term` that mentions termination
    unilateral_change: bool = False  # a `term.unilateral_change` fact
    termination_notice: bool = False  # a `term.termination_notice` fact

    @property
    def categories(self) -> dict[str, bool]:
        return {"LTD": self.liability, "CH": self.unilateral_change,
                "TER": self.termination_notice or self.term_termination}


# --- pure pieces ----------------------------------------------------------------------------

def mentions_termination(text: str) -> bool:
    """Whether ``text`` holds the `term` lexicon's termination cue, as the rule vote would find it."""
    from termlens.textnorm import fold

    return TERMINATION.search(fold(text)) is not None


def sentence_spans(document_text: str, sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Where each sentence is in ``document_text``, in order, its whitespace collapsed as the readers do.

    Raises ValueError for a sentence the text does not hold after the previous one; an empty
    sentence is an empty span at the current position.
    """
    spans, cursor = [], 0
    for number, sentence in enumerate(sentences):
        needle = " ".join(sentence.split())
        start = document_text.find(needle, cursor)
        if start < 0:
            raise ValueError(f"sentence {number} not found in the document after offset {cursor}: {needle[:60]!r}")
        spans.append((start, start + len(needle)))
        cursor = start + len(needle)
    return spans


def owner(spans: Sequence[tuple[int, int]], start: int, end: int) -> int | None:
    """The index of the span (sorted, disjoint) that holds ``[start, end)``, or None when none holds it whole."""
    index = bisect.bisect_right([span_start for span_start, _ in spans], start) - 1
    if index < 0:
        return None
    span_start, span_end = spans[index]
    return index if span_start <= start and end <= span_end and start < span_end else None


def predictions(review: Any, spans: Sequence[tuple[int, int]]) -> list[Prediction]:
    """Each sentence's prediction from a review of the document whose text ``spans`` index.

    A clause or fact that no sentence holds whole (impossible when every sentence is a paragraph)
    raises ValueError rather than being dropped silently.
    """
    found: list[dict[str, Any]] = [{} for _ in spans]
    for clause, labels in zip(review.segmentation.clauses, review.labels, strict=True):
        index = owner(spans, clause.start, clause.end)
        if index is None:
            raise ValueError(f"clause {clause.id} [{clause.start}, {clause.end}) lies in no single sentence")
        item = found[index]
        item["clauses"] = item.get("clauses", 0) + 1
        if "liability" in labels.dimensions:
            item["liability"] = True
        if "term" in labels.dimensions:
            item["term"] = True
            if mentions_termination(clause.text):
                item["term_termination"] = True
    for fact in review.facts:
        if fact.key not in ("term.unilateral_change", "term.termination_notice"):
            continue
        index = owner(spans, fact.start, fact.end)
        if index is None:
            raise ValueError(f"fact {fact.key} [{fact.start}, {fact.end}) lies in no single sentence")
        found[index][fact.key.split(".", 1)[1]] = True
    return [Prediction(**item) for item in found]


# --- running --------------------------------------------------------------------------------

def review_company(sentences: Sequence[Sentence], directory: Path) -> list[Prediction]:
    """Write the company's sentences as a text file, one per paragraph, review it as a user would, map back."""
    from termlens.ingest import load
    from termlens.pipeline import review_document

    path = directory / f"{sentences[0].company}.txt"
    path.write_text("\n\n".join(s.text for s in sentences) + "\n", encoding="utf-8")
    document = load(path)
    return predictions(review_document(document), sentence_spans(document.text, [s.text for s in sentences]))


def review_alone(sentence: Sentence) -> Prediction:
    """The same, for one sentence reviewed as its own one-paragraph document (the check on the choice above)."""
    import hashlib

    from termlens.ingest import detect_language
    from termlens.model import Block, Document
    from termlens.pipeline import review_document

    text = " ".join(sentence.text.split())
    if not text:
        return Prediction()
    document = Document(text=text, path=f"{sentence.company}-{sentence.index}.txt", format="text",
                        sha256=hashlib.sha256(text.encode()).hexdigest(), language=detect_language(text),
                        blocks=(Block("paragraph", 0, len(text)),))
    return predictions(review_document(document), [(0, len(text))])[0]


def _score(gold: np.ndarray, predicted: np.ndarray) -> dict[str, Any]:
    return score(gold, predicted).as_dict()


def run(root: Path | None = None, *, limit: int | None = None, alone: bool = True) -> dict[str, Any]:
    """Test-company figures of the shipped review; ``limit``: the first N test companies only."""
    from termlens.classify import model_enabled

    root = root or data_dir() / "unfair-tos"
    names = lexglue_split(companies(root))["test"]
    names = names[:limit] if limit else names
    sentences: list[Sentence] = []
    predicted: list[Prediction] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="termlens-unfair-") as directory:
        for company in names:
            items = load_company(root, company)
            sentences.extend(items)
            predicted.extend(review_company(items, Path(directory)))
    seconds = time.perf_counter() - started
    gold = {c: np.array([c in s.labels for s in sentences]) for c in CATEGORIES}
    chosen = {c: np.array([p.categories[c] for p in predicted]) for c in CATEGORIES}
    column = {name: np.array([getattr(p, name) for p in predicted])
              for name in ("term", "term_termination", "termination_notice", "unilateral_change")}
    cue = np.array([mentions_termination(s.text) for s in sentences])
    ter_missed = gold["TER"] & ~chosen["TER"]
    figures: dict[str, Any] = {
        "companies": names,
        "sentences": len(sentences),
        "model": model_enabled(),
        "per_category": {c: _score(gold[c], chosen[c]) for c in CATEGORIES},
        "ter_parts": {"fact": _score(gold["TER"], column["termination_notice"]),
                      "label": _score(gold["TER"], column["term_termination"])},
        "clauses_per_sentence": {str(n): count for n, count in sorted(Counter(p.clauses for p in predicted).items())},
        "without_clause": [{"company": s.company, "index": s.index, "text": s.text, "labels": sorted(s.labels)}
                           for s, p in zip(sentences, predicted, strict=True) if not p.clauses],
        "diagnostics": {
            "ch_with_term_label": int((gold["CH"] & column["term"]).sum()),
            "ch_with_fact": int((gold["CH"] & column["unilateral_change"]).sum()),
            "unilateral_change_facts_sentences": int(column["unilateral_change"].sum()),
            "termination_notice_fact_sentences": int(column["termination_notice"].sum()),
            "ter_with_cue": int((gold["TER"] & cue).sum()),
            "ter_missed": int(ter_missed.sum()),
            "ter_missed_without_cue": int((ter_missed & ~cue).sum()),
        },
        "seconds": round(seconds, 2),
    }
    if alone:
        started = time.perf_counter()
        isolated = [review_alone(s) for s in sentences]
        figures["alone"] = {
            "seconds": round(time.perf_counter() - started, 2),
            "same_predictions": sum(a.categories == b.categories for a, b in zip(isolated, predicted, strict=True)),
            "per_category": {c: _score(gold[c], np.array([p.categories[c] for p in isolated])) for c in CATEGORIES},
        }
    return figures


# --- rendering ------------------------------------------------------------------------------

def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _prf(item: dict[str, Any]) -> str:
    return f"{_pct(item['precision'])} | {_pct(item['recall'])} | {_pct(item['f1'])}"


def _verdict(ours: float, published: float) -> str:
    return "at or above" if ours >= published - 1e-9 else f"below by {published - ours:.1f}"


def summary_rows(figures: dict[str, Any]) -> list[str]:
    """One Summary row per category: the shipped review's test F1 beside the published TF-IDF+SVM figure."""
    rows = []
    for category in CATEGORIES:
        ours, theirs = 100 * figures["per_category"][category]["f1"], PUBLISHED["TF-IDF+SVM"][category]
        rows.append(f"| UNFAIR-ToS | {SUMMARY_TASK} {category} F1 | {ours:.1f} | TF-IDF+SVM {theirs} | "
                    f"{_verdict(ours, theirs)} |")
    return rows


def section(figures: dict[str, Any]) -> list[str]:
    """The subsection's lines (Markdown), ending with a blank line."""
    out: list[str] = []
    add = out.append
    per_category, diagnostics = figures["per_category"], figures["diagnostics"]
    add(HEADING + "\n")
    counts = figures["clauses_per_sentence"]
    several = sum(count for n, count in counts.items() if int(n) >= 2)
    headings = figures["without_clause"]
    heading_labels = sorted({label for item in headings for label in item["labels"]})
    heading_text = "; ".join(f"{item['company']} \"{item['text']}\"" for item in headings[:3])
    add(f"What a user gets, beside the category model above (which is trained and thresholded for each category): "
        "`termlens.pipeline.review_document` "
        f"(default profile, model {'on' if figures['model'] else 'off'}) on each test company's sentences written as "
        f"one plain-text document, one sentence per paragraph, read by `termlens.ingest.load` "
        f"({len(figures['companies'])} documents, {figures['sentences']} sentences, as LexGLUE gives them: "
        "lower-cased and tokenised). Clauses and facts are mapped back to their sentence by offsets: "
        f"{counts.get('1', 0)} sentences are one clause, {several} two or more, {len(headings)} none"
        + (f" ({heading_text}{', …' if len(headings) > 3 else ''}: read as a heading; gold labels: "
           f"{', '.join(heading_labels) or 'none'})" if headings else "")
        + ". A sentence is predicted positive when:\n")
    add("- **LTD**: one of its clauses is labelled `liability`;")
    add("- **CH**: a `term.unilateral_change` fact lies in it;")
    add("- **TER**: a `term.termination_notice` fact lies in it, or one of its clauses is labelled `term` and "
        "mentions termination: it holds the `term` lexicon's own termination cue (`terminat`, zh `终止`), matched as "
        "the rule vote matches cues (terminate, terminated, termination; not determination). Suspending, removing, "
        "revoking, stopping, ending or discontinuing do not count: they are not termination words in termlens's "
        "vocabulary, and the definition was not tuned on these sentences.\n")
    add("| category | how the review answers | precision | recall | F1 | test positives |")
    add("|---|---|---|---|---|---|")
    answers = {"LTD": "clause labelled `liability`", "CH": "`term.unilateral_change` fact",
               "TER": "`term.termination_notice` fact, or `term` label + termination cue"}
    for category in CATEGORIES:
        item = per_category[category]
        add(f"| {category} | {answers[category]} | {_prf(item)} | {item['support']} |")
    parts = {"fact": "`term.termination_notice` fact alone", "label": "`term` label + termination cue alone"}
    for name, item in figures["ter_parts"].items():
        add(f"| TER (part) | {parts[name]} | {_prf(item)} | {item['support']} |")
    add(f"\nCH: the review labels {diagnostics['ch_with_term_label']} of the {per_category['CH']['support']} CH "
        f"sentences `term`, but a `term.unilateral_change` fact lies in only {diagnostics['ch_with_fact']} of them "
        f"({diagnostics['unilateral_change_facts_sentences']} test sentences in all have one). The rules want the "
        "vendor to change the terms, agreement, SLA, policy or service in one run of words (\"may change these "
        "terms\", \"reserves the right to modify\"); most CH sentences change something else (features, prices, "
        "storage limits, catalogue data), and those about the terms put words in between (\"may , from time to "
        "time , change\"), use the passive (\"these terms may be amended\") or another name (\"this contract\", "
        "\"this user agreement\"). TER: "
        f"{diagnostics['termination_notice_fact_sentences']} test sentences hold a `term.termination_notice` fact "
        "(it needs a notice period, which unilateral termination clauses rarely give); "
        f"{diagnostics['ter_missed_without_cue']} of the {diagnostics['ter_missed']} TER sentences missed never use "
        f"the termination cue ({diagnostics['ter_with_cue']} of {per_category['TER']['support']} TER sentences "
        "do).\n")
    if "alone" in figures:
        alone = figures["alone"]
        same = alone["same_predictions"] == figures["sentences"]
        add(f"Reviewing each sentence alone instead, as its own one-paragraph document, gives the same three "
            f"predictions for {alone['same_predictions']} of {figures['sentences']} sentences"
            + (" (so the same figures)" if same else ": "
               + ", ".join(f"{c} F1 {_pct(alone['per_category'][c]['f1'])}" for c in CATEGORIES))
            + f". The {len(figures['companies'])} documents take {figures['seconds']:.1f} s to write, read, review and "
            f"map back in this run; the sentence-by-sentence check {alone['seconds']:.1f} s.\n")
    else:
        add(f"The {len(figures['companies'])} documents take {figures['seconds']:.1f} s to write, read, review and "
            "map back in this run.\n")
    return out


def splice(page: str, figures: dict[str, Any]) -> str:
    """``page`` (docs/benchmarks.md) with this section and its Summary rows put in, or replaced; nothing else moves.

    The section goes at the end of the UNFAIR-ToS section (before the next ``## `` heading); the Summary rows
    right after the last other UNFAIR-ToS row.
    """
    lines = page.split("\n")
    lines = [line for line in lines if not line.startswith(f"| UNFAIR-ToS | {SUMMARY_TASK} ")]
    if HEADING in lines:  # drop the old section: up to the next heading of level 2 or 3
        start = lines.index(HEADING)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(("## ", "### "))), len(lines))
        del lines[start:end]
    unfair = next((i for i, line in enumerate(lines) if line.startswith("## UNFAIR-ToS")), None)
    if unfair is None:
        raise ValueError("no '## UNFAIR-ToS' section in the page")
    end = next((i for i in range(unfair + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    lines[end:end] = "\n".join(section(figures)).split("\n")
    last_row = max((i for i, line in enumerate(lines[:unfair]) if line.startswith("| UNFAIR-ToS |")), default=None)
    if last_row is None:
        raise ValueError("no UNFAIR-ToS row in the Summary table")
    lines[last_row + 1:last_row + 1] = summary_rows(figures)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, help="the unfair-tos directory")
    parser.add_argument("--limit", type=int, help="the first N test companies only (quick runs)")
    parser.add_argument("--no-alone", action="store_true", help="skip the sentence-by-sentence check")
    args = parser.parse_args(argv)
    root = args.data or data_dir() / "unfair-tos"
    print(json.dumps(run(root, limit=args.limit, alone=not args.no_alone), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
