from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from larlabb.core.formatting import format_date_span, format_sek, format_time_span

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("start", "end", "lunch", "expected"),
    [
        (at(2024, 8, 27, 9), at(2024, 8, 27, 11, 30), False, "27 augusti 2024, kl. 9–11.30"),
        (at(2024, 12, 10, 9), at(2024, 12, 10, 11, 30), False, "10 december 2024, kl. 9–11.30"),
        (at(2024, 9, 12, 12), at(2024, 9, 13, 13), True, "12–13 september 2024, lunch–lunch"),
        (
            at(2024, 9, 30, 12),
            at(2024, 10, 1, 13),
            True,
            "30 september–1 oktober 2024, lunch–lunch",
        ),
        (
            at(2024, 12, 31, 12),
            at(2025, 1, 1, 13),
            True,
            "31 december 2024–1 januari 2025, lunch–lunch",
        ),
    ],
)
def test_swedish_time_spans_read_like_an_invitation(start, end, lunch, expected):
    with translation.override("sv"):
        assert format_time_span(start, end, lunch_to_lunch=lunch) == expected


def test_times_are_shown_in_stockholm_time_whatever_zone_they_come_in():
    utc = ZoneInfo("UTC")
    start = datetime(2025, 1, 22, 11, 0, tzinfo=utc)  # 12.00 in Stockholm (winter)
    end = datetime(2025, 1, 22, 14, 30, tzinfo=utc)
    with translation.override("sv"):
        assert format_time_span(start, end, lunch_to_lunch=False) == "22 januari 2025, kl. 12–15.30"


def test_english_uses_its_own_clock_and_month_names():
    with translation.override("en"):
        assert format_date_span(at(2024, 8, 27, 9), at(2024, 8, 27, 11)) == "27 August 2024"


def test_money_is_grouped_with_non_breaking_spaces_in_swedish():
    with translation.override("sv"):
        assert format_sek(23000) == "23\u00a0000\u00a0kr"
        assert format_sek(345000) == "345\u00a0000\u00a0kr"
    with translation.override("en"):
        assert format_sek(23000) == "SEK\u00a023,000"
