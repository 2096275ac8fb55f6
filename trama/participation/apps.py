from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "trama.participation"
    label = "participation"
    verbose_name = _("Contributi")

    def ready(self) -> None:
        from trama.actors.registry import PersonalDataSource, register_source
        from trama.participation import personal_data

        register_source(
            PersonalDataSource(
                key="contribution",
                label=_("Contributi inviati con il modulo online"),
                participations=personal_data.participations,
                export=personal_data.export,
                erase=personal_data.erase,
            )
        )
