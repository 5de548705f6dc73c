"""Mail about one registration, to whoever it concerns: the contact, the manager, a
participant or the office. Every such mail may name the registration, its project, network
and organisation, and is filed under the registration in the outbox."""

from collections.abc import Mapping, Sequence

from larlabb.core.mail import Attachment, mail_send
from larlabb.registration.models import OrganisationRegistration


def registration_mail_send(
    *,
    registration: OrganisationRegistration,
    to: str,
    template: str,
    context: Mapping[str, object] | None = None,
    language: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> None:
    """Queue `registration/mail/<template>` in the registration's language unless given."""
    mail_send(
        to=to,
        template=f"registration/mail/{template}",
        context={
            "registration": registration,
            "project": registration.project,
            "network": registration.project.network,
            "organisation_name": registration.organisation_name,
            **(context or {}),
        },
        language=language or registration.language,
        organisation_id=registration.organisation_id,
        registration_id=registration.pk,
        attachments=attachments,
    )
