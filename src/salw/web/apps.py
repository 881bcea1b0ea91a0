from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "salw.web"
    label = "web"
    verbose_name = "Web"
