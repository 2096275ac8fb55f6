from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "trama.events"
    label = "events"
    verbose_name = _("Incontri")

    def ready(self) -> None:
        from trama.actors.registry import PersonalDataSource, register_source
        from trama.events import selectors, services

        register_source(
            PersonalDataSource(
                key="event_registration",
                label=_("Iscrizioni agli incontri"),
                participations=selectors.registration_participations,
                export=selectors.registration_export,
                erase=services.registration_erase,
            )
        )
