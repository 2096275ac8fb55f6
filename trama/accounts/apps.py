from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trama.accounts"
    label = "accounts"
