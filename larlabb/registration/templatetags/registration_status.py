from django import template

from larlabb.registration.models import OrganisationApplication, OrganisationRegistration
from larlabb.registration.status_texts import (
    application_status_phrase,
    registration_status_phrase,
)

register = template.Library()


@register.filter
def status_phrase(record: OrganisationRegistration | OrganisationApplication) -> str:
    """The status as the rest of a sentence: "Anmälan {{ registration|status_phrase }}."."""
    if isinstance(record, OrganisationApplication):
        return str(application_status_phrase(record))
    return str(registration_status_phrase(record))
