import copy
import logging
from smtplib import SMTPServerDisconnected
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django.utils import translation

from larlabb.core.checks import mail_backend_sends
from larlabb.core.mail import Attachment, mail_send, outbox_deliver
from larlabb.core.models import OutboxMessage

pytestmark = pytest.mark.django_db
TEMPLATE = "test/declined"

# Mail templates of the test's own, beside the real layouts in core/mail/.
MAIL_TEMPLATES = {
    "test/declined/subject.txt": "Anmälan avböjd: {{ project.title }}",
    "test/declined/body.txt": (
        '{% extends "core/mail/base.txt" %}{% block body %}Hej {{ registration.contact_name }}!'
        "\n\n{{ registration.manager_name }} har avböjt.{% endblock %}"
    ),
    "test/declined/body.html": (
        '{% extends "core/mail/base.html" %}{% block body %}'
        "<p>Hej {{ registration.contact_name }}!</p>{% endblock %}"
    ),
    "test/text_only/subject.txt": "Bara text",
    "test/text_only/body.txt": "Se https://larlabb.example/sida\n\nNytt stycke & mer.",
}


@pytest.fixture(autouse=True)
def _mail_templates():
    engine: dict[str, Any] = copy.deepcopy(settings.TEMPLATES[0])
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", MAIL_TEMPLATES),
        "django.template.loaders.app_directories.Loader",
    ]
    with override_settings(TEMPLATES=[engine]):
        yield


def _context() -> dict[str, object]:
    project = {"title": "Lärprojektet", "full_title": "Lärprojektet – i praktiken"}
    registration = {"contact_name": "Karin <Holm>", "manager_name": "Per & Co"}
    return {
        "registration": registration,
        "project": project,
        "network": {"name": "Reglab", "contact_email": "kansliet@reglab.example"},
        "organisation_name": "Region Östergötland",
    }


def _send(**kwargs) -> OutboxMessage:
    return mail_send(
        to="karin@example.org",
        template=TEMPLATE,
        context=_context(),
        language="sv",
        registration_id=7,
        organisation_id=3,
        **kwargs,
    )


def test_a_mail_is_written_to_the_outbox_and_sent_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _send(attachments=[Attachment("a.ics", b"BEGIN:VCALENDAR", "text/calendar")])
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    [sent] = mail.outbox
    message.refresh_from_db()
    assert message.sent_at is not None
    assert (message.registration_id, message.organisation_id) == (7, 3)
    assert sent.subject == message.subject == "Anmälan avböjd: Lärprojektet"
    assert sent.to == ["karin@example.org"]
    assert sent.attachments[0].filename == "a.ics"
    assert isinstance(sent, EmailMultiAlternatives)
    assert sent.alternatives[0][1] == "text/html"


def test_the_text_version_is_not_html_escaped_but_the_html_version_is():
    message = _send()
    assert "Hej Karin <Holm>!" in message.body
    assert "Per & Co har avböjt." in message.body
    assert "Karin &lt;Holm&gt;" in message.body_html
    assert "Reglab\nFrågor? Skriv till kansliet@reglab.example" in message.body


def test_the_mail_is_rendered_in_the_recipients_language_whatever_is_active():
    with translation.override("en"):
        message = _send()
    assert message.language == "sv"
    assert 'lang="sv"' in message.body_html


def test_a_failed_delivery_is_kept_with_its_error_and_a_retry_does_not_send_twice(
    monkeypatch, django_capture_on_commit_callbacks
):
    message = _send()

    def refuse(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with pytest.raises(SMTPServerDisconnected):
        outbox_deliver.call(message_id=message.pk)
    message.refresh_from_db()
    assert message.sent_at is None
    assert "Connection unexpectedly closed" in message.error

    monkeypatch.undo()
    outbox_deliver.call(message_id=message.pk)
    outbox_deliver.call(message_id=message.pk)
    message.refresh_from_db()
    assert message.sent_at is not None and message.error == ""
    assert len(mail.outbox) == 1


def test_a_mail_without_an_html_template_gets_its_text_as_html():
    message = mail_send(
        to="karin@example.org", template="test/text_only", context={}, language="sv"
    )
    assert '<a href="https://larlabb.example/sida"' in message.body_html
    assert "<p>Nytt stycke &amp; mer.</p>" in message.body_html
    assert "<title>Bara text</title>" in message.body_html


def test_without_a_mail_server_each_mail_is_one_info_line_in_the_log_and_whole_in_the_outbox(
    caplog, django_capture_on_commit_callbacks
):
    notice = {"default": {"BACKEND": "larlabb.core.mail_backends.OutboxNoticeBackend"}}
    caplog.set_level(logging.INFO, logger="larlabb.mail")
    with override_settings(MAILERS=notice), django_capture_on_commit_callbacks(execute=True):
        message = _send()
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "larlabb.mail"]
    assert lines == [
        ("INFO", "E-post till karin@example.org: Anmälan avböjd: Lärprojektet (i utkorgen)")
    ]
    message.refresh_from_db()
    assert message.sent_at is not None
    assert "har avböjt" in message.body


def test_the_deploy_check_refuses_a_production_that_only_notes_mail_on_the_console():
    notice = {"default": {"BACKEND": "larlabb.core.mail_backends.OutboxNoticeBackend"}}
    smtp = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    with override_settings(MAILERS=notice):
        assert [error.id for error in mail_backend_sends(None)] == ["larlabb.E001"]
    with override_settings(MAILERS=smtp):
        assert mail_backend_sends(None) == []
