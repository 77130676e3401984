"""The one guard against personal identity numbers in free text.

Every free-text field of every model of ours is checked by :class:`commitments.models.GuardedModel`
(the model layer, so the admin, the staff forms and every import get it); this module holds the
rule itself.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

PERSONAL_IDENTITY_NUMBER_CODE = "personal_identity_number"
PERSONAL_IDENTITY_NUMBER_MESSAGE = _(
    "Remove the personal identity number from the field “%(field)s” (a date of birth followed "
    "by four digits). Texts are shared with the council and may be published, so they must "
    "never hold personal data."
)

# A birth date with or without century, one separator or none, four digits; the whole not part
# of a longer run of digits. Which of these is really a number is decided in
# find_personal_identity_number.
_CANDIDATE = re.compile(
    r"(?<!\d)"
    r"(?P<century>19|20)?(?P<yy>\d\d)(?P<mm>\d\d)(?P<dd>\d\d)"
    r"(?P<separator>[-+\u2010\u2011\u2012\u2013\u2212 \t]?)"
    r"\d{4}"
    r"(?!\d)"
)
# Days 61-91: a coordination number (samordningsnummer) adds 60 to the day of birth.
_COORDINATION_DAYS = 60


def _is_birth_date(century, yy, mm, dd):
    """Whether YYMMDD (with its century, or in the 1900s or 2000s) is a real day."""
    day = int(dd) - _COORDINATION_DAYS if int(dd) > _COORDINATION_DAYS else int(dd)
    years = [int(century + yy)] if century else [1900 + int(yy), 2000 + int(yy)]
    for year in years:
        try:
            date(year, int(mm), day)
        except ValueError:
            continue
        return True
    return False


def find_personal_identity_number(text):
    """Return the first Swedish personal identity number in ``text``, or None.

    The rule. A personal identity number (personnummer) or coordination number
    (samordningsnummer) is found wherever the text, read after Unicode NFKC normalisation (so
    that full-width digits and no-break spaces count as ordinary ones), holds a run of digits,
    not preceded or followed by another digit, that is:

    1. a date of birth: ``YYYYMMDD`` with the century 19 or 20, or ``YYMMDD``; the month 01-12
       and the day a real day of that month, or that day plus 60 (a coordination number). A
       ``YYMMDD`` date is real when it is in the 1900s or the 2000s;
    2. then one separator or none: ``-``, ``+``, a typographic dash (‐ ‑ ‒ – −), a space or a
       tab;
    3. then any four digits. The check digit is not checked: a number with a mistyped or
       invented check digit is still personal data.

    There is no exception for telephone numbers: ten bare digits that begin with a real date
    are refused, whatever they are meant to be. A ten-digit mobile number written without
    spaces (``0701234567``) reads as the number of someone born in 2007, and people born in the
    2000s are the pupils of the school commitments. Written as people write telephone numbers,
    in groups (``070-123 45 67``) or with the country code, it passes.

    So dates (``2025-03-12``, ``12/3``), telephone numbers written in groups (``070-123 45 67``,
    ``08-123 456 78``, ``+46 70 123 45 67``), postal codes (``942 31``), years (``2024–2025``),
    times and amounts pass: none holds a six- or eight-digit date followed by four digits.
    Organisation numbers (``212000-2742``) pass too: their month digits are 20 or more. What
    cannot be told from a number is refused: a compact date and time such as ``20250312 1430``.
    """
    text = unicodedata.normalize("NFKC", text or "")
    for match in _CANDIDATE.finditer(text):
        century, yy, mm, dd, separator = match.group("century", "yy", "mm", "dd", "separator")
        if _is_birth_date(century, yy, mm, dd):
            return match.group(0)
    return None


def holds_personal_identity_number(value):
    """Whether ``value`` (text, or a list or mapping of texts as a JSON field holds) has one."""
    if isinstance(value, str):
        return find_personal_identity_number(value) is not None
    if isinstance(value, list | tuple):
        return any(holds_personal_identity_number(item) for item in value)
    if isinstance(value, dict):
        return any(
            holds_personal_identity_number(key) or holds_personal_identity_number(item)
            for key, item in value.items()
        )
    return False


def personal_identity_number_error(field_name):
    """The error for a personal identity number in the field whose verbose name is given."""
    return ValidationError(
        PERSONAL_IDENTITY_NUMBER_MESSAGE,
        code=PERSONAL_IDENTITY_NUMBER_CODE,
        params={"field": capfirst(field_name)},
    )


def reject_personal_identity_number(value):
    """Field validator for a text outside the models (migration 0001 names it too).

    Models need no validator: :class:`commitments.models.GuardedModel` checks every free-text
    field and names it in the message.
    """
    if holds_personal_identity_number(value):
        raise personal_identity_number_error(_("text"))
