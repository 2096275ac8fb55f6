"""Who may do what with the votes: a role × action matrix over the named checks and the views."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trama.accounts.models import Role
from trama.live.models import LiveEventStatus
from trama.votes import permissions
from trama.votes.models import PollStatus, VenueCoordinator

from .conftest import client_for

# who → (desk, run polls, issue badges, close the day)
MATRIX = {
    "anonymous": (False, False, False, False),
    Role.CITIZEN: (False, False, False, False),
    Role.FACILITATOR: (False, False, False, False),
    Role.CABINA_DI_REGIA: (False, False, False, False),
    "member": (True, False, False, False),
    "lead": (True, True, True, True),
    Role.PLAN_OFFICE: (True, False, True, False),
    "coordinator": (True, False, False, False),
}


@pytest.fixture
def who(make_user, lead, member, event):
    def get(name):
        if name == "anonymous":
            return None
        if name == "lead":
            return lead
        if name == "member":
            return member
        if name == "coordinator":
            user = make_user(Role.FACILITATOR, username="coord")
            VenueCoordinator.objects.create(venue=event.venues.get(letter="A"), user=user)
            return user
        return make_user(name, username=f"u-{name}")

    return get


@pytest.mark.parametrize("name", list(MATRIX))
def test_the_named_checks_follow_the_matrix(who, event, name):
    from django.contrib.auth.models import AnonymousUser

    user = who(name) or AnonymousUser()
    expected = MATRIX[name]
    got = (
        permissions.can_see_poll_desk(user, event),
        permissions.can_run_polls(user, event),
        permissions.can_issue_tokens(user, event),
        permissions.can_close_day(user, event),
    )
    assert got == expected


@pytest.mark.parametrize("name", list(MATRIX))
def test_the_desk_page_answers_by_role(who, event, name):
    response = client_for(who(name)).get(reverse("votes:desk", kwargs={"slug": event.slug}))
    if name == "anonymous":
        assert response.status_code == 302 and "/accedi/" in response["Location"]
    else:
        assert response.status_code == (200 if MATRIX[name][0] else 403)


@pytest.mark.parametrize("name", [n for n in MATRIX if n != "anonymous"])
def test_opening_a_poll_is_refused_to_everyone_but_the_lead(who, event, make_poll, name):
    poll = make_poll(open_it=False)
    response = client_for(who(name)).post(
        reverse("votes:poll_switch", kwargs={"slug": event.slug, "poll_id": poll.pk, "action": "apri"})
    )
    poll.refresh_from_db()
    if name == "lead":
        assert response.status_code == 302 and poll.status == PollStatus.OPEN
    else:
        assert response.status_code == 403 and poll.status == PollStatus.DRAFT


@pytest.mark.parametrize("name", [n for n in MATRIX if n != "anonymous"])
def test_closing_the_day_is_refused_to_everyone_but_the_lead(who, event, name):
    response = client_for(who(name)).post(reverse("votes:day_close", kwargs={"slug": event.slug}))
    event.refresh_from_db()
    if name == "lead":
        assert response.status_code == 302 and event.status == LiveEventStatus.CLOSED
    else:
        assert response.status_code == 403 and event.status == LiveEventStatus.LIVE


@pytest.mark.parametrize("name", [n for n in MATRIX if n != "anonymous"])
def test_printing_badges_is_for_the_plan_office_and_the_lead(who, event, name):
    response = client_for(who(name)).get(reverse("votes:badges", kwargs={"slug": event.slug}))
    assert response.status_code == (200 if MATRIX[name][2] else 403)


@pytest.mark.parametrize(
    ("name", "letter", "allowed"),
    [
        ("coordinator", "A", True),
        ("coordinator", "B", False),
        ("member", "A", False),
        ("lead", "B", True),
        (Role.PLAN_OFFICE, "B", True),
        (Role.CITIZEN, "A", False),
    ],
)
def test_paper_tallies_are_for_the_venue_s_coordinator_the_lead_and_the_plan_office(
    who, event, make_poll, name, letter, allowed
):
    poll = make_poll()
    assert permissions.can_enter_paper_tally(who(name), event.venues.get(letter=letter), poll) is allowed


@pytest.mark.parametrize(
    ("poll_status", "event_status", "allowed"),
    [
        (PollStatus.DRAFT, LiveEventStatus.LIVE, False),
        (PollStatus.OPEN, LiveEventStatus.LIVE, True),
        (PollStatus.CLOSED, LiveEventStatus.LIVE, False),
        (PollStatus.OPEN, LiveEventStatus.CLOSED, False),
    ],
)
def test_a_badge_votes_only_while_its_poll_is_open_and_the_day_goes_on(
    event, tokens, make_poll, poll_status, event_status, allowed
):
    poll = make_poll(open_it=False)
    poll.status = poll_status
    event.status = event_status
    event.save()
    token = tokens["A"][0]
    token.event.status = event_status
    assert permissions.can_vote(token, poll) is allowed


@pytest.mark.parametrize(
    ("event_status", "visible"),
    [(LiveEventStatus.DRAFT, False), (LiveEventStatus.LIVE, True), (LiveEventStatus.CLOSED, True)],
)
def test_the_big_screen_is_public_once_the_event_is_not_a_draft(event, event_status, visible):
    event.status = event_status
    assert permissions.can_view_screen(event) is visible
