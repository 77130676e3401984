"""Error pages: Swedish, in the site's layout, with a way back; JSON under /api/.

pytest-django runs with DEBUG off, as production does, so Django's handlers are in play.
"""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.error_urls")


def assert_site_layout(response):
    text = response.text
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="sv">' in text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert '<a class="site-name" href="/">Medborgarlöften</a>' in text
    assert '<a href="/">Gå till startsidan</a>' in text
    assert text.count("<h1>") == 1


@pytest.fixture
def anonymous(db):
    return Client(raise_request_exception=False)


@pytest.fixture
def signed_in(reviewer):
    client = Client(raise_request_exception=False)
    client.force_login(reviewer)
    return client


class TestBadRequest:
    def test_bad_parameter_is_the_400_page_with_its_message(self, anonymous):
        response = anonymous.get("/fail/bad/")
        assert response.status_code == 400
        assert_site_layout(response)
        assert "<title>Kontrollera adressen – Medborgarlöften</title>" in response.text
        assert "page måste vara ett heltal." in response.text
        assert '<a href="/fail/bad/">Öppna sidan som den är från början</a>' in response.text

    def test_the_page_is_the_same_with_debug_on(self, anonymous, settings):
        settings.DEBUG = True
        response = anonymous.get("/fail/bad/?page=x")
        assert response.status_code == 400
        assert "page måste vara ett heltal." in response.text
        assert "Traceback" not in response.text

    def test_a_date_outside_1900_to_2100_on_the_dashboard(self, signed_in, promise):
        response = signed_in.get(reverse("dashboard", args=[promise.slug]), {"as_of": "9999-12-31"})
        assert response.status_code == 400
        assert_site_layout(response)
        assert "as_of måste vara ett datum under åren 1900–2100, inte 9999-12-31." in response.text
        # The menu is there too: the page is the site's, for a signed-in user.
        assert 'aria-label="Huvudmeny"' in response.text

    def test_django_s_own_reasons_are_not_shown(self, anonymous):
        response = anonymous.get("/", HTTP_HOST="forged.example")
        assert response.status_code == 400
        assert_site_layout(response)
        assert "Adressen eller formuläret gick inte att läsa." in response.text
        assert "forged.example" not in response.text

    def test_is_json_under_api(self, anonymous):
        response = anonymous.get("/api/fail/bad/")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"error": "page måste vara ett heltal."}


class TestForbidden:
    def test_is_the_403_page(self, signed_in, promise):
        response = signed_in.get(reverse("activity_create", args=[promise.slug]))
        assert response.status_code == 403
        assert_site_layout(response)
        assert "<h1>Inte tillåtet</h1>" in response.text

    def test_is_json_under_api(self, anonymous):
        response = anonymous.get("/api/fail/denied/")
        assert response.status_code == 403
        assert response.json() == {"error": "Du får inte göra detta."}


class TestNotFound:
    def test_unknown_address_is_the_404_page_with_the_public_promises(self, anonymous):
        response = anonymous.get("/no/such/page/")
        assert response.status_code == 404
        assert_site_layout(response)
        assert "<h1>Sidan finns inte</h1>" in response.text
        assert '<a href="/promises/">Se de offentliga löftena</a>' in response.text

    def test_signed_in_users_keep_their_menu(self, signed_in):
        response = signed_in.get("/no/such/page/")
        assert response.status_code == 404
        assert 'aria-label="Huvudmeny"' in response.text
        assert "Logga ut" in response.text

    def test_a_hidden_promise_is_the_404_page(self, signed_in, db):
        response = signed_in.get(reverse("dashboard", args=["nowhere"]))
        assert response.status_code == 404
        assert "<h1>Sidan finns inte</h1>" in response.text

    @pytest.mark.parametrize("path", ["/api/fail/missing/", "/api/promises/nowhere/followup.json"])
    def test_is_json_under_api(self, anonymous, path):
        response = anonymous.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"error": "Hittades inte."}


class TestServerError:
    def test_an_unexpected_exception_is_the_500_page(self, anonymous):
        response = anonymous.get("/fail/boom/")
        assert response.status_code == 500
        assert_site_layout(response)
        assert "<h1>Något gick fel</h1>" in response.text
        assert "a bug" not in response.text

    def test_is_json_under_api(self, anonymous):
        response = anonymous.get("/api/fail/boom/")
        assert response.status_code == 500
        assert response.json() == {"error": "Något gick fel hos oss. Försök igen senare."}


@pytest.mark.parametrize("template", ["500.html", "403_csrf.html"])
def test_renders_without_request_or_database(template):
    # No db fixture: pytest-django fails any query. Django renders the 500 page with an empty
    # context, since the request or the database may be what failed.
    text = render_to_string(template)
    assert '<html lang="sv">' in text
    assert '<a href="/">Gå till startsidan</a>' in text
    assert "Logga ut" not in text


class TestCsrfFailure:
    def test_a_form_without_its_token_is_the_swedish_403_page(self, db):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("login"), {"username": "polis", "password": "x"})
        assert response.status_code == 403
        assert_site_layout(response)
        assert "<h1>Formuläret hade gått ut</h1>" in response.text

    def test_signing_out_with_a_stale_form(self, reviewer):
        client = Client(enforce_csrf_checks=True)
        client.force_login(reviewer)
        response = client.post(reverse("logout"))
        assert response.status_code == 403
        assert "Formuläret hade gått ut" in response.text
