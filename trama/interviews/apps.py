from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "trama.interviews"
    label = "interviews"
    verbose_name = _("Interviste")

    def ready(self) -> None:
        from trama.actors.registry import PersonalDataSource, register_source
        from trama.interviews import personal_data

        register_source(
            PersonalDataSource(
                key="interview",
                label=_("Interviste"),
                participations=personal_data.participations,
                export=personal_data.export,
                erase=personal_data.erase,
            )
        )
