"""A mail backend for running without a mail server, as `make run` does."""

import sys
from collections.abc import Sequence
from typing import Any, TextIO

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class OutboxNoticeBackend(BaseEmailBackend):
    """One line per mail on the console. The whole mail, attachments included, is already in
    the staff outbox (/kansliet/utkorg/), so printing it would only bury the server's output."""

    def __init__(self, *args: Any, stream: TextIO | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            recipients = ", ".join(message.to)
            self.stream.write(f"E-post till {recipients}: {message.subject} (i utkorgen)\n")
        self.stream.flush()
        return len(email_messages)
