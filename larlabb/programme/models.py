import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from larlabb.network.models import Network, Organisation, Person


class LearningProject(models.Model):
    """A learning project ("lärprojekt") and every element of its invitation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerat")
        CLOSED = "closed", _("Avslutat")

    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="projects", verbose_name=_("nätverk")
    )
    slug = models.SlugField(_("kortnamn i adresser"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    subtitle = models.CharField(_("undertitel"), max_length=200, blank=True)
    lead = models.TextField(_("ingress"), blank=True, help_text=_("Markdown."))
    background = models.TextField(_("bakgrund"), blank=True, help_text=_("Markdown."))
    about = models.TextField(_("om lärprojektet"), blank=True, help_text=_("Markdown."))
    purpose = models.TextField(_("varför (syfte)"), blank=True, help_text=_("Markdown."))
    expected_results = models.TextField(
        _("förväntat resultat"), blank=True, help_text=_("Markdown.")
    )
    target_group = models.TextField(_("vem (målgrupp)"), blank=True, help_text=_("Markdown."))
    way_of_working = models.TextField(_("hur (arbetssätt)"), blank=True, help_text=_("Markdown."))
    leadership = models.TextField(
        _("om ledningen"),
        blank=True,
        help_text=_("Markdown. Ledarna listas under texten från fälten för projektledare."),
    )
    programme_intro = models.TextField(
        _("inledning till programmet"), blank=True, help_text=_("Markdown.")
    )
    registration_info = models.TextField(
        _("om anmälan"), blank=True, help_text=_("Markdown. Avgift och sista dag visas ändå.")
    )
    costs_note = models.CharField(
        _("om kostnader utöver avgiften"),
        max_length=300,
        blank=True,
        help_text=_("Till exempel att deltagarna själva står för resor och logi."),
    )
    documentation_info = models.TextField(
        _("information och dokumentation"), blank=True, help_text=_("Markdown.")
    )
    fee_sek = models.PositiveIntegerField(_("avgift per organisation (kr)"), default=0)
    min_organisations = models.PositiveSmallIntegerField(
        _("minsta antal organisationer"), default=1
    )
    min_participants_per_organisation = models.PositiveSmallIntegerField(
        _("minsta antal deltagare per organisation"), default=1
    )
    max_participants_per_organisation = models.PositiveSmallIntegerField(
        _("högsta antal deltagare per organisation"), default=4
    )
    registration_deadline = models.DateField(_("sista anmälningsdag för organisationen"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    programme_is_preliminary = models.BooleanField(_("programmet är preliminärt"), default=True)
    is_demo = models.BooleanField(
        _("demoprojekt"), default=False, help_text=_("Visas med en tydlig demomärkning.")
    )
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    class Meta:
        verbose_name = _("lärprojekt")
        verbose_name_plural = _("lärprojekt")
        ordering = ["-registration_deadline", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_participants_per_organisation__gte=1)
                & Q(max_participants_per_organisation__lte=4)
                & Q(
                    min_participants_per_organisation__lte=models.F(
                        "max_participants_per_organisation"
                    )
                ),
                name="project_participants_within_one_to_four",
            )
        ]

    def __str__(self) -> str:
        return self.full_title

    @property
    def full_title(self) -> str:
        return f"{self.title} – {self.subtitle}" if self.subtitle else self.title

    @property
    def is_public(self) -> bool:
        return self.status in {self.Status.PUBLISHED, self.Status.CLOSED}


class ProjectLeader(models.Model):
    project = models.ForeignKey(LearningProject, on_delete=models.CASCADE, related_name="leaders")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, verbose_name=_("person"))
    role = models.CharField(
        _("roll"), max_length=200, help_text=_("Till exempel ”regionrepresentant”.")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("ledare")
        verbose_name_plural = _("ledare")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"


class ProjectContact(models.Model):
    project = models.ForeignKey(LearningProject, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, verbose_name=_("person"))
    topic = models.CharField(
        _("fråga om"), max_length=200, help_text=_("Till exempel ”praktiska frågor”.")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.topic})"


class Collaborator(models.Model):
    """An actor the project is run together with (SKR, Nordregio, Vinnova …)."""

    project = models.ForeignKey(
        LearningProject, on_delete=models.CASCADE, related_name="collaborators"
    )
    name = models.CharField(_("namn"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("organisation i nätverket"),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("samverkansaktör")
        verbose_name_plural = _("samverkansaktörer")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ProgrammeBlock(models.Model):
    """A text block of the programme; several workshops may share one (3–5 in the seed)."""

    project = models.ForeignKey(LearningProject, on_delete=models.CASCADE, related_name="blocks")
    title = models.CharField(_("rubrik"), max_length=200)
    intro = models.TextField(_("inledning"), blank=True, help_text=_("Markdown."))
    agenda = models.TextField(_("programpunkter"), blank=True, help_text=_("En punkt per rad."))

    class Meta:
        verbose_name = _("programblock")
        verbose_name_plural = _("programblock")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.agenda.splitlines() if line.strip(" -•\t")]


class Workshop(models.Model):
    class Format(models.TextChoices):
        DIGITAL = "digital", _("Digital träff")
        PHYSICAL = "physical", _("Fysisk träff")
        HYBRID = "hybrid", _("Digital/fysisk träff")

    project = models.ForeignKey(LearningProject, on_delete=models.CASCADE, related_name="workshops")
    block = models.ForeignKey(
        ProgrammeBlock,
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("programblock"),
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(
        _("egen rubrik"), max_length=200, blank=True, help_text=_("Tom: blockets rubrik.")
    )
    format = models.CharField(_("form"), max_length=20, choices=Format.choices)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    lunch_to_lunch = models.BooleanField(
        _("lunch–lunch"), default=False, help_text=_("Visa tiden som ”lunch–lunch”.")
    )
    city = models.CharField(_("ort"), max_length=120, blank=True)
    venue = models.CharField(_("lokal"), max_length=200, blank=True)
    address = models.CharField(_("adress"), max_length=300, blank=True)
    online_url = models.URLField(
        _("länk till digitalt möte"),
        blank=True,
        help_text=_("Visas aldrig publikt, bara för anmälda deltagare."),
    )
    is_preliminary = models.BooleanField(_("preliminärt datum"), default=False)
    note = models.CharField(
        _("notering"), max_length=300, blank=True, help_text=_("Till exempel ”i samband med …”.")
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # RFC 5545 SEQUENCE: raised on every published change so calendars replace the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshopar")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="workshop_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="workshop_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Workshop {self.number}. {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title or self.block.title

    @property
    def is_on_site(self) -> bool:
        return self.format in {self.Format.PHYSICAL, self.Format.HYBRID}

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.venue, self.city) if part)


class WorkshopChange(models.Model):
    """A change to a published workshop's time or place, kept for staff and participants."""

    # Start and end are logged together as one time span under this name.
    TIME = "time"
    FIELD_LABELS: ClassVar[dict[str, str | Promise]] = {
        TIME: _("Tid"),
        "format": _("Form"),
        "city": _("Ort"),
        "venue": _("Lokal"),
        "address": _("Adress"),
    }

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(_("ändrad"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("ändrad av"),
    )
    field = models.CharField(_("fält"), max_length=40)
    old_value = models.CharField(_("före"), max_length=400, blank=True)
    new_value = models.CharField(_("efter"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("ändring av workshop")
        verbose_name_plural = _("ändringar av workshopar")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"

    @property
    def field_label(self) -> str:
        return str(self.FIELD_LABELS.get(self.field, self.field))


class BudgetLine(models.Model):
    project = models.ForeignKey(
        LearningProject, on_delete=models.CASCADE, related_name="budget_lines"
    )
    label = models.CharField(_("kostnad"), max_length=200)
    amount_sek = models.PositiveIntegerField(_("belopp (kr)"))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label
