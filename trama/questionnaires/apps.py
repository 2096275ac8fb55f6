from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "trama.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionari")

    def ready(self) -> None:
        from trama.actors.registry import PersonalDataSource, register_source
        from trama.questionnaires import personal_data

        register_source(
            PersonalDataSource(
                key="questionnaire",
                label=_("Risposte ai questionari"),
                participations=personal_data.participations,
                export=personal_data.export,
                erase=personal_data.erase,
            )
        )
