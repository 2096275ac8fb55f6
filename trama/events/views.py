"""Pages of the events app: public list and detail with registration, the cancel link, the plan office's
registrations / check-in / close-out, and the hybrid Q&A (participants, moderator, big screen, JSON state)."""

from __future__ import annotations

import io
import secrets
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trama.events import permissions, selectors, services
from trama.events.forms import CloseOutForm, QuestionForm, RegistrationForm
from trama.events.models import Event, EventStatus, Question, Registration, RegistrationStatus

View = Callable[..., HttpResponse]
PAST_PER_PAGE = 10
VOTER_COOKIE = "trama_qa_voter"
VOTER_SALT = "trama.events.voter"
VOTER_MAX_AGE = 365 * 24 * 3600


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def client_ip(request: HttpRequest) -> str:
    """The address the registration limit counts: behind the trusted proxy (BEHIND_PROXY) the last
    X-Forwarded-For hop, the one the proxy added; otherwise REMOTE_ADDR (clients can forge the header)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1][:64]
    return str(request.META.get("REMOTE_ADDR", ""))


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _public_event_or_404(event_id: int) -> Event:
    event = selectors.event_get_public(event_id)
    if event is None:
        raise Http404
    return event


def _staff_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


office_required = _staff_required(permissions.can_manage_events)
moderator_required = _staff_required(permissions.can_moderate_questions)


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- public pages ----------------------------------------------------------------------------------------


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.event_list_public()
    page = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "events/list.html",
        {"upcoming": list(upcoming), "past_page": page, "crumbs": [(None, _("Incontri"))]},
    )


def _detail_context(request: HttpRequest, event: Event, form: RegistrationForm | None = None) -> dict[str, Any]:
    is_open = permissions.registration_is_open(event)
    if is_open and form is None:
        form = RegistrationForm(event=event, initial={"client_key": uuid.uuid4()})
    agenda = list(event.agenda.all())
    round_table = [item for item in agenda if item.axis_id]
    return {
        "event": event,
        "agenda": agenda,
        "round_table": sorted(round_table, key=lambda item: (item.axis.number if item.axis else 0, item.order)),
        "tables": list(event.tables.all()),
        "venues": list(event.venues.all()),
        "places": selectors.event_places(event),
        "registration_open": is_open,
        "form": form if is_open else None,
        "can_ask": permissions.can_ask_questions(event),
        "can_manage": permissions.can_manage_events(request.user),
        "can_moderate": permissions.can_moderate_questions(request.user),
        "is_past": event.ends_at < timezone.now(),
        "linked_contributions": selectors.linked_contributions(event) if event.status == EventStatus.CLOSED else [],
        "crumbs": [(reverse("events:list"), _("Incontri")), (None, event.title)],
    }


@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _public_event_or_404(event_id)
    return render(request, "events/detail.html", _detail_context(request, event))


@require_http_methods(["GET", "POST"])
def event_register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _public_event_or_404(event_id)
    if request.method == "GET":
        return redirect(event.get_absolute_url() + "#iscrizione")
    form = RegistrationForm(request.POST, event=event)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.registration_submit(
                event=event,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                category=data["category"],
                comune=data["comune"],
                attendance_mode=form.cleaned_attendance_mode(),
                tables=list(data.get("tables") or []),
                privacy_consent=data["privacy_consent"],
                client_key=data["client_key"],
                ip=client_ip(request),
                site_url=_site_url(request),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            token = services.registration_token(result.registration)
            return redirect("events:registration_done", token=token)
    response = render(request, "events/detail.html", _detail_context(request, event, form), status=422)
    return response


def _registration_or_404(token: str) -> Registration:
    registration = services.registration_from_token(token)
    if registration is None:
        raise Http404
    return registration


@require_GET
@never_cache
def registration_done(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    return render(
        request,
        "events/registration_done.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": selectors.waiting_position(registration),
            "token": token,
            "crumbs": [
                (reverse("events:list"), _("Incontri")),
                (registration.event.get_absolute_url(), registration.event.title),
                (None, _("Iscrizione")),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    if request.method == "POST":
        services.registration_cancel(registration=registration, site_url=_site_url(request))
        registration.refresh_from_db()
    return render(
        request,
        "events/registration_cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "token": token,
            "is_cancelled": registration.status == RegistrationStatus.CANCELLED,
            "crumbs": [
                (reverse("events:list"), _("Incontri")),
                (registration.event.get_absolute_url(), registration.event.title),
                (None, _("Annulla l'iscrizione")),
            ],
        },
    )


@require_GET
def event_report(request: HttpRequest, event_id: int) -> HttpResponseBase:
    event = _public_event_or_404(event_id)
    if event.status != EventStatus.CLOSED or not event.report:
        raise Http404
    return FileResponse(
        event.report.open("rb"), content_type="application/pdf", filename=f"report-incontro-{event.pk}.pdf"
    )


# --- plan office ------------------------------------------------------------------------------------------


@office_required
@require_GET
def registrations(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("process"), pk=event_id)
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "registrations": list(selectors.registrations_for_office(event)),
            "attendance": selectors.event_attendance(event),
            "show_personal_data": permissions.can_view_personal_data(request.user),
            "crumbs": [
                (reverse("events:list"), _("Incontri")),
                (reverse("events:detail", args=[event.pk]), event.title),
                (None, _("Iscrizioni e presenze")),
            ],
        },
    )


@office_required
@require_POST
def registration_check_in(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(Registration, pk=registration_id, event_id=event_id)
    try:
        services.registration_check_in(
            registration=registration, present=request.POST.get("present") == "1", by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if _is_htmx(request):
        registration.refresh_from_db()
        return render(
            request,
            "events/registrations.html#registration-row",
            {
                "event": registration.event,
                "r": registration,
                "show_personal_data": permissions.can_view_personal_data(request.user),
            },
        )
    return redirect("events:registrations", event_id=event_id)


@office_required
@require_http_methods(["GET", "POST"])
def event_closeout(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("process"), pk=event_id)
    attendance = selectors.event_attendance(event)
    if request.method == "POST":
        form = CloseOutForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            services.event_close(
                event=event,
                by=request.user,
                minutes=data["minutes"],
                attendees_in_person=data["attendees_in_person"],
                attendees_online=data["attendees_online"],
                organisations_present=data["organisations_present"],
                contribution_refs=data["contribution_refs"],
                report=data["report"],
                remove_report=data["remove_report"],
            )
            messages.success(request, _("Incontro chiuso: il verbale è pubblicato."))
            return redirect("events:detail", event_id=event.pk)
        status = 422
    else:
        form = CloseOutForm(
            initial={
                "minutes": event.minutes,
                "attendees_in_person": event.attendees_in_person
                if event.attendees_in_person is not None
                else attendance.checked_in_person or None,
                "attendees_online": event.attendees_online
                if event.attendees_online is not None
                else attendance.checked_in_online or None,
                "organisations_present": event.organisations_present,
                "contribution_refs": event.contribution_refs,
            }
        )
        status = 200
    return render(
        request,
        "events/closeout.html",
        {
            "event": event,
            "form": form,
            "attendance": attendance,
            "crumbs": [
                (reverse("events:list"), _("Incontri")),
                (reverse("events:detail", args=[event.pk]), event.title),
                (None, _("Chiusura dell'incontro")),
            ],
        },
        status=status,
    )


# --- hybrid Q&A -------------------------------------------------------------------------------------------


def _voter_id(request: HttpRequest) -> tuple[str, bool]:
    """The random id of this browser (a signed cookie): one vote per browser, without an account."""
    value = request.get_signed_cookie(VOTER_COOKIE, default="", salt=VOTER_SALT)
    if isinstance(value, str) and 16 <= len(value) <= 40 and value.isalnum():
        return value, False
    return secrets.token_hex(16), True


def _with_voter_cookie(response: HttpResponse, voter_id: str, is_new: bool) -> HttpResponse:
    if is_new:
        response.set_signed_cookie(
            VOTER_COOKIE,
            voter_id,
            salt=VOTER_SALT,
            max_age=VOTER_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _ws_path(event: Event) -> str:
    return f"/ws/incontri/{event.pk}/domande/"


def _questions_context(request: HttpRequest, event: Event, voter_id: str, form: QuestionForm | None) -> dict[str, Any]:
    can_ask = permissions.can_ask_questions(event)
    if can_ask and form is None:
        form = QuestionForm(initial={"client_key": uuid.uuid4()})
    return {
        "event": event,
        "questions": selectors.questions_public(event),
        "voted": selectors.voted_question_ids(event, voter_id),
        "can_ask": can_ask,
        "form": form if can_ask else None,
        "ws_path": _ws_path(event),
        "can_moderate": permissions.can_moderate_questions(request.user),
        "crumbs": [
            (reverse("events:list"), _("Incontri")),
            (reverse("events:detail", args=[event.pk]), event.title),
            (None, _("Domande")),
        ],
    }


@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest, event_id: int) -> HttpResponse:
    """The participants' page: ask (POST), vote, see the list. With htmx, GET answers with the list only."""
    event = _public_event_or_404(event_id)
    voter_id, is_new = _voter_id(request)
    form: QuestionForm | None = None
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_ask(
                    event=event,
                    text=form.cleaned_data["text"],
                    author_name=form.cleaned_data["author_name"],
                    client_key=form.cleaned_data["client_key"],
                    voter_id=voter_id,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
                status = 422
            else:
                messages.success(request, _("Domanda inviata: grazie! Il moderatore la vedrà subito."))
                return _with_voter_cookie(redirect("events:questions", event_id=event.pk), voter_id, is_new)
        else:
            status = 422
    template = "events/questions.html"
    if _is_htmx(request) and request.method == "GET":
        template += "#question-list"
    response = render(request, template, _questions_context(request, event, voter_id, form), status=status)
    return _with_voter_cookie(response, voter_id, is_new)


@require_POST
def question_vote(request: HttpRequest, event_id: int, question_id: int) -> HttpResponse:
    event = _public_event_or_404(event_id)
    question = get_object_or_404(
        Question.objects.visible().select_related("event__process"), pk=question_id, event=event
    )
    voter_id, is_new = _voter_id(request)
    try:
        counted = services.question_vote(question=question, voter_id=voter_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if not counted:
            messages.info(request, _("Avevi già votato questa domanda."))
    if _is_htmx(request):
        response = render(
            request, "events/questions.html#question-list", _questions_context(request, event, voter_id, None)
        )
    else:
        response = redirect(reverse("events:questions", args=[event.pk]) + f"#domanda-{question.pk}")
    return _with_voter_cookie(response, voter_id, is_new)


@require_GET
@never_cache
def questions_state(request: HttpRequest, event_id: int) -> HttpResponse:
    """The polling fallback of the big screen: the same state the WebSocket pushes."""
    state = selectors.questions_state(event_id)
    if state is None:
        raise Http404
    return JsonResponse(state)


@require_GET
def questions_screen(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _public_event_or_404(event_id)
    return render(
        request,
        "events/screen.html",
        {
            "event": event,
            "state": selectors.questions_state(event.pk),
            "ws_path": _ws_path(event),
            "participant_url": request.build_absolute_uri(reverse("events:questions", args=[event.pk])),
        },
    )


@require_GET
def questions_qr(request: HttpRequest, event_id: int) -> HttpResponse:
    """The QR code shown on the big screen: it opens the participants' page on a phone."""
    event = _public_event_or_404(event_id)
    url = request.build_absolute_uri(reverse("events:questions", args=[event.pk]))
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, dark="#000", light="#fff", xmldecl=False, title=_("Codice QR")
    )
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


def _moderation_context(request: HttpRequest, event: Event) -> dict[str, Any]:
    questions = selectors.questions_for_moderation(event)
    hints = selectors.question_strategy_hints(questions)
    for question in questions:
        question.strategy_hints = hints.get(question.pk, [])  # type: ignore[attr-defined]
    return {
        "event": event,
        "questions": questions,
        "analysis_corpus": services.qa_corpus(event.pk),
        "ws_path": _ws_path(event),
        "actions": services.ModerationAction,
        "crumbs": [
            (reverse("events:list"), _("Incontri")),
            (reverse("events:detail", args=[event.pk]), event.title),
            (None, _("Moderazione delle domande")),
        ],
    }


def _moderated_event(event_id: int) -> Event:
    return get_object_or_404(Event.objects.select_related("process", "question_on_screen"), pk=event_id)


@moderator_required
@require_GET
def questions_moderate(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _moderated_event(event_id)
    template = "events/moderate.html"
    if _is_htmx(request):
        template += "#moderation-list"
    return render(request, template, _moderation_context(request, event))


@moderator_required
@require_POST
def question_moderate(request: HttpRequest, event_id: int, question_id: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=question_id, event_id=event_id)
    try:
        services.question_moderate(question=question, action=request.POST.get("action", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    event = _moderated_event(event_id)
    if _is_htmx(request):
        return render(request, "events/moderate.html#moderation-list", _moderation_context(request, event))
    return redirect("events:questions_moderate", event_id=event_id)


@moderator_required
@require_POST
def questions_toggle(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _moderated_event(event_id)
    services.questions_toggle(event=event, is_open=request.POST.get("open") == "1", by=request.user)
    return redirect("events:questions_moderate", event_id=event_id)
