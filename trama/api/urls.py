from django.urls import path

from trama.api.api import api

urlpatterns = [path("", api.urls)]
