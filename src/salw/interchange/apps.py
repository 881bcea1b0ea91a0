from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "salw.interchange"
    label = "interchange"
    verbose_name = "Interchange"
