from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "trama.live"
    label = "live"
    verbose_name = _("Co-pianificazione dal vivo")
