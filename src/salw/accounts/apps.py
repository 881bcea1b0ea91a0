from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "salw.accounts"
    label = "accounts"
    verbose_name = "Accounts"
