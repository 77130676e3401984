"""The form renderer writes <select> in Python (alvsbyn_promises.rendering): its HTML must be
Django's own, byte for byte, on every kind of select and on the app's pages that show them."""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse

from alvsbyn_promises.rendering import FormRenderer
from tests.factories import ActivityFactory, CommitmentFactory

DJANGO = "django.forms.renderers.DjangoTemplates"


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "Alfa"), (1, "Ett")])
    grouped = forms.ChoiceField(
        choices=[
            ("Polisen", [("p1", "Hundsök"), ("p2", "Kontroll")]),
            ("Kommunen", [("k1", "Föräldravandring")]),
            ("x", "Utan grupp"),
        ]
    )
    many = forms.MultipleChoiceField(
        choices=[("1", "Ett"), ("2", "Två"), ("3", "Tre")], required=False
    )
    maybe = forms.NullBooleanField()
    escaped = forms.ChoiceField(
        choices=[('"><script>alert(1)</script>', "<b>Fet</b> & 'citat'")],
        widget=forms.Select(attrs={"data-x": '"<&>', "required": True, "disabled": False}),
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": "1", "grouped": "k1", "many": ["1", "3"], "maybe": "true"},
        {"plain": "zz", "many": ["9"], "maybe": "unknown"},
    ],
)
def test_every_kind_of_select_as_django_writes_it(data):
    ours, theirs = Choices(data or None), Choices(data or None, renderer=DjangoTemplates())
    assert isinstance(ours.renderer, FormRenderer)
    for name in ours.fields:
        assert "<select" in str(ours[name])
        assert str(ours[name]) == str(theirs[name]), name


def page(client, url, settings, renderer):
    settings.FORM_RENDERER = renderer
    response = client.get(url)
    assert response.status_code == 200
    return response.text


@pytest.mark.django_db
def test_the_app_s_pages_as_django_writes_them(client, settings, promise, focus_area, coordinator):
    commitment = CommitmentFactory(
        focus_area=focus_area, key="hundsok", responsible=[promise.municipality]
    )
    activity = ActivityFactory(
        commitment=commitment,
        organisation=promise.municipality,
        occurred_on=datetime.date(2025, 3, 1),
    )
    client.force_login(coordinator)
    slug = promise.slug
    urls = [
        reverse("activity_create", args=[slug]) + "?commitment=hundsok",
        reverse("activity_list", args=[slug]) + f"?commitment={commitment.pk}",
        reverse("activity_edit", args=[slug, activity.pk]),
    ]
    for url in urls:
        ours = page(client, url, settings, "alvsbyn_promises.rendering.FormRenderer")
        theirs = page(client, url, settings, DJANGO)
        assert "<select" in ours, url
        assert _same(ours, theirs), url


@pytest.mark.django_db
def test_the_admin_s_pages_as_django_writes_them(client, settings, admin_user, promise, focus_area):
    commitment = CommitmentFactory(focus_area=focus_area)
    client.force_login(admin_user)
    for url in [
        reverse("admin:commitments_promise_change", args=[promise.pk]),
        reverse("admin:commitments_commitment_change", args=[commitment.pk]),
        reverse("admin:commitments_activity_add"),
    ]:
        ours = page(client, url, settings, "alvsbyn_promises.rendering.FormRenderer")
        theirs = page(client, url, settings, DJANGO)
        assert "<select" in ours, url
        assert _same(ours, theirs), url


def _same(ours, theirs):
    """Equal but for what changes with every request (the CSRF token, the form's one-time
    token)."""

    def steady(html):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        return re.sub(r'name="submission" value="[^"]*"', "", html)

    return steady(ours) == steady(theirs)
