"""The «Area di lavoro»: the staff tools a person may open, each behind the app's own named permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trama.accounts.permissions import can_manage_plan, can_review_analysis
from trama.events.permissions import can_manage_events, can_moderate_questions
from trama.interviews.permissions import can_view_interviews
from trama.live.permissions import can_set_up_event
from trama.participation.permissions import can_moderate_contributions
from trama.questionnaires.permissions import can_manage_questionnaires


@dataclass(frozen=True)
class Tool:
    title: str | Promise
    description: str | Promise
    url: str


def workspace_tools(user: Any) -> list[Tool]:
    if not getattr(user, "is_authenticated", False):
        return []
    tools: list[Tool] = []
    if can_moderate_contributions(user):
        tools.append(
            Tool(
                _("Moderazione dei contributi"),
                _("Approvare, respingere, collegare alle strategie i contributi del modulo online."),
                reverse("participation:moderation"),
            )
        )
    if can_manage_events(user) or can_moderate_questions(user):
        tools.append(
            Tool(
                _("Incontri e domande"),
                _("Iscrizioni, presenze, verbali; moderazione delle domande dalla sala e da remoto."),
                reverse("events:list"),
            )
        )
    if can_view_interviews(user):
        tools.append(
            Tool(
                _("Interviste"),
                _("Interviste della fase preliminare e giudizi di allineamento sul PSM 2021-2023."),
                reverse("interviews:list"),
            )
        )
    if can_manage_questionnaires(user):
        tools.append(
            Tool(
                _("Questionari"),
                _("Costruire questionari, raccogliere ed esportare le risposte."),
                reverse("questionnaires:manage"),
            )
        )
    if can_set_up_event(user) or getattr(user, "role", "") in {"regia", "facilitator"}:
        tools.append(
            Tool(
                _("Co-pianificazione dal vivo"),
                _("Sedi, tavoli, regia, temi, voti di priorità e report istantaneo."),
                reverse("live:events"),
            )
        )
    if can_review_analysis(user):
        tools.append(
            Tool(
                _("Analisi tematica"),
                _("Strategie suggerite, quasi-doppioni e temi dei testi raccolti."),
                reverse("analysis:index"),
            )
        )
    if can_manage_plan(user):
        tools.append(
            Tool(
                _("Amministrazione"),
                _("Piano, territorio, processo, attori: modifica, importazione ed esportazione."),
                reverse("admin:index"),
            )
        )
    return tools
