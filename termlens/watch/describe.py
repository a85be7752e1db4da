"""Normalised fact values as a buyer reads them: ``60`` minutes → ``1 h``, ``{"percent": 99.9}`` → ``99.9 %``."""

from __future__ import annotations

from typing import Any

_BUSINESS = {"en": " (business time)", "zh": "（工作时间）"}


def duration(minutes: float, business_time: bool = False, language: str = "en") -> str:
    # Whole days read as days from three on; "24 h" and "48 h" are how SLAs say one or two days.
    if minutes >= 3 * 1440 and minutes % 1440 == 0:
        text = f"{minutes / 1440:g} d"
    elif minutes >= 60:
        text = f"{minutes / 60:g} h"
    else:
        text = f"{minutes:g} min"
    return text + (_BUSINESS.get(language, _BUSINESS["en"]) if business_time else "")


def value_text(value: Any, language: str = "en") -> str:
    """One short phrase for any value shape of facts.md."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return str(value)
    if "minutes" in value:
        return duration(float(value["minutes"]), bool(value.get("business_time")), language)
    if "credit_percent" in value:
        return f"{value['credit_percent']:g} % below {value.get('below_percent', 0):g} %"
    if "percent" in value:
        return f"{value['percent']:g} %"
    if value.get("basis") == "fees_paid":
        return f"fees paid in {value.get('months', '?')} months"
    if value.get("basis") == "monthly_fee":
        return f"{value.get('multiple', '?'):g}× the monthly fee"
    if "amount" in value:
        return f"{value['amount']:g} {value.get('currency', '')}".strip()
    if "days" in value:
        return f"{value['days']:g} days"
    if "months" in value:
        return f"{value['months']:g} months"
    if "versions" in value:
        return f"{value['versions']:g} versions"
    if "max_percent" in value:
        return f"at most +{value['max_percent']:g} %"
    if "notice_days" in value:
        return f"with {value['notice_days']:g} days' notice"
    return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))


def values_text(values: list[Any], language: str = "en") -> str:
    return ", ".join(value_text(v, language) for v in values) or "—"
