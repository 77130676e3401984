"""What a text may hold, whatever way it comes in (a form, the admin, a file).

:class:`commitments.models.GuardedModel` applies it to every free-text field of every model, so
that every form, the admin and every import get it; the file readers use it to refuse what they
cannot even read.

- Line breaks are newlines: a CR LF (what browsers send from a text area) or a lone CR (a file
  from an old Mac) becomes one.
- Other control characters are stripped (C0 and C1 controls, DEL, and the non-characters U+FFFE
  and U+FFFF); tab and newline stay. Nobody types them; they hide text from a reader, and a
  spreadsheet (.xlsx is XML) cannot hold them.
- NUL and lone surrogates are refused, with the field named: they mean the text was damaged on
  the way (or is an attack), and PostgreSQL cannot store them.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

NUL = "\x00"
_LINE_BREAK = re.compile(r"\r\n?")
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

NUL_MESSAGE = _(
    "The field “%(field)s” holds a NUL character, which no text may hold. Remove it and try again."
)
SURROGATE_MESSAGE = _(
    "The field “%(field)s” holds a broken character (a lone surrogate, U+%(code)s). Write the "
    "text again."
)


def clean_text(text):
    """``text`` with its line breaks made newlines and its other control characters stripped
    (NUL is left for :func:`damage` to refuse)."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def clean_value(value):
    """A field's value cleaned: a text, or the texts in a list or mapping (a JSON field)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_value(item) for item in value)
    if isinstance(value, dict):
        return {clean_value(key): clean_value(item) for key, item in value.items()}
    return value


def control_character(text):
    """The first character of ``text`` that :func:`clean_text` strips (a lone CR aside), or
    None: for readers that refuse what they cannot take as it is."""
    match = _CONTROL.search(text)
    return match.group(0) if match else None


def damage(value):
    """The first character no text may hold in ``value`` (a text, or the texts in a list or
    mapping): NUL or a lone surrogate; None when there is none."""
    if isinstance(value, str):
        if NUL in value:
            return NUL
        match = _SURROGATE.search(value)
        return match.group(0) if match else None
    if isinstance(value, list | tuple):
        return next(filter(None, map(damage, value)), None)
    if isinstance(value, dict):
        return next(filter(None, map(damage, [*value.keys(), *value.values()])), None)
    return None


def damage_error(character, field_name):
    """The ValidationError for a text holding ``character`` in the field of that verbose name."""
    return ValidationError(
        NUL_MESSAGE if character == NUL else SURROGATE_MESSAGE,
        code="nul" if character == NUL else "surrogate",
        params={"field": capfirst(field_name), "code": f"{ord(character):04X}"},
    )
