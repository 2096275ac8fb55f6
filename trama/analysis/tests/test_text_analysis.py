from __future__ import annotations

import uuid

from trama.analysis.models import LinkState, LinkStatus, TextUnit
from trama.analysis.services import link_confirm, text_analyse
from trama.plans.models import Strategy


def test_a_submitted_text_is_embedded_and_gets_three_strategy_suggestions(plan, submit):
    text = submit(corpus="ascolto", body="Il treno per Pinerolo la sera non passa più, servono più corse")
    text.refresh_from_db()
    assert text.vector is not None and text.model_id
    assert text.link_state == LinkState.SUGGESTED
    codes = list(text.links.order_by("rank").values_list("strategy__code", flat=True))
    assert len(codes) == 3
    assert "3.2" in codes or "3.1" in codes


def test_a_retried_submission_with_the_same_key_is_stored_once(plan, submit):
    key = uuid.uuid4()
    first = submit(corpus="ascolto", body="Più piste ciclabili a Chieri", client_key=key)
    second = submit(corpus="ascolto", body="Più piste ciclabili a Chieri", client_key=key)
    assert first.pk == second.pk
    assert TextUnit.objects.count() == 1


def test_analysing_twice_does_not_duplicate_suggestions(plan, submit):
    text = submit(corpus="ascolto", body="Servono medici di base nelle valli")
    text_analyse(text_id=text.pk)
    assert text.links.count() == 3


def test_a_confirmed_link_survives_a_new_analysis(plan, submit, make_user):
    text = submit(corpus="ascolto", body="Serve una casa di comunità a Lanzo")
    strategy = Strategy.objects.get(axis__plan__code="psm-2024-2026", code="6.1")
    link_confirm(text=text, strategy=strategy, by=make_user(username="ufficio2"))
    text_analyse(text_id=text.pk)
    text.refresh_from_db()
    assert text.link_state == LinkState.CONFIRMED
    assert text.links.get(strategy=strategy).status == LinkStatus.CONFIRMED


def test_confirmations_teach_the_linker_a_new_way_of_speaking(plan, submit, make_user):
    # "Sagre" (village fairs) is not in the plan's words; once people confirm it for
    # culture and tourism (1.5), a new text in that register is suggested 1.5 first.
    strategy = Strategy.objects.get(axis__plan__code="psm-2024-2026", code="1.5")
    user = make_user(username="ufficio3")
    for body in [
        "Le sagre dei paesi di montagna vanno messe in rete",
        "Un calendario unico delle sagre e delle feste patronali",
        "Le sagre portano gente nelle valli, vanno sostenute",
        "Promuovere le sagre come occasione di scoperta dei borghi",
        "Sagre e fiere di paese: una guida comune per i visitatori",
    ]:
        link_confirm(text=submit(corpus="ascolto", body=body), strategy=strategy, by=user)
    new = submit(corpus="ascolto", body="Fare conoscere le sagre di paese anche fuori valle")
    assert new.links.order_by("rank").first().strategy.code == "1.5"
