from collections.abc import Mapping
from typing import Any

from larlabb.network.models import Network, Organisation


def network_texts_update(*, network: Network, fields: Mapping[str, Any]) -> Network:
    for name, value in fields.items():
        setattr(network, name, value)
    network.full_clean()
    network.save()
    return network


def organisation_save(
    *, network: Network, organisation: Organisation | None, fields: Mapping[str, Any]
) -> Organisation:
    organisation = organisation or Organisation(network=network)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation
