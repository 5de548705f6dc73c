from django.db import models
from django.utils.translation import gettext_lazy as _

from larlabb.network.models import Organisation
from larlabb.programme.models import LearningProject


class OrganisationRegistration(models.Model):
    """An organisation's registration for a learning project; the fee is per organisation."""

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("Väntar på chefens godkännande")
        CONFIRMED = "confirmed", _("Bekräftad")
        DECLINED = "declined", _("Avböjd av chef")
        WITHDRAWN = "withdrawn", _("Återtagen")

    project = models.ForeignKey(
        LearningProject, on_delete=models.PROTECT, related_name="registrations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.AWAITING_APPROVAL
    )
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisationsanmälan")
        verbose_name_plural = _("organisationsanmälningar")
        ordering = ["created_at"]
        constraints = [
            # The database, not only the form, guarantees one registration per organisation.
            models.UniqueConstraint(
                fields=["project", "organisation"], name="registration_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.project}"
