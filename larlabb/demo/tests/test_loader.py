from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from larlabb.demo import seed_board
from larlabb.demo.loader import STAFF_PASSWORD, STAFF_USERNAME, demo_load
from larlabb.network.models import Network, Organisation, Person
from larlabb.programme.models import (
    BudgetLine,
    Collaborator,
    LearningProject,
    ProgrammeBlock,
    ProjectContact,
    ProjectLeader,
    Workshop,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models = (
        Network,
        LearningProject,
        Workshop,
        ProgrammeBlock,
        ProjectLeader,
        ProjectContact,
        Collaborator,
        BudgetLine,
        Organisation,
        Person,
        get_user_model(),
    )
    return {model.__name__: model.objects.count() for model in models}


def test_loading_the_demo_twice_changes_nothing():
    demo_load()
    first = _counts()
    demo_load()
    assert _counts() == first
    assert first["LearningProject"] >= 2
    assert first["Network"] == 1


def test_reloading_the_demo_keeps_every_workshops_calendar_uid():
    demo_load()
    uids = dict(Workshop.objects.values_list("pk", "uid"))
    demo_load()
    assert dict(Workshop.objects.values_list("pk", "uid")) == uids


def test_seed_invitation_is_loaded_fact_by_fact():
    demo_load()
    project = LearningProject.objects.get(slug="hallbara-livsmiljoer-2024")
    assert project.full_title == "Hållbara livsmiljöer – regionerna kliver fram"
    assert project.fee_sek == 23000
    assert project.min_organisations == 15
    assert (
        project.min_participants_per_organisation,
        project.max_participants_per_organisation,
    ) == (1, 4)
    assert project.registration_deadline == date(2024, 8, 14)
    assert project.status == LearningProject.Status.CLOSED
    assert [
        (lead.person.name, lead.person.organisation.name if lead.person.organisation else None)
        for lead in project.leaders.all()
    ] == [
        ("Margareta Wandel", "Region Östergötland"),
        ("Jonas Frykman", None),
    ]
    assert [(c.person.email, c.topic) for c in project.contacts.all()] == [
        ("emma.ejermark@skr.se", "praktiska frågor"),
        ("jonas.frykman@skr.se", "innehåll"),
    ]
    workshops = [
        (
            w.number,
            w.format,
            w.starts_at.astimezone(STOCKHOLM),
            w.ends_at.astimezone(STOCKHOLM),
            w.city,
            w.is_preliminary,
        )
        for w in project.workshops.all()
    ]
    assert workshops == [
        (
            1,
            "digital",
            datetime(2024, 8, 27, 9, tzinfo=STOCKHOLM),
            datetime(2024, 8, 27, 11, 30, tzinfo=STOCKHOLM),
            "",
            False,
        ),
        (
            2,
            "physical",
            datetime(2024, 9, 12, 12, tzinfo=STOCKHOLM),
            datetime(2024, 9, 13, 13, tzinfo=STOCKHOLM),
            "Stockholm",
            False,
        ),
        (
            3,
            "digital",
            datetime(2024, 10, 16, 13, tzinfo=STOCKHOLM),
            datetime(2024, 10, 16, 15, 30, tzinfo=STOCKHOLM),
            "",
            False,
        ),
        (
            4,
            "hybrid",
            datetime(2024, 11, 21, 13, tzinfo=STOCKHOLM),
            datetime(2024, 11, 21, 16, tzinfo=STOCKHOLM),
            "Luleå",
            True,
        ),
        (
            5,
            "digital",
            datetime(2024, 12, 10, 9, tzinfo=STOCKHOLM),
            datetime(2024, 12, 10, 11, 30, tzinfo=STOCKHOLM),
            "",
            False,
        ),
        (
            6,
            "physical",
            datetime(2025, 1, 22, 12, tzinfo=STOCKHOLM),
            datetime(2025, 1, 23, 13, tzinfo=STOCKHOLM),
            "",
            False,
        ),
    ]
    shared = {w.block_id for w in project.workshops.filter(number__in=[3, 4, 5])}
    assert len(shared) == 1
    assert [(w.number, w.lunch_to_lunch, w.note) for w in project.workshops.all()] == [
        (1, False, ""),
        (2, True, ""),
        (3, False, ""),
        (4, False, "i samband med Nordregio Forum"),
        (5, False, ""),
        (6, True, ""),
    ]
    assert [c.name for c in project.collaborators.all()] == ["SKR", "Nordregio", "Vinnova"]
    assert project.programme_is_preliminary


def test_seed_invitation_texts_hold_every_section_of_the_seed():
    demo_load()
    project = LearningProject.objects.get(slug="hallbara-livsmiljoer-2024")
    sections = {
        "lead": ("Vi lever i en oviss tid.", "Tillsammans utforskar vi"),
        "background": ("Det regionala utvecklingsuppdraget", "och inte tvärtom."),
        "about": ("Läroprojektet kommer att:", "analys och dokumentation."),
        "purpose": ("Syftet är att fördjupa kunskapen",),
        "expected_results": ("Kunskap om generativ AI", "ett större kollegialt nätverk."),
        "target_group": ("Målgrupp för lärprojektet", "vem som bör delta."),
        "way_of_working": ("gemensamt lärande", "inom den egna organisationen."),
        "leadership": ("**Margareta Wandel**", "**Jonas Frykman**"),
        "programme_intro": ("träffas vid sex tillfällen", "i samråd med deltagarna."),
        "registration_info": ("Anmälan sker i två steg", "inför varje workshop."),
        "costs_note": ("Deltagarna står själva för resor och logi.",),
        "documentation_info": ("All information och dokumentation samlas",),
    }
    missing = [
        (field, fragment)
        for field, fragments in sections.items()
        for fragment in fragments
        if fragment not in getattr(project, field)
    ]
    assert missing == []
    assert project.about.count("\n- ") == 3
    assert project.expected_results.count("\n- ") == 4
    assert project.background.count("\n- ") == 3


def test_larlabb_project_has_its_two_stockholm_workshops():
    demo_load()
    project = LearningProject.objects.get(slug="larlabb-hallbar-utveckling")
    days = [
        (w.starts_at.astimezone(STOCKHOLM).date().strftime("%m-%d"), w.city)
        for w in project.workshops.all()
    ]
    assert days == [("06-08", "Stockholm"), ("08-24", "Stockholm")]


def test_seed_board_holds_the_exercise_and_21_notes_under_its_frames():
    assert sum(len(notes) for notes in seed_board.NOTES_BY_FRAME.values()) == 21
    assert list(seed_board.NOTES_BY_FRAME) == [
        *seed_board.QUESTIONS,
        seed_board.SUMMARY_FRAME,
        seed_board.BONUS_FRAME,
    ]
    assert sum(minutes for _, minutes in seed_board.PHASES) == 40


def test_demo_staff_can_log_in():
    demo_load()
    user = get_user_model().objects.get(username=STAFF_USERNAME)
    assert user.is_staff
    assert user.check_password(STAFF_PASSWORD)
