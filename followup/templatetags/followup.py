import base64

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from commitments.enums import PromiseStatus
from followup.caching import cached_text
from followup.engine import LIGHTS
from followup.indicator_display import IndicatorView, indicator_groups
from followup.presentation import (
    BADGE_CLASSES,
    STATUS_EXPLANATIONS,
    describe_needed,
    describe_quota,
    status_label,
)

register = template.Library()


@register.simple_tag
def status_badge(status):
    """A status as a coloured badge that says it in words (never colour alone). Made here, not
    by a template of its own: a dashboard shows a hundred or more."""
    return format_html(
        '<span class="badge {}">{}</span>', BADGE_CLASSES[LIGHTS[status]], status_label(status)
    )


@register.filter
def count_of(count, target):
    """ "3 av 4": as ``{% blocktranslate %}{{ count }} of {{ target }}{% endblocktranslate %}``
    says it (the same text to translate), at a fraction of the cost in a table's every cell."""
    return gettext("%(count)s of %(target)s") % {"count": count, "target": target}


@register.inclusion_tag("followup/includes/legend.html")
def status_legend(statuses=None):
    """What each status means, in plain words; ``statuses`` limits it to those given."""
    shown = [s for s in STATUS_EXPLANATIONS if statuses is None or s in statuses]
    return {"entries": [(s, status_label(s), STATUS_EXPLANATIONS[s]) for s in shown]}


@register.filter
def quota_text(facts):
    return describe_quota(facts)


@register.filter
def needed_text(result):
    """What an open quota still needs ("1 hundsök till före 2025-12-31"), or ""."""
    return describe_needed(result)


@register.filter
def at_most(value, limit):
    """``value`` capped at ``limit`` (a progress bar's value may not exceed its maximum)."""
    return min(value, limit)


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
    """The chart drawn by its drawing (a line chart's, else bar_chart_drawing.svg), as a data:
    address for an <img>."""
    drawing = getattr(chart, "drawing", "followup/charts/bar_chart_drawing.svg")
    svg = render_to_string(drawing, {"chart": chart})
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@register.filter
def indicator_view(result):
    """An outcome indicator (an IndicatorResult) as the pages show it: an IndicatorView."""
    return IndicatorView.of(result)


@register.filter(name="indicator_groups")
def indicator_groups_filter(indicators, sections=()):
    """``indicators`` by focus area (IndicatorGroups), the areas in the order of ``sections``
    (the page's focus-area sections, each with its ``area``)."""
    return indicator_groups(indicators, [section.area.title for section in sections or ()])


# Characters that may not stand as themselves inside a double-quoted CSS string in a <style>
# element: the quotes and the backslash, control characters, and <, > and & (so that a text
# holding "</style>" cannot end the element).
_CSS_STRING_ESCAPES = {
    code: f"\\{code:X} " for code in [*range(0x20), *range(0x7F, 0xA0), *map(ord, "\"'\\<>&")]
}


@register.filter
def css_string(value):
    """``value`` for the inside of a double-quoted CSS string, as in ``content: "..."``.

    The characters above become CSS hex escapes, each ended by a space (``"`` is ``\\22 ``);
    everything else, "å" and "-" included, stays as it is. ``escapejs`` is no substitute: CSS
    reads its ``\\u002D`` as the letters "u002D".
    """
    return mark_safe(str(value).translate(_CSS_STRING_ESCAPES))


class CachedNode(template.Node):
    def __init__(self, nodelist, key, part):
        self.nodelist, self.key, self.part = nodelist, key, part

    def render(self, context):
        key = self.key.resolve(context)
        if key:
            key = f"{key}:{self.part}"
        return mark_safe(cached_text(key, lambda: self.nodelist.render(context)))


@register.tag
def cached(parser, token):
    """``{% cached key "part" %}…{% endcached %}``: the part rendered once per key (see
    followup.caching; with no key it is rendered every time). What it shows must depend on
    nothing but what the key holds: never the user, never the request."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[2][0] not in "\"'" or bits[2][0] != bits[2][-1]:
        raise template.TemplateSyntaxError("{% cached %} takes a key and a quoted part name.")
    nodelist = parser.parse(("endcached",))
    parser.delete_first_token()
    return CachedNode(nodelist, parser.compile_filter(bits[1]), bits[2][1:-1])
