from collections.abc import Mapping
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from larlabb.network.models import Network, Organisation
from larlabb.network.selectors import organisation_named

ORGANISATION_NAME_TAKEN: Final = _("Organisationen finns redan i nätverket.")


def network_texts_update(*, network: Network, fields: Mapping[str, Any]) -> Network:
    for name, value in fields.items():
        setattr(network, name, value)
    network.full_clean()
    network.save()
    return network


def organisation_check(
    *, network: Network, organisation: Organisation | None, fields: Mapping[str, Any]
) -> None:
    """One name once per network, whatever the case of its letters: registration offers the
    organisations by name, and two alike would split one organisation's registrations."""
    if "name" not in fields:
        return
    taken = organisation_named(network_id=network.pk, name=fields["name"])
    if taken is not None and (organisation is None or taken.pk != organisation.pk):
        raise ValidationError({"name": ValidationError(ORGANISATION_NAME_TAKEN, code="taken")})


def organisation_save(
    *, network: Network, organisation: Organisation | None, fields: Mapping[str, Any]
) -> Organisation:
    organisation_check(network=network, organisation=organisation, fields=fields)
    organisation = organisation or Organisation(network=network)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        # Someone saved the same name between the check and this save.
        raise ValidationError(
            {"name": ValidationError(ORGANISATION_NAME_TAKEN, code="taken")}
        ) from None
    return organisation
