"""The sample votes of `make run`: on the live demo event, idempotent, skipped without it."""

from __future__ import annotations

from trama.accounts.models import Role
from trama.core.services import psm_data_load
from trama.live.demo import demo_load as live_demo_load
from trama.votes.demo import DEMO_POLL_TITLE, demo_load
from trama.votes.models import ParticipantToken, Poll, PollStatus


def test_without_the_live_demo_nothing_is_created(db):
    demo_load()
    assert not Poll.objects.exists() and not ParticipantToken.objects.exists()


def test_the_demo_opens_a_sample_poll_with_badges_once(db, make_user, settings):
    settings.ANALYSIS_BACKEND = "tfidf"
    psm_data_load()
    make_user(Role.PLAN_OFFICE, username="ufficio")
    live_demo_load()
    demo_load()
    demo_load()
    poll = Poll.objects.get(title=DEMO_POLL_TITLE)
    assert poll.status == PollStatus.OPEN
    assert poll.options.count() >= 2
    assert ParticipantToken.objects.filter(event=poll.event).count() == 60
