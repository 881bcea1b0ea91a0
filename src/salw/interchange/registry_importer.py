"""Import registry records (interchange.md §1): validate everything, then apply all or nothing.

One pass over the file does both: rows are validated and written in batches inside
one transaction; after the first problem nothing more is written, every further row is
still checked so the report is complete, and the transaction is rolled back. A dry run
rolls back even when the file is clean, so it reports exactly what an import would do.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.core.audit import actor_identity, audit_record
from salw.core.bulk import refresh_planner_statistics
from salw.core.errors import Problem
from salw.core.ids import uuid7
from salw.core.models import Jurisdiction
from salw.interchange.registry_format import (
    RecordValidator,
    RegistryRecord,
    header_problems,
)
from salw.interchange.registry_writer import RegistryWriter
from salw.interchange.tables import Table, UnreadableFile, file_sha256, normalise_header, open_table
from salw.interchange.validation_pipeline import validated_batches
from salw.registry.models import Event, ImportBatch, Marking, Weapon
from salw.vocabularies.selectors import vocabulary_resolver

MAX_REPORTED_PROBLEMS = 1000
# An import this large changes the tables enough for the query planner to need new statistics.
LARGE_IMPORT_ROWS = 10_000


@dataclass
class ImportReport:
    file: str
    encoding: str = ""
    delimiter: str = ""
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    batch_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add_problems(self, problems: list[Problem]) -> None:
        self.problem_count += len(problems)
        room = MAX_REPORTED_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])

    def as_dict(self) -> dict:
        return {
            "file": self.file, "encoding": self.encoding, "delimiter": self.delimiter,
            "dry_run": self.dry_run, "rows": self.rows, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "problem_count": self.problem_count,
            "problems": [problem.describe() for problem in self.problems], "batch_id": self.batch_id,
        }


class _Rollback(Exception):
    """Raised inside the import transaction to undo it (problems found, or a dry run)."""


def import_registry_file(*, actor, path: Path, source: str = "local", jurisdiction: Jurisdiction | None = None,
                    encoding: str | None = None, delimiter: str | None = None, date_format: str | None = None,
                    dry_run: bool = False, allow_extra_columns: bool = False,
                    on_progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import a registry file. Returns the report; on problems, nothing was changed."""
    path = Path(path)
    if jurisdiction is None:
        return ImportReport(file=path.name, problems=[Problem(message=_("no national jurisdiction yet; run "
                                                                        "`salw init`"))], problem_count=1)
    report = ImportReport(file=path.name, dry_run=dry_run)
    try:
        table = open_table(path, encoding=encoding, delimiter=delimiter)
    except UnreadableFile as error:
        report.add_problems([error.problem])
        return report
    report.encoding, report.delimiter = table.encoding, table.delimiter
    try:
        header = [normalise_header(name) for name in table.header]
        while header and not header[-1]:
            header.pop()
        problems = header_problems(table.name, header, allow_extra=allow_extra_columns)
        if problems:
            report.add_problems(problems)
            return report
        try:
            validator = RecordValidator(file_name=table.name, header=header, resolver=vocabulary_resolver(),
                                        default_source=source, date_format=date_format)
        except ValueError as error:
            report.add_problems([Problem(file=table.name, message=str(error))])
            return report
        try:
            with transaction.atomic():
                _ImportRun(actor, table, validator, report, jurisdiction, path, on_progress).run()
                if not report.ok or dry_run or not (report.created or report.updated):
                    raise _Rollback
            if report.created + report.updated >= LARGE_IMPORT_ROWS:
                refresh_planner_statistics(Weapon, Event, Marking)
        except _Rollback:
            report.batch_id = None
        except UnreadableFile as error:
            report.add_problems([error.problem])
            report.batch_id = None
    finally:
        table.close()
    return report


class _ImportRun:
    def __init__(self, actor, table: Table, validator: RecordValidator, report: ImportReport,
                 jurisdiction: Jurisdiction, path: Path, on_progress):
        self.actor = actor
        self.table = table
        self.validator = validator
        self.report = report
        self.root = jurisdiction
        self.path = path
        self.on_progress = on_progress
        self.now = timezone.now()
        self.batch = ImportBatch(
            id=uuid7(), source=validator.default_source, file_name=table.name[:500], file_sha256="",
            started_at=self.now, actor_name=actor_identity(actor)[1],
        )
        self.writer: RegistryWriter | None = None
        self.identity_hashes = array("q")
        self.pending: list[RegistryRecord] = []
        # Sources with no weapons yet (a first import) need no look-up of existing records;
        # a record_id repeated in the file then surfaces as a unique-key error instead.
        self.source_was_empty: dict[str, bool] = {}
        self.write_failed = False

    def run(self) -> None:
        report = self.report
        for batch in validated_batches(self.path, encoding=self.table.encoding or None,
                                       delimiter=self.table.delimiter or None, validator=self.validator):
            for _row, record, problems in batch.items:
                report.rows += 1
                if problems:
                    report.add_problems(problems)
                    self.pending.clear()
                    continue
                self.identity_hashes.append(hash((record.source, record.record_id)))
                if report.ok and not self.write_failed:
                    self.pending.append(record)
            if report.ok and not self.write_failed:
                self._apply_pending()
            if self.on_progress:
                self.on_progress(batch.bytes_read, self.table.size_bytes)
        self._check_duplicate_ids()
        if self.write_failed and report.ok:
            report.add_problems([Problem(file=self.table.name, message=_("the database refused the records "
                                                                         "(a record_id used twice?); nothing "
                                                                         "was changed"))])
        if report.ok and (report.created or report.updated):
            self._finish_batch()

    # -- duplicates -------------------------------------------------------------------------

    def _check_duplicate_ids(self) -> None:
        """Duplicate record ids, found from 8-byte hashes so ten million rows fit in memory."""
        hashes = self.identity_hashes
        if len(hashes) < 2:
            return
        import numpy

        values = numpy.frombuffer(hashes, dtype=numpy.int64).copy()
        values.sort()
        repeated = values[1:][values[1:] == values[:-1]]
        if not len(repeated):
            return
        suspects = set(int(v) for v in numpy.unique(repeated))
        rows_by_id: dict[tuple[str, str], list[int]] = {}
        table = open_table(self.path, encoding=self.table.encoding or None, delimiter=self.table.delimiter or None)
        try:
            for row_number, cells in table.rows:
                if not any(cells):
                    continue
                record, problems = self.validator.validate(row_number, cells)
                if record is not None and hash((record.source, record.record_id)) in suspects:
                    rows_by_id.setdefault((record.source, record.record_id), []).append(row_number)
        finally:
            table.close()
        for (_source, record_id), rows in rows_by_id.items():
            if len(rows) > 1:
                shown = ", ".join(map(str, rows[:5])) + (" ..." if len(rows) > 5 else "")
                message = _("the same record_id is on rows %(rows)s; each weapon must appear once") % {"rows": shown}
                self.report.add_problems([Problem(
                    file=self.table.name, row=row, column="record_id", value=record_id, message=message,
                ) for row in rows[1:]])

    # -- writing ----------------------------------------------------------------------------

    def _writer(self) -> RegistryWriter:
        if self.writer is None:
            self.batch.save(force_insert=True)
            self.writer = RegistryWriter(actor=self.actor, root=self.root, import_batch_id=self.batch.id)
        return self.writer

    def _apply_pending(self) -> None:
        records, self.pending = self.pending, []
        if not records:
            return
        by_identity: dict[tuple[str, str], RegistryRecord] = {}
        for record in records:
            # A repeat inside one batch is reported by the duplicate check; write the first only.
            by_identity.setdefault((record.source, record.record_id), record)
        writer = self._writer()
        existing = writer.existing(identity for identity in by_identity
                                   if not self._known_empty(identity[0]))
        writer.prepare_holders(by_identity.values())
        for identity, record in by_identity.items():
            current = existing.get(identity)
            if current is None:
                writer.create(record)
                self.report.created += 1
            elif current["row_hash"] == record.fingerprint:
                self.report.unchanged += 1
            else:
                problem = writer.update(record, current)
                if problem:
                    self.report.add_problems([replace(problem, file=self.table.name)])
                else:
                    self.report.updated += 1
        try:
            writer.flush()
        except IntegrityError:
            # Stop writing; the duplicate check at the end names the rows, and all is rolled back.
            self.write_failed = True

    def _known_empty(self, source: str) -> bool:
        """Whether the source held no weapons when this import first met it."""
        if source not in self.source_was_empty:
            self.source_was_empty[source] = not Weapon.objects.filter(source=source).exists()
        return self.source_was_empty[source]

    def _finish_batch(self) -> None:
        self._writer().close()
        batch = self.batch
        batch.file_sha256 = file_sha256(self.path)
        batch.finished_at = timezone.now()
        batch.rows, batch.created = self.report.rows, self.report.created
        batch.updated, batch.unchanged = self.report.updated, self.report.unchanged
        batch.save(update_fields=["file_sha256", "finished_at", "rows", "created", "updated", "unchanged"])
        self.report.batch_id = str(batch.id)
        audit_record(actor=self.actor, action="registry_import", object_type="import_batch", object_id=batch.id,
                     changes={"file": batch.file_name, "sha256": batch.file_sha256, "rows": batch.rows,
                              "created": batch.created, "updated": batch.updated, "unchanged": batch.unchanged})

