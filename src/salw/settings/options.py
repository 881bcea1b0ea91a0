"""Every option salw understands, declared once.

An option's value comes from, in order of precedence: the command line (where the
CLI exposes it), the ``SALW_*`` environment variable, the ``[salw]`` section of
``salw.ini`` in the data directory, then the default. ``docs/configuration.md`` is
checked against this table by a test, so the two cannot drift apart.
"""

from __future__ import annotations

import configparser
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

CONFIG_FILE_NAME = "salw.ini"
SECRET_KEY_FILE_NAME = "secret_key"


class ConfigurationError(Exception):
    """An option has a value salw cannot use."""


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {text!r}")


@dataclass(frozen=True)
class Option:
    name: str
    parse: Callable[[str], Any]
    default: Any
    help: str

    @property
    def env_var(self) -> str:
        return "SALW_" + self.name.upper()


OPTIONS: tuple[Option, ...] = (
    Option("data_dir", Path, None,
           "Directory holding the database, uploaded files, backups and the secret key. "
           "Default: the per-user data directory of the operating system."),
    Option("database_url", str, "",
           "PostgreSQL connection URL (postgres://user:password@host:port/name). "
           "Empty means SQLite in the data directory."),
    Option("language", str, "en",
           "Default language of the interface: en, fr, es, ar, ru, zh-hans or pt."),
    Option("country", str, "",
           "ISO 3166-1 alpha-3 code of the country this installation serves; names the "
           "national jurisdiction created by `salw init`."),
    Option("host", str, "127.0.0.1", "Address the web server binds to."),
    Option("port", int, 8000, "Port the web server listens on."),
    Option("lan", _parse_bool, False,
           "Share the web app on the office network (binds to 0.0.0.0 and accepts any host name)."),
    Option("debug", _parse_bool, False, "Show detailed error pages. Never on a shared network."),
    Option("sqlite_busy_timeout", float, 20.0,
           "Seconds a SQLite writer waits for another writer before giving up."),
    Option("trace_response_days", int, 30,
           "Days a State is given to answer a trace request before it counts as overdue "
           "(a local policy: the ITI sets no fixed deadline)."),
    Option("photo_max_mb", float, 10.0,
           "Largest photograph of markings accepted, in megabytes."),
)

OPTIONS_BY_NAME = {option.name: option for option in OPTIONS}


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("salw", appauthor=False))


def _read_config_file(data_dir: Path) -> dict[str, str]:
    path = data_dir / CONFIG_FILE_NAME
    if not path.exists():
        return {}
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    return dict(parser["salw"]) if parser.has_section("salw") else {}


def resolve(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return every option's effective value."""
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    data_dir = overrides.get("data_dir") or os.environ.get("SALW_DATA_DIR") or default_data_dir()
    data_dir = Path(data_dir).expanduser().resolve()
    from_file = _read_config_file(data_dir)
    values: dict[str, Any] = {"data_dir": data_dir}
    for option in OPTIONS:
        if option.name == "data_dir":
            continue
        if option.name in overrides:
            values[option.name] = overrides[option.name]
        elif option.env_var in os.environ:
            values[option.name] = _parse_option(option, os.environ[option.env_var], option.env_var)
        elif option.name in from_file:
            values[option.name] = _parse_option(
                option, from_file[option.name], f"{data_dir / CONFIG_FILE_NAME} [salw] {option.name}"
            )
        else:
            values[option.name] = option.default
    return values


def _parse_option(option: Option, text: str, origin: str) -> Any:
    try:
        return option.parse(text)
    except ValueError as error:
        raise ConfigurationError(f"{origin}: {error}") from None


def secret_key(data_dir: Path) -> str:
    """The installation's secret key: generated on first use, then kept in the data directory."""
    path = data_dir / SECRET_KEY_FILE_NAME
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="ascii")
    path.chmod(0o600)
    return key
