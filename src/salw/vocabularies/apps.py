from django.apps import AppConfig


class VocabulariesConfig(AppConfig):
    name = "salw.vocabularies"
    label = "vocabularies"
    verbose_name = "Vocabularies"
