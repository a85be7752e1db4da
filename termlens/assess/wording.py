"""What people read, in Chinese or English: labels from ``data/assess/labels.yaml`` and value formats.

Codes (finding codes, checklist ids, fact keys) stay English in every
language; only labels, messages and questions are translated.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from termlens.model import DIMENSIONS, Profile
from termlens.resources import DATA_DIR, load_yaml

SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")  # worst first


class Localized(BaseModel):
    """The same text in both output languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    zh: str
    en: str

    def __call__(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


class LabelFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dimensions: dict[str, Localized]
    severities: dict[str, Localized]
    states: dict[str, Localized]
    words: dict[str, Localized]
    values: dict[str, Localized]

    @field_validator("dimensions")
    @classmethod
    def _all_nine(cls, value: dict[str, Localized]) -> dict[str, Localized]:
        if set(value) != set(DIMENSIONS):
            raise ValueError(f"must name exactly the nine dimensions: {', '.join(DIMENSIONS)}")
        return value


@cache
def labels() -> LabelFile:
    return load_yaml(DATA_DIR / "assess" / "labels.yaml", LabelFile)


def word(name: str, language: str) -> str:
    return labels().words[name](language)


def profile_summary(profile: Profile, name_style: str = "{}") -> str:
    """"profile: critical · industry: finance · overseas", in the buyer's language."""
    language = profile.language
    parts = [f"{word('profile', language)}: {name_style.format(profile.name)}"]
    if profile.industry:
        parts.append(f"{word('industry', language)}: {profile.industry}")
    if profile.overseas:
        parts.append(word("overseas", language))
    return " · ".join(parts)


def dimension_label(dimension: str, language: str) -> str:
    return labels().dimensions[dimension](language)


def severity_label(severity: str, language: str) -> str:
    return labels().severities[severity](language)


def state_label(state: str, language: str) -> str:
    return labels().states[state](language)


_UNITS = {
    "zh": {"min": " 分钟", "h": " 小时", "d": " 天", "business": "（工作时间）", "months": " 个月", "versions": " 个版本"},
    "en": {"min": " min", "h": " h", "d": " d", "business": " (business time)", "months": " months",
           "versions": " versions"},
}
_CAP_BASES = {
    "fees_paid": {"zh": "已付服务费", "en": "fees paid"},
    "monthly_fee": {"zh": "月服务费", "en": "monthly fee"},
}


def number_text(number: float) -> str:
    return f"{number:g}" if number != int(number) else str(int(number))


def duration_text(minutes: float, business_time: bool, language: str) -> str:
    """30 → "30 min", 240 → "4 h", 2880 → "2 d"; business time is said, never hidden."""
    units = _UNITS["zh" if language == "zh" else "en"]
    if minutes >= 1440 and minutes % 1440 == 0:
        amount = number_text(minutes / 1440) + units["d"]
    elif minutes >= 60:
        amount = number_text(round(minutes / 60, 1)) + units["h"]
    else:
        amount = number_text(minutes) + units["min"]
    return amount + (units["business"] if business_time else "")


def figure_text(field: str, number: float, business_time: bool, language: str) -> str:
    units = _UNITS["zh" if language == "zh" else "en"]
    if field == "minutes":
        return duration_text(number, business_time, language)
    if field in ("percent", "credit_percent"):
        return f"{number_text(number)}%"
    if field == "max_percent":
        return f"≤ {number_text(number)}%"
    if field in ("days", "notice_days"):
        return number_text(number) + units["d"]
    return number_text(number) + units.get(field, "")


def value_text(value: Any, language: str) -> str:
    """A fact value as a person reads it: durations, caps, money, percents, enums."""
    if isinstance(value, bool):
        return word("answer_yes" if value else "answer_no", language)
    if isinstance(value, str) and value in labels().values:
        return labels().values[value](language)
    if not isinstance(value, dict):
        return str(value)
    if "minutes" in value:
        return duration_text(value["minutes"], bool(value.get("business_time")), language)
    if "basis" in value:
        basis = str(_CAP_BASES.get(value["basis"], {}).get(language, value["basis"]))
        if "months" in value:
            return f"{basis}（{value['months']} 个月）" if language == "zh" else f"{basis} ({value['months']} months)"
        if "multiple" in value:
            return f"{number_text(value['multiple'])}× {basis}"
        return basis
    if "amount" in value:
        return f"{value.get('currency', '')} {value['amount']:,.0f}".strip()
    if "credit_percent" in value:
        below = number_text(value["below_percent"])
        credit = number_text(value["credit_percent"])
        return f"< {below}% → {credit}%"
    if len(value) == 1:
        field, number = next(iter(value.items()))
        if isinstance(number, int | float):
            return figure_text(field, number, False, language)
    return ", ".join(f"{name}={part}" for name, part in value.items())
