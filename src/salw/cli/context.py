"""``salw context``: import newer source releases, fit the risk model, show a country's explained risk."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from salw.cli.bootstrap import data_dir, require_initialised
from salw.cli.output import EXIT_REFUSED, print_problems

SOURCES = ("ucdp", "wgi", "economy")


@click.group("context")
def context_group():
    """Country context (governance, economy, armed conflict, borders) and the explained risk."""


@context_group.command("import")
@click.argument("source", type=click.Choice(SOURCES))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--release", default="", help="Release name, e.g. '24.1' or '2024 update' (default: from the "
                                            "file's version column, else 'data to <last year>').")
@click.option("--encoding", default=None, help="Text encoding (default: detected).")
@click.option("--delimiter", default=None, help="Column separator (default: detected).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def context_import(source, file, release, encoding, delimiter, output_format):
    """Import a release of SOURCE in the layout of the file shipped with salw; all or nothing."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.core.errors import ValidationFailed
    from salw.interchange.context_files import context_file_import

    try:
        summary = context_file_import(actor=SystemActor(), source=source, path=file, version=release,
                                      encoding=encoding, delimiter=delimiter)
    except ValidationFailed as error:
        print_problems(error.problems, len(error.problems))
        click.echo(f"{file.name}: refused, {len(error.problems)} problem(s); nothing was stored.", err=True)
        sys.exit(EXIT_REFUSED)
    if output_format == "json":
        click.echo(json.dumps(summary, indent=2))
    elif summary["already_imported"]:
        click.echo(f"{file.name} was already imported ({source} {summary['version']}); nothing changed.")
    else:
        click.echo(f"Imported {source} {summary['version']} from {file.name}: {summary['values']} values for "
                   f"{summary['country_years']} country-years, {summary['years'][0]}-{summary['years'][1]}.")
        for note in summary.get("notes", []):
            click.echo(f"  note: {note}")


@context_group.command("fit-risk")
@click.option("--target", type=click.Choice(["conflict_incidence", "conflict_onset"]), default="conflict_incidence",
              show_default=True, help="What the score forecasts, one year ahead.")
@click.option("--holdout-years", type=click.IntRange(1, 30), default=7, show_default=True,
              help="The latest years, kept out of the fit to test it.")
@click.option("--l2", type=click.FloatRange(0, None), default=1.0, show_default=True,
              help="Strength of the ridge penalty on the standardised coefficients.")
@click.option("--max-data-age", type=click.IntRange(0, 10), default=2, show_default=True,
              help="How many years back a component may look for its latest value.")
@click.option("--diversion-evidence-weight", type=float, default=0.5, show_default=True,
              help="Declared coefficient of this state's own evidence of diversion (not fitted).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the model here (default: risk-models/<version>.json in the data directory).")
def context_fit_risk(target, holdout_years, l2, max_data_age, diversion_evidence_weight, output):
    """Fit the risk model on the loaded panel, test it on the latest years, keep it as a new version."""
    require_initialised()
    from salw.context.services import risk_model_fit
    from salw.core.access import SystemActor

    try:
        spec = risk_model_fit(actor=SystemActor(), target=target, holdout_years=holdout_years, l2=l2,
                              max_data_age_years=max_data_age, diversion_evidence_weight=diversion_evidence_weight)
    except ValueError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_REFUSED)
    output = output or data_dir() / "risk-models" / f"{spec['version']}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")
    held_out, training = spec["held_out"], spec["training"]
    click.echo(f"Fitted {spec['version']} ({target}) on {training['feature_years'][0]}-"
               f"{training['feature_years'][1]}: n={training['n']}, AUC {training['auc']}.")
    click.echo(f"Held out {held_out['feature_years'][0]}-{held_out['feature_years'][1]}: n={held_out['n']}, "
               f"positives={held_out['positives']}, AUC {held_out['auc']}, Brier {held_out['brier']} "
               f"(conflict-last-year baseline: AUC {spec['baseline_conflict_last_year']['auc']}, "
               f"Brier {spec['baseline_conflict_last_year']['brier']}).")
    click.echo(f"Written to {output}")


@context_group.command("show")
@click.argument("iso3")
@click.option("--year", type=int, default=None, help="Data year (default: the latest with governance data).")
@click.option("--model", "model_version", default=None, help="Risk model version (default: the latest).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def context_show(iso3, year, model_version, output_format):
    """A country's context risk for a year, every component explained."""
    require_initialised()
    from salw.context.selectors import country_risk
    from salw.core.access import SystemActor

    actor = SystemActor()
    explanation = country_risk(actor, iso3, year=year, model_version=model_version)
    if output_format == "json":
        click.echo(json.dumps(explanation.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(explanation_text(explanation))


def _number(value, digits: int = 2) -> str:
    return "missing" if value is None else f"{value:.{digits}f}"


def explanation_text(explanation) -> str:
    lines = [f"{explanation.country} {explanation.year}: score {explanation.score:.3f} "
             f"(model {explanation.model_version}, forecasting {explanation.target.replace('_', ' ')} "
             f"in {explanation.year + 1})",
             f"  {'component':<58} {'value':>8} {'contrib.':>9} {'pctile':>7} {'year':>5}  source"]
    for component in explanation.components:
        lines.append(f"  {component.label:<58} {_number(component.value):>8} {_number(component.contribution):>9} "
                     f"{_number(component.percentile, 0):>7} {component.year or '':>5}  {component.source}")
        if component.note:
            lines.append(f"    {component.note}")
    lines.append(f"  {'intercept':<58} {'':>8} {explanation.intercept:>9.2f}")
    lines.append(f"  {'log-odds (intercept + contributions)':<58} {'':>8} {explanation.logit:>9.2f}")
    lines += [f"  note: {note}" for note in explanation.notes]
    return "\n".join(lines)


@context_group.command("ranking")
@click.option("--year", type=int, default=None, help="Data year (default: the latest with governance data).")
@click.option("--model", "model_version", default=None, help="Risk model version (default: the latest).")
@click.option("--top", type=click.IntRange(1, 500), default=30, show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def context_ranking(year, model_version, top, output_format):
    """Countries ranked by context risk for a year."""
    require_initialised()
    from salw.context.selectors import risk_ranking
    from salw.core.access import SystemActor

    actor = SystemActor()
    ranking = risk_ranking(actor, year=year, model_version=model_version)[:top]
    if output_format == "json":
        click.echo(json.dumps([{"rank": rank, "country": item.country, "score": round(item.score, 4),
                                "missing": item.missing_components}
                               for rank, item in enumerate(ranking, start=1)], indent=2))
        return
    for rank, item in enumerate(ranking, start=1):
        missing = f"  (missing: {', '.join(item.missing_components)})" if item.missing_components else ""
        click.echo(f"{rank:>4}  {item.country}  {item.score:.3f}{missing}")


def _year_range(ctx, param, value):
    if value is None:
        return None
    first, separator, last = value.partition("-")
    if not (first.isdigit() and last.isdigit() and separator) or int(first) > int(last):
        raise click.BadParameter(f"{value!r}: give the first and last test year, e.g. 2008-2021")
    return int(first), int(last)


@context_group.command("backtest")
@click.option("--test-years", callback=_year_range, default=None, metavar="FROM-TO",
              help="Years whose armed conflict is forecast (default: 2008 to the last year with UCDP data).")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--figure", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the calibration curves to this SVG file.")
@click.option("--max-data-age", type=click.IntRange(0, 10), default=2, show_default=True,
              help="How many years back a component may look for its latest value.")
@click.option("--l2", type=click.FloatRange(0, None), default=1.0, show_default=True,
              help="Strength of the ridge penalty, as in fit-risk.")
def context_backtest(test_years, output_format, figure, max_data_age, l2):
    """Test the score as a forecast of armed conflict 1 and 2 years ahead, refitted before each test year."""
    require_initialised()
    from salw.context.calibration_figure import calibration_svg
    from salw.context.selectors import risk_backtest
    from salw.core.access import SystemActor
    from salw.core.errors import ValidationFailed

    first, last = test_years or (None, None)
    try:
        result = risk_backtest(SystemActor(), first_year=first, last_year=last, max_data_age_years=max_data_age,
                               l2=l2)
    except ValidationFailed as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_REFUSED)
    if figure:
        figure.write_text(calibration_svg(result), encoding="utf-8")
    if output_format == "json":
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(backtest_text(result))
        if figure:
            click.echo(f"Calibration figure written to {figure}")


def backtest_text(result: dict) -> str:
    from salw.context.backtest import FORECAST_LABELS, HORIZONS, PERSISTENCE, TARGET_KEYS
    from salw.context.fitting import PLAIN_LOGISTIC, SCORE

    first, last = result["settings"]["test_years"]
    lines = [f"Out-of-sample forecasts of UCDP armed conflict (>= 25 battle deaths), test years {first}-{last};",
             "each test year's models are fitted only on outcomes known when the forecast is made.", "",
             f"{'target':<10} {'ahead':>5}  {'forecast':<52} {'AUC':>6} {'Brier':>7} {'n':>6} {'positives':>9}"]
    for key in TARGET_KEYS.values():
        for horizon in (f"h{h}" for h in HORIZONS):
            for name in (SCORE, PLAIN_LOGISTIC, PERSISTENCE):
                figures = result[key][horizon] if name == SCORE else result["baselines"][name][key][horizon]
                lines.append(f"{key:<10} {horizon[1:] + ' y':>5}  {FORECAST_LABELS[name]:<52} "
                             f"{_number(figures['auc'], 3):>6} {_number(figures['brier'], 4):>7} "
                             f"{figures['n']:>6} {figures['positives']:>9}")
        lines.append("")
    lines.append("Calibration of the explained score (forecast band: mean forecast / observed frequency, n)")
    for key in TARGET_KEYS.values():
        for horizon in (f"h{h}" for h in HORIZONS):
            bands = "  ".join(f"{band['from']:g}-{band['to']:g}: {band['mean_forecast']:.3f}/{band['observed']:.3f} "
                              f"({band['n']})" for band in result[key][horizon]["calibration"])
            lines.append(f"  {key} {horizon[1:]} y  {bands}")
    return "\n".join(lines)


def register(cli: click.Group) -> None:
    cli.add_command(context_group)
