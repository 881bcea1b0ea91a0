"""Role assignments (role x jurisdiction x scope) and API tokens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from salw.core.access import CAPTURE, VIEW
from salw.core.ids import uuid7
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


class ApiToken(models.Model):
    """A credential for another system: acts as its user, limited to its scopes, until it expires.

    Only a hash of the token is stored; the token itself is shown once, when it is created.
    """

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=200, blank=True, help_text=_("What the token is for"))
    prefix = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    scopes = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_name = models.CharField(max_length=200)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.user})"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def state(self, now) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "active"
