"""Indicator value files (CSV): import the measured values of a promise's indicators, all or
nothing.

``indicator,date,value,note,source_url``: UTF-8 with or without a byte-order mark, a header
row, comma- or semicolon-separated, read as activity files are
(:func:`commitments.files.csv_rows`); the Swedish column names ``indikator, datum, värde,
anteckning, källa`` are read too. ``indicator`` is the indicator's key, ``value`` a number with
a decimal point or a decimal comma (17.2 or 17,2: a Swedish spreadsheet writes the comma, and
separates its columns with semicolons then), ``note`` and ``source_url`` may be empty (the
note may run over several lines).

A value on a date its indicator already has a value for replaces it, through ``save()``, so
that the value's history keeps the figure it replaces.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alvsbyn_promises.errors import shown

from .dates import InvalidDate, read_file_date
from .files import (
    CsvColumns,
    FileError,
    FileImportError,
    csv_rows,
    text_stream,
    validation_file_errors,
)
from .models import IndicatorValue

CSV_COLUMNS = CsvColumns(
    names=("indicator", "date", "value", "note", "source_url"),
    required=("indicator", "date", "value"),
    swedish={
        "indikator": "indicator",
        "datum": "date",
        "värde": "value",
        "anteckning": "note",
        "källa": "source_url",
    },  # fmt: skip
    multiline="note",
    too_long=gettext_lazy(
        "a value is longer than %(limit)s characters; is a closing quote missing?"
    ),
    not_multiline=gettext_lazy(
        "only the note may run over several lines; is a closing quote missing?"
    ),
    runs_on=gettext_lazy(
        "the note runs on over line %(line)s, which looks like a row of its own; is a closing "
        "quote missing?"
    ),
)
# A promise's indicators have a value or a few a year: a file of more rows than this is not
# one, and is refused before it fills the memory (each row is held until the whole file is
# checked).
MAX_ROWS = 10_000
# Digits with a decimal point or comma; spaces between digits (1 234,5) are taken away first.
_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
# Value fields as the file names them.
_FIELD_NAMES = {"measured_on": "date", "__all__": "-"}


@dataclass(frozen=True)
class ValuesImported:
    """What an import did: values added, values replaced (their indicator had a value on that
    date), and rows equal to the value already there (nothing saved)."""

    added: int
    replaced: int
    unchanged: int


def read_number(text):
    """The Decimal ``text`` writes (17.2, 17,2, -3, 1 234,5), or None when it is no number."""
    text = re.sub(r"\s", "", text)
    if not _NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", "."))


class _RowReader:
    """Reads the rows of a file into unsaved, checked values of ``promise``'s indicators.

    The indicators and their values are read once; ``seen`` keeps the line of each indicator
    and date of the file, so that a second row for them is refused."""

    def __init__(self, promise):
        self.promise = promise
        self.indicators = {i.key: i for i in promise.indicators.all()}
        self.values = {
            (v.indicator_id, v.measured_on): v
            for v in IndicatorValue.objects.filter(indicator__promise=promise)
        }
        self.seen = {}

    def read(self, line, row):
        """(value, changed, errors) of one row: value is None when the row has errors, changed
        says whether it differs from what was saved (always, for a new value)."""
        if isinstance(row, FileError):
            return None, False, [row]
        errors = []

        def fail(field, message):
            errors.append(FileError(line, field, message))

        key = row.get("indicator", "")
        indicator = self.indicators.get(key)
        if indicator is None:
            fail(
                "indicator",
                _("no indicator with the key %(key)s in %(promise)s (its indicators: %(keys)s)")
                % {
                    "key": shown(key) or "-",
                    "promise": self.promise.slug,
                    "keys": ", ".join(self.indicators) or "–",
                },
            )
        try:
            measured_on = read_file_date(row.get("date", ""))
        except InvalidDate as error:
            measured_on = None
            fail("date", str(error))
        text = row.get("value", "")
        figure = read_number(text)
        if not text:
            fail("value", _("missing; it is required"))
        elif figure is None:
            fail(
                "value",
                _("%(value)s is not a number (write 17.2 or 17,2)") % {"value": shown(text)},
            )
        if indicator is not None and measured_on is not None:
            first = self.seen.setdefault((indicator.pk, measured_on), line)
            if first != line:
                fail(
                    "date",
                    _("the same indicator and date as line %(line)s of the file") % {"line": first},
                )
        if indicator is None:
            return None, False, errors

        value = self.values.get((indicator.pk, measured_on)) or IndicatorValue(
            indicator=indicator, measured_on=measured_on
        )
        before = (value.value, value.note, value.source_url)
        value.value = figure
        value.note = row.get("note", "")
        value.source_url = row.get("source_url", "")
        refused = {"measured_on" if e.field == "date" else e.field for e in errors}
        try:
            # The unique date of a value is checked above, against the file and the database.
            value.full_clean(
                exclude=["indicator", "entered_by", *refused],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors += validation_file_errors(error, line, fields=_FIELD_NAMES)
        if errors:
            return None, False, errors
        changed = value.pk is None or before != (value.value, value.note, value.source_url)
        return value, changed, []


def import_indicator_values(promise, data, user=None):
    """Import a file of indicator values into ``promise``; all or nothing.

    ``data`` is the file: text, bytes or a binary file object. Every row is checked before
    anything is saved, so that FileImportError lists every bad row by its line (an unknown
    indicator key, a date or number that is none, a personal identity number in the note, an
    indicator and date given twice, more than :data:`MAX_ROWS` rows). A value on a date its
    indicator already has one for replaces it (``save()``: the history keeps the old figure);
    one equal to it is left as it is. Saved values are ``entered_by`` ``user``. Returns
    :class:`ValuesImported`.
    """
    reader = _RowReader(promise)
    errors, saving = [], []
    added = replaced = unchanged = 0
    with text_stream(data) as stream:
        for count, (line, row) in enumerate(csv_rows(stream, CSV_COLUMNS), start=1):
            if count > MAX_ROWS:
                errors.append(
                    FileError(
                        line,
                        "-",
                        _("more than %(count)s rows; an indicator file holds fewer")
                        % {"count": number_format(MAX_ROWS, force_grouping=True)},
                    )
                )
                break
            value, changed, row_errors = reader.read(line, row)
            errors += row_errors
            if value is None:
                continue
            if not changed:
                unchanged += 1
                continue
            if value.pk is None:
                added += 1
            else:
                replaced += 1
            saving.append(value)
    if errors:
        raise FileImportError(errors)
    with transaction.atomic():
        for value in saving:
            value.entered_by = user
            if user is not None:
                value._history_user = user
            value.save()
    return ValuesImported(added, replaced, unchanged)
