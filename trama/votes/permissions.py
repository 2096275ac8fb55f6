"""Named permission checks of the priority votes. Views and the screen consumer ask these on every call.

The regia lead (``trama.live.permissions.is_regia_lead``) runs the votes; theme members of the regia see
results but never open or close a poll; a participant's token votes only in its own event's open poll.
"""

from __future__ import annotations

from typing import Any

from trama.live.models import LiveEvent, LiveEventStatus, LiveVenue
from trama.live.permissions import can_set_up_event, can_work_regia, is_regia_lead
from trama.votes.models import ParticipantToken, Poll, PollStatus, VenueCoordinator


def can_run_polls(user: Any, event: LiveEvent) -> bool:
    """Create, open and close polls: the regia lead of this event only."""
    return is_regia_lead(user, event)


def can_see_poll_desk(user: Any, event: LiveEvent) -> bool:
    """The votes desk (polls, results, paper tallies): the regia, the plan office, the venue coordinators."""
    if can_work_regia(user, event):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and VenueCoordinator.objects.filter(venue__event=event, user=user).exists()
    )


def can_issue_tokens(user: Any, event: LiveEvent) -> bool:
    """Issue and print participants' badges: the plan office (who sets the event up) or the regia lead."""
    return can_set_up_event(user) or is_regia_lead(user, event)


def can_enter_paper_tally(user: Any, venue: LiveVenue, poll: Poll) -> bool:
    """Enter a table's paper tallies: that venue's coordinator, the regia lead or the plan office,
    while the poll is open or just closed (counting paper takes time after the close), never after the day."""
    if poll.event_id != venue.event_id or poll.status == PollStatus.DRAFT:
        return False
    if venue.event.status == LiveEventStatus.CLOSED:
        return False
    if can_set_up_event(user) or is_regia_lead(user, venue.event):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and VenueCoordinator.objects.filter(venue=venue, user=user).exists()
    )


def can_vote(token: ParticipantToken | None, poll: Poll | None) -> bool:
    """A token votes only in an open poll of its own event, while the day is not closed."""
    if token is None or poll is None:
        return False
    return poll.event_id == token.event_id and poll.is_open and token.event.status != LiveEventStatus.CLOSED


def can_view_screen(event: LiveEvent) -> bool:
    """The big screen is public (aggregates and published themes only), once the event is no longer a draft."""
    return event.status != LiveEventStatus.DRAFT


def can_close_day(user: Any, event: LiveEvent) -> bool:
    """Close the day and generate the instant report: the regia lead only, once."""
    return event.status == LiveEventStatus.LIVE and is_regia_lead(user, event)
