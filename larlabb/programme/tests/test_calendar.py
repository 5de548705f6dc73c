from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from larlabb.programme.models import Workshop

SEED = "hallbara-livsmiljoer-2024"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def _events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_workshop_file_carries_the_local_stockholm_times(client, demo):
    _, events = _events(client, reverse("programme:workshop_ics", args=[SEED, 1]))
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    end = events[0].decoded("dtend")
    assert events[0]["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert start == datetime(2024, 8, 27, 9, 0, tzinfo=STOCKHOLM)
    assert end == datetime(2024, 8, 27, 11, 30, tzinfo=STOCKHOLM)
    assert start.utcoffset().total_seconds() == 2 * 3600  # summer time


def test_lunch_to_lunch_spans_two_days_and_winter_time_applies_in_january(client, demo):
    _, events = _events(client, reverse("programme:workshop_ics", args=[SEED, 6]))
    start, end = events[0].decoded("dtstart"), events[0].decoded("dtend")
    assert (start.date().isoformat(), end.date().isoformat()) == ("2025-01-22", "2025-01-23")
    assert start.utcoffset().total_seconds() == 3600


def test_programme_feed_holds_every_workshop_with_a_compact_timezone(client, demo):
    calendar, events = _events(client, reverse("programme:programme_ics", args=[SEED]))
    assert len(events) == 6
    assert [str(e["summary"]).split(".")[0] for e in events] == [
        f"Workshop {n}" for n in range(1, 7)
    ]
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/Stockholm"]
    assert b"RDATE" not in calendar.to_ical()


def test_uid_is_stable_across_downloads_and_edits_while_sequence_rises(client, demo):
    url = reverse("programme:workshop_ics", args=[SEED, 4])
    _, before = _events(client, url)
    workshop = Workshop.objects.get(project__slug=SEED, number=4)
    workshop.city = "Umeå"
    workshop.sequence += 1
    workshop.save()
    _, after = _events(client, url)
    assert str(before[0]["uid"]) == str(after[0]["uid"])
    assert int(after[0]["sequence"]) == int(before[0]["sequence"]) + 1
    assert "Umeå" in str(after[0]["location"])


def test_preliminary_workshop_is_tentative_and_hybrid_names_its_place(client, demo):
    _, events = _events(client, reverse("programme:workshop_ics", args=[SEED, 4]))
    assert str(events[0]["status"]) == "TENTATIVE"
    assert "Luleå" in str(events[0]["location"])
