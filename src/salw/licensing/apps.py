from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "salw.licensing"
    label = "licensing"
    verbose_name = "Transfer control"
