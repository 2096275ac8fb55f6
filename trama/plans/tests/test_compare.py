from __future__ import annotations

from django.test import Client

from trama.plans.models import Axis, PlanVersion, Strategy
from trama.plans.selectors import Change, plan_compare


def _plan(code: str, start: int, strategies: list[tuple[str, str]]) -> PlanVersion:
    plan = PlanVersion.objects.create(code=code, title=code, period_start=start, period_end=start + 2)
    axis = Axis.objects.create(plan=plan, number=1, title="Asse")
    for strategy_code, title in strategies:
        Strategy.objects.create(axis=axis, code=strategy_code, title=title)
    return plan


def _changes(old: PlanVersion, new: PlanVersion) -> dict[str, Change]:
    result = {}
    for change in plan_compare(old=old, new=new):
        strategy = change.new or change.old
        assert strategy is not None
        result[strategy.title] = change.change
    return result


def test_same_title_is_kept_similar_title_is_revised_and_the_rest_new_or_dropped(db):
    old = _plan(
        "a",
        2021,
        [
            ("1.1", "Costruire la metropoli verde"),
            ("1.2", "Sostenere la logistica merci"),
            ("1.3", "Potenziare la rete ferroviaria metropolitana"),
        ],
    )
    new = _plan(
        "b",
        2024,
        [
            ("1.1", "Costruire la metropoli verde"),
            ("1.2", "Potenziare e integrare la rete ferroviaria metropolitana"),
            ("1.3", "Costruire un sistema territoriale del cibo"),
        ],
    )
    changes = _changes(old, new)
    assert changes["Costruire la metropoli verde"] == Change.KEPT
    assert changes["Potenziare e integrare la rete ferroviaria metropolitana"] == Change.REVISED
    assert changes["Costruire un sistema territoriale del cibo"] == Change.NEW
    assert changes["Sostenere la logistica merci"] == Change.DROPPED


def test_an_explicit_link_wins_over_title_similarity(db):
    old = _plan("a", 2021, [("1.1", "Talenti"), ("1.2", "Giovani")])
    new = _plan("b", 2024, [("1.1", "Attivare le giovani generazioni")])
    successor = Strategy.objects.get(axis__plan=new)
    successor.previous = Strategy.objects.get(axis__plan=old, title="Giovani")
    successor.save()
    changes = _changes(old, new)
    assert changes["Attivare le giovani generazioni"] == Change.REVISED
    assert changes["Talenti"] == Change.DROPPED


def test_the_real_versions_compare_as_the_data_declares(real_data):
    old = PlanVersion.objects.get(code="psm-2021-2023")
    new = PlanVersion.objects.get(code="psm-2024-2026")
    changes = plan_compare(old=old, new=new)
    counts = {kind: sum(1 for c in changes if c.change == kind) for kind in Change}
    assert counts == {Change.KEPT: 14, Change.REVISED: 7, Change.NEW: 4, Change.DROPPED: 3}


def test_compare_page_shows_the_summary_and_each_strategy(real_data):
    page = Client().get("/piani/confronto/").content.decode()
    assert "<strong>14</strong> confermate" in page
    assert "<strong>3</strong> non riproposte" in page
    assert page.count('class="change-') == 28
