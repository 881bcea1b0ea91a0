from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "salw.tracing"
    label = "tracing"
    verbose_name = "Tracing"
