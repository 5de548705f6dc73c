"""Deploy checks of our own, beside Django's."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

NOTICE_BACKEND = "larlabb.core.mail_backends.OutboxNoticeBackend"


def mail_backend_sends(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Django refuses its console backend in production; ours only prints a line, so the same."""
    backend = settings.MAILERS.get("default", {}).get("BACKEND", "")
    if backend != NOTICE_BACKEND:
        return []
    return [
        Error(
            "Mail is only noted on the console: no mail server is configured.",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).",
            id="larlabb.E001",
        )
    ]
