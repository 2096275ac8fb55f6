from django.urls import path, register_converter

from trama.analysis import views


class CorpusConverter:
    """A slug as long as `TextUnit.corpus` can store: a longer one is a 404, never a failed save."""

    regex = "[-a-zA-Z0-9_]{1,60}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CorpusConverter, "corpus")

app_name = "analysis"
urlpatterns = [
    path("", views.index, name="index"),
    path("<corpus:corpus>/", views.board, name="board"),
    path("<corpus:corpus>/simili/", views.similar, name="similar"),
    path("<corpus:corpus>/testi/<int:text_id>/", views.text_detail, name="text"),
    path(
        "<corpus:corpus>/testi/<int:text_id>/collegamenti/<int:link_id>/conferma/",
        views.link_confirm,
        name="link_confirm",
    ),
    path(
        "<corpus:corpus>/testi/<int:text_id>/collegamenti/<int:link_id>/scarta/", views.link_reject, name="link_reject"
    ),
    path("<corpus:corpus>/testi/<int:text_id>/collega/", views.link_choose, name="link_choose"),
    path("<corpus:corpus>/testi/<int:text_id>/altro/", views.text_no_strategy, name="text_no_strategy"),
    path("<corpus:corpus>/testi/<int:text_id>/duplicato/", views.duplicate_merge, name="duplicate_merge"),
    path("<corpus:corpus>/temi/ricalcola/", views.themes_recluster, name="themes_recluster"),
    path("<corpus:corpus>/temi/unisci/", views.themes_merge, name="themes_merge"),
    path("<corpus:corpus>/temi/<int:theme_id>/rinomina/", views.theme_rename, name="theme_rename"),
    path("<corpus:corpus>/temi/<int:theme_id>/dividi/", views.theme_split, name="theme_split"),
]
