"""``salw serve``: the web app and the API, on this machine or the office network."""

from __future__ import annotations

import click

from salw.cli.bootstrap import data_dir


@click.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1; --lan binds 0.0.0.0).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--lan", is_flag=True, default=None, help="Share the app on the office network.")
@click.option("--threads", type=int, default=8, show_default=True, help="Worker threads.")
def serve(host, port, lan, threads):
    """Serve the web app and the API (also what bare `salw` does)."""
    from django.conf import settings
    from waitress import serve as waitress_serve

    from salw.cli.setup import ensure_initialised
    from salw.web.wsgi import application

    ensure_initialised()
    options = settings.SALW_OPTIONS
    lan = options["lan"] if lan is None else lan
    if lan:
        settings.ALLOWED_HOSTS[:] = ["*"]
    bind_host = host or ("0.0.0.0" if lan else options["host"])
    bind_port = port or options["port"]
    _warm_up()
    click.echo(f"salw is serving {data_dir()} at http://{'127.0.0.1' if bind_host == '0.0.0.0' else bind_host}:{bind_port}/"
               + (" and on the office network" if lan else "") + "  (Ctrl+C stops it)")
    waitress_serve(application, host=bind_host, port=bind_port, threads=threads, ident="salw")


def _warm_up() -> None:
    """While the server starts taking requests: give SQLite fresh planner statistics (it keeps none
    on its own; PostgreSQL's autovacuum does), then load or build the marking search index."""
    import threading

    from django.db import connection

    from salw.core.bulk import refresh_planner_statistics
    from salw.tracing.matching import current_index

    def warm():
        try:
            if connection.vendor == "sqlite":
                refresh_planner_statistics()
            current_index()
        finally:
            connection.close()  # this thread's own connection

    threading.Thread(target=warm, name="warm-up", daemon=True).start()


def register(group: click.Group) -> None:
    group.add_command(serve)
