#!/usr/bin/env python3
"""Check the gold annotations in ``eval/gold/`` against their documents and the contract.

Usage::

    python eval/check_gold.py                 # check every eval/gold/*.yaml
    python eval/check_gold.py --summary       # ... and print fact counts
    python eval/check_gold.py eval/gold/x.yaml

For every gold file it checks that

- the top level has ``document``, ``language``, ``exhaustive`` and ``facts``;
- ``document`` (relative to the YAML file) exists and decodes as UTF-8;
- ``exhaustive`` names only the nine dimensions of ``domain.md``;
- every fact has a ``key`` from the key list of ``facts.md``, a ``value`` of
  the shape ``facts.md`` gives that key, an optional ``qualifier`` with only
  ``severity`` (critical / high / normal / low), ``plan``, ``label`` or
  ``service``, and a ``quote``;
- every ``quote`` is an exact substring of the document: of the raw file text,
  and for ``.html`` also of the tag-free text (tags removed, entities
  unescaped), which is what termlens sees; it says which of the two matched;
- no two facts of one file are the same fact (same key, severity, plan, value),
  since a duplicate could never be matched twice and would cost recall.

The key list is written below together with each key's value shape. When
``facts.md`` is found (``../../shared/spec/facts.md`` from this file, or the
path in ``$TERMLENS_FACTS_MD``) the script also checks that the two key lists
agree, so that a change of the contract is noticed here.

Problems are printed one a line as ``FILE: fact N (key): message``; the exit
status is 1 when there is any problem, else 0. Notes (not problems) are
printed with ``--verbose``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

import yaml

EVAL_DIR = Path(__file__).resolve().parent
GOLD_DIR = EVAL_DIR / "gold"
DEFAULT_FACTS_MD = EVAL_DIR.parent.parent / "shared" / "spec" / "facts.md"

DIMENSIONS = (
    "support", "updates", "defects", "enablement", "scope",
    "term", "liability", "availability", "data",
)
SEVERITIES = ("critical", "high", "normal", "low")
QUALIFIER_FIELDS = ("severity", "plan", "label", "service")
LANGUAGES = ("zh", "en")
MAX_QUOTE_CHARS = 80  # a quote carries a fact in a few words, it never copies a clause

# ----------------------------------------------------------------------------
# value shapes: each checker returns None when the value is fine, else a message
# ----------------------------------------------------------------------------

Check = Callable[[Any], "str | None"]


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _mapping(value: Any, fields: dict[str, Callable[[Any], bool]], optional: tuple[str, ...] = ()) -> str | None:
    if not isinstance(value, dict):
        return f"expected a mapping with {sorted(fields)}, got {value!r}"
    missing = [f for f in fields if f not in value and f not in optional]
    extra = [f for f in value if f not in fields]
    if missing or extra:
        return f"expected fields {sorted(fields)}, missing {missing}, unexpected {extra}"
    for name, ok in fields.items():
        if name in value and not ok(value[name]):
            return f"bad {name!r}: {value[name]!r}"
    return None


def duration(value: Any) -> str | None:
    return _mapping(value, {"minutes": lambda v: _is_num(v) and v > 0,
                            "business_time": lambda v: isinstance(v, bool)})


def days(value: Any) -> str | None:
    return _mapping(value, {"days": lambda v: _is_int(v) and v >= 0})


def months(value: Any) -> str | None:
    return _mapping(value, {"months": lambda v: _is_int(v) and v > 0})


def percent(value: Any) -> str | None:
    return _mapping(value, {"percent": lambda v: _is_num(v) and 0 < v <= 100})


def flag_true(value: Any) -> str | None:
    return None if value is True else f"expected true, got {value!r}"


def flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {value!r}"


def enum(*allowed: str) -> Check:
    def check(value: Any) -> str | None:
        return None if value in allowed else f"expected one of {list(allowed)}, got {value!r}"
    return check


def iso639(value: Any) -> str | None:
    ok = isinstance(value, str) and re.fullmatch(r"[a-z]{2}", value)
    return None if ok else f"expected an ISO 639-1 code such as 'zh', got {value!r}"


def one_of(*checks: Check) -> Check:
    def check(value: Any) -> str | None:
        messages = [c(value) for c in checks]
        return None if any(m is None for m in messages) else " / ".join(m for m in messages if m)
    return check


def version_support(value: Any) -> str | None:
    return one_of(months, lambda v: _mapping(v, {"versions": lambda n: _is_int(n) and n > 0}))(value)


def price_change(value: Any) -> str | None:
    if value == "vendor_discretion":
        return None
    return _mapping(value, {"max_percent": lambda v: _is_num(v) and v >= 0})


def unilateral_change(value: Any) -> str | None:
    if value is True:
        return None
    return _mapping(value, {"notice_days": lambda v: _is_int(v) and v >= 0})


def money(value: Any) -> str | None:
    return _mapping(value, {"amount": lambda v: _is_num(v) and v > 0,
                            "currency": lambda v: isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v)})


def liability_cap(value: Any) -> str | None:
    if isinstance(value, dict) and value.get("basis") == "fees_paid":
        # facts.md gives {basis: fees_paid, months: N}; a text that names no period
        # ("以已支付的服务费用为限") is annotated without months (see eval/README.md)
        return _mapping(value, {"basis": lambda v: True, "months": lambda v: _is_int(v) and v > 0},
                        optional=("months",))
    if isinstance(value, dict) and value.get("basis") == "monthly_fee":
        return _mapping(value, {"basis": lambda v: True, "multiple": lambda v: _is_num(v) and v > 0})
    if isinstance(value, dict) and "amount" in value:
        return money(value)
    return f"expected {{basis: fees_paid, months: N}}, {{basis: monthly_fee, multiple: X}} or money, got {value!r}"


def credit_band(value: Any) -> str | None:
    problem = _mapping(value, {"below_percent": lambda v: _is_num(v) and 0 < v <= 100,
                               "credit_percent": lambda v: _is_num(v) and 0 < v <= 100})
    return problem


def location(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"expected an ISO 3166 code or a region name, got {value!r}"
    return None


KEYS: dict[str, Check] = {
    "support.channel": enum("dedicated_manager", "ticket", "phone", "email", "chat",
                            "community", "knowledge_base", "onsite"),
    "support.hours": enum("24x7", "business_hours"),
    "support.language": iso639,
    "support.response_time": duration,
    "support.resolution_time": duration,
    "support.escalation": flag_true,
    "updates.cadence": enum("weekly", "biweekly", "monthly", "bimonthly", "quarterly",
                            "semiannual", "annual"),
    "updates.upgrade_fee": enum("included", "extra"),
    "updates.version_support": version_support,
    "updates.eol_notice": days,
    "defects.fix_time": duration,
    "defects.security_fix_time": duration,
    "defects.patch_delivery": enum("automatic", "customer_applies", "notified"),
    "enablement.training": flag_true,
    "enablement.documentation_language": iso639,
    "enablement.sample_code": flag_true,
    "scope.exclusion": enum("third_party", "customer_environment", "customer_code", "force_majeure",
                            "beta", "modified_sdk", "unsupported_version", "misuse",
                            "scheduled_maintenance", "other"),
    "term.length": months,
    "term.multi_year": flag_true,
    "term.auto_renewal": flag,
    "term.renewal_notice": days,
    "term.grace_period": days,
    "term.price_change": price_change,
    "term.unilateral_change": unilateral_change,
    "term.termination_notice": days,
    "liability.cap": liability_cap,
    "liability.indirect_excluded": flag_true,
    "liability.carve_out": enum("gross_negligence", "wilful_misconduct", "data_breach",
                                "confidentiality", "ip_infringement", "personal_injury"),
    "availability.uptime": percent,
    "availability.credit": credit_band,
    "availability.credit_cap": percent,
    "availability.claim_window": days,
    "availability.measurement_period": enum("monthly", "quarterly", "annual"),
    "data.storage_location": location,
    "data.cross_border": enum("prohibited", "with_consent", "allowed", "per_law"),
    "data.retention_after_termination": days,
    "data.deletion_on_termination": flag_true,
    "data.staff_access": enum("prohibited", "restricted"),
    "data.certification": enum("ISO27001", "ISO27017", "ISO27018", "ISO27701", "SOC2", "MLPS3",
                               "MLPS2", "PCI-DSS", "HIPAA", "CSA-STAR", "other"),
    "data.breach_notification": duration,
    "data.processing_agreement": flag_true,
}

# ----------------------------------------------------------------------------
# document text
# ----------------------------------------------------------------------------


class _TextOfHtml(HTMLParser):
    """Collect the character data of an HTML page, entities unescaped, tags dropped."""

    SKIP = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(raw: str) -> str:
    parser = _TextOfHtml()
    parser.feed(raw)
    parser.close()
    return "".join(parser.parts)


def pdf_text(path: Path) -> str:
    import pypdfium2  # only PDF gold needs it; termlens installs it

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ----------------------------------------------------------------------------
# facts.md drift
# ----------------------------------------------------------------------------


def keys_in_facts_md(path: Path) -> set[str] | None:
    if not path.is_file():
        return None
    keys: set[str] = set()
    in_table = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_table = line.strip() == "## Fact keys"
            continue
        if in_table:
            m = re.match(r"\|\s*([a-z]+\.[a-z_]+)\s*\|", line)
            if m:
                keys.add(m.group(1))
    return keys


# ----------------------------------------------------------------------------
# checking one gold file
# ----------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.notes: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")


def fact_identity(fact: dict) -> str:
    q = fact.get("qualifier") or {}
    plan = q.get("plan")
    return json.dumps([fact.get("key"), q.get("severity"), plan.lower() if isinstance(plan, str) else plan,
                       fact.get("value")], sort_keys=True, ensure_ascii=False)


def check_file(gold_path: Path, report: Report) -> dict | None:
    name = os.path.relpath(gold_path, Path.cwd())
    try:
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        report.problem(name, f"cannot be read as YAML: {exc}")
        return None
    if not isinstance(gold, dict):
        report.problem(name, "top level is not a mapping")
        return None
    for field in ("document", "language", "exhaustive", "facts"):
        if field not in gold:
            report.problem(name, f"missing top-level field {field!r}")
    extra = set(gold) - {"document", "language", "exhaustive", "facts"}
    if extra:
        report.note(name, f"extra top-level fields {sorted(extra)}")

    if gold.get("language") not in LANGUAGES:
        report.problem(name, f"language must be one of {LANGUAGES}, got {gold.get('language')!r}")

    exhaustive = gold.get("exhaustive") or []
    if not isinstance(exhaustive, list):
        report.problem(name, "exhaustive must be a list")
        exhaustive = []
    for dim in exhaustive:
        if dim not in DIMENSIONS:
            report.problem(name, f"exhaustive names an unknown dimension {dim!r}")
    for dim, n in Counter(exhaustive).items():
        if n > 1:
            report.problem(name, f"exhaustive lists {dim!r} {n} times")

    raw = text = None
    doc_rel = gold.get("document")
    doc_path = (gold_path.parent / doc_rel).resolve() if isinstance(doc_rel, str) else None
    if doc_path is None or not doc_path.is_file():
        report.problem(name, f"document {doc_rel!r} not found (resolved: {doc_path})")
    else:
        if doc_path.suffix.lower() == ".pdf":
            # A PDF's text is what pypdfium2 reads, page by page; line breaks count as spaces.
            raw = squeeze(pdf_text(doc_path))
        else:
            try:
                raw = doc_path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                report.problem(name, f"document is not UTF-8: {exc}")
        if raw is not None and doc_path.suffix.lower() in (".html", ".htm"):
            text = html_text(raw)

    facts = gold.get("facts") or []
    if not isinstance(facts, list):
        report.problem(name, "facts must be a list")
        facts = []
    seen: dict[str, int] = {}
    for i, fact in enumerate(facts, 1):
        where = f"{name}: fact {i}"
        if not isinstance(fact, dict):
            report.problem(where, "is not a mapping")
            continue
        key = fact.get("key")
        where = f"{where} ({key})"
        extra = set(fact) - {"key", "qualifier", "value", "quote"}
        if extra:
            report.problem(where, f"unexpected fields {sorted(extra)}")
        if key not in KEYS:
            report.problem(where, "key is not in the facts.md key list")
        else:
            if "value" not in fact:
                report.problem(where, "has no value")
            else:
                message = KEYS[key](fact["value"])
                if message:
                    report.problem(where, f"value: {message}")
            dim = key.split(".")[0]
            if dim not in exhaustive:
                report.note(where, f"dimension {dim!r} is not in exhaustive")

        qualifier = fact.get("qualifier")
        if qualifier is not None:
            if not isinstance(qualifier, dict):
                report.problem(where, "qualifier must be a mapping")
            else:
                for field, val in qualifier.items():
                    if field not in QUALIFIER_FIELDS:
                        report.problem(where, f"unknown qualifier field {field!r}")
                    elif field == "severity":
                        if val not in SEVERITIES:
                            report.problem(where, f"severity must be one of {SEVERITIES}, got {val!r}")
                    elif not isinstance(val, str) or not val.strip():
                        report.problem(where, f"qualifier {field} must be a non-empty string, got {val!r}")

        quote = fact.get("quote")
        if not isinstance(quote, str) or not quote:
            report.problem(where, "has no quote")
        else:
            if len(quote) > MAX_QUOTE_CHARS:
                report.problem(where, f"quote is {len(quote)} characters (at most {MAX_QUOTE_CHARS})")
            if quote != quote.strip():
                report.problem(where, "quote has leading or trailing white space")
            if raw is not None:
                in_raw = quote in raw
                if text is None:
                    if not in_raw:
                        report.problem(where, f"quote not found in the document: {quote!r}")
                    elif "**" in quote or "](" in quote:
                        report.note(where, f"quote crosses Markdown syntax: {quote!r}")
                else:
                    in_text = quote in text
                    in_squeezed = squeeze(quote) in squeeze(text)
                    if in_raw and in_text:
                        report.note(where, "quote found in raw HTML and in the tag-free text")
                    elif in_text:
                        report.note(where, "quote found in the tag-free text only (entities unescaped)")
                    elif in_raw:
                        report.problem(where, f"quote found in raw HTML only (it holds markup or entities): {quote!r}")
                    elif in_squeezed:
                        report.note(where, "quote found in the tag-free text once white space is squeezed")
                    else:
                        report.problem(where, f"quote not found in the document: {quote!r}")

        ident = fact_identity(fact)
        if ident in seen:
            report.problem(where, f"same fact as fact {seen[ident]} (key, severity, plan and value)")
        else:
            seen[ident] = i
    return gold


def summarise(golds: dict[Path, dict]) -> None:
    by_lang: dict[str, Counter] = defaultdict(Counter)
    print(f"{'gold file':52} {'lang':4} {'facts':>5}  per dimension")
    for path, gold in sorted(golds.items()):
        counts = Counter(f["key"].split(".")[0] for f in gold.get("facts") or [] if isinstance(f, dict) and f.get("key"))
        total = sum(counts.values())
        by_lang[gold.get("language", "?")].update(counts)
        by_lang[gold.get("language", "?")]["__docs__"] += 1
        per = " ".join(f"{d}={counts[d]}" for d in DIMENSIONS if counts[d])
        print(f"{path.name:52} {gold.get('language', '?'):4} {total:5}  {per}")
    for lang, counts in sorted(by_lang.items()):
        docs = counts.pop("__docs__")
        per = " ".join(f"{d}={counts[d]}" for d in DIMENSIONS)
        print(f"total {lang}: {docs} documents, {sum(counts.values())} facts: {per}")
    keys_by_lang: dict[str, set] = defaultdict(set)
    for gold in golds.values():
        for f in gold.get("facts") or []:
            if isinstance(f, dict):
                keys_by_lang[gold.get("language", "?")].add(f.get("key"))
    for lang in LANGUAGES:
        missing = sorted(set(KEYS) - keys_by_lang[lang])
        print(f"keys never annotated in {lang}: {missing or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="gold YAML files (default: eval/gold/*.yaml)")
    parser.add_argument("--summary", action="store_true", help="print fact counts per file, dimension, language")
    parser.add_argument("--verbose", action="store_true", help="print notes as well as problems")
    args = parser.parse_args(argv)

    report = Report()
    facts_md = Path(os.environ.get("TERMLENS_FACTS_MD", DEFAULT_FACTS_MD))
    contract_keys = keys_in_facts_md(facts_md)
    if contract_keys is None:
        report.note("facts.md", f"not found at {facts_md}; key list not cross-checked")
    else:
        for key in sorted(contract_keys - set(KEYS)):
            report.problem("facts.md", f"key {key} is in the contract but unknown to check_gold.py")
        for key in sorted(set(KEYS) - contract_keys):
            report.problem("facts.md", f"key {key} is known to check_gold.py but no longer in the contract")

    files = args.files or sorted(GOLD_DIR.glob("*.yaml"))
    if not files:
        report.problem(str(GOLD_DIR), "no gold files")
    golds: dict[Path, dict] = {}
    for path in files:
        gold = check_file(path, report)
        if gold is not None:
            golds[path] = gold

    if args.summary:
        summarise(golds)
    if args.verbose:
        for line in report.notes:
            print(f"note: {line}")
    for line in report.problems:
        print(f"PROBLEM: {line}")
    n_facts = sum(len(g.get("facts") or []) for g in golds.values())
    print(f"{len(golds)} gold files, {n_facts} facts, {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
