"""What the follow-up commands share."""

from django.core.management.base import CommandError
from django.utils import timezone

from commitments.dates import InvalidDate, parse_date


def add_as_of(parser, help_text):
    parser.add_argument("--as-of", dest="as_of", help=f"{help_text}, YYYY-MM-DD (today)")


def as_of_date(value):
    """The date of --as-of (today when not given), or a one-line reason to stop."""
    if not value:
        return timezone.localdate()
    try:
        return parse_date(value, name="--as-of")
    except InvalidDate as error:
        raise CommandError(str(error)) from None
