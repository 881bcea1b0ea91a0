"""The roles a user can hold, and which roles each kind of work needs."""

from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "administrator"
REGISTRAR = "registrar"
TRACING_OFFICER = "tracing_officer"
LICENSING_OFFICER = "licensing_officer"
ANALYST = "analyst"
AUDITOR = "auditor"
REPORTING_OFFICER = "reporting_officer"

ROLE_CHOICES = [
    (ADMINISTRATOR, _("Administrator")),
    (REGISTRAR, _("Registrar")),
    (TRACING_OFFICER, _("Tracing officer")),
    (LICENSING_OFFICER, _("Licensing officer")),
    (ANALYST, _("Analyst")),
    (AUDITOR, _("Auditor (read-only)")),
    (REPORTING_OFFICER, _("Reporting officer")),
]

# Who may change the registry, and who may read it.
REGISTRY_WRITERS = (ADMINISTRATOR, REGISTRAR)
REGISTRY_READERS = (ADMINISTRATOR, REGISTRAR, TRACING_OFFICER, LICENSING_OFFICER, ANALYST,
                    AUDITOR, REPORTING_OFFICER)
AUDIT_READERS = (ADMINISTRATOR, AUDITOR)
