"""Mail: rendered in the recipient's language, kept in the outbox, delivered by a task.

A mail is a folder of templates: `subject.txt`, `body.txt` and, where the mail needs more
than paragraphs and links, `body.html`; without it the HTML part is the text set in the
layout of `core/mail/base.html`. `mail_send` renders them, writes the outbox row in the
caller's transaction and enqueues delivery once that transaction commits, so a rolled-back
registration sends nothing and the worker always finds the row it is asked to send.
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, Template, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from larlabb.core.models import OutboxAttachment, OutboxMessage
from larlabb.core.tasks import WORKER_LOST, background_task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def mail_subject(template: str, data: Mapping[str, object]) -> str:
    """A mail's subject from `template`/subject.txt: plain text on one line."""
    return " ".join(_plain_text(f"{template}/subject.txt", data).split())


def mail_body_text(template: str, data: Mapping[str, object]) -> str:
    return _plain_text(f"{template}/body.txt", data).strip() + "\n"


def _plain_text(name: str, data: Mapping[str, object]) -> str:
    """A subject or text part is plain text, not HTML: "Forskning & utveckling" must not
    arrive as "Forskning &amp; utveckling", so nothing in it is HTML-escaped."""
    template = get_template(name)
    engine_template: Template = template.template  # type: ignore[attr-defined]
    return engine_template.render(Context(dict(data), autoescape=False))


def mail_send(
    *,
    to: str,
    template: str,
    context: Mapping[str, object],
    language: str,
    organisation_id: int | None = None,
    registration_id: int | None = None,
    attachments: Sequence[Attachment] = (),
) -> OutboxMessage:
    """Render the mail in `template` (a folder) for one recipient and queue it."""
    data = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = mail_subject(template, data)
        body = mail_body_text(template, data)
        body_html: str
        try:
            html_template = get_template(f"{template}/body.html")
        except TemplateDoesNotExist:
            body_html = render_to_string(
                "core/mail/from_text.html", {**data, "subject": subject, "text": body.strip()}
            )
        else:
            body_html = html_template.render(data)
    message = OutboxMessage.objects.create(
        to=to,
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        body=body,
        body_html=body_html,
        template=template,
        language=language,
        organisation_id=organisation_id,
        registration_id=registration_id,
    )
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(
            message=message,
            filename=attachment.filename,
            mimetype=attachment.mimetype,
            content=attachment.content,
        )
        for attachment in attachments
    )
    transaction.on_commit(partial(outbox_deliver.enqueue, message_id=message.pk))
    return message


def outbox_delivery_abandon(*, message_id: int) -> None:
    OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(error=str(WORKER_LOST))


@background_task(on_abandoned=outbox_delivery_abandon)
def outbox_deliver(*, message_id: int) -> None:
    """Hand one outbox message to the configured mail backend (SMTP in production)."""
    message = OutboxMessage.objects.prefetch_related("attachments").filter(pk=message_id).first()
    # A retried task must not send the same mail twice.
    if message is None or message.sent_at is not None:
        return
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=[message.to],
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    try:
        email.send()
    except (SMTPException, OSError) as error:
        message.error = str(error) or error.__class__.__name__
        message.save(update_fields=["error"])
        logger.warning("Mail %s to %s could not be sent: %s", message.pk, message.to, error)
        raise
    message.sent_at = timezone.now()
    message.error = ""
    message.save(update_fields=["sent_at", "error"])
