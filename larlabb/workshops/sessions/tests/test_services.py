"""Running a session: its own copy of the exercise, the timer, guests, groups that mix
organisations, latecomers and members moved between groups."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from larlabb.workshops.board import services as board_services
from larlabb.workshops.models import BreakoutGroup, Session
from larlabb.workshops.sessions import services
from larlabb.workshops.tests.helpers import guest, two_groups, viewer_of

pytestmark = pytest.mark.django_db


def test_a_session_runs_its_own_copy_of_the_template(session, template):
    assert session.exercise.pk != template.pk
    assert not session.exercise.is_template
    assert [f.title for f in session.exercise.frames.all()] == [
        "Vad förväntar du dig?",
        "Vad vill du veta?",
        "Att tänka på",
        "Goda exempel",
    ]
    assert [(p.title, p.minutes) for p in session.exercise.phases.all()] == [
        ("Diskutera", 30),
        ("Sammanfatta", 10),
    ]
    assert len(session.join_code) == 6


def test_the_timer_is_kept_as_an_end_time_through_pause_resume_extend_and_next(session):
    t0 = timezone.now()
    session = services.phase_start(session=session, now=t0)
    assert session.current_phase.title == "Diskutera"
    assert session.phase_ends_at == t0 + timedelta(minutes=30)
    session = services.phase_pause(session=session, now=t0 + timedelta(minutes=10))
    assert session.phase_ends_at is None
    assert session.paused_remaining == timedelta(minutes=20)
    with pytest.raises(ValidationError):
        services.phase_pause(session=session)
    session = services.phase_resume(session=session, now=t0 + timedelta(minutes=50))
    assert session.phase_ends_at == t0 + timedelta(minutes=70)
    session = services.phase_extend(session=session, minutes=5, now=t0 + timedelta(minutes=51))
    assert session.phase_ends_at == t0 + timedelta(minutes=75)
    session = services.phase_next(session=session, now=t0 + timedelta(minutes=80))
    assert session.current_phase.title == "Sammanfatta"
    assert session.phase_ends_at == t0 + timedelta(minutes=90)
    session = services.phase_next(session=session)
    assert session.status == Session.Status.FINISHED
    with pytest.raises(ValidationError):
        services.phase_next(session=session)


def test_extending_time_that_has_run_out_counts_from_now(session):
    t0 = timezone.now()
    session = services.phase_start(session=session, now=t0)
    session = services.phase_extend(session=session, minutes=5, now=t0 + timedelta(minutes=40))
    assert session.phase_ends_at == t0 + timedelta(minutes=45)


def test_automatic_groups_mix_organisations(session, organisations):
    people = [
        ("Anna", "Region Östergötland"),
        ("Arvid", "Region Östergötland"),
        ("Bo", "Tillväxtverket"),
        ("Berit", "Tillväxtverket"),
        ("Cecilia", "Region Skåne"),
        ("Carl", "Region Skåne"),
    ]
    for name, organisation in people:
        guest(session, name, organisation)
    groups = services.groups_assign(session=session, group_size=3)
    assert len(groups) == 2
    for group in groups:
        members = list(group.members.all())
        assert len(members) == 3
        assert len({m.organisation_name for m in members}) == 3
        assert {m.organisation_kind for m in members} >= {"region", "agency"}


def test_a_guest_from_a_known_organisation_gets_its_name_and_kind(session, organisations):
    member = guest(session, "Bo", "tillväxtverket")
    assert (member.organisation_name, member.organisation_kind) == ("Tillväxtverket", "agency")


def test_a_latecomer_joins_the_smallest_group_without_their_organisation(session, organisations):
    for name, organisation in (
        ("Anna", "Region Östergötland"),
        ("Bo", "Tillväxtverket"),
        ("Cecilia", "Region Skåne"),
        ("Carl", "Region Skåne"),
    ):
        guest(session, name, organisation)
    services.groups_assign(session=session, group_size=2)
    anna = session.members.get(display_name="Anna")
    late = guest(session, "Eva", "Region Östergötland")
    late.refresh_from_db()
    group = late.group
    assert group is not None
    others = [m.organisation_name for m in group.members.exclude(pk=late.pk)]
    assert "Region Östergötland" not in others
    assert group.pk != BreakoutGroup.objects.get(members=anna).pk


def test_guests_cannot_join_when_the_facilitator_does_not_allow_it(session):
    services.session_guests_allow(session=session, allow=False)
    with pytest.raises(ValidationError, match="tar inte emot gäster"):
        guest(session, "Anna")


def test_moving_the_group_leader_leaves_the_old_group_without_one(session):
    group_1, group_2, (anna, _, _) = two_groups(session)
    board_services.group_leader_appoint(
        viewer=viewer_of(anna), group_id=group_1.pk, member_id=anna.pk
    )
    services.member_move(session=session, member=anna, group=group_2)
    group_1.refresh_from_db()
    assert group_1.leader_id is None
