from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from larlabb.core.models import OutboxMessage
from larlabb.demo.loader import demo_load
from larlabb.demo.registrations import DEMO_SLUG, demo_registrations_load, years_ahead
from larlabb.programme.models import LearningProject
from larlabb.registration.models import OrganisationRegistration, WorkshopSignup

STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def test_years_ahead_is_the_fewest_whole_years_in_whole_weeks_that_reach_today():
    deadline = date(2024, 8, 14)
    # Three years are 156 weeks: the deadline moves to Wednesday 11 August 2027.
    assert years_ahead(deadline=deadline, today=date(2026, 11, 23)) == (3, 156)
    assert years_ahead(deadline=deadline, today=date(2027, 8, 11)) == (3, 156)
    assert years_ahead(deadline=deadline, today=date(2027, 8, 12)) == (4, 209)
    assert years_ahead(deadline=deadline, today=date(2024, 1, 1)) == (1, 52)


@pytest.mark.parametrize(
    "today", [date(2025, 3, 1), date(2026, 11, 23), date(2027, 12, 7), date(2031, 6, 30)]
)
def test_every_demo_workshop_falls_on_its_seed_weekday_and_never_on_a_weekend_the_seed_avoids(
    demo, today
):
    copy = demo_registrations_load(network=demo, today=today)
    seed = LearningProject.objects.get(slug="hallbara-livsmiljoer-2024")
    seed_days = {
        w.number: (w.starts_at.astimezone(STOCKHOLM), w.ends_at.astimezone(STOCKHOLM))
        for w in seed.workshops.all()
    }
    assert len(seed_days) == copy.workshops.count() > 0
    for workshop in copy.workshops.all():
        seed_start, seed_end = seed_days[workshop.number]
        for moment, seed_moment in (
            (workshop.starts_at.astimezone(STOCKHOLM), seed_start),
            (workshop.ends_at.astimezone(STOCKHOLM), seed_end),
        ):
            assert moment.weekday() == seed_moment.weekday(), workshop.number
            assert moment.time() == seed_moment.time()
            if seed_moment.weekday() < 5:
                assert moment.weekday() < 5, workshop.number
    assert copy.registration_deadline.weekday() == seed.registration_deadline.weekday()
    assert copy.registration_deadline >= today


def test_the_demo_holds_an_open_copy_of_the_seed_moved_whole_years_of_weeks_ahead(demo):
    network = demo
    copy = demo_registrations_load(network=network, today=date(2026, 11, 23))
    seed = LearningProject.objects.get(slug="hallbara-livsmiljoer-2024")
    assert seed.status == LearningProject.Status.CLOSED
    assert seed.registration_deadline == date(2024, 8, 14)
    assert copy.slug == DEMO_SLUG
    assert copy.is_demo and copy.status == LearningProject.Status.PUBLISHED
    assert copy.registration_deadline == date(2027, 8, 11)
    assert (copy.fee_sek, copy.min_organisations) == (seed.fee_sek, seed.min_organisations)
    shifted = [
        (w.number, w.format, w.starts_at.astimezone(STOCKHOLM), w.block.title)
        for w in copy.workshops.select_related("block")
    ]
    assert shifted[0] == (
        1,
        "digital",
        datetime(2027, 8, 24, 9, tzinfo=STOCKHOLM),
        "Hållbara livsmiljöer – i dag och i morgon",
    )
    assert shifted[-1][2] == datetime(2028, 1, 19, 12, tzinfo=STOCKHOLM)
    assert len(shifted) == seed.workshops.count()
    assert "med start i augusti 2027 och avslut i januari 2028" in copy.programme_intro
    assert "avslut i januari 2028" in copy.about
    assert "Agenda 2030" in copy.lead
    for field in ("lead", "about", "programme_intro", "registration_info"):
        assert "2024" not in getattr(copy, field) and "2025" not in getattr(copy, field)
    assert [c.person.email for c in copy.contacts.all()] == [
        c.person.email for c in seed.contacts.all()
    ]


def test_the_demo_copy_has_organisations_at_every_step(demo):
    statuses = dict(
        OrganisationRegistration.objects.filter(project__slug=DEMO_SLUG).values_list(
            "contact_name", "status"
        )
    )
    assert sorted(statuses.values()) == sorted(
        [
            "awaiting_approval",
            "awaiting_organisation",
            "confirmed",
            "confirmed",
            "declined",
            "withdrawn",
        ]
    )
    by_staff = OrganisationRegistration.objects.get(
        project__slug=DEMO_SLUG, contact_name="Johan Ek"
    )
    assert by_staff.approved_by_staff is not None
    assert OutboxMessage.objects.filter(template="registration/mail/approval_request").exists()
    assert not OrganisationRegistration.objects.filter(
        project__slug="hallbara-livsmiljoer-2024"
    ).exists()


def test_loading_the_demo_again_keeps_what_a_newcomer_did(demo):
    waiting = OrganisationRegistration.objects.get(
        project__slug=DEMO_SLUG, status="awaiting_approval"
    )
    waiting.status = "confirmed"
    waiting.save()
    counts = (OrganisationRegistration.objects.count(), OutboxMessage.objects.count())
    demo_load()
    assert (OrganisationRegistration.objects.count(), OutboxMessage.objects.count()) == counts
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_the_open_demo_project_takes_registrations_from_its_invitation(client, demo):
    html = client.get(reverse("programme:invitation", args=[DEMO_SLUG])).content.decode()
    assert reverse("registration:register", args=[DEMO_SLUG]) in html
    closed = client.get(reverse("programme:invitation", args=["hallbara-livsmiljoer-2024"]))
    assert reverse("registration:register", args=["hallbara-livsmiljoer-2024"]) not in (
        closed.content.decode()
    )


def test_the_demo_has_workshop_answers_and_a_waiting_list(demo):
    signups = WorkshopSignup.objects.filter(workshop__project__slug=DEMO_SLUG, workshop__number=2)
    assert signups.filter(status="attending").count() == 4
    assert list(signups.filter(status="waiting").values_list("participant__name", flat=True)) == [
        "Sofia Lund"
    ]
    assert signups.filter(dietary_needs="Vegetarisk").exists()
