"""A live workshop: an exercise with frames and timed phases, run as a session in breakout
groups whose members write notes on a shared board.

Every change to a group's board raises the group's sequence number and is kept as a
GroupEvent, so a client that reconnects gets exactly the events it missed. Session-wide state
(phase, timer, message) has its own sequence and is always sent whole.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from larlabb.network.models import Organisation, Person
from larlabb.programme.models import Workshop

NOTE_MAX_LENGTH = 500
NOTE_GROUP_NAME_MAX_LENGTH = 100


class Exercise(models.Model):
    """An exercise as staff build it; a session runs its own copy, so editing a template
    never changes a board that has already been written on."""

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exercises",
        verbose_name=_("workshop"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    instruction = models.TextField(_("instruktion"), blank=True, help_text=_("Markdown."))
    steps = models.TextField(_("steg"), blank=True, help_text=_("Ett steg per rad."))
    closing_note = models.CharField(_("avslutande rad"), max_length=300, blank=True)
    group_size = models.PositiveSmallIntegerField(
        _("gruppstorlek"),
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text=_("Ungefär så många personer i varje grupp."),
    )
    is_template = models.BooleanField(_("mall"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("övning")
        verbose_name_plural = _("övningar")
        ordering = ["-is_template", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class Frame(models.Model):
    """A region of the board: one per question, the summary and an optional bonus question."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Fråga")
        SUMMARY = "summary", _("Sammanfattning")
        BONUS = "bonus", _("Bonusfråga")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="frames")
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(_("rubrik"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("ruta")
        verbose_name_plural = _("rutor")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="phases")
    title = models.CharField(_("rubrik"), max_length=200)
    minutes = models.PositiveIntegerField(_("minuter"), validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    hides_others = models.BooleanField(
        _("skriv själv först"),
        default=False,
        help_text=_("De andras lappar är dolda tills samtalsledaren visar dem."),
    )

    class Meta:
        verbose_name = _("fas")
        verbose_name_plural = _("faser")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.minutes)


class Session(models.Model):
    """One run of an exercise at a workshop.

    The timer is state, not ticks: a running phase has `phase_ends_at`; a paused one keeps
    `paused_remaining` instead. Every screen computes the time left from these.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Inte startat")
        RUNNING = "running", _("Pågår")
        FINISHED = "finished", _("Avslutat")

    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("övning")
    )
    join_code = models.CharField(_("kod"), max_length=12, unique=True)
    allow_guests = models.BooleanField(
        _("gäster får delta med kod och namn"),
        default=False,
        help_text=_("Utan konto: man anger koden och sitt namn på sidan för att delta."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    current_phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phase_ends_at = models.DateTimeField(null=True, blank=True)
    paused_remaining = models.DurationField(null=True, blank=True)
    notes_revealed = models.BooleanField(default=False)
    message = models.CharField(_("meddelande till alla grupper"), max_length=500, blank=True)
    message_sent_at = models.DateTimeField(null=True, blank=True)
    # Report-back mode: the group whose summary every screen shows full size; none when off.
    reporting_group = models.ForeignKey(
        "BreakoutGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sequence = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)

    class Meta:
        verbose_name = _("workshoppass")
        verbose_name_plural = _("workshoppass")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.exercise.title} ({self.join_code})"

    @property
    def is_paused(self) -> bool:
        return self.paused_remaining is not None

    @property
    def hides_notes(self) -> bool:
        phase = self.current_phase
        return bool(phase and phase.hides_others and not self.notes_revealed)


class BreakoutGroup(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("nummer"))
    leader = models.ForeignKey(
        "Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gruppledare"),
    )
    summary_done = models.BooleanField(_("sammanfattningen är klar"), default=False)
    ready_to_report = models.BooleanField(_("redo att redovisa"), default=False)
    sequence = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="group_unique_number")
        ]

    def __str__(self) -> str:
        return str(_("Grupp %(number)d") % {"number": self.number})


class Member(models.Model):
    """A person taking part in a session: a guest, a registered person or a facilitator.

    The organisation is copied at joining, so group assignment reads one table and a later
    change to the organisation register does not rewrite who sat in which group.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="members")
    group = models.ForeignKey(
        BreakoutGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("grupp"),
    )
    display_name = models.CharField(_("namn"), max_length=120)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_kind = models.CharField(
        _("typ av organisation"), max_length=20, choices=Organisation.Kind.choices, blank=True
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_guest = models.BooleanField(default=False)
    is_facilitator = models.BooleanField(default=False)
    # Kept in the browser's session; the session may live in a signed cookie, so it holds
    # this unguessable value rather than a member id.
    secret = models.CharField(max_length=64, unique=True, editable=False)
    sockets = models.PositiveIntegerField(default=0, editable=False)
    joined_at = models.DateTimeField(_("anslöt"), auto_now_add=True)

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["display_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="member_unique_user",
            ),
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=models.Q(person__isnull=False),
                name="member_unique_person",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class NoteGroup(models.Model):
    """Notes a breakout group has put together under a name in one frame (affinity grouping).

    Like a note it is board content: it has no author, and goes with its board."""

    group = models.ForeignKey(BreakoutGroup, on_delete=models.CASCADE, related_name="note_groups")
    frame = models.ForeignKey(Frame, on_delete=models.CASCADE, related_name="note_groups")
    name = models.CharField(_("namn"), max_length=NOTE_GROUP_NAME_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Chosen by the browser, as for notes, so a grouping sent again is not made twice.
    client_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("grupp av lappar")
        verbose_name_plural = _("grupper av lappar")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "client_id"], name="note_group_unique_client_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("Namnlös grupp"))


class Note(models.Model):
    class Source(models.TextChoices):
        LIVE = "live", _("Skriven på den digitala tavlan")
        TRANSCRIBED = "transcribed", _("Överförd från en fysisk tavla")
        IMPORTED = "imported", _("Importerad från en tavelexport")

    class Colour(models.TextChoices):
        YELLOW = "yellow", _("Gul")
        GREEN = "green", _("Grön")
        BLUE = "blue", _("Blå")
        PINK = "pink", _("Rosa")
        ORANGE = "orange", _("Orange")

    group = models.ForeignKey(BreakoutGroup, on_delete=models.CASCADE, related_name="notes")
    frame = models.ForeignKey(Frame, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    text = models.TextField(_("text"))
    colour = models.CharField(
        _("färg"), max_length=20, choices=Colour.choices, default=Colour.YELLOW
    )
    # Participants tag a note as a goal conflict ("Målkonflikt") on the board themselves.
    is_goal_conflict = models.BooleanField(_("målkonflikt"), default=False)
    source = models.CharField(
        _("källa"), max_length=20, choices=Source.choices, default=Source.LIVE
    )
    version = models.PositiveIntegerField(default=1)
    # The note's place in its frame, lowest first. A new note takes its group's next event
    # number, which is above every place a move hands out (a move goes between two places,
    # or spreads the frame out below the sequence), so it goes last without reading the frame.
    position = models.PositiveBigIntegerField(_("plats"), default=0)
    note_group = models.ForeignKey(
        NoteGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("grupp av lappar"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Chosen by the writer's browser, so a note sent again after a lost connection is
    # recognised instead of doubled.
    client_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("lapp")
        verbose_name_plural = _("lappar")
        ordering = ["position", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "client_id"], name="note_unique_client_id"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), NOTE_MAX_LENGTH),
                name="note_text_max_length",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class BoardPhoto(models.Model):
    """A photo of a physical board, kept beside the notes typed in from it."""

    group = models.ForeignKey(BreakoutGroup, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to="tavlor/%Y/%m/")
    description = models.CharField(
        _("beskrivning"),
        max_length=300,
        help_text=_("Vad fotot visar, för den som inte kan se det."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto av tavla")
        verbose_name_plural = _("foton av tavlor")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.description


class NoteVote(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "member"], name="vote_unique_member")
        ]

    def __str__(self) -> str:
        return f"+1 {self.member_id} → {self.note_id}"


class GroupEvent(models.Model):
    """What was sent to a group's board, in order, so a reconnecting client can catch up."""

    group = models.ForeignKey(BreakoutGroup, on_delete=models.CASCADE, related_name="events")
    sequence = models.PositiveBigIntegerField()
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["group", "sequence"], name="event_unique_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}#{self.sequence}"
