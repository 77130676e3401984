import base64

from django import template
from django.template.loader import render_to_string

from commitments.enums import PromiseStatus
from followup.engine import LIGHTS
from followup.presentation import BADGE_CLASSES, describe_quota, status_label

register = template.Library()


@register.inclusion_tag("followup/status_badge.html")
def status_badge(status):
    """A status as a coloured badge that says it in words (never colour alone)."""
    return {"label": status_label(status), "css": BADGE_CLASSES[LIGHTS[status]]}


@register.filter
def quota_text(facts):
    return describe_quota(facts)


@register.filter
def promise_status_label(status):
    return PromiseStatus(status).label


@register.filter
def status_text(status):
    return status_label(status)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def chart_data_uri(chart):
    """The chart drawn by bar_chart_drawing.svg, as a data: address for an <img>."""
    svg = render_to_string("followup/charts/bar_chart_drawing.svg", {"chart": chart})
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
