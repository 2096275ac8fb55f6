"""Participants' badges, the poll, and the wave of 300 ballots over HTTP (trama.votes)."""

from __future__ import annotations

import asyncio
import random
import re
import time
from typing import Any

import httpx

from live.stats import summary_ms


def votes_prepare(*, prepared: Any, participants: int) -> None:
    """Badges spread over the venues, and an open approval poll over the board's themes (up to 12)."""
    from trama.accounts.models import User
    from trama.live.models import LiveEvent, Theme
    from trama.plans.models import Strategy
    from trama.votes.models import PollKind
    from trama.votes.services import (
        options_from_strategies,
        options_from_themes,
        poll_create,
        poll_open,
        tokens_issue,
    )

    event = LiveEvent.objects.get(pk=prepared.event_id)
    lead = User.objects.get(pk=prepared.lead_id)
    venues = list(event.venues.order_by("letter"))
    tokens: list[str] = []
    for n, venue in enumerate(venues):
        count = participants // len(venues) + (1 if n < participants % len(venues) else 0)
        tokens += [t.token for t in tokens_issue(venue=venue, count=count, by=lead)]
    themes = list(Theme.objects.filter(event=event, is_dissent=False, merged_into__isnull=True).order_by("pk")[:12])
    options = options_from_themes(themes)
    what = "themes"
    if len(options) < 2:  # no board (--themes 0): vote on the plan's strategies
        options = options_from_strategies(list(Strategy.objects.filter(axis__plan=event.plan).order_by("code")[:12]))
        what = "strategies"
    poll = poll_create(
        event=event,
        title="Priorità della giornata",
        kind=PollKind.APPROVAL,
        options=options,
        by=lead,
        max_choices=3,
    )
    poll_open(poll=poll, by=lead)
    prepared.tokens = tokens
    prepared.poll_id = poll.pk
    prepared.poll_options = list(poll.options.order_by("order").values_list("pk", flat=True))
    prepared.poll_kind = f"approval (max 3 of {len(options)} {what})"


class VoteWave:
    """Each participant opens the ballot page with their badge's token (GET /voti/<token>/) and sends an
    approval of 3 options (POST /voti/<token>/voto/<poll>/ with the form's fields; a redirect means stored),
    starting at a random moment of the window; network errors are retried (a ballot is one per token and
    changeable, so a retry is safe)."""

    def __init__(
        self, *, base_url: str, prepared: Any, participants: int, window_s: float, http: httpx.AsyncClient
    ) -> None:
        self.http = http
        self.transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=300))
        self.base_url = base_url
        self.prepared = prepared
        self.participants = participants
        self.window_s = window_s
        self.latencies: list[float] = []
        self.failures: dict[str, int] = {}
        self.retries = 0
        self.started = 0.0
        self.finished = 0.0
        self.missing = ""

    async def _one(self, token: str, delay: float, rng: random.Random) -> None:
        await asyncio.sleep(delay)
        options = rng.sample(self.prepared.poll_options, k=min(3, len(self.prepared.poll_options)))
        url = f"{self.base_url}/voti/{token}/"
        began = time.perf_counter()
        # Each phone has its own cookies; the connection pool is shared (no TLS context per client, and the
        # client is not closed: closing it would close the shared transport).
        client = httpx.AsyncClient(transport=self.transport, trust_env=False, timeout=15)
        for attempt in range(8):
            try:
                page = await client.get(url)
                if page.status_code == 404:
                    self.missing = f"GET {url} answered 404"
                    return
                csrf = client.cookies.get("csrftoken") or ""
                match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
                if match:
                    csrf = match.group(1)
                data = {f"opt_{o}": "on" for o in options}
                data["csrfmiddlewaretoken"] = csrf
                answer = await client.post(
                    f"{url}voto/{self.prepared.poll_id}/", data=data, headers={"Referer": url, "X-CSRFToken": csrf}
                )
                if answer.status_code in (302, 303):
                    self.latencies.append(time.perf_counter() - began)
                    self.finished = max(self.finished, time.perf_counter())
                    return
                self.failures[f"HTTP {answer.status_code}"] = self.failures.get(f"HTTP {answer.status_code}", 0) + 1
                if answer.status_code in (400, 404):
                    return  # refused for good (a 403 is a missing CSRF cookie after a failed page: reload)
            except httpx.TransportError as exc:
                self.failures[type(exc).__name__] = self.failures.get(type(exc).__name__, 0) + 1
            self.retries += 1
            await asyncio.sleep(0.2 * 2**attempt)

    async def run(self) -> None:
        rng = random.Random(7)
        tokens = self.prepared.tokens[: self.participants]
        self.started = time.perf_counter()
        try:
            await asyncio.gather(*(self._one(t, rng.uniform(0, self.window_s), rng) for t in tokens))
        finally:
            await self.transport.aclose()

    def figures(self) -> dict[str, Any]:
        from trama.votes.models import Ballot

        if self.missing:
            return {"summary": f"not measured: {self.missing}", "votes_per_s": None}
        stored = Ballot.objects.filter(poll_id=self.prepared.poll_id).count()
        elapsed = (self.finished - self.started) if self.finished else 0.0
        ms = summary_ms(self.latencies)
        per_s = round(len(self.latencies) / elapsed, 1) if elapsed else None
        text = (
            f"{len(self.latencies)}/{len(self.prepared.tokens[: self.participants])} ballots accepted over HTTP "
            f"within {elapsed:.1f} s of the first start (window {self.window_s:.0f} s): {per_s} votes/s; "
            f"page + ballot p50 {ms['p50_ms']} ms, p95 {ms['p95_ms']} ms; ballots in the database {stored}; "
            f"retries {self.retries}, failures {self.failures or 0}"
        )
        return {"summary": text, "votes_per_s": per_s, "ballots_stored": stored, **ms}
