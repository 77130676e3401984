"""Writing: a promise as the YAML text that importing reads back identically."""

import yaml

from ..enums import CommitmentKind
from ..models import Promise
from .data import FORMAT


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


def _commitment_data(commitment, promise, children, keys, inherited):
    """The file's mapping of ``commitment``; ``keys`` are the promise's commitments' keys by id."""
    responsible = [promise.party_token(o) for o in commitment.responsible.all()]
    responsible.sort(key=_party_order)
    item = {"key": commitment.key}
    if inherited is None or responsible != inherited:
        item["responsible"] = responsible
    if commitment.group:
        item["group"] = commitment.group
    if commitment.follows_id:
        item["follows"] = keys[commitment.follows_id]
    if commitment.kind != CommitmentKind.QUOTA:
        item["kind"] = commitment.kind
    if commitment.kind == CommitmentKind.MILESTONE:
        item["due_on"] = commitment.due_on
    item["text"] = commitment.text
    if commitment.kind == CommitmentKind.QUOTA:
        quota = {"target": commitment.quota_target, "per": commitment.quota_per}
        if commitment.quota_unit:
            quota["unit"] = commitment.quota_unit
        if commitment.quota_unit_one:
            quota["unit_one"] = commitment.quota_unit_one
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
            _commitment_data(child, promise, children, keys, responsible) for child in kids
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
    keys = {c.pk: c.key for c in commitments}
    for commitment in commitments:
        if commitment.parent_id:
            children.setdefault(commitment.parent_id, []).append(commitment)
        else:
            place = (commitment.focus_area_id, commitment.local_problem_id)
            by_place.setdefault(place, []).append(commitment)

    def roots(focus_area, local_problem=None):
        return [
            _commitment_data(c, promise, children, keys, None)
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
