"""The Q&A socket: current state on connect, a push on every change (votes, the big screen), never hidden text."""

from __future__ import annotations

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connections

from trama.accounts.models import Role, User
from trama.events import services
from trama.events.models import EventStatus
from trama.events.routing import websocket_urlpatterns
from trama.events.services import ModerationAction
from trama.events.tests.factories import make_event

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

application = URLRouter(websocket_urlpatterns)


@pytest_asyncio.fixture(autouse=True)
async def _close_worker_connections():
    """The consumer's ORM calls run in a worker thread: close its connection so PostgreSQL can drop the test DB."""
    yield
    await sync_to_async(connections.close_all)()


def _setup(status: str = EventStatus.PUBLISHED):
    event = make_event(questions_open=True)
    question = services.question_ask(event=event, text="Come arriverò in sala?", voter_id="a" * 32)
    event.status = status
    event.save(update_fields=["status"])
    moderator = User.objects.create_user(username="regia", password="x", role=Role.REGIA)
    return event, question, moderator


async def _connect(event_id: int) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, f"/ws/incontri/{event_id}/domande/")
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_a_client_gets_the_current_state_when_it_connects():
    event, _question, _ = await database_sync_to_async(_setup)()
    communicator = await _connect(event.pk)
    message = await communicator.receive_json_from(timeout=5)
    assert message["type"] == "state"
    assert message["state"]["questions"][0]["text"] == "Come arriverò in sala?"
    assert message["state"]["on_screen"] is None
    await communicator.disconnect()


async def test_an_upvote_is_pushed_to_every_open_screen():
    event, question, _ = await database_sync_to_async(_setup)()
    first = await _connect(event.pk)
    second = await _connect(event.pk)
    await first.receive_json_from(timeout=5)
    await second.receive_json_from(timeout=5)
    await database_sync_to_async(services.question_vote)(question=question, voter_id="b" * 32)
    for communicator in (first, second):
        message = await communicator.receive_json_from(timeout=5)
        assert message["state"]["questions"][0]["votes"] == 1
        await communicator.disconnect()


async def test_putting_a_question_on_the_big_screen_is_pushed():
    event, question, moderator = await database_sync_to_async(_setup)()
    communicator = await _connect(event.pk)
    await communicator.receive_json_from(timeout=5)
    await database_sync_to_async(services.question_moderate)(
        question=question, action=ModerationAction.SCREEN, by=moderator
    )
    message = await communicator.receive_json_from(timeout=5)
    assert message["state"]["on_screen"]["text"] == "Come arriverò in sala?"
    assert message["state"]["shortlisted"] == [question.pk]
    await communicator.disconnect()


async def test_hiding_a_question_pushes_a_state_without_it():
    event, question, moderator = await database_sync_to_async(_setup)()
    communicator = await _connect(event.pk)
    await communicator.receive_json_from(timeout=5)
    await database_sync_to_async(services.question_moderate)(
        question=question, action=ModerationAction.HIDE, by=moderator
    )
    message = await communicator.receive_json_from(timeout=5)
    assert message["state"]["questions"] == []
    assert "Come arriverò" not in str(message)
    await communicator.disconnect()


async def test_a_client_may_ask_for_a_fresh_state_but_cannot_change_anything():
    event, question, _ = await database_sync_to_async(_setup)()
    communicator = await _connect(event.pk)
    await communicator.receive_json_from(timeout=5)
    await communicator.send_json_to({"type": "moderate", "action": "nascondi", "question": question.pk})
    await communicator.send_json_to({"type": "refresh"})
    message = await communicator.receive_json_from(timeout=5)
    assert message["state"]["questions"][0]["id"] == question.pk
    assert await communicator.receive_nothing(timeout=0.2)
    await communicator.disconnect()


async def test_the_socket_of_a_draft_event_is_refused():
    event, _, _ = await database_sync_to_async(_setup)(EventStatus.DRAFT)
    communicator = WebsocketCommunicator(application, f"/ws/incontri/{event.pk}/domande/")
    connected, _ = await communicator.connect()
    assert not connected


async def test_the_real_application_refuses_sockets_from_another_origin():
    from trama.asgi import application as full_application

    event, _, _ = await database_sync_to_async(_setup)()
    path = f"/ws/incontri/{event.pk}/domande/"
    foreign = WebsocketCommunicator(full_application, path, headers=[(b"origin", b"https://evil.example")])
    connected, _ = await foreign.connect()
    assert not connected
    own = WebsocketCommunicator(full_application, path, headers=[(b"origin", b"http://127.0.0.1")])
    connected, _ = await own.connect()
    assert connected
    await own.disconnect()
