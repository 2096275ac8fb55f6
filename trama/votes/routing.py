"""WebSocket routes of the votes app (mounted by trama/asgi.py): the big screen, read-only."""

from __future__ import annotations

from django.urls import URLPattern, path

from trama.votes import consumers

websocket_urlpatterns: list[URLPattern] = [
    path("ws/voti/schermo/<slug:slug>/", consumers.ScreenConsumer.as_asgi(), name="votes-ws-screen"),
]
