from larlabb.programme.models import LearningProject
from larlabb.registration.models import OrganisationRegistration


def confirmed_organisation_count(*, project: LearningProject) -> int:
    return OrganisationRegistration.objects.filter(
        project=project, status=OrganisationRegistration.Status.CONFIRMED
    ).count()
