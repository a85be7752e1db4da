"""Surface figures → contract values, in every form vendors write them."""

from __future__ import annotations

import re

import pytest

from termlens.extract.normalize import fragments, parse_duration, parse_money, parse_number, parse_percent
from termlens.extract.values import band_upper_bound
from termlens.textnorm import fold


@pytest.mark.parametrize(
    ("text", "minutes", "business"),
    [
        ("4 小时", 240, False),
        ("四小时", 240, False),
        ("半小时", 30, False),
        ("30分钟", 30, False),
        ("2个工作日", 2880, True),
        ("一个自然日", 1440, False),
        ("一个半小时", 90, False),
        ("二十四小时", 1440, False),
        ("within four (4) business hours", 240, True),
        ("1 hr", 60, False),
        ("2-4 hours", 240, False),
        ("2～4 小时", 240, False),
        ("48 business hours", 2880, True),
        ("a 4-hour window", 240, False),
        ("twenty-four (24) hours", 1440, False),
        ("one business day", 1440, True),
        ("15 min", 15, False),
        ("兩個工作日", 2880, True),
    ],
)
def test_normalize_duration_forms(text: str, minutes: int, business: bool) -> None:
    duration = re.search(fragments()["DURATION"], fold(text), re.IGNORECASE)
    assert duration is not None
    assert parse_duration(duration.group(0)) == {"minutes": minutes, "business_time": business}


@pytest.mark.parametrize(
    ("text", "value"),
    [("4", 4), ("1,000", 1000), ("four (4)", 4), ("四", 4), ("十五", 15), ("二十四", 24), ("一百", 100),
     ("半", 0.5), ("一个半", 1.5), ("thirty (30)", 30), ("两", 2)],
)
def test_normalize_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("band", "below"),
    [("97% - 98.99%", 99.0), ("< 90%", 90.0), ("低于99.95%但等于或高于99%", 99.95), ("94% - 96.99%", 97.0),
     ("≥ 99.5% and < 99.9%", 99.9), ("99.0% – 99.89%", 99.9)],
)
def test_normalize_credit_band_upper_bound(band: str, below: float) -> None:
    assert band_upper_bound(band) == below


def test_normalize_percent_and_money() -> None:
    assert parse_percent("99.95%") == 99.95
    assert parse_percent("百分之九十九点九") == 99.9
    assert parse_money("人民币10万元") == {"amount": 100000.0, "currency": "CNY"}
    assert parse_money("USD 10,000") == {"amount": 10000.0, "currency": "USD"}
