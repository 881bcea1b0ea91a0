from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "salw.api"
    label = "api"
    verbose_name = "API"
