from django.db.models import Count, QuerySet

from larlabb.core.lookups import contains_any
from larlabb.core.models import OutboxMessage


def outbox_messages(*, query: str = "") -> QuerySet[OutboxMessage]:
    """The outbox, newest first; `query` matches the recipient or the subject."""
    messages = OutboxMessage.objects.annotate(attachment_count=Count("attachments")).defer(
        "body", "body_html"
    )
    if query:
        messages = messages.filter(contains_any(query, ("to", "subject")))
    return messages.order_by("-created_at", "-id")


def outbox_for_registration(*, registration_id: int) -> QuerySet[OutboxMessage]:
    return outbox_messages().filter(registration_id=registration_id)


def outbox_message(*, pk: int) -> OutboxMessage | None:
    return OutboxMessage.objects.prefetch_related("attachments").filter(pk=pk).first()
