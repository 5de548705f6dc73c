"""Dates, times and money the way Swedish public-sector texts write them.

"27 augusti 2024, kl. 9–11.30", "12–13 september 2024, lunch–lunch", "23 000 kr".
English gets its own conventions through the active language.
"""

from datetime import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

NBSP = "\u00a0"
EN_DASH = "–"


def _is_swedish() -> bool:
    return (translation.get_language() or "sv").startswith("sv")


def format_clock(moment: datetime) -> str:
    """9, 11.30 in Swedish; 9:00, 11:30 in English."""
    local = timezone.localtime(moment)
    if _is_swedish():
        return f"{local.hour}" if local.minute == 0 else f"{local.hour}.{local.minute:02d}"
    return f"{local.hour}:{local.minute:02d}"


def format_day(moment: datetime, *, with_year: bool = True) -> str:
    local = timezone.localtime(moment)
    return date_format(local, "j F Y" if with_year else "j F")


def format_date_span(starts_at: datetime, ends_at: datetime) -> str:
    """'27 augusti 2024' or '12–13 september 2024' or '30 september–1 oktober 2024'."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{EN_DASH}{format_day(end)}"
    if start.year == end.year:
        return f"{format_day(start, with_year=False)}{EN_DASH}{format_day(end)}"
    return f"{format_day(start)}{EN_DASH}{format_day(end)}"


def _day_and_clock(moment: datetime, *, with_year: bool) -> str:
    return _("%(dates)s, kl. %(clock)s") % {
        "dates": format_day(moment, with_year=with_year),
        "clock": format_clock(moment),
    }


def format_time_span(starts_at: datetime, ends_at: datetime, *, lunch_to_lunch: bool) -> str:
    """The date span followed by the clock span: '27 augusti 2024, kl. 9–11.30'.

    Over several days: '12–13 september 2024, lunch–lunch', or with both clock times when the
    meeting does not run lunch to lunch: '30 september, kl. 10 – 1 oktober 2024, kl. 15'.
    """
    dates = format_date_span(starts_at, ends_at)
    if lunch_to_lunch:
        return f"{dates}, {_('lunch–lunch')}"
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() != end.date():
        first = _day_and_clock(start, with_year=start.year != end.year)
        return f"{first} {EN_DASH} {_day_and_clock(end, with_year=True)}"
    clock = f"{format_clock(start)}{EN_DASH}{format_clock(end)}"
    return _("%(dates)s, kl. %(clock)s") % {"dates": dates, "clock": clock}


def format_number(number: int) -> str:
    """'23 000' in Swedish (a non-breaking space between thousands), '23,000' in English."""
    return f"{number:,}".replace(",", NBSP) if _is_swedish() else f"{number:,}"


def format_sek(amount: int) -> str:
    """'23 000 kr' in Swedish (non-breaking spaces), 'SEK 23,000' in English."""
    if _is_swedish():
        return f"{format_number(amount)}{NBSP}kr"
    return f"SEK{NBSP}{format_number(amount)}"
