from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "salw.registry"
    label = "registry"
    verbose_name = "Registry"
