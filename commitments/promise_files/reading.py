"""Reading: a promise file's text into plain data, collecting every problem with its line."""

from django.utils.translation import gettext as _

from alvsbyn_promises.errors import shown

from ..enums import (
    CommitmentKind,
    County,
    IndicatorDirection,
    IndicatorUnit,
    QuotaPer,
    Trigger,
)
from ..files import FileImportError
from .data import (
    FORMAT,
    CommitmentData,
    FocusAreaData,
    IndicatorData,
    IndicatorValueData,
    PromiseData,
    QuotaData,
)
from .local_problems import FIELDS as _LOCAL_PROBLEM_FIELDS
from .local_problems import party_names, read_problem
from .values import _MISSING, SLUG, _item_lines, _lines, _Reader
from .yaml_lines import load_yaml

_PROMISE_FIELDS = {
    "format", "slug", "title", "municipality", "police_area", "other_parties", "signed_on",
    "valid_from", "valid_until", "until_superseded", "replaces", "public", "published",
    "source_url", "summary", "basis", "followup", "focus_areas", "indicators", "contact",
    "county",
}  # fmt: skip
_CONTACT_FIELDS = {"role", "email", "phone", "url"}
_FOCUS_AREA_FIELDS = {"title", "description", "commitments", "local_problems"}
_COMMITMENT_FIELDS = {
    "key", "responsible", "group", "follows", "text", "kind", "triggered_by", "quota", "due_on",
    "publish_activities", "commitments",
}  # fmt: skip
_QUOTA_FIELDS = {"target", "per", "unit", "unit_one", "average", "kinds"}
_INDICATOR_FIELDS = {
    "key", "name", "unit", "direction", "source", "focus_area", "baseline", "target", "values",
}  # fmt: skip
_BASELINE_FIELDS = {"date", "value"}
_VALUE_FIELDS = {"date", "value", "note", "source_url"}


def parse_promise_file(text):
    """Read a promise file into :class:`PromiseData`; raise FileImportError listing every error."""
    document, errors = load_yaml(text)
    reader = _Reader()
    reader.errors.extend(errors)
    root = reader.mapping(document, 1, "-")
    if root is None:
        raise FileImportError(reader.errors)
    reader.known_fields(root, _PROMISE_FIELDS, "")
    file_format = root.get("format", _MISSING)
    if file_format != FORMAT:
        reader.error(
            root.line_of("format"),
            "format",
            _("must be %(format)s (this file says %(value)s)")
            % {"format": FORMAT, "value": "-" if file_format is _MISSING else file_format},
        )

    slug = reader.text(root, "slug", "")
    if slug and not SLUG.match(slug):
        reader.error(root.line_of("slug"), "slug", _("use only a–z, 0–9, - and _"))
    data = PromiseData(
        slug=slug,
        slug_line=root.line_of("slug"),
        title=reader.text(root, "title", "", required=True),
        municipality=reader.text(root, "municipality", "", required=True),
        police_area=reader.text(root, "police_area", "", required=True),
        other_parties=reader.texts(root, "other_parties", ""),
        signed_on=reader.date(root, "signed_on", ""),
        valid_from=reader.date(root, "valid_from", "", required=True),
        valid_until=reader.date(root, "valid_until", "", required=True),
        until_superseded=reader.boolean(root, "until_superseded", "", False),
        replaces=reader.text(root, "replaces", "") or None,
        replaces_line=root.line_of("replaces"),
        public=reader.boolean(root, "public", "", False),
        published=reader.boolean(root, "published", "", False),
        source_url=reader.text(root, "source_url", ""),
        summary=reader.text(root, "summary", ""),
        basis=reader.text(root, "basis", ""),
        followup=reader.text(root, "followup", ""),
        focus_areas=[],
        lines=_lines(root),
        party_lines=_item_lines(root, "other_parties"),
    )
    _read_contact(reader, root, data)
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        reader.error(root.line_of("valid_until"), "valid_until", _("is before valid_from"))
    if data.slug and data.replaces == data.slug:
        reader.error(data.replaces_line, "replaces", _("a promise cannot replace itself (a cycle)"))

    parties = {"police": data.police_area, "municipality": data.municipality}
    parties.update({name: name for name in data.other_parties})
    keys = {}
    titles = {}
    for path, area in reader.mappings(root, "focus_areas", "", _FOCUS_AREA_FIELDS):
        focus = FocusAreaData(
            line=area.line,
            path=path.rstrip("."),
            title=reader.text(area, "title", path, required=True),
            description=reader.text(area, "description", path),
            lines=_lines(area),
        )
        if focus.title in titles:
            reader.error(
                area.line_of("title"),
                f"{path}title",
                _("repeated; first given on line %(line)s") % {"line": titles[focus.title]},
            )
        titles.setdefault(focus.title, area.line_of("title"))
        focus.commitments = _read_commitments(reader, area, path, parties, keys, inherited=None)
        problem_titles = set()
        problems = reader.mappings(area, "local_problems", path, _LOCAL_PROBLEM_FIELDS)
        for problem_path, problem in problems:
            local = read_problem(reader, problem, problem_path, parties)
            if local.title in problem_titles:
                reader.error(problem.line_of("title"), f"{problem_path}title", _("repeated"))
            problem_titles.add(local.title)
            local.commitments = _read_commitments(
                reader, problem, problem_path, parties, keys, inherited=None
            )
            focus.local_problems.append(local)
        data.focus_areas.append(focus)

    _check_follows(reader, data, keys)
    data.indicators = _read_indicators(reader, root, titles)
    if reader.errors:
        raise FileImportError(reader.errors)
    return data


def _read_commitments(reader, mapping, path, parties, keys, inherited):
    """Read ``mapping["commitments"]`` (recursively); ``keys`` maps each key seen to its line."""
    result = []
    for item_path, raw in reader.mappings(mapping, "commitments", path, _COMMITMENT_FIELDS):
        key = reader.key(
            raw,
            item_path,
            keys,
            _("%(key)s is used already, on line %(line)s; keys must be unique in a promise"),
        )

        if "responsible" in raw or inherited is None:
            tokens = reader.texts(raw, "responsible", item_path)
            if not tokens and "responsible" in raw:
                reader.error(raw.line_of("responsible"), f"{item_path}responsible", _("is empty"))
            elif not tokens:
                reader.error(raw.line, f"{item_path}responsible", _("missing; it is required"))
            responsible = party_names(reader, raw, "responsible", item_path, parties)
        else:
            responsible = list(inherited)

        quota = None
        raw_quota = raw.get("quota")
        if raw_quota is not None:
            quota_path = f"{item_path}quota."
            quota_map = reader.mapping(raw_quota, raw.line_of("quota"), quota_path.rstrip("."))
            if quota_map is not None:
                reader.known_fields(quota_map, _QUOTA_FIELDS, quota_path)
                target = reader.whole_number(quota_map, "target", quota_path, required=True)
                if target is not None and target < 1:
                    reader.error(
                        quota_map.line_of("target"), f"{quota_path}target", _("must be at least 1")
                    )
                per = reader.text(quota_map, "per", quota_path, required=True)
                if per and per not in QuotaPer.values:
                    reader.error(
                        quota_map.line_of("per"),
                        f"{quota_path}per",
                        _("unknown period %(value)s (allowed: %(allowed)s)")
                        % {"value": per, "allowed": ", ".join(QuotaPer.values)},
                    )
                quota = QuotaData(
                    target=target or 1,
                    per=per,
                    unit=reader.text(quota_map, "unit", quota_path),
                    unit_one=reader.text(quota_map, "unit_one", quota_path),
                    average=reader.boolean(quota_map, "average", quota_path, False),
                    kinds=reader.texts(quota_map, "kinds", quota_path),
                )

        default_kind = CommitmentKind.QUOTA if quota is not None else None
        kind = reader.text(raw, "kind", item_path) or default_kind
        if kind is None:
            reader.error(
                raw.line,
                f"{item_path}kind",
                _("missing; give a quota or a kind (milestone, ongoing, conditional)"),
            )
        elif kind not in CommitmentKind.values:
            reader.error(
                raw.line_of("kind"),
                f"{item_path}kind",
                _("unknown value %(value)s (allowed: %(allowed)s)")
                % {"value": kind, "allowed": ", ".join(CommitmentKind.values)},
            )
        elif kind == CommitmentKind.QUOTA and quota is None and "quota" not in raw:
            reader.error(
                raw.line_of("kind"), f"{item_path}quota", _("a quota needs a target and a period")
            )
        elif kind != CommitmentKind.QUOTA and raw_quota is not None:
            reader.error(
                raw.line_of("quota"),
                f"{item_path}quota",
                _("only a commitment of kind quota has one"),
            )
        due_on = reader.date(raw, "due_on", item_path)
        if due_on and kind != CommitmentKind.MILESTONE:
            reader.error(raw.line_of("due_on"), f"{item_path}due_on", _("only a milestone has one"))
        triggered_by = _read_trigger(reader, raw, item_path, kind)

        commitment = CommitmentData(
            line=raw.line,
            path=item_path.rstrip("."),
            key=key,
            text=reader.text(raw, "text", item_path, required=True),
            kind=kind or CommitmentKind.ONGOING,
            responsible=responsible,
            quota=quota,
            due_on=due_on,
            publish_activities=reader.boolean(raw, "publish_activities", item_path, False),
            group=reader.text(raw, "group", item_path),
            follows=reader.text(raw, "follows", item_path),
            follows_line=raw.line_of("follows"),
            triggered_by=triggered_by,
            lines=_lines(raw) | (_lines(raw_quota, "quota.") if quota is not None else {}),
        )
        if commitment.group and inherited is not None:
            reader.error(
                raw.line_of("group"),
                f"{item_path}group",
                _("a sub-commitment stands under its parent; give group to its parent instead"),
            )
        commitment.children = _read_commitments(
            reader, raw, item_path, parties, keys, inherited=responsible
        )
        result.append(commitment)
    return result


def _read_trigger(reader, raw, path, kind):
    """``triggered_by``: what gives a conditional commitment its activities by itself (only
    ``local_problems``: a local problem of the promise convened), or "". A kind missing or
    unknown has its own error."""
    trigger = reader.text(raw, "triggered_by", path)
    if not trigger:
        return ""
    if trigger not in Trigger.values:
        reader.error(
            raw.line_of("triggered_by"),
            f"{path}triggered_by",
            _("unknown value %(value)s (allowed: %(allowed)s)")
            % {"value": trigger, "allowed": ", ".join(Trigger.values)},
        )
        return ""
    if kind in CommitmentKind.values and kind != CommitmentKind.CONDITIONAL:
        reader.error(
            raw.line_of("triggered_by"),
            f"{path}triggered_by",
            _("only a commitment of kind conditional can be triggered (this one is %(kind)s)")
            % {"kind": kind},
        )
        return ""
    return trigger


def _check_follows(reader, data, keys):
    """Each ``follows`` names another commitment of the file (it may come later in the file)."""
    for commitment in data.commitments():
        if not commitment.follows:
            continue
        path = f"{commitment.path}.follows"
        if commitment.follows == commitment.key:
            reader.error(commitment.follows_line, path, _("a commitment cannot follow itself"))
        elif commitment.follows not in keys:
            reader.error(
                commitment.follows_line,
                path,
                _("no commitment with the key %(key)s in this file") % {"key": commitment.follows},
            )


def _read_contact(reader, root, data):
    """Read the optional ``county`` (the municipality's, by name) and ``contact`` (a function
    residents may ask: role, e-mail, phone, page) into ``data``."""
    county = reader.text(root, "county", "")
    if county:
        codes = {label: code for code, label in County.choices}
        if county not in codes:
            reader.error(
                root.line_of("county"),
                "county",
                _("not a Swedish county (write one of: %(counties)s)")
                % {"counties": ", ".join(codes)},
            )
        data.county = codes.get(county, "")
    contact = root.get("contact")
    if contact is None:
        return
    mapping = reader.mapping(contact, root.line_of("contact"), "contact")
    if mapping is None:
        return
    reader.known_fields(mapping, _CONTACT_FIELDS, "contact.")
    for name in _CONTACT_FIELDS:
        setattr(data, f"contact_{name}", reader.text(mapping, name, "contact."))
    data.lines |= {f"contact.{name}": line for name, line in _lines(mapping).items()}


def _read_indicators(reader, root, titles):
    """Read ``root["indicators"]`` (optional); ``titles`` are the file's focus areas' titles."""
    result, keys = [], {}
    for path, raw in reader.mappings(root, "indicators", "", _INDICATOR_FIELDS):
        key = reader.key(
            raw,
            path,
            keys,
            _(
                "%(key)s is used already, on line %(line)s; an indicator's key must be unique "
                "in a promise"
            ),
        )
        focus_area = reader.text(raw, "focus_area", path) or None
        if focus_area is not None and focus_area not in titles:
            reader.error(
                raw.line_of("focus_area"),
                f"{path}focus_area",
                _("no focus area with the title %(title)s in this file (write one of: %(titles)s)")
                % {"title": shown(focus_area), "titles": ", ".join(titles) or "–"},
            )
        indicator = IndicatorData(
            line=raw.line,
            path=path.rstrip("."),
            key=key,
            name=reader.text(raw, "name", path, required=True),
            unit=reader.choice(
                raw, "unit", path, IndicatorUnit, IndicatorUnit.PERCENT, required=True
            ),
            direction=reader.choice(
                raw,
                "direction",
                path,
                IndicatorDirection,
                IndicatorDirection.LOWER_IS_BETTER,
                required=True,
            ),
            source=reader.text(raw, "source", path),
            focus_area=focus_area,
            target=reader.number(raw, "target", path),
            lines=_lines(raw),
        )
        baseline = raw.get("baseline")
        if baseline is not None:
            baseline_path = f"{path}baseline."
            mapping = reader.mapping(baseline, raw.line_of("baseline"), baseline_path.rstrip("."))
            if mapping is not None:
                reader.known_fields(mapping, _BASELINE_FIELDS, baseline_path)
                indicator.baseline_on = reader.date(mapping, "date", baseline_path, required=True)
                indicator.baseline_value = reader.number(
                    mapping, "value", baseline_path, required=True
                )
                indicator.lines |= _lines(mapping, "baseline.")
        indicator.values = _read_values(reader, raw, path)
        result.append(indicator)
    return result


def _read_values(reader, indicator, path):
    """Read an indicator's ``values``: one a day."""
    result, days = [], {}
    for item_path, raw in reader.mappings(indicator, "values", path, _VALUE_FIELDS):
        measured_on = reader.date(raw, "date", item_path, required=True)
        if measured_on in days:
            reader.error(
                raw.line_of("date"),
                f"{item_path}date",
                _("%(date)s has a value already, on line %(line)s; an indicator has one a day")
                % {"date": measured_on.isoformat(), "line": days[measured_on]},
            )
        elif measured_on is not None:
            days[measured_on] = raw.line_of("date")
        result.append(
            IndicatorValueData(
                line=raw.line,
                path=item_path.rstrip("."),
                measured_on=measured_on,
                value=reader.number(raw, "value", item_path, required=True),
                note=reader.text(raw, "note", item_path),
                source_url=reader.text(raw, "source_url", item_path),
                lines=_lines(raw),
            )
        )
    return result
