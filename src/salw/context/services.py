"""Writes of country context: importing a source release, fitting the risk model."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from django.db import transaction
from django.db.models import Q

from salw.context import policies
from salw.context.domain import (
    SOURCE_DEFINITIONS,
    UCDP,
    ReleaseData,
    indicators_of,
)
from salw.context.fitting import TARGETS, fit_risk_model
from salw.context.models import ConflictYear, CountryYearValue, DataRelease, Indicator, RiskModelFit
from salw.context.risk import DIVERSION_EVIDENCE, FITTED_COMPONENTS
from salw.core.audit import actor_identity, audit_record

BATCH = 5000
MODEL_FORMAT = "salw-context-risk-model/1"


def context_release_import(*, actor, release: ReleaseData) -> dict:
    """Store a checked release: its country-years replace what was stored for them, all or nothing.

    Importing a file already imported (same source, same content) changes nothing.
    """
    policies.context_release_import(actor)
    definition = SOURCE_DEFINITIONS[release.source]
    summary = {"source": release.source, "version": release.version, "file": release.file_name,
               "sha256": release.sha256, "years": [release.first_year, release.last_year]}
    if DataRelease.objects.filter(source=release.source, sha256=release.sha256).exists():
        return {**summary, "already_imported": True, "values": 0}
    _, actor_name = actor_identity(actor)
    with transaction.atomic():
        stored = DataRelease.objects.create(
            source=release.source, version=release.version, file_name=release.file_name, sha256=release.sha256,
            first_year=release.first_year, last_year=release.last_year, value_count=len(release.values),
            licence=definition.licence, citation=definition.citation, imported_by_name=actor_name)
        codes = [indicator.code for indicator in indicators_of(release.source)]
        for indicator in indicators_of(release.source):
            Indicator.objects.update_or_create(code=indicator.code, defaults={
                "name": indicator.name, "unit": indicator.unit, "source": indicator.source,
                "source_name": definition.name, "version": release.version, "licence": definition.licence,
                "citation": definition.citation, "higher_is_worse": indicator.higher_is_worse})
        replaced = _forget_country_years(CountryYearValue.objects.filter(indicator_id__in=codes),
                                         release.country_years)
        if release.source == UCDP:
            _forget_country_years(ConflictYear.objects.all(), release.country_years)
            _store_conflicts(release, stored)
        CountryYearValue.objects.bulk_create(
            (CountryYearValue(country=item.country, year=item.year, indicator_id=item.indicator,
                              value=item.value, release=stored) for item in release.values), batch_size=BATCH)
        summary.update(already_imported=False, values=len(release.values), replaced=replaced,
                       country_years=len(release.country_years), notes=release.notes)
        audit_record(actor=actor, action="context_release_import", object_type="context_release",
                     object_id=stored.pk, changes={key: value for key, value in summary.items() if key != "notes"})
    return summary


def _forget_country_years(queryset, country_years: set[tuple[str, int]]) -> int:
    """Delete the rows of these country-years, a year at a time (one query per year, not per row)."""
    by_year: dict[int, list[str]] = {}
    for country, year in country_years:
        by_year.setdefault(year, []).append(country)
    deleted = 0
    for year, countries in sorted(by_year.items()):
        for start in range(0, len(countries), 500):
            deleted += queryset.filter(Q(year=year) & Q(country__in=countries[start:start + 500])).delete()[0]
    return deleted


def _store_conflicts(release: ReleaseData, stored: DataRelease) -> None:
    rows = {}
    for item in release.conflicts:
        record = item.record
        rows[(item.country, record.year, record.conflict_id)] = ConflictYear(
            country=item.country, year=record.year, conflict_id=record.conflict_id, location=record.location,
            side_a=record.side_a, side_b=record.side_b, non_state_sides="; ".join(record.non_state_sides()),
            intensity=record.intensity, type_of_conflict=record.type_of_conflict,
            internationalised=record.internationalised, release=stored)
    ConflictYear.objects.bulk_create(rows.values(), batch_size=BATCH)


def risk_model_fit(*, actor, target: str, holdout_years: int = 7, l2: float = 1.0, max_data_age_years: int = 2,
                   diversion_evidence_weight: float = 0.5) -> dict:
    """Fit the risk model on the stored panel, test it on the latest years, and keep it as a new version."""
    from salw.context import selectors

    policies.risk_model_fit(actor)
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; targets: {', '.join(TARGETS)}")
    panel = selectors.context_panel()
    first_year, last_year = selectors.fit_year_range(panel)
    holdout_from = last_year - holdout_years + 1
    result = fit_risk_model(panel, target=target, first_year=first_year, holdout_from=holdout_from,
                            last_year=last_year, max_age=max_data_age_years, l2=l2)
    _, actor_name = actor_identity(actor)
    with transaction.atomic():
        version = selectors.next_model_version(target)
        spec = {
            "format": MODEL_FORMAT,
            "version": version,
            "target": target,
            "target_definition": TARGETS[target],
            "horizon_years": 1,
            "fitted_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "fitted_by": actor_name,
            "method": "L2-regularised logistic regression (Newton's method) on standardised components; "
                      "missing components contribute 0 in fitting as in scoring",
            "regularisation": {"kind": "l2", "lambda": l2, "intercept_penalised": False},
            "max_data_age_years": max_data_age_years,
            "data_releases": selectors.current_release_versions(),
            "intercept": round(result.intercept, 6),
            "terms": [{"component": name, "coefficient": round(result.coefficients[name], 6),
                       "mean": round(result.means[name], 6), "sd": round(result.sds[name], 6),
                       "missing_share_in_training": result.missing_share[name]}
                      for name in FITTED_COMPONENTS],
            "declared_terms": [{
                "component": DIVERSION_EVIDENCE, "coefficient": diversion_evidence_weight,
                "basis": "no recorded outcome links traces to later diversion yet, so this weight is an "
                         "assumption set with --diversion-evidence-weight; recalibrate as traces accumulate"}],
            "training": result.training,
            "held_out": result.held_out,
            "baseline_conflict_last_year": result.persistence_baseline,
        }
        RiskModelFit.objects.create(version=version, target=target, spec=json.dumps(spec, indent=2),
                                    fitted_by_name=actor_name)
        audit_record(actor=actor, action="risk_model_fit", object_type="risk_model", object_id=version,
                     changes={"target": target, "held_out": result.held_out,
                              "data_releases": spec["data_releases"]})
    return spec
