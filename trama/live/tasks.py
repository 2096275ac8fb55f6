"""Background work of live co-planning (django-tasks): never on a facilitator's path."""

from __future__ import annotations

from django_tasks import task

from trama.live import services
from trama.live.models import Idea


@task()
def idea_analyse(idea_id: int) -> None:
    """Give a stored idea to the analysis engine (strategy suggestions for the regia's board)."""
    idea = Idea.objects.select_related("event", "table__venue").filter(pk=idea_id).first()
    if idea is not None:
        services.idea_analysis_submit(idea=idea)
