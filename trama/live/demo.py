"""Sample co-planning event for `make run`: clearly marked as an example (no real event data exists yet)."""

from __future__ import annotations

import uuid

from django.db import transaction

from trama.live import services
from trama.live.models import LiveEvent, LiveEventStatus, LiveTable

DEMO_SLUG = "esempio-co-pianificazione"
DEMO_ROUNDS = [
    ("Quali strategie del Piano sono prioritarie per il vostro territorio, e perché?", 40),
    ("Quali azioni concrete proponete per realizzarle nei prossimi tre anni?", 40),
    ("Chi può farle: quali reti e attività sono già attive sul territorio?", 30),
]
DEMO_IDEAS = [
    ("A", 1, "Più corse serali di autobus tra la cintura e Torino, coordinate con i treni."),
    ("B", 2, "Laboratori tra scuole e imprese del Pinerolese per le competenze digitali."),
    ("C", 1, "Una rete di piste ciclabili lungo la Dora per chi va al lavoro in valle."),
    ("D", 3, "Sportelli unici per le imprese nei comuni montani, con orari condivisi."),
    ("E", 4, "Case di comunità nei comuni più lontani dagli ospedali."),
    ("F", 5, "Comunità energetiche tra i comuni del Chierese."),
]


@transaction.atomic
def demo_load() -> None:
    """Idempotent: the event is created once, identified by its slug; ideas by fixed UUIDs."""
    event = LiveEvent.objects.filter(slug=DEMO_SLUG).first()
    if event is None:
        event = services.live_event_setup(
            title="Dalle strategie alle azioni (esempio)",
            slug=DEMO_SLUG,
            tables_per_venue=8,
            rounds=DEMO_ROUNDS,
            is_sample=True,
            status=LiveEventStatus.LIVE,
        )
        event.description = "Evento di esempio: sedi, tavoli, giri e idee non sono dati reali."
        event.save(update_fields=["description"])
    for n, (letter, number, text) in enumerate(DEMO_IDEAS, start=1):
        table = LiveTable.objects.select_related("event", "venue", "axis").get(
            event=event, venue__letter=letter, number=number
        )
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"trama-live-demo-{n}")
        if event.accepts_ideas:
            services.idea_submit(table=table, client_uuid=key, text=text)
