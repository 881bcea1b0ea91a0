"""Role assignments: role x jurisdiction x scope."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from salw.core.access import CAPTURE, VIEW
from salw.core.models import BaseModel, Jurisdiction
from salw.core.roles import ROLE_CHOICES


class RoleAssignment(BaseModel):
    SCOPE_CHOICES = [(CAPTURE, _("Capture and view")), (VIEW, _("View only"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="role_assignments")
    role = models.CharField(max_length=32, choices=ROLE_CHOICES)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=8, choices=SCOPE_CHOICES, default=VIEW)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "jurisdiction"],
                                    name="one_assignment_per_role_and_place"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.scope} @ {self.jurisdiction}"
