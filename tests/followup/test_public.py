"""The public page and the list of public promises: what citizens see, and what they never do."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, PromiseFactory

from .conftest import LABELS, ZOO

D = datetime.date


@pytest.fixture
def public(promise, zoo):
    promise.public = True
    promise.save()
    return promise


def page(client, promise, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("promise_detail", args=[promise.slug]))


def test_anyone_reads_what_was_promised_and_how_it_stands(client, public):
    response = page(client, public)
    assert response.status_code == 200
    assert response.templates[0].name == "commitments/promise_public.html"
    text = response.text
    for key in ZOO:
        assert f"Åtagande {key}." in text
    for label in LABELS:
        assert f'">{label}</span>' in text, label


def test_counts_per_period_and_the_last_update(client, public):
    text = page(client, public).text
    # One line a period, its status in words (and a sign beside them).
    assert '2024: 0 av 2 – missat <span aria-hidden="true">✗</span>' in text
    assert "2025: 1 av 2 – i riskzonen</li>" in text
    assert "Senast uppdaterad: 2025-10-20" in text  # the promise itself changed today


def test_no_staff_names_and_no_descriptions(client, public, police_reporter):
    police_reporter.first_name, police_reporter.last_name = "Petra", "Polis"
    police_reporter.save()
    text = page(client, public).text
    assert "Petra" not in text and "polis" not in text.lower().split("lokalpolisområde")[0]
    assert "Aktivitet för" not in text
    assert reverse("activity_list", args=[public.slug]) not in text


def test_descriptions_of_publishable_commitments(client, public, zoo):
    zoo["active"].publish_activities = True
    zoo["active"].save()
    text = page(client, public).text
    timeline = text[text.index('id="activities-heading"') :]
    assert '<time datetime="2025-10-01">2025-10-01</time>' in timeline
    assert "Aktivitet för active." in timeline
    assert "Aktivitet för inactive." not in text


def test_signed_in_stranger_sees_the_public_page(client, public, stranger):
    response = page(client, public, stranger)
    assert response.templates[0].name == "commitments/promise_public.html"


def test_members_see_the_staff_page(client, public, reviewer):
    response = page(client, public, reviewer)
    assert response.templates[0].name == "commitments/promise_detail.html"


def test_a_promise_that_is_not_public(client, promise, stranger, zoo):
    assert page(client, promise)["Location"].startswith(reverse("login"))
    assert page(client, promise, stranger).status_code == 404


def test_a_public_draft_is_not_shown(client, public):
    public.published = False
    public.save()
    assert page(client, public)["Location"].startswith(reverse("login"))


def test_list_of_public_promises_by_municipality(client, public, db):
    boden = OrganisationFactory(name="Bodens kommun", municipality=True)
    PromiseFactory(slug="boden-2025", title="Medborgarlöfte Boden", municipality=boden, public=True)
    PromiseFactory(slug="hemligt", title="Ej offentligt", public=False)
    response = client.get(reverse("promise_list"))
    assert response.status_code == 200
    text = response.text
    assert (
        text.index("Bodens kommun")
        < text.index("Medborgarlöfte Boden")
        < text.index("Älvsbyns kommun")
    )
    assert public.title in text and "Ej offentligt" not in text


def test_list_reads_few_queries(client, db, django_assert_max_num_queries):
    for n in range(10):
        PromiseFactory(slug=f"p{n}", public=True)
    # The police areas offered, the municipalities listed, the page's promises.
    with django_assert_max_num_queries(3):
        client.get(reverse("promise_list"))


def test_public_page_query_budget(client, big, django_assert_max_num_queries):
    big.public = True
    big.save()
    with django_assert_max_num_queries(12):  # + the local problems' steps (issue 15)
        response = page(client, big)
    assert response.status_code == 200
