"""The demo for the tests that need it whole, loaded once and then copied in.

A browser test runs against the live server, so its database is emptied after it (a
transactional test), and any test's rows are rolled back after it: the next one loads the demo
again, a second and a half of imports, validation and history each time, for 150 tests, on
both databases. :func:`load_demo`
loads it the first time in a process for a day (the demo is what has happened by ``today``),
copies every row it wrote, and from then on writes those rows back with plain INSERTs in one
transaction: the same rows, ids and all, in a fraction of the time.

Only the rows the demo added are copied: those already there (a data migration's group of local
admins, unless a transactional test emptied the tables) decide which copy fits. Content types
and permissions are made again after each emptying (Django's post_migrate), under new ids, so
rows that point at them are kept by natural key (app label, model, codename) and pointed at the
new ids when written back. A database that already holds a promise, an organisation or a user
is given the demo the slow way.
"""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from commitments import demo
from commitments.models import Organisation, Promise

# Made by post_migrate after every emptying; never copied, only pointed at.
REMADE = (ContentType, Permission)
_copies = {}


def load_demo(today=None):
    """:func:`commitments.demo.load_demo`, copied in after the first time; returns the promise."""
    today = today or timezone.localdate()
    if _holds_rows():
        return demo.load_demo(today)
    before = _state()
    # The rows already there (those of data migrations, unless a transactional test emptied
    # the tables) decide what the demo adds to them: a copy for each such state.
    key = (connection.vendor, connection.settings_dict["NAME"], today, _signature(before))
    copy = _copies.get(key)
    if copy is None:
        promise = demo.load_demo(today)
        _copies[key] = _take(before)
        return promise
    _write_back(copy)
    return Promise.objects.get(slug=demo.SLUG)


def _holds_rows():
    return (
        Promise.objects.exists()
        or Organisation.objects.exists()
        or get_user_model().objects.exists()
    )


def _state():
    """The primary keys in each table of ``_tables()`` now, by model."""
    state = {}
    with connection.cursor() as cursor:
        for model in _tables():
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT {pk} FROM {connection.ops.quote_name(model._meta.db_table)}")
            state[model] = frozenset(row[0] for row in cursor.fetchall())
    return state


def _signature(state):
    """``state`` as a key: each non-empty table with its keys."""
    tables = [(m._meta.db_table, tuple(sorted(map(str, pks)))) for m, pks in state.items() if pks]
    return tuple(sorted(tables))


def _tables():
    """Every model's table but those post_migrate makes (link tables included)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if not issubclass(model, REMADE) and model._meta.managed and not model._meta.proxy
    ]


def _pointers(model):
    """The columns of ``model`` that point at a content type or a permission: {column: model}."""
    return {
        field.column: field.related_model
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in REMADE
    }


def _natural_keys():
    types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    permissions = {p.pk: (*types[p.content_type_id], p.codename) for p in Permission.objects.all()}
    return {ContentType: types, Permission: permissions}


def _take(before):
    """The rows the demo added to each table of ``_tables()`` (those not in ``before``):
    (model, columns, rows) of each table it added to."""
    keys = _natural_keys()
    copy = []
    with connection.cursor() as cursor:
        for model in _tables():
            columns = [field.column for field in model._meta.concrete_fields]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT {quoted} FROM {table}")
            key = columns.index(model._meta.pk.column)
            rows = [row for row in cursor.fetchall() if row[key] not in before[model]]
            if not rows:
                continue
            pointers = _pointers(model)
            if pointers:
                at = {columns.index(c): keys[target] for c, target in pointers.items()}
                rows = [
                    tuple(at[i].get(v, v) if i in at and v is not None else v
                          for i, v in enumerate(row))
                    for row in rows
                ]  # fmt: skip
            if connection.vendor == "sqlite":
                rows = [tuple(map(_as_stored, row)) for row in rows]
            copy.append((model, columns, rows))
    return copy


def _as_stored(value):
    """A value read from SQLite as Django stores it: days and moments as their text (Python's
    own adapters for them are deprecated)."""
    return str(value) if isinstance(value, datetime.date | datetime.time) else value


def _write_back(copy):
    known = _natural_keys()
    ids = {target: {key: pk for pk, key in keys.items()} for target, keys in known.items()}
    with transaction.atomic(), connection.cursor() as cursor:
        for model, columns, rows in copy:
            pointers = _pointers(model)
            if pointers:
                at = {columns.index(c): ids[target] for c, target in pointers.items()}
                rows = [
                    tuple(at[i][v] if i in at and v is not None else v for i, v in enumerate(row))
                    for row in rows
                ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)
        # The next row each table gives itself comes after the copied ones (PostgreSQL).
        for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _, _ in copy]):
            cursor.execute(statement)
