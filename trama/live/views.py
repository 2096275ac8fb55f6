"""Pages of live co-planning: set-up and badges (plan office), the regia's feed and theme board, the
facilitator's screen, and the facilitator's HTTP fallback (JSON).

Every view asks a named permission of permissions.py. Theme actions are POSTs: with htmx they answer with
the board fragment, without it they redirect back to the board (post/redirect/get)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trama.live import selectors, services
from trama.live.consumers import idea_answer
from trama.live.forms import (
    IdeaThemeForm,
    LiveEventForm,
    RegiaInviteForm,
    RegiaMemberForm,
    RoundForm,
    TableAddForm,
    TableEditForm,
    ThemeLabelForm,
    ThemeLinksForm,
    ThemesMergeForm,
    ThemeSplitForm,
)
from trama.live.models import Idea, IdeaTheme, LiveEvent, LiveEventStatus, LiveRound, LiveTable, RegiaMember, Theme
from trama.live.payloads import idea_payload, round_payload, table_payload
from trama.live.permissions import can_facilitate_table, can_set_up_event, can_work_regia, is_regia_lead
from trama.plans.models import Action, Axis, Strategy

View = Callable[..., HttpResponse]
REGIA = "live/regia.html"
JSON_MAX_BYTES = 16_384


def _event_or_404(slug: str) -> LiveEvent:
    event = selectors.event_for_slug(slug)
    if event is None:
        raise Http404
    return event


def regia_required(view: View) -> View:
    """Anonymous visitors log in; people who are not in this event's regia get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        event = _event_or_404(slug)
        if not can_work_regia(request.user, event):
            raise PermissionDenied
        return view(request, event, *args, **kwargs)

    return wrapper


def office_required(view: View) -> View:
    """Anonymous visitors log in; anyone but the plan office gets a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_set_up_event(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def setup_required(view: View) -> View:
    """``office_required``, and the event of the URL's slug (404 if none) in place of the slug."""

    @office_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, _event_or_404(slug), *args, **kwargs)

    return wrapper


def _crumbs(event: LiveEvent | None = None, *more: tuple[str | None, str]) -> list[tuple[str | None, str]]:
    if event is None:
        return [(None, _("Co-pianificazione dal vivo"))]
    return [(reverse("live:events"), _("Co-pianificazione dal vivo")), *more]


# ---------------------------------------------------------------- plan office


@require_GET
def events(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user: Any = request.user
    listed = LiveEvent.objects.annotate(ideas_count=Count("ideas")).order_by("-created_at")
    if not can_set_up_event(user):
        listed = listed.filter(regia_members__user=user)
    rows = [e for e in listed if can_work_regia(user, e)]
    if not rows and not can_set_up_event(user):
        raise PermissionDenied
    context = {"events": rows, "can_set_up": can_set_up_event(user), "crumbs": _crumbs()}
    return render(request, "live/events.html", context)


def _setup_context(event: LiveEvent, **forms: Any) -> dict[str, Any]:
    """The set-up page; ``forms`` are the ones sent back with their errors, the others start empty."""
    return {
        "event": event,
        "tables": selectors.tables_with_counts(event),
        "rounds": list(event.rounds.all()),
        "members": list(RegiaMember.objects.filter(event=event).select_related("user")),
        "round_form": forms.get("round_form") or RoundForm(),
        "table_form": forms.get("table_form") or TableAddForm(event=event, auto_id="id_table_%s"),
        "member_form": forms.get("member_form") or RegiaMemberForm(event=event, auto_id="id_member_%s"),
        "invite_form": forms.get("invite_form") or RegiaInviteForm(auto_id="id_invite_%s"),
        "statuses": LiveEventStatus,
        "crumbs": _crumbs(event, (None, event.title)),
    }


def _setup_refused(request: HttpRequest, event: LiveEvent, **forms: Any) -> HttpResponse:
    return render(request, "live/setup.html", _setup_context(event, **forms), status=400)


@require_http_methods(["GET", "POST"])
@office_required
def event_new(request: HttpRequest) -> HttpResponse:
    form = LiveEventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = services.live_event_setup(
            title=data["title"],
            slug=services.live_event_slug(data["title"]),
            letters="".join(letter for letter in services.SEED_VENUES if letter in data["letters"]),
            tables_per_venue=data["tables_per_venue"],
            starts_on=data["starts_on"],
            status=LiveEventStatus.DRAFT,
        )
        created = _("Evento creato con %(n)d tavoli: aggiungi i giri, i facilitatori e la regia.")
        messages.success(request, created % {"n": event.tables.count()})
        return redirect("live:setup", slug=event.slug)
    crumbs = [(reverse("live:events"), _("Co-pianificazione dal vivo")), (None, _("Nuovo evento"))]
    context = {"form": form, "crumbs": crumbs}
    return render(request, "live/event_new.html", context, status=400 if request.method == "POST" else 200)


@require_GET
@setup_required
def setup(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    return render(request, "live/setup.html", _setup_context(event))


@require_POST
@setup_required
def round_add(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    form = RoundForm(request.POST)
    if not form.is_valid():
        return _setup_refused(request, event, round_form=form)
    services.live_round_add(
        event=event, question=form.cleaned_data["question"], duration_minutes=form.cleaned_data["duration_minutes"]
    )
    messages.success(request, _("Giro aggiunto."))
    return redirect("live:setup", slug=event.slug)


@require_POST
@setup_required
def round_switch(request: HttpRequest, event: LiveEvent, round_id: int, action: str) -> HttpResponse:
    live_round = get_object_or_404(LiveRound, pk=round_id, event=event)
    if action == "avvia":
        services.round_open(live_round=live_round)
        messages.success(request, _("Giro %(n)s avviato.") % {"n": live_round.number})
    else:
        services.round_close(live_round=live_round)
        messages.success(request, _("Giro %(n)s concluso.") % {"n": live_round.number})
    return redirect("live:setup", slug=event.slug)


@require_POST
@setup_required
def event_status(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    if request.POST.get("status") == LiveEventStatus.LIVE:
        services.live_event_open(event=event)
        messages.success(request, _("L'evento è in corso: i tavoli possono inviare idee."))
    else:
        services.live_event_close(event=event)
        messages.success(request, _("Giornata chiusa: i tavoli non inviano più idee."))
    return redirect("live:setup", slug=event.slug)


@require_POST
@setup_required
def token_rotate(request: HttpRequest, event: LiveEvent, table_id: int) -> HttpResponse:
    table = get_object_or_404(LiveTable.objects.select_related("venue"), pk=table_id, event=event)
    services.table_token_rotate(table=table)
    messages.success(
        request, _("Nuovo codice per il tavolo %(code)s: ristampa il suo cartellino.") % {"code": table.code}
    )
    return redirect("live:setup", slug=event.slug)


@require_POST
@setup_required
def table_add(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    form = TableAddForm(request.POST, event=event, auto_id="id_table_%s")
    if not form.is_valid():
        return _setup_refused(request, event, table_form=form)
    data = form.cleaned_data
    table = services.live_table_append(
        venue=data["venue"], label=data["label"], axis=data["axis"], facilitator_name=data["facilitator_name"]
    )
    messages.success(request, _("Tavolo %(code)s aggiunto: stampa il suo cartellino.") % {"code": table.code})
    return redirect("live:setup", slug=event.slug)


@require_http_methods(["GET", "POST"])
@setup_required
def table_edit(request: HttpRequest, event: LiveEvent, table_id: int) -> HttpResponse:
    table = get_object_or_404(LiveTable.objects.select_related("venue", "event"), pk=table_id, event=event)
    initial = {
        "label": table.label,
        "axis": table.axis_id,
        "facilitator_name": table.facilitator_name,
        "is_active": table.is_active,
    }
    form = TableEditForm(request.POST if request.method == "POST" else None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.live_table_update(
            table=table,
            label=data["label"],
            axis=data["axis"],
            facilitator_name=data["facilitator_name"],
            is_active=data["is_active"],
        )
        messages.success(request, _("Tavolo %(code)s aggiornato.") % {"code": table.code})
        return redirect("live:setup", slug=event.slug)
    context = {
        "event": event,
        "table": table,
        "form": form,
        "crumbs": _crumbs(event, (reverse("live:setup", kwargs={"slug": event.slug}), event.title), (None, table.code)),
    }
    return render(request, "live/table_edit.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@setup_required
def member_add(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    form = RegiaMemberForm(request.POST, event=event, auto_id="id_member_%s")
    if not form.is_valid():
        return _setup_refused(request, event, member_form=form)
    user = form.cleaned_data["user"]
    services.regia_member_set(event=event, user=user, is_lead=form.cleaned_data["is_lead"])
    messages.success(request, _("%(name)s è nella regia.") % {"name": user.get_full_name() or user.username})
    return redirect("live:setup", slug=event.slug)


@require_POST
@setup_required
def member_invite(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    form = RegiaInviteForm(request.POST, auto_id="id_invite_%s")
    if not form.is_valid():
        return _setup_refused(request, event, invite_form=form)

    def link_for(uidb64: str, token: str) -> str:
        return request.build_absolute_uri(reverse("accounts:password_set", kwargs={"uidb64": uidb64, "token": token}))

    data = form.cleaned_data
    try:
        member = services.regia_account_create(
            event=event,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            is_lead=data["is_lead"],
            link_for=link_for,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _setup_refused(request, event, invite_form=form)
    messages.success(
        request,
        _("Account creato per %(name)s: un'e-mail a %(email)s spiega come impostare la password.")
        % {"name": member.user.get_full_name(), "email": member.user.email},
    )
    return redirect("live:setup", slug=event.slug)


@require_POST
@setup_required
def member_switch(request: HttpRequest, event: LiveEvent, member_id: int, action: str) -> HttpResponse:
    member = get_object_or_404(RegiaMember.objects.select_related("user"), pk=member_id, event=event)
    name = member.user.get_full_name() or member.user.username
    if action == "togli":
        services.regia_member_remove(member=member)
        messages.success(request, _("%(name)s non è più nella regia.") % {"name": name})
    elif action in ("responsabile", "componente"):
        services.regia_member_set(event=event, user=member.user, is_lead=action == "responsabile")
        messages.success(request, _("Ruolo di %(name)s aggiornato.") % {"name": name})
    else:
        raise Http404
    return redirect("live:setup", slug=event.slug)


@require_GET
@setup_required
def badges(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    cards = []
    for table in selectors.tables_with_counts(event):
        url = request.build_absolute_uri(table.get_absolute_url())
        # segno writes the SVG itself from the URL: no user text goes into it unescaped.
        svg = segno.make(url, error="m").svg_inline(scale=4, title=f"QR {table.code}")
        cards.append({"table": table, "url": url, "svg": mark_safe(svg)})  # noqa: S308
    return render(request, "live/badges.html", {"event": event, "cards": cards})


# ---------------------------------------------------------------- regia


def _feed_filter(request: HttpRequest) -> selectors.FeedFilter:
    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and len(value) < 10 else None

    venue = request.GET.get("venue", "").strip().upper()
    return selectors.FeedFilter(
        venue=venue if len(venue) == 1 and venue.isalpha() else "",
        table_id=number("table"),
        round_id=number("round"),
    )


def _board_context(request: HttpRequest, event: LiveEvent, **extra: Any) -> dict[str, Any]:
    extra.setdefault("is_lead", None)
    if extra["is_lead"] is None:
        extra["is_lead"] = is_regia_lead(request.user, event)
    board = selectors.theme_board(event)
    unthemed = list(selectors.unthemed_ideas(event))
    selectors.strategy_suggestions_attach([link.idea for item in board for link in item.links] + unthemed)
    return {
        "event": event,
        "board": board,
        "unthemed": unthemed,
        "new_theme_form": ThemeLabelForm(),
        "board_error": "",
        **extra,
    }


@require_GET
@regia_required
def regia(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    only = _feed_filter(request)
    ideas = selectors.ideas_latest(event=event, limit=100, only=only)
    tables = selectors.tables_with_counts(event)
    context = {
        **_board_context(request, event),
        "ideas": ideas,
        "cursor": selectors.last_idea_id(event),
        "venues": selectors.venues_with_counts(event),
        "tables": tables,
        "rounds": list(event.rounds.all()),
        "only": only,
        "config": {
            "ws": f"/ws/live/e/{event.slug}/regia/",
            "feed": reverse("live:feed", kwargs={"slug": event.slug}),
            "board": reverse("live:board", kwargs={"slug": event.slug}),
            "cursor": selectors.last_idea_id(event),
            "filter": {"venue": only.venue, "table": only.table_id, "round": only.round_id},
        },
        "crumbs": _crumbs(event, (None, event.title)),
    }
    return render(request, REGIA, context)


@require_GET
@regia_required
def feed(request: HttpRequest, event: LiveEvent) -> JsonResponse:
    """The regia's HTTP fallback: ideas after a cursor, as over the socket."""
    after = request.GET.get("after", "0")
    cursor = int(after) if after.isdigit() and len(after) < 12 else 0
    ideas = selectors.ideas_after(event=event, cursor=cursor, limit=selectors.FEED_PAGE + 1, only=_feed_filter(request))
    page = ideas[: selectors.FEED_PAGE]
    return JsonResponse(
        {
            "type": "ideas",
            "ideas": [idea_payload(i) for i in page],
            "cursor": page[-1].pk if page else cursor,
            "more": len(ideas) > selectors.FEED_PAGE,
            "tables": [
                table_payload(t, ideas=t.ideas_count)  # type: ignore[attr-defined]  # annotated by the selector
                for t in selectors.tables_with_counts(event)
            ],
        }
    )


# How long a board fragment stays cached (its key changes with every change, this only bounds the memory),
# and how long a request waits for another one rendering the same board before rendering it itself.
BOARD_CACHE_SECONDS = 300
BOARD_WAIT_SECONDS = 5.0


def board_fresh_seconds() -> float:
    """For how long a cached board may still be served after new ideas arrived (never after a change by the
    regia): ``settings.LIVE_BOARD_FRESH_SECONDS``."""
    return float(getattr(settings, "LIVE_BOARD_FRESH_SECONDS", 5))


def board_html(request: HttpRequest, event: LiveEvent) -> str:
    """The theme board fragment, shared by every regia screen of the event: the same HTML for everyone with
    the same role on the board (lead or member; htmx sends the CSRF token from the page, outside the
    fragment), cached (shared by the server processes when the cache is Redis) under
    ``selectors.board_key``.

    A change by the regia (a new board version) is always shown at once. New ideas and strategy
    suggestions only: a board rendered less than ``board_fresh_seconds()`` ago is served as it is, so ten
    screens reloading during a burst of ideas cost one render every few seconds, not one per idea (the feed
    shows every idea as it arrives). While one request renders a board, the others asking for the same one
    wait for it instead of rendering it too. The caller checks the permissions first."""
    lead = is_regia_lead(request.user, event)
    state = selectors.board_key(event)
    key = f"live:board:{state.version}:{'lead' if lead else 'member'}"

    def usable(entry: Any) -> str | None:
        if isinstance(entry, tuple) and len(entry) == 3:
            content, rendered_at, html = entry
            if content == state.content or time.time() - rendered_at < board_fresh_seconds():
                return str(html)
        return None

    html = usable(cache.get(key))
    if html is not None:
        return html
    lock = f"{key}:{state.content}:rendering"
    if not cache.add(lock, True, timeout=BOARD_WAIT_SECONDS * 2):
        deadline = time.monotonic() + BOARD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            entry = cache.get(key)
            if isinstance(entry, tuple) and len(entry) == 3 and entry[0] == state.content:
                return str(entry[2])
    try:
        html = render_to_string(
            f"{REGIA}#board", _board_context(request, event, is_lead=lead, board_shared=True), request=request
        )
        cache.set(key, (state.content, time.time(), html), timeout=BOARD_CACHE_SECONDS)
    finally:
        cache.delete(lock)
    return html


@require_GET
@regia_required
def board(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    return HttpResponse(board_html(request, event))


def _board_answer(request: HttpRequest, event: LiveEvent, error: str = "") -> HttpResponse:
    if request.headers.get("HX-Request"):
        if not error:
            return HttpResponse(board_html(request, event))
        context = _board_context(request, event, board_error=error, board_shared=True)
        return render(request, f"{REGIA}#board", context, status=400)
    if error:
        messages.error(request, error)
    return redirect(reverse("live:regia", kwargs={"slug": event.slug}) + "#temi")


def _theme(event: LiveEvent, theme_id: int) -> Theme:
    return get_object_or_404(Theme, pk=theme_id, event=event, merged_into__isnull=True)


EDIT = "live/board_edit.html"
# The split form lists a theme's newest ideas (a theme of hundreds is split by moving ideas one by one).
SPLIT_IDEAS = 100


def _edit_answer(request: HttpRequest, event: LiveEvent, which: str, heading: str, **context: Any) -> HttpResponse:
    """A form of the board opened on demand: inside the board with htmx, else as a page of its own."""
    context = {"event": event, "which": which, "heading": heading, **context}
    if request.headers.get("HX-Request"):
        return render(request, f"{EDIT}#{'idea_actions' if which == 'idea' else 'theme_edit'}", context)
    regia_url = reverse("live:regia", kwargs={"slug": event.slug})
    context["crumbs"] = _crumbs(event, (regia_url, event.title), (None, heading))
    return render(request, EDIT, context)


@require_GET
@regia_required
def idea_actions(request: HttpRequest, event: LiveEvent, idea_id: int) -> HttpResponse:
    """Move an idea to another theme, or file it in one more (``?da=<theme>``: the theme it is shown in)."""
    idea = get_object_or_404(Idea.objects.select_related("table__venue"), pk=idea_id, event=event)
    themes = list(
        Theme.objects.filter(event=event, merged_into__isnull=True).only("pk", "label").order_by("-is_dissent", "label")
    )
    origin = request.GET.get("da", "")
    from_theme = next((t for t in themes if origin.isdigit() and t.pk == int(origin)), None)
    others = [t for t in themes if from_theme is None or t.pk != from_theme.pk]
    heading = _("Sposta o copia l'idea") if from_theme is not None else _("Assegna l'idea a un tema")
    return _edit_answer(request, event, "idea", heading, idea=idea, from_theme=from_theme, themes=others)


@require_GET
@regia_required
def theme_edit(request: HttpRequest, event: LiveEvent, theme_id: int) -> HttpResponse:
    """Rename, merge, split, link to strategies and actions: opened on demand, so the shared board stays light."""
    theme = _theme(event, theme_id)
    others = list(
        Theme.objects.filter(event=event, merged_into__isnull=True, is_dissent=False)
        .exclude(pk=theme.pk)
        .only("pk", "label")
        .order_by("label")
    )
    links = list(
        IdeaTheme.objects.filter(theme=theme).select_related("idea__table__venue").order_by("-idea_id")[:SPLIT_IDEAS]
    )
    plan = event.plan_id
    context = {
        "theme": theme,
        "others": others,
        "links": links,
        "strategies": list(Strategy.objects.filter(axis__plan_id=plan)) if plan else [],
        "actions": list(Action.objects.filter(strategy__axis__plan_id=plan)) if plan else [],
        "linked": set(theme.strategies.values_list("pk", flat=True)),
        "linked_actions": set(theme.actions.values_list("pk", flat=True)),
    }
    return _edit_answer(request, event, "theme", _("Modifica il tema «%(label)s»") % {"label": theme.label}, **context)


def _first_error(form: Any) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Richiesta non valida.")


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@require_POST
@regia_required
def theme_create(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    form = ThemeLabelForm(request.POST)
    if not form.is_valid():
        return _board_answer(request, event, _first_error(form))
    services.theme_create(event=event, label=form.cleaned_data["label"], by=request.user)
    return _board_answer(request, event)


@require_POST
@regia_required
def theme_rename(request: HttpRequest, event: LiveEvent, theme_id: int) -> HttpResponse:
    theme = _theme(event, theme_id)
    form = ThemeLabelForm(request.POST)
    if not form.is_valid():
        return _board_answer(request, event, _first_error(form))
    services.theme_rename(theme=theme, label=form.cleaned_data["label"], by=request.user)
    return _board_answer(request, event)


@require_POST
@regia_required
def idea_theme_add(request: HttpRequest, event: LiveEvent) -> HttpResponse:
    """Accept a suggestion, add an idea to a second theme, or move it (``from`` = the theme it leaves)."""
    form = IdeaThemeForm(request.POST, event=event)
    if not form.is_valid():
        return _board_answer(request, event, _first_error(form))
    idea, theme = form.cleaned_data["idea"], form.cleaned_data["theme"]
    source_id = request.POST.get("from", "")
    try:
        if source_id.isdigit() and int(source_id) != theme.pk:
            services.idea_move(idea=idea, from_theme=_theme(event, int(source_id)), to_theme=theme, by=request.user)
        else:
            services.idea_theme_add(idea=idea, theme=theme, by=request.user)
    except ValidationError as exc:
        return _board_answer(request, event, _message(exc))
    return _board_answer(request, event)


@require_POST
@regia_required
def idea_theme_remove(request: HttpRequest, event: LiveEvent, link_id: int) -> HttpResponse:
    link = get_object_or_404(IdeaTheme.objects.select_related("idea"), pk=link_id, idea__event=event)
    services.idea_theme_remove(link=link, by=request.user)
    return _board_answer(request, event)


@require_POST
@regia_required
def themes_merge(request: HttpRequest, event: LiveEvent, theme_id: int) -> HttpResponse:
    target = _theme(event, theme_id)
    form = ThemesMergeForm(request.POST, event=event, target=target)
    if not form.is_valid():
        return _board_answer(request, event, _first_error(form))
    try:
        services.themes_merge(target=target, others=list(form.cleaned_data["others"]), by=request.user)
    except ValidationError as exc:
        return _board_answer(request, event, _message(exc))
    return _board_answer(request, event)


@require_POST
@regia_required
def theme_split(request: HttpRequest, event: LiveEvent, theme_id: int) -> HttpResponse:
    theme = _theme(event, theme_id)
    form = ThemeSplitForm(request.POST, event=event, theme=theme)
    if not form.is_valid():
        return _board_answer(request, event, _first_error(form))
    try:
        services.theme_split(
            theme=theme, ideas=list(form.cleaned_data["ideas"]), label=form.cleaned_data["label"], by=request.user
        )
    except ValidationError as exc:
        return _board_answer(request, event, _message(exc))
    return _board_answer(request, event)


@require_POST
@regia_required
def theme_links(request: HttpRequest, event: LiveEvent, theme_id: int) -> HttpResponse:
    theme = _theme(event, theme_id)
    form = ThemeLinksForm(request.POST, event=event)
    if not form.is_valid():
        return _board_answer(request, event, _first_error(form))
    services.theme_links_set(
        theme=theme,
        strategies=list(form.cleaned_data["strategies"]),
        actions=list(form.cleaned_data["actions"]),
        by=request.user,
    )
    return _board_answer(request, event)


@require_POST
@regia_required
def theme_publish(request: HttpRequest, event: LiveEvent, theme_id: int) -> HttpResponse:
    theme = _theme(event, theme_id)
    if not is_regia_lead(request.user, event):
        raise PermissionDenied
    services.theme_publish(theme=theme, by=request.user, published=request.POST.get("published", "1") == "1")
    return _board_answer(request, event)


@require_POST
@regia_required
def idea_dissent(request: HttpRequest, event: LiveEvent, idea_id: int) -> HttpResponse:
    idea = get_object_or_404(event.ideas, pk=idea_id)
    try:
        services.idea_dissent_set(idea=idea, is_dissent=request.POST.get("dissent") == "1", by=request.user)
    except ValidationError as exc:
        return _board_answer(request, event, _message(exc))
    return _board_answer(request, event)


# ---------------------------------------------------------------- facilitator


def _table_or_404(token: str) -> LiveTable:
    table = selectors.table_for_token(token)
    if table is None:
        raise Http404
    return table


@require_GET
def facilitator(request: HttpRequest, token: str) -> HttpResponse:
    table = _table_or_404(token)
    allowed = can_facilitate_table(table)
    event = table.event
    axes = list(Axis.objects.filter(plan_id=event.plan_id).order_by("number")) if event.plan_id else []
    strategies = list(Strategy.objects.filter(axis__plan_id=event.plan_id).select_related("axis")) if axes else []
    config = {
        "token": table.token,
        "ws": f"/ws/live/t/{table.token}/",
        "ideas": reverse("live:idea_post", kwargs={"token": table.token}),
        "heartbeat": reverse("live:heartbeat", kwargs={"token": table.token}),
        "round": round_payload(selectors.open_round(event)),
    }
    context = {
        "table": table,
        "event": event,
        "allowed": allowed,
        "axes": axes,
        "strategies": strategies,
        "config": config,
    }
    response = render(request, "live/facilitator.html", context, status=200 if allowed else 403)
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response


def _json_body(request: HttpRequest) -> dict[str, Any] | None:
    if len(request.body) > JSON_MAX_BYTES:
        return None
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


# The token in the URL is the credential (no cookies are used), so CSRF does not apply.
@csrf_exempt
@require_POST
def idea_post(request: HttpRequest, token: str) -> JsonResponse:
    """HTTP fallback of the facilitator socket: same frame, same answer (PROTOCOL.md)."""
    table = _table_or_404(token)
    content = _json_body(request)
    if content is None:
        return JsonResponse(
            {"type": "error", "code": "invalid", "errors": {"__all__": [_("JSON non valido.")]}}, status=400
        )
    answer = idea_answer(table, content)
    status = {"invalid": 400, "forbidden": 403}.get(str(answer.get("code", "")), 200)
    return JsonResponse(answer, status=status)


@csrf_exempt
@require_POST
def heartbeat(request: HttpRequest, token: str) -> JsonResponse:
    table = _table_or_404(token)
    if not can_facilitate_table(table):
        return JsonResponse({"type": "error", "code": "forbidden"}, status=403)
    content = _json_body(request) or {}
    services.table_heartbeat(table=table, queued=content.get("queued", 0))
    return JsonResponse({"type": "heartbeat", "round": round_payload(selectors.open_round(table.event))})
