"""The big screen's socket with the real consumer: state on connect, a push after each vote, read-only."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from trama.live.groups import public_group
from trama.live.models import LiveEventStatus
from trama.votes import services
from trama.votes.models import PollKind
from trama.votes.routing import websocket_urlpatterns

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


def _app():
    return URLRouter(websocket_urlpatterns)


async def _connect(slug: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(_app(), f"/ws/voti/schermo/{slug}/")
    connected, _ = await communicator.connect()
    assert connected
    return communicator


@pytest.fixture
def open_poll(make_poll, tokens):
    return make_poll(PollKind.APPROVAL)


async def test_a_screen_gets_the_whole_state_on_connect(event, open_poll):
    communicator = await _connect(event.slug)
    state = await communicator.receive_json_from()
    assert state["type"] == "state"
    assert state["poll"]["title"] == open_poll.title
    assert state["poll"]["turnout"]["tokens"] == 6
    await communicator.disconnect()


async def test_a_vote_pushes_the_new_turnout_to_the_screen(event, open_poll, tokens):
    communicator = await _connect(event.slug)
    await communicator.receive_json_from()
    option = await sync_to_async(lambda: open_poll.options.order_by("order").first().pk)()
    await sync_to_async(services.ballot_submit)(token=tokens["A"][0], poll=open_poll, choices={option: 1})
    pushed = await communicator.receive_json_from(timeout=5)
    assert pushed["poll"]["turnout"]["ballots"] == 1
    assert pushed["poll"]["options"][0] == {
        **pushed["poll"]["options"][0],
        "id": option,
        "total": 1,
        "by_venue": {"A": 1},
    }
    await communicator.disconnect()


async def test_closing_the_poll_is_pushed(event, open_poll, lead):
    communicator = await _connect(event.slug)
    await communicator.receive_json_from()
    await sync_to_async(services.poll_close)(poll=open_poll, by=lead)
    pushed = await communicator.receive_json_from(timeout=5)
    assert pushed["poll"]["status"] == "closed"
    await communicator.disconnect()


async def test_the_screen_is_read_only_and_resyncs_on_request(event, open_poll):
    communicator = await _connect(event.slug)
    await communicator.receive_json_from()
    await communicator.send_json_to({"type": "ballot", "choices": {"1": 1}})
    assert await communicator.receive_json_from() == {"type": "error", "code": "read_only"}
    await communicator.send_json_to({"type": "resync"})
    assert (await communicator.receive_json_from())["type"] == "state"
    await communicator.disconnect()


async def test_a_change_announced_by_the_live_app_refreshes_the_themes(event, open_poll, themes):
    communicator = await _connect(event.slug)
    await communicator.receive_json_from()
    theme = themes[0]
    theme.is_published = False
    await sync_to_async(theme.save)()
    await get_channel_layer().group_send(public_group(event.pk), {"type": "themes.published", "theme": theme.pk})
    state = await communicator.receive_json_from(timeout=5)
    assert theme.label not in [t["label"] for t in state["themes"]]
    await communicator.disconnect()


async def test_a_draft_event_refuses_the_screen(event):
    event.status = LiveEventStatus.DRAFT
    await sync_to_async(event.save)()
    communicator = WebsocketCommunicator(_app(), f"/ws/voti/schermo/{event.slug}/")
    connected, _ = await communicator.connect()
    assert connected  # accepted, then closed with the forbidden code
    output = await communicator.receive_output()
    assert output == {"type": "websocket.close", "code": 4403}


async def test_the_permission_is_checked_again_on_every_message(event, open_poll):
    communicator = await _connect(event.slug)
    await communicator.receive_json_from()
    event.status = LiveEventStatus.DRAFT
    await sync_to_async(event.save)()
    await communicator.send_json_to({"type": "resync"})
    assert await communicator.receive_json_from() == {"type": "error", "code": "forbidden"}
    await communicator.disconnect()


async def test_a_burst_of_votes_is_coalesced_into_few_pushes_that_end_with_every_ballot(event, open_poll, tokens):
    communicator = await _connect(event.slug)
    await communicator.receive_json_from()
    option = await sync_to_async(lambda: open_poll.options.order_by("order").first().pk)()
    badges = tokens["A"] + tokens["B"]

    def burst() -> None:  # one ballot after the other, each committed, within a few milliseconds
        for badge in badges:
            services.ballot_submit(token=badge, poll=open_poll, choices={option: 1})

    await sync_to_async(burst)()
    pushes: list[dict] = []
    while not pushes or pushes[-1]["poll"]["turnout"]["ballots"] < len(badges):
        pushes.append(await communicator.receive_json_from(timeout=5))
    assert len(pushes) < len(badges)
    assert pushes[-1]["poll"]["options"][0]["total"] == len(badges)
    await communicator.disconnect()
