"""The public list /promises/: one current promise per municipality, grouped by county and police
area, the municipality's other public promises under it; searched, filtered, a page of
municipalities at a time; the same public promises whoever asks, and never any other."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.urls import reverse

from commitments.enums import County, PromiseStatus
from commitments.models import Promise
from commitments.public_list import PAGE_SIZE, current_ids
from tests.factories import OrganisationFactory, PromiseFactory

D = datetime.date
TODAY = D(2025, 6, 15)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0), tick=False)


class Listing(HTMLParser):
    """What the list shows: its headings (h1–h4, in order, as text), the current promise of each
    municipality and, by municipality, the other promises under it (titles)."""

    def __init__(self):
        super().__init__()
        self.headings, self.current, self.others = [], [], {}
        self._heading = self._link = None
        self._municipality = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = [tag, ""]
        if tag == "a" and attrs.get("class") in ("current", "other"):
            self._link = [attrs["class"], ""]

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self._link is not None:
            self._link[1] += data

    def handle_endtag(self, tag):
        if self._heading is not None and tag == self._heading[0]:
            text = " ".join(self._heading[1].split())
            self.headings.append((tag, text))
            if tag == "h4":
                self._municipality = text
            self._heading = None
        if tag == "a" and self._link is not None:
            kind, title = self._link
            if kind == "current":
                self.current.append(title)
            else:
                self.others.setdefault(self._municipality, []).append(title)
            self._link = None


def listing(response):
    parser = Listing()
    parser.feed(response.text)
    return parser


def listed(response):
    """The current promises the page lists, in order."""
    return listing(response).current


def described(response, title):
    """What the list says after the link to ``title`` (as text): its dates and status."""
    found = re.search(
        re.escape(title) + r'</a> <span class="text-body-secondary">(.*?)</span></(p|li)>',
        response.text,
    )
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


def get(client, **params):
    return client.get(reverse("promise_list"), params)


@pytest.fixture
def nation(db):
    """Five municipalities with public promises in two counties and one not given, and promises
    nobody outside may see."""
    lulea = OrganisationFactory(name="Luleå kommun", municipality=True, county=County.NORRBOTTEN)
    kalix = OrganisationFactory(name="Kalix kommun", municipality=True, county=County.NORRBOTTEN)
    boden = OrganisationFactory(name="Bodens kommun", municipality=True, county=County.NORRBOTTEN)
    umea = OrganisationFactory(name="Umeå kommun", municipality=True, county=County.VASTERBOTTEN)
    gnesta = OrganisationFactory(name="Gnesta kommun", municipality=True)
    secret = OrganisationFactory(name="Hemliga kommun", municipality=True,
                                 county=County.NORRBOTTEN)  # fmt: skip
    north = OrganisationFactory(name="Lokalpolisområde Luleå", police=True)
    south = OrganisationFactory(name="Lokalpolisområde Boden", police=True)
    west = OrganisationFactory(name="Lokalpolisområde Umeå", police=True)
    middle = OrganisationFactory(name="Lokalpolisområde Strängnäs", police=True)
    unseen = OrganisationFactory(name="Lokalpolisområde Osynligt", police=True)
    return {
        "lulea": PromiseFactory(
            slug="lulea-2024", title="Tryggare centrum", municipality=lulea, police_area=north,
            public=True,
        ),
        "lulea-old": PromiseFactory(
            slug="lulea-2022", title="Tryggare skolor", municipality=lulea, police_area=north,
            valid_from=D(2022, 1, 1), valid_until=D(2023, 12, 31), public=True,
        ),
        "lulea-older": PromiseFactory(
            slug="lulea-2020", title="Trygga gator", municipality=lulea, police_area=south,
            valid_from=D(2020, 1, 1), valid_until=D(2021, 12, 31), public=True,
        ),
        "kalix": PromiseFactory(
            slug="kalix-2025", title="Kalix lovar", municipality=kalix, police_area=north,
            valid_from=D(2025, 1, 1), valid_until=D(2025, 12, 31), public=True,
        ),
        "boden": PromiseFactory(
            slug="boden-2025", title="Medborgarlöfte Boden", municipality=boden,
            police_area=south, valid_from=D(2025, 1, 1), valid_until=D(2026, 12, 31),
            public=True,
        ),
        "umea": PromiseFactory(
            slug="umea-2025", title="Umeå lovar igen", municipality=umea, police_area=west,
            valid_from=D(2025, 9, 1), valid_until=D(2026, 12, 31), public=True,
        ),
        "umea-old": PromiseFactory(
            slug="umea-2023", title="Umeå lovar", municipality=umea, police_area=west,
            valid_from=D(2023, 1, 1), valid_until=D(2024, 12, 31), public=True,
        ),
        "gnesta": PromiseFactory(
            slug="gnesta-2022", title="Gnesta tryggt", municipality=gnesta, police_area=middle,
            valid_from=D(2022, 1, 1), valid_until=D(2023, 12, 31), public=True,
        ),
        # Nobody outside sees these: not public, or public but a draft.
        "hidden": PromiseFactory(
            slug="hemligt", title="Ej offentligt", municipality=boden, police_area=south,
            valid_from=D(2025, 3, 1), valid_until=D(2026, 12, 31),
        ),
        "draft": PromiseFactory(
            slug="utkast", title="Offentligt utkast", municipality=lulea, police_area=north,
            valid_from=D(2025, 6, 1), public=True, draft=True,
        ),
        "secret": PromiseFactory(
            slug="hemliga-2025", title="Hemliga kommunens löfte", municipality=secret,
            police_area=unseen,
        ),
    }  # fmt: skip


CURRENT = ["Umeå lovar igen", "Medborgarlöfte Boden", "Kalix lovar", "Tryggare centrum",
           "Gnesta tryggt"]  # fmt: skip


def test_one_current_promise_per_municipality_by_county_then_police_area(client, nation):
    response = get(client)
    assert response.status_code == 200
    page = listing(response)
    assert page.headings == [
        ("h1", "Offentliga löften"),
        ("h2", "Västerbottens län"),
        ("h3", "Lokalpolisområde Umeå"),
        ("h4", "Umeå kommun"),
        ("h2", "Norrbottens län"),
        ("h3", "Lokalpolisområde Boden"),
        ("h4", "Bodens kommun"),
        ("h3", "Lokalpolisområde Luleå"),
        ("h4", "Kalix kommun"),
        ("h4", "Luleå kommun"),
        ("h2", "Län inte angivet"),  # last: the municipalities whose county is not given
        ("h3", "Lokalpolisområde Strängnäs"),
        ("h4", "Gnesta kommun"),
    ]
    assert page.current == CURRENT
    assert "5 kommuner" in response.text
    assert described(response, "Tryggare centrum") == "· 2024-01-01 – 2025-12-31 · Aktiv"
    assert '<span class="text-nowrap">2024-01-01 – 2025-12-31</span>' in response.text
    assert described(response, "Gnesta tryggt") == "· 2022-01-01 – 2023-12-31 · Utgånget"
    assert described(response, "Umeå lovar igen") == "· 2025-09-01 – 2026-12-31 · Kommande"


def test_the_older_public_promises_are_one_click_away_under_their_municipality(client, nation):
    response = get(client)
    page = listing(response)
    assert page.others == {
        "Luleå kommun": ["Tryggare skolor", "Trygga gator"],  # newest first
        "Umeå kommun": ["Umeå lovar"],
    }
    text = response.text
    assert "<summary>2 andra löften" in text and "<summary>1 annat löfte" in text
    # Each links to its page; one signed with another police area names it.
    assert f'href="{reverse("promise_detail", args=["lulea-2022"])}">Tryggare skolor</a>' in text
    assert described(response, "Trygga gator") == (
        "· Lokalpolisområde Boden · 2020-01-01 – 2021-12-31 · Utgånget"
    )
    assert described(response, "Tryggare skolor") == "· 2022-01-01 – 2023-12-31 · Utgånget"


@pytest.mark.parametrize("role", [None, "police_reporter", "stranger", "admin_user", "local_admin"])
def test_everyone_sees_the_same_public_promises_only(client, nation, role, request):
    if role is not None:
        client.force_login(request.getfixturevalue(role))
    response = get(client)
    assert response.status_code == 200
    page = listing(response)
    assert page.current == CURRENT
    assert page.others == {
        "Luleå kommun": ["Tryggare skolor", "Trygga gator"],
        "Umeå kommun": ["Umeå lovar"],
    }


def test_what_is_not_public_never_appears_neither_as_current_nor_as_older(client, nation):
    """Boden's newer promise is not public and Luleå's newer one a draft: each municipality's
    current promise stays its public one, and neither is listed under it; a municipality with
    no public promise is not listed, nor its police area offered."""
    text = get(client).text
    for title in ("Ej offentligt", "Offentligt utkast", "Hemliga kommun", "Osynligt"):
        assert title not in text, title
    for search in ("Ej offentligt", "utkast", "Hemliga"):
        response = get(client, q=search)
        assert listed(response) == [], search
        assert "Inget offentligt löfte matchar sökningen." in response.text


def test_a_municipality_that_has_only_older_public_promises_lists_its_latest(client, db):
    town = OrganisationFactory(name="Åsele kommun", municipality=True)
    for year in (2016, 2018, 2020):
        PromiseFactory(municipality=town, title=f"Åsele {year}", valid_from=D(year, 1, 1),
                       valid_until=D(year + 1, 12, 31), public=True)  # fmt: skip
    page = listing(get(client))
    assert page.current == ["Åsele 2020"]
    assert page.others == {"Åsele kommun": ["Åsele 2018", "Åsele 2016"]}


def many_public(count, **fields):
    """``count`` municipalities of Norrbotten under one police area, each with one public
    promise titled "Löfte 000" onwards."""
    police = OrganisationFactory(name="Lokalpolisområde Norrbotten", police=True)
    return [
        PromiseFactory(
            slug=f"lofte-{n:03}",
            title=f"Löfte {n:03}",
            municipality=OrganisationFactory(
                name=f"Kommun {n:03}", municipality=True, county=County.NORRBOTTEN
            ),
            police_area=police,
            public=True,
            **fields,
        )
        for n in range(count)
    ]


def test_a_page_of_municipalities_at_a_time_the_groups_continuing_with_their_headings(client, db):
    many_public(PAGE_SIZE + 2)
    first = get(client)
    assert listed(first) == [f"Löfte {n:03}" for n in range(PAGE_SIZE)]
    assert f"{PAGE_SIZE + 2} kommuner" in first.text
    assert listing(first).headings[1:3] == [
        ("h2", "Norrbottens län"),
        ("h3", "Lokalpolisområde Norrbotten"),
    ]
    assert '<nav aria-label="Sidor">' in first.text
    assert 'aria-current="page"><span class="page-link">Sida 1 av 2</span>' in first.text
    assert 'href="?page=2"' in first.text
    second = get(client, page="2")
    assert listed(second) == [f"Löfte {n:03}" for n in range(PAGE_SIZE, PAGE_SIZE + 2)]
    assert "Sida 2 av 2" in second.text
    # The county and the police area go on from the page before: their headings again, so said.
    assert listing(second).headings[1:3] == [
        ("h2", "Norrbottens län (fortsättning)"),
        ("h3", "Lokalpolisområde Norrbotten (fortsättning)"),
    ]
    assert "fortsättning" not in first.text


def test_a_group_that_begins_on_a_page_does_not_say_it_continues(client, db):
    many_public(PAGE_SIZE)
    boden = OrganisationFactory(name="Bodens kommun", municipality=True, county=County.NORRBOTTEN)
    PromiseFactory(municipality=boden, police_area=OrganisationFactory(
        name="Lokalpolisområde Ö", police=True), title="Sist", public=True)  # fmt: skip
    second = get(client, page="2")
    assert listed(second) == ["Sist"]
    assert listing(second).headings[1:3] == [
        ("h2", "Norrbottens län (fortsättning)"),
        ("h3", "Lokalpolisområde Ö"),
    ]


def test_a_page_past_the_last_shows_the_last(client, db):
    many_public(3)
    response = get(client, page="99")
    assert response.status_code == 200
    assert len(listed(response)) == 3


def test_one_page_needs_no_page_links(client, nation):
    assert 'aria-label="Sidor"' not in get(client).text


def test_no_public_promise_yet(client, db):
    response = get(client)
    assert "0 kommuner" in response.text
    assert "Inget löfte är offentligt ännu." in response.text


@pytest.mark.parametrize(
    "search, current",
    [
        ("boden", ["Medborgarlöfte Boden", "Tryggare centrum"]),  # a municipality, a police area
        ("Lokalpolisområde Luleå", ["Kalix lovar", "Tryggare centrum"]),  # the police area
        ("centrum", ["Tryggare centrum"]),  # the current promise's title
        ("SKOLOR", ["Tryggare centrum"]),  # an older promise's title, in any case
        ("tryggare kommun", ["Tryggare centrum"]),  # every word, in one promise
        ("  gnesta  ", ["Gnesta tryggt"]),
        ("Stockholm", []),
    ],
)
def test_search_by_municipality_police_area_or_title(client, nation, search, current):
    response = get(client, q=search)
    assert response.status_code == 200
    assert listed(response) == current
    if not current:
        assert "Inget offentligt löfte matchar sökningen." in response.text


def test_a_search_for_an_older_title_shows_it_under_its_municipality(client, nation):
    assert listing(get(client, q="skolor")).others == {
        "Luleå kommun": ["Tryggare skolor", "Trygga gator"]
    }


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite folds the case of ASCII letters only"
)
def test_search_folds_the_case_of_swedish_letters(client, nation):
    assert listed(get(client, q="LULEÅ")) == ["Kalix lovar", "Tryggare centrum"]


def test_wildcards_in_a_search_are_plain_text(client, nation):
    assert listed(get(client, q="%")) == []
    assert listed(get(client, q="_")) == []


@pytest.mark.parametrize(
    "status, current",
    [
        ("active", ["Medborgarlöfte Boden", "Kalix lovar", "Tryggare centrum"]),
        ("upcoming", ["Umeå lovar igen"]),
        ("expired", ["Gnesta tryggt"]),  # of the current promise: Luleå's older ones are too
        ("extended", []),
        ("superseded", []),
    ],
)
def test_filter_by_the_status_of_the_current_promise(client, nation, status, current):
    response = get(client, status=status)
    assert response.status_code == 200
    assert listed(response) == current
    assert f'<option value="{status}" selected>' in response.text


def test_the_status_filter_offers_what_a_public_promise_can_be(client, nation):
    text = get(client).text
    select = text.split('id="id_status"')[1].split("</select>")[0]
    options = re.findall(r'<option value="([a-z]+)"', select)
    assert options == ["upcoming", "active", "extended", "superseded", "expired"]
    assert "draft" not in options


def test_filter_by_county(client, nation):
    response = get(client, county=County.VASTERBOTTEN)
    assert listed(response) == ["Umeå lovar igen"]
    assert '<option value="24" selected>Västerbottens län</option>' in response.text
    assert listed(get(client, county=County.NORRBOTTEN)) == CURRENT[1:4]
    assert listed(get(client, county=County.STOCKHOLM)) == []


def test_the_county_filter_offers_the_21_counties(client, nation):
    select = get(client).text.split('id="id_county"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\d\d)">', select) == [c.value for c in County]
    assert len(County) == 21


def test_filter_by_police_area(client, nation):
    north = Promise.objects.get(slug="lulea-2024").police_area
    response = get(client, police_area=north.pk)
    assert listed(response) == ["Kalix lovar", "Tryggare centrum"]
    assert f'<option value="{north.pk}" selected>Lokalpolisområde Luleå</option>' in response.text


def test_the_police_area_filter_offers_the_areas_with_public_promises(client, nation):
    select = get(client).text.split('id="id_police_area"')[1].split("</select>")[0]
    assert re.findall(r'<option value="\d+">([^<]+)</option>', select) == [
        "Lokalpolisområde Boden", "Lokalpolisområde Luleå", "Lokalpolisområde Strängnäs",
        "Lokalpolisområde Umeå",
    ]  # fmt: skip


def test_filters_and_search_together(client, nation):
    assert listed(get(client, q="kommun", county="25", status="active")) == CURRENT[1:4]
    assert listed(get(client, q="kalix", county="25", status="active")) == ["Kalix lovar"]
    assert listed(get(client, q="kalix", county="24")) == []


def test_the_pages_keep_the_search_and_the_filters(client, db):
    many_public(PAGE_SIZE + 1)
    response = get(client, q="löfte", status="active", county="25")
    assert 'href="?q=l%C3%B6fte&amp;status=active&amp;county=25&amp;page=2"' in response.text
    second = get(client, q="löfte", status="active", county="25", page="2")
    assert listed(second) == [f"Löfte {PAGE_SIZE:03}"]
    assert 'value="löfte"' in second.text
    assert '<option value="active" selected>' in second.text


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "bo\x00den"}, "Null-tecken är inte tillåtna."),
        ({"q": "x" * 101}, "som mest 100 tecken"),
        ({"status": "everything"}, "Välj ett giltigt alternativ."),
        ({"status": "draft"}, "Välj ett giltigt alternativ."),  # never public
        ({"status": "\x00"}, "Välj ett giltigt alternativ."),
        ({"county": "99"}, "Välj ett giltigt alternativ."),
        ({"county": "Norrbotten"}, "Välj ett giltigt alternativ."),
        ({"police_area": "abc"}, "Välj ett giltigt alternativ."),
        ({"police_area": "999999"}, "Välj ett giltigt alternativ."),
        ({"police_area": "9" * 30}, "Välj ett giltigt alternativ."),
        ({"police_area": "\x00"}, "Välj ett giltigt alternativ."),
    ],
)
def test_a_search_that_cannot_be_read_is_a_400_saying_what_to_correct(
    client, nation, params, message
):
    response = get(client, **params)
    assert response.status_code == 400
    assert message in response.text
    assert "Sökningen gick inte att läsa." in response.text
    assert listed(response) == []
    (name,) = params
    assert f'aria-describedby="id_{name}' in response.text  # the error is read with the field
    assert f'<div id="id_{name}_error" class="invalid-feedback">' in response.text
    assert 'aria-invalid="true"' in response.text


def test_a_police_area_without_public_promises_is_not_a_choice(client, nation):
    unseen = Promise.objects.get(slug="hemliga-2025").police_area
    assert get(client, police_area=unseen.pk).status_code == 400


@pytest.mark.parametrize("value", ["0", "-1", "två", "1.5", "\x00"])
def test_a_page_number_that_is_not_one_is_a_400(client, nation, value):
    assert get(client, page=value).status_code == 400


@pytest.mark.parametrize("size", [3, 60])
@pytest.mark.parametrize("signed_in, queries", [(False, 3), (True, 6)])
@pytest.mark.parametrize("filtered", [False, True])
def test_queries_do_not_grow_with_the_number_of_promises_or_municipalities(
    client, db, admin_user, django_assert_num_queries, size, signed_in, queries, filtered
):
    """The police areas offered, the listed municipalities' keys, and every public promise of
    the page's municipalities: three queries (three more signed in: the session, the user, the
    menu's promises)."""
    promises = many_public(size)
    for promise in promises[::2]:  # half of them replaced: the status reads the successor
        PromiseFactory(
            replaces=promise, municipality=promise.municipality, valid_from=D(2026, 1, 1),
            valid_until=D(2027, 12, 31), public=True,
        )  # fmt: skip
    if signed_in:
        client.force_login(admin_user)
    params = {"q": "Kommun", "status": "active", "county": "25"} if filtered else {}
    with django_assert_num_queries(queries):
        response = get(client, **params)
    page = listing(response)
    assert len(page.current) == min(size, PAGE_SIZE)
    assert len(page.others) == len(promises[:PAGE_SIZE:2])


class Outline(HTMLParser):
    """The headings, the labelled controls and the landmarks of a page."""

    def __init__(self):
        super().__init__()
        self.headings, self.labels, self.controls, self.roles = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label":
            self.labels.add(attrs.get("for"))
        if tag in ("input", "select") and attrs.get("type") != "hidden":
            self.controls.append(attrs.get("id"))
        if tag in ("main", "nav", "header", "footer") or attrs.get("role"):
            self.roles.append(attrs.get("role") or tag)


def test_the_page_is_accessible_without_scripts(client, nation):
    many_public(PAGE_SIZE + 1)
    outline = Outline()
    outline.feed(get(client).text)
    main = outline.headings
    assert main.count(1) == 1 and main[0] == 1
    # Headings in order: none skips a level on the way down.
    assert all(b <= a + 1 for a, b in zip(main, main[1:], strict=False))
    assert outline.controls == ["id_q", "id_status", "id_county", "id_police_area"]
    assert set(outline.controls) <= outline.labels
    assert {"header", "main", "search", "nav", "footer"} <= set(outline.roles)


def chosen(day):
    """The ids :func:`current_ids` chooses on ``day``."""
    return set(Promise.objects.filter(pk__in=current_ids(day)).values_list("pk", flat=True))


def reference_current(promises, day):
    """The rule of the current promise, in Python over every public promise: the one in force
    (latest start), else the next to start, else the latest to have started."""
    by_municipality = {}
    for promise in promises:
        if promise.published and promise.public:
            by_municipality.setdefault(promise.municipality_id, []).append(promise)
    chosen = set()
    for candidates in by_municipality.values():
        in_force = [p for p in candidates if p.is_in_force_on(day)]
        coming = [p for p in candidates if p.valid_from > day]
        if in_force:
            pick = max(in_force, key=lambda p: (p.valid_from, p.pk))
        elif coming:
            pick = min(coming, key=lambda p: (p.valid_from, -p.pk))
        else:
            pick = max(candidates, key=lambda p: (p.valid_from, p.pk))
        chosen.add(pick.pk)
    return chosen


def test_current_ids_agree_with_the_rule_on_every_boundary(db):
    """In force (also extended until a successor starts, also when that successor is published
    but not public), else upcoming (the soonest), else the latest: the SQL of ``current_ids``
    against the rule in Python."""

    def town(name, *specs):
        municipality = OrganisationFactory(name=name, municipality=True)
        made = []
        for spec in specs:
            spec = dict(spec)
            if spec.pop("replaces_previous", False):
                spec["replaces"] = made[-1]
            made.append(PromiseFactory(municipality=municipality, **spec))
        return made

    def year(y, **fields):
        return {"valid_from": D(y, 1, 1), "valid_until": D(y, 12, 31), "public": True, **fields}

    town("Kedja", year(2023), year(2024, replaces_previous=True),
         year(2025, replaces_previous=True))  # fmt: skip
    town("Förlängd", year(2023, until_superseded=True),
         year(2025, valid_from=D(2025, 7, 1), replaces_previous=True))  # fmt: skip
    town("Dold efterträdare", year(2023, until_superseded=True),
         year(2025, valid_from=D(2025, 3, 1), public=False, replaces_previous=True))  # fmt: skip
    town("Utkast efterträdare", year(2023, until_superseded=True),
         year(2025, valid_from=D(2025, 3, 1), published=False, replaces_previous=True))  # fmt: skip
    town("Två samtidigt", year(2025), year(2025, valid_from=D(2025, 2, 1)))
    town("Kommande", year(2020), year(2026), year(2027))
    town("Bara gamla", year(2019), year(2021), year(2018))
    town("Bara dold", year(2025, public=False))
    promises = list(Promise.objects.select_related("municipality").prefetch_related("successors"))
    days = [D(2023, 12, 31), D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), D(2025, 2, 28),
            D(2025, 3, 1), D(2025, 6, 30), D(2025, 7, 1), D(2025, 12, 31), D(2026, 1, 1),
            D(2027, 6, 1), D(2028, 1, 1)]  # fmt: skip
    for day in days:
        expected = reference_current(promises, day)
        assert chosen(day) == expected, day
    # The cases the rule is for, on 2025-06-15.
    names = {
        p.municipality.name: p.valid_from
        for p in Promise.objects.filter(pk__in=current_ids(TODAY)).select_related("municipality")
    }
    assert names == {
        "Kedja": D(2025, 1, 1),
        "Förlängd": D(2023, 1, 1),  # extended: its successor starts on 2025-07-01
        "Dold efterträdare": D(2023, 1, 1),  # superseded by one nobody outside sees: the latest
        "Utkast efterträdare": D(2023, 1, 1),  # a draft supersedes nothing: still in force
        "Två samtidigt": D(2025, 2, 1),  # the later start of the two in force
        "Kommande": D(2026, 1, 1),  # the next to start, not the one after it
        "Bara gamla": D(2021, 1, 1),
    }
    statuses = {p.municipality.name: p.status_on(TODAY) for p in promises if p.pk in
                chosen(TODAY)}  # fmt: skip
    assert statuses["Förlängd"] == PromiseStatus.EXTENDED
    assert statuses["Dold efterträdare"] == PromiseStatus.SUPERSEDED
    assert statuses["Kommande"] == PromiseStatus.UPCOMING


def test_filter_by_status_extended_and_superseded(client, db):
    """Each current promise followed by one published but not public: the first has not
    started (extended), the second has (superseded). Neither successor is listed."""
    extended = OrganisationFactory(name="Förlängda kommun", municipality=True)
    old = PromiseFactory(
        municipality=extended, title="Gäller tills vidare", valid_from=D(2023, 1, 1),
        valid_until=D(2024, 12, 31), until_superseded=True, public=True,
    )  # fmt: skip
    PromiseFactory(
        municipality=extended, replaces=old, title="Nästa", valid_from=D(2025, 9, 1),
        valid_until=D(2026, 12, 31),
    )  # fmt: skip
    replaced = OrganisationFactory(name="Ersatta kommun", municipality=True)
    first = PromiseFactory(
        municipality=replaced, title="Ersatt löfte", valid_from=D(2023, 1, 1),
        valid_until=D(2024, 12, 31), until_superseded=True, public=True,
    )  # fmt: skip
    PromiseFactory(
        municipality=replaced, replaces=first, title="Inte offentligt",
        valid_from=D(2025, 1, 1), valid_until=D(2026, 12, 31),
    )  # fmt: skip
    assert listed(get(client, status="extended")) == ["Gäller tills vidare"]
    assert listed(get(client, status="superseded")) == ["Ersatt löfte"]
    text = get(client).text
    assert "Nästa" not in text and "Inte offentligt" not in text


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


def test_names_and_titles_are_shown_as_text(client, db):
    """What the list writes in Python (an older promise's police area, the dates, the status) is
    escaped as the template escapes the rest."""
    town = OrganisationFactory(name="<b>Kommun</b>", municipality=True)
    PromiseFactory(
        municipality=town, title="<i>Nytt</i>", public=True,
        police_area=OrganisationFactory(name="Lokalpolisområde Ny", police=True),
    )  # fmt: skip
    PromiseFactory(
        municipality=town, title="Gammalt", public=True, valid_from=D(2020, 1, 1),
        valid_until=D(2021, 12, 31),
        police_area=OrganisationFactory(name="<script>alert(1)</script>", police=True),
    )  # fmt: skip
    text = get(client).text
    assert "<script>alert(1)</script>" not in text and "<b>Kommun</b>" not in text
    assert "· &lt;script&gt;alert(1)&lt;/script&gt; · " in text
    assert "&lt;b&gt;Kommun&lt;/b&gt;" in text and "&lt;i&gt;Nytt&lt;/i&gt;" in text
