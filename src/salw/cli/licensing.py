"""``salw licence``: list licences, show one with its quantities, deliveries and explained risk; reassess."""

from __future__ import annotations

import json

import click

from salw.cli.bootstrap import require_initialised


@click.group("licence")
def licence_group():
    """Transfer licences: what was licensed, what was delivered, the risk seen when assessing."""


@licence_group.command("list")
@click.option("--status", default=None, help="Only applications in this status (e.g. licence_issued).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def licence_list(status, output_format):
    """Licences, newest first, with their status and validity."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import licences_visible_to

    licences = licences_visible_to(SystemActor()).order_by("-issued_at")
    if status:
        licences = licences.filter(application__status=status)
    rows = [{"number": licence.number, "application": licence.application.reference,
             "direction": licence.application.direction, "status": licence.application.status,
             "valid_from": licence.valid_from.isoformat(), "valid_until": licence.valid_until.isoformat(),
             "applicant": licence.application.applicant} for licence in licences]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No licences.")
    for row in rows:
        click.echo(f"{row['number']:<16} {row['direction']:<9} {row['status']:<20} {row['valid_from']} to "
                   f"{row['valid_until']}  {row['applicant']} ({row['application']})")


def licence_document(actor, licence) -> dict:
    from salw.licensing.selectors import (
        application_risk_panel,
        current_parties,
        licence_deliveries,
        licence_quantities,
    )

    application = licence.application
    assessment = getattr(application, "assessment", None)
    decision = getattr(application, "decision", None)
    return {
        "number": licence.number, "application": application.reference, "direction": application.direction,
        "status": application.status, "applicant": application.applicant,
        "valid_from": licence.valid_from.isoformat(), "valid_until": licence.valid_until.isoformat(),
        "conditions": licence.conditions,
        "parties": [{"role": party.role, "name": party.name, "country": party.country}
                    for party in current_parties(application)],
        "quantities": [{"line": q.line, "description": q.description, "licensed": q.licensed,
                        "delivered": q.delivered, "remaining": q.remaining} for q in licence_quantities(licence)],
        "deliveries": [{"reference": d.reference, "shipped_on": d.shipped_on.isoformat(),
                        "transit_countries": d.transit_country_list, "check_status": d.check_status,
                        "lines": [{"line": line.item.line, "quantity": line.quantity} for line in d.lines.all()]}
                       for d in licence_deliveries(licence)],
        "decision": {"outcome": decision.outcome, "reasons": decision.reasons, "by": decision.decided_by_name,
                     "at": decision.decided_at.isoformat()} if decision else None,
        "assessment": {"article_6": assessment.article_6, "article_7": assessment.article_7,
                       "overriding_risk": assessment.overriding_risk, "diversion_risk": assessment.diversion_risk,
                       "risk_snapshot_at": assessment.risk_snapshot_at.isoformat()
                       if assessment.risk_snapshot_at else None} if assessment else None,
        "risk_panel": application_risk_panel(actor, application),
    }


def _number(value, digits: int = 2) -> str:
    return "missing" if value is None else f"{value:.{digits}f}"


def licence_text(document: dict) -> str:
    lines = [f"Licence {document['number']} ({document['direction']}, {document['status'].replace('_', ' ')}), "
             f"valid {document['valid_from']} to {document['valid_until']}",
             f"  application {document['application']} from {document['applicant']}"]
    lines += [f"  {party['role'].replace('_', ' ')}: {party['name']} ({party['country']})"
              for party in document["parties"]]
    if document["conditions"]:
        lines.append(f"  conditions: {document['conditions']}")
    lines.append("  items: line, licensed, delivered, remaining")
    lines += [f"    {q['line']}. {q['description']}: {q['licensed']}, {q['delivered']}, {q['remaining']}"
              for q in document["quantities"]]
    for delivery in document["deliveries"]:
        transit = f" via {', '.join(delivery['transit_countries'])}" if delivery["transit_countries"] else ""
        lines.append(f"  delivery {delivery['reference']} shipped {delivery['shipped_on']}{transit}, "
                     f"check: {delivery['check_status']}")
    if document["decision"]:
        lines.append(f"  decision: {document['decision']['outcome']} by {document['decision']['by']}: "
                     f"{document['decision']['reasons']}")
    lines.append("Risk of the destination and transit countries (explained):")
    for country in document["risk_panel"]["countries"]:
        roles = ", ".join(role.replace("_", " ") for role in country["roles"])
        risk = country["risk"]
        if risk is None:
            lines.append(f"  {country['country']} ({roles}): {country['problem']}")
            continue
        lines.append(f"  {country['country']} {country['name']} ({roles}): score {risk['score']:.3f}, "
                     f"data of {risk['year']}, model {risk['model_version']}")
        lines.append(f"    {'component':<58} {'value':>8} {'contrib.':>9} {'pctile':>7} {'year':>5}  source")
        for part in risk["components"]:
            lines.append(f"    {part['label']:<58} {_number(part['value']):>8} {_number(part['contribution']):>9} "
                         f"{_number(part['percentile'], 0):>7} {part['year'] or '':>5}  {part['source']}")
    cases = document["risk_panel"]["diversion_evidence"]
    lines.append(f"This State's own evidence of diversion: {len(cases) or 'none recorded'}")
    lines += [f"  {case['seized_on']} {case['serial_number'] or '(no serial)'}: {case['why']} — {case['source']}"
              for case in cases]
    return "\n".join(lines)


@licence_group.command("show")
@click.argument("number")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def licence_show(number, output_format):
    """One licence: parties, quantities, deliveries, the decision and the explained risk."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import licence_by_number

    actor = SystemActor()
    document = licence_document(actor, licence_by_number(actor, number))
    if output_format == "json":
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    click.echo(licence_text(document))


def _licence_step(number: str, step, reason: str, done: str) -> None:
    from salw.cli.output import refuse_error
    from salw.core.access import SystemActor
    from salw.core.errors import ValidationFailed
    from salw.licensing.selectors import licence_by_number

    actor = SystemActor()
    licence = licence_by_number(actor, number)
    try:
        step(actor=actor, licence=licence, reason=reason)
    except ValidationFailed as error:
        refuse_error(error)
    click.echo(f"{licence.number}: {done} ({licence.application.status.replace('_', ' ')}).")


@licence_group.command("suspend")
@click.argument("number")
@click.option("--reason", required=True, help="Why deliveries must stop.")
def licence_suspend_command(number, reason):
    """Suspend a licence in force: no delivery is recorded under it until it is reinstated."""
    require_initialised()
    from salw.licensing.services import licence_suspend

    _licence_step(number, licence_suspend, reason, "suspended")


@licence_group.command("reinstate")
@click.argument("number")
@click.option("--reason", required=True, help="Why deliveries may resume.")
def licence_reinstate_command(number, reason):
    """Reinstate a suspended licence."""
    require_initialised()
    from salw.licensing.services import licence_reinstate

    _licence_step(number, licence_reinstate, reason, "reinstated")


@licence_group.command("revoke")
@click.argument("number")
@click.option("--reason", required=True)
def licence_revoke_command(number, reason):
    """Revoke a licence in force or suspended, today."""
    require_initialised()
    from salw.licensing.services import licence_revoke

    _licence_step(number, licence_revoke, reason, "revoked")


def flag_document(flag) -> dict:
    return {"id": str(flag.id), "application": flag.application.reference, "status": flag.application.status,
            "raised_at": flag.created_at.isoformat(timespec="seconds"), "reason": flag.reason,
            "party": flag.party.name if flag.party else None, "resolved_at":
                flag.resolved_at.isoformat(timespec="seconds") if flag.resolved_at else None,
            "resolution": flag.resolution, "resolution_note": flag.resolution_note}


@licence_group.command("reassessments")
@click.option("--all", "everything", is_flag=True, help="Resolved flags too.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def licence_reassessments(everything, output_format):
    """Applications flagged for reassessment (ATT Article 7(7)) by a trace outcome or a new embargo."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import reassessment_flags_visible_to

    flags = [flag_document(flag) for flag in reassessment_flags_visible_to(SystemActor(), open_only=not everything)]
    if output_format == "json":
        click.echo(json.dumps(flags, indent=2, ensure_ascii=False))
        return
    if not flags:
        click.echo("No application is waiting for reassessment.")
    for flag in flags:
        state = f"resolved: {flag['resolution']}" if flag["resolved_at"] else "OPEN"
        click.echo(f"{flag['application']:<16} {state:<20} {flag['raised_at'][:10]}  {flag['reason']}  [{flag['id']}]")


@licence_group.command("reassess")
@click.argument("flag_id")
@click.option("--resolution", type=click.Choice(["maintained", "suspended", "revoked", "not_linked"]), required=True,
              help="maintained: the licence stands; suspended: suspend it now; revoked: revoke it now; not_linked: the link was wrong.")
@click.option("--note", required=True, help="What the reassessment found.")
@click.option("--revoked-on", default=None, metavar="DATE", help="With --resolution revoked (default: today).")
def licence_reassess(flag_id, resolution, note, revoked_on):
    """Close a reassessment flag with its conclusion."""
    require_initialised()
    from datetime import date

    from salw.cli.output import refuse_error
    from salw.core.access import SystemActor
    from salw.core.errors import ValidationFailed
    from salw.licensing.selectors import reassessment_flag_for
    from salw.licensing.services import reassessment_resolve

    actor = SystemActor()
    try:
        day = date.fromisoformat(revoked_on) if revoked_on else None
    except ValueError:
        raise click.BadParameter(f"{revoked_on!r} is not a date (YYYY-MM-DD)", param_hint="--revoked-on") from None
    try:
        flag = reassessment_resolve(actor=actor, flag=reassessment_flag_for(actor, flag_id), resolution=resolution,
                                    note=note, revoked_on=day)
    except ValidationFailed as error:
        refuse_error(error)
    click.echo(f"{flag.application.reference}: reassessed ({flag.resolution}).")


def register(cli: click.Group) -> None:
    cli.add_command(licence_group)
