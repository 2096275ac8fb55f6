from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "trama.actors"
    label = "actors"
