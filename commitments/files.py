"""What promise, activity and indicator files share: errors that name a line and a field, CSV
rows read a line at a time, and cells a spreadsheet reads as text."""

import csv
import io
import itertools
import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from alvsbyn_promises.errors import shown


@dataclass(frozen=True)
class FileError:
    """One problem in an imported file: where it is and what is wrong."""

    line: int | None
    field: str
    message: str

    def __str__(self):
        if self.line is None:
            return _("%(field)s: %(message)s") % {"field": self.field, "message": self.message}
        return _("line %(line)s, %(field)s: %(message)s") % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


class FileImportError(Exception):
    """A file was refused; nothing was saved. ``errors`` lists every problem found."""

    def __init__(self, errors):
        self.errors = sorted(errors, key=lambda e: (e.line or 0, e.field))
        super().__init__("\n".join(str(e) for e in self.errors))


@contextmanager
def text_stream(data):
    """A file to import (text, bytes or a binary file object) as a text stream to read a line
    at a time: UTF-8 with or without a byte-order mark. Every line end (LF, CR LF, a CR alone as
    Excel's "CSV (Macintosh)" writes, inside a quoted value too) is read as a newline. A file
    given stays open: its owner closes it."""
    if isinstance(data, str):
        yield io.StringIO(data, newline=None)
        return
    if isinstance(data, bytes | bytearray):
        data = io.BytesIO(data)
    stream = io.TextIOWrapper(data, encoding="utf-8-sig", newline=None)
    try:
        yield stream
    finally:
        stream.detach()


def decode(data):
    """The text of an uploaded file: UTF-8, with or without a byte-order mark."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileImportError(
            [
                FileError(
                    None,
                    "-",
                    _("the file is not UTF-8 text (byte %(position)s)") % {"position": error.start},
                )
            ]
        ) from None


# A spreadsheet reads a cell that begins with one of these as a formula ("formula injection":
# "=HYPERLINK(...)" in a description would run when the file is opened).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def spreadsheet_text(value):
    """``value`` as a CSV cell that a spreadsheet shows as text: one that would begin a formula
    gets a leading ``'``, the spreadsheets' mark of a text. So does one that begins with ``'``
    before such a character, so that :func:`from_spreadsheet_text` gives back exactly
    ``value``. A line break is written as a newline, as every text is saved (a carriage return
    left in an older text would end the row for a reader that is not told it may not). Anything
    else, and what is not text, is unchanged."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def from_spreadsheet_text(value):
    """The text :func:`spreadsheet_text` was given: the leading ``'`` it adds is taken away."""
    if value.startswith(QUOTE) and value.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return value[1:]
    return value


def figure(value):
    """A measured value (a Decimal) as files and messages write it: its digits without the
    zeros the database pads it with, and at least one decimal, as a number a person typed is
    written (17.200 as 17.2, 18.000 as 18.0, 1E+2 as 100.0)."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def validation_messages(error):
    """(field, message) pairs of a ValidationError, with "__all__" for non-field errors."""
    if hasattr(error, "error_dict"):
        return [
            (field, message) for field, errors in error.message_dict.items() for message in errors
        ]
    return [("__all__", message) for message in error.messages]


def validation_file_errors(error: ValidationError, line, prefix="", fields=None, lines=None):
    """Turn a model's ValidationError into FileErrors at ``line``.

    ``fields`` maps model field names to the names the file uses; ``lines`` maps those names to
    the line each is written on, when it is not ``line`` (a promise file's field on a line of
    its own).
    """
    fields = fields or {}
    lines = lines or {}
    result = []
    for field, message in validation_messages(error):
        name = fields.get(field, field)
        at = lines.get(name, line)
        name = (prefix.rstrip(".") or "-") if name == "__all__" else f"{prefix}{name}"
        result.append(FileError(at, name, message))
    return result


# ---------------------------------------------------------------------------------------------
# CSV files: a header row, then a row per record


@dataclass(frozen=True)
class CsvColumns:
    """The columns of a kind of CSV file, and what to say when its one multi-line column seems
    to swallow rows.

    ``names`` are the known columns in English, ``required`` those a header must name,
    ``swedish`` maps each Swedish name to its English one. Every such file has a ``date``
    column: a line that holds a date where the header has it looks like a row of its own.
    ``multiline`` is the one column whose value may run over several lines; ``too_long``
    (with ``%(limit)s``), ``not_multiline`` and ``runs_on`` (with ``%(line)s``) are the
    messages, lazily translated, that name it.
    """

    names: tuple
    required: tuple
    swedish: dict
    multiline: str
    too_long: str
    not_multiline: str
    runs_on: str


_DATE = re.compile(r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*")


def _csv_error(error, columns):
    """What a reader error of Python's csv module means for the person who made the file."""
    reason = str(error)
    if "field larger than field limit" in reason:
        return str(columns.too_long) % {
            "limit": number_format(csv.field_size_limit(), force_grouping=True)
        }
    if "unexpected end of data" in reason:
        return _("a quote opened here is never closed")
    if "expected after" in reason:
        return _(
            "a quoted value must end with its quote (write a quote inside a quoted value as two "
            'quotes: "")'
        )
    return _("the file cannot be read as CSV: %(reason)s") % {"reason": reason}


def _spanning_error(line, values, header, delimiter, columns):
    """The error of a record that runs over several lines, or None when it may.

    Only the multi-line column may hold line breaks, and none of its lines may start like a
    row: a quote left open swallows the rows after it into one value, which would otherwise be
    imported as one record with the others lost.
    """
    for name, value in zip(header, values, strict=False):
        if "\n" not in value:
            continue
        if name != columns.multiline:
            return FileError(line, shown(name) or "-", str(columns.not_multiline))
        for offset, part in enumerate(value.split("\n")[1:], start=1):
            if _looks_like_a_row(part, header, delimiter):
                return FileError(line, name, str(columns.runs_on) % {"line": line + offset})
    return None


def _looks_like_a_row(line, header, delimiter):
    """Whether ``line`` reads as a row of the file: values separated as the header's, with a
    date where the header has its date column."""
    values = line.split(delimiter)
    index = header.index("date")
    return len(values) > 1 and index < len(values) and bool(_DATE.fullmatch(values[index]))


def csv_rows(stream, columns):
    """Yield (line number, row dict or FileError) for each record of a text stream, and check
    the header against ``columns`` (a :class:`CsvColumns`).

    Comma- or semicolon-separated, as the header row is; a row's keys are the English column
    names, its values stripped and freed of the ``'`` a spreadsheet's text mark adds. The
    stream is read a line at a time, whatever the file's size; it reads any line ending (LF,
    CR LF, or CR alone as Excel's "CSV (Macintosh)" writes) as a newline. Quoting is strict: an
    unterminated quote, a value over Python's field size limit or a quote in the wrong place is
    a FileError at the line where the record starts, and the rest of the file is not read.
    """
    line = 1
    try:
        first = stream.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter, strict=True)
        try:
            header = _header(next(reader, None), columns)
        except csv.Error as error:
            raise FileImportError([FileError(1, "-", _csv_error(error, columns))]) from None
        line = reader.line_num + 1
        while True:
            try:
                values = next(reader, None)
            except csv.Error as error:
                yield line, FileError(line, "-", _csv_error(error, columns))
                return
            if values is None:
                return
            if any(value.strip() for value in values):
                if len(values) > len(header):
                    yield line, FileError(line, "-", _("more values than columns"))
                elif reader.line_num > line and (
                    error := _spanning_error(line, values, header, delimiter, columns)
                ):
                    yield line, error
                else:
                    values = [from_spreadsheet_text(v.strip()) for v in values]
                    yield line, dict(zip(header, values, strict=False))
            line = reader.line_num + 1
    except UnicodeDecodeError:
        raise FileImportError([FileError(line, "-", _("the file is not UTF-8 text"))]) from None


def _header(names, columns):
    """The columns a header row names, in the English names; FileImportError if it cannot be
    read."""
    if not names:
        raise FileImportError([FileError(1, "-", _("the file is empty; it needs a header row"))])
    header = [name.strip().lower() for name in names]
    header = [columns.swedish.get(name, name) for name in header]
    errors = [
        FileError(
            1,
            shown(name) or "-",
            _("unknown column (known: %(columns)s, or in Swedish: %(swedish)s)")
            % {"columns": ", ".join(columns.names), "swedish": ", ".join(columns.swedish)},
        )
        for name in header
        if name not in columns.names
    ]
    errors += [
        FileError(1, name, _("missing column")) for name in columns.required if name not in header
    ]
    if errors:
        raise FileImportError(errors)
    return header
