"""Pure rules of transfer control: the application workflow, ATT Articles 6 and 7, licence
quantities and validity. No Django here.

ATT Article 6 prohibits a transfer outright: one "yes" means the application must be refused,
whatever else the assessment says. Article 7(3): an export must not be authorised when, after
mitigation, there is an overriding risk of any of the Article 7(1) consequences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from salw.core.message import Message, gettext_noop

# --- directions and parties ------------------------------------------------------------------

EXPORT = "export"
IMPORT = "import"
TRANSIT = "transit"
BROKERING = "brokering"
DIRECTIONS = (EXPORT, IMPORT, TRANSIT, BROKERING)

EXPORTER = "exporter"
IMPORTER = "importer"
CONSIGNEE = "consignee"
INTERMEDIATE_CONSIGNEE = "intermediate_consignee"
END_USER = "end_user"
BROKER = "broker"
TRANSIT_STATE = "transit_state"
PARTY_ROLES = (EXPORTER, IMPORTER, CONSIGNEE, INTERMEDIATE_CONSIGNEE, END_USER, BROKER, TRANSIT_STATE)

# The countries whose context an Article 7/11 assessment looks at: where the items go and pass.
DESTINATION_ROLES = (IMPORTER, CONSIGNEE, INTERMEDIATE_CONSIGNEE, END_USER, TRANSIT_STATE)

# --- end-user documents -----------------------------------------------------------------------

END_USER_CERTIFICATE = "euc"
END_USE_UNDERTAKING = "euu"
INTERNATIONAL_IMPORT_CERTIFICATE = "iic"
DOCUMENT_TYPES = (END_USER_CERTIFICATE, END_USE_UNDERTAKING, INTERNATIONAL_IMPORT_CERTIFICATE)

VERIFICATION_PENDING = "pending"
VERIFIED = "verified"
VERIFICATION_FAILED = "failed"
DOCUMENT_VERIFICATION_STATUSES = (VERIFICATION_PENDING, VERIFIED, VERIFICATION_FAILED)

# --- the workflow -------------------------------------------------------------------------------

DRAFT = "draft"
SUBMITTED = "submitted"
UNDER_ASSESSMENT = "under_assessment"
APPROVED = "approved"
REFUSED = "refused"
LICENCE_ISSUED = "licence_issued"
PARTIALLY_DELIVERED = "partially_delivered"
SUSPENDED = "suspended"
DELIVERED = "delivered"
EXPIRED = "expired"
REVOKED = "revoked"
STATUSES = (DRAFT, SUBMITTED, UNDER_ASSESSMENT, APPROVED, REFUSED, LICENCE_ISSUED, PARTIALLY_DELIVERED,
            SUSPENDED, DELIVERED, EXPIRED, REVOKED)
FINAL_STATUSES = frozenset({REFUSED, DELIVERED, EXPIRED, REVOKED})
# A licence in force: deliveries may be recorded against it.
LICENCE_IN_FORCE = frozenset({LICENCE_ISSUED, PARTIALLY_DELIVERED})
# A licence not yet ended: in force, or suspended (no deliveries until it is reinstated).
LICENCE_NOT_ENDED = LICENCE_IN_FORCE | {SUSPENDED}

SUBMIT = "submit"
START_ASSESSMENT = "start_assessment"
APPROVE = "approve"
APPROVE_WITH_CONDITIONS = "approve_with_conditions"
REFUSE = "refuse"
ISSUE_LICENCE = "issue_licence"
DELIVER_PART = "deliver_part"
DELIVER_ALL = "deliver_all"
EXPIRE = "expire"
REVOKE = "revoke"
SUSPEND = "suspend"
REINSTATE = "reinstate"
REINSTATE_AFTER_DELIVERIES = "reinstate_after_deliveries"

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    SUBMIT: (frozenset({DRAFT}), SUBMITTED),
    START_ASSESSMENT: (frozenset({SUBMITTED}), UNDER_ASSESSMENT),
    APPROVE: (frozenset({UNDER_ASSESSMENT}), APPROVED),
    APPROVE_WITH_CONDITIONS: (frozenset({UNDER_ASSESSMENT}), APPROVED),
    REFUSE: (frozenset({UNDER_ASSESSMENT}), REFUSED),
    ISSUE_LICENCE: (frozenset({APPROVED}), LICENCE_ISSUED),
    DELIVER_PART: (LICENCE_IN_FORCE, PARTIALLY_DELIVERED),
    DELIVER_ALL: (LICENCE_IN_FORCE, DELIVERED),
    EXPIRE: (LICENCE_NOT_ENDED, EXPIRED),
    REVOKE: (LICENCE_NOT_ENDED, REVOKED),
    SUSPEND: (LICENCE_IN_FORCE, SUSPENDED),
    REINSTATE: (frozenset({SUSPENDED}), LICENCE_ISSUED),
    REINSTATE_AFTER_DELIVERIES: (frozenset({SUSPENDED}), PARTIALLY_DELIVERED),
}
ACTIONS = tuple(TRANSITIONS)
DECISION_OUTCOMES = (APPROVE, APPROVE_WITH_CONDITIONS, REFUSE)


def reinstate_action(deliveries_made: bool) -> str:
    """A reinstated licence returns to where it was: issued, or partly delivered."""
    return REINSTATE_AFTER_DELIVERIES if deliveries_made else REINSTATE


def transition_problem(status: str, action: str) -> str | None:
    """Why ``action`` cannot happen to an application in ``status``; None when it can."""
    if action not in TRANSITIONS:
        return Message(gettext_noop("unknown action %(action)r"), {"action": action})
    allowed_from, _ = TRANSITIONS[action]
    if status not in allowed_from:
        readable = ", ".join(sorted(allowed_from)).replace("_", " ")
        return Message(gettext_noop("cannot %(action)s an application that is %(status)s; only from: %(allowed)s"),
                       {"action": action.replace("_", " "), "status": status.replace("_", " "), "allowed": readable})
    return None


def next_status(status: str, action: str) -> str:
    problem = transition_problem(status, action)
    if problem:
        raise ValueError(problem)
    return TRANSITIONS[action][1]


# --- ATT Article 6 --------------------------------------------------------------------------

YES = "yes"
NO = "no"
ANSWERS = (YES, NO)


@dataclass(frozen=True)
class Criterion:
    code: str
    article: str
    text: str


# Wording condensed from the treaty text; the assessment form shows it next to each answer.
ARTICLE_6 = (
    Criterion("6.1", "Art 6(1)", "The transfer would violate obligations under measures adopted by the UN "
                                 "Security Council under Chapter VII of the Charter, in particular arms embargoes."),
    Criterion("6.2", "Art 6(2)", "The transfer would violate relevant international obligations under "
                                 "international agreements to which the State is a Party, in particular those "
                                 "relating to the transfer of, or illicit trafficking in, conventional arms."),
    Criterion("6.3", "Art 6(3)", "The State has knowledge at the time of authorization that the items would be "
                                 "used in the commission of genocide, crimes against humanity, grave breaches of "
                                 "the Geneva Conventions of 1949, attacks directed against civilian objects or "
                                 "civilians protected as such, or other war crimes as defined by international "
                                 "agreements to which it is a Party."),
)
ARTICLE_6_CODES = tuple(criterion.code for criterion in ARTICLE_6)


def article_6_unanswered(answers: Mapping[str, str]) -> list[str]:
    return [code for code in ARTICLE_6_CODES if answers.get(code) not in ANSWERS]


def article_6_prohibits(answers: Mapping[str, str]) -> list[str]:
    """The prohibitions answered "yes": any one of them means the transfer must be refused."""
    return [code for code in ARTICLE_6_CODES if answers.get(code) == YES]


# --- ATT Article 7 --------------------------------------------------------------------------

RISK_NONE = "none"
RISK_LOW = "low"
RISK_SUBSTANTIAL = "substantial"
RISK_LEVELS = (RISK_NONE, RISK_LOW, RISK_SUBSTANTIAL)

ARTICLE_7 = (
    Criterion("7.1a", "Art 7(1)(a)", "Would contribute to or undermine peace and security."),
    Criterion("7.1b.i", "Art 7(1)(b)(i)", "Could be used to commit or facilitate a serious violation of "
                                          "international humanitarian law."),
    Criterion("7.1b.ii", "Art 7(1)(b)(ii)", "Could be used to commit or facilitate a serious violation of "
                                            "international human rights law."),
    Criterion("7.1b.iii", "Art 7(1)(b)(iii)", "Could be used to commit or facilitate an act constituting an "
                                              "offence under international conventions or protocols relating "
                                              "to terrorism."),
    Criterion("7.1b.iv", "Art 7(1)(b)(iv)", "Could be used to commit or facilitate an act constituting an "
                                            "offence under international conventions or protocols relating "
                                            "to transnational organized crime."),
    Criterion("7.4", "Art 7(4)", "Could be used to commit or facilitate serious acts of gender-based violence "
                                 "or serious acts of violence against women and children."),
)
ARTICLE_7_CODES = tuple(criterion.code for criterion in ARTICLE_7)


def article_7_unanswered(levels: Mapping[str, str]) -> list[str]:
    return [code for code in ARTICLE_7_CODES if levels.get(code) not in RISK_LEVELS]


def article_7_substantial(levels: Mapping[str, str]) -> list[str]:
    return [code for code in ARTICLE_7_CODES if levels.get(code) == RISK_SUBSTANTIAL]


# --- the decision -----------------------------------------------------------------------------

@dataclass(frozen=True)
class AssessmentFacts:
    """What the decision rules need of an assessment."""

    article_6: Mapping[str, str]  # code -> "yes" | "no"
    article_7: Mapping[str, str]  # code -> risk level
    overriding_risk: bool | None  # Art 7(3) conclusion after mitigation; None = not concluded
    overriding_risk_rationale: str = ""
    diversion_risk: str = ""  # Art 11: a risk level, "" = not assessed
    # UN arms embargoes in force on the decision day that cover a party (see embargoes.py):
    embargo_prohibitions: tuple[str, ...] = ()  # scope "all": refusal is the only outcome
    embargo_cautions: tuple[str, ...] = ()  # other scopes: the 6(1) note must say why this transfer is not covered
    article_6_1_note: str = ""


def decision_problems(outcome: str, facts: AssessmentFacts | None, *, reasons: str, conditions: str = "") -> list[str]:
    """Why this decision cannot be taken on this assessment; an empty list when it can.

    A refusal needs only reasons. An approval needs a complete assessment with no Article 6
    prohibition and no overriding risk; approval with conditions also needs the conditions.
    """
    if outcome not in DECISION_OUTCOMES:
        return [Message(gettext_noop("unknown decision %(outcome)r; one of: %(outcomes)s"),
                        {"outcome": outcome, "outcomes": ", ".join(DECISION_OUTCOMES)})]
    problems = []
    if not reasons.strip():
        problems.append(Message(gettext_noop("give the reasons for the decision")))
    if outcome == REFUSE:
        return problems
    if outcome == APPROVE_WITH_CONDITIONS and not conditions.strip():
        problems.append(Message(gettext_noop("an approval with conditions needs the conditions")))
    if facts is None:
        return [*problems, Message(gettext_noop("the application has not been assessed"))]
    unanswered = article_6_unanswered(facts.article_6)
    if unanswered:
        problems.append(Message(gettext_noop("Article 6 prohibitions not yet answered: %(codes)s"),
                                {"codes": ", ".join(unanswered)}))
    prohibited = article_6_prohibits(facts.article_6)
    if prohibited:
        problems.append(Message(gettext_noop("Article 6 prohibits this transfer (%(codes)s): it must be refused"),
                                {"codes": ", ".join(prohibited)}))
    problems += [Message(gettext_noop("Article 6(1): %(embargo)s: the transfer must be refused"), {"embargo": embargo})
                 for embargo in facts.embargo_prohibitions]
    if facts.embargo_cautions and not facts.article_6_1_note.strip():
        problems += [Message(gettext_noop("Article 6(1): %(embargo)s: say in the Article 6(1) note why this "
                                          "transfer is not covered"), {"embargo": embargo})
                     for embargo in facts.embargo_cautions]
    unassessed = article_7_unanswered(facts.article_7)
    if unassessed:
        problems.append(Message(gettext_noop("Article 7 risks not yet assessed: %(codes)s"),
                                {"codes": ", ".join(unassessed)}))
    if facts.overriding_risk is None:
        problems.append(Message(gettext_noop("conclude whether an overriding risk remains after mitigation "
                                             "(Article 7(3))")))
    elif facts.overriding_risk:
        problems.append(Message(gettext_noop("an overriding risk remains after mitigation: Article 7(3) requires "
                                             "refusal")))
    if facts.overriding_risk is not None and not facts.overriding_risk_rationale.strip():
        problems.append(Message(gettext_noop("write the rationale of the overriding-risk conclusion")))
    if facts.diversion_risk not in RISK_LEVELS:
        problems.append(Message(gettext_noop("assess the risk of diversion (Article 11)")))
    return problems


def required_outcome(facts: AssessmentFacts) -> str | None:
    """REFUSE when the treaty leaves no choice (Art 6 prohibition or embargo, overriding risk), else None."""
    if article_6_prohibits(facts.article_6) or facts.embargo_prohibitions or facts.overriding_risk:
        return REFUSE
    return None


# --- licence validity and quantities ----------------------------------------------------------

def validity_problem(valid_from: date | None, valid_until: date | None) -> str | None:
    if valid_from is None or valid_until is None:
        return Message(gettext_noop("a licence needs the first and last day of its validity"))
    if valid_until < valid_from:
        return Message(gettext_noop("the licence would end (%(end)s) before it starts (%(start)s)"),
                       {"end": valid_until, "start": valid_from})
    return None


def valid_on(valid_from: date, valid_until: date, day: date) -> bool:
    return valid_from <= day <= valid_until


def has_expired(valid_until: date, today: date) -> bool:
    return today > valid_until


def delivery_problems(licensed: Mapping[str, int], delivered: Mapping[str, int],
                      shipment: Mapping[str, int]) -> list[str]:
    """Why a shipment cannot be recorded: unknown lines, non-positive or excess quantities.

    ``licensed``: line -> quantity the licence allows; ``delivered``: line -> already delivered;
    ``shipment``: line -> quantity in the new shipment.
    """
    problems = []
    if not any(quantity for quantity in shipment.values()):
        problems.append(Message(gettext_noop("a delivery needs at least one item with a quantity")))
    for line, quantity in shipment.items():
        if line not in licensed:
            problems.append(Message(gettext_noop("item %(line)s is not on the licence"), {"line": line}))
            continue
        if quantity < 0:
            problems.append(Message(gettext_noop("item %(line)s: a quantity cannot be negative"), {"line": line}))
            continue
        remaining = licensed[line] - delivered.get(line, 0)
        if quantity > remaining:
            problems.append(Message(
                gettext_noop("item %(line)s: %(quantity)s would exceed the licence (%(licensed)s licensed, "
                             "%(delivered)s already delivered, %(remaining)s remaining)"),
                {"line": line, "quantity": quantity, "licensed": licensed[line],
                 "delivered": delivered.get(line, 0), "remaining": remaining}))
    return problems


def remaining_quantities(licensed: Mapping[str, int], delivered: Mapping[str, int]) -> dict[str, int]:
    return {line: quantity - delivered.get(line, 0) for line, quantity in licensed.items()}


def fully_delivered(licensed: Mapping[str, int], delivered: Mapping[str, int]) -> bool:
    return all(remaining <= 0 for remaining in remaining_quantities(licensed, delivered).values())


def delivery_action(licensed: Mapping[str, int], delivered: Mapping[str, int]) -> str:
    """The workflow step a delivery takes, given everything delivered including it."""
    return DELIVER_ALL if fully_delivered(licensed, delivered) else DELIVER_PART


# --- delivery verification (post-shipment checks) ------------------------------------------

CHECK_PENDING = "pending"
CHECK_CONFIRMED = "confirmed"
CHECK_DISCREPANCY = "discrepancy"
DELIVERY_CHECK_STATUSES = (CHECK_PENDING, CHECK_CONFIRMED, CHECK_DISCREPANCY)
DELIVERY_CHECK_METHODS = ("delivery_verification_certificate", "on_site_inspection", "customs_record",
                          "diplomatic_confirmation", "other")


# --- Article 7(7): reassessment ----------------------------------------------------------------

REASSESSED_MAINTAINED = "maintained"
REASSESSED_REVOKED = "revoked"
REASSESSED_NOT_LINKED = "not_linked"
REASSESSED_SUSPENDED = "suspended"
REASSESSMENT_RESOLUTIONS = (REASSESSED_MAINTAINED, REASSESSED_SUSPENDED, REASSESSED_REVOKED, REASSESSED_NOT_LINKED)
# The application stages new information can still change: deciding, or a licence not yet ended.
REASSESSABLE_STATUSES = frozenset({SUBMITTED, UNDER_ASSESSMENT, APPROVED}) | LICENCE_NOT_ENDED


def country_code_problem(code: str) -> str | None:
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        return Message(gettext_noop("%(code)r is not an ISO 3166-1 alpha-3 code"), {"code": code})
    return None
