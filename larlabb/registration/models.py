from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from larlabb.network.models import Organisation
from larlabb.programme.models import LearningProject, Workshop


class OrganisationRegistration(models.Model):
    """An organisation's registration for a learning project; the fee is per organisation.

    It becomes a registration only when the organisation's manager approves it (or staff do
    on the manager's behalf). An organisation that is not yet in the network's list waits for
    staff to accept it first; until then `organisation` is empty.
    """

    class Status(models.TextChoices):
        AWAITING_ORGANISATION = (
            "awaiting_organisation",
            _("Väntar på att kansliet prövar organisationen"),
        )
        AWAITING_APPROVAL = "awaiting_approval", _("Väntar på chefens godkännande")
        CONFIRMED = "confirmed", _("Bekräftad")
        DECLINED = "declined", _("Avböjd av chef")
        ORGANISATION_REFUSED = "organisation_refused", _("Organisationen avböjd av kansliet")
        WITHDRAWN = "withdrawn", _("Återtagen")

    project = models.ForeignKey(
        LearningProject, on_delete=models.PROTECT, related_name="registrations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="registrations",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.AWAITING_APPROVAL
    )
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    contact_name = models.CharField(_("kontaktpersonens namn"), max_length=200)
    contact_email = models.EmailField(_("kontaktpersonens e-post"))
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=40)
    contact_role = models.CharField(_("kontaktpersonens roll"), max_length=200)
    manager_name = models.CharField(_("chefens namn"), max_length=200)
    manager_email = models.EmailField(_("chefens e-post"))

    organisation_number = models.CharField(_("organisationsnummer"), max_length=11)
    invoice_address = models.TextField(_("fakturaadress"))
    invoice_reference = models.CharField(_("fakturareferens"), max_length=200)
    einvoice_id = models.CharField(_("PEPPOL-id eller e-fakturaadress"), max_length=100, blank=True)

    # The fee in force when the organisation registered: a later change does not alter
    # what it agreed to pay.
    fee_sek = models.PositiveIntegerField(_("avgift (kr)"))
    language = models.CharField(_("språk"), max_length=10, default="sv")
    is_late = models.BooleanField(_("efteranmälan"), default=False)
    # A double click or a resent form carries the same key, so it finds the first submission.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    approved_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkänd av kansliet"),
    )
    # Set when the contact person is anonymised; their personal link stops working.
    contact_erased_at = models.DateTimeField(_("kontaktperson anonymiserad"), null=True, blank=True)
    # Set when the manager is anonymised; no mail goes to them any more.
    manager_erased_at = models.DateTimeField(_("chef anonymiserad"), null=True, blank=True)
    # Set when staff have dealt with a withdrawal (the invoice, the seats); until then it
    # stays on their to-do list.
    withdrawal_handled_at = models.DateTimeField(_("återtagandet hanterat"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisationsanmälan")
        verbose_name_plural = _("organisationsanmälningar")
        ordering = ["created_at"]
        constraints = [
            # The database, not only the form, guarantees one registration per organisation.
            models.UniqueConstraint(
                fields=["project", "organisation"], name="registration_one_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False)
                | Q(status__in=["awaiting_organisation", "organisation_refused"]),
                name="registration_organisation_known_once_past_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} – {self.project}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.fee_sek is None:
            self.fee_sek = self.project.fee_sek
        super().save(*args, **kwargs)

    @property
    def organisation_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        application = getattr(self, "application", None)
        return application.name if application is not None else ""

    @property
    def is_active(self) -> bool:
        """Still on its way to the project or in it: the contact may change the group."""
        return self.status in {
            self.Status.AWAITING_ORGANISATION,
            self.Status.AWAITING_APPROVAL,
            self.Status.CONFIRMED,
        }


class Participant(models.Model):
    registration = models.ForeignKey(
        OrganisationRegistration, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"))
    role = models.CharField(_("roll"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)
    # Set when the person is anonymised; their personal link stops working.
    erased_at = models.DateTimeField(_("anonymiserad"), null=True, blank=True)

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint("registration", Lower("email"), name="participant_unique_email")
        ]

    def __str__(self) -> str:
        return self.name


class RemovedParticipant(models.Model):
    """A participant the contact took out of the group.

    The participant row goes (with their sign-ups), but the person's name and address are
    still in mails sent to them and on boards they wrote on, so staff must still be able to
    find them, give them their data and erase them. This row is what they find; retention
    erases it with the rest of the project.
    """

    registration = models.ForeignKey(
        OrganisationRegistration, on_delete=models.CASCADE, related_name="removed_participants"
    )
    # The removed participant's id: the key their workshop member rows were derived from.
    participant_id = models.PositiveBigIntegerField(_("deltagare (id)"))
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"))
    role = models.CharField(_("roll"), max_length=200, blank=True)
    removed_at = models.DateTimeField(_("borttagen ur gruppen"), auto_now_add=True)

    class Meta:
        verbose_name = _("borttagen deltagare")
        verbose_name_plural = _("borttagna deltagare")
        ordering = ["removed_at", "id"]

    def __str__(self) -> str:
        return self.name


class OrganisationApplication(models.Model):
    """An organisation outside the network's list that asks to register; staff decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar på kansliet")
        ACCEPTED = "accepted", _("Godtagen")
        REFUSED = "refused", _("Avböjd")

    registration = models.OneToOneField(
        OrganisationRegistration, on_delete=models.CASCADE, related_name="application"
    )
    name = models.CharField(_("organisationens namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Organisation.Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("ansökt"), auto_now_add=True)
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av"),
    )

    class Meta:
        verbose_name = _("ansökan om ny organisation")
        verbose_name_plural = _("ansökningar om nya organisationer")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class ApprovalRequest(models.Model):
    """One approval link sent to the manager: single use, expiring, stored only as a hash."""

    registration = models.ForeignKey(
        OrganisationRegistration, on_delete=models.CASCADE, related_name="approval_requests"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skickad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gäller till"))
    used_at = models.DateTimeField(_("använd"), null=True, blank=True)
    # Set when the office was told that the link ran out unanswered, so it is told once.
    expiry_reported_at = models.DateTimeField(_("utgången länk rapporterad"), null=True, blank=True)

    class Meta:
        verbose_name = _("godkännandelänk")
        verbose_name_plural = _("godkännandelänkar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.registration} ({self.created_at:%Y-%m-%d})"


class RegistrationEvent(models.Model):
    """What happened to a registration, when, and who did it."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Anmälan skickad")
        LATE_ADDED = "late_added", _("Efteranmälan lagd av kansliet")
        ORGANISATION_ACCEPTED = "organisation_accepted", _("Organisationen godtagen")
        ORGANISATION_REFUSED = "organisation_refused", _("Organisationen avböjd")
        APPROVAL_REQUESTED = "approval_requested", _("Länk för godkännande skickad till chefen")
        APPROVED_BY_MANAGER = "approved_by_manager", _("Godkänd av chefen")
        APPROVED_BY_STAFF = "approved_by_staff", _("Godkänd av kansliet för chefens räkning")
        DECLINED = "declined", _("Avböjd av chefen")
        PARTICIPANTS_CHANGED = "participants_changed", _("Deltagarna ändrade")
        INVOICE_CHANGED = "invoice_changed", _("Fakturauppgifterna ändrade")
        WITHDRAWN = "withdrawn", _("Återtagen")
        PERSON_ERASED = "person_erased", _("En person anonymiserad")
        WITHDRAWAL_HANDLED = "withdrawal_handled", _("Återtagandet hanterat av kansliet")
        APPROVAL_EXPIRED = "approval_expired", _("Chefens länk gick ut utan svar")
        LINK_RESENT = "link_resent", _("Personlig länk skickad igen")

    registration = models.ForeignKey(
        OrganisationRegistration, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("händelse"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("tid"), auto_now_add=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("av (kansliet)"),
    )
    by_label = models.CharField(_("av"), max_length=300, blank=True)
    note = models.CharField(_("notering"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


class WorkshopRules(models.Model):
    """Sign-up rules for one workshop; a workshop without a row follows the defaults."""

    DEFAULT_CLOSES_DAYS_BEFORE = 7

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="signup_rules")
    closes_days_before = models.PositiveSmallIntegerField(
        _("anmälan stänger antal dagar före"),
        default=DEFAULT_CLOSES_DAYS_BEFORE,
        help_text=_("Sista dag att anmäla sig är så många dagar före workshopens första dag."),
    )
    capacity = models.PositiveIntegerField(
        _("platser på plats"),
        null=True,
        blank=True,
        help_text=_("Tomt: inget tak. När platserna är slut hamnar nya på en väntelista."),
    )

    class Meta:
        verbose_name = _("regler för workshopanmälan")
        verbose_name_plural = _("regler för workshopanmälan")

    def __str__(self) -> str:
        return str(self.workshop)


class WorkshopSignup(models.Model):
    """One participant's answer for one workshop."""

    class Answer(models.TextChoices):
        ON_SITE = "on_site", _("Kommer på plats")
        ONLINE = "online", _("Deltar digitalt")
        NO = "no", _("Kommer inte")

    class Status(models.TextChoices):
        ATTENDING = "attending", _("Kommer")
        WAITING = "waiting", _("På väntelistan")
        NOT_ATTENDING = "not_attending", _("Kommer inte")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="signups")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="signups")
    answer = models.CharField(_("svar"), max_length=20, choices=Answer.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    dietary_needs = models.CharField(_("kost"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("tillgänglighet"), max_length=300, blank=True)
    waiting_since = models.DateTimeField(_("på väntelistan sedan"), null=True, blank=True)
    created_at = models.DateTimeField(_("svarade"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    class Meta:
        verbose_name = _("workshopanmälan")
        verbose_name_plural = _("workshopanmälningar")
        ordering = ["workshop__number", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "workshop"], name="signup_one_per_participant"
            ),
            # Needs are kept only for someone coming on site, and only with their consent.
            models.CheckConstraint(
                condition=Q(answer="on_site") | (Q(dietary_needs="") & Q(accessibility_needs="")),
                name="signup_needs_only_on_site",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.workshop}"

    @property
    def holds_seat(self) -> bool:
        return self.answer == self.Answer.ON_SITE and self.status == self.Status.ATTENDING


class ExportLogEntry(models.Model):
    """Who took personal data out of the system, what it was, and when (GDPR accountability)."""

    class Kind(models.TextChoices):
        INVOICING_CSV = "invoicing_csv", _("Fakturaunderlag (CSV)")
        INVOICING_XLSX = "invoicing_xlsx", _("Fakturaunderlag (Excel)")
        PARTICIPANTS_CSV = "participants_csv", _("Deltagarlista (CSV)")
        BADGES_PDF = "badges_pdf", _("Namnbrickor (PDF)")
        PERSON_JSON = "person_json", _("En persons uppgifter (JSON)")

    project = models.ForeignKey(
        LearningProject, on_delete=models.CASCADE, related_name="export_log"
    )
    kind = models.CharField(_("export"), max_length=30, choices=Kind.choices)
    detail = models.CharField(_("omfattning"), max_length=300, blank=True)
    at = models.DateTimeField(_("tid"), auto_now_add=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("exporterad av"),
    )

    class Meta:
        verbose_name = _("export av personuppgifter")
        verbose_name_plural = _("exporter av personuppgifter")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


class ReminderKind(models.TextChoices):
    NAME_PARTICIPANTS = "name_participants", _("Namnge deltagare")
    ANSWER_WORKSHOP = "answer_workshop", _("Svara före sista anmälningsdag")
    WORKSHOP_SOON = "workshop_soon", _("Workshopen närmar sig")


class ReminderSent(models.Model):
    """A reminder that went out; its key makes sure each goes out at most once."""

    Kind = ReminderKind

    key = models.CharField(max_length=120, unique=True, editable=False)
    kind = models.CharField(_("påminnelse"), max_length=30, choices=Kind.choices)
    registration = models.ForeignKey(
        OrganisationRegistration, on_delete=models.CASCADE, related_name="reminders"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sent_at:%Y-%m-%d %H:%M})"


class ReminderText(models.Model):
    """Staff's wording of one reminder in one language for one project.

    A reminder without a row goes out in the default wording; placeholders such as {namn}
    are filled in per recipient when the reminder is sent.
    """

    project = models.ForeignKey(
        LearningProject, on_delete=models.CASCADE, related_name="reminder_texts"
    )
    kind = models.CharField(_("påminnelse"), max_length=30, choices=ReminderKind.choices)
    language = models.CharField(_("språk"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("ämnesrad"), max_length=200)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrad av"),
    )

    class Meta:
        verbose_name = _("påminnelsetext")
        verbose_name_plural = _("påminnelsetexter")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "language"], name="reminder_text_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"
