from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from larlabb.network.models import Network


def network(request: HttpRequest) -> dict[str, object]:
    # Lazy: pages that never show the network's name pay no query for it.
    return {
        "site_network": SimpleLazyObject(lambda: Network.objects.order_by("id").first()),
    }
