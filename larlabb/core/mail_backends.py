"""A mail backend for running without a mail server, as `make run` does."""

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("larlabb.mail")


class OutboxNoticeBackend(BaseEmailBackend):
    """One line per mail in the log, at INFO. The whole mail, attachments included, is already
    in the staff outbox (/kansliet/utkorg/), so printing it would only bury the server's output;
    `make run` logs from WARNING up, so even the line shows only with LOG_LEVEL=INFO."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            recipients = ", ".join(message.to)
            logger.info("E-post till %s: %s (i utkorgen)", recipients, message.subject)
        return len(email_messages)
