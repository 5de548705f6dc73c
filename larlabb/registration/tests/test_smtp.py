"""The registration flow over real SMTP: a server on the loopback address receives the mail."""

import pytest
from django.urls import reverse

from larlabb.registration.models import OrganisationRegistration
from larlabb.registration.tests.helpers import link_in, registration_post
from larlabb.registration.tests.smtp import smtp_inbox, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_server():
    with smtp_inbox() as inbox:
        yield inbox


def test_the_manager_reads_the_approval_mail_from_a_real_smtp_server_and_approves(
    client, project, organisation, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registration:register", args=[project.slug]),
            registration_post(organisation),
        )
    assert response.status_code == 302
    [approval_mail] = smtp_server.to("per.lindqvist@ostergotland.example")
    assert approval_mail["Subject"].startswith("Godkänn anmälan: Region Östergötland")
    assert approval_mail.get_body(preferencelist=("html",)) is not None

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            link_in(text_of(approval_mail), "/anmalan/godkannande/"), {"decision": "approve"}
        )
    assert done.status_code == 200
    assert OrganisationRegistration.objects.get().status == "confirmed"
    [confirmation] = smtp_server.to("karin.holm@ostergotland.example", "Anmälan bekräftad")
    [calendar] = list(confirmation.iter_attachments())
    assert calendar.get_content_type() == "text/calendar"
    assert "BEGIN:VEVENT" in calendar.get_content()
