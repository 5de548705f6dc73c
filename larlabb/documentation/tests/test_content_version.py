import pytest
from django.utils import timezone

from larlabb.documentation.content import documentation_version
from larlabb.documentation.models import Attachment, WorkshopDocumentation
from larlabb.workshops.models import Note, NoteVote


@pytest.mark.parametrize(
    "change",
    [
        "note_text",
        "note_deleted",
        "vote",
        "attachment_private",
        "documentation",
        "hidden_session",
    ],
)
def test_version_moves_whenever_the_documentation_changes(documented, change):
    before = documentation_version(project=documented.project)
    note = documented.notes[0]
    if change == "note_text":
        Note.objects.filter(pk=note.pk).update(text="Ny text", version=note.version + 1)
    elif change == "note_deleted":
        Note.objects.filter(pk=note.pk).update(deleted_at=timezone.now())
    elif change == "vote":
        NoteVote.objects.filter(note=note)[:1].get().delete()
    elif change == "attachment_private":
        Attachment.objects.filter(is_public=True).update(is_public=False)
    elif change == "documentation":
        WorkshopDocumentation.objects.filter(workshop=documented.public_workshop).update(
            conclusions="Annat"
        )
        # A direct update skips auto_now; the services also move updated_at.
        WorkshopDocumentation.objects.filter(workshop=documented.public_workshop).update(
            updated_at=timezone.now()
        )
    elif change == "hidden_session":
        WorkshopDocumentation.objects.get(
            workshop=documented.public_workshop
        ).hidden_sessions.clear()
    assert documentation_version(project=documented.project) != before


def test_version_stays_while_nothing_changes(documented):
    assert documentation_version(project=documented.project) == documentation_version(
        project=documented.project
    )
