"""Starting the next promise: what the dashboard's page and the admin's share."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import can_administer
from ..forms import NextPromiseForm
from ..models import Promise
from ..services import SuccessorExists, existing_successor, start_next_promise


@dataclass
class StartNext:
    """The start-next form of one promise, handled: a draft started, or why not."""

    promise: Promise
    form: NextPromiseForm
    successor: Promise | None = None  # one that replaces the promise already: no second
    draft: Promise | None = None  # the draft just started

    @property
    def status(self):
        """409 when a POST met a successor that exists already; else 200."""
        return 409 if self.successor is not None and self.form.is_bound else 200

    def created_message(self):
        draft = self.draft
        return _("Draft %(slug)s created, %(start)s to %(end)s. Check it and publish it.") % {
            "slug": draft.slug,
            "start": draft.valid_from,
            "end": draft.valid_until,
        }

    @classmethod
    def handle(cls, request, promise):
        """Shows the form (GET) or starts the draft (POST); 403 unless the user administers the
        promise. Refuses while a promise replaces it already, draft or published."""
        if not can_administer(request.user, promise):
            raise PermissionDenied
        form = NextPromiseForm(request.POST or None, promise=promise, today=timezone.localdate())
        page = cls(promise, form, successor=existing_successor(promise))
        if page.successor is None and request.method == "POST" and form.is_valid():
            try:
                # As the model's rules left them (texts cleaned of control characters).
                checked = form.instance
                page.draft = start_next_promise(
                    promise,
                    title=checked.title,
                    valid_from=checked.valid_from,
                    valid_until=checked.valid_until,
                )
            except SuccessorExists as error:
                page.successor = error.successor
        return page
