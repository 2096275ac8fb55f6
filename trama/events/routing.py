"""WebSocket routes of the events app (mounted by trama/asgi.py)."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
