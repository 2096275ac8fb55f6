"""The privacy notice, mounted at /privacy/ (trama/urls.py)."""

from django.urls import path

from trama.actors import views

app_name = "privacy"
urlpatterns = [path("", views.privacy_notice, name="notice")]
