from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "trama.actors"
    label = "actors"
    verbose_name = _("Attori")

    def ready(self) -> None:
        from trama.actors import personal_data
        from trama.actors.registry import PersonalDataSource, register_source

        register_source(
            PersonalDataSource(
                key=personal_data.KIND,
                label=_("Registro degli attori (persone e ruoli)"),
                participations=personal_data.participations,
                export=personal_data.export,
                erase=personal_data.erase,
            )
        )
