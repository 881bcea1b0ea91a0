"""Run the real ``salw`` command in child processes, each installation with a database of its own.

The child never touches the pytest-django test database: it gets a fresh data directory and,
when ``SALW_DATABASE_URL`` (PostgreSQL) is set for the test run, a freshly created database on
the same server, dropped again after the test. Without it the child uses SQLite in its data
directory.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

SRC_DIR = Path(__file__).resolve().parents[2] / "src"
SQLITE_FILE_NAME = "salw.sqlite3"
CHILD_TIMEOUT = 180  # seconds; a hung child fails the test instead of hanging the suite


def _server_url() -> str | None:
    url = os.environ.get("SALW_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _child_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SALW_")}
    # pytest-django exported the test settings; the child must use the runtime settings.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["SALW_DATA_DIR"] = str(data_dir)
    if database_url:
        env["SALW_DATABASE_URL"] = database_url
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC_DIR), os.environ.get("PYTHONPATH", "")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    env["NO_COLOR"] = "1"
    return env


class SalwCli:
    """One installation: a data directory and (on PostgreSQL) a database of its own."""

    def __init__(self, data_dir: Path, database_url: str | None):
        self.data_dir = data_dir
        self.database_url = database_url
        self.env = _child_env(data_dir, database_url)
        self._popen_count = 0

    @property
    def vendor(self) -> str:
        return "postgresql" if self.database_url else "sqlite"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / SQLITE_FILE_NAME

    def command(self, *args) -> list[str]:
        return [sys.executable, "-m", "salw", *map(str, args)]

    def run(self, *args, input: str | None = None, check: int | bool | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        """Run ``salw ARGS``; ``check`` is the expected exit code (True means 0), None checks nothing."""
        result = subprocess.run(
            self.command(*args), input=input, stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True, text=True, encoding="utf-8", env={**self.env, **(env or {})},
            cwd=self.data_dir.parent, timeout=CHILD_TIMEOUT,
        )
        expected = 0 if check is True else check
        if expected is not None and expected is not False:
            assert result.returncode == expected, (
                f"`salw {' '.join(map(str, args))}` exited {result.returncode}, expected {expected}\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        return result

    def popen(self, *args) -> subprocess.Popen:
        """Start ``salw ARGS`` without waiting; its output goes to ``popen_output()`` files, not pipes
        (a helper process that outlives a killed child would keep a pipe open for ever)."""
        self._popen_count += 1
        stdout, stderr = self.popen_output(self._popen_count)
        with open(stdout, "wb") as out, open(stderr, "wb") as err:
            return subprocess.Popen(self.command(*args), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    env=self.env, cwd=self.data_dir.parent)

    def popen_output(self, number: int | None = None) -> tuple[Path, Path]:
        number = number or self._popen_count
        base = self.data_dir.parent / f"{self.data_dir.name}-popen-{number}"
        return base.with_suffix(".stdout"), base.with_suffix(".stderr")

    def processes(self) -> list[int]:
        """Ids of the live processes working on this installation (children and their helpers).

        Found by the SALW_DATA_DIR in their environment, which only processes started for this
        installation (and the helpers they spawn) carry.
        """
        marker = f"SALW_DATA_DIR={self.data_dir}".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                environ = (entry / "environ").read_bytes()
                state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
            except OSError:
                continue
            if marker in environ.split(b"\0") and state != "Z":
                found.append(int(entry.name))
        return sorted(found)

    def kill_leftovers(self) -> list[int]:
        """SIGKILL, by id, the processes of ``processes()``; return their ids."""
        pids = self.processes()
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return pids

    def init(self, country: str = "SLE") -> None:
        self.run("init", "--country", country, check=0)

    def stats(self) -> dict:
        result = self.run("stats", "--format", "json", check=0)
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        assert len(lines) == 1, f"expected one JSON line, got {result.stdout!r}"
        counts = json.loads(lines[0])
        assert isinstance(counts, dict), counts
        return counts

    # -- direct database access (inspection and tampering, outside salw) -------------------------

    def connect(self):
        """A DB-API connection to this installation's database, autocommitting."""
        if self.database_url:
            import psycopg

            return psycopg.connect(self.database_url, autocommit=True)
        assert self.sqlite_path.exists(), f"no database at {self.sqlite_path}"
        return sqlite3.connect(self.sqlite_path, isolation_level=None, timeout=30)

    def sql(self, statement: str, params: tuple = ()) -> list[tuple]:
        """Execute one statement (``?`` placeholders on both databases); return the rows, if any."""
        if self.database_url:
            statement = statement.replace("?", "%s")
        connection = self.connect()
        try:
            cursor = connection.cursor()
            cursor.execute(statement, params)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            connection.close()


def database_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [sqlite3.DatabaseError]
    try:
        import psycopg

        errors.append(psycopg.DatabaseError)
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    return tuple(errors)


class _PostgresServer:
    """Creates and drops the per-installation databases on the server of SALW_DATABASE_URL."""

    def __init__(self, url: str):
        self.url = url
        self.created: list[str] = []

    def _admin(self):
        import psycopg

        return psycopg.connect(_with_database(self.url, "postgres"), autocommit=True)

    def create(self) -> str:
        name = f"salw_cli_{secrets.token_hex(6)}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return _with_database(self.url, name)

    def drop_all(self) -> None:
        with self._admin() as connection:
            for name in self.created:
                # FORCE: a child killed mid-import may leave a backend behind for a moment.
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()


@pytest.fixture
def salw_installation(tmp_path):
    """Factory: ``salw_installation(name, sqlite=False)`` -> a new, empty installation."""
    server_url = _server_url()
    server = _PostgresServer(server_url) if server_url else None
    made: set[str] = set()
    installations: list[SalwCli] = []

    def make(name: str = "data", *, sqlite: bool = False) -> SalwCli:
        assert name not in made, f"installation {name!r} already made in this test"
        made.add(name)
        data_dir = tmp_path / name
        database_url = server.create() if server and not sqlite else None
        installation = SalwCli(data_dir, database_url)
        installations.append(installation)
        return installation

    yield make
    for cli in installations:
        # Safety net: a test that killed or abandoned a child must not leave processes behind.
        if Path("/proc").is_dir():
            cli.kill_leftovers()
    if server:
        server.drop_all()


@pytest.fixture
def salw_cli(salw_installation) -> SalwCli:
    """The installation most tests use (data directory not created yet, database empty)."""
    return salw_installation("data")


@pytest.fixture
def on_postgres() -> bool:
    return _server_url() is not None
