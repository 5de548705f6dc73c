from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar, Event

from larlabb.programme import services
from larlabb.programme.calendar import stockholm_vtimezone
from larlabb.programme.models import Workshop

SEED = "hallbara-livsmiljoer-2024"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _download(client: Client, url: str) -> tuple[Calendar, list[Event]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = Calendar.from_ical(response.content)
    return calendar, [event for event in calendar.walk("VEVENT") if isinstance(event, Event)]


def _workshop_file(client: Client, number: int) -> Event:
    _, events = _download(client, reverse("programme:workshop_ics", args=[SEED, number]))
    assert len(events) == 1
    return events[0]


def _local_span(event: Event) -> tuple[datetime, datetime]:
    for name in ("dtstart", "dtend"):
        assert event[name].params["TZID"] == "Europe/Stockholm"
    return event.decoded("dtstart"), event.decoded("dtend")


@pytest.mark.django_db
def test_workshop_1_runs_9_to_11_30_summer_time_on_27_august(client, demo):
    start, end = _local_span(_workshop_file(client, 1))
    assert (start, end) == (
        datetime(2024, 8, 27, 9, 0, tzinfo=STOCKHOLM),
        datetime(2024, 8, 27, 11, 30, tzinfo=STOCKHOLM),
    )
    assert start.utcoffset() == timedelta(hours=2)


@pytest.mark.django_db
def test_workshop_2_runs_lunch_to_lunch_from_12_september_to_13_september(client, demo):
    start, end = _local_span(_workshop_file(client, 2))
    assert (start, end) == (
        datetime(2024, 9, 12, 12, 0, tzinfo=STOCKHOLM),
        datetime(2024, 9, 13, 13, 0, tzinfo=STOCKHOLM),
    )


@pytest.mark.django_db
def test_workshop_6_in_january_is_in_winter_time(client, demo):
    start, end = _local_span(_workshop_file(client, 6))
    assert (start.date(), end.date()) == (date(2025, 1, 22), date(2025, 1, 23))
    assert start.utcoffset() == timedelta(hours=1)


@pytest.mark.django_db
def test_programme_feed_holds_the_six_workshops_with_distinct_uids_and_one_compact_zone(
    client, demo
):
    calendar, events = _download(client, reverse("programme:programme_ics", args=[SEED]))
    assert [str(e["summary"]).split(".")[0] for e in events] == [
        f"Workshop {n}" for n in range(1, 7)
    ]
    assert len({str(e["uid"]) for e in events}) == 6
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/Stockholm"]
    zone_text = zones[0].to_ical()
    assert b"RDATE" not in zone_text
    assert zone_text.count(b"RRULE:") == 2
    assert len(zone_text) < 600


def test_the_compact_zone_agrees_with_the_tz_database_for_a_century():
    # Read the VTIMEZONE the way a calendar program does and compare it with the tz database
    # around every change of clock (the last Sundays of March and October) and mid-season.
    from_file = stockholm_vtimezone().to_tz(lookup_tzid=False)
    disagree = []
    for year in range(1997, 2100):
        days = [date(year, 1, 15), date(year, 7, 15)]
        days += [date(year, 3, 24) + timedelta(days=n) for n in range(9)]
        days += [date(year, 10, 24) + timedelta(days=n) for n in range(9)]
        for day in days:
            for hour in (0, 1):  # the clock changes at 01.00 UTC
                moment = datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC)
                if (
                    moment.astimezone(from_file).utcoffset()
                    != moment.astimezone(STOCKHOLM).utcoffset()
                ):
                    disagree.append(moment)
    assert disagree == []


@pytest.mark.django_db
def test_every_event_carries_a_utc_stamp_a_sequence_and_its_page(client, demo):
    event = _workshop_file(client, 3)
    stamp = event.decoded("dtstamp")
    assert stamp.utcoffset() == timedelta(0)
    assert b"DTSTAMP:" in event.to_ical() and b"Z\r\n" in event.to_ical()
    assert event.decoded("sequence") == 0
    assert str(event["url"]).endswith(reverse("programme:workshop", args=[SEED, 3]))


@pytest.mark.django_db
def test_two_downloads_give_the_same_uid(client, demo):
    first = _workshop_file(client, 1)
    second = _workshop_file(Client(), 1)
    assert str(first["uid"]) == str(second["uid"])


@pytest.mark.django_db
def test_editing_a_workshop_keeps_its_uid_and_raises_its_sequence(client, demo):
    before = _workshop_file(client, 4)
    workshop = Workshop.objects.get(project__slug=SEED, number=4)
    services.workshop_update(
        workshop=workshop,
        fields={
            "starts_at": datetime(2024, 11, 22, 13, 0, tzinfo=STOCKHOLM),
            "ends_at": datetime(2024, 11, 22, 16, 0, tzinfo=STOCKHOLM),
            "city": "Umeå",
        },
        changed_by=None,
    )
    after = _workshop_file(client, 4)
    assert str(after["uid"]) == str(before["uid"])
    assert after.decoded("sequence") == before.decoded("sequence") + 1
    assert after.decoded("dtstart") == datetime(2024, 11, 22, 13, 0, tzinfo=STOCKHOLM)
    assert "Umeå" in str(after["location"])


@pytest.mark.django_db
def test_moving_a_workshop_to_another_number_keeps_its_uid(client, demo):
    before = _workshop_file(client, 2)
    services.workshop_move(workshop=Workshop.objects.get(project__slug=SEED, number=2), offset=1)
    after = _workshop_file(client, 3)
    assert str(after["uid"]) == str(before["uid"])
    assert str(after["summary"]).startswith("Workshop 3.")


@pytest.mark.django_db
def test_the_online_link_stays_out_of_every_public_calendar_file(client, demo):
    Workshop.objects.filter(project__slug=SEED).update(online_url="https://meet.example/hemlig")
    urls = [reverse("programme:programme_ics", args=[SEED])]
    urls += [reverse("programme:workshop_ics", args=[SEED, n]) for n in range(1, 7)]
    for url in urls:
        assert b"meet.example" not in client.get(url).content, url


@pytest.mark.django_db
def test_preliminary_hybrid_workshop_is_tentative_in_lulea(client, demo):
    event = _workshop_file(client, 4)
    assert str(event["status"]) == "TENTATIVE"
    assert str(event["location"]) == "Luleå"
    assert "Digital/fysisk träff" in str(event["description"])


@pytest.mark.django_db
def test_calendar_text_follows_the_visitors_language(client, demo):
    assert str(_workshop_file(client, 1)["location"]) == "Digitalt"
    client.cookies["django_language"] = "en"
    assert str(_workshop_file(client, 1)["location"]) == "Online"


@pytest.mark.django_db
def test_staff_text_with_line_breaks_and_separators_cannot_add_lines_to_the_calendar(client, demo):
    Workshop.objects.filter(project__slug=SEED, number=1).update(
        title="Samverkan\r\nATTENDEE:mailto:angripare@example.com; del 1, 2\nURL:javascript:x"
    )

    response = client.get(reverse("programme:workshop_ics", args=[SEED, 1]))
    event = _workshop_file(client, 1)

    lines = response.content.decode().splitlines()
    assert not any(line.startswith(("ATTENDEE", "URL:javascript")) for line in lines)
    assert "ATTENDEE:mailto:angripare@example.com; del 1, 2" in str(event["summary"])
