"""WebSocket routes of the live app (mounted by trama/asgi.py)."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
