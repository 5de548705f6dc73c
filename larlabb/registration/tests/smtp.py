"""A real SMTP server on the loopback address that keeps what it receives."""

from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.test import override_settings

from harness.servers import on_a_free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    # aiosmtpd calls the hook by this name.
    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str, subject_start: str = "") -> list[EmailMessage]:
        return [
            message
            for message in self.messages
            if message["To"] == address and str(message["Subject"]).startswith(subject_start)
        ]


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


@contextmanager
def smtp_inbox() -> Iterator[Inbox]:
    """Start the server and send all mail through Django's SMTP backend to it."""
    inbox = Inbox()

    def start(port: int) -> Controller:
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        return controller

    controller = on_a_free_port(start)
    port = controller.port
    smtp = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    try:
        with override_settings(MAILERS=smtp):
            yield inbox
    finally:
        controller.stop()
