"""A documented project as the exports see it: a public workshop with a board (one session
public, one hidden), private files and links beside public ones, and a private workshop."""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image

from larlabb.documentation.models import Attachment, RecordingLink
from larlabb.documentation.services import documentation_update
from larlabb.programme.models import LearningProject, Workshop
from larlabb.registration.tests.factories import BlockFactory, ProjectFactory, WorkshopFactory
from larlabb.synthesis.engine.types import Cited, SynthesisResult, Theme
from larlabb.workshops.exercises.services import ExerciseSpec, exercise_template_ensure
from larlabb.workshops.models import BoardPhoto, BreakoutGroup, Frame, Member, Note, NoteVote
from larlabb.workshops.models import Session as BoardSession
from larlabb.workshops.sessions.services import session_create

SPEC = ExerciseSpec(
    title="Förväntningar på samverkan",
    instruction="Presentera er och *diskutera* i gruppen.",
    steps=("Presentera er.", "Utse en gruppledare."),
    questions=("Vilka förväntningar har du?", "Vad vill du veta om myndigheterna?"),
    summary="Att tänka på",
    bonus="Goda exempel",
    phases=(("Diskutera", 30), ("Sammanfatta", 10)),
)

PUBLIC_NOTES = (
    "En arena för samtal mellan samverkansparter",
    '=HYPERLINK("http://example.invalid";"klicka")',
    "Tid att lära känna varandra\növer gränserna",
)
SUMMARY_NOTE = "Gemensam målbild för regionerna"
HIDDEN_NOTE = "Hemligt pass: lönesamtal"
PRIVATE_NOTE = "Privat workshop: budgetfrågor"
DELETED_NOTE = "Borttagen lapp"
AUTHOR = "Anna Andersson"
LEADER = "Bo Berg"


def png_bytes(colour: str = "green") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Documented:
    project: LearningProject
    public_workshop: Workshop
    private_workshop: Workshop
    session: BoardSession
    hidden_session: BoardSession
    group: BreakoutGroup
    notes: list[Note]


def _member(session: BoardSession, name: str, number: int) -> Member:
    return Member.objects.create(session=session, display_name=name, secret=f"{name}-{number}")


def _board(
    workshop: Workshop, texts: dict[int, list[str]], key: str
) -> tuple[BoardSession, BreakoutGroup, list[Note]]:
    template = exercise_template_ensure(spec=SPEC)
    session = session_create(
        workshop=workshop, source=template, created_by=None, allow_guests=False
    )
    group = BreakoutGroup.objects.create(session=session, number=1)
    author = _member(session, AUTHOR, session.pk)
    author.group = group
    author.save()
    group.leader = _member(session, LEADER, session.pk)
    group.summary_done = True
    group.save()
    frames = list(Frame.objects.filter(exercise=session.exercise))
    notes = [
        Note.objects.create(
            group=group,
            frame=frames[position],
            author=author,
            text=text,
            client_id=f"{key}-{position}-{index}",
        )
        for position, frame_texts in texts.items()
        for index, text in enumerate(frame_texts)
    ]
    return session, group, notes


def documented_project() -> Documented:
    project = ProjectFactory.create(title="Hållbara livsmiljöer", subtitle="dokumentationen")
    block = BlockFactory.create(project=project, title="Samverkan i praktiken")
    public_workshop = WorkshopFactory.create(project=project, block=block, number=1)
    private_workshop = WorkshopFactory.create(project=project, block=block, number=2)

    session, group, notes = _board(
        public_workshop, {0: list(PUBLIC_NOTES), 2: [SUMMARY_NOTE]}, "public"
    )
    gone = Note.objects.create(
        group=group, frame=notes[0].frame, text=DELETED_NOTE, client_id="gone"
    )
    Note.objects.filter(pk=gone.pk).update(deleted_at=gone.created_at)
    voters = [_member(session, f"Röstare {n}", n) for n in range(3)]
    NoteVote.objects.bulk_create(NoteVote(note=notes[0], member=voter) for voter in voters)
    BoardPhoto.objects.create(
        group=group,
        image=ContentFile(png_bytes(), name="tavla.png"),
        description="Foto av gruppens tavla",
    )
    hidden_session, _, _ = _board(public_workshop, {0: [HIDDEN_NOTE]}, "hidden")
    documentation_update(
        workshop=public_workshop,
        is_public=True,
        show_authors=False,
        agenda_as_run="- Välkommen\n- Övning i grupper\n\n**Fika** klockan 10.",
        conclusions="## Vad vi kom fram till\n\nSamverkan kräver *tid*.",
        hidden_sessions=[hidden_session],
    )
    Attachment.objects.create(
        workshop=public_workshop,
        title="Bild från dagen",
        file=ContentFile(png_bytes("blue"), name="dagen.png"),
        content_type="image/png",
        size=100,
        is_public=True,
    )
    Attachment.objects.create(
        workshop=public_workshop,
        title="Intern budgetbilaga",
        file=ContentFile(b"%PDF-1.4 intern", name="budget.pdf"),
        content_type="application/pdf",
        size=15,
        is_public=False,
    )
    RecordingLink.objects.create(
        workshop=public_workshop, title="Inspelning av dagen", url="https://play.example/1"
    )
    RecordingLink.objects.create(
        workshop=public_workshop,
        title="Intern inspelning",
        url="https://play.example/intern",
        is_public=False,
    )
    _board(private_workshop, {0: [PRIVATE_NOTE]}, "private")
    documentation_update(
        workshop=private_workshop,
        is_public=False,
        show_authors=True,
        agenda_as_run="Intern agenda",
        conclusions="",
        hidden_sessions=[],
    )
    return Documented(
        project=project,
        public_workshop=public_workshop,
        private_workshop=private_workshop,
        session=session,
        hidden_session=hidden_session,
        group=group,
        notes=notes,
    )


def result_citing(
    public_note: Note, hidden_note: Note, *, good_examples: tuple[str, ...] = ()
) -> SynthesisResult:
    """A synthesis of one theme whose statement cites a public note and a hidden one."""
    cited = (str(public_note.pk), str(hidden_note.pk))
    return SynthesisResult(
        themes=(
            Theme(
                label="Samverkan tar tid",
                keywords=("samverkan",),
                note_ids=cited,
                summary=(Cited("Grupperna vill ha en arena", cited),),
                groups=("Grupp 1",),
                workshops=(),
            ),
        ),
        duplicates=(),
        conflicts=(),
        good_examples=good_examples,
        open_questions=(),
        frame_summaries=(),
        points=(),
        method="lexical",
        notices=(),
    )
