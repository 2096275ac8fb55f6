from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from trama.accounts.models import Role
from trama.live import services
from trama.live.models import LiveEventStatus
from trama.live.permissions import can_facilitate_table, can_set_up_event, can_work_regia, is_regia_lead

ROLES = [Role.CITIZEN, Role.STAKEHOLDER, Role.FACILITATOR, Role.REGIA, Role.PLAN_OFFICE]


@pytest.mark.parametrize(
    ("role", "membership", "works", "leads"),
    [
        (Role.CITIZEN, None, False, False),
        (Role.CITIZEN, "lead", False, False),  # a membership does not make a citizen regia staff
        (Role.FACILITATOR, "member", False, False),
        (Role.REGIA, None, False, False),
        (Role.REGIA, "member", True, False),
        (Role.REGIA, "lead", True, True),
        (Role.PLAN_OFFICE, None, True, False),
        (Role.PLAN_OFFICE, "lead", True, True),
    ],
)
def test_regia_permissions_by_role_and_membership(event, make_user, role, membership, works, leads):
    user = make_user(role, username=f"u-{role}-{membership}")
    if membership:
        services.regia_member_set(event=event, user=user, is_lead=membership == "lead")
    assert can_work_regia(user, event) is works
    assert is_regia_lead(user, event) is leads


def test_a_lead_of_one_event_is_nobody_in_another(event, lead):
    from trama.live.tests.factories import make_live_event
    from trama.plans.models import PlanVersion

    other = make_live_event(slug="altro", plan=PlanVersion.objects.get())
    assert can_work_regia(lead, other) is False
    assert is_regia_lead(lead, other) is False


def test_anonymous_and_inactive_users_have_no_regia_rights(event, lead):
    assert can_work_regia(AnonymousUser(), event) is False
    lead.is_active = False
    assert can_work_regia(lead, event) is False
    assert is_regia_lead(lead, event) is False


@pytest.mark.parametrize(
    ("status", "active", "allowed"),
    [
        (LiveEventStatus.DRAFT, True, False),
        (LiveEventStatus.LIVE, True, True),
        (LiveEventStatus.LIVE, False, False),
        (LiveEventStatus.CLOSED, True, False),
    ],
)
def test_a_table_writes_only_while_active_and_its_event_is_live(table, status, active, allowed):
    table.event.status = status
    table.is_active = active
    assert can_facilitate_table(table) is allowed


def test_no_table_means_no_writing():
    assert can_facilitate_table(None) is False


@pytest.mark.parametrize("role", ROLES)
def test_only_the_plan_office_sets_up_events(make_user, role):
    assert can_set_up_event(make_user(role)) is (role == Role.PLAN_OFFICE)
