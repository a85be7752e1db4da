"""Turn a rule's match into the fact's contract value (facts.md, "Normalised values").

Each converter takes the match and the text around it and returns the value,
or None when the match holds no usable figure (the fact is then dropped).
A rule names its converter in ``value:``; ``const`` takes the rule's ``const``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from termlens.extract import normalize
from termlens.resources import DATA_DIR, read_yaml

Converter = Callable[[re.Match[str], str, Any], Any]


class Several(tuple):
    """Several values named by one match ("中英文"): one fact each."""


@cache
def _language_codes() -> dict[str, list[str]]:
    return read_yaml(DATA_DIR / "lang" / "languages.yaml")["names"]


def _group(match: re.Match[str], *names: str) -> str:
    """The first of the named groups that matched (alternatives in one pattern need distinct names)."""
    groups = match.groupdict()
    return next((groups[name] for name in names if groups.get(name)), "")


# A pattern's alternatives each name their duration differently: {DURATION}, {DURATION:d2}, …
_DURATIONS = ("duration", "d2", "d3", "d4")


def _duration(match: re.Match[str], context: str, const: Any) -> Any:
    return normalize.parse_duration(_group(match, *_DURATIONS), context=match.group(0))


def _days(match: re.Match[str], context: str, const: Any) -> Any:
    return normalize.duration_days(_group(match, *_DURATIONS))


def _months(match: re.Match[str], context: str, const: Any) -> Any:
    return normalize.duration_months(_group(match, *_DURATIONS))


def _cadence(match: re.Match[str], context: str, const: Any) -> Any:
    return normalize.parse_cadence(_group(match, "word", "word2", "word3", "word4"))


def _percent(match: re.Match[str], context: str, const: Any) -> Any:
    value = normalize.parse_percent(_group(match, "percent", "p2", "p3"))
    return None if value is None or not 0 < value <= 100 else {"percent": value}


def _money(match: re.Match[str], context: str, const: Any) -> Any:
    return normalize.parse_money(_group(match, "money"))


def _const(match: re.Match[str], context: str, const: Any) -> Any:
    return const


def _fees_paid_months(match: re.Match[str], context: str, const: Any) -> Any:
    """Fees paid over a period when the text names one; "the fees paid" alone has no period."""
    months = normalize.duration_months(_group(match, *_DURATIONS))
    return {"basis": "fees_paid", "months": months["months"]} if months else {"basis": "fees_paid"}


def _monthly_fee_multiple(match: re.Match[str], context: str, const: Any) -> Any:
    percent = normalize.parse_percent(_group(match, "percent", "p2", "p3")) if _group(match, "percent", "p2", "p3") else None
    number = normalize.parse_number(_group(match, "number", "n2", "n3")) if _group(match, "number", "n2", "n3") else None
    multiple = percent / 100 if percent is not None else number if number is not None else 1.0
    return {"basis": "monthly_fee", "multiple": multiple}


def _versions(match: re.Match[str], context: str, const: Any) -> Any:
    number = normalize.parse_number(_group(match, "number", "n2", "n3"))
    return None if number is None else {"versions": int(number)}


def _max_percent(match: re.Match[str], context: str, const: Any) -> Any:
    value = normalize.parse_percent(_group(match, "percent", "p2", "p3"))
    return None if value is None else {"max_percent": value}


def _notice_days(match: re.Match[str], context: str, const: Any) -> Any:
    days = normalize.duration_days(_group(match, *_DURATIONS)) if _group(match, *_DURATIONS) else None
    return {"notice_days": days["days"]} if days else True


def _credit_band(match: re.Match[str], context: str, const: Any) -> Any:
    # The pattern captured the figure after "below"/"低于": it is the bound itself.
    below = normalize.parse_percent(_group(match, "below"))
    credit = normalize.parse_percent(_group(match, "credit"))
    if below is None or credit is None:
        return None
    return {"below_percent": below, "credit_percent": credit}


def _languages(match: re.Match[str], context: str, const: Any) -> Any:
    names = _language_codes()
    pattern = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    codes = {code for name in re.findall(pattern, _group(match, "langs", "langs2").lower()) for code in names[name]}
    return Several(sorted(codes)) if codes else None


@cache
def _regions() -> dict:
    return read_yaml(DATA_DIR / "lang" / "regions.yaml")


def _region(match: re.Match[str], context: str, const: Any) -> Any:
    """Countries and regions → ISO codes (a list such as "Germany and Ireland" gives one fact each)."""
    text = _group(match, "regions", "region2")
    known = _regions()["regions"]
    pattern = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(known, key=len, reverse=True))
    found = [known[re.sub(r"\s+", " ", name.lower())] for name in re.findall(pattern, text, re.IGNORECASE)]
    if not found:
        return text or None
    return Several(dict.fromkeys(found))


def _region_as_written(match: re.Match[str], context: str, const: Any) -> Any:
    """A named data-centre region, kept as the document writes it ("Hong Kong", "North America")."""
    return _group(match, "region", "region2") or None


def _certification(match: re.Match[str], context: str, const: Any) -> Any:
    compact = re.sub(r"\s+|/iec", "", _group(match, "cert").lower())
    for code, forms in _regions()["certifications"].items():
        if compact in {re.sub(r"\s+|/iec", "", form) for form in forms}:
            return code
    return "other"


def band_upper_bound(band: str) -> float | None:
    """The availability under which a credit band applies.

    ``"< 90%"`` → 90; ``"97% - 98.99%"`` → 99 (the band runs up to, not
    including, 99); ``"99.5%"`` said with "below" → 99.5.
    """
    numbers = re.findall(r"\d+(?:\.\d+)?", band)
    if not numbers:
        return None
    below_words = normalize.lexicon().below.search(band)
    if below_words:
        return float(below_words.group(1))
    top = max(numbers, key=float)
    decimals = top.split(".")[1] if "." in top else ""
    if decimals.endswith("9"):  # "98.99" closes a band that runs up to 99
        return round(float(top) + math.pow(10, -len(decimals)), len(decimals))
    return float(top)


CONVERTERS: dict[str, Converter] = {
    "duration": _duration,
    "days": _days,
    "months": _months,
    "percent": _percent,
    "money": _money,
    "const": _const,
    "fees_paid_months": _fees_paid_months,
    "monthly_fee_multiple": _monthly_fee_multiple,
    "versions": _versions,
    "max_percent": _max_percent,
    "notice_days": _notice_days,
    "credit_band": _credit_band,
    "languages": _languages,
    "cadence": _cadence,
    "region": _region,
    "region_as_written": _region_as_written,
    "certification": _certification,
}
