"""Signing in and out, changing the password, choosing the language."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="polis", password="rätt-lösenord-123")


def sign_in(client, password, username="polis"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_page_is_swedish(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="sv">' in response.text
    assert "<title>Logga in – Medborgarlöften</title>" in response.text
    assert "Användarnamn" in response.text


def test_sign_in_goes_to_what_there_is_to_do(client, user):
    response = sign_in(client, "rätt-lösenord-123")
    assert response["Location"] == reverse("todo")


def test_wrong_password_is_explained_in_swedish(client, user):
    response = sign_in(client, "fel")
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord." in response.text


def test_repeated_failures_lock_the_username_out(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "fel")
    response = sign_in(client, "rätt-lösenord-123")
    assert response.status_code == 429
    assert "För många försök" in response.text


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_user_name_longer_than_any_users_is_refused_before_it_is_tried(client, user, url):
    # django-axes records a failed name in a 255-character column: a 500 on PostgreSQL.
    response = client.post(url, {"username": "u" * 300, "password": "fel"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "Säkerställ att detta värde har som mest 150 tecken (den har 300)."
    ]
    assert "Säkerställ att detta värde har som mest 150 tecken (den har 300)." in response.text
    assert not AccessAttempt.objects.exists()


def test_a_user_name_of_150_characters_is_tried(client, user):
    client.post(reverse("login"), {"username": "u" * 150, "password": "fel"})
    assert AccessAttempt.objects.get().username == "u" * 150


def test_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("activity_list", args=["lofte"]))
    assert response["Location"] == f"{reverse('login')}?next=/promises/lofte/activities/"


def test_sign_out_is_a_post(client, user):
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("password_change")).status_code == 302


def test_password_change(client, user):
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert "Byt lösenord" in page.text
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "rätt-lösenord-123",
            "new_password1": "ett-nytt-langt-losenord",
            "new_password2": "ett-nytt-langt-losenord",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("ett-nytt-langt-losenord")


def test_english_can_be_chosen_and_swedish_is_the_default(client, db):
    assert "Logga in" in client.get(reverse("login")).text
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response["Location"] == reverse("login")
    page = client.get(reverse("login"))
    assert '<html lang="en">' in page.text and "Sign in" in page.text


def test_browser_language_does_not_switch_the_app_to_english(client, db):
    page = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="sv">' in page.text


def test_pages_forbid_inline_scripts_and_other_origins(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
