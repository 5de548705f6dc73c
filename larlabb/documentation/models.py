"""What a project leaves behind: per workshop the staff's account of it (agenda as run,
conclusions), the files and recordings they add, and what of it all is public; when the
project ends, a frozen archive.

The boards themselves stay in the workshops app; documentation only decides which of them
may be shown and reads them through `content.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkshopDocumentation(models.Model):
    """Staff's documentation of one workshop; created on demand, so a workshop without it is
    simply undocumented and private."""

    workshop = models.OneToOneField(
        "programme.Workshop",
        on_delete=models.CASCADE,
        related_name="documentation",
        verbose_name=_("workshop"),
    )
    is_public = models.BooleanField(_("publik"), default=False)
    show_authors = models.BooleanField(
        _("visa vem som skrev lapparna"),
        default=False,
        help_text=_("Utan detta visas lapparna utan namn på de publika sidorna."),
    )
    agenda_as_run = models.TextField(
        _("agendan som den genomfördes"), blank=True, help_text=_("Markdown.")
    )
    conclusions = models.TextField(
        _("slutsatser"),
        blank=True,
        help_text=_("Markdown. Vad workshopen kom fram till, med kansliets ord."),
    )
    hidden_sessions = models.ManyToManyField(
        "workshops.Session",
        blank=True,
        related_name="+",
        verbose_name=_("dolda workshoppass"),
        help_text=_("Tavlorna från dessa pass visas aldrig publikt."),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("dokumentation av workshop")
        verbose_name_plural = _("dokumentation av workshopar")

    def __str__(self) -> str:
        return str(self.workshop)


class Attachment(models.Model):
    """A file staff upload to a workshop: slides, a report, a photo."""

    workshop = models.ForeignKey(
        "programme.Workshop",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("workshop"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    file = models.FileField(_("fil"), upload_to="dokumentation/%Y/")
    # Set from the file's content when it is uploaded, never from the browser's claim.
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    is_public = models.BooleanField(_("publik"), default=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class RecordingLink(models.Model):
    """A link to a recording kept elsewhere (video service, the network's own site)."""

    workshop = models.ForeignKey(
        "programme.Workshop",
        on_delete=models.CASCADE,
        related_name="recording_links",
        verbose_name=_("workshop"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    url = models.URLField(_("adress"))
    is_public = models.BooleanField(_("publik"), default=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("inspelning")
        verbose_name_plural = _("inspelningar")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ProjectArchive(models.Model):
    """A finished project's documentation, frozen so its addresses and content stay put."""

    project = models.OneToOneField(
        "programme.LearningProject",
        on_delete=models.CASCADE,
        related_name="archive",
        verbose_name=_("lärprojekt"),
    )
    frozen_at = models.DateTimeField(_("fryst"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fryst av"),
    )
    # The public ProjectDoc (content.py) as JSON, read back instead of the live tables.
    content = models.JSONField(_("innehåll"))
    bundle = models.FileField(_("zip med allt"), upload_to="arkiv/", blank=True)

    class Meta:
        verbose_name = _("arkiv")
        verbose_name_plural = _("arkiv")

    def __str__(self) -> str:
        return str(self.project)
