"""Mail to the network's office (kansliet) about what waits for it.

The office is told once per event: an unknown organisation asks to join, an organisation
withdraws, a manager answers, and a manager's link runs out unanswered (checked by the hourly
reminders task). The address is the network's own contact address, the one the public pages
give; a network without one gets no office mail, and the to-do list on the staff start page
shows the same items either way.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from larlabb.registration.mail import registration_mail_send
from larlabb.registration.models import (
    ApprovalRequest,
    OrganisationRegistration,
    RegistrationEvent,
)


def staff_registration_url(registration: OrganisationRegistration) -> str:
    path = reverse("staff:registration_detail", kwargs={"pk": registration.pk})
    return f"{settings.SITE_URL}{path}"


def office_mail_send(
    *,
    registration: OrganisationRegistration,
    template: str,
    context: dict[str, object] | None = None,
) -> None:
    network = registration.project.network
    if not network.contact_email:
        return
    registration_mail_send(
        registration=registration,
        to=network.contact_email,
        template=template,
        context={"staff_url": staff_registration_url(registration), **(context or {})},
        language=settings.LANGUAGE_CODE,
    )


def approvals_expired_report(*, now: datetime | None = None) -> int:
    """Tell the office once about each registration whose manager let every link run out.

    A registration with a newer link that still works is left alone: staff or the manager
    asked for one, and it may yet be answered.
    """
    now = now or timezone.now()
    live = ApprovalRequest.objects.filter(
        registration=OuterRef("registration"), used_at__isnull=True, expires_at__gt=now
    )
    newer = ApprovalRequest.objects.filter(
        registration=OuterRef("registration"), created_at__gt=OuterRef("created_at")
    )
    expired = (
        ApprovalRequest.objects.filter(
            used_at__isnull=True,
            expires_at__lte=now,
            expiry_reported_at__isnull=True,
            registration__status=OrganisationRegistration.Status.AWAITING_APPROVAL,
        )
        .filter(~Exists(live), ~Exists(newer))
        .select_related("registration__project__network", "registration__organisation")
    )
    reported = 0
    for approval in expired:
        with transaction.atomic():
            # Of two workers, only one marks the link reported and sends the mail.
            claimed = ApprovalRequest.objects.filter(
                pk=approval.pk, expiry_reported_at__isnull=True
            ).update(expiry_reported_at=now)
            if claimed != 1:
                continue
            registration = approval.registration
            RegistrationEvent.objects.create(
                registration=registration,
                kind=RegistrationEvent.Kind.APPROVAL_EXPIRED,
                note=registration.manager_email,
            )
            office_mail_send(
                registration=registration,
                template="office_approval_expired",
                context={"approval": approval},
            )
            reported += 1
    return reported
