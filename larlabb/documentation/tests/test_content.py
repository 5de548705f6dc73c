from larlabb.documentation.content import (
    documented_workshop_numbers,
    project_documentation,
    workshop_documentation,
)
from larlabb.documentation.models import WorkshopDocumentation
from larlabb.documentation.tests.boards import (
    AUTHOR,
    DELETED_NOTE,
    HIDDEN_NOTE,
    LEADER,
    PRIVATE_NOTE,
    PUBLIC_NOTES,
    SUMMARY_NOTE,
)


def _note_texts(doc) -> list[str]:
    return [
        note.text
        for workshop in doc.workshops
        for session in workshop.sessions
        for group in session.groups
        for frame in group.frames
        for note in frame.notes
    ]


def test_public_content_holds_only_public_workshops_sessions_files_and_links(documented):
    doc = project_documentation(project=documented.project, public=True)

    assert [w.number for w in doc.workshops] == [1]
    workshop = doc.workshops[0]
    assert [a.title for a in workshop.attachments] == ["Bild från dagen"]
    assert [r.title for r in workshop.recordings] == ["Inspelning av dagen"]
    assert [s.id for s in workshop.sessions] == [documented.session.pk]
    texts = _note_texts(doc)
    assert HIDDEN_NOTE not in texts
    assert PRIVATE_NOTE not in texts


def test_public_content_hides_names_unless_staff_show_them(documented):
    doc = project_documentation(project=documented.project, public=True)
    group = doc.workshops[0].sessions[0].groups[0]
    assert group.leader == ""
    assert {note.author for frame in group.frames for note in frame.notes} == {""}

    WorkshopDocumentation.objects.filter(workshop=documented.public_workshop).update(
        show_authors=True
    )
    shown = project_documentation(project=documented.project, public=True).workshops[0]
    assert shown.sessions[0].groups[0].leader == LEADER
    assert shown.sessions[0].groups[0].frames[0].notes[0].author == AUTHOR


def test_staff_content_holds_everything_with_names(documented):
    doc = project_documentation(project=documented.project, public=False)

    assert [w.number for w in doc.workshops] == [1, 2]
    assert {a.title for a in doc.workshops[0].attachments} == {
        "Bild från dagen",
        "Intern budgetbilaga",
    }
    texts = _note_texts(doc)
    assert HIDDEN_NOTE in texts
    assert PRIVATE_NOTE in texts
    assert doc.workshops[0].sessions[0].groups[0].frames[0].notes[0].author == AUTHOR


def test_board_keeps_frames_in_order_notes_as_written_votes_counted_and_deleted_left_out(
    documented,
):
    group = project_documentation(project=documented.project, public=True).workshops[0]
    group_doc = group.sessions[0].groups[0]

    assert [frame.title for frame in group_doc.frames] == [
        "Vilka förväntningar har du?",
        "Vad vill du veta om myndigheterna?",
        "Att tänka på",
        "Goda exempel",
    ]
    assert [note.text for note in group_doc.frames[0].notes] == list(PUBLIC_NOTES)
    assert [note.text for note in group_doc.frames[2].notes] == [SUMMARY_NOTE]
    assert group_doc.frames[0].notes[0].votes == 3
    assert DELETED_NOTE not in _note_texts(
        project_documentation(project=documented.project, public=False)
    )
    assert group_doc.summary_done
    assert [photo.description for photo in group_doc.photos] == ["Foto av gruppens tavla"]


def test_a_private_workshop_has_no_public_documentation(documented):
    assert workshop_documentation(workshop=documented.private_workshop, public=True) is None
    staff = workshop_documentation(workshop=documented.private_workshop, public=False)
    assert staff is not None and staff.agenda_as_run == "Intern agenda"
    assert documented_workshop_numbers(project=documented.project, public=True) == [1]
