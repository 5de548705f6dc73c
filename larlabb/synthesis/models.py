"""What the synthesis keeps: one embedding per note, computed when the note is saved, and each
synthesis staff run, from its progress while running to the reviewed and approved version.

A synthesis stores the engine's result as JSON; staff edit that JSON's statements in place
(text only, never their citations), and nothing of it is shown outside the staff area until
it is approved.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from larlabb.programme.models import LearningProject, Workshop
from larlabb.workshops.models import BreakoutGroup, Exercise, Note, Session


class NoteEmbedding(models.Model):
    """A note's vector (float32 bytes). `text_digest` tells whether the note's text has changed
    since, and `model` whether the embedding model has, so a stale vector is recomputed."""

    note = models.OneToOneField(Note, on_delete=models.CASCADE, related_name="embedding")
    vector = models.BinaryField()
    model = models.CharField(max_length=100)
    text_digest = models.CharField(max_length=64)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inbäddning av lapp")
        verbose_name_plural = _("inbäddningar av lappar")

    def __str__(self) -> str:
        return f"{self.note_id} ({self.model})"


class Synthesis(models.Model):
    class Scope(models.TextChoices):
        GROUP = "group", _("En grupps tavla")
        SESSION = "session", _("Ett workshoppass")
        WORKSHOP = "workshop", _("En workshop")
        PROJECT = "project", _("Hela lärprojektet")

    class Status(models.TextChoices):
        RUNNING = "running", _("Pågår")
        FAILED = "failed", _("Misslyckades")
        DRAFT = "draft", _("Utkast att granska")
        APPROVED = "approved", _("Godkänd")

    scope = models.CharField(_("omfattning"), max_length=20, choices=Scope.choices)
    # Exactly one of these four is set, the one `scope` names; the project is also set for
    # the narrower scopes so a project's syntheses are one query.
    project = models.ForeignKey(LearningProject, on_delete=models.CASCADE, related_name="syntheses")
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, null=True, blank=True, related_name="syntheses"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="syntheses"
    )
    group = models.ForeignKey(
        BreakoutGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="syntheses"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    progress = models.PositiveSmallIntegerField(
        _("förlopp (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    progress_message = models.CharField(_("förloppet just nu"), max_length=300, blank=True)
    # When the running task last reported; a run silent for long has lost its worker.
    progress_at = models.DateTimeField(_("senaste förlopp"), default=timezone.now)
    note_count = models.PositiveIntegerField(_("antal lappar"), default=0)
    result = models.JSONField(_("resultat"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("senast ändrad"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    # Staff's decisions about its themes (decisions.ThemeDecision), oldest first: later
    # syntheses of the same notes apply them to their own themes.
    staff_decisions = models.JSONField(_("kansliets beslut om teman"), default=list, blank=True)

    class Meta:
        verbose_name = _("sammanställning")
        verbose_name_plural = _("sammanställningar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} #{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING


class WorkshopPlan(models.Model):
    """Suggested questions and a draft exercise for a project's next workshop, each question
    citing the notes it rests on; `exercise` is the draft staff made from it, if any. A plan
    is worked out in the background: it is RUNNING until then."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Pågår")
        FAILED = "failed", _("Misslyckades")
        DONE = "done", _("Klar")

    project = models.ForeignKey(LearningProject, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DONE
    )
    error = models.TextField(_("fel"), blank=True)
    questions = models.JSONField(_("frågor"), default=list)
    draft = models.JSONField(_("utkast till övning"), default=dict)
    note_count = models.PositiveIntegerField(_("antal lappar"), default=0)
    exercise = models.ForeignKey(
        Exercise, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("förslag inför nästa workshop")
        verbose_name_plural = _("förslag inför nästa workshop")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} #{self.pk}"
