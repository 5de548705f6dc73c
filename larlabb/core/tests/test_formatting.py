from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from larlabb.core.formatting import (
    format_clock,
    format_date_span,
    format_sek,
    format_time_span,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = ZoneInfo("UTC")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("start", "end", "lunch", "expected"),
    [
        (at(2024, 8, 27, 9), at(2024, 8, 27, 11, 30), False, "27 augusti 2024, kl. 9–11.30"),
        (at(2024, 10, 16, 13), at(2024, 10, 16, 15, 30), False, "16 oktober 2024, kl. 13–15.30"),
        (at(2024, 11, 21, 13), at(2024, 11, 21, 16), False, "21 november 2024, kl. 13–16"),
        (at(2024, 12, 10, 9), at(2024, 12, 10, 11, 30), False, "10 december 2024, kl. 9–11.30"),
        (at(2023, 6, 8, 9, 30), at(2023, 6, 8, 16), False, "8 juni 2023, kl. 9.30–16"),
        (at(2024, 9, 12, 12), at(2024, 9, 13, 13), True, "12–13 september 2024, lunch–lunch"),
        (at(2025, 1, 22, 12), at(2025, 1, 23, 13), True, "22–23 januari 2025, lunch–lunch"),
    ],
)
def test_swedish_time_spans_read_like_the_invitation(start, end, lunch, expected):
    with translation.override("sv"):
        assert format_time_span(start, end, lunch_to_lunch=lunch) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(2024, 9, 30, 12), at(2024, 10, 1, 13), "30 september–1 oktober 2024, lunch–lunch"),
        (
            at(2024, 12, 31, 12),
            at(2025, 1, 1, 13),
            "31 december 2024–1 januari 2025, lunch–lunch",
        ),
    ],
)
def test_lunch_to_lunch_across_a_month_or_a_year_names_both_ends(start, end, expected):
    with translation.override("sv"):
        assert format_time_span(start, end, lunch_to_lunch=True) == expected


def test_a_multi_day_meeting_that_is_not_lunch_to_lunch_keeps_both_clock_times():
    with translation.override("sv"):
        assert (
            format_time_span(at(2024, 9, 12, 10), at(2024, 9, 13, 15), lunch_to_lunch=False)
            == "12 september, kl. 10 – 13 september 2024, kl. 15"
        )
        assert (
            format_time_span(at(2024, 12, 31, 18), at(2025, 1, 1, 2), lunch_to_lunch=False)
            == "31 december 2024, kl. 18 – 1 januari 2025, kl. 2"
        )


def test_times_are_shown_in_stockholm_time_in_winter_and_summer():
    with translation.override("sv"):
        # 11.00 UTC is 12 in Stockholm in January (UTC+1) and 13 in July (UTC+2).
        winter = format_time_span(
            datetime(2025, 1, 22, 11, tzinfo=UTC),
            datetime(2025, 1, 22, 14, 30, tzinfo=UTC),
            lunch_to_lunch=False,
        )
        summer = format_time_span(
            datetime(2025, 7, 22, 11, tzinfo=UTC),
            datetime(2025, 7, 22, 14, 30, tzinfo=UTC),
            lunch_to_lunch=False,
        )
    assert winter == "22 januari 2025, kl. 12–15.30"
    assert summer == "22 juli 2025, kl. 13–16.30"


def test_late_evening_utc_falls_on_the_next_day_in_stockholm():
    with translation.override("sv"):
        assert format_date_span(
            datetime(2024, 12, 31, 23, 30, tzinfo=UTC), datetime(2025, 1, 1, 1, tzinfo=UTC)
        ) == ("1 januari 2025")


def test_swedish_clock_drops_zero_minutes_and_uses_a_point():
    with translation.override("sv"):
        assert [format_clock(at(2024, 1, 1, 9)), format_clock(at(2024, 1, 1, 9, 5))] == [
            "9",
            "9.05",
        ]


@pytest.mark.parametrize(
    ("start", "end", "lunch", "expected"),
    [
        (at(2024, 8, 27, 9), at(2024, 8, 27, 11, 30), False, "27 August 2024, 9:00–11:30"),
        (at(2024, 9, 12, 12), at(2024, 9, 13, 13), True, "12–13 September 2024, lunch to lunch"),
        (
            at(2024, 9, 30, 12),
            at(2024, 10, 1, 13),
            True,
            "30 September–1 October 2024, lunch to lunch",
        ),
    ],
)
def test_english_uses_its_own_clock_and_month_names(start, end, lunch, expected):
    with translation.override("en"):
        assert format_time_span(start, end, lunch_to_lunch=lunch) == expected


def test_money_is_grouped_with_non_breaking_spaces_in_swedish():
    with translation.override("sv"):
        assert format_sek(23000) == "23\u00a0000\u00a0kr"
        assert format_sek(345000) == "345\u00a0000\u00a0kr"
        assert format_sek(900) == "900\u00a0kr"
        assert format_sek(1_250_000) == "1\u00a0250\u00a0000\u00a0kr"
    with translation.override("en"):
        assert format_sek(23000) == "SEK\u00a023,000"
