"""Reading numbers from the query string: a malformed one is a 400 saying so (BadParameter)."""

import re

from django.utils.translation import gettext as _

from alvsbyn_promises.errors import BadParameter, shown

_PAGE = re.compile(r"[1-9][0-9]*")


def page_number(request, name="page"):
    """The page a list is asked for: 1 when absent, a whole number from 1 otherwise.

    A number past the last page is left to ``Paginator.get_page``, which shows the last one.
    """
    value = request.GET.get(name, "").strip()
    if not value:
        return 1
    if not _PAGE.fullmatch(value):
        raise BadParameter(
            _("%(name)s must be a whole number from 1, not %(value)s.")
            % {"name": name, "value": shown(value)}
        )
    return int(value)
