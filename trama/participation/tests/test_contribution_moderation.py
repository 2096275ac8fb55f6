"""Moderation services: approve (and publish only with consent), reject with a reason, spam, public text,
strategies confirmed by the plan office (and learnt by the analysis engine)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from trama.analysis.models import LinkStatus, StrategyLink
from trama.participation import services
from trama.participation.models import ContributionStatus
from trama.plans.models import Strategy


def test_approving_a_contribution_with_publish_consent_makes_it_public(submit, plan_office_user):
    c = services.contribution_approve(contribution=submit().contribution, by=plan_office_user)

    assert c.status == ContributionStatus.APPROVED and c.is_public
    assert c.moderated_by == plan_office_user and c.moderated_at is not None


def test_without_publish_consent_an_approved_contribution_stays_private(submit, plan_office_user):
    c = services.contribution_approve(contribution=submit(publish_consent="false").contribution, by=plan_office_user)

    assert c.status == ContributionStatus.APPROVED and not c.is_public


def test_rejecting_needs_a_reason_and_unpublishes(approved, plan_office_user):
    c = approved()

    with pytest.raises(ValidationError):
        services.contribution_reject(contribution=c, reason="  ", by=plan_office_user)
    c = services.contribution_reject(contribution=c, reason="Fuori tema", by=plan_office_user)

    assert c.status == ContributionStatus.REJECTED and c.moderation_reason == "Fuori tema" and not c.is_public


def test_spam_is_never_public(approved, plan_office_user):
    c = services.contribution_mark_spam(contribution=approved(), by=plan_office_user)

    assert c.status == ContributionStatus.SPAM and not c.is_public


def test_the_public_text_can_be_edited_but_not_emptied(submit, plan_office_user):
    c = submit().contribution

    c = services.contribution_excerpt_update(contribution=c, public_excerpt="Più corse serali.", by=plan_office_user)
    assert c.public_excerpt == "Più corse serali."
    assert "Torino" in c.text  # the original text is kept
    with pytest.raises(ValidationError):
        services.contribution_excerpt_update(contribution=c, public_excerpt=" ", by=plan_office_user)


def test_approving_confirms_the_strategy_the_sender_chose(submit, plan_office_user):
    c = services.contribution_approve(contribution=submit(strategy="1.1").contribution, by=plan_office_user)

    assert [s.code for s in c.strategies.all()] == ["1.1"]


def test_linking_strategies_confirms_them_on_the_analysed_text_and_rejects_dropped_ones(submit, plan_office_user):
    c = submit().contribution
    one, two = Strategy.objects.get(code="1.1"), Strategy.objects.get(code="2.1")

    services.contribution_strategies_set(contribution=c, strategies=[one, two], by=plan_office_user)
    services.contribution_strategies_set(contribution=c, strategies=[two], by=plan_office_user)

    assert [s.code for s in c.strategies.all()] == ["2.1"]
    links = {link.strategy.code: link.status for link in StrategyLink.objects.filter(text=c.text_unit)}
    assert links == {"1.1": LinkStatus.REJECTED, "2.1": LinkStatus.CONFIRMED}
    c.refresh_from_db()
    assert c.axis.number == 1  # the first strategy linked gave the axis when none was chosen
