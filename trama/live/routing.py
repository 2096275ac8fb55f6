"""WebSocket routes of the live app (mounted by trama/asgi.py). Frames: PROTOCOL.md."""

from __future__ import annotations

from django.urls import URLPattern, path

from trama.live import consumers

websocket_urlpatterns: list[URLPattern] = [
    path("ws/live/t/<str:token>/", consumers.FacilitatorConsumer.as_asgi(), name="live-ws-facilitator"),
    path("ws/live/e/<slug:slug>/regia/", consumers.RegiaConsumer.as_asgi(), name="live-ws-regia"),
]
