"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Django must be set up before anything imports models (consumers, routing).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from config.websocket_urls import websocket_urlpatterns  # noqa: E402
from larlabb.core.origins import SiteOriginValidator  # noqa: E402
from larlabb.workshops.throttle import FloodGate  # noqa: E402

# Load every view module now (the synthesis views bring in numpy, SciPy and scikit-learn,
# seconds of imports) rather than in the middle of the first request or the first note.
get_resolver().url_patterns  # noqa: B018
# What is loaded by now lives as long as the process: out of the cycle collector's sight, its
# full collections walk only what requests and sockets make, and stop holding up live notes.
gc.freeze()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SiteOriginValidator(
            FloodGate(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
