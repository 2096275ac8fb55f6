from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("trama.api.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("trama.accounts.urls")),
    path("territorio/", include("trama.territory.urls")),
    path("analisi/", include("trama.analysis.urls")),
    path("processo/", include("trama.process.urls")),
    path("attori/", include("trama.actors.urls")),
    path("privacy/", include("trama.actors.privacy_urls")),
    path("contributi/", include("trama.participation.urls")),
    path("incontri/", include("trama.events.urls")),
    path("interviste/", include("trama.interviews.urls")),
    path("questionari/", include("trama.questionnaires.urls")),
    path("live/", include("trama.live.urls")),
    path("voti/", include("trama.votes.urls")),
    path("report/", include("trama.reports.urls")),
    path("", include("trama.plans.urls")),
    path("", include("trama.core.urls")),
    prefix_default_language=False,
)

admin.site.site_header = "Trama – Ufficio di Piano"
admin.site.site_title = "Trama"
admin.site.index_title = "Amministrazione del piano"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
