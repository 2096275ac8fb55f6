"""Create (or reuse) a live event with 6 venues × N tables and print its tokens as one JSON line.

Used by people trying the live screens and by bench/live_event.py (see PROTOCOL.md)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from trama.accounts.models import Role, User
from trama.live import services
from trama.live.models import LiveEvent


def regia_session(user: User) -> str:
    """A logged-in session for a regia user: the value of the ``sessionid`` cookie."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


class Command(BaseCommand):
    help = "Crea un evento di co-pianificazione dal vivo (6 sedi × N tavoli) e stampa i codici dei tavoli in JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", default="live-demo")
        parser.add_argument("--title", default="Co-pianificazione dal vivo (prova)")
        parser.add_argument("--tables", type=int, default=8, help="tavoli per sede")
        parser.add_argument("--letters", default="ABCDEF")
        parser.add_argument("--regia-sessions", type=int, default=0, help="sessioni di regia da creare")

    def handle(self, *args: Any, **options: Any) -> None:
        event = LiveEvent.objects.filter(slug=options["slug"]).first()
        if event is None:
            event = services.live_event_setup(
                title=options["title"],
                slug=options["slug"],
                letters=options["letters"].upper(),
                tables_per_venue=options["tables"],
                rounds=[("Quali azioni sono prioritarie per il tuo territorio?", 45)],
                is_sample=True,
            )
        sessions = []
        for n in range(1, options["regia_sessions"] + 1):
            user, _created = User.objects.get_or_create(
                username=f"regia-{event.slug}-{n}"[:150], defaults={"role": Role.REGIA}
            )
            services.regia_member_set(event=event, user=user, is_lead=(n == 1))
            sessions.append(regia_session(user))
        tables = [
            {
                "id": t.pk,
                "venue": t.venue.letter,
                "number": t.number,
                "code": t.code,
                "token": t.token,
                "url": reverse("live:facilitator", kwargs={"token": t.token}),
                "ws": f"/ws/live/t/{t.token}/",
                "ideas_url": reverse("live:idea_post", kwargs={"token": t.token}),
            }
            for t in event.tables.select_related("venue").order_by("venue__letter", "number")
        ]
        data = {
            "event": event.slug,
            "event_id": event.pk,
            "regia_url": reverse("live:regia", kwargs={"slug": event.slug}),
            "regia_ws": f"/ws/live/e/{event.slug}/regia/",
            "regia_sessions": sessions,
            "tables": tables,
        }
        self.stdout.write(json.dumps(data))
