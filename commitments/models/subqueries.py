"""Small scalar subqueries about each row of a query, written as SQL.

A page asks some of them on every request (who the promise's other parties are; who took part in
each activity of an export): built as QuerySets, they cost more Python than their query took in
the database, and a prefetch would be one query more for every thousand rows.
"""

from django.db import models
from django.db.models import Expression


class OnTheRow(Expression):
    """A scalar subquery about each row of the query's own table: ``sql_for`` returns it with
    ``{row}`` where the row's id goes."""

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.base_table)
        return "(" + self.sql_for(connection).format(row=f"{alias}.id") + ")", []

    def sql_for(self, connection):
        raise NotImplementedError


class JoinedOrganisationIds(OnTheRow):
    """The ``organisation_id``s of a many-to-many table's rows for each row, joined by commas
    (NULL when none): ``table`` the many-to-many table, ``column`` its column naming the row."""

    output_field = models.TextField()

    def __init__(self, table, column):
        super().__init__()
        self.table, self.column = table, column

    def sql_for(self, connection):
        if connection.vendor == "postgresql":
            joined = "STRING_AGG(m.organisation_id::text, ',')"
        else:
            joined = "GROUP_CONCAT(m.organisation_id)"
        return f"SELECT {joined} FROM {self.table} m WHERE m.{self.column} = {{row}}"


def split_ids(text):
    """The ids a JoinedOrganisationIds gave (None or text): a frozenset of ints."""
    return frozenset(int(pk) for pk in text.split(",")) if text else frozenset()
