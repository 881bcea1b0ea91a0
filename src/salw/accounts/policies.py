"""Who may manage accounts and API tokens, and who may read the audit log."""

from django.utils.translation import gettext as _

from salw.core.access import CAPTURE, VIEW, holds, is_system, require
from salw.core.roles import ADMINISTRATOR, AUDIT_READERS


def user_create(actor) -> None:
    require(holds(actor, [ADMINISTRATOR], scope=CAPTURE), _("only an administrator may create users"))


def user_disable(actor) -> None:
    require(holds(actor, [ADMINISTRATOR], scope=CAPTURE), _("only an administrator may disable users"))


def _administers_everything_of(actor, user) -> bool:
    """True when the actor administers every place the user works in.

    Whoever holds a user's token can act as that user, so issuing or revoking one needs
    authority over all of the user's jurisdictions, not just one of them.
    """
    assignments = list(user.role_assignments.select_related("jurisdiction"))
    if not assignments:
        return holds(actor, [ADMINISTRATOR], scope=CAPTURE)
    return all(holds(actor, [ADMINISTRATOR], scope=CAPTURE, jurisdiction=assignment.jurisdiction)
               for assignment in assignments)


def token_create(actor, *, user) -> None:
    require(_administers_everything_of(actor, user),
            _("only an administrator of all of %(user)s's jurisdictions may issue their tokens")
            % {"user": user.get_username()})


def token_revoke(actor, *, token) -> None:
    own = getattr(actor, "pk", None) is not None and actor.pk == token.user_id
    require(own or _administers_everything_of(actor, token.user),
            _("only the token's user or their administrator may revoke it"))


def token_record_use(actor, *, token) -> None:
    require(getattr(actor, "pk", None) == token.user_id, _("a token is used only by its own user"))


def audit_log_read(actor, *, national) -> None:
    # The log has no jurisdiction of its own: it spans everything, so only auditors and
    # administrators of the whole country may read it.
    require(is_system(actor) or (national is not None
                                 and holds(actor, AUDIT_READERS, scope=VIEW, jurisdiction=national)),
            "only national auditors and administrators may read the audit log")
