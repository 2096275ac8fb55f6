"""Preparing, opening and closing polls: the regia lead only, one open poll at a time."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trama.votes import services
from trama.votes.models import PollKind, PollStatus


def test_the_lead_prepares_a_poll_over_the_published_themes(event, themes, lead):
    poll = services.poll_create(
        event=event, title="Priorità", kind=PollKind.DOTS, options=services.options_from_themes(themes), by=lead
    )
    assert poll.status == PollStatus.DRAFT
    assert list(poll.options.order_by("order").values_list("label", flat=True)) == [t.label for t in themes]
    assert poll.options.filter(theme__isnull=False).count() == len(themes)


def test_a_theme_member_cannot_prepare_open_or_close_a_poll(event, themes, member, make_poll):
    with pytest.raises(PermissionDenied):
        services.poll_create(
            event=event, title="No", kind=PollKind.APPROVAL, options=services.options_from_themes(themes), by=member
        )
    draft = make_poll(open_it=False)
    with pytest.raises(PermissionDenied):
        services.poll_open(poll=draft, by=member)
    opened = make_poll(title="Aperta")
    with pytest.raises(PermissionDenied):
        services.poll_close(poll=opened, by=member)


def test_a_poll_has_between_two_and_twenty_options(event, themes, lead):
    with pytest.raises(ValidationError) as exc:
        services.poll_create(
            event=event,
            title="Una sola",
            kind=PollKind.APPROVAL,
            options=services.options_from_themes(themes[:1]),
            by=lead,
        )
    assert "da 2 a 20 opzioni" in exc.value.message_dict["options"][0]
    many = [services.OptionSpec(label=f"Opzione {i}") for i in range(21)]
    with pytest.raises(ValidationError):
        services.poll_create(event=event, title="Troppe", kind=PollKind.APPROVAL, options=many, by=lead)


def test_only_one_poll_is_open_at_a_time(make_poll, lead):
    make_poll(title="Prima")
    second = make_poll(title="Seconda", open_it=False)
    with pytest.raises(ValidationError) as exc:
        services.poll_open(poll=second, by=lead)
    assert "già una votazione aperta" in exc.value.messages[0]


def test_a_closed_poll_cannot_be_reopened(make_poll, lead):
    poll = services.poll_close(poll=make_poll(), by=lead)
    with pytest.raises(ValidationError):
        services.poll_open(poll=poll, by=lead)


def test_the_final_vote_takes_the_top_five_of_a_closed_poll(event, lead, tokens):
    options = [services.OptionSpec(label=f"Strategia {i}") for i in range(1, 11)]
    first = services.poll_create(event=event, title="Approvazione", kind=PollKind.APPROVAL, options=options, by=lead)
    services.poll_open(poll=first, by=lead)
    ids = list(first.options.order_by("order").values_list("pk", flat=True))
    # Options 10, 9, 8, 7, 6 get most approvals.
    for n, token in enumerate(tokens["A"] + tokens["B"]):
        services.ballot_submit(token=token, poll=first, choices=dict.fromkeys(ids[9 - min(n, 5) :], 1))
    services.poll_close(poll=first, by=lead)
    final = services.poll_create_from_top(source=first, kind=PollKind.POINTS, title="Finale", by=lead)
    labels = list(final.options.order_by("order").values_list("label", flat=True))
    assert labels == ["Strategia 10", "Strategia 9", "Strategia 8", "Strategia 7", "Strategia 6"]
    assert final.kind == PollKind.POINTS
