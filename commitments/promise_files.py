"""Promise files (YAML, format 1): read, check, save and write them.

Reading happens in two steps. :func:`parse_promise_file` turns the text into plain data and
collects every problem it finds, each with its line and field, without touching the database
beyond look-ups. :func:`import_promise` then saves the data in one transaction, so that a refused
file leaves nothing behind. :func:`export_promise` writes what :func:`import_promise` reads:
export then import gives the same promise.
"""

import datetime
import re
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .enums import CommitmentKind, LocalProblemStatus, OrganisationKind, QuotaPer
from .files import FileError, FileImportError, decode, validation_file_errors
from .models import Commitment, FocusArea, LocalProblem, Organisation, Promise

FORMAT = 1
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


# ---------------------------------------------------------------------------------------------
# YAML with line numbers


class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each of its keys."""

    line = None

    def __init__(self):
        super().__init__()
        self.key_lines = {}

    def line_of(self, key):
        return self.key_lines.get(key, self.line)


class _Sequence(list):
    line = None

    def __init__(self):
        super().__init__()
        self.item_lines = []

    def line_of(self, index):
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps lines, reports repeated keys and leaves dates as text.

    Dates stay strings so that a bad one ("2024-13-01") is reported with its line and field
    instead of stopping the whole load.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates = []


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node):
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    yield mapping
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool) and key is not None:
            loader.duplicates.append((line, "-", _("a key must be plain text")))
            continue
        if key in mapping:
            loader.duplicates.append(
                (
                    line,
                    str(key),
                    _("repeated; first given on line %(line)s") % {"line": mapping.key_lines[key]},
                )
            )
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line


def _construct_sequence(loader, node):
    sequence = _Sequence()
    sequence.line = node.start_mark.line + 1
    yield sequence
    for item in node.value:
        sequence.append(loader.construct_object(item, deep=True))
        sequence.item_lines.append(item.start_mark.line + 1)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# ---------------------------------------------------------------------------------------------
# Plain data read from a file


@dataclass
class QuotaData:
    target: int
    per: str
    unit: str = ""
    average: bool = False
    kinds: list = field(default_factory=list)


@dataclass
class CommitmentData:
    line: int
    path: str
    key: str
    text: str
    kind: str
    responsible: list  # Organisation names
    quota: QuotaData | None = None
    due_on: datetime.date | None = None
    publish_activities: bool = False
    children: list = field(default_factory=list)


@dataclass
class LocalProblemData:
    line: int
    title: str
    description: str = ""
    status: str = LocalProblemStatus.RAISED
    raised_on: datetime.date | None = None
    action_plan: str = ""
    commitments: list = field(default_factory=list)


@dataclass
class FocusAreaData:
    line: int
    title: str
    description: str = ""
    commitments: list = field(default_factory=list)
    local_problems: list = field(default_factory=list)


@dataclass
class PromiseData:
    slug: str
    slug_line: int
    title: str
    municipality: str
    police_area: str
    other_parties: list
    signed_on: datetime.date | None
    valid_from: datetime.date
    valid_until: datetime.date
    until_superseded: bool
    replaces: str | None
    replaces_line: int
    public: bool
    published: bool
    source_url: str
    summary: str
    basis: str
    followup: str
    focus_areas: list


# ---------------------------------------------------------------------------------------------
# Reading


_PROMISE_FIELDS = {
    "format", "slug", "title", "municipality", "police_area", "other_parties", "signed_on",
    "valid_from", "valid_until", "until_superseded", "replaces", "public", "published",
    "source_url", "summary", "basis", "followup", "focus_areas",
}  # fmt: skip
_FOCUS_AREA_FIELDS = {"title", "description", "commitments", "local_problems"}
_LOCAL_PROBLEM_FIELDS = {
    "title", "description", "status", "raised_on", "action_plan", "commitments",
}  # fmt: skip
_COMMITMENT_FIELDS = {
    "key", "responsible", "text", "kind", "quota", "due_on", "publish_activities", "commitments",
}  # fmt: skip
_QUOTA_FIELDS = {"target", "per", "unit", "average", "kinds"}
_MISSING = object()


class _Reader:
    """Reads values out of the loaded YAML, collecting every error instead of stopping."""

    def __init__(self):
        self.errors = []

    def error(self, line, path, message):
        self.errors.append(FileError(line, path, message))

    def mapping(self, value, line, path):
        if isinstance(value, _Mapping):
            return value
        self.error(line, path, _("expected a mapping of fields (name: value)"))
        return None

    def known_fields(self, mapping, allowed, path):
        for key in mapping:
            if key not in allowed:
                self.error(
                    mapping.line_of(key),
                    f"{path}{key}",
                    _("unknown field (known fields: %(fields)s)")
                    % {"fields": ", ".join(sorted(allowed))},
                )

    def value(self, mapping, key, path, required):
        if key not in mapping or (required and mapping[key] is None):
            if required:
                self.error(mapping.line, f"{path}{key}", _("missing; it is required"))
            return _MISSING
        return mapping[key]

    def text(self, mapping, key, path, required=False, default=""):
        value = self.value(mapping, key, path, required)
        if value is _MISSING or value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(mapping.line_of(key), f"{path}{key}", _("expected text"))
            return default
        value = str(value).strip()
        if required and not value:
            self.error(mapping.line_of(key), f"{path}{key}", _("missing; it is required"))
        return value

    def boolean(self, mapping, key, path, default):
        value = self.value(mapping, key, path, required=False)
        if value is _MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.error(mapping.line_of(key), f"{path}{key}", _("expected true or false"))
            return default
        return value

    def date(self, mapping, key, path, required=False):
        value = self.value(mapping, key, path, required)
        if value is _MISSING or value is None:
            return None
        try:
            if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                raise ValueError
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            self.error(
                mapping.line_of(key),
                f"{path}{key}",
                _("%(value)s is not a date (YYYY-MM-DD)") % {"value": value},
            )
            return None

    def choice(self, mapping, key, path, choices, default):
        value = self.text(mapping, key, path, default=default)
        if value not in choices.values:
            self.error(
                mapping.line_of(key),
                f"{path}{key}",
                _("unknown value %(value)s (allowed: %(allowed)s)")
                % {"value": value, "allowed": ", ".join(choices.values)},
            )
            return default
        return value

    def sequence(self, mapping, key, path):
        value = self.value(mapping, key, path, required=False)
        if value is _MISSING or value is None:
            return _Sequence()
        if not isinstance(value, _Sequence):
            self.error(mapping.line_of(key), f"{path}{key}", _("expected a list"))
            return _Sequence()
        return value

    def texts(self, mapping, key, path):
        """A list of non-empty strings."""
        result = []
        sequence = self.sequence(mapping, key, path)
        for index, item in enumerate(sequence):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.error(sequence.line_of(index), f"{path}{key}[{index}]", _("expected text"))
            elif str(item).strip():
                result.append(str(item).strip())
        return result

    def whole_number(self, mapping, key, path, required):
        value = self.value(mapping, key, path, required)
        if value is _MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(mapping.line_of(key), f"{path}{key}", _("expected a whole number"))
            return None
        return value


def load_yaml(text):
    """Load YAML keeping lines; raise FileImportError for text that is not YAML at all."""
    loader = _Loader(text)
    try:
        document = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        if "recursive" in str(problem):
            problem = _("an alias refers to a list that contains it (a cycle)")
        line = mark.line + 1 if mark else None
        raise FileImportError(
            [FileError(line, "-", _("not valid YAML: %(problem)s") % {"problem": problem})]
        ) from None
    finally:
        loader.dispose()
    errors = [FileError(line, key, message) for line, key, message in loader.duplicates]
    return document, errors


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
    if slug and not _SLUG.match(slug):
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
    )
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        reader.error(root.line_of("valid_until"), "valid_until", _("is before valid_from"))
    if data.slug and data.replaces == data.slug:
        reader.error(data.replaces_line, "replaces", _("a promise cannot replace itself (a cycle)"))

    parties = {"police": data.police_area, "municipality": data.municipality}
    parties.update({name: name for name in data.other_parties})
    keys = {}
    areas = reader.sequence(root, "focus_areas", "")
    titles = {}
    for index, item in enumerate(areas):
        path = f"focus_areas[{index}]."
        area = reader.mapping(item, areas.line_of(index), path.rstrip("."))
        if area is None:
            continue
        reader.known_fields(area, _FOCUS_AREA_FIELDS, path)
        focus = FocusAreaData(
            line=area.line,
            title=reader.text(area, "title", path, required=True),
            description=reader.text(area, "description", path),
        )
        if focus.title in titles:
            reader.error(
                area.line_of("title"),
                f"{path}title",
                _("repeated; first given on line %(line)s") % {"line": titles[focus.title]},
            )
        titles.setdefault(focus.title, area.line_of("title"))
        focus.commitments = _read_commitments(reader, area, path, parties, keys, inherited=None)
        problems = reader.sequence(area, "local_problems", path)
        problem_titles = set()
        for problem_index, problem_item in enumerate(problems):
            problem_path = f"{path}local_problems[{problem_index}]."
            problem = reader.mapping(
                problem_item, problems.line_of(problem_index), problem_path.rstrip(".")
            )
            if problem is None:
                continue
            reader.known_fields(problem, _LOCAL_PROBLEM_FIELDS, problem_path)
            local = LocalProblemData(
                line=problem.line,
                title=reader.text(problem, "title", problem_path, required=True),
                description=reader.text(problem, "description", problem_path),
                status=reader.choice(
                    problem, "status", problem_path, LocalProblemStatus, LocalProblemStatus.RAISED
                ),
                raised_on=reader.date(problem, "raised_on", problem_path),
                action_plan=reader.text(problem, "action_plan", problem_path),
            )
            if local.title in problem_titles:
                reader.error(problem.line_of("title"), f"{problem_path}title", _("repeated"))
            problem_titles.add(local.title)
            local.commitments = _read_commitments(
                reader, problem, problem_path, parties, keys, inherited=None
            )
            focus.local_problems.append(local)
        data.focus_areas.append(focus)

    if reader.errors:
        raise FileImportError(reader.errors)
    return data


def _read_commitments(reader, mapping, path, parties, keys, inherited):
    """Read ``mapping["commitments"]`` (recursively); ``keys`` maps each key seen to its line."""
    result = []
    items = reader.sequence(mapping, "commitments", path)
    for index, item in enumerate(items):
        item_path = f"{path}commitments[{index}]."
        raw = reader.mapping(item, items.line_of(index), item_path.rstrip("."))
        if raw is None:
            continue
        reader.known_fields(raw, _COMMITMENT_FIELDS, item_path)
        key = reader.text(raw, "key", item_path, required=True)
        if key and not _SLUG.match(key):
            reader.error(raw.line_of("key"), f"{item_path}key", _("use only a–z, 0–9, - and _"))
        elif key in keys:
            reader.error(
                raw.line_of("key"),
                f"{item_path}key",
                _("%(key)s is used already, on line %(line)s; keys must be unique in a promise")
                % {"key": key, "line": keys[key]},
            )
        elif key:
            keys[key] = raw.line_of("key")

        responsible = []
        if "responsible" in raw or inherited is None:
            tokens = reader.texts(raw, "responsible", item_path)
            if not tokens and "responsible" in raw:
                reader.error(raw.line_of("responsible"), f"{item_path}responsible", _("is empty"))
            elif not tokens:
                reader.error(raw.line, f"{item_path}responsible", _("missing; it is required"))
            sequence = raw.get("responsible")
            for token_index, token in enumerate(tokens):
                if token in parties:
                    responsible.append(parties[token])
                else:
                    line = (
                        sequence.line_of(token_index)
                        if isinstance(sequence, _Sequence)
                        else raw.line_of("responsible")
                    )
                    reader.error(
                        line,
                        f"{item_path}responsible",
                        _(
                            "%(party)s is not a party of the promise (use police, municipality "
                            "or a name from other_parties)"
                        )
                        % {"party": token},
                    )
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
        )
        commitment.children = _read_commitments(
            reader, raw, item_path, parties, keys, inherited=responsible
        )
        result.append(commitment)
    return result


# ---------------------------------------------------------------------------------------------
# Saving


def import_promise(data, *, replace=False):
    """Import a promise file; all or nothing.

    With ``replace``, a promise with the same slug is updated in place: focus areas are matched by
    title, local problems by title and commitments by key, so that logged activities stay with
    their commitments. A commitment that has activities cannot be left out of the file.
    ``data`` is the file's text or bytes (UTF-8). Returns the saved promise; raises
    FileImportError listing every problem.
    """
    promise_data = parse_promise_file(decode(data))
    with transaction.atomic():
        return _save(promise_data, replace)


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


def _save(data, replace):
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
    promise.save()
    promise.other_parties.set(others)

    old_areas = {a.title: a for a in promise.focus_areas.all()}
    old_problems = {(p.focus_area.title, p.title): p for p in
                    LocalProblem.objects.filter(focus_area__promise=promise).select_related(
                        "focus_area")}  # fmt: skip
    old_commitments = {c.key: c for c in promise.commitments.all()}
    kept_areas, kept_problems, kept_commitments = set(), set(), set()

    def save_commitments(items, focus_area, local_problem, parent):
        for position, item in enumerate(items):
            commitment = old_commitments.get(item.key) or Commitment(promise=promise)
            commitment.focus_area = focus_area
            commitment.local_problem = local_problem
            commitment.parent = parent
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
            commitment.quota_average = quota.average
            commitment.quota_kinds = quota.kinds
            try:
                commitment.full_clean(exclude=["promise", "focus_area", "local_problem", "parent"])
            except ValidationError as error:
                errors.extend(validation_file_errors(error, item.line, f"{item.path}.", {
                    "quota_target": "quota.target", "quota_per": "quota.per",
                    "quota_unit": "quota.unit", "quota_kinds": "quota.kinds",
                }))  # fmt: skip
                continue
            commitment.save()
            commitment.responsible.set([organisations[name] for name in item.responsible])
            kept_commitments.add(commitment.pk)
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
    return promise


# ---------------------------------------------------------------------------------------------
# Writing


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent lists under their key, as people write them by hand.
        return super().increase_indent(flow, False)


def _represent_text(dumper, value):
    if "\n" in value:
        return dumper.represent_scalar(
            "tag:yaml.org,2002:str", value.rstrip("\n") + "\n", style="|"
        )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_text)


def _commitment_data(commitment, promise, children, inherited):
    responsible = [promise.party_token(o) for o in commitment.responsible.all()]
    responsible.sort(key=_party_order)
    item = {"key": commitment.key}
    if inherited is None or responsible != inherited:
        item["responsible"] = responsible
    if commitment.kind != CommitmentKind.QUOTA:
        item["kind"] = commitment.kind
    if commitment.kind == CommitmentKind.MILESTONE:
        item["due_on"] = commitment.due_on
    item["text"] = commitment.text
    if commitment.kind == CommitmentKind.QUOTA:
        quota = {"target": commitment.quota_target, "per": commitment.quota_per}
        if commitment.quota_unit:
            quota["unit"] = commitment.quota_unit
        if commitment.quota_average:
            quota["average"] = True
        if commitment.quota_kinds:
            quota["kinds"] = list(commitment.quota_kinds)
        item["quota"] = quota
    if commitment.publish_activities:
        item["publish_activities"] = True
    kids = children.get(commitment.pk, [])
    if kids:
        item["commitments"] = [
            _commitment_data(child, promise, children, responsible) for child in kids
        ]
    return item


def _party_order(token):
    return {"police": (0, ""), "municipality": (1, "")}.get(token, (2, token))


def export_promise(promise):
    """The promise as a format-1 YAML text that :func:`import_promise` reads back identically."""
    promise = Promise.objects.with_parties().select_related("replaces").get(pk=promise.pk)
    commitments = list(
        promise.commitments.select_related("focus_area", "local_problem")
        .prefetch_related("responsible")
        .order_by("position", "pk")
    )
    children, by_place = {}, {}
    for commitment in commitments:
        if commitment.parent_id:
            children.setdefault(commitment.parent_id, []).append(commitment)
        else:
            place = (commitment.focus_area_id, commitment.local_problem_id)
            by_place.setdefault(place, []).append(commitment)

    def roots(focus_area, local_problem=None):
        return [
            _commitment_data(c, promise, children, None)
            for c in by_place.get((focus_area.pk, local_problem.pk if local_problem else None), [])
        ]

    areas = []
    for area in promise.focus_areas.prefetch_related("local_problems"):
        item = {"title": area.title, "description": area.description, "commitments": roots(area)}
        problems = [
            {
                "title": problem.title,
                "description": problem.description,
                "status": problem.status,
                "raised_on": problem.raised_on,
                "action_plan": problem.action_plan,
                "commitments": roots(area, problem),
            }
            for problem in area.local_problems.all()
        ]
        if problems:
            item["local_problems"] = problems
        areas.append(item)

    document = {
        "format": FORMAT,
        "slug": promise.slug,
        "title": promise.title,
        "municipality": promise.municipality.name,
        "police_area": promise.police_area.name,
        "other_parties": sorted(o.name for o in promise.other_parties.all()),
        "signed_on": promise.signed_on,
        "valid_from": promise.valid_from,
        "valid_until": promise.valid_until,
        "until_superseded": promise.until_superseded,
        "replaces": promise.replaces.slug if promise.replaces else None,
        "public": promise.public,
        "published": promise.published,
        "source_url": promise.source_url or None,
        "summary": promise.summary,
        "basis": promise.basis,
        "followup": promise.followup,
        "focus_areas": areas,
    }
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        indent=2,
        default_flow_style=None,
    )
