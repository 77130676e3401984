"""The typed reading of a promise file's values (text, dates, choices, numbers, keys), each
problem collected with its line and field: what :mod:`.reading` reads every part of a file
with."""

import math
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from ..dates import InvalidDate, read_file_date
from ..files import FileError
from .yaml_lines import _Mapping, _Sequence

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

_MISSING = object()


def _lines(mapping, prefix=""):
    """The line of each field of ``mapping``, by the name the file gives it."""
    return {f"{prefix}{key}": mapping.line_of(key) for key in mapping}


def _item_lines(mapping, key):
    """The line of each item of the list ``mapping[key]``, by the item's text."""
    sequence = mapping.get(key)
    if not isinstance(sequence, _Sequence):
        return {}
    return {str(item).strip(): sequence.line_of(index) for index, item in enumerate(sequence)}


class _Reader:
    """Reads values out of the loaded YAML, collecting every error instead of stopping."""

    def __init__(self):
        self.errors = []

    def error(self, line, path, message):
        self.errors.append(FileError(line, path, message))

    def mapping(self, value, line, path):
        if isinstance(value, _Mapping):
            return value
        self.error(line, path, _("expected a mapping of fields (name: value)"))
        return None

    def known_fields(self, mapping, allowed, path):
        for key in mapping:
            if key not in allowed:
                self.error(
                    mapping.line_of(key),
                    f"{path}{key}",
                    _("unknown field (known fields: %(fields)s)")
                    % {"fields": ", ".join(sorted(allowed))},
                )

    def value(self, mapping, key, path, required):
        if key not in mapping or (required and mapping[key] is None):
            if required:
                self.error(mapping.line, f"{path}{key}", _("missing; it is required"))
            return _MISSING
        return mapping[key]

    def text(self, mapping, key, path, required=False, default=""):
        value = self.value(mapping, key, path, required)
        if value is _MISSING or value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(mapping.line_of(key), f"{path}{key}", _("expected text"))
            return default
        value = str(value).strip()
        if required and not value:
            self.error(mapping.line_of(key), f"{path}{key}", _("missing; it is required"))
        return value

    def boolean(self, mapping, key, path, default):
        value = self.value(mapping, key, path, required=False)
        if value is _MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.error(mapping.line_of(key), f"{path}{key}", _("expected true or false"))
            return default
        return value

    def date(self, mapping, key, path, required=False):
        value = self.value(mapping, key, path, required)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, str | int | float):  # a list or a mapping
            self.error(mapping.line_of(key), f"{path}{key}", _("expected a date (YYYY-MM-DD)"))
            return None
        try:
            return read_file_date(str(value))
        except InvalidDate as error:
            self.error(mapping.line_of(key), f"{path}{key}", str(error))
            return None

    def choice(self, mapping, key, path, choices, default, required=False):
        value = self.text(mapping, key, path, required=required, default=default)
        if value not in choices.values:
            self.error(
                mapping.line_of(key),
                f"{path}{key}",
                _("unknown value %(value)s (allowed: %(allowed)s)")
                % {"value": value, "allowed": ", ".join(choices.values)},
            )
            return default
        return value

    def sequence(self, mapping, key, path):
        value = self.value(mapping, key, path, required=False)
        if value is _MISSING or value is None:
            return _Sequence()
        if not isinstance(value, _Sequence):
            self.error(mapping.line_of(key), f"{path}{key}", _("expected a list"))
            return _Sequence()
        return value

    def mappings(self, mapping, key, path, fields):
        """(path, mapping) of each item of the list ``mapping[key]``, each a mapping of the
        ``fields`` named; an item that is not a mapping, and a field not named, is an error.
        The path is the item's in the file (``focus_areas[0].``)."""
        items = self.sequence(mapping, key, path)
        for index, item in enumerate(items):
            item_path = f"{path}{key}[{index}]."
            raw = self.mapping(item, items.line_of(index), item_path.rstrip("."))
            if raw is not None:
                self.known_fields(raw, fields, item_path)
                yield item_path, raw

    def key(self, mapping, path, keys, repeated):
        """The required ``key`` of ``mapping``: a slug not in ``keys`` (each key seen, with its
        line), to which it is added. ``repeated`` says what is wrong with one seen before
        (with ``%(key)s`` and ``%(line)s``)."""
        key = self.text(mapping, "key", path, required=True)
        if key and not SLUG.match(key):
            self.error(mapping.line_of("key"), f"{path}key", _("use only a–z, 0–9, - and _"))
        elif key in keys:
            self.error(
                mapping.line_of("key"),
                f"{path}key",
                repeated % {"key": key, "line": keys[key]},
            )
        elif key:
            keys[key] = mapping.line_of("key")
        return key

    def texts(self, mapping, key, path):
        """A list of non-empty strings."""
        result = []
        sequence = self.sequence(mapping, key, path)
        for index, item in enumerate(sequence):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.error(sequence.line_of(index), f"{path}{key}[{index}]", _("expected text"))
            elif str(item).strip():
                result.append(str(item).strip())
        return result

    def number(self, mapping, key, path, required=False):
        """A measured value (17.2, 18.0, 17) as a Decimal.

        YAML reads 17.2 as a float; the float's shortest text (its repr) is the Decimal, so
        17.2 stays 17.2, not 17.199999…. True, false, text ("17,2") and .inf or .nan are not
        numbers; too many digits are the model's to refuse.
        """
        value = self.value(mapping, key, path, required)
        if value is _MISSING or value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            self.error(mapping.line_of(key), f"{path}{key}", _("expected a number (such as 17.2)"))
            return None
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)

    def whole_number(self, mapping, key, path, required):
        value = self.value(mapping, key, path, required)
        if value is _MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(mapping.line_of(key), f"{path}{key}", _("expected a whole number"))
            return None
        return value
