from __future__ import annotations

from django.urls import path, register_converter

from trama.questionnaires import views


class TokenConverter:
    """The secret part of an anonymous link; anything else is a 404."""

    regex = "[-_A-Za-z0-9]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "qtoken")

app_name = "questionnaires"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("gestione/", views.manage_list, name="manage"),
    path("gestione/nuovo/", views.manage_create, name="create"),
    path("gestione/<int:pk>/", views.builder, name="builder"),
    path("gestione/<int:pk>/domande/aggiungi/", views.question_add, name="question_add"),
    path("gestione/<int:pk>/domande/<int:question_id>/", views.question_edit, name="question_edit"),
    path("gestione/<int:pk>/domande/<int:question_id>/elimina/", views.question_delete, name="question_delete"),
    path("gestione/<int:pk>/domande/<int:question_id>/sposta/", views.question_move, name="question_move"),
    path("gestione/<int:pk>/risposte.csv", views.export_csv, name="export_csv"),
    path("gestione/<int:pk>/risposte.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/", views.answer, name="answer"),
    path("<int:pk>/link/", views.link_request, name="link_request"),
    path("<int:pk>/grazie/", views.thanks, name="thanks"),
    path("<int:pk>/risultati/", views.results, name="results"),
    path("a/<qtoken:token>/", views.answer_anonymous, name="answer_anonymous"),
    path("a/<qtoken:token>/grazie/", views.thanks_anonymous, name="thanks_anonymous"),
]
