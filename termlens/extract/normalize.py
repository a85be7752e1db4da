"""Surface figures → contract values (facts.md "Normalised values").

The regular-expression fragments built here are the macros rule files use:
``{DURATION}``, ``{PERCENT}``, ``{NUMBER}``, ``{MONEY}``. Each parser takes the
text a macro matched and returns the normalised value. All matching runs on
folded text (termlens.textnorm.fold), so Traditional Chinese and full-width
forms need no patterns of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from termlens.resources import DATA_DIR, load_yaml, read_yaml

MINUTES_PER_DAY = 1440


class _TimeUnit(BaseModel):
    forms: list[str]
    minutes: int
    business: bool


class _Units(BaseModel):
    number_words: dict[str, dict[str, float]]
    time_units: list[_TimeUnit]
    business_markers: list[str]
    hours_24x7: list[str]
    hours_business: list[str]
    currencies: dict[str, list[str]]
    cadence: dict[str, list[str]]
    below_words: list[str]
    range_words: list[str]


@dataclass(frozen=True)
class Lexicon:
    """Compiled unit and number vocabulary."""

    en_numbers: dict[str, float]
    zh_digits: dict[str, int]
    zh_multipliers: dict[str, int]
    unit_by_form: dict[str, _TimeUnit]
    currency_by_form: dict[str, str]
    business_markers: tuple[str, ...]
    hours_24x7: tuple[str, ...]
    hours_business: tuple[str, ...]
    cadence_by_word: dict[str, str]
    below: re.Pattern[str]
    range_words: tuple[str, ...]


@cache
def lexicon() -> Lexicon:
    units = load_yaml(DATA_DIR / "lang" / "units.yaml", _Units)
    return Lexicon(
        en_numbers=units.number_words["en"],
        zh_digits={k: int(v) for k, v in units.number_words["zh_digits"].items()},
        zh_multipliers={k: int(v) for k, v in units.number_words["zh_multipliers"].items()},
        unit_by_form={form.lower(): unit for unit in units.time_units for form in unit.forms},
        currency_by_form={
            form.lower(): code for code, forms in units.currencies.items() for form in forms
        },
        business_markers=tuple(m.lower() for m in units.business_markers),
        hours_24x7=tuple(m.lower() for m in units.hours_24x7),
        hours_business=tuple(m.lower() for m in units.hours_business),
        cadence_by_word={word: enum for enum, words in units.cadence.items() for word in words},
        range_words=tuple(units.range_words),
        below=re.compile(rf"(?:{_alternation(units.below_words)})\s*(\d+(?:\.\d+)?)", re.IGNORECASE),
    )


def _alternation(forms: list[str] | tuple[str, ...]) -> str:
    """Longest first, so "business hours" wins over "business hour" and "hour"."""
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(set(forms), key=lambda f: (-len(f), f)))


@cache
def fragments() -> dict[str, str]:
    """Regex fragments (no named groups) for the rule macros."""
    lex = lexicon()
    en_words = _alternation(list(lex.en_numbers))
    zh_chars = "".join(sorted(set(lex.zh_digits) | set(lex.zh_multipliers)))
    arabic = r"\d+(?:,\d{3})*(?:\.\d+)?"
    # "十二（12）个月": contracts repeat the figure in digits; fold made the brackets ASCII.
    zh_number = rf"(?:[{zh_chars}]+(?:个半)?(?:\s*\(\s*\d+(?:\.\d+)?\s*\))?|半)"
    en_number = rf"(?<![a-z])(?:{en_words})(?:\s*\(\s*\d+(?:\.\d+)?\s*\))?(?![a-z])"
    number = rf"(?:{arabic}|{en_number}|{zh_number})"
    ranged = rf"{number}(?:\s*(?:{_alternation(lex.range_words)})\s*{number})?"
    unit_forms = list(lex.unit_by_form)
    unit = rf"(?:{_alternation(unit_forms)})(?![a-z])"
    currency = _alternation(list(lex.currency_by_form))
    # Bounded on both sides by a non-letter: "US" is a region, "USB" is not.
    region = rf"(?<![A-Za-z])(?:{_alternation(region_names())})(?![A-Za-z])"
    return {
        "NUMBER": number,
        "DURATION": rf"{ranged}\s*-?\s*(?:个)?{unit}",
        "PERCENT": rf"(?:{arabic}\s*%|百分之{zh_number}(?:点[{zh_chars}]+)?|(?:{en_number}|{arabic})\s*percent"
                   rf"(?:\s*\(\s*{arabic}\s*%\s*\))?)",
        "MONEY": rf"(?:(?:{currency})\s*{arabic}(?:\s*万)?|{arabic}\s*(?:万)?\s*(?:{currency}))",
        # "Germany and Ireland", "the EU or in the United States", "中国境内、新加坡"
        "REGIONS": rf"{region}(?:(?:\s*[,、，]\s*|\s+(?:and|or)\s+|\s*(?:和|及|或)\s*)(?:in\s+)?(?:the\s+)?{region})*",
    }


@cache
def period_words() -> frozenset[str]:
    """The words of every unit of an hour or more ("days", "个工作日"): a clause without one names no period."""
    return frozenset(form for form, unit in lexicon().unit_by_form.items() if unit.minutes >= 60)


@cache
def region_names() -> tuple[str, ...]:
    """The places data may be stored, as terms write them (``data/lang/regions.yaml``)."""
    return tuple(read_yaml(DATA_DIR / "lang" / "regions.yaml")["regions"])


@cache
def pattern(name: str) -> re.Pattern[str]:
    """One fragment compiled on its own: ``pattern("DURATION")`` finds every period in a text."""
    return re.compile(fragments()[name], re.IGNORECASE)


@cache
def _duration_parts() -> re.Pattern[str]:
    frag = fragments()
    lex = lexicon()
    unit = _alternation(list(lex.unit_by_form))
    number = frag["NUMBER"]
    return re.compile(
        rf"(?P<low>{number})(?:\s*(?:{_alternation(lexicon().range_words)})\s*(?P<high>{number}))?\s*-?\s*(?:个)?"
        rf"(?P<unit>{unit})",
        re.IGNORECASE,
    )


def parse_number(text: str) -> float | None:
    """``"4"``, ``"1,000"``, ``"four (4)"``, ``"四"``, ``"二十四"``, ``"半"``, ``"一个半"`` → a number."""
    text = text.strip().lower()
    digits_in_parens = re.search(r"\((\s*\d+(?:\.\d+)?\s*)\)", text)
    if digits_in_parens:
        return float(digits_in_parens.group(1))
    if re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    lex = lexicon()
    words = re.sub(r"\s+", " ", text)
    if words in lex.en_numbers:
        return float(lex.en_numbers[words])
    return _parse_zh_number(text, lex)


def _parse_zh_number(text: str, lex: Lexicon) -> float | None:
    half = 0.0
    if text.endswith("个半"):
        text, half = text[:-2], 0.5
    if text == "半":
        return 0.5
    if not text or any(ch not in lex.zh_digits and ch not in lex.zh_multipliers for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in lex.zh_digits:
            digit = lex.zh_digits[ch]
            continue
        multiplier = lex.zh_multipliers[ch]
        if multiplier == 10000:
            total += (section + (digit or 0)) * multiplier
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * multiplier
            digit = None
    return float(total + section + (digit or 0)) + half


def parse_duration(text: str, context: str = "") -> dict[str, Any] | None:
    """``"2个工作日"`` → ``{"minutes": 2880, "business_time": True}``.

    A range ("2-4 hours") reports its upper bound: that is the limit the
    vendor commits to. ``context`` is the surrounding text; a business-time
    marker in it ("工作时间内", "during business hours") sets business_time.
    """
    match = _duration_parts().search(text)
    if not match:
        return None
    low = parse_number(match.group("low"))
    high = parse_number(match.group("high")) if match.group("high") else None
    amount = high if high is not None else low
    if amount is None:
        return None
    unit = lexicon().unit_by_form[re.sub(r"\s+", " ", match.group("unit").lower())]
    business = unit.business or has_business_marker(context)
    return {"minutes": round(amount * unit.minutes), "business_time": business}


def has_business_marker(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in lexicon().business_markers)


def duration_days(text: str) -> dict[str, int] | None:
    duration = parse_duration(text)
    if duration is None:
        return None
    return {"days": round(duration["minutes"] / MINUTES_PER_DAY)}


def duration_months(text: str) -> dict[str, int] | None:
    duration = parse_duration(text)
    if duration is None:
        return None
    minutes = duration["minutes"]
    if minutes % 525600 == 0:
        return {"months": minutes // 525600 * 12}
    return {"months": round(minutes / 43200)}


def parse_cadence(text: str) -> str | None:
    return lexicon().cadence_by_word.get(re.sub(r"\s+", " ", text.strip().lower()))


def parse_percent(text: str) -> float | None:
    """``"99.95%"``, ``"five percent (5%)"``, ``"百分之九十九点九"`` → the number of percent."""
    match = re.search(r"\d+(?:\.\d+)?", text)
    if match and "百分之" not in text:
        return float(match.group())
    worded = re.match(r"\s*(.+?)\s*percent", text, re.IGNORECASE)
    if worded:
        return parse_number(worded.group(1))
    spoken = re.search(r"百分之(.+?)(?:点(.+))?$", text.strip())
    if not spoken:
        return None
    whole = parse_number(spoken.group(1))
    if whole is None:
        return None
    if spoken.group(2):
        decimals = "".join(str(lexicon().zh_digits.get(ch, "")) for ch in spoken.group(2))
        return float(f"{int(whole)}.{decimals}")
    return whole


def parse_money(text: str) -> dict[str, Any] | None:
    amount_match = re.search(r"\d+(?:,\d{3})*(?:\.\d+)?", text)
    if not amount_match:
        return None
    amount = float(amount_match.group().replace(",", ""))
    if "万" in text:
        amount *= 10000
    lowered = text.lower()
    for form, code in sorted(lexicon().currency_by_form.items(), key=lambda item: -len(item[0])):
        if form in lowered:
            return {"amount": amount, "currency": code}
    return None
