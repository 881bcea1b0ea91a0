"""``salw init`` and ``salw demo``: prepare a data directory, load the synthetic demo set."""

from __future__ import annotations

import os
import sys

import click

from salw.cli.bootstrap import data_dir, migrate
from salw.cli.output import refuse


def ensure_initialised(country: str = "", verbose: bool = False) -> bool:
    """Migrate, load vocabularies and country context, and create the national jurisdiction if not done yet.

    Returns True when anything was done.
    """
    from django.conf import settings

    from salw.context.models import DataRelease
    from salw.core.access import SystemActor
    from salw.core.selectors import national_jurisdiction
    from salw.core.services import jurisdiction_create
    from salw.interchange.context_files import context_shipped_load
    from salw.licensing.services import embargoes_seed_load
    from salw.vocabularies.models import Country, TranslatedName
    from salw.vocabularies.services import vocabularies_load

    changed = migrate(verbose) is not None
    actor = SystemActor()
    # An installation made before vocabulary names were translated gets them on its next init.
    if not Country.objects.exists() or not TranslatedName.objects.exists():
        vocabularies_load(actor=actor)
        changed = True
    if not DataRelease.objects.exists():
        context_shipped_load(actor=actor)
        changed = True
    # Seed entries already present (or withdrawn by the administrator) are left as they are.
    if embargoes_seed_load(actor=actor):
        changed = True
    if national_jurisdiction() is None:
        country = (country or settings.SALW_OPTIONS["country"]).upper()
        name = "National"
        if country:
            known = Country.objects.filter(iso3=country).first()
            if known is None:
                refuse(f"--country: {country!r} is not an ISO 3166-1 alpha-3 code")
            name = known.name
        jurisdiction_create(actor=actor, code=country or "NATIONAL", name=name, kind="national", country=country)
        changed = True
    return changed


@click.command()
@click.option("--country", default="", help="ISO alpha-3 code of the country this installation serves.")
@click.option("--admin", "admin_username", default=None,
              help="Create the first administrator with this user name.")
@click.option("--admin-email", default="", help="E-mail address of the first administrator.")
@click.option("--password-env", default="SALW_ADMIN_PASSWORD", show_default=True,
              help="Environment variable holding the administrator's password (otherwise asked).")
def init(country, admin_username, admin_email, password_env):
    """Prepare an empty data directory: database, vocabularies, national jurisdiction."""
    from salw.accounts.selectors import administrators_exist

    changed = ensure_initialised(country, verbose=False)
    if admin_username is None and not administrators_exist() and sys.stdin.isatty():
        admin_username = click.prompt("User name of the first administrator", default="admin")
    if admin_username:
        _create_admin(admin_username, admin_email, password_env)
    click.echo(f"{'Initialised' if changed else 'Already initialised:'} {data_dir()}")


def _create_admin(username: str, email: str, password_env: str) -> None:
    from salw.accounts.services import user_create
    from salw.core.access import SystemActor
    from salw.core.roles import ADMINISTRATOR
    from salw.core.selectors import national_jurisdiction

    password = os.environ.get(password_env)
    if not password:
        if not sys.stdin.isatty():
            refuse(f"no password: set {password_env} or run `salw init` on a terminal")
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user_create(actor=SystemActor(), username=username, password=password, email=email,
                roles=[(ADMINISTRATOR, national_jurisdiction(), "capture")])
    click.echo(f"Administrator {username!r} created.")


@click.command()
@click.option("--weapons", type=int, default=20_000, show_default=True, help="How many synthetic weapons.")
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--if-empty", is_flag=True, help="Do nothing when the registry already holds weapons.")
def demo(weapons, seed, if_empty):
    """Load the synthetic Sierra Leone demo registry (clearly labelled as synthetic)."""
    from salw.cli.output import progress
    from salw.core.access import SystemActor
    from salw.interchange.demo_loader import demo_load
    from salw.registry.models import Weapon

    ensure_initialised("SLE")
    if if_empty and Weapon.objects.exists():
        click.echo("The registry already holds weapons; demo not loaded.")
        if Weapon.objects.filter(source="synthetic-demo").exists():
            _demo_accounts()
        return
    with progress("Loading demo data", weapons) as advance:
        summary = demo_load(actor=SystemActor(), weapons=weapons, seed=seed, on_progress=advance)
    click.echo(f"Demo loaded: {summary['weapons']} synthetic weapons, {summary['events']} events, "
               f"{summary['jurisdictions']} jurisdictions.")
    _demo_accounts()


DEMO_PASSWORD = "salw-demo-2026"
DEMO_ACCOUNTS = (
    ("demo-admin", "administrator", "SLE", "capture"),
    ("demo-registrar-east", "registrar", "SL-E", "capture"),
    ("demo-analyst", "analyst", "SLE", "view"),
)


def _demo_accounts() -> None:
    """Accounts to try the demo with; the password is public, like the data is synthetic."""
    from django.contrib.auth import get_user_model

    from salw.accounts.services import user_create
    from salw.core.access import SystemActor
    from salw.core.models import Jurisdiction

    User = get_user_model()
    for username, role, code, scope in DEMO_ACCOUNTS:
        jurisdiction = Jurisdiction.objects.filter(code=code).first()
        if jurisdiction is None or User.objects.filter(username=username).exists():
            continue
        user_create(actor=SystemActor(), username=username, password=DEMO_PASSWORD,
                    roles=[(role, jurisdiction, scope)])
    click.echo("Demo accounts (password " + DEMO_PASSWORD + "): "
               + ", ".join(f"{name} ({role})" for name, role, _, _ in DEMO_ACCOUNTS))


def register(group: click.Group) -> None:
    group.add_command(init)
    group.add_command(demo)
