from django.urls import path

from trama.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("salute/", views.health, name="health"),
    path("lavoro/", views.workspace, name="workspace"),
]
