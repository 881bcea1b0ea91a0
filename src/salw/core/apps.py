from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "salw.core"
    label = "core"
    verbose_name = "Core"
