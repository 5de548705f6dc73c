"""An anonymised participant in the staff's lists: gone from what is still to come (they cannot
attend, and badges need a name), one neutral row in past attendance so the counts stay right."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from larlabb.registration.gdpr import ERASED_NAME, person_erase
from larlabb.registration.services import registration_confirm, registration_submit
from larlabb.registration.signups import SignupAnswer, workshop_signup_answer
from larlabb.registration.tests.helpers import registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(project, organisation):
    """Workshop 2, where Person 0 and Person 1 both come on site."""
    registration = registration_submit(
        project=project,
        data=registration_data(organisation, participants=2),
        submission_key="anonymiserad",
        language="sv",
    )
    registration_confirm(registration=registration)
    workshop = project.workshops.get(number=2)
    for participant in registration.participants.all():
        workshop_signup_answer(
            participant=participant, workshop=workshop, answer=SignupAnswer("on_site")
        )
    return workshop


def _into_the_past(workshop) -> None:
    workshop.starts_at = timezone.now() - timedelta(days=10)
    workshop.ends_at = workshop.starts_at + timedelta(hours=3)
    workshop.save(update_fields=["starts_at", "ends_at"])


def _page(staff, workshop, **params: str) -> str:
    url = reverse("staff:workshop_signups", args=[workshop.project.slug, workshop.number])
    return str(staff.get(url, params).content.decode())


def _csv(staff, workshop) -> list[list[str]]:
    url = (
        f"/kansliet/projekt/{workshop.project.slug}/export/deltagare-workshop-{workshop.number}.csv"
    )
    content = staff.get(url).content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=";"))[1:]


def test_an_upcoming_workshops_list_omits_an_anonymised_participant(staff, workshop):
    person_erase(email="person0@example.org")

    html = _page(staff, workshop)

    assert "Person 1" in html and "På plats (1)" in html
    assert ERASED_NAME not in html and "Anonymiserad deltagare" not in html
    assert [row[0] for row in _csv(staff, workshop)] == ["Person 1"]


def test_a_past_workshops_list_keeps_an_anonymised_attendance_as_one_neutral_row(staff, workshop):
    _into_the_past(workshop)
    person_erase(email="person0@example.org")

    html = _page(staff, workshop)

    assert "På plats (2)" in html and "Person 1" in html
    assert html.count("Anonymiserad deltagare") == 1 and ERASED_NAME not in html
    rows = _csv(staff, workshop)
    assert sorted(row[:2] for row in rows) == [
        ["Anonymiserad deltagare", ""],
        ["Person 1", "Region Östergötland"],
    ]


def test_a_staff_search_never_finds_an_anonymised_participant(staff, workshop):
    _into_the_past(workshop)
    person_erase(email="person0@example.org")

    for typed in ("borttagen", "anonymiserad", "östergötland"):
        html = _page(staff, workshop, q=typed)
        assert ERASED_NAME not in html and "Anonymiserad deltagare" not in html, typed


def test_name_badges_leave_out_an_anonymised_participant(staff, workshop):
    person_erase(email="person0@example.org")

    response = staff.get(f"/kansliet/projekt/{workshop.project.slug}/export/namnbrickor.pdf")

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Person 1" in text
    assert ERASED_NAME not in text and "Person 0" not in text


def test_the_english_csv_names_the_anonymised_participant_in_english(staff, workshop, settings):
    _into_the_past(workshop)
    person_erase(email="person0@example.org")
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    names = [row[0] for row in _csv(staff, workshop)]

    assert "Anonymised participant" in names
