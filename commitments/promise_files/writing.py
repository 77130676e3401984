"""Writing: a promise as the YAML text that importing reads back identically.

Measured values (an indicator's baseline, target and values) are written as :func:`figure`
writes them: with their digits and at least one decimal (18.0, 17.2, 0.125). The database
keeps a value, not how it was typed, so a value typed ``17`` in a file comes back ``17.0``;
``18.0`` comes back ``18.0``. The first export of a file written by hand may thus differ from
it in such numbers; from then on export, import and export give the same text.
"""

from decimal import Decimal

import yaml

from ..enums import CommitmentKind
from ..files import figure
from ..models import Promise
from .data import FORMAT
from .local_problems import problem_item


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


def _represent_decimal(dumper, value):
    # A float to YAML, written from the Decimal's own digits (no binary rounding).
    return dumper.represent_scalar("tag:yaml.org,2002:float", figure(value))


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(Decimal, _represent_decimal)


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
    if commitment.triggered_by:
        item["triggered_by"] = commitment.triggered_by
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


def _indicator_data(indicator):
    """The file's mapping of ``indicator`` (read with its focus area and values)."""
    baseline = None
    if indicator.baseline_on is not None:
        baseline = {"date": indicator.baseline_on, "value": indicator.baseline_value}
    return {
        "key": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "source": indicator.source or None,
        "focus_area": indicator.focus_area.title if indicator.focus_area else None,
        "baseline": baseline,
        "target": indicator.target,
        "values": [
            {
                "date": value.measured_on,
                "value": value.value,
                "note": value.note or None,
                "source_url": value.source_url or None,
            }
            for value in indicator.values.all()
        ],
    }


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
    for area in promise.focus_areas.prefetch_related("local_problems__participants"):
        item = {"title": area.title, "description": area.description, "commitments": roots(area)}
        problems = [
            problem_item(problem, promise, roots(area, problem), _party_order)
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
        **(
            {"county": promise.municipality.get_county_display()}
            if promise.municipality.county
            else {}
        ),
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
        **({"contact": promise.contact} if promise.contact else {}),
        "summary": promise.summary,
        "basis": promise.basis,
        "followup": promise.followup,
        "focus_areas": areas,
    }
    indicators = promise.indicators.select_related("focus_area").prefetch_related("values")
    if indicators:
        document["indicators"] = [_indicator_data(indicator) for indicator in indicators]
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        indent=2,
        default_flow_style=None,
    )
