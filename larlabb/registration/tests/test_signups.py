from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from larlabb.registration.models import WorkshopRules, WorkshopSignup
from larlabb.registration.selectors import STOCKHOLM
from larlabb.registration.services import (
    registration_confirm,
    registration_submit,
    registration_withdraw,
)
from larlabb.registration.signups import SignupAnswer, workshop_signup_answer
from larlabb.registration.tests.factories import WorkshopFactory
from larlabb.registration.tests.helpers import link_in, participant_rows, registration_data

Status = WorkshopSignup.Status
MEETING = "https://meet.example.org/larlabb-workshop-3"
pytestmark = pytest.mark.django_db


@pytest.fixture
def hybrid(project):
    return WorkshopFactory.create(
        project=project, number=3, format="hybrid", city="Luleå", online_url=MEETING
    )


@pytest.fixture
def confirmed(project, organisation, hybrid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_submit(
            project=project,
            data=registration_data(organisation, participants=2),
            submission_key="confirmed",
            language="sv",
        )
        registration_confirm(registration=registration)
    return registration


@pytest.fixture
def answer(client, django_capture_on_commit_callbacks):
    """Post a participant's answer from their page, as a browser does, and run the mail."""

    def post(participant_path: str, number: int, **fields: str):
        data = {f"workshop-{number}-{name}": value for name, value in fields.items()}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"{participant_path}workshop/{number}/", data)

    return post


def _mails(to: str, subject_start: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [to] and m.subject.startswith(subject_start)]


def _page(email: str) -> str:
    [invitation] = _mails(email, "Anmäl dig till workshoparna")
    return link_in(invitation.body, "/anmalan/deltagare/")


def _calendar_text(message) -> str:
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    return "\n".join(
        f"{event['summary']}\n{event.get('description', '')}" for event in calendar.walk("VEVENT")
    )


def test_confirming_the_registration_gives_each_participant_their_own_page(client, confirmed):
    first, second = (_page(f"person{n}@example.org") for n in range(2))
    assert first != second
    [invitation] = _mails("person0@example.org", "Anmäl dig till workshoparna")
    assert "Workshop 2." in invitation.body and "Sista dag att svara" in invitation.body
    html = client.get(first).content.decode()
    assert "Dina workshopar" in html
    assert html.count("Spara svaret för workshop") == 3
    assert "Ja, jag deltar digitalt" in html and "Ja, jag kommer på plats" in html


def test_a_participant_comes_on_site_and_gets_the_workshop_in_their_calendar(
    client, confirmed, answer
):
    page = _page("person0@example.org")
    response = answer(page, 2, answer="on_site", dietary_needs="Vegetarisk", needs_consent="on")
    assert response.status_code == 302
    signup = WorkshopSignup.objects.get()
    assert (signup.status, signup.dietary_needs) == (Status.ATTENDING, "Vegetarisk")
    [confirmation] = _mails("person0@example.org", "Du är anmäld till workshop 2")
    assert "Kost: Vegetarisk" in confirmation.body
    assert "Workshop 2" in _calendar_text(confirmation)
    html = client.get(page).content.decode()
    assert "Kommer på plats." in html

    answer(page, 2, answer="on_site", dietary_needs="Vegan", needs_consent="on")
    assert WorkshopSignup.objects.get().dietary_needs == "Vegan"
    assert len(_mails("person0@example.org", "Du är anmäld till workshop 2")) == 1


def test_the_meeting_link_reaches_only_the_participant_taking_part_online(
    client, project, confirmed, answer
):
    online_page, on_site_page = _page("person0@example.org"), _page("person1@example.org")
    answer(online_page, 3, answer="online")
    answer(on_site_page, 3, answer="on_site")
    [online_mail] = _mails("person0@example.org", "Du är anmäld till workshop 3")
    [on_site_mail] = _mails("person1@example.org", "Du är anmäld till workshop 3")
    assert MEETING in online_mail.body and MEETING in _calendar_text(online_mail)
    assert MEETING not in on_site_mail.body and MEETING not in _calendar_text(on_site_mail)
    assert MEETING in client.get(online_page).content.decode()
    assert MEETING not in client.get(on_site_page).content.decode()
    own_ics = client.get(f"{online_page}workshop/3.ics").content.decode()
    assert MEETING in own_ics.replace("\r\n ", "")
    public = client.get(reverse("programme:workshop_ics", args=[project.slug, 3]))
    assert MEETING not in public.content.decode().replace("\r\n ", "")
    assert (
        MEETING
        not in client.get(reverse("programme:workshop", args=[project.slug, 3])).content.decode()
    )


def test_needs_are_kept_only_with_consent_and_only_for_someone_on_site(confirmed, answer):
    page = _page("person0@example.org")
    refused = answer(page, 3, answer="on_site", accessibility_needs="Hörslinga")
    assert refused.status_code == 200
    assert "Kryssa i rutan om vi får spara uppgifterna" in refused.content.decode()
    assert "Svaret för workshop 3 är inte sparat" in refused.content.decode()
    assert 'value="Hörslinga"' in refused.content.decode()
    assert not WorkshopSignup.objects.exists()

    answer(page, 3, answer="online", dietary_needs="Vegetarisk", needs_consent="on")
    assert WorkshopSignup.objects.get().dietary_needs == ""


def test_the_waiting_list_moves_up_when_someone_gives_up_their_seat(confirmed, hybrid, answer):
    WorkshopRules.objects.create(workshop=hybrid, capacity=1)
    first, second = _page("person0@example.org"), _page("person1@example.org")
    answer(first, 3, answer="on_site")
    answer(second, 3, answer="on_site")
    statuses = dict(WorkshopSignup.objects.values_list("participant__email", "status"))
    assert statuses == {"person0@example.org": "attending", "person1@example.org": "waiting"}
    [waiting] = _mails("person1@example.org", "Väntelista till workshop 3")
    assert "som nummer 1" in waiting.body

    answer(first, 3, answer="no")
    statuses = dict(WorkshopSignup.objects.values_list("participant__email", "status"))
    assert statuses == {"person0@example.org": "not_attending", "person1@example.org": "attending"}
    [promoted] = _mails("person1@example.org", "Du har fått en plats på workshop 3")
    assert "Workshop 3" in _calendar_text(promoted)
    assert _mails("person0@example.org", "Avanmäld från workshop 3")


def test_staff_adding_seats_moves_the_waiting_list_up(
    client, project, confirmed, hybrid, answer, staff_user, django_capture_on_commit_callbacks
):
    WorkshopRules.objects.create(workshop=hybrid, capacity=1)
    answer(
        _page("person0@example.org"),
        3,
        answer="on_site",
        dietary_needs="Glutenfri",
        needs_consent="on",
    )
    answer(_page("person1@example.org"), 3, answer="on_site")
    client.force_login(staff_user)
    url = reverse("staff:workshop_signups", args=[project.slug, 3])
    html = client.get(url).content.decode()
    assert "Väntelista (1)" in html and "Glutenfri" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"closes_days_before": "7", "capacity": "2"})
    assert WorkshopSignup.objects.filter(status=Status.WAITING).count() == 0
    assert _mails("person1@example.org", "Du har fått en plats")
    summary = client.get(reverse("staff:project_workshop_signups", args=[project.slug]))
    assert '<td class="number">2</td>' in summary.content.decode()


def test_a_removed_participant_frees_their_seat_for_the_next_in_line(
    project, confirmed, hybrid, answer, django_capture_on_commit_callbacks, client
):
    WorkshopRules.objects.create(workshop=hybrid, capacity=1)
    answer(_page("person0@example.org"), 3, answer="on_site")
    answer(_page("person1@example.org"), 3, answer="on_site")
    manage = link_in(mail.outbox[0].body, "/anmalan/hantera/")
    rows = [("Person 1", "person1@example.org", "Roll"), ("Ny Person", "ny@example.org", "Roll")]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{manage}deltagare/", participant_rows(rows, initial=2))
    [signup] = WorkshopSignup.objects.all()
    assert (signup.participant.email, signup.status) == ("person1@example.org", "attending")
    assert _mails("ny@example.org", "Anmäl dig till workshoparna")


def test_withdrawing_frees_every_seat_of_the_organisation(confirmed, hybrid, answer):
    answer(_page("person0@example.org"), 3, answer="on_site")
    registration_withdraw(registration=confirmed)
    assert WorkshopSignup.objects.get().status == Status.NOT_ATTENDING


@pytest.mark.parametrize(
    ("starts", "last_open", "first_closed"),
    [
        # Winter: sign-up closes 7 days before, at midnight Stockholm time (23.00 UTC).
        (
            datetime(2027, 3, 10, 9, tzinfo=STOCKHOLM),
            datetime(2027, 3, 3, 22, 59, 59, tzinfo=UTC),
            datetime(2027, 3, 3, 23, tzinfo=UTC),
        ),
        # Summer: midnight is 22.00 UTC.
        (
            datetime(2027, 9, 10, 9, tzinfo=STOCKHOLM),
            datetime(2027, 9, 3, 21, 59, 59, tzinfo=UTC),
            datetime(2027, 9, 3, 22, tzinfo=UTC),
        ),
    ],
)
def test_workshop_sign_up_closes_at_the_end_of_its_last_day_in_stockholm(
    confirmed, hybrid, starts, last_open, first_closed
):
    hybrid.starts_at, hybrid.ends_at = starts, starts + timedelta(hours=3)
    hybrid.save()
    participant = confirmed.participants.first()
    workshop_signup_answer(
        participant=participant, workshop=hybrid, answer=SignupAnswer("online"), now=last_open
    )
    with pytest.raises(ValidationError) as error:
        workshop_signup_answer(
            participant=participant, workshop=hybrid, answer=SignupAnswer("no"), now=first_closed
        )
    assert error.value.code == "closed"
    assert WorkshopSignup.objects.get().answer == "online"


def test_a_closed_workshop_shows_the_answer_without_a_form(client, confirmed, hybrid):
    hybrid.starts_at = timezone.now() + timedelta(days=2)
    hybrid.ends_at = hybrid.starts_at + timedelta(hours=2)
    hybrid.save()
    html = client.get(_page("person0@example.org")).content.decode()
    assert "Svaren stängde" in html
    assert "Spara svaret för workshop 3" not in html


def test_participants_of_an_unconfirmed_organisation_cannot_answer(project, organisation, hybrid):
    registration = registration_submit(
        project=project,
        data=registration_data(organisation),
        submission_key="waiting",
        language="sv",
    )
    with pytest.raises(ValidationError) as error:
        workshop_signup_answer(
            participant=registration.participants.get(),
            workshop=hybrid,
            answer=SignupAnswer("online"),
        )
    assert error.value.code == "not_confirmed"


def test_an_answer_the_format_does_not_offer_is_refused(confirmed, answer):
    page = _page("person0@example.org")
    response = answer(page, 1, answer="on_site")
    assert response.status_code == 200
    assert not WorkshopSignup.objects.exists()


def test_a_made_up_participant_link_gets_a_clear_page(client, db):
    response = client.get(reverse("registration:participant", args=["7:forged"]))
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()


def test_staff_filter_a_workshops_people_by_list_and_search_them(
    client, project, organisation, hybrid, staff_user, django_capture_on_commit_callbacks
):
    WorkshopRules.objects.create(workshop=hybrid, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_submit(
            project=project,
            data=registration_data(organisation, participants=4),
            submission_key="filters",
            language="sv",
        )
        registration_confirm(registration=registration)
    elin, omar, siv, tove = registration.participants.order_by("position")
    for participant, name in ((elin, "Elin Berg"), (omar, "Omar Ali"), (siv, "Siv Lund")):
        participant.name = name
        participant.save()
    early = hybrid.starts_at - timedelta(days=30)
    for participant, given in (
        (elin, SignupAnswer("on_site", "Vegetarisk", "Hörslinga")),
        (omar, SignupAnswer("online")),
        (siv, SignupAnswer("on_site", "vegetarisk")),
        (tove, SignupAnswer("on_site")),
    ):
        workshop_signup_answer(participant=participant, workshop=hybrid, answer=given, now=early)
    client.force_login(staff_user)
    url = reverse("staff:workshop_signups", args=[project.slug, 3])

    everything = client.get(url).content.decode()
    online = client.get(url, {"show": "digitalt"}).content.decode()
    needs = client.get(url, {"show": "kost"}).content.decode()
    waiting = client.get(url, {"show": "vantelista", "q": "Person 3"}).content.decode()
    searched = client.get(url, {"q": "omar"}).content.decode()

    assert all(name in everything for name in ("Elin Berg", "Omar Ali", "Siv Lund", "Person 3"))
    assert "Omar Ali" in online and "Elin Berg" not in online and "På plats (" not in online
    assert "Kost och tillgänglighet" in needs and "Hörslinga" in needs
    assert "Omar Ali" not in needs and "Väntelista (" not in needs
    # Only Elin holds the one seat; the diet list counts what the caterer orders for her.
    assert '<tr><td>Vegetarisk</td><td class="number">1</td></tr>' in needs
    # Siv waits first and Tove (Person 3) second; a search keeps Tove's place in the queue.
    assert "Väntelista (1)" in waiting and "Siv Lund" not in waiting
    assert '<td class="number">2</td><td>Person 3</td>' in waiting
    assert "Omar Ali" in searched and "Elin Berg" not in searched
