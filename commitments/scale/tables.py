"""Writing many rows fast: COPY on PostgreSQL, executemany elsewhere; ids given in Python, the
history derived in SQL, the sequences reset after. Table and column names come from the
models' ``_meta``."""

import datetime
import functools
import json
import tempfile
from collections import Counter
from contextlib import contextmanager

from django.apps import apps
from django.core.management.color import no_style
from django.db.models import Max

# Rows sent per COPY (or executemany): memory stays bounded whatever the total.
CHUNK = 50_000
READ_SIZE = 1 << 20  # what COPY reads at a time
SPOOL_SIZE = 16 << 20  # a spooled table goes to disk beyond this
HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
}


def quote(connection, *names):
    return ", ".join(connection.ops.quote_name(n) for n in names)


def columns(model, fields):
    return [model._meta.get_field(name).column for name in fields]


def column(connection, model, name):
    """The quoted column of ``model``'s field ``name``."""
    return connection.ops.quote_name(model._meta.get_field(name).column)


def history_model(model):
    """The simple_history model of ``model`` (a model, or an m2m through table), or None."""
    history = getattr(model, "history", None)
    if history is not None and hasattr(history, "model"):
        return history.model
    for candidate in apps.get_models():
        if getattr(candidate, "instance_type", None) is model:
            return candidate
    return None


class Ids:
    """The next id of each table: after every id the table or its history ever held, so that a
    seeded row never shares its id with the history of a row deleted before."""

    def __init__(self):
        self.last = {}

    def next(self, model):
        self.prepare(model)
        self.last[model] += 1
        return self.last[model]

    def prepare(self, *models):
        """Read where ``models`` start now (not in the middle of a COPY)."""
        for model in models:
            if model not in self.last:
                self.last[model] = max_id(model)


def max_id(model):
    tables = [model, history_model(model)]
    return max(
        m._base_manager.aggregate(last=Max("id"))["last"] or 0 for m in tables if m is not None
    )


def copy_sql(connection, model, fields):
    return (
        f"COPY {connection.ops.quote_name(model._meta.db_table)} "
        f"({quote(connection, *columns(model, fields))}) FROM STDIN"
    )


def copy_escape(text):
    """``text`` as COPY's text format writes it (backslash, tab and line breaks escaped)."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t")
        text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy_other(value):
    if isinstance(value, str):  # a choice (Role.REPORTER)
        return copy_escape(str(value))
    return value.isoformat()  # a date, or an aware datetime


_COPY_TEXT = {
    type(None): lambda value: r"\N",
    str: copy_escape,
    int: str,
    bool: lambda value: "t" if value else "f",
    list: lambda value: copy_escape(json.dumps(value, ensure_ascii=False)),
    datetime.date: datetime.date.isoformat,
    datetime.datetime: datetime.datetime.isoformat,
}


def copy_text(value):
    """A value as a field of a line of COPY text."""
    return _COPY_TEXT.get(type(value), _copy_other)(value)


def copy_line(row):
    """A row (a tuple of values) as a line of COPY text."""
    return "\t".join(map(copy_text, row)) + "\n"


class Writer:
    """Rows into tables, in chunks; counts what it wrote, table by table."""

    def __init__(self, connection):
        self.connection = connection
        self.counts = Counter()
        self.models = []  # those written, for the sequences and ANALYZE

    @property
    def copies(self):
        return self.connection.vendor == "postgresql"

    def sink(self, model, fields, spool=False):
        """Where to write rows (tuples in the order of ``fields``) of ``model``'s table, a
        chunk at a time; ``spool``: all at the end (on PostgreSQL, while another table is
        being streamed, see :meth:`stream`)."""
        self._add(model)
        if not self.copies:
            return InsertSink(self, model, fields)
        return SpoolSink(self, model, fields) if spool else CopySink(self, model, fields)

    def stream(self, model, fields, rows, line=None):
        """``rows`` (an iterable of tuples) into ``model``'s table. On PostgreSQL one COPY
        reads them as they are made, so that the database stores a row while the next ones
        are drawn; ``line`` makes a row COPY text, faster than :func:`copy_line` can."""
        if not self.copies:
            with self.sink(model, fields) as sink:
                for row in rows:
                    sink.write(row)
            return
        self._add(model)
        lines = _Lines(map(line or copy_line, rows))
        with self.connection.cursor() as cursor:
            cursor.copy_expert(copy_sql(self.connection, model, fields), lines, READ_SIZE)
        self.counts[model._meta.db_table] += lines.count

    @contextmanager
    def bare(self, models):
        """Inside, ``models``' tables have no foreign keys and no indexes but those of their
        primary and unique keys (PostgreSQL); on leaving they get them back, each built at
        once and checked with one query rather than row by row."""
        if not self.copies:
            yield
            return
        tables = [m._meta.db_table for m in models]
        q = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            # A table with checks still pending (rows the caller's transaction wrote) cannot
            # be altered: make them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [tables],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid::regclass::text = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
                [tables],
            )
            indexes = cursor.fetchall()
            for table, name, _definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {q(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {q(name)} {definition}")

    def write_all(self, model, rows):
        """``rows`` (dicts of attnames, all with the same keys) into ``model``'s table."""
        if not rows:
            return
        fields = list(rows[0])
        with self.sink(model, fields) as sink:
            for row in rows:
                sink.write(tuple(row[f] for f in fields))

    def execute(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    def history(self, model, path=(), date_field=None, date=None, user_field=None, user=None):
        """One "+" row in ``model``'s history for each of its rows, ordered by id.

        The date is ``date_field`` of the row reached from it through the foreign keys ``path``
        (the promise of a focus area: ``("promise",)``), or ``date``; the user is the row's
        ``user_field``, or ``user``.
        """
        history = history_model(model)
        connection, q = self.connection, self.connection.ops.quote_name
        copied = [
            f.column for f in history._meta.concrete_fields if f.attname not in HISTORY_FIELDS
        ]
        joins, alias, current = [], "t", model
        for step, name in enumerate(path):
            fk = current._meta.get_field(name)
            target = fk.related_model
            joins.append(
                f"JOIN {q(target._meta.db_table)} j{step} "
                f"ON j{step}.{q(target._meta.pk.column)} = {alias}.{q(fk.column)}"
            )
            alias, current = f"j{step}", target
        date_sql = (
            f"{alias}.{q(current._meta.get_field(date_field).column)}" if date_field else "%s"
        )
        user_sql = f"t.{q(model._meta.get_field(user_field).column)}" if user_field else "%s"
        params = []
        if not date_field:
            params.append(
                history._meta.get_field("history_date").get_db_prep_save(date, connection)
            )
        if not user_field:
            params.append(user)
        field = functools.partial(column, connection, history)
        sql = (
            f"INSERT INTO {q(history._meta.db_table)} ({quote(connection, *copied)}, "
            f"{field('history_date')}, {field('history_change_reason')}, "
            f"{field('history_type')}, {field('history_user')}) "
            f"SELECT {', '.join(f't.{q(c)}' for c in copied)}, {date_sql}, NULL, '+', {user_sql} "
            f"FROM {q(model._meta.db_table)} t {' '.join(joins)} "
            f"ORDER BY t.{q(model._meta.pk.column)}"
        )
        self.counts[history._meta.db_table] += self.execute(sql, params)
        self._add(history)

    def m2m_history(self, through, owner):
        """The m2m history rows of ``through``'s rows, each on its owner's one history row."""
        history = history_model(through)
        owner_history = history_model(through._meta.get_field(owner).related_model)
        q = self.connection.ops.quote_name
        copied = [f.column for f in through._meta.concrete_fields]
        owner_column = through._meta.get_field(owner).column
        sql = (
            f"INSERT INTO {q(history._meta.db_table)} ({quote(self.connection, *copied)}, "
            f"{column(self.connection, history, 'history')}) "
            f"SELECT {', '.join(f't.{q(c)}' for c in copied)}, "
            f"h.{column(self.connection, owner_history, 'history_id')} "
            f"FROM {q(through._meta.db_table)} t JOIN {q(owner_history._meta.db_table)} h "
            f"ON h.{column(self.connection, owner_history, 'id')} = t.{q(owner_column)} "
            f"ORDER BY t.{q(through._meta.pk.column)}"
        )
        self.counts[history._meta.db_table] += self.execute(sql)
        self._add(history)

    def _add(self, model):
        if model not in self.models:
            self.models.append(model)

    def reset_sequences(self):
        """So that the app's own inserts continue after the ids given here."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.models)
        for statement in statements:
            self.execute(statement)

    def analyze(self):
        """Fresh statistics on PostgreSQL, so that the first plans are right."""
        if self.connection.vendor != "postgresql":
            return
        q = self.connection.ops.quote_name
        for model in self.models:
            self.execute(f"ANALYZE {q(model._meta.db_table)}")


class Sink:
    def __init__(self, writer, model, fields):
        self.writer, self.model, self.fields = writer, model, fields
        self.table = model._meta.db_table
        self.columns = columns(model, fields)
        self.pending = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.flush()

    def write(self, row):
        self.pending.append(self.convert(row))
        if len(self.pending) >= CHUNK:
            self.flush()

    def flush(self):
        if self.pending:
            self.send(self.pending)
            self.writer.counts[self.table] += len(self.pending)
            self.pending = []


class CopySink(Sink):
    def convert(self, row):
        return copy_line(row)

    def send(self, lines):
        with self.writer.connection.cursor() as cursor:
            cursor.copy_expert(self.sql(), _Lines(lines), READ_SIZE)

    def sql(self):
        return copy_sql(self.writer.connection, self.model, self.fields)


class SpoolSink(CopySink):
    """Lines kept in a temporary file (on disk past a few MiB), copied on leaving."""

    def __enter__(self):
        self.file = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE, mode="w+")
        self.rows = 0
        return self

    def __exit__(self, *exc):
        with self.file:
            if exc[0] is None and self.rows:
                self.file.seek(0)
                with self.writer.connection.cursor() as cursor:
                    cursor.copy_expert(self.sql(), self.file, READ_SIZE)
                self.writer.counts[self.table] += self.rows

    def write(self, row):
        self.file.write(copy_line(row))
        self.rows += 1


class _Lines:
    """A file of the given lines, read by COPY in pieces; counts them."""

    def __init__(self, lines):
        self.lines = iter(lines)
        self.count = 0

    def read(self, size):
        piece, length = [], 0
        for line in self.lines:
            piece.append(line)
            length += len(line)
            if length >= size:
                break
        self.count += len(piece)
        return "".join(piece)


class InsertSink(Sink):
    def __init__(self, writer, model, fields):
        super().__init__(writer, model, fields)
        ops = writer.connection.ops
        # What the database backend makes of each kind of value (as the fields' own
        # get_db_prep_save does, at a fraction of the cost).
        self.adapt = {
            datetime.datetime: ops.adapt_datetimefield_value,
            datetime.date: ops.adapt_datefield_value,
            list: lambda value: ops.adapt_json_value(value, None),
        }

    def convert(self, row):
        adapt = self.adapt
        return [adapt[type(v)](v) if type(v) in adapt else v for v in row]

    def send(self, rows):
        connection = self.writer.connection
        marks = ", ".join(["%s"] * len(self.columns))
        sql = (
            f"INSERT INTO {connection.ops.quote_name(self.table)} "
            f"({quote(connection, *self.columns)}) VALUES ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
