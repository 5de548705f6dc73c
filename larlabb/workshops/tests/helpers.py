"""Building a session's people and viewers as the services would."""

import pytest
from django.test import Client
from django.urls import URLPattern

from config import staff_urls
from larlabb.workshops.access import Viewer, member_secret_remember
from larlabb.workshops.models import BreakoutGroup, Member, Session
from larlabb.workshops.sessions.services import member_join_guest, member_move
from larlabb.workshops.transcription.board_export import notes_place_lexical


def guest(session: Session, name: str, organisation: str = "", kind: str = "") -> Member:
    return member_join_guest(
        session=session, name=name, organisation_name=organisation, organisation_kind=kind
    )


def viewer_of(member: Member) -> Viewer:
    member.refresh_from_db()
    return Viewer(
        session_id=member.session_id,
        member_id=member.pk,
        group_id=member.group_id,
        is_facilitator=member.is_facilitator,
    )


def two_groups(session: Session) -> tuple[BreakoutGroup, BreakoutGroup, list[Member]]:
    """Groups 1 and 2 with Anna and Bo in group 1 and Cecilia in group 2."""
    group_1 = BreakoutGroup.objects.create(session=session, number=1)
    group_2 = BreakoutGroup.objects.create(session=session, number=2)
    anna = guest(session, "Anna", "Region Östergötland", "region")
    bo = guest(session, "Bo", "Tillväxtverket", "agency")
    cecilia = guest(session, "Cecilia", "Region Skåne", "region")
    for member, group in ((anna, group_1), (bo, group_1), (cecilia, group_2)):
        member_move(session=session, member=member, group=group)
    return group_1, group_2, [anna, bo, cecilia]


def facilitator_viewer(session: Session, member: Member | None = None) -> Viewer:
    return Viewer(
        session_id=session.pk,
        member_id=member.pk if member else None,
        group_id=None,
        is_facilitator=True,
    )


def as_member(client: Client, member: Member) -> None:
    """Give the test client's browser session the member's secret, as joining would."""
    member.refresh_from_db()
    store = client.session
    member_secret_remember(store, member.session_id, member.secret)
    store.save()


def import_placement_lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the staff import page place notes by export order, as the workshops app does on its
    own: the deployed page is given the synthesis app's placement by meaning, which leaves no
    note of the seed export unplaced, and these tests are about the notes left to place."""
    pattern = next(
        p
        for p in staff_urls.urlpatterns
        if isinstance(p, URLPattern) and p.name == "session_import"
    )
    monkeypatch.setitem(pattern.default_args, "place", notes_place_lexical)
