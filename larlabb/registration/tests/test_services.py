import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from larlabb.registration import services
from larlabb.registration.models import ApprovalRequest, OrganisationRegistration
from larlabb.registration.selectors import approval_request_for_link
from larlabb.registration.services import (
    ApprovalLinkError,
    ApprovalLinkProblem,
    ParticipantData,
    approval_decide,
    registration_confirm,
    registration_participants_update,
    registration_submit,
)
from larlabb.registration.tests.helpers import link_in, mail_to, registration_data

pytestmark = pytest.mark.django_db


def _submit(project, organisation, key="key-1", **kwargs):
    return registration_submit(
        project=project,
        data=registration_data(organisation, **kwargs),
        submission_key=key,
        language="sv",
    )


def test_a_submission_that_loses_the_race_gets_the_clear_message_not_an_error(
    project, organisation, monkeypatch
):
    _submit(project, organisation, key="first")
    checks = []
    real_check = services._check_not_registered

    def check_after_the_race(**kwargs):
        # The first check runs before the parallel request has committed, so it passes.
        checks.append(kwargs)
        if len(checks) > 1:
            real_check(**kwargs)

    monkeypatch.setattr(services, "_check_not_registered", check_after_the_race)
    with pytest.raises(ValidationError) as error:
        _submit(project, organisation, key="second")
    assert error.value.error_dict["organisation"][0].code == "already_registered"
    assert len(checks) == 2
    assert OrganisationRegistration.objects.count() == 1


def test_the_same_form_sent_twice_returns_the_first_registration(project, organisation):
    first = _submit(project, organisation, key="same")
    assert _submit(project, organisation, key="same") == first
    assert OrganisationRegistration.objects.count() == 1


def test_an_approval_link_works_once_even_if_two_clicks_race(
    project, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(project, organisation)
    path = link_in(mail_to("per@example.org").body, "/anmalan/godkannande/")
    approval_id, token = path.strip("/").split("/")[-2:]
    first = approval_request_for_link(approval_id=int(approval_id), token=token)
    second = approval_request_for_link(approval_id=int(approval_id), token=token)
    assert first is not None and second is not None
    approval_decide(approval=first, approve=True)
    with pytest.raises(ApprovalLinkError) as error:
        approval_decide(approval=second, approve=False)
    assert error.value.problem == ApprovalLinkProblem.USED
    assert OrganisationRegistration.objects.get().status == "confirmed"
    assert ApprovalRequest.objects.get().used_at is not None


def test_a_token_for_another_request_does_not_open_it(project, organisation):
    _submit(project, organisation)
    approval = ApprovalRequest.objects.get()
    assert approval_request_for_link(approval_id=approval.pk, token="guess") is None


def test_confirming_twice_is_refused(project, organisation, staff_user):
    registration = _submit(project, organisation)
    registration_confirm(registration=registration, approved_by_staff=staff_user)
    with pytest.raises(ValidationError) as error:
        registration_confirm(registration=registration)
    assert error.value.code == "not_awaiting_approval"


def test_participants_stay_within_the_projects_limits(project, organisation):
    registration = _submit(project, organisation)
    too_many = [ParticipantData(f"P {n}", f"p{n}@example.org", "Roll") for n in range(5)]
    with pytest.raises(ValidationError) as error:
        registration_participants_update(registration=registration, participants=too_many)
    assert error.value.error_dict["participants"][0].code == "too_many"
    assert registration.participants.count() == 1


def test_mail_is_rendered_in_the_registrations_language(
    project, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_submit(
            project=project,
            data=registration_data(organisation),
            submission_key="english",
            language="en",
        )
    expires_at = ApprovalRequest.objects.get().expires_at
    with translation.override("en"):
        english_date = date_format(timezone.localtime(expires_at), "j F Y")
    with translation.override("sv"):
        swedish_date = date_format(timezone.localtime(expires_at), "j F Y")
    assert english_date != swedish_date
    body = mail_to("per@example.org").body
    assert english_date in body and swedish_date not in body
