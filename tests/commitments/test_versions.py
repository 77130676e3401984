"""No lost update: a change made in a form opened before someone else's save (or an erasure) is
refused, both versions are shown, and nothing is saved over."""

import pytest
from django.test import Client
from django.urls import reverse

from commitments.erasure import erase_text
from commitments.models import Activity, Commitment, Promise, StaleVersion
from tests.commitments.erasure import NAME, history_texts
from tests.commitments.test_admin import form_data

CHANGED_BY_ANOTHER = "Någon annan har ändrat aktiviteten sedan du öppnade den."


def signed_in(user):
    """A browser of its own, for the other person."""
    client = Client()
    client.force_login(user)
    return client


class TestModel:
    def test_every_save_counts_a_version(self, police_activity):
        assert police_activity.version == 1
        police_activity.save()
        police_activity.quantity = 2
        police_activity.save(update_fields=["quantity"])
        assert police_activity.version == 3
        assert Activity.objects.get(pk=police_activity.pk).version == 3

    def test_a_save_opened_at_an_older_version_writes_nothing(self, police_activity):
        mine, theirs = (Activity.objects.get(pk=police_activity.pk) for _ in range(2))
        theirs.description = "Deras."
        theirs.save()
        records = police_activity.history.count()

        mine.opened_version, mine.description = 1, "Min."
        with pytest.raises(StaleVersion):
            mine.save()
        police_activity.refresh_from_db()
        assert (police_activity.description, police_activity.version) == ("Deras.", 2)
        assert police_activity.history.count() == records

    def test_an_activity_deleted_since_is_not_brought_back(self, police_activity):
        mine = Activity.objects.get(pk=police_activity.pk)
        police_activity.delete()
        mine.opened_version = 1
        with pytest.raises(StaleVersion) as refused:
            mine.save()
        assert refused.value.current() is None
        assert not Activity.objects.exists()

    def test_an_erasure_counts_as_a_change(self, named, admin_user):
        before = Activity.objects.get(pk=named.pk).version
        erase_text(named.pk, NAME, reason="Namn på en privatperson.", user=admin_user)
        assert Activity.objects.get(pk=named.pk).version == before + 1


class TestActivityForm:
    @pytest.fixture
    def url(self, promise, police_activity):
        return reverse("activity_edit", args=[promise.slug, police_activity.pk])

    def opened(self, client, url):
        """The form's data as a browser gets it: what is saved now, and its version."""
        form = client.get(url).context["form"]
        data = {name: form[name].value() for name in form.fields}
        return {name: value for name, value in data.items() if value not in (None, False)}

    def test_a_save_over_a_change_made_since_is_refused_with_both_versions(
        self, client, url, police_activity, police_reporter, admin_user
    ):
        client.force_login(police_reporter)
        mine = self.opened(client, url)
        theirs = signed_in(admin_user)
        other = self.opened(theirs, url) | {"description": "Möte med socialtjänsten."}
        assert theirs.post(url, other).status_code == 302

        response = client.post(url, mine | {"quantity": "3", "description": "Två möten."})
        assert response.status_code == 409
        assert CHANGED_BY_ANOTHER in response.text
        assert "Dina ändringar sparades inte." in response.text
        rows = [(r.label, r.yours, r.current) for r in response.context["conflict"]["rows"]]
        assert rows == [
            ("Antal", "3", "1"),
            ("Beskrivning", "Två möten.", "Möte med socialtjänsten."),
        ]
        assert "Din version (inte sparad)" in response.text
        police_activity.refresh_from_db()
        assert (police_activity.quantity, police_activity.description, police_activity.version) == (
            1,
            "Möte med socialtjänsten.",
            2,
        )

    def test_the_current_version_is_offered_to_change_again(
        self, client, url, police_activity, police_reporter, admin_user
    ):
        client.force_login(police_reporter)
        mine = self.opened(client, url)
        theirs = signed_in(admin_user)
        theirs.post(url, self.opened(theirs, url) | {"description": "Möte med socialtjänsten."})
        refused = client.post(url, mine | {"quantity": "3"})

        form = refused.context["form"]
        assert form["description"].value() == "Möte med socialtjänsten."
        assert form["opened_version"].value() == 2
        again = {name: form[name].value() for name in form.fields} | {"quantity": "3"}
        again = {name: value for name, value in again.items() if value is not None}
        assert client.post(url, again).status_code == 302
        police_activity.refresh_from_db()
        assert (police_activity.quantity, police_activity.description) == (
            3,
            "Möte med socialtjänsten.",
        )

    def test_a_form_opened_before_an_erasure_cannot_put_the_text_back(
        self, client, promise, named, police_reporter, admin_user
    ):
        url = reverse("activity_edit", args=[promise.slug, named.pk])
        client.force_login(police_reporter)
        mine = self.opened(client, url)
        assert NAME in mine["description"]
        erase_text(named.pk, NAME, reason="Namn på en privatperson.", user=admin_user)

        response = client.post(url, mine | {"quantity": "4"})
        assert response.status_code == 409
        named.refresh_from_db()
        assert NAME not in named.description and named.quantity == 2
        assert not any(NAME in text for text in history_texts(named.pk))

    def test_a_form_without_its_version_is_refused(
        self, client, url, police_activity, police_reporter
    ):
        client.force_login(police_reporter)
        data = self.opened(client, url) | {"quantity": "3"}
        del data["opened_version"]
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Formuläret anger inte vilken version det öppnades vid." in response.text
        police_activity.refresh_from_db()
        assert (police_activity.quantity, police_activity.version) == (1, 1)

    def test_version_counts_are_not_history(
        self, client, url, promise, police_activity, police_reporter
    ):
        client.force_login(police_reporter)
        client.post(url, self.opened(client, url) | {"quantity": "3"})
        page = client.get(reverse("activity_detail", args=[promise.slug, police_activity.pk]))
        assert "Antal: 1 → 3" in page.text
        assert "Version" not in page.text


@pytest.fixture
def alvsbyn(db):
    from commitments.demo import PROMISE_FILE
    from commitments.promise_files import import_promise

    return import_promise(PROMISE_FILE.read_bytes())


class TestAdmin:
    """The admin's change pages of promises, commitments and activities, and a promise page's
    commitment rows, check the version they were opened at."""

    @pytest.fixture
    def admins(self, client, admin_user):
        from tests.factories import UserFactory

        client.force_login(admin_user)
        return client, signed_in(UserFactory(username="admin2", admin=True))

    def test_promise(self, admins, alvsbyn):
        mine, theirs = admins
        url = reverse("admin:commitments_promise_change", args=[alvsbyn.pk])
        opened = form_data(mine.get(url))
        assert (
            theirs.post(url, form_data(theirs.get(url)) | {"title": "Nytt namn"}).status_code == 302
        )

        response = mine.post(url, opened | {"summary": "Min sammanfattning."})
        assert response.status_code == 409
        assert "Någon annan har ändrat löftet sedan du öppnade det." in response.text
        rows = {r.label: (r.yours, r.current) for r in response.context["conflict"]["rows"]}
        assert rows["Rubrik"] == ("Medborgarlöfte Älvsbyn", "Nytt namn")
        assert rows["Sammanfattning"][0] == "Min sammanfattning."
        promise = Promise.objects.get(pk=alvsbyn.pk)
        assert promise.title == "Nytt namn" and promise.summary != "Min sammanfattning."
        assert url in response.text  # the way to the current version

    def test_commitment(self, admins, alvsbyn):
        mine, theirs = admins
        commitment = alvsbyn.commitments.get(key="narkotika-hundsok")
        url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
        opened = form_data(mine.get(url))
        theirs.post(url, form_data(theirs.get(url)) | {"text": "Deras text."})

        response = mine.post(url, opened | {"quota_target": "5"})
        assert response.status_code == 409
        assert "Någon annan har ändrat åtagandet sedan du öppnade det." in response.text
        commitment.refresh_from_db()
        assert (commitment.text, commitment.quota_target) == ("Deras text.", 2)

    def test_a_commitment_row_of_the_promise_page(self, admins, alvsbyn):
        mine, theirs = admins
        commitment = alvsbyn.commitments.get(key="narkotika-hundsok")
        url = reverse("admin:commitments_promise_change", args=[alvsbyn.pk])
        opened = form_data(mine.get(url))
        own = reverse("admin:commitments_commitment_change", args=[commitment.pk])
        theirs.post(own, form_data(theirs.get(own)) | {"text": "Deras text."})

        row = next(k.split("-")[1] for k, v in opened.items() if v == "narkotika-hundsok")
        response = mine.post(
            url, opened | {f"commitments-{row}-quota_target": "3", "title": "Mitt namn"}
        )
        assert response.status_code == 409
        assert "Någon annan har ändrat åtagandet sedan du öppnade det." in response.text
        commitment.refresh_from_db()
        assert (commitment.text, commitment.quota_target) == ("Deras text.", 2)
        assert (
            Promise.objects.get(pk=alvsbyn.pk).title == "Medborgarlöfte Älvsbyn"
        )  # all or nothing

    def test_a_row_changed_since_is_not_put_back(self, admins, alvsbyn):
        # The admin saves every row that differs from what is saved now: a row the other person
        # changed would be saved back as it was opened. It is refused instead.
        mine, theirs = admins
        commitment = alvsbyn.commitments.get(key="narkotika-hundsok")
        url = reverse("admin:commitments_promise_change", args=[alvsbyn.pk])
        opened = form_data(mine.get(url))
        own = reverse("admin:commitments_commitment_change", args=[commitment.pk])
        theirs.post(own, form_data(theirs.get(own)) | {"quota_target": "4"})

        response = mine.post(url, opened | {"title": "Mitt namn"})
        assert response.status_code == 409
        assert Commitment.objects.get(pk=commitment.pk).quota_target == 4
        assert Promise.objects.get(pk=alvsbyn.pk).title == "Medborgarlöfte Älvsbyn"

    def test_a_row_saved_unchanged_since_does_not_stop_the_page(self, admins, alvsbyn):
        mine, theirs = admins
        commitment = alvsbyn.commitments.get(key="narkotika-hundsok")
        url = reverse("admin:commitments_promise_change", args=[alvsbyn.pk])
        opened = form_data(mine.get(url))
        own = reverse("admin:commitments_commitment_change", args=[commitment.pk])
        assert theirs.post(own, form_data(theirs.get(own))).status_code == 302
        assert Commitment.objects.get(pk=commitment.pk).version == 2

        assert mine.post(url, opened | {"title": "Mitt namn"}).status_code == 302
        assert Promise.objects.get(pk=alvsbyn.pk).title == "Mitt namn"
        assert Commitment.objects.get(pk=commitment.pk).version == 2  # not saved again

    def test_activity(self, admins, police_activity):
        mine, theirs = admins
        url = reverse("admin:commitments_activity_change", args=[police_activity.pk])
        opened = form_data(mine.get(url))
        theirs.post(url, form_data(theirs.get(url)) | {"quantity": "2"})

        response = mine.post(url, opened | {"description": "Min text."})
        assert response.status_code == 409
        assert CHANGED_BY_ANOTHER in response.text
        police_activity.refresh_from_db()
        assert (police_activity.quantity, police_activity.description) == (
            2,
            "Möte med kvinnojouren.",
        )
