"""What the open data and the feed share: which promises they show, under what licence, and the
addresses they link to.

They show only what a promise's public page shows (a published promise marked public, for
everyone alike, signed in or not), never staff names, and activities only where the public page
shows them (:func:`published_activities`).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import reverse

from .models import Activity, Promise


def public_promise(slug, promises=None):
    """The published public promise ``slug`` (of ``promises``, a QuerySet of Promise), with its
    successor's start and its change stamp read in the same query, else Http404, whoever asks:
    the open data and the feed are the same for everyone."""
    if promises is None:
        promises = Promise.objects.select_related("change_stamp")
    promise = promises.public().with_successor_start().with_slug(slug).first()
    if promise is None:
        raise Http404
    return promise


def published_activities(promise, today):
    """The activities the public page shows: approved ones (commitments.review) of commitments
    whose activities are published, dated in the days in force and not after ``today``; the
    latest first."""
    activities = (
        Activity.objects.for_promise(promise)
        .counted()
        .filter(
            commitment__publish_activities=True,
            occurred_on__gte=promise.valid_from,
            occurred_on__lte=today,
        )
    )
    end = promise.effective_end()
    if end is not None:
        activities = activities.filter(occurred_on__lte=end)
    return activities.order_by("-occurred_on", "-pk")


def licence():
    """The licence of the open data: {"name", "url"} (settings OPEN_DATA_LICENCE and
    OPEN_DATA_LICENCE_URL)."""
    return {"name": settings.OPEN_DATA_LICENCE, "url": settings.OPEN_DATA_LICENCE_URL}


def licence_link():
    """The licence as an HTTP Link header (RFC 8288): for the CSV files, which cannot carry it."""
    name = settings.OPEN_DATA_LICENCE.replace("\\", "\\\\").replace('"', '\\"')
    return f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"; title="{name}"'


LINKS = {
    "page": "promise_detail",
    "followup": "followup_json",
    "commitments_csv": "open_commitments_csv",
    "activities_csv": "open_activities_csv",
    "feed": "promise_feed",
}
# Stands for a slug in an address reversed once for every promise of a list (reversing each
# promise's five addresses took most of the time of a list of Sweden's 1,500 promises).
SLUG_MARK = "0slug0"


def links(request):
    """A function giving a promise's absolute addresses (its public page, follow-up JSON, CSV
    files and feed) and the source it was published at (None when not given)."""
    templates = {
        field: request.build_absolute_uri(reverse(name, args=[SLUG_MARK]))
        for field, name in LINKS.items()
    }

    def of(promise):
        found = {field: url.replace(SLUG_MARK, promise.slug) for field, url in templates.items()}
        return {**found, "source": promise.source_url or None}

    return of


def tag_uri(promise, *parts):
    """A stable id (RFC 4151 tag URI) of something of ``promise``: the site's host name (of
    SITE_URL, not of whichever address a request came by), the day the promise was made, its
    slug and ``parts``: "tag:medborgarloften.example.se,2024-01-05:alvsbyn-2024/activity/12"."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    made = promise.created_at.date() if promise.created_at else datetime.date(2000, 1, 1)
    return f"tag:{host},{made.isoformat()}:" + "/".join([promise.slug, *map(str, parts)])
