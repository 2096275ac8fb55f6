"""ASGI entry point: HTTP through Django, WebSockets through Channels routing (events' Q&A, live co-planning)."""

import os

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trama.settings")

django_asgi_app = get_asgi_application()

# Imported after Django is set up: the routes import consumers, which import models.
from trama.core.gate import HttpGate  # noqa: E402
from trama.core.heap import steady_heap  # noqa: E402
from trama.events.routing import websocket_urlpatterns as events_ws  # noqa: E402
from trama.live.routing import websocket_urlpatterns as live_ws  # noqa: E402
from trama.votes.routing import websocket_urlpatterns as votes_ws  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": HttpGate(django_asgi_app, limit=settings.HTTP_CONCURRENCY, ungated_prefixes=(settings.STATIC_URL,)),
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter([*events_ws, *live_ws, *votes_ws]))),
    }
)

# Long-running server processes: no full garbage collection pauses through the startup heap (core/heap.py).
if settings.STEADY_HEAP:
    steady_heap()
