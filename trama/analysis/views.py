"""Staff pages of the thematic analysis: corpora, the review board (texts, links, duplicates, themes), similar texts.

Every view asks `can_review_analysis`. Actions are POSTs: with htmx they answer
with the updated fragment (a text row, the themes section), without it they
redirect back (post/redirect/get) with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trama.accounts.permissions import can_review_analysis
from trama.analysis import selectors, services
from trama.analysis.forms import (
    BODY_MAX_LENGTH,
    SIMILAR_MIN_LENGTH,
    CorpusStartForm,
    DuplicateMergeForm,
    LinkStateFilterForm,
    StrategyChoiceForm,
    TextAddForm,
    ThemeRenameForm,
    ThemesMergeForm,
)
from trama.analysis.models import LinkState, StrategyLink, TextUnit, Theme
from trama.analysis.services import SimilarText
from trama.plans.models import Strategy

TEXTS_PER_PAGE = 20
BOARD = "analysis/board.html"

View = Callable[..., HttpResponse]


def review_required(view: View) -> View:
    """Anonymous visitors go to the login page; people without the permission get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_review_analysis(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _board_url(corpus: str, anchor: str = "") -> str:
    url = reverse("analysis:board", kwargs={"corpus": corpus})
    return f"{url}#{anchor}" if anchor else url


def _next_url(request: HttpRequest, corpus: str, default: str) -> str:
    """Where a non-htmx action goes back to: the board page the person was on (only this corpus's pages)."""
    candidate = request.POST.get("next", "")
    board = _board_url(corpus)
    if (
        candidate.startswith(board)
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
        and not any(c in candidate for c in ("\n", "\\", ".."))
    ):
        return candidate
    return default


def _crumbs(*more: tuple[str | None, str]) -> list[tuple[str | None, str]]:
    if not more:
        return [(None, _("Analisi tematica"))]
    return [(reverse("analysis:index"), _("Analisi tematica")), *more]


# ---------------------------------------------------------------- index


@require_http_methods(["GET", "POST"])
@review_required
def index(request: HttpRequest) -> HttpResponse:
    form = CorpusStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.text_submit(
            corpus=data["corpus"],
            body=data["body"],
            kind=data["kind"],
            author_label=data["author_label"],
            client_key=data["client_key"],
        )
        messages.success(request, _("Corpus «%(corpus)s» avviato con il primo testo.") % {"corpus": data["corpus"]})
        return redirect("analysis:board", corpus=data["corpus"])
    context = {"corpora": selectors.corpora_with_counts(), "form": form, "crumbs": _crumbs()}
    return render(request, "analysis/index.html", context)


# ---------------------------------------------------------------- board


@dataclass
class TextRow:
    """One text on the board, with what the row shows besides the text itself."""

    text: TextUnit
    candidates: list[SimilarText] = field(default_factory=list)
    notice: str = ""
    error: str = ""
    strategy_errors: list[str] = field(default_factory=list)
    chosen_strategy: str = ""


@dataclass
class ThemeCard:
    theme: Theme
    strategies: list[tuple[str, str, int]]
    rename_form: ThemeRenameForm


def _text_rows(texts: list[TextUnit]) -> list[TextRow]:
    candidates = selectors.duplicate_candidates(texts)
    return [TextRow(text=t, candidates=candidates.get(t.pk, [])) for t in texts]


def _theme_cards(
    corpus: str, strategies: list[Strategy], failed: tuple[int, ThemeRenameForm] | None = None
) -> list[ThemeCard]:
    themes = selectors.corpus_themes(corpus)
    touched = services.theme_strategies(themes) if themes else {}
    titles = {s.code: s.title for s in strategies}
    cards = []
    for theme in themes:
        form = failed[1] if failed and failed[0] == theme.pk else None
        cards.append(
            ThemeCard(
                theme=theme,
                strategies=[(code, titles.get(code, ""), n) for code, n in touched.get(theme.pk, [])],
                rename_form=form or ThemeRenameForm(initial={"label": theme.label}, prefix=f"tema-{theme.pk}"),
            )
        )
    return cards


def _themes_context(corpus: str, *, strategies: list[Strategy] | None = None, **extra: Any) -> dict[str, Any]:
    strategies = strategies if strategies is not None else list(selectors.plan_strategies())
    failed = extra.pop("failed_rename", None)
    return {
        "corpus": corpus,
        "themes": _theme_cards(corpus, strategies, failed),
        "merge_errors": [],
        "themes_notice": "",
        "themes_error": "",
        **extra,
    }


def _board_context(request: HttpRequest, corpus: str, *, add_form: TextAddForm, **themes_extra: Any) -> dict[str, Any]:
    filter_form = LinkStateFilterForm(request.GET)
    state = filter_form.state()
    page = Paginator(selectors.corpus_texts(corpus, state=state), TEXTS_PER_PAGE).get_page(request.GET.get("pagina"))
    strategies = list(selectors.plan_strategies())
    counts = selectors.corpus_state_counts(corpus)
    return {
        "corpus": corpus,
        "add_form": add_form,
        "filter_form": filter_form,
        "state": state,
        "state_counts": [(value, label, counts.get(value, 0)) for value, label in LinkState.choices],
        "total": sum(counts.values()),
        "page": page,
        "rows": _text_rows(list(page.object_list)),
        "strategies": strategies,
        "min_length": SIMILAR_MIN_LENGTH,
        "next_url": request.get_full_path(),
        "crumbs": _crumbs((None, corpus)),
        **_themes_context(corpus, strategies=strategies, **themes_extra),
    }


@require_http_methods(["GET", "POST"])
@review_required
def board(request: HttpRequest, corpus: str) -> HttpResponse:
    similar_url = reverse("analysis:similar", kwargs={"corpus": corpus})
    add_form = TextAddForm(request.POST or None, similar_url=similar_url)
    if request.method == "POST" and add_form.is_valid():
        data = add_form.cleaned_data
        text = services.text_submit(
            corpus=corpus,
            body=data["body"],
            kind=data["kind"],
            author_label=data["author_label"],
            client_key=data["client_key"],
        )
        messages.success(request, _("Testo #%(n)d aggiunto: l'analisi è in corso.") % {"n": text.pk})
        return redirect(_board_url(corpus, "aggiungi"))
    return render(request, BOARD, _board_context(request, corpus, add_form=add_form))


@require_GET
@review_required
def similar(request: HttpRequest, corpus: str) -> HttpResponse:
    body = request.GET.get("body", "").strip()[:BODY_MAX_LENGTH]
    results = services.similar_texts(corpus=corpus, body=body) if len(body) >= SIMILAR_MIN_LENGTH else []
    context = {
        "corpus": corpus,
        "body": body,
        "searched": len(body) >= SIMILAR_MIN_LENGTH,
        "results": results,
        "min_length": SIMILAR_MIN_LENGTH,
        "crumbs": _crumbs((_board_url(corpus), corpus), (None, _("Contributi simili"))),
    }
    template = "analysis/similar.html#results" if _is_htmx(request) else "analysis/similar.html"
    return render(request, template, context)


# ---------------------------------------------------------------- one text and its actions


def _row_context(request: HttpRequest, corpus: str, text_id: int, **row_extra: Any) -> dict[str, Any]:
    text = selectors.get_text_with_links_or_404(corpus, text_id)
    row = _text_rows([text])[0]
    for key, value in row_extra.items():
        setattr(row, key, value)
    return {
        "corpus": corpus,
        "row": row,
        "strategies": list(selectors.plan_strategies()),
        "next_url": _next_url(request, corpus, reverse("analysis:text", kwargs={"corpus": corpus, "text_id": text_id})),
        "crumbs": _crumbs((_board_url(corpus), corpus), (None, _("Testo #%(n)d") % {"n": text_id})),
    }


def _text_response(
    request: HttpRequest, corpus: str, text_id: int, *, status: int = 200, **row_extra: Any
) -> HttpResponse:
    """The text's row: the fragment for htmx, else the text's own page (used for errors without htmx)."""
    context = _row_context(request, corpus, text_id, **row_extra)
    if _is_htmx(request):
        return render(request, "analysis/text.html#text_row", context)
    return render(request, "analysis/text.html", context, status=status)


def _text_done(request: HttpRequest, corpus: str, text_id: int, notice: str, **row_extra: Any) -> HttpResponse:
    if _is_htmx(request):
        return _text_response(request, corpus, text_id, notice=notice, **row_extra)
    messages.success(request, notice)
    return HttpResponseRedirect(f"{_next_url(request, corpus, _board_url(corpus))}#testo-{text_id}")


@require_GET
@review_required
def text_detail(request: HttpRequest, corpus: str, text_id: int) -> HttpResponse:
    return _text_response(request, corpus, text_id)


@require_POST
@review_required
def link_confirm(request: HttpRequest, corpus: str, text_id: int, link_id: int) -> HttpResponse:
    text = selectors.get_text_in_corpus_or_404(corpus, text_id)
    link = get_object_or_404(StrategyLink.objects.select_related("strategy"), pk=link_id, text=text)
    services.link_confirm(text=text, strategy=link.strategy, by=request.user)
    return _text_done(
        request, corpus, text.pk, _("Collegamento alla strategia %(code)s confermato.") % {"code": link.strategy.code}
    )


@require_POST
@review_required
def link_reject(request: HttpRequest, corpus: str, text_id: int, link_id: int) -> HttpResponse:
    text = selectors.get_text_in_corpus_or_404(corpus, text_id)
    link = get_object_or_404(StrategyLink.objects.select_related("strategy", "text"), pk=link_id, text=text)
    services.link_reject(link=link, by=request.user)
    return _text_done(request, corpus, text.pk, _("Suggerimento %(code)s scartato.") % {"code": link.strategy.code})


@require_POST
@review_required
def link_choose(request: HttpRequest, corpus: str, text_id: int) -> HttpResponse:
    text = selectors.get_text_in_corpus_or_404(corpus, text_id)
    form = StrategyChoiceForm(request.POST, strategies=selectors.plan_strategies())
    if not form.is_valid():
        return _text_response(
            request,
            corpus,
            text.pk,
            status=400,
            strategy_errors=list(form.errors.get("strategy", [])),
            chosen_strategy=request.POST.get("strategy", ""),
        )
    strategy: Strategy = form.cleaned_data["strategy"]
    services.link_confirm(text=text, strategy=strategy, by=request.user)
    return _text_done(request, corpus, text.pk, _("Testo collegato alla strategia %(code)s.") % {"code": strategy.code})


@require_POST
@review_required
def text_no_strategy(request: HttpRequest, corpus: str, text_id: int) -> HttpResponse:
    text = selectors.get_text_in_corpus_or_404(corpus, text_id)
    services.text_mark_no_strategy(text=text, by=request.user)
    return _text_done(request, corpus, text.pk, _("Segnato come «nessuna strategia (altro)»."))


@require_POST
@review_required
def duplicate_merge(request: HttpRequest, corpus: str, text_id: int) -> HttpResponse:
    """Mark a candidate as a duplicate of this text; both texts are kept."""
    original = selectors.get_text_in_corpus_or_404(corpus, text_id)
    form = DuplicateMergeForm(request.POST)
    if not form.is_valid():
        return _text_response(request, corpus, original.pk, status=400, error=_("Scegli il testo da unire."))
    duplicate = selectors.get_text_in_corpus_or_404(corpus, form.cleaned_data["duplicate"])
    try:
        services.duplicate_merge(original=original, duplicate=duplicate, by=request.user)
    except ValueError:
        return _text_response(
            request, corpus, original.pk, status=400, error=_("Un testo non può essere il duplicato di sé stesso.")
        )
    notice = _("Il testo #%(dup)d è ora segnato come duplicato di #%(orig)d; entrambi restano conservati.") % {
        "dup": duplicate.pk,
        "orig": duplicate.duplicate_of_id or original.pk,
    }
    if _is_htmx(request):
        # The duplicate's own row changes too: it travels out of band, after the original's row.
        row = "analysis/text.html#text_row"
        html = render_to_string(row, _row_context(request, corpus, original.pk, notice=notice), request)
        oob = {**_row_context(request, corpus, duplicate.pk), "oob": True}
        return HttpResponse(html + render_to_string(row, oob, request))
    messages.success(request, notice)
    return HttpResponseRedirect(f"{_next_url(request, corpus, _board_url(corpus))}#testo-{original.pk}")


# ---------------------------------------------------------------- themes


def _themes_response(request: HttpRequest, corpus: str, *, status: int = 200, **extra: Any) -> HttpResponse:
    """After a theme action: the themes section for htmx; without htmx, the board (errors) or a redirect."""
    if _is_htmx(request):
        return render(request, f"{BOARD}#themes", _themes_context(corpus, **extra))
    if status == 200:
        if extra.get("themes_notice"):
            messages.success(request, extra["themes_notice"])
        if extra.get("themes_error"):
            messages.error(request, extra["themes_error"])
        return redirect(_board_url(corpus, "temi"))
    add_form = TextAddForm(similar_url=reverse("analysis:similar", kwargs={"corpus": corpus}))
    return render(request, BOARD, _board_context(request, corpus, add_form=add_form, **extra), status=status)


@require_POST
@review_required
def theme_rename(request: HttpRequest, corpus: str, theme_id: int) -> HttpResponse:
    theme = selectors.get_theme_in_corpus_or_404(corpus, theme_id)
    form = ThemeRenameForm(request.POST, prefix=f"tema-{theme.pk}")
    if not form.is_valid():
        return _themes_response(request, corpus, status=400, failed_rename=(theme.pk, form))
    old = theme.label
    services.theme_rename(theme=theme, label=form.cleaned_data["label"], by=request.user)
    notice = _("Tema «%(old)s» rinominato in «%(new)s».") % {"old": old, "new": theme.label}
    return _themes_response(request, corpus, themes_notice=notice)


@require_POST
@review_required
def theme_split(request: HttpRequest, corpus: str, theme_id: int) -> HttpResponse:
    theme = selectors.get_theme_in_corpus_or_404(corpus, theme_id)
    try:
        new = services.theme_split(theme=theme, by=request.user)
    except ValueError:
        error = _("Il tema «%(label)s» ha meno di due testi: non si può dividere.") % {"label": theme.label}
        return _themes_response(request, corpus, themes_error=error)
    notice = _("Tema «%(label)s» diviso: una parte dei testi è ora nel tema «%(new)s».") % {
        "label": theme.label,
        "new": new.label,
    }
    return _themes_response(request, corpus, themes_notice=notice)


@require_POST
@review_required
def themes_merge(request: HttpRequest, corpus: str) -> HttpResponse:
    form = ThemesMergeForm(request.POST)
    if not form.is_valid():
        return _themes_response(request, corpus, status=400, merge_errors=list(form.errors.get("themes", [])))
    ids: list[int] = form.cleaned_data["themes"]
    found = {t.pk: t for t in Theme.objects.filter(pk__in=ids, corpus=corpus, merged_into__isnull=True)}
    if len(found) != len(ids):
        raise Http404(_("Uno dei temi non è in questo corpus."))
    target, *others = (found[pk] for pk in ids)
    services.themes_merge(target=target, others=others, by=request.user)
    notice = _("%(n)d temi uniti in «%(label)s».") % {"n": len(ids), "label": target.label}
    return _themes_response(request, corpus, themes_notice=notice)


@require_POST
@review_required
def themes_recluster(request: HttpRequest, corpus: str) -> HttpResponse:
    # Synchronous for now: a corpus of a few thousand texts re-clusters in about a second.
    summary = services.themes_recluster(corpus=corpus)
    if summary.themes == 0:
        error = _("Servono almeno due testi già analizzati per calcolare i temi.")
        return _themes_response(request, corpus, themes_error=error)
    notice = _(
        "Temi ricalcolati su %(texts)d testi: %(themes)d temi (%(kept)d mantenuti, %(created)d nuovi, "
        "%(removed)d rimossi)."
    ) % {
        "texts": summary.texts,
        "themes": summary.themes,
        "kept": summary.kept,
        "created": summary.created,
        "removed": summary.removed,
    }
    return _themes_response(request, corpus, themes_notice=notice)
