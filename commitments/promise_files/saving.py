"""Saving: the data read from a promise file, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..enums import OrganisationKind
from ..files import FileError, FileImportError, decode, validation_file_errors
from ..models import Commitment, FocusArea, LocalProblem, Organisation, Promise
from ..services import displaced_activities, settle_displaced
from .data import QuotaData
from .reading import parse_promise_file


class SuccessionUndecided(FileImportError):
    """The file publishes a successor that would put activities of the promise it replaces
    outside that promise's days in force, and nobody said whether to move or keep them.
    ``displaced`` is the :class:`~commitments.services.Displaced` found."""

    def __init__(self, displaced, line):
        self.displaced = displaced
        count = len(displaced)
        message = ngettext(
            "publishing it would put %(count)s activity of %(old)s outside that promise's days "
            "in force (after %(end)s); choose whether to move it to this promise or keep it "
            "uncounted",
            "publishing it would put %(count)s activities of %(old)s outside that promise's days "
            "in force (after %(end)s); choose whether to move them to this promise or keep them "
            "uncounted",
            count,
        ) % {"count": count, "old": displaced.predecessor.slug, "end": displaced.end.isoformat()}
        super().__init__([FileError(line, "replaces", message)])


def import_promise(data, *, replace=False, activities=None):
    """Import a promise file; all or nothing.

    With ``replace``, a promise with the same slug is updated in place: focus areas are matched by
    title, local problems by title and commitments by key, so that logged activities stay with
    their commitments. A commitment that has activities cannot be left out of the file.

    A published promise that replaces another given "until a new promise is given" ends that
    one the day before it starts. Should that put activities of the old promise outside its days
    in force, ``activities`` (a :class:`DisplacedActivities` value) says whether to move them
    to this promise's commitments with the same keys or keep them uncounted; without it the file
    is refused (:class:`SuccessionUndecided`). What was done is the returned promise's
    ``settled`` (a :class:`~commitments.services.Settled`, or None).

    ``data`` is the file's text or bytes (UTF-8). Returns the saved promise; raises
    FileImportError listing every problem.
    """
    promise_data = parse_promise_file(decode(data))
    with transaction.atomic():
        return _save(promise_data, replace, activities)


def _organisation(name, kind, errors, line, field_name):
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        return Organisation.objects.create(name=name, kind=kind)
    if kind != OrganisationKind.OTHER and organisation.kind != kind:
        errors.append(
            FileError(
                line,
                field_name,
                _("%(name)s exists already as another kind of organisation (%(kind)s)")
                % {"name": name, "kind": organisation.get_kind_display()},
            )
        )
    return organisation


def _save(data, replace, activities):
    errors = []
    municipality = _organisation(
        data.municipality, OrganisationKind.MUNICIPALITY, errors, None, "municipality"
    )
    police_area = _organisation(
        data.police_area, OrganisationKind.POLICE_AREA, errors, None, "police_area"
    )
    others = [
        _organisation(name, OrganisationKind.OTHER, errors, None, "other_parties")
        for name in data.other_parties
    ]
    organisations = {o.name: o for o in [municipality, police_area, *others]}

    promise = Promise(municipality=municipality, police_area=police_area)
    promise.valid_from = data.valid_from
    slug = data.slug or promise.slug_suggestion
    existing = Promise.objects.filter(slug=slug).first()
    if existing is not None:
        if not replace:
            raise FileImportError(
                [
                    FileError(
                        data.slug_line if data.slug else None,
                        "slug",
                        _("a promise %(slug)s exists already; import with --replace to update it")
                        % {"slug": slug},
                    )
                ]
            )
        promise = existing

    replaces = None
    if data.replaces:
        replaces = Promise.objects.filter(slug=data.replaces).first()
        if replaces is None:
            errors.append(
                FileError(
                    data.replaces_line,
                    "replaces",
                    _("no promise %(slug)s to replace") % {"slug": data.replaces},
                )
            )

    for name, value in [
        ("slug", slug), ("title", data.title), ("municipality", municipality),
        ("police_area", police_area), ("signed_on", data.signed_on),
        ("valid_from", data.valid_from), ("valid_until", data.valid_until),
        ("until_superseded", data.until_superseded), ("replaces", replaces),
        ("public", data.public), ("published", data.published), ("source_url", data.source_url),
        ("summary", data.summary), ("basis", data.basis), ("followup", data.followup),
    ]:  # fmt: skip
        setattr(promise, name, value)
    try:
        promise.full_clean()
    except ValidationError as error:
        errors.extend(validation_file_errors(error, None))
    if errors:
        raise FileImportError(errors)
    displaced = displaced_activities(promise)
    if displaced and activities is None:
        raise SuccessionUndecided(displaced, data.replaces_line)
    promise.save()
    promise.other_parties.set(others)

    old_areas = {a.title: a for a in promise.focus_areas.all()}
    old_problems = {(p.focus_area.title, p.title): p for p in
                    LocalProblem.objects.filter(focus_area__promise=promise).select_related(
                        "focus_area")}  # fmt: skip
    old_commitments = {c.key: c for c in promise.commitments.all()}
    kept_areas, kept_problems, kept_commitments = set(), set(), set()
    saved = {}  # key: the commitment saved from the file
    follows_later = []  # (commitment, key): it follows one that comes later in the file

    def save_commitments(items, focus_area, local_problem, parent):
        for position, item in enumerate(items):
            commitment = old_commitments.get(item.key) or Commitment(promise=promise)
            commitment.focus_area = focus_area
            commitment.local_problem = local_problem
            commitment.parent = parent
            commitment.group = item.group
            commitment.follows = None
            if item.follows:
                commitment.follows = saved.get(item.follows) or old_commitments.get(item.follows)
                if commitment.follows is None:
                    follows_later.append((commitment, item.follows))
            commitment.key = item.key
            commitment.text = item.text
            commitment.kind = item.kind
            commitment.due_on = item.due_on
            commitment.publish_activities = item.publish_activities
            commitment.position = position
            quota = item.quota or QuotaData(target=None, per="")
            commitment.quota_target = quota.target
            commitment.quota_per = quota.per
            commitment.quota_unit = quota.unit
            commitment.quota_unit_one = quota.unit_one
            commitment.quota_average = quota.average
            commitment.quota_kinds = quota.kinds
            try:
                commitment.full_clean(exclude=["promise", "focus_area", "local_problem", "parent"])
            except ValidationError as error:
                errors.extend(validation_file_errors(error, item.line, f"{item.path}.", {
                    "quota_target": "quota.target", "quota_per": "quota.per",
                    "quota_unit": "quota.unit", "quota_unit_one": "quota.unit_one",
                    "quota_kinds": "quota.kinds",
                }))  # fmt: skip
                continue
            commitment.save()
            commitment.responsible.set([organisations[name] for name in item.responsible])
            kept_commitments.add(commitment.pk)
            saved[item.key] = commitment
            save_commitments(item.children, focus_area, local_problem, commitment)

    for position, area_data in enumerate(data.focus_areas):
        area = old_areas.get(area_data.title) or FocusArea(promise=promise)
        area.title = area_data.title
        area.description = area_data.description
        area.position = position
        area.save()
        kept_areas.add(area.pk)
        save_commitments(area_data.commitments, area, None, None)
        for problem_position, problem_data in enumerate(area_data.local_problems):
            problem = old_problems.get((area.title, problem_data.title)) or LocalProblem()
            problem.focus_area = area
            problem.title = problem_data.title
            problem.description = problem_data.description
            problem.status = problem_data.status
            problem.raised_on = problem_data.raised_on
            problem.action_plan = problem_data.action_plan
            problem.position = problem_position
            problem.save()
            kept_problems.add(problem.pk)
            save_commitments(problem_data.commitments, area, problem, None)

    for commitment, key in follows_later:
        if key in saved:  # else its own errors are reported
            commitment.follows = saved[key]
            commitment.save(update_fields=["follows"])

    dropped = [c for c in old_commitments.values() if c.pk not in kept_commitments]
    for commitment in dropped:
        if commitment.activities.exists():
            errors.append(
                FileError(
                    None,
                    "commitments",
                    _("%(key)s has logged activities and cannot be removed; keep it in the file")
                    % {"key": commitment.key},
                )
            )
    if errors:
        raise FileImportError(errors)
    Commitment.objects.filter(pk__in=[c.pk for c in dropped]).delete()
    LocalProblem.objects.filter(focus_area__promise=promise).exclude(pk__in=kept_problems).delete()
    promise.focus_areas.exclude(pk__in=kept_areas).delete()
    # Last: the activities move to the commitments the file has just saved.
    promise.settled = settle_displaced(displaced, promise, activities) if displaced else None
    return promise
