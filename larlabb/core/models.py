from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """Every mail the platform sends, written before it is handed to the mail server.

    Staff read it in the staff area, so the whole flow is visible without a mail server, and
    every mail sent to an organisation stays on record. The related organisation and
    registration are plain ids: core sits below the apps that send mail.
    """

    to = models.EmailField(_("till"))
    from_email = models.CharField(_("från"), max_length=254)
    subject = models.CharField(_("ämne"), max_length=300)
    body = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    template = models.CharField(_("mall"), max_length=120)
    language = models.CharField(_("språk"), max_length=10)
    organisation_id = models.PositiveBigIntegerField(_("organisation (id)"), null=True, blank=True)
    registration_id = models.PositiveBigIntegerField(_("anmälan (id)"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    error = models.TextField(_("fel vid sändning"), blank=True)

    class Meta:
        verbose_name = _("utgående mejl")
        verbose_name_plural = _("utkorg")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["registration_id"], name="outbox_registration"),
            models.Index(fields=["organisation_id"], name="outbox_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class OutboxAttachment(models.Model):
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("filnamn"), max_length=200)
    mimetype = models.CharField(_("filtyp"), max_length=100)
    content = models.BinaryField(_("innehåll"))

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class WorkerHeartbeat(models.Model):
    """A running task worker, as it last reported: its silence tells that it is gone, and with
    it every task it was running (larlabb.core.tasks)."""

    worker_id = models.CharField(_("arbetarens id"), max_length=64, unique=True)
    hostname = models.CharField(_("dator"), max_length=255)
    pid = models.PositiveIntegerField(_("process-id"))
    seen_at = models.DateTimeField(_("senast hörd"))

    class Meta:
        verbose_name = _("bakgrundsarbetare")
        verbose_name_plural = _("bakgrundsarbetare")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
