"""Saving: the data read from a promise file, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..enums import OrganisationKind
from ..files import FileError, FileImportError, decode, figure, validation_file_errors
from ..models import (
    Commitment,
    FocusArea,
    Indicator,
    IndicatorValue,
    LocalProblem,
    Organisation,
    Promise,
)
from ..rule_changes import REASON_LENGTH, Rules, stranded_activities
from ..services import displaced_activities, settle_displaced
from . import local_problems
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


class ActivitiesOutsideRules(FileImportError):
    """The file replaces a promise with rules that would put some of its logged activities
    outside them, and the import was not forced. ``stranded`` is the
    :class:`~commitments.rule_changes.Stranded` found."""

    def __init__(self, stranded):
        self.stranded = stranded
        super().__init__([FileError(None, name, text) for name, text in stranded.messages()])


def import_promise(
    data, *, replace=False, for_parties=None, activities=None, force=False, progress=None, user=None
):
    """Import a promise file; all or nothing.

    With ``replace``, a promise with the same slug is updated in place: focus areas are matched by
    title, local problems by title and commitments by key, so that logged activities stay with
    their commitments. A commitment that has activities cannot be left out of the file.
    Outcome indicators are matched by key and their values by date: the file's replace the
    promise's, and a value the file leaves out (one entered in the app since the file was
    exported) refuses the file rather than being lost (:func:`_save_indicators`). Should
    the new rules put logged activities outside them (dates moved, a party no longer
    responsible, kinds no longer counted: :mod:`commitments.rule_changes`), the file is
    refused (:class:`ActivitiesOutsideRules`) unless ``force``; forced, the promise's history
    record of the import says so, and the returned promise's ``stranded`` lists them.

    A published promise that replaces another given "until a new promise is given" ends that
    one the day before it starts. Should that put activities of the old promise outside its days
    in force, ``activities`` (a :class:`DisplacedActivities` value) says whether to move them
    to this promise's commitments with the same keys or keep them uncounted; without it the file
    is refused (:class:`SuccessionUndecided`). What was done is the returned promise's
    ``settled`` (a :class:`~commitments.services.Settled`, or None).

    ``data`` is the file's text or bytes (UTF-8). Returns the saved promise; raises
    FileImportError listing every problem.

    ``for_parties`` (for a local admin: the organisations they coordinate) limits the import to
    their own promises: the file must name one of them as municipality, police area or other
    party, and the promise it updates or replaces must have one of them as a party.

    ``progress``, if given, is called with (commitments checked, commitments in the file) as
    the commitments are saved.

    The commitments ``triggered_by: local_problems`` get an activity per convening, as the
    file says, reported by ``user`` (:func:`.local_problems.sync_convenings`).
    """
    promise_data = parse_promise_file(decode(data))
    if for_parties is not None:
        _check_own_party(promise_data, for_parties)
    with transaction.atomic():
        return _save(promise_data, replace, for_parties, activities, force, progress, user)


def _check_own_party(data, organisations):
    names = {o.name for o in organisations}
    if names & {data.municipality, data.police_area, *data.other_parties}:
        return
    raise FileImportError(
        [
            FileError(
                None,
                "municipality, police_area, other_parties",
                _(
                    "the file names none of the organisations you coordinate (%(names)s); "
                    "you may import only promises that one of them is a party to"
                )
                % {"names": ", ".join(sorted(names)) or "–"},
            )
        ]
    )


def _is_party(promise, organisations):
    return Promise.objects.with_party(organisations).filter(pk=promise.pk).exists()


def _organisation(name, kind, errors, line, field_name):
    """The organisation named ``name``, created if new; None when the name cannot be one.

    The name is checked as the model checks every text (no personal identity number, not too
    long) before it is looked up or created.
    """
    try:
        Organisation(name=name, kind=kind).clean_fields()
    except ValidationError as error:
        errors.extend(validation_file_errors(error, line, fields={"name": field_name}))
        return None
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


def _record_reason(promise, reason):
    """Give the promise's latest history record (this import's) ``reason``."""
    record = promise.history.order_by("-history_id").first()
    record.history_change_reason = reason[:REASON_LENGTH]
    record.save(update_fields=["history_change_reason"])


# Where a file writes the promise's contact fields.
CONTACT_PATHS = {f"contact_{name}": f"contact.{name}" for name in ("role", "email", "phone", "url")}


def _save(data, replace, for_parties, activities, force, progress, user):
    errors = []
    municipality = _organisation(
        data.municipality,
        OrganisationKind.MUNICIPALITY,
        errors,
        data.lines.get("municipality"),
        "municipality",
    )
    police_area = _organisation(
        data.police_area,
        OrganisationKind.POLICE_AREA,
        errors,
        data.lines.get("police_area"),
        "police_area",
    )
    others = [
        _organisation(
            name, OrganisationKind.OTHER, errors, data.party_lines.get(name), "other_parties"
        )
        for name in data.other_parties
    ]
    organisations = {o.name: o for o in [municipality, police_area, *others] if o is not None}
    # A party refused above is not reported again as missing.
    refused = {name for name, o in [("municipality", municipality), ("police_area", police_area)]
               if o is None}  # fmt: skip

    promise = Promise(municipality=municipality, police_area=police_area)
    promise.valid_from = data.valid_from
    slug = data.slug or ("" if municipality is None else promise.slug_suggestion)
    if not slug:
        refused.add("slug")
    existing = Promise.objects.filter(slug=slug).first()
    if existing is not None:
        if for_parties is not None and not _is_party(existing, for_parties):
            raise FileImportError(
                [
                    FileError(
                        data.slug_line if data.slug else None,
                        "slug",
                        _("a promise %(slug)s exists already and is not yours; choose another slug")
                        % {"slug": slug},
                    )
                ]
            )
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
    # The rules the promise's activities were logged under, before anything is written.
    rules_before = Rules.of(existing) if existing is not None else None

    replaces = None
    if data.replaces:
        replaces = Promise.objects.filter(slug=data.replaces).first()
        if (
            replaces is not None
            and for_parties is not None
            and not _is_party(replaces, for_parties)
        ):
            replaces = None  # another municipality's promise: as if there were none
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
        ("contact_role", data.contact_role), ("contact_email", data.contact_email),
        ("contact_phone", data.contact_phone), ("contact_url", data.contact_url),
    ]:  # fmt: skip
        setattr(promise, name, value)
    try:
        promise.full_clean(exclude=refused)
    except ValidationError as error:
        errors.extend(validation_file_errors(error, None, fields=CONTACT_PATHS, lines=data.lines))
    # What the promise holds is checked even when the promise cannot be saved, so that every
    # problem of the file is listed at once; then nothing is saved.
    saving = not errors
    displaced = displaced_activities(promise) if saving else None
    if displaced and activities is None:
        raise SuccessionUndecided(displaced, data.replaces_line)
    if saving:
        promise.save()
        promise.other_parties.set(others)
        if data.county and municipality.county != data.county:
            municipality.county = data.county
            municipality.save(update_fields=["county"])

    old_areas, old_problems, old_commitments = {}, {}, {}
    if promise.pk:
        old_areas = {a.title: a for a in promise.focus_areas.all()}
        old_problems = {(p.focus_area.title, p.title): p for p in
                        LocalProblem.objects.filter(focus_area__promise=promise).select_related(
                            "focus_area")}  # fmt: skip
        old_commitments = {c.key: c for c in promise.commitments.all()}
    kept_areas, kept_problems = set(), set()
    areas = {}  # title: the focus area saved (or checked) from the file
    saved = {}  # key: the commitment saved from the file
    follows_later = []  # (commitment, key): it follows one that comes later in the file
    total, checked = sum(1 for _item in data.commitments()), 0

    def save_commitments(items, focus_area, local_problem, parent):
        """Check every commitment of ``items`` and save those that can be.

        One whose focus area, local problem or parent could not be saved is still checked.
        """
        nonlocal checked
        containers = [focus_area, local_problem, parent]
        can_save = saving and all(c is None or c.pk for c in containers)
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
            commitment.triggered_by = item.triggered_by
            commitment.position = position
            quota = item.quota or QuotaData(target=None, per="")
            commitment.quota_target = quota.target
            commitment.quota_per = quota.per
            commitment.quota_unit = quota.unit
            commitment.quota_unit_one = quota.unit_one
            commitment.quota_average = quota.average
            commitment.quota_kinds = quota.kinds
            valid = is_valid(
                commitment, item, ["promise", "focus_area", "local_problem", "parent"], {
                    "quota_target": "quota.target", "quota_per": "quota.per",
                    "quota_unit": "quota.unit", "quota_unit_one": "quota.unit_one",
                    "quota_kinds": "quota.kinds",
                },
            )  # fmt: skip
            if valid and can_save:
                commitment.save()
                commitment.responsible.set([organisations[name] for name in item.responsible])
                saved[item.key] = commitment
            checked += 1
            if progress is not None and (checked % 50 == 0 or checked == total):
                progress(checked, total)
            save_commitments(item.children, focus_area, local_problem, commitment)

    def is_valid(instance, item, exclude, fields=None):
        return _is_valid(instance, item, exclude, fields, errors)

    for position, area_data in enumerate(data.focus_areas):
        area = old_areas.get(area_data.title) or FocusArea(promise=promise)
        area.title = area_data.title
        area.description = area_data.description
        area.position = position
        areas[area.title] = area
        if is_valid(area, area_data, ["promise"]) and saving:
            area.save()
            kept_areas.add(area.pk)
        save_commitments(area_data.commitments, area, None, None)
        for problem_position, problem_data in enumerate(area_data.local_problems):
            problem = old_problems.get((area.title, problem_data.title)) or LocalProblem()
            problem.focus_area = area
            local_problems.apply_problem(problem, problem_data)
            problem.position = problem_position
            if is_valid(problem, problem_data, ["focus_area"]) and saving and area.pk:
                problem.save()
                local_problems.save_participants(problem, problem_data, organisations)
                kept_problems.add(problem.pk)
            save_commitments(problem_data.commitments, area, problem, None)

    for commitment, key in follows_later:
        if key in saved and commitment.pk:  # else its own errors are reported
            commitment.follows = saved[key]
            commitment.save(update_fields=["follows"])

    # Left out of the file (one the file holds but could not save has its own errors).
    in_file = {item.key for item in data.commitments()}
    dropped = [c for c in old_commitments.values() if c.key not in in_file]
    for commitment in dropped:
        # The activities a convening gave follow the file's problems: they hold nothing back.
        if commitment.activities.filter(local_problem__isnull=True).exists():
            errors.append(
                FileError(
                    None,
                    "commitments",
                    _("%(key)s has logged activities and cannot be removed; keep it in the file")
                    % {"key": commitment.key},
                )
            )
    dropped_indicators = _save_indicators(promise, data.indicators, areas, saving, errors)
    if errors:
        raise FileImportError(errors)
    Indicator.objects.filter(pk__in=[i.pk for i in dropped_indicators]).delete()
    local_problems.drop_convening_activities(dropped, user)
    Commitment.objects.filter(pk__in=[c.pk for c in dropped]).delete()
    LocalProblem.objects.filter(focus_area__promise=promise).exclude(pk__in=kept_problems).delete()
    promise.focus_areas.exclude(pk__in=kept_areas).delete()
    promise.skipped_convenings = local_problems.sync_convenings(promise, kept_problems, user)
    promise.stranded = None
    if rules_before is not None:
        # Compared with the rules as saved, inside the transaction: refused, nothing stays.
        promise.stranded = stranded_activities(promise, rules_before, Rules.of(promise))
        if promise.stranded and not force:
            raise ActivitiesOutsideRules(promise.stranded)
        if promise.stranded:
            _record_reason(promise, promise.stranded.history_reason())
    # Last: the activities move to the commitments the file has just saved.
    promise.settled = settle_displaced(displaced, promise, activities) if displaced else None
    return promise


# Indicator fields as the file names them.
_INDICATOR_FIELDS = {"baseline_on": "baseline.date", "baseline_value": "baseline.value"}
_VALUE_FIELDS = {"measured_on": "date"}


def _save_indicators(promise, items, areas, saving, errors):
    """Check the file's indicators (``items``) and their values, and save them when ``saving``;
    return the promise's indicators the file leaves out, for the caller to delete once the
    whole file is accepted.

    The file holds a promise's indicators and their values in full, so that export then
    import gives the same promise. Importing it over a promise (``--replace``) matches
    indicators by key and values by date: what the file changes is saved (each value through
    ``save()``, so that its history records the old figure; a changed value's ``entered_by``
    is cleared, since the file, not that person, gave it) and what it leaves unchanged is not
    touched. Nothing entered in the app is lost without being told, as a commitment with
    logged activities cannot be left out: a value the file leaves out, and an indicator left
    out that has values, refuse the file, each named. An indicator left out without values is
    deleted, as a commitment without activities is.
    """
    old = {}
    if promise.pk:
        old = {i.key: i for i in promise.indicators.prefetch_related("values")}
    for position, item in enumerate(items):
        existing = old.get(item.key)
        indicator = existing or Indicator(promise=promise)
        indicator.key = item.key
        indicator.name = item.name
        indicator.unit = item.unit
        indicator.direction = item.direction
        indicator.source = item.source
        # The reader has checked that the title is a focus area's of the file.
        indicator.focus_area = areas.get(item.focus_area) if item.focus_area else None
        indicator.baseline_on = item.baseline_on
        indicator.baseline_value = item.baseline_value
        indicator.target = item.target
        indicator.position = position
        # The reader has refused a key or a date given twice, and clean() checks the
        # baseline: the database's constraints need not be asked.
        valid = _is_valid(
            indicator, item, ["promise", "focus_area"], _INDICATOR_FIELDS, errors, False
        )
        can_save = valid and saving and (indicator.focus_area is None or indicator.focus_area.pk)
        if can_save:
            indicator.save()
        old_values = {v.measured_on: v for v in existing.values.all()} if existing else {}
        in_file = set()
        for value_item in item.values:
            in_file.add(value_item.measured_on)
            value = old_values.get(value_item.measured_on) or IndicatorValue(indicator=indicator)
            before = (value.value, value.note, value.source_url)
            value.measured_on = value_item.measured_on
            value.value = value_item.value
            value.note = value_item.note
            value.source_url = value_item.source_url
            exclude = ["indicator", "entered_by"]
            if not _is_valid(value, value_item, exclude, _VALUE_FIELDS, errors, False):
                continue
            if value.pk is None or before != (value.value, value.note, value.source_url):
                if value.pk is not None:
                    value.entered_by = None
                if can_save:
                    value.save()
        for day, value in sorted(old_values.items()):
            if day not in in_file:
                errors.append(
                    FileError(
                        item.lines.get("values", item.line),
                        f"{item.path}.values",
                        _(
                            "the indicator has a value for %(date)s (%(value)s) that the file "
                            "leaves out; keep it in the file, or delete the value first"
                        )
                        % {"date": day.isoformat(), "value": figure(value.value)},
                    )
                )
    keys = {item.key for item in items}
    dropped = [indicator for key, indicator in old.items() if key not in keys]
    for indicator in dropped:
        count = len(indicator.values.all())
        if count:
            errors.append(
                FileError(
                    None,
                    "indicators",
                    ngettext(
                        "%(key)s has %(count)s value and cannot be removed; keep it in the file",
                        "%(key)s has %(count)s values and cannot be removed; keep it in the file",
                        count,
                    )
                    % {"key": indicator.key, "count": count},
                )
            )
    return dropped


def _is_valid(instance, item, exclude, fields, errors, constraints=True):
    """Whether ``instance`` passes the model's checks; else its errors are listed in
    ``errors``, at the item's line and fields. Without ``constraints``, the checks of the
    database's unique and check constraints are left out (they cost a query each)."""
    try:
        instance.full_clean(
            exclude=exclude, validate_unique=constraints, validate_constraints=constraints
        )
    except ValidationError as error:
        errors.extend(validation_file_errors(error, item.line, f"{item.path}.", fields, item.lines))
        return False
    return True
