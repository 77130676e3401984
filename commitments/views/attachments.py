"""Files attached to an activity: attached and removed by those who may change the activity,
downloaded by those who may read it, never at a public address."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from ..access import get_activity, get_promise
from ..attachment_files import IMAGES, label
from ..attachment_forms import AttachmentForm
from ..models import Attachment

# A downloaded file is shown by the browser as nothing but itself: no script, no styles from
# elsewhere, no guessing its type from its content.
DOWNLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@dataclass
class AttachmentSection:
    """The activity page's "Files": the activity's attachments (with who attached them) and
    the form that adds more (shown to those who may change the activity)."""

    attachments: list = field(default_factory=list)
    form: AttachmentForm | None = None

    @classmethod
    def of(cls, activity, user):
        """The section of ``activity`` (None: a deleted activity, whose files went with it)."""
        if activity is None:
            return cls()
        attachments = list(activity.attachments.select_related("uploaded_by"))
        for attachment in attachments:
            attachment.type_label = label(attachment.content_type)
        return cls(attachments, AttachmentForm(activity=activity, user=user))

    @property
    def count(self):
        return len(self.attachments)


def _activity_page(promise, activity):
    return redirect(f"{reverse('activity_detail', args=[promise.slug, activity.pk])}#attachments")


def _attachment(request, slug, pk, attachment_id, *, change=False):
    """The promise, the activity and its attachment ``attachment_id``: 404 unless the user may
    read the activity and the attachment is the activity's (a guessed pair of ids finds
    nothing); with ``change``, 403 unless the user may change the activity."""
    promise = get_promise(request, slug)
    activity = get_activity(request, promise, pk, change=change)
    attachment = get_object_or_404(
        Attachment.objects.select_related("uploaded_by"), pk=attachment_id, activity=activity
    )
    return promise, activity, attachment


@require_http_methods(["GET", "POST"])
def attachment_create(request, slug, pk):
    """Attach files to an activity (its page holds the same form); shown again with the reasons
    when a file is refused, and then nothing is stored."""
    promise = get_promise(request, slug)
    activity = get_activity(request, promise, pk, change=True)
    posted = request.method == "POST"
    form = AttachmentForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        activity=activity,
        user=request.user,
    )
    if posted and form.is_valid() and form.save():
        count = len(form.attachments)
        messages.success(
            request,
            ngettext("%(count)d file was attached.", "%(count)d files were attached.", count)
            % {"count": count},
        )
        return _activity_page(promise, activity)
    return render(
        request,
        "commitments/attachment_form.html",
        {"promise": promise, "activity": activity, "form": form, "nav": "activities"},
        status=400 if form.is_bound else 200,
    )


@require_GET
def attachment_download(request, slug, pk, attachment_id):
    """The file, streamed from the store, to those who may read the activity."""
    _promise, _activity, attachment = _attachment(request, slug, pk, attachment_id)
    try:
        stored = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = attachment.content_type in IMAGES  # re-encoded here: pixels, nothing else
    response = FileResponse(
        stored,
        as_attachment=not inline,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def attachment_delete(request, slug, pk, attachment_id):
    """Asks first (GET); removes on POST. The activity's history says who removed which file."""
    promise, activity, attachment = _attachment(request, slug, pk, attachment_id, change=True)
    if request.method == "POST":
        attachment.delete()
        messages.success(request, _("The file “%(name)s” was removed.") % {"name": attachment})
        return _activity_page(promise, activity)
    return render(
        request,
        "commitments/attachment_confirm_delete.html",
        {"promise": promise, "activity": activity, "attachment": attachment, "nav": "activities"},
    )


def attachment_count():
    """An activity's number of attachments, as a subquery of the activity's own query (a list
    of any length reads them in no query of its own)."""
    counted = (
        Attachment.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
