from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from larlabb.registration.models import OrganisationRegistration
from larlabb.registration.selectors import registration_open_at
from larlabb.registration.services import registration_submit
from larlabb.registration.tests.factories import ProjectFactory
from larlabb.registration.tests.helpers import registration_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("deadline", "last_open", "first_closed"),
    [
        # Summer time: Stockholm is UTC+2, so the day ends at 22.00 UTC.
        (
            date(2027, 8, 14),
            datetime(2027, 8, 14, 21, 59, 59, tzinfo=UTC),
            datetime(2027, 8, 14, 22, tzinfo=UTC),
        ),
        # Winter time: UTC+1, the day ends at 23.00 UTC.
        (
            date(2027, 1, 15),
            datetime(2027, 1, 15, 22, 59, 59, tzinfo=UTC),
            datetime(2027, 1, 15, 23, tzinfo=UTC),
        ),
        # The night summer time starts (31 March 2024 lost an hour in the morning, not at midnight).
        (
            date(2024, 3, 30),
            datetime(2024, 3, 30, 22, 59, 59, tzinfo=UTC),
            datetime(2024, 3, 30, 23, tzinfo=UTC),
        ),
        # The night it ends: 27 October 2024 is still summer time at midnight.
        (
            date(2024, 10, 26),
            datetime(2024, 10, 26, 21, 59, 59, tzinfo=UTC),
            datetime(2024, 10, 26, 22, tzinfo=UTC),
        ),
    ],
)
def test_registration_is_open_to_the_end_of_the_deadline_day_in_stockholm(
    deadline, last_open, first_closed
):
    project = ProjectFactory.build(registration_deadline=deadline, status="published")
    assert registration_open_at(project=project, now=last_open)
    assert not registration_open_at(project=project, now=first_closed)


def test_registration_opens_no_earlier_than_the_status_allows():
    project = ProjectFactory.build(registration_deadline=date(2027, 8, 14), status="draft")
    assert not registration_open_at(project=project, now=datetime(2027, 1, 1, tzinfo=UTC))


def test_submitting_after_the_deadline_is_refused_but_staff_may_add_it_late(
    project, organisation, staff_user
):
    project.registration_deadline = date(2027, 8, 14)
    project.save()
    after = datetime(2027, 8, 14, 22, 0, 1, tzinfo=UTC)
    with pytest.raises(ValidationError) as error:
        registration_submit(
            project=project,
            data=registration_data(organisation),
            submission_key="late",
            language="sv",
            now=after,
        )
    assert error.value.code == "deadline"
    assert "14 augusti 2027" in error.value.messages[0]
    registration = registration_submit(
        project=project,
        data=registration_data(organisation),
        submission_key="late",
        language="sv",
        now=after,
        by_staff=staff_user,
    )
    assert registration.is_late
    assert OrganisationRegistration.objects.count() == 1
