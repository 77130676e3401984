"""Open data: the public promises as JSON, and each one's commitments and activities as CSV.

Every endpoint here is read-only, the same for everyone (signed in or not: what a visitor sees),
readable from any web site (alvsbyn_promises.cors) and under the licence of the settings
OPEN_DATA_LICENCE and OPEN_DATA_LICENCE_URL. docs/open-data.md describes every field.
"""

import csv
import io

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from alvsbyn_promises.cors import open_data
from alvsbyn_promises.errors import BadParameter, shown
from followup.caching import cache_key, cached_file
from followup.loading import followup_for

from ..enums import CommitmentKind, County, OrganisationKind, PromiseStatus
from ..files import spreadsheet_text
from ..models import Organisation, Promise
from ..open_data import licence, licence_link, links, public_promise, published_activities

# What the list reads of a promise: not its long texts.
LISTED_FIELDS = [
    "slug", "title", "valid_from", "valid_until", "until_superseded", "published",
    "source_url", "municipality__name", "municipality__county", "police_area__name",
]  # fmt: skip
# A listed promise is published: it stands in any status but draft.
LISTED_STATUSES = [s for s in PromiseStatus if s != PromiseStatus.DRAFT]
# Longer than any municipality's name: a value past it is no name.
MAX_NAME_LENGTH = 200

COMMITMENT_COLUMNS = [
    "promise", "as_of", "focus_area", "local_problem", "group", "commitment", "parent", "text",
    "kind", "responsible", "quota_target", "quota_per", "quota_unit", "quota_average",
    "period_start", "period_end", "partial", "target", "count", "status",
]  # fmt: skip
ACTIVITY_COLUMNS = [
    "promise", "date", "commitment", "kind", "quantity", "description", "place", "organisation",
]  # fmt: skip
# Names in one cell (the responsible parties) are separated as in the activity files.
NAME_SEPARATOR = "|"


@login_not_required
@open_data
def promise_list(request):
    """Every public promise, with its status as of today: one query whatever their number."""
    today = timezone.localdate()
    promises = (
        Promise.objects.public()
        .with_successor_start()
        .select_related("municipality", "police_area")
        .only(*LISTED_FIELDS)
        .order_by("municipality__name", "-valid_from", "pk")
    )
    municipality = _municipality(request)
    if municipality is not None:
        promises = promises.filter(municipality=municipality)
    status = _status(request)
    if status is not None:
        promises = promises.in_status_on(status, today)
    linked = links(request)
    listed = [_listed(promise, today, linked(promise)) for promise in promises]
    return JsonResponse(
        {
            "licence": licence(),
            "as_of": today.isoformat(),
            "count": len(listed),
            "promises": listed,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _listed(promise, today, links):
    end = promise.effective_end()
    county = promise.municipality.county
    return {
        "slug": promise.slug,
        "title": promise.title,
        "municipality": promise.municipality.name,
        "county": str(County(county).label) if county else None,
        "police_area": promise.police_area.name,
        "valid_from": promise.valid_from.isoformat(),
        "valid_until": promise.valid_until.isoformat(),
        "effective_end": end.isoformat() if end else None,
        "until_superseded": promise.until_superseded,
        "status": str(promise.status_on(today)),
        "links": links,
    }


def _municipality(request):
    """The municipality of ``?municipality=`` (its name, any case), None when not asked; a
    400 when no municipality is called so."""
    value = request.GET.get("municipality", "").strip()
    if not value:
        return None
    found = None
    if len(value) <= MAX_NAME_LENGTH and value.isprintable():
        found = Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, name__iexact=value
        ).first()
    if found is None:
        raise BadParameter(_("No municipality is called %(value)s.") % {"value": shown(value)})
    return found


def _status(request):
    """The status of ``?status=``, None when not asked; a 400 for any other word."""
    value = request.GET.get("status", "").strip()
    if not value:
        return None
    if value not in LISTED_STATUSES:
        raise BadParameter(
            _("status must be one of %(statuses)s, not %(value)s.")
            % {"statuses": ", ".join(LISTED_STATUSES), "value": shown(value)}
        )
    return PromiseStatus(value)


@login_not_required
@open_data
def commitments_csv(request, slug):
    """A row per quota period of each commitment (one for a commitment of another kind) with
    its count and status as of today, as the follow-up JSON has them."""
    promise = public_promise(slug)
    today = timezone.localdate()
    content = cached_file(
        cache_key(promise, "commitments.csv", today),
        lambda: _csv(COMMITMENT_COLUMNS, _commitment_rows(promise, today)),
    )
    return _csv_response(content, f"ataganden-{promise.slug}.csv")


def _commitment_rows(promise, today):
    followup = followup_for(promise, today)
    for result in followup.commitments:
        facts = result.facts
        quota = facts.kind == CommitmentKind.QUOTA
        common = [
            promise.slug, today.isoformat(), facts.focus_area, facts.local_problem, facts.group,
            facts.key, result.parent_key, facts.text, facts.kind,
            NAME_SEPARATOR.join(facts.responsible),
            facts.target if quota else None, facts.per if quota else None,
            facts.unit if quota else None, facts.average if quota else None,
        ]  # fmt: skip
        if not quota:
            yield [*common, None, None, None, None, None, result.status]
        for period in result.periods:
            yield [
                *common, period.start.isoformat(), period.end.isoformat(), period.partial,
                period.target, period.count, period.status,
            ]  # fmt: skip


@login_not_required
@open_data
def activities_csv(request, slug):
    """The activities the public page shows (published ones only), the earliest first."""
    promise = public_promise(slug)
    today = timezone.localdate()
    content = cached_file(
        cache_key(promise, "activities.csv", today),
        lambda: _csv(ACTIVITY_COLUMNS, _activity_rows(promise, today)),
    )
    return _csv_response(content, f"aktiviteter-{promise.slug}.csv")


def _activity_rows(promise, today):
    activities = (
        published_activities(promise, today)
        .reverse()
        .select_related("commitment", "organisation")
        .only(
            "occurred_on", "kind", "quantity", "description", "place", "commitment__key",
            "organisation__name",
        )
    )  # fmt: skip
    for activity in activities.iterator(chunk_size=1000):
        yield [
            promise.slug, activity.occurred_on.isoformat(), activity.commitment.key,
            activity.kind, activity.quantity, activity.description, activity.place,
            activity.organisation.name,
        ]  # fmt: skip


def _csv(columns, rows):
    """The CSV file's bytes: UTF-8 without a byte-order mark and comma-separated, as the
    activity export; a cell a spreadsheet would read as a formula begins with ``'``; true and
    false as such, nothing as an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue().encode()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_text(str(value))


def _csv_response(content, filename):
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = licence_link()
    return response
