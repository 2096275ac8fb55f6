from __future__ import annotations

from django.urls import URLPattern, path

from trama.participation import views

app_name = "participation"
urlpatterns: list[URLPattern] = [
    path("", views.contribution_list, name="list"),
    path("invia/", views.submit, name="submit"),
    path("inviato/", views.thanks, name="thanks"),
    path("ricevuta/", views.receipt, name="receipt"),
    path("<int:pk>/", views.contribution_detail, name="detail"),
    path("moderazione/", views.moderation, name="moderation"),
    path("moderazione/<int:pk>/approva/", views.moderate_approve, name="approve"),
    path("moderazione/<int:pk>/rifiuta/", views.moderate_reject, name="reject"),
    path("moderazione/<int:pk>/spam/", views.moderate_spam, name="spam"),
    path("moderazione/<int:pk>/testo/", views.moderate_excerpt, name="excerpt"),
    path("moderazione/<int:pk>/strategie/", views.moderate_strategies, name="strategies"),
    path("allegati/<int:pk>/", views.attachment_download, name="attachment"),
]
