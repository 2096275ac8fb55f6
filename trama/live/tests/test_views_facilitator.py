from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse

from trama.live import services
from trama.live.models import Idea


def post_json(client, url: str, data: object, **extra):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **extra)


def test_the_facilitator_screen_opens_from_the_badge_without_login(client, table):
    response = client.get(reverse("live:facilitator", kwargs={"token": table.token}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tavolo A1" in page
    assert "Quali azioni sono prioritarie" in page
    assert 'id="idea-text"' in page and "live/facilitator.js" in page
    assert response["Referrer-Policy"] == "no-referrer"
    # Light for a phone on the venue Wi-Fi: no site menu, no Bootstrap Italia script (295 KB gzip).
    assert "bootstrap-italia.bundle" not in page and 'id="nav-main"' not in page


def test_an_unknown_token_is_a_404(client, event):
    assert client.get(reverse("live:facilitator", kwargs={"token": "sbagliato"})).status_code == 404


def test_a_closed_event_shows_why_ideas_cannot_be_sent(client, table):
    services.live_event_close(event=table.event)
    response = client.get(reverse("live:facilitator", kwargs={"token": table.token}))
    assert response.status_code == 403
    assert "non è in corso" in response.content.decode()
    assert "facilitator.js" not in response.content.decode()


def test_the_http_fallback_stores_an_idea_once_and_replays_the_ack(client, table):
    url = reverse("live:idea_post", kwargs={"token": table.token})
    frame = {"uuid": str(uuid.uuid4()), "text": "Sportelli unici nei comuni montani", "dissent": True}
    first = post_json(client, url, frame)
    again = post_json(client, url, frame)
    assert first.status_code == again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["duplicate"] is True
    assert Idea.objects.get().is_dissent is True


def test_the_http_fallback_needs_no_csrf_token(table):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = reverse("live:idea_post", kwargs={"token": table.token})
    response = post_json(client, url, {"uuid": str(uuid.uuid4()), "text": "Senza cookie"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"uuid": "x", "text": "ok"}, "uuid"),
        ({"uuid": str(uuid.uuid4()), "text": ""}, "text"),
        ({"uuid": str(uuid.uuid4()), "text": ["non", "testo"]}, "text"),
        ("{rotto", "__all__"),
        ("[1, 2]", "__all__"),
    ],
)
def test_bad_http_input_is_a_400_with_field_errors(client, table, body, field):
    response = post_json(client, reverse("live:idea_post", kwargs={"token": table.token}), body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Idea.objects.count() == 0


def test_the_http_fallback_refuses_a_closed_event_with_403(client, table):
    services.live_event_close(event=table.event)
    url = reverse("live:idea_post", kwargs={"token": table.token})
    response = post_json(client, url, {"uuid": str(uuid.uuid4()), "text": "tardi"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_the_http_heartbeat_records_the_queue_and_returns_the_round(client, table):
    response = post_json(client, reverse("live:heartbeat", kwargs={"token": table.token}), {"queued": 5})
    assert response.status_code == 200
    assert response.json()["round"]["number"] == 1
    table.refresh_from_db()
    assert table.queued_count == 5


def test_get_on_the_idea_endpoint_is_not_allowed(client, table):
    assert client.get(reverse("live:idea_post", kwargs={"token": table.token})).status_code == 405
