"""Who may moderate (role × page/action) and when anyone may send (process state × day)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trama.accounts.models import Role
from trama.participation.models import Contribution, ContributionStatus
from trama.participation.permissions import can_moderate_contributions, can_send_contribution
from trama.participation.tests.conftest import valid_data
from trama.process.models import Allowance, PhaseKind
from trama.process.tests.factories import make_phase

MODERATORS = [Role.PLAN_OFFICE]
OTHERS = [
    Role.CITIZEN,
    Role.STAKEHOLDER,
    Role.MUNICIPAL,
    Role.PORTAVOCE,
    Role.CABINA_DI_REGIA,
    Role.FACILITATOR,
    Role.REGIA,
]
ACTIONS = [
    "participation:approve",
    "participation:reject",
    "participation:spam",
    "participation:excerpt",
    "participation:strategies",
]


@pytest.mark.parametrize("role", MODERATORS + OTHERS)
def test_only_the_plan_office_opens_the_moderation_queue(client_for, process, role):
    response = client_for(role).get(reverse("participation:moderation"))

    assert response.status_code == (200 if role in MODERATORS else 403)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, process):
    response = client.get(reverse("participation:moderation"))

    assert response.status_code == 302 and "/accedi/" in response["Location"]


@pytest.mark.parametrize("role", [*OTHERS, None])
@pytest.mark.parametrize("action", ACTIONS)
def test_nobody_else_can_act_on_a_contribution(client_for, submit, role, action):
    c = submit().contribution

    response = client_for(role).post(reverse(action, kwargs={"pk": c.pk}), {f"r{c.pk}-reason": "x"})

    assert response.status_code in (302, 403)
    c.refresh_from_db()
    assert c.status == ContributionStatus.RECEIVED and c.public_excerpt == c.text


@pytest.mark.parametrize(("role", "allowed"), [(r, True) for r in MODERATORS] + [(r, False) for r in OTHERS])
def test_the_named_check_matches_the_roles(make_user, role, allowed):
    assert can_moderate_contributions(make_user(role)) is allowed


def test_an_inactive_plan_office_account_cannot_moderate(make_user):
    assert not can_moderate_contributions(make_user(Role.PLAN_OFFICE, is_active=False))


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.PLAN_OFFICE, None])
def test_only_moderators_download_attachments(client_for, submit, role):
    from trama.participation.tests import files as f

    c = submit(files=[f.upload("nota.pdf", f.pdf_bytes())]).contribution
    response = client_for(role).get(reverse("participation:attachment", kwargs={"pk": c.attachments.get().pk}))

    if role == Role.PLAN_OFFICE:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    else:
        assert response.status_code == 404


TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("state", "open_"),
    [
        ("always allowed, running", True),
        ("always allowed, not started", False),
        ("always allowed, ended", False),
        ("always allowed, unpublished", False),
        ("only a running phase allows it", True),
        ("the phase allowing it is over", False),
        ("no phase allows it", False),
    ],
)
def test_sending_is_open_only_while_the_process_allows_it(process, client, state, open_):
    if "not started" in state:
        process.starts_on, process.ends_on = TODAY + DAY, TODAY + 10 * DAY
    if "ended" in state:
        process.starts_on, process.ends_on = TODAY - 10 * DAY, TODAY - DAY
    if "unpublished" in state:
        process.is_published = False
    if "phase" in state:
        process.always_allows = []
        allows = [] if state == "no phase allows it" else [Allowance.SUBMIT_CONTRIBUTIONS.value]
        start, end = (
            (TODAY - 5 * DAY, TODAY + 5 * DAY)
            if "running" in state or "no phase" in state
            else (TODAY - 20 * DAY, TODAY - 2 * DAY)
        )
        make_phase(process, PhaseKind.ASCOLTO, starts_on=start, ends_on=end, allows=allows)
    process.save()

    assert can_send_contribution(process) is open_
    client.post("/contributi/invia/", valid_data())
    assert Contribution.objects.exists() is open_


def test_no_process_means_no_sending(db):
    assert not can_send_contribution(None)


@pytest.mark.parametrize("role", [*MODERATORS, *OTHERS, None])
@pytest.mark.parametrize("is_open", [True, False])
def test_anyone_sends_while_the_modulo_is_open_and_nobody_when_it_is_closed(client_for, process, role, is_open):
    if not is_open:
        process.starts_on, process.ends_on = TODAY - 10 * DAY, TODAY - DAY
        process.save()

    client_for(role).post("/contributi/invia/", valid_data())

    assert Contribution.objects.exists() is is_open
