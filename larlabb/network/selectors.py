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
