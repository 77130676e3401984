"""The public list /promises/: a page at a time, searched by municipality, police area or title,
filtered to the promises in force; the same public promises whoever asks."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.urls import reverse

from commitments.enums import PromiseStatus
from commitments.models import Promise
from commitments.views.promises import PROMISE_PAGE_SIZE
from tests.factories import OrganisationFactory, PromiseFactory

D = datetime.date
TODAY = D(2025, 6, 15)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0), tick=False)


def listed(response):
    """The titles the page lists, in order."""
    return re.findall(r'<li class="list-group-item"><a href="[^"]+">([^<]+)</a>', response.text)


def many_public(count, **fields):
    """``count`` public promises of one municipality each, titled "Löfte 000" onwards."""
    return [
        PromiseFactory(
            slug=f"lofte-{n:03}",
            title=f"Löfte {n:03}",
            municipality=OrganisationFactory(name=f"Kommun {n:03}", municipality=True),
            public=True,
            **fields,
        )
        for n in range(count)
    ]


@pytest.fixture
def nation(db):
    """Three public promises and two that nobody outside may see."""
    lulea = OrganisationFactory(name="Luleå kommun", municipality=True)
    boden = OrganisationFactory(name="Bodens kommun", municipality=True)
    north = OrganisationFactory(name="Lokalpolisområde Luleå", police=True)
    south = OrganisationFactory(name="Lokalpolisområde Boden", police=True)
    return {
        "lulea": PromiseFactory(
            slug="lulea-2024", title="Tryggare centrum", municipality=lulea, police_area=north,
            public=True,
        ),
        "lulea-old": PromiseFactory(
            slug="lulea-2022", title="Tryggare skolor", municipality=lulea, police_area=north,
            valid_from=D(2022, 1, 1), valid_until=D(2023, 12, 31), public=True,
        ),
        "boden": PromiseFactory(
            slug="boden-2025", title="Medborgarlöfte Boden", municipality=boden,
            police_area=south, valid_from=D(2025, 1, 1), valid_until=D(2026, 12, 31),
            public=True,
        ),
        "hidden": PromiseFactory(
            slug="hemligt", title="Ej offentligt", municipality=boden, police_area=south
        ),
        "draft": PromiseFactory(
            slug="utkast", title="Offentligt utkast", municipality=lulea, police_area=north,
            public=True, draft=True,
        ),
    }  # fmt: skip


def test_lists_public_promises_by_municipality_newest_first(client, nation):
    response = client.get(reverse("promise_list"))
    assert response.status_code == 200
    assert listed(response) == ["Medborgarlöfte Boden", "Tryggare centrum", "Tryggare skolor"]
    text = response.text
    assert text.index("Bodens kommun") < text.index("Luleå kommun")
    assert "3 löften" in text
    assert "Lokalpolisområde Luleå · 2024-01-01 – 2025-12-31 · Aktiv" in text
    assert "2022-01-01 – 2023-12-31 · Utgånget" in text


@pytest.mark.parametrize("role", [None, "police_reporter", "stranger", "admin_user", "local_admin"])
def test_everyone_sees_the_same_public_promises_only(client, nation, role, request):
    if role is not None:
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("promise_list"))
    assert response.status_code == 200
    # The list only: a member of Boden (the stranger) finds their own promise in the menu.
    assert listed(response) == ["Medborgarlöfte Boden", "Tryggare centrum", "Tryggare skolor"]
    if role is None:
        assert "Ej offentligt" not in response.text and "Offentligt utkast" not in response.text


def test_a_page_at_a_time(client, db):
    many_public(PROMISE_PAGE_SIZE + 2)
    first = client.get(reverse("promise_list"))
    assert listed(first) == [f"Löfte {n:03}" for n in range(PROMISE_PAGE_SIZE)]
    assert f"{PROMISE_PAGE_SIZE + 2} löften" in first.text
    assert '<nav aria-label="Sidor">' in first.text
    assert 'aria-current="page"><span class="page-link">Sida 1 av 2</span>' in first.text
    assert 'href="?page=2"' in first.text
    second = client.get(reverse("promise_list"), {"page": "2"})
    assert listed(second) == [f"Löfte {n:03}" for n in range(PROMISE_PAGE_SIZE, 27)]
    assert "Sida 2 av 2" in second.text


def test_a_page_past_the_last_shows_the_last(client, db):
    many_public(3)
    response = client.get(reverse("promise_list"), {"page": "99"})
    assert response.status_code == 200
    assert len(listed(response)) == 3


def test_one_page_needs_no_page_links(client, nation):
    assert 'aria-label="Sidor"' not in client.get(reverse("promise_list")).text


@pytest.mark.parametrize(
    "search, titles",
    [
        ("boden", ["Medborgarlöfte Boden"]),  # the municipality (and the police area)
        ("Lokalpolisområde Luleå", ["Tryggare centrum", "Tryggare skolor"]),  # the police area
        ("SKOLOR", ["Tryggare skolor"]),  # the title, in any case
        ("tryggare kommun", ["Tryggare centrum", "Tryggare skolor"]),  # every word, anywhere
        ("  centrum  ", ["Tryggare centrum"]),
        ("Stockholm", []),
    ],
)
def test_search_by_municipality_police_area_or_title(client, nation, search, titles):
    response = client.get(reverse("promise_list"), {"q": search})
    assert response.status_code == 200
    assert listed(response) == titles
    if not titles:
        assert "Inget offentligt löfte matchar sökningen." in response.text


def test_search_never_finds_what_is_not_public(client, nation):
    for search in ("Ej offentligt", "utkast"):
        assert listed(client.get(reverse("promise_list"), {"q": search})) == []


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite folds the case of ASCII letters only"
)
def test_search_folds_the_case_of_swedish_letters(client, nation):
    assert listed(client.get(reverse("promise_list"), {"q": "LULEÅ"})) == [
        "Tryggare centrum",
        "Tryggare skolor",
    ]


def test_wildcards_in_a_search_are_plain_text(client, nation):
    assert listed(client.get(reverse("promise_list"), {"q": "%"})) == []
    assert listed(client.get(reverse("promise_list"), {"q": "_"})) == []


def test_in_force_today(client, nation):
    response = client.get(reverse("promise_list"), {"show": "in_force"})
    assert listed(response) == ["Medborgarlöfte Boden", "Tryggare centrum"]
    assert '<option value="in_force" selected>' in response.text


def test_the_pages_keep_the_search(client, db):
    many_public(PROMISE_PAGE_SIZE + 1)
    response = client.get(reverse("promise_list"), {"q": "löfte", "show": "in_force"})
    assert 'href="?q=l%C3%B6fte&amp;show=in_force&amp;page=2"' in response.text
    second = client.get(reverse("promise_list"), {"q": "löfte", "show": "in_force", "page": "2"})
    assert listed(second) == [f"Löfte {PROMISE_PAGE_SIZE:03}"]
    assert 'value="löfte"' in second.text


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "bo\x00den"}, "Null-tecken är inte tillåtna."),
        ({"q": "x" * 101}, "som mest 100 tecken"),
        ({"show": "everything"}, "Välj ett giltigt alternativ."),
    ],
)
def test_a_search_that_cannot_be_read_is_a_400_saying_what_to_correct(
    client, nation, params, message
):
    response = client.get(reverse("promise_list"), params)
    assert response.status_code == 400
    assert message in response.text
    assert "Sökningen gick inte att läsa." in response.text
    assert listed(response) == []
    (name,) = params
    assert f'aria-describedby="id_{name}' in response.text  # the error is read with the field
    assert f'<div id="id_{name}_error" class="invalid-feedback">' in response.text
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize("value", ["0", "-1", "två", "1.5", "\x00"])
def test_a_page_number_that_is_not_one_is_a_400(client, nation, value):
    assert client.get(reverse("promise_list"), {"page": value}).status_code == 400


@pytest.mark.parametrize("size", [3, 60])
@pytest.mark.parametrize("signed_in, queries", [(False, 3), (True, 6)])
def test_queries_do_not_grow_with_the_number_of_promises(
    client, db, admin_user, django_assert_num_queries, size, signed_in, queries
):
    promises = many_public(size)
    for promise in promises[::2]:  # half of them replaced: status_on() reads the successors
        PromiseFactory(
            replaces=promise, municipality=promise.municipality, valid_from=D(2026, 1, 1),
            valid_until=D(2027, 12, 31), public=True,
        )  # fmt: skip
    if signed_in:
        client.force_login(admin_user)
    with django_assert_num_queries(queries):
        response = client.get(reverse("promise_list"), {"q": "Kommun", "show": "in_force"})
    assert len(listed(response)) == min(size, PROMISE_PAGE_SIZE)


class Outline(HTMLParser):
    """The headings, the labelled controls and the landmarks of a page."""

    def __init__(self):
        super().__init__()
        self.h1, self.labels, self.controls, self.roles = 0, set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.h1 += tag == "h1"
        if tag == "label":
            self.labels.add(attrs.get("for"))
        if tag in ("input", "select") and attrs.get("type") != "hidden":
            self.controls.append(attrs.get("id"))
        if tag in ("main", "nav", "header", "footer") or attrs.get("role"):
            self.roles.append(attrs.get("role") or tag)


def test_the_page_is_accessible_without_scripts(client, db):
    many_public(PROMISE_PAGE_SIZE + 1)
    outline = Outline()
    outline.feed(client.get(reverse("promise_list")).text)
    assert outline.h1 == 1
    assert outline.controls == ["id_q", "id_show"]
    assert set(outline.controls) <= outline.labels
    assert {"header", "main", "search", "nav", "footer"} <= set(outline.roles)


def test_in_force_on_agrees_with_the_promise_rule(db):
    """The SQL of ``in_force_on`` against ``Promise.is_in_force_on`` on every boundary."""
    municipality = OrganisationFactory(municipality=True)

    def promise(**fields):
        return PromiseFactory(municipality=municipality, **fields)

    plain = promise(valid_from=D(2024, 1, 1), valid_until=D(2024, 12, 31))
    open_ended = promise(valid_from=D(2023, 1, 1), valid_until=D(2023, 12, 31), open_ended=True)
    replaced = promise(valid_from=D(2022, 1, 1), valid_until=D(2022, 12, 31), open_ended=True)
    promise(replaces=replaced, valid_from=D(2024, 7, 1), valid_until=D(2025, 6, 30))
    replaced_early = promise(valid_from=D(2021, 1, 1), valid_until=D(2024, 12, 31), open_ended=True)
    promise(replaces=replaced_early, valid_from=D(2024, 3, 1), valid_until=D(2025, 6, 30))
    draft_successor = promise(
        valid_from=D(2020, 1, 1), valid_until=D(2020, 12, 31), open_ended=True
    )
    promise(replaces=draft_successor, valid_from=D(2024, 1, 1), valid_until=D(2024, 12, 31),
            draft=True)  # fmt: skip
    promises = list(Promise.objects.prefetch_related("successors"))
    assert {plain, open_ended, replaced, replaced_early, draft_successor} <= set(promises)
    days = [D(2019, 12, 31), D(2022, 12, 31), D(2023, 1, 1), D(2024, 1, 1), D(2024, 2, 29),
            D(2024, 3, 1), D(2024, 6, 30), D(2024, 7, 1), D(2024, 12, 31), D(2025, 1, 1),
            D(2025, 6, 30), D(2025, 7, 1)]  # fmt: skip
    for day in days:
        expected = {p.pk for p in promises if p.is_in_force_on(day)}
        assert set(Promise.objects.in_force_on(day).values_list("pk", flat=True)) == expected, day
        statuses = {p.pk for p in promises if p.status_on(day) in IN_FORCE}
        assert statuses == expected - {p.pk for p in promises if not p.published}, day


IN_FORCE = {PromiseStatus.ACTIVE, PromiseStatus.EXTENDED}
