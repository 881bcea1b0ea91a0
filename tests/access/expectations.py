"""What each role may do, by area: the table the access matrix holds the code to.

Written from the roles' purpose (issue: accounts and access), not read back from the policies,
so that a policy granting or refusing too much shows up as a failing row.
"""

from __future__ import annotations

REGISTRY = "registry"
TRACING = "tracing"
LICENSING = "licensing"
# The national list of UN arms embargoes: reference data that only administrators keep, read by
# whoever reads licensing (every assessment is checked against it).
EMBARGOES = "embargoes"
REPORTS = "reports"
ANALYTICS = "analytics"
CONTEXT = "context"
AUDIT = "audit"
ACCOUNT = "account"  # who am I, the reference lists: every signed-in user
SESSION = "session"  # log in, log out, choose a language: not about any record

READ = "read"
WRITE = "write"

EVERYONE = {ACCOUNT}

MAY_READ = {
    "administrator": {REGISTRY, TRACING, LICENSING, EMBARGOES, REPORTS, ANALYTICS, CONTEXT},
    "registrar": {REGISTRY, TRACING},
    "tracing_officer": {REGISTRY, TRACING},
    "licensing_officer": {REGISTRY, TRACING, LICENSING, EMBARGOES, CONTEXT},
    "analyst": {REGISTRY, TRACING, LICENSING, EMBARGOES, ANALYTICS, CONTEXT},
    "auditor": {REGISTRY, TRACING, LICENSING, EMBARGOES},
    "reporting_officer": {REGISTRY, TRACING, REPORTS},
}

MAY_WRITE = {
    "administrator": {REGISTRY, TRACING, LICENSING, EMBARGOES, REPORTS},
    "registrar": {REGISTRY},
    "tracing_officer": {TRACING},
    "licensing_officer": {LICENSING},
    "analyst": set(),
    "auditor": set(),
    "reporting_officer": {REPORTS},
}

# The audit log spans every jurisdiction, so only national auditors and administrators read it;
# the matrix's users all work in one region, so it is refused to every one of them.
NATIONAL_ONLY = {AUDIT}


def may(role: str, area: str, access: str) -> bool:
    if area in EVERYONE:
        return True
    if area in NATIONAL_ONLY:
        return False
    return area in (MAY_WRITE if access == WRITE else MAY_READ)[role]
