"""WebSocket tests with the real consumers and the in-memory channel layer."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connections

from trama.accounts.models import Role
from trama.live import services
from trama.live.models import Idea, LiveTable
from trama.live.routing import websocket_urlpatterns

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

app = URLRouter(websocket_urlpatterns)


@pytest_asyncio.fixture(autouse=True)
async def _close_worker_connections() -> AsyncIterator[None]:
    """The tests' own ORM calls run in asgiref's worker thread: close its connection so PostgreSQL can drop
    the test database (the consumers close theirs after every message)."""
    yield
    await sync_to_async(connections.close_all)()


async def facilitator_socket(table: LiveTable) -> tuple[WebsocketCommunicator, dict[str, Any]]:
    communicator = WebsocketCommunicator(app, f"/ws/live/t/{table.token}/")
    connected, _ = await communicator.connect()
    assert connected
    hello = await communicator.receive_json_from(timeout=5)
    return communicator, hello


async def regia_socket(event, user) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(app, f"/ws/live/e/{event.slug}/regia/")
    communicator.scope["user"] = user
    connected, _ = await communicator.connect()
    assert connected
    return communicator


def idea_frame(text: str = "Più autobus serali", key: uuid.UUID | None = None, **extra: Any) -> dict[str, Any]:
    return {"type": "idea", "uuid": str(key or uuid.uuid4()), "text": text, **extra}


async def test_the_facilitator_gets_the_table_and_current_round_on_connect(table):
    communicator, hello = await facilitator_socket(table)
    assert hello["type"] == "hello"
    assert hello["table"]["code"] == "A1"
    assert hello["round"]["question"].startswith("Quali azioni")
    await communicator.disconnect()


async def test_a_facilitator_sends_an_idea_and_gets_an_ack_with_the_server_id(table):
    communicator, _ = await facilitator_socket(table)
    key = uuid.uuid4()
    await communicator.send_json_to(idea_frame(key=key))
    ack = await communicator.receive_json_from(timeout=5)
    idea = await sync_to_async(Idea.objects.get)()
    assert ack == {
        "type": "ack",
        "uuid": str(key),
        "id": idea.pk,
        "received_at": idea.created_at.isoformat(),
        "duplicate": False,
    }
    await communicator.disconnect()


async def test_the_same_uuid_sent_twice_is_stored_once_and_gets_the_same_ack(table):
    communicator, _ = await facilitator_socket(table)
    frame = idea_frame()
    await communicator.send_json_to(frame)
    first = await communicator.receive_json_from(timeout=5)
    await communicator.send_json_to(frame)
    second = await communicator.receive_json_from(timeout=5)
    assert await sync_to_async(Idea.objects.count)() == 1
    assert second["id"] == first["id"] and second["received_at"] == first["received_at"]
    assert second["duplicate"] is True
    await communicator.disconnect()


async def test_the_regia_receives_the_push_of_a_new_idea(table, lead):
    regia = await regia_socket(table.event, lead)
    communicator, _ = await facilitator_socket(table)
    await communicator.send_json_to(idea_frame("Corse serali coordinate con i treni", sent_at=1733040000000))
    await communicator.receive_json_from(timeout=5)
    push = await regia.receive_json_from(timeout=5)
    assert push["type"] == "idea"
    assert push["idea"]["text"] == "Corse serali coordinate con i treni"
    assert push["idea"]["table"] == "A1" and push["idea"]["venue"] == "A"
    assert push["idea"]["sent_at"] == 1733040000000
    await communicator.disconnect()
    await regia.disconnect()


async def test_resync_after_a_cursor_returns_the_ideas_missed_while_disconnected(table, lead):
    def submit(n: int) -> int:
        return services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=f"Idea numero {n}").idea.pk

    first = await sync_to_async(submit)(1)
    await sync_to_async(submit)(2)
    await sync_to_async(submit)(3)
    regia = await regia_socket(table.event, lead)
    await regia.send_json_to({"type": "resync", "cursor": first})
    page = await regia.receive_json_from(timeout=5)
    assert page["type"] == "ideas"
    assert [i["text"] for i in page["ideas"]] == ["Idea numero 2", "Idea numero 3"]
    assert page["cursor"] == page["ideas"][-1]["id"] and page["more"] is False
    await regia.disconnect()


async def test_a_periodic_check_with_nothing_missing_returns_only_what_came_after(table, lead):
    def submit(n: int) -> int:
        return services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=f"Idea numero {n}").idea.pk

    ids = [await sync_to_async(submit)(n) for n in (1, 2, 3)]
    newer = await sync_to_async(submit)(4)
    regia = await regia_socket(table.event, lead)
    # The client holds ideas 2 and 3 of the span (1, 3]: nothing is missing, only idea 4 comes back.
    await regia.send_json_to({"type": "resync", "cursor": ids[0], "upto": ids[2], "count": 2})
    page = await regia.receive_json_from(timeout=5)
    assert [i["id"] for i in page["ideas"]] == [newer]
    # It holds only one of them: the whole span is sent again.
    await regia.send_json_to({"type": "resync", "cursor": ids[0], "upto": ids[2], "count": 1})
    page = await regia.receive_json_from(timeout=5)
    assert [i["id"] for i in page["ideas"]] == [ids[1], ids[2], newer]
    await regia.disconnect()


async def test_pushes_reach_the_regia_while_its_resync_is_being_read(table, lead, monkeypatch):
    """A slow resync page does not hold back the pushes of new ideas on the same socket."""
    import threading

    from trama.live import selectors

    release = threading.Event()
    slow_read = selectors.ideas_after

    def ideas_after(**kwargs: Any) -> list[Idea]:
        release.wait(timeout=10)
        return slow_read(**kwargs)

    monkeypatch.setattr(selectors, "ideas_after", ideas_after)
    regia = await regia_socket(table.event, lead)
    await regia.send_json_to({"type": "resync", "cursor": 0})
    await sync_to_async(services.idea_submit)(table=table, client_uuid=uuid.uuid4(), text="Arriva subito")
    push = await regia.receive_json_from(timeout=5)
    assert push["type"] == "idea" and push["idea"]["text"] == "Arriva subito"
    release.set()
    page = await regia.receive_json_from(timeout=5)
    assert page["type"] == "ideas"
    await regia.disconnect()


async def test_a_facilitator_cannot_write_to_another_table(table, other_table):
    """The token decides the table: a frame cannot name another one, and a stale token is refused."""
    communicator, _ = await facilitator_socket(table)
    await communicator.send_json_to(idea_frame("Scrivo per B2?", table=other_table.pk, table_id=other_table.pk))
    ack = await communicator.receive_json_from(timeout=5)
    idea = await sync_to_async(Idea.objects.select_related("table").get)(pk=ack["id"])
    assert idea.table_id == table.pk
    assert await sync_to_async(Idea.objects.filter(table=other_table).count)() == 0
    await communicator.disconnect()


async def test_a_rotated_token_closes_the_socket_at_the_next_message(table):
    communicator, _ = await facilitator_socket(table)
    await sync_to_async(services.table_token_rotate)(table=table)
    await communicator.send_json_to(idea_frame())
    answer = await communicator.receive_json_from(timeout=5)
    assert answer["code"] == "forbidden"
    assert (await communicator.receive_output(timeout=5))["code"] == 4403
    assert await sync_to_async(Idea.objects.count)() == 0


async def test_once_the_day_is_closed_a_resend_gets_its_first_ack_and_a_new_idea_is_refused(table):
    communicator, _ = await facilitator_socket(table)
    key = uuid.uuid4()
    await communicator.send_json_to(idea_frame("Corse serali", key=key))
    first = await communicator.receive_json_from(timeout=5)
    await sync_to_async(services.live_event_close)(event=table.event)
    assert (await communicator.receive_json_from(timeout=5))["type"] == "round"  # the open round was closed
    await communicator.send_json_to(idea_frame("Corse serali", key=key))
    replay = await communicator.receive_json_from(timeout=5)
    assert replay["type"] == "ack" and replay["id"] == first["id"] and replay["duplicate"] is True
    await communicator.send_json_to(idea_frame("Arrivata dopo la chiusura"))
    assert (await communicator.receive_json_from(timeout=5))["code"] == "forbidden"
    assert await sync_to_async(Idea.objects.count)() == 1


async def test_a_table_switched_off_mid_event_cannot_send_heartbeats(table):
    communicator, _ = await facilitator_socket(table)
    await sync_to_async(LiveTable.objects.filter(pk=table.pk).update)(is_active=False)
    await communicator.send_json_to({"type": "heartbeat", "queued": 2})
    assert (await communicator.receive_json_from(timeout=5))["code"] == "forbidden"
    assert (await communicator.receive_output(timeout=5))["code"] == 4403


async def test_an_idea_sent_over_the_socket_is_handed_to_the_analysis_after_its_ack(table, settings):
    settings.LIVE_ANALYSIS = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    communicator, _ = await facilitator_socket(table)
    await communicator.send_json_to(idea_frame("Più autobus serali nelle valli"))
    ack = await communicator.receive_json_from(timeout=5)
    assert ack["type"] == "ack"
    await communicator.send_json_to({"type": "heartbeat", "queued": 0})  # answered once the hand-off is done
    assert (await communicator.receive_json_from(timeout=10))["type"] == "heartbeat"
    idea = await sync_to_async(Idea.objects.select_related("analysis_text").get)(pk=ack["id"])
    assert idea.analysis_text is not None and idea.analysis_text.body == "Più autobus serali nelle valli"


async def test_an_unknown_token_is_refused(event):
    communicator = WebsocketCommunicator(app, "/ws/live/t/not-a-real-token/")
    connected, _ = await communicator.connect()
    assert connected  # accepted, then closed with a code the client understands (stop retrying)
    assert (await communicator.receive_output(timeout=5))["code"] == 4403


async def test_bad_input_over_the_socket_gets_field_errors_not_a_crash(table):
    communicator, _ = await facilitator_socket(table)
    await communicator.send_json_to(idea_frame(""))
    answer = await communicator.receive_json_from(timeout=5)
    assert answer["code"] == "invalid" and "text" in answer["errors"]
    await communicator.send_to(text_data="{not json")
    assert (await communicator.receive_json_from(timeout=5))["code"] == "invalid"
    await communicator.send_json_to({"type": "heartbeat", "queued": 4})
    assert (await communicator.receive_json_from(timeout=5))["type"] == "heartbeat"
    await communicator.disconnect()


async def test_the_regia_sees_a_table_heartbeat_with_its_queued_count(table, lead):
    regia = await regia_socket(table.event, lead)
    communicator, _ = await facilitator_socket(table)
    await communicator.send_json_to({"type": "heartbeat", "queued": 2})
    await communicator.receive_json_from(timeout=5)
    push = await regia.receive_json_from(timeout=5)
    assert push["type"] == "table"
    assert push["table"]["code"] == "A1" and push["table"]["queued"] == 2 and push["table"]["last_seen_at"]
    await communicator.disconnect()
    await regia.disconnect()


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.FACILITATOR, Role.REGIA])
async def test_people_outside_the_event_regia_cannot_open_its_socket(event, make_user, role):
    outsider = await sync_to_async(make_user)(role, username=f"fuori-{role}")
    communicator = WebsocketCommunicator(app, f"/ws/live/e/{event.slug}/regia/")
    communicator.scope["user"] = outsider
    await communicator.connect()
    assert (await communicator.receive_output(timeout=5))["code"] == 4403


async def test_a_regia_member_removed_mid_event_is_cut_off_at_the_next_message(table, member):
    regia = await regia_socket(table.event, member)
    await sync_to_async(lambda: table.event.regia_members.filter(user=member).delete())()
    await regia.send_json_to({"type": "resync", "cursor": 0})
    assert (await regia.receive_json_from(timeout=5))["code"] == "forbidden"
