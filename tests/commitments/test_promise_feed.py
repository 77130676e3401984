"""The Atom feed of a public promise, read as a feed reader reads it (feedparser)."""

import datetime
from xml.etree import ElementTree

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from commitments.views import feeds
from tests.factories import ActivityFactory, PromiseFactory

from . import open_data_world
from .open_data_world import HIDDEN, STAFF_NAMES

today, world = open_data_world.today, open_data_world.world  # the fixtures

D = datetime.date
TRAFFIC = "Trafikkontroller på ”rätt tid och plats”"
PAGE = "http://testserver/promises/lofte/commitments/"
ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(client, slug="lofte"):
    response = client.get(reverse("promise_feed", args=[slug]))
    assert response.status_code == 200, response.status_code
    return response


def read(client, slug="lofte"):
    return feedparser.parse(fetch(client, slug).content)


def published(entry):
    """The entry's date as written (its local date), not as feedparser turns it into UTC."""
    return entry.published[:10]


def entry_titled(feed, title, day):
    found = [e for e in feed.entries if e.title == title and published(e) == day]
    assert len(found) == 1, [(e.title, published(e)) for e in feed.entries]
    return found[0]


class TestTheFeed:
    def test_it_is_well_formed_atom(self, client, world):
        response = fetch(client)
        assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert feed.feed.title == world["promise"].title
        assert feed.feed.id.startswith("tag:") and feed.feed.id.endswith(":lofte/feed")
        assert feed.feed.updated
        assert feed.feed.language == "sv"
        links = {link.rel: link.href for link in feed.feed.links}
        assert links == {
            "alternate": "http://testserver/promises/lofte/",
            "self": "http://testserver/promises/lofte/feed/",
        }
        assert [a.name for a in feed.feed.authors] == [
            "Lokalpolisområde Piteå älvdal",
            "Älvsbyns kommun",
        ]
        assert feed.feed.subtitle == (
            "Vad Lokalpolisområde Piteå älvdal och Älvsbyns kommun har gjort för "
            "medborgarlöftet, och vilka av dess åtaganden som uppfyllts eller missats."
        )

    def test_it_has_what_rfc_4287_requires(self, client, world):
        """atom:feed and each atom:entry: exactly one id, title and updated; an author (the
        feed's stands for its entries); an alternate link; ids that are absolute IRIs."""
        root = ElementTree.fromstring(fetch(client).content)
        assert root.tag == f"{ATOM}feed"
        for element in (root, *root.findall(f"{ATOM}entry")):
            for name in ("id", "title", "updated"):
                assert len(element.findall(f"{ATOM}{name}")) == 1, name
            assert element.find(f"{ATOM}id").text.startswith("tag:")
            alternate = [
                link for link in element.findall(f"{ATOM}link") if link.get("rel") == "alternate"
            ]
            assert len(alternate) == 1
            updated = element.find(f"{ATOM}updated").text
            assert datetime.datetime.fromisoformat(updated).tzinfo is not None
        assert root.findall(f"{ATOM}author/{ATOM}name")
        # 3 activities; traffic: 2024's four quarters missed, 2025's Q1 met, Q2 and Q3 missed;
        # dog searches: 2024 missed, 2025 met; the concept done.
        assert len(root.findall(f"{ATOM}entry")) == 3 + 7 + 2 + 1

    def test_every_entry_has_an_id_a_title_a_date_and_a_link(self, client, world):
        feed = read(client)
        assert feed.entries
        for entry in feed.entries:
            assert entry.id.startswith("tag:")
            assert entry.title and entry.updated and entry.published
            assert entry.link.startswith(PAGE)
        ids = [entry.id for entry in feed.entries]
        assert len(ids) == len(set(ids))

    def test_the_latest_first(self, client, world):
        days = [published(entry) for entry in read(client).entries]
        assert days == sorted(days, reverse=True)
        assert days[0] == "2025-10-01"  # the third quarter's miss; nothing after today

    def test_its_updated_is_its_latest_entry_s(self, client, world):
        feed = read(client)
        assert feed.feed.updated == max(entry.updated for entry in feed.entries)

    def test_a_feed_with_no_entry_is_dated_by_the_promise(self, client, db, today):
        PromiseFactory(slug="tomt", public=True, valid_from=D(2025, 10, 1))
        feed = read(client, "tomt")
        assert not feed.bozo and feed.entries == []
        assert feed.feed.updated.startswith("2025-10-20")


class TestEntries:
    def test_a_published_activity(self, client, world):
        entry = entry_titled(read(client), f"Trafikkontroll – Trafik: {TRAFFIC}", "2025-01-10")
        assert entry.id.endswith(f":lofte/activity/{world['activities']['jan'].pk}")
        assert entry.link == PAGE + "trafik-kontroller/"
        assert entry.summary == (
            "<p>Kontroll vid E4 norrut.</p><p>Datum: 2025-01-10</p><p>Plats: E4 norr</p>"
            "<p>Genomförd av: Lokalpolisområde Piteå älvdal</p>"
        )

    def test_each_published_activity_once(self, client, world):
        titles = [e.title for e in read(client).entries]
        assert titles.count(f"Trafikkontroll – Trafik: {TRAFFIC}") == 3

    def test_a_met_period_on_the_day_its_target_was_reached(self, client, world):
        entry = entry_titled(read(client), f"Uppfyllt – Trafik: {TRAFFIC}", "2025-02-15")
        assert (
            entry.summary == "<p>Målet för kvartal 1 2025 nåddes 2025-02-15: 2 av 2 kontroller.</p>"
        )
        assert entry.link == PAGE + "trafik-kontroller/"
        assert entry.id.endswith(f"/commitment/{world['traffic'].pk}/period/2025-01-01/met")

    def test_a_missed_period_the_day_after_its_end(self, client, world):
        entry = entry_titled(read(client), f"Missat – Trafik: {TRAFFIC}", "2025-07-01")
        # The submitted and the returned check of May do not count.
        assert entry.summary == (
            "<p>Perioden kvartal 2 2025 slutade 2025-06-30 med 1 av 2 kontroller.</p>"
        )

    def test_a_done_milestone_on_its_completing_activity_s_day(self, client, world):
        entry = entry_titled(
            read(client), "Klart – Narkotika: Utarbeta konceptet huskurage", "2025-05-05"
        )
        assert entry.summary == "<p>Milstolpen nåddes 2025-05-05.</p>"
        assert entry.link == PAGE + "koncept/"

    def test_an_unpublished_commitment_is_met_without_a_word_of_its_activities(self, client, world):
        response = fetch(client)
        feed = feedparser.parse(response.content)
        entry = entry_titled(feed, "Uppfyllt – Narkotika: Hundsök i skolan", "2025-03-03")
        assert entry.summary == "<p>Målet för 2025 nåddes 2025-03-03: 1 av 1 hundsök.</p>"
        assert not [e for e in feed.entries if e.title.startswith("Aktivitet")]
        text = response.content.decode()
        for hidden in HIDDEN:
            assert hidden not in text

    def test_no_staff_name_anywhere(self, client, world):
        text = fetch(client).content.decode().lower()
        for name in STAFF_NAMES:
            assert name.lower() not in text

    def test_at_most_max_entries_the_latest(self, client, world, monkeypatch):
        monkeypatch.setattr(feeds, "MAX_ENTRIES", 3)
        feed = read(client)
        assert [published(e) for e in feed.entries] == ["2025-10-01", "2025-07-01", "2025-05-05"]

    def test_in_english_when_chosen(self, client, world):
        client.cookies["django_language"] = "en"
        feed = read(client)
        entry_titled(feed, f"Met – Trafik: {TRAFFIC}", "2025-02-15")
        assert feed.feed.language == "en"


class TestChanges:
    def test_built_once_per_change_and_a_change_is_seen_at_once(
        self, client, world, django_assert_num_queries
    ):
        first = fetch(client).content
        with django_assert_num_queries(1):  # the promise with its stamp
            assert fetch(client).content == first
        ActivityFactory(
            commitment=world["traffic"], occurred_on=D(2025, 10, 2), kind="trafikkontroll",
            description="Kontroll i oktober.",
        )  # fmt: skip
        feed = feedparser.parse(fetch(client).content)
        assert feed.entries[0].title == f"Trafikkontroll – Trafik: {TRAFFIC}"
        assert "Kontroll i oktober." in feed.entries[0].summary

    def test_ids_stay_the_same(self, client, world):
        before = {e.id: e.title for e in read(client).entries}
        ActivityFactory(
            commitment=world["traffic"], occurred_on=D(2025, 10, 2), kind="trafikkontroll",
            description="Kontroll i oktober.",
        )  # fmt: skip
        after = {e.id: e.title for e in read(client).entries}
        assert len(after) == len(before) + 1
        assert all(after[uid] == title for uid, title in before.items())

    def test_an_edited_activity_is_updated_but_keeps_its_place(self, client, world, time_machine):
        activity = world["activities"]["jan"]
        time_machine.move_to(datetime.datetime(2025, 10, 20, 15, 0), tick=False)
        activity.description = "Kontroll vid E4 söderut."
        activity.save()
        entry = entry_titled(read(client), f"Trafikkontroll – Trafik: {TRAFFIC}", "2025-01-10")
        assert "söderut" in entry.summary
        assert entry.updated.startswith("2025-10-20")


class TestWhoMayRead:
    def test_a_promise_that_is_not_public_is_not_found_for_anyone(
        self, world, police_reporter, admin_user
    ):
        promise = world["promise"]
        promise.public = False
        promise.save()
        for user in (None, police_reporter, admin_user):
            client = Client()
            if user:
                client.force_login(user)
            response = client.get(reverse("promise_feed", args=["lofte"]))
            assert response.status_code == 404
            assert "Sidan finns inte" in response.text

    def test_a_draft_is_not_found(self, client, db):
        PromiseFactory(slug="utkast", public=True, draft=True)
        assert client.get(reverse("promise_feed", args=["utkast"])).status_code == 404

    @pytest.mark.parametrize("path", ["/promises/okand/feed/", "/promises/%C3%A5%00/feed/"])
    def test_an_unknown_or_malformed_address_is_the_swedish_404_page(self, client, db, path):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert '<html lang="sv">' in response.text and "Sidan finns inte" in response.text

    def test_only_get_and_head(self, client, world):
        url = reverse("promise_feed", args=["lofte"])
        assert client.head(url).status_code == 200
        for method in (client.post, client.put, client.delete, client.options):
            response = method(url)
            assert response.status_code == 405
            assert response["Allow"] == "GET, HEAD"


def test_built_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    """Built afresh (nothing cached), in as many queries however much the promise holds."""
    with django_assert_max_num_queries(9) as few:
        fetch(client)
    for n in range(5):
        ActivityFactory(
            commitment=world["traffic"], occurred_on=D(2025, 6, 1 + n), kind="trafikkontroll"
        )
        ActivityFactory(commitment=world["dogs"], occurred_on=D(2024, 6, 1 + n))
    with django_assert_max_num_queries(len(few)):
        fetch(client)
