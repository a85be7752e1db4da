"""CUAD v1 (510 commercial contracts): renewal terms, renewal notice, liability caps, termination for convenience.

termlens reviews each full text (``full_contract_txt/``) and its facts are
compared with ``master_clauses.csv``:

- Renewal Term: the ``-Answer`` column normalised to months ("successive 1
  year" → 12) against termlens's ``term.length`` in a renewal clause (a clause
  that says renew / successive / additional / extend, the quote not naming the
  initial term). termlens has no fact for the renewal period itself, so a
  second row reads it with a heuristic over termlens's clauses and duration
  normaliser. Answers with no duration ("perpetual", dates) are left out
  and counted.
- Notice Period To Terminate Renewal: the answer in days (months × 30,
  weeks × 7, a year 360 or 365) against ``term.renewal_notice``.
- Cap On Liability and Termination For Convenience: per contract (Yes/No
  against any ``liability.cap`` / ``term.termination_notice`` fact), and per
  clause (the annotated clause texts located in the document, whitespace
  ignored, against the clauses that yield those facts; a predicted clause is
  right when it overlaps an annotated one).

A wrong value counts twice, as a false alarm and as a miss. CUAD's own
published figures (DeBERTa-xlarge AUPR 47.8 %, precision at 80 % recall
44.0 %) are over all 41 categories of the official test split, which is not
available here, and rank spans rather than extract values: they are quoted
for context, not compared.

    python bench/external/cuad.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.external.common import Score, data_dir, load_document  # noqa: E402

PUBLISHED = {"DeBERTa-xlarge (41 categories, official test split)": {"AUPR": 47.8, "precision_at_80_recall": 44.0}}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\)?\s*(year|yr|month|week|day)s?", re.IGNORECASE)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12}
_RENEWAL_CLAUSE = re.compile(r"renew|successive|additional|extend", re.IGNORECASE)


@dataclass(frozen=True)
class Contract:
    filename: str
    path: Path
    renewal_term: str
    renewal_notice: str
    cap: bool
    convenience: bool
    cap_clauses: tuple[str, ...]
    convenience_clauses: tuple[str, ...]


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKD", Path(name).stem).lower())


def _clauses(cell: str) -> tuple[str, ...]:
    try:
        items = ast.literal_eval(cell) if cell.strip() else []
    except (ValueError, SyntaxError):
        items = [cell]
    return tuple(str(item) for item in items if str(item).strip())


def load_contracts(root: Path | None = None) -> tuple[list[Contract], list[str]]:
    """Every annotated contract with its text file (names matched ignoring case and punctuation), and the unmatched."""
    root = root or data_dir() / "cuad"
    csv.field_size_limit(1 << 30)
    texts = {_key(path.name): path for path in (root / "full_contract_txt").glob("*.txt")}
    contracts, unmatched = [], []
    with (root / "master_clauses.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            path = texts.get(_key(row["Filename"]))
            if path is None:
                unmatched.append(row["Filename"])
                continue
            contracts.append(Contract(
                filename=row["Filename"], path=path,
                renewal_term=row["Renewal Term-Answer"].strip(),
                renewal_notice=row["Notice Period To Terminate Renewal- Answer"].strip(),
                cap=row["Cap On Liability-Answer"].strip().lower() == "yes",
                convenience=row["Termination For Convenience-Answer"].strip().lower() == "yes",
                cap_clauses=_clauses(row["Cap On Liability"]),
                convenience_clauses=_clauses(row["Termination For Convenience"]),
            ))
    return sorted(contracts, key=lambda c: c.path.name), unmatched


# --- normalising answers --------------------------------------------------------------------

def durations(answer: str) -> list[tuple[float, str]]:
    """Every (number, unit) in an answer: "successive 1 year" → [(1, "year")]; "(6) months" → [(6, "month")]."""
    text = answer.lower()
    for word, number in _WORDS.items():
        text = re.sub(rf"\b{word}\b", str(number), text)
    return [(float(number), unit.lower().replace("yr", "year")) for number, unit in _DURATION.findall(text)]


def as_months(answer: str) -> set[float]:
    """The renewal term in months, every reading the answer allows (empty: no duration, e.g. "perpetual")."""
    factor = {"year": 12, "month": 1}
    return {number * factor[unit] for number, unit in durations(answer) if unit in factor}


def as_days(answer: str) -> set[float]:
    """The notice in days: months at 30 days, weeks at 7, a year 360 or 365 (either matches)."""
    found: set[float] = set()
    for number, unit in durations(answer):
        if unit == "year":
            found |= {number * 360, number * 365}
        else:
            found.add(number * {"month": 30, "week": 7, "day": 1}[unit])
    return found


# --- locating annotated clauses -------------------------------------------------------------

def squash(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, lower-cased, and the offset in ``text`` of each kept character."""
    kept, offsets = [], []
    for index, character in enumerate(text):
        if not character.isspace():
            kept.append(character.lower())
            offsets.append(index)
    return "".join(kept), offsets


def locate(document_text: str, clauses: Iterable[str]) -> tuple[list[tuple[int, int]], int]:
    """Spans of the annotated ``clauses`` in ``document_text`` (whitespace ignored), and how many were not found."""
    squashed, offsets = squash(document_text)
    spans, missing = [], 0
    for clause in clauses:
        needle = squash(clause)[0]
        index = squashed.find(needle) if needle else -1
        if index < 0:
            missing += 1
            continue
        spans.append((offsets[index], offsets[index + len(needle) - 1] + 1))
    return spans, missing


def _overlaps(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


# --- predictions ----------------------------------------------------------------------------

def predicted_renewal_months(review: Any) -> float | None:
    clauses = {clause.id: clause for clause in review.segmentation.clauses}
    for fact in review.facts:
        if fact.key != "term.length" or "initial" in fact.text.lower():
            continue
        if _RENEWAL_CLAUSE.search(clauses[fact.clause].text):
            return float(fact.value["months"])
    return None


_RENEW_WORD = re.compile(r"\b(?:renew|extend|extension)", re.IGNORECASE)
_YEAR_TO_YEAR = re.compile(r"\byear[\s-]+to[\s-]+year\b", re.IGNORECASE)


def heuristic_renewal_months(review: Any) -> float | None:
    """Not a termlens fact: the first duration of a month or more after "renew"/"extend" in a clause,
    read by termlens's duration normaliser ("year to year" is 12 months)."""
    from termlens.extract.normalize import duration_months
    from termlens.textnorm import fold

    durations_after = re.compile(fragments_duration(), re.IGNORECASE)
    for clause in review.segmentation.clauses:
        text = fold(clause.text)
        found = _RENEW_WORD.search(text)
        if not found:
            continue
        after = text[found.end():]
        if _YEAR_TO_YEAR.search(after):
            return 12.0
        for match in durations_after.finditer(after):
            value = duration_months(match.group())
            if value and value["months"] >= 1 and not re.search(r"day|week|hour", match.group(), re.IGNORECASE):
                return float(value["months"])
    return None


def fragments_duration() -> str:
    from termlens.extract.normalize import fragments

    return fragments()["DURATION"]


def predicted_notice_days(review: Any) -> float | None:
    return next((float(f.value["days"]) for f in review.facts if f.key == "term.renewal_notice"), None)


def _value_score(gold: set[float], predicted: float | None) -> Score:
    hit = predicted is not None and any(abs(predicted - value) < 0.5 for value in gold)
    return Score(int(hit), int(predicted is not None and not hit), int(bool(gold) and not hit))


@dataclass
class _Tally:
    renewal: Score = field(default_factory=lambda: Score(0, 0, 0))
    renewal_heuristic: Score = field(default_factory=lambda: Score(0, 0, 0))
    notice: Score = field(default_factory=lambda: Score(0, 0, 0))
    cap_document: Score = field(default_factory=lambda: Score(0, 0, 0))
    convenience_document: Score = field(default_factory=lambda: Score(0, 0, 0))
    cap_clause_precision: Score = field(default_factory=lambda: Score(0, 0, 0))
    cap_clause_recall: Score = field(default_factory=lambda: Score(0, 0, 0))
    convenience_clause_precision: Score = field(default_factory=lambda: Score(0, 0, 0))
    convenience_clause_recall: Score = field(default_factory=lambda: Score(0, 0, 0))


def _clause_scores(review: Any, key: str, gold_spans: list[tuple[int, int]]) -> tuple[Score, Score]:
    """(predicted clauses that overlap a gold clause, gold clauses that a predicted clause overlaps)."""
    clause_ids = {fact.clause for fact in review.facts if fact.key == key}
    predicted = [(c.start, c.end) for c in review.segmentation.clauses if c.id in clause_ids]
    right = sum(_overlaps(span, gold_spans) for span in predicted)
    found = sum(_overlaps(span, predicted) for span in gold_spans)
    return Score(right, len(predicted) - right, 0), Score(found, 0, len(gold_spans) - found)


def run(root: Path | None = None, *, limit: int | None = None) -> dict[str, Any]:
    from termlens.pipeline import review_document

    root = root or data_dir() / "cuad"
    contracts, unmatched = load_contracts(root)
    contracts = contracts[:limit] if limit else contracts
    tally = _Tally()
    renewal_gold = renewal_skipped = notice_gold = notice_skipped = missing_cap = missing_convenience = 0
    for contract in contracts:
        review = review_document(load_document(contract.path))
        months = as_months(contract.renewal_term)
        renewal_gold += bool(months)
        renewal_skipped += bool(contract.renewal_term) and not months and contract.renewal_term != "[]"
        tally.renewal += _value_score(months, predicted_renewal_months(review))
        tally.renewal_heuristic += _value_score(months, heuristic_renewal_months(review))
        days = as_days(contract.renewal_notice)
        notice_gold += bool(days)
        notice_skipped += bool(contract.renewal_notice) and not days and contract.renewal_notice != "[]"
        tally.notice += _value_score(days, predicted_notice_days(review))
        has_cap = any(f.key == "liability.cap" for f in review.facts)
        has_convenience = any(f.key == "term.termination_notice" for f in review.facts)
        tally.cap_document += Score(int(has_cap and contract.cap), int(has_cap and not contract.cap),
                                    int(contract.cap and not has_cap))
        tally.convenience_document += Score(int(has_convenience and contract.convenience),
                                            int(has_convenience and not contract.convenience),
                                            int(contract.convenience and not has_convenience))
        text = review.document.text
        cap_spans, missing = locate(text, contract.cap_clauses)
        missing_cap += missing
        precision, recall = _clause_scores(review, "liability.cap", cap_spans)
        tally.cap_clause_precision += precision
        tally.cap_clause_recall += recall
        convenience_spans, missing = locate(text, contract.convenience_clauses)
        missing_convenience += missing
        precision, recall = _clause_scores(review, "term.termination_notice", convenience_spans)
        tally.convenience_clause_precision += precision
        tally.convenience_clause_recall += recall

    def clause_figures(precision: Score, recall: Score) -> dict[str, Any]:
        p, r = precision.precision, recall.recall
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0, 4),
                "predicted_clauses": precision.tp + precision.fp, "gold_clauses": recall.tp + recall.fn}

    return {
        "contracts": len(contracts),
        "unmatched_files": unmatched,
        "renewal_term": {**tally.renewal.as_dict(), "gold_with_duration": renewal_gold,
                         "gold_without_duration": renewal_skipped},
        "renewal_term_heuristic": {**tally.renewal_heuristic.as_dict(),
                                   "method": "first duration >= 1 month after renew/extend in a termlens clause, "
                                             "termlens duration normaliser; not a termlens fact"},
        "renewal_notice": {**tally.notice.as_dict(), "gold_with_duration": notice_gold,
                           "gold_without_duration": notice_skipped},
        "cap_on_liability": {"document": tally.cap_document.as_dict(),
                             "clause": clause_figures(tally.cap_clause_precision, tally.cap_clause_recall),
                             "annotated_clauses_not_located": missing_cap, "fact": "liability.cap"},
        "termination_for_convenience": {
            "document": tally.convenience_document.as_dict(),
            "clause": clause_figures(tally.convenience_clause_precision, tally.convenience_clause_recall),
            "annotated_clauses_not_located": missing_convenience, "fact": "term.termination_notice"},
        "published": PUBLISHED,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, help="the cuad directory")
    parser.add_argument("--limit", type=int, help="only the first N contracts (by file name)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.data, limit=args.limit), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
