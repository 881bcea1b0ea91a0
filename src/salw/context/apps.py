from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "salw.context"
    label = "context"
    verbose_name = "Country context"
