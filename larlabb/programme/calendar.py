"""RFC 5545 calendars for workshops: one event per workshop, stable UIDs, Europe/Stockholm."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from larlabb.programme.models import LearningProject, Workshop

PRODID = "-//Lärlabb//Lärlabb program//SV"


def stockholm_vtimezone() -> Timezone:
    """Europe/Stockholm as the two EU summer-time rules, not a list of every change since 1970.

    Summer time starts at 02.00 local time on the last Sunday of March and ends at 03.00 local
    time on the last Sunday of October (the EU rule since 1996), so the rules hold for every
    future year without regenerating the file.
    """
    zone = Timezone()
    zone.add("tzid", "Europe/Stockholm")
    zone.add("x-lic-location", "Europe/Stockholm")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1996, 3, 31, 2, 0))  # noqa: DTZ001 - VTIMEZONE local time
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))  # noqa: DTZ001 - VTIMEZONE local time
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def workshop_uid(workshop: Workshop) -> str:
    # Stable for the workshop's whole life, so an updated file replaces the event.
    return f"workshop-{workshop.uid}@larlabb"


def workshop_url(workshop: Workshop) -> str:
    path = reverse(
        "programme:workshop",
        kwargs={"slug": workshop.project.slug, "number": workshop.number},
    )
    return f"{settings.SITE_URL}{path}"


def _location(workshop: Workshop) -> str:
    if workshop.format == Workshop.Format.DIGITAL:
        return _("Digitalt")
    parts = [workshop.venue, workshop.address, workshop.city]
    return ", ".join(part for part in parts if part) or _("Meddelas senare")


def _description(workshop: Workshop, *, online_url: str) -> str:
    lines = [str(workshop.get_format_display()), "", workshop.block.title, ""]
    lines += [f"• {item}" for item in workshop.block.agenda_items]
    if workshop.note:
        lines += ["", workshop.note]
    if workshop.is_preliminary:
        lines += ["", _("Preliminärt datum")]
    if online_url:
        lines += ["", f"{_('Länk till mötet:')} {online_url}"]
    lines += ["", workshop_url(workshop)]
    return "\n".join(lines).strip()


def workshop_event(
    workshop: Workshop, *, stamp: datetime, include_online_url: bool = False
) -> Event:
    event = Event()
    event.add("uid", workshop_uid(workshop))
    event.add("sequence", workshop.sequence)
    event.add("dtstamp", stamp)
    event.add("last-modified", workshop.updated_at.astimezone(UTC))
    event.add("dtstart", timezone.localtime(workshop.starts_at))
    event.add("dtend", timezone.localtime(workshop.ends_at))
    event.add("summary", f"Workshop {workshop.number}. {workshop.display_title}")
    event.add("location", _location(workshop))
    online_url = workshop.online_url if include_online_url else ""
    event.add("description", _description(workshop, online_url=online_url))
    event.add("url", workshop_url(workshop))
    event.add("status", "TENTATIVE" if workshop.is_preliminary else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def calendar_bytes(
    *,
    name: str,
    workshops: Iterable[Workshop],
    include_online_url: bool = False,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # How often a subscribed calendar program should fetch the feed again (RFC 7986 and the
    # older name that Outlook and Apple Calendar read).
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    calendar.add_component(stockholm_vtimezone())
    stamp = datetime.now(tz=UTC)
    for workshop in workshops:
        calendar.add_component(
            workshop_event(workshop, stamp=stamp, include_online_url=include_online_url)
        )
    return bytes(calendar.to_ical())


def project_calendar_bytes(project: LearningProject) -> bytes:
    return calendar_bytes(name=project.full_title, workshops=project.workshops.all())
