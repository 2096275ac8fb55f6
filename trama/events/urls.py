from django.urls import URLPattern, path

from trama.events import views

app_name = "events"
urlpatterns: list[URLPattern] = [
    path("", views.event_list, name="list"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/iscrizione/", views.event_register, name="register"),
    path("iscrizione/<str:token>/", views.registration_done, name="registration_done"),
    path("iscrizione/<str:token>/annulla/", views.registration_cancel, name="registration_cancel"),
    path("<int:event_id>/report.pdf", views.event_report, name="report"),
    path("<int:event_id>/iscrizioni/", views.registrations, name="registrations"),
    path(
        "<int:event_id>/iscrizioni/<int:registration_id>/presenza/",
        views.registration_check_in,
        name="registration_check_in",
    ),
    path("<int:event_id>/chiusura/", views.event_closeout, name="closeout"),
    path("<int:event_id>/domande/", views.questions, name="questions"),
    path("<int:event_id>/domande/<int:question_id>/voto/", views.question_vote, name="question_vote"),
    path("<int:event_id>/domande/stato.json", views.questions_state, name="questions_state"),
    path("<int:event_id>/domande/schermo/", views.questions_screen, name="questions_screen"),
    path("<int:event_id>/domande/qr.svg", views.questions_qr, name="questions_qr"),
    path("<int:event_id>/domande/moderazione/", views.questions_moderate, name="questions_moderate"),
    path("<int:event_id>/domande/<int:question_id>/modera/", views.question_moderate, name="question_moderate"),
    path("<int:event_id>/domande/apertura/", views.questions_toggle, name="questions_toggle"),
]
