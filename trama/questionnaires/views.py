"""Questionnaire pages: the plan office's builder, the public answering page, results, CSV/XLSX export.

Answering: per-person questionnaires live at ``/questionari/<id>/`` (a logged-in user answers at once, anybody
else first receives a signed link by e-mail); anonymous ones only at their secret ``/questionari/a/<token>/``.
"""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trama.accounts.permissions import can_view_personal_data
from trama.core.tabular import formula_safe
from trama.plans.models import Strategy
from trama.process.permissions import can_answer_questionnaires
from trama.process.selectors import process_default
from trama.questionnaires import selectors, services
from trama.questionnaires.forms import AnswerForm, EmailLinkForm, QuestionForm, QuestionnaireForm, field_name
from trama.questionnaires.models import Question, QuestionKind, Questionnaire, QuestionnaireMode, QuestionnaireState
from trama.questionnaires.permissions import (
    can_manage_questionnaires,
    can_view_questionnaire,
    can_view_results,
    questionnaire_accepts_answers,
)

View = Callable[..., HttpResponse]
LINKS_PER_EMAIL_PER_HOUR = 5
LINKS_PER_IP_PER_HOUR = 20
ANONYMOUS_ANSWERS_PER_IP_PER_HOUR = 30


def manager_required(view: View) -> View:
    """Anonymous visitors go to the login page; people without the permission get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_manage_questionnaires(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _crumbs_public(*more: tuple[str | None, str]) -> list[tuple[str | None, str]]:
    return [(reverse("questionnaires:list"), _("Questionari")), *more] if more else [(None, _("Questionari"))]


def _crumbs_manage(*more: tuple[str | None, str]) -> list[tuple[str | None, str]]:
    if not more:
        return [(None, _("Gestione dei questionari"))]
    return [(reverse("questionnaires:manage"), _("Gestione dei questionari")), *more]


def _get_questionnaire(pk: int) -> Questionnaire:
    return get_object_or_404(Questionnaire.objects.select_related("process", "process__plan"), pk=pk)


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


# ---------------------------------------------------------------- public list


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (q, questionnaire_accepts_answers(q), can_view_results(request.user, q))
        for q in selectors.questionnaires_public().prefetch_related("process__phases")
    ]
    context = {
        "rows": rows,
        "can_manage": can_manage_questionnaires(request.user),
        "crumbs": _crumbs_public(),
    }
    return render(request, "questionnaires/public_list.html", context)


# ---------------------------------------------------------------- builder (plan office)


@require_GET
@manager_required
def manage_list(request: HttpRequest) -> HttpResponse:
    context = {"questionnaires": list(selectors.questionnaires_for_staff()), "crumbs": _crumbs_manage()}
    return render(request, "questionnaires/manage_list.html", context)


@require_http_methods(["GET", "POST"])
@manager_required
def manage_create(request: HttpRequest) -> HttpResponse:
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"opens_at": now, "closes_at": now + datetime.timedelta(days=30), "process": process_default()}
    form = QuestionnaireForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        questionnaire = services.questionnaire_create(process=data.pop("process"), fields=data)
        messages.success(request, _("Questionario creato: ora aggiungi le domande."))
        return redirect("questionnaires:builder", pk=questionnaire.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "crumbs": _crumbs_manage((None, _("Nuovo questionario")))}
    return render(request, "questionnaires/manage_create.html", context, status=status)


def _builder_context(request: HttpRequest, questionnaire: Questionnaire, **extra: Any) -> dict[str, Any]:
    questions = selectors.questionnaire_questions(questionnaire)
    responses = questionnaire.responses.count()
    return {
        "questionnaire": questionnaire,
        "questions": questions,
        "responses_count": responses,
        "locked": responses > 0,
        "settings_form": extra.pop("settings_form", None) or QuestionnaireForm(instance=questionnaire),
        "question_form": extra.pop("question_form", None) or QuestionForm(prefix="nuova"),
        "anonymous_url": request.build_absolute_uri(
            reverse("questionnaires:answer_anonymous", kwargs={"token": questionnaire.token})
        ),
        "public_url": request.build_absolute_uri(reverse("questionnaires:answer", kwargs={"pk": questionnaire.pk})),
        "builder_error": "",
        "crumbs": _crumbs_manage((None, questionnaire.title)),
        **extra,
    }


def _questions_response(
    request: HttpRequest, questionnaire: Questionnaire, *, status: int = 200, **extra: Any
) -> HttpResponse:
    """The questions section for htmx, else back to the builder page."""
    if _is_htmx(request):
        context = _builder_context(request, questionnaire, **extra)
        return render(request, "questionnaires/builder.html#questions", context, status=status)
    if extra.get("builder_error"):
        messages.error(request, extra["builder_error"])
    return redirect(reverse("questionnaires:builder", kwargs={"pk": questionnaire.pk}) + "#domande")


@require_http_methods(["GET", "POST"])
@manager_required
def builder(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    if request.method == "POST":
        form = QuestionnaireForm(request.POST, instance=questionnaire)
        if form.is_valid():
            try:
                services.questionnaire_update(questionnaire=questionnaire, fields=form.cleaned_data)
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("Impostazioni salvate."))
                return redirect("questionnaires:builder", pk=questionnaire.pk)
        questionnaire.refresh_from_db()
        context = _builder_context(request, questionnaire, settings_form=form)
        return render(request, "questionnaires/builder.html", context, status=400)
    return render(request, "questionnaires/builder.html", _builder_context(request, questionnaire))


def _question_fields(form: QuestionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "text": data["text"],
        "help_text": data.get("help_text", ""),
        "required": bool(data.get("required")),
        "choices": data.get("choice_labels", []),
    }


@require_POST
@manager_required
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    form = QuestionForm(request.POST, prefix="nuova")
    if not form.is_valid():
        if not _is_htmx(request):
            context = _builder_context(request, questionnaire, question_form=form)
            return render(request, "questionnaires/builder.html", context, status=400)
        return _questions_response(request, questionnaire, status=400, question_form=form)
    try:
        services.question_add(questionnaire=questionnaire, **_question_fields(form))
    except ValidationError as error:
        return _questions_response(request, questionnaire, status=409, builder_error=" ".join(error.messages))
    return _questions_response(request, questionnaire)


def _get_question(questionnaire: Questionnaire, question_id: int) -> Question:
    return get_object_or_404(Question.objects.prefetch_related("choices"), pk=question_id, questionnaire=questionnaire)


@require_http_methods(["GET", "POST"])
@manager_required
def question_edit(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    question = _get_question(questionnaire, question_id)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, **_question_fields(form))
        except ValidationError as failure:
            error = " ".join(failure.messages)
        else:
            messages.success(request, _("Domanda aggiornata."))
            return redirect(reverse("questionnaires:builder", kwargs={"pk": questionnaire.pk}) + "#domande")
    context = {
        "questionnaire": questionnaire,
        "question": question,
        "form": form,
        "error": error,
        "crumbs": _crumbs_manage(
            (reverse("questionnaires:builder", kwargs={"pk": questionnaire.pk}), questionnaire.title),
            (None, _("Modifica la domanda")),
        ),
    }
    return render(
        request, "questionnaires/question_edit.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
@manager_required
def question_delete(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    question = _get_question(questionnaire, question_id)
    try:
        services.question_delete(question=question)
    except ValidationError as error:
        return _questions_response(request, questionnaire, status=409, builder_error=" ".join(error.messages))
    return _questions_response(request, questionnaire)


@require_POST
@manager_required
def question_move(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    question = _get_question(questionnaire, question_id)
    offset = -1 if request.POST.get("direzione") == "su" else 1
    services.question_move(question=question, offset=offset)
    return _questions_response(request, questionnaire)


# ---------------------------------------------------------------- answering


def _closed_message(questionnaire: Questionnaire) -> str:
    state = questionnaire.state()
    if state == QuestionnaireState.CLOSED:
        return _("Il questionario è chiuso: non accetta più risposte.")
    if state == QuestionnaireState.SCHEDULED:
        return _("Il questionario non è ancora aperto: apre il %(when)s.") % {
            "when": timezone.localtime(questionnaire.opens_at).strftime("%d/%m/%Y %H:%M")
        }
    if state == QuestionnaireState.DRAFT:
        return _("Anteprima di una bozza: il questionario non accetta ancora risposte.")
    if not can_answer_questionnaires(questionnaire.process):
        return _("In questa fase del processo il questionario non accetta risposte.")
    return ""


def _strategies(questionnaire: Questionnaire, questions: list[Question]) -> Any:
    if not any(q.kind == QuestionKind.STRATEGIES for q in questions) or questionnaire.process.plan_id is None:
        return None
    return Strategy.objects.filter(axis__plan_id=questionnaire.process.plan_id).order_by("axis__number", "code")


def _answer_page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    *,
    respondent: services.Respondent | None,
    thanks_url: str,
    link_problem: str = "",
) -> HttpResponse:
    """The answering page and its POST, for both modes (``respondent`` None: the e-mail link form instead)."""
    questions = selectors.questionnaire_questions(questionnaire)
    closed = _closed_message(questionnaire)
    already = bool(
        respondent is not None
        and respondent.key
        and questionnaire.responses.filter(respondent_key=respondent.key).exists()
    )
    status = 200
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        strategies=_strategies(questionnaire, questions),
        initial={"firma": request.GET.get("firma", "")[:1000]},
    )
    if request.method == "POST":
        if closed or respondent is None:
            status = 403
        elif already:
            status = 409
        elif questionnaire.mode == QuestionnaireMode.ANONYMOUS and services.rate_limit_hit(
            f"answers:{questionnaire.pk}", _client_ip(request), limit=ANONYMOUS_ANSWERS_PER_IP_PER_HOUR
        ):
            status = 429
            closed = _("Troppe risposte da questa rete in poco tempo: riprova tra un'ora.")
        elif form.is_valid():
            try:
                services.response_submit(
                    questionnaire=questionnaire,
                    answers=form.answers(),
                    respondent=respondent,
                    idempotency_key=form.cleaned_data.get("idempotency_key") or uuid.uuid4(),
                )
            except services.QuestionnaireClosedError:
                status, closed = 403, _closed_message(questionnaire) or _("Il questionario non accetta risposte.")
            except services.AlreadyAnsweredError:
                status, already = 409, True
            except ValidationError as error:
                status = 400
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                return redirect(thanks_url)
        else:
            status = 400
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "closed_message": closed,
        # The plan office previews a draft's questions; a closed questionnaire shows only its message.
        "preview": questionnaire.state() == QuestionnaireState.DRAFT,
        "already": already,
        "respondent": respondent,
        "link_form": EmailLinkForm() if respondent is None and not closed else None,
        "link_problem": link_problem,
        "error_count": len(form.errors) if request.method == "POST" and status == 400 else 0,
        "crumbs": _crumbs_public((None, questionnaire.title)),
    }
    return render(request, "questionnaires/answer.html", context, status=status)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    if questionnaire.mode == QuestionnaireMode.ANONYMOUS or not can_view_questionnaire(request.user, questionnaire):
        raise Http404
    respondent: services.Respondent | None = None
    link_problem = ""
    if request.user.is_authenticated:
        respondent = services.respondent_for_user(request.user)
    else:
        token = (request.POST.get("firma") if request.method == "POST" else request.GET.get("firma")) or ""
        if token:
            email = services.answer_link_email(questionnaire=questionnaire, token=token)
            if email:
                respondent = services.respondent_for_email(email)
            else:
                link_problem = _("Il link non è valido o è scaduto: chiedine uno nuovo qui sotto.")
    thanks = reverse("questionnaires:thanks", kwargs={"pk": questionnaire.pk})
    return _answer_page(request, questionnaire, respondent=respondent, thanks_url=thanks, link_problem=link_problem)


@require_http_methods(["GET", "POST"])
def answer_anonymous(request: HttpRequest, token: str) -> HttpResponse:
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("process", "process__plan"), token=token, mode=QuestionnaireMode.ANONYMOUS
    )
    if not can_view_questionnaire(request.user, questionnaire):
        raise Http404
    thanks = reverse("questionnaires:thanks_anonymous", kwargs={"token": token})
    return _answer_page(request, questionnaire, respondent=services.ANONYMOUS, thanks_url=thanks)


@require_POST
def link_request(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    if questionnaire.mode == QuestionnaireMode.ANONYMOUS or not can_view_questionnaire(request.user, questionnaire):
        raise Http404
    form = EmailLinkForm(request.POST)
    status = 400
    sent_to = ""
    closed = _closed_message(questionnaire)
    if closed:
        status = 403
    elif form.is_valid():
        email = form.cleaned_data["email"].lower()
        too_many = services.rate_limit_hit("link-ip", _client_ip(request), limit=LINKS_PER_IP_PER_HOUR) or (
            services.rate_limit_hit("link-email", email, limit=LINKS_PER_EMAIL_PER_HOUR)
        )
        if too_many:
            status = 429
            form.add_error(
                "email", _("Troppe richieste di link per questo indirizzo o da questa rete: riprova tra un'ora.")
            )
        else:
            base = request.build_absolute_uri(reverse("questionnaires:answer", kwargs={"pk": questionnaire.pk}))
            services.answer_link_send(
                questionnaire=questionnaire, email=email, build_url=lambda token: f"{base}?firma={token}"
            )
            status, sent_to = 200, email
    context = {
        "questionnaire": questionnaire,
        "link_form": form,
        "sent_to": sent_to,
        "closed_message": closed,
        "crumbs": _crumbs_public((None, questionnaire.title)),
    }
    return render(request, "questionnaires/link_sent.html", context, status=status)


def _thanks(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse:
    context = {
        "questionnaire": questionnaire,
        "can_see_results": can_view_results(request.user, questionnaire),
        "crumbs": _crumbs_public((None, questionnaire.title)),
    }
    return render(request, "questionnaires/thanks.html", context)


@require_GET
def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    if questionnaire.mode == QuestionnaireMode.ANONYMOUS:
        raise Http404
    return _thanks(request, questionnaire)


@require_GET
def thanks_anonymous(request: HttpRequest, token: str) -> HttpResponse:
    questionnaire = get_object_or_404(Questionnaire.objects.select_related("process"), token=token)
    return _thanks(request, questionnaire)


# ---------------------------------------------------------------- results and export


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    if not can_view_results(request.user, questionnaire):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    responses, question_results = selectors.questionnaire_results(questionnaire)
    context = {
        "questionnaire": questionnaire,
        "responses_count": responses,
        "results": question_results,
        "can_manage": can_manage_questionnaires(request.user),
        "crumbs": _crumbs_public((None, _("Risultati: %(title)s") % {"title": questionnaire.title})),
    }
    return render(request, "questionnaires/results.html", context)


def _export_table(request: HttpRequest, questionnaire: Questionnaire) -> tuple[list[str], list[list[Any]]]:
    """Header and one row per response, one column per question (e-mail only for who may see personal data)."""
    questions = selectors.questionnaire_questions(questionnaire)
    personal = can_view_personal_data(request.user) and questionnaire.mode == QuestionnaireMode.PER_PERSON
    header = ["risposta", "inviata_il"] + (["email"] if personal else [])
    header += [f"D{position} {q.text}" for position, q in enumerate(questions, start=1)]
    rows = []
    for response in selectors.responses_for_export(questionnaire):
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        row: list[Any] = [response.pk, timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M")]
        if personal:
            row.append(response.email or (response.user.email if response.user else ""))
        row += [selectors.answer_cell(q, by_question.get(q.pk)) for q in questions]
        rows.append(row)
    return header, rows


@require_GET
@manager_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    header, rows = _export_table(request, questionnaire)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="questionario-{questionnaire.pk}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 accents right only with a BOM
    writer = csv.writer(response)
    writer.writerow([formula_safe(cell) for cell in header])
    for row in rows:
        writer.writerow(["" if cell is None else formula_safe(cell) for cell in row])
    return response


@require_GET
@manager_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    questionnaire = _get_questionnaire(pk)
    header, rows = _export_table(request, questionnaire)

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            return formula_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
        return value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Risposte")[:31])
    sheet.append([cell(value) for value in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="questionario-{questionnaire.pk}.xlsx"'
    return response


__all__ = ["field_name"]
