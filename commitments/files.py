"""What promise and activity files share: errors that name a line and a field, and cells a
spreadsheet reads as text."""

import io
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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
