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
from larlabb.core.bodylimit import RequestBodyLimit  # noqa: E402
from larlabb.core.origins import SiteOriginValidator  # noqa: E402
from larlabb.documentation.validators import MAX_ATTACHMENT_BYTES  # noqa: E402
from larlabb.workshops.board.throttle import FloodGate  # noqa: E402
from larlabb.workshops.transcription.forms import EXPORT_MAX_BYTES, PHOTO_MAX_BYTES  # noqa: E402

# Request body caps, checked before Django reads the body. Public forms are a few kilobytes;
# staff pages hold long Markdown texts; only the upload routes take files, each the size its
# form accepts plus room for the form's other fields.
PUBLIC_BODY_BYTES = 256 * 1024
STAFF_BODY_BYTES = 1024 * 1024
FORM_AROUND_FILE_BYTES = 256 * 1024
BODY_BYTES_BY_ROUTE = {
    "staff:": STAFF_BODY_BYTES,
    "admin:": STAFF_BODY_BYTES,
    "staff:documentation_attachment_upload": MAX_ATTACHMENT_BYTES + FORM_AROUND_FILE_BYTES,
    "staff:group_photo_add": PHOTO_MAX_BYTES + FORM_AROUND_FILE_BYTES,
    "workshops:leader_photo_add": PHOTO_MAX_BYTES + FORM_AROUND_FILE_BYTES,
    # The export as a file or pasted as text (the form refuses both at once).
    "staff:session_import": 2 * EXPORT_MAX_BYTES + FORM_AROUND_FILE_BYTES,
}

# Load every view module now (the synthesis views bring in numpy, SciPy and scikit-learn,
# seconds of imports) rather than in the middle of the first request or the first note.
get_resolver().url_patterns  # noqa: B018
# What is loaded by now lives as long as the process: out of the cycle collector's sight, its
# full collections walk only what requests and sockets make, and stop holding up live notes.
gc.freeze()

application = ProtocolTypeRouter(
    {
        "http": RequestBodyLimit(
            django_asgi_app, default_bytes=PUBLIC_BODY_BYTES, route_bytes=BODY_BYTES_BY_ROUTE
        ),
        "websocket": SiteOriginValidator(
            FloodGate(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
