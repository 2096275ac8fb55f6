"""Background work of live co-planning (django-tasks): never on a facilitator's path."""

from __future__ import annotations

from django_tasks import task

from trama.live import services
from trama.live.models import Idea


@task()
def idea_analyse(idea_id: int) -> None:
    """Give one stored idea to the analysis engine (kept for tasks queued before the batches)."""
    idea = Idea.objects.select_related("event", "table__venue").filter(pk=idea_id).first()
    if idea is not None:
        services.idea_analysis_submit(idea=idea)


@task()
def ideas_analyse(event_id: int) -> None:
    """Give the event's new ideas to the analysis engine, in one batch (services.ideas_analysis_run)."""
    services.ideas_analysis_run(event_id=event_id)
