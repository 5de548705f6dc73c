import importlib.util
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from larlabb.registration.models import Participant, ReminderSent
from larlabb.registration.reminders import reminders_send
from larlabb.registration.services import registration_confirm, registration_submit
from larlabb.registration.signups import SignupAnswer, workshop_signup_answer
from larlabb.registration.tests.helpers import registration_data

pytestmark = pytest.mark.django_db
Kind = ReminderSent.Kind


@pytest.fixture
def confirmed(project, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_submit(
            project=project,
            data=registration_data(organisation, participants=2),
            submission_key="reminders",
            language="sv",
        )
        registration_confirm(registration=registration)
    mail.outbox.clear()
    return registration


def _send(now, django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return reminders_send(now=now)


def test_participants_who_have_not_answered_are_reminded_once_before_the_deadline(
    project, confirmed, django_capture_on_commit_callbacks
):
    workshop = project.workshops.get(number=2)
    first, second = confirmed.participants.all()
    workshop_signup_answer(participant=first, workshop=workshop, answer=SignupAnswer("no"))
    # Default deadline: seven days before; two days before that is within the reminder window.
    now = workshop.starts_at - timedelta(days=9)

    _send(now, django_capture_on_commit_callbacks)
    _send(now + timedelta(hours=1), django_capture_on_commit_callbacks)

    reminded = [m for m in mail.outbox if m.subject.startswith("Påminnelse: svara")]
    assert [m.to for m in reminded if "workshop 2" in m.subject] == [[second.email]]
    assert ReminderSent.objects.filter(kind=Kind.ANSWER_WORKSHOP, participant=second).count() == 1


def test_everyone_attending_hears_a_few_days_before_the_workshop_once(
    project, confirmed, django_capture_on_commit_callbacks
):
    workshop = project.workshops.get(number=2)
    first, second = confirmed.participants.all()
    workshop_signup_answer(
        participant=first,
        workshop=workshop,
        answer=SignupAnswer("on_site"),
        now=workshop.starts_at - timedelta(days=20),
    )
    workshop_signup_answer(
        participant=second,
        workshop=workshop,
        answer=SignupAnswer("no"),
        now=workshop.starts_at - timedelta(days=20),
    )
    now = workshop.starts_at - timedelta(days=2)

    _send(now, django_capture_on_commit_callbacks)
    _send(now + timedelta(days=1), django_capture_on_commit_callbacks)

    soon = [m for m in mail.outbox if m.subject.startswith("Snart dags: workshop 2")]
    assert [m.to for m in soon] == [[first.email]]


def test_a_contact_without_participants_is_reminded_once(
    project, confirmed, django_capture_on_commit_callbacks
):
    Participant.objects.filter(registration=confirmed).delete()
    now = min(w.starts_at for w in project.workshops.all()) - timedelta(days=60)

    _send(now, django_capture_on_commit_callbacks)
    _send(now, django_capture_on_commit_callbacks)

    reminded = [m for m in mail.outbox if m.subject.startswith("Påminnelse: namnge")]
    assert [m.to for m in reminded] == [["karin@example.org"]]


def test_staff_see_when_a_reminder_went_out(staff, project, confirmed):
    Participant.objects.filter(registration=confirmed).delete()
    call_command("send_reminders", "--enqueue", stdout=io.StringIO())

    page = staff.get(f"/kansliet/anmalningar/{confirmed.pk}/").content.decode()

    assert "Namnge deltagare" in page


def _serve_module():
    path = Path(__file__).resolve().parents[3] / "bin" / "serve.py"
    spec = importlib.util.spec_from_file_location("serve", path)
    assert spec is not None and spec.loader is not None
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    return serve


def test_serve_enqueues_reminders_at_start_and_then_hourly():
    serve = _serve_module()
    hourly = serve.PERIODIC_COMMANDS["send_reminders"]

    assert hourly == 3600
    assert serve.periodic_due(None, 10.0, hourly)
    assert not serve.periodic_due(10.0, 10.0 + 3599, hourly)
    assert serve.periodic_due(10.0, 10.0 + 3600, hourly)


def test_serve_enqueues_the_anonymisation_at_start_and_then_daily():
    serve = _serve_module()
    daily = serve.PERIODIC_COMMANDS["anonymise_expired"]

    assert daily == 24 * 3600
    assert serve.periodic_due(None, 10.0, daily)
    assert not serve.periodic_due(10.0, 10.0 + 23 * 3600, daily)
    assert serve.periodic_due(10.0, 10.0 + 24 * 3600, daily)
