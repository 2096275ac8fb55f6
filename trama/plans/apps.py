from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "trama.plans"
    label = "plans"
