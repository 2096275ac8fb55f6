"""Background work of the analysis engine (django-tasks): never on the request path."""

from __future__ import annotations

from django_tasks import task

from trama.analysis import services


@task()
def analyse_text(text_id: int) -> None:
    services.text_analyse(text_id=text_id)


@task()
def recluster(corpus: str) -> None:
    services.themes_recluster(corpus=corpus)
