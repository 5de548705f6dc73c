from django.db.models import QuerySet
from django.http import Http404

from larlabb.network.models import Network, Organisation


def network_current() -> Network:
    """The network this site serves. One installation serves one network."""
    network = Network.objects.order_by("id").first()
    if network is None:
        raise Http404("No network is set up yet.")
    return network


def organisations_for_network(*, network: Network) -> QuerySet[Organisation]:
    return network.organisations.order_by("name")


def organisation_named(*, network_id: int, name: str) -> Organisation | None:
    """The network's organisation with this name, whatever the case of its letters.

    Compared in Python: the database's case-insensitive match is ASCII-only on SQLite, and
    "region östergötland" must find "Region Östergötland". A network has hundreds at most.
    """
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    for organisation in Organisation.objects.filter(network_id=network_id):
        if organisation.name.casefold() == wanted:
            return organisation
    return None


def organisations_search(
    *, network: Network, query: str = "", kind: str = "", relationship: str = ""
) -> QuerySet[Organisation]:
    organisations = organisations_for_network(network=network)
    if query:
        # Folds Å, Ä and Ö too (icontains does not on SQLite); the lookup is registered on
        # every text field by core, which this floor cannot import.
        organisations = organisations.filter(name__ifold_contains=query)
    if kind:
        organisations = organisations.filter(kind=kind)
    if relationship:
        organisations = organisations.filter(relationship=relationship)
    return organisations
