"""Ideas go to the analysis engine after they are stored (a background task), and the regia's board shows
the strategies it suggests."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from trama.analysis.models import LinkStatus, StrategyLink, TextKind, TextUnit
from trama.live import services
from trama.live.models import Idea

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def analysis_on(settings) -> None:
    settings.LIVE_ANALYSIS = True
    settings.TASKS = IMMEDIATE


def test_a_stored_idea_becomes_a_text_of_the_event_corpus_after_the_commit(
    table, analysis_on, django_capture_on_commit_callbacks
):
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        receipt = services.idea_submit(table=table, client_uuid=key, text="Più autobus serali nelle valli")
    idea = Idea.objects.get(pk=receipt.idea.pk)
    assert idea.analysis_text is not None
    text = TextUnit.objects.get(pk=idea.analysis_text.pk)
    assert text.corpus == f"live-{table.event.slug}"
    assert text.kind == TextKind.IDEA
    assert text.body == "Più autobus serali nelle valli"
    assert text.source_ref == f"idea:{idea.pk}"
    assert text.client_key == key
    assert text.embedded_at is not None  # the engine's own task ran (at once in this test)


def test_a_resent_idea_is_not_handed_to_the_engine_twice(table, analysis_on, django_capture_on_commit_callbacks):
    key = uuid.uuid4()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.idea_submit(table=table, client_uuid=key, text="Scuole aperte il pomeriggio")
    assert TextUnit.objects.filter(client_key=key).count() == 1


def test_without_the_analysis_nothing_is_handed_over(table, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Piste ciclabili")
    assert TextUnit.objects.count() == 0
    assert Idea.objects.get().analysis_text is None


def test_the_board_shows_the_strategies_the_engine_suggested_for_an_idea(
    table, member, analysis_on, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    strategies = list(table.event.plan.axes.order_by("number").values_list("strategies__pk", flat=True))
    texts = ["Più corse di autobus tra le valli", "Scuole nei piccoli comuni di montagna", "Un'idea senza tema"]
    for body in texts:
        with django_capture_on_commit_callbacks(execute=True):
            services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=body)
    # Whatever the engine suggested, make the links known: the second idea speaks to strategy 2.1.
    second = Idea.objects.select_related("analysis_text").get(text=texts[1])
    assert second.analysis_text is not None
    StrategyLink.objects.filter(text=second.analysis_text).delete()
    StrategyLink.objects.create(
        text=second.analysis_text, strategy_id=strategies[1], rank=1, status=LinkStatus.SUGGESTED
    )
    for idea in Idea.objects.exclude(pk=second.pk):
        StrategyLink.objects.filter(text_id=idea.analysis_text_id).delete()
    client = Client()
    client.force_login(member)
    with django_assert_max_num_queries(14):
        response = client.get(f"/live/e/{table.event.slug}/regia/temi/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Strategie suggerite dall'analisi:") == 1
    assert 'title="Scuole nei piccoli comuni">2.1</span>' in html


def test_the_board_needs_one_query_for_the_suggestions_whatever_the_number_of_ideas(
    table, member, analysis_on, django_capture_on_commit_callbacks, settings
):
    settings.LIVE_BOARD_FRESH_SECONDS = 0  # every fetch renders the board again
    client = Client()
    client.force_login(member)
    counts = []
    for n in (2, 12):
        while Idea.objects.count() < n:
            with django_capture_on_commit_callbacks(execute=True):
                services.idea_submit(
                    table=table, client_uuid=uuid.uuid4(), text=f"Autobus serali {Idea.objects.count()}"
                )
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(f"/live/e/{table.event.slug}/regia/temi/", headers={"HX-Request": "true"}).status_code == 200
            )
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_burst_of_ideas_is_handed_to_the_engine_in_one_deferred_batch(
    table, settings, django_capture_on_commit_callbacks
):
    """On a live day (a task backend that can defer) the ideas of the next seconds share one task."""
    from django.utils import timezone
    from django_tasks import default_task_backend

    settings.LIVE_ANALYSIS = True
    settings.LIVE_ANALYSIS_BATCH_SECONDS = 10
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    texts = ["Più autobus serali nelle valli", "Scuole aperte il pomeriggio", "Piste ciclabili tra i paesi"]
    for text in texts:
        with django_capture_on_commit_callbacks(execute=True):
            services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=text)
    queued = default_task_backend.results
    assert len(queued) == 1
    assert queued[0].task.run_after > timezone.now()  # it waits for the ideas of the next seconds
    assert TextUnit.objects.count() == 0  # nothing on the facilitators' path

    assert services.ideas_analysis_run(event_id=table.event_id) == 3
    bodies = set(TextUnit.objects.filter(embedded_at__isnull=False).values_list("body", flat=True))
    assert bodies == set(texts)
    assert not Idea.objects.filter(analysis_text__isnull=True).exists()
    assert services.ideas_analysis_run(event_id=table.event_id) == 0  # idempotent


def test_after_a_batch_the_next_idea_queues_a_new_one(table, settings, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    settings.LIVE_ANALYSIS = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Corse serali")
    services.ideas_analysis_run(event_id=table.event_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Navette a chiamata")
    assert len(default_task_backend.results) == 2


def test_an_idea_the_engine_refuses_does_not_hold_back_the_batch(table, settings, monkeypatch):
    settings.LIVE_ANALYSIS = False  # the ideas are stored first, then the batch runs
    bad = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Un testo che l'analisi rifiuta").idea
    good = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Scuole aperte il pomeriggio").idea
    real_submit = services.idea_analysis_submit

    def refusing(*, idea, analyse=True):
        if idea.pk == bad.pk:
            raise ValueError("refused")
        return real_submit(idea=idea, analyse=analyse)

    monkeypatch.setattr(services, "idea_analysis_submit", refusing)
    assert services.ideas_analysis_run(event_id=table.event_id) == 1
    assert Idea.objects.get(pk=good.pk).analysis_text is not None
    assert Idea.objects.get(pk=bad.pk).analysis_text is None
