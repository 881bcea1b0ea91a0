"""``salw licence``: the workflow from a received application to the delivery check (receive,
submit, assess, decide, issue, deliver, check); list licences, show one with its quantities,
deliveries and explained risk; suspend, reinstate, revoke; reassess."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from salw.cli.bootstrap import require_initialised
from salw.cli.jsonfile import JsonFile
from salw.cli.output import EXIT_REFUSED, print_problems, refusals_reported
from salw.cli.params import ISO_DATE
from salw.licensing import domain


@click.group("licence")
def licence_group():
    """Transfer licences: from a received application to the delivery check; what was licensed, what was
    delivered, the risk seen when assessing."""


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
    from salw.core.access import SystemActor
    from salw.licensing.selectors import licence_by_number

    actor = SystemActor()
    with refusals_reported():
        licence = licence_by_number(actor, number)
        step(actor=actor, licence=licence, reason=reason)
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
@click.argument("flag_id", type=click.UUID)
@click.option("--resolution", type=click.Choice(domain.REASSESSMENT_RESOLUTIONS), required=True,
              help="maintained: the licence stands; suspended: suspend it now; revoked: revoke it now; "
                   "not_linked: the link was wrong.")
@click.option("--note", required=True, help="What the reassessment found.")
@click.option("--revoked-on", type=ISO_DATE, default=None, help="With --resolution revoked (default: today).")
def licence_reassess(flag_id, resolution, note, revoked_on):
    """Close a reassessment flag with its conclusion."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import reassessment_flag_for
    from salw.licensing.services import reassessment_resolve

    actor = SystemActor()
    with refusals_reported():
        flag = reassessment_resolve(actor=actor, flag=reassessment_flag_for(actor, flag_id), resolution=resolution,
                                    note=note, revoked_on=revoked_on)
    click.echo(f"{flag.application.reference}: reassessed ({flag.resolution}).")


# --- the workflow: receive, submit, assess, decide, issue, deliver, check ----------------------
# The files have the shapes of the API's request bodies (docs/licensing.md, "From the command line").

APPLICATION_FIELDS = ("jurisdiction", "direction", "applicant", "received_on", "reference", "end_use", "notes",
                      "parties", "items")
PARTY_FIELDS = ("role", "name", "country", "address", "registry_actor_id", "identifiers", "notes")
ITEM_FIELDS = ("description", "quantity", "weapon_type", "unroca", "calibre", "control_list_entry", "value",
               "currency")
ASSESSMENT_FIELDS = ("article_6", "article_7", "mitigation_measures", "overriding_risk", "overriding_risk_rationale",
                     "diversion_risk", "diversion_measures", "diversion_notes", "risk_snapshot")
DELIVERY_FIELDS = ("shipped_on", "delivered_on", "reference", "transit_countries", "notes", "lines")
DELIVERY_LINE_FIELDS = ("line", "quantity", "value", "currency", "serials")
CHECK_STATUSES = (domain.CHECK_CONFIRMED, domain.CHECK_DISCREPANCY)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _quantities(ctx, param, values) -> dict[int, int]:
    quantities: dict[int, int] = {}
    for value in values:
        line, _, quantity = value.partition("=")
        try:
            line_number, number = int(line), int(quantity)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not LINE=QUANTITY (e.g. 1=8)") from None
        if line_number in quantities:
            raise click.BadParameter(f"item {line_number} is given twice")
        quantities[line_number] = number
    return quantities


def _refuse_file(file: JsonFile) -> None:
    print_problems(file.problems, len(file.problems))
    click.echo(f"{file.file_name}: refused, {len(file.problems)} problem(s); nothing was stored.", err=True)
    sys.exit(EXIT_REFUSED)


def _read_file(path: Path, read) -> tuple[JsonFile, Any]:
    """The file's document as ``read(file, document)`` takes it; refused (exit 1) at the first stage
    with problems: a file that cannot be decoded is not read further."""
    source = JsonFile(path)
    document = source.load()
    if source.problems:
        _refuse_file(source)
    result = read(source, document)
    if source.problems:
        _refuse_file(source)
    return source, result


@contextmanager
def _refusals_of(source: JsonFile):
    """A service's refusal of what the file says: reported against the file, exit 1."""
    from salw.core.errors import ValidationFailed

    try:
        yield
    except ValidationFailed as error:
        source.located("", error.problems)
        _refuse_file(source)


class _Undo(Exception):
    """Rolls back a step whose file had problems, once every problem has been collected."""


def _read_application(file: JsonFile, document) -> tuple[dict, list[tuple[str, dict]], list[tuple[str, dict]]]:
    root = file.object(document, "$", APPLICATION_FIELDS)
    if root is None:
        return {}, [], []
    fields = {
        "jurisdiction": file.text(root, "jurisdiction", "$").strip(),
        "direction": file.choice(root, "direction", "$", domain.DIRECTIONS, required=True),
        "applicant": file.text(root, "applicant", "$", required=True, max_length=300),
        "received_on": file.date(root, "received_on", "$", required=True),
        "reference": file.text(root, "reference", "$", max_length=100),
        "end_use": file.text(root, "end_use", "$"),
        "notes": file.text(root, "notes", "$"),
    }
    parties = []
    for index, value in enumerate(file.array(root, "parties", "$")):
        where = f"$.parties[{index}]"
        party = file.object(value, where, PARTY_FIELDS)
        if party is not None:
            parties.append((where, {
                "role": file.choice(party, "role", where, domain.PARTY_ROLES, required=True),
                "name": file.text(party, "name", where, required=True, max_length=300),
                "country": file.text(party, "country", where, required=True),
                "address": file.text(party, "address", where),
                "registry_actor": file.text(party, "registry_actor_id", where).strip(),
                "identifiers": file.text(party, "identifiers", where),
                "notes": file.text(party, "notes", where)}))
    items = []
    for index, value in enumerate(file.array(root, "items", "$")):
        where = f"$.items[{index}]"
        item = file.object(value, where, ITEM_FIELDS)
        if item is not None:
            items.append((where, {
                "description": file.text(item, "description", where, required=True, max_length=500),
                "quantity": file.integer(item, "quantity", where, required=True, minimum=1),
                "weapon_type": file.text(item, "weapon_type", where).strip() or None,
                "unroca": file.text(item, "unroca", where, max_length=8),
                "calibre": file.text(item, "calibre", where, max_length=200),
                "control_list_entry": file.text(item, "control_list_entry", where, max_length=100),
                "value": file.amount(item, "value", where),
                "currency": file.text(item, "currency", where)}))
    return fields, parties, items


def _registry_holders(file: JsonFile, parties: list[tuple[str, dict]]) -> None:
    """The registry holder named by ``registry_actor_id``, or a problem when there is none."""
    import uuid

    from salw.registry.models import Actor

    for where, party in parties:
        actor_id, party["registry_actor"] = party["registry_actor"], None
        if not actor_id:
            continue
        try:
            holder = Actor.objects.filter(id=uuid.UUID(actor_id), voided_at__isnull=True).first()
        except ValueError:
            file.problem(f"{where}.registry_actor_id", "expected an id in UUID form", actor_id)
            continue
        if holder is None:
            file.problem(f"{where}.registry_actor_id", "no registry holder has this id", actor_id)
        party["registry_actor"] = holder


def _attempt(file: JsonFile, where: str, step) -> None:
    """Run one service step in a savepoint; its refusal is recorded at ``where`` and reading goes on."""
    from django.db import transaction

    from salw.core.errors import ValidationFailed

    try:
        with transaction.atomic():
            step()
    except ValidationFailed as error:
        file.located(where, error.problems)


@licence_group.command("receive")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--jurisdiction", "jurisdiction_code", default=None,
              help="Code of the jurisdiction that handles it (default: the file's \"jurisdiction\", else national).")
@click.option("--submit", is_flag=True, help="Also submit it: refused, with nothing stored, when it is incomplete.")
def licence_receive(file, jurisdiction_code, submit):
    """Receive an application (a draft) from a JSON file with its parties and items; all or nothing."""
    require_initialised()
    from django.db import transaction

    from salw.core.access import SystemActor
    from salw.core.errors import NotFound, ValidationFailed
    from salw.licensing import services
    from salw.reporting.selectors import reporting_jurisdiction

    actor = SystemActor()
    # The form first: the records are checked once it is right.
    source, (fields, parties, items) = _read_file(file, _read_application)
    code = fields.pop("jurisdiction")
    if jurisdiction_code and code and jurisdiction_code != code:
        raise click.BadParameter(f"{file} says jurisdiction {code!r}; give one or the other",
                                 param_hint="--jurisdiction")
    try:
        jurisdiction = reporting_jurisdiction(jurisdiction_code or code)
    except NotFound as error:
        if jurisdiction_code:
            raise click.BadParameter(str(error), param_hint="--jurisdiction") from None
        source.problem("$.jurisdiction" if code else "", str(error))
        _refuse_file(source)
    _registry_holders(source, parties)
    application = None
    with refusals_reported():
        try:
            with transaction.atomic():
                application = services.application_create(actor=actor, jurisdiction=jurisdiction, **fields)
                for where, party in parties:
                    _attempt(source, where, lambda party=party: services.party_add(
                        actor=actor, application=application, **party))
                for where, item in items:
                    _attempt(source, where, lambda item=item: services.application_item_add(
                        actor=actor, application=application, **item))
                if submit and not source.problems:
                    _attempt(source, "", lambda: services.application_submit(actor=actor, application=application))
                if source.problems:
                    raise _Undo
        except ValidationFailed as error:  # the application itself: nothing was created
            source.located("", error.problems)
        except _Undo:
            pass
    if source.problems:
        _refuse_file(source)
    click.echo(f"{application.reference}: received ({application.status.replace('_', ' ')}), "
               f"{application.direction} from {application.applicant}, {_count(len(parties), 'party', 'parties')}, "
               f"{_count(len(items), 'item', 'items')}.")


@licence_group.command("submit")
@click.argument("reference")
def licence_submit(reference):
    """Submit a complete application: from now on it waits for assessment."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import application_by_reference
    from salw.licensing.services import application_submit

    actor = SystemActor()
    with refusals_reported():
        application = application_submit(actor=actor, application=application_by_reference(actor, reference))
    click.echo(f"{application.reference}: submitted ({application.status.replace('_', ' ')}).")


def _read_criteria(file: JsonFile, root: dict, name: str, codes: tuple[str, ...], key: str,
                   allowed: tuple[str, ...], note_key: str) -> dict:
    criteria = {}
    for code, value in file.mapping(root, name, "$").items():
        where = f"$.{name}[{json.dumps(code)}]"
        if code not in codes:
            file.problem(where, f"unknown criterion; one of: {', '.join(codes)}")
            continue
        entry = file.object(value, where, (key, note_key))
        if entry is not None:
            criteria[code] = {key: file.choice(entry, key, where, allowed), note_key: file.text(entry, note_key, where)}
    return criteria


def _read_assessment(file: JsonFile, document) -> tuple[dict, bool]:
    root = file.object(document, "$", ASSESSMENT_FIELDS)
    if root is None:
        return {}, True
    fields = {
        "article_6": _read_criteria(file, root, "article_6", domain.ARTICLE_6_CODES, "answer", domain.ANSWERS, "note"),
        "article_7": _read_criteria(file, root, "article_7", domain.ARTICLE_7_CODES, "risk", domain.RISK_LEVELS,
                                    "evidence"),
        "mitigation_measures": file.text(root, "mitigation_measures", "$"),
        "overriding_risk": file.boolean(root, "overriding_risk", "$"),
        "overriding_risk_rationale": file.text(root, "overriding_risk_rationale", "$"),
        "diversion_risk": file.choice(root, "diversion_risk", "$", domain.RISK_LEVELS),
        "diversion_measures": file.text(root, "diversion_measures", "$"),
        "diversion_notes": file.text(root, "diversion_notes", "$"),
    }
    return fields, bool(file.boolean(root, "risk_snapshot", "$", default=True))


@licence_group.command("assess")
@click.argument("reference")
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="The assessment, as JSON (the API's assessment body).")
def licence_assess(reference, file):
    """Record the ATT assessment (starting it if needed), keeping the risk panel seen now with it."""
    require_initialised()
    from django.db import transaction

    from salw.core.access import SystemActor
    from salw.licensing.selectors import application_by_reference, application_risk_panel
    from salw.licensing.services import assessment_save, assessment_start

    actor = SystemActor()
    source, (fields, keep_panel) = _read_file(file, _read_assessment)
    with refusals_reported():
        application = application_by_reference(actor, reference)
        with _refusals_of(source), transaction.atomic():  # a refused save leaves the application as it was
            if application.status == domain.SUBMITTED:
                assessment_start(actor=actor, application=application)
            panel = application_risk_panel(actor, application) if keep_panel else None
            assessment = assessment_save(actor=actor, application=application, risk_snapshot=panel, **fields)
    kept = f"risk panel kept ({_count(len(panel['countries']), 'country', 'countries')})" if panel is not None \
        else "risk panel not taken (risk_snapshot false)"
    required = domain.required_outcome(assessment.facts())
    must = f"; the treaty leaves one outcome: {required}" if required else ""
    click.echo(f"{application.reference}: assessment saved ({application.status.replace('_', ' ')}), {kept}{must}.")


@licence_group.command("decide")
@click.argument("reference")
@click.option("--outcome", type=click.Choice(domain.DECISION_OUTCOMES), required=True)
@click.option("--reasons", required=True, help="Why: recorded with the decision.")
@click.option("--conditions", default="", help="Required with approve_with_conditions.")
def licence_decide(reference, outcome, reasons, conditions):
    """Approve, approve with conditions, or refuse; the treaty's refusals cannot be overridden."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import application_by_reference
    from salw.licensing.services import application_decide

    actor = SystemActor()
    with refusals_reported():
        application = application_by_reference(actor, reference)
        application_decide(actor=actor, application=application, outcome=outcome, reasons=reasons,
                           conditions=conditions)
    click.echo(f"{application.reference}: decision {outcome.replace('_', ' ')} recorded "
               f"({application.status.replace('_', ' ')}).")


@licence_group.command("issue")
@click.argument("reference")
@click.option("--from", "valid_from", type=ISO_DATE, required=True, help="First valid day.")
@click.option("--until", "valid_until", type=ISO_DATE, required=True, help="Last valid day.")
@click.option("--number", default="", help="The licence number (default: assigned, LIC-YEAR-NNNN).")
@click.option("--conditions", default="", help="Further conditions (the decision's are carried over).")
@click.option("--quantity", "quantities", multiple=True, callback=_quantities, metavar="LINE=N",
              help="Licence fewer than applied for on an item line; repeat for each line.")
def licence_issue_command(reference, valid_from, valid_until, number, conditions, quantities):
    """Issue the licence of an approved application."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import application_by_reference
    from salw.licensing.services import licence_issue

    actor = SystemActor()
    with refusals_reported():
        application = application_by_reference(actor, reference)
        licence = licence_issue(actor=actor, application=application, valid_from=valid_from,
                                valid_until=valid_until, number=number, conditions=conditions,
                                quantities=quantities or None)
    click.echo(f"{licence.number}: issued for {application.reference}, valid {licence.valid_from} to "
               f"{licence.valid_until} ({application.status.replace('_', ' ')}).")


def _read_delivery(file: JsonFile, document) -> dict:
    root = file.object(document, "$", DELIVERY_FIELDS)
    if root is None:
        return {}
    lines = []
    for index, value in enumerate(file.array(root, "lines", "$", required=True)):
        where = f"$.lines[{index}]"
        line = file.object(value, where, DELIVERY_LINE_FIELDS)
        if line is not None:
            lines.append({"line": file.integer(line, "line", where, required=True, minimum=1),
                          "quantity": file.integer(line, "quantity", where, required=True),
                          "value": file.amount(line, "value", where),
                          "currency": file.text(line, "currency", where),
                          "serials": file.texts(line, "serials", where, max_length=300)})
    transit = file.texts(root, "transit_countries", "$")
    if len(" ".join(code.strip() for code in transit)) > 200:
        file.problem("$.transit_countries", "at most 50 transit countries")
    return {"shipped_on": file.date(root, "shipped_on", "$", required=True),
            "delivered_on": file.date(root, "delivered_on", "$"),
            "reference": file.text(root, "reference", "$", max_length=200),
            "transit_countries": transit, "notes": file.text(root, "notes", "$"), "lines": lines}


@licence_group.command("deliver")
@click.argument("number")
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="The shipment, as JSON (the API's delivery body).")
def licence_deliver(number, file):
    """Record a shipment under a licence: quantities per item line, serial numbers, transit States."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import licence_by_number
    from salw.licensing.services import delivery_record

    actor = SystemActor()
    source, fields = _read_file(file, _read_delivery)
    with refusals_reported():
        licence = licence_by_number(actor, number)
        with _refusals_of(source):
            delivery = delivery_record(actor=actor, licence=licence, **fields)
    quantity = sum(line["quantity"] for line in fields["lines"])
    serials = sum(len([serial for serial in line["serials"] if serial.strip()]) for line in fields["lines"])
    click.echo(f"{delivery.reference}: recorded under licence {licence.number}, shipped {delivery.shipped_on}, "
               f"{quantity} item(s), {serials} serial number(s) ({licence.application.status.replace('_', ' ')}).")


@licence_group.command("check")
@click.argument("delivery_reference")
@click.option("--status", type=click.Choice(CHECK_STATUSES), required=True,
              help="confirmed: the items reached the declared end user; discrepancy: they did not all (--note says how).")
@click.option("--method", type=click.Choice(domain.DELIVERY_CHECK_METHODS), required=True,
              help="How the delivery was checked.")
@click.option("--on", "checked_on", type=ISO_DATE, required=True, help="Day of the check.")
@click.option("--note", default="", help="What was found; required with --status discrepancy.")
def licence_check(delivery_reference, status, method, checked_on, note):
    """Record the post-shipment check of a delivery, found by its reference."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import delivery_by_reference
    from salw.licensing.services import delivery_check

    actor = SystemActor()
    with refusals_reported():
        delivery = delivery_check(actor=actor, delivery=delivery_by_reference(actor, delivery_reference),
                                  status=status, checked_on=checked_on, method=method, note=note)
    click.echo(f"{delivery.reference}: check {status} on {delivery.checked_on} ({method.replace('_', ' ')}), "
               f"licence {delivery.licence.number}.")


def register(cli: click.Group) -> None:
    cli.add_command(licence_group)
