"""WebSocket routes of the votes app (mounted by trama/asgi.py)."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
