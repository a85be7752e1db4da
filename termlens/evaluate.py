"""``termlens eval``: compare reviews against gold annotations (facts.md, "Gold annotations").

A predicted fact matches a gold fact when the key, ``qualifier.severity`` and
``qualifier.plan`` (case-insensitive; each only where the gold gives one) and
the normalised value are equal: percents within 0.001, money within 0.5 %.
Both sides are first reduced to distinct facts, then matched one to one.
Precision counts predictions in the gold's exhaustive dimensions; recall
counts every gold fact.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from termlens.errors import DataError, InputError
from termlens.ingest import load
from termlens.model import DIMENSIONS, Fact
from termlens.pipeline import review_document
from termlens.resources import load_yaml

PERCENT_TOLERANCE = 0.001
MONEY_TOLERANCE = 0.005


class GoldFact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str
    value: Any
    quote: str
    qualifier: dict[str, Any] = Field(default_factory=dict)


class GoldFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    language: str
    exhaustive: list[str] = Field(default_factory=list)
    facts: list[GoldFact] = Field(default_factory=list)


@dataclass(frozen=True)
class Comparable:
    key: str
    value: Any
    severity: str | None
    plan: str | None
    quote: str
    found_by: frozenset[str] = frozenset()  # the extractors that predicted it (none for gold)

    @property
    def dimension(self) -> str:
        return self.key.split(".", 1)[0]


@dataclass
class Tally:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.true_positives, "predicted": self.predicted, "gold": self.gold}


@dataclass
class DocumentResult:
    gold_path: str
    document: str
    language: str
    misses: list[Comparable] = field(default_factory=list)
    false_alarms: list[Comparable] = field(default_factory=list)
    matched: list[tuple[Comparable, Comparable]] = field(default_factory=list)
    error: str | None = None


def values_equal(gold: Any, predicted: Any, key: str = "") -> bool:
    if isinstance(gold, dict) and isinstance(predicted, dict):
        if set(gold) != set(predicted):
            return False
        return all(values_equal(gold[k], predicted[k], k) for k in gold)
    if isinstance(gold, bool) or isinstance(predicted, bool):
        return gold is predicted
    if isinstance(gold, (int, float)) and isinstance(predicted, (int, float)):
        if key == "amount":
            return abs(gold - predicted) <= MONEY_TOLERANCE * max(abs(gold), 1e-9)
        return abs(gold - predicted) <= PERCENT_TOLERANCE
    if isinstance(gold, str) and isinstance(predicted, str):
        return gold.strip().lower() == predicted.strip().lower()
    return gold == predicted


def matches(gold: Comparable, predicted: Comparable) -> bool:
    if gold.key != predicted.key:
        return False
    if gold.severity is not None and gold.severity != predicted.severity:
        return False
    if gold.plan is not None and (predicted.plan or "").lower() != gold.plan.lower():
        return False
    return values_equal(gold.value, predicted.value)


def _distinct(facts: list[Comparable]) -> list[Comparable]:
    seen: dict[tuple, Comparable] = {}
    for fact in facts:
        identity = (fact.key, fact.severity, (fact.plan or "").lower(), repr(_canonical(fact.value)))
        kept = seen.setdefault(identity, fact)
        if kept is not fact:
            seen[identity] = replace(kept, found_by=kept.found_by | fact.found_by)
    return list(seen.values())


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _from_fact(fact: Fact) -> Comparable:
    found_by = frozenset({fact.explanation.recognizer}) if fact.explanation is not None else frozenset()
    return Comparable(fact.key, fact.value, fact.qualifier.get("severity"), fact.qualifier.get("plan"), fact.text,
                      found_by)


def _from_gold(fact: GoldFact) -> Comparable:
    severity = fact.qualifier.get("severity")
    plan = fact.qualifier.get("plan")
    return Comparable(fact.key, fact.value, severity, str(plan) if plan is not None else None, fact.quote)


def evaluate_file(gold_path: Path) -> DocumentResult:
    gold = load_yaml(gold_path, GoldFile)
    unknown = [d for d in gold.exhaustive if d not in DIMENSIONS]
    if unknown:
        raise DataError(f"{gold_path}: exhaustive: unknown dimensions {unknown}")
    document_path = (gold_path.parent / gold.document).resolve()
    result = DocumentResult(str(gold_path), str(document_path), gold.language)
    try:
        review = review_document(load(document_path))
    except InputError as error:
        result.error = str(error)
        result.misses = [_from_gold(f) for f in gold.facts]
        return result
    predicted = _distinct([_from_fact(f) for f in review.facts if f.dimension in gold.exhaustive])
    expected = _distinct([_from_gold(f) for f in gold.facts])
    unmatched = list(predicted)
    for fact in expected:
        partner = next((p for p in unmatched if matches(fact, p)), None)
        if partner is None:
            result.misses.append(fact)
        else:
            unmatched.remove(partner)
            result.matched.append((fact, partner))
    result.false_alarms = unmatched
    return result


@dataclass
class Evaluation:
    documents: list[DocumentResult]

    def tally(self, *, language: str | None = None, dimension: str | None = None,
              key: str | None = None) -> Tally:
        total = Tally()
        for doc in self.documents:
            if language and doc.language != language:
                continue
            keep = (lambda f: (dimension is None or f.dimension == dimension) and (key is None or f.key == key))
            tp = sum(1 for gold, _ in doc.matched if keep(gold))
            total.add(Tally(tp, tp + sum(1 for f in doc.false_alarms if keep(f)),
                            tp + sum(1 for f in doc.misses if keep(f))))
        return total

    def by_extractor(self) -> dict[str, dict[str, Any]]:
        """What each extractor contributes: the distinct facts it predicted (in exhaustive dimensions), how many
        match gold, and the same for the facts no other extractor predicted."""
        counts: dict[str, Counter[str]] = {}
        for doc in self.documents:
            predictions = [(partner, True) for _, partner in doc.matched] + [(f, False) for f in doc.false_alarms]
            for fact, correct in predictions:
                for name in fact.found_by:
                    tally = counts.setdefault(name, Counter())
                    tally["predicted"] += 1
                    tally["tp"] += correct
                    if fact.found_by == {name}:
                        tally["alone_predicted"] += 1
                        tally["alone_tp"] += correct
        return {name: {"predicted": c["predicted"], "tp": c["tp"],
                       "precision": round(c["tp"] / c["predicted"], 4) if c["predicted"] else 1.0,
                       "alone_predicted": c["alone_predicted"], "alone_tp": c["alone_tp"],
                       "alone_precision": (round(c["alone_tp"] / c["alone_predicted"], 4)
                                           if c["alone_predicted"] else 1.0)}
                for name, c in sorted(counts.items())}

    def languages(self) -> list[str]:
        return sorted({doc.language for doc in self.documents})

    def keys(self) -> list[str]:
        found: Counter[str] = Counter()
        for doc in self.documents:
            found.update(f.key for f in doc.misses + doc.false_alarms)
            found.update(g.key for g, _ in doc.matched)
        return sorted(found)

    def as_dict(self) -> dict[str, Any]:
        def by_dimension(language: str | None) -> dict[str, Any]:
            return {dim: self.tally(language=language, dimension=dim).as_dict() for dim in DIMENSIONS
                    if self.tally(language=language, dimension=dim).gold
                    or self.tally(language=language, dimension=dim).predicted}

        return {
            "overall": self.tally().as_dict(),
            "dimensions": by_dimension(None),
            "languages": {lang: {"overall": self.tally(language=lang).as_dict(), "dimensions": by_dimension(lang)}
                          for lang in self.languages()},
            "keys": {key: self.tally(key=key).as_dict() for key in self.keys()},
            "extractors": self.by_extractor(),
            "documents": [
                {
                    "gold": doc.gold_path,
                    "document": doc.document,
                    "language": doc.language,
                    "error": doc.error,
                    "misses": [_describe(f) for f in doc.misses],
                    "false_alarms": [_describe(f) for f in doc.false_alarms],
                }
                for doc in self.documents
            ],
        }


def _describe(fact: Comparable) -> dict[str, Any]:
    described = {"key": fact.key, "severity": fact.severity, "plan": fact.plan, "value": fact.value,
                 "quote": fact.quote}
    return {**described, "found_by": sorted(fact.found_by)} if fact.found_by else described


def evaluate(gold_dir: str | Path) -> Evaluation:
    directory = Path(gold_dir)
    if not directory.is_dir():
        raise DataError(f"{directory}: not a directory of gold YAML files")
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        raise DataError(f"{directory}: no gold files (*.yaml) found")
    return Evaluation([evaluate_file(path) for path in files])
