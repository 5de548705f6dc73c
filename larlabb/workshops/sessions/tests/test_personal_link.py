"""Registered participants join a session with the personal link from their registration."""

import pytest
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.test import Client
from django.urls import reverse

from larlabb.network.models import Organisation
from larlabb.registration.gdpr import person_erase
from larlabb.registration.models import OrganisationRegistration, Participant
from larlabb.registration.tests.factories import WorkshopFactory
from larlabb.registration.tokens import participant_token
from larlabb.workshops.gdpr import ERASED_MEMBER_NAME
from larlabb.workshops.models import BreakoutGroup, Member, Session
from larlabb.workshops.sessions import services
from larlabb.workshops.sessions.forms import MoveForm
from larlabb.workshops.sessions.services import member_join_registered

pytestmark = pytest.mark.django_db


def _registered(
    session: Session,
    organisation: Organisation,
    name: str,
    status: str = OrganisationRegistration.Status.CONFIRMED,
) -> Participant:
    assert session.exercise.workshop is not None
    registration = OrganisationRegistration.objects.create(
        project=session.exercise.workshop.project,
        organisation=organisation,
        status=status,
        contact_name="Kontakt",
        contact_email="kontakt@example.se",
        contact_phone="010-123 45 67",
        contact_role="Utvecklare",
        manager_name="Chef",
        manager_email="chef@example.se",
        organisation_number="232100-0000",
        invoice_address="Box 1, 100 00 Stockholm",
        invoice_reference="Lärlabb",
        fee_sek=0,
    )
    return Participant.objects.create(
        registration=registration, name=name, email=f"{name.lower()}@example.se", role="Strateg"
    )


def _link(participant: Participant) -> str:
    return reverse("workshops:personal_join", args=[participant_token(participant.pk)])


def test_the_personal_link_joins_without_a_code_or_a_name_with_the_organisation_copied(
    client, session, organisations
):
    anna = _registered(session, organisations["Tillväxtverket"], "Anna")
    page = client.get(_link(anna))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Du deltar som Anna, Tillväxtverket." in html
    assert "Delta i Förväntningar" in html
    response = client.post(_link(anna), {"session": session.pk})
    member = Member.objects.get()
    assert response["Location"] == reverse("workshops:session_home", args=[session.pk])
    assert (member.display_name, member.organisation_name, member.organisation_kind) == (
        "Anna",
        "Tillväxtverket",
        Organisation.Kind.AGENCY,
    )
    assert not member.is_guest
    assert client.get(response["Location"])["Location"] == reverse(
        "workshops:waiting", args=[session.pk]
    )


def test_the_link_works_when_the_session_takes_no_guests(client, session, organisations):
    services.session_guests_allow(session=session, allow=False)
    anna = _registered(session, organisations["Region Skåne"], "Anna")
    client.post(_link(anna), {"session": session.pk})
    assert Member.objects.filter(display_name="Anna", session=session).exists()


def test_opening_the_link_again_on_another_device_is_the_same_member(session, organisations):
    anna = _registered(session, organisations["Region Skåne"], "Anna")
    for _ in range(2):
        Client().post(_link(anna), {"session": session.pk})
    assert Member.objects.filter(session=session).count() == 1
    assert member_join_registered(session=session, participant=anna) == Member.objects.get()


def test_a_latecomer_with_a_link_is_placed_in_a_group_without_their_organisation(
    session, organisations
):
    group_1 = BreakoutGroup.objects.create(session=session, number=1)
    group_2 = BreakoutGroup.objects.create(session=session, number=2)
    skane = organisations["Region Skåne"]
    first = member_join_registered(session=session, participant=_registered(session, skane, "Bo"))
    services.member_move(session=session, member=first, group=group_1)
    other = member_join_registered(
        session=session, participant=_registered(session, organisations["Tillväxtverket"], "Ceci")
    )
    services.member_move(session=session, member=other, group=group_2)
    colleague = Participant.objects.create(
        registration=Participant.objects.get(name="Bo").registration,
        name="Dan",
        email="dan@example.se",
        role="Analytiker",
    )
    member = member_join_registered(session=session, participant=colleague)
    assert member.group == group_2


def test_only_sessions_of_the_participants_project_can_be_joined(
    client, session, organisations, template
):
    elsewhere = services.session_create(
        workshop=WorkshopFactory.create(), source=template, created_by=None, allow_guests=True
    )
    anna = _registered(session, organisations["Region Skåne"], "Anna")
    response = client.post(_link(anna), {"session": elsewhere.pk})
    assert response.status_code == 400
    assert "hör inte till din workshop" in response.content.decode()
    assert not Member.objects.exists()
    assert "Förväntningar" in client.get(_link(anna)).content.decode()


def test_an_unconfirmed_organisations_participant_is_told_nothing_is_running(
    client, session, organisations
):
    anna = _registered(
        session,
        organisations["Region Skåne"],
        "Anna",
        status=OrganisationRegistration.Status.AWAITING_APPROVAL,
    )
    html = client.get(_link(anna)).content.decode()
    assert "Det pågår ingen övning på din workshop just nu." in html
    assert client.post(_link(anna), {"session": session.pk}).status_code == 400
    assert not Member.objects.exists()


def test_a_made_up_or_erased_link_gets_a_clear_page_and_the_way_in_with_a_code(
    client, session, organisations
):
    response = client.get(reverse("workshops:personal_join", args=["1:inte-signerad"]))
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()
    assert reverse("registration:resend_link") in response.content.decode()
    anna = _registered(session, organisations["Region Skåne"], "Anna")
    Participant.objects.filter(pk=anna.pk).update(name="", erased_at="2026-01-01T00:00Z")
    assert client.get(_link(anna)).status_code == 404


def test_a_finished_session_cannot_be_joined(session, organisations):
    anna = _registered(session, organisations["Region Skåne"], "Anna")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.FINISHED)
    with pytest.raises(ValidationError):
        member_join_registered(session=session, participant=anna)


def test_the_participants_registration_page_links_to_joining_once_the_organisation_is_confirmed(
    client, session, organisations
):
    anna = _registered(session, organisations["Region Skåne"], "Anna")
    page = client.get(reverse("registration:participant", args=[participant_token(anna.pk)]))
    assert f'href="{_link(anna)}"' in page.content.decode()
    waiting = _registered(
        session,
        organisations["Tillväxtverket"],
        "Bo",
        OrganisationRegistration.Status.AWAITING_APPROVAL,
    )
    page = client.get(reverse("registration:participant", args=[participant_token(waiting.pk)]))
    assert "/ovning/delta/" not in page.content.decode()


def test_erasing_a_participant_erases_their_name_as_a_workshop_member(session, organisations):
    anna = _registered(session, organisations["Region Skåne"], "Anna")
    bo = _registered(session, organisations["Tillväxtverket"], "Bo")
    member_join_registered(session=session, participant=anna)
    member_join_registered(session=session, participant=bo)
    person_erase(email=anna.email)
    names = set(Member.objects.values_list("display_name", flat=True))
    assert names == {ERASED_MEMBER_NAME, "Bo"}


def test_an_erased_participant_is_not_offered_to_the_facilitator_to_move(session, organisations):
    anna = _registered(session, organisations["Region Skåne"], "Anna")
    bo = _registered(session, organisations["Tillväxtverket"], "Bo")
    member_join_registered(session=session, participant=anna)
    member_join_registered(session=session, participant=bo)
    services.member_join_guest(session=session, name=ERASED_MEMBER_NAME)
    person_erase(email=anna.email)
    field = MoveForm(session=session).fields["member"]
    assert isinstance(field, ModelChoiceField) and field.queryset is not None
    # Anna is gone; the guest who calls themselves so is still someone to move.
    assert sorted(str(member) for member in field.queryset) == ["Bo", ERASED_MEMBER_NAME]
