from __future__ import annotations

from django.urls import path

from trama.interviews import views

app_name = "interviews"
urlpatterns = [
    path("", views.interview_list, name="list"),
    path("nuova/", views.interview_create, name="create"),
    path("<int:pk>/", views.interview_detail, name="detail"),
    path("<int:pk>/modifica/", views.interview_edit, name="edit"),
    path("azioni/", views.action_options, name="action_options"),
    path("riepilogo/", views.summary, name="summary"),
    path("giudizi.csv", views.judgements_export, name="export"),
]
