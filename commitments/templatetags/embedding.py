"""The code a municipality pastes into its website to show a public promise's summary."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()

# The frame's height in the code offered: the summary fits it from 300 px wide up.
EMBED_HEIGHT = 400


@register.inclusion_tag("commitments/includes/embed_code.html", takes_context=True)
def embed_code(context, promise):
    """The staff's "embed on the municipality's website" section for ``promise``: the <iframe>
    code to copy, at this site's own address, and the origins allowed to frame it now. Nothing
    for a promise that is not public and published (its embed page is a 404)."""
    if not (promise.public and promise.published):
        return {"shown": False}
    url = context["request"].build_absolute_uri(reverse("promise_embed", args=[promise.slug]))
    title = gettext("%(title)s – Citizen promises") % {"title": promise.title}
    code = format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" loading="lazy"></iframe>',
        url,
        title,
        EMBED_HEIGHT,
    )
    return {
        "shown": True,
        "url": url,
        "code": code,
        "origins": settings.EMBED_ALLOWED_ORIGINS,
    }
