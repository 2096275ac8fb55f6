from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "trama.api"
    label = "api"
