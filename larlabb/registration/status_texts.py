"""A registration's or an application's status as the rest of a sentence ("Anmälan …").

The status labels are column values ("Väntar på chefens godkännande", "Bekräftad"); put
after "Anmälan är" they make "Anmälan är väntar på …". These phrases carry their own verb.
"""

from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from larlabb.registration.models import OrganisationApplication, OrganisationRegistration

_Registration = OrganisationRegistration.Status
_Application = OrganisationApplication.Status

REGISTRATION_PHRASES: Final[dict[str, Promise]] = {
    _Registration.AWAITING_ORGANISATION: _("väntar på att kansliet prövar organisationen"),
    _Registration.AWAITING_APPROVAL: _("väntar på chefens godkännande"),
    _Registration.CONFIRMED: _("är bekräftad"),
    _Registration.DECLINED: _("är avböjd av chefen"),
    _Registration.ORGANISATION_REFUSED: _(
        "är avböjd, eftersom kansliet inte godtog organisationen"
    ),
    _Registration.WITHDRAWN: _("är återtagen"),
}
APPLICATION_PHRASES: Final[dict[str, Promise]] = {
    _Application.PENDING: _("väntar på att kansliet prövar den"),
    _Application.ACCEPTED: _("är godtagen"),
    _Application.REFUSED: _("är avböjd"),
}


def registration_status_phrase(registration: OrganisationRegistration) -> Promise:
    """Lazy, so a message built now is worded in the language it is shown in."""
    return REGISTRATION_PHRASES[registration.status]


def application_status_phrase(application: OrganisationApplication) -> Promise:
    return APPLICATION_PHRASES[application.status]
