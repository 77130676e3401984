"""The form renderer: Django's, but a <select> is written here rather than by Django's
templates.

Django renders each <option> of a select through two included templates. A filter form or the
log form lists a promise's commitments and parties, some hundred options, and rendering them
took a third of the page's time. The HTML is the same, byte for byte, as Django's templates
make it (a test compares the two on every form of the app); a select whose options use another
template is left to them.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            widget = context["widget"]
            if all(
                o["template_name"] == OPTION for _, group, _ in widget["optgroups"] for o in group
            ):
                return select_html(widget)
        return super().render(template_name, context, request)


def select_html(widget):
    """django/forms/widgets/select.html and select_option.html, as Python."""
    parts = [format_html('<select name="{}"{}>', widget["name"], attrs_html(widget["attrs"]))]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    attrs_html(option["attrs"]),
                    option["label"],
                )
            )
        if group_name:
            parts.append(mark_safe("\n  </optgroup>"))
    parts.append(mark_safe("\n</select>"))  # a renderer strips the template's last newline
    return mark_safe("".join(parts))


def attrs_html(attrs):
    """django/forms/widgets/attrs.html: False left out, True as a bare name."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )
