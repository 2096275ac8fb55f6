"""Background work of the reports (django-tasks): never on the request path."""

from __future__ import annotations

from django_tasks import task

from trama.live.models import LiveEvent
from trama.reports import services


@task()
def report_generate(event_id: int) -> None:
    event = LiveEvent.objects.filter(pk=event_id).first()
    if event is not None:
        services.report_store(event=event)
