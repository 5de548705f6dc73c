"""After erasure or retention, no table holds the person's name, e-mail or phone."""

import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from larlabb.core.models import OutboxMessage
from larlabb.documentation.content import documentation_version, frozen_content
from larlabb.documentation.exports import exports_folder
from larlabb.documentation.models import ProjectArchive
from larlabb.registration.gdpr import (
    ERASED_NAME,
    RETENTION_LABEL,
    person_erase,
    personal_data_expire,
)
from larlabb.registration.models import (
    ExportLogEntry,
    OrganisationRegistration,
    RegistrationEvent,
    RemovedParticipant,
)
from larlabb.registration.services import (
    ParticipantData,
    registration_confirm,
    registration_participants_update,
    registration_submit,
)
from larlabb.registration.signals import participant_erased, registration_person_erased
from larlabb.registration.signups import SignupAnswer, workshop_signup_answer
from larlabb.registration.tests.helpers import registration_data
from larlabb.synthesis.models import NoteEmbedding
from larlabb.synthesis.services import note_text_digest
from larlabb.workshops.board import selectors as board_selectors
from larlabb.workshops.board.services import note_create
from larlabb.workshops.exercises.services import ExerciseSpec, exercise_template_ensure
from larlabb.workshops.gdpr import ERASED_MEMBER_NAME
from larlabb.workshops.models import GroupEvent, Member
from larlabb.workshops.sessions.services import (
    groups_assign,
    member_join_guest,
    member_join_registered,
    session_create,
)
from larlabb.workshops.tests.helpers import viewer_of
from tests.personal_data import personal_data_found

pytestmark = pytest.mark.django_db

CONTACT = ("Karin Holm", "karin@example.org", "010-103 00 00")
MANAGER = ("Per Lindqvist", "per@example.org")
PERSON_0 = ("Person 0", "person0@example.org")
PERSON_1 = ("Person 1", "person1@example.org")


@pytest.fixture
def confirmed(project, organisation, staff, django_capture_on_commit_callbacks):
    """A confirmed group whose people have been mailed, changed, exported and answered."""
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_submit(
            project=project,
            data=registration_data(organisation, participants=2),
            submission_key="erasure",
            language="sv",
        )
        registration_confirm(registration=registration)
        # The contact's change is logged under their name and address, listing who came.
        registration_participants_update(
            registration=registration,
            participants=[
                ParticipantData(*PERSON_0, "Strateg"),
                ParticipantData(*PERSON_1, "Roll"),
                ParticipantData("Person 2", "person2@example.org", "Roll"),
            ],
        )
    participant = registration.participants.get(email=PERSON_0[1])
    workshop_signup_answer(
        participant=participant,
        workshop=project.workshops.get(number=2),
        answer=SignupAnswer("on_site", "Glutenfri", ""),
    )
    for person in (str(participant.pk), "kontakt", "chef"):
        staff.get(reverse("staff:person_data_json", args=[registration.pk, person]))
    return registration


@pytest.fixture
def erased_signals():
    sent: list[tuple[str, dict[str, Any]]] = []

    def participant(sender: object, **kwargs: Any) -> None:
        sent.append(("participant", {k: v for k, v in kwargs.items() if k != "signal"}))

    def person(sender: object, **kwargs: Any) -> None:
        sent.append(("person", {k: v for k, v in kwargs.items() if k != "signal"}))

    participant_erased.connect(participant)
    registration_person_erased.connect(person)
    yield sent
    participant_erased.disconnect(participant)
    registration_person_erased.disconnect(person)


def _anonymise(staff, registration: OrganisationRegistration, person: str) -> None:
    url = reverse("staff:person_anonymise", args=[registration.pk, person])
    assert staff.post(url).status_code == 302


def test_erasing_a_participant_leaves_their_name_and_address_in_no_table(
    staff, staff_user, confirmed, erased_signals
):
    participant = confirmed.participants.get(email=PERSON_0[1])
    assert personal_data_found(*PERSON_0), "the fixture put the person in many places"

    _anonymise(staff, confirmed, str(participant.pk))

    assert personal_data_found(*PERSON_0) == []
    assert personal_data_found(*PERSON_1), "only the person asked for is erased"
    assert OutboxMessage.objects.filter(to=CONTACT[1]).exists(), "mails to others are kept"
    assert ExportLogEntry.objects.count() == 3, "the export log keeps that an export was made"
    logged = RegistrationEvent.objects.get(kind=RegistrationEvent.Kind.PERSON_ERASED)
    assert (logged.by_user, logged.note) == (staff_user, "deltagare"), "who erased whom, by role"
    assert erased_signals == [
        (
            "participant",
            {
                "participant_id": participant.pk,
                "registration_id": confirmed.pk,
                "project_id": confirmed.project_id,
                "reason": "request",
            },
        )
    ]


def test_erasing_the_contact_person_leaves_their_name_address_and_phone_in_no_table(
    staff, confirmed, erased_signals
):
    _anonymise(staff, confirmed, "kontakt")

    assert personal_data_found(*CONTACT) == []
    registration = OrganisationRegistration.objects.get(pk=confirmed.pk)
    assert (registration.organisation_number, registration.invoice_address) == (
        "232100-0040",
        "Linköping",
    )
    assert (registration.invoice_reference, registration.fee_sek) == ("kst 1", confirmed.fee_sek)
    assert erased_signals == [
        (
            "person",
            {
                "registration_id": confirmed.pk,
                "project_id": confirmed.project_id,
                "role": "contact",
                "reason": "request",
            },
        )
    ]


def test_staff_can_erase_the_manager_and_nothing_of_them_is_left(staff, confirmed, erased_signals):
    _anonymise(staff, confirmed, "chef")

    assert personal_data_found(*MANAGER) == []
    registration = OrganisationRegistration.objects.get(pk=confirmed.pk)
    assert registration.manager_name == ERASED_NAME
    assert registration.manager_erased_at is not None
    assert [kind for kind, _ in erased_signals] == ["person"]
    assert erased_signals[0][1]["role"] == "manager"


def test_retention_leaves_nothing_of_anyone_in_an_expired_project(
    settings, confirmed, erased_signals
):
    settings.GDPR_ANONYMISE_AFTER_DAYS = 30
    registration_participants_update(
        registration=confirmed, participants=[ParticipantData(*PERSON_1, "Roll")]
    )
    removed = RemovedParticipant.objects.get(email=PERSON_0[1])
    last_end = max(w.ends_at for w in confirmed.project.workshops.all())

    erased = personal_data_expire(now=last_end + timedelta(days=31))

    assert erased == 5, "one still in the group, two removed, the contact and the manager"
    for person in (PERSON_0, PERSON_1, ("Person 2", "person2@example.org"), CONTACT, MANAGER):
        assert personal_data_found(*person) == [], person
    assert not OutboxMessage.objects.filter(registration_id=confirmed.pk).exists()
    assert not RemovedParticipant.objects.exists()
    kept = OrganisationRegistration.objects.values_list(
        "organisation_id", "organisation_number", "invoice_address", "invoice_reference", "fee_sek"
    ).get(pk=confirmed.pk)
    assert kept == (confirmed.organisation_id, "232100-0040", "Linköping", "kst 1", 23_000)
    participant_ids = {kw["participant_id"] for kind, kw in erased_signals if kind == "participant"}
    assert removed.participant_id in participant_ids and len(participant_ids) == 3
    assert {kw["role"] for kind, kw in erased_signals if kind == "person"} == {"contact", "manager"}
    assert {kw["reason"] for _, kw in erased_signals} == {"retention"}
    logged = RegistrationEvent.objects.filter(kind=RegistrationEvent.Kind.PERSON_ERASED)
    assert sorted(logged.values_list("note", flat=True)) == [
        "borttagen deltagare",
        "borttagen deltagare",
        "chef",
        "deltagare",
        "kontaktperson",
    ]
    assert set(logged.values_list("by_label", flat=True)) == {RETENTION_LABEL}
    assert personal_data_expire(now=last_end + timedelta(days=32)) == 0, "nothing left to do"


def test_retention_keeps_a_contact_who_is_still_in_a_running_project(
    settings, project, organisation, confirmed
):
    from larlabb.registration.tests.factories import ProjectFactory, WorkshopFactory

    settings.GDPR_ANONYMISE_AFTER_DAYS = 30
    running = ProjectFactory.create(network=project.network)
    WorkshopFactory.create(project=running, number=1)
    current = registration_submit(
        project=running,
        data=registration_data(organisation, participants=1),
        submission_key="running",
        language="sv",
    )
    last_end = max(w.ends_at for w in project.workshops.all())
    ended = last_end + timedelta(days=31)
    running.workshops.update(starts_at=ended + timedelta(days=5), ends_at=ended + timedelta(days=6))

    personal_data_expire(now=ended)

    current.refresh_from_db()
    assert (current.contact_name, current.contact_email) == CONTACT[:2]
    assert OutboxMessage.objects.filter(registration_id=current.pk, to=CONTACT[1]).exists()
    assert not OutboxMessage.objects.filter(registration_id=confirmed.pk).exists()


@pytest.fixture
def board(confirmed):
    """Person 0 (through their personal link) and a guest in one group of a live board."""
    participant = confirmed.participants.get(email=PERSON_0[1])
    session = session_create(
        workshop=confirmed.project.workshops.get(number=1),
        source=exercise_template_ensure(
            spec=ExerciseSpec(
                title="Förväntningar",
                instruction="",
                steps=(),
                questions=("Vad förväntar du dig?",),
                summary="Att tänka på",
                bonus="",
                phases=(("Diskutera", 30),),
                closing_note="",
                group_size=2,
            )
        ),
        created_by=None,
        allow_guests=True,
    )
    member = member_join_registered(session=session, participant=participant)
    colleague = member_join_guest(session=session, name="Gäst Gästsson")
    [group] = groups_assign(session=session, group_size=2)
    frame = session.exercise.frames.first()
    assert frame is not None
    return participant, member, colleague, group, frame


def test_erasing_a_participant_who_wrote_on_a_live_board_leaves_nothing_in_its_events(
    confirmed, board, django_capture_on_commit_callbacks
):
    _participant, member, colleague, group, frame = board
    note_create(
        viewer=viewer_of(member),
        group_id=group.pk,
        frame_id=frame.pk,
        text="Person 0 här: jag vill lära mig om samverkan",
        colour="yellow",
        client_id="n1",
    )
    note_create(
        viewer=viewer_of(colleague),
        group_id=group.pk,
        frame_id=frame.pk,
        text="Håller med Person 0",
        colour="yellow",
        client_id="n2",
    )
    assert any("Person 0" in json.dumps(e.payload) for e in GroupEvent.objects.all())
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(email=PERSON_0[1])

    assert personal_data_found(*PERSON_0) == []
    catchup = board_selectors.board_catchup(viewer=viewer_of(colleague), group=group, since=0)
    assert "Person 0" not in json.dumps(catchup, ensure_ascii=False)
    assert Member.objects.get(pk=colleague.pk).display_name == "Gäst Gästsson"
    assert Member.objects.get(pk=member.pk).display_name == ERASED_MEMBER_NAME


def test_erasing_a_board_writer_changes_the_documentation_version_its_cache_is_keyed_by(
    confirmed, board
):
    participant, member, _colleague, group, frame = board
    note_create(
        viewer=viewer_of(member),
        group_id=group.pk,
        frame_id=frame.pk,
        text="Samverkan tar tid",
        colour="yellow",
        client_id="n1",
    )
    version = documentation_version(project=confirmed.project)

    person_erase(email=participant.email)

    assert documentation_version(project=confirmed.project) != version


def test_erasing_a_participant_discards_the_projects_stored_documentation_exports(
    settings, tmp_path, confirmed, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    stored = default_storage.save(
        f"{exports_folder(project_id=confirmed.project_id)}/dokumentation.pdf",
        ContentFile(b"Person 0 skrev om samverkan"),
    )
    elsewhere = default_storage.save(
        f"{exports_folder(project_id=confirmed.project_id + 1)}/dokumentation.pdf",
        ContentFile(b"Ett annat projekt"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(email=PERSON_0[1])

    assert not default_storage.exists(stored)
    assert default_storage.exists(elsewhere)


def test_the_vector_of_a_note_that_named_the_erased_person_is_deleted(
    confirmed, board, django_capture_on_commit_callbacks
):
    _participant, _member, colleague, group, frame = board
    notes = [
        note_create(
            viewer=viewer_of(colleague),
            group_id=group.pk,
            frame_id=frame.pk,
            text=text,
            colour="yellow",
            client_id=f"n{index}",
        ).note
        for index, text in enumerate(["Håller med Person 0", "Samverkan tar tid"])
    ]
    for note in notes:
        NoteEmbedding.objects.create(
            note=note,
            vector=b"\0" * 8,
            model="test",
            text_digest=note_text_digest(note.text),
        )

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(email=PERSON_0[1])

    assert list(NoteEmbedding.objects.values_list("note__text", flat=True)) == ["Samverkan tar tid"]


def test_erasing_a_person_of_an_archived_project_builds_its_zip_again_without_them(
    settings, tmp_path, confirmed, board, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    _participant, member, _colleague, group, frame = board
    note_create(
        viewer=viewer_of(member),
        group_id=group.pk,
        frame_id=frame.pk,
        text="Samverkan tar tid",
        colour="yellow",
        client_id="n1",
    )
    archive = ProjectArchive.objects.create(
        project=confirmed.project,
        frozen_at=timezone.now(),
        content=frozen_content(project=confirmed.project),
    )
    assert "Person 0" in json.dumps(archive.content), "the staff record names the note's author"
    archive.bundle.save("arkiv.zip", ContentFile(b"Person 0"), save=True)
    old_bundle = str(archive.bundle.name)

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(email=PERSON_0[1])

    archive.refresh_from_db()
    assert not default_storage.exists(old_bundle)
    assert archive.bundle.name and archive.bundle.name != old_bundle
    with zipfile.ZipFile(archive.bundle.open("rb")) as bundle:
        texts = [bundle.read(name).decode("utf-8", errors="ignore") for name in bundle.namelist()]
    assert any("Samverkan tar tid" in text for text in texts), "the zip was built again"
    assert not any("Person 0" in text for text in texts)


def test_erasure_replaces_whole_names_only_and_finds_them_in_json_with_swedish_letters(
    confirmed, board
):
    _participant, _member, _colleague, group, _frame = board
    registration_participants_update(
        registration=confirmed,
        participants=[
            ParticipantData("Åsa Öberg", "asa@example.org", "Roll"),
            ParticipantData("Åsa Öbergsson", "kasa@example.org", "Roll"),
        ],
    )
    event = GroupEvent.objects.create(
        group=group,
        sequence=999,
        payload={"members": [{"name": "Åsa Öberg"}, {"name": "Åsa Öbergsson"}]},
    )
    # SQLite keeps "å" in JSON as "\u00e5" and folds case only for A–Z.
    lower = GroupEvent.objects.create(group=group, sequence=1000, payload={"name": "åsa öberg"})

    person_erase(email="asa@example.org")

    event.refresh_from_db()
    assert event.payload == {"members": [{"name": ERASED_NAME}, {"name": "Åsa Öbergsson"}]}
    lower.refresh_from_db()
    assert lower.payload == {"name": ERASED_NAME}
    note = RegistrationEvent.objects.filter(note__contains="Öbergsson").get().note
    assert note == f"+ {ERASED_NAME}; + Åsa Öbergsson; − Person 0; − Person 1; − Person 2"
    assert OutboxMessage.objects.filter(to="kasa@example.org").exists()
    assert not OutboxMessage.objects.filter(to="asa@example.org").exists()
