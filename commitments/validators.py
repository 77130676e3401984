"""Validators shared by models, forms and file imports."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A Swedish personal identity number (personnummer) is a birth date (YYYYMMDD or YYMMDD), a
# separator ("-", or "+" from the year a person turns 100) and four digits, the last a Luhn check
# digit. A coordination number (samordningsnummer) is the same with 60 added to the day.
_PIN = re.compile(
    r"(?<![\d])"
    r"(?P<century>19|20)?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep>[-+]?)"
    r"(?P<serial>\d{3})(?P<check>\d)"
    r"(?![\d])"
)


def _luhn_ok(digits):
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return total % 10 == 0


def _is_birth_date(century, yy, mm, dd):
    day = int(dd) - 60 if int(dd) > 60 else int(dd)  # samordningsnummer: day + 60
    years = [int(century + yy)] if century else [1900 + int(yy), 2000 + int(yy)]
    for year in years:
        try:
            date(year, int(mm), day)
        except ValueError:
            continue
        return True
    return False


def find_personal_identity_number(text):
    """Return the first personal identity or coordination number in ``text``, or None.

    Every written form counts: with or without century, with "-", "+" or no separator. A run of
    ten digits without separator and century is only taken for one when its check digit is right,
    so that phone numbers ("0701234567") are not mistaken for one.
    """
    for match in _PIN.finditer(text or ""):
        parts = match.groupdict()
        if not _is_birth_date(parts["century"], parts["yy"], parts["mm"], parts["dd"]):
            continue
        if not parts["century"] and not parts["sep"]:
            ten_digits = parts["yy"] + parts["mm"] + parts["dd"] + parts["serial"] + parts["check"]
            if not _luhn_ok(ten_digits):
                continue
        return match.group(0)
    return None


def reject_personal_identity_number(value):
    """Field validator: no personal identity number may be stored in free text."""
    if find_personal_identity_number(value):
        raise ValidationError(
            _(
                "Remove the personal identity number. Activities are shared with the council "
                "and may be published, so they must never hold personal data."
            ),
            code="personal_identity_number",
        )
