from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "salw.analytics"
    label = "analytics"
    verbose_name = "Analytics"
