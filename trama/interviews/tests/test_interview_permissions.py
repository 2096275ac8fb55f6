"""Who may record, edit and read interviews: role × phase matrices."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trama.accounts.models import Role
from trama.interviews.permissions import can_edit_interview, can_record_interviews, can_see_interviewee

from .conftest import ALL_ROLES, days

STAFF = {Role.PLAN_OFFICE, Role.FACILITATOR}
# (day offset, whether a phase allows interviews that day): the preliminary phase, then co-planning.
PHASE_DAYS = [(-1, True), (40, False)]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("offset", "interviews_allowed"), PHASE_DAYS)
def test_recording_needs_the_plan_office_or_a_facilitator_while_the_phase_allows(
    make_user, process, role, offset, interviews_allowed
):
    user = make_user(role)
    expected = role == Role.PLAN_OFFICE or (role == Role.FACILITATOR and interviews_allowed)
    assert can_record_interviews(user, process, on=days(offset)) is expected


def test_an_anonymous_visitor_may_not_record_interviews(process):
    from django.contrib.auth.models import AnonymousUser

    assert can_record_interviews(AnonymousUser(), process) is False


def test_a_facilitator_edits_and_sees_only_the_interviews_they_recorded(make_user, make_interview):
    mine, other = make_user(Role.FACILITATOR, username="f1"), make_user(Role.FACILITATOR, username="f2")
    interview = make_interview(by=mine)
    assert can_edit_interview(mine, interview) and can_see_interviewee(mine, interview)
    assert not can_edit_interview(other, interview) and not can_see_interviewee(other, interview)
    office = make_user(Role.PLAN_OFFICE)
    assert can_edit_interview(office, interview) and can_see_interviewee(office, interview)


PAGES = ["interviews:list", "interviews:summary", "interviews:export", "interviews:create", "interviews:action_options"]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_the_staff_pages_answer_the_staff_and_refuse_everybody_else(client_as, process, role, name):
    response = client_as(role).get(reverse(name))
    assert response.status_code == (200 if role in STAFF else 403)


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client_as, process, name):
    response = client_as(None).get(reverse(name))
    assert response.status_code == 302
    assert "/accedi/" in response["Location"]


def test_a_facilitator_cannot_open_the_form_once_the_interview_phase_is_over(client_as, process):
    phase = process.phases.get(kind="preliminare")
    phase.allows = []
    phase.save()
    assert client_as(Role.FACILITATOR).get(reverse("interviews:create")).status_code == 403
    assert client_as(Role.PLAN_OFFICE).get(reverse("interviews:create")).status_code == 200


def test_a_facilitator_cannot_edit_an_interview_recorded_by_someone_else(client_as, make_interview, make_user):
    interview = make_interview(by=make_user(Role.PLAN_OFFICE, username="office"))
    assert client_as(Role.FACILITATOR).get(reverse("interviews:edit", args=[interview.pk])).status_code == 403
