"""Physical boards typed in afterwards, photos of them, and importing a board export."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from larlabb.core.tests.images import png_claiming, transactions_seen_while_decoding
from larlabb.demo import seed_board
from larlabb.demo.sessions import seed_exercise_spec
from larlabb.workshops.board.services import group_leader_appoint
from larlabb.workshops.exercises.services import exercise_template_ensure
from larlabb.workshops.models import BoardPhoto, BreakoutGroup, Frame, Member, Note, Session
from larlabb.workshops.sessions.services import member_move, session_create
from larlabb.workshops.tests.helpers import facilitator_viewer, import_placement_lexical
from larlabb.workshops.transcription import services as transcription_services
from larlabb.workshops.transcription.board_export import Placement
from larlabb.workshops.transcription.staff_views import session_import

pytestmark = pytest.mark.django_db

SEED_EXPORT = (Path(__file__).parent / "data" / "seed_board_export.txt").read_text()


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user(username="kansli", password="x", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def group(session) -> BreakoutGroup:
    return BreakoutGroup.objects.create(session=session, number=1)


@pytest.fixture
def seed_session(workshop) -> Session:
    template = exercise_template_ensure(spec=seed_exercise_spec())
    return session_create(workshop=workshop, source=template, created_by=None, allow_guests=False)


def _image(image_format: str = "PNG", size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 180, 40)).save(out, format=image_format, **save)
    return out.getvalue()


def _transcribe_url(session: Session, number: int = 1) -> str:
    return reverse("staff:group_transcribe", args=[session.pk, number])


def _frames(session: Session) -> list[Frame]:
    return list(Frame.objects.filter(exercise=session.exercise))


# --- Typing in a physical board -----------------------------------------------------------


def test_each_line_typed_under_a_frame_becomes_a_transcribed_note(staff, session, group):
    first, second = _frames(session)[:2]
    data = {
        "key": "abc",
        f"frame_{first.pk}": "Mötesplatser\n\n  Mer tid  \n",
        f"frame_{second.pk}": "Hur de prioriterar",
    }
    response = staff.post(_transcribe_url(session), data)
    assert response.status_code == 302
    notes = list(Note.objects.filter(group=group).order_by("pk"))
    assert [(n.frame_id, n.text) for n in notes] == [
        (first.pk, "Mötesplatser"),
        (first.pk, "Mer tid"),
        (second.pk, "Hur de prioriterar"),
    ]
    assert {n.source for n in notes} == {Note.Source.TRANSCRIBED}
    page = staff.get(_transcribe_url(session)).content.decode()
    assert "3 lappar är sparade." in page
    assert "Mer tid" in page


def test_sending_the_same_transcription_twice_adds_its_notes_once(staff, session, group):
    frame = _frames(session)[0]
    data = {"key": "same-page", f"frame_{frame.pk}": "Ett\nTvå"}
    staff.post(_transcribe_url(session), data)
    staff.post(_transcribe_url(session), data)
    assert Note.objects.filter(group=group).count() == 2


def test_a_line_over_the_limit_is_explained_and_everything_typed_is_kept(staff, session, group):
    first, second = _frames(session)[:2]
    long_line = "å" * 501
    data = {
        "key": "k",
        f"frame_{first.pk}": f"Kort lapp\n{long_line}",
        f"frame_{second.pk}": "Annan ruta",
    }
    response = staff.post(_transcribe_url(session), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Rad 2 är 501 tecken; en lapp får vara högst 500." in page
    assert long_line in page and "Annan ruta" in page and "Kort lapp" in page
    assert not Note.objects.exists()


def test_a_group_can_be_added_for_a_board_that_was_only_on_paper(staff, session, group):
    response = staff.post(reverse("staff:session_group_add", args=[session.pk]))
    assert response["Location"] == _transcribe_url(session, 2)
    assert list(session.groups.values_list("number", flat=True)) == [1, 2]


def test_the_boards_page_counts_notes_by_where_they_came_from(staff, session, group):
    frame = _frames(session)[0]
    staff.post(_transcribe_url(session), {"key": "k", f"frame_{frame.pk}": "A\nB"})
    page = staff.get(reverse("staff:session_boards", args=[session.pk])).content.decode()
    assert "Skriv in lappar och foton för Grupp 1" in page
    assert reverse("staff:session_import", args=[session.pk]) in page


# --- Photos -------------------------------------------------------------------------------


def _upload(staff, session, content: bytes, name: str, description: str = "Tavlan, grupp 1"):
    return staff.post(
        reverse("staff:group_photo_add", args=[session.pk, 1]),
        {"image": SimpleUploadedFile(name, content), "description": description},
    )


def test_a_photo_is_kept_under_a_random_name_and_shown_to_staff_with_its_description(
    staff, session, group
):
    response = _upload(staff, session, _image("PNG"), "tavla.png")
    assert response.status_code == 302
    photo = BoardPhoto.objects.get(group=group)
    assert photo.description == "Tavlan, grupp 1"
    name = photo.image.name or ""
    assert "tavla" not in name and name.endswith(".png")
    url = reverse("staff:group_photo", args=[session.pk, 1, photo.pk])
    served = staff.get(url)
    assert served["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).format == "PNG"
    page = staff.get(_transcribe_url(session)).content.decode()
    assert f'src="{url}" alt="Tavlan, grupp 1"' in page


def test_a_file_that_is_not_an_image_is_refused_in_swedish_and_the_description_kept(
    staff, session, group
):
    response = _upload(staff, session, b"%PDF-1.7 not a photo", "tavla.jpg", "Min beskrivning")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Filen går inte att läsa som en bild." in page
    assert 'value="Min beskrivning"' in page
    assert not BoardPhoto.objects.exists()


def test_an_image_in_another_format_is_refused(staff, session, group):
    response = _upload(staff, session, _image("GIF"), "tavla.gif")
    assert "Bilden är i formatet GIF." in response.content.decode()
    assert not BoardPhoto.objects.exists()


def test_a_photo_over_10_mb_is_refused_before_it_is_read(staff, session, group):
    response = _upload(staff, session, b"\xff\xd8" + b"0" * (10 * 1024 * 1024), "stor.jpg")
    assert "det får vara högst 10 MB" in response.content.decode()
    assert not BoardPhoto.objects.exists()


def test_a_photo_needs_a_description(staff, session, group):
    response = _upload(staff, session, _image("WEBP"), "tavla.webp", description="")
    assert "Beskriv vad fotot visar" in response.content.decode()
    assert not BoardPhoto.objects.exists()


def test_a_photo_loses_its_exif_data_such_as_where_it_was_taken(staff, session, group):
    exif = Image.Exif()
    exif[0x010F] = "Telefontillverkare"  # Make
    exif[0x8825] = {1: "N"}  # GPS info
    content = _image("JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(content)).getexif()
    _upload(staff, session, content, "foto.jpg")
    photo = BoardPhoto.objects.get()
    with photo.image.open("rb") as stored:
        assert not Image.open(stored).getexif()


def test_a_photo_whose_header_claims_60000_by_60000_pixels_is_refused_beside_the_field(
    staff, session, group
):
    response = _upload(staff, session, png_claiming(60000, 60000), "bomb.png", "Min beskrivning")
    page = response.content.decode()
    assert response.status_code == 400
    assert "högst 40 megapixlar" in page
    assert 'value="Min beskrivning"' in page
    assert not BoardPhoto.objects.exists()


def test_a_photo_over_40_megapixels_is_refused_beside_the_field(staff, session, group):
    response = _upload(staff, session, png_claiming(7000, 6000), "stor.png", "Min beskrivning")
    page = response.content.decode()
    assert response.status_code == 400
    assert "7\u00a0000 × 6\u00a0000 bildpunkter" in page
    assert 'value="Min beskrivning"' in page
    assert not BoardPhoto.objects.exists()


def test_a_photo_whose_picture_is_cut_short_is_refused_beside_the_field(staff, session, group):
    response = _upload(staff, session, _image("PNG", (400, 300))[:200], "halv.png", "Halv")
    assert response.status_code == 400
    assert "Filen går inte att läsa som en bild." in response.content.decode()
    assert not BoardPhoto.objects.exists()


def test_a_large_photo_is_stored_shrunk(staff, session, group):
    _upload(staff, session, _image("JPEG", (6000, 4000)), "stor.jpg")
    with BoardPhoto.objects.get().image.open("rb") as stored:
        assert Image.open(stored).size == (3000, 2000)


def test_photos_are_served_to_staff_only_and_only_under_their_own_group(
    client, staff, session, group
):
    _upload(staff, session, _image("PNG"), "tavla.png")
    photo = BoardPhoto.objects.get()
    other = BreakoutGroup.objects.create(session=session, number=2)
    assert (
        staff.get(reverse("staff:group_photo", args=[session.pk, 2, photo.pk])).status_code == 404
    )
    assert other.photos.count() == 0
    staff.logout()
    response = client.get(reverse("staff:group_photo", args=[session.pk, 1, photo.pk]))
    assert response.status_code == 302


def test_a_photo_is_removed_after_staff_confirm_it(staff, session, group):
    _upload(staff, session, _image("PNG"), "tavla.png")
    photo = BoardPhoto.objects.get()
    url = reverse("staff:group_photo_delete", args=[session.pk, 1, photo.pk])
    page = staff.get(reverse("staff:group_transcribe", args=[session.pk, 1])).content.decode()
    assert f'href="{url}"' in page

    question = staff.get(url).content.decode()

    assert "Ta bort fotot" in question and "Det går inte att ångra." in question
    assert BoardPhoto.objects.exists(), "asking deletes nothing"
    staff.post(url)
    assert not BoardPhoto.objects.exists()


# --- Importing a board export ---------------------------------------------------------------


def _import_url(session: Session) -> str:
    return reverse("staff:session_import", args=[session.pk])


def _review(staff, session: Session, group: BreakoutGroup | None):
    data = {"text": SEED_EXPORT, "group": group.pk if group else ""}
    response = staff.post(_import_url(session), data)
    assert response.status_code == 200
    return response


def _choices(response) -> dict[str, str]:
    form = response.context["form"]
    return {name: str(form[name].value() or "") for name in form.fields if name.startswith("item_")}


def test_the_review_places_every_note_and_lists_the_four_it_cannot_place(
    staff, seed_session, monkeypatch
):
    import_placement_lexical(monkeypatch)
    group = BreakoutGroup.objects.create(session=seed_session, number=1)
    response = _review(staff, seed_session, group)
    page = response.content.decode()
    assert "Exporten har 21 lappar." in page
    assert "Lappar att placera" in page
    unplaced = [row[0].text for row in response.context["unplaced"]]
    assert unplaced == list(seed_board.NOTES_BY_FRAME[seed_board.QUESTIONS[1]][:4])
    placed = sum(len(rows) for _, rows in response.context["by_frame"])
    assert placed == 17
    assert "Finns inte i exporten" not in page


def test_saving_without_placing_every_note_explains_it_beside_each_and_keeps_choices(
    staff, seed_session, monkeypatch
):
    import_placement_lexical(monkeypatch)
    group = BreakoutGroup.objects.create(session=seed_session, number=1)
    choices = _choices(_review(staff, seed_session, group))
    summary = str(_frames(seed_session)[3].pk)
    moved = next(name for name, value in choices.items() if value and value != "skip")
    choices[moved] = summary
    data = {"step": "review", "text": SEED_EXPORT, "group": group.pk, **choices}
    response = staff.post(_import_url(seed_session), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("Välj en ruta för lappen, eller ”Importera inte”.") == 4 * 2
    assert response.context["form"][moved].value() == summary
    assert not Note.objects.exists()


def test_importing_creates_the_notes_once_however_often_it_is_sent(staff, seed_session):
    group = BreakoutGroup.objects.create(session=seed_session, number=1)
    choices = _choices(_review(staff, seed_session, group))
    question_2 = str(_frames(seed_session)[1].pk)
    choices = {name: value or question_2 for name, value in choices.items()}
    data = {"step": "review", "text": SEED_EXPORT, "group": group.pk, **choices}
    response = staff.post(_import_url(seed_session), data)
    assert response["Location"] == _transcribe_url(seed_session, 1)
    notes = Note.objects.filter(group=group)
    assert notes.count() == 21
    assert set(notes.values_list("source", flat=True)) == {Note.Source.IMPORTED}
    assert notes.filter(frame_id=question_2).count() == 6  # the question's six notes, all placed
    # The same export again, pasted with other line ends and a note skipped this time.
    again = {**data, "text": SEED_EXPORT.replace("\n", "\r\n"), next(iter(choices)): "skip"}
    staff.post(_import_url(seed_session), again)
    assert notes.count() == 21


def test_an_export_uploaded_as_a_file_goes_into_one_new_group_however_often_it_is_sent(
    staff, seed_session, monkeypatch
):
    import_placement_lexical(monkeypatch)
    upload = SimpleUploadedFile("tavla.txt", SEED_EXPORT.encode("utf-8-sig"))
    response = staff.post(_import_url(seed_session), {"upload": upload, "group": ""})
    assert response.status_code == 200
    choices = {name: value or "skip" for name, value in _choices(response).items()}
    data = {"step": "review", "text": response.context["form"]["text"].value(), "group": ""}
    staff.post(_import_url(seed_session), {**data, **choices})
    staff.post(_import_url(seed_session), {**data, **choices})
    group = seed_session.groups.get()
    assert group.notes.count() == 17


def test_an_empty_or_unreadable_export_is_explained_in_swedish(staff, seed_session):
    empty = staff.post(_import_url(seed_session), {"text": "  ", "group": ""})
    assert "Klistra in texten från tavlan eller välj en textfil." in empty.content.decode()
    latin = SimpleUploadedFile("tavla.txt", "Förväntningar på Lärlabb".encode("latin-1"))
    unreadable = staff.post(_import_url(seed_session), {"upload": latin, "group": ""})
    assert unreadable.status_code == 400
    assert "Filen är inte en textfil i UTF-8." in unreadable.content.decode()


def test_going_back_from_the_review_brings_the_text_back(staff, seed_session):
    data = {"step": "review", "text": "Vad vill du veta om myndigheterna?\n\nEn lapp", "back": ""}
    page = staff.post(_import_url(seed_session), data).content.decode()
    assert "Läs in och granska" in page
    assert "En lapp" in page
    assert not Note.objects.exists()


def test_a_smarter_placement_can_be_passed_to_the_import_in_place_of_the_lexical_one(
    rf, seed_session
):
    summary = _frames(seed_session)[3].pk

    def all_in_summary(frames, parsed):
        return Placement(placed={note.index: summary for note in parsed.notes})

    request = rf.post(_import_url(seed_session), {"text": SEED_EXPORT, "group": ""})
    request.user = get_user_model().objects.create_user(
        username="kansli", password="x", is_staff=True
    )
    request.session = {}
    response = session_import(request, pk=seed_session.pk, place=all_in_summary)
    page = response.content.decode()
    assert "Lappar att placera" not in page
    assert page.count(f'<option value="{summary}" selected>') == 21


# --- The group leader types in their own group's board -----------------------------------


def _leader_url(session: Session, number: int = 1) -> str:
    return reverse("workshops:leader_transcribe", args=[session.pk, number])


def _join_as(client, session: Session, name: str) -> Member:
    client.post(
        reverse("workshops:join"),
        {"code": session.join_code, "name": name, "organisation": "", "kind": ""},
    )
    return Member.objects.get(session=session, display_name=name)


def test_the_group_leader_types_in_their_groups_board_and_adds_a_photo(client, session, group):
    leader = _join_as(client, session, "Anna")
    member_move(session=session, member=leader, group=group)
    group_leader_appoint(viewer=facilitator_viewer(session), group_id=group.pk, member_id=leader.pk)
    board = client.get(reverse("workshops:board", args=[session.pk, 1])).content.decode()
    assert f'href="{_leader_url(session)}"' in board
    frame = _frames(session)[0]
    response = client.post(_leader_url(session), {"key": "k1", f"frame_{frame.pk}": "Ett\nTvå"})
    assert response["Location"] == _leader_url(session)
    assert list(group.notes.values_list("text", "source")) == [
        ("Ett", Note.Source.TRANSCRIBED),
        ("Två", Note.Source.TRANSCRIBED),
    ]
    photo = SimpleUploadedFile("tavla.png", _image("PNG"))
    client.post(
        reverse("workshops:leader_photo_add", args=[session.pk, 1]),
        {"image": photo, "description": "Vår tavla"},
    )
    assert group.photos.get().description == "Vår tavla"
    page = client.get(_leader_url(session)).content.decode()
    assert "Vår tavla" in page and "Två" in page


def test_a_member_who_is_not_the_leader_may_not_type_in_the_board(client, session, group):
    member = _join_as(client, session, "Bo")
    member_move(session=session, member=member, group=group)
    frame = _frames(session)[0]
    response = client.post(_leader_url(session), {"key": "k", f"frame_{frame.pk}": "Ett"})
    assert response.status_code == 403
    assert "Bara gruppens gruppledare kan skriva in tavlan här." in response.content.decode()
    photo = SimpleUploadedFile("tavla.png", _image("PNG"))
    upload = client.post(
        reverse("workshops:leader_photo_add", args=[session.pk, 1]),
        {"image": photo, "description": "Vår tavla"},
    )
    assert upload.status_code == 403
    assert not Note.objects.exists() and not BoardPhoto.objects.exists()


def test_the_leader_of_one_group_may_not_type_in_another(client, session, group):
    other = BreakoutGroup.objects.create(session=session, number=2)
    leader = _join_as(client, session, "Anna")
    member_move(session=session, member=leader, group=other)
    group_leader_appoint(viewer=facilitator_viewer(session), group_id=other.pk, member_id=leader.pk)
    assert client.get(_leader_url(session, 2)).status_code == 200
    assert client.get(_leader_url(session, 1)).status_code == 403


def test_someone_who_has_not_joined_is_sent_to_the_join_page(client, session, group):
    response = client.get(_leader_url(session))
    assert response["Location"] == reverse("workshops:join")


@pytest.mark.django_db(transaction=True)
def test_staff_and_leader_photos_are_decoded_with_no_transaction_open(
    staff, session, group, monkeypatch
):
    with transactions_seen_while_decoding(monkeypatch, transcription_services) as seen:
        assert _upload(staff, session, _image("JPEG"), "tavla.jpg").status_code == 302
        leader_client = Client()
        leader = _join_as(leader_client, session, "Anna")
        member_move(session=session, member=leader, group=group)
        group_leader_appoint(
            viewer=facilitator_viewer(session), group_id=group.pk, member_id=leader.pk
        )
        response = leader_client.post(
            reverse("workshops:leader_photo_add", args=[session.pk, 1]),
            {"image": SimpleUploadedFile("tavla.png", _image("PNG")), "description": "Vår"},
        )
        assert response.status_code == 302
    assert seen == [False, False]
    assert group.photos.count() == 2
