"""WebSocket routes of the events app (mounted by trama/asgi.py)."""

from django.urls import URLPattern, path

from trama.events.consumers import QuestionsConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/incontri/<int:event_id>/domande/", QuestionsConsumer.as_asgi()),
]
