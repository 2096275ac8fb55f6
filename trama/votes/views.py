"""Pages of the priority votes.

- Participants (no account, the badge's token is the credential): ``/voti/<token>/`` — the optional first
  question, then the open poll; the ballot can be changed until the poll closes.
- The big screen (public, read-only): ``/voti/schermo/<slug>/`` with its JSON state (polling fallback).
- The votes desk of the regia: ``/voti/regia/<slug>/`` — polls (the lead creates, opens, closes), results,
  badges, paper tallies (venue coordinators), and the lead's «close the day».

Every view asks a named permission of `trama.votes.permissions`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trama.live.models import LiveEvent, LiveEventStatus, LiveTable, Theme
from trama.plans.models import Strategy
from trama.votes import permissions, selectors, services
from trama.votes.forms import BallotForm, PaperTallyForm, PollCreateForm, ProfileForm, TokensIssueForm
from trama.votes.models import ParticipantToken, Poll, PollStatus

View = Callable[..., HttpResponse]
MAX_BADGES_PER_PAGE = 500


# ---------------------------------------------------------------- access helpers


def get_event_or_404(slug: str) -> LiveEvent:
    return get_object_or_404(LiveEvent.objects.select_related("plan"), slug=slug)


def get_token_or_404(token: str) -> ParticipantToken:
    return get_object_or_404(ParticipantToken.objects.select_related("event", "venue", "zona"), token=token)


def get_poll_or_404(event: LiveEvent, poll_id: int) -> Poll:
    return get_object_or_404(Poll.objects.select_related("event"), event=event, pk=poll_id)


def desk_required(view: View) -> View:
    """Anonymous visitors go to the login page; people who are not on the desk of this event get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        event = get_event_or_404(slug)
        if not permissions.can_see_poll_desk(request.user, event):
            raise PermissionDenied
        return view(request, event, *args, **kwargs)

    return wrapper


def _desk_url(event: LiveEvent, anchor: str = "") -> str:
    url = reverse("votes:desk", kwargs={"slug": event.slug})
    return f"{url}#{anchor}" if anchor else url


def _crumbs(event: LiveEvent, *more: tuple[str | None, str]) -> list[tuple[str | None, str]]:
    desk = (
        reverse("votes:desk", kwargs={"slug": event.slug}) if more else None,
        _("Voti: %(title)s") % {"title": event.title},
    )
    return [desk, *more]


# ---------------------------------------------------------------- participants


def _vote_context(token: ParticipantToken, form: BallotForm | None = None) -> dict[str, Any]:
    event = token.event
    poll = selectors.open_poll(event)
    context: dict[str, Any] = {"token": token, "event": event, "poll": poll, "form": form, "voted": False}
    if event.status == LiveEventStatus.CLOSED:
        context["day_closed"] = True
        return context
    if token.profile_answered_at is None:
        context["profile_form"] = ProfileForm(initial={"zona": token.zona_id, "category": token.category})
        return context
    if poll is not None and form is None:
        options = list(poll.options.order_by("order"))
        initial = selectors.ballot_values(token, poll)
        context["voted"] = bool(initial)
        context["form"] = BallotForm(poll=poll, options=options, initial_values=initial)
    elif poll is not None:
        context["voted"] = poll.pk in selectors.voted_polls(token)
    return context


@never_cache
@require_GET
def vote(request: HttpRequest, token: str) -> HttpResponse:
    participant = get_token_or_404(token)
    context = _vote_context(participant)
    template = "votes/vote.html#poll" if request.htmx else "votes/vote.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
def profile(request: HttpRequest, token: str) -> HttpResponse:
    participant = get_token_or_404(token)
    if participant.event.status == LiveEventStatus.CLOSED:
        return redirect("votes:vote", token=token)
    form = ProfileForm(request.POST if "skip" not in request.POST else {})
    if "skip" in request.POST:
        services.token_profile_set(token=participant, zona=None, category="")
        return redirect("votes:vote", token=token)
    if form.is_valid():
        services.token_profile_set(
            token=participant, zona=form.cleaned_data["zona"], category=form.cleaned_data["category"] or ""
        )
        return redirect("votes:vote", token=token)
    context = _vote_context(participant)
    context["profile_form"] = form
    return render(request, "votes/vote.html", context, status=400)


@require_POST
def ballot(request: HttpRequest, token: str, poll_id: int) -> HttpResponse:
    participant = get_token_or_404(token)
    poll = Poll.objects.select_related("event").filter(pk=poll_id).first()
    if poll is None or poll.event_id != participant.event_id:
        # A badge votes only in its own event: another event's poll does not exist for it.
        raise Http404
    if not permissions.can_vote(participant, poll):
        messages.error(request, _("La votazione è chiusa: la scheda non può più essere cambiata."))
        return redirect("votes:vote", token=token)
    options = list(poll.options.order_by("order"))
    form = BallotForm(request.POST, poll=poll, options=options, initial_values={})
    if form.is_valid():
        try:
            services.ballot_submit(token=participant, poll=poll, choices=form.choices())
        except ValidationError as exc:
            form.errors_from(exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Voto registrato. Puoi cambiarlo finché la votazione è aperta."))
            return redirect("votes:vote", token=token)
    context = _vote_context(participant, form=form)
    return render(request, "votes/vote.html", context, status=400)


# ---------------------------------------------------------------- big screen


def _screen_event(slug: str) -> LiveEvent:
    event = get_event_or_404(slug)
    if not permissions.can_view_screen(event):
        raise Http404
    return event


@never_cache
@require_GET
def screen(request: HttpRequest, slug: str) -> HttpResponse:
    event = _screen_event(slug)
    state = selectors.screen_state(event)
    poll = selectors.screen_poll(event)
    context = {
        "event": event,
        "state": state,
        "themes": selectors.published_themes(event),
        "results": selectors.poll_results(poll) if poll else None,
        "ws_path": f"/ws/voti/schermo/{event.slug}/",
    }
    template = "votes/screen.html#board" if "frammento" in request.GET else "votes/screen.html"
    return render(request, template, context)


@never_cache
@require_GET
def screen_state(request: HttpRequest, slug: str) -> JsonResponse:
    event = _screen_event(slug)
    return JsonResponse(selectors.screen_state(event))


# ---------------------------------------------------------------- desk


@require_GET
@desk_required
def desk(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    return render(request, "votes/desk.html", _desk_context(request, event))


def _desk_context(request: HttpRequest, event: LiveEvent, **forms: Any) -> dict[str, Any]:
    can_run = permissions.can_run_polls(request.user, event)
    can_issue = permissions.can_issue_tokens(request.user, event)
    polls = selectors.event_polls(event)
    context: dict[str, Any] = {
        "event": event,
        "polls": polls,
        "can_run": can_run,
        "can_issue": can_issue,
        "can_close_day": permissions.can_close_day(request.user, event),
        "themes": selectors.published_themes(event),
        "turnout": selectors.event_turnout(event),
        "venues_tokens": event.venues.order_by("letter"),
        "crumbs": _crumbs(event),
        "report_url": reverse("reports:live_day", kwargs={"slug": event.slug}),
    }
    if can_run:
        context["create_form"] = forms.get("create_form") or _poll_create_form(event)
    if can_issue:
        context["tokens_form"] = forms.get("tokens_form") or TokensIssueForm(venues=event.venues.order_by("letter"))
    return context


def _poll_create_form(event: LiveEvent, data: Any = None) -> PollCreateForm:
    strategies = (
        Strategy.objects.filter(axis__plan=event.plan).order_by("axis__number", "code")
        if event.plan_id
        else Strategy.objects.none()
    )
    closed = Poll.objects.filter(event=event, status=PollStatus.CLOSED).order_by("-pk")
    return PollCreateForm(data, strategies=strategies, closed_polls=closed)


@require_POST
@desk_required
def poll_create(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    if not permissions.can_run_polls(request.user, event):
        raise PermissionDenied
    form = _poll_create_form(event, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["source"] == PollCreateForm.SOURCE_TOP:
                poll = services.poll_create_from_top(
                    source=data["source_poll"],
                    kind=data["kind"],
                    title=data["title"],
                    by=request.user,
                    question=data["question"],
                )
            else:
                if data["source"] == PollCreateForm.SOURCE_THEMES:
                    themes = list(
                        Theme.objects.filter(event=event, is_published=True, merged_into__isnull=True).order_by(
                            "-is_dissent", "published_at", "pk"
                        )
                    )
                    options = services.options_from_themes(themes)
                else:
                    options = services.options_from_strategies(list(data["strategies"]))
                poll = services.poll_create(
                    event=event,
                    title=data["title"],
                    kind=data["kind"],
                    options=options,
                    by=request.user,
                    question=data["question"],
                    dots=data["dots"],
                    max_per_option=data["max_per_option"],
                    top_k=data["top_k"],
                    max_choices=data["max_choices"],
                )
        except ValidationError as exc:
            form.errors_from(exc)
        else:
            messages.success(
                request, _("Votazione «%(title)s» preparata: aprila quando è il momento.") % {"title": poll.title}
            )
            return redirect(_desk_url(event, f"voto-{poll.pk}"))
    return render(request, "votes/desk.html", _desk_context(request, event, create_form=form), status=400)


@require_POST
@desk_required
def poll_switch(request: HttpRequest, event: LiveEvent, poll_id: int, action: str) -> HttpResponse:
    if not permissions.can_run_polls(request.user, event):
        raise PermissionDenied
    poll = get_poll_or_404(event, poll_id)
    if action not in ("apri", "chiudi"):
        raise Http404
    try:
        if action == "apri":
            services.poll_open(poll=poll, by=request.user)
            messages.success(request, _("Votazione aperta: i partecipanti la vedono sul telefono."))
        else:
            services.poll_close(poll=poll, by=request.user)
            messages.success(request, _("Votazione chiusa: i risultati sono definitivi (salvo gli spogli cartacei)."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(_desk_url(event, f"voto-{poll.pk}"))


@require_GET
@desk_required
def poll_detail(request: HttpRequest, event: LiveEvent, poll_id: int) -> HttpResponse:
    poll = get_poll_or_404(event, poll_id)
    context = {
        "event": event,
        "poll": poll,
        "results": selectors.poll_results(poll),
        "can_run": permissions.can_run_polls(request.user, event),
        "crumbs": _crumbs(event, (None, poll.title)),
    }
    return render(request, "votes/poll.html", context)


@require_http_methods(["GET", "POST"])
@desk_required
def paper_tally(request: HttpRequest, event: LiveEvent, poll_id: int) -> HttpResponse:
    poll = get_poll_or_404(event, poll_id)
    allowed = [v for v in event.venues.order_by("letter") if permissions.can_enter_paper_tally(request.user, v, poll)]
    if not allowed:
        raise PermissionDenied
    tables = LiveTable.objects.filter(venue__in=allowed).select_related("venue").order_by("venue__letter", "number")
    options = list(poll.options.order_by("order"))
    form = PaperTallyForm(request.POST or None, tables=tables, options=options)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.paper_tally_set(
                    poll=poll,
                    table=form.cleaned_data["table"],
                    ballots=form.cleaned_data["ballots"],
                    values=form.values(),
                    by=request.user,
                )
            except ValidationError as exc:
                form.errors_from(exc)
            else:
                messages.success(
                    request,
                    _("Spoglio cartaceo del tavolo %(code)s registrato.") % {"code": form.cleaned_data["table"].code},
                )
                return redirect("votes:paper_tally", slug=event.slug, poll_id=poll.pk)
        status = 400
    context = {
        "event": event,
        "poll": poll,
        "form": form,
        "tallies": poll.paper_tallies.select_related("table__venue", "venue").order_by(
            "venue__letter", "table__number"
        ),
        "crumbs": _crumbs(
            event,
            (reverse("votes:poll", kwargs={"slug": event.slug, "poll_id": poll.pk}), poll.title),
            (None, _("Spoglio cartaceo")),
        ),
    }
    return render(request, "votes/paper.html", context, status=status)


@require_http_methods(["GET", "POST"])
@desk_required
def badges(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    """Issue badges (POST) and print them (GET, optionally one venue: ``?sede=A``)."""
    if not permissions.can_issue_tokens(request.user, event):
        raise PermissionDenied
    venues = event.venues.order_by("letter")
    if request.method == "POST":
        form = TokensIssueForm(request.POST, venues=venues)
        if form.is_valid():
            try:
                issued = services.tokens_issue(
                    venue=form.cleaned_data["venue"], count=form.cleaned_data["count"], by=request.user
                )
            except ValidationError as exc:
                form.errors_from(exc)
            else:
                messages.success(request, _("%(n)d badge pronti da stampare.") % {"n": len(issued)})
                return redirect(
                    f"{reverse('votes:badges', kwargs={'slug': event.slug})}?sede={form.cleaned_data['venue'].letter}"
                )
        return render(request, "votes/desk.html", _desk_context(request, event, tokens_form=form), status=400)
    tokens = ParticipantToken.objects.filter(event=event).select_related("venue").order_by("venue__letter", "label")
    letter = request.GET.get("sede", "")
    if letter:
        tokens = tokens.filter(venue__letter=letter[:1].upper())
    cards = []
    for participant in tokens[:MAX_BADGES_PER_PAGE]:
        url = request.build_absolute_uri(reverse("votes:vote", kwargs={"token": participant.token}))
        # segno writes the SVG itself from the URL (a url-safe token): no user text goes into it unescaped.
        svg = segno.make(url, error="m").svg_inline(scale=3, title=f"QR {participant.label}")
        cards.append({"token": participant, "url": url, "svg": mark_safe(svg)})  # noqa: S308
    context = {
        "event": event,
        "cards": cards,
        "venues": venues,
        "letter": letter,
        "crumbs": _crumbs(event, (None, _("Badge dei partecipanti"))),
    }
    return render(request, "votes/badges.html", context)


@require_POST
@desk_required
def day_close(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    from trama.reports.services import live_day_close

    if not permissions.can_close_day(request.user, event):
        raise PermissionDenied
    try:
        live_day_close(event=event, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_desk_url(event))
    messages.success(request, _("Giornata chiusa: il report istantaneo è in preparazione."))
    return redirect("reports:live_day", slug=event.slug)
