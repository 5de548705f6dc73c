from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from larlabb.registration.models import Participant, ReminderText
from larlabb.registration.reminder_texts import reminder_default
from larlabb.registration.reminders import reminder_overview, reminders_send
from larlabb.registration.selectors import STOCKHOLM
from larlabb.registration.services import registration_confirm, registration_submit
from larlabb.registration.signups import SignupAnswer, workshop_signup_answer
from larlabb.registration.tests.factories import OrganisationFactory, WorkshopFactory
from larlabb.registration.tests.helpers import registration_data

pytestmark = pytest.mark.django_db
MEETING = "https://meet.example.org/larlabb-workshop-3"


def _confirmed(project, organisation, commit, *, key: str, language: str = "sv", people: int = 2):
    with commit(execute=True):
        registration = registration_submit(
            project=project,
            data=registration_data(organisation, participants=people),
            submission_key=key,
            language=language,
        )
        registration_confirm(registration=registration)
    return registration


@pytest.fixture
def confirmed(project, organisation, django_capture_on_commit_callbacks):
    registration = _confirmed(project, organisation, django_capture_on_commit_callbacks, key="a")
    mail.outbox.clear()
    return registration


def _send(now, commit) -> int:
    with commit(execute=True):
        return reminders_send(now=now)


def _edit_url(project, kind: str) -> str:
    return reverse("staff:reminder_edit", args=[project.slug, kind])


def _texts(**changes: str) -> dict[str, str]:
    data = {
        "subject_sv": "Dags att namnge deltagare i {projekt}",
        "body_sv": "Hej {namn}!\n\nLägg till deltagare för {organisation}:\n{länk}",
        "subject_en": "Time to name your participants in {projekt}",
        "body_en": "Hello {namn},\n\nadd participants for {organisation}:\n{länk}",
    }
    return data | changes


def test_without_edits_a_reminder_goes_out_in_the_wording_it_always_had(
    project, confirmed, django_capture_on_commit_callbacks
):
    Participant.objects.filter(registration=confirmed).delete()

    _send(
        min(w.starts_at for w in project.workshops.all()) - timedelta(days=60),
        django_capture_on_commit_callbacks,
    )

    [message] = mail.outbox
    assert message.subject == "Påminnelse: namnge era deltagare i Hållbara livsmiljöer"
    assert message.body.startswith(
        "Hej Karin Holm!\n\nRegion Östergötland är anmäld till Hållbara livsmiljöer, men ni har "
        "ännu inte namngett några deltagare. Lägg till en till fyra deltagare på er sida:\n"
        "http://"
    )
    assert "/anmalan/hantera/" in message.body
    assert "Reglab" in message.body, "the network's signature stays under the text"


def test_staff_edit_the_texts_and_each_contact_gets_them_in_their_own_language(
    staff, project, confirmed, django_capture_on_commit_callbacks
):
    english_organisation = OrganisationFactory.create(network=project.network, name="Nordregio")
    english = _confirmed(
        project,
        english_organisation,
        django_capture_on_commit_callbacks,
        key="b",
        language="en",
    )
    Participant.objects.filter(registration__in=[confirmed, english]).delete()
    mail.outbox.clear()

    response = staff.post(_edit_url(project, "name_participants"), _texts(action="save"))
    assert response.status_code == 302
    _send(
        min(w.starts_at for w in project.workshops.all()) - timedelta(days=60),
        django_capture_on_commit_callbacks,
    )

    by_organisation = {
        "Region Östergötland" if "Östergötland" in m.body else "Nordregio": m for m in mail.outbox
    }
    swedish = by_organisation["Region Östergötland"]
    assert swedish.subject == "Dags att namnge deltagare i Hållbara livsmiljöer"
    assert swedish.body.startswith(
        "Hej Karin Holm!\n\nLägg till deltagare för Region Östergötland:"
    )
    assert (
        by_organisation["Nordregio"].subject
        == "Time to name your participants in Hållbara livsmiljöer"
    )
    assert by_organisation["Nordregio"].body.startswith(
        "Hello Karin Holm,\n\nadd participants for Nordregio:"
    )


def test_an_unknown_placeholder_is_refused_beside_its_field_and_nothing_typed_is_lost(
    staff, project
):
    typed = "Hej {nman}!\n\nLägg till deltagare: {länk}"

    response = staff.post(
        _edit_url(project, "name_participants"), _texts(body_sv=typed, action="save")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Okänd platshållare: {nman}. Den här påminnelsen kan använda "
        "{namn}, {organisation}, {projekt}, {länk}." in html
    )
    assert 'id="id_body_sv_error"' in html
    assert "Hej {nman}!" in html, "the text is still in the field"
    assert not ReminderText.objects.exists()


def test_a_placeholder_of_another_reminder_is_refused_too(staff, project):
    response = staff.post(
        _edit_url(project, "name_participants"),
        _texts(subject_en="Workshop {nummer} is near", action="save"),
    )

    assert response.status_code == 400
    assert "Okänd platshållare: {nummer}" in response.content.decode()


def test_the_preview_fills_in_the_typed_text_without_saving_it(staff, project):
    response = staff.post(
        _edit_url(project, "answer_workshop"),
        {
            "subject_sv": "Svara för workshop {nummer}",
            "body_sv": "Hej {namn}! Svara senast {sista_svarsdag}.\n{workshop}\n{länk}",
            "subject_en": "Answer for workshop {nummer}",
            "body_en": "Hello {namn}! Answer by {sista_svarsdag}.\n{länk}",
            "action": "preview",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    workshop = project.workshops.order_by("starts_at").first()
    assert "Svara för workshop 1" in html and "Answer for workshop 1" in html
    assert "Hej Anna Exempel! Svara senast" in html
    assert workshop.display_title in html
    assert not ReminderText.objects.exists()


def test_the_edit_page_starts_from_the_default_and_reset_brings_it_back(staff, project):
    page = staff.get(_edit_url(project, "workshop_soon")).content.decode()
    default = reminder_default(kind="workshop_soon", language="sv")
    assert default.subject == "Snart dags: workshop {nummer} i {projekt}"
    assert default.subject in page and "{möteslänk}" in page

    staff.post(
        _edit_url(project, "workshop_soon"),
        _texts(
            subject_sv="Snart: {nummer}",
            body_sv="{namn}",
            subject_en="Soon: {nummer}",
            body_en="{namn}",
            action="save",
        ),
    )
    assert ReminderText.objects.filter(kind="workshop_soon").count() == 2
    staff.post(_edit_url(project, "workshop_soon"), {"action": "reset"})

    assert not ReminderText.objects.exists()


def test_the_meeting_link_in_a_reminder_reaches_only_those_taking_part_online(
    project, confirmed, django_capture_on_commit_callbacks
):
    hybrid = WorkshopFactory.create(
        project=project, number=3, format="hybrid", city="Luleå", online_url=MEETING
    )
    online, on_site = confirmed.participants.all()
    early = hybrid.starts_at - timedelta(days=20)
    workshop_signup_answer(
        participant=online, workshop=hybrid, answer=SignupAnswer("online"), now=early
    )
    workshop_signup_answer(
        participant=on_site, workshop=hybrid, answer=SignupAnswer("on_site"), now=early
    )

    _send(hybrid.starts_at - timedelta(days=2), django_capture_on_commit_callbacks)

    soon = {m.to[0]: m for m in mail.outbox if m.subject.startswith("Snart dags: workshop 3")}
    assert MEETING in soon[online.email].body
    assert MEETING not in soon[on_site.email].body
    assert "\n\n\n" not in soon[on_site.email].body, "an empty placeholder leaves no gap"


def test_staff_see_when_each_reminder_goes_out_and_to_how_many(
    staff, project, confirmed, django_capture_on_commit_callbacks
):
    workshop = project.workshops.get(number=2)
    first, second = confirmed.participants.all()
    workshop_signup_answer(
        participant=first,
        workshop=workshop,
        answer=SignupAnswer("on_site"),
        now=workshop.starts_at - timedelta(days=30),
    )
    before = workshop.starts_at - timedelta(days=30)

    overview = {o.kind: o for o in reminder_overview(project=project, now=before)}
    answer_run = next(r for r in overview["answer_workshop"].runs if r.workshop == workshop)
    soon_run = next(r for r in overview["workshop_soon"].runs if r.workshop == workshop)
    # Default deadline seven days before; the reminder starts three days before that.
    assert (answer_run.state, answer_run.recipients_now, answer_run.sent) == ("ahead", 1, 0)
    first_day = workshop.starts_at.astimezone(STOCKHOLM).date()
    assert answer_run.opens == datetime.combine(
        first_day - timedelta(days=10), time(), tzinfo=STOCKHOLM
    )
    assert (soon_run.state, soon_run.recipients_now) == ("ahead", 1)
    assert soon_run.opens == workshop.starts_at - timedelta(days=3)
    assert overview["name_participants"].runs[0].recipients_now == 0

    in_window = workshop.starts_at - timedelta(days=9)
    _send(in_window, django_capture_on_commit_callbacks)
    after = {o.kind: o for o in reminder_overview(project=project, now=in_window)}
    answer_run = next(r for r in after["answer_workshop"].runs if r.workshop == workshop)
    assert (answer_run.state, answer_run.recipients_now, answer_run.sent) == ("open", 0, 1)
    assert [m.to for m in mail.outbox if "workshop 2" in m.subject] == [[second.email]]

    page = staff.get(reverse("staff:project_reminders", args=[project.slug])).content.decode()
    assert "Svara före sista anmälningsdag" in page and "Workshopen närmar sig" in page
    assert f"{workshop.starts_at - timedelta(days=3):%Y}" in page
    assert reverse("staff:reminder_edit", args=[project.slug, "workshop_soon"]) in page


def test_reminder_pages_are_for_staff_only_and_unknown_reminders_are_not_found(
    client, staff_user, project
):
    for url in (
        reverse("staff:project_reminders", args=[project.slug]),
        _edit_url(project, "name_participants"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("staff:login") in response["Location"]
    client.force_login(staff_user)

    assert client.get(_edit_url(project, "no_such_reminder")).status_code == 404
