import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from larlabb.documentation.models import Attachment, WorkshopDocumentation
from larlabb.documentation.services import documentation_update
from larlabb.documentation.tests.boards import (
    AUTHOR,
    DELETED_NOTE,
    HIDDEN_NOTE,
    LEADER,
    PRIVATE_NOTE,
    PUBLIC_NOTES,
    SUMMARY_NOTE,
    Documented,
    result_citing,
)
from larlabb.programme.models import LearningProject
from larlabb.synthesis.models import Synthesis
from larlabb.workshops.models import Note

pytestmark = pytest.mark.django_db


def page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(f"documentation:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_project_page_lists_only_public_workshops(
    client: Client, documented: Documented
) -> None:
    html = page(client, "project", documented.project.slug)
    workshop_url = reverse("documentation:workshop", args=[documented.project.slug, 1])
    assert workshop_url in html
    assert reverse("documentation:workshop", args=[documented.project.slug, 2]) not in html
    assert reverse("documentation:red_thread", args=[documented.project.slug]) in html


def test_the_workshop_page_shows_texts_files_recordings_and_the_board(
    client: Client, documented: Documented
) -> None:
    html = page(client, "workshop", documented.project.slug, 1)
    assert "<li>Övning i grupper</li>" in html
    assert "<em>tid</em>" in html
    assert "Bild från dagen" in html
    assert "Inspelning av dagen" in html
    assert 'href="https://play.example/1"' in html
    for text in ("En arena för samtal mellan samverkansparter", SUMMARY_NOTE):
        assert text in html
    # Laid out as the board: each frame a titled region, the summary marked as the report.
    assert "Vilka förväntningar har du?" in html
    assert "Gruppledarens sammanfattning" in html
    assert f'id="lapp-{documented.notes[0].pk}"' in html
    assert "+3 röster" in html
    # A formula stays text on a page (it is only dangerous in a spreadsheet).
    assert "=HYPERLINK(&quot;http://example.invalid&quot;;&quot;klicka&quot;)" in html
    assert PUBLIC_NOTES[2].split("\n")[0] in html


def test_private_items_never_appear_on_the_public_pages(
    client: Client, documented: Documented
) -> None:
    slug = documented.project.slug
    html = "".join(
        page(client, name, *args)
        for name, args in (
            ("project", (slug,)),
            ("workshop", (slug, 1)),
            ("red_thread", (slug,)),
        )
    )
    for private in (
        HIDDEN_NOTE,
        PRIVATE_NOTE,
        DELETED_NOTE,
        "Intern budgetbilaga",
        "Intern inspelning",
        "play.example/intern",
        "Intern agenda",
    ):
        assert private not in html
    assert client.get(reverse("documentation:workshop", args=[slug, 2])).status_code == 404


def test_authors_and_leaders_are_hidden_unless_staff_show_them(
    client: Client, documented: Documented
) -> None:
    html = page(client, "workshop", documented.project.slug, 1)
    assert AUTHOR not in html
    assert LEADER not in html
    WorkshopDocumentation.objects.filter(workshop=documented.public_workshop).update(
        show_authors=True
    )
    html = page(client, "workshop", documented.project.slug, 1)
    assert AUTHOR in html
    assert f"Gruppledare: {LEADER}" in html


def test_a_public_attachment_downloads_as_a_file_that_is_never_sniffed(
    client: Client, documented: Documented
) -> None:
    attachment = Attachment.objects.get(title="Bild från dagen")
    response = client.get(
        reverse("documentation:attachment", args=[documented.project.slug, 1, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "Bild" in disposition and ".png" in disposition
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"  # type: ignore[attr-defined]


def test_private_files_and_files_of_private_workshops_cannot_be_downloaded(
    client: Client, documented: Documented
) -> None:
    slug = documented.project.slug
    private = Attachment.objects.get(title="Intern budgetbilaga")
    assert (
        client.get(reverse("documentation:attachment", args=[slug, 1, private.pk])).status_code
        == 404
    )
    public = Attachment.objects.get(title="Bild från dagen")
    # The right file under another workshop's number is no way around the check.
    assert (
        client.get(reverse("documentation:attachment", args=[slug, 2, public.pk])).status_code
        == 404
    )
    WorkshopDocumentation.objects.filter(workshop=documented.public_workshop).update(
        is_public=False
    )
    assert (
        client.get(reverse("documentation:attachment", args=[slug, 1, public.pk])).status_code
        == 404
    )


def test_a_draft_project_has_no_public_documentation(
    client: Client, documented: Documented
) -> None:
    LearningProject.objects.filter(pk=documented.project.pk).update(
        status=LearningProject.Status.DRAFT
    )
    slug = documented.project.slug
    public = Attachment.objects.get(title="Bild från dagen")
    for url in (
        reverse("documentation:project", args=[slug]),
        reverse("documentation:workshop", args=[slug, 1]),
        reverse("documentation:attachment", args=[slug, 1, public.pk]),
    ):
        assert client.get(url).status_code == 404


def test_the_red_thread_follows_each_workshops_conclusions_and_group_summaries(
    client: Client, documented: Documented
) -> None:
    html = page(client, "red_thread", documented.project.slug)
    assert "Vad vi kom fram till" in html
    assert SUMMARY_NOTE in html
    summary_note = next(note for note in documented.notes if note.text == SUMMARY_NOTE)
    assert f"#lapp-{summary_note.pk}" in html
    # Questions' notes belong on the workshop page, not in the thread.
    assert PUBLIC_NOTES[0] not in html


def test_the_invitation_links_to_the_documentation_once_it_has_public_content(
    client: Client, documented: Documented
) -> None:
    url = reverse("documentation:project", args=[documented.project.slug])
    invitation = reverse("programme:invitation", args=[documented.project.slug])
    assert url in client.get(invitation).content.decode()
    # Through the service, as staff would: the cached invitation must not keep the link.
    documentation_update(
        workshop=documented.public_workshop,
        is_public=False,
        show_authors=False,
        agenda_as_run="",
        conclusions="",
        hidden_sessions=[],
    )
    assert url not in client.get(invitation).content.decode()


def test_the_pages_offer_every_export_of_the_public_documentation(
    client: Client, documented: Documented
) -> None:
    slug = documented.project.slug
    project_html = page(client, "project", slug)
    workshop_html = page(client, "workshop", slug, 1)
    for fmt in ("pdf", "docx", "md.zip", "csv"):
        assert reverse("documentation:export_project", args=[slug, fmt]) in project_html
        assert reverse("documentation:export_workshop", args=[slug, 1, fmt]) in workshop_html


def test_the_approved_synthesis_cites_only_notes_the_public_may_see(
    client: Client, documented: Documented
) -> None:
    public_note = documented.notes[0]
    hidden_note = Note.objects.get(text=HIDDEN_NOTE)
    result = result_citing(public_note, hidden_note, good_examples=(str(hidden_note.pk),))
    draft = Synthesis.objects.create(
        scope=Synthesis.Scope.WORKSHOP,
        project=documented.project,
        workshop=documented.public_workshop,
        status=Synthesis.Status.DRAFT,
        result=result.to_json(),
    )
    html = page(client, "workshop", documented.project.slug, 1)
    assert "Samverkan tar tid" not in html  # a draft is not public
    Synthesis.objects.filter(pk=draft.pk).update(
        status=Synthesis.Status.APPROVED, approved_at=timezone.now()
    )
    html = page(client, "workshop", documented.project.slug, 1)
    assert "Samverkan tar tid" in html
    assert "Grupperna vill ha en arena" in html
    assert f'<a href="#lapp-{public_note.pk}">{public_note.text}</a>' in html
    assert f"#lapp-{hidden_note.pk}" not in html
    assert HIDDEN_NOTE not in html


def test_a_note_written_after_the_page_was_cached_appears_on_it(
    client: Client, documented: Documented
) -> None:
    assert "Skrivet efteråt" not in page(client, "workshop", documented.project.slug, 1)
    Note.objects.create(
        group=documented.group,
        frame=documented.notes[0].frame,
        text="Skrivet efteråt",
        client_id="efterat",
    )
    assert "Skrivet efteråt" in page(client, "workshop", documented.project.slug, 1)
