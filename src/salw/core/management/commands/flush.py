"""``flush`` that respects the append-only tables.

The test suite empties the database between transactional tests. Append-only
triggers would refuse that, so this command lifts them for the flush and puts them
back, and only where the settings allow flushing at all (the test settings do).
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from salw.core.triggers import APPEND_ONLY_TABLES, set_append_only


class Command(DjangoFlush):
    def handle(self, **options):
        if not getattr(settings, "SALW_ALLOW_FLUSH", False):
            raise CommandError(_("salw refuses to flush: the audit log and lifecycle events are append-only"))
        connection = connections[options["database"]]
        present = set(connection.introspection.table_names())
        tables = [table for table in APPEND_ONLY_TABLES if table in present]
        for table in tables:
            set_append_only(connection, table, enabled=False)
        try:
            super().handle(**options)
        finally:
            for table in tables:
                set_append_only(connection, table, enabled=True)
        after_flush = getattr(settings, "SALW_AFTER_FLUSH", "")
        if after_flush:
            import_string(after_flush)()
