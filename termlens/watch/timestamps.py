"""Timestamps from ticket and outage exports, made time-zone aware.

A timestamp that names its offset keeps it; a naive one is read in the
zone the user gives (``--tz``, UTC by default), because exports usually
write the account's local time without saying so.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser

from termlens.errors import DataError

# 2026年1月5日 10时15分 → 2026-1-5 10:15 (exports of Chinese ticket systems).
_ZH_DATE = str.maketrans({"年": "-", "月": "-", "日": " ", "时": ":", "点": ":", "分": " ", "秒": " "})
# "GMT+0800" means UTC+8 to a person; dateutil reads it the POSIX way (UTC-8).
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)(?=[+-]\d)")
# Epoch values from JSON APIs: seconds (10 digits) or milliseconds (13 digits).
_EPOCH = re.compile(r"^\d{10}(\d{3})?(\.\d+)?$")


def zone(name: str) -> tzinfo:
    """The ``--tz`` option as a tzinfo: an IANA name, ``UTC``, or a fixed offset like ``+08:00``."""
    if name.upper() in {"UTC", "Z"}:
        return UTC
    offset = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})?", name.strip())
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DataError(f"unknown time zone {name!r}; use an IANA name (Asia/Shanghai), UTC or an offset (+08:00)") from None


def parse_timestamp(raw: object, default_zone: tzinfo, *, formats: tuple[str, ...] = (),
                    dayfirst: bool = False) -> datetime:
    """An aware datetime from an export value; raises ValueError with a short reason otherwise."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _from_epoch(float(raw))
    text = str(raw).strip()
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    parsed = _parse_text(text, formats, dayfirst)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=default_zone)


def _from_epoch(value: float) -> datetime:
    seconds = value / 1000 if value > 10**11 else value
    return datetime.fromtimestamp(seconds, tz=UTC)


def _parse_text(text: str, formats: tuple[str, ...], dayfirst: bool) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    cleaned = _GMT_OFFSET.sub("", text.translate(_ZH_DATE)).strip()
    try:
        return dateutil_parser.parse(cleaned, dayfirst=dayfirst)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"cannot read {text!r} as a date and time ({error})") from None
