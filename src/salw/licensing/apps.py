from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "salw.licensing"
    label = "licensing"
    verbose_name = "Transfer control"

    def ready(self) -> None:
        from salw.licensing import receivers  # noqa: F401 - connects the receivers
